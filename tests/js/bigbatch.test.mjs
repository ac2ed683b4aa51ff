// Issue 5, point 5 (load): batches of 100,000 items against the stand-in,
// with peak memory measured (RSS and V8 heap sampled during the call, and
// the wasm linear memory, read through the generated glue's exports since
// the package does not expose it). Every item is accounted for and the
// stored state agrees with the result.
//
// batchUpdate refuses more than 3,500 distinct valid IPs as a whole (a zone
// holds at most 3,500), so its 100,000-item runs are (a) one that is refused
// with nothing sent and (b) one of mostly invalid or duplicate items.
//
// The clients here set `rateLimit: false`: the default client-side limit
// (Cloudflare's 1,200 requests per 5 minutes) would, by design, hold the
// repeated 100,000-item call for minutes once 1,200 requests have gone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
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
  report,
} from './helpers.mjs';
// The same module instance node.mjs initialised: initSync() hands back its
// exports, one of which is the wasm linear memory (under a minified name; it
// only ever grows, so its size after a call is the call's high-water mark).
import { initSync } from '../../pkg/origin_regions.js';

const memory = Object.values(initSync()).find((e) => e instanceof WebAssembly.Memory);
const wasmMemory = () => memory.buffer.byteLength;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const N = 100_000;
const MiB = 1024 * 1024;
const mib = (b) => (b / MiB).toFixed(1);

const mock = withStandIn();

/**
 * Runs `fn` sampling memory every 2 ms; returns the result and the peaks
 * above the baseline taken just before (input already built, after a GC).
 */
async function measured(fn) {
  gc();
  const base = { ...process.memoryUsage(), wasm: wasmMemory() };
  const peak = { rss: base.rss, heapUsed: base.heapUsed, wasm: base.wasm };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.wasm = Math.max(peak.wasm, wasmMemory());
  };
  const timer = setInterval(sample, 2);
  const t0 = Date.now();
  let result;
  let error;
  try {
    result = await fn();
  } catch (e) {
    error = e;
  } finally {
    clearInterval(timer);
    sample(); // with the result still held
  }
  return {
    result,
    error,
    ms: Date.now() - t0,
    base,
    growth: { rss: peak.rss - base.rss, heapUsed: peak.heapUsed - base.heapUsed, wasm: peak.wasm - base.wasm },
    peak,
  };
}

function memoryFields(m) {
  return {
    rss_peak_MiB: mib(m.peak.rss),
    rss_growth_MiB: mib(m.growth.rss),
    heap_growth_MiB: mib(m.growth.heapUsed),
    wasm_memory_MiB: mib(m.peak.wasm),
    wasm_growth_MiB: mib(m.growth.wasm),
    elapsed_ms: m.ms,
  };
}

// Bounds, several times what was observed (see RELIABILITY.md), so that
// they catch a blow-up (quadratic copies, a leak per item) without flaking.
const MAX_WASM_BYTES_PER_ITEM = 2048;
const MAX_RSS_GROWTH = 512 * MiB;

/** Asserts a batch call of N items stayed within both bounds, and reports its figures. */
function assertBoundedAndReport(title, r, m) {
  assert.ok(m.growth.wasm <= N * MAX_WASM_BYTES_PER_ITEM, `wasm memory grew ${mib(m.growth.wasm)} MiB`);
  assert.ok(m.growth.rss <= MAX_RSS_GROWTH, `RSS grew ${mib(m.growth.rss)} MiB`);
  report(title, {
    requests: r.requests,
    succeeded: r.succeeded.length,
    failed: r.failed.length,
    ...memoryFields(m),
  });
}

