// The mappings table and its dialogs used in earnest, in headless Chromium
// against the demo server's embedded stand-in with latency and faults: a slow
// save cancelled, keyboard focus after an edit, a delete of a mapping already
// deleted elsewhere, a hung list request, a vendor outside the catalogue,
// plain-sentence messages, and the 375 px layout (sorting, tab stops, IPv6
// line breaks, the zone id). Each state is also checked with axe-core, and no
// console error may appear but those a step provokes.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SEEDED, ZONE, assertNoAxeViolations, controlOf, focused, launch, rowsOnPage, shot, startDemoServer, tableSettled, watchConsole } from './harness.mjs';

describe('mappings table and dialogs, used in earnest', { timeout: 180_000 }, () => {
  let demo;
  let browser;
  let context;
  let page;
  let watch;
  let control;
  const stored = async (ip) => (await control(`/zones/${ZONE}/mappings`)).find((m) => m.ip === ip);

  async function freshPage() {
    await control('/reset', { method: 'POST', body: {} });
    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    await tableSettled(page);
  }

  before(async () => {
    demo = await startDemoServer({ port: 0, env: {}, log: () => {} });
    control = controlOf(demo.apiBase);
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    page = await context.newPage();
    watch = watchConsole(page);
  });

  after(async () => {
    if (watch?.problems.length) console.error('console/page errors:', watch.problems);
    await browser?.close();
    await demo?.close();
  });

  it('cancels a slow save on Escape: the call is aborted, nothing is saved, and the page says so', async () => {
    await freshPage();
    await control('/config', { method: 'POST', body: { latencyMs: 1500 } });
    for (const failing of [false, true]) {
      if (failing) await control('/faults', { method: 'POST', body: { kind: 'status', status: 500, times: 3, zone: ZONE, method: 'PUT', path: '/origin/cloud_regions/192.0.2.1' } });
      await page.click('button[aria-label="Edit 192.0.2.1"]');
      await page.waitForSelector('#mapping-dialog[open]');
      await page.selectOption('#mapping-region', 'us-west-2');
      await page.click('#mapping-save');
      assert.equal(await page.textContent('#mapping-save'), 'Saving…');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#mapping-dialog:not([open])', { state: 'attached' });
      await page.waitForFunction(() => /was cancelled/.test(document.querySelector('#status').textContent), null, { timeout: 5_000 });
      assert.equal(await page.textContent('#status'), 'Saving 192.0.2.1 was cancelled; the table shows the zone as it is now.');
      await page.waitForTimeout(2_000); // past the stand-in's latency: an unaborted PUT would land now
      const mapping = await stored('192.0.2.1');
      assert.deepEqual([mapping.vendor, mapping.region], ['aws', 'us-east-1'], `saved although cancelled (failing: ${failing})`);
      assert.ok(await page.isHidden('#mapping-error'), 'nothing drawn in the closed dialog');
      assert.ok(await page.isHidden('#banner'));
      assert.notEqual(await page.textContent('#status'), 'Loaded 8 mappings.');
    }
    await control('/config', { method: 'POST', body: { latencyMs: 0 } });
    await control('/faults', { method: 'DELETE' });
    await tableSettled(page);
    watch.assertClean('a cancelled save');
  });

  it('returns keyboard focus to the edited row after a save from the keyboard', async () => {
    await freshPage();
    await page.focus('button[aria-label="Edit 2001:db8::1"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#mapping-dialog[open]');
    assert.equal(await focused(page), 'mapping-region');
    await page.keyboard.press('ArrowDown'); // another region of the same vendor
    await page.focus('#mapping-save');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#mapping-dialog:not([open])', { state: 'attached' });
    await page.waitForFunction(() => document.querySelector('#mappings-body tr[data-ip="2001:db8::1"]')?.dataset.region !== 'us-central1');
    await tableSettled(page);
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Edit 2001:db8::1');
    // The next Tab goes on from that row, not from the top of the table.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Delete 2001:db8::1');
    watch.assertClean('keyboard focus after an edit');
  });

  it('closes and refreshes when the mapping to delete was already deleted elsewhere', async () => {
    await freshPage();
    const seeded = await control(`/zones/${ZONE}/mappings`);
    await control(`/zones/${ZONE}/mappings`, { method: 'PUT', body: seeded.filter((m) => m.ip !== '203.0.113.25') });
    watch.expect({ text: /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/, url: /\/origin\/cloud_regions\/203\.0\.113\.25$/ });
    await page.click('button[aria-label="Delete 203.0.113.25"]');
    await page.waitForSelector('#delete-dialog[open]');
    await page.click('#delete-confirm');
    await page.waitForSelector('#delete-dialog:not([open])', { state: 'attached' });
    await watch.settle(1);
    await page.waitForFunction(() => !document.querySelector('#mappings-body tr[data-ip="203.0.113.25"]'));
    assert.equal(await page.textContent('#status'), 'The mapping of 203.0.113.25 was already deleted (elsewhere); the table is refreshed.');
    assert.match(await page.textContent('#mappings-summary'), /^7 mappings/);
    assert.ok(await page.isHidden('#banner'));
    assert.equal(await focused(page), 'add-button');
    watch.assertClean('a delete of a mapping deleted elsewhere');
  });

  it('shows a hung list request as loading, keeps Refresh from piling up, and offers Cancel', async () => {
    await freshPage();
    await control('/faults', { method: 'POST', body: { kind: 'hang', zone: ZONE, method: 'GET', path: '/origin/cloud_regions' } });
    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await page.click('#refresh-button');
    await page.waitForFunction(() => document.querySelector('#status').textContent === 'Loading mappings…', null, { timeout: 5_000 });
    assert.equal(await page.getAttribute('#refresh-button', 'aria-disabled'), 'true');
    assert.ok(await page.isVisible('#load-cancel'));
    await page.$eval('#refresh-button', (button) => button.click()); // aria-disabled: no second request
    const lists = (await control(`/requests?zone=${ZONE}`)).filter((r) => r.method === 'GET' && r.path.endsWith('/origin/cloud_regions'));
    assert.equal(lists.length, 1, 'one list request in flight');
    await assertNoAxeViolations(page, 'while loading');
    await page.click('#load-cancel');
    await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Loading cancelled'));
    assert.equal(await page.textContent('#status'), 'Loading cancelled: the table still shows the 8 mappings loaded before.');
    assert.equal(await page.getAttribute('#refresh-button', 'aria-disabled'), null);
    assert.ok(await page.isHidden('#load-cancel'));
    assert.ok(await page.isHidden('#banner'));
    assert.equal(await focused(page), 'refresh-button');
    assert.equal((await rowsOnPage(page)).length, 8);
    assert.deepEqual(await control('/faults'), [], 'the hung request was the one armed');
    watch.assertClean('a hung list request');
  });

  it("keeps a vendor outside the catalogue to its own mapping's edit, out of Add's list", async () => {
    await control(`/zones/${ZONE}/mappings`, {
      method: 'PUT',
      body: [...(await control(`/zones/${ZONE}/mappings`)), { ip: '192.0.2.99', vendor: 'ibm', region: 'us-south' }],
    });
    await page.click('#refresh-button');
    await page.waitForSelector('button[aria-label="Edit 192.0.2.99"]');
    await page.click('button[aria-label="Edit 192.0.2.99"]');
    await page.waitForSelector('#mapping-dialog[open]');
    assert.equal(await page.inputValue('#mapping-vendor'), 'ibm');
    await page.keyboard.press('Escape');
    await page.click('#add-button');
    await page.waitForSelector('#mapping-dialog[open]');
    const vendors = await page.$$eval('#mapping-vendor option', (os) => os.map((o) => o.value));
    assert.deepEqual(vendors, ['aws', 'azure', 'gcp', 'oci']);
    await page.keyboard.press('Escape');
    watch.assertClean('a vendor outside the catalogue');
  });

  it('writes messages as plain sentences: an API that says success:false, a bad IP, an import reason', async () => {
    await freshPage();
    await control('/faults', { method: 'POST', body: { kind: 'success-false', zone: ZONE, method: 'GET', path: '/origin/cloud_regions' } });
    await page.click('#refresh-button');
    await page.waitForSelector('#banner:not([hidden])');
    assert.equal(await page.textContent('#banner .banner-title'), 'Loading mappings failed: the API reported that the request failed.');
    await assertNoAxeViolations(page, 'with the error banner');
    await page.click('#banner .banner-close');

    await page.click('#add-button');
    await page.waitForSelector('#mapping-dialog[open]');
    await page.fill('#mapping-ip', '010.1.1.1');
    assert.equal(await page.textContent('#mapping-ip-help'), '"010.1.1.1" is not an IP address: IPv4 octet "010" has a leading zero.');
    await page.keyboard.press('Escape');

    await page.fill('#import-text', '2001:db8::g1,gcp,us-central1\n192.0.2.7,aws');
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('2 rows'));
    const reasons = await page.$$eval('#import-body .reason', (els) => els.map((el) => el.textContent));
    assert.equal(reasons.length, 2);
    assert.match(reasons[0], /^"2001:db8::g1" is not an IP address: .+\.$/);
    assert.equal(reasons[1], 'This line has 2 fields; expected 3 (ip,vendor,region).');
    watch.assertClean('plain-sentence messages');
  });

  it('at 375 px: a visible sort control, and no hidden sort buttons in the tab order', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await freshPage();
    // Tab from the filter to the first row: every stop is visible, and none is a hidden sort button.
    await page.focus('#filter');
    const stops = [];
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          const box = el.getBoundingClientRect();
          return { what: el.id || el.getAttribute('aria-label') || el.textContent.trim(), sort: el.matches('th button'), visible: box.width > 1 && box.height > 1 };
        }),
      );
    }
    assert.deepEqual(stops.filter((s) => s.sort || !s.visible), [], JSON.stringify(stops));
    assert.ok(stops.some((s) => s.what === 'sort-select'), 'the sort list is a tab stop');
    assert.ok(await page.isVisible('#sort-select'));
    await page.selectOption('#sort-select', 'vendor:descending');
    await tableSettled(page);
    assert.deepEqual((await rowsOnPage(page)).map((r) => r.vendor).slice(0, 2), ['oci', 'oci']);
    assert.equal(await page.getAttribute('#mappings-table th[data-sort="vendor"]', 'aria-sort'), 'descending');
    await page.selectOption('#sort-select', '');
    await tableSettled(page);
    assert.deepEqual((await rowsOnPage(page)).map((r) => r.ip), SEEDED);
    await assertNoAxeViolations(page, 'at 375 px');
    watch.assertClean('sorting at 375 px');
  });

  it('at 375 px: an IPv6 address breaks only at a colon, and the zone id is shown in full and can be copied', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await freshPage();
    // The long IPv6 address wraps only right after a colon.
    const ipv6 = await page.$eval('#mappings-body tr[data-ip="2001:db8:85a3::8a2e:370:7334"] .ip', (code) => {
      const text = code.textContent;
      const tops = [];
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i += 1) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          tops.push(Math.round(range.getBoundingClientRect().top));
        }
      }
      const breaks = [];
      for (let i = 1; i < tops.length; i += 1) if (tops[i] > tops[i - 1]) breaks.push(text.slice(0, i));
      return { text, breaks };
    });
    assert.equal(ipv6.text, '2001:db8:85a3::8a2e:370:7334');
    assert.ok(ipv6.breaks.length >= 1, 'at 375 px the address takes two lines');
    for (const before of ipv6.breaks) assert.ok(before.endsWith(':'), `broke the address after "${before}"`);

    // The zone id is shown in full, and Copy puts it on the clipboard.
    const zone = await page.$eval('#zone-id', (el) => {
      const box = el.getBoundingClientRect();
      return { text: el.textContent, clipped: el.scrollWidth > el.clientWidth, left: box.left, right: box.right };
    });
    assert.equal(zone.text, ZONE);
    assert.ok(!zone.clipped && zone.left >= 0 && zone.right <= 375, JSON.stringify(zone));
    await page.click('#zone-copy');
    await page.waitForFunction(() => document.querySelector('#status').textContent === 'Copied the zone id.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), ZONE);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    await assertNoAxeViolations(page, 'at 375 px');
    await shot(page, '17-narrow-375-after', { fullPage: true });
    watch.assertClean('the narrow layout');
  });

  it('has no axe violations at 1280 px, with the add dialog open too', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await freshPage();
    await assertNoAxeViolations(page, 'at 1280 px');
    await shot(page, '18-wide-1280-after', { fullPage: true });
    await page.click('#add-button');
    await page.waitForSelector('#mapping-dialog[open]');
    await assertNoAxeViolations(page, 'with the add dialog open');
    await page.keyboard.press('Escape');
    watch.assertClean('the wide layout');
  });
});
