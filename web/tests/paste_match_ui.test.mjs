// Browser test for the paste box of the search page (issue 13): a pasted CV
// is sent with POST /api/v1/search and the matching jobs are listed with the
// shared words highlighted, against the real chanjiao-server on an ephemeral
// loopback port in Debian's headless Chromium.
//
//   node web/tests/paste_match_ui.test.mjs --server build/chanjiao-server \
//       --index <index of corpus/sample> --web web [--artifacts DIR]
//
// Flags and environment: see harness.mjs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  artifact, closeBrowser, DESKTOP, launchBrowser, openContext,
  problems, server, startServer, step, stopServer,
} from './harness.mjs';

// A CV written for this test: an embedded C++ developer, long enough (far
// more than a GET URL's query limit) to be searched as text.
const CV = ('个人简历：本人毕业于电子信息工程专业，熟悉C++和嵌入式Linux开发，做过驱动程序移植、'
  + '串口与SPI通信、多线程调试，熟悉交叉编译和GDB调试，了解ARM架构与实时操作系统，'
  + '参与过工业控制板卡的软件开发与测试，能阅读英文芯片手册。').repeat(12);

let desktop = null;  // { context, page }

before(async () => {
  await startServer();
  await launchBrowser();
  desktop = await openContext(DESKTOP);
});

after(async () => {
  await closeBrowser();
  await stopServer();
});

async function match(page, text, type) {
  await page.goto(`${server.base}/`);
  await page.locator('#paste-text').fill(text);
  if (type !== undefined) await page.locator('#paste-type').selectOption(type);
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/search'));
  await page.locator('#paste-submit').click();
  const request = await posted;
  await page.waitForFunction(() => document.getElementById('paste-results').getAttribute('aria-busy') === 'false'
    && document.getElementById('paste-status').textContent !== '正在匹配…');
  return request;
}

test('pasting a CV lists matching jobs with the shared skills highlighted', async () => {
  const { page } = desktop;
  await step(page, 'paste-cv', async () => {
    assert.ok(new TextEncoder().encode(CV).length > 1024, 'longer than a GET query may be');
    const request = await match(page, CV);
    assert.deepEqual(JSON.parse(request.postData()), { q: CV, size: 10, type: 'job' });
    const cards = page.locator('#paste-results .hit');
    assert.ok(await cards.count() > 0, 'some jobs match');
    const types = await cards.evaluateAll((nodes) => nodes.map((n) => n.dataset.type));
    assert.ok(types.every((t) => t === 'job'), `types: ${types}`);
    const first = await cards.first().locator('.hit-link').textContent();
    assert.ok(['嵌入式Linux驱动工程师', 'C++软件开发工程师'].includes(first), `first: ${first}`);
    const marked = await cards.first().locator('mark').allTextContents();
    assert.ok(marked.length > 0, 'the shared words are highlighted');
    assert.ok(marked.some((m) => /c\+\+|linux|嵌入式|驱动/i.test(m)), `marked: ${marked}`);
    assert.match(await page.locator('#paste-status').textContent(), /最匹配的 \d+ 条/);
    // The address bar does not carry the text.
    assert.ok(!page.url().includes(encodeURIComponent('简历')), page.url());
    await page.screenshot({ path: artifact('paste-match.png'), fullPage: true });
  });
});

test('an empty paste asks for text and sends nothing', async () => {
  const { page } = desktop;
  await step(page, 'paste-empty', async () => {
    await page.goto(`${server.base}/`);
    let posted = false;
    page.on('request', (r) => { if (r.method() === 'POST') posted = true; });
    await page.locator('#paste-submit').click();
    assert.match(await page.locator('#paste-status').textContent(), /请先粘贴/);
    assert.equal(posted, false);
  });
});

test('markup in the pasted text is shown as text, never run', async () => {
  const { page } = desktop;
  await step(page, 'paste-xss', async () => {
    await match(page, `${CV}<img src=x onerror=alert(1)>`, '');
    assert.equal(await page.locator('#paste-results img').count(), 0);
    assert.deepEqual(page.dialogs, []);
  });
});

test('the profile page recommends jobs for a pasted CV, naming its skills', async () => {
  const { page } = desktop;
  await step(page, 'profile-cv', async () => {
    await page.goto(`${server.base}/profile.html`);
    await page.locator('#cv-text').fill(CV);
    for (const type of ['resource', 'case']) {
      await page.locator(`input[name="types"][value="${type}"]`).uncheck();
    }
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/recommend'));
    await page.locator('#profile-form button[type="submit"]').click();
    const request = await posted;
    assert.equal(JSON.parse(request.postData()).text, CV);
    await page.locator('#profile-hits .recommendation').first().waitFor();
    const reasons = (await page.locator('#profile-hits .recommendation').first().locator('.reason')
      .allTextContents()).join(' ');
    assert.match(reasons, /匹配技能/);
    assert.match(reasons, /与简历相关/);
    assert.ok(!page.url().includes('text='), page.url());
  });
});

test('no script errors, CSP violations or requests beyond the test server', () => {
  assert.deepEqual(problems, []);
});
