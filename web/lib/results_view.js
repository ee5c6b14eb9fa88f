// The search-results view: summary, chips, facets, hit cards, pager and the
// loading / empty / error states. It renders; app.js decides what to fetch.
//
// Document fields are set as text. `title_html` and `snippet_html` are the only
// strings assigned to innerHTML: the server escapes document text in them and
// adds nothing but <mark>.

import { $, clear, el, show } from './dom.js';
import { FACET_LABELS, TYPE_LABELS, facetValueLabel, formatSalary, formatSalaryBand } from './format.js';
import {
  LIST_FILTERS, clearedFilters, docHref, filterCount, hasFilters, lastPage, pageWindow,
  searchHref, toggleFilter, withChanges,
} from './search_state.js';

const FACET_ORDER = ['type', 'region', 'industry', 'education', 'major', 'salary', 'org'];
const FACET_VISIBLE = 8;   // values per facet before "更多"

let onSearch = () => {};
const expandedFacets = new Set();

// `search(state)` is called for every new search the view asks for.
export function initResultsView({ search }) {
  onSearch = search;
}

export function showControls(state) {
  $('sort').value = state.sort;
  renderChips(state);
}

export function showLoading(loading) {
  const results = document.querySelector('.results');
  results.setAttribute('aria-busy', loading ? 'true' : 'false');
  results.classList.toggle('is-loading', loading);
  const status = $('status');
  if (loading) {
    status.className = 'status status-loading';
    status.replaceChildren(el('span', { className: 'spinner', 'aria-hidden': 'true' }), '正在搜索…');
    show(status, true);
  } else if (status.classList.contains('status-loading')) {
    show(status, false);
  }
}

export function showResults(state, result) {
  showLoading(false);
  const hits = Array.isArray(result.hits) ? result.hits : [];
  const total = Number(result.total) || 0;
  const size = Number(result.size) || state.size;
  const page = Number(result.page) || state.page;

  renderSummary(state, result, total);
  renderNotes(state, result);
  renderFacets(state, result.facets && typeof result.facets === 'object' ? result.facets : {});

  const list = $('hits');
  clear(list);
  if (hits.length === 0) {
    renderEmpty(state, total, page);
  } else {
    show($('status'), false);
    list.append(...withPartialDivider(state, result, hits));
  }
  renderPagination(state, total, size, page);
}

// `retry` re-runs the same search; offered when the failure may be passing
// (no connection, a 5xx), not for a request the server rejected.
export function showError(state, err, retry) {
  showLoading(false);
  const status = $('status');
  status.className = 'status status-error';
  const actions = el('p', { className: 'status-actions' });
  if (err.status === 0 || err.status >= 500) {
    const again = el('button', { type: 'button', className: 'link-button' }, '重试');
    again.addEventListener('click', retry);
    actions.append(again);
  }
  if (state.page > 1) {
    actions.append(el('a', { href: searchHref(withChanges(state, { page: 1 })), 'data-nav': '' }, '回到第 1 页'));
  }
  if (hasFilters(state)) {
    const reset = el('button', { type: 'button', className: 'link-button' }, '清除筛选');
    reset.addEventListener('click', () => onSearch(clearedFilters(state)));
    actions.append(reset);
  }
  status.replaceChildren(
    el('p', { className: 'status-title' }, '搜索出错了'),
    el('p', { className: 'error-message' }, err.message));
  if (actions.children.length) status.append(actions);
  show(status, true);
  for (const id of ['hits', 'summary', 'facets', 'pagination', 'did-you-mean']) clear($(id));
  show($('pagination'), false);
  show($('did-you-mean'), false);
  show($('relaxed-note'), false);
}

// ---------------------------------------------------------------- summary

function renderSummary(state, result, total) {
  const about = result.total_exact === false ? '约 ' : '';
  const parts = [`找到 ${about}`, el('strong', { className: 'total' }, total.toLocaleString('zh-CN')), ' 条'];
  if (state.q) parts.push('与“', el('span', { className: 'summary-query' }, state.q), '”相关的');
  parts.push('结果');
  // Partial matches fill a page the full ones leave short: say how many
  // documents have every word.
  const full = Number(result.full_matches);
  if (result.relaxed !== true && Number.isFinite(full) && full < total) {
    parts.push(el('span', { className: 'full-matches' },
      `，其中 ${full.toLocaleString('zh-CN')} 条包含全部关键词`));
  }
  if (typeof result.took_ms === 'number' && Number.isFinite(result.took_ms)) {
    parts.push(el('span', { className: 'took' }, `（用时 ${result.took_ms.toFixed(1)} 毫秒）`));
  }
  $('summary').replaceChildren(...parts);
}

