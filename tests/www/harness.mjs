// What the demo page's Chromium tests share: Debian's /usr/bin/chromium
// driven by playwright-core, the stand-in's control API, a watch on console
// errors, and an axe-core accessibility check of the page as it stands.
// Builds pkg/ with scripts/build.sh first when pkg/web.mjs is missing.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const SHOTS = path.join(ROOT, 'out/screenshots');
export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
export const SEEDED = [
  '192.0.2.1',
  '2001:db8::1',
  '198.51.100.10',
  '203.0.113.25',
  '2001:db8:85a3::8a2e:370:7334',
  '198.51.100.77',
  '203.0.113.200',
  '2001:db8:1234::abcd',
];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// The JS tooling lives in scripts/node_modules (pinned by scripts/package-lock.json);
// axe-core, used by these tests only, in tests/www/node_modules (tests/www/package-lock.json).
const { chromium } = createRequire(path.join(ROOT, 'scripts/package.json'))('playwright-core');
const AXE_SOURCE = readFileSync(createRequire(path.join(HERE, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

if (!existsSync(path.join(ROOT, 'pkg/web.mjs'))) {
  execFileSync('bash', ['scripts/build.sh'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}
mkdirSync(SHOTS, { recursive: true });

export const { startDemoServer } = await import('../../scripts/demo-server.mjs');
export const { startMockApi } = await import('../mock-api/server.mjs');

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** The stand-in's control API (no auth), next to its /client/v4. */
export function controlOf(apiUrl) {
  const base = apiUrl.replace(/\/client\/v4$/, '/__mock');
  return async (route, { method = 'GET', body } = {}) => {
    const answer = await fetch(`${base}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(answer.status, 200, `control ${method} ${route}`);
    return answer.json();
  };
}

/**
 * Collects console errors and page errors. `expect(rule)` allows exactly the
 * errors a step provokes: each must match `rule.text` and come from a URL
 * matching `rule.url`; `settle()` then checks how many arrived.
 */
export function watchConsole(page) {
  const watch = {
    problems: [],
    rule: null,
    expect(rule) {
      this.rule = { ...rule, seen: [] };
    },
    async settle(count) {
      const rule = this.rule;
      for (let i = 0; i < 40 && rule.seen.length < count; i += 1) await page.waitForTimeout(50);
      this.rule = null;
      assert.equal(rule.seen.length, count, `provoked console errors: ${JSON.stringify(rule.seen)}`);
    },
    assertClean(step) {
      assert.deepEqual(this.problems, [], `console or page errors during ${step}`);
    },
  };
  page.on('console', (msg) => {
    if (process.env.DEMO_E2E_CONSOLE) console.log(`[console.${msg.type()}] ${msg.text()}`);
    if (msg.type() !== 'error') return;
    const entry = { text: msg.text(), url: msg.location()?.url ?? '' };
    const rule = watch.rule;
    if (rule && rule.text.test(entry.text) && rule.url.test(entry.url)) rule.seen.push(entry);
    else watch.problems.push(entry);
  });
  page.on('pageerror', (error) => watch.problems.push({ text: `pageerror: ${error.message}` }));
  return watch;
}

/**
 * Runs axe-core on the page as it stands (WCAG 2.x A and AA rules and axe's
 * best practices) and fails on any violation, naming the rule and the nodes.
 */
export async function assertNoAxeViolations(page, step) {
  // Evaluated through the DevTools protocol: the page's CSP allows no injected <script>.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  assert.deepEqual(violations, [], `axe violations ${step}`);
}

export async function shot(page, name, options = {}) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), animations: 'disabled', ...options });
}

export const rowsOnPage = (page) => page.$$eval('#mappings-body tr[data-ip]', (rows) => rows.map((r) => ({ ...r.dataset })));

/** Each list's rows as `[line, as given, the other cells…]` (a reason without its pill), by list key. */
export const suggestLists = (page) =>
  page.$$eval('#suggest-lists .suggest-list', (sections) =>
    Object.fromEntries(
      sections.map((s) => [
        s.dataset.list,
        [...s.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => (td.querySelector('.reason') ?? td).textContent.replace(/\s+/g, ' ').trim())),
      ]),
    ),
  );

/** Waits until the mappings table is idle (no load in flight). */
export async function tableSettled(page) {
  await page.waitForFunction(() => !document.querySelector('#mappings-table').hasAttribute('aria-busy'));
}

/** The id of the focused element, or its tag when it has none. */
export const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || null);

/**
 * The dashboard in a fresh Chromium page at 1280 px, against its embedded
 * stand-in, loaded with the seeded rows; `close()` ends all of it and prints
 * any console or page error the page raised.
 */
export async function openDashboard() {
  const demo = await startDemoServer({ port: 0, env: {}, log: () => {} });
  const control = controlOf(demo.apiBase);
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watch = watchConsole(page);
  await page.goto(demo.url);
  await page.waitForSelector('#mappings-body tr[data-ip]');
  return {
    demo,
    control,
    browser,
    page,
    watch,
    async close() {
      if (watch.problems.length) console.error('console/page errors:', watch.problems);
      await browser.close();
      await demo.close();
    },
  };
}
