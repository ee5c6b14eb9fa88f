// Entry module of the 就业状况 page (employment.html): official series from
// /api/v1/series, forecasts from /api/v1/insights/forecast (drawn only when the
// server answers with one), school reports from /api/v1/employment/reports.
// The URL holds the selected school and year.

import { ApiError, apiGet } from './lib/api.js';
import { $, clear, el, show } from './lib/dom.js';
import { comparisonChart, flowsChart, graduatesChart, linesChart, reportsChart }
  from './lib/employment_charts.js';
import { FORECAST_HORIZON, FORECAST_SERIES, SERIES, reportRows, sameMajorElsewhere, sourceLine }
  from './lib/employment_data.js';

const echarts = window.echarts;   // undefined when setup has not vendored it
const FREQUENCY = { M: '月度', Q: '季度', Y: '年度' };
const docs = new Map();           // series id → document
const forecasts = new Map();      // series id → forecast response
let reports = [];

function setStatus(message, isError = false) {
  const node = $('status');
  node.textContent = message || '';
  node.classList.toggle('status-error', isError);
  show(node, Boolean(message));
}

function render(id, option) {
  const node = $(id);
  if (!echarts) return;
  let chart = echarts.getInstanceByDom(node);
  if (!option) {
    if (chart) chart.dispose();
    node.dataset.empty = 'true';
    return;
  }
  delete node.dataset.empty;
  if (!chart) chart = echarts.init(node, null, { renderer: 'canvas' });
  chart.setOption(option, true);
}

const get = (id) => docs.get(id) || null;

// The API's model names (forecast/forecast.h) as a reader of the page says them.
const MODEL_LABELS = {
  seasonal_naive: '季节朴素法',
  ets_damped_additive: '阻尼趋势指数平滑（ETS）',
  ets_damped_additive_robust: '稳健阻尼趋势指数平滑（ETS）',
  seasonal_profile: '三年季节形态法',
  median_combination: '组合预测（四种方法的中位数）',
};

function forecastNote(id, nodeId) {
  const node = $(nodeId);
  const f = forecasts.get(id);
  show(node, Boolean(f));
  if (!f) return;
  const b = f.backtest || {};
  const fmt = (v) => (typeof v === 'number' ? v.toFixed(2) : '—');
  node.textContent = `预测：${MODEL_LABELS[f.model] || f.model}，基于截至 ${f.until} 的数据，未来 ${f.forecast.length} 期；` +
    `滚动回测 ${b.origins ?? '—'} 个起点，MASE ${fmt(b.mase)}（季节朴素 ${fmt(b.baseline_mase)}）。`;
}

function renderSeriesCharts() {
  const [national, cities] = SERIES.unemployment.map(get);
  render('chart-unemployment', linesChart([national, cities],
    { names: ['全国', '31 个大城市'], forecast: forecasts.get(SERIES.unemployment[0]) }));
  $('source-unemployment').textContent = sourceLine([national, cities]);
  forecastNote(SERIES.unemployment[0], 'forecast-unemployment');

  const youth = SERIES.youth.map(get);
  render('chart-youth', linesChart(youth, { names: ['含在校生（旧口径）', '不含在校生（新口径）'] }));
  $('source-youth').textContent = sourceLine(youth);

  const ytd = get(SERIES.newEmployment);
  render('chart-new-employment', flowsChart(ytd, { forecast: forecasts.get(SERIES.newEmployment) }));
  $('source-new-employment').textContent = sourceLine([ytd]);
  forecastNote(SERIES.newEmployment, 'forecast-new-employment');

  const levels = SERIES.graduates.map(get);
  const total = get(SERIES.graduatesTotal);
  render('chart-graduates', graduatesChart(levels, total, ['专科（高职）', '本科', '研究生']));
  $('source-graduates').textContent = sourceLine([total || levels.find(Boolean)]);

  const wages = get(SERIES.wages);
  render('chart-wages', linesChart([wages], { names: ['平均工资'] }));
  $('source-wages').textContent = sourceLine([wages]);
}

function renderSeriesTable(list) {
  const body = $('series-table').tBodies[0];
  clear(body);
  if (!list.length) {
    body.append(el('tr', {}, el('td', { colSpan: 6, className: 'muted' }, '暂无统计序列')));
    return;
  }
  for (const s of list) {
    const name = s.source.url ? el('a', { href: s.source.url, rel: 'noopener' }, s.name) : s.name;
    body.append(el('tr', {},
      el('td', {}, name, s.cumulative ? '（年内累计）' : ''),
      el('td', {}, s.unit),
      el('td', {}, FREQUENCY[s.frequency] || s.frequency),
      el('td', {}, s.first ? `${s.first} — ${s.last}` : ''),
      el('td', {}, s.source.agency || ''),
      el('td', {}, s.published_at || '')));
  }
}

