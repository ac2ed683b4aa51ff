// `check`: offline (no credential, no request), every bad line of a file
// named as file:line with its rule; 20 kinds of bad rows.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { run, tempFile } from './helpers.mjs';

// [row text, what the message must say]; each row is one line of the file.
const BAD = [
  ['010.1.1.1,aws,us-east-1', /ip "010\.1\.1\.1": .*IPv4 octet "010" has a leading zero/],
  ['256.1.1.1,aws,us-east-1', /ip "256\.1\.1\.1": .*256/],
  ['10.1,aws,us-east-1', /ip "10\.1": .*shortened forms/],
  ['fe80::1%eth0,aws,us-east-1', /ip "fe80::1%eth0": /],
  ['10.0.0.0/24,aws,us-east-1', /ip "10\.0\.0\.0\/24": /],
  ['10.0.0.1:443,aws,us-east-1', /ip "10\.0\.0\.1:443": /],
  ['web-server-1,aws,us-east-1', /ip "web-server-1": is not an IP address/],
  [',aws,us-east-1', /ip "": /],
  ['2001:db8::1::2,gcp,us-central1', /ip "2001:db8::1::2": /],
  ['10.0.0.9 10.0.0.10,aws,us-east-1', /ip "10\.0\.0\.9 10\.0\.0\.10": /],
  ['10.0.0.11,digitalocean,nyc1', /vendor "digitalocean": must be one of "aws", "azure", "gcp", "oci"/],
  ['10.0.0.12,AWS,us-east-1', /vendor "AWS": must be one of/],
  ['10.0.0.13,,us-east-1', /vendor "": must be one of/],
  ['10.0.0.14,aws,us east 1', /region "us east 1": must be a region identifier/],
  ['10.0.0.15,aws,US-EAST-1', /region "US-EAST-1": must be a region identifier/],
  ['10.0.0.16,aws,', /region "": must be a region identifier/],
  [`10.0.0.17,aws,${'a'.repeat(65)}`, /region "a+"… \(17 more characters\): must be a region identifier: 1 to 64/],
  ['10.0.0.18,aws', /expected 3 fields ip,vendor,region, got 2/],
  ['10.0.0.19,aws,us-east-1,extra', /expected 3 fields ip,vendor,region, got 4/],
  ['"10.0.0.20"x,aws,us-east-1', /stray " after a quoted field/],
];

test('check names every bad line of a file with 20 kinds of bad rows, and nothing else', async () => {
  const good = ['192.0.2.1,aws,us-east-1', '"2001:DB8::1",gcp,"us-central1"', '10.0.0.30,azure,westeurope'];
  // Header, then good and bad rows interleaved, a blank line and a comment.
  // (A stray quote makes the rest of the file one field: that row comes last.)
  const lines = ['ip,vendor,region', good[0], ...BAD.slice(0, 10).map((b) => b[0]), '', '# a comment', good[1], ...BAD.slice(10, 19).map((b) => b[0]), good[2], BAD[19][0]];
  const path = tempFile('inventory.csv', lines.join('\r\n') + '\r\n');
  const name = path;
  const r = await run(['check', path], { env: { PATH: process.env.PATH } }); // no credential at all
  assert.equal(r.code, 1);
  const reported = r.stdout.trim().split('\n');
  assert.equal(reported.length, BAD.length, r.stdout);
  for (const [row, rule] of BAD) {
    const line = lines.indexOf(row) + 1;
    const entry = reported.find((l) => l.startsWith(`${name}:${line}: `));
    assert.ok(entry, `line ${line} (${row}) is named: ${r.stdout}`);
    assert.match(entry, rule, `line ${line}`);
  }
  assert.match(r.stderr, new RegExp(`${basename(path)}: ${BAD.length + good.length} rows, 3 distinct valid mappings, 20 bad line\\(s\\)`));
});

test('an unterminated quote names its line; the same IP with two regions names both lines', async () => {
  const path = tempFile('quotes.csv', '192.0.2.1,aws,us-east-1\n10.0.0.1,aws,us-east-1\n10.0.0.1,aws,us-east-2\n"10.0.0.2,aws,us-east-1\n10.0.0.3,aws,us-east-1\n');
  const r = await run(['check', path], { env: { PATH: process.env.PATH } });
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`^${path}:2: conflicts with line 3: the same IP 10\\.0\\.0\\.1`, 'm'));
  assert.match(r.stdout, new RegExp(`^${path}:3: conflicts with line 2: `, 'm'));
  assert.match(r.stdout, new RegExp(`^${path}:4: quoted field is not closed .*\\(this row runs on to line 5\\)$`, "m"));
});

test('a valid file passes (exit 0), from a file or stdin, CSV or JSON, with a BOM and CRLF', async () => {
  const csv = '\ufeffip,vendor,region\r\n192.0.2.1,aws,us-east-1\r\n2001:db8::1,gcp,us-central1\r\n';
  const r = await run(['check', tempFile('ok.csv', csv)], { env: { PATH: process.env.PATH } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /2 rows, 2 distinct valid mappings, 0 bad line\(s\)/);
  const stdin = await run(['check', '-'], { env: { PATH: process.env.PATH }, input: csv });
  assert.equal(stdin.code, 0);
  assert.match(stdin.stderr, /^stdin: 2 rows/m);
  const json = '[\n  {"ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1"},\n  {"ip": "10.1", "vendor": "aws", "region": "us-east-1"}\n]\n';
  const j = await run(['check', '-', '--format', 'json'], { env: { PATH: process.env.PATH }, input: json });
  assert.equal(j.code, 1);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.valid, 1);
  assert.equal(doc.problems.length, 1);
  assert.equal(doc.problems[0].line, 3);
  assert.match(doc.problems[0].message, /^ip "10\.1": /);
});

test('an unreadable file is named: missing, not UTF-8, not JSON', async () => {
  const missing = await run(['check', '/nonexistent/inventory.csv'], { env: { PATH: process.env.PATH } });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /\/nonexistent\/inventory\.csv: cannot read: no such file/);
  const latin1 = tempFile('latin1.csv', Buffer.from([0x31, 0x2c, 0xe9, 0x0a]));
  const l = await run(['check', latin1], { env: { PATH: process.env.PATH } });
  assert.equal(l.code, 1);
  assert.match(l.stderr, /not UTF-8 text/);
  const badJson = await run(['check', '-'], { env: { PATH: process.env.PATH }, input: '[\n{"ip": "1.1.1.1",\n"vendor": "aws", }]' });
  assert.equal(badJson.code, 1);
  assert.match(badJson.stdout, /^stdin(:3)?: not valid JSON: /m);
  const unclosed = await run(['check', '-'], { env: { PATH: process.env.PATH }, input: '[\n{"ip": "1.1.1.1",\n"vendor": "aws"' });
  assert.match(unclosed.stdout, /^stdin:3: not valid JSON/m);
});
