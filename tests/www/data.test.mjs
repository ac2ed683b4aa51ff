// Unit tests of the demo page's pure helpers (www/data.js, www/messages.js):
// parsing pasted import text, checking rows with the package's own checks
// (the built package from pkg/), the sync's desired list, rejected rows and
// outcomes, plain-sentence messages, IP ordering, CSV out.
//
//   node --test tests/www/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeIp, checkMappings } from '../../pkg/node.mjs';
import {
  applyOutcomes,
  checkImportRows,
  compareIp,
  makeCatalogue,
  mappingComparator,
  matchesFilter,
  parseImport,
  rejectedByIndex,
  sameIpNotes,
  splitLine,
  syncDesired,
  syncRejections,
  toCsv,
} from '../../www/data.js';
import { plainMessage } from '../../www/messages.js';

const catalogue = makeCatalogue({
  obtainedCodes: true,
  vendors: {
    aws: [{ name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] }],
    gcp: [{ name: 'us-central1', upperTierColos: ['ORD'] }],
  },
});

const checks = { check: checkMappings, canonicalize: canonicalizeIp };

test('splits commas (with CSV quotes), tabs, semicolons and spaces', () => {
  assert.deepEqual(splitLine('1.2.3.4, aws ,us-east-1'), ['1.2.3.4', 'aws', 'us-east-1']);
  assert.deepEqual(splitLine('"1.2.3.4","aws","us-east-1"'), ['1.2.3.4', 'aws', 'us-east-1']);
  assert.deepEqual(splitLine('"a ""b"", c",d'), ['a "b", c', 'd']);
  assert.deepEqual(splitLine('1.2.3.4\taws\tus-east-1'), ['1.2.3.4', 'aws', 'us-east-1']);
  assert.deepEqual(splitLine('1.2.3.4;aws;us-east-1'), ['1.2.3.4', 'aws', 'us-east-1']);
  assert.deepEqual(splitLine('  1.2.3.4   aws us-east-1 '), ['1.2.3.4', 'aws', 'us-east-1']);
});

test('reads a header in any column order, skips blanks and comments, numbers lines', () => {
  const { rows, header } = parseImport('\uFEFFregion,IP,vendor,extra\n\n# note\nus-east-1,1.2.3.4,aws,x\r\nus-central1,5.6.7.8,gcp\n');
  assert.equal(header, true);
  assert.deepEqual(rows, [
    { line: 4, ip: '1.2.3.4', vendor: 'aws', region: 'us-east-1' },
    { line: 5, ip: '5.6.7.8', vendor: 'gcp', region: 'us-central1' },
  ]);
});

test('without a header the fields are ip,vendor,region and must be three', () => {
  const { rows, header } = parseImport('1.2.3.4,aws,us-east-1\n1.2.3.5,aws\n1.2.3.6,aws,us-east-1,more');
  assert.equal(header, false);
  assert.equal(rows[0].problem, undefined);
  assert.match(rows[1].problem, /^This line has 2 fields; expected 3/);
  assert.match(rows[2].problem, /^This line has 4 fields/);
});

