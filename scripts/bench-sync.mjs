#!/usr/bin/env node
// Benchmark (prints figures; not a test) for issue 7, "Declarative sync":
// origin-regions (pkg/, build it first with `bash scripts/build.sh`) against
// the official `cloudflare` SDK 7.3.0 and `ipaddr.js` 2.5.0 (both pinned in
// scripts/package.json), side by side in one run, against the local API
// stand-in at an added latency of 100 ms per request and at 0 ms:
//
//   (a) sync 3,500 mappings into an empty zone: ours, one `client.sync()`
//       (concurrency 4 = default, 8, 16, 32; default rate limiter on), vs the
//       SDK's `bulkUpdate` in the two loops users write (chunks of 100 one
//       after another; `Promise.all` over groups of 4 chunks). Requests (from
//       the stand-in's log, a fresh zone id per run) and median wall of 5 runs.
//   (b) the same sync again on the now-equal zone: requests, and writes.
//   (c) listing all 3,500: ours `listAll()` vs the SDK's auto-pager.
//   (d) CPU time to canonicalise + validate 3,500 IPs (seeded, 1% invalid):
//       ours per item (`canonicalizeIp`) and for the whole list
//       (`checkMappings`) vs ipaddr.js with the contract's extra checks;
//       median of 20 runs, ratio, and wrong results against an independent
//       reference (Node's `net` for validity, WHATWG URL + a small RFC 5952
//       writer below for the canonical text).
//   plus the client's sliding-window limiter scaled down (20 per second) at
//   concurrency 4 and 32: the most requests the stand-in saw in any window.
//   Our timings carry a breakdown (where the wall time goes, client CPU, plan
//   vs apply) so a missed target says why.
//
//   node scripts/bench-sync.mjs [--runs 5] [--cpu-runs 20] [--in-process] [--pkg DIR]
//
// The stand-in runs in a child process by default (`node
// tests/mock-api/server.mjs --port 0`), so its own CPU work does not land on
// the event loop of the clients being timed (the real API is remote);
// `--in-process` uses `startMockApi()` in this process instead. Either way it
// is stopped before the script exits.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const repo = new URL('../', import.meta.url);
const args = process.argv.slice(2);
const argNum = (name, dflt, min) => {
  const i = args.indexOf(name);
  return Math.max(min, i >= 0 ? Number(args[i + 1]) : dflt);
};
const RUNS = argNum('--runs', 5, 1);
const CPU_RUNS = argNum('--cpu-runs', 20, 5);
const LIST_RUNS = 3;
const IN_PROCESS = args.includes('--in-process');
// --pkg DIR: measure another build of the package (e.g. one built with another opt-level) instead of pkg/.
const PKG_DIR = args.includes('--pkg') ? pathToFileURL(`${resolve(args[args.indexOf('--pkg') + 1])}/`) : new URL('pkg/', repo);
const N = 3500;
const LATENCIES = [100, 0];
const OUR_CONCURRENCY = [4, 8, 16, 32];
const TOKEN = 'test-token';

// ---- the package: wait until pkg/ is not being rebuilt, then load it ------------------
const pkgFiles = ['node.mjs', 'origin_regions.js', 'origin_regions_bg.wasm'].map((f) => new URL(f, PKG_DIR));
async function pkgSettled() {
  const stamp = () => pkgFiles.map((f) => (existsSync(f) ? `${statSync(f).mtimeMs}:${statSync(f).size}` : 'missing')).join('|');
  for (let waited = 0; waited < 300_000; waited += 2000) {
    const before = stamp();
    await sleep(2000);
    if (!before.includes('missing') && before === stamp()) return;
  }
  throw new Error('pkg/ is missing or keeps changing: run `bash scripts/build.sh` first');
}
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
await pkgSettled();
let ours;
try {
  ours = await import(new URL('node.mjs', PKG_DIR));
} catch (error) {
  // Loaded mid-rebuild: a failed ES module stays failed in this process, so run afresh once.
  if (process.env.BENCH_SYNC_RETRIED) throw error;
  console.error(`loading pkg/ failed (${error.message}); retrying in a fresh process`);
  await sleep(10_000);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_SYNC_RETRIED: '1' },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
  await new Promise(() => {});
}
const { OriginRegionsClient, canonicalizeIp, checkMappings } = ours;
const Cloudflare = require('cloudflare').default ?? require('cloudflare');
const ipaddr = require('ipaddr.js');
const version = (name) => JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

// ---- small helpers ------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(1)} ms`);
const newZone = () => randomBytes(16).toString('hex');
const WRITE = new Set(['PUT', 'PATCH', 'POST', 'DELETE']);

function table(title, head, rows, note) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
  if (note) console.log(note.replace(/^/gm, '  '));
}