test('batchDelete of 100,000 items (mostly valid) in bounded memory; every item accounted for', async () => {
  const zone = newZone();
  const seeded = Array.from({ length: 20_000 }, (_, k) => ({ ip: ipv4(k), vendor: 'aws', region: 'us-east-1' }));
  await mock.setMappings(zone, seeded);
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, concurrency: 8, rateLimit: false });

  // 5% invalid, 2% duplicates of an earlier valid IP, the rest distinct:
  // the first 15,000 distinct ones are mapped (succeed), the others are not
  // ("no mapping for that IP" from the API).
  const junk = ['010.0.0.1', '', 'x', 5, null, '1.2.3.4.', '١.١.١.١', '192.0.2.1\0', { ip: '1.2.3.4' }];
  const input = [];
  const distinct = [];
  for (let i = 0; i < N; i += 1) {
    if (i % 20 === 7) input.push(junk[i % junk.length]);
    else if (i % 50 === 3 && distinct.length > 0) input.push(distinct[(i * 7) % distinct.length]);
    else {
      const k = distinct.length < 15_000 ? distinct.length : 20_000 + distinct.length;
      distinct.push(ipv4(k));
      input.push(ipv4(k));
    }
  }
  const mapped = new Set(distinct.slice(0, 15_000));

  const m = await measured(() => within(client.batchDelete(input), 120_000, 'batchDelete 100,000'));
  assert.equal(m.error, undefined, String(m.error?.stack));
  const r = m.result;
  const inputText = (v) => (typeof v === 'string' ? v : `<${v === null ? 'null' : typeof v}>`);
  assertAccountsForEvery(r, input, inputText);
  const expectOk = input.filter((v) => typeof v === 'string' && mapped.has(v)).length;
  assert.equal(r.succeeded.length, expectOk);
  assert.equal(r.failed.length, N - expectOk);
  const invalid = input.filter((v) => junk.includes(v)).length;
  assert.equal(r.failed.filter((f) => /^ips\[\d+\]/.test(f.error)).length, invalid, 'local failures name ips[i]');
  assert.equal(r.failed.filter((f) => f.error === 'no mapping for that IP').length, N - expectOk - invalid);
  for (const s of r.succeeded) assert.ok(mapped.has(s.ip));

  const log = await mock.requests(zone);
  assert.equal(r.requests, Math.ceil(distinct.length / 100));
  assert.equal(log.length, r.requests);
  assert.ok(log.every((e) => e.items >= 1 && e.items <= 100));
  assert.equal(log.reduce((n, e) => n + e.items, 0), distinct.length, 'each distinct valid IP sent once, no invalid one');
  const stored = new Set((await mock.mappings(zone)).map((x) => x.ip));
  assert.equal(stored.size, 5_000);
  for (const s of r.succeeded) assert.ok(!stored.has(s.ip));

  assertBoundedAndReport('batchDelete 100,000 items (95% valid, 2% duplicates, 5% invalid)', r, m);

  // Memory does not pile up from call to call: the same call again leaves
  // the wasm memory where the first one took it.
  await mock.setMappings(zone, seeded);
  const wasmAfterFirst = wasmMemory();
  const m2 = await measured(() => within(client.batchDelete(input), 120_000, 'batchDelete 100,000 again'));
  assert.equal(m2.error, undefined, String(m2.error?.stack));
  assert.equal(m2.result.succeeded.length, expectOk);
  assert.ok(m2.peak.wasm <= wasmAfterFirst * 1.1 + 2 * MiB, `wasm memory ${mib(wasmAfterFirst)} → ${mib(m2.peak.wasm)} MiB on a repeat`);
  report('batchDelete 100,000 items, repeated', { wasm_memory_MiB_before: mib(wasmAfterFirst), wasm_memory_MiB_after: mib(m2.peak.wasm) });
});

test('batchUpdate of 100,000 distinct valid IPs is refused as a whole (zone limit), nothing sent', async () => {
  const zone = newZone();
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, rateLimit: false });
  const input = Array.from({ length: N }, (_, k) => (k % 100 === 99 ? { ip: `bad-${k}`, vendor: 'aws', region: 'us-east-1' } : { ip: ipv4(k), vendor: 'gcp', region: 'us-central1' }));
  const m = await measured(() => rejection(client.batchUpdate(input), 60_000, 'batchUpdate 100,000'));
  const err = m.result;
  assertError(err, OriginRegionsError, 'validation');
  assert.equal(err.message, 'items: 99000 distinct IPs exceed the zone limit of 3500 mappings; nothing was sent');
  assert.deepEqual(await mock.requests(zone), []);
  assert.deepEqual(await mock.mappings(zone), []);
  assert.ok(m.growth.wasm <= N * MAX_WASM_BYTES_PER_ITEM, `wasm memory grew ${mib(m.growth.wasm)} MiB`);
  report('batchUpdate 100,000 items, 99,000 distinct valid IPs', { outcome: 'refused (validation), 0 requests', ...memoryFields(m) });
  // The client is fine afterwards.
  const ok = await within(client.batchUpdate(input.slice(0, 150)), 10000);
  assert.equal(ok.succeeded.length, 149);
});

