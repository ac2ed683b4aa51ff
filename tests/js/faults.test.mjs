// Issue 5, point 2: faults injected by the stand-in, one test each.
// For every fault: the promise settles (watchdog), no unhandled rejection,
// the requests the stand-in saw stay within maxRetries, the backoff is kept
// (measured on the stand-in's request log), the error's kind is right, a
// batch result accounts for every item (checked against the stored state),
// and the same client keeps working afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OriginRegionsClient,
  OriginRegionsError,
  withStandIn,
  newZone,
  within,
  rejection,
  assertError,
  assertAccountsForEvery,
  ipv4,
  gaps,
  sleep,
  report,
} from './helpers.mjs';

const mock = withStandIn();

const MAPPING = { vendor: 'aws', region: 'us-east-1' };
const SEED = [
  { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
  { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
];

/** A client for a fresh zone seeded with SEED. */
async function setup(options = {}) {
  const zone = newZone();
  await mock.setMappings(zone, SEED);
  const client = new OriginRegionsClient({
    zoneId: zone,
    apiToken: 'test-token',
    baseUrl: mock.url,
    retryDelayMs: 50,
    ...options,
  });
  return { zone, client };
}

const items = (n, from = 0) => Array.from({ length: n }, (_, i) => ({ ip: ipv4(from + i), ...MAPPING }));

/** Stored IPs of a zone. */
async function stored(zone) {
  return new Set((await mock.mappings(zone)).map((m) => m.ip));
}

/**
 * The same client instance, with no fault armed, still does every kind of
 * call: a get, a single write and a multi-request batch, each with exactly
 * the requests it needs.
 */
async function keepsWorking(client, zone) {
  assert.deepEqual(await mock.faults(zone), [], 'every armed fault was used');
  await mock.clearRequests(zone);
  const m = await within(client.get('192.0.2.1'), 10000, 'get after the fault');
  assert.equal(m.ip, '192.0.2.1');
  const u = await within(client.update('2001:DB8::0:FE', { vendor: 'oci', region: 'us-ashburn-1' }), 10000);
  assert.deepEqual([u.ip, u.vendor, u.region], ['2001:db8::fe', 'oci', 'us-ashburn-1']);
  const batch = items(150, 60000);
  const r = await within(client.batchUpdate(batch), 10000, 'batch after the fault');
  assert.equal(r.succeeded.length, 150);
  assert.equal(r.failed.length, 0);
  assert.equal(r.requests, 2);
  const s = await stored(zone);
  for (const it of batch) assert.ok(s.has(it.ip));
  assert.equal((await mock.requests(zone)).length, 4, 'no extra request');
}

// ---- 429 with Retry-After -------------------------------------------------------

test('429 burst with Retry-After: 1 (seconds) is waited out, then get succeeds', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '1', times: 2 });
  const m = await within(client.get('192.0.2.1'), 15000);
  assert.deepEqual([m.ip, m.vendor, m.region], ['192.0.2.1', 'aws', 'us-east-1']);
  const log = await mock.requests(zone);
  assert.equal(log.length, 3, 'first attempt + maxRetries (2)');
  const g = gaps(log);
  for (const gap of g) {
    assert.ok(gap >= 950, `retry came ${gap} ms after a 429 with Retry-After: 1`);
    assert.ok(gap < 4000, `retry waited ${gap} ms for Retry-After: 1`);
  }
  report('429 Retry-After 1 s x2, get', { requests: log.length, gaps_ms: g.join('/'), outcome: 'resolved' });
  await keepsWorking(client, zone);
});

test('429 burst with Retry-After: 1 inside a batch: only that request is retried, every item lands', async () => {
  const { zone, client } = await setup({ concurrency: 1 });
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '1', times: 2 });
  const input = items(250);
  const r = await within(client.batchUpdate(input), 20000);
  assertAccountsForEvery(r, input, (i) => i.ip);
  assert.equal(r.failed.length, 0, JSON.stringify(r.failed[0]));
  const log = await mock.requests(zone);
  assert.equal(r.requests, 5, '3 chunks + 2 retries');
  assert.equal(log.length, 5);
  assert.ok(log.every((e) => e.method === 'PUT' && e.path.endsWith('/batch') && e.items <= 100));
  const g = gaps(log);
  assert.ok(g[0] >= 950 && g[1] >= 950, `gaps after the 429s: ${g}`);
  const s = await stored(zone);
  for (const it of input) assert.ok(s.has(it.ip), `${it.ip} stored`);
  report('429 Retry-After 1 s x2, batchUpdate 250', { requests: r.requests, gaps_ms: g.slice(0, 2).join('/'), succeeded: r.succeeded.length, failed: r.failed.length });
  await keepsWorking(client, zone);
});

