// ECharts options of the 就业状况 page (pure: documents in, option out). Like the
// insights charts, tooltips render as rich text on the canvas, so no data becomes
// markup and the page's CSP holds. Each builder returns an option or null.

import { monthlyFlows, onAxis, periodAxis, round } from './employment_data.js';

const COLORS = ['#1456b8', '#12794a', '#a3520a', '#7a4cc2', '#d14b00'];
const FORECAST_COLOR = '#7a4cc2';

function base(unit) {
  return {
    animation: false,
    color: COLORS,
    tooltip: { renderMode: 'richText', trigger: 'axis', confine: true },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    yAxis: { type: 'value', name: unit, scale: true },
  };
}

// A vertical line at each declared break on the axis: the two sides are not
// comparable (a break after the last observation, like a suspension, has no
// place on it; the gap in the line shows it).
function breakLines(axis, allBreaks) {
  const breaks = allBreaks.filter((b) => axis.includes(b.period));
  if (!breaks.length) return undefined;
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed', color: '#b42318' },
    label: { color: '#b42318' },
    // Labelled with the period (the card says what changed), alternating
    // above and inside so two close breaks stay readable.
    data: breaks.map((b, i) => ({
      xAxis: b.period,
      label: { formatter: b.period, position: i % 2 ? 'insideEndBottom' : 'end' },
    })),
  };
}

// The forecast's point line and its 80 % / 95 % bands on `axis`: each band is a
// transparent lower line with the band's width stacked on it.
function forecastSeries(axis, forecast) {
  const at = (field) => onAxis(axis, forecast.map((f) => ({ period: f.period, value: f[field] })));
  const width = (lo, hi) => at(hi).map((v, i) => (v === null ? null : round(v - at(lo)[i], 6)));
  const hidden = { opacity: 0 };
  const band = (name, lo, hi, opacity) => [
    { type: 'line', name, stack: name, data: at(lo), lineStyle: hidden, symbol: 'none',
      tooltip: { show: false }, silent: true },
    { type: 'line', name, stack: name, data: width(lo, hi), lineStyle: hidden, symbol: 'none',
      areaStyle: { color: FORECAST_COLOR, opacity }, tooltip: { show: false }, silent: true },
  ];
  return [
    ...band('95% 区间', 'lower95', 'upper95', 0.12),
    ...band('80% 区间', 'lower80', 'upper80', 0.22),
    { type: 'line', name: '预测', data: at('value'), symbol: 'none',
      lineStyle: { type: 'dashed', color: FORECAST_COLOR }, itemStyle: { color: FORECAST_COLOR } },
  ];
}

function withForecastAxis(axis, forecast) {
  return forecast ? periodAxis(axis.map((period) => ({ period })), forecast.forecast) : axis;
}

// Lines of several series on one period axis (never joined across a gap or
// from one series to another), the breaks of every series marked, and the
// forecast of the first series when there is one.
export function linesChart(docs, { unit, forecast = null, names = null } = {}) {
  const present = docs.filter(Boolean);
  if (!present.length) return null;
  const axis = withForecastAxis(periodAxis(...present.map((d) => d.observations)), forecast);
  const breaks = present.flatMap((d) => d.breaks || []);
  const series = present.map((doc, i) => ({
    type: 'line',
    name: names ? names[docs.indexOf(doc)] : doc.title,
    data: onAxis(axis, doc.observations),
    connectNulls: false,
    symbolSize: 4,
    markLine: i === 0 ? breakLines(axis, breaks) : undefined,
  }));
  if (forecast) series.push(...forecastSeries(axis, forecast.forecast));
  return { ...base(unit || present[0].unit), xAxis: { type: 'category', data: axis }, series };
}

// A year-to-date series drawn as monthly flows (bars), with the forecast of the flows.
export function flowsChart(doc, { forecast = null } = {}) {
  if (!doc) return null;
  const flows = monthlyFlows(doc.observations);
  const axis = withForecastAxis(periodAxis(flows), forecast);
  const series = [{ type: 'bar', name: '当月新增（由累计值相减）', data: onAxis(axis, flows),
                    barMaxWidth: 10 }];
  if (forecast) series.push(...forecastSeries(axis, forecast.forecast));
  return { ...base(doc.unit), xAxis: { type: 'category', data: axis }, series };
}

// Graduates per year: levels stacked, the total as a line (a year without the
// split still shows its total).
export function graduatesChart(levels, total, names) {
  const present = levels.filter(Boolean);
  if (!present.length && !total) return null;
  const axis = periodAxis(...present.map((d) => d.observations), total ? total.observations : []);
  const series = levels.map((doc, i) => (doc
    ? { type: 'bar', stack: 'levels', name: names[i], data: onAxis(axis, doc.observations) }
    : null)).filter(Boolean);
  if (total) {
    series.push({ type: 'line', name: '合计', data: onAxis(axis, total.observations),
                  symbolSize: 5 });
  }
  const unit = (present[0] || total).unit;
  return { ...base(unit), xAxis: { type: 'category', data: axis }, series };
}

// Employment rate and median income by major for one school and year.
export function reportsChart(rows) {
  if (!rows.length) return null;
  return {
    ...base('%'),
    tooltip: { renderMode: 'richText', trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: rows.map((r) => r.major || '全校') },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: '元/月', scale: true },
    ],
    series: [
      { type: 'bar', name: '就业率', data: rows.map((r) => r.employment_rate), barMaxWidth: 28 },
      { type: 'bar', name: '毕业去向落实率', data: rows.map((r) => r.placement_rate),
        barMaxWidth: 28 },
      { type: 'line', name: '月收入中位数', yAxisIndex: 1,
        data: rows.map((r) => (r.median_salary === undefined ? null : r.median_salary)) },
    ],
  };
}

// The same major across schools: employment rate per school.
export function comparisonChart(reports) {
  if (!reports.length) return null;
  const sorted = [...reports].sort((a, b) => a.employment_rate - b.employment_rate);
  return {
    ...base('%'),
    grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: sorted.map((r) => r.school) },
    series: [{ type: 'bar', name: '就业率', data: sorted.map((r) => r.employment_rate),
               barMaxWidth: 24, label: { show: true, position: 'right', formatter: '{c}%' } }],
  };
}
