// Browser tests for recommendations: the 相关推荐 panel of the document view
// and the profile form (profile.html), against the real chanjiao-server on an
// ephemeral loopback port in Debian's headless Chromium.
//
//   node web/tests/recommend_ui.test.mjs --server build/chanjiao-server \
//       --index <index of corpus/sample> --web web [--artifacts DIR]
//
// Flags and environment as in search_ui.test.mjs (whose harness this repeats).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

const STEP_TIMEOUT_MS = 10_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

// ---------------------------------------------------------------- options

function option(name, envName, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && i + 1 < argv.length) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return process.env[envName] || fallback;
}

const config = {
  server: option('server', 'CHANJIAO_SERVER', ''),
  index: option('index', 'CHANJIAO_INDEX', ''),
  web: option('web', 'CHANJIAO_WEB', path.join(REPO, 'web')),
  artifacts: option('artifacts', 'CHANJIAO_ARTIFACTS', path.join(REPO, 'build', 'test-artifacts')),
  chromium: process.env.CHANJIAO_CHROMIUM || '/usr/bin/chromium',
};

// ---------------------------------------------------------------- the server

let server = null;        // { child, base, log }
let browser = null;
let desktop = null;       // { context, page }
const problems = [];      // script errors, CSP violations, requests leaving loopback

function killServer(signal = 'SIGTERM') {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill(signal);
  }
}
process.on('exit', () => killServer('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killServer('SIGKILL');
    process.exit(1);
  });
}

async function startServer() {
  for (const [flag, value] of Object.entries({ server: config.server, index: config.index })) {
    if (!value) throw new Error(`missing --${flag} (or CHANJIAO_${flag.toUpperCase()})`);
  }
  if (!fs.existsSync(config.server)) throw new Error(`server binary not found: ${config.server}`);
  if (!fs.existsSync(config.index)) throw new Error(`index not found: ${config.index}`);

  const child = spawn(path.resolve(config.server),
    ['--index', path.resolve(config.index), '--port', '0', '--web', path.resolve(config.web)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  const keep = (line) => {
    log.push(line);
    if (log.length > 200) log.shift();
  };
  server = { child, base: null, log };
  readline.createInterface({ input: child.stderr }).on('line', keep);

  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not report "listening on" within 30 s')), 30_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      const m = line.match(/listening on (http:\/\/[^\s(]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${signal || code}):\n${log.join('\n')}`));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  server.base = base;

  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`${base}/healthz did not answer 200 within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer() {
  if (!server) return;
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function api(pathAndQuery) {
  const res = await fetch(server.base + pathAndQuery);
  return { status: res.status, body: await res.json() };
}

// ---------------------------------------------------------------- the browser

async function openContext(viewport, extra = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...extra });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  // Hermetic: the page may reach the test server and nothing else.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${server.base}/`) || url.startsWith('data:')) return route.continue();
    problems.push(`request left the test server: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Failed API calls are expected in the error-state checks; the page shows them.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  return { context, page };
}

const artifact = (name) => path.join(config.artifacts, name);

// Runs one check; on failure saves a screenshot named after it and rethrows.
async function step(page, name, fn) {
  try {
    await fn();
  } catch (err) {
    const file = artifact(`failed-${name.replace(/[^\w-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    err.message += `\n(screenshot: ${file}; page: ${page.url()})`;
    throw err;
  }
}

// ---------------------------------------------------------------- the tests

before(async () => {
  fs.mkdirSync(config.artifacts, { recursive: true });
  await startServer();
  browser = await chromium.launch({ executablePath: config.chromium, headless: true });
  desktop = await openContext(DESKTOP);
});

after(async () => {
  if (browser) await browser.close();
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
