// The Worker's pure parts, in Node: its settings (vars) and the fleet
// configuration reader refuse bad input with a message naming it and the
// rule, and the failure classes decide what goes back on the queue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFleetConfig } from '../src/fleet-config.mjs';
import { isTransientError, isTransientItem, retryDelaySeconds } from '../src/failure-kinds.mjs';
import { apiToken, readSettings } from '../src/settings.mjs';

test('settings: defaults, overrides as strings or numbers, and each bad var named', () => {
  const s = readSettings({});
  assert.equal(s.RATE_LIMIT_REQUESTS, 1200);
  assert.equal(s.zonesAtOnce, 2);
  assert.equal(s.clientTimeoutMs, s.PERMIT_MAX_WAIT_MS + s.REQUEST_TIMEOUT_MS);
  assert.equal(readSettings({ RATE_LIMIT_REQUESTS: '60' }).RATE_LIMIT_REQUESTS, 60);
  assert.throws(() => readSettings({ RATE_LIMIT_REQUESTS: 'lots' }), /^SettingsError: var RATE_LIMIT_REQUESTS "lots": must be a whole number from 1 to 1000000$/);
  assert.throws(() => readSettings({ CONNECTIONS: 7 }), /var CONNECTIONS 7: must be a whole number from 1 to 6/);
  assert.throws(() => readSettings({ CLIENT_CONCURRENCY: 5, CONNECTIONS: 4 }), /var CLIENT_CONCURRENCY 5: must be at most CONNECTIONS \(4\)/);
  assert.throws(() => readSettings({ API_BASE: ' ' }), /var API_BASE: must be a non-empty string/);
  assert.throws(() => apiToken({}), /secret CLOUDFLARE_API_TOKEN is not set/);
  assert.equal(apiToken({ CLOUDFLARE_API_TOKEN: 'x' }), 'x');
});

test('fleet configuration: good entries kept, each bad one named by index and rule', () => {
  const zone = 'a'.repeat(32);
  const { jobs, errors } = parseFleetConfig(
    JSON.stringify({
      zones: [
        { zone, desired: 'd/a.csv', prune: true, name: 'a.example' },
        { zone: 'A'.repeat(32), desired: 'x' },
        { zone: 'b'.repeat(32) },
        { zone: 'c'.repeat(32), desired: 'x', prune: 'yes' },
        { zone: 'd'.repeat(32), desired: 'x', colour: 'red' },
        'e',
        { zone, desired: 'again.csv' },
        { zone: 'f'.repeat(32), desired: 'f.json' },
      ],
    }),
    'fleet.json',
  );
  assert.deepEqual(jobs, [
    { zone, name: 'a.example', desired: 'd/a.csv', prune: true },
    { zone: 'f'.repeat(32), name: null, desired: 'f.json', prune: false },
  ]);
  assert.deepEqual(errors, [
    `fleet.json zones[1].zone "${'A'.repeat(32)}": must be a zone id, 32 lower-case hex characters`,
    "fleet.json zones[2].desired undefined: must be the R2 key of the zone's desired list (1 to 1024 bytes)",
    'fleet.json zones[3].prune "yes": must be true or false',
    'fleet.json zones[4].colour: unknown field (known: zone, name, desired, prune)',
    'fleet.json zones[5]: must be an object with zone, desired and optional name, prune',
    `fleet.json zones[6].zone ${zone}: listed twice (first at zones[0]); only the first is synced`,
  ]);
  assert.throws(() => parseFleetConfig('{', 'fleet.json'), /^Error: fleet.json: not JSON/);
  assert.throws(() => parseFleetConfig('[]', 'fleet.json'), /fleet.json: must be an object with a "zones" array/);
});

test('failure classes: what the client gave up on goes back on the queue, refusals do not', () => {
  const err = (kind, status) => Object.assign(new Error('x'), { name: 'OriginRegionsError', kind, status });
  assert.equal(isTransientError(err('api', 429)), true);
  assert.equal(isTransientError(err('api', 503)), true);
  assert.equal(isTransientError(err('network')), true);
  assert.equal(isTransientError(err('timeout')), true);
  assert.equal(isTransientError(err('api', 403)), false);
  assert.equal(isTransientError(err('validation')), false);
  assert.equal(isTransientError(new TypeError('R2 hiccup')), true);
  assert.equal(isTransientItem({ error: 'Cloudflare API answered HTTP 503: Internal error (code 1140)' }), true);
  assert.equal(isTransientItem({ error: 'network failure: connection reset' }), true);
  assert.equal(isTransientItem({ error: 'no answer within the timeout of 30000 ms' }), true);
  assert.equal(isTransientItem({ error: 'Cloudflare API answered HTTP 400: bad region (code 1157)' }), false);
  assert.equal(isTransientItem({ error: 'no mapping for that IP' }), false);
  assert.deepEqual([1, 2, 3, 4, 9].map((a) => retryDelaySeconds(a, 30, 900)), [30, 60, 120, 240, 900]);
});
