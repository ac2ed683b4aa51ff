// Every command but plan/apply, --help, --version, credentials and exit
// statuses, run as a process against the stand-in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { COMMANDS } from '../src/args.mjs';
import { EMAIL, KEY, ROOT, TOKEN, ZONE, baseEnv, run, startApi, writes } from './helpers.mjs';

let api;
let base;
before(async () => {
  api = await startApi({ seed: true });
  base = ['--base-url', api.url];
});
after(() => api.close());

test('--version prints the package version; --help lists every command', async () => {
  const { version } = JSON.parse(readFileSync(`${ROOT}/pkg/package.json`, 'utf8'));
  const v = await run(['--version']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), version);
  const h = await run(['--help']);
  assert.equal(h.code, 0);
  for (const name of Object.keys(COMMANDS)) assert.match(h.stdout, new RegExp(`^  ${name} `, 'm'));
  assert.match(h.stdout, /CLOUDFLARE_API_TOKEN/);
});

test('--help on every command shows its usage and options, exit 0', async () => {
  for (const [name, spec] of Object.entries(COMMANDS)) {
    const r = await run([name, '--help']);
    assert.equal(r.code, 0, name);
    assert.ok(r.stdout.startsWith(`Usage: ${spec.usage}`), `${name}: ${r.stdout}`);
    for (const option of Object.keys(spec.options)) assert.match(r.stdout, new RegExp(`--${option}\\b`), `${name} --${option}`);
  }
});

