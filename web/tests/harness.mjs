// Shared by the browser tests: the real chanjiao-server on an ephemeral
// loopback port and Debian's headless Chromium (never a downloaded browser).
//
// Flags (or environment): --server (CHANJIAO_SERVER), --index (CHANJIAO_INDEX),
// --web (CHANJIAO_WEB, default: the web/ folder), --artifacts
// (CHANJIAO_ARTIFACTS, default: build/test-artifacts); CHANJIAO_CHROMIUM
// overrides /usr/bin/chromium. `server` and `browser` are live bindings set
// by startServer() and launchBrowser().

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

export const STEP_TIMEOUT_MS = 10_000;
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 740 };

// ---------------------------------------------------------------- options

function option(name, envName, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && i + 1 < argv.length) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return process.env[envName] || fallback;
}

export const config = {
  server: option('server', 'CHANJIAO_SERVER', ''),
  index: option('index', 'CHANJIAO_INDEX', ''),
  web: option('web', 'CHANJIAO_WEB', path.join(REPO, 'web')),
  artifacts: option('artifacts', 'CHANJIAO_ARTIFACTS', path.join(REPO, 'build', 'test-artifacts')),
  chromium: process.env.CHANJIAO_CHROMIUM || '/usr/bin/chromium',
};

// ---------------------------------------------------------------- the server

export let server = null;  // { child, base, log }
export let browser = null;
export const problems = [];  // script errors, CSP violations, requests leaving loopback

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

export async function startServer() {
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

export async function stopServer() {
  if (!server) return;
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function api(pathAndQuery) {
  const res = await fetch(server.base + pathAndQuery);
  return { status: res.status, body: await res.json() };
}

// ---------------------------------------------------------------- the browser

export async function openContext(viewport, extra = {}) {
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

export const artifact = (name) => path.join(config.artifacts, name);

// Runs one check; on failure saves a screenshot named after it and rethrows.
export async function step(page, name, fn) {
  try {
    await fn();
  } catch (err) {
    const file = artifact(`failed-${name.replace(/[^\w-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    err.message += `\n(screenshot: ${file}; page: ${page.url()})`;
    throw err;
  }
}


export async function launchBrowser() {
  fs.mkdirSync(config.artifacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function closeBrowser() {
  await browser?.close().catch(() => {});
}