function renderNotes(state, result) {
  const box = $('did-you-mean');
  const suggestion = typeof result.suggestion === 'string' ? result.suggestion.trim() : '';
  if (suggestion && suggestion !== state.q) {
    const link = el('a', { href: searchHref(withChanges(state, { q: suggestion, page: 1 })), 'data-nav': '' },
      suggestion);
    box.replaceChildren('您是不是要找：', link);
    show(box, true);
  } else {
    clear(box);
    show(box, false);
  }
  // The server dropped some query words to find anything at all.
  show($('relaxed-note'), result.relaxed === true && Number(result.total) > 0);
}

function renderChips(state) {
  const chips = $('chips');
  clear(chips);
  const add = (label, next) => {
    const remove = el('button', {
      type: 'button', className: 'chip-remove', 'aria-label': `移除筛选：${label}`, title: '移除此筛选',
    }, '×');
    remove.addEventListener('click', () => onSearch(withChanges(next, { page: 1 })));
    chips.append(el('li', { className: 'chip' }, el('span', { className: 'chip-text' }, label), remove));
  };
  for (const f of LIST_FILTERS) {
    for (const v of state[f]) add(`${FACET_LABELS[f]}：${facetValueLabel(f, v)}`, toggleFilter(state, f, v));
  }
  if (state.salary_min || state.salary_max) {
    add(`${FACET_LABELS.salary}：${formatSalaryBand(state.salary_min, state.salary_max)}`,
      withChanges(state, { salary_min: '', salary_max: '' }));
  }
  if (state.published_after) {
    add(`发布于 ${state.published_after} 之后`, withChanges(state, { published_after: '' }));
  }
  show($('active-filters'), chips.children.length > 0);
}

function renderEmpty(state, total, page) {
  const status = $('status');
  status.className = 'status status-empty';
  const title = state.q
    ? ['没有找到与“', el('span', { className: 'summary-query' }, state.q), '”相关的结果']
    : ['没有符合筛选条件的结果'];
  const children = [el('p', { className: 'status-title' }, ...title)];
  if (total > 0 && page > 1) {
    // Past the last page (an edited URL, or the index shrank).
    children.push(el('p', {}, `第 ${page} 页没有内容。`,
      el('a', { href: searchHref(withChanges(state, { page: 1 })), 'data-nav': '' }, '回到第 1 页')));
  } else {
    const tips = el('ul', { className: 'tips' },
      el('li', {}, '检查是否有错别字，或换一个更常用的说法'),
      el('li', {}, '用更短、更通用的词，例如“工程师”而不是“高级嵌入式软件工程师”'),
      el('li', {}, '试试拼音或拼音首字母，例如 shuju、sjfx'));
    if (hasFilters(state)) {
      const button = el('button', { type: 'button', className: 'link-button' }, '清除全部筛选条件');
      button.addEventListener('click', () => onSearch(clearedFilters(state)));
      tips.append(el('li', {}, '减少筛选条件，或', button));
    }
    children.push(el('p', {}, '建议：'), tips);
  }
  status.replaceChildren(...children);
  show(status, true);
}

// ---------------------------------------------------------------- hit cards

// The hit cards, with a divider before the first partial match (the recall
// safety net's hits follow the full matches). When nothing matched every
// word, the note above the list already says so.
function withPartialDivider(state, result, hits) {
  const items = [];
  let divided = result.relaxed === true;
  for (const hit of hits) {
    if (hit.partial === true && !divided) {
      items.push(el('li', { className: 'partial-divider', role: 'separator' },
        '以下结果只包含部分关键词'));
      divided = true;
    }
    items.push(renderHit(state, hit));
  }
  return items;
}

