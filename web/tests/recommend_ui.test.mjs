// Browser tests for recommendations: the 相关推荐 panel of the document view
// and the profile form (profile.html), against the real chanjiao-server on an
// ephemeral loopback port in Debian's headless Chromium.
//
//   node web/tests/recommend_ui.test.mjs --server build/chanjiao-server \
//       --index <index of corpus/sample> --web web [--artifacts DIR]
//
// Flags and environment: see harness.mjs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  artifact, closeBrowser, DESKTOP, launchBrowser, openContext,
  problems, server, startServer, step, stopServer,
} from './harness.mjs';

let desktop = null;  // { context, page }

// ---------------------------------------------------------------- the tests

before(async () => {
  await startServer();
  await launchBrowser();
  desktop = await openContext(DESKTOP);
});

after(async () => {
  await closeBrowser();
  await stopServer();
});

async function reasonsOf(card) {
  return card.locator('.reason').allTextContents();
}

test('a job page shows related resources and cases with reasons, never itself', async () => {
  const { page } = desktop;
  await step(page, 'related-panel', async () => {
    await page.goto(`${server.base}/#/doc/job-0001`);
    await page.locator('#detail-content').waitFor();
    await page.locator('#related .related-group').first().waitFor();
    assert.equal(await page.locator('#related-title').textContent(), '相关推荐');
    const groups = await page.locator('#related .related-group').evaluateAll(
      (nodes) => nodes.map((n) => n.dataset.type));
    assert.ok(groups.includes('resource'), `groups: ${groups}`);
    assert.ok(groups.includes('case'), `groups: ${groups}`);
    for (const type of ['resource', 'case']) {
      const types = await page.locator(`#related .related-group[data-type="${type}"] .recommendation`)
        .evaluateAll((nodes) => nodes.map((n) => n.dataset.type));
      assert.ok(types.length > 0 && types.every((t) => t === type), `${type}: ${types}`);
    }
    const ids = await page.locator('#related .recommendation').evaluateAll(
      (nodes) => nodes.map((n) => n.dataset.id));
    assert.ok(!ids.includes('job-0001'), 'the document itself is not recommended');
    const course = page.locator('#related .recommendation[data-id="res-0040"]');
    assert.ok(await course.count() > 0, 'C++程序设计基础 is recommended for the C++ job');
    assert.ok((await reasonsOf(course.first())).some((r) => r.includes('C++')), 'its reason names C++');
    await page.screenshot({ path: artifact('recommend-panel.png'), fullPage: true });

    // A recommendation opens its document, whose panel then recommends jobs.
    await course.first().locator('.hit-link').click();
    await page.waitForFunction(() => location.hash === '#/doc/res-0040');
    await page.locator('#related .related-group[data-type="job"]').waitFor();
    assert.equal(await page.locator('#detail-title').textContent(), 'C++程序设计基础');
  });
});

test('the profile form shows eligible recommendations with reasons', async () => {
  const { page } = desktop;
  await step(page, 'profile-form', async () => {
    await page.goto(`${server.base}/`);
    await page.locator('a.header-link[href="profile.html"]').click();
    await page.locator('#profile-form').waitFor();
    await page.fill('#major', '软件技术');
    await page.fill('#skills', 'Java, springboot，MySQL');
    await page.fill('#region', '长沙');
    await page.selectOption('#education', '大专');
    await page.locator('input[name="types"][value="resource"]').uncheck();
    await page.locator('input[name="types"][value="case"]').uncheck();
    await page.locator('#profile-form button[type="submit"]').click();
    await page.locator('#profile-hits .recommendation').first().waitFor();
    const cards = page.locator('#profile-hits .recommendation');
    const first = cards.first();
    assert.equal(await first.getAttribute('data-id'), 'job-0096');
    const reasons = await reasonsOf(first);
    assert.ok(reasons.some((r) => r.startsWith('匹配技能：') && r.includes('Spring Boot')), reasons.join(' | '));
    assert.ok(reasons.includes('地区匹配：长沙'), reasons.join(' | '));
    const types = await cards.evaluateAll((nodes) => nodes.map((n) => n.dataset.type));
    assert.ok(types.every((t) => t === 'job'), `types: ${types}`);
    // 大专: no 本科/硕士-only posting is shown.
    const metas = await cards.locator('.hit-meta').allTextContents();
    assert.ok(metas.every((m) => !/本科|硕士|博士/.test(m)), metas.join(' | '));
    assert.match(new URL(page.url()).search, /education=/, 'the profile is in the URL');
    await page.screenshot({ path: artifact('recommend-profile.png'), fullPage: true });

    // Reload keeps the profile and its results.
    await page.reload();
    await page.locator('#profile-hits .recommendation').first().waitFor();
    assert.equal(await page.inputValue('#region'), '长沙');

    // An empty profile is refused in the page, a bad one shows the server's message.
    await page.goto(`${server.base}/profile.html`);
    await page.locator('#profile-form button[type="submit"]').click();
    await page.locator('#profile-status.status-error').waitFor();
    assert.match(await page.locator('#profile-status').textContent(), /至少填写/);
  });
});

test('profile data is shown as text, not markup', async () => {
  const { page } = desktop;
  await step(page, 'profile-xss', async () => {
    const xss = '<img src=x onerror=alert(1)>';
    await page.goto(`${server.base}/profile.html?${new URLSearchParams({ skills: xss, interests: xss })}`);
    await page.waitForFunction(() => !document.getElementById('profile-status').hidden ||
      !document.getElementById('profile-results').hidden);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(page.dialogs, []);
  });
});

test('no script errors, CSP violations or requests beyond the test server', () => {
  assert.deepEqual(problems, []);
});
