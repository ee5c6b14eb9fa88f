// Entry module of the demand insights dashboard (insights.html): the URL holds
// the filters; each change fetches /api/v1/insights/{demand,gap,queries} and
// redraws the charts (ECharts from vendor/), the gap tables and the links to
// the searches behind them. CSV exports are made here from the same JSON.

import { ApiError, apiGet, hasApiKey } from './lib/api.js';
import { $, clear, el, show } from './lib/dom.js';
import { demandTables, toCsv } from './lib/insights_csv.js';
import { noResultsChart, renderChart, salaryChart, skillsChart, trendChart }
  from './lib/insights_charts.js';
import { DATE_FILTERS, TEXT_FILTERS, filtersFromParams, jobSearchHref, paramsFromFilters,
         skillSearchHref } from './lib/insights_state.js';

const echarts = window.echarts;   // undefined when setup has not vendored it
let current = { demand: null, gap: null, queries: null };
let controller = null;

function readUrl() {
  return filtersFromParams(new URLSearchParams(window.location.search));
}

function fillForm(state) {
  $('f-q').value = state.q;
  for (const f of [...TEXT_FILTERS, ...DATE_FILTERS]) $(`f-${f}`).value = state[f];
}

function formState() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($('filters'))) {
    if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
  }
  return filtersFromParams(params);
}

function setStatus(message, isError = false) {
  const node = $('status');
  node.textContent = message || '';
  node.classList.toggle('status-error', isError);
  show(node, Boolean(message));
}

function formatYuan(v) {
  return `${Math.round(v).toLocaleString('zh-CN')} 元`;
}

function renderSummary(state, demand) {
  // `total` is what the search page shows for the same query (约 when
  // estimated); the charts count every matching posting (`counted`).
  const about = demand.total_exact === false ? '约 ' : '';
  $('summary').textContent = `共 ${about}${demand.total.toLocaleString('zh-CN')} 个匹配的招聘岗位` +
    (demand.total_exact === false ? `（图表统计全部 ${demand.counted.toLocaleString('zh-CN')} 个）` : '') +
    (demand.relaxed ? '（没有同时包含全部关键词的岗位，按部分匹配统计）' : '');
  const s = demand.salary;
  $('salary-summary').textContent = s.count > 0
    ? `月薪中位数 ${formatYuan(s.median)}，四分位 ${formatYuan(s.p25)} – ${formatYuan(s.p75)}（${s.count} 个岗位注明薪资）`
    : '匹配的岗位都没有注明薪资。';
  const all = jobSearchHref(state);
  for (const id of ['trend-link', 'skills-link', 'salary-link']) $(id).href = all;
}

function renderGapTable(table, rows, hrefOf) {
  const body = table.tBodies[0];
  clear(body);
  if (!rows.length) {
    body.append(el('tr', {}, el('td', { colSpan: 4, className: 'muted' }, '暂无数据')));
    return;
  }
  for (const r of rows) {
    body.append(el('tr', { className: r.supply === 0 ? 'gap-high' : '' },
      el('td', {}, el('a', { href: hrefOf(r.value) }, r.value)),
      el('td', {}, String(r.demand)),
      el('td', {}, String(r.supply)),
      el('td', {}, r.ratio.toFixed(2))));
  }
}

function renderAll(state) {
  const { demand, gap, queries } = current;
  renderSummary(state, demand);
  if (echarts) {
    renderChart(echarts, $('chart-trend'), trendChart(demand, state));
    renderChart(echarts, $('chart-skills'), skillsChart(demand, state));
    renderChart(echarts, $('chart-salary'), salaryChart(demand, state));
    renderChart(echarts, $('chart-noresults'), noResultsChart(queries));
  }
  renderGapTable($('gap-skills'), gap.skills, (v) => skillSearchHref(state, v));
  renderGapTable($('gap-majors'), gap.majors, (v) => jobSearchHref(state, { major: v }));
}

async function load() {
  const state = readUrl();
  fillForm(state);
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const qs = paramsFromFilters(state).toString();
  const suffix = qs ? `?${qs}` : '';
  document.body.dataset.state = 'loading';
  setStatus(echarts ? '正在统计…' : '图表库未安装（运行 tools/setup.sh），只显示数字和表格。');
  try {
    const [demand, gap, queries] = await Promise.all([
      apiGet(`insights/demand${suffix}${suffix ? '&' : '?'}limit=15`, signal),
      apiGet(`insights/gap${suffix}${suffix ? '&' : '?'}limit=20`, signal),
      // The query log needs a gov or admin key and may be off (503): the
      // dashboard works without it, and asks only when a key is stored.
      hasApiKey()
        ? apiGet('insights/queries?days=30&limit=15', signal).catch((err) => {
          if (err instanceof ApiError) return null;
          throw err;
        })
        : Promise.resolve(null),
    ]);
    current = { demand, gap, queries };
    if (echarts) setStatus('');
    renderAll(state);
    document.body.dataset.state = 'ready';
  } catch (err) {
    if (err.name === 'AbortError') return;
    setStatus(err.message || '统计失败，请稍后重试。', true);
    document.body.dataset.state = 'error';
  }
}

function download(name) {
  const table = demandTables(current.demand, current.gap, current.queries)[name];
  if (!table) return;
  const blob = new Blob([toCsv(table.header, table.rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: `chanjiao-${name}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  const qs = paramsFromFilters(formState()).toString();
  window.history.pushState(null, '', qs ? `insights.html?${qs}` : 'insights.html');
  load();
});
$('reset').addEventListener('click', (event) => {
  event.preventDefault();
  window.history.pushState(null, '', 'insights.html');
  load();
});
for (const button of document.querySelectorAll('[data-export]')) {
  button.addEventListener('click', () => download(button.dataset.export));
}
window.addEventListener('popstate', load);
window.addEventListener('resize', () => {
  if (!echarts) return;
  for (const node of document.querySelectorAll('.chart')) {
    const chart = echarts.getInstanceByDom(node);
    if (chart) chart.resize();
  }
});

load();