// ------------------------------------------------------------ school reports

function selected() {
  const params = new URLSearchParams(window.location.search);
  const schools = [...new Set(reports.map((r) => r.school))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const school = schools.includes(params.get('school')) ? params.get('school') : schools[0];
  const years = [...new Set(reports.filter((r) => r.school === school).map((r) => r.year))]
    .sort((a, b) => b - a);
  const year = years.includes(Number(params.get('year'))) ? Number(params.get('year')) : years[0];
  return { schools, school, years, year };
}

function fillSelect(node, values, current) {
  clear(node);
  for (const v of values) node.append(el('option', { value: String(v), selected: v === current }, String(v)));
}

function percent(v) {
  return typeof v === 'number' ? `${v.toFixed(1)}%` : '—';
}

function renderReports() {
  const { schools, school, years, year } = selected();
  fillSelect($('f-school'), schools, school);
  fillSelect($('f-year'), years, year);
  const rows = school ? reportRows(reports, school, year) : [];
  render('chart-reports', reportsChart(rows));
  const body = $('reports-table').tBodies[0];
  clear(body);
  if (!rows.length) {
    body.append(el('tr', {}, el('td', { colSpan: 10, className: 'muted' }, '暂无就业质量报告')));
  }
  for (const r of rows) {
    const change = r.rate_change === null ? '—' : `${r.rate_change > 0 ? '+' : ''}${r.rate_change.toFixed(1)}`;
    body.append(el('tr', {},
      el('td', {}, r.major || '全校'),
      el('td', {}, String(r.graduates)),
      el('td', {}, String(r.employed)),
      el('td', {}, r.further_study === undefined ? '—' : String(r.further_study)),
      el('td', {}, percent(r.employment_rate)),
      el('td', {}, change),
      el('td', {}, percent(r.placement_rate)),
      el('td', {}, r.median_salary === undefined ? '—' : `${r.median_salary.toLocaleString('zh-CN')} 元`),
      el('td', {}, (r.top_industries || []).join('、')),
      el('td', {}, (r.top_regions || []).join('、'))));
  }
  const majors = rows.map((r) => r.major).filter(Boolean);
  const pick = $('f-major');
  const major = majors.includes(pick.value) ? pick.value : majors[0];
  fillSelect(pick, majors, major);
  $('compare-title').textContent = major ? `同专业各校比较：${major}（${year} 届）` : '同专业各校比较';
  render('chart-compare', major ? comparisonChart(sameMajorElsewhere(reports, major, year)) : null);
}

function navigate(params) {
  window.history.pushState(null, '', `employment.html?${new URLSearchParams(params)}`);
  renderReports();
}

$('f-school').addEventListener('change', () => navigate({ school: $('f-school').value }));
$('f-year').addEventListener('change', () => navigate({ school: $('f-school').value, year: $('f-year').value }));
$('f-major').addEventListener('change', renderReports);
window.addEventListener('popstate', renderReports);
window.addEventListener('resize', () => {
  if (!echarts) return;
  for (const node of document.querySelectorAll('.chart')) echarts.getInstanceByDom(node)?.resize();
});

// ------------------------------------------------------------ loading

// A forecast is drawn only from an answer that has one: a series with too
// short a history (insufficient_history) or a failed request has no band.
async function loadForecast(id) {
  try {
    const body = await apiGet(`insights/forecast?series=${encodeURIComponent(id)}&h=${FORECAST_HORIZON}`);
    if (Array.isArray(body.forecast)) forecasts.set(id, body);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
}

async function load() {
  document.body.dataset.state = 'loading';
  setStatus(echarts ? '正在加载…' : '图表库未安装（运行 tools/setup.sh），只显示表格。');
  try {
    const [list, reportList] = await Promise.all([
      apiGet('series'),
      apiGet('employment/reports?size=1000'),
    ]);
    reports = reportList.reports;
    const listed = new Set(list.series.map((s) => s.id));
    const wanted = [...SERIES.unemployment, ...SERIES.youth, SERIES.newEmployment,
      ...SERIES.graduates, SERIES.graduatesTotal, SERIES.wages].filter((id) => listed.has(id));
    const fetched = await Promise.all(wanted.map((id) => apiGet(`series/${encodeURIComponent(id)}`)));
    for (const body of fetched) docs.set(body.series.id, body.series);
    renderSeriesTable(list.series);
    renderSeriesCharts();
    renderReports();
    await Promise.all(FORECAST_SERIES.filter((id) => docs.has(id)).map(loadForecast));
    renderSeriesCharts();
    if (echarts) setStatus(list.series.length ? '' : '尚未发布统计序列。');
    document.body.dataset.state = 'ready';
  } catch (err) {
    setStatus(err.message || '加载失败，请稍后重试。', true);
    document.body.dataset.state = 'error';
  }
}

load();