test('batchUpdate of 100,000 items, mostly invalid or duplicates: accepted, bounded, every item accounted for', async () => {
  const zone = newZone();
  const client = new OriginRegionsClient({ zoneId: zone, apiToken: 'test-token', baseUrl: mock.url, rateLimit: false });
  const REGIONS = [['aws', 'us-east-1'], ['gcp', 'us-central1'], ['azure', 'eastus'], ['oci', 'us-ashburn-1']];
  const pool = (k) => {
    const [vendor, region] = REGIONS[k % 4];
    return { ip: k % 2 ? `2001:db8:${((k >> 8) + 1).toString(16)}::${((k & 255) + 1).toString(16)}` : ipv4(k), vendor, region };
  };
  const bad = [
    (i) => ({ ip: `10.0.0.0${i % 10}`, vendor: 'aws', region: 'us-east-1' }), // leading zero
    (i) => ({ ip: ipv4(i), vendor: 'AWS', region: 'us-east-1' }), // vendor
    (i) => ({ ip: ipv4(i), vendor: 'aws', region: 'US East' }), // region shape
    (i) => i, // not an object
    (i) => ({ ip: i, vendor: 'aws', region: 'us-east-1' }), // ip not a string
    () => ({ ip: '１.２.３.４', vendor: 'aws', region: 'us-east-1' }),
  ];
  const input = [];
  const expectFail = [];
  let valid = 0;
  for (let i = 0; i < N; i += 1) {
    const slot = i % 10;
    if (i < 100) {
      // 50 IPs given twice with different vendors: ambiguous, none sent.
      const k = 100_000 + (i % 50);
      input.push({ ...pool(k), vendor: i < 50 ? 'aws' : 'gcp', region: i < 50 ? 'us-east-1' : 'us-central1' });
      expectFail.push(true);
    } else if (slot < 4) {
      input.push(pool(valid++ % 3000)); // 3,000 distinct IPs, each many times, always the same mapping
      expectFail.push(false);
    } else {
      input.push(bad[i % bad.length](i));
      expectFail.push(true);
    }
  }
  const m = await measured(() => within(client.batchUpdate(input), 60_000, 'batchUpdate 100,000'));
  assert.equal(m.error, undefined, String(m.error?.stack));
  const r = m.result;
  const inputText = (it) => (it && typeof it === 'object' ? (typeof it.ip === 'string' ? it.ip : `<${typeof it.ip}>`) : `<${typeof it}>`);
  assertAccountsForEvery(r, input, inputText);
  assert.equal(r.failed.length, expectFail.filter(Boolean).length);
  assert.equal(r.succeeded.length, N - r.failed.length);
  assert.equal(r.failed.filter((f) => /conflicts with items\[\d+\]/.test(f.error)).length, 100);
  assert.equal(r.failed.filter((f) => /^items\[\d+\]/.test(f.error)).length, r.failed.length - 100);
  assert.equal(r.requests, 30, '3,000 distinct IPs, 100 a request');
  const log = await mock.requests(zone);
  assert.equal(log.length, 30);
  assert.equal(log.reduce((n, e) => n + e.items, 0), 3000);
  const stored = new Map((await mock.mappings(zone)).map((x) => [x.ip, `${x.vendor}/${x.region}`]));
  assert.equal(stored.size, 3000);
  for (let k = 0; k < 3000; k += 1) {
    const p = pool(k);
    assert.equal(stored.get(p.ip), `${p.vendor}/${p.region}`);
  }
  assertBoundedAndReport('batchUpdate 100,000 items (3,000 distinct valid, 60% invalid, 100 conflicting)', r, m);
});
