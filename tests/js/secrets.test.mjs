// Issue 5, point 4: credentials never show. With a recognisable token (and
// separately an e-mail + key), every error kind is provoked, and neither
// secret may appear in the error (message, stack, JSON, String, inspect),
// in the client (JSON, String, inspect), in anything written to the console
// or to stdout/stderr, or in a request URL the stand-in saw. Credentials
// go only over https or to loopback unless allowInsecureHttp is set.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import net from 'node:net';
import {
  OriginRegionsClient,
  OriginRegionsError,
  startApi,
  newZone,
  rejection,
  within,
  assertError,
  report,
  withStandIn,
} from './helpers.mjs';

// Letters that are not hex digits, so no id, address or hash in any
// output can contain an 8-character window of them by chance.
function secret(label) {
  const alphabet = 'GHIJKLMNOPQRSTUVWXYZghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < 40; i += 1) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${label}${s}`;
}
const TOKEN = secret('tokn_');
const WRONG_TOKEN = secret('wrng_');
const EMAIL = 'origin-admin@example.com';
const KEY = secret('gkey_');
const SECRETS = { TOKEN, WRONG_TOKEN, KEY };

/** Names of the secrets that `text` shows, whole or any 8 characters of one. */
function leaks(text) {
  const found = [];
  for (const [name, value] of Object.entries(SECRETS)) {
    const core = value.slice(5);
    for (let i = 0; i + 8 <= core.length; i += 1) {
      if (text.includes(core.slice(i, i + 8))) {
        found.push(`${name}[${i}..${i + 8}]`);
        break;
      }
    }
  }
  return found;
}

function assertNoLeak(label, ...texts) {
  for (const t of texts) {
    const found = leaks(String(t));
    assert.deepEqual(found, [], `${label} shows a credential: ${String(t).slice(0, 400)}`);
  }
}

const inspectAll = (v) => util.inspect(v, { showHidden: true, depth: Infinity, getters: true });

/** Every way an error is commonly shown. */
function errorViews(err) {
  return [
    err.message,
    err.stack,
    JSON.stringify(err),
    String(err),
    `${err}`,
    inspectAll(err),
    JSON.stringify(err.errors),
    JSON.stringify(Object.getOwnPropertyNames(err).map((k) => [k, String(err[k])])),
    err.cause === undefined ? '' : inspectAll(err.cause),
  ];
}

function clientViews(client) {
  return [JSON.stringify(client), String(client), `${client}`, inspectAll(client), JSON.stringify(client.toJSON())];
}

