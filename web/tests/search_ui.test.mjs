// Browser tests for the search UI: the real chanjiao-server on an ephemeral
// loopback port, driven through Debian's headless Chromium (never a downloaded
// browser).
//
//   node web/tests/search_ui.test.mjs --server build/chanjiao-server \
//       --index <index dir> --web web [--artifacts DIR]
//
// Flags fall back to CHANJIAO_SERVER, CHANJIAO_INDEX, CHANJIAO_WEB (default:
// the web/ folder beside this file) and CHANJIAO_ARTIFACTS (default:
// build/test-artifacts in the repository). CHANJIAO_CHROMIUM overrides
// /usr/bin/chromium. Screenshots of the desktop and phone layouts, and of any
// failing step, are written to the artifacts folder.
//
// The index should hold the sample corpus: the checks need Chinese hits for
// 工程师 (more than one page of them, of more than one type), completions for
// shuj / 数据 and a spelling correction for 软件工成师.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  api, artifact, closeBrowser, DESKTOP, launchBrowser, openContext,
  PHONE, problems, server, startServer, step, stopServer,
} from './harness.mjs';

const QUERY = '工程师';
const NO_HITS_QUERY = 'qxzjvkwq';
const PARTIAL_QUERY = '前端 工程师';  // 4 sample documents have both words
const MISSPELLED = '软件工成师';
const XSS = '<img src=x onerror=alert(1)>';
const SALARY_TEXT = /^(\d+(\.\d)?k(-\d+(\.\d)?k)?(以上|以下)?\/月|面议)$/;

let desktop = null;  // { context, page }

// The search view has finished loading (results, empty state or error).
async function settled(page) {
  await page.waitForFunction(() => {
    const view = document.getElementById('search-view');
    const results = document.querySelector('.results');
    return view && !view.hidden && results.getAttribute('aria-busy') === 'false';
  });
}

async function gotoSearch(page, query) {
  await page.goto(`${server.base}/?${new URLSearchParams(query)}`);
  await settled(page);
}

async function waitForParams(page, predicate) {
  await page.waitForURL((url) => predicate(url.searchParams));
  await settled(page);
}

async function shownTotal(page) {
  const text = await page.locator('#summary .total').textContent();
  return Number(text.replace(/[^\d]/g, ''));
}

async function hitIds(page) {
  return page.locator('#hits > li:not(.partial-divider)')
    .evaluateAll((items) => items.map((li) => li.dataset.id));
}

async function noHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

// ---------------------------------------------------------------- setup

before(async () => {
  await startServer();
  await launchBrowser();
  desktop = await openContext(DESKTOP);
});

after(async () => {
  await closeBrowser();
  await stopServer();
});

// ---------------------------------------------------------------- checks