export function renderHit(state, hit) {
  const type = Object.hasOwn(TYPE_LABELS, hit.type) ? hit.type : 'other';
  const fields = hit.fields && typeof hit.fields === 'object' ? hit.fields : {};

  const link = el('a', { href: docHref(state, hit.id), 'data-nav': '', className: 'hit-link' });
  if (typeof hit.title_html === 'string' && hit.title_html) link.innerHTML = hit.title_html;
  else link.textContent = hit.title || hit.id;

  const meta = el('ul', { className: 'hit-meta' });
  const item = (label, value, className) => {
    if (value === undefined || value === null || value === '') return;
    meta.append(el('li', { className, 'data-field': label },
      el('span', { className: 'visually-hidden' }, `${label}：`), String(value)));
  };
  let salary = null;
  if (type === 'job') {
    salary = el('p', { className: 'hit-salary' }, formatSalary(fields.salary_min, fields.salary_max));
    item('单位', fields.org, 'meta-org');
    item('地区', fields.region);
    item('学历', fields.education);
    item('经验', fields.experience);
  } else if (type === 'resource') {
    item('学校', fields.school || fields.org, 'meta-org');
    item('层次', fields.level);
    item('形式', fields.format);
    item('专业', fields.major);
  } else if (type === 'case') {
    item('企业', fields.enterprise || fields.org, 'meta-org');
    item('行业', fields.industry);
    item('年份', fields.year);
  } else {
    item('单位', fields.org, 'meta-org');
    item('地区', fields.region);
  }

  let snippet = null;
  if (typeof hit.snippet_html === 'string' && hit.snippet_html) {
    snippet = el('p', { className: 'hit-snippet' });
    snippet.innerHTML = hit.snippet_html;
  }

  const labels = [...new Set([...(Array.isArray(fields.skills) ? fields.skills : []),
                              ...(Array.isArray(fields.tags) ? fields.tags : [])])];
  const tags = labels.length
    ? el('ul', { className: 'hit-tags', 'aria-label': '技能与标签' }, labels.slice(0, 6).map((t) => el('li', {}, String(t))))
    : null;
  const date = fields.published_at ? el('p', { className: 'hit-date' }, `发布于 ${fields.published_at}`) : null;

  return el('li', { className: `hit hit-${type}`, 'data-id': hit.id, 'data-type': type },
    el('article', { className: 'hit-card' },
      el('div', { className: 'hit-head' },
        el('span', { className: `badge badge-${type}` }, TYPE_LABELS[hit.type] || hit.type || '文档'),
        el('h2', { className: 'hit-title' }, link)),
      el('div', { className: 'hit-sub' }, salary, meta.children.length ? meta : null),
      snippet,
      tags || date ? el('div', { className: 'hit-foot' }, tags, date) : null));
}

// ---------------------------------------------------------------- facets

function renderFacets(state, facets) {
  const aside = $('facets');
  clear(aside);
  const keys = FACET_ORDER.filter((k) => Object.hasOwn(facets, k) || (LIST_FILTERS.includes(k) && state[k].length));
  for (const key of keys) {
    const values = Array.isArray(facets[key]) ? facets[key] : [];
    const group = key === 'salary' ? salaryFacet(state, values) : listFacet(state, key, values);
    if (group) aside.append(group);
  }
  if (aside.children.length === 0) {
    aside.append(el('p', { className: 'facet-empty' }, '当前结果没有可用的筛选项。'));
  }
  const count = filterCount(state);
  $('filter-toggle').textContent = count ? `筛选（已选 ${count}）` : '筛选';
}

function listFacet(state, key, values) {
  if (!LIST_FILTERS.includes(key)) return null;
  const seen = new Set();
  const buttons = [];
  for (const entry of values) {
    if (!entry || typeof entry.value !== 'string' || !entry.value || seen.has(entry.value)) continue;
    seen.add(entry.value);
    buttons.push(facetButton(key, entry.value, facetValueLabel(key, entry.value), entry.count,
      state[key].includes(entry.value), toggleFilter(state, key, entry.value)));
  }
  // A selected value the server did not count (restored from a URL, say) stays removable.
  for (const v of state[key]) {
    if (!seen.has(v)) buttons.unshift(facetButton(key, v, facetValueLabel(key, v), null, true, toggleFilter(state, key, v)));
  }
  return buttons.length ? facetGroup(key, buttons) : null;
}

