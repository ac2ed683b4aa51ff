// One run of the fleet Worker, in workerd, against the stand-in at 100 ms
// per request: 50 zones of 1,000 mappings each, every one of them to change
// region. Prints the wall time from the Cron Trigger to the last zone's
// status, and the busiest windows of requests against the permit budget.
// Build first: node scripts/build.mjs (npm run bench does both).
//
//   node bench/run.mjs [--latency MS] [--zones N] [--changes N] [--budget N --window MS]
// (--budget/--window scale the permit budget down; by default wrangler.jsonc's.)
import { parseArgs } from 'node:util';
import { startMockApi } from '../../tests/mock-api/server.mjs';
import { buildZone, busiestWindow, installFleet, normalise } from '../test/support/fleet-data.mjs';
import { runSchedule, startFleetWorker, waitForRun } from '../test/support/fleet-worker.mjs';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '100' },
    zones: { type: 'string', default: '50' },
    changes: { type: 'string', default: '1000' },
    budget: { type: 'string' },
    window: { type: 'string' },
  },
});
const latencyMs = Number(values.latency);
const zoneCount = Number(values.zones);
const changes = Number(values.changes);
const TOKEN = 'bench-Qw7Er4Ty1Ui9Op3As6';

const api = await startMockApi({ token: TOKEN, latencyMs });
// wrangler.jsonc as it is (the real budget, 1,200 per 300 s, batch size and timeouts) unless scaled.
const vars = {};
if (values.budget) vars.RATE_LIMIT_REQUESTS = Number(values.budget);
if (values.window) vars.RATE_LIMIT_WINDOW_MS = Number(values.window);
const fleet = await startFleetWorker({ apiUrl: api.url, token: TOKEN, batchTimeout: null, vars });
try {
  const zones = Array.from({ length: zoneCount }, (_, index) => buildZone(9, { index, size: changes, change: changes }));
  await installFleet({ bucket: fleet.bucket, api, zones });
  const budget = Number(fleet.vars.RATE_LIMIT_REQUESTS);
  const windowMs = Number(fleet.vars.RATE_LIMIT_WINDOW_MS);
  const started = Date.now();
  const runAt = await runSchedule(fleet.worker);
  const records = await waitForRun(fleet.kv, zones.map((z) => z.zone), runAt, { timeoutMs: 900_000, pollMs: 100 });
  const wallMs = Date.now() - started;
  const requests = api.state.getRequests();
  const wrong = zones.filter((z) => JSON.stringify(normalise(api.state.getMappings(z.zone))) !== JSON.stringify(normalise(z.expected)));
  const changed = zones.reduce((n, z) => n + records[z.zone].changes, 0);
  const span = (Math.max(...requests.map((r) => r.at)) - Math.min(...requests.map((r) => r.at))) / 1000;
  console.log(`fleet: ${zoneCount} zones × ${changes} changes, stand-in latency ${latencyMs} ms, wrangler.jsonc settings${values.budget || values.window ? ' with the budget scaled' : ''}`);
  console.log(`wall time, Cron Trigger to the last status: ${(wallMs / 1000).toFixed(1)} s`);
  console.log(`changes applied: ${changed}; zones not equal to their list: ${wrong.length}; states: ${[...new Set(zones.map((z) => records[z.zone].state))].join(', ')}`);
  console.log(`requests: ${requests.length} (${requests.filter((r) => r.method === 'PUT').length} writes) over ${span.toFixed(1)} s, ${(requests.length / span).toFixed(1)} per s`);
  console.log(`busiest ${windowMs / 1000} s window: ${busiestWindow(requests, windowMs)} requests (permit budget ${budget} per ${windowMs / 1000} s)`);
  console.log(`busiest 10 s window: ${busiestWindow(requests, 10_000)}; busiest 1 s window: ${busiestWindow(requests, 1_000)}`);
  if (wrong.length > 0) process.exitCode = 1;
} finally {
  await fleet.close();
  await api.close();
}