test('landing page is Chinese-first, keyboard-ready and locked down by CSP', async () => {
  const { page } = desktop;
  await step(page, 'landing', async () => {
    await page.goto(`${server.base}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const box = page.locator('#q');
    assert.match(await box.getAttribute('placeholder'), /拼音/);
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:/);
    await page.locator('#welcome-view').waitFor();
    // "/" from anywhere jumps to the search box.
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  });
});

test('typing a Chinese query and pressing Enter shows typed cards with <mark> highlights', async () => {
  const { page } = desktop;
  await step(page, 'search', async () => {
    await page.goto(`${server.base}/`);
    await page.locator('#q').click();
    await page.keyboard.type(QUERY);
    await page.keyboard.press('Enter');   // no suggestion is selected, so the typed text is searched
    await waitForParams(page, (p) => p.get('q') === QUERY);

    const expected = (await api(`/api/v1/search?${new URLSearchParams({ q: QUERY })}`)).body;
    assert.ok(expected.total > 0, `the index has no hits for ${QUERY}`);
    assert.equal(await shownTotal(page), expected.total, 'summary total matches the API');
    assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id), 'cards in API order');
    assert.ok(await page.locator('#hits mark').count() > 0, 'a <mark> highlights a matched word');

    const cards = await page.locator('#hits > li').evaluateAll((items) => items.map((li) => ({
      type: li.dataset.type,
      badge: li.querySelector('.badge').textContent,
      title: li.querySelector('.hit-title').textContent,
      salary: li.querySelector('.hit-salary')?.textContent ?? null,
    })));
    const badges = { job: '岗位', resource: '教学资源', case: '企业案例' };
    for (const [i, card] of cards.entries()) {
      assert.equal(card.badge, badges[card.type], `card ${i} badge`);
      assert.equal(card.title, expected.hits[i].title, `card ${i} title text equals the document title`);
      if (card.type === 'job') assert.match(card.salary, SALARY_TEXT, `card ${i} salary`);
      else assert.equal(card.salary, null, `card ${i}: only jobs show a salary`);
    }
    await page.screenshot({ path: artifact('desktop-results.png'), fullPage: true });
  });
});

test('a type facet narrows the results, shows a removable chip and updates the URL', async () => {
  const { page } = desktop;
  await step(page, 'facet', async () => {
    await gotoSearch(page, { q: QUERY });
    const unfiltered = await shownTotal(page);
    const facet = page.locator('button.facet-value[data-facet="type"][data-value="job"]');
    assert.ok(await facet.locator('.facet-count').textContent(), 'the facet shows a count');
    assert.equal(await facet.getAttribute('aria-pressed'), 'false');
    const jobsOnly = (await api(`/api/v1/search?${new URLSearchParams({ q: QUERY, type: 'job' })}`)).body;

    await facet.click();
    await waitForParams(page, (p) => p.getAll('type').join() === 'job' && p.get('q') === QUERY);
    assert.equal(await page.locator('#chips .chip').count(), 1);
    assert.match(await page.locator('#chips .chip').textContent(), /岗位/);
    const filtered = await shownTotal(page);
    assert.equal(filtered, jobsOnly.total, 'the total is the API total for the filtered search');
    assert.ok(filtered < unfiltered, `total changes (${unfiltered} → ${filtered}); the index needs non-job hits for ${QUERY}`);
    const types = await page.locator('#hits > li:not(.partial-divider)').evaluateAll((items) => items.map((li) => li.dataset.type));
    assert.ok(types.length > 0 && types.every((t) => t === 'job'), 'only jobs are listed');
    assert.equal(await page.locator('button.facet-value[data-facet="type"][data-value="job"]').getAttribute('aria-pressed'), 'true');

    // A second facet combines with the first.
    const region = page.locator('button.facet-value[data-facet="region"]').first();
    const regionValue = await region.getAttribute('data-value');
    await region.click();
    await waitForParams(page, (p) => p.get('region') === regionValue && p.get('type') === 'job');
    assert.equal(await page.locator('#chips .chip').count(), 2);
    const both = (await api(`/api/v1/search?${new URLSearchParams({ q: QUERY, type: 'job', region: regionValue })}`)).body;
    assert.equal(await shownTotal(page), both.total);
    const regions = await page.locator('#hits > li:not(.partial-divider)').evaluateAll((items) => items.map((li) => li.dataset.type));
    assert.ok(regions.length > 0 && regions.every((t) => t === 'job'));

    // Removing the type chip keeps the region; 清除筛选 drops everything.
    await page.locator('#chips .chip', { hasText: '岗位' }).locator('.chip-remove').click();
    await waitForParams(page, (p) => !p.has('type') && p.get('region') === regionValue);
    assert.equal(await page.locator('#chips .chip').count(), 1);
    await page.locator('#clear-filters').click();
    await waitForParams(page, (p) => !p.has('type') && !p.has('region') && p.get('q') === QUERY);
    assert.equal(await shownTotal(page), unfiltered, 'total is back to the unfiltered one');
    assert.ok(await page.locator('#active-filters').isHidden());

    // Back undoes the last filter change.
    await page.goBack();
    await waitForParams(page, (p) => p.get('region') === regionValue);
    assert.equal(await page.locator('#chips .chip').count(), 1);
  });
});

test('sorting by date lists the newest first and is kept in the URL', async () => {
  const { page } = desktop;
  await step(page, 'sort', async () => {
    await gotoSearch(page, { q: QUERY });
    await page.locator('#sort').selectOption('date');
    await waitForParams(page, (p) => p.get('sort') === 'date');
    const dates = await page.locator('#hits .hit-date').allTextContents();
    assert.ok(dates.length > 1, 'cards show publication dates');
    const days = dates.map((d) => d.match(/\d{4}-\d{2}-\d{2}/)[0]);
    assert.deepEqual(days, [...days].sort().reverse(), 'newest first');

    await page.locator('#sort').selectOption('salary');
    await waitForParams(page, (p) => p.get('sort') === 'salary');
    await page.reload();
    await settled(page);
    assert.equal(await page.locator('#sort').inputValue(), 'salary', 'reloading restores the sort');
  });
});

test('pagination moves to page 2 and back within the total', async () => {
  const { page } = desktop;
  await step(page, 'pagination', async () => {
    await gotoSearch(page, { q: QUERY });
    const total = await shownTotal(page);
    assert.ok(total > 10, `more than one page of hits for ${QUERY} (got ${total})`);
    const first = await hitIds(page);
    assert.ok(await page.locator('#pagination .page-prev[aria-disabled="true"]').count() === 1);
    const lastPage = Math.min(Math.ceil(total / 10), 100);
    const numbers = await page.locator('#pagination [data-page]').evaluateAll((links) => links.map((a) => Number(a.dataset.page)));
    assert.ok(Math.max(...numbers) === lastPage, `the pager ends at page ${lastPage}`);

    await page.locator('#pagination .page-next').click();
    await waitForParams(page, (p) => p.get('page') === '2');
    const second = await hitIds(page);
    assert.ok(second.length > 0 && !second.some((id) => first.includes(id)), 'page 2 shows other documents');
    assert.equal(await page.locator('#pagination .page-current').textContent(), '第 2 页');

    await page.locator('#pagination .page-prev').click();
    await waitForParams(page, (p) => !p.has('page'));
    assert.deepEqual(await hitIds(page), first);
  });
});

test('a document opens in the detail view and Back restores the results', async () => {
  const { page } = desktop;
  await step(page, 'detail', async () => {
    await gotoSearch(page, { q: QUERY, page: '2' });
    const ids = await hitIds(page);
    const card = page.locator('#hits > li').first();
    const title = await card.locator('.hit-title').textContent();

    await card.locator('.hit-link').click();
    await page.waitForURL((url) => url.hash === `#/doc/${encodeURIComponent(ids[0])}`);
    await page.locator('#detail-content').waitFor();
    assert.equal(await page.locator('#detail-title').textContent(), title);
    assert.ok(await page.locator('#detail-fields .field').count() > 2, 'fields are listed');
    assert.ok((await page.locator('#detail-body').textContent()).length > 10, 'the body is shown');
    assert.equal(await page.locator('#detail-view section#related').count(), 1, 'the #related placeholder exists');
    await page.screenshot({ path: artifact('desktop-detail.png'), fullPage: true });

    await page.goBack();
    await waitForParams(page, (p) => p.get('q') === QUERY && p.get('page') === '2');
    assert.equal(new URL(page.url()).hash, '');
    assert.deepEqual(await hitIds(page), ids, 'Back shows the same results');

    // The on-page back link does the same.
    await page.locator('#hits .hit-link').first().click();
    await page.locator('#detail-content').waitFor();
    await page.locator('#back-link').click();
    await waitForParams(page, (p) => p.get('page') === '2');
    assert.deepEqual(await hitIds(page), ids);

    // Direct links: ?doc=ID, and an unknown id.
    await page.goto(`${server.base}/?doc=${encodeURIComponent(ids[0])}`);
    await page.locator('#detail-content').waitFor();
    assert.equal(await page.locator('#detail-title').textContent(), title);
    await page.goto(`${server.base}/#/doc/no-such-document`);
    await page.locator('#detail-status.status-error').waitFor();
    assert.match(await page.locator('#detail-status').textContent(), /没有找到/);
  });
});

test('a query without results shows the empty state with tips', async () => {
  const { page } = desktop;
  await step(page, 'empty', async () => {
    const expected = (await api(`/api/v1/search?${new URLSearchParams({ q: NO_HITS_QUERY })}`)).body;
    assert.equal(expected.total, 0, `${NO_HITS_QUERY} is expected to match nothing`);
    await gotoSearch(page, { q: NO_HITS_QUERY });
    const status = page.locator('#status.status-empty');
    await status.waitFor();
    assert.match(await status.textContent(), new RegExp(`没有找到.*${NO_HITS_QUERY}`));
    assert.ok(await page.locator('#status .tips li').count() >= 3);
    assert.equal(await page.locator('#hits > li').count(), 0);
    assert.ok(await page.locator('#pagination').isHidden());
  });
});

test('partial matches follow the full ones behind a divider, and the summary counts both', async () => {
  const { page } = desktop;
  await step(page, 'partial', async () => {
    const expected = (await api(`/api/v1/search?${new URLSearchParams({ q: PARTIAL_QUERY })}`)).body;
    const full = expected.full_matches;
    assert.ok(full > 0 && full < expected.hits.length,
      `${PARTIAL_QUERY} is expected to have a few full matches and partial ones on page 1`);
    await gotoSearch(page, { q: PARTIAL_QUERY });
    assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
    assert.match(await page.locator('#summary .full-matches').textContent(), new RegExp(`其中 ${full} 条包含全部关键词`));
    // The divider stands right after the last full match, once.
    const divider = page.locator('#hits > li.partial-divider');
    assert.equal(await divider.count(), 1);
    const before = await page.locator('#hits > li').evaluateAll(
      (items) => items.findIndex((li) => li.classList.contains('partial-divider')));
    assert.equal(before, full);
    assert.ok(await page.locator('#relaxed-note').isHidden());
  });
});

test('an API error shows the server message', async () => {
  const { page } = desktop;
  await step(page, 'error', async () => {
    const expected = await api(`/api/v1/search?${new URLSearchParams({ q: QUERY, page: '101' })}`);
    assert.equal(expected.status, 400);
    await gotoSearch(page, { q: QUERY, page: '101' });
    const status = page.locator('#status.status-error');
    await status.waitFor();
    assert.equal(await status.locator('.error-message').textContent(), expected.body.error.message);
  });
});

test('suggestions appear while typing and work with the keyboard', async () => {
  const { page } = desktop;
  await step(page, 'suggest', async () => {
    await page.goto(`${server.base}/`);
    const box = page.locator('#q');
    const options = page.locator('#suggestions [role="option"]');
    let typed = null;
    for (const prefix of ['shuj', '数据']) {
      await box.fill('');
      await box.click();
      await page.keyboard.type(prefix, { delay: 40 });
      try {
        await options.first().waitFor({ timeout: 3_000 });
        typed = prefix;
        break;
      } catch {
        // try the next prefix
      }
    }
    assert.ok(typed, 'a suggestion list appears for shuj or 数据');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');

    await page.keyboard.press('ArrowDown');
    const firstId = await options.first().getAttribute('id');
    assert.equal(await box.getAttribute('aria-activedescendant'), firstId);
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');

    await page.keyboard.press('Escape');
    await page.locator('#suggestions').waitFor({ state: 'hidden' });
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await box.inputValue(), typed, 'Esc keeps the typed text');

    await page.keyboard.press('ArrowDown');   // reopens
    await options.first().waitFor();
    await page.keyboard.press('ArrowDown');
    const chosen = await options.first().getAttribute('data-text');
    await page.keyboard.press('Enter');
    await waitForParams(page, (p) => p.get('q') === chosen);
    assert.equal(await box.inputValue(), chosen);
  });
});