function salaryFacet(state, values) {
  const buttons = [];
  for (const entry of values) {
    if (!entry || typeof entry.value !== 'string') continue;
    const min = Number.isInteger(entry.salary_min) ? String(entry.salary_min) : '';
    const max = Number.isInteger(entry.salary_max) ? String(entry.salary_max) : '';
    if (!min && !max) continue;
    const on = state.salary_min === min && state.salary_max === max;
    const next = withChanges(state, { salary_min: on ? '' : min, salary_max: on ? '' : max, page: 1 });
    buttons.push(facetButton('salary', entry.value, entry.value, entry.count, on, next));
  }
  return buttons.length ? facetGroup('salary', buttons) : null;
}

function facetButton(key, value, label, count, pressed, next) {
  const counted = typeof count === 'number' && Number.isFinite(count);
  const button = el('button', {
    type: 'button', className: 'facet-value', 'aria-pressed': pressed ? 'true' : 'false',
    'data-facet': key, 'data-value': value,
    'aria-label': counted ? `${label}，${count} 条` : undefined,
  },
  el('span', { className: 'facet-check', 'aria-hidden': 'true' }),
  el('span', { className: 'facet-label' }, label),
  counted ? el('span', { className: 'facet-count', 'aria-hidden': 'true' }, count.toLocaleString('zh-CN')) : null);
  button.addEventListener('click', () => onSearch(next));
  return button;
}

function facetGroup(key, buttons) {
  const id = `facet-${key}`;
  const list = el('ul', { className: 'facet-values', id: `${id}-values` });
  const group = el('section', { className: 'facet', 'aria-labelledby': `${id}-title`, 'data-facet': key },
    el('h2', { className: 'facet-title', id: `${id}-title` }, FACET_LABELS[key] || key), list);
  list.append(...buttons.map((b) => el('li', {}, b)));
  const extra = buttons.length - FACET_VISIBLE;
  if (extra <= 0) return group;

  const more = el('button', { type: 'button', className: 'link-button facet-more', 'aria-controls': list.id });
  const update = () => {
    const open = expandedFacets.has(key);
    [...list.children].forEach((li, i) => {
      li.hidden = !open && i >= FACET_VISIBLE && li.firstChild.getAttribute('aria-pressed') !== 'true';
    });
    more.setAttribute('aria-expanded', open ? 'true' : 'false');
    more.textContent = open ? '收起' : `更多（${extra}）`;
  };
  more.addEventListener('click', () => {
    if (expandedFacets.has(key)) expandedFacets.delete(key);
    else expandedFacets.add(key);
    update();
  });
  update();
  group.append(more);
  return group;
}

// ---------------------------------------------------------------- pagination

function renderPagination(state, total, size, page) {
  const nav = $('pagination');
  clear(nav);
  const last = lastPage(total, size);
  if (last <= 1 && page <= 1) {
    show(nav, false);
    return;
  }
  const link = (p, label, props = {}) => el('a', {
    href: searchHref(withChanges(state, { page: p })), 'data-nav': '', 'data-page': p, ...props,
  }, label);
  const disabled = (label, className) =>
    el('span', { className: `page-disabled ${className}`, 'aria-disabled': 'true' }, label);

  const list = el('ul', { className: 'pages' });
  list.append(el('li', {}, page > 1
    ? link(Math.min(page - 1, last), '上一页', { className: 'page-prev', rel: 'prev' })
    : disabled('上一页', 'page-prev')));
  for (const p of pageWindow(Math.min(page, last), last)) {
    if (p === null) {
      list.append(el('li', { className: 'page-gap', 'aria-hidden': 'true' }, '…'));
    } else if (p === page) {
      list.append(el('li', {}, el('span', { className: 'page-current', 'aria-current': 'page' },
        el('span', { className: 'visually-hidden' }, '第 '), String(p), el('span', { className: 'visually-hidden' }, ' 页'))));
    } else {
      list.append(el('li', {}, link(p, String(p), { className: 'page-number', 'aria-label': `第 ${p} 页` })));
    }
  }
  list.append(el('li', {}, page < last
    ? link(page + 1, '下一页', { className: 'page-next', rel: 'next' })
    : disabled('下一页', 'page-next')));
  nav.append(list);
  show(nav, true);
}
