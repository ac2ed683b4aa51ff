// Issue 5, point 5 (inputs): non-string IPs, objects with __proto__ or
// constructor keys, 1 MB strings, non-ASCII digits, IPv4 with leading
// zeros, trailing dots, embedded NULs. Each gets a clear validation error
// naming the input (ip, input.ip, items[i].ip, ips[i]) and the rule: single-
// item methods reject and send nothing; in batches the item is in `failed`
// and is not sent, while the valid items of the same call are.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OriginRegionsClient,
  OriginRegionsError,
  canonicalizeIp,
  withStandIn,
  newZone,
  rejection,
  within,
  assertError,
  assertAccountsForEvery,
  report,
} from './helpers.mjs';

const mock = withStandIn();

const MB = 1 << 20;
/** Longest message a validation error may have, whatever it quotes. */
const SHORT = 400;

/** Bad IP values: [label, value, rule the message must state]. */
const BAD_IPS = [
  // not strings
  ['number', 3221225985, /must be a string \(got number\)/],
  ['NaN', NaN, /must be a string \(got number\)/],
  ['null', null, /must be a string \(got null\)/],
  ['undefined', undefined, /is required/],
  ['boolean', true, /must be a string \(got boolean\)/],
  ['object', { ip: '192.0.2.1' }, /must be a string \(got object\)/],
  ['String object', new String('192.0.2.1'), /must be a string \(got object\)/],
  ['array', ['192.0.2.1'], /must be a string \(got array\)/],
  ['symbol', Symbol('192.0.2.1'), /must be a string \(got symbol\)/],
  ['bigint', 3221225985n, /must be a string \(got bigint\)/],
  ['function', () => '192.0.2.1', /must be a string \(got function\)/],
  ['__proto__-keyed object', JSON.parse('{"__proto__": "192.0.2.1"}'), /must be a string \(got object\)/],
  ['null-prototype object', Object.assign(Object.create(null), { ip: '192.0.2.1' }), /must be a string \(got object\)/],
  // 1 MB strings
  ['1 MB of digits', '1'.repeat(MB), /longer than 45 characters/],
  ['1 MB after a valid address', `192.0.2.1${' '.repeat(MB)}`, /longer than 45 characters/],
  ['1 MB of fullwidth digits', '１'.repeat(MB), /longer than 45 characters/],
  // non-ASCII digits
  ['fullwidth digits', '１９２.０.２.１', /non-ASCII character '１' \(U\+FF11\) at index 0/],
  ['one fullwidth dot', '192.0.2．1', /non-ASCII character '．' \(U\+FF0E\) at index 7/],
  ['Arabic-Indic digits', '١٩٢.١٦٨.١.١', /non-ASCII character '١' \(U\+0661\) at index 0/],
  ['Extended Arabic-Indic digits', '۱.۲.۳.۴', /non-ASCII character '۱' \(U\+06F1\)/],
  ['Devanagari digit', '19२.0.2.1', /non-ASCII character '२' \(U\+0968\) at index 2/],
  ['fullwidth hex in IPv6', '2001:db8::ａ', /non-ASCII character 'ａ' \(U\+FF41\)/],
  // leading zeros
  ['IPv4 leading zero', '010.1.1.1', /IPv4 octet "010" has a leading zero/],
  ['IPv4 leading zero, last octet', '192.0.2.01', /IPv4 octet "01" has a leading zero/],
  ['IPv4 "00"', '192.0.00.1', /IPv4 octet "00" has a leading zero/],
  ['embedded IPv4 leading zero', '::ffff:192.0.2.01', /IPv4 octet "01" has a leading zero/],
  // trailing dots
  ['IPv4 trailing dot', '192.0.2.1.', /ends with a dot/],
  ['IPv6 trailing dot', '::ffff:1.2.3.4.', /ends with a dot/],
  ['leading dot', '.192.0.2.1', /starts with a dot/],
  // embedded NULs and other controls
  ['NUL at the end', '192.0.2.1\0', /control character U\+0000 at index 9/],
  ['NUL inside', '192.0\0.2.1', /control character U\+0000 at index 5/],
  ['NUL first', '\x00192.0.2.1', /control character U\+0000 at index 0/],
  ['NUL in IPv6', '2001:db8::\x001', /control character U\+0000/],
  ['DEL', '192.0.2.1\x7f', /control character U\+007F/],
  // the other rules of the contract
  ['zone index', 'fe80::1%eth0', /zone indices \("%eth0"\) are not allowed/],
  ['CIDR prefix', '192.0.2.0/24', /CIDR prefixes/],
  ['port', '192.0.2.1:443', /ports \(":443"\)/],
  ['brackets', '[2001:db8::1]', /brackets/],
  ['leading space', ' 192.0.2.1', /whitespace \(U\+0020\) at index 0/],
  ['trailing newline', '192.0.2.1\n', /whitespace \(U\+000A\) at index 9/],
  ['empty', '', /empty text is not an IP address/],
  ['hex IPv4', '0xc0.0.2.1', /not a decimal number/],
  ['short IPv4', '127.1', /has 2 part\(s\) but needs exactly 4/],
  ['integer IPv4', '3221225985', /has 1 part\(s\) but needs exactly 4/],
  ['IPv4 octet > 255', '192.0.2.256', /"256" is greater than 255/],
  [':::', '2001:db8:::1', /":::"/],
  ['two ::', '2001::db8::1', /"::" more than once/],
];