test('"did you mean" offers the corrected query as a link', async () => {
  const { page } = desktop;
  await step(page, 'did-you-mean', async () => {
    const expected = (await api(`/api/v1/search?${new URLSearchParams({ q: MISSPELLED })}`)).body;
    assert.ok(expected.suggestion, `the server suggests a correction for ${MISSPELLED}`);
    await gotoSearch(page, { q: MISSPELLED });
    const box = page.locator('#did-you-mean');
    assert.match(await box.textContent(), /^您是不是要找：/);
    const link = box.locator('a');
    assert.equal(await link.textContent(), expected.suggestion);
    await link.click();
    await waitForParams(page, (p) => p.get('q') === expected.suggestion);
    assert.equal(await page.locator('#q').inputValue(), expected.suggestion);
  });
});

test('filters and pages are usable from the keyboard with a visible focus ring', async () => {
  const { page } = desktop;
  await step(page, 'keyboard', async () => {
    await gotoSearch(page, { q: QUERY });
    await page.locator('#q').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'search-button');
    let focused = null;
    for (let i = 0; i < 5 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el.matches('button.facet-value')
          ? { value: el.dataset.value, facet: el.dataset.facet, outline: getComputedStyle(el).outlineStyle }
          : null;
      });
    }
    assert.ok(focused, 'Tab reaches the first facet value right after the search button');
    assert.notEqual(focused.outline, 'none', 'the focused control shows a focus ring');
    await page.keyboard.press('Enter');
    await waitForParams(page, (p) => p.getAll(focused.facet).includes(focused.value));
    assert.equal(await page.locator('#chips .chip').count(), 1);
  });
});