test('usage mistakes exit 1 with a message naming them', async () => {
  const cases = [
    [[], /Usage: origin-regions <command>/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['list', '--bogus'], /Unknown option '--bogus'/],
    [['list', '--format', 'xml'], /--format "xml" is not one of table, csv, json/],
    [['get'], /get: missing <ip>/],
    [['check', 'a.csv', 'b.csv'], /unexpected argument "b.csv"/],
    [['list', '--zone', ZONE, '--zone', ZONE], /list: --zone is given more than once/],
    [['list', '--format='], /list: --format needs a value, got an empty one/],
    [['apply', 'x.csv', '--concurrency', '0', ...['--base-url', 'http://127.0.0.1:1/client/v4']], /--concurrency "0": must be a whole number from 1 to 32/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('no option takes a credential: a token flag is refused without echoing it', async () => {
  for (const flag of ['--token', '--api-token', '--api-key']) {
    const r = await run(['list', `${flag}=${TOKEN}`, ...base]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /credentials are read from the environment only/);
  }
  assert.equal(writes(api).length, 0);
});

test('credentials and zone come from the environment; missing ones are named', async () => {
  const noCreds = await run(['list'], { env: { PATH: process.env.PATH, CLOUDFLARE_ZONE_ID: ZONE } });
  assert.equal(noCreds.code, 1);
  assert.match(noCreds.stderr, /no credentials: set CLOUDFLARE_API_TOKEN/);
  const noZone = await run(['list', ...base], { env: { PATH: process.env.PATH, CLOUDFLARE_API_TOKEN: TOKEN } });
  assert.equal(noZone.code, 1);
  assert.match(noZone.stderr, /no zone: pass --zone ID or set CLOUDFLARE_ZONE_ID/);
  const badZone = await run(['list', '--zone', 'abc', ...base]);
  assert.equal(badZone.code, 1);
  assert.match(badZone.stderr, /zoneId "abc": must be a zone identifier/);
  const halfKey = await run(['list', ...base], { env: { PATH: process.env.PATH, CLOUDFLARE_ZONE_ID: ZONE, CLOUDFLARE_API_KEY: KEY } });
  assert.equal(halfKey.code, 1);
  assert.match(halfKey.stderr, /CLOUDFLARE_API_KEY is set without CLOUDFLARE_EMAIL/);
  // The legacy e-mail + key pair works, and --zone wins over the environment.
  const legacy = await run(['list', '--zone', ZONE, '--format', 'json', ...base], {
    env: { PATH: process.env.PATH, CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_ZONE_ID: 'f'.repeat(32) },
  });
  assert.equal(legacy.code, 0, legacy.stderr);
  assert.equal(JSON.parse(legacy.stdout).length, 8);
  assert.equal(api.state.getRequests().at(-1).auth, 'key');
});

test('a wrong token is an API error (exit 1), and the token is not in it', async () => {
  const r = await run(['list', ...base], { env: baseEnv({ CLOUDFLARE_API_TOKEN: `${TOKEN}-wrong` }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: .*(HTTP 403|Authentication error)/m);
  assert.ok(!r.stderr.includes('-wrong'), 'the wrong token is not shown either');
});

test('list: CSV when piped, JSON and table on request', async () => {
  const csv = await run(['list', ...base]);
  assert.equal(csv.code, 0);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'ip,vendor,region');
  assert.equal(lines.length, 9);
  assert.ok(lines.includes('192.0.2.1,aws,us-east-1'));
  const json = await run(['list', '--format', 'json', ...base]);
  const items = JSON.parse(json.stdout);
  assert.equal(items.length, 8);
  assert.deepEqual(Object.keys(items[0]).sort(), ['ip', 'modifiedOn', 'region', 'vendor']);
  const table = await run(['list', '--format', 'table', ...base]);
  assert.match(table.stdout, /^IP\s+VENDOR\s+REGION\s+MODIFIED$/m);
  assert.match(table.stdout, /^2001:db8::1\s+gcp\s+us-central1\s+2026-/m);
  assert.match(table.stdout, /8 mapping\(s\)/);
});

test('export writes an inventory: CSV by default, JSON without modifiedOn', async () => {
  const csv = await run(['export', ...base]);
  assert.equal(csv.code, 0);
  assert.equal(csv.stdout.trim().split('\n').length, 9);
  const json = await run(['export', '--format', 'json', ...base]);
  const items = JSON.parse(json.stdout);
  assert.equal(items.length, 8);
  assert.deepEqual(Object.keys(items[0]), ['ip', 'vendor', 'region']);
});

test('get: one mapping (exit 0), none (exit 1), a bad IP refused before any request (exit 1)', async () => {
  const found = await run(['get', '2001:DB8::1', ...base]);
  assert.equal(found.code, 0);
  assert.match(found.stdout, /^ip\s+2001:db8::1$/m);
  assert.match(found.stdout, /^region\s+us-central1$/m);
  const json = await run(['get', '192.0.2.1', '--format', 'json', ...base]);
  assert.equal(JSON.parse(json.stdout).vendor, 'aws');
  const missing = await run(['get', '192.0.2.99', ...base]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /192\.0\.2\.99 has no mapping in zone/);
  const before = api.state.getRequests().length;
  const bad = await run(['get', '010.1.1.1', ...base]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ip "010\.1\.1\.1": is not an IP address: IPv4 octet "010" has a leading zero/);
  assert.equal(api.state.getRequests().length, before, 'nothing sent for a bad IP');
});

test('regions: the catalogue as CSV, JSON and a table', async () => {
  const csv = await run(['regions', ...base]);
  assert.equal(csv.code, 0);
  assert.equal(csv.stdout.split('\n')[0], 'vendor,region,upper_tier_colos');
  assert.match(csv.stdout, /^aws,us-east-1,IAD EWR$/m);
  const json = JSON.parse((await run(['regions', '--format', 'json', ...base])).stdout);
  assert.deepEqual(Object.keys(json.vendors).sort(), ['aws', 'azure', 'gcp', 'oci']);
  const table = await run(['regions', '--format', 'table', ...base]);
  assert.match(table.stdout, /^VENDOR\s+REGION\s+UPPER TIER COLOS$/m);
});

test('an unreachable API is a network error, exit 1', async () => {
  const r = await run(['list', '--base-url', 'http://127.0.0.1:9/client/v4']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: /m);
});
