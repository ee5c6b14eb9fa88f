// The search a page URL describes, and back. Pure functions, no DOM: unit-tested
// in Node (tests/format_state.test.mjs).
//
// The page's query string uses the /api/v1/search parameter names, so one
// URLSearchParams serves both the address bar and the API call:
//   ?q=工程师&type=job&region=长沙&sort=date&page=2

export const DEFAULT_SIZE = 10;
// The API serves results 1..1000 only (page * size beyond that is a 400).
export const MAX_RESULT_DEPTH = 1000;

// Filters sent as repeatable parameters, in chip order.
export const LIST_FILTERS = Object.freeze(['type', 'region', 'industry', 'education', 'major', 'org']);
// Filters the API accepts several values of (ORed). The server reads one value
// for the others, so selecting a second one replaces the first.
export const MULTI_VALUE_FILTERS = Object.freeze(new Set(['type']));

const SORTS = ['relevance', 'date', 'salary'];

export function emptySearch() {
  const state = { q: '', sort: 'relevance', page: 1, size: DEFAULT_SIZE,
                  salary_min: '', salary_max: '', published_after: '' };
  for (const f of LIST_FILTERS) state[f] = [];
  return state;
}

// Lenient: anything malformed in a hand-edited URL falls back to its default.
export function searchFromParams(params) {
  const state = emptySearch();
  state.q = (params.get('q') || '').trim();
  for (const f of LIST_FILTERS) {
    const values = [...new Set(params.getAll(f).map((v) => v.trim()).filter(Boolean))];
    state[f] = MULTI_VALUE_FILTERS.has(f) ? values : values.slice(0, 1);
  }
  for (const f of ['salary_min', 'salary_max']) {
    const v = params.get(f) || '';
    state[f] = /^\d{1,8}$/.test(v) ? String(Number(v)) : '';
  }
  const after = params.get('published_after') || '';
  state.published_after = /^\d{4}-\d{2}-\d{2}$/.test(after) ? after : '';
  const sort = params.get('sort');
  state.sort = SORTS.includes(sort) ? sort : 'relevance';
  state.page = positiveInt(params.get('page')) || 1;
  state.size = positiveInt(params.get('size')) || DEFAULT_SIZE;
  return state;
}

function positiveInt(text) {
  if (!/^\d{1,6}$/.test(text || '')) return 0;
  return Number(text);
}

// Parameters for both the page URL and the API call; defaults are left out.
export function paramsFromSearch(state) {
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

// A relative link to the search ("./" for none, so it resolves to the page itself).
export function searchHref(state) {
  const qs = paramsFromSearch(state).toString();
  return qs ? `?${qs}` : './';
}

export function docHref(state, id) {
  const qs = paramsFromSearch(state).toString();
  return `${qs ? `?${qs}` : './'}#/doc/${encodeURIComponent(id)}`;
}

export function hasFilters(state) {
  return LIST_FILTERS.some((f) => state[f].length > 0) ||
         Boolean(state.salary_min || state.salary_max || state.published_after);
}

export function filterCount(state) {
  return LIST_FILTERS.reduce((n, f) => n + state[f].length, 0) +
         (state.salary_min || state.salary_max ? 1 : 0) + (state.published_after ? 1 : 0);
}

export function isEmptySearch(state) {
  return !state.q && !hasFilters(state);
}

export function withChanges(state, changes) {
  return { ...structuredClone(state), ...changes };
}

// Every change of the result set starts again at page 1.
export function toggleFilter(state, field, value) {
  const values = state[field];
  let next;
  if (values.includes(value)) next = values.filter((v) => v !== value);
  else next = MULTI_VALUE_FILTERS.has(field) ? [...values, value] : [value];
  return withChanges(state, { [field]: next, page: 1 });
}

export function clearedFilters(state) {
  const next = withChanges(state, { salary_min: '', salary_max: '', published_after: '', page: 1 });
  for (const f of LIST_FILTERS) next[f] = [];
  return next;
}

// The document a URL shows (`#/doc/ID` or `?doc=ID`), or null for a search.
export function docIdFromUrl(url) {
  const hash = url.hash.match(/^#\/doc\/(.+)$/);
  if (hash) {
    try {
      return decodeURIComponent(hash[1]);
    } catch {
      return hash[1];
    }
  }
  return url.searchParams.get('doc') || null;
}

// The last page a pager may offer for `total` results.
export function lastPage(total, size) {
  return Math.max(0, Math.min(Math.ceil(total / size), Math.floor(MAX_RESULT_DEPTH / size)));
}

// Page numbers around `page` for a pager of `last` pages; null marks a gap.
export function pageWindow(page, last, radius = 2) {
  const pages = new Set([1, last]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out = [];
  for (const [i, p] of sorted.entries()) {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  }
  return out;
}