test('429 longer than maxRetries: rejects kind api, status 429, code 971 after exactly maxRetries+1 requests', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '1', times: 3 });
  const err = await rejection(client.update('198.51.100.5', MAPPING), 15000);
  assertError(err, OriginRegionsError, 'api', { status: 429, code: 971 });
  assert.match(err.message, /429/);
  const log = await mock.requests(zone);
  assert.equal(log.length, 3);
  assert.ok(gaps(log).every((g) => g >= 950), `gaps ${gaps(log)}`);
  assert.ok(!(await stored(zone)).has('198.51.100.5'), 'nothing stored');
  report('429 x3 > maxRetries 2, update', { requests: log.length, kind: err.kind, status: err.status, code: err.code });
  await keepsWorking(client, zone);
});

test('429 with Retry-After as an HTTP date: the retry comes no earlier than that date', async () => {
  const { zone, client } = await setup();
  const target = Math.ceil(Date.now() / 1000) * 1000 + 2000;
  const date = new Date(target).toUTCString();
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: date, times: 1 });
  const m = await within(client.get('2001:db8::1'), 15000);
  assert.equal(m.ip, '2001:db8::1');
  const log = await mock.requests(zone);
  assert.equal(log.length, 2);
  assert.ok(log[0].at < target - 900, 'the first attempt came well before the date');
  assert.ok(log[1].at >= target - 50, `retry at ${log[1].at}, Retry-After date ${target} (${date})`);
  assert.ok(log[1].at < target + 3000, 'and not much later');
  report('429 Retry-After HTTP date, get', { requests: log.length, retry_vs_date_ms: log[1].at - target });
  await keepsWorking(client, zone);
});

test('429 with a Retry-After beyond 60 s (seconds or date) goes to the caller at once', async () => {
  const { zone, client } = await setup();
  for (const retryAfter of ['120', new Date(Date.now() + 3_600_000).toUTCString()]) {
    await mock.clearRequests(zone);
    await mock.fault(zone, { kind: 'status', status: 429, retryAfter, times: 1 });
    const t0 = Date.now();
    const err = await rejection(client.get('192.0.2.1'), 10000);
    assertError(err, OriginRegionsError, 'api', { status: 429 });
    assert.ok(Date.now() - t0 < 3000, 'not waited');
    assert.equal((await mock.requests(zone)).length, 1, `no retry for Retry-After ${retryAfter}`);
  }
  report('429 Retry-After 120 s / +1 h date', { requests: 1, outcome: 'rejected at once, kind api 429' });
  await keepsWorking(client, zone);
});

test('an abort during a Retry-After wait rejects kind aborted at once, saying what became of every item', async () => {
  const { zone, client } = await setup({ concurrency: 1 });
  const seeded = items(300);
  await mock.setMappings(zone, [...SEED, ...seeded]);
  // Request 1 goes through; request 2 gets a 429 asking for 30 s.
  await mock.fault(zone, { kind: 'delay', delayMs: 0, times: 1 });
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '30', times: 1 });
  const input = [...seeded.map((m) => m.ip), 'not-an-ip'];
  const ac = new AbortController();
  const t0 = Date.now();
  const p = client.batchDelete(input, { signal: ac.signal });
  setTimeout(() => ac.abort(), 400);
  const err = await rejection(p, 10000);
  assertError(err, OriginRegionsError, 'aborted');
  assert.ok(Date.now() - t0 < 5000, 'the 30 s wait was cut');
  assert.equal((await mock.requests(zone)).length, 2);
  // error.result accounts for every item, and the stored state agrees.
  assert.ok(err.result, 'an aborted batch carries error.result');
  const byText = assertAccountsForEvery(err.result, input, (ip) => ip);
  assert.deepEqual(err.result.succeeded.map((x) => x.ip), input.slice(0, 100));
  const s = await stored(zone);
  for (const ip of input.slice(0, 300)) {
    const o = byText.get(ip)[0];
    if (o.ok) assert.ok(!s.has(ip), `${ip} reported deleted but still stored`);
    else if (/^not sent/.test(o.error)) assert.ok(s.has(ip), `${ip} reported not sent but gone`);
    else assert.match(o.error, /may or may not have been applied/);
  }
  assert.match(byText.get('not-an-ip')[0].error, /^ips\[300\] "not-an-ip": is not an IP address/);
  const reasons = [...new Set(err.result.failed.map((f) => f.error.replace(/^ips\[\d+\].*/, 'ips[i]: validation')))];
  report('429 Retry-After 30 s then abort at 0.4 s, batchDelete 301', { kind: err.kind, elapsed_ms: Date.now() - t0, succeeded: err.result.succeeded.length, failed: err.result.failed.length, reasons: JSON.stringify(reasons) });
  await keepsWorking(client, zone);
});

