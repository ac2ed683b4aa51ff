// Issue 5, point 3 (the Node half): 50 overlapping calls on one client
// instance, every method mixed, with 429s, 503s, resets and delays injected.
// All settle, every result is right, the stored state is exactly what the
// results say, nothing panics ("already borrowed", "unreachable",
// RuntimeError), nothing is logged, and the client works afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OriginRegionsClient,
  OriginRegionsError,
  canonicalizeIp,
  withStandIn,
  newZone,
  within,
  assertAccountsForEvery,
  ipv4,
  report,
} from './helpers.mjs';

const mock = withStandIn();

const PANIC = /already borrowed|already mutably borrowed|unreachable|RuntimeError|panicked|recursive use of an object/i;

/** Runs `fn` with console.* captured; returns [result, lines]. */
async function capturingConsole(fn) {
  const lines = [];
  const saved = {};
  for (const k of ['log', 'error', 'warn', 'info', 'debug', 'trace']) {
    saved[k] = console[k];
    console[k] = (...args) => lines.push(`${k}: ${args.map(String).join(' ')}`);
  }
  try {
    return [await fn(), lines];
  } finally {
    Object.assign(console, saved);
  }
}

/** The zone: 400 seeded mappings (10.0.x.y) plus the 8 the calls read. */
const seeded = Array.from({ length: 400 }, (_, i) => ({ ip: ipv4(i), vendor: 'aws', region: 'us-east-1' }));
const readable = Array.from({ length: 10 }, (_, i) => ({ ip: `2001:db8:aa::${i + 1}`, vendor: 'gcp', region: 'us-central1' }));

/**
 * The 50 calls, each on IPs of its own so that the final state does not
 * depend on their order: 10 get, 6 list (one listAll), 10 update, 8
 * batchUpdate (150 items: 2 requests each), 6 batchDelete (50 seeded IPs
 * each), 4 delete, 6 supportedRegions.
 */
function plan() {
  const calls = [];
  for (let i = 0; i < 10; i += 1) {
    const ip = readable[i].ip.toUpperCase().replace('::', ':0::'); // non-canonical spelling
    calls.push({ kind: 'get', ip, check: (m) => assert.deepEqual([m.ip, m.vendor, m.region], [readable[i].ip, 'gcp', 'us-central1']) });
  }
  for (let i = 0; i < 5; i += 1) {
    calls.push({
      kind: 'list',
      opts: { page: i + 1, perPage: 50 },
      check: (p) => {
        assert.equal(p.page, i + 1);
        assert.equal(p.perPage, 50);
        assert.ok(p.items.length <= 50 && p.totalCount >= 200, JSON.stringify({ n: p.items.length, t: p.totalCount }));
        for (const m of p.items) assert.equal(typeof m.ip, 'string');
      },
    });
  }
  calls.push({ kind: 'listAll', check: (all) => assert.ok(Array.isArray(all) && all.length >= 200, `listAll: ${all.length}`) });
  for (let i = 0; i < 10; i += 1) {
    const ip = `2001:0DB8:00BB:0000:0000:0000:0000:${(i + 1).toString(16).padStart(4, '0')}`;
    const canonical = `2001:db8:bb::${(i + 1).toString(16)}`;
    calls.push({ kind: 'update', ip, canonical, check: (m) => assert.deepEqual([m.ip, m.vendor, m.region], [canonical, 'azure', 'eastus']) });
  }
  for (let b = 0; b < 8; b += 1) {
    const items = Array.from({ length: 150 }, (_, i) => ({ ip: ipv4(100000 + b * 1000 + i), vendor: 'oci', region: 'us-ashburn-1' }));
    calls.push({ kind: 'batchUpdate', items });
  }
  for (let b = 0; b < 6; b += 1) {
    calls.push({ kind: 'batchDelete', ips: seeded.slice(b * 50, b * 50 + 50).map((m) => m.ip) });
  }
  for (let i = 0; i < 4; i += 1) {
    calls.push({ kind: 'delete', ip: seeded[300 + i].ip });
  }
  for (let i = 0; i < 6; i += 1) {
    calls.push({ kind: 'supportedRegions', check: (r) => assert.ok(Array.isArray(r.vendors.aws) && r.vendors.aws.some((x) => x.name === 'us-east-1')) });
  }
  assert.equal(calls.length, 50);
  return calls;
}

