// "Suggest vendor and region" in headless Chromium: with the stand-in's
// sample range files, a pasted list of IPs sorted into matches (several
// vendors, an IPv6 canonicalised), a region Cloudflare does not support, an
// IP in no range, rejected lines and a repeat; the matches taken into the bulk
// import and applied (the stand-in then has them), or into the sync; the
// narrow layout. Every state is checked with axe-core, and no console error
// may appear. The server side (a --ranges folder, a server without range
// files, traversal attempts) is in suggest-server.e2e.test.mjs.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, ZONE, assertNoAxeViolations, focused, openDashboard, suggestLists, tableSettled } from './harness.mjs';

/** The list pasted in these tests; the comments say where each line belongs with the sample files. */
const PASTED = [
  '# origins of the shop', // 1
  '52.94.1.1', // 2 AWS us-east-1
  '', // 3
  '2600:1900:8000:0:0:0:0:10', // 4 Google Cloud us-east4, shown canonical
  '20.50.1.1', // 5 Azure westeurope
  '3.5.141.7', // 6 AWS ap-northeast-2: Cloudflare does not list the region
  '192.0.2.50', // 7 in no vendor's ranges
  '010.1.1.1', // 8 not an IP (leading zero)
  '198.51.100.10', // 9 AWS and Google list the same prefix
  '2600:1900:8000::10', // 10 line 4 again
  '130.61.7.7', // 11 Oracle Cloud eu-frankfurt-1
].join('\n');

