// Browser test of the 就业状况 page (web/employment.html): the real chanjiao-server
// over an index of series documents (tests/fixtures/employment, or the importer's
// output of ../shared/data when it exists) and corpus/statistics (the team's
// employment reports), driven through Debian's headless Chromium. Checks are made
// against what the API returns, so they hold for either set of series.
//
//   node web/tests/employment_ui.test.mjs --server build/chanjiao-server \
//       --index <index> --web web [--artifacts DIR]

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  DESKTOP, api, artifact, closeBrowser, config, launchBrowser, openContext, problems, server,
  startServer, step, stopServer,
} from './harness.mjs';

import { monthlyFlows, nextPeriods, onAxis, periodAxis, placementRate, reportRows }
  from '../lib/employment_data.js';

const CHARTS = ['chart-unemployment', 'chart-youth', 'chart-new-employment', 'chart-graduates',
  'chart-wages', 'chart-reports', 'chart-compare'];

let page = null;
let context = null;

async function json(pathAndQuery) {
  const { status, body } = await api(pathAndQuery);
  assert.equal(status, 200, `${pathAndQuery}: ${JSON.stringify(body)}`);
  return body;
}

async function ready() {
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null,
    { timeout: 30_000 });
}

async function option(id) {
  return page.evaluate((id) => {
    const chart = window.echarts.getInstanceByDom(document.getElementById(id));
    if (!chart) return null;
    const o = chart.getOption();
    return {
      axis: o.xAxis[0].data,
      series: o.series.map((s) => ({ name: s.name, data: s.data, markLine: s.markLine?.data || [] })),
    };
  }, id);
}

before(async () => {
  if (!fs.existsSync(path.join(config.web, 'vendor', 'echarts.min.js'))) {
    throw new Error('web/vendor/echarts.min.js is missing: run tools/setup.sh');
  }
  await startServer();
  await launchBrowser();
  ({ context, page } = await openContext(DESKTOP));
  context.setDefaultTimeout(20_000);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  // Every failed request the page makes (none may fail).
  page.on('response', (res) => {
    if (res.status() >= 400) {
      problems.push(`HTTP ${res.status()}: ${res.url()}`);
    }
  });
});

after(async () => {
  await closeBrowser();
  await stopServer();
});

test('pure helpers: YTD values become monthly flows, gaps stay gaps', () => {
  const flows = monthlyFlows([
    { period: '2024-01', value: 100 }, { period: '2024-02', value: 180 },
    { period: '2024-04', value: 400 }, { period: '2025-01', value: 90 },
  ]);
  assert.deepEqual(flows.map((f) => f.value), [100, 80, null, 90]);
  assert.deepEqual(nextPeriods('2024-11', 3), ['2024-12', '2025-01', '2025-02']);
  assert.deepEqual(nextPeriods('2024-Q4', 2), ['2025-Q1', '2025-Q2']);
  assert.deepEqual(periodAxis([{ period: '2024-11' }], [{ period: '2025-02' }]),
    ['2024-11', '2024-12', '2025-01', '2025-02']);
  assert.deepEqual(onAxis(['2024', '2025'], [{ period: '2025', value: 1 }]), [null, 1]);
  assert.equal(placementRate({ graduates: 200, employed: 181, further_study: 12 }), 96.5);
});

test('the insights page links to the employment page', async () => {
  await step(page, 'employment-link', async () => {
    await page.goto(`${server.base}/insights.html`);
    await page.click('nav a[href="employment.html"]');
    await page.waitForURL(/employment\.html/);
    await ready();
  });
});

test('every chart is drawn with its source and last update', async () => {
  await step(page, 'charts', async () => {
    await page.goto(`${server.base}/employment.html`);
    await ready();
    for (const id of CHARTS) {
      assert.ok(await page.evaluate((id) => Boolean(document.querySelector(`#${id} canvas`)), id),
        `${id} has a canvas`);
    }
    const list = await json('/api/v1/series');
    const national = list.series.find((s) => s.id === 'nbs-urban-unemp');
    const source = await page.textContent('#source-unemployment');
    assert.ok(source.includes(national.source.agency), source);
    assert.ok(source.includes(`最新数据 ${national.last}`), source);
    if (national.published_at) assert.ok(source.includes(`更新于 ${national.published_at}`));
    for (const id of ['youth', 'new-employment', 'graduates', 'wages']) {
      assert.notEqual((await page.textContent(`#source-${id}`)).trim(), '', `source-${id}`);
    }
    const rows = await page.$$eval('#series-table tbody tr', (trs) => trs.length);
    assert.equal(rows, list.total);
    await page.screenshot({ path: artifact('employment-desktop.png'), fullPage: true });
  });
});

