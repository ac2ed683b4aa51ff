// The inventory reader and writer on their own (pure functions, no process).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInventoryCsv, parseInventory } from '../src/inventory.mjs';

const row = (line, ip, vendor, region) => ({ line, ip, vendor, region });

test('CSV with a header, CRLF, a BOM, quoted fields, blank lines and comments; lines are file lines', () => {
  const text = '\ufeffip,vendor,region\r\n192.0.2.1,aws,us-east-1\r\n\r\n# note\r\n"2001:db8::1", gcp ,"us-central1"\r\n';
  assert.deepEqual(parseInventory(text), {
    rows: [row(2, '192.0.2.1', 'aws', 'us-east-1'), row(5, '2001:db8::1', 'gcp', 'us-central1')],
    errors: [],
  });
});

test('CSV without a header; a header may order the columns and carry modified_on', () => {
  assert.deepEqual(parseInventory('10.0.0.1,aws,us-east-1\n').rows, [row(1, '10.0.0.1', 'aws', 'us-east-1')]);
  const reordered = parseInventory('Region,IP,Vendor,modified_on\neu-west-1,10.0.0.2,aws,2026-01-01\n');
  assert.deepEqual(reordered, { rows: [row(2, '10.0.0.2', 'aws', 'eu-west-1')], errors: [] });
});

test('shape errors name the line and the rule', () => {
  const { rows, errors } = parseInventory('ip,vendor,region\n10.0.0.1,aws\n10.0.0.2,aws,x,y\n10.0.0.3,aws,us-east-1\n"10.0.0.4,aws,x\n10.0.0.5,aws,y\n');
  assert.deepEqual(rows, [row(4, '10.0.0.3', 'aws', 'us-east-1')]);
  assert.deepEqual(errors, [
    { line: 2, message: 'expected 3 fields ip,vendor,region, got 2' },
    { line: 3, message: 'expected 3 fields ip,vendor,region, got 4' },
    { line: 5, message: 'quoted field is not closed (a " opens it and no " ends it) (this row runs on to line 6)' },
  ]);
  assert.deepEqual(parseInventory('ip,vendor,regoin\n').errors, [{ line: 1, message: 'header has no "region" column (expected ip,vendor,region)' }]);
  assert.deepEqual(parseInventory('ip,vendor,region,owner\n').errors, [{ line: 1, message: 'header has an unknown column "owner" (expected ip,vendor,region)' }]);
  assert.deepEqual(parseInventory('ip,ip,vendor,region\n').errors, [{ line: 1, message: 'header names "ip" twice' }]);
});

test('a JSON array: each item placed on its line; wrong items named', () => {
  const text = '[\n  {"ip": "10.0.0.1", "vendor": "aws", "region": "us-east-1"},\n\n  {"ip": "10.0.0.2", "vendor": "aws"},\n  "10.0.0.3",\n  {"ip": "10.0.0.4", "vendor": "aws", "region": "x", "owner": "me"},\n  {"ip": 5, "vendor": "aws", "region": "x"}\n]';
  assert.deepEqual(parseInventory(text), {
    rows: [row(2, '10.0.0.1', 'aws', 'us-east-1')],
    errors: [
      { line: 4, message: 'item 2: has no "region" (expected ip, vendor, region)' },
      { line: 5, message: 'item 3: expected an object with ip, vendor, region strings' },
      { line: 6, message: 'item 4: unknown field "owner" (expected ip, vendor, region)' },
      { line: 7, message: 'item 5: "ip" must be a string' },
    ],
  });
  assert.deepEqual(parseInventory('{"ip": "10.0.0.1"}').errors, [{ line: 1, message: 'a JSON inventory must be an array of {ip, vendor, region} objects' }]);
  assert.match(parseInventory('[\n{"ip": "x",\n').errors[0].message, /^not valid JSON: /);
  assert.deepEqual(parseInventory('[]'), { rows: [], errors: [] });
  assert.deepEqual(parseInventory(''), { rows: [], errors: [] });
});

test('formatInventoryCsv writes what parseInventory reads back unchanged, quotes included', () => {
  const mappings = [
    { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-03-01T12:00:00Z' },
    { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
    { ip: '10.0.0.1', vendor: 'future,vendor', region: 'a "quoted" region' },
    { ip: '10.0.0.2', vendor: 'aws', region: 'line\nbreak' },
  ];
  const text = formatInventoryCsv(mappings);
  assert.ok(text.startsWith('ip,vendor,region\n192.0.2.1,aws,us-east-1\n'));
  const back = parseInventory(text);
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.rows.map(({ ip, vendor, region }) => ({ ip, vendor, region })), mappings.map(({ ip, vendor, region }) => ({ ip, vendor, region })));
  assert.deepEqual(back.rows.map((r) => r.line), [2, 3, 4, 5]);
});

test('the reader is pure: it imports no Node built-in', async () => {
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(new URL('../src/inventory.mjs', import.meta.url), 'utf8');
  const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
  assert.deepEqual(imports, ['papaparse/papaparse.min.js']);
});
