// Every method of the public JS API (js-api.md), driven against the local
// API stand-in. Runs unchanged in Node (ESM and CommonJS), in workerd and in
// Chromium: it imports nothing, the caller passes what it imported from
// 'origin-regions' by name. Results are plain data: [{ name, ok, detail }].
//
// Each runtime uses its own zone, so the suites may run side by side; the
// zone is reset through the stand-in's control API first.

export const SEED = [
  { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
  { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
  { ip: '198.51.100.10', vendor: 'aws', region: 'eu-west-1' },
  { ip: '203.0.113.25', vendor: 'azure', region: 'westeurope' },
  { ip: '2001:db8:85a3::8a2e:370:7334', vendor: 'azure', region: 'eastus' },
  { ip: '198.51.100.77', vendor: 'gcp', region: 'europe-west1' },
  { ip: '203.0.113.200', vendor: 'oci', region: 'us-ashburn-1' },
  { ip: '2001:db8:1234::abcd', vendor: 'oci', region: 'eu-frankfurt-1' },
];

class Fail extends Error {}
function assert(cond, what) {
  if (!cond) throw new Fail(what);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Fail(`${what}: got ${a}, expected ${e}`);
}
const sorted = (xs) => [...xs].sort();

/**
 * @param lib      { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } as imported
 * @param apiUrl   the stand-in's base URL (…/client/v4)
 * @param zoneId   this runtime's own zone
 * @param runtime  'node' | 'worker' | 'browser'
 * @param fetchImpl optional fetch for the control calls (defaults to the global one)
 */
export async function runSuite({ lib, apiUrl, zoneId, runtime, fetchImpl }) {
  const { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } = lib;
  const doFetch = fetchImpl ?? ((...a) => fetch(...a));
  const control = new URL('../../__mock/', apiUrl.replace(/\/?$/, '/')).href;
  const ctl = async (method, path, body) => {
    const r = await doFetch(control + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`control ${method} ${path}: ${r.status}`);
    return r.json();
  };
  const requestCount = async () => (await ctl('GET', `requests?zone=${zoneId}`)).length;
  // A credential in a browser page needs the explicit opt-in.
  const extra = runtime === 'browser' ? { dangerouslyAllowBrowser: true } : {};
  // logLevel 'off': the Node consumers check that nothing reaches stderr
  // (what each level logs is tested in tests/js/sdk.test.mjs).
  const opts = { zoneId, apiToken: 'test-token', baseUrl: apiUrl, retryDelayMs: 1, logLevel: 'off', ...extra };
  const rejects = async (promise, check, what) => {
    let err;
    try {
      await promise;
    } catch (e) {
      err = e;
    }
    assert(err !== undefined, `${what}: resolved, expected a rejection`);
    assert(err instanceof OriginRegionsError, `${what}: rejected with ${err && err.name} (${err}), not an OriginRegionsError`);
    assert(err instanceof Error, `${what}: OriginRegionsError is not an Error`);
    check(err);
    return err;
  };
  const throws = (fn, what) => {
    try {
      fn();
    } catch (e) {
      assert(e instanceof OriginRegionsError, `${what}: threw ${e && e.name}, not an OriginRegionsError`);
      return e;
    }
    throw new Fail(`${what}: did not throw`);
  };

  await ctl('PUT', `zones/${zoneId}/mappings`, SEED);
  await ctl('DELETE', `faults?zone=${zoneId}`);
  const client = new OriginRegionsClient(opts);
  const results = [];
  const step = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: e instanceof Fail ? e.message : `threw ${e && e.stack ? e.stack : e}` });
    }
  };

  await step('canonicalizeIp', () => {
    eq(canonicalizeIp('2001:DB8:0:0::1'), '2001:db8::1', 'IPv6');
    eq(canonicalizeIp('::FFFF:192.0.2.1'), '::ffff:192.0.2.1', 'IPv4-mapped');
    const e = throws(() => canonicalizeIp('010.1.1.1'), 'leading zero');
    eq(e.kind, 'validation', 'kind');
    eq(e.name, 'OriginRegionsError', 'name');
    assert(/010\.1\.1\.1/.test(e.message), `message names the input: ${e.message}`);
  });

  await step('constructor rejects bad options (instanceof OriginRegionsError)', () => {
    const bad = [
      { ...opts, zoneId: 'not-a-zone' },
      { ...opts, apiEmail: 'a@example.com', apiKey: 'k' },
      { ...opts, apiVersion: 'v3' },
      { ...opts, apiToken: 'a\nb' },
    ];
    for (const o of bad) eq(throws(() => new OriginRegionsClient(o), JSON.stringify(o.zoneId)).kind, 'validation', 'kind');
  });

  if (runtime === 'browser') {
    await step('a token in a page needs dangerouslyAllowBrowser', () => {
      const { dangerouslyAllowBrowser, ...without } = opts;
      const e = throws(() => new OriginRegionsClient(without), 'without the opt-in');
      eq(e.kind, 'validation', 'kind');
      assert(/dangerouslyAllowBrowser/.test(e.message), `message names the option: ${e.message}`);
    });
  }

  await step('credentials stay out of JSON.stringify and String', () => {
    const text = JSON.stringify(client) + String(client);
    assert(!text.includes('test-token'), `token shown: ${text}`);
    eq(client.toJSON().auth, 'token', 'toJSON().auth');
  });

  await step('supportedRegions', async () => {
    const s = await client.supportedRegions();
    eq(s.obtainedCodes, true, 'obtainedCodes');
    eq(sorted(Object.keys(s.vendors)), ['aws', 'azure', 'gcp', 'oci'], 'vendors');
    const east = s.vendors.aws.find((r) => r.name === 'us-east-1');
    assert(east && Array.isArray(east.upperTierColos) && east.upperTierColos.includes('IAD'), 'aws us-east-1 upperTierColos');
  });

  await step('list (v2, one page)', async () => {
    const p = await client.list({ perPage: 3 });
    eq([p.items.length, p.page, p.perPage, p.totalCount, p.totalPages], [3, 1, 3, 8, 3], 'items, page, perPage, totalCount, totalPages');
    const m = p.items[0];
    assert(typeof m.ip === 'string' && typeof m.vendor === 'string' && typeof m.region === 'string', `shape ${JSON.stringify(m)}`);
    const last = await client.list({ page: 3, perPage: 3 });
    eq(last.items.length, 2, 'last page');
  });

  await step('list (v1, apiVersion: "v1")', async () => {
    const v1 = new OriginRegionsClient({ ...opts, apiVersion: 'v1' });
    try {
      const p = await v1.list({ perPage: 5 });
      eq([p.items.length, p.totalCount, p.totalPages], [5, 8, 2], 'items, totalCount, totalPages');
      assert(p.items.every((m) => typeof m.ip === 'string'), 'origin-ip turned into ip');
    } finally {
      v1.free();
    }
  });

  await step('listAll', async () => {
    const all = await client.listAll();
    eq(sorted(all.map((m) => m.ip)), sorted(SEED.map((m) => m.ip)), 'IPs');
  });

  await step('iterate (for await)', async () => {
    const before = await requestCount();
    const seen = [];
    for await (const m of client.iterate({ perPage: 3 })) seen.push(m.ip);
    eq(sorted(seen), sorted(SEED.map((m) => m.ip)), 'IPs');
    eq((await requestCount()) - before, 3, 'requests (3 pages, none past the end)');
  });

  await step('get (canonical IP back; 404 is an api error)', async () => {
    const m = await client.get('2001:DB8::1');
    eq([m.ip, m.vendor, m.region], ['2001:db8::1', 'gcp', 'us-central1'], 'mapping');
    const e = await rejects(client.get('192.0.2.99'), () => {}, 'get of an unmapped IP');
    eq([e.kind, e.status, e.code], ['api', 404, 1142], 'kind, status, code');
    assert(Array.isArray(e.errors) && e.errors.length > 0 && typeof e.errors[0].message === 'string', 'errors[]');
  });

  await step('create (v1 POST; 1145 when the IP has one)', async () => {
    const m = await client.create({ ip: '198.51.100.200', vendor: 'azure', region: 'eastus' });
    eq([m.ip, m.vendor, m.region], ['198.51.100.200', 'azure', 'eastus'], 'mapping');
    const e = await rejects(client.create({ ip: '198.51.100.200', vendor: 'azure', region: 'eastus' }), () => {}, 'second create');
    eq([e.kind, e.status, e.code], ['api', 400, 1145], 'kind, status, code');
  });

  await step('edit (v1 PATCH; the whole list back)', async () => {
    const all = await client.edit({ ip: '198.51.100.200', vendor: 'aws', region: 'us-west-2' });
    assert(Array.isArray(all), 'an array');
    eq(all.length, 9, 'length');
    const m = all.find((x) => x.ip === '198.51.100.200');
    eq(m && [m.vendor, m.region], ['aws', 'us-west-2'], 'edited mapping');
  });

  await step('update (v2 PUT /{ip})', async () => {
    const m = await client.update('2001:DB8::A', { vendor: 'gcp', region: 'us-central1' });
    eq([m.ip, m.vendor, m.region], ['2001:db8::a', 'gcp', 'us-central1'], 'mapping');
  });

  await step('delete', async () => {
    eq(await client.delete('2001:db8::A'), { ip: '2001:db8::a' }, 'result');
    await rejects(client.get('2001:db8::a'), (e) => eq(e.status, 404, 'status'), 'get after delete');
  });

  const batch = [];
  for (let i = 0; i < 150; i++) batch.push({ ip: `10.0.${i >> 7}.${i & 127}`, vendor: 'oci', region: 'us-ashburn-1' });

  await step('batchUpdate (150 + 2 bad items; 100 a request)', async () => {
    const bad = [
      { ip: '203.0.113.999', vendor: 'oci', region: 'us-ashburn-1' },
      { ip: '2001:db8::bad', vendor: 'aws', region: 'atlantis-1' },
    ];
    const r = await client.batchUpdate([...batch, ...bad]);
    eq([r.succeeded.length, r.failed.length, r.requests], [150, 2, 2], 'succeeded, failed, requests');
    eq(sorted(r.failed.map((f) => f.input)), sorted(bad.map((b) => b.ip)), 'failed inputs');
    assert(r.failed.every((f) => typeof f.error === 'string' && f.error.length > 0), 'failed[].error');
  });

  await step('batchEdit (v1 PATCH /batch)', async () => {
    const r = await client.batchEdit([
      { ip: '192.0.2.1', vendor: 'aws', region: 'eu-west-1' },
      { ip: '2001:DB8::1', vendor: 'azure', region: 'eastus' },
    ]);
    eq([r.succeeded.length, r.failed.length, r.requests], [2, 0, 1], 'succeeded, failed, requests');
    eq(r.succeeded.map((s) => s.ip), ['192.0.2.1', '2001:db8::1'], 'canonical IPs, input order');
  });

  await step('batchDelete (120 IPs; 100 a request)', async () => {
    const r = await client.batchDelete(batch.slice(0, 120).map((m) => m.ip));
    eq([r.succeeded.length, r.failed.length, r.requests], [120, 0, 2], 'succeeded, failed, requests');
    eq((await client.listAll()).length, 8 + 1 + 150 - 120, 'mappings left');
  });

  await step('bad input rejects with kind "validation" and sends nothing', async () => {
    const before = await requestCount();
    await rejects(client.update('010.1.1.1', { vendor: 'aws', region: 'us-east-1' }), (e) => eq(e.kind, 'validation', 'kind'), 'update');
    await rejects(client.get('fe80::1%eth0'), (e) => eq(e.kind, 'validation', 'kind'), 'get');
    eq(await requestCount(), before, 'requests sent');
  });

  await step('abort (kind "aborted") and timeout (kind "timeout")', async () => {
    const ac = new AbortController();
    ac.abort();
    await rejects(client.list({ signal: ac.signal }), (e) => eq(e.kind, 'aborted', 'kind'), 'aborted list');
    await ctl('POST', 'faults', { kind: 'hang', zone: zoneId, times: 1 });
    await rejects(client.list({ timeoutMs: 200, maxRetries: 0 }), (e) => eq(e.kind, 'timeout', 'kind'), 'hanging list');
  });

  await step('checkMappings (local checks, nothing sent)', async () => {
    const before = await requestCount();
    const r = checkMappings([
      { ip: '2001:DB8::1', vendor: 'aws', region: 'us-east-1' },
      { ip: '010.1.1.1', vendor: 'aws', region: 'us-east-1' },
    ]);
    eq(r.valid, [{ ip: '2001:db8::1', vendor: 'aws', region: 'us-east-1' }], 'valid');
    eq(r.rejected.map((x) => x.input), ['010.1.1.1'], 'rejected');
    eq(await requestCount(), before, 'requests sent');
  });

  await step('plan, apply and sync (declarative)', async () => {
    await ctl('PUT', `zones/${zoneId}/mappings`, SEED);
    const desired = [
      { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }, // unchanged
      { ip: '2001:db8::1', vendor: 'aws', region: 'us-east-2' }, // changed
      { ip: '192.0.2.50', vendor: 'oci', region: 'us-phoenix-1' }, // created
    ];
    const plan = await client.plan(desired, { prune: true });
    eq([plan.create.length, plan.change.length, plan.delete.length, plan.unchanged.length, plan.rejected.length],
      [1, 1, 6, 1, 0], 'create, change, delete, unchanged, rejected');
    eq(plan.zoneSize, { before: 8, after: 3 }, 'zoneSize');
    const applied = await client.apply(plan);
    eq([applied.upserted.succeeded.length, applied.deleted.succeeded.length, applied.requests], [2, 6, 2], 'upserted, deleted, requests');
    const again = await client.sync(desired, { prune: true });
    eq([again.plan.create.length, again.plan.change.length, again.plan.delete.length, again.applied.requests], [0, 0, 0, 0], 'second sync is empty');
    eq(sorted((await client.listAll()).map((m) => `${m.ip} ${m.vendor} ${m.region}`)), sorted(desired.map((m) => `${m.ip} ${m.vendor} ${m.region}`)), 'zone');
  });

  await step('50 overlapping calls on one client, with faults injected', async () => {
    await ctl('PUT', `zones/${zoneId}/mappings`, SEED);
    await ctl('POST', 'faults', { kind: 'status', status: 429, retryAfter: '0', zone: zoneId, times: 6 });
    await ctl('POST', 'faults', { kind: 'status', status: 503, zone: zoneId, times: 6 });
    await ctl('POST', 'faults', { kind: 'reset', zone: zoneId, times: 3 });
    // 15 faults among the first requests of 50 calls: enough retries that no
    // call can meet more faults in a row than it may retry.
    const busy = new OriginRegionsClient({ ...opts, maxRetries: 10 });
    const calls = [];
    for (let i = 0; i < 50; i++) {
      const ip = `198.18.${i}.1`;
      switch (i % 5) {
        case 0: calls.push(busy.list({ perPage: 5 }).then((p) => assert(p.items.length === 5, 'list page'))); break;
        case 1: calls.push(busy.get('192.0.2.1').then((m) => eq(m.ip, '192.0.2.1', 'get'))); break;
        case 2: calls.push(busy.update(ip, { vendor: 'aws', region: 'us-east-1' }).then((m) => eq(m.ip, ip, 'update'))); break;
        case 3: calls.push(busy.batchUpdate([{ ip, vendor: 'gcp', region: 'us-central1' }]).then((r) => eq(r.succeeded.length, 1, 'batch'))); break;
        default: calls.push(busy.supportedRegions().then((c) => assert(c.vendors.aws.length > 0, 'catalogue'))); break;
      }
    }
    const settled = await Promise.allSettled(calls);
    const failed = settled.filter((s) => s.status === 'rejected');
    eq(failed.map((f) => String(f.reason)), [], 'every overlapping call succeeds');
    // The same instance keeps working afterwards.
    eq((await busy.get('198.18.2.1')).vendor, 'aws', 'after the burst');
    busy.free();
  });

  await step('call options in a second argument (list, listAll, iterate); an extra argument is refused', async () => {
    const before = await requestCount();
    const aborted = new AbortController();
    aborted.abort();
    await rejects(client.list({ page: 2 }, { signal: aborted.signal }), (e) => eq(e.kind, 'aborted', 'kind'), 'list(params, { signal })');
    await rejects(client.listAll({}, { signal: aborted.signal }), (e) => eq(e.kind, 'aborted', 'kind'), 'listAll');
    await rejects(client.iterate({}, { signal: aborted.signal }).next(), (e) => eq(e.kind, 'aborted', 'kind'), 'iterate');
    await rejects(client.get('192.0.2.1', {}, {}), (e) => eq(e.message.slice(0, 12), 'arguments[2]', 'named'), 'extra argument');
    eq(await requestCount(), before, 'requests sent');
    await ctl('POST', 'faults', { kind: 'status', status: 503, zone: zoneId, times: 2 });
    await rejects(client.list({ maxRetries: 3 }, { maxRetries: 0 }), (e) => eq(e.status, 503, 'status'), 'maxRetries 0 in the second argument');
    eq(await requestCount(), before + 1, 'one attempt');
    await ctl('DELETE', `faults?zone=${zoneId}`);
    await ctl('POST', 'faults', { kind: 'hang', zone: zoneId, times: 1 });
    await rejects(client.list({ page: 1 }, { timeoutMs: 200, maxRetries: 0 }), (e) => eq(e.kind, 'timeout', 'kind'), 'timeoutMs in the second argument');
  });

  await step('a signal aborted with a reason that is not an Error ("stop", 42, {}) rejects with kind "aborted"', async () => {
    for (const reason of ['stop', 42, {}]) {
      const ac = new AbortController();
      await ctl('POST', 'faults', { kind: 'delay', delayMs: 400, zone: zoneId, times: 1 });
      const p = client.get('192.0.2.1', { signal: ac.signal });
      setTimeout(() => ac.abort(reason), 50);
      await rejects(p, (e) => eq(e.kind, 'aborted', 'kind'), `abort(${JSON.stringify(reason)}) during a request`);
      const early = new AbortController();
      early.abort(reason);
      await rejects(client.get('192.0.2.1', { signal: early.signal }), (e) => eq(e.kind, 'aborted', 'kind'), 'aborted before');
    }
    await ctl('DELETE', `faults?zone=${zoneId}`);
    eq((await client.get('192.0.2.1')).ip, '192.0.2.1', 'the client works after');
  });

  await step('the fetch option: a Response, a rejection, a throw, a non-Response', async () => {
    const calls = [];
    const via = (f) => new OriginRegionsClient({ ...opts, maxRetries: 0, fetch: f });
    const passing = via((request) => {
      calls.push(request instanceof Request ? request.url : typeof request);
      return fetch(request);
    });
    eq((await passing.get('192.0.2.1')).ip, '192.0.2.1', 'through the caller\'s fetch');
    assert(calls.length === 1 && calls[0].endsWith('/origin/cloud_regions/192.0.2.1'), `called with a Request: ${calls}`);
    const network = (e) => eq(e.kind, 'network', 'kind');
    await rejects(via(() => Promise.reject(new TypeError('offline'))).get('192.0.2.1'), network, 'rejects');
    await rejects(via(() => { throw new Error('boom'); }).get('192.0.2.1'), network, 'throws');
    await rejects(via(() => Promise.resolve('not a response')).get('192.0.2.1'), network, 'a string');
    await rejects(via(() => ({ status: 200 })).get('192.0.2.1'), network, 'a plain object without text()');
    await rejects(via(() => Promise.reject('a string reason')).get('192.0.2.1'), network, 'rejects with a non-Error');
  });

  await step('an API error carries the answer\'s cf-ray as rayId', async () => {
    const e = await rejects(client.get('203.0.113.99'), (x) => eq(x.status, 404, 'status'), 'missing mapping');
    const log = await ctl('GET', `requests?zone=${zoneId}`);
    eq(e.rayId, log[log.length - 1].ray, 'rayId');
  });

  await step('retry after a 503', async () => {
    await ctl('POST', 'faults', { kind: 'status', status: 503, zone: zoneId, times: 1 });
    const m = await client.get('192.0.2.1');
    eq([m.ip, m.region], ['192.0.2.1', 'us-east-1'], 'mapping after the retry');
  });

  client.free();
  return results;
}