const typeName = (v) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
/** What a batch result shows as `input` for an IP value. */
const inputOf = (v) => (typeof v === 'string' ? v : `<${typeName(v)}>`);
const describe = (v) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v) : typeName(v));

function assertClear(err, name, rule, label) {
  assertError(err, OriginRegionsError, 'validation');
  assert.ok(err.message.startsWith(`${name} `) || err.message.startsWith(`${name}:`), `${label}: message should name ${name}: ${err.message.slice(0, 200)}`);
  assert.match(err.message, rule, `${label}: ${err.message.slice(0, 300)}`);
  assert.ok(err.message.length < SHORT, `${label}: message is ${err.message.length} characters`);
  assert.ok(err.stack.length < SHORT + 2000, `${label}: stack is ${err.stack.length} characters`);
  assert.ok(!err.message.includes('\0'), `${label}: a raw NUL in the message`);
}

function newClient(zone, extra = {}) {
  return new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, ...extra });
}

test('canonicalizeIp rejects every bad value with a clear, short validation error', () => {
  for (const [label, value, rule] of BAD_IPS) {
    let err;
    try {
      canonicalizeIp(value);
    } catch (e) {
      err = e;
    }
    assert.ok(err, `${label}: accepted`);
    assertClear(err, 'ip', rule, label);
  }
  report('abusive inputs, canonicalizeIp', { values: BAD_IPS.length, rejected: BAD_IPS.length });
});

test('single-item methods reject every bad IP with kind validation and send nothing', async () => {
  const zone = newZone();
  const client = newClient(zone);
  let calls = 0;
  let longest = 0;
  for (const [label, value, rule] of BAD_IPS) {
    const m = { vendor: 'aws', region: 'us-east-1' };
    const cases = [
      ['get', 'ip', () => client.get(value)],
      ['delete', 'ip', () => client.delete(value)],
      ['update', 'ip', () => client.update(value, m)],
      ['create', 'input.ip', () => client.create({ ip: value, ...m })],
      ['edit', 'input.ip', () => client.edit({ ip: value, ...m })],
    ];
    for (const [method, name, call] of cases) {
      const err = await rejection(call(), 5000, `${method}(${label})`);
      assertClear(err, name, rule, `${method}(${label})`);
      longest = Math.max(longest, err.message.length);
      calls += 1;
    }
  }
  assert.deepEqual(await mock.requests(zone), [], 'nothing was sent');
  assert.equal((await within(client.list(), 5000)).totalCount, 0, 'and the client still works');
  report('abusive inputs, single-item methods', { calls, rejected_validation: calls, requests_sent: 0, longest_message_chars: longest });
});

