// Chanjiao search UI: one page, no framework.
//
// Routes (all on the same page):
//   ?q=…&type=job&region=长沙&sort=date&page=2   a search; the query string mirrors
//                                                the /api/v1/search parameters
//   …#/doc/ID  or  ?doc=ID                       one document
//   (nothing)                                    the landing view
//
// Safety rule: document text reaches the page only through textContent or
// attribute setters. The two server-made HTML fields, `title_html` and
// `snippet_html` (document text escaped by the server, plus <mark>), are the
// only strings ever assigned to innerHTML.

const API = 'api/v1/';
const DEFAULT_SIZE = 10;
const MAX_PAGE = 100;            // the API rejects page > 100
const SUGGEST_DELAY_MS = 120;
const FACET_VISIBLE = 8;         // values shown per facet before "更多"

const TYPE_LABELS = { job: '岗位', resource: '教学资源', case: '企业案例' };

// Filters that map 1:1 to repeatable API parameters, in display order.
const LIST_FILTERS = ['type', 'region', 'industry', 'education', 'major', 'org'];
const FACET_LABELS = {
  type: '类型', region: '地区', industry: '行业', education: '学历',
  major: '专业', org: '单位', salary: '薪资',
};
const FACET_ORDER = ['type', 'region', 'industry', 'education', 'major', 'salary', 'org'];

// Labels for the detail view, in display order; other fields follow by name.
const FIELD_LABELS = [
  ['org', '单位'], ['enterprise', '企业'], ['school', '学校'], ['salary', '薪资'],
  ['region', '地区'], ['education', '学历要求'], ['experience', '经验要求'],
  ['industry', '行业'], ['major', '专业'], ['level', '层次'], ['format', '形式'],
  ['year', '年份'], ['published_at', '发布日期'], ['skills', '技能'], ['tags', '标签'],
  ['url', '原文链接'], ['id', '编号'],
];
const NOT_A_FIELD = new Set(['type', 'title', 'body', 'salary_min', 'salary_max']);

const SUGGESTION_KINDS = {
  title: '标题', skill: '技能', org: '单位', major: '专业', tag: '标签',
  school: '学校', enterprise: '企业', region: '地区', industry: '行业', history: '历史',
};

// ---------------------------------------------------------------- helpers

const $ = (id) => document.getElementById(id);

// Builds an element. `props` sets properties (className, textContent, href…),
// except keys starting with "aria-"/"data-" or named "role", which become
// attributes. String children become text nodes, never markup.
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role') {
      node.setAttribute(key, value === true ? 'true' : String(value));
    } else {
      node[key] = value;
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
}

function show(node, visible) {
  node.hidden = !visible;
}

// 8000 → "8k", 7500 → "7.5k", 500 → "500".
function formatK(yuan) {
  if (yuan < 1000) return String(yuan);
  const k = Math.round(yuan / 100) / 10;
  return `${k}k`;
}

// Monthly salary range for display: "8k-12k/月", "15k/月", "面议".
function formatSalary(min, max) {
  const hasMin = Number.isFinite(min) && min > 0;
  const hasMax = Number.isFinite(max) && max > 0;
  if (hasMin && hasMax) {
    return min === max ? `${formatK(min)}/月` : `${formatK(min)}-${formatK(max)}/月`;
  }
  if (hasMin) return `${formatK(min)}以上/月`;
  if (hasMax) return `${formatK(max)}以下/月`;
  return '面议';
}

// A salary filter band from its URL parameters: "5k-10k", "20k以上".
function formatSalaryBand(min, max) {
  if (min && max) return `${formatK(Number(min))}-${formatK(Number(max))}`;
  if (min) return `${formatK(Number(min))}以上`;
  if (max) return `${formatK(Number(max))}以下`;
  return '';
}

function facetValueLabel(field, value) {
  return field === 'type' ? (TYPE_LABELS[value] || value) : value;
}

function isHttpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- state <-> URL

// The search the page shows. Lists hold filter values (OR within a field).
function emptySearch() {
  const state = { q: '', sort: 'relevance', page: 1, size: DEFAULT_SIZE,
                  salary_min: '', salary_max: '', published_after: '' };
  for (const f of LIST_FILTERS) state[f] = [];
  return state;
}

