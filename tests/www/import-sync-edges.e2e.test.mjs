// The bulk import and the sync used in earnest, in headless Chromium against
// the demo server's embedded stand-in with faults injected: conflicting lines
// of one IP, a sync whose deletes all fail, the zone limit with the zone's
// existing mappings, an import where every row fails, and prune about to
// delete an IP that a rejected row names. Each state is also checked with
// axe-core, and no console error may appear but those a step provokes.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, ZONE, assertNoAxeViolations, openDashboard, tableSettled } from './harness.mjs';

describe('bulk import and sync, used in earnest', { timeout: 180_000 }, () => {
  let demo;
  let browser;
  let page;
  let watch;
  let control;
  const writesIn = (log) => log.filter((r) => r.method !== 'GET');
  const stats = () =>
    page.$$eval('#sync-stats .stat', (els) => Object.fromEntries(els.map((el) => [el.dataset.stat, el.querySelector('dd').textContent.replace(/\s+/g, ' ').trim()])));
  const rowStates = () => page.$$eval('#import-body tr', (rows) => rows.map((r) => ({ line: Number(r.dataset.line), state: r.dataset.state, status: r.querySelector('.status-cell').textContent })));

  async function freshPage() {
    await control('/reset', { method: 'POST', body: {} });
    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    await page.check('#mode-upsert');
  }

  async function previewSync(text, prune) {
    await page.click('label:has(#mode-sync)');
    await page.fill('#import-text', text);
    if (prune) await page.check('#sync-prune');
    else await page.uncheck('#sync-prune');
    await page.click('#sync-preview');
    await page.waitForSelector('#sync-plan[data-state="planned"], #sync-plan[data-state="empty"]');
  }

  /** Counts the API answers with `status` for URLs matching `url`, and allows Chromium's console line for each. */
  function expectFailedLoads(status, statusText, url) {
    let failures = 0;
    const onResponse = (response) => {
      if (response.status() === status && url.test(response.url())) failures += 1;
    };
    page.on('response', onResponse);
    watch.expect({ text: new RegExp(`^Failed to load resource: the server responded with a status of ${status} \\(${statusText}\\)$`), url });
    return async () => {
      page.off('response', onResponse);
      await watch.settle(failures);
      return failures;
    };
  }

  let dashboard;
  before(async () => {
    dashboard = await openDashboard();
    ({ demo, browser, page, watch, control } = dashboard);
  });

  after(() => dashboard?.close());

  it('refuses every line of an IP with conflicting lines, in the import and in the sync, as checkMappings does', async () => {
    const text = ['192.0.2.10,aws,us-east-1', '192.0.2.10,gcp,us-central1', '192.0.2.10,aws,us-east-1'].join('\n');
    await page.fill('#import-text', text);
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('3 rows'));
    const rows = await rowStates();
    assert.deepEqual(rows.map((r) => r.state), ['invalid', 'invalid', 'invalid'], JSON.stringify(rows));
    assert.match(rows[0].status, /^Not sent\s*Conflicts with line 2: the same IP 192\.0\.2\.10/);
    assert.match(rows[2].status, /^Not sent\s*Conflicts with line 2/);
    assert.equal(await page.textContent('#import-summary'), '3 rows: 0 ready to send, 3 with problems (not sent).');
    assert.equal(await page.textContent('#import-run'), 'Nothing to import');
    assert.ok(await page.isDisabled('#import-run'));
    await assertNoAxeViolations(page, 'with the refused rows');

    // The sync: the plan's own check refuses all three lines; none vanishes, none is planned.
    await previewSync(text, false);
    const rejected = await page.$$eval('[data-list="rejected"] tbody tr', (trs) => trs.map((tr) => [tr.dataset.line, tr.cells[2].textContent]));
    assert.deepEqual(rejected.map(([line]) => line), ['1', '2', '3']);
    for (const [, reason] of rejected) assert.match(reason, /^Not sent\s*Conflicts with line \d: the same IP 192\.0\.2\.10/);
    assert.equal(await page.$('[data-list="create"]'), null, 'nothing planned for the conflicting IP');
    assert.deepEqual(writesIn(await control(`/requests?zone=${ZONE}`)), []);
    watch.assertClean('conflicting lines');
  });

  it('asks twice before prune deletes an IP that a rejected row names', async () => {
    await freshPage();
    // Line 2 means to keep 192.0.2.1 but has a typo in its region, so the plan would delete it.
    const text = ['ip,vendor,region', '192.0.2.1,aws,us-east-1x', '2001:db8::1,gcp,us-central1'].join('\n');
    await control(`/requests?zone=${ZONE}`, { method: 'DELETE' });
    await previewSync(text, true);
    assert.match(await page.textContent('[data-list="delete"] tr[data-ip="192.0.2.1"]'), /line 2 names it but was rejected/);
    await page.click('#sync-apply');
    await page.waitForSelector('#sync-confirm:not([hidden])');
    assert.match(await page.textContent('#sync-confirm'), /The plan deletes 1 IP that a rejected row names \(line 2\): 192\.0\.2\.1\. /);
    assert.equal(await page.getAttribute('#sync-confirm', 'role'), 'alert');
    assert.equal(await page.textContent('#sync-apply'), 'Delete them anyway: apply 7 writes');
    assert.equal(await page.getAttribute('#sync-plan', 'data-state'), 'planned');
    assert.deepEqual(writesIn(await control(`/requests?zone=${ZONE}`)), [], 'the first click writes nothing');
    await assertNoAxeViolations(page, 'with the second confirmation');
    await page.locator('#sync-plan').screenshot({ path: path.join(SHOTS, '15-sync-confirm-named-delete.png'), animations: 'disabled' });

    await page.click('#sync-apply');
    await page.waitForSelector('#sync-plan[data-state="applied"]', { timeout: 30_000 });
    assert.ok(await page.isHidden('#sync-confirm'));
    const stored = await control(`/zones/${ZONE}/mappings`);
    assert.deepEqual(stored.map((m) => m.ip), ['2001:db8::1']);
    watch.assertClean('the second confirmation');
  });

  it('counts what a sync really did when every delete fails: status, zone size and bar', async () => {
    await freshPage();
    await control('/faults', { method: 'POST', body: { kind: 'status', status: 500, times: 30, zone: ZONE, method: 'DELETE', path: '/origin/cloud_regions/batch' } });
    // One create, one unchanged, and prune deletes the other 7 seeded mappings.
    await previewSync(['192.0.2.80,aws,us-east-1', '192.0.2.1,aws,us-east-1'].join('\n'), true);
    assert.deepEqual(await stats(), { create: '1', change: '0', delete: '7', unchanged: '1', rejected: '0', zone: '8 → becomes 2' });
    const done = expectFailedLoads(500, 'Internal Server Error', new RegExp(`/client/v4/zones/${ZONE}/origin/cloud_regions/batch$`));
    await page.click('#sync-apply');
    await page.waitForSelector('#sync-plan[data-state="applied"]', { timeout: 30_000 });
    const failures = await done();
    assert.equal(failures, 3, 'the delete request was tried three times');
    const requests = 1 + failures;
    assert.equal(await page.textContent('#status'), `Sync applied: 1 created, 0 changed, 0 deleted in ${requests} requests; 7 failed.`);
    assert.equal((await stats()).zone, '8 → became 9');
    assert.equal(await page.textContent('#sync-progress-text'), `1 of 8 writes applied · 7 failed · ${requests} requests`);
    assert.equal(await page.getAttribute('#sync-progress', 'value'), '1');
    assert.ok(await page.$eval('#sync-progress', (bar) => bar.classList.contains('progress-failed')));
    assert.match(await page.textContent('#sync-summary'), /^Applied 1 of 8 writes in \d+ requests; 7 failed/);
    assert.equal((await control(`/zones/${ZONE}/mappings`)).length, 9, 'nothing was deleted');
    await control('/faults', { method: 'DELETE' });
    await assertNoAxeViolations(page, 'after a sync whose deletes failed');
    watch.assertClean('a sync whose deletes failed');
  });

  it('shows an import where every row failed as failed, on the bar and in the status', async () => {
    await freshPage();
    const lines = Array.from({ length: 250 }, (_, i) => `198.18.${i >> 8}.${(i & 255) + 1},aws,us-east-1`);
    await page.fill('#import-text', lines.join('\n'));
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('250 rows'));
    await control('/faults', { method: 'POST', body: { kind: 'status', status: 500, times: 30, zone: ZONE, method: 'PUT', path: '/origin/cloud_regions/batch' } });
    const done = expectFailedLoads(500, 'Internal Server Error', new RegExp(`/client/v4/zones/${ZONE}/origin/cloud_regions/batch$`));
    await page.click('#import-run');
    await page.waitForFunction(() => /applied/.test(document.querySelector('#import-summary').textContent), null, { timeout: 30_000 });
    const failures = await done();
    assert.equal(failures, 9, 'three requests, each tried three times');
    assert.equal(await page.textContent('#import-summary'), '0 mappings applied, 250 failed, 0 not sent · 9 requests.');
    assert.equal(await page.textContent('#import-progress-text'), '0 of 250 mappings applied · 250 failed · 9 requests');
    assert.equal(await page.getAttribute('#import-progress', 'value'), '0');
    assert.ok(await page.$eval('#import-progress', (bar) => bar.classList.contains('progress-failed')));
    assert.equal(await page.textContent('#status'), 'The import failed: none of the 250 mappings sent was applied (the reasons are in the list).');
    assert.equal(await page.textContent('#import-run'), 'Retry 250 failed rows');
    const reasons = new Set(await page.$$eval('#import-body .reason', (els) => els.map((el) => el.textContent)));
    assert.deepEqual([...reasons], ['Cloudflare API answered HTTP 500: Unable to update origin_public_cloud_region setting value. Internal error. (code 1140).']);
    await control('/faults', { method: 'DELETE' });
    await assertNoAxeViolations(page, 'after an import that failed');
    await page.locator('#import').screenshot({ path: path.join(SHOTS, '16-import-all-failed.png'), animations: 'disabled' });
    watch.assertClean('an import that failed');
  });

  it("warns before sending when the zone's mappings plus the new ones pass 3,500, with counts written one way", async () => {
    await freshPage();
    await tableSettled(page);
    const lines = Array.from({ length: 3495 }, (_, i) => `10.${i >> 8}.${i & 255}.9,gcp,us-central1`);
    // As a paste: one input event (page.fill takes minutes on text this long).
    await page.$eval('#import-text', (el, text) => {
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, lines.join('\n'));
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent.startsWith('3,495 rows'), null, { timeout: 30_000 });
    const summary = await page.textContent('#import-summary');
    assert.equal(
      summary,
      '3,495 rows: 3,495 ready to send, 0 with problems (not sent). The zone has 8 mappings; with 3,495 new IPs it would have 3,503, ' +
        'past the limit of 3,500, so the API would refuse up to 3 rows. Remove rows, or delete mappings first.',
    );
    assert.ok(await page.$eval('#import-summary', (el) => el.classList.contains('has-problems')), 'shown as a problem');
    assert.equal(await page.textContent('#import-run'), 'Import 3,495 mappings');
    // Every count is written with a thousands separator (line numbers and dates are not counts).
    const bare = await page.evaluate(() =>
      ['#import-summary', '#import-run', '#mappings-summary', '#page-info', '#status']
        .map((s) => document.querySelector(s).textContent)
        .join(' | ')
        .match(/(?<![\d.:,])\d{4,}(?![\d.:,])/g),
    );
    assert.equal(bare, null, `counts without a separator: ${bare}`);
    watch.assertClean('the zone-limit warning');
  });
});