test('in batches every bad IP fails alone, named items[i].ip / ips[i]; the valid items are sent', async () => {
  const zone = newZone();
  const client = newClient(zone);
  const valid = ['192.0.2.10', '2001:DB8::A', '198.51.100.7'];
  const values = [];
  BAD_IPS.forEach(([, v], i) => {
    values.push(v);
    if (i % 15 === 0) values.push(valid[values.length % 3]);
  });
  for (const v of valid) if (!values.includes(v)) values.push(v);
  // The valid values appear more than once: duplicates that agree are sent
  // once and every copy gets that outcome.
  const validCount = new Set(values.filter((v) => valid.includes(v))).size;
  const validOccurrences = values.filter((v) => valid.includes(v)).length;
  assert.ok(validOccurrences > validCount);
  const ruleOf = (v) => BAD_IPS.find(([, bad]) => Object.is(bad, v))?.[2];

  for (const method of ['batchUpdate', 'batchEdit', 'batchDelete']) {
    await mock.clearRequests(zone);
    const isDelete = method === 'batchDelete';
    const input = isDelete ? values : values.map((ip) => ({ ip, vendor: 'gcp', region: 'us-central1' }));
    const r = await within(client[method](input), 10000, method);
    assertAccountsForEvery(r, input, (it) => inputOf(isDelete ? it : it.ip));
    assert.equal(r.succeeded.length, validOccurrences, `${method}: every copy of a valid item succeeded`);
    assert.equal(r.failed.length, BAD_IPS.length);
    let k = 0;
    values.forEach((v, i) => {
      if (valid.includes(v)) return;
      const f = r.failed[k];
      k += 1;
      const name = isDelete ? `ips[${i}]` : `items[${i}].ip`;
      assert.equal(f.input, inputOf(v));
      assert.ok(f.error.startsWith(`${name} `) || f.error.startsWith(`${name}:`), `${method}: ${f.error.slice(0, 100)} should name ${name}`);
      assert.match(f.error, ruleOf(v));
      assert.ok(f.error.length < SHORT, `${method} ${describe(v)}: error of ${f.error.length} characters`);
    });
    const log = await mock.requests(zone);
    assert.equal(log.length, 1, `${method}: one request`);
    assert.equal(log[0].items, validCount, `${method}: only the valid items were sent, each once`);
    const stored = (await mock.mappings(zone)).map((m) => m.ip).sort();
    assert.deepEqual(stored, isDelete ? [] : ['192.0.2.10', '198.51.100.7', '2001:db8::a']);
  }
  report('abusive inputs, in batchUpdate/batchEdit/batchDelete', { bad_items: BAD_IPS.length, valid_items: validOccurrences, distinct_sent: validCount, bad_sent: 0 });
});