test('the two youth series are never joined and the break is drawn', async () => {
  await step(page, 'youth', async () => {
    await page.goto(`${server.base}/employment.html`);
    await ready();
    const chart = await option('chart-youth');
    const [old, current] = chart.series;
    assert.equal(chart.series.length, 2);
    const oldDoc = (await json('/api/v1/series/nbs-urban-unemp-youth-1624')).series;
    const newDoc = (await json('/api/v1/series/nbs-urban-unemp-youth-1624-exstudent')).series;
    const lastOld = chart.axis.indexOf(oldDoc.observations.at(-1).period);
    const firstNew = chart.axis.indexOf(newDoc.observations[0].period);
    assert.ok(firstNew > lastOld + 1, 'a gap between the two bases');
    for (let i = lastOld + 1; i < firstNew; i++) {
      assert.equal(old.data[i], null);
      assert.equal(current.data[i], null);
    }
    assert.ok(old.data.slice(firstNew).every((v) => v === null), 'old basis stops');
    assert.ok(current.data.slice(0, firstNew).every((v) => v === null), 'new basis starts after');
    const marked = old.markLine.map((m) => m.xAxis);
    assert.ok(marked.includes(newDoc.breaks[0].period), JSON.stringify(marked));
  });
});

test('new urban employment is drawn as monthly flows of the YTD values', async () => {
  await step(page, 'flows', async () => {
    await page.goto(`${server.base}/employment.html`);
    await ready();
    const doc = (await json('/api/v1/series/mohrss-urban-new-employment-ytd')).series;
    assert.equal(doc.cumulative, true);
    const chart = await option('chart-new-employment');
    const flows = monthlyFlows(doc.observations);
    assert.deepEqual(onAxis(chart.axis, flows).slice(0, flows.length), chart.series[0].data.slice(0, flows.length));
    // January is its own value; a month after a missing one has no flow.
    const jan = doc.observations.find((o) => o.period.endsWith('-01'));
    assert.equal(chart.series[0].data[chart.axis.indexOf(jan.period)], jan.value);
    // A month without a release keeps its place on the axis, with no bar.
    const published = new Set(doc.observations.map((o) => o.period));
    const missing = chart.axis.slice(0, chart.axis.indexOf(doc.observations.at(-1).period))
      .filter((p) => !published.has(p));
    assert.ok(missing.length > 0, 'the set has a missing month');
    for (const p of missing) assert.equal(chart.series[0].data[chart.axis.indexOf(p)], null, p);
  });
});

test('forecast bands are drawn exactly when the forecast API has a forecast', async () => {
  await step(page, 'forecast', async () => {
    await page.goto(`${server.base}/employment.html`);
    await ready();
    for (const [id, chartId] of [['nbs-urban-unemp', 'chart-unemployment'],
      ['mohrss-urban-new-employment-ytd', 'chart-new-employment']]) {
      const answer = await api(`/api/v1/insights/forecast?series=${id}&h=12`);
      const chart = await option(chartId);
      const names = chart.series.map((s) => s.name);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      if (answer.body.insufficient_history) {
        assert.ok(!names.includes('预测'), `${chartId}: no band without a forecast`);
        continue;
      }
      const f = answer.body.forecast;
      assert.ok(names.includes('预测') && names.includes('95% 区间') && names.includes('80% 区间'));
      const line = chart.series.find((s) => s.name === '预测');
      const at = chart.axis.indexOf(f[0].period);
      assert.ok(at >= 0, 'forecast periods on the axis');
      assert.equal(line.data[at], f[0].value);
      assert.ok(await page.isVisible(chartId === 'chart-unemployment'
        ? '#forecast-unemployment' : '#forecast-new-employment'));
    }
  });
});

test('school reports by major, with the previous year and other schools', async () => {
  await step(page, 'reports', async () => {
    await page.goto(`${server.base}/employment.html`);
    await ready();
    const all = (await json('/api/v1/employment/reports?size=1000')).reports;
    const school = await page.inputValue('#f-school');
    const year = Number(await page.inputValue('#f-year'));
    const expected = reportRows(all, school, year);
    assert.ok(expected.length > 0);
    const majors = await page.$$eval('#reports-table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(majors, expected.map((r) => r.major));
    const compare = await option('chart-compare');
    assert.ok(compare.series[0].data.length >= 1);
    // Another school: the URL and the table follow.
    const other = (await page.$$eval('#f-school option', (os) => os.map((o) => o.value))).find((s) => s !== school);
    await page.selectOption('#f-school', other);
    await page.waitForURL(/school=/);
    const otherYear = Number(await page.inputValue('#f-year'));
    const after = await page.$$eval('#reports-table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(after, reportRows(all, other, otherYear).map((r) => r.major));
    await page.goBack();
    assert.equal(await page.inputValue('#f-school'), school);
  });
});

test('no script errors, CSP violations, failed requests or outside requests', () => {
  assert.deepEqual(problems, []);
});
