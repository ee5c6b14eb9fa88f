// Chanjiao search page: routing and history. The views live in lib/.
//
// One page, three views, chosen by the URL:
//   ?q=工程师&type=job&region=长沙&sort=date&page=2   search results (the query
//                                                   string is the API's)
//   …#/doc/ID  or  ?doc=ID                          one document
//   (neither)                                       the landing view
// Every new search or document is a history entry (pushState), and popstate
// re-renders from the URL, so Back and Forward work and any view can be linked.

import { apiGet } from './lib/api.js';
import { showDetailError, showDetailLoading, showDocument } from './lib/detail_view.js';
import { $, show } from './lib/dom.js';
import { initResultsView, showControls, showError, showLoading, showResults } from './lib/results_view.js';
import {
  clearedFilters, docIdFromUrl, emptySearch, hasFilters, isEmptySearch, paramsFromSearch,
  searchFromParams, searchHref, withChanges,
} from './lib/search_state.js';
import { initPasteMatch } from './lib/paste_match.js';
import { initSuggest } from './lib/suggest.js';

const SITE_TITLE = '产教搜索';
const CACHE_LIMIT = 20;

const views = { welcome: $('welcome-view'), search: $('search-view'), detail: $('detail-view') };
const input = $('q');
const suggest = initSuggest({ input, listbox: $('suggestions'), onChoose: () => submitQuery() });
initPasteMatch({
  form: $('paste-form'), text: $('paste-text'), type: $('paste-type'),
  status: $('paste-status'), results: $('paste-results'),
});

let current = emptySearch();   // the search on screen, or the last one shown
let searchController = null;   // aborts a superseded search
let detailController = null;
const responses = new Map();   // API query string → response, for instant Back/Forward

function showView(name) {
  for (const [key, node] of Object.entries(views)) show(node, key === name);
}

function remember(key, value) {
  responses.delete(key);
  responses.set(key, value);
  if (responses.size > CACHE_LIMIT) responses.delete(responses.keys().next().value);
}

// ---------------------------------------------------------------- routing

// Renders what the address bar says. `fromHistory` (Back/Forward) reuses a
// response already shown and restores the scroll position stored with the entry.
async function route({ fromHistory = false } = {}) {
  suggest.close();
  const url = new URL(location.href);
  const docId = docIdFromUrl(url);
  if (docId) {
    input.value = searchFromParams(url.searchParams).q;
    await openDocument(docId, url);
  } else {
    const state = searchFromParams(url.searchParams);
    input.value = state.q;
    if (isEmptySearch(state)) {
      current = state;
      showView('welcome');
      document.title = `${SITE_TITLE} · 岗位、课程与企业案例`;
    } else {
      await runSearch(state, { useCache: fromHistory });
    }
  }
  if (fromHistory) window.scrollTo(0, history.state?.scrollY ?? 0);
}

// A new history entry for `href`, then render it. `entry` is kept in history.state.
async function navigate(href, { entry = {}, focus = null } = {}) {
  history.replaceState({ ...(history.state || {}), scrollY: window.scrollY }, '');
  history.pushState({ ...entry, app: true }, '', new URL(href, location.href));
  window.scrollTo(0, 0);
  await route();
  if (focus) focus();
}

function search(state, options) {
  return navigate(searchHref(state), options);
}

// ---------------------------------------------------------------- search

async function runSearch(state, { useCache = false } = {}) {
  current = state;
  showView('search');
  showControls(state);
  document.title = `${state.q || '筛选结果'} - ${SITE_TITLE}`;

  const key = paramsFromSearch(state).toString();
  if (searchController) searchController.abort();
  if (useCache && responses.has(key)) {
    showResults(state, responses.get(key));
    return;
  }
  const controller = new AbortController();
  searchController = controller;
  showLoading(true);
  try {
    const result = await apiGet(`search?${key}`, controller.signal);
    if (controller.signal.aborted) return;
    remember(key, result);
    showResults(state, result);
  } catch (err) {
    if (err.name !== 'AbortError') showError(state, err, () => runSearch(state));
  }
}

function submitQuery() {
  const q = input.value.trim();
  suggest.close();
  if (!q && !hasFilters(current)) {
    input.focus();
    return;
  }
  // From a document page, keep the filters of the search it was opened from.
  const base = views.detail.hidden ? current : searchFromParams(new URL(location.href).searchParams);
  search(withChanges(base, { q, page: 1 }));
}

// ---------------------------------------------------------------- document

async function openDocument(id, url) {
  showView('detail');
  document.title = `内容详情 - ${SITE_TITLE}`;
  const params = new URLSearchParams(url.searchParams);
  params.delete('doc');
  const fromSearch = !isEmptySearch(searchFromParams(params));
  showDetailLoading(fromSearch ? `?${params}` : './', fromSearch ? '← 返回搜索结果' : '← 返回首页');

  if (detailController) detailController.abort();
  const controller = new AbortController();
  detailController = controller;
  try {
    const { document: doc } = await apiGet(`documents/${encodeURIComponent(id)}`, controller.signal);
    if (controller.signal.aborted) return;
    showDocument(doc && typeof doc === 'object' ? doc : { id });
    document.title = `${doc?.title || id} - ${SITE_TITLE}`;
    $('detail-title').focus({ preventScroll: true });
  } catch (err) {
    if (err.name !== 'AbortError') showDetailError(err, id);
  }
}

// ---------------------------------------------------------------- wiring

initResultsView({ search: (state) => search(state) });

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  submitQuery();
});

$('sort').addEventListener('change', (event) => {
  search(withChanges(current, { sort: event.target.value, page: 1 }));
});

$('clear-filters').addEventListener('click', () => search(clearedFilters(current)));

$('filter-toggle').addEventListener('click', () => {
  const toggle = $('filter-toggle');
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  $('facets').classList.toggle('open', open);
});

// Same-page links (a[data-nav]) change the view without a reload; clicks with
// a modifier key open a tab as usual.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 ||
      event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[data-nav]');
  if (!link) return;
  event.preventDefault();
  // Back to the results a document was opened from: a real Back, so the
  // results return from history at the same scroll position.
  if (link.id === 'back-link' && history.state?.openedFromResults) {
    history.back();
    return;
  }
  const toDocument = link.getAttribute('href').includes('#/doc/');
  const toPage = link.hasAttribute('data-page');
  navigate(link.href, {
    entry: { openedFromResults: toDocument && !views.search.hidden },
    focus: toPage ? () => $('summary').focus({ preventScroll: true }) : null,
  });
});

// "/" jumps to the search box from anywhere but a text field.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest('input, textarea, select, [contenteditable="true"]')) return;
  event.preventDefault();
  input.focus();
  input.select();
});

window.addEventListener('popstate', () => route({ fromHistory: true }));

if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
route();