function searchFromParams(params) {
  const state = emptySearch();
  state.q = (params.get('q') || '').trim();
  for (const f of LIST_FILTERS) {
    state[f] = [...new Set(params.getAll(f).map((v) => v.trim()).filter(Boolean))];
  }
  for (const f of ['salary_min', 'salary_max']) {
    const v = params.get(f) || '';
    state[f] = /^\d+$/.test(v) ? v : '';
  }
  const after = params.get('published_after') || '';
  state.published_after = /^\d{4}-\d{2}-\d{2}$/.test(after) ? after : '';
  const sort = params.get('sort');
  state.sort = ['relevance', 'date', 'salary'].includes(sort) ? sort : 'relevance';
  const page = Number.parseInt(params.get('page') || '1', 10);
  state.page = Number.isFinite(page) && page >= 1 ? page : 1;
  const size = Number.parseInt(params.get('size') || '', 10);
  state.size = Number.isFinite(size) && size >= 1 ? size : DEFAULT_SIZE;
  return state;
}

// Parameters for both the page URL and the API call; defaults are left out.
function paramsFromSearch(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const f of LIST_FILTERS) for (const v of state[f]) params.append(f, v);
  if (state.salary_min) params.set('salary_min', state.salary_min);
  if (state.salary_max) params.set('salary_max', state.salary_max);
  if (state.published_after) params.set('published_after', state.published_after);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.size !== DEFAULT_SIZE) params.set('size', String(state.size));
  return params;
}

function searchHref(state) {
  const qs = paramsFromSearch(state).toString();
  return qs ? `?${qs}` : './';
}

function hasFilters(state) {
  return LIST_FILTERS.some((f) => state[f].length > 0) ||
         Boolean(state.salary_min || state.salary_max || state.published_after);
}

function isEmptySearch(state) {
  return !state.q && !hasFilters(state);
}

function withChanges(state, changes) {
  const next = structuredClone(state);
  Object.assign(next, changes);
  return next;
}

