// Unit tests of "Suggest vendor and region"'s pure helpers (www/suggest-data.js)
// against the built package (pkg/): RegionIndex from the sample range files
// in tests/fixtures/ranges/, the answer sorted back onto pasted lines, the
// files' dates, and the CSV lines handed to the import (read back by the
// import's own parser).
//
//   node --test tests/www/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalizeIp } from '../../pkg/node.mjs';
import { RegionIndex } from '../../pkg/ranges/node.mjs';
import { parseImport } from '../../www/data.js';
import {
  importTextWith,
  parseIpList,
  publishedText,
  publishedTime,
  rangeFileLines,
  rejectedSentence,
  suggestOptions,
  suggestionGroups,
  suggestionSummary,
  WITHOUT_CATALOGUE,
} from '../../www/suggest-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name) => readFileSync(path.join(ROOT, 'tests/fixtures/ranges', name), 'utf8');
const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'tests/mock-api/supported-regions.json'), 'utf8'));
const index = RegionIndex.fromProviders({
  aws: fixture('aws-ip-ranges.json'),
  gcp: fixture('gcp-cloud.json'),
  azure: fixture('azure-service-tags.json'),
  oci: fixture('oci-public_ip_ranges.json'),
});

const PASTED = [
  '# origins of the shop', // 1
  '52.94.1.1', // 2 aws us-east-1
  '', // 3
  '  2600:1900:8000:0:0:0:0:10  ', // 4 gcp us-east4, canonicalised
  '20.50.1.1', // 5 azure westeurope
  '3.5.141.7', // 6 aws ap-northeast-2: not in the catalogue
  '192.0.2.1', // 7 no vendor's
  '010.1.1.1', // 8 leading zero
  '198.51.100.10', // 9 aws and gcp list the same prefix
  '2600:1900:8000::10', // 10 line 4 again
  '130.61.7.7', // 11 oci eu-frankfurt-1
].join('\n');

function suggestFor(text) {
  const entries = parseIpList(text);
  return { entries, groups: suggestionGroups(entries, index.suggest(entries.map((e) => e.ip), { catalogue }), canonicalizeIp) };
}

test('parseIpList: one IP a line, trimmed, with 1-based lines; blank lines and # comments skipped', () => {
  assert.deepEqual(parseIpList('\uFEFF192.0.2.1\r\n\r\n  # note\n 2001:db8::1 \rx'), [
    { line: 1, ip: '192.0.2.1' },
    { line: 4, ip: '2001:db8::1' },
    { line: 5, ip: 'x' },
  ]);
  assert.deepEqual(parseIpList(''), []);
  assert.deepEqual(parseIpList('#only\n   \n'), []);
});

test('parseIpList reads a list as the command line\'s infer does: # starts a comment anywhere, BOM only at the start, any line end', () => {
  assert.deepEqual(parseIpList('1.2.3.4 # web\n2001:db8::1#db\n  # whole line\n\t198.51.100.7\t#\n#'), [
    { line: 1, ip: '1.2.3.4' },
    { line: 2, ip: '2001:db8::1' },
    { line: 4, ip: '198.51.100.7' },
  ]);
  // \n, \r\n and a lone \r each end a line; the line numbers count them all.
  assert.deepEqual(parseIpList('192.0.2.1\r192.0.2.2\r\n192.0.2.3\n\r\n192.0.2.4 # last'), [
    { line: 1, ip: '192.0.2.1' },
    { line: 2, ip: '192.0.2.2' },
    { line: 3, ip: '192.0.2.3' },
    { line: 5, ip: '192.0.2.4' },
  ]);
  // The BOM of a file saved by an editor; one pasted later is trimmed as the CLI's trim() does.
  assert.deepEqual(parseIpList('\uFEFF# exported\n\uFEFF192.0.2.1'), [{ line: 2, ip: '192.0.2.1' }]);
  assert.deepEqual(parseIpList('\uFEFF192.0.2.1 #a'), [{ line: 1, ip: '192.0.2.1' }]);
  // Only whitespace and comments: nothing.
  assert.deepEqual(parseIpList(' \t \r\n # a # b\r'), []);
});

