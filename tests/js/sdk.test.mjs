// What a user coming from the official SDK expects: call options in a
// second argument, no argument ignored, logLevel and logger, and the cf-ray
// of a failed call (rayId) for Cloudflare support.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OriginRegionsClient,
  OriginRegionsError,
  withStandIn,
  newZone,
  rejection,
  within,
  assertError,
} from './helpers.mjs';

const mock = withStandIn();
const TOKEN = 'test-token';
const SEED = [
  { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
  { ip: '192.0.2.2', vendor: 'gcp', region: 'us-central1' },
  { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
];

async function setup(options = {}) {
  const zone = newZone();
  await mock.setMappings(zone, SEED);
  const lines = [];
  const logger = {
    debug: (m) => lines.push(['debug', m]),
    info: (m) => lines.push(['info', m]),
    warn: (m) => lines.push(['warn', m]),
    error: (m) => lines.push(['error', m]),
  };
  const client = new OriginRegionsClient({
    zoneId: zone,
    apiToken: TOKEN,
    baseUrl: mock.url,
    retryDelayMs: 1,
    logger,
    ...options,
  });
  return { zone, client, lines };
}

// ---- call options in a second argument -------------------------------------------------------

test('list/listAll/iterate take call options in a second argument: an aborted signal', async () => {
  const { zone, client } = await setup();
  const aborted = AbortSignal.abort();
  for (const call of [
    () => client.list({ page: 2 }, { signal: aborted }),
    () => client.listAll({}, { signal: aborted }),
    () => client.iterate({ perPage: 1 }, { signal: aborted }).next(),
  ]) {
    assertError(await rejection(call()), OriginRegionsError, 'aborted');
  }
  assert.equal((await mock.requests(zone)).length, 0, 'nothing was sent');
});

test('maxRetries in the second argument is kept, and wins over the first', async () => {
  const { zone, client } = await setup({ maxRetries: 3 });
  await mock.fault(zone, { kind: 'status', status: 503, times: 5 });
  const e = await rejection(client.list({ maxRetries: 2 }, { maxRetries: 0 }));
  assertError(e, OriginRegionsError, 'api', { status: 503 });
  assert.equal((await mock.requests(zone)).length, 1, 'one attempt: maxRetries 0 from the second argument');
  await mock.clearFaults(zone);
  await mock.clearRequests(zone);
  await mock.fault(zone, { kind: 'status', status: 503, times: 1 });
  const all = await client.listAll(undefined, { maxRetries: 1 });
  assert.equal(all.length, 3);
  assert.equal((await mock.requests(zone)).length, 2, 'one retry');
});

test('timeoutMs in the second argument cuts the attempt', async () => {
  const { zone, client } = await setup({ maxRetries: 0 });
  await mock.fault(zone, { kind: 'delay', delayMs: 3000 });
  const started = Date.now();
  const e = await rejection(client.list({ page: 1 }, { timeoutMs: 200 }));
  assertError(e, OriginRegionsError, 'timeout');
  assert.ok(Date.now() - started < 2500, 'cut at the timeout, not after the delay');
  assert.match(e.message, /200 ms/);
});

test('an argument past the ones a method takes is refused, naming it, and nothing is sent', async () => {
  const { zone, client } = await setup();
  const cases = [
    [() => client.get('192.0.2.1', {}, { signal: AbortSignal.abort() }), 'arguments[2]', 'get(ip, options)'],
    [() => client.list({}, {}, 'extra'), 'arguments[2]', 'list(options, callOptions)'],
    [() => client.update('192.0.2.1', { vendor: 'aws', region: 'us-east-1' }, {}, 1), 'arguments[3]', 'update('],
    [() => client.batchDelete(['192.0.2.1'], {}, {}), 'arguments[2]', 'batchDelete(ips, options)'],
    [() => client.supportedRegions({}, {}), 'arguments[1]', 'supportedRegions(options)'],
  ];
  for (const [call, input, rule] of cases) {
    const e = await rejection(call());
    assertError(e, OriginRegionsError, 'validation');
    assert.ok(e.message.startsWith(input), e.message);
    assert.ok(e.message.includes(rule), e.message);
  }
  assert.throws(() => client.iterate({}, {}, 'extra'), /arguments\[2\]/);
  assert.equal((await mock.requests(zone)).length, 0);
  // A second argument to list that is not an object is named too.
  assertError(await rejection(client.list({}, 'fast')), OriginRegionsError, 'validation');
});

// ---- logLevel and logger ----------------------------------------------------------------------

/** One call of every kind of trouble: a retried 503, a refused batch item, a v1 call. */
async function eventful(client, zone) {
  await mock.fault(zone, { kind: 'status', status: 503, times: 1 });
  await client.get('192.0.2.1');
  await mock.fault(zone, { kind: 'status', status: 429, retryAfter: '0', times: 1 });
  await client.get('192.0.2.2');
  await client.batchUpdate([
    { ip: '192.0.2.9', vendor: 'aws', region: 'us-east-1' },
    { ip: '010.0.0.1', vendor: 'aws', region: 'us-east-1' },
  ]);
  await client.edit({ ip: '192.0.2.3', vendor: 'aws', region: 'us-east-1' });
  await client.edit({ ip: '192.0.2.4', vendor: 'aws', region: 'us-east-1' });
}

test('logLevel debug: every attempt (method, path, status, attempt, time) and every wait with its reason', async () => {
  const { zone, client, lines } = await setup({ logLevel: 'debug', rateLimit: { requests: 1, windowMs: 300 } });
  await eventful(client, zone);
  const debug = lines.filter(([l]) => l === 'debug').map(([, m]) => m);
  assert.ok(
    debug.some((m) => new RegExp(`^origin-regions: GET /zones/${zone}/origin/cloud_regions/192\\.0\\.2\\.1 → HTTP 503 \\(attempt 1, \\d+ ms\\)$`).test(m)),
    debug.join('\n'),
  );
  assert.ok(debug.some((m) => / → HTTP 200 \(attempt 2, \d+ ms\)$/.test(m)), 'the retry answered');
  assert.ok(debug.some((m) => /^origin-regions: PUT \/zones\/\w+\/origin\/cloud_regions\/batch → HTTP 200/.test(m)));
  assert.ok(debug.some((m) => /^origin-regions: waiting \d+ ms for the client's rate limit$/.test(m)), 'a rate-limit wait');
  const warn = lines.filter(([l]) => l === 'warn').map(([, m]) => m);
  assert.ok(warn.some((m) => /→ HTTP 503; retrying \(attempt 2\) in \d+ ms \(backoff\)$/.test(m)), warn.join('\n'));
  assert.ok(warn.some((m) => /→ HTTP 429; retrying \(attempt 2\) in 0 ms \(Retry-After\)$/.test(m)), warn.join('\n'));
});

test("logLevel warn (the default): retries, refused items and the first v1 call, once per client; nothing at debug", async () => {
  const { zone, client, lines } = await setup();
  await eventful(client, zone);
  assert.deepEqual(lines.filter(([l]) => l !== 'warn'), []);
  const warn = lines.map(([, m]) => m);
  assert.equal(warn.filter((m) => / retrying \(attempt 2\)/.test(m)).length, 2, warn.join('\n'));
  assert.ok(
    warn.some((m) => /^origin-regions: 1 of 2 items were not applied; the first: "010\.0\.0\.1": .*leading zero$/.test(m)),
    warn.join('\n'),
  );
  const v1 = warn.filter((m) => /v1 endpoints.*end of life of 2026-10-01/.test(m));
  assert.equal(v1.length, 1, 'the v1 warning comes once per client, though two v1 calls were made');
});

test('logLevel error and off log nothing of these; a bad level or logger is refused', async () => {
  for (const logLevel of ['error', 'off']) {
    const { zone, client, lines } = await setup({ logLevel });
    await eventful(client, zone);
    assert.deepEqual(lines, [], logLevel);
  }
  const { lines: infoLines, client: info, zone } = await setup({ logLevel: 'info' });
  await eventful(info, zone);
  assert.ok(infoLines.length > 0 && infoLines.every(([l]) => l === 'warn'), 'info shows warnings, no debug');
  for (const [bad, name] of [[{ logLevel: 'verbose' }, 'options.logLevel'], [{ logLevel: 3 }, 'options.logLevel'], [{ logger: 'console' }, 'options.logger']]) {
    assert.throws(
      () => new OriginRegionsClient({ zoneId: newZone(), apiToken: TOKEN, baseUrl: mock.url, ...bad }),
      (e) => e instanceof OriginRegionsError && e.kind === 'validation' && e.message.startsWith(name),
    );
  }
});

test('a logger that throws or lacks methods never fails a call', async () => {
  const zone = newZone();
  await mock.setMappings(zone, SEED);
  await mock.fault(zone, { kind: 'status', status: 503, times: 1 });
  const client = new OriginRegionsClient({
    zoneId: zone, apiToken: TOKEN, baseUrl: mock.url, retryDelayMs: 1, logLevel: 'debug',
    logger: { warn() { throw new Error('logger broke'); } },
  });
  assert.equal((await within(client.get('192.0.2.1'), 5000)).ip, '192.0.2.1');
});

test('at debug, no credential appears in any line, through every error path', async () => {
  const token = 'Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY';
  const key = '144c9defac04969c7bfad8efaa8ea194';
  const seen = [];
  const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((l) => [l, (m) => seen.push(m)]));
  for (const auth of [{ apiToken: token }, { apiEmail: 'user@example.com', apiKey: key }]) {
    const zone = newZone();
    await mock.setMappings(zone, SEED);
    const client = new OriginRegionsClient({
      zoneId: zone, baseUrl: mock.url, retryDelayMs: 1, maxRetries: 1, timeoutMs: 300, logLevel: 'debug', logger, ...auth,
    });
    // api (403: the stand-in refuses these credentials), a 503 burst, reset, hung request, truncated body, an abort, bad input.
    await rejection(client.get('192.0.2.1'));
    await mock.fault(zone, { kind: 'status', status: 503, times: 2 });
    await rejection(client.get('192.0.2.1'));
    await mock.fault(zone, { kind: 'reset', times: 2 });
    await rejection(client.get('192.0.2.1'));
    await mock.fault(zone, { kind: 'delay', delayMs: 1000, times: 2 });
    await rejection(client.get('192.0.2.1'));
    await mock.fault(zone, { kind: 'truncated' });
    await rejection(client.get('192.0.2.1'));
    await rejection(client.list({}, { signal: AbortSignal.timeout(1) }));
    await rejection(client.get('not an ip'));
    await client.batchDelete(['192.0.2.1', 'bad']);
  }
  assert.ok(seen.length > 20, `the paths were logged (${seen.length} lines)`);
  const text = seen.join('\n');
  for (const secret of [token, key]) {
    for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!text.includes(secret.slice(i, i + 8)), 'a piece of a credential was logged');
  }
  assert.ok(!/authorization|x-auth-key|bearer/i.test(text), 'no credential header is named');
});

// ---- rayId --------------------------------------------------------------------------------------

test('rayId: an API error, a decode error and batch failures carry the answer\'s cf-ray', async () => {
  const { zone, client } = await setup({ maxRetries: 0 });
  const missing = await rejection(client.get('203.0.113.7'));
  assertError(missing, OriginRegionsError, 'api', { status: 404 });
  let log = await mock.requests(zone);
  assert.match(missing.rayId, /^[0-9a-f]{16}-SJC$/);
  assert.equal(missing.rayId, log.at(-1).ray, 'the ray of the answer that refused it');

  await mock.fault(zone, { kind: 'notjson' });
  const decode = await rejection(client.get('192.0.2.1'));
  assertError(decode, OriginRegionsError, 'decode');
  log = await mock.requests(zone);
  assert.equal(decode.rayId, log.at(-1).ray);

  // A whole request that failed (503), and an item the API refused (an unknown region).
  const items = Array.from({ length: 150 }, (_, i) => ({ ip: `10.${i < 100 ? 0 : 1}.0.${i % 100}`, vendor: 'aws', region: 'us-east-1' }));
  items[120] = { ip: '10.9.9.9', vendor: 'aws', region: 'mars-north-1' };
  await mock.clearRequests(zone);
  await mock.fault(zone, { kind: 'status', status: 503, path: '/batch', times: 1 });
  const result = await client.batchUpdate(items, { concurrency: 1 });
  log = await mock.requests(zone);
  assert.equal(log.length, 2);
  const whole = result.failed.filter((f) => /HTTP 503/.test(f.error));
  assert.equal(whole.length, 100);
  assert.ok(whole.every((f) => f.rayId === log[0].ray), 'each item of the failed request has its ray');
  const refused = result.failed.find((f) => f.ip === '10.9.9.9');
  assert.ok(refused, JSON.stringify(result.failed.slice(-2)));
  assert.equal(refused.rayId, log[1].ray, 'a refused item has the ray of the answer that refused it');
  assert.ok(result.succeeded.every((s) => !('rayId' in s)));
  // Local refusals have no answer behind them.
  const local = await client.batchUpdate([{ ip: '1.2.3', vendor: 'aws', region: 'us-east-1' }]);
  assert.equal(local.failed.length, 1);
  assert.ok(!('rayId' in local.failed[0]));
});
