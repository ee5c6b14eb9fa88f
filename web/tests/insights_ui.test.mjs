// Browser test of the demand insights dashboard (web/insights.html): the real
// chanjiao-server on an ephemeral loopback port over the insights fixture
// index, driven through Debian's headless Chromium.
//
//   node web/tests/insights_ui.test.mjs --server build/chanjiao-server \
//       --index <index of tests/fixtures/insights> --web web [--artifacts DIR]
//
// Needs web/vendor/echarts.min.js (tools/setup.sh copies it from npm).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  api, browser, closeBrowser, config, launchBrowser, problems, server, startServer,
  stopServer,
} from './harness.mjs';

import { toCsv } from '../lib/insights_csv.js';
import { filtersFromParams, jobSearchHref, skillSearchHref } from '../lib/insights_state.js';

let page = null;

// The harness's api() returns {status, body}; these checks only need bodies.
async function json(pathAndQuery) {
  return (await api(pathAndQuery)).body;
}

async function ready() {
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null,
                             { timeout: 30_000 });
}

async function chartHasCanvas(id) {
  return page.evaluate((id) => Boolean(document.querySelector(`#${id} canvas`)), id);
}

async function chartCategories(id) {
  return page.evaluate((id) => {
    const chart = window.echarts.getInstanceByDom(document.getElementById(id));
    const option = chart.getOption();
    return option.yAxis[0].data.length ? option.yAxis[0].data : option.xAxis[0].data;
  }, id);
}

async function step(name, fn) {
  try {
    await fn();
  } catch (err) {
    const file = path.join(config.artifacts, `insights-failed-${name.replace(/[^\w-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    err.message += `\n(screenshot: ${file}; page: ${page.url()})`;
    throw err;
  }
}

before(async () => {
  for (const [flag, value] of Object.entries({ server: config.server, index: config.index })) {
    if (!value) throw new Error(`missing --${flag}`);
  }
  if (!fs.existsSync(path.join(config.web, 'vendor', 'echarts.min.js'))) {
    throw new Error('web/vendor/echarts.min.js is missing: run tools/setup.sh (npm ci in web/ and copy)');
  }
  await startServer();
  // One no-result search, so the query log has something to chart.
  await json('/api/v1/search?q=qxzjvkwq');
  await json('/api/v1/search?q=Python');
  await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 },
                                             locale: 'zh-CN', acceptDownloads: true });
  // Generous: the 1 MB ECharts bundle parses slowly on a loaded CI machine.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${server.base}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    problems.push(`request left the test server: ${url}`);
    return route.abort();
  });
  // The no-result chart reads the query log, which needs a gov or admin key.
  if (process.env.CHANJIAO_GOV_KEY) {
    await context.addInitScript((key) => {
      window.sessionStorage.setItem('chanjiao.apiKey', key);
    }, process.env.CHANJIAO_GOV_KEY);
  }
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
});

after(async () => {
  await closeBrowser();
  await stopServer();
});

test('pure helpers: CSV quoting and search links', () => {
  assert.equal(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=cmd()', -3]]),
    '\ufeffa,b\r\n"x,y","say ""hi"""\r\n\'=cmd(),-3\r\n');
  const state = filtersFromParams(new URLSearchParams('q=数据&region=长沙&published_after=bad'));
  assert.equal(state.published_after, '');
  const href = new URL(jobSearchHref(state, { education: '本科' }), 'http://x/');
  assert.deepEqual([...href.searchParams], [['q', '数据'], ['region', '长沙'], ['education', '本科'], ['type', 'job']]);
  assert.equal(new URL(skillSearchHref(state, 'SQL'), 'http://x/').searchParams.get('q'), '数据 SQL');
});

test('the search page links to the dashboard', async () => {
  await step('search-link', async () => {
    await page.goto(`${server.base}/`);
    await page.click('a[href="insights.html"]');
    await page.waitForURL(/insights\.html/);
    await ready();
  });
});

test('the dashboard draws every chart and the gap table', async () => {
  await step('charts', async () => {
    await page.goto(`${server.base}/insights.html`);
    await ready();
    const demand = await json('/api/v1/insights/demand');
    assert.match(await page.textContent('#summary'), new RegExp(`共 ${demand.total} 个`));
    for (const id of ['chart-trend', 'chart-skills', 'chart-salary', 'chart-noresults']) {
      assert.ok(await chartHasCanvas(id), `${id} has a canvas`);
    }
    assert.deepEqual(await chartCategories('chart-noresults'), ['qxzjvkwq']);
    const rows = await page.$$eval('#gap-skills tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    const gap = await json('/api/v1/insights/gap?limit=20');
    assert.deepEqual(rows, gap.skills.map((r) => r.value));
    await page.screenshot({ path: path.join(config.artifacts, 'insights-desktop.png'), fullPage: true });
  });
});

test('a filter changes the charts and the URL', async () => {
  await step('filter', async () => {
    await page.goto(`${server.base}/insights.html`);
    await ready();
    const skillsBefore = await chartCategories('chart-skills');
    await page.fill('#f-region', '长沙');
    await page.click('#filters button[type="submit"]');
    await page.waitForURL(/region=%E9%95%BF%E6%B2%99/);
    await ready();
    const demand = await json(`/api/v1/insights/demand?region=${encodeURIComponent('长沙')}&limit=15`);
    assert.match(await page.textContent('#summary'), new RegExp(`共 ${demand.total} 个`));
    const skillsAfter = await chartCategories('chart-skills');
    assert.notDeepEqual(skillsAfter, skillsBefore);
    assert.deepEqual(skillsAfter, [...demand.skills].reverse().map((s) => s.value));
    assert.match(await page.getAttribute('#skills-link', 'href'), /region=%E9%95%BF%E6%B2%99/);
    // Back restores the unfiltered dashboard.
    await page.goBack();
    await ready();
    assert.deepEqual(await chartCategories('chart-skills'), skillsBefore);
  });
});

test('gap rows link to the job search for the skill', async () => {
  await step('gap-link', async () => {
    await page.goto(`${server.base}/insights.html?region=${encodeURIComponent('北京')}`);
    await ready();
    const first = page.locator('#gap-skills tbody a').first();
    const skill = await first.textContent();
    await first.click();
    await page.waitForURL(/type=job/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), skill);
    assert.equal(url.searchParams.get('region'), '北京');
  });
});

test('CSV export holds the table', async () => {
  await step('csv', async () => {
    await page.goto(`${server.base}/insights.html`);
    await ready();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-export="gap"]'),
    ]);
    const file = await download.path();
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^\ufeff类别,名称,岗位需求,教学供给,供需比\r\n/);
    assert.match(text, /技能,SQL,/);
  });
});

test('no script errors, CSP violations or outside requests', () => {
  assert.deepEqual(problems, []);
});