test('suggestionGroups: a repeat of a rejected IP is a repeat, not lost', () => {
  const { entries, groups } = suggestFor('198.51.100.3\n198.51.100.3\n52.94.1.1');
  assert.deepEqual(
    groups.rejected.map((r) => [r.line, r.given]),
    [[1, '198.51.100.3']],
  );
  assert.deepEqual(groups.repeats, [{ line: 2, given: '198.51.100.3', ip: '198.51.100.3', firstLine: 1 }]);
  assert.deepEqual(groups.matched.map((m) => m.line), [3]);
  assert.equal(entries.length, 3);
  assert.equal(suggestionSummary(groups), "1 IP matched, 0 in no vendor's ranges, 1 line rejected, 1 line repeating an earlier IP.");
});

test('suggestionGroups: every pasted line of a mixed list lands in exactly one group', () => {
  const mixed = [
    '198.51.100.3', // 1 a prefix aws and gcp both list: rejected
    '52.94.1.1 # web', // 2 matched
    '198.51.100.3', // 3 repeat of a rejected IP
    '010.1.1.1', // 4 not an IP: rejected
    '010.1.1.1', // 5 not an IP again: rejected too
    '3.5.141.7', // 6 unsupported
    '192.0.2.1', // 7 unmatched
    '052.94.1.1', // 8 not an IP
    '52.94.1.1', // 9 repeat of a match
    '2600:1900:8000:0:0:0:0:10', // 10 matched
    '2600:1900:8000::10', // 11 repeat in another spelling
    '3.5.141.7', // 12 repeat of an unsupported one
    '192.0.2.1', // 13 repeat of an unmatched one
    '198.51.100.3 # third time', // 14 repeat of a rejected IP again
    'not-an-ip', // 15 rejected
  ].join('\r\n');
  const { entries, groups } = suggestFor(mixed);
  assert.equal(entries.length, 15);
  const placed = Object.entries(groups).flatMap(([group, rows]) => rows.map((r) => [r.line, group]));
  assert.deepEqual(
    placed.map(([line]) => line).sort((a, b) => a - b),
    entries.map((e) => e.line),
    'each line once, none missing',
  );
  const groupOf = Object.fromEntries(placed);
  assert.deepEqual(groupOf, {
    1: 'rejected',
    2: 'matched',
    3: 'repeats',
    4: 'rejected',
    5: 'rejected',
    6: 'unsupported',
    7: 'unmatched',
    8: 'rejected',
    9: 'repeats',
    10: 'matched',
    11: 'repeats',
    12: 'repeats',
    13: 'repeats',
    14: 'repeats',
    15: 'rejected',
  });
  assert.deepEqual(groups.repeats.map((r) => [r.line, r.firstLine]), [[3, 1], [9, 2], [11, 10], [12, 6], [13, 7], [14, 1]]);
});

test('suggestOptions: the catalogue when the supported regions loaded; none (and a caveat) when they did not', () => {
  assert.deepEqual(suggestOptions(catalogue), { catalogue });
  assert.deepEqual(suggestOptions(null), {});
  // Without the catalogue the unsupported region counts as a match, which is why the page says so.
  const entries = parseIpList('3.5.141.7');
  const groups = suggestionGroups(entries, index.suggest(['3.5.141.7'], suggestOptions(null)), canonicalizeIp);
  assert.deepEqual(groups.matched.map((m) => m.region), ['ap-northeast-2']);
  assert.match(WITHOUT_CATALOGUE, /^The supported regions did not load, so matches in regions Cloudflare does not support cannot be told apart/);
});

