// 50 zones, desired lists of 0 to 3,500 mappings, some pruned: one scheduled
// run and the queue draining leave every zone equal to its list and every
// status record right; a second run makes no write request; GET /status
// shows it all, and the token appears nowhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockApi } from '../../tests/mock-api/server.mjs';
import { fiftyZones, installFleet, normalise, WRITE_METHODS } from './support/fleet-data.mjs';
import { runSchedule, startFleetWorker, waitForRun } from './support/fleet-worker.mjs';

const TOKEN = 'Tk9q7ZrW2xv4LmB8sPa1dYe3';
const FLEET = 1;

let api;
let fleet;
let zones;
let first;

before(async () => {
  api = await startMockApi({ token: TOKEN });
  fleet = await startFleetWorker({
    apiUrl: api.url,
    token: TOKEN,
    // This test is about correctness, not the budget (fleet-budget.test.mjs is).
    vars: { RATE_LIMIT_REQUESTS: 100000, RETRY_BASE_SECONDS: 1, RETRY_MAX_SECONDS: 2 },
  });
  zones = fiftyZones(FLEET);
  await installFleet({ bucket: fleet.bucket, api, zones });
});

after(async () => {
  await fleet?.close();
  await api?.close();
});

test('one scheduled run: every zone equals its desired list, every status record is right', { timeout: 180_000 }, async () => {
  const started = Date.now();
  const runAt = await runSchedule(fleet.worker);
  first = await waitForRun(fleet.kv, zones.map((z) => z.zone), runAt);
  console.log(`[fleet] 50 zones, ${api.state.getRequests().length} requests, ${Date.now() - started} ms`);
  const total = zones.reduce((n, z) => n + z.desired.length, 0);
  assert.ok(total > 60_000, `the fleet holds ${total} desired mappings`);
  for (const z of zones) {
    const record = first[z.zone];
    assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise(z.expected), `zone ${z.name}: mappings`);
    const writes = z.counts.creates + z.counts.changes + z.counts.deletes;
    assert.equal(record.state, writes === 0 ? 'in-sync' : 'applied', `zone ${z.name}: ${record.reason}`);
    assert.equal(record.reason, null);
    assert.equal(record.creates, z.counts.creates, `zone ${z.name}: creates`);
    assert.equal(record.changes, z.counts.changes, `zone ${z.name}: changes`);
    assert.equal(record.deletes, z.counts.deletes, `zone ${z.name}: deletes`);
    assert.equal(record.unchanged, z.counts.unchanged, `zone ${z.name}: unchanged`);
    assert.deepEqual(record.zoneSize, { before: z.seed.length, after: z.expected.length }, `zone ${z.name}: zone size`);
    assert.equal(record.failedCount, 0);
    assert.deepEqual(record.failed, []);
    assert.equal(record.attempt, 1);
    assert.equal(record.name, z.name);
    assert.equal(record.prune, z.prune);
    // The record counts exactly the requests the stand-in saw for the zone.
    assert.equal(record.requests, api.state.getRequests(z.zone).length, `zone ${z.name}: requests`);
  }
  // The full zone that needed its deletes first: every delete came before the first write that creates.
  const full = zones[2];
  const log = api.state.getRequests(full.zone).filter((r) => WRITE_METHODS.has(r.method));
  const lastDelete = Math.max(...log.filter((r) => r.method === 'DELETE').map((r) => r.at));
  const firstPut = Math.min(...log.filter((r) => r.method === 'PUT').map((r) => r.at));
  assert.ok(lastDelete <= firstPut, 'deletes before creates in the zone that was full');
});

test('a second scheduled run on the now-equal fleet makes no write request', { timeout: 180_000 }, async () => {
  assert.ok(first, 'the first run completed');
  api.state.clearRequests();
  const runAt = await runSchedule(fleet.worker);
  const second = await waitForRun(fleet.kv, zones.map((z) => z.zone), runAt);
  const requests = api.state.getRequests();
  const writes = requests.filter((r) => WRITE_METHODS.has(r.method));
  assert.equal(writes.length, 0, `write requests: ${JSON.stringify(writes.slice(0, 3))}`);
  assert.ok(requests.length >= zones.length * 2, 'each zone was read (catalogue and list)');
  for (const z of zones) {
    assert.equal(second[z.zone].state, 'in-sync', `zone ${z.name}`);
    assert.deepEqual([second[z.zone].creates, second[z.zone].changes, second[z.zone].deletes], [0, 0, 0]);
    assert.equal(second[z.zone].unchanged, z.desired.length);
    assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise(z.expected));
  }
});

test('GET /status lists every zone as JSON, and as an accessible HTML table', async () => {
  const res = await fleet.mf.dispatchFetch('http://fleet.example/status', { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const view = await res.json();
  assert.equal(view.zones.length, 50);
  assert.equal(view.run.queued, 50);
  assert.deepEqual(view.run.configErrors, []);
  const byZone = Object.fromEntries(view.zones.map((s) => [s.zone, s]));
  for (const z of zones) {
    assert.equal(byZone[z.zone].state, 'in-sync');
    assert.equal(byZone[z.zone].name, z.name);
  }
  assert.ok(view.permits.inWindow > 0, 'the permit object reports its use');

  const page = await fleet.mf.dispatchFetch('http://fleet.example/status', { headers: { accept: 'text/html' } });
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<title>Fleet sync status<\/title>/);
  assert.match(html, /<caption>Last outcome of each zone \(50 zones\)<\/caption>/);
  assert.equal((html.match(/<th scope="col"/g) ?? []).length, 9);
  assert.equal((html.match(/<tr><th scope="row">/g) ?? []).length, 50);
  for (const z of zones) assert.ok(html.includes(`<code>${z.zone}</code>`), `zone ${z.name} in the table`);

  const one = await fleet.mf.dispatchFetch(`http://fleet.example/status/${zones[2].zone}`);
  assert.equal((await one.json()).zone, zones[2].zone);
  const bad = await fleet.mf.dispatchFetch('http://fleet.example/status/not-a-zone');
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /32 lower-case hex/);
  const post = await fleet.mf.dispatchFetch('http://fleet.example/status', { method: 'POST' });
  assert.equal(post.status, 405);
});

test('the token appears in no status record, log line or status page', async () => {
  const pieces = Array.from({ length: TOKEN.length - 7 }, (_, i) => TOKEN.slice(i, i + 8));
  const listed = await fleet.kv.list();
  const texts = [];
  for (const key of listed.keys) {
    texts.push(key.name, String(JSON.stringify(key.metadata)), String(await fleet.kv.get(key.name)));
  }
  for (const accept of ['application/json', 'text/html']) {
    texts.push(await (await fleet.mf.dispatchFetch('http://fleet.example/status', { headers: { accept } })).text());
  }
  texts.push(fleet.logs.join(''));
  assert.ok(listed.keys.length >= 51 && fleet.logs.join('').includes('zones queued'), 'there is something to search');
  for (const text of texts) for (const piece of pieces) assert.ok(!text.includes(piece), `a piece of the token in: ${text.slice(0, 200)}`);
  // The credential did travel: the stand-in accepted the bearer token.
  assert.ok(api.state.getRequests().every((r) => r.auth === 'bearer'));
});
