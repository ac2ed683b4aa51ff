// Sync from CSV in headless Chromium against the demo server's embedded
// stand-in: the plan shown before anything is written, applied with progress
// and each write's outcome, a plan dropped when the list changes, a plan past
// the zone limit refused, a zone changed between plan and apply, and the same
// by keyboard at 375 px.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SEEDED, SHOTS, ZONE, rowsOnPage, openDashboard, tableSettled } from './harness.mjs';

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

  let dashboard;
  before(async () => {
    dashboard = await openDashboard();
    ({ demo, browser, page, watch, control } = dashboard);
  });

  after(() => dashboard?.close());

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
    assert.match(banner, /the plan would take the zone from 3,499 to 3,501 mappings, past the limit of 3,500; nothing was sent\./);
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
    assert.match(failed[0].cells.at(-1), /^Failed\s*No mapping for that IP\.$/);
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
