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