// ---- 5xx bursts --------------------------------------------------------------------

for (const status of [500, 502, 503]) {
  test(`${status} burst within maxRetries: retried with exponential backoff, then succeeds`, async () => {
    const { zone, client } = await setup({ retryDelayMs: 200 });
    await mock.fault(zone, { kind: 'status', status, times: 2 });
    const m = await within(client.update('203.0.113.9', { vendor: 'gcp', region: 'us-central1' }), 15000);
    assert.deepEqual([m.ip, m.vendor], ['203.0.113.9', 'gcp']);
    const log = await mock.requests(zone);
    assert.equal(log.length, 3);
    const g = gaps(log);
    // Equal jitter: retry n waits between half and all of 200 ms * 2^n.
    assert.ok(g[0] >= 100 - 5 && g[0] < 200 + 1000, `first backoff ${g[0]} ms (100..200 expected)`);
    assert.ok(g[1] >= 200 - 5 && g[1] < 400 + 1000, `second backoff ${g[1]} ms (200..400 expected)`);
    assert.ok((await stored(zone)).has('203.0.113.9'));
    report(`${status} x2, update (retryDelayMs 200)`, { requests: log.length, gaps_ms: g.join('/'), outcome: 'resolved' });
    await keepsWorking(client, zone);
  });

  test(`${status} burst beyond maxRetries: rejects kind api with that status after maxRetries+1 requests`, async () => {
    const { zone, client } = await setup();
    await mock.fault(zone, { kind: 'status', status, times: 3 });
    const err = await rejection(client.get('192.0.2.1'), 15000);
    assertError(err, OriginRegionsError, 'api', { status, code: 1140 });
    assert.equal(err.errors[0].code, 1140);
    assert.equal((await mock.requests(zone)).length, 3);
    // A per-call maxRetries overrides the client's.
    await mock.clearRequests(zone);
    await mock.fault(zone, { kind: 'status', status, times: 1 });
    const err0 = await rejection(client.get('192.0.2.1', { maxRetries: 0 }), 15000);
    assertError(err0, OriginRegionsError, 'api', { status });
    assert.equal((await mock.requests(zone)).length, 1, 'maxRetries: 0 means one request');
    report(`${status} x3 > maxRetries 2, get`, { requests: 3, kind: err.kind, status: err.status, code: err.code });
    await keepsWorking(client, zone);
  });

  test(`${status} burst on one request of a batchDelete: exactly that request's items fail`, async () => {
    const { zone, client } = await setup({ concurrency: 1 });
    const seeded = items(300);
    await mock.setMappings(zone, [...SEED, ...seeded]);
    await mock.fault(zone, { kind: 'status', status, times: 3 });
    const input = seeded.map((m) => m.ip);
    const r = await within(client.batchDelete(input), 20000);
    const byText = assertAccountsForEvery(r, input, (ip) => ip);
    assert.equal(r.failed.length, 100);
    assert.deepEqual(r.failed.map((f) => f.input), input.slice(0, 100), 'the first request (100 items) failed');
    for (const f of r.failed) assert.match(f.error, new RegExp(`HTTP ${status}.*code 1140`));
    assert.equal(r.requests, 5, '3 attempts of the first request, then 2 requests');
    assert.equal((await mock.requests(zone)).length, 5);
    const s = await stored(zone);
    for (const ip of input) assert.equal(s.has(ip), !byText.get(ip)[0].ok, `${ip}: stored state agrees with the result`);
    report(`${status} x3 on one batchDelete request (300 items)`, { requests: r.requests, succeeded: r.succeeded.length, failed: r.failed.length });
    await keepsWorking(client, zone);
  });
}

