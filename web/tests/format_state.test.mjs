// Unit tests for the UI's pure modules (display formats, URL <-> search state).
// No browser, no server:  node web/tests/format_state.test.mjs
// (lib/*.js are ES modules without a package.json: Node 20.19+ detects that.)

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatSalary, formatSalaryBand, isHttpUrl } from '../lib/format.js';
import {
  clearedFilters, docIdFromUrl, lastPage, pageWindow, paramsFromSearch, searchFromParams,
  searchHref, toggleFilter,
} from '../lib/search_state.js';

test('salaries read as thousands per month, 面议 when absent', () => {
  const rows = [
    [8000, 12000, '8k-12k/月'],
    [7500, 10000, '7.5k-10k/月'],
    [15000, 15000, '15k/月'],
    [25000, undefined, '25k以上/月'],
    [undefined, 5000, '5k以下/月'],
    [500, 800, '500-800/月'],
    [undefined, undefined, '面议'],
    [0, 0, '面议'],
    ['8000', '12000', '面议'],   // not numbers: never guessed
  ];
  for (const [min, max, expected] of rows) assert.equal(formatSalary(min, max), expected, `${min}–${max}`);
});

test('salary filter bands label the URL parameters', () => {
  assert.equal(formatSalaryBand('5000', '10000'), '5k-10k');
  assert.equal(formatSalaryBand('25000', ''), '25k以上');
  assert.equal(formatSalaryBand('', '5000'), '5k以下');
});

test('only http(s) URLs count as links', () => {
  assert.ok(isHttpUrl('https://jobs.example.com/a'));
  assert.ok(isHttpUrl('http://x.test/'));
  for (const bad of ['javascript:alert(1)', 'data:text/html,<b>', '/relative', 'not a url']) {
    assert.ok(!isHttpUrl(bad), bad);
  }
});

test('a search survives the round trip through the URL', () => {
  const url = '?q=%E5%B7%A5%E7%A8%8B%E5%B8%88&type=job&type=case&region=%E9%95%BF%E6%B2%99&salary_min=5000&salary_max=10000&published_after=2026-01-01&sort=date&page=2';
  const state = searchFromParams(new URLSearchParams(url));
  assert.equal(state.q, '工程师');
  assert.deepEqual(state.type, ['job', 'case']);
  assert.deepEqual(state.region, ['长沙']);
  assert.equal(state.sort, 'date');
  assert.equal(state.page, 2);
  assert.equal(searchHref(state), url);
});

test('defaults stay out of the URL and bad values fall back to them', () => {
  const state = searchFromParams(new URLSearchParams('q=+java+&sort=bogus&page=-3&size=x&salary_min=abc&published_after=2026-1-1'));
  assert.equal(state.q, 'java');
  assert.equal(state.sort, 'relevance');
  assert.equal(state.page, 1);
  assert.equal(state.salary_min, '');
  assert.equal(state.published_after, '');
  assert.equal(paramsFromSearch(state).toString(), 'q=java');
  assert.equal(searchHref(searchFromParams(new URLSearchParams(''))), './');
});

test('type takes several values; the single-valued filters keep one', () => {
  const state = searchFromParams(new URLSearchParams('q=a&region=长沙&region=北京'));
  assert.deepEqual(state.region, ['长沙'], 'the server reads one region');
  const both = toggleFilter(toggleFilter(state, 'type', 'job'), 'type', 'case');
  assert.deepEqual(both.type, ['job', 'case']);
  assert.deepEqual(toggleFilter(state, 'region', '北京').region, ['北京'], 'a second region replaces the first');
  assert.deepEqual(toggleFilter(state, 'region', '长沙').region, [], 'toggling the selected value removes it');
});

test('changing filters returns to page 1 and keeps the query', () => {
  const state = searchFromParams(new URLSearchParams('q=a&type=job&page=4&sort=salary'));
  assert.equal(toggleFilter(state, 'region', '长沙').page, 1);
  const cleared = clearedFilters(state);
  assert.equal(searchHref(cleared), '?q=a&sort=salary');
  assert.deepEqual(state.type, ['job'], 'the original is not modified');
});

test('documents are addressed by #/doc/ID or ?doc=ID', () => {
  assert.equal(docIdFromUrl(new URL('http://h/?q=a#/doc/job-0001')), 'job-0001');
  assert.equal(docIdFromUrl(new URL('http://h/#/doc/a%3Ab')), 'a:b');
  assert.equal(docIdFromUrl(new URL('http://h/?doc=res-0002')), 'res-0002');
  assert.equal(docIdFromUrl(new URL('http://h/?q=a')), null);
});

test('the pager stops at the API depth limit and elides far pages', () => {
  assert.equal(lastPage(70, 10), 7);
  assert.equal(lastPage(5000, 10), 100);
  assert.equal(lastPage(5000, 50), 20);
  assert.equal(lastPage(0, 10), 0);
  assert.deepEqual(pageWindow(1, 7), [1, 2, 3, null, 7]);
  assert.deepEqual(pageWindow(5, 10), [1, null, 3, 4, 5, 6, 7, null, 10]);
  assert.deepEqual(pageWindow(2, 3), [1, 2, 3]);
});
