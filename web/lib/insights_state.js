// The dashboard's filters as the URL says them, and back; links to the search
// behind each chart. Pure functions, no DOM (unit-testable in Node).
//
// The parameter names are those of /api/v1/search and /api/v1/insights/*, so
// one query string serves the address bar, the API calls and the search links:
//   insights.html?q=数据&region=长沙&published_after=2025-01-01

export const TEXT_FILTERS = Object.freeze(['region', 'industry', 'education', 'major']);
export const DATE_FILTERS = Object.freeze(['published_after', 'published_before']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function emptyFilters() {
  const state = { q: '' };
  for (const f of [...TEXT_FILTERS, ...DATE_FILTERS]) state[f] = '';
  return state;
}

// Lenient: a malformed value in a hand-edited URL is dropped.
export function filtersFromParams(params) {
  const state = emptyFilters();
  state.q = (params.get('q') || '').trim();
  for (const f of TEXT_FILTERS) state[f] = (params.get(f) || '').trim();
  for (const f of DATE_FILTERS) {
    const v = (params.get(f) || '').trim();
    state[f] = DATE.test(v) ? v : '';
  }
  return state;
}

export function paramsFromFilters(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const f of [...TEXT_FILTERS, ...DATE_FILTERS]) if (state[f]) params.set(f, state[f]);
  return params;
}

// The job search a chart element stands for: the dashboard's filters, with
// `overrides` (e.g. { q: 'Python' } for a skill, { education: '本科' }).
export function jobSearchHref(state, overrides = {}) {
  const params = paramsFromFilters({ ...state, ...overrides });
  params.set('type', 'job');
  return `./?${params.toString()}`;
}

// Clicking a skill searches for it within the current query's postings.
export function skillSearchHref(state, skill) {
  const q = state.q ? `${state.q} ${skill}` : skill;
  return jobSearchHref(state, { q });
}

export function querySearchHref(query) {
  return `./?${new URLSearchParams({ q: query }).toString()}`;
}
