// Shared helpers of the node:test suites in tests/js/ (not a test file
// itself: `node --test tests/js/` only runs *.test.mjs).
//
// Every suite drives the built package (pkg/node.mjs) against the local
// Cloudflare API stand-in, talks to the stand-in only over its HTTP control
// API (/__mock/...), and gives every test a zone of its own so that tests
// never see each other's faults, requests or mappings.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before } from 'node:test';
import { startMockApi } from '../mock-api/server.mjs';

export { OriginRegionsClient, OriginRegionsError, canonicalizeIp } from '../../pkg/node.mjs';

/** A fresh zone id: 32 lower-case hex characters. */
export function newZone() {
  return randomBytes(16).toString('hex');
}

/** Starts the stand-in; `control` talks to its /__mock/ API over HTTP. */
export async function startApi(options = {}) {
  const api = await startMockApi({ port: 0, ...options });
  const controlBase = api.url.replace(/\/client\/v4$/, '/__mock');
  const control = async (method, path, body) => {
    const res = await fetch(controlBase + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`control ${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    api,
    url: api.url,
    close: () => api.close(),
    /** Arms a fault for `zone` (the stand-in's POST /__mock/faults). */
    fault: (zone, spec) => control('POST', '/faults', { zone, ...spec }),
    /** The zone's request log (GET /__mock/requests?zone=). */
    requests: (zone) => control('GET', `/requests?zone=${zone}`),
    clearRequests: (zone) => control('DELETE', `/requests?zone=${zone}`),
    clearFaults: (zone) => control('DELETE', `/faults?zone=${zone}`),
    /** Faults still armed for the zone. */
    faults: async (zone) => (await control('GET', '/faults')).filter((f) => f.zone === zone),
    /** Stored mappings of the zone: [{ip, vendor, region, modified_on}]. */
    mappings: (zone) => control('GET', `/zones/${zone}/mappings`),
    setMappings: (zone, items) => control('PUT', `/zones/${zone}/mappings`, items),
  };
}

/**
 * Resolves or rejects as `promise` does, but fails after `ms` if it has not
 * settled: a hang becomes a test failure instead of a stuck run.
 */
export async function within(promise, ms, label = 'call') {
  let timer;
  const watchdog = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watchdog: ${label} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rejection of `promise` (fails if it resolves), under a watchdog. */
export async function rejection(promise, ms = 20000, label = 'call') {
  let value;
  try {
    value = await within(promise, ms, label);
  } catch (error) {
    if (String(error?.message).startsWith('watchdog:')) throw error;
    return error;
  }
  assert.fail(`${label} resolved (${JSON.stringify(value)?.slice(0, 300)}) but should have rejected`);
}

/**
 * Records unhandled rejections of this process; `assertNone()` fails the
 * current test when any appeared since the last check. A tick is waited so
 * that a rejection left unhandled by the code under test has been reported.
 */
export function watchUnhandled() {
  const seen = [];
  const onUnhandled = (reason) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  return {
    async assertNone() {
      await new Promise((r) => setTimeout(r, 20));
      const found = seen.splice(0);
      assert.deepEqual(
        found.map((e) => String(e?.stack ?? e)),
        [],
        'unhandled promise rejections',
      );
    },
    stop: () => process.off('unhandledRejection', onUnhandled),
  };
}

/** Checks that `err` is an OriginRegionsError of `kind` (and more fields). */
export function assertError(err, OriginRegionsError, kind, extra = {}) {
  assert.ok(err instanceof OriginRegionsError, `not an OriginRegionsError: ${err?.stack ?? err}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'OriginRegionsError');
  assert.equal(err.kind, kind, `kind of: ${err.message}`);
  assert.ok(Array.isArray(err.errors));
  for (const [k, v] of Object.entries(extra)) assert.deepEqual(err[k], v, `${k} of: ${err.message}`);
}

/**
 * Checks a BatchResult against its input: succeeded and failed together
 * hold exactly the input items (as a multiset of `input` texts: nothing
 * dropped, nothing extra, nothing in both), each list in input order (a
 * subsequence of the input), every failure with a string reason, and
 * `requests` a count. `inputText(item)` is what the result shows as `input`.
 * Returns a Map from input text to the outcome entries for that text.
 */
export function assertAccountsForEvery(result, inputs, inputText) {
  assert.ok(Array.isArray(result.succeeded) && Array.isArray(result.failed), 'succeeded/failed arrays');
  assert.ok(Number.isInteger(result.requests) && result.requests >= 0, 'requests count');
  assert.equal(
    result.succeeded.length + result.failed.length,
    inputs.length,
    `succeeded (${result.succeeded.length}) + failed (${result.failed.length}) != input (${inputs.length})`,
  );
  const want = new Map();
  const texts = inputs.map(inputText);
  for (const t of texts) want.set(t, (want.get(t) ?? 0) + 1);
  const byText = new Map();
  for (const [list, ok] of [[result.succeeded, true], [result.failed, false]]) {
    let j = 0;
    for (const e of list) {
      assert.equal(typeof e.input, 'string', 'input is a string');
      assert.equal(typeof e.ip, 'string', 'ip is a string');
      if (!ok) assert.ok(typeof e.error === 'string' && e.error.length > 0, 'failed entry has a reason');
      const left = want.get(e.input);
      assert.ok(left > 0, `${ok ? 'succeeded' : 'failed'} names ${JSON.stringify(e.input).slice(0, 80)} more often than the input does`);
      want.set(e.input, left - 1);
      while (j < texts.length && texts[j] !== e.input) j += 1;
      assert.ok(j < texts.length, `${ok ? 'succeeded' : 'failed'} is not in input order at ${JSON.stringify(e.input).slice(0, 80)}`);
      j += 1;
      if (!byText.has(e.input)) byText.set(e.input, []);
      byText.get(e.input).push({ ok, ...e });
    }
  }
  for (const [t, n] of want) assert.equal(n, 0, `input ${JSON.stringify(t).slice(0, 80)} is missing from the result`);
  return byText;
}

/** A deterministic PRNG (mulberry32) so that generated inputs are reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}

/** Distinct IPv4 addresses: 10.a.b.c from `start`. */
export function ipv4(n) {
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Gaps in ms between consecutive request-log entries. */
export function gaps(log) {
  return log.slice(1).map((r, i) => r.at - log[i].at);
}

/** One line for the run's output, so the reliability table can quote it. */
export function report(label, fields) {
  console.log(`[reliability] ${label}: ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

/**
 * A stand-in for the whole test file: started before the first test, closed
 * after the last; no test may leave an unhandled rejection behind. The
 * object returned gets startApi()'s members (url, fault, requests, ...) once
 * the stand-in is up.
 */
export function withStandIn(options = {}) {
  const mock = {};
  const unhandled = watchUnhandled();
  before(async () => {
    Object.assign(mock, await startApi(options));
  });
  after(async () => {
    unhandled.stop();
    await mock.close();
  });
  afterEach(() => unhandled.assertNone());
  return mock;
}
