// ECharts options for the dashboard (pure: data in, option out) and a small
// renderer. ECharts comes from vendor/echarts.min.js, copied from npm at setup
// time; tooltips render as rich text on the canvas (renderMode 'richText'), so
// no data ever becomes markup and the page's CSP (no inline styles) holds.

import { jobSearchHref, querySearchHref, skillSearchHref } from './insights_state.js';

const COLORS = ['#1456b8', '#12794a', '#a3520a', '#d14b00', '#7a4cc2'];

function base() {
  return {
    animation: false,
    color: COLORS,
    tooltip: { renderMode: 'richText', trigger: 'item', confine: true },
    grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
  };
}

function lastDayOfMonth(month) {   // 'YYYY-MM' → 'YYYY-MM-DD'
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

// Each builder returns { option, hrefOf(dataIndex) } or null when there is no data.
export function trendChart(demand, state) {
  if (!demand.by_month.length) return null;
  const months = demand.by_month.map((m) => m.value);
  return {
    option: {
      ...base(),
      tooltip: { renderMode: 'richText', trigger: 'axis', confine: true },
      xAxis: { type: 'category', data: months, boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', name: '岗位数', data: demand.by_month.map((m) => m.count),
                 areaStyle: { opacity: 0.15 }, symbolSize: 6 }],
    },
    hrefOf: (i) => jobSearchHref(state, { published_after: `${months[i]}-01`,
                                          published_before: lastDayOfMonth(months[i]) }),
  };
}

export function skillsChart(demand, state) {
  if (!demand.skills.length) return null;
  const skills = [...demand.skills].reverse();   // largest at the top
  return {
    option: {
      ...base(),
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: skills.map((s) => s.value) },
      series: [{ type: 'bar', name: '岗位数', data: skills.map((s) => s.count), barMaxWidth: 28,
                 label: { show: true, position: 'right',
                          formatter: (p) => `${(skills[p.dataIndex].share * 100).toFixed(1)}%` } }],
    },
    hrefOf: (i) => skillSearchHref(state, skills[i].value),
  };
}

export function salaryChart(demand, state) {
  const groups = demand.salary_by_education.filter((g) => g.salary.count > 0);
  if (!groups.length) return null;
  return {
    option: {
      ...base(),
      xAxis: { type: 'category', data: groups.map((g) => g.value) },
      yAxis: { type: 'value', name: '元/月', scale: true },
      series: [{ type: 'boxplot', name: '月薪',
                 data: groups.map(({ salary: s }) => [s.min, s.p25, s.median, s.p75, s.max]) }],
    },
    hrefOf: (i) => jobSearchHref(state, { education: groups[i].value }),
  };
}

export function noResultsChart(queries) {
  if (!queries || !queries.no_results.length) return null;
  const rows = [...queries.no_results].slice(0, 15).reverse();
  return {
    option: {
      ...base(),
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((q) => q.query) },
      series: [{ type: 'bar', name: '搜索次数', data: rows.map((q) => q.count), barMaxWidth: 28,
                 itemStyle: { color: '#b42318' } }],
    },
    hrefOf: (i) => querySearchHref(rows[i].query),
  };
}

// Renders `spec` into `node` (reusing its chart), or clears it when null.
// Clicking a data item opens the search it stands for.
export function renderChart(echarts, node, spec) {
  let chart = echarts.getInstanceByDom(node);
  if (!spec) {
    if (chart) chart.dispose();
    node.dataset.empty = 'true';
    return;
  }
  delete node.dataset.empty;
  if (!chart) chart = echarts.init(node, null, { renderer: 'canvas' });
  chart.off('click');
  chart.on('click', (p) => {
    if (typeof p.dataIndex === 'number') window.location.assign(spec.hrefOf(p.dataIndex));
  });
  chart.setOption(spec.option, true);
}