// Seeded PRNG (mulberry32): the same inputs on every run.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the stand-in ------------------------------------------------------------------------
async function startStandIn() {
  if (IN_PROCESS) {
    const { startMockApi } = await import(new URL('tests/mock-api/server.mjs', repo));
    const api = await startMockApi({ port: 0, latency: 0 });
    return { url: api.url, stop: () => api.close(), where: 'in this process' };
  }
  const child = spawn(process.execPath, [fileURLToPath(new URL('tests/mock-api/server.mjs', repo)), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = () => child.exitCode === null && child.kill('SIGTERM');
  process.on('exit', kill);
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`stand-in exited (${code}) before listening`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, stop, where: `child process ${child.pid}` };
}
const standIn = await startStandIn();
const control = standIn.url.replace(/\/client\/v4$/, '/__mock');
async function ctl(method, path, body) {
  const res = await fetch(control + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
const setLatency = (latencyMs) => ctl('POST', '/config', { latencyMs });
/** The zone's request log summarised: total, GETs, writes, and the raw entries. */
async function requestsOf(zone) {
  const log = await ctl('GET', `/requests?zone=${zone}`);
  const writes = log.filter((r) => WRITE.has(r.method)).length;
  return { total: log.length, gets: log.filter((r) => r.method === 'GET').length, writes, log };
}
const zoneCount = async (zone) => (await ctl('GET', `/zones/${zone}/mappings`)).length;
const dropZone = (zone) => ctl('POST', '/reset', { zone });

// ---- (a)-(c) data: 3,500 distinct mappings in canonical form -------------------------------
const catalogue = JSON.parse(readFileSync(new URL('tests/mock-api/supported-regions.json', repo), 'utf8'));
const pairs = Object.entries(catalogue.vendors).flatMap(([vendor, rs]) => rs.map((r) => ({ vendor, region: r.name })));
function desiredMappings(seed) {
  const rnd = prng(seed);
  const out = [];
  const seen = new Set();
  while (out.length < N) {
    const ip =
      rnd() < 0.7
        ? `198.${18 + Math.floor(rnd() * 2)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`
        : `2001:db8:${Math.floor(rnd() * 0xffff).toString(16)}::${(1 + Math.floor(rnd() * 0xfffe)).toString(16)}`;
    if (seen.has(ip)) continue;
    seen.add(ip);
    out.push({ ip, ...pairs[Math.floor(rnd() * pairs.length)] });
  }
  return out;
}
const desired = desiredMappings(7);
for (const m of desired.slice(0, 50)) {
  if (canonicalizeIp(m.ip) !== m.ip) throw new Error(`test data not canonical: ${m.ip}`);
}
const chunks = [];
for (let i = 0; i < N; i += 100) {
  chunks.push(desired.slice(i, i + 100).map((m) => ({ origin_ip: m.ip, vendor: m.vendor, region: m.region })));
}

// ---- the contenders --------------------------------------------------------------------------
const oursClient = (zoneId, extra = {}) => new OriginRegionsClient({ zoneId, apiToken: TOKEN, baseUrl: standIn.url, ...extra });
const sdkClient = () => new Cloudflare({ apiToken: TOKEN, baseURL: standIn.url });

function checkOurs(label, r, creates) {
  const ok =
    r.plan.create.length === creates &&
    r.plan.rejected.length === 0 &&
    r.applied.upserted.succeeded.length === creates &&
    r.applied.upserted.failed.length === 0;
  if (!ok) {
    const f = r.applied.upserted.failed[0];
    throw new Error(`${label}: plan ${r.plan.create.length} creates, applied ${r.applied.upserted.succeeded.length}, first failure ${JSON.stringify(f)}`);
  }
}
function checkSdk(label, results) {
  const ok = results.reduce((n, r) => n + (r.succeeded?.length ?? 0), 0);
  const failed = results.reduce((n, r) => n + (r.failed?.length ?? 0), 0);
  if (ok !== N || failed) throw new Error(`${label}: ${ok} succeeded, ${failed} failed`);
}

const sync = {
  ours: (c, extra) => async (zone) => {
    const client = oursClient(zone, extra);
    try {
      const r = await client.sync(desired, { concurrency: c });
      checkOurs(`ours c=${c}`, r, N);
      return r;
    } finally {
      client.free();
    }
  },
  sdkSerial: async (zone) => {
    const cf = sdkClient();
    const results = [];
    for (const body of chunks) results.push(await cf.cache.originCloudRegions.bulkUpdate({ zone_id: zone, body }));
    checkSdk('sdk serial', results);
  },
  sdkGroups: async (zone) => {
    const cf = sdkClient();
    const results = [];
    for (let i = 0; i < chunks.length; i += 4) {
      results.push(
        ...(await Promise.all(chunks.slice(i, i + 4).map((body) => cf.cache.originCloudRegions.bulkUpdate({ zone_id: zone, body })))),
      );
    }
    checkSdk('sdk groups of 4', results);
  },
};

const variants = [
  ...OUR_CONCURRENCY.map((c) => ({
    key: `ours-c${c}`,
    label: `ours sync(), concurrency ${c}${c === 16 ? ' (default)' : ''}`,
    ours: true,
    c,
    run: sync.ours(c),
  })),
  {
    key: 'ours-c32-nolimit',
    label: 'ours sync(), concurrency 32, rateLimit: false',
    ours: true,
    c: 32,
    run: sync.ours(32, { rateLimit: false }),
  },
  { key: 'sdk-serial', label: 'SDK bulkUpdate, chunks one by one', run: sync.sdkSerial },
  { key: 'sdk-groups', label: 'SDK bulkUpdate, Promise.all of 4', run: sync.sdkGroups },
];

/** One timed run on a fresh zone: wall, request counts and where our time went. */
async function timedSync(v, latency, { keep = false } = {}) {
  const zone = newZone();
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  const p0 = performance.now();
  await v.run(zone);
  const wall = performance.now() - p0;
  const c1 = process.cpuUsage(c0);
  const cpu = (c1.user + c1.system) / 1000; // this process only: the stand-in is another process
  const t1 = Date.now();
  const req = await requestsOf(zone);
  const count = await zoneCount(zone);
  if (count !== N) throw new Error(`${v.key}: zone holds ${count} mappings after the sync`);
  // Phases from the stand-in's receive times (ms): before the first request,
  // the list (first GET → first write), the writes (first write → resolved).
  const gets = req.log.filter((r) => r.method === 'GET').map((r) => r.at);
  const puts = req.log.filter((r) => WRITE.has(r.method)).map((r) => r.at);
  const phases = v.ours
    ? { before: Math.min(...gets) - t0, list: Math.min(...puts) - Math.min(...gets), writes: t1 - Math.min(...puts) }
    : null;
  if (!keep) await dropZone(zone);
  return { zone, wall, cpu, req, phases, latency };
}

// ---- (a) ------------------------------------------------------------------------------------
console.log(`origin-regions sync benchmark: ${N.toLocaleString('en-US')} mappings, stand-in ${standIn.url} (${standIn.where})`);
const wasmFile = new URL('origin_regions_bg.wasm', PKG_DIR);
console.log(`package ${fileURLToPath(PKG_DIR)} (wasm ${statSync(wasmFile).size.toLocaleString('en-US')} bytes)`);
console.log(
  `node ${process.version}, cloudflare ${version('cloudflare')}, ipaddr.js ${version('ipaddr.js')}, ${RUNS} runs per figure (median), ` +
    `latencies ${LATENCIES.join(' and ')} ms added per request by the stand-in`,
);

const results = {}; // results[latency][key] = [run, ...]
const lastZone = {}; // a synced zone per latency, for (b) and (c)
for (const latency of LATENCIES) {
  await setLatency(latency);
  results[latency] = {};
  for (const v of variants) await timedSync(v, latency); // warm-up: JIT, keep-alive sockets
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so drift hits every contender alike.
    for (const v of variants) (results[latency][v.key] ??= []).push(await timedSync(v, latency));
  }
  lastZone[latency] = (await timedSync(variants[0], latency, { keep: true })).zone;
}

const fasterSdk = (latency) => Math.min(...['sdk-serial', 'sdk-groups'].map((k) => median(results[latency][k].map((r) => r.wall))));
{
  const rows = variants.map((v) => {
    const all = LATENCIES.flatMap((l) => results[l][v.key]);
    const spread = (f) => {
      const xs = [...new Set(all.map(f))].sort((a, b) => a - b);
      return xs.length === 1 ? xs[0] : `${xs[0]}–${xs[xs.length - 1]}`;
    };
    const cells = [v.label, spread((x) => x.req.total), spread((x) => x.req.gets), spread((x) => x.req.writes)];
    for (const latency of LATENCIES) {
      const wall = median(results[latency][v.key].map((x) => x.wall));
      const bound = fasterSdk(latency) / 2;
      cells.push(ms(wall), v.ours ? `${wall <= bound ? 'MET' : 'missed'} (≤ ${ms(bound)})` : '');
    }
    cells.push(ms(median(all.map((x) => x.cpu))));
    return cells;
  });
  table(
    `(a) sync ${N.toLocaleString('en-US')} new mappings into an empty zone (fresh zone per run; median of ${RUNS})`,
    ['contender', 'requests', 'GETs', 'writes', 'wall @100ms', 'target: ≤ ½ faster SDK loop', 'wall @0ms', 'same rule @0ms', 'client CPU'],
    rows,
    `Target: exactly 35 write requests (ours: plus the list page: 1 GET for an empty zone) → ` +
      `${variants.filter((v) => v.ours).every((v) => results[100][v.key].every((x) => x.req.writes === 35)) ? 'MET' : 'missed'} for every run of ours.\n` +
      `Floor at latency L: ours = L (list) + ceil(35 / concurrency) × L; SDK serial = 35 L; SDK groups of 4 = 9 L.\n` +
      `So at 100 ms: c=4 → 1,000 ms, c=8 → 600, c=16 → 400, c=32 → 300 ms; SDK 3,500 / 900 ms; ½ of 900 = 450 ms.\n` +
      `client CPU: CPU time of this process during the call (median over all runs at both latencies); the stand-in\n` +
      `runs in another process, so this is what each client itself costs. At 0 ms the wall time is mostly that CPU.`,
  );

  // Where our time goes, at 100 ms.
  const prow = variants
    .filter((v) => v.ours)
    .map((v) => {
      const rs = results[100][v.key];
      const waves = Math.ceil(35 / v.c);
      const floor = 100 * (1 + waves);
      const med = (f) => median(rs.map(f));
      return [
        v.label,
        ms(med((r) => r.phases.before)),
        ms(med((r) => r.phases.list)),
        ms(med((r) => r.phases.writes)),
        `${waves} × 100`,
        ms(floor),
        ms(med((r) => r.wall) - floor),
        ms(median(results[0][v.key].map((r) => r.wall))),
      ];
    });
  table(
    '(a) where our wall time goes at 100 ms (stand-in receive times; medians)',
    ['ours', 'call → 1st GET', '1st GET → 1st write', '1st write → done', 'write waves', 'latency floor', 'above floor', 'wall @0ms'],
    prow,
    'call → 1st GET: reading the 3,500 desired items into wasm and building the request;\n' +
      '1st GET → 1st write: one list round trip + the diff + building the first chunks;\n' +
      '1st write → done: ceil(35/c) round trips of 100 items. "rateLimit: false" shows what the limiter costs (within a\n' +
      'single sync it never waits: a burst of up to 1,200 goes at once).',
  );

  // The same work split by hand: plan() (list + diff), then apply() (the writes), and the local checks alone.
  const split = {};
  for (const latency of LATENCIES) {
    await setLatency(latency);
    for (let run = 0; run < RUNS + 1; run++) {
      const zone = newZone();
      const client = oursClient(zone);
      const measure = async (f) => {
        const c0 = process.cpuUsage();
        const p0 = performance.now();
        const value = await f();
        const u = process.cpuUsage(c0);
        return { value, wall: performance.now() - p0, cpu: (u.user + u.system) / 1000 };
      };
      const plan = await measure(() => client.plan(desired));
      const applied = await measure(() => client.apply(plan.value, { concurrency: 32 }));
      const checks = await measure(() => checkMappings(desired));
      client.free();
      if (applied.value.upserted.succeeded.length !== N) throw new Error('split: apply incomplete');
      await dropZone(zone);
      if (run === 0) continue; // warm-up
      for (const [k, m] of Object.entries({ plan, applied, checks })) {
        ((split[latency] ??= {})[k] ??= []).push(m);
      }
    }
  }
  const cell = (l, k, f) => ms(median(split[l][k].map(f)));
  table(
    `(a) our sync split by hand: plan() then apply(plan, { concurrency: 32 }) on a fresh zone (median of ${RUNS})`,
    ['step', 'requests', 'wall @100ms', 'CPU @100ms', 'wall @0ms', 'CPU @0ms'],
    [
      ['plan(desired): list the empty zone + diff', 1, ...LATENCIES.flatMap((l) => [cell(l, 'plan', (m) => m.wall), cell(l, 'plan', (m) => m.cpu)])],
      ['apply(plan): 35 batch upserts, 32 at a time', 35, ...LATENCIES.flatMap((l) => [cell(l, 'applied', (m) => m.wall), cell(l, 'applied', (m) => m.cpu)])],
      ['checkMappings(desired): the local checks alone', 0, ...LATENCIES.flatMap((l) => [cell(l, 'checks', (m) => m.wall), cell(l, 'checks', (m) => m.cpu)])],
    ],
    'plan() and apply() each check all 3,500 items (apply checks the plan again, as a plan may have been edited);\n' +
      'checkMappings shows what one such pass over the list costs with no request at all.',
  );
}

// ---- (b) no-op sync on the now-equal zone -----------------------------------------------------
const bRows = [];
for (const latency of LATENCIES) {
  await setLatency(latency);
  const zone = lastZone[latency];
  // ours: the same sync() again (default concurrency; it reads, then has nothing to write)
  await ctl('DELETE', `/requests?zone=${zone}`);
  const client = oursClient(zone);
  let p0 = performance.now();
  const again = await client.sync(desired);
  const oursWall = performance.now() - p0;
  client.free();
  const oursReq = await requestsOf(zone);
  const planEmpty = again.plan.create.length + again.plan.change.length + again.plan.delete.length === 0;
  bRows.push({
    latency,
    label: 'ours sync() again',
    req: oursReq,
    wall: oursWall,
    note: `plan empty: ${planEmpty}, unchanged ${again.plan.unchanged.length}, applied.requests ${again.applied.requests}`,
  });
  // SDK: the loops as users write them send everything again...
  for (const [label, run] of [
    ['SDK loop, chunks one by one, again', sync.sdkSerial],
    ['SDK loop, Promise.all of 4, again', sync.sdkGroups],
  ]) {
    await ctl('DELETE', `/requests?zone=${zone}`);
    p0 = performance.now();
    await run(zone);
    bRows.push({ latency, label, req: await requestsOf(zone), wall: performance.now() - p0, note: 'blind upsert' });
  }
  // ...or the user writes the diff: auto-pager (per_page 100), compare, write what differs.
  await ctl('DELETE', `/requests?zone=${zone}`);
  p0 = performance.now();
  const cf = sdkClient();
  const current = new Map();
  for await (const m of cf.cache.originCloudRegions.list({ zone_id: zone, per_page: 100 })) current.set(m.origin_ip, `${m.vendor}/${m.region}`);
  const todo = desired.filter((m) => current.get(m.ip) !== `${m.vendor}/${m.region}`);
  for (let i = 0; i < todo.length; i += 100) {
    await cf.cache.originCloudRegions.bulkUpdate({
      zone_id: zone,
      body: todo.slice(i, i + 100).map((m) => ({ origin_ip: m.ip, vendor: m.vendor, region: m.region })),
    });
  }
  bRows.push({
    latency,
    label: 'SDK + hand-written diff (auto-pager)',
    req: await requestsOf(zone),
    wall: performance.now() - p0,
    note: `${todo.length} to write`,
  });
}
{
  const labels = [...new Set(bRows.map((r) => r.label))];
  const rows = labels.map((label) => {
    const [r100, r0] = LATENCIES.map((l) => bRows.find((r) => r.label === label && r.latency === l));
    const target = label.startsWith('ours')
      ? `${r100.req.gets === 35 && r100.req.writes === 0 && r0.req.gets === 35 && r0.req.writes === 0 ? 'MET' : 'missed'} (35 GETs, 0 writes)`
      : '';
    return [label, r100.req.total, r100.req.gets, r100.req.writes, target, ms(r100.wall), ms(r0.wall), r100.note];
  });
  table(
    `(b) the same sync again on the now-equal zone (${N.toLocaleString('en-US')} mappings; one run each)`,
    ['contender', 'requests', 'GETs', 'writes', 'target', 'wall @100ms', 'wall @0ms', ''],
    rows,
    'Our plan reads the 35 pages one after another (each page waits for the previous one), so at 100 ms the no-op\n' +
      'sync takes ~35 round trips; the SDK loops, knowing nothing of the zone, rewrite all 3,500 in 35 writes.',
  );
}

// ---- (c) listing all 3,500 -------------------------------------------------------------------
const cRows = {};
for (const latency of LATENCIES) {
  await setLatency(latency);
  const zone = lastZone[latency];
  const contenders = [
    {
      label: 'ours listAll()',
      runs: LIST_RUNS,
      run: async () => {
        const client = oursClient(zone);
        try {
          return (await client.listAll()).length;
        } finally {
          client.free();
        }
      },
    },
    {
      label: 'SDK auto-pager, per_page: 100',
      runs: LIST_RUNS,
      run: async () => {
        let n = 0;
        for await (const _ of sdkClient().cache.originCloudRegions.list({ zone_id: zone, per_page: 100 })) n++;
        return n;
      },
    },
    {
      label: 'SDK auto-pager, default page size',
      runs: 1,
      run: async () => {
        let n = 0;
        for await (const _ of sdkClient().cache.originCloudRegions.list({ zone_id: zone })) n++;
        return n;
      },
    },
  ];
  for (const c of contenders) {
    const walls = [];
    let req;
    for (let i = 0; i < c.runs; i++) {
      await ctl('DELETE', `/requests?zone=${zone}`);
      const p0 = performance.now();
      const n = await c.run();
      walls.push(performance.now() - p0);
      if (n !== N) throw new Error(`${c.label}: listed ${n}`);
      req = await requestsOf(zone);
    }
    (cRows[c.label] ??= {})[latency] = { req, wall: median(walls), runs: c.runs };
  }
}
table(
  `(c) listing all ${N.toLocaleString('en-US')} (median of ${LIST_RUNS}; default page size: 1 run)`,
  ['contender', 'requests', 'target', 'wall @100ms', 'wall @0ms'],
  Object.entries(cRows).map(([label, byL]) => [
    label,
    byL[100].req.total,
    label.startsWith('ours') ? `${byL[100].req.total === 35 && byL[0].req.total === 35 ? 'MET' : 'missed'} (= 35)` : '',
    ms(byL[100].wall),
    ms(byL[0].wall),
  ]),
  'The SDK pager stops on an empty page: total_pages + 1 requests (and 20 a page unless per_page is given).\n' +
    'Both fetch pages one after another, so wall ≈ requests × latency.',
);

for (const latency of LATENCIES) await dropZone(lastZone[latency]);

// ---- the limiter, scaled down: does any window (as the server sees it) hold at most `requests`? ---
let limiterSummary;
{
  await setLatency(0);
  const cap = { requests: 20, windowMs: 1000 };
  const total = 100;
  const ips = [];
  for (let i = 0; i < total * 100; i++) ips.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const rows = [];
  limiterSummary = { cap, runs: [] };
  for (const concurrency of [4, 32]) {
    const zone = newZone();
    const client = oursClient(zone, { rateLimit: cap });
    const t0 = Date.now();
    const p0 = performance.now();
    const r = await client.batchDelete(ips, { concurrency }); // `total` requests; nothing to delete
    const wall = performance.now() - p0;
    client.free();
    const at = (await requestsOf(zone)).log.map((e) => e.at).sort((a, b) => a - b);
    let maxIn = 0;
    let worst = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i] - at[j] >= cap.windowMs) j++;
      if (i - j + 1 > maxIn) [maxIn, worst] = [i - j + 1, at[j] - t0];
    }
    const first = at.slice(0, cap.requests);
    await dropZone(zone);
    limiterSummary.runs.push({ concurrency, maxIn });
    rows.push([
      `concurrency ${concurrency}`,
      r.requests,
      `${maxIn} (${maxIn <= cap.requests ? 'within' : 'OVER'} cap ${cap.requests})`,
      `from +${worst} ms`,
      `+${first[0] - t0}…+${first[first.length - 1] - t0} ms`,
      ms(wall),
      ms((Math.ceil(total / cap.requests) - 1) * cap.windowMs),
    ]);
  }
  table(
    `(limiter) the client's sliding-window limiter, scaled down to ${cap.requests} per ${cap.windowMs} ms so it can be watched in seconds: ` +
      `batchDelete(${(total * 100).toLocaleString('en-US')} IPs) = ${total} requests, windows counted at the stand-in (receive times)`,
    ['client', 'requests', `max in any ${cap.windowMs} ms`, 'that window', `first ${cap.requests} arrived`, 'wall', 'shortest possible'],
    rows,
    'The default is the same limiter at 1,200 per 300,000 ms (Cloudflare\'s limit): one 3,500 sync is 36 requests, so\n' +
      '33 back-to-back syncs go at full speed, then requests are spaced. It counts a request when it reserves the slot\n' +
      '(before building and sending it); the server counts it on arrival. When the first burst arrives later than its\n' +
      'slot times (new connections; requests queued behind each other) and a later burst arrives on time, the two\n' +
      'overlap in one server-side window: that is the "OVER" above. All (a)-(c) timings ran with the default limiter on,\n' +
      'except the "rateLimit: false" row.',
  );
}