function start(client, c, callOpts) {
  switch (c.kind) {
    case 'get': return client.get(c.ip, callOpts);
    case 'list': return client.list({ ...c.opts, ...callOpts });
    case 'listAll': return client.listAll(callOpts);
    case 'update': return client.update(c.ip, { vendor: 'azure', region: 'eastus' }, callOpts);
    case 'batchUpdate': return client.batchUpdate(c.items, callOpts);
    case 'batchDelete': return client.batchDelete(c.ips, callOpts);
    case 'delete': return client.delete(c.ip, callOpts);
    case 'supportedRegions': return client.supportedRegions(callOpts);
    default: throw new Error(c.kind);
  }
}

/** Shuffles deterministically so that kinds interleave. */
function interleave(calls) {
  const out = [...calls];
  let s = 7;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function armFaults(zone) {
  // 9 failing faults in all: even if every one hit the same call, its 10
  // retries would outlast them, so every call must succeed.
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '0', times: 3 });
  await mock.fault(zone, { kind: 'status', status: 503, times: 3 });
  await mock.fault(zone, { kind: 'reset', times: 3 });
  await mock.fault(zone, { kind: 'delay', delayMs: 150, times: 8 });
}

test('50 overlapping calls on one client with 429s, 503s, resets and delays: all settle, all correct', async () => {
  const zone = newZone();
  await mock.setMappings(zone, [...seeded, ...readable]);
  await armFaults(zone);
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, retryDelayMs: 20, maxRetries: 10 });
  const calls = interleave(plan());
  const t0 = Date.now();
  const [settled, lines] = await capturingConsole(() =>
    within(Promise.allSettled(calls.map((c) => start(client, c))), 60000, '50 overlapping calls'),
  );
  const elapsed = Date.now() - t0;
  const rejected = settled.filter((s) => s.status === 'rejected');
  assert.deepEqual(rejected.map((s) => String(s.reason?.stack ?? s.reason)), [], 'every call resolved');
  assert.deepEqual(lines.filter((l) => PANIC.test(l)), [], 'no panic text on the console');
  // Only the client's own warnings (retries, refused items: the default level is 'warn').
  assert.deepEqual(
    lines.filter((l) => !/^warn: origin-regions: /.test(l)),
    [],
    'nothing logged but the client\'s warnings',
  );

  let requestsByBatches = 0;
  calls.forEach((c, k) => {
    const v = settled[k].value;
    if (c.check) c.check(v);
    if (c.kind === 'batchUpdate') {
      assertAccountsForEvery(v, c.items, (i) => i.ip);
      assert.equal(v.failed.length, 0, JSON.stringify(v.failed[0]));
      requestsByBatches += v.requests;
    }
    if (c.kind === 'batchDelete') {
      assertAccountsForEvery(v, c.ips, (ip) => ip);
      assert.equal(v.failed.length, 0, JSON.stringify(v.failed[0]));
      requestsByBatches += v.requests;
    }
    if (c.kind === 'delete') assert.deepEqual(v, { ip: c.ip });
  });
  assert.deepEqual(await mock.faults(zone), [], 'every fault was hit');

  // The stored state is exactly seed - deleted + updated.
  const expected = new Map([...seeded, ...readable].map((m) => [m.ip, `${m.vendor}/${m.region}`]));
  for (const c of calls) {
    if (c.kind === 'batchDelete') for (const ip of c.ips) expected.delete(ip);
    if (c.kind === 'delete') expected.delete(c.ip);
    if (c.kind === 'update') expected.set(c.canonical, 'azure/eastus');
    if (c.kind === 'batchUpdate') for (const it of c.items) expected.set(it.ip, 'oci/us-ashburn-1');
  }
  const actual = new Map((await mock.mappings(zone)).map((m) => [m.ip, `${m.vendor}/${m.region}`]));
  assert.deepEqual(actual, expected);

  const log = await mock.requests(zone);
  // Each call needs 1 request (batches: 1 a chunk; listAll: 1 a page);
  // each of the 9 failing faults costs exactly one retry; delays none.
  const listAllPages = new Set(log.filter((e) => e.method === 'GET' && e.query.per_page === '100').map((e) => e.query.page)).size;
  assert.ok(listAllPages >= 2, `listAll pages ${listAllPages}`);
  const needed = 10 + 5 + 10 + 8 * 2 + 6 + 4 + 6 + listAllPages;
  assert.equal(log.length, needed + 9, `requests: ${log.length}, needed ${needed} + 9 retries`);
  assert.ok(requestsByBatches >= 8 * 2 + 6, 'batches counted their requests');
  report('50 overlapping calls, one client, 3x429 3x503 3xreset 8xdelay', { settled: settled.length, rejected: rejected.length, requests: log.length, elapsed_ms: elapsed, final_mappings: actual.size });

  // The client works afterwards.
  const after = await within(client.get(readable[0].ip), 10000);
  assert.equal(after.ip, readable[0].ip);
  const r = await within(client.batchUpdate([{ ip: '198.51.100.200', vendor: 'aws', region: 'us-east-1' }]), 10000);
  assert.equal(r.succeeded.length, 1);
});