// ---- connection resets -------------------------------------------------------------

test('connection resets within maxRetries are retried; the call succeeds', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'reset', times: 2 });
  const m = await within(client.get('2001:db8::1'), 15000);
  assert.equal(m.ip, '2001:db8::1');
  const log = await mock.requests(zone);
  assert.equal(log.length, 3, `requests seen: ${log.length}`);
  report('reset x2, get', { requests: log.length, outcome: 'resolved' });
  await keepsWorking(client, zone);
});

test('connection resets beyond maxRetries reject kind network', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'reset', times: 3 });
  const err = await rejection(client.delete('192.0.2.1'), 15000);
  assertError(err, OriginRegionsError, 'network');
  assert.match(err.message, /^network failure/);
  assert.equal(err.status, undefined);
  assert.equal((await mock.requests(zone)).length, 3);
  assert.ok((await stored(zone)).has('192.0.2.1'), 'not deleted');
  report('reset x3 > maxRetries 2, delete', { requests: 3, kind: err.kind, message: JSON.stringify(err.message) });
  await keepsWorking(client, zone);
});

test('connection resets on one request of a batchUpdate: exactly that request fails, kind network', async () => {
  const { zone, client } = await setup({ concurrency: 1 });
  await mock.fault(zone, { kind: 'reset', times: 3 });
  const input = items(300);
  const r = await within(client.batchUpdate(input), 20000);
  const byText = assertAccountsForEvery(r, input, (i) => i.ip);
  assert.deepEqual(r.failed.map((f) => f.input), input.slice(0, 100).map((i) => i.ip));
  for (const f of r.failed) assert.match(f.error, /^network failure/);
  assert.equal(r.requests, 5);
  const s = await stored(zone);
  for (const it of input) assert.equal(s.has(it.ip), byText.get(it.ip)[0].ok);
  report('reset x3 on one batchUpdate request (300 items)', { requests: r.requests, succeeded: r.succeeded.length, failed: r.failed.length });
  await keepsWorking(client, zone);
});

// ---- timeouts --------------------------------------------------------------------------

test('a timeout on a single call is retried, then rejects kind timeout', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'delay', delayMs: 3000, times: 2 });
  const t0 = Date.now();
  const err = await rejection(client.get('192.0.2.1', { timeoutMs: 300, maxRetries: 1 }), 10000);
  assertError(err, OriginRegionsError, 'timeout');
  assert.match(err.message, /300 ms/);
  assert.equal((await mock.requests(zone)).length, 2);
  assert.ok(Date.now() - t0 < 2500, 'each attempt was cut at its timeout');
  report('delay 3 s x2, get timeoutMs 300 maxRetries 1', { requests: 2, kind: err.kind, elapsed_ms: Date.now() - t0 });
  await keepsWorking(client, zone);
});

/** Items with a few invalid ones sprinkled in; `valid[k]` is the k-th sendable. */
function mixedItems(n) {
  const input = [];
  const valid = [];
  for (let i = 0; i < n; i += 1) {
    if (i % 61 === 13) input.push({ ip: `10.0.${i}.0${i % 10}`, ...MAPPING }); // leading zero
    else {
      const it = { ip: ipv4(1000 + i), ...MAPPING };
      input.push(it);
      valid.push(it);
    }
  }
  return { input, valid };
}