describe('suggest vendor and region, with the sample range files', { timeout: 180_000 }, () => {
  let dashboard;
  let page;
  let watch;
  let control;

  before(async () => {
    dashboard = await openDashboard();
    ({ page, watch, control } = dashboard);
  });

  after(() => dashboard?.close());

  it('lists the sample files, then sorts a pasted list into matches, unsupported regions, unmatched IPs and rejected lines', async () => {
    await page.waitForSelector('#suggest-files[data-state="listed"]');
    assert.equal(
      await page.textContent('#suggest-files'),
      'Range files from the sample files of the local API stand-in: aws-ip-ranges.json, gcp-cloud.json, azure-service-tags.json, oci-public_ip_ranges.json. They are read on the first suggestion.',
    );
    await page.fill('#suggest-text', PASTED);
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');

    // Which files the index holds, with their own dates and counts.
    assert.equal(await page.getAttribute('#suggest-files', 'data-state'), 'loaded');
    const files = await page.$$eval('#suggest-files li', (lis) => lis.map((li) => [li.dataset.vendor, li.textContent]));
    assert.deepEqual(files, [
      ['aws', 'AWS aws-ip-ranges.json · created 2025-12-05 00:53 UTC, sync token 1764892381 · 4 IPv4 and 1 IPv6 prefixes in 4 regions'],
      ['gcp', 'Google Cloud gcp-cloud.json · created 2025-12-04 20:00 UTC, sync token 1764878400123 · 3 IPv4 and 1 IPv6 prefixes in 4 regions'],
      ['azure', 'Azure azure-service-tags.json · change number 337 (Public cloud) · 3 IPv4 and 1 IPv6 prefixes in 2 regions'],
      ['oci', 'Oracle Cloud oci-public_ip_ranges.json · updated 2025-12-03 21:10 UTC · 4 IPv4 and 0 IPv6 prefixes in 2 regions'],
    ]);

    const lists = await suggestLists(page);
    assert.deepEqual(Object.keys(lists), ['matched', 'unsupported', 'unmatched', 'rejected']);
    assert.deepEqual(lists.matched, [
      ['2', '52.94.1.1', '52.94.1.1', 'AWS', 'us-east-1'],
      ['4', '2600:1900:8000:0:0:0:0:10', '2600:1900:8000::10', 'Google Cloud', 'us-east4'],
      ['5', '20.50.1.1', '20.50.1.1', 'Azure', 'westeurope'],
      ['11', '130.61.7.7', '130.61.7.7', 'Oracle Cloud', 'eu-frankfurt-1'],
    ]);
    assert.deepEqual(lists.unsupported, [['6', '3.5.141.7', '3.5.141.7', 'AWS', 'ap-northeast-2']]);
    assert.deepEqual(lists.unmatched, [['7', '192.0.2.50', '192.0.2.50']]);
    assert.deepEqual(lists.rejected, [
      ['8', '010.1.1.1', 'Line 8: "010.1.1.1" is not an IP address: IPv4 octet "010" has a leading zero.'],
      ['9', '198.51.100.10', 'Line 9: "198.51.100.10" is in 198.51.100.0/24, which aws eu-west-1 and gcp europe-west1 all list: pick one by hand.'],
    ]);
    assert.deepEqual(await page.$$eval('.suggest-table-rejected .pill', (ps) => ps.map((p) => p.textContent)), ['Rejected', 'Rejected']);
    assert.equal(await page.textContent('.suggest-repeats'), 'Line 10 repeats the IP of line 4.');
    const summary = "4 IPs matched, 1 in regions Cloudflare does not support, 1 in no vendor's ranges, 2 lines rejected, 1 line repeating an earlier IP.";
    assert.equal(await page.textContent('#suggest-summary'), summary);
    assert.equal(await page.textContent('#status'), `Suggestions for 9 lines: ${summary}`);
    assert.equal(await page.textContent('#suggest-take'), 'Add 4 mappings to the bulk import');
    assert.equal(await focused(page), 'suggest-run');
    // Each list's heading counts it, and names its table.
    assert.deepEqual(
      await page.$$eval('#suggest-lists h3', (hs) => hs.map((el) => el.textContent)),
      ['Matched4', 'In regions Cloudflare does not support1', "In no vendor's ranges1", 'Rejected lines2'],
    );
    await page.locator('#suggest').screenshot({ path: path.join(SHOTS, '17-suggest-result.png'), animations: 'disabled' });
    await assertNoAxeViolations(page, 'with the suggestions shown');

    // Editing the list retires the answer shown.
    await page.fill('#suggest-text', `${PASTED}\n52.94.1.2`);
    assert.ok(await page.isHidden('#suggest-result'));
    await page.fill('#suggest-text', PASTED);
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');
    assert.deepEqual((await suggestLists(page)).matched.length, 4);
    watch.assertClean('suggesting');
  });

  it('takes the matches into the bulk import, which sends them: the stand-in has them', async () => {
    await page.click('#suggest-take');
    assert.equal(await focused(page), 'import-text');
    assert.equal(
      await page.inputValue('#import-text'),
      'ip,vendor,region\n52.94.1.1,aws,us-east-1\n2600:1900:8000::10,gcp,us-east4\n20.50.1.1,azure,westeurope\n130.61.7.7,oci,eu-frankfurt-1\n',
    );
    assert.equal(await page.textContent('#status'), 'Added 4 mappings to the bulk import: review the rows, then import them.');
    assert.ok(await page.isDisabled('#suggest-take'));
    assert.equal(await page.textContent('#suggest-take'), 'Added to the bulk import');
    await page.waitForSelector('#import-preview:not([hidden])');
    assert.equal(await page.textContent('#import-summary'), '4 rows: 4 ready to send, 0 with problems (not sent).');
    await assertNoAxeViolations(page, 'with the suggestions in the import');

    await page.click('#import-run');
    await page.waitForFunction(() => document.querySelector('#import-summary').textContent.startsWith('4 mappings applied'));
    await tableSettled(page);
    const zone = await control(`/zones/${ZONE}/mappings`);
    const byIp = Object.fromEntries(zone.map((m) => [m.ip, `${m.vendor} ${m.region}`]));
    assert.deepEqual(
      ['52.94.1.1', '2600:1900:8000::10', '20.50.1.1', '130.61.7.7'].map((ip) => byIp[ip]),
      ['aws us-east-1', 'gcp us-east4', 'azure westeurope', 'oci eu-frankfurt-1'],
    );
    assert.equal(zone.length, 12, 'the 8 seeded mappings and the 4 taken');
    assert.equal(byIp['3.5.141.7'], undefined, 'an unsupported region is not taken');
    watch.assertClean('importing the suggestions');
  });

  it('adds the matches after the lines already in the sync list, and the plan creates them', async () => {
    await control('/reset', { method: 'POST', body: {} });
    await page.goto(dashboard.demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    await page.click('label:has(#mode-sync)');
    await page.fill('#import-text', '192.0.2.1,aws,us-east-1');
    await page.fill('#suggest-text', '52.94.77.5\n129.146.3.3');
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');
    assert.equal(await page.textContent('#suggest-take'), 'Add 2 mappings to the sync list');
    await page.click('#suggest-take');
    assert.equal(await page.inputValue('#import-text'), '192.0.2.1,aws,us-east-1\n52.94.77.5,aws,us-west-2\n129.146.3.3,oci,us-phoenix-1\n');
    assert.equal(
      await page.textContent('#status'),
      'Added 2 mappings to the sync list, after the lines already there: preview the plan, then apply it.',
    );
    await page.click('#sync-preview');
    await page.waitForSelector('#sync-plan[data-state="planned"]');
    const creates = await page.$$eval('[data-list="create"] tbody tr', (trs) => trs.map((tr) => tr.dataset.ip));
    assert.deepEqual(creates, ['52.94.77.5', '129.146.3.3']);
    await assertNoAxeViolations(page, 'with the suggestions in the sync plan');
    await page.click('label:has(#mode-upsert)');
    watch.assertClean('the sync');
  });

  it('asks for IPs when the list is empty, keeping focus in it', async () => {
    await page.fill('#suggest-text', '# nothing yet\n\n');
    await page.click('#suggest-run');
    assert.equal(await page.textContent('#status'), 'Paste at least one IP address, one a line, then choose Suggest.');
    assert.equal(await focused(page), 'suggest-text');
    assert.ok(await page.isHidden('#suggest-result'));
  });

  it('offers sample IPs that fall in every group with the sample files, after the text already there', async () => {
    assert.ok(await page.isVisible('#suggest-sample'));
    await page.fill('#suggest-text', '# mine\n20.50.1.1');
    await page.click('#suggest-sample');
    assert.equal(await focused(page), 'suggest-text');
    assert.equal(
      await page.inputValue('#suggest-text'),
      '# mine\n20.50.1.1\n52.94.1.1\n2600:1900:8000:0:0:0:0:10\n20.42.1.1\n129.146.1.1\n3.5.141.7\n192.0.2.1\n198.51.100.10\n',
    );
    assert.equal(await page.textContent('#status'), 'Added 7 sample IPs to the list: choose Suggest to see where each is hosted.');
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');
    const lists = await suggestLists(page);
    assert.deepEqual(
      lists.matched.map((r) => r.slice(2).join(' ')),
      ['20.50.1.1 Azure westeurope', '52.94.1.1 AWS us-east-1', '2600:1900:8000::10 Google Cloud us-east4', '20.42.1.1 Azure eastus', '129.146.1.1 Oracle Cloud us-phoenix-1'],
    );
    assert.deepEqual(lists.unsupported.map((r) => r[1]), ['3.5.141.7']);
    assert.deepEqual(lists.unmatched.map((r) => r[1]), ['192.0.2.1']);
    assert.deepEqual(lists.rejected.map((r) => r[1]), ['198.51.100.10']);
    watch.assertClean('the sample IPs');
  });

  it('is usable at 375 px wide: each row a card, nothing past the edge', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.fill('#suggest-text', PASTED);
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');
    const overflow = await page.evaluate(() => {
      const out = [];
      // (The tables' header rows are visually hidden there: clipped, not laid out.)
      for (const el of document.querySelectorAll('#suggest *:not(thead, thead *)')) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && (box.left < -0.5 || box.right > document.documentElement.clientWidth + 0.5)) out.push(`${el.tagName}.${el.className}`);
      }
      return out;
    });
    assert.deepEqual(overflow, []);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    // The table headers are hidden visually; each cell names its column.
    const labels = await page.$$eval('.suggest-table-matched tbody tr:first-child td', (tds) => tds.map((td) => td.dataset.label));
    assert.deepEqual(labels, ['Line', 'IP as given', 'Canonical IP', 'Vendor', 'Region']);
    await page.locator('#suggest').screenshot({ path: path.join(SHOTS, '18-suggest-narrow-375.png'), animations: 'disabled' });
    await assertNoAxeViolations(page, 'suggestions at 375 px');
    await page.setViewportSize({ width: 1280, height: 900 });
    watch.assertClean('the narrow layout');
  });
});