test('50 overlapping calls with maxRetries 0: failures stay per call and typed, state matches results', async () => {
  const zone = newZone();
  await mock.setMappings(zone, [...seeded, ...readable]);
  // Some faults for any request, some aimed at batch requests.
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '0', times: 4 });
  await mock.fault(zone, { kind: 'status', status: 503, path: '/batch', times: 3 });
  await mock.fault(zone, { kind: 'reset', path: '/batch', times: 3 });
  await mock.fault(zone, { kind: 'delay', delayMs: 2500, path: '/batch', times: 3 });
  await mock.fault(zone, { kind: 'delay', delayMs: 2500, times: 2 });
  await mock.fault(zone, { kind: 'reset', times: 2 });
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, maxRetries: 0, timeoutMs: 1000 });
  const calls = interleave(plan());
  const [settled, lines] = await capturingConsole(() =>
    within(Promise.allSettled(calls.map((c) => start(client, c))), 60000, '50 overlapping calls'),
  );
  // Only the client's own warnings (retries, refused items: the default level is 'warn').
  assert.deepEqual(
    lines.filter((l) => !/^warn: origin-regions: /.test(l)),
    [],
    'nothing logged but the client\'s warnings',
  );
  const kinds = {};
  const expected = new Map([...seeded, ...readable].map((m) => [m.ip, `${m.vendor}/${m.region}`]));
  let batchFailures = 0;
  calls.forEach((c, k) => {
    const s = settled[k];
    if (s.status === 'rejected') {
      const e = s.reason;
      assert.ok(e instanceof OriginRegionsError, String(e?.stack ?? e));
      assert.doesNotMatch(`${e.message}\n${e.stack}`, PANIC);
      assert.ok(['api', 'network', 'timeout'].includes(e.kind), `${c.kind}: ${e.kind} ${e.message}`);
      assert.ok(!['batchUpdate', 'batchDelete'].includes(c.kind), 'a batch call rejects only when it is bad as a whole');
      kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      return;
    }
    const v = s.value;
    if (c.check) c.check(v);
    if (c.kind === 'update') expected.set(c.canonical, 'azure/eastus');
    if (c.kind === 'delete') expected.delete(c.ip);
    if (c.kind === 'batchUpdate') {
      const by = assertAccountsForEvery(v, c.items, (i) => i.ip);
      for (const it of c.items) if (by.get(it.ip)[0].ok) expected.set(it.ip, 'oci/us-ashburn-1');
      batchFailures += v.failed.length;
    }
    if (c.kind === 'batchDelete') {
      const by = assertAccountsForEvery(v, c.ips, (ip) => ip);
      for (const ip of c.ips) if (by.get(ip)[0].ok) expected.delete(ip);
      batchFailures += v.failed.length;
    }
  });
  // A request that timed out on a delay is not applied by the stand-in (it
  // drops requests whose client went away), so the stored state is exactly
  // what the results say. Wait for the delays to run out first.
  await new Promise((r) => setTimeout(r, 2700));
  const actual = new Map((await mock.mappings(zone)).map((m) => [m.ip, `${m.vendor}/${m.region}`]));
  assert.deepEqual(actual, expected);
  assert.ok(Object.keys(kinds).length >= 2, `single calls failed: ${JSON.stringify(kinds)}`);
  assert.ok(batchFailures >= 9 * 50, `batch requests failed: ${batchFailures} items`);
  for (const c of calls) {
    const v = settled[calls.indexOf(c)].value;
    if (!v || !['batchUpdate', 'batchDelete'].includes(c.kind)) continue;
    for (const f of v.failed) assert.match(f.error, /^(Cloudflare API answered HTTP 503|network failure|no answer within the timeout of 1000 ms)/);
  }
  report('50 overlapping calls, maxRetries 0, 4x429 3x503+3xreset+3xdelay on batches 2xdelay 2xreset', { rejected_by_kind: JSON.stringify(kinds), batch_items_failed: batchFailures, state: 'matches results' });
  const after = await within(client.get(readable[1].ip), 10000);
  assert.equal(after.ip, readable[1].ip);
});