/** Tees console.* and process stdout/stderr into `sink` while running fn. */
async function capturingOutput(sink, fn) {
  const saved = {};
  for (const k of ['log', 'error', 'warn', 'info', 'debug', 'trace', 'dir']) {
    saved[k] = console[k];
    console[k] = (...args) => sink.push(util.format(...args));
  }
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = function (chunk, ...rest) {
    sink.push(String(chunk));
    return out.call(this, chunk, ...rest);
  };
  process.stderr.write = function (chunk, ...rest) {
    sink.push(String(chunk));
    return err.call(this, chunk, ...rest);
  };
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

// The stand-in accepts exactly these credentials.
const mock = withStandIn({ token: TOKEN, email: EMAIL, key: KEY });

/** A loopback port that nothing listens on. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const CREDENTIALS = {
  token: { apiToken: TOKEN },
  'email+key': { apiEmail: EMAIL, apiKey: KEY },
};

for (const [flavour, creds] of Object.entries(CREDENTIALS)) {
  test(`${flavour}: no error kind, client view, log line or URL shows the credential`, async () => {
    const zone = newZone();
    await mock.setMappings(zone, [{ ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }]);
    const output = [];
    const errors = {};
    const clients = [];
    const fetched = [];
    // A fetch that records what the client asks for, then really sends it.
    const spyFetch = (url, init) => {
      fetched.push(url);
      return fetch(url, init);
    };
    await capturingOutput(output, async () => {
      const client = new OriginRegionsClient({ zoneId: zone, ...creds, baseUrl: mock.url, retryDelayMs: 10, fetch: spyFetch });
      clients.push(client);
      // It works, so the credential did reach the API.
      assert.equal((await within(client.get('192.0.2.1'), 10000)).ip, '192.0.2.1');

      // validation: a bad call, a bad batch item, bad options around a credential.
      errors.validationCall = await rejection(client.get('1.2.3.04'));
      const batch = await within(client.batchUpdate([{ ip: '1.2.3.4', vendor: 'aws', region: 'Bad Region' }, { ip: 'nope' }]), 10000);
      assert.equal(batch.failed.length, 2);
      errors.batchReasons = { message: batch.failed.map((f) => f.error).join('\n'), stack: '', errors: [] };
      const construct = (extra) => {
        try {
          new OriginRegionsClient({ zoneId: zone, baseUrl: mock.url, ...creds, ...extra });
        } catch (e) {
          return e;
        }
        assert.fail(`constructed with ${Object.keys(extra)}`);
      };
      errors.validationCtorLineBreak = construct(
        flavour === 'token' ? { apiToken: `${TOKEN}\r\nX-Evil: 1` } : { apiKey: `${KEY}\n` },
      );
      errors.validationCtorBoth = construct(flavour === 'token' ? { apiEmail: EMAIL, apiKey: KEY } : { apiToken: TOKEN });
      errors.validationCtorInsecure = construct({ baseUrl: 'http://api.example.com/client/v4' });
      errors.validationCtorZone = construct({ zoneId: 'not-a-zone' });
      errors.validationCtorVersion = construct({ apiVersion: 'v3' });

      // api: 403 for a wrong credential.
      const wrong = new OriginRegionsClient({
        zoneId: zone,
        baseUrl: mock.url,
        ...(flavour === 'token' ? { apiToken: WRONG_TOKEN } : { apiEmail: EMAIL, apiKey: `${KEY}x` }),
      });
      clients.push(wrong);
      errors.api403 = await rejection(wrong.get('192.0.2.1'));
      assertError(errors.api403, OriginRegionsError, 'api', { status: 403, code: 10000 });
      // api: a 503 past the retries, in a batch.
      await mock.fault(zone, { kind: 'status', status: 503, times: 3 });
      const b503 = await within(client.batchDelete(['192.0.2.1']), 10000);
      errors.batch503 = { message: b503.failed.map((f) => f.error).join('\n'), stack: '', errors: [] };
      assert.match(errors.batch503.message, /503/);

      // network: a closed loopback port.
      const port = await closedPort();
      const offline = new OriginRegionsClient({ zoneId: zone, ...creds, baseUrl: `http://127.0.0.1:${port}/client/v4`, maxRetries: 0 });
      clients.push(offline);
      errors.network = await rejection(offline.get('192.0.2.1'));
      assertError(errors.network, OriginRegionsError, 'network');

      // timeout: the stand-in never answers.
      await mock.fault(zone, { kind: 'hang', times: 1 });
      errors.timeout = await rejection(client.get('192.0.2.1', { timeoutMs: 200, maxRetries: 0 }));
      assertError(errors.timeout, OriginRegionsError, 'timeout');

      // aborted: the caller gives up on a hanging call.
      await mock.fault(zone, { kind: 'hang', times: 1 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(new Error(`abort reason mentioning nothing secret`)), 100);
      errors.aborted = await rejection(client.list({ signal: ac.signal }));
      assertError(errors.aborted, OriginRegionsError, 'aborted');

      // decode: an unreadable 200.
      await mock.fault(zone, { kind: 'notjson', times: 1 });
      errors.decode = await rejection(client.supportedRegions());
      assertError(errors.decode, OriginRegionsError, 'decode');

      // api: success:false in a 200.
      await mock.fault(zone, { kind: 'success-false', times: 1 });
      errors.successFalse = await rejection(client.update('192.0.2.9', { vendor: 'aws', region: 'us-east-1' }));
      assertError(errors.successFalse, OriginRegionsError, 'api', { status: 200 });

      // Errors and clients are commonly logged: do it, inside the capture.
      for (const e of Object.values(errors)) console.error(e);
      for (const c of clients) console.log(c, `${c}`);
    });

    for (const k of ['validationCall', 'validationCtorLineBreak', 'validationCtorBoth', 'validationCtorInsecure', 'validationCtorZone', 'validationCtorVersion']) {
      assertError(errors[k], OriginRegionsError, 'validation');
    }
    for (const [k, e] of Object.entries(errors)) assertNoLeak(`${flavour} ${k}`, ...errorViews(e));
    for (const c of clients) assertNoLeak(`${flavour} client`, ...clientViews(c));
    assert.ok(output.length > 0, 'the capture saw the logged errors');
    assertNoLeak(`${flavour} console/stdout/stderr`, output.join('\n'));
    assertNoLeak(`${flavour} URLs passed to fetch`, fetched.join('\n'));
    const log = await mock.requests(zone);
    assert.ok(log.length >= 8);
    assertNoLeak(`${flavour} request log (paths and queries)`, JSON.stringify(log.map((e) => [e.path, e.query])));
    assert.ok(log.every((e) => e.auth === (flavour === 'token' ? 'bearer' : 'key')), 'the credential went in a header');
    // toJSON names the scheme, never the value.
    assert.deepEqual(Object.keys(clients[0].toJSON()).sort(), ['apiVersion', 'auth', 'baseUrl', 'zoneId']);
    assert.equal(clients[0].toJSON().auth, flavour === 'token' ? 'token' : 'key');
    report(`secrets (${flavour})`, { error_kinds: [...new Set(Object.values(errors).map((e) => e.kind ?? 'batch-reason'))].join('/'), views_checked: Object.keys(errors).length * 9 + clients.length * 5, leaks: 0 });
  });
}

test('the leak detector itself finds a secret, whole or in part', () => {
  assert.deepEqual(leaks(`Bearer ${TOKEN}`), ['TOKEN[0..8]']);
  assert.equal(leaks(`...${KEY.slice(20, 29)}...`).length, 1);
  assert.deepEqual(leaks('023e105f4ecef8ad9ca31a8372d0c353 192.0.2.1 Authentication error'), []);
});

// ---- credentials only over https, or http to loopback ---------------------------------

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

function constructs(options) {
  try {
    return new OriginRegionsClient({ zoneId: ZONE, ...options });
  } catch (e) {
    return e;
  }
}

test('credentials over plain http to a non-loopback host are refused (construct only)', () => {
  for (const creds of Object.values(CREDENTIALS)) {
    for (const baseUrl of [
      'http://api.example.com/client/v4',
      'HTTP://API.EXAMPLE.COM/client/v4',
      'http://192.0.2.10/client/v4',
      'http://[2001:db8::1]:8080/client/v4',
      'http://localhost.example.com/client/v4',
      'http://127.0.0.1.example.com/client/v4',
      'http://user:pass@127.0.0.1/client/v4',
    ]) {
      const e = constructs({ ...creds, baseUrl });
      assertError(e, OriginRegionsError, 'validation');
      assert.match(e.message, /^options\.baseUrl/);
      assertNoLeak('insecure baseUrl error', ...errorViews(e));
    }
  }
  // Without credentials (a proxy adds them) plain http is fine: nothing to leak.
  assert.ok(constructs({ baseUrl: 'http://proxy.example.com/cf' }) instanceof OriginRegionsClient);
  // https anywhere is fine.
  assert.ok(constructs({ apiToken: TOKEN, baseUrl: 'https://proxy.example.com/cf' }) instanceof OriginRegionsClient);
});

test('hosts that URL parsers (and so fetch) read as non-loopback are refused, whatever they start with', () => {
  // Each of these passes a "starts like 127." test but names a DNS host,
  // so a credential would go over plain http to whoever answers for it.
  // The rule must judge the host the way fetch will (WHATWG URL).
  const refused = [];
  const accepted = [];
  for (const baseUrl of [
    'http://127.evil.example.com/client/v4',
    'http://127.0.0.example/client/v4',
    'http://127.0.0.1%2e%65vil/client/v4',
  ]) {
    const host = new URL(baseUrl).hostname;
    assert.ok(!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]', `${host} is not loopback`);
    const e = constructs({ apiToken: TOKEN, baseUrl });
    if (e instanceof OriginRegionsError && e.kind === 'validation') refused.push(baseUrl);
    else accepted.push(`${baseUrl} (fetch would connect to "${host}")`);
  }
  assert.deepEqual(accepted, [], 'credentials would be sent over plain http to a non-loopback host');
});

test('allowInsecureHttp: true is the documented opt-in (construct only, no traffic)', () => {
  for (const creds of Object.values(CREDENTIALS)) {
    const c = constructs({ ...creds, baseUrl: 'http://api.example.com/client/v4', allowInsecureHttp: true });
    assert.ok(c instanceof OriginRegionsClient, String(c));
    assert.equal(c.toJSON().baseUrl, 'http://api.example.com/client/v4');
    assertNoLeak('insecure opt-in client', ...clientViews(c));
    c.free();
    for (const notBool of ['true', 1, {}]) {
      const e = constructs({ ...creds, baseUrl: 'http://api.example.com/client/v4', allowInsecureHttp: notBool });
      assertError(e, OriginRegionsError, 'validation');
      assert.match(e.message, /allowInsecureHttp/);
    }
    const off = constructs({ ...creds, baseUrl: 'http://api.example.com/client/v4', allowInsecureHttp: false });
    assertError(off, OriginRegionsError, 'validation');
  }
});

test('http to 127.0.0.1, localhost and [::1] carries the credential and works', async () => {
  const v6 = await startApi({ token: TOKEN, email: EMAIL, key: KEY, host: '::1' }).catch(() => null);
  try {
    const urls = [mock.url, mock.url.replace('127.0.0.1', 'localhost')];
    if (v6) urls.push(v6.url);
    assert.ok(v6, 'an IPv6 loopback stand-in could be started');
    for (const [flavour, creds] of Object.entries(CREDENTIALS)) {
      for (const baseUrl of urls) {
        const zone = newZone();
        const target = baseUrl.includes('[::1]') ? v6 : mock;
        await target.setMappings(zone, [{ ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }]);
        const client = new OriginRegionsClient({ zoneId: zone, ...creds, baseUrl });
        const m = await within(client.get('192.0.2.1'), 10000, `${flavour} via ${baseUrl}`);
        assert.equal(m.ip, '192.0.2.1');
        const log = await target.requests(zone);
        assert.equal(log.length, 1);
        assert.equal(log[0].auth, flavour === 'token' ? 'bearer' : 'key');
      }
    }
    report('https-only rule', { loopback_urls_working: urls.map((u) => new URL(u).host.replace(/:\d+$/, '')).join(','), credential_flavours: 2 });
  } finally {
    await v6?.close();
  }
});
