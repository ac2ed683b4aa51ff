// The demo page's connect form in headless Chromium, against a stand-in the
// demo server forwards to without a token of its own: the page asks for one,
// reports a refused one, and keeps no copy; the server's reasons for refused
// import rows; a package that cannot load; disconnecting.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, ZONE, launch, rowsOnPage, shot, startDemoServer, startMockApi, watchConsole } from './harness.mjs';

describe('connect form, with the token typed into the page', { timeout: 120_000 }, () => {
  let mock;
  let demo;
  let browser;
  let page;
  let watch;

  before(async () => {
    mock = await startMockApi({ seed: true });
    // A "real API" base without a server token: the page asks for one.
    demo = await startDemoServer({ port: 0, env: {}, apiBase: mock.url, log: () => {} });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watch = watchConsole(page);
  });

  after(async () => {
    if (watch?.problems.length) console.error('console/page errors:', watch.problems);
    await browser?.close();
    await demo?.close();
    await mock?.close();
  });

  it('connects with a typed token, and reports a refused one', async () => {
    const config = await (await fetch(new URL('/config.json', demo.url))).json();
    assert.deepEqual(config, { zoneId: null, preconfigured: false, target: 'api', apiBase: mock.url, serverAddsCredentials: false });
    await page.goto(demo.url);
    await page.waitForSelector('#connect:not([hidden])');
    assert.equal(await page.inputValue('#connect-base'), new URL('/client/v4', demo.url).href);
    assert.ok(await page.isVisible('#connect-token'));
    await page.fill('#connect-zone', ZONE);
    await page.fill('#connect-token', 'wrong-token');
    await shot(page, '10-connect-form');

    watch.expect({
      text: /^Failed to load resource: the server responded with a status of 403 \(Forbidden\)$/,
      url: /\/origin\/cloud_regions\/supported_regions$/,
    });
    await page.click('#connect-submit');
    await page.waitForSelector('#banner:not([hidden])');
    assert.match(await page.textContent('#banner'), /HTTP 403/);
    assert.match(await page.textContent('#banner'), /Error 10000\s*Authentication error/);
    await watch.settle(1);
    assert.ok(await page.isVisible('#connect'));

    await page.fill('#connect-token', 'test-token');
    await page.click('#connect-submit');
    await page.waitForSelector('#mappings-body tr[data-ip]');
    assert.equal((await rowsOnPage(page)).length, 8);
    assert.ok(await page.isHidden('#banner'));
    assert.equal(await page.inputValue('#connect-token'), '', 'the form keeps no copy of the token');
    assert.match(await page.textContent('#target-badge'), /^127\.0\.0\.1:\d+ via demo server$/);
    const log = mock.state.getRequests();
    assert.ok(log.length >= 3 && log.every((r) => r.auth === 'bearer'));

    watch.assertClean('connecting');
  });

  it('shows the server\'s reason for rows it refuses, and retries them', async () => {
    // Two mappings short of the zone's 3,500 limit: of 4 new IPs, 2 fit.
    const filler = Array.from({ length: 3498 }, (_, i) => ({ ip: `10.${i >> 8}.${i & 255}.1`, vendor: 'aws', region: 'us-east-1' }));
    mock.state.setMappings(ZONE, filler);
    const lines = ['192.0.2.201,aws,us-east-1', '192.0.2.202,gcp,us-central1', '192.0.2.203,azure,eastus', '192.0.2.204,oci,us-ashburn-1'];
    await page.fill('#import-text', lines.join('\n'));
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('4 rows'));
    await page.click('#import-run');
    await page.waitForFunction(() => /applied/.test(document.querySelector('#import-summary').textContent));
    assert.equal(await page.textContent('#import-summary'), '2 mappings applied, 2 failed, 0 not sent · 1 request.');
    const failed = await page.$$eval('#import-body tr[data-state="failed"]', (rows) => rows.map((r) => [r.dataset.line, r.querySelector('.reason').textContent]));
    assert.equal(failed.length, 2);
    for (const [, reason] of failed) assert.match(reason, /Maximum number of IP mappings configured for zone/);
    assert.equal(await page.textContent('#import-run'), 'Retry 2 failed rows');
    await page.locator('#import').screenshot({ path: path.join(SHOTS, '11-import-server-failures.png'), animations: 'disabled' });

    // Room made elsewhere: the retry sends only the two refused rows.
    mock.state.setMappings(ZONE, filler.slice(0, 3000).concat(mock.state.getMappings(ZONE).filter((m) => m.ip.startsWith('192.0.2.20'))));
    mock.state.clearRequests();
    await page.click('#import-run');
    await page.waitForFunction(() => document.querySelector('#import-summary').textContent.startsWith('4 mappings applied'));
    assert.equal(await page.textContent('#import-summary'), '4 mappings applied, 0 failed, 0 not sent · 2 requests.');
    assert.deepEqual(mock.state.getRequests(ZONE).filter((r) => r.method === 'PUT').map((r) => r.items), [2]);
    assert.equal(await page.textContent('#import-run'), 'Imported');
    const stored = new Set(mock.state.getMappings(ZONE).map((m) => m.ip));
    for (const line of lines) assert.ok(stored.has(line.split(',')[0]));
    watch.assertClean('refused rows');
  });

  it('says how to fix it when the package cannot load', async () => {
    const other = await browser.newPage();
    const seen = [];
    other.on('console', (msg) => msg.type() === 'error' && seen.push(msg.text()));
    other.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
    // The .wasm and the inlined copy the entry falls back to.
    await other.route('**/pkg/origin_regions_bg.wasm*', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await other.goto(demo.url);
    await other.waitForSelector('#boot.boot-failed');
    assert.match(await other.textContent('#boot'), /^The page failed to start: .*404.*Build the package \(bash scripts\/build\.sh\) and reload\.$/);
    assert.equal(await other.getAttribute('#boot', 'role'), 'alert');
    // Exactly the provoked failures: the two 404s, and the package's error about them.
    assert.equal(seen.length, 3, seen.join('\n'));
    assert.equal(seen[0], 'Failed to load resource: the server responded with a status of 404 (Not Found)');
    assert.equal(seen[1], seen[0]);
    assert.match(seen[2], /^pageerror: .*404/);
    await other.close();
  });

  it('disconnects back to the form', async () => {
    await page.click('#disconnect');
    await page.waitForSelector('#connect:not([hidden])');
    assert.ok(await page.isHidden('#dashboard'));
    assert.equal(await page.inputValue('#connect-token'), '');
    watch.assertClean('disconnecting');
  });
});