test('objects with __proto__ or constructor keys, null prototypes and hostile getters', async () => {
  const zone = newZone();
  const client = newClient(zone);
  const hostile = new Proxy({}, { get() { throw new Error('trap'); }, has() { throw new Error('trap'); } });
  const cases = [
    // [item, expected: 'ok' | RegExp for the error (after items[i])]
    [JSON.parse('{"__proto__": {"ip": "192.0.2.50", "vendor": "aws", "region": "us-east-1"}}'), /^items\[0\]\.ip: is required/],
    [JSON.parse('{"ip": "192.0.2.51", "vendor": "aws", "region": "us-east-1", "__proto__": {"vendor": "gcp"}}'), 'ok'],
    [JSON.parse('{"constructor": {"prototype": {"ip": "192.0.2.52"}}, "vendor": "aws", "region": "us-east-1"}'), /^items\[2\]\.ip: is required/],
    [{ ip: '192.0.2.53', vendor: 'constructor', region: 'us-east-1' }, /^items\[3\]\.vendor "constructor": must be one of/],
    [{ ip: '192.0.2.54', vendor: '__proto__', region: 'us-east-1' }, /^items\[4\]\.vendor "__proto__": must be one of/],
    [{ ip: '192.0.2.55', vendor: 'aws', region: '__proto__' }, /^items\[5\]\.region "__proto__": must be a region identifier/],
    [{ ip: '192.0.2.56', vendor: 'toString', region: 'us-east-1' }, /^items\[6\]\.vendor "toString": must be one of/],
    [Object.assign(Object.create(null), { ip: '192.0.2.57', vendor: 'oci', region: 'us-ashburn-1' }), 'ok'],
    [Object.create(null), /^items\[8\]\.ip: is required/],
    [Object.assign(Object.create(null), { ip: '010.0.0.1', vendor: 'aws', region: 'us-east-1' }), /^items\[9\]\.ip "010\.0\.0\.1": is not an IP address: IPv4 octet "010" has a leading zero/],
    [{ get ip() { throw new Error('getter'); }, vendor: 'aws', region: 'us-east-1' }, /^items\[10\]\.ip: must be a string \(got unreadable property\)/],
    [hostile, /^items\[11\]\.ip: must be a string \(got unreadable property\)/],
    [5, /^items\[12\]: must be an object \{ ip, vendor, region \} \(got number\)/],
    ['192.0.2.58', /^items\[13\]: must be an object/],
    [null, /^items\[14\]: must be an object.*\(got null\)/],
    [['192.0.2.59', 'aws', 'us-east-1'], /^items\[15\]: must be an object.*\(got array\)/],
    [{ ip: { __proto__: null, toString: () => '192.0.2.60' }, vendor: 'aws', region: 'us-east-1' }, /^items\[16\]\.ip: must be a string \(got object\)/],
  ];
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const r = await within(client.batchUpdate(cases.map(([it]) => it)), 10000);
  assert.equal(r.succeeded.length + r.failed.length, cases.length);
  assert.deepEqual(r.succeeded.map((s) => s.ip), ['192.0.2.51', '192.0.2.57']);
  assert.deepEqual(r.succeeded.map((s) => s.vendor), ['aws', 'oci'], 'an own __proto__ key changes nothing');
  const failures = cases.filter(([, e]) => e !== 'ok');
  assert.equal(r.failed.length, failures.length);
  r.failed.forEach((f, k) => assert.match(f.error, failures[k][1]));
  const log = await mock.requests(zone);
  assert.equal(log.length, 1);
  assert.equal(log[0].items, 2, 'only the two valid items were sent');

  // The region "constructor" has a region's shape: without the catalogue the
  // API refuses it (1157); with it (after supportedRegions) it fails locally.
  const unknownRegion = { ip: '192.0.2.61', vendor: 'aws', region: 'constructor' };
  const viaApi = await within(client.batchUpdate([unknownRegion]), 10000);
  assert.match(viaApi.failed[0]?.error ?? '', /1157|region/i);
  await client.supportedRegions();
  await mock.clearRequests(zone);
  const local = await within(client.batchUpdate([unknownRegion, { ...unknownRegion, ip: '192.0.2.62', region: '__proto__' }]), 10000);
  assert.match(local.failed[0].error, /^items\[0\]\.region "constructor": is not a region of aws in the supported-regions catalogue/);
  assert.match(local.failed[1].error, /^items\[1\]\.region "__proto__": is not a region of aws/);
  assert.deepEqual(await mock.requests(zone), [], 'refused locally, nothing sent');
  const single = await rejection(client.update('192.0.2.63', { vendor: 'aws', region: 'hasOwnProperty' }));
  assertClear(single, 'input.region', /is not a region of aws/, 'update region hasOwnProperty');

  // Single-item methods with such objects.
  const e1 = await rejection(client.create(JSON.parse('{"__proto__": {"ip": "192.0.2.64", "vendor": "aws", "region": "us-east-1"}}')));
  assertClear(e1, 'input.ip', /is required/, 'create(__proto__ object)');
  const e2 = await rejection(client.update('192.0.2.65', JSON.parse('{"__proto__": {"vendor": "aws", "region": "us-east-1"}}')));
  assertClear(e2, 'input.vendor', /is required/, 'update(ip, __proto__ object)');
  const e3 = await rejection(client.update('192.0.2.66', JSON.parse('{"constructor": {"vendor": "aws"}}')));
  assertClear(e3, 'input.vendor', /is required/, 'update(ip, constructor object)');
  const ok = await within(client.update('192.0.2.67', Object.assign(Object.create(null), { vendor: 'gcp', region: 'us-central1' })), 10000);
  assert.equal(ok.vendor, 'gcp');

  // Nothing leaked into Object.prototype.
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
  assert.equal({}.ip, undefined);
  assert.equal({}.vendor, undefined);
  report('__proto__/constructor/null-prototype/hostile items', { items: cases.length, succeeded: r.succeeded.length, failed: r.failed.length, prototype_polluted: false });
});

test('whole-call abuse: not an array, huge strings in options', async () => {
  const zone = newZone();
  const client = newClient(zone);
  for (const [method, name] of [['batchUpdate', 'items'], ['batchEdit', 'items'], ['batchDelete', 'ips']]) {
    for (const v of ['192.0.2.1', null, undefined, { length: 1, 0: '192.0.2.1' }, 5]) {
      const e = await rejection(client[method](v));
      assertClear(e, name, /must be an array/, `${method}(${typeName(v)})`);
    }
  }
  const e = await rejection(client.list({ page: '1'.repeat(MB) }));
  assertClear(e, 'options.page', /must be a number/, 'list page 1 MB string');
  const e2 = await rejection(client.get('192.0.2.1', { timeoutMs: 1e12 }));
  assertClear(e2, 'options.timeoutMs', /whole number/, 'timeoutMs huge');
  let ctorErr;
  try {
    new OriginRegionsClient({ zoneId: 'a'.repeat(MB), apiToken: 'test-token', baseUrl: mock.url });
  } catch (err) {
    ctorErr = err;
  }
  assertClear(ctorErr, 'options.zoneId', /32 lower-case hex/, 'zoneId 1 MB');
  assert.deepEqual(await mock.requests(zone), []);
});