// ---- (d) canonicalise + validate 3,500 IPs ---------------------------------------------------
/** Independent reference: validity from Node's `net` (zone ids refused: the contract's rule), canonical text from
 *  the WHATWG URL parser's IPv6 reading + the RFC 5952 writer below (IPv4-mapped as ::ffff:a.b.c.d). */
function reference(x) {
  const kind = net.isIP(x);
  if (kind === 0 || x.includes('%')) return null;
  if (kind === 4) return x; // net refuses leading zeros, so a valid dotted quad is already canonical
  const host = new URL(`http://[${x}]/`).hostname.slice(1, -1);
  const [head, tail] = host.includes('::') ? host.split('::') : [host, null];
  const hs = head ? head.split(':').map((h) => parseInt(h, 16)) : [];
  const ts = tail ? tail.split(':').map((h) => parseInt(h, 16)) : [];
  return rfc5952([...hs, ...Array(8 - hs.length - ts.length).fill(0), ...ts]);
}
function rfc5952(g) {
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `::ffff:${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  }
  let best = -1;
  let bestLen = 1; // a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i]; // strictly longer: the first run wins a tie
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  return best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
// The reference checks itself on known answers first.
for (const [input, want] of [
  ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['0:0:0:0:0:0:0:0', '::'],
  ['::FFFF:0102:0304', '::ffff:1.2.3.4'],
  ['0:0:0:0:0:ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ['010.1.1.1', null],
  ['fe80::1%eth0', null],
  ['1.2.3.4.', null],
]) {
  if (reference(input) !== want) throw new Error(`reference: ${input} → ${reference(input)}, want ${want}`);
}

/** The fair plain-JS checker: ipaddr.js plus the contract's extra rules. */
const FOUR_PART = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;
function ipaddrChecked(x) {
  if (typeof x !== 'string' || x.includes('%')) return null; // zone ids
  let a;
  try {
    a = ipaddr.parse(x);
  } catch {
    return null;
  }
  if (a.kind() === 'ipv4') return FOUR_PART.test(x) ? a.toString() : null; // 4 decimal parts, no leading zeros
  if (x.includes('.') && !FOUR_PART.test(x.slice(x.lastIndexOf(':') + 1))) return null; // embedded dotted quad, same rules
  if (a.isIPv4MappedAddress()) return `::ffff:${a.toIPv4Address().toString()}`;
  return a.toRFC5952String();
}
function ipaddrPlain(x) {
  try {
    return ipaddr.parse(x).toString();
  } catch {
    return null;
  }
}

/** 3,500 distinct inputs (distinct canonical answers too), 1% invalid, shuffled, seeded. */
function ipInputs(seed) {
  const rnd = prng(seed);
  const int = (n) => Math.floor(rnd() * n);
  const octet = () => int(256);
  const group = () => (rnd() < 0.4 ? 0 : rnd() < 0.5 ? int(0x100) : int(0x10000));
  const v4 = () => `${1 + int(223)}.${octet()}.${octet()}.${octet()}`;
  // Documentation, link-local, unique-local and arbitrary prefixes; zero groups 40% of the time, so runs of
  // zeros of every length turn up anywhere (ties, single zero groups, leading and trailing runs).
  const groups = () => {
    const first = [0x2001, 0xfe80, 0xfd00 | int(0x100), 0, int(0x10000)][int(5)];
    return first === 0x2001 && rnd() < 0.5 ? [0x2001, 0xdb8, ...Array.from({ length: 6 }, group)] : [first, ...Array.from({ length: 7 }, group)];
  };
  const hex = (g, pad, upper) => {
    const s = g.map((x) => (pad ? x.toString(16).padStart(4, '0') : x.toString(16)));
    return upper ? s.map((t) => t.toUpperCase()) : s;
  };
  const spellings = {
    ipv4: v4,
    'IPv6 canonical': () => rfc5952(groups()),
    'IPv6 upper-case': () => rfc5952(groups()).toUpperCase(),
    'IPv6 uncompressed': () => hex(groups(), rnd() < 0.5, rnd() < 0.3).join(':'),
    'IPv4-mapped ::ffff:a.b.c.d': () => `::ffff:${v4()}`,
    'IPv4-mapped ::FFFF:hhhh:hhhh': () => {
      const [a, b, c, d] = v4().split('.').map(Number);
      return `::FFFF:${hex([(a << 8) | b, (c << 8) | d], true, true).join(':')}`;
    },
    'IPv4-mapped 0:0:0:0:0:ffff:a.b.c.d': () => `0:0:0:0:0:ffff:${v4()}`,
  };
  const invalid = [
    () => `0${1 + int(9)}.${octet()}.${octet()}.${octet()}`, // leading-zero octet
    () => `${1 + int(223)}.${octet()}.0${1 + int(9)}.${octet()}`,
    () => `fe80::${int(0xffff).toString(16)}%eth${int(4)}`, // zone index
    () => `${v4()}/${8 + int(25)}`, // CIDR
    () => `2001:db8:${int(0xffff).toString(16)}::/48`,
    () => `${v4()}.`, // trailing dot
    () => v4().replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), // fullwidth digits
    () => v4().split('.').slice(0, 3).join('.'), // three parts
    () => `::ffff:0${1 + int(9)}.${octet()}.${octet()}.${octet()}`, // leading zero inside a mapped address
  ];
  const items = [];
  const seen = new Set();
  const kinds = Object.keys(spellings);
  const weights = [0.4, 0.12, 0.12, 0.12, 0.08, 0.08, 0.08];
  const invalidCount = Math.round(N * 0.01);
  let k = 0;
  while (items.length < N - invalidCount) {
    let r = rnd();
    let i = 0;
    while (i < kinds.length - 1 && (r -= weights[i]) > 0) i++;
    const text = spellings[kinds[i]]();
    const want = reference(text);
    if (want === null) throw new Error(`generator made an invalid ${kinds[i]}: ${text}`);
    if (seen.has(want)) continue;
    seen.add(want);
    items.push({ text, kind: kinds[i], want });
  }
  while (items.length < N) {
    const text = invalid[k++ % invalid.length]();
    if (seen.has(text) || reference(text) !== null) continue;
    seen.add(text);
    items.push({ text, kind: 'invalid', want: null });
  }
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
const ipItems = ipInputs(20240607);
const texts = ipItems.map((x) => x.text);
const mappingItems = texts.map((ip) => ({ ip, vendor: 'aws', region: 'us-east-1' }));

const cpuContenders = [
  {
    key: 'ours-each',
    label: 'ours canonicalizeIp() per item',
    run: () => {
      const out = new Array(texts.length);
      for (let i = 0; i < texts.length; i++) {
        try {
          out[i] = canonicalizeIp(texts[i]);
        } catch {
          out[i] = null;
        }
      }
      return out;
    },
  },
  {
    key: 'ours-batch',
    label: 'ours checkMappings(items), one call',
    run: () => checkMappings(mappingItems),
    // valid: the distinct valid ones in input order (inputs are distinct); rejected: by input text
    answers: (r) => {
      const rejected = new Set(r.rejected.map((x) => x.input));
      let v = 0;
      const out = texts.map((t) => (rejected.has(t) ? null : r.valid[v++]?.ip ?? '(missing)'));
      if (v !== r.valid.length) throw new Error(`checkMappings: ${r.valid.length} valid for ${v} inputs`);
      return out;
    },
  },
  { key: 'js-checked', label: 'ipaddr.js + the contract checks (plain JS)', run: () => texts.map(ipaddrChecked) },
  { key: 'js-plain', label: 'ipaddr.parse(x).toString() alone', run: () => texts.map(ipaddrPlain) },
];
const cpu = {};
for (const c of cpuContenders) {
  for (let i = 0; i < 5; i++) c.run(); // warm-up
}
for (let run = 0; run < CPU_RUNS; run++) {
  for (const c of cpuContenders) {
    const u0 = process.cpuUsage();
    const p0 = performance.now();
    const r = c.run();
    const wall = performance.now() - p0;
    const u = process.cpuUsage(u0);
    (cpu[c.key] ??= { cpu: [], wall: [], result: r }).cpu.push((u.user + u.system) / 1000);
    cpu[c.key].wall.push(wall);
  }
}
const wrongOf = (c) => {
  const answers = c.answers ? c.answers(cpu[c.key].result) : cpu[c.key].result;
  const wrong = [];
  ipItems.forEach((it, i) => {
    if (answers[i] !== it.want) wrong.push({ ...it, got: answers[i] });
  });
  return wrong;
};
{
  const base = median(cpu['js-checked'].cpu);
  const rows = cpuContenders.map((c) => {
    const t = median(cpu[c.key].cpu);
    const wrong = wrongOf(c);
    cpu[c.key].wrong = wrong;
    const byKind = {};
    for (const w of wrong) byKind[w.kind] = (byKind[w.kind] ?? 0) + 1;
    const target = c.key.startsWith('ours') ? `${t <= base / 2 && wrong.length === 0 ? 'MET' : 'missed'} (≤ ${ms(base / 2)}, 0 wrong)` : '';
    return [
      c.label,
      ms(t),
      ms(median(cpu[c.key].wall)),
      `${((t * 1e6) / N).toFixed(0)} ns`,
      (t / base).toFixed(2),
      target,
      wrong.length,
      Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', '),
    ];
  });
  const mix = {};
  for (const it of ipItems) mix[it.kind] = (mix[it.kind] ?? 0) + 1;
  table(
    `(d) canonicalise + validate ${N.toLocaleString('en-US')} IPs (CPU time, median of ${CPU_RUNS} after 5 warm-ups)`,
    ['implementation', 'CPU', 'wall', 'per IP', '× ipaddr.js', 'target', 'wrong', 'wrong by kind'],
    rows,
    `Input (seeded): ${Object.entries(mix).map(([k, n]) => `${k} ${n}`).join(', ')}.\n` +
      'Expected answers: Node net.isIP (zone ids refused) + WHATWG URL IPv6 parsing + an RFC 5952 writer in this script.\n' +
      'checkMappings also checks each vendor/region pair and de-duplicates, which the others do not do.',
  );
  for (const c of cpuContenders) {
    for (const w of cpu[c.key].wrong.slice(0, 3)) {
      console.log(`  wrong (${c.label}): ${JSON.stringify(w.text)} → ${JSON.stringify(w.got)}, contract: ${JSON.stringify(w.want)}`);
    }
  }
  // The error path of the per-item call, apart.
  const bad = texts.filter((_, i) => ipItems[i].want === null);
  const good = texts.filter((_, i) => ipItems[i].want !== null).slice(0, bad.length * 20);
  const perCall = (list, f) => {
    for (let i = 0; i < 5; i++) list.forEach(f);
    const xs = [];
    for (let r = 0; r < CPU_RUNS; r++) {
      const p0 = performance.now();
      list.forEach(f);
      xs.push(((performance.now() - p0) * 1e6) / list.length);
    }
    return median(xs);
  };
  const tryCanon = (t) => {
    try {
      canonicalizeIp(t);
    } catch {
      /* counted */
    }
  };
  const goodNs = perCall(good, tryCanon);
  const badNs = perCall(bad, tryCanon);
  const jsGoodNs = perCall(good, ipaddrChecked);
  const batchNs = (median(cpu['ours-batch'].wall) * 1e6) / N;
  const answerText = JSON.stringify(cpu['ours-batch'].result);
  const parseMs = median(Array.from({ length: CPU_RUNS }, () => {
    const p0 = performance.now();
    JSON.parse(answerText);
    return performance.now() - p0;
  }));
  const batchHelps = batchNs < goodNs;
  console.log(`
  Where the JS/wasm boundary costs (wall, per IP): canonicalizeIp ${goodNs.toFixed(0)} ns on a valid IP and
  ${badNs.toFixed(0)} ns on an invalid one; ipaddr.js + checks ${jsGoodNs.toFixed(0)} ns; checkMappings ${batchNs.toFixed(0)} ns
  (of which JSON.parse of its ${(answerText.length / 1024).toFixed(0)} KB answer: ${((parseMs * 1e6) / N).toFixed(0)} ns).
  - Each canonicalizeIp call crosses into wasm once and, from inside, back out to JS once to read the
    string (wasm-bindgen copies it into wasm memory: malloc + a char loop). The address is read in one
    pass with no allocation (the rule-by-rule reader runs only to name the rule an invalid input breaks),
    the canonical text is written on the stack and compared with the input, and when they are equal the
    input string itself is returned: no copy out (most IPv4 and well-written IPv6). Only a non-canonical
    spelling pays for a second copy (TextDecoder).
    An invalid IP costs ~${Math.round(badNs / goodNs)}× more: the Rust error becomes an OriginRegionsError (an Error subclass:
    message formatted in Rust, copied out, stack captured) that is thrown across the boundary and caught.
  - Batching moves the fixed cost from per item to per call: checkMappings(items) crosses once and answers
    with one JSON text that JSON.parse turns into the result objects (one copy out instead of 3,500, no
    throw per invalid item). Here it ${batchHelps ? 'is cheaper per item than one call per IP' : 'is nevertheless SLOWER per item than one call per IP'}, because
    it is not the same work: for each item it reads three fields across the boundary (ip, vendor, region:
    a Reflect.get and a string copy each), checks the vendor and region, keeps the item's input text for
    the report, sorts the list by IP to merge duplicates, and writes every valid and rejected item into the
    JSON answer. The IP work itself is a small part of the call; crossing once instead of 3,500 times pays
    off only when the per-item reading is cheaper than a call, which three property reads are not.`);
}

await standIn.stop();

// ---- summary -----------------------------------------------------------------------------------
const best = variants
  .filter((v) => v.ours && v.key !== 'ours-c32-nolimit')
  .map((v) => ({ v, wall: median(results[100][v.key].map((r) => r.wall)) }))
  .sort((a, b) => a.wall - b.wall)[0];
const dflt = median(results[100]['ours-c16'].map((r) => r.wall));
const sdkBest = fasterSdk(100);
console.log(`
Summary against the issue's targets (100 ms latency unless said):
  writes for 3,500 new mappings: ${results[100]['ours-c16'][0].req.writes} (target 35) + ${results[100]['ours-c16'][0].req.gets} list GET
  no-op sync: ${bRows.find((r) => r.label.startsWith('ours') && r.latency === 100).req.writes} writes, ${bRows.find((r) => r.label.startsWith('ours') && r.latency === 100).req.gets} GETs (target 0 writes, 35 GETs)
  listAll of 3,500: ${cRows['ours listAll()'][100].req.total} requests (target 35); SDK auto-pager ${cRows['SDK auto-pager, per_page: 100'][100].req.total}
  sync wall: default concurrency 16 ${ms(dflt)}; best, ${best.v.label.replace('ours sync(), ', '')}: ${ms(best.wall)}; faster SDK loop ${ms(sdkBest)}; target ≤ ${ms(sdkBest / 2)} → default ${dflt <= sdkBest / 2 ? 'MET' : 'missed'}, best ${best.wall <= sdkBest / 2 ? 'MET' : 'missed'}
  limiter (scaled to ${limiterSummary.cap.requests}/${limiterSummary.cap.windowMs} ms): max in any window seen by the stand-in ${limiterSummary.runs.map((r) => `${r.maxIn} at concurrency ${r.concurrency}`).join(', ')}
  IP checks: checkMappings ${(median(cpu['ours-batch'].cpu) / median(cpu['js-checked'].cpu)).toFixed(2)} × ipaddr.js, per item ${(median(cpu['ours-each'].cpu) / median(cpu['js-checked'].cpu)).toFixed(2)} ×; wrong: ours ${cpu['ours-each'].wrong.length} / ${cpu['ours-batch'].wrong.length}, ipaddr.js + checks ${cpu['js-checked'].wrong.length}, plain ipaddr.js ${cpu['js-plain'].wrong.length}`);