test('rejectedSentence: names the line, not the list index, and keeps the rule', () => {
  assert.equal(
    rejectedSentence('ips[3] "010.1.1.1": is not an IP address: IPv4 octet "010" has a leading zero', 9),
    'Line 9: "010.1.1.1" is not an IP address: IPv4 octet "010" has a leading zero.',
  );
  assert.equal(rejectedSentence('ips[0]: must be a string (got number)', 2), 'Line 2: must be a string (got number).');
  assert.equal(rejectedSentence('something else', 4), 'Line 4: something else.');
});

test('suggestionGroups: every pasted line lands in one group, with its line and the IP as given', () => {
  const { groups } = suggestFor(PASTED);
  assert.deepEqual(groups.matched, [
    { line: 2, given: '52.94.1.1', ip: '52.94.1.1', vendor: 'aws', region: 'us-east-1' },
    { line: 4, given: '2600:1900:8000:0:0:0:0:10', ip: '2600:1900:8000::10', vendor: 'gcp', region: 'us-east4' },
    { line: 5, given: '20.50.1.1', ip: '20.50.1.1', vendor: 'azure', region: 'westeurope' },
    { line: 11, given: '130.61.7.7', ip: '130.61.7.7', vendor: 'oci', region: 'eu-frankfurt-1' },
  ]);
  assert.deepEqual(groups.unsupported, [{ line: 6, given: '3.5.141.7', ip: '3.5.141.7', vendor: 'aws', region: 'ap-northeast-2' }]);
  assert.deepEqual(groups.unmatched, [{ line: 7, given: '192.0.2.1', ip: '192.0.2.1' }]);
  assert.deepEqual(
    groups.rejected.map((r) => [r.line, r.given]),
    [
      [8, '010.1.1.1'],
      [9, '198.51.100.10'],
    ],
  );
  assert.equal(groups.rejected[0].reason, 'Line 8: "010.1.1.1" is not an IP address: IPv4 octet "010" has a leading zero.');
  assert.match(groups.rejected[1].reason, /^Line 9: "198\.51\.100\.10" is in 198\.51\.100\.0\/24, which aws eu-west-1 and gcp europe-west1 all list: pick one by hand\.$/);
  assert.deepEqual(groups.repeats, [{ line: 10, given: '2600:1900:8000::10', ip: '2600:1900:8000::10', firstLine: 4 }]);
  assert.equal(
    suggestionSummary(groups),
    "4 IPs matched, 1 in regions Cloudflare does not support, 1 in no vendor's ranges, 2 lines rejected, 1 line repeating an earlier IP.",
  );
});

test('suggestionGroups: each group in line order, whatever the order of the lists it is given', () => {
  const entries = parseIpList('52.94.1.1\n20.50.1.1\n192.0.2.1\n192.0.2.2');
  const shuffled = {
    items: [
      { ip: '20.50.1.1', vendor: 'azure', region: 'westeurope' },
      { ip: '52.94.1.1', vendor: 'aws', region: 'us-east-1' },
    ],
    unmatched: ['192.0.2.2', '192.0.2.1'],
    rejected: [],
  };
  const groups = suggestionGroups(entries, shuffled, canonicalizeIp);
  assert.deepEqual(groups.matched.map((m) => m.line), [1, 2]);
  assert.deepEqual(groups.unmatched.map((m) => m.line), [3, 4]);
});

test('suggestionGroups: without a catalogue nothing is unsupported; an empty answer gives empty groups', () => {
  const entries = parseIpList('3.5.141.7');
  const groups = suggestionGroups(entries, index.suggest(['3.5.141.7']), canonicalizeIp);
  assert.deepEqual(groups.matched.map((m) => m.region), ['ap-northeast-2']);
  assert.deepEqual(groups.unsupported, []);
  const empty = suggestionGroups([], { items: [], unmatched: [], rejected: [] }, canonicalizeIp);
  assert.deepEqual(empty, { matched: [], unsupported: [], unmatched: [], rejected: [], repeats: [] });
  assert.equal(suggestionSummary(empty), "0 IPs matched, 0 in no vendor's ranges, 0 lines rejected.");
});

