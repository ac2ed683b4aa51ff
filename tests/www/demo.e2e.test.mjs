// End-to-end test of the demo page in real headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core): the demo server with its
// embedded, seeded API stand-in, then every feature a person would use,
// checked on the page and in the stand-in's state. Any console error or page
// error fails the run, except the ones a step provokes on purpose, which are
// matched exactly. Screenshots of the main states go to out/screenshots/.
//
//   node --test tests/www/
//
// Builds pkg/ with scripts/build.sh first when pkg/web.mjs is missing
// (scripts/setup.sh must have run); otherwise uses the pkg/ that is there.
// DEMO_E2E_CONSOLE=1 prints every browser console message.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  SEEDED,
  SHOTS,
  ZONE,
  assertNoAxeViolations,
  controlOf,
  launch,
  rowsOnPage,
  shot,
  startDemoServer,
  startMockApi,
  tableSettled,
  watchConsole,
} from './harness.mjs';

const CATALOGUE = JSON.parse(readFileSync(path.join(ROOT, 'tests/mock-api/supported-regions.json'), 'utf8'));

describe('demo page against the embedded stand-in', { timeout: 180_000 }, () => {
  let demo;
  let browser;
  let context;
  let page;
  let watch;
  let control;
  const browserAuthHeaders = [];

  before(async () => {
    demo = await startDemoServer({ port: 0, env: {}, log: () => {} });
    control = controlOf(demo.apiBase);
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    watch = watchConsole(page);
    page.on('request', (request) => {
      if (request.url().includes('/client/v4/')) browserAuthHeaders.push(request.headers().authorization ?? null);
    });
  });

  after(async () => {
    if (watch?.problems.length) console.error('console/page errors:', watch.problems);
    await browser?.close();
    await demo?.close();
  });

  it('serves the page and the config, and the page loads the 8 seeded mappings', async () => {
    assert.equal(demo.mode, 'stand-in');
    const config = await (await fetch(new URL('/config.json', demo.url))).json();
    assert.deepEqual(config, { zoneId: ZONE, preconfigured: true, target: 'stand-in', apiBase: null, serverAddsCredentials: true });

    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    const rows = await rowsOnPage(page);
    assert.deepEqual(rows.map((r) => r.ip).sort(), [...SEEDED].sort());
    assert.match(await page.textContent('#mappings-summary'), /^8 mappings in this zone$/);
    assert.equal(await page.textContent('#zone-id'), ZONE);
    assert.equal(await page.textContent('#target-badge'), 'Local API stand-in');
    assert.match(await page.textContent('#status'), /Loaded 8 mappings/);
    // Upper-tier colos from the catalogue, beside each region.
    const colos = await page.$$eval('#mappings-body tr[data-ip="192.0.2.1"] .colo', (els) => els.map((e) => e.textContent));
    assert.deepEqual(colos, ['IAD', 'EWR']);
    // The token is added by the server: the page never sends or holds one.
    assert.ok(browserAuthHeaders.length >= 2);
    assert.ok(browserAuthHeaders.every((h) => h === null), 'the browser sent an Authorization header');
    assert.ok(!(await page.content()).includes('test-token'));
    const log = await control(`/requests?zone=${ZONE}`);
    assert.ok(log.length >= 2 && log.every((r) => r.auth === 'bearer'), 'the server adds the bearer token');
    // Every control, shown or not yet (dialogs, connect form), has an accessible name.
    const unnamed = await page.evaluate(() => {
      const text = (el) => el?.textContent.replace(/\s+/g, ' ').trim() ?? '';
      const nameOf = (el) =>
        el.getAttribute('aria-label')?.trim() ||
        (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim() ||
        [...(el.labels ?? [])].map(text).join(' ').trim() ||
        (el.tagName === 'BUTTON' ? text(el) : '');
      return [...document.querySelectorAll('input, select, textarea, button, progress')].filter((el) => !nameOf(el)).map((el) => el.outerHTML.slice(0, 90));
    });
    assert.deepEqual(unnamed, []);
    await shot(page, '01-loaded', { fullPage: true });
    await assertNoAxeViolations(page, 'when loaded');
    watch.assertClean('loading');
  });

  it('is keyboard usable: Tab reaches "Add mapping" with a visible focus ring, Enter opens, Escape closes', async () => {
    // Nothing clicked yet: Tab starts at the top of the page, on the skip link.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    const skip = await page.locator('.skip-link').boundingBox();
    assert.ok(skip.y >= 0, 'the skip link shows when focused');
    let focused = '';
    for (let i = 0; i < 12 && focused !== 'add-button'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(focused, 'add-button');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focused button shows an outline');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#mapping-dialog[open]');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'mapping-ip');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#mapping-dialog:not([open])', { state: 'attached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'add-button');
    watch.assertClean('keyboard use');
  });

  it('sorts by vendor and by IP across the zone, and back to API order', async () => {
    const header = (key) => page.locator(`#mappings-table th[data-sort="${key}"]`);
    await header('vendor').locator('button').click();
    await tableSettled(page);
    assert.equal(await header('vendor').getAttribute('aria-sort'), 'ascending');
    let rows = await rowsOnPage(page);
    assert.deepEqual(rows.map((r) => r.vendor), ['aws', 'aws', 'azure', 'azure', 'gcp', 'gcp', 'oci', 'oci']);
    await header('vendor').locator('button').click();
    await tableSettled(page);
    assert.equal(await header('vendor').getAttribute('aria-sort'), 'descending');
    assert.equal((await rowsOnPage(page))[0].vendor, 'oci');
    await header('ip').locator('button').click();
    await tableSettled(page);
    assert.equal(await header('vendor').getAttribute('aria-sort'), 'none');
    rows = await rowsOnPage(page);
    assert.deepEqual(
      rows.map((r) => r.ip),
      ['192.0.2.1', '198.51.100.10', '198.51.100.77', '203.0.113.25', '203.0.113.200', '2001:db8::1', '2001:db8:1234::abcd', '2001:db8:85a3::8a2e:370:7334'],
    );
    assert.equal(await page.textContent('#sort-note'), 'Sorted by IP address (ascending) across all 8 mappings.');
    await header('ip').locator('button').click(); // descending
    await header('ip').locator('button').click(); // API order
    await tableSettled(page);
    assert.equal(await header('ip').getAttribute('aria-sort'), 'none');
    assert.deepEqual((await rowsOnPage(page)).map((r) => r.ip), SEEDED);
    watch.assertClean('sorting');
  });

  it('adds a mapping, checking the IP before anything is sent', async () => {
    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.click('#add-button');
    await page.waitForSelector('#mapping-dialog[open]');
    // A bad IP is flagged in place and not sent.
    await page.fill('#mapping-ip', '010.1.1.1');
    assert.match(await page.textContent('#mapping-ip-help'), /leading zero/);
    assert.equal(await page.getAttribute('#mapping-ip', 'aria-invalid'), 'true');
    await page.click('#mapping-save');
    assert.ok(await page.isVisible('#mapping-dialog[open]'));
    assert.equal((await control(`/requests?zone=${ZONE}`)).length, 0, 'nothing sent for a bad IP');

    await page.fill('#mapping-ip', '2001:DB8:0::50');
    assert.equal(await page.textContent('#mapping-ip-help'), 'Will be saved as 2001:db8::50');
    await page.selectOption('#mapping-vendor', 'gcp');
    await page.selectOption('#mapping-region', 'europe-west1');
    assert.match(await page.textContent('#mapping-colos'), /Upper-tier colos:\s*BRU\s*AMS/);
    const regionLabels = await page.$$eval('#mapping-region option', (os) => os.map((o) => o.textContent));
    assert.ok(regionLabels.includes('europe-west1  ·  BRU, AMS'), regionLabels.join('|'));
    await shot(page, '02-add-dialog');
    await page.click('#mapping-save');
    await page.waitForSelector('#mapping-dialog:not([open])', { state: 'attached' });
    await page.waitForSelector('#mappings-body tr[data-ip="2001:db8::50"]');
    assert.match(await page.textContent('#mappings-summary'), /^9 mappings/);
    assert.match(await page.textContent('#status'), /Saved 2001:db8::50: Google Cloud europe-west1/);
    const stored = await control(`/zones/${ZONE}/mappings`);
    assert.deepEqual(
      stored.filter((m) => m.ip === '2001:db8::50').map(({ vendor, region }) => ({ vendor, region })),
      [{ vendor: 'gcp', region: 'europe-west1' }],
    );
    watch.assertClean('adding');
  });

  it('bulk-imports 250 rows: 3 invalid flagged before sending, 247 applied', async () => {
    const vendors = ['aws', 'azure', 'gcp', 'oci'];
    const valid = [];
    for (let i = 0; i < 247; i += 1) {
      const vendor = vendors[i % 4];
      const regions = CATALOGUE.vendors[vendor];
      const region = regions[i % regions.length].name;
      // Every third IP in a non-canonical IPv6 spelling, to show canonicalisation.
      const ip = i % 3 === 0 ? `2001:DB8:0:0:0:0:A:${(i + 1).toString(16).toUpperCase()}` : `198.18.${Math.floor(i / 200)}.${(i % 200) + 1}`;
      const canonical = i % 3 === 0 ? `2001:db8::a:${(i + 1).toString(16)}` : ip;
      valid.push({ ip, canonical, vendor, region });
    }
    const invalid = [
      { at: 10, line: '010.1.1.1,aws,us-east-1', reason: /leading zero/ },
      { at: 120, line: '2001:db8::g1,gcp,us-central1', reason: /not an IP address/ },
      { at: 240, line: '198.18.9.9,aws,atlantis-1', reason: /The region "atlantis-1" is not in the catalogue of AWS\./ },
    ];
    const data = valid.map((v, i) => (i % 10 === 5 ? `${v.ip}\t${v.vendor}\t${v.region}` : `${v.ip},${v.vendor},${v.region}`));
    for (const bad of invalid) data.splice(bad.at, 0, bad.line);
    assert.equal(data.length, 250);
    const text = ['ip,vendor,region', ...data].join('\n');

    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.fill('#import-text', text);
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('250 rows'));
    assert.equal(await page.textContent('#import-summary'), '250 rows: 247 ready to send, 3 with problems (not sent).');
    const flagged = await page.$$eval('#import-body tr[data-state="invalid"]', (rows) =>
      rows.map((r) => ({ line: Number(r.dataset.line), status: r.querySelector('.status-cell').textContent })),
    );
    assert.deepEqual(
      flagged.map((f) => f.line),
      invalid.map((b) => b.at + 2), // line 1 is the header
    );
    flagged.forEach((f, i) => assert.match(f.status, invalid[i].reason));
    // Each row shows its canonical IP.
    const first = await page.$eval('#import-body tr[data-line="2"]', (r) => [...r.cells].map((c) => c.textContent));
    assert.deepEqual(first.slice(1, 5), ['2001:DB8:0:0:0:0:A:1', '2001:db8::a:1', 'AWS', valid[0].region]);
    assert.equal(await page.textContent('#import-run'), 'Import 247 mappings');
    assert.deepEqual(await control(`/requests?zone=${ZONE}`), [], 'nothing is sent before the click');

    await page.check('#import-problems-only');
    await page.locator('#import').screenshot({ path: path.join(SHOTS, '03-import-preview-errors.png'), animations: 'disabled' });
    await page.uncheck('#import-problems-only');

    await page.click('#import-run');
    await page.waitForFunction(() => /applied/.test(document.querySelector('#import-summary').textContent), null, { timeout: 30_000 });
    assert.equal(await page.textContent('#import-summary'), '247 mappings applied, 0 failed, 3 not sent · 3 requests.');
    const states = await page.$$eval('#import-body tr', (rows) => rows.map((r) => r.dataset.state));
    assert.equal(states.filter((s) => s === 'applied').length, 247);
    assert.equal(states.filter((s) => s === 'invalid').length, 3);
    assert.equal(await page.getAttribute('#import-progress', 'value'), '247');
    assert.equal(await page.getAttribute('#import-progress', 'max'), '247');
    assert.match(await page.textContent('#import-progress-text'), /^247 of 247 mappings applied · 3 requests$/);
    // A package with the onProgress call option reports along the way; an older one is not required to.
    const reports = Number(await page.getAttribute('#import-progress', 'data-reports'));
    if (readFileSync(path.join(ROOT, 'pkg/index.d.ts'), 'utf8').includes('onProgress')) assert.ok(reports >= 1, `${reports} progress reports`);

    const stored = new Map((await control(`/zones/${ZONE}/mappings`)).map((m) => [m.ip, m]));
    assert.equal(stored.size, 8 + 1 + 247);
    for (const v of valid) {
      assert.deepEqual([stored.get(v.canonical)?.vendor, stored.get(v.canonical)?.region], [v.vendor, v.region], v.canonical);
    }
    const batches = (await control(`/requests?zone=${ZONE}`)).filter((r) => r.method === 'PUT' && r.path.endsWith('/batch'));
    assert.deepEqual(batches.map((r) => r.items).sort((a, b) => b - a), [100, 100, 47]);

    await page.waitForFunction(() => document.querySelector('#mappings-summary').textContent.startsWith('256 mappings'));
    // Results: applied rows around one that was not sent.
    await page.$eval('#import-body tr[data-line="12"]', (row) => {
      const box = row.closest('.table-scroll');
      box.scrollTop = row.offsetTop - box.clientHeight / 2;
    });
    await page.locator('#import').screenshot({ path: path.join(SHOTS, '04-import-results.png'), animations: 'disabled' });
    watch.assertClean('bulk import');
  });

  it('updates a mapping found with the filter', async () => {
    await page.fill('#filter', '192.0.2.1');
    await page.waitForFunction(() => document.querySelectorAll('#mappings-body tr[data-ip]').length === 1);
    await page.click('button[aria-label="Edit 192.0.2.1"]');
    await page.waitForSelector('#mapping-dialog[open]');
    assert.equal(await page.inputValue('#mapping-ip'), '192.0.2.1');
    assert.equal(await page.getAttribute('#mapping-ip', 'readonly'), '');
    assert.equal(await page.inputValue('#mapping-vendor'), 'aws');
    assert.equal(await page.inputValue('#mapping-region'), 'us-east-1');
    await page.selectOption('#mapping-region', 'us-west-2');
    await shot(page, '05-edit-dialog');
    await page.click('#mapping-save');
    await page.waitForSelector('#mappings-body tr[data-ip="192.0.2.1"][data-region="us-west-2"]');
    const stored = (await control(`/zones/${ZONE}/mappings`)).find((m) => m.ip === '192.0.2.1');
    assert.deepEqual([stored.vendor, stored.region], ['aws', 'us-west-2']);
    watch.assertClean('updating');
  });

  it('deletes a mapping after confirmation', async () => {
    await page.fill('#filter', '203.0.113.25');
    await page.waitForFunction(
      () => [...document.querySelectorAll('#mappings-body tr[data-ip]')].map((r) => r.dataset.ip).join() === '203.0.113.25',
    );
    await page.click('button[aria-label="Delete 203.0.113.25"]');
    await page.waitForSelector('#delete-dialog[open]');
    assert.match(await page.textContent('#delete-dialog-text'), /203\.0\.113\.25 will no longer be mapped to Azure westeurope/);
    await page.click('#delete-confirm');
    await page.waitForSelector('#delete-dialog:not([open])', { state: 'attached' });
    await page.waitForSelector('#mappings-body tr.empty');
    assert.match(await page.textContent('#mappings-body'), /No mapping matches “203\.0\.113\.25”/);
    const stored = await control(`/zones/${ZONE}/mappings`);
    assert.equal(stored.length, 255);
    assert.ok(!stored.some((m) => m.ip === '203.0.113.25'));
    await page.fill('#filter', '');
    await page.waitForFunction(() => document.querySelector('#sort-note').textContent === '');
    await tableSettled(page);
    assert.match(await page.textContent('#mappings-summary'), /^255 mappings/);
    watch.assertClean('deleting');
  });

  it('shows a server error in the banner with its Cloudflare code', async () => {
    // The client tries a 5xx three times (two retries): fail all three.
    await control('/faults', { method: 'POST', body: { kind: 'status', status: 500, times: 3, zone: ZONE, method: 'GET', path: '/origin/cloud_regions' } });
    let failures = 0;
    const onResponse = (response) => {
      if (response.status() === 500 && response.url().includes('/origin/cloud_regions')) failures += 1;
    };
    page.on('response', onResponse);
    // Chromium logs each failed fetch as a console error; exactly these are allowed.
    watch.expect({
      text: /^Failed to load resource: the server responded with a status of 500 \(Internal Server Error\)$/,
      url: new RegExp(`/client/v4/zones/${ZONE}/origin/cloud_regions\\?page=1&per_page=20$`),
    });
    await page.click('#refresh-button');
    await page.waitForSelector('#banner:not([hidden])', { timeout: 15_000 });
    const banner = await page.textContent('#banner');
    assert.match(banner, /Loading mappings failed: the API answered with an error \(HTTP 500\)\./);
    assert.match(banner, /Error 1140/);
    assert.match(banner, /Unable to update origin_public_cloud_region setting value\. Internal error\./);
    assert.equal(await page.getAttribute('#banner', 'data-code'), '1140');
    assert.equal(await page.getAttribute('#banner', 'role'), 'alert');
    page.off('response', onResponse);
    assert.equal(failures, 3);
    await watch.settle(failures);
    assert.deepEqual(await control('/faults'), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, '06-error-banner');

    // Dismissed, and the next refresh works.
    await page.click('#banner .banner-close');
    assert.ok(await page.isHidden('#banner'));
    await page.click('#refresh-button');
    await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Refreshed'));
    assert.ok(await page.isHidden('#banner'));
    watch.assertClean('the provoked error');
  });

  it('exports every mapping to CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-button')]);
    assert.match(download.suggestedFilename(), new RegExp(`^origin-regions-${ZONE}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    assert.equal(csv[0], 'ip,vendor,region,modified_on');
    assert.equal(csv.length, 1 + 255);
    assert.ok(csv.some((line) => line.startsWith('192.0.2.1,aws,us-west-2,')));
    assert.ok(csv.some((line) => line.startsWith('2001:db8::50,gcp,europe-west1,')));
    assert.match(await page.textContent('#status'), /Exported 255 mappings/);
    watch.assertClean('export');
  });

  it('pages through the zone', async () => {
    await page.selectOption('#per-page', '100');
    await tableSettled(page);
    assert.equal((await rowsOnPage(page)).length, 100);
    assert.equal(await page.textContent('#page-info'), '1–100 of 255 · page 1 of 3');
    await page.click('#next-page');
    await page.click('#next-page');
    await page.waitForFunction(() => document.querySelector('#page-info').textContent.endsWith('page 3 of 3'));
    assert.equal((await rowsOnPage(page)).length, 55);
    assert.ok(await page.isDisabled('#next-page'));
    await page.selectOption('#per-page', '20');
    await tableSettled(page);
    watch.assertClean('paging');
  });

  it('is usable at 375 px wide', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.waitForSelector('#mappings-body tr[data-ip]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    // Each mapping is a card: the labels come from the cells.
    const label = await page.$eval('#mappings-body td[data-label="Region"]', (td) => getComputedStyle(td, '::before').content);
    assert.equal(label, '"Region"');
    const box = await page.locator('button[aria-label="Edit 192.0.2.1"]').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375);
    await shot(page, '07-narrow-375');
    await assertNoAxeViolations(page, 'at 375 px');
    await page.click('#add-button');
    await page.waitForSelector('#mapping-dialog[open]');
    const dialog = await page.locator('#mapping-dialog').boundingBox();
    assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= 375, JSON.stringify(dialog));
    await shot(page, '08-narrow-add-dialog');
    await page.keyboard.press('Escape');
    await page.fill('#import-text', 'ip,vendor,region\n192.0.2.99,aws,us-east-1\n10.0.0.1,gcp,moon-1\n');
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('2 rows'));
    const overflowImport = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflowImport <= 0, `page is ${overflowImport}px wider than the viewport with the import preview`);
    await page.locator('#import').screenshot({ path: path.join(SHOTS, '09-narrow-import.png'), animations: 'disabled' });
    watch.assertClean('the narrow layout');
  });
});

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
    await other.route('**/pkg/origin_regions_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await other.goto(demo.url);
    await other.waitForSelector('#boot.boot-failed');
    assert.match(await other.textContent('#boot'), /^The page failed to start: .*404.*Build the package \(bash scripts\/build\.sh\) and reload\.$/);
    assert.equal(await other.getAttribute('#boot', 'role'), 'alert');
    // Exactly the provoked failure: the 404, and the package's error about it.
    assert.equal(seen.length, 2, seen.join('\n'));
    assert.equal(seen[0], 'Failed to load resource: the server responded with a status of 404 (Not Found)');
    assert.match(seen[1], /^pageerror: .*404/);
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

describe('sync from CSV: plan shown first, then applied', { timeout: 120_000 }, () => {
  let demo;
  let browser;
  let page;
  let watch;
  let control;
  // Against the 8 seeded mappings: 2 creates (one IPv6 in a non-canonical
  // spelling), 1 change, 1 unchanged, 1 rejected row (line 6); with prune the
  // other 6 mappings are deleted.
  const LIST = [
    'ip,vendor,region',
    '192.0.2.60,aws,us-east-1',
    '2001:DB8::60,gcp,europe-west1',
    '192.0.2.1,aws,us-west-2',
    '2001:db8::1,gcp,us-central1',
    '010.1.1.1,azure,eastus',
  ].join('\n');
  const DESIRED = [
    { ip: '192.0.2.60', vendor: 'aws', region: 'us-east-1' },
    { ip: '2001:db8::60', vendor: 'gcp', region: 'europe-west1' },
    { ip: '192.0.2.1', vendor: 'aws', region: 'us-west-2' },
    { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
  ];
  const byIp = (a, b) => a.ip.localeCompare(b.ip);
  const listed = (key) => page.$$eval(`#sync-lists [data-list="${key}"] tbody tr`, (rows) => rows.map((r) => ({ ...r.dataset, cells: [...r.cells].map((c) => c.textContent) })));
  const stats = () =>
    page.$$eval('#sync-stats .stat', (els) => Object.fromEntries(els.map((el) => [el.dataset.stat, el.querySelector('dd').textContent.replace(/\s+/g, ' ').trim()])));
  const writesIn = (log) => log.filter((r) => r.method !== 'GET');

  before(async () => {
    demo = await startDemoServer({ port: 0, env: {}, log: () => {} });
    control = controlOf(demo.apiBase);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch = watchConsole(page);
    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
  });

  after(async () => {
    if (watch?.problems.length) console.error('console/page errors:', watch.problems);
    await browser?.close();
    await demo?.close();
  });

  it('previews the plan: 2 creates, 1 change, 1 rejected row and, with prune, 6 deletes; nothing is written', async () => {
    assert.ok(await page.isChecked('#mode-upsert'), 'the card starts in import mode');
    assert.ok(await page.isHidden('#sync'));
    await page.click('label:has(#mode-sync)');
    assert.ok(await page.isVisible('#sync'));
    assert.equal(await page.textContent('#import-title'), 'Sync from CSV');
    assert.equal(await page.textContent('#import-text-label'), 'The mappings this zone should have');
    await page.fill('#import-text', LIST);
    await page.waitForTimeout(300); // past the import's debounce: its preview stays hidden in this mode
    assert.ok(await page.isHidden('#import-preview'));

    // Prune is off by default; turning it on shows the warning.
    assert.equal(await page.isChecked('#sync-prune'), false);
    assert.ok(await page.isHidden('#sync-prune-on'));
    await page.check('#sync-prune');
    assert.ok(await page.isVisible('#sync-prune-on'));
    assert.match(await page.textContent('#sync-prune-on'), /Every mapping of this zone that the list does not name will be deleted/);

    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.click('#sync-preview');
    await page.waitForSelector('#sync-plan[data-state="planned"]');
    assert.equal(await page.textContent('#sync-summary'), '9 writes planned: 2 to create, 1 to change, 6 to delete. Nothing has been written yet.');
    assert.deepEqual(await stats(), { create: '2', change: '1', delete: '6', unchanged: '1', rejected: '1', zone: '8 → becomes 4' });
    // Seen as "8 → 4"; the arrow is hidden from screen readers, which hear "8 becomes 4".
    const seen = await page.$eval('[data-stat="zone"] dd', (dd) => {
      const copy = dd.cloneNode(true);
      copy.querySelectorAll('.visually-hidden').forEach((el) => el.remove());
      return copy.textContent.replace(/\s+/g, ' ');
    });
    assert.equal(seen, '8 → 4');

    const creates = await listed('create');
    assert.deepEqual(creates.map((r) => r.cells.join('|')).sort(), ['192.0.2.60|AWS|us-east-1', '2001:db8::60|Google Cloud|europe-west1']);
    const changes = await listed('change');
    assert.deepEqual(changes.map((r) => r.cells), [['192.0.2.1', 'AWS us-east-1', '→ AWS us-west-2']]);
    assert.equal(await page.textContent('[data-list="change"] .pair-to .diff-new'), 'us-west-2', 'the new region is marked');
    const deletes = await listed('delete');
    assert.deepEqual(deletes.map((r) => r.ip).sort(), SEEDED.filter((ip) => ip !== '192.0.2.1' && ip !== '2001:db8::1').sort());
    const rejected = await listed('rejected');
    assert.equal(rejected.length, 1);
    assert.deepEqual(rejected[0].cells.slice(0, 2), ['6', '010.1.1.1']);
    assert.match(rejected[0].cells[2], /^Not sent.*leading zero/);
    assert.equal(await page.textContent('[data-list="unchanged"] summary'), '1 mapping already as listed (no write)');
    assert.equal(await page.textContent('#sync-apply'), 'Apply plan: 9 writes');
    assert.ok(await page.$eval('#sync-apply', (b) => b.classList.contains('button-danger')), 'a plan that deletes has a danger button');
    assert.equal(await page.getAttribute('#sync-summary', 'aria-live'), 'polite');

    // Only the zone was read.
    const log = await control(`/requests?zone=${ZONE}`);
    assert.ok(log.length >= 1);
    assert.deepEqual(writesIn(log), [], 'nothing is written before Apply');
    assert.equal((await control(`/zones/${ZONE}/mappings`)).length, 8);

    await page.locator('#import').screenshot({ path: path.join(SHOTS, '12-sync-plan.png'), animations: 'disabled' });
    watch.assertClean('previewing a sync');
  });

  it('applies the plan with progress, shows each outcome, and the zone then equals the list', async () => {
    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.click('#sync-apply');
    await page.waitForSelector('#sync-plan[data-state="applied"]', { timeout: 30_000 });
    assert.equal(await page.textContent('#sync-summary'), 'Applied all 9 writes in 2 requests: the zone has 4 mappings.');
    for (const key of ['create', 'change', 'delete']) {
      const rows = await listed(key);
      assert.ok(rows.every((r) => r.state === 'applied' && r.cells.at(-1) === 'Applied'), `${key}: ${JSON.stringify(rows)}`);
    }
    assert.equal(await page.getAttribute('#sync-progress', 'value'), '9');
    assert.equal(await page.getAttribute('#sync-progress', 'max'), '9');
    assert.equal(await page.textContent('#sync-progress-text'), '9 of 9 writes applied · 2 requests');
    assert.ok(Number(await page.getAttribute('#sync-progress', 'data-reports')) >= 1, 'progress reported along the way');
    assert.equal(await page.textContent('#sync-apply'), 'Applied');
    assert.ok(await page.isDisabled('#sync-apply'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sync-preview', 'focus moves to the next step');
    assert.equal(await page.textContent('#sync-preview'), 'Preview again');

    // The stand-in holds exactly the list, written in one upsert and one delete request.
    const stored = (await control(`/zones/${ZONE}/mappings`)).map(({ ip, vendor, region }) => ({ ip, vendor, region }));
    assert.deepEqual(stored.sort(byIp), [...DESIRED].sort(byIp));
    const writes = writesIn(await control(`/requests?zone=${ZONE}`));
    assert.deepEqual(writes.map((r) => [r.method, r.items]), [['PUT', 3], ['DELETE', 6]]);

    // The table below is reloaded.
    await page.waitForFunction(() => document.querySelector('#mappings-summary').textContent.startsWith('4 mappings'));
    await tableSettled(page);
    assert.deepEqual((await rowsOnPage(page)).map((r) => r.ip).sort(), DESIRED.map((d) => d.ip).sort());
    assert.match(await page.textContent('#status'), /^Sync applied: 2 created, 1 changed, 6 deleted in 2 requests\.$/);
    await page.locator('#sync-plan').screenshot({ path: path.join(SHOTS, '13-sync-applied.png'), animations: 'disabled' });
    watch.assertClean('applying a sync');
  });

  it('previews the same list again: nothing to do, and nothing can be written', async () => {
    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.click('#sync-preview');
    await page.waitForSelector('#sync-plan[data-state="empty"]');
    assert.equal(await page.textContent('#sync-summary'), 'Nothing to do: the zone already matches this list (4 mappings unchanged). 1 rejected row left out.');
    assert.deepEqual(await stats(), { create: '0', change: '0', delete: '0', unchanged: '4', rejected: '1', zone: '4 → becomes 4' });
    assert.deepEqual(await page.$$eval('#sync-lists [data-list]', (els) => els.map((el) => el.dataset.list)), ['rejected', 'unchanged']);
    assert.equal(await page.textContent('#sync-apply'), 'Nothing to apply');
    assert.ok(await page.isDisabled('#sync-apply'));
    assert.deepEqual(writesIn(await control(`/requests?zone=${ZONE}`)), []);

    // Editing the list retires the plan.
    await page.fill('#import-text', `${LIST}\n192.0.2.61,aws,us-east-1`);
    assert.ok(await page.isHidden('#sync-plan'));
    watch.assertClean('the second preview');
  });

  it('drops a plan still being worked out when the list changes', async () => {
    await control('/faults', { method: 'POST', body: { kind: 'delay', delayMs: 1500, zone: ZONE, method: 'GET', path: '/origin/cloud_regions' } });
    await page.click('#sync-preview');
    assert.equal(await page.textContent('#sync-preview'), 'Planning…');
    assert.equal(await page.getAttribute('#sync-preview', 'aria-disabled'), 'true');
    await page.fill('#import-text', LIST);
    assert.equal(await page.textContent('#sync-preview'), 'Preview plan');
    assert.equal(await page.getAttribute('#sync-preview', 'aria-disabled'), null);
    await page.waitForTimeout(1800); // past the delayed answer: nothing shows up
    assert.ok(await page.isHidden('#sync-plan'));
    assert.ok(await page.isHidden('#banner'));
    assert.deepEqual(await control('/faults'), []);
    watch.assertClean('a dropped plan');
  });

  it('refuses a plan past 3,500 mappings: the reason in the banner, nothing written', async () => {
    const filler = Array.from({ length: 3499 }, (_, i) => ({ ip: `10.${i >> 8}.${i & 255}.1`, vendor: 'aws', region: 'us-east-1' }));
    await control(`/zones/${ZONE}/mappings`, { method: 'PUT', body: filler });
    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.uncheck('#sync-prune');
    assert.ok(await page.isHidden('#sync-prune-on'));
    await page.fill('#import-text', '192.0.2.70,aws,us-east-1\n192.0.2.71,gcp,us-central1');
    await page.click('#sync-preview');
    await page.waitForSelector('#banner:not([hidden])', { timeout: 30_000 });
    const banner = await page.textContent('#banner');
    assert.match(banner, /Planning the sync failed: the input is not valid/);
    assert.match(banner, /the plan would take the zone from 3499 to 3501 mappings, past the limit of 3500; nothing was sent/);
    assert.match(banner, /Turn on “Also delete mappings that are not in this list”/);
    assert.ok(await page.isHidden('#sync-plan'));
    const log = await control(`/requests?zone=${ZONE}`);
    assert.equal(log.length, 35, 'the zone was read, 100 a page');
    assert.deepEqual(writesIn(log), []);
    assert.equal((await control(`/zones/${ZONE}/mappings`)).length, 3499);
    await page.click('#banner .banner-close');
    assert.ok(await page.isHidden('#banner'));
    watch.assertClean('the refused plan');
  });

  it('shows what failed when the zone changed after the plan, and a new preview plans what is left', async () => {
    await control('/reset', { method: 'POST', body: {} });
    await page.check('#sync-prune');
    // The list loaded from a file this time.
    await page.setInputFiles('#import-file', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(LIST) });
    await page.waitForFunction(() => document.querySelector('#import-text').value.startsWith('ip,vendor,region'));
    assert.equal(await page.textContent('#status'), 'Loaded inventory.csv.');
    await page.click('#sync-preview');
    await page.waitForSelector('#sync-plan[data-state="planned"]');
    assert.equal(await page.textContent('#sync-apply'), 'Apply plan: 9 writes');

    // Someone else deletes one of the planned deletes before Apply.
    const seeded = await control(`/zones/${ZONE}/mappings`);
    await control(`/zones/${ZONE}/mappings`, { method: 'PUT', body: seeded.filter((m) => m.ip !== '203.0.113.25') });
    await page.click('#sync-apply');
    await page.waitForSelector('#sync-plan[data-state="applied"]', { timeout: 30_000 });
    assert.equal(await page.textContent('#sync-summary'), 'Applied 8 of 9 writes in 2 requests; 1 failed (reasons below). Preview again to plan what is left.');
    const failed = (await listed('delete')).filter((r) => r.state === 'failed');
    assert.deepEqual(failed.map((r) => r.ip), ['203.0.113.25']);
    assert.match(failed[0].cells.at(-1), /^Failed.*no mapping for that IP/);
    assert.equal((await listed('delete')).filter((r) => r.state === 'applied').length, 5);
    assert.equal(await page.textContent('#sync-apply'), 'Applied, with failures');
    assert.match(await page.textContent('#status'), /; 1 failed\.$/);

    await page.click('#sync-preview');
    await page.waitForSelector('#sync-plan[data-state="empty"]');
    assert.match(await page.textContent('#sync-summary'), /^Nothing to do/);
    watch.assertClean('a partly failed sync');
  });

  it('works by keyboard and at 375 px wide', async () => {
    await control('/reset', { method: 'POST', body: {} });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.waitForSelector('#mappings-body tr[data-ip]');
    // Whatever the browser restored, start from import mode.
    await page.check('#mode-upsert');
    await page.focus('#mode-upsert');
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.isChecked('#mode-sync'), 'arrow keys move through the modes');
    assert.ok(await page.isVisible('#sync'));
    await page.fill('#import-text', LIST);
    await page.focus('#sync-prune');
    if (!(await page.isChecked('#sync-prune'))) await page.keyboard.press('Space');
    assert.ok(await page.isChecked('#sync-prune'));
    await page.focus('#sync-preview');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#sync-plan[data-state="planned"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sync-preview', 'focus stays on the button while planning');
    assert.equal(await page.textContent('#sync-summary'), '9 writes planned: 2 to create, 1 to change, 6 to delete. Nothing has been written yet.');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport with the plan shown`);
    const label = await page.$eval('[data-list="change"] td[data-label="After"]', (td) => getComputedStyle(td, '::before').content);
    assert.equal(label, '"After"');
    const apply = await page.locator('#sync-apply').boundingBox();
    assert.ok(apply && apply.x >= 0 && apply.x + apply.width <= 375, JSON.stringify(apply));
    await page.locator('#import').screenshot({ path: path.join(SHOTS, '14-narrow-sync-plan.png'), animations: 'disabled' });
    watch.assertClean('the narrow sync');
  });
});