test('a timeout in the middle of a batch (request 2 of 4): exactly its items fail, the rest are applied', async () => {
  const { zone, client } = await setup({ concurrency: 1 });
  const { input, valid } = mixedItems(407);
  assert.equal(valid.length, 400);
  // The first matching fault is used: request 1 takes the no-op delay,
  // request 2 the long one, requests 3 and 4 none.
  await mock.fault(zone, { kind: 'delay', delayMs: 0, method: 'PUT', path: '/batch', times: 1 });
  await mock.fault(zone, { kind: 'delay', delayMs: 2500, method: 'PUT', path: '/batch', times: 1 });
  const r = await within(client.batchUpdate(input, { timeoutMs: 1000, maxRetries: 0 }), 20000);
  const byText = assertAccountsForEvery(r, input, (i) => i.ip);
  const timedOut = valid.slice(100, 200).map((i) => i.ip);
  const failedSent = r.failed.filter((f) => !/is not an IP address/.test(f.error));
  assert.deepEqual(failedSent.map((f) => f.input), timedOut, 'exactly the second request\'s items');
  for (const f of failedSent) assert.equal(f.error, 'no answer within the timeout of 1000 ms');
  const invalid = input.filter((i) => !valid.includes(i)).map((i) => i.ip);
  assert.deepEqual(r.failed.filter((f) => /is not an IP address/.test(f.error)).map((f) => f.input), invalid);
  assert.equal(r.succeeded.length, 300);
  const log = await mock.requests(zone);
  assert.equal(r.requests, 4);
  assert.equal(log.length, 4);
  assert.deepEqual(log.map((e) => e.items), [100, 100, 100, 100]);
  // Wait until the delayed request would have been handled, then compare.
  await sleep(Math.max(0, log[1].at + 2500 + 300 - Date.now()));
  const s = await stored(zone);
  for (const it of valid) assert.equal(s.has(it.ip), byText.get(it.ip)[0].ok, `${it.ip}: stored state agrees`);
  report('delay 2.5 s on request 2 of 4, batchUpdate 407 (timeoutMs 1000, maxRetries 0)', { requests: r.requests, succeeded: r.succeeded.length, failed_timeout: failedSent.length, failed_validation: invalid.length });
  await keepsWorking(client, zone);
});

test('timeouts on 2 of 4 concurrent batch requests: exactly those requests\' items fail', async () => {
  const { zone, client } = await setup(); // default concurrency 4
  const input = items(350, 5000);
  await mock.fault(zone, { kind: 'delay', delayMs: 2500, path: '/batch', times: 2 });
  const t0 = Date.now();
  const r = await within(client.batchUpdate(input, { timeoutMs: 1000, maxRetries: 0 }), 20000);
  const byText = assertAccountsForEvery(r, input, (i) => i.ip);
  const chunks = [0, 1, 2, 3].map((k) => input.slice(k * 100, k * 100 + 100).map((i) => i.ip));
  const failedSet = new Set(r.failed.map((f) => f.input));
  const failedChunks = chunks.filter((c) => c.some((ip) => failedSet.has(ip)));
  assert.equal(failedChunks.length, 2, 'two requests timed out');
  for (const c of failedChunks) for (const ip of c) assert.ok(failedSet.has(ip), 'a whole request failed, not part');
  assert.equal(failedSet.size, failedChunks.reduce((n, c) => n + c.length, 0));
  for (const f of r.failed) assert.equal(f.error, 'no answer within the timeout of 1000 ms');
  assert.equal(r.requests, 4);
  await sleep(Math.max(0, t0 + 2500 + 500 - Date.now()));
  const s = await stored(zone);
  for (const it of input) assert.equal(s.has(it.ip), byText.get(it.ip)[0].ok, `${it.ip}: stored state agrees`);
  report('delay 2.5 s on 2 of 4 concurrent requests, batchUpdate 350', { requests: r.requests, succeeded: r.succeeded.length, failed: r.failed.length });
  await keepsWorking(client, zone);
});

// ---- unreadable bodies ----------------------------------------------------------------------

for (const kind of ['truncated', 'notjson']) {
  test(`${kind} 200 body: rejects kind decode, not retried`, async () => {
    const { zone, client } = await setup();
    await mock.fault(zone, { kind, times: 1 });
    const err = await rejection(client.get('192.0.2.1'), 10000);
    assertError(err, OriginRegionsError, 'decode');
    assert.match(err.message, /^unexpected API response/);
    assert.equal((await mock.requests(zone)).length, 1);
    await mock.clearRequests(zone);
    await mock.fault(zone, { kind, times: 1 });
    const err2 = await rejection(client.list(), 10000);
    assertError(err2, OriginRegionsError, 'decode');
    assert.equal((await mock.requests(zone)).length, 1);
    report(`${kind} body, get and list`, { requests: 1, kind: err.kind, message: JSON.stringify(err.message) });
    await keepsWorking(client, zone);
  });

  test(`${kind} body on one batch request: exactly its items fail with a decode reason`, async () => {
    const { zone, client } = await setup({ concurrency: 1 });
    const input = items(250);
    await mock.fault(zone, { kind, path: '/batch', times: 1 });
    const r = await within(client.batchUpdate(input), 10000);
    const byText = assertAccountsForEvery(r, input, (i) => i.ip);
    assert.deepEqual(r.failed.map((f) => f.input), input.slice(0, 100).map((i) => i.ip));
    for (const f of r.failed) assert.match(f.error, /^unexpected API response/);
    assert.equal(r.requests, 3);
    const s = await stored(zone);
    for (const it of input) assert.equal(s.has(it.ip), byText.get(it.ip)[0].ok);
    report(`${kind} body on 1 of 3 batch requests`, { requests: r.requests, succeeded: r.succeeded.length, failed: r.failed.length });
    await keepsWorking(client, zone);
  });
}