test('publishedTime and publishedText: each vendor by its own keys', () => {
  assert.equal(publishedTime('2025-12-05-00-53-01'), '2025-12-05 00:53 UTC');
  assert.equal(publishedTime('2025-12-04T20:00:00.123456'), '2025-12-04 20:00 UTC');
  assert.equal(publishedTime('yesterday'), 'yesterday');
  const { vendors } = index.stats;
  assert.equal(publishedText('aws', vendors.aws.published), 'created 2025-12-05 00:53 UTC, sync token 1764892381');
  assert.equal(publishedText('gcp', vendors.gcp.published), 'created 2025-12-04 20:00 UTC, sync token 1764878400123');
  assert.equal(publishedText('azure', vendors.azure.published), 'change number 337 (Public cloud)');
  assert.equal(publishedText('oci', vendors.oci.published), 'updated 2025-12-03 21:10 UTC');
});

test("rangeFileLines: the server's file names with the index's dates and counts; files the index lacks are left out", () => {
  const files = {
    aws: { name: 'ip-ranges.json' },
    oci: { name: 'public_ip_ranges.json' },
    gcp: { name: 'cloud.json' },
  };
  const only = RegionIndex.fromProviders({ aws: fixture('aws-ip-ranges.json'), oci: fixture('oci-public_ip_ranges.json') });
  try {
    assert.deepEqual(rangeFileLines(files, only.stats), [
      {
        vendor: 'aws',
        label: 'AWS',
        name: 'ip-ranges.json',
        published: 'created 2025-12-05 00:53 UTC, sync token 1764892381',
        prefixes: '4 IPv4 and 1 IPv6 prefixes in 4 regions',
      },
      { vendor: 'oci', label: 'Oracle Cloud', name: 'public_ip_ranges.json', published: 'updated 2025-12-03 21:10 UTC', prefixes: '4 IPv4 and 0 IPv6 prefixes in 2 regions' },
    ]);
  } finally {
    only.free();
  }
});

test('importTextWith: an empty import gains a header and the lines, which the import reads back as given', () => {
  const { groups } = suggestFor(PASTED);
  const text = importTextWith('  \n', groups.matched);
  assert.equal(text, 'ip,vendor,region\n52.94.1.1,aws,us-east-1\n2600:1900:8000::10,gcp,us-east4\n20.50.1.1,azure,westeurope\n130.61.7.7,oci,eu-frankfurt-1\n');
  const { rows, header } = parseImport(text);
  assert.equal(header, true);
  assert.deepEqual(
    rows.map((r) => [r.ip, r.vendor, r.region, r.problem]),
    groups.matched.map((m) => [m.ip, m.vendor, m.region, undefined]),
  );
});

test('importTextWith: text already there is kept, and the lines follow its header\'s column order', () => {
  const mappings = [{ ip: '52.94.1.1', vendor: 'aws', region: 'us-east-1' }];
  // Rows without a header: ip,vendor,region lines after them, no header in the middle.
  assert.equal(importTextWith('192.0.2.9,gcp,us-east1', mappings), '192.0.2.9,gcp,us-east1\n52.94.1.1,aws,us-east-1\n');
  // A header in another order (an export, with a fourth column).
  const exported = 'region,ip,modified_on,vendor\r\nus-east1,192.0.2.9,2026-03-01,gcp\r\n\r\n';
  const text = importTextWith(exported, mappings);
  assert.ok(text.startsWith('region,ip,modified_on,vendor\r\nus-east1,192.0.2.9,2026-03-01,gcp\n'), JSON.stringify(text));
  assert.deepEqual(
    parseImport(text).rows.map((r) => [r.ip, r.vendor, r.region, r.problem]),
    [
      ['192.0.2.9', 'gcp', 'us-east1', undefined],
      ['52.94.1.1', 'aws', 'us-east-1', undefined],
    ],
  );
  // Only comments so far: the header goes after them.
  assert.equal(importTextWith('# mine\n', mappings), '# mine\nip,vendor,region\n52.94.1.1,aws,us-east-1\n');
});
