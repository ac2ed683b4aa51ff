// The demo server's guards, without a browser: which names count as this
// machine (DNS rebinding), the plain-http token rule, the Host and Origin
// checks on a running server, the refusal to listen beyond this machine
// while the server holds a token, and which Azure file a --ranges folder
// serves when several are there.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { ConfigError, resolveConfig, startDemoServer } = await import('../../scripts/demo-server.mjs');
const { isLoopbackHost } = await import('../../scripts/demo-forward.mjs');
const { listRangeFiles } = await import('../../scripts/demo-ranges.mjs');
const { startMockApi } = await import('../mock-api/server.mjs');

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const TOKEN = 'server-held-token-1234567890';

/** A GET of /config.json to the server with the headers given as written (fetch would set Host itself). */
function getConfig(port, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/config.json', method: 'GET', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('which names are this machine', () => {
  it('localhost, numeric 127.x.y.z and ::1 only; names that merely start with 127. are not', () => {
    for (const name of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '[::1]']) {
      assert.equal(isLoopbackHost(name), true, name);
    }
    for (const name of [
      '127.attacker.example',
      '127.0.0.1.nip.io',
      '127.0.0.1.',
      '127.0.0.256',
      '127.0.0',
      '127.1',
      '127.0.0.01x',
      '1270.0.0.1',
      '128.0.0.1',
      '0.0.0.0',
      '::',
      'localhost.attacker.example',
      '',
    ]) {
      assert.equal(isLoopbackHost(name), false, name);
    }
  });

  it('the token goes over plain http only to a loopback address, not to a name starting with 127.', () => {
    for (const base of ['http://127.attacker.example/client/v4', 'http://127.0.0.1.nip.io:8080/client/v4', 'http://localhost.attacker.example/']) {
      assert.throws(
        () => resolveConfig({ apiBase: base, apiToken: TOKEN }, {}),
        (e) => e instanceof ConfigError && /plain http to a non-local host/.test(e.message) && !e.message.includes(TOKEN),
        base,
      );
    }
    assert.equal(resolveConfig({ apiBase: 'http://127.0.0.1:9999/client/v4', apiToken: TOKEN }, {}).apiBase, 'http://127.0.0.1:9999/client/v4');
    assert.equal(resolveConfig({ apiBase: 'http://[::1]:9999/client/v4', apiToken: TOKEN }, {}).mode, 'api');
  });
});

describe('the Host and Origin checks of a running server holding a token', { timeout: 60_000 }, () => {
  let mock;
  let demo;

  before(async () => {
    mock = await startMockApi({ seed: true });
    demo = await startDemoServer({ port: 0, env: {}, apiBase: mock.url, apiToken: TOKEN, zoneId: ZONE, log: () => {} });
  });

  after(async () => {
    await demo?.close();
    await mock?.close();
  });

  it('refuses a Host that only looks like loopback (DNS rebinding)', async () => {
    for (const host of [`127.attacker.example:${demo.port}`, `127.0.0.1.nip.io:${demo.port}`]) {
      const answer = await getConfig(demo.port, { host });
      assert.equal(answer.status, 403, host);
      assert.match(answer.body, /unexpected Host header/);
    }
    assert.equal((await getConfig(demo.port, { host: `127.0.0.1:${demo.port}` })).status, 200);
    assert.equal((await getConfig(demo.port, { host: `localhost:${demo.port}` })).status, 200);
  });

  it('compares the whole Origin (scheme, host, port) with its own when Sec-Fetch-Site is absent', async () => {
    const host = `127.0.0.1:${demo.port}`;
    for (const origin of [
      `http://evil.example:${demo.port}`,
      `https://127.0.0.1:${demo.port}`,
      `http://127.0.0.2:${demo.port}`,
      `http://localhost:${demo.port}`,
      'http://127.0.0.1:1',
      'null',
    ]) {
      const answer = await getConfig(demo.port, { host, origin });
      assert.equal(answer.status, 403, origin);
      assert.match(answer.body, /only the demo page itself/);
    }
    const same = await getConfig(demo.port, { host, origin: `http://127.0.0.1:${demo.port}` });
    assert.equal(same.status, 200);
    assert.equal(JSON.parse(same.body).zoneId, ZONE);
    // A page on localhost is its own origin there.
    assert.equal((await getConfig(demo.port, { host: `localhost:${demo.port}`, origin: `http://localhost:${demo.port}` })).status, 200);
    // Sec-Fetch-Site, when a browser sends it, decides.
    assert.equal((await getConfig(demo.port, { host, 'sec-fetch-site': 'cross-site', origin: `http://127.0.0.1:${demo.port}` })).status, 403);
    assert.equal((await getConfig(demo.port, { host, 'sec-fetch-site': 'same-origin' })).status, 200);
  });
});

