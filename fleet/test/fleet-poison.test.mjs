// Bad zones hold up no other: a desired file with bad lines, one whose items
// the library refuses, one over the zone limit, a missing file and a zone the
// token cannot reach each end in that zone's status with a named reason,
// untouched, while the good zones (CSV and JSON) are synced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockApi } from '../../tests/mock-api/server.mjs';
import { buildZone, installFleet, mappingOf, normalise, WRITE_METHODS } from './support/fleet-data.mjs';
import { runSchedule, startFleetWorker, waitForRun } from './support/fleet-worker.mjs';

const TOKEN = 'Hx5Rt1Yq9Pv3Lw7Gd2Kb8Nm';
const FLEET = 4;

const csv = (mappings) => `ip,vendor,region\n${mappings.map((m) => `${m.ip},${m.vendor},${m.region}`).join('\n')}\n`;

let api;
let fleet;
let zones;
let byName;
let records;
let run;

before(async () => {
  api = await startMockApi({ token: TOKEN });
  fleet = await startFleetWorker({ apiUrl: api.url, token: TOKEN, vars: { RETRY_BASE_SECONDS: 1, RETRY_MAX_SECONDS: 2 } });
  const zone = (index, name, spec = {}) => ({ ...buildZone(FLEET, { index, size: 300, prune: true, keep: 50, change: 20, stale: 30, ...spec }), role: name });
  zones = [
    zone(0, 'good-json'),
    { ...zone(1, 'good-csv'), key: 'desired/zone-1.csv' },
    { ...zone(2, 'bad-lines'), key: 'desired/zone-2.csv' },
    { ...zone(3, 'refused-items'), key: 'desired/zone-3.csv' },
    zone(4, 'over-limit'),
    { ...zone(5, 'missing'), key: 'desired/not-uploaded.csv' },
    zone(6, 'unreachable'),
    zone(7, 'good-after', { size: 1500 }),
  ];
  byName = Object.fromEntries(zones.map((z) => [z.role, z]));
  const files = {};
  files['desired/zone-1.csv'] = csv(byName['good-csv'].desired);
  // Line 4 has a field too many; line 7 too few.
  const badLines = csv(byName['bad-lines'].desired).split('\n');
  badLines[3] += ',extra';
  badLines[6] = '10.4.2.6,aws';
  files['desired/zone-2.csv'] = badLines.join('\n');
  // Well-formed CSV whose line 5 has an IP with a leading zero and line 9 a region that does not exist.
  const refused = csv(byName['refused-items'].desired).split('\n');
  refused[4] = '10.4.0.010,aws,us-east-1';
  refused[8] = '10.4.0.200,aws,mars-north-1';
  files['desired/zone-3.csv'] = refused.join('\n');
  // 3,501 distinct valid mappings: more than a zone can hold.
  files['desired/zone-4.json'] = JSON.stringify(Array.from({ length: 3501 }, (_, i) => mappingOf(4, i)));
  for (const z of zones) if (!z.role.startsWith('good') && z.role !== 'unreachable') z.desired = null;
  await installFleet({
    bucket: fleet.bucket,
    api,
    zones,
    files,
    extraEntries: [{ zone: 'not-a-zone', desired: 'desired/x.csv' }, { zone: zones[0].zone, desired: 'desired/again.csv' }],
  });
  api.state.addFault({ kind: 'status', status: 403, zone: byName.unreachable.zone, times: 1000 });
  run = await runSchedule(fleet.worker);
  records = await waitForRun(fleet.kv, zones.map((z) => z.zone), run);
});

after(async () => {
  await fleet?.close();
  await api?.close();
});

const writesTo = (zone) => api.state.getRequests(zone).filter((r) => WRITE_METHODS.has(r.method));

test('the good zones are synced, from CSV and from JSON', () => {
  for (const z of zones.filter((z) => z.role.startsWith('good'))) {
    assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise(z.expected), z.role);
    assert.equal(records[z.zone].state, 'applied', z.role);
    assert.equal(records[z.zone].creates, z.counts.creates);
  }
});

test('every bad zone is left untouched, with a named reason, and is not retried', () => {
  for (const z of zones.filter((z) => !z.role.startsWith('good'))) {
    assert.deepEqual(normalise(api.state.getMappings(z.zone)), normalise(z.seed), `${z.role}: untouched`);
    assert.deepEqual(writesTo(z.zone), [], `${z.role}: no write request`);
    assert.equal(records[z.zone].attempt, 1, `${z.role}: done on the first attempt`);
  }
  const badLines = records[byName['bad-lines'].zone];
  assert.equal(badLines.state, 'invalid-desired-list');
  assert.equal(badLines.reason, '2 bad lines in "desired/zone-2.csv"; nothing was changed');
  assert.deepEqual(badLines.failed.map((f) => f.line), [4, 7]);
  assert.match(badLines.failed[0].error, /^desired\/zone-2\.csv:4: /);
  assert.equal(api.state.getRequests(byName['bad-lines'].zone).length, 0, 'a bad file costs no request');

  const refused = records[byName['refused-items'].zone];
  assert.equal(refused.state, 'invalid-desired-list');
  assert.equal(refused.reason, '2 items of "desired/zone-3.csv" refused; nothing was changed');
  assert.deepEqual(refused.failed.map((f) => f.line), [5, 9]);
  assert.match(refused.failed[0].error, /^desired\/zone-3\.csv:5\.ip "10\.4\.0\.010".*leading zero/);
  assert.match(refused.failed[1].error, /^desired\/zone-3\.csv:9.*mars-north-1/);

  const overLimit = records[byName['over-limit'].zone];
  assert.equal(overLimit.state, 'invalid-desired-list');
  assert.match(overLimit.reason, /3501 distinct IPs exceed the zone limit of 3500/);

  const missing = records[byName.missing.zone];
  assert.equal(missing.state, 'missing-desired-list');
  assert.equal(missing.reason, 'desired list "desired/not-uploaded.csv" is not in the FLEET bucket; nothing was changed');
  assert.equal(api.state.getRequests(byName.missing.zone).length, 0);

  const unreachable = records[byName.unreachable.zone];
  assert.equal(unreachable.state, 'unreachable');
  assert.match(unreachable.reason, /HTTP 403/);
  assert.equal(unreachable.requests, 1, 'a 403 is not retried');
});

test('bad entries of the fleet configuration are named, and the rest still run', async () => {
  const view = await (await fleet.mf.dispatchFetch('http://fleet.example/status?format=json')).json();
  assert.equal(view.run.queued, zones.length);
  assert.deepEqual(view.run.configErrors, [
    'fleet.json zones[8].zone "not-a-zone": must be a zone id, 32 lower-case hex characters',
    `fleet.json zones[9].zone ${zones[0].zone}: listed twice (first at zones[0]); only the first is synced`,
  ]);
  const html = await (await fleet.mf.dispatchFetch('http://fleet.example/status?format=html')).text();
  assert.ok(html.includes('<h2>Configuration errors</h2>'));
  assert.ok(html.includes('zones[8].zone &#34;not-a-zone&#34;'), 'escaped');
  assert.ok(html.includes('missing-desired-list'));
});
