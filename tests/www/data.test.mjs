// Unit tests of the demo page's pure helpers (www/data.js): parsing pasted
// import text, checking rows against the catalogue, the sync's desired list,
// rejected rows and outcomes, IP ordering, CSV out.
//
//   node --test tests/www/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyOutcomes,
  checkRows,
  compareIp,
  makeCatalogue,
  mappingComparator,
  matchesFilter,
  parseImport,
  splitLine,
  syncDesired,
  syncRejections,
  toCsv,
} from '../../www/data.js';

const catalogue = makeCatalogue({
  obtainedCodes: true,
  vendors: {
    aws: [{ name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] }],
    gcp: [{ name: 'us-central1', upperTierColos: ['ORD'] }],
  },
});

// A stand-in for the package's canonicalizeIp, enough for these rows.
function canonicalize(text) {
  if (text === '010.1.1.1') throw new Error('ip "010.1.1.1": is not an IP address: IPv4 octet "010" has a leading zero');
  return text.toLowerCase().replace('2001:db8:0:0:0:0:0:1', '2001:db8::1');
}

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
  assert.match(rows[1].problem, /expected 3 fields .*found 2/);
  assert.match(rows[2].problem, /found 4/);
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

test('checks IP, vendor and region before anything is sent', () => {
  const { rows } = parseImport(
    ['010.1.1.1,aws,us-east-1', '2001:DB8:0:0:0:0:0:1,AWS,US-EAST-1', '1.2.3.4,ibm,x', '1.2.3.5,gcp,us-east-1', ',,'].join('\n'),
  );
  const checked = checkRows(rows, catalogue, canonicalize);
  assert.deepEqual(checked[0].errors, ['is not an IP address: IPv4 octet "010" has a leading zero']);
  assert.deepEqual(
    [checked[1].canonical, checked[1].vendorKey, checked[1].regionName, checked[1].errors],
    ['2001:db8::1', 'aws', 'us-east-1', []],
  );
  assert.deepEqual(checked[2].errors, ['unknown vendor "ibm" (expected aws or gcp)']);
  assert.deepEqual(checked[3].errors, ['"us-east-1" is not a region of Google Cloud']);
  assert.deepEqual(checked[4].errors, ['no IP address', 'no vendor', 'no region']);
});

test('the same IP twice: agreeing rows are sent once, disagreeing ones both flagged', () => {
  const { rows } = parseImport('1.2.3.4,aws,us-east-1\n1.2.3.4,aws,us-east-1\n5.6.7.8,aws,us-east-1\n5.6.7.8,gcp,us-central1');
  const checked = checkRows(rows, catalogue, canonicalize);
  assert.deepEqual(checked[0].errors, []);
  assert.equal(checked[1].note, 'same as line 1; sent once');
  assert.deepEqual(checked[1].errors, []);
  assert.match(checked[2].errors[0], /conflicts with line 4/);
  assert.match(checked[3].errors[0], /conflicts with line 3/);
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

test('a sync sends each valid row once, as the catalogue spells it, and knows its row', () => {
  const { rows } = parseImport('ip,vendor,region\n1.2.3.4,AWS,US-EAST-1\n010.1.1.1,aws,us-east-1\n1.2.3.4,aws,us-east-1\n5.6.7.8,gcp,us-central1');
  const checked = checkRows(rows, catalogue, canonicalize);
  const { desired, rows: sent } = syncDesired(checked);
  assert.deepEqual(desired, [
    { ip: '1.2.3.4', vendor: 'aws', region: 'us-east-1' },
    { ip: '5.6.7.8', vendor: 'gcp', region: 'us-central1' },
  ]);
  assert.deepEqual(sent.map((r) => r.line), [2, 5]);
});

test("a sync's rejected rows: the page's and the plan's, by line", () => {
  const { rows } = parseImport('1.2.3.4,aws,us-east-1\n010.1.1.1,aws,us-east-1\n5.6.7.8,gcp,us-central1');
  const checked = checkRows(rows, catalogue, canonicalize);
  const { rows: sent } = syncDesired(checked);
  const planRejected = [{ ip: '5.6.7.8', input: '5.6.7.8', error: 'items[1].region "us-central1": is not a region of gcp in the supported-regions catalogue' }];
  assert.deepEqual(syncRejections(checked, planRejected, sent), [
    { line: 2, ip: '010.1.1.1', canonical: undefined, reason: 'is not an IP address: IPv4 octet "010" has a leading zero' },
    { line: 3, ip: '5.6.7.8', canonical: '5.6.7.8', reason: 'region "us-central1": is not a region of gcp in the supported-regions catalogue' },
  ]);
  // Without an index in the reason, the row is found by the IP as given.
  assert.equal(syncRejections(checked, [{ ip: '1.2.3.4', input: '1.2.3.4', error: 'refused' }], sent)[0].line, 1);
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