test('a script-like query is shown as text, never run', async () => {
  const { page } = desktop;
  await step(page, 'xss', async () => {
    await page.goto(`${server.base}/`);
    await page.locator('#q').fill(XSS);
    await page.keyboard.press('Enter');
    await waitForParams(page, (p) => p.get('q') === XSS);
    assert.equal(await page.locator('img').count(), 0, 'no <img> was injected');
    const shown = await page.locator('.summary-query').first().textContent();
    assert.equal(shown, XSS, 'the query is shown literally');

    await page.goto(`${server.base}/#/doc/${encodeURIComponent(XSS)}`);
    await page.locator('#detail-status.status-error').waitFor();
    assert.match(await page.locator('#detail-status').textContent(), /<img src=x/);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(page.dialogs, [], 'no alert() ran');
  });
});

test('the phone layout (375 px) has no horizontal scrolling', async () => {
  const phone = await openContext(PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const { page } = phone;
  try {
    await step(page, 'phone', async () => {
      await page.goto(`${server.base}/`);
      assert.ok(await noHorizontalScroll(page), 'landing page');
      await gotoSearch(page, { q: QUERY });
      assert.ok(await page.locator('#hits > li').count() > 0);
      assert.ok(await noHorizontalScroll(page), 'results page');
      await page.screenshot({ path: artifact('phone-results.png'), fullPage: true });

      // Filters fold away behind a toggle on a phone.
      assert.ok(await page.locator('#facets').isHidden());
      await page.locator('#filter-toggle').click();
      await page.locator('#facets').waitFor();
      assert.equal(await page.locator('#filter-toggle').getAttribute('aria-expanded'), 'true');
      assert.ok(await noHorizontalScroll(page), 'results page with filters open');
      await page.screenshot({ path: artifact('phone-filters.png'), fullPage: true });

      await page.locator('#hits .hit-link').first().click();
      await page.locator('#detail-content').waitFor();
      assert.ok(await noHorizontalScroll(page), 'detail page');
      await page.screenshot({ path: artifact('phone-detail.png'), fullPage: true });
    });
  } finally {
    await phone.context.close();
  }
});

test('no script errors, CSP violations or requests beyond the test server', () => {
  assert.deepEqual(problems, []);
});