test('an exported CSV reads back', () => {
  const mappings = [
    { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-03-01T12:00:00Z' },
    { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
  ];
  const csv = toCsv(mappings);
  assert.equal(csv, 'ip,vendor,region,modified_on\r\n192.0.2.1,aws,us-east-1,2026-03-01T12:00:00Z\r\n2001:db8::1,gcp,us-central1,\r\n');
  assert.deepEqual(
    parseImport(csv).rows.map(({ ip, vendor, region }) => ({ ip, vendor, region })),
    mappings.map(({ ip, vendor, region }) => ({ ip, vendor, region })),
  );
});

test('CSV cells that a spreadsheet would run as formulas are defused', () => {
  assert.equal(toCsv([{ ip: '=cmd()', vendor: 'a,b', region: 'x"y' }]).split('\r\n')[1], `'=cmd(),"a,b","x""y",`);
});

test("import rows are checked by the package's checkMappings, plus the catalogue's regions", () => {
  const { rows } = parseImport(
    ['010.1.1.1,aws,us-east-1', '2001:DB8:0:0:0:0:0:1,AWS,US-EAST-1', '1.2.3.4,ibm,x', '1.2.3.5,gcp,us-east-1', ',,', '1.2.3.6,aws'].join('\n'),
  );
  const checked = checkImportRows(rows, catalogue, checks);
  assert.match(checked[0].errors[0], /^"010\.1\.1\.1" is not an IP address: .*leading zero.*\.$/);
  assert.deepEqual([checked[1].canonical, checked[1].item, checked[1].errors], ['2001:db8::1', { ip: '2001:DB8:0:0:0:0:0:1', vendor: 'aws', region: 'us-east-1' }, []]);
  assert.match(checked[2].errors[0], /^The vendor "ibm" /);
  assert.deepEqual(checked[3].errors, ['The region "us-east-1" is not in the catalogue of Google Cloud.']);
  assert.equal(checked[4].errors.length, 1);
  assert.match(checked[4].errors[0], /^The IP address is missing\.$/);
  assert.match(checked[5].errors[0], /^This line has 2 fields; expected 3/);
  // Every reason is a sentence: a capital (or a quote) first, a full stop last.
  for (const row of checked) for (const e of row.errors) assert.match(e, /^["A-Z].*\.$/s, e);
});

test('an IP with conflicting lines: every line of it is refused, as checkMappings refuses them', () => {
  const lines = ['192.0.2.10,aws,us-east-1', '192.0.2.10,gcp,us-central1', '192.0.2.10,aws,us-east-1'];
  const library = checkMappings(lines.map((l) => l.split(',')).map(([ip, vendor, region]) => ({ ip, vendor, region })));
  assert.equal(library.rejected.length, 3, 'the package refuses all three');
  const checked = checkImportRows(parseImport(lines.join('\n')).rows, catalogue, checks);
  assert.deepEqual(checked.map((r) => r.errors.length), [1, 1, 1]);
  assert.match(checked[0].errors[0], /^Conflicts with line 2: the same IP 192\.0\.2\.10/);
  assert.match(checked[2].errors[0], /^Conflicts with line 2/);
});

test('the same IP twice in agreement: both ready, the second noted as sent once', () => {
  const { rows } = parseImport('1.2.3.4,aws,us-east-1\n1.2.3.4,AWS,us-east-1\n5.6.7.8,aws,us-east-1');
  const checked = sameIpNotes(checkImportRows(rows, catalogue, checks));
  assert.deepEqual(checked.map((r) => r.errors), [[], [], []]);
  assert.equal(checked[1].note, 'Same as line 1; sent once.');
  assert.equal(checked[0].note, undefined);
});

test("a rejected list's entries find their items: by index, else by IP in order", () => {
  const items = [{ ip: '1.1.1.1' }, { ip: 'x' }, { ip: '1.1.1.1' }, { ip: '1.1.1.1' }];
  const byIndex = rejectedByIndex(
    [
      { input: 'x', error: 'items[1].ip "x": is not an IP address' },
      { input: '1.1.1.1', error: 'conflicts with items[0]: …' },
      { input: '1.1.1.1', error: 'conflicts with items[0]: …' },
    ],
    items,
  );
  assert.deepEqual([...byIndex.keys()], [1, 2, 3]);
});

test('package messages read as sentences, naming lines instead of items', () => {
  assert.equal(plainMessage('items[2].ip "1.2.3.04": is not an IP address: IPv4 octet "04" has a leading zero'), '"1.2.3.04" is not an IP address: IPv4 octet "04" has a leading zero.');
  assert.equal(plainMessage('ip "2001:db8::g1": is not an IP address: bad group'), '"2001:db8::g1" is not an IP address: bad group.');
  assert.equal(
    plainMessage('conflicts with items[0]: the same IP 1.2.3.4 with a different vendor or region; none of the items for this IP was sent', (n) => n + 5),
    'Conflicts with line 5: the same IP 1.2.3.4 with a different vendor or region; none of the lines for this IP was sent.',
  );
  assert.equal(plainMessage('region "x": is not a region of aws in the supported-regions catalogue'), 'The region "x" is not a region of aws in the supported-regions catalogue.');
  assert.equal(
    plainMessage('desired: the plan would take the zone from 3499 to 3501 mappings, past the limit of 3500; nothing was sent'),
    'Desired: the plan would take the zone from 3,499 to 3,501 mappings, past the limit of 3,500; nothing was sent.',
  );
  assert.equal(plainMessage('ip "10000": is not an IP address: x'), '"10000" is not an IP address: x.', 'a quoted value is left as given');
  assert.equal(
    plainMessage('Cloudflare API answered HTTP 500: Unable to update. (code 1140)'),
    'Cloudflare API answered HTTP 500: Unable to update. (code 1140).',
    'an error code is not a count',
  );
});

test('IPs order numerically, IPv4 before IPv6', () => {
  const ips = ['2001:db8::a', '::ffff:10.0.0.1', '10.0.0.10', '2001:db8::1', '9.255.255.255', '10.0.0.2', '::1', '2001:db8:85a3::1'];
  assert.deepEqual([...ips].sort(compareIp), [
    '9.255.255.255',
    '10.0.0.2',
    '10.0.0.10',
    '::1',
    '::ffff:10.0.0.1',
    '2001:db8::1',
    '2001:db8::a',
    '2001:db8:85a3::1',
  ]);
});

test('sorting by vendor or region breaks ties by IP; the filter matches names too', () => {
  const rows = [
    { ip: '10.0.0.2', vendor: 'gcp', region: 'b' },
    { ip: '10.0.0.1', vendor: 'aws', region: 'b' },
    { ip: '10.0.0.3', vendor: 'aws', region: 'a' },
  ];
  assert.deepEqual([...rows].sort(mappingComparator('vendor')).map((r) => r.ip), ['10.0.0.3', '10.0.0.1', '10.0.0.2']);
  assert.deepEqual([...rows].sort(mappingComparator('region', 'descending')).map((r) => r.ip), ['10.0.0.2', '10.0.0.1', '10.0.0.3']);
  assert.ok(matchesFilter(rows[0], 'google'));
  assert.ok(matchesFilter(rows[0], ' 10.0.0 '));
  assert.ok(!matchesFilter(rows[0], 'azure'));
});

test('a sync sends every whole row to the plan, as the catalogue spells it, and knows its row', () => {
  const { rows } = parseImport('ip,vendor,region\n1.2.3.4,AWS,US-EAST-1\n010.1.1.1,aws,us-east-1\n1.2.3.4,aws\n5.6.7.8,gcp,us-central1');
  const { desired, sent } = syncDesired(rows, catalogue);
  assert.deepEqual(desired, [
    { ip: '1.2.3.4', vendor: 'aws', region: 'us-east-1' },
    { ip: '010.1.1.1', vendor: 'aws', region: 'us-east-1' },
    { ip: '5.6.7.8', vendor: 'gcp', region: 'us-central1' },
  ]);
  assert.deepEqual(sent.map((r) => r.line), [2, 3, 5]);
});

test("a sync's rejected rows: short lines, and the plan's rejected matched to their lines", () => {
  const { rows } = parseImport('1.2.3.4,aws,us-east-1\n1.2.3.4,gcp,us-central1\n1.2.3.4,aws,us-east-1\n9.9.9.9,aws');
  const { desired, sent } = syncDesired(rows, catalogue);
  // What plan() refuses is what checkMappings refuses: the same checks.
  const { rejected } = checkMappings(desired);
  const out = syncRejections(rows, rejected, sent, desired, canonicalizeIp);
  assert.deepEqual(out.map((r) => r.line), [1, 2, 3, 4]);
  assert.deepEqual(out.map((r) => r.canonical), ['1.2.3.4', '1.2.3.4', '1.2.3.4', '9.9.9.9']);
  assert.match(out[2].reason, /^Conflicts with line 2/);
  assert.match(out[3].reason, /^This line has 2 fields/);
});

test("apply's outcomes by canonical IP, upserts and deletes apart", () => {
  const outcomes = applyOutcomes({
    upserted: { succeeded: [{ ip: '1.2.3.4', input: '1.2.3.4' }], failed: [{ ip: '2001:db8::1', input: '2001:DB8::1', error: 'Maximum number of IP mappings configured for zone.' }], requests: 1 },
    deleted: { succeeded: [{ ip: '5.6.7.8', input: '5.6.7.8' }], failed: [], requests: 1 },
    requests: 2,
  });
  assert.deepEqual(outcomes.upserted.get('1.2.3.4'), { ok: true });
  assert.deepEqual(outcomes.upserted.get('2001:db8::1'), { ok: false, error: 'Maximum number of IP mappings configured for zone.' });
  assert.deepEqual(outcomes.deleted.get('5.6.7.8'), { ok: true });
  assert.equal(outcomes.deleted.get('1.2.3.4'), undefined);
});