// ---- an edge's HTML error page ------------------------------------------------------------------

test('HTML 502 page: retried; past maxRetries rejects kind api, status 502, no codes, short message', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'html', status: 502, times: 1 });
  const m = await within(client.get('192.0.2.1'), 10000);
  assert.equal(m.ip, '192.0.2.1');
  assert.equal((await mock.requests(zone)).length, 2);
  await mock.clearRequests(zone);
  await mock.fault(zone, { kind: 'html', status: 502, times: 3 });
  const err = await rejection(client.get('192.0.2.1'), 10000);
  assertError(err, OriginRegionsError, 'api', { status: 502, errors: [] });
  assert.equal(err.code, undefined);
  assert.equal(err.message, 'Cloudflare API answered HTTP 502');
  assert.doesNotMatch(err.message, /<html/i);
  assert.equal((await mock.requests(zone)).length, 3);
  report('HTML 502 page x3, get', { requests: 3, kind: err.kind, status: err.status, message: JSON.stringify(err.message) });
  await keepsWorking(client, zone);
});

test('HTML 502 page on one batchDelete request past its retries: exactly its items fail', async () => {
  const { zone, client } = await setup({ concurrency: 1 });
  const seeded = items(220);
  await mock.setMappings(zone, [...SEED, ...seeded]);
  await mock.fault(zone, { kind: 'html', status: 502, times: 3 });
  const input = seeded.map((m) => m.ip);
  const r = await within(client.batchDelete(input), 10000);
  const byText = assertAccountsForEvery(r, input, (ip) => ip);
  assert.deepEqual(r.failed.map((f) => f.input), input.slice(0, 100));
  for (const f of r.failed) assert.equal(f.error, 'Cloudflare API answered HTTP 502');
  assert.equal(r.requests, 5);
  const s = await stored(zone);
  for (const ip of input) assert.equal(s.has(ip), !byText.get(ip)[0].ok);
  await keepsWorking(client, zone);
});

// ---- success: false with status 200 --------------------------------------------------------------

test('success:false with status 200: rejects kind api with the envelope\'s code, not retried', async () => {
  const { zone, client } = await setup();
  await mock.fault(zone, { kind: 'success-false', times: 1 });
  const err = await rejection(client.update('198.51.100.44', MAPPING), 10000);
  assertError(err, OriginRegionsError, 'api', { status: 200, code: 1140 });
  assert.equal(err.errors.length, 1);
  assert.equal((await mock.requests(zone)).length, 1);
  assert.ok(!(await stored(zone)).has('198.51.100.44'));
  report('success:false status 200, update', { requests: 1, kind: err.kind, status: err.status, code: err.code });
  await keepsWorking(client, zone);
});

test('success:false with status 200 on one batch request: exactly its items fail', async () => {
  const { zone, client } = await setup({ concurrency: 1 });
  const input = items(201);
  await mock.fault(zone, { kind: 'success-false', path: '/batch', times: 1 });
  const r = await within(client.batchUpdate(input), 10000);
  const byText = assertAccountsForEvery(r, input, (i) => i.ip);
  assert.deepEqual(r.failed.map((f) => f.input), input.slice(0, 100).map((i) => i.ip));
  for (const f of r.failed) assert.match(f.error, /HTTP 200.*code 1140/);
  assert.equal(r.requests, 3);
  const s = await stored(zone);
  for (const it of input) assert.equal(s.has(it.ip), byText.get(it.ip)[0].ok);
  await keepsWorking(client, zone);
});