test('300 overlapping supportedRegions, batchUpdate and canonicalizeIp calls keep the catalogue consistent', async () => {
  // supportedRegions() replaces the catalogue that batch planning reads:
  // overlapping the two must neither panic nor let an unknown region through.
  const zone = newZone();
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url });
  await mock.fault(zone, { kind: 'delay', delayMs: 30, times: 50 });
  const ps = [];
  for (let i = 0; i < 100; i += 1) {
    assert.equal(canonicalizeIp(`2001:DB8::${(i + 1).toString(16).toUpperCase()}`), `2001:db8::${(i + 1).toString(16)}`);
    ps.push(client.supportedRegions());
    ps.push(client.batchUpdate([
      { ip: ipv4(200000 + i), vendor: 'aws', region: 'us-east-1' },
      { ip: ipv4(300000 + i), vendor: 'aws', region: 'mars-north-1' },
    ]));
  }
  const settled = await within(Promise.allSettled(ps), 60000);
  assert.equal(canonicalizeIp('0:0:0:0:0:FFFF:C000:0201'), '::ffff:192.0.2.1');
  assert.deepEqual(settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason)), []);
  for (let i = 0; i < 100; i += 1) {
    const r = settled[2 * i + 1].value;
    assert.deepEqual(r.succeeded.map((x) => x.ip), [ipv4(200000 + i)]);
    assert.equal(r.failed.length, 1);
    // Refused either locally (catalogue known) or by the API (1157): never applied.
    assert.match(r.failed[0].error, /mars-north-1|1157|region/i);
  }
  const stored = new Set((await mock.mappings(zone)).map((m) => m.ip));
  assert.equal(stored.size, 100);
});

test('the client-side rate limit spaces overlapping calls, and an abort cuts its wait', async () => {
  const zone = newZone();
  await mock.setMappings(zone, readable);
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, rateLimit: { requests: 4, windowMs: 1000 } });
  // 10 overlapping gets with a 300 ms attempt timeout: waiting for the
  // limiter is not part of an attempt, so none times out.
  const settled = await within(Promise.allSettled(readable.map((m) => client.get(m.ip, { timeoutMs: 300 }))), 20000);
  assert.deepEqual(settled.filter((s) => s.status === 'rejected').map((s) => s.reason.message), []);
  const at = (await mock.requests(zone)).map((e) => e.at).sort((a, b) => a - b);
  assert.equal(at.length, 10);
  for (let i = 0; i + 4 < at.length; i += 1) {
    assert.ok(at[i + 4] - at[i] >= 1000 - 30, `requests ${i} and ${i + 4} only ${at[i + 4] - at[i]} ms apart`);
  }
  // An abort while waiting for a slot rejects at once and sends nothing.
  const slow = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, rateLimit: { requests: 1, windowMs: 30000 } });
  await mock.clearRequests(zone);
  await slow.get(readable[0].ip);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const t0 = Date.now();
  const err = await within(slow.get(readable[1].ip, { signal: ac.signal }).catch((e) => e), 5000);
  assert.ok(err instanceof OriginRegionsError && err.kind === 'aborted', String(err));
  assert.ok(Date.now() - t0 < 2000);
  assert.equal((await mock.requests(zone)).length, 1);
  report('rate limit 4 per 1 s, 10 overlapping gets', { requests: at.length, span_ms: at[9] - at[0], timeouts: 0, abort_during_wait: 'aborted, nothing sent' });
});