// The document a URL points to, or null.
function docIdFromLocation() {
  const hash = location.hash.match(/^#\/doc\/(.+)$/);
  if (hash) {
    try {
      return decodeURIComponent(hash[1]);
    } catch {
      return hash[1];
    }
  }
  return new URLSearchParams(location.search).get('doc');
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function apiGet(path, signal) {
  let response;
  try {
    response = await fetch(API + path, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError('无法连接到搜索服务，请检查网络后重试。', 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (e.g. a proxy error page): fall through to the status.
  }
  if (!response.ok) {
    const message = body && body.error && typeof body.error.message === 'string'
      ? body.error.message
      : `服务器返回错误（HTTP ${response.status}）`;
    throw new ApiError(message, response.status);
  }
  if (!body || typeof body !== 'object') {
    throw new ApiError('服务器返回了无法识别的数据。', response.status);
  }
  return body;
}

// Responses already shown, so back/forward redraws without a flash.
const searchCache = new Map();
const SEARCH_CACHE_LIMIT = 20;

function remember(key, value) {
  searchCache.delete(key);
  searchCache.set(key, value);
  while (searchCache.size > SEARCH_CACHE_LIMIT) {
    searchCache.delete(searchCache.keys().next().value);
  }
}

// ---------------------------------------------------------------- views

const views = {
  welcome: $('welcome-view'),
  search: $('search-view'),
  detail: $('detail-view'),
};

function showView(name) {
  for (const [key, node] of Object.entries(views)) show(node, key === name);
}

let current = emptySearch();   // the search on screen (or last shown)
let searchController = null;   // aborts a superseded search request
let detailController = null;

// Renders whatever the URL says. `restoreScroll` is a y offset for
// back/forward, or null to leave the scroll position to the caller.
async function route({ restoreScroll = null, fromCache = false } = {}) {
  closeSuggestions();
  const docId = docIdFromLocation();
  if (docId) {
    await showDetail(docId);
    return;
  }
  const state = searchFromParams(new URLSearchParams(location.search));
  $('q').value = state.q;
  if (isEmptySearch(state)) {
    current = state;
    showView('welcome');
    document.title = '产教搜索 · 岗位、课程与企业案例';
    return;
  }
  await runSearch(state, { fromCache });
  if (restoreScroll !== null) window.scrollTo(0, restoreScroll);
}

// Navigates to a new URL (adding a history entry) and renders it.
// `state` is stored with the new entry (see the back link below).
function navigate(href, { replace = false, focusResults = false, state = {} } = {}) {
  saveScroll();
  const url = new URL(href, location.href);
  const entry = { ...state, fromApp: true };
  if (replace) history.replaceState(entry, '', url);
  else history.pushState(entry, '', url);
  window.scrollTo(0, 0);
  return route().then(() => {
    if (focusResults && !views.search.hidden) $('summary').focus?.();
  });
}

function newSearch(state, options) {
  return navigate(searchHref(state), options);
}

function saveScroll() {
  const state = { ...(history.state || {}), scrollY: window.scrollY };
  history.replaceState(state, '');
}

async function runSearch(state, { fromCache = false } = {}) {
  current = state;
  showView('search');
  renderSearchControls(state);

  const params = paramsFromSearch(state);
  const key = params.toString();
  document.title = `${state.q || '筛选结果'} - 产教搜索`;

  if (searchController) searchController.abort();
  const cached = fromCache ? searchCache.get(key) : undefined;
  if (cached) {
    renderResults(state, cached);
    return;
  }
  searchController = new AbortController();
  const { signal } = searchController;
  setLoading(true);
  try {
    const result = await apiGet(`search?${key}`, signal);
    if (signal.aborted) return;
    remember(key, result);
    renderResults(state, result);
  } catch (err) {
    if (err.name === 'AbortError') return;
    renderError(err);
  } finally {
    if (!signal.aborted) setLoading(false);
  }
}

function setLoading(loading) {
  const results = document.querySelector('.results');
  results.setAttribute('aria-busy', loading ? 'true' : 'false');
  results.classList.toggle('is-loading', loading);
  const status = $('status');
  if (loading) {
    status.className = 'status status-loading';
    status.replaceChildren(el('span', { className: 'spinner', 'aria-hidden': 'true' }),
                           '正在搜索…');
    show(status, true);
  } else if (status.classList.contains('status-loading')) {
    show(status, false);
  }
}

// ---------------------------------------------------------------- search view

function renderSearchControls(state) {
  $('sort').value = state.sort;
  renderChips(state);
}

function renderChips(state) {
  const chips = $('chips');
  clear(chips);
  const add = (label, next) => {
    const button = el('button', {
      type: 'button', className: 'chip-remove',
      'aria-label': `移除筛选：${label}`, title: '移除此筛选',
    }, '×');
    button.addEventListener('click', () => newSearch(withChanges(next, { page: 1 })));
    chips.append(el('li', { className: 'chip' }, el('span', { className: 'chip-text' }, label), button));
  };
  for (const f of LIST_FILTERS) {
    for (const v of state[f]) {
      add(`${FACET_LABELS[f]}：${facetValueLabel(f, v)}`,
          withChanges(state, { [f]: state[f].filter((x) => x !== v) }));
    }
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

function renderResults(state, result) {
  setLoading(false);
  const hits = Array.isArray(result.hits) ? result.hits : [];
  const total = Number(result.total) || 0;
  const size = Number(result.size) || state.size;
  const page = Number(result.page) || state.page;

  renderSummary(state, result, total);
  renderDidYouMean(state, result.suggestion);
  renderFacets(state, result.facets || {});

  const list = $('hits');
  clear(list);
  const status = $('status');
  if (hits.length === 0) {
    renderEmpty(state, total, page);
  } else {
    show(status, false);
    list.append(...hits.map((hit) => renderHit(hit, state)));
  }
  renderPagination(state, total, size, page);
}

function renderSummary(state, result, total) {
  const summary = $('summary');
  summary.tabIndex = -1;
  const about = result.total_exact === false ? '约 ' : '';
  const parts = [`找到 ${about}`, el('strong', {}, total.toLocaleString('zh-CN')), ' 条'];
  if (state.q) parts.push('与“', el('span', { className: 'summary-query' }, state.q), '”相关的');
  parts.push('结果');
  if (typeof result.took_ms === 'number') {
    parts.push(el('span', { className: 'took' }, `（用时 ${result.took_ms.toFixed(1)} 毫秒）`));
  }
  summary.replaceChildren(...parts);
}

function renderDidYouMean(state, suggestion) {
  const box = $('did-you-mean');
  if (typeof suggestion !== 'string' || !suggestion || suggestion === state.q) {
    show(box, false);
    clear(box);
    return;
  }
  const next = withChanges(state, { q: suggestion, page: 1 });
  const link = el('a', { href: searchHref(next), 'data-nav': '' }, suggestion);
  box.replaceChildren('您是不是要找：', link);
  show(box, true);
}

function renderEmpty(state, total, page) {
  const status = $('status');
  status.className = 'status status-empty';
  const tips = el('ul', { className: 'tips' },
    el('li', {}, '检查是否有错别字，或换一个更常用的说法'),
    el('li', {}, '用更短、更通用的词，例如“工程师”而不是“高级嵌入式软件工程师”'),
    el('li', {}, '试试拼音或拼音首字母，例如 shuju、sjfx'));
  if (hasFilters(state)) {
    const button = el('button', { type: 'button', className: 'link-button' }, '清除全部筛选条件');
    button.addEventListener('click', () => newSearch(clearedFilters(state)));
    tips.append(el('li', {}, '减少筛选条件：', button));
  }
  const heading = state.q
    ? ['没有找到与“', el('span', { className: 'summary-query' }, state.q), '”相关的结果']
    : ['没有符合筛选条件的结果'];
  const children = [el('p', { className: 'status-title' }, ...heading)];
  if (total > 0 && page > 1) {
    const first = el('a', { href: searchHref(withChanges(state, { page: 1 })), 'data-nav': '' }, '回到第 1 页');
    children.push(el('p', {}, `第 ${page} 页没有内容。`, first));
  } else {
    children.push(el('p', {}, '建议：'), tips);
  }
  status.replaceChildren(...children);
  show(status, true);
}

function renderError(err) {
  const status = $('status');
  status.className = 'status status-error';
  const retry = el('button', { type: 'button', className: 'link-button' }, '重试');
  retry.addEventListener('click', () => runSearch(current));
  status.replaceChildren(
    el('p', { className: 'status-title' }, '搜索出错了'),
    el('p', { className: 'error-message' }, err.message),
    el('p', {}, retry));
  show(status, true);
  clear($('hits'));
  clear($('summary'));
  show($('pagination'), false);
  show($('did-you-mean'), false);
  clear($('facets'));
}

function clearedFilters(state) {
  const next = withChanges(state, { salary_min: '', salary_max: '', published_after: '', page: 1 });
  for (const f of LIST_FILTERS) next[f] = [];
  return next;
}

// One result card. Document fields go through textContent only.
function renderHit(hit, state) {
  const type = hit.type in TYPE_LABELS ? hit.type : 'other';
  const fields = hit.fields && typeof hit.fields === 'object' ? hit.fields : {};
  const docHref = `${searchHref(state) === './' ? '' : searchHref(state)}#/doc/${encodeURIComponent(hit.id)}`;

  const link = el('a', { href: docHref, 'data-nav': '', className: 'hit-link' });
  if (typeof hit.title_html === 'string') link.innerHTML = hit.title_html;
  else link.textContent = hit.title || hit.id;

  const head = el('div', { className: 'hit-head' },
    el('span', { className: `badge badge-${type}` }, TYPE_LABELS[hit.type] || hit.type || '文档'),
    el('h2', { className: 'hit-title' }, link));

  const meta = el('ul', { className: 'hit-meta' });
  const item = (label, value, cls) => {
    if (value === undefined || value === null || value === '') return;
    meta.append(el('li', { className: cls || '' },
      el('span', { className: 'visually-hidden' }, `${label}：`), String(value)));
  };

  let salary = null;
  if (hit.type === 'job') {
    salary = el('p', { className: 'hit-salary' }, formatSalary(fields.salary_min, fields.salary_max));
    item('单位', fields.org, 'meta-org');
    item('地区', fields.region, 'meta-region');
    item('学历', fields.education);
    item('经验', fields.experience);
  } else if (hit.type === 'resource') {
    item('学校', fields.school || fields.org, 'meta-org');
    item('层次', fields.level);
    item('形式', fields.format);
    item('专业', fields.major);
  } else if (hit.type === 'case') {
    item('企业', fields.enterprise || fields.org, 'meta-org');
    item('行业', fields.industry);
    item('年份', fields.year);
    item('地区', fields.region, 'meta-region');
  } else {
    item('单位', fields.org, 'meta-org');
    item('地区', fields.region, 'meta-region');
  }

  const snippet = el('p', { className: 'hit-snippet' });
  if (typeof hit.snippet_html === 'string') snippet.innerHTML = hit.snippet_html;

  const tagValues = [...(Array.isArray(fields.skills) ? fields.skills : []),
                     ...(Array.isArray(fields.tags) ? fields.tags : [])];
  const tags = tagValues.length
    ? el('ul', { className: 'hit-tags', 'aria-label': '技能与标签' },
         [...new Set(tagValues)].slice(0, 6).map((t) => el('li', {}, String(t))))
    : null;

  const date = fields.published_at
    ? el('p', { className: 'hit-date' }, `发布于 ${fields.published_at}`)
    : null;

  return el('li', { className: `hit hit-${type}`, 'data-id': hit.id, 'data-type': hit.type },
    el('article', { className: 'hit-card' },
      head,
      el('div', { className: 'hit-sub' }, salary, meta.children.length ? meta : null),
      snippet.textContent ? snippet : null,
      el('div', { className: 'hit-foot' }, tags, date)));
}

// ---------------------------------------------------------------- facets

const expandedFacets = new Set();

function renderFacets(state, facets) {
  const aside = $('facets');
  clear(aside);
  const keys = [...FACET_ORDER.filter((k) => k in facets || (k !== 'salary' && state[k]?.length)),
                ...Object.keys(facets).filter((k) => !FACET_ORDER.includes(k) && k in FACET_LABELS)];
  let groups = 0;
  for (const key of keys) {
    const values = Array.isArray(facets[key]) ? facets[key] : [];
    const group = key === 'salary'
      ? renderSalaryFacet(state, values)
      : renderListFacet(state, key, values);
    if (group) {
      aside.append(group);
      groups++;
    }
  }
  if (groups === 0) {
    aside.append(el('p', { className: 'facet-empty' }, '当前结果没有可用的筛选项。'));
  }
  if (hasFilters(state)) {
    const button = el('button', { type: 'button', className: 'link-button facet-clear' }, '清除筛选');
    button.addEventListener('click', () => newSearch(clearedFilters(state)));
    aside.append(button);
  }
  const count = LIST_FILTERS.reduce((n, f) => n + state[f].length, 0) +
                (state.salary_min || state.salary_max ? 1 : 0) + (state.published_after ? 1 : 0);
  $('filter-toggle').textContent = count ? `筛选（已选 ${count}）` : '筛选';
}

function facetGroup(key, options) {
  const id = `facet-${key}`;
  const list = el('ul', { className: 'facet-values', id: `${id}-values` });
  const group = el('section', { className: 'facet', 'aria-labelledby': `${id}-title`, 'data-facet': key },
    el('h2', { className: 'facet-title', id: `${id}-title` }, FACET_LABELS[key] || key), list);
  const shown = expandedFacets.has(key) ? options.length : FACET_VISIBLE;
  for (const [i, option] of options.entries()) {
    const li = el('li', {}, option);
    if (i >= shown && option.getAttribute('aria-pressed') !== 'true') li.hidden = true;
    list.append(li);
  }
  if (options.length > FACET_VISIBLE) {
    const more = el('button', {
      type: 'button', className: 'link-button facet-more',
      'aria-expanded': expandedFacets.has(key) ? 'true' : 'false', 'aria-controls': list.id,
    }, expandedFacets.has(key) ? '收起' : `更多（${options.length - FACET_VISIBLE}）`);
    more.addEventListener('click', () => {
      if (expandedFacets.has(key)) expandedFacets.delete(key);
      else expandedFacets.add(key);
      const open = expandedFacets.has(key);
      [...list.children].forEach((li, i) => {
        const pressed = li.firstChild.getAttribute('aria-pressed') === 'true';
        li.hidden = !open && i >= FACET_VISIBLE && !pressed;
      });
      more.setAttribute('aria-expanded', open ? 'true' : 'false');
      more.textContent = open ? '收起' : `更多（${options.length - FACET_VISIBLE}）`;
    });
    group.append(more);
  }
  return group;
}

function facetButton(label, count, pressed, onClick, data) {
  const button = el('button', {
    type: 'button', className: 'facet-value', 'aria-pressed': pressed ? 'true' : 'false', ...data,
  },
  el('span', { className: 'facet-check', 'aria-hidden': 'true' }),
  el('span', { className: 'facet-label' }, label),
  count === null ? null : el('span', { className: 'facet-count' }, String(count)));
  if (count !== null) button.setAttribute('aria-label', `${label}（${count} 条）`);
  button.addEventListener('click', onClick);
  return button;
}

function renderListFacet(state, key, values) {
  if (!LIST_FILTERS.includes(key)) return null;
  const selected = new Set(state[key]);
  const seen = new Set();
  const options = [];
  for (const entry of values) {
    if (!entry || typeof entry.value !== 'string' || !entry.value) continue;
    seen.add(entry.value);
    const on = selected.has(entry.value);
    const next = withChanges(state, {
      [key]: on ? state[key].filter((v) => v !== entry.value) : [...state[key], entry.value],
      page: 1,
    });
    options.push(facetButton(facetValueLabel(key, entry.value), Number(entry.count) || 0, on,
      () => newSearch(next), { 'data-value': entry.value }));
  }
  // A selected value the server did not count (e.g. restored from a URL) stays removable.
  for (const v of state[key]) {
    if (seen.has(v)) continue;
    const next = withChanges(state, { [key]: state[key].filter((x) => x !== v), page: 1 });
    options.unshift(facetButton(facetValueLabel(key, v), null, true, () => newSearch(next),
      { 'data-value': v }));
  }
  return options.length ? facetGroup(key, options) : null;
}

function renderSalaryFacet(state, values) {
  const options = [];
  for (const entry of values) {
    if (!entry || typeof entry.value !== 'string') continue;
    const min = Number.isFinite(entry.salary_min) ? String(entry.salary_min) : '';
    const max = Number.isFinite(entry.salary_max) ? String(entry.salary_max) : '';
    if (!min && !max) continue;
    const on = state.salary_min === min && state.salary_max === max;
    const next = withChanges(state, on
      ? { salary_min: '', salary_max: '', page: 1 }
      : { salary_min: min, salary_max: max, page: 1 });
    options.push(facetButton(entry.value, Number(entry.count) || 0, on, () => newSearch(next),
      { 'data-value': entry.value }));
  }
  return options.length ? facetGroup('salary', options) : null;
}

// ---------------------------------------------------------------- pagination

function pageWindow(page, last) {
  const pages = new Set([1, last]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out = [];
  for (const [i, p] of sorted.entries()) {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  }
  return out;
}

function renderPagination(state, total, size, page) {
  const nav = $('pagination');
  clear(nav);
  const last = Math.min(Math.ceil(total / size), MAX_PAGE);
  if (last <= 1) {
    show(nav, false);
    return;
  }
  const list = el('ul', { className: 'pages' });
  const link = (p, label, extra = {}) => el('a', {
    href: searchHref(withChanges(state, { page: p })), 'data-nav': '', 'data-page': p,
    'data-focus-results': '', ...extra,
  }, label);
  const disabled = (label, cls) => el('span', { className: `page-disabled ${cls}`, 'aria-disabled': 'true' }, label);

  list.append(el('li', {}, page > 1
    ? link(page - 1, '上一页', { className: 'page-prev', rel: 'prev' })
    : disabled('上一页', 'page-prev')));
  for (const p of pageWindow(Math.min(page, last), last)) {
    if (p === null) {
      list.append(el('li', { className: 'page-gap', 'aria-hidden': 'true' }, '…'));
    } else if (p === page) {
      list.append(el('li', {}, el('span', { className: 'page-current', 'aria-current': 'page' },
        el('span', { className: 'visually-hidden' }, '第 '), String(p),
        el('span', { className: 'visually-hidden' }, ' 页'))));
    } else {
      list.append(el('li', {}, link(p, String(p), { 'aria-label': `第 ${p} 页`, className: 'page-number' })));
    }
  }
  list.append(el('li', {}, page < last
    ? link(page + 1, '下一页', { className: 'page-next', rel: 'next' })
    : disabled('下一页', 'page-next')));
  nav.append(list);
  show(nav, true);
}

// ---------------------------------------------------------------- detail view

async function showDetail(id) {
  showView('detail');
  const status = $('detail-status');
  const content = $('detail-content');
  clear($('related'));

  // Back goes to the search this document was opened from.
  const back = $('back-link');
  const params = new URLSearchParams(location.search);
  params.delete('doc');
  const searchQs = params.toString();
  back.href = searchQs ? `?${searchQs}` : './';
  back.textContent = searchQs ? '← 返回搜索结果' : '← 返回首页';

  if (detailController) detailController.abort();
  detailController = new AbortController();
  const { signal } = detailController;

  show(content, false);
  status.className = 'status status-loading';
  status.replaceChildren(el('span', { className: 'spinner', 'aria-hidden': 'true' }), '正在加载…');
  show(status, true);
  document.title = '文档详情 - 产教搜索';

  try {
    const result = await apiGet(`documents/${encodeURIComponent(id)}`, signal);
    if (signal.aborted) return;
    renderDocument(result.document || {});
    show(status, false);
    show(content, true);
    $('detail-title').focus({ preventScroll: true });
  } catch (err) {
    if (err.name === 'AbortError') return;
    status.className = 'status status-error';
    status.replaceChildren(
      el('p', { className: 'status-title' }, err.status === 404 ? '没有找到这条内容' : '加载失败'),
      el('p', { className: 'error-message' }, err.status === 404
        ? `编号为“${id}”的内容不存在，可能已被删除。`
        : err.message));
  }
}

function renderDocument(doc) {
  const type = doc.type in TYPE_LABELS ? doc.type : 'other';
  const badge = $('detail-badge');
  badge.className = `badge badge-${type}`;
  badge.textContent = TYPE_LABELS[doc.type] || doc.type || '文档';
  $('detail-title').textContent = doc.title || doc.id || '';
  document.title = `${doc.title || doc.id} - 产教搜索`;

  const subtitle = $('detail-subtitle');
  subtitle.textContent = doc.type === 'job'
    ? formatSalary(doc.salary_min, doc.salary_max)
    : '';
  show(subtitle, Boolean(subtitle.textContent));

  const dl = $('detail-fields');
  clear(dl);
  const rows = [];
  const known = new Set(FIELD_LABELS.map(([k]) => k));
  const data = { ...doc };
  if (doc.type === 'job' || doc.salary_min || doc.salary_max) {
    data.salary = formatSalary(doc.salary_min, doc.salary_max);
  }
  for (const [key, label] of FIELD_LABELS) {
    if (key in data) rows.push([key, label, data[key]]);
  }
  for (const [key, value] of Object.entries(doc)) {
    if (!known.has(key) && !NOT_A_FIELD.has(key)) rows.push([key, key, value]);
  }
  for (const [key, label, value] of rows) {
    const dd = renderFieldValue(key, value);
    if (dd) dl.append(el('div', { className: `field field-${key}` }, el('dt', {}, label), dd));
  }

  const body = $('detail-body');
  clear(body);
  const text = typeof doc.body === 'string' ? doc.body.trim() : '';
  if (text) {
    for (const para of text.split(/\n\s*\n|\r?\n/)) {
      if (para.trim()) body.append(el('p', {}, para.trim()));
    }
  } else {
    body.append(el('p', { className: 'muted' }, '暂无详细介绍。'));
  }
}

function renderFieldValue(key, value) {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return el('dd', {}, el('ul', { className: 'inline-list' }, value.map((v) => el('li', {}, String(v)))));
  }
  if (key === 'url' && typeof value === 'string') {
    if (!isHttpUrl(value)) return el('dd', {}, value);
    return el('dd', {}, el('a', { href: value, rel: 'noopener noreferrer nofollow', target: '_blank' }, value));
  }
  if (typeof value === 'object') return el('dd', {}, JSON.stringify(value));
  return el('dd', {}, String(value));
}

// ---------------------------------------------------------------- suggestions

const input = $('q');
const listbox = $('suggestions');
let suggestTimer = 0;
let suggestController = null;
let activeIndex = -1;
let composing = false;

function closeSuggestions() {
  clearTimeout(suggestTimer);
  if (suggestController) suggestController.abort();
  suggestController = null;
  activeIndex = -1;
  clear(listbox);
  listbox.hidden = true;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

function scheduleSuggestions() {
  clearTimeout(suggestTimer);
  const text = input.value.trim();
  if (!text) {
    closeSuggestions();
    return;
  }
  suggestTimer = setTimeout(() => fetchSuggestions(text), SUGGEST_DELAY_MS);
}

async function fetchSuggestions(text) {
  if (suggestController) suggestController.abort();
  suggestController = new AbortController();
  const { signal } = suggestController;
  try {
    const result = await apiGet(`suggest?${new URLSearchParams({ q: text })}`, signal);
    if (signal.aborted || input.value.trim() !== text || document.activeElement !== input) return;
    renderSuggestions(Array.isArray(result.suggestions) ? result.suggestions : []);
  } catch (err) {
    if (err.name !== 'AbortError') closeSuggestions();   // suggestions are optional
  }
}

function renderSuggestions(items) {
  clear(listbox);
  activeIndex = -1;
  input.removeAttribute('aria-activedescendant');
  const seen = new Set();
  for (const item of items) {
    const text = item && typeof item.text === 'string' ? item.text : '';
    if (!text || seen.has(text)) continue;
    seen.add(text);
    const option = el('li', {
      id: `suggestion-${seen.size - 1}`, role: 'option', className: 'suggestion',
      'aria-selected': 'false', 'data-text': text,
    }, el('span', { className: 'suggestion-text' }, text));
    if (item.kind) {
      option.append(el('span', { className: 'suggestion-kind' }, SUGGESTION_KINDS[item.kind] || item.kind));
    }
    // mousedown, not click: keep focus in the input so blur does not close the list first.
    option.addEventListener('mousedown', (event) => {
      event.preventDefault();
      chooseSuggestion(text);
    });
    listbox.append(option);
  }
  const open = listbox.children.length > 0;
  listbox.hidden = !open;
  input.setAttribute('aria-expanded', open ? 'true' : 'false');
}

function setActive(index) {
  const options = [...listbox.children];
  if (options.length === 0) return;
  activeIndex = (index + options.length) % options.length;
  options.forEach((option, i) => option.setAttribute('aria-selected', i === activeIndex ? 'true' : 'false'));
  const active = options[activeIndex];
  input.setAttribute('aria-activedescendant', active.id);
  active.scrollIntoView({ block: 'nearest' });
}

function chooseSuggestion(text) {
  input.value = text;
  closeSuggestions();
  submitQuery();
}

function submitQuery() {
  const q = input.value.trim();
  closeSuggestions();
  if (!q && !hasFilters(current)) {
    input.focus();
    return;
  }
  const base = views.detail.hidden ? current : searchFromParams(new URLSearchParams(location.search));
  newSearch(withChanges(base, { q, page: 1 }));
}

input.addEventListener('compositionstart', () => { composing = true; });
input.addEventListener('compositionend', () => {
  composing = false;
  scheduleSuggestions();
});
input.addEventListener('input', () => {
  if (!composing) scheduleSuggestions();
});
input.addEventListener('blur', () => setTimeout(() => {
  if (document.activeElement !== input) closeSuggestions();
}, 0));
input.addEventListener('keydown', (event) => {
  // An IME is converting pinyin: its Enter/arrows belong to the IME.
  if (event.isComposing || event.keyCode === 229) return;
  const open = !listbox.hidden && listbox.children.length > 0;
  if (event.key === 'ArrowDown') {
    if (open) setActive(activeIndex + 1);
    else scheduleSuggestions();
    event.preventDefault();
  } else if (event.key === 'ArrowUp') {
    if (open) {
      setActive(activeIndex - 1);
      event.preventDefault();
    }
  } else if (event.key === 'Enter') {
    if (open && activeIndex >= 0) {
      event.preventDefault();
      chooseSuggestion(listbox.children[activeIndex].dataset.text);
    }
    // Otherwise the form submits.
  } else if (event.key === 'Escape') {
    if (open) {
      event.preventDefault();
      closeSuggestions();
    }
  }
});

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  submitQuery();
});

// ---------------------------------------------------------------- wiring

$('sort').addEventListener('change', (event) => {
  newSearch(withChanges(current, { sort: event.target.value, page: 1 }));
});

$('clear-filters').addEventListener('click', () => newSearch(clearedFilters(current)));

$('filter-toggle').addEventListener('click', () => {
  const toggle = $('filter-toggle');
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  $('facets').classList.toggle('open', open);
});

// Same-page links (data-nav) navigate without a reload; modified clicks open tabs as usual.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 ||
      event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[data-nav]');
  if (!link) return;
  event.preventDefault();
  // "Back to results" after opening a document from the results: a real Back,
  // so the results come back from history (and cache) at the same scroll position.
  if (link.id === 'back-link' && history.state && history.state.fromSearch) {
    history.back();
    return;
  }
  const toDoc = /#\/doc\//.test(link.getAttribute('href'));
  navigate(link.href, {
    focusResults: link.hasAttribute('data-focus-results'),
    state: { fromSearch: toDoc && !views.search.hidden },
  });
});

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
  event.preventDefault();
  input.focus();
  input.select();
});

window.addEventListener('popstate', (event) => {
  const y = event.state && typeof event.state.scrollY === 'number' ? event.state.scrollY : 0;
  route({ restoreScroll: y, fromCache: true });
});

if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
route();