describe('listening beyond this machine', { timeout: 60_000 }, () => {
  it('is refused while the server holds a token, saying why and what to do instead', async () => {
    const cases = [
      { name: 'stand-in', options: { env: {} }, says: /stand-in's token/ },
      { name: 'API token', options: { env: {}, apiBase: 'https://api.example.test/client/v4', apiToken: TOKEN }, says: /ORIGIN_REGIONS_API_TOKEN is set/ },
      { name: 'token from the environment', options: { env: { ORIGIN_REGIONS_API_TOKEN: TOKEN } }, says: /ORIGIN_REGIONS_API_TOKEN is set/ },
    ];
    for (const { name, options, says } of cases) {
      for (const host of ['0.0.0.0', '::', '192.0.2.7', '127.attacker.example']) {
        await assert.rejects(
          // A server that starts anyway is closed, so the failure is reported rather than left listening.
          startDemoServer({ ...options, port: 0, host, log: () => {} }).then(async (demo) => {
            await demo.close();
            return demo;
          }),
          (e) =>
            e instanceof ConfigError &&
            e.message.startsWith(`--host ${host}: refusing to listen on a non-loopback address`) &&
            says.test(e.message) &&
            /anyone on the network could use it/.test(e.message) &&
            /SSH tunnel/.test(e.message) &&
            !e.message.includes(TOKEN),
          `${name}, ${host}`,
        );
      }
    }
  });

  it('is allowed without a server token (each user types their own into the page), and loopback always', async () => {
    const open = await startDemoServer({ port: 0, host: '0.0.0.0', env: {}, apiBase: 'https://api.example.test/client/v4', log: () => {} });
    try {
      assert.equal(open.mode, 'api');
      assert.equal(JSON.parse((await getConfig(open.port, { host: `127.0.0.1:${open.port}` })).body).serverAddsCredentials, false);
    } finally {
      await open.close();
    }
    const local = await startDemoServer({ port: 0, host: 'localhost', env: {}, apiBase: 'https://api.example.test/client/v4', apiToken: TOKEN, log: () => {} });
    await local.close();
  });

  it('the command line says so in its usage and refuses --host 0.0.0.0 with the stand-in', () => {
    const help = spawnSync(process.execPath, ['scripts/demo-server.mjs', '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout.replace(/\s+/g, ' '), /--host H address to bind \(default 127\.0\.0\.1\); an address other than localhost, 127\.x\.y\.z or ::1 is refused while the server holds a token/);
    const refused = spawnSync(process.execPath, ['scripts/demo-server.mjs', '--host', '0.0.0.0', '--port', '0', '--no-open'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 30_000,
    });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^origin-regions demo: --host 0\.0\.0\.0: refusing to listen on a non-loopback address/);
  });
});

describe("the Azure file a --ranges folder serves", () => {
  let folder;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'origin-regions-azure-pick-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const write = (name, secondsAgo) => {
    const file = path.join(folder, name);
    writeFileSync(file, '{}');
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, when, when);
  };
  const picked = async () => (await listRangeFiles({ kind: 'folder', dir: folder })).azure?.name;

  it('is the latest date in the name, whatever follows it; on equal dates the file modified last', async () => {
    write('ServiceTags_Public_20251201.json', 10);
    write('ServiceTags_Public_20251208.json', 300);
    // A browser's second download of the same week's file, saved later.
    write('ServiceTags_Public_20251208 (1).json', 60);
    assert.equal(await picked(), 'ServiceTags_Public_20251208 (1).json');
    // The plain name saved again, after the duplicate.
    write('ServiceTags_Public_20251208.json', 5);
    assert.equal(await picked(), 'ServiceTags_Public_20251208.json');
    // A later date wins even when its file is older on disk and carries a suffix.
    write('ServiceTags_Public_20251215 (2).json', 3600);
    assert.equal(await picked(), 'ServiceTags_Public_20251215 (2).json');
  });
});
