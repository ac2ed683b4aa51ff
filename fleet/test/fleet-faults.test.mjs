// The same 50-zone fleet with the stand-in injecting 429s, 503s and
// connection resets: the same end state after the queue drains; zones whose
// faults outlast the client's retries go back on the queue (message.retry)
// and finish on a later attempt; a zone whose deletes always fail ends in the
// dead-letter queue, half-applied, and its status says exactly that.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockApi } from '../../tests/mock-api/server.mjs';
import { fiftyZones, installFleet, normalise } from './support/fleet-data.mjs';
import { runSchedule, startFleetWorker, waitForRun } from './support/fleet-worker.mjs';

const TOKEN = 'Fq8Lm2Vx7Rk4Tz9Wp3Nc6Hd';
const FLEET = 2;
const MAX_ATTEMPTS = 6; // wrangler.jsonc: max_retries 5

let api;
let fleet;
let zones;

// index → faults armed for that zone. The client retries twice (CLIENT_MAX_RETRIES).
const FAULTS = {
  2: [{ kind: 'status', status: 503, method: 'DELETE', times: 1 }], // the full zone, deletes first
  6: [{ kind: 'status', status: 429, times: 2 }],
  7: [{ kind: 'status', status: 429, times: 2 }],
  8: [{ kind: 'status', status: 429, method: 'PUT', times: 2, retryAfter: '1' }],
  9: [{ kind: 'reset', method: 'PUT', times: 3 }], // its one write request fails: its items go back on the queue
  11: [{ kind: 'status', status: 429, method: 'PUT', times: 2, retryAfter: '1' }],
  10: [{ kind: 'status', status: 429, times: 3 }], // outlasts the client's retries
  16: [{ kind: 'status', status: 503, method: 'GET', times: 3 }],
  17: [{ kind: 'status', status: 503, method: 'GET', times: 3 }],
  18: [{ kind: 'status', status: 502, method: 'GET', times: 2 }],
  21: [{ kind: 'reset', method: 'PUT', times: 2 }],
  22: [{ kind: 'reset', method: 'PUT', times: 2 }],
  23: [{ kind: 'reset', method: 'GET', times: 2 }],
  26: [{ kind: 'reset', method: 'PUT', times: 2 }],
  27: [{ kind: 'status', status: 503, method: 'PUT', times: 2 }],
  30: [{ kind: 'status', status: 503, method: 'DELETE', times: 3 }], // its one delete request fails
  33: [{ kind: 'status', status: 500, method: 'DELETE', times: 2 }, { kind: 'reset', method: 'PUT', times: 1 }],
  39: [{ kind: 'status', status: 503, method: 'DELETE', times: 1000 }], // never recovers
};
const OUTLASTING = [9, 10, 16, 17, 30]; // faults past the client's retries: a second attempt is needed
const BROKEN = 39;

before(async () => {
  api = await startMockApi({ token: TOKEN });
  fleet = await startFleetWorker({
    apiUrl: api.url,
    token: TOKEN,
    vars: { RATE_LIMIT_REQUESTS: 100000, RETRY_BASE_SECONDS: 1, RETRY_MAX_SECONDS: 2, CLIENT_RETRY_DELAY_MS: 50 },
  });
  zones = fiftyZones(FLEET);
  await installFleet({ bucket: fleet.bucket, api, zones });
  for (const [index, faults] of Object.entries(FAULTS)) {
    for (const fault of faults) api.state.addFault({ ...fault, zone: zones[index].zone });
  }
});

after(async () => {
  await fleet?.close();
  await api?.close();
});

test('with 429s, 503s and resets injected: the same end state, and the broken zone says it is half-applied', { timeout: 240_000 }, async () => {
  const runAt = await runSchedule(fleet.worker);
  const records = await waitForRun(fleet.kv, zones.map((z) => z.zone), runAt, { timeoutMs: 200_000 });
  const faulted = api.state.getRequests().length;
  assert.ok(faulted > 1000, `${faulted} requests`);
  for (const z of zones) {
    const index = zones.indexOf(z);
    const record = records[z.zone];
    if (index === BROKEN) continue;
    assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise(z.expected), `zone ${z.name}: mappings`);
    assert.ok(['applied', 'in-sync'].includes(record.state), `zone ${z.name}: ${record.state} ${record.reason}`);
    assert.equal(record.failedCount, 0, `zone ${z.name}`);
    if (OUTLASTING.includes(index)) assert.ok(record.attempt >= 2, `zone ${z.name}: attempt ${record.attempt}`);
    else assert.equal(record.attempt, 1, `zone ${z.name}: done in the client's own retries`);
    if (record.attempt === 1) {
      assert.equal(record.creates, z.counts.creates, `zone ${z.name}: creates`);
      assert.equal(record.changes, z.counts.changes, `zone ${z.name}: changes`);
      assert.equal(record.deletes, z.counts.deletes, `zone ${z.name}: deletes`);
    }
  }
  // Every fault but the endless one was used up.
  const left = api.state.listFaults();
  assert.deepEqual(left.map((f) => f.zone), [zones[BROKEN].zone]);

  // The broken zone: its creates and changes were applied, its deletes never were, and its status says so.
  const z = zones[BROKEN];
  const record = records[z.zone];
  const stale = z.seed.slice(z.counts.unchanged + z.counts.changes);
  assert.ok(stale.length > 0 && z.prune);
  assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise([...z.desired, ...stale]), 'half-applied: desired plus the stale mappings');
  assert.equal(record.state, 'dead-letter');
  assert.equal(record.attempt, MAX_ATTEMPTS);
  assert.match(record.reason, new RegExp(`^given up after ${MAX_ATTEMPTS} attempts; last: ${stale.length} of ${stale.length} writes failed \\(first: Cloudflare API answered HTTP 503`));
  assert.deepEqual(record.planned, { create: 0, change: 0, delete: stale.length });
  assert.equal(record.failedCount, stale.length);
  assert.deepEqual(record.failed.map((f) => f.ip).sort(), stale.map((m) => m.ip).sort());
  assert.ok(record.failed.every((f) => f.op === 'delete' && /HTTP 503/.test(f.error)));
  assert.ok(fleet.logs.join('').includes(`zone ${z.zone}: given up after ${MAX_ATTEMPTS} attempts`));
});

test('the fleet after the faults: a second run fixes nothing more and writes only the broken zone', { timeout: 180_000 }, async () => {
  api.state.clearRequests();
  const runAt = await runSchedule(fleet.worker);
  const healthy = zones.filter((_, i) => i !== BROKEN).map((z) => z.zone);
  const records = await waitForRun(fleet.kv, healthy, runAt);
  for (const zone of healthy) assert.equal(records[zone].state, 'in-sync');
  const writes = api.state.getRequests().filter((r) => r.method !== 'GET');
  assert.ok(writes.every((r) => r.zone === zones[BROKEN].zone), 'only the broken zone is written to');
});
