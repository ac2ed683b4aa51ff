// The account-wide rate limit, scaled down to 60 requests per 5 s: the
// stand-in never sees more than 60 requests in any 5 s window, counted over
// all zones, while the fleet still ends equal to its desired lists. Zones that
// would wait longer for a permit than PERMIT_MAX_WAIT_MS are deferred (sent
// back to the queue to run later) rather than hammering the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockApi } from '../../tests/mock-api/server.mjs';
import { buildZone, busiestWindow, installFleet, normalise } from './support/fleet-data.mjs';
import { runSchedule, startFleetWorker, waitForRun } from './support/fleet-worker.mjs';

const TOKEN = 'Bz4Wq8Ty2Ko6Mn1Vs9Xc3Jf';
const FLEET = 3;
const BUDGET = 60;
const WINDOW_MS = 5000;

let api;
let fleet;
let zones;

before(async () => {
  api = await startMockApi({ token: TOKEN });
  fleet = await startFleetWorker({
    apiUrl: api.url,
    token: TOKEN,
    vars: {
      RATE_LIMIT_REQUESTS: BUDGET,
      RATE_LIMIT_WINDOW_MS: WINDOW_MS,
      RATE_LIMIT_MARGIN_MS: 250,
      PERMIT_MAX_WAIT_MS: 6000,
      REQUEST_TIMEOUT_MS: 10000,
      RETRY_BASE_SECONDS: 1,
      RETRY_MAX_SECONDS: 2,
    },
  });
  // 15 zones, 700 to 1,120 mappings each, some to change and delete: about 200 requests, 3 to 4 budgets' worth.
  zones = Array.from({ length: 15 }, (_, index) =>
    buildZone(FLEET, { index, size: 700 + index * 30, prune: index % 2 === 0, keep: 100, change: 150, stale: 40 }),
  );
  await installFleet({ bucket: fleet.bucket, api, zones });
});

after(async () => {
  await fleet?.close();
  await api?.close();
});

test(`a budget of ${BUDGET} requests per ${WINDOW_MS / 1000} s holds over all zones together`, { timeout: 240_000 }, async () => {
  const started = Date.now();
  const runAt = await runSchedule(fleet.worker);
  const records = await waitForRun(fleet.kv, zones.map((z) => z.zone), runAt, { timeoutMs: 200_000 });
  const requests = api.state.getRequests();
  const busiest = busiestWindow(requests, WINDOW_MS);
  const seconds = (Date.now() - started) / 1000;
  console.log(`[fleet] budget ${BUDGET}/${WINDOW_MS} ms: ${requests.length} requests in ${seconds.toFixed(1)} s, busiest window ${busiest}`);
  assert.ok(requests.length > 3 * BUDGET, `${requests.length} requests: the budget had to hold the fleet back`);
  assert.ok(busiest <= BUDGET, `the stand-in saw ${busiest} requests in one ${WINDOW_MS} ms window (budget ${BUDGET})`);
  assert.ok(busiest >= BUDGET * 0.75, `the budget was used (busiest window ${busiest})`);
  // Held back, not failed: nothing was refused, every zone ended right.
  for (const z of zones) {
    assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise(z.expected), `zone ${z.name}`);
    assert.equal(records[z.zone].state, 'applied', `zone ${z.name}: ${records[z.zone].reason}`);
    assert.equal(records[z.zone].attempt, 1, `zone ${z.name}: waiting for permits is not a failed attempt`);
  }
  // Requests waited for their permits instead: the run took at least the windows the budget allows.
  assert.ok(seconds >= (Math.ceil(requests.length / BUDGET) - 1) * (WINDOW_MS / 1000), `${seconds} s`);
  assert.equal(zones.reduce((n, z) => n + records[z.zone].requests, 0), requests.length, 'the records count every request');
  // The permit object saw the same: never more than the budget in its window.
  const view = await (await fleet.mf.dispatchFetch('http://fleet.example/status?format=json')).json();
  assert.equal(view.permits.budget, BUDGET);
  assert.ok(view.permits.inWindow <= BUDGET);
});

test('a zone that would wait past PERMIT_MAX_WAIT_MS is deferred, not failed, and finishes later', { timeout: 180_000 }, async () => {
  const budget = 12;
  const windowMs = 2000;
  const api2 = await startMockApi({ token: TOKEN });
  const fleet2 = await startFleetWorker({
    apiUrl: api2.url,
    token: TOKEN,
    vars: {
      RATE_LIMIT_REQUESTS: budget,
      RATE_LIMIT_WINDOW_MS: windowMs,
      RATE_LIMIT_MARGIN_MS: 100,
      PERMIT_MAX_WAIT_MS: 300,
      REQUEST_TIMEOUT_MS: 10000,
    },
  });
  try {
    const small = Array.from({ length: 4 }, (_, index) => buildZone(FLEET + 10, { index, size: 400 + index * 100 }));
    await installFleet({ bucket: fleet2.bucket, api: api2, zones: small });
    const runAt = await runSchedule(fleet2.worker);
    const records = await waitForRun(fleet2.kv, small.map((z) => z.zone), runAt, { timeoutMs: 150_000 });
    for (const z of small) {
      assert.deepEqual(normalise(api2.state.getMappings(z.zone)), normalise(z.expected), `zone ${z.name}`);
      // 'in-sync' when an earlier, deferred part of the run had already finished the writes.
      assert.ok(['applied', 'in-sync'].includes(records[z.zone].state), records[z.zone].state);
      assert.equal(records[z.zone].attempt, 1, 'a deferral is not a failed attempt');
    }
    assert.match(fleet2.logs.join(''), /: deferred \(.*\): the account's API budget is spent for the next \d+ s/);
    assert.ok(busiestWindow(api2.state.getRequests(), windowMs) <= budget);
  } finally {
    await fleet2.close();
    await api2.close();
  }
});
