#!/usr/bin/env node
// Benchmark (prints figures; not a test): four minimal Cloudflare Workers
// that list the first page of a zone's origin cloud region mappings from
// the local API stand-in, built side by side in one run:
//   ours       origin-regions, from `npm pack` of pkg/ (build it first)
//   sdk-full   the official `cloudflare` SDK, `new Cloudflare()` (its README)
//   sdk-tree   the official SDK's `createClient` from `cloudflare/tree-shakable`
//              with only BaseOriginCloudRegions
//   fetch      one hand-written fetch, no library (the floor)
// Each is bundled twice with the same settings for all four: by wrangler
// (`wrangler deploy --dry-run --outdir`, its defaults) and by esbuild
// (minified). It prints (a) the bytes each ships, raw and gzipped, (b) cold
// start in workerd: the median over N fresh `workerd serve` processes
// (spawned directly, a generated capnp config, timed from spawn to the
// first complete response) of /list (calls the stand-in) and of /ping (no
// API call: script start-up alone), (c) the ratios ours ÷ each other,
// (d) the same cold paths inside one workerd process of 21 isolates, where
// process start-up noise cancels out: start-up per isolate over the floor,
// and each isolate's first and second /list.
//
//   node scripts/bench-worker.mjs [--runs N (at least 15; default 21)] [--keep]
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  bin, makeConsumer, packPackage, repoRoot, requireTool, runOk, snapshotPackage, toolsDir, wranglerEnv,
} from '../tests/packaging/lib.mjs';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = Math.max(15, runsArg >= 0 ? Number(args[runsArg + 1]) || 15 : 21);
const KEEP = args.includes('--keep');
const COPIES = 21; // isolates per workerd process in (d)
const ISOLATE_RUNS = 5; // processes per Worker and route in (d)
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353'; // the stand-in's seeded zone: 8 mappings
const COMPAT_DATE = '2025-06-01';
const WORKERD = bin('workerd');
const version = (name) => JSON.parse(readFileSync(join(toolsDir, 'node_modules', name, 'package.json'), 'utf8')).version;

// ---- the four Workers -----------------------------------------------------------
// Same shape everywhere: /ping answers without touching the API (start-up
// alone), /list builds a client from the bindings and returns the first page.
const PING = `    if (new URL(request.url).pathname === '/ping') return new Response('ok');\n`;
const WORKERS = {
  ours: {
    label: 'origin-regions (ours)',
    src: `import { OriginRegionsClient } from 'origin-regions';
export default {
  async fetch(request, env) {
${PING}    const client = new OriginRegionsClient({ zoneId: env.ZONE_ID, apiToken: env.API_TOKEN, baseUrl: env.API_URL });
    try {
      return Response.json((await client.list()).items);
    } finally {
      client.free();
    }
  },
};
`,
  },
  'sdk-full': {
    label: 'cloudflare SDK, full client',
    src: `import Cloudflare from 'cloudflare';
export default {
  async fetch(request, env) {
${PING}    const client = new Cloudflare({ apiToken: env.API_TOKEN, baseURL: env.API_URL });
    const page = await client.cache.originCloudRegions.list({ zone_id: env.ZONE_ID });
    return Response.json(page.getPaginatedItems());
  },
};
`,
  },
  'sdk-tree': {
    label: 'cloudflare SDK, tree-shakable',
    src: `import { createClient } from 'cloudflare/tree-shakable';
import { BaseOriginCloudRegions } from 'cloudflare/resources/cache/origin-cloud-regions';
export default {
  async fetch(request, env) {
${PING}    const client = createClient({ apiToken: env.API_TOKEN, baseURL: env.API_URL, resources: [BaseOriginCloudRegions] });
    const page = await client.cache.originCloudRegions.list({ zone_id: env.ZONE_ID });
    return Response.json(page.getPaginatedItems());
  },
};
`,
  },
  fetch: {
    label: 'hand-written fetch, no library',
    src: `export default {
  async fetch(request, env) {
${PING}    const res = await fetch(\`\${env.API_URL}/zones/\${env.ZONE_ID}/origin/cloud_regions\`, {
      headers: { authorization: \`Bearer \${env.API_TOKEN}\` },
    });
    if (!res.ok) return new Response(await res.text(), { status: 502 });
    return Response.json((await res.json()).result);
  },
};
`,
  },
};
const NAMES = Object.keys(WORKERS);
const BUNDLERS = ['wrangler', 'esbuild'];

// ---- helpers ----------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** One GET; resolves { status, body } or rejects (ECONNREFUSED while workerd starts). */
function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function startStandIn() {
  const child = spawn(process.execPath, [join(repoRoot, 'tests/mock-api/server.mjs'), '--port', '0', '--seed'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/\S+\/client\/v4)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`stand-in exited ${code}: ${out}`)));
  });
  return { url, child };
}

/** The modules of a bundle directory: the entry first, then the rest (.wasm as wasm). */
async function modulesOf(dir) {
  const files = (await readdir(dir)).filter((f) => /\.(m?js|wasm)$/.test(f)).sort();
  const entry = files.includes('index.js') ? 'index.js' : files.find((f) => /\.m?js$/.test(f));
  return [entry, ...files.filter((f) => f !== entry)];
}

async function sizesOf(dir) {
  const parts = [];
  for (const f of await modulesOf(dir)) {
    const bytes = await readFile(join(dir, f));
    parts.push({ file: f, kind: f.endsWith('.wasm') ? 'wasm' : 'js', raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  const sum = (k, filter = () => true) => parts.filter(filter).reduce((a, p) => a + p[k], 0);
  return {
    parts,
    raw: sum('raw'),
    gzip: sum('gzip'),
    js: { raw: sum('raw', (p) => p.kind === 'js'), gzip: sum('gzip', (p) => p.kind === 'js') },
    wasm: { raw: sum('raw', (p) => p.kind === 'wasm'), gzip: sum('gzip', (p) => p.kind === 'wasm') },
  };
}

/** The Workers' bindings, as a capnp list. */
const bindings = (apiUrl) => `bindings = [
    (name = "API_URL", text = "${apiUrl}"),
    (name = "API_TOKEN", text = "test-token"),
    (name = "ZONE_ID", text = "${ZONE}"),
  ]`;

async function writeCapnp(dir, apiUrl) {
  const mods = (await modulesOf(dir)).map((f) => f.endsWith('.wasm')
    ? `    (name = "${f}", wasm = embed "${f}"),`
    : `    (name = "${f}", esModule = embed "${f}"),`);
  const path = join(dir, 'bench.capnp');
  await writeFile(path, `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
${mods.join('\n')}
  ],
  compatibilityDate = "${COMPAT_DATE}",
  ${bindings(apiUrl)},
  globalOutbound = "loopback",
);
`);
  return path;
}

const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * Spawns `workerd serve ...args` and polls `port` (1 ms apart) until the
 * first complete response to `path`. Returns { t0, res, stop }: the spawn
 * time, that response, and `stop()`, which stops workerd and resolves to
 * { stdout, stderr } once all it printed is in.
 */
async function serve(args, port, path, timeoutMs) {
  const t0 = process.hrtime.bigint();
  const child = spawn(WORKERD, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  let exited = false;
  // 'close': the process has exited and its output is all read.
  const exit = new Promise((resolve) => child.on('close', () => { exited = true; resolve(); }));
  const stop = async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exit;
    clearTimeout(killer);
    return { stdout, stderr };
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return { t0, res: await get(port, path), stop };
    } catch (e) {
      const failure = exited ? 'workerd exited before answering'
        : Date.now() > deadline ? `no answer within ${timeoutMs / 1000} s: ${e.message}` : null;
      if (failure) {
        await stop();
        throw new Error(`${failure}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}

/** A fresh `workerd serve` of `config`, timed to its first complete response to `path`: { ms, status, body, stdout, stderr }. */
async function coldStart(config, path) {
  const port = await freePort();
  const { t0, res, stop } = await serve([config, '--socket-addr', `http=127.0.0.1:${port}`], port, path, 15_000);
  const ms = msSince(t0);
  return { ms, status: res.status, body: res.body, ...(await stop()) };
}

/** `attempt()`, tried again (up to 3 times in all) when it throws: workerd exits early when its port was taken meanwhile. */
async function thrice(attempt) {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= 3) throw e;
    }
  }
}

const measure = (config, path) => thrice(() => coldStart(config, path));

/**
 * What V8 compiles of our wasm to answer one /list in a fresh workerd: it
 * compiles wasm lazily, a function on its first call, so this is the part of
 * the module the cold path pays for. Unlike the times, it does not vary.
 * Returns { functions, bytes } (function bodies as in the module).
 */
async function wasmCompiledForList(config) {
  const traced = config.replace(/\.capnp$/, '.trace.capnp');
  await writeFile(traced, readFileSync(config, 'utf8').replace(
    'const config :Workerd.Config = (\n',
    'const config :Workerd.Config = (\n  v8Flags = ["--trace-wasm-compilation-times"],\n',
  ));
  const r = await measure(traced, '/list');
  if (r.status !== 200) throw new Error(`traced /list answered ${r.status}`);
  const out = r.stdout + r.stderr;
  const bodies = [...out.matchAll(/Compiled function \S+ using \w+, .*bodysize (\d+)/g)].map((m) => Number(m[1]));
  if (!bodies.length) throw new Error(`workerd printed no wasm compilation trace:\n${out.slice(0, 500)}`);
  return { functions: bodies.length, bytes: bodies.reduce((a, b) => a + b, 0) };
}

/**
 * The cold paths again, inside one workerd process, where the noise of
 * starting a process (±5 ms) cancels out: `copies` copies of the Worker,
 * each an isolate of its own with its own copy of the modules (each wasm
 * copy gets a distinct custom section, so V8 shares no compiled code between
 * them). Returns { ready, first, second }: ms from spawn until every copy is
 * served, and each copy but the first's first and second response to `path`.
 */
async function isolates(dir, apiUrl, copies, path) {
  const files = await Promise.all((await modulesOf(dir)).map(async (f) => [f, await readFile(join(dir, f))]));
  const out = join(dir, `isolates-${copies}`);
  await mkdir(out, { recursive: true });
  const ports = [];
  for (let i = 0; i < copies; i++) ports.push(await freePort());
  const services = [];
  for (let i = 0; i < copies; i++) {
    const mods = [];
    for (const [f, bytes] of files) {
      const copy = `${i}-${f}`;
      if (f.endsWith('.wasm')) {
        const tag = Buffer.from(`copy${i}`); // custom section: id 0, size, name
        await writeFile(join(out, copy), Buffer.concat([bytes, Buffer.from([0, tag.length + 1, tag.length]), tag]));
        mods.push(`(name = "${f}", wasm = embed "${copy}")`);
      } else {
        await writeFile(join(out, copy), `${bytes}\n// copy ${i}\n`);
        mods.push(`(name = "${f}", esModule = embed "${copy}")`);
      }
    }
    services.push(`    (name = "w${i}", worker = (modules = [${mods.join(', ')}], compatibilityDate = "${COMPAT_DATE}", ${bindings(apiUrl)}, globalOutbound = "loopback")),`);
  }
  const config = join(out, 'isolates.capnp');
  await writeFile(config, `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${services.join('\n')}
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
${ports.map((port, i) => `    (name = "s${i}", address = "127.0.0.1:${port}", http = (), service = "w${i}"),`).join('\n')}
  ],
);
`);
  const { t0, stop } = await serve([config], ports[0], path, 30_000);
  try {
    const result = { ready: msSince(t0), first: [], second: [] };
    for (const port of ports.slice(1)) {
      for (const key of ['first', 'second']) {
        const t = process.hrtime.bigint();
        const res = await get(port, path);
        if (res.status !== 200) throw new Error(`${dir} ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
        result[key].push(msSince(t));
      }
    }
    return result;
  } finally {
    await stop();
  }
}

// ---- main --------------------------------------------------------------------
const started = Date.now();
const work = await mkdtemp(join(tmpdir(), 'origin-regions-bench-'));
let standIn;
try {
  console.log(`bench: building four Workers in ${work}`);
  const snapshot = await snapshotPackage(work);
  const tarball = await packPackage(snapshot, work);
  const cloudflareDir = join(toolsDir, 'node_modules', 'cloudflare');
  for (const name of NAMES) {
    const d = join(work, name);
    await makeConsumer(d, name === 'ours' ? tarball : null, { name: `bench-${name}`, type: 'module' },
      name.startsWith('sdk') ? { cloudflare: cloudflareDir } : {});
    await mkdir(join(d, 'src'), { recursive: true });
    await writeFile(join(d, 'src/index.js'), WORKERS[name].src);
    await writeFile(join(d, 'wrangler.toml'), `name = "bench-${name}"\nmain = "src/index.js"\ncompatibility_date = "${COMPAT_DATE}"\n`);
  }

  // Bundle: wrangler's own output, and esbuild minified with one set of options for all.
  const esbuild = requireTool('esbuild');
  await Promise.all(NAMES.map(async (name) => {
    const d = join(work, name);
    await runOk(bin('wrangler'), ['deploy', '--dry-run', '--outdir', join(d, 'out-wrangler')], {
      cwd: d, env: wranglerEnv(join(work, '.wrangler-logs')), timeoutMs: 180_000,
    });
    await esbuild.build({
      absWorkingDir: d,
      entryPoints: { index: 'src/index.js' },
      outdir: join(d, 'out-esbuild'),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      loader: { '.wasm': 'copy' }, // kept as a separate module import, as Workers need
      external: ['cloudflare:*', 'node:*'],
      logLevel: 'error',
    });
  }));

  const sizes = {};
  for (const name of NAMES) for (const b of BUNDLERS) sizes[`${name}/${b}`] = await sizesOf(join(work, name, `out-${b}`));

  standIn = await startStandIn();
  const configs = {};
  for (const name of NAMES) for (const b of BUNDLERS) configs[`${name}/${b}`] = await writeCapnp(join(work, name, `out-${b}`), standIn.url);

  // Sanity: every build answers both routes, and /list returns the 8 seeded mappings.
  for (const [key, config] of Object.entries(configs)) {
    const list = await measure(config, '/list');
    let items;
    try {
      items = JSON.parse(list.body);
    } catch {
      items = null;
    }
    if (list.status !== 200 || !Array.isArray(items) || items.length !== 8) {
      throw new Error(`${key} /list answered ${list.status}: ${list.body.slice(0, 300)}\n${list.stderr}`);
    }
    const ping = await measure(config, '/ping');
    if (ping.status !== 200 || ping.body !== 'ok') throw new Error(`${key} /ping answered ${ping.status}: ${ping.body}`);
  }

  // Cold starts: round-robin so drift and noise spread evenly over all variants.
  const timings = {};
  const variants = Object.keys(configs).flatMap((key) => ['/list', '/ping'].map((route) => [key, route]));
  for (let i = 0; i < RUNS; i++) {
    for (const [key, route] of variants) {
      const r = await measure(configs[key], route);
      if (r.status !== 200) throw new Error(`${key} ${route} answered ${r.status}: ${r.body.slice(0, 300)}`);
      (timings[`${key} ${route}`] ??= []).push(r.ms);
    }
  }
  const med = (key, route) => median(timings[`${key} ${route}`]);
  const spread = (key, route) => {
    const s = [...timings[`${key} ${route}`]].sort((a, b) => a - b);
    return `${s[0].toFixed(0)}-${s[s.length - 1].toFixed(0)}`;
  };

  // ---- report ----------------------------------------------------------------
  const line = '-'.repeat(96);
  console.log(`\nWorkers listing the first page of origin cloud region mappings (stand-in, 8 mappings)`);
  console.log(`wrangler ${version('wrangler')} (deploy --dry-run, its defaults: not minified), esbuild ${version('esbuild')} (minify, esm, conditions workerd/worker/browser),`);
  console.log(`workerd ${version('workerd')}, cloudflare SDK ${version('cloudflare')}, origin-regions ${JSON.parse(readFileSync(join(snapshot, 'package.json'), 'utf8')).version}; gzip -9 per module, summed\n`);

  console.log('(a) bytes shipped');
  console.log(line);
  console.log(`${pad('', 34)}${lpad('wrangler raw', 14)}${lpad('gzip', 12)}${lpad('esbuild raw', 14)}${lpad('gzip', 12)}`);
  const sizeRow = (label, w, e) => console.log(`${pad(label, 34)}${lpad(kb(w.raw), 14)}${lpad(kb(w.gzip), 12)}${lpad(kb(e.raw), 14)}${lpad(kb(e.gzip), 12)}`);
  for (const name of NAMES) {
    const w = sizes[`${name}/wrangler`];
    const e = sizes[`${name}/esbuild`];
    sizeRow(name === 'ours' ? `${WORKERS[name].label}, total` : WORKERS[name].label, w, e);
    if (name === 'ours') {
      sizeRow('  of which JS', w.js, e.js);
      sizeRow('  of which wasm', w.wasm, e.wasm);
    }
  }
  console.log(`${pad('', 34)}(exact bytes, esbuild gzip: ${NAMES.map((n) => `${n} ${sizes[`${n}/esbuild`].gzip}`).join(', ')})`);

  console.log(`\n(b) cold start in workerd, ms: median of ${RUNS} fresh processes (min-max), spawn to first complete response`);
  console.log(line);
  console.log(`${pad('', 34)}${lpad('esbuild /list', 15)}${lpad('/ping', 15)}${lpad('wrangler /list', 16)}${lpad('/ping', 15)}`);
  for (const name of NAMES) {
    const cell = (b, route) => `${med(`${name}/${b}`, route).toFixed(1)} (${spread(`${name}/${b}`, route)})`;
    console.log(`${pad(WORKERS[name].label, 34)}${lpad(cell('esbuild', '/list'), 15)}${lpad(cell('esbuild', '/ping'), 15)}${lpad(cell('wrangler', '/list'), 16)}${lpad(cell('wrangler', '/ping'), 15)}`);
  }

  console.log('\n(c) ratios, ours ÷ other (below 1: ours is smaller or starts faster)');
  console.log(line);
  console.log(`${pad('', 34)}${lpad('gzip esbuild', 13)}${lpad('gzip wrangler', 14)}${lpad('/list esb', 11)}${lpad('/ping esb', 11)}${lpad('/list wr', 10)}${lpad('/ping wr', 10)}`);
  for (const name of NAMES.filter((n) => n !== 'ours')) {
    const r = (a, b) => `${(a / b).toFixed(2)}x`;
    console.log(`${pad(`vs ${WORKERS[name].label}`, 34)}`
      + `${lpad(r(sizes['ours/esbuild'].gzip, sizes[`${name}/esbuild`].gzip), 13)}`
      + `${lpad(r(sizes['ours/wrangler'].gzip, sizes[`${name}/wrangler`].gzip), 14)}`
      + `${lpad(r(med('ours/esbuild', '/list'), med(`${name}/esbuild`, '/list')), 11)}`
      + `${lpad(r(med('ours/esbuild', '/ping'), med(`${name}/esbuild`, '/ping')), 11)}`
      + `${lpad(r(med('ours/wrangler', '/list'), med(`${name}/wrangler`, '/list')), 10)}`
      + `${lpad(r(med('ours/wrangler', '/ping'), med(`${name}/wrangler`, '/ping')), 10)}`);
  }
  const d = med('ours/esbuild', '/ping') - med('fetch/esbuild', '/ping');
  console.log(`\nscript start-up (/ping, esbuild) vs the no-library floor: ${d >= 0 ? '+' : ''}${d.toFixed(1)} ms`);

  // (d) The same inside one process (esbuild builds), round-robin over the Workers.
  const iso = {};
  for (let i = 0; i < ISOLATE_RUNS; i++) {
    for (const name of NAMES) {
      const dir = join(work, name, 'out-esbuild');
      const r = (iso[name] ??= { ready: [], first: [], second: [] });
      r.ready.push((await thrice(() => isolates(dir, standIn.url, COPIES, '/ping'))).ready);
      const list = await thrice(() => isolates(dir, standIn.url, COPIES, '/list'));
      r.first.push(...list.first);
      r.second.push(...list.second);
    }
  }
  const startup = (name) => (median(iso[name].ready) - median(iso.fetch.ready)) / COPIES;
  const coldList = (name) => startup(name) + median(iso[name].first);
  console.log(`\n(d) inside one workerd process: ${COPIES} copies of each Worker (esbuild), each its own isolate and module copies;`);
  console.log(`    medians over ${ISOLATE_RUNS} processes per Worker and route, ms`);
  console.log(line);
  console.log(`${pad('', 34)}${lpad('start-up/isolate', 17)}${lpad('first /list', 13)}${lpad('second /list', 14)}${lpad('both cold', 11)}${lpad('ours ÷', 8)}`);
  for (const name of NAMES) {
    const r = iso[name];
    const ratio = name === 'ours' ? '' : `${(coldList('ours') / coldList(name)).toFixed(2)}x`;
    console.log(`${pad(WORKERS[name].label, 34)}${lpad(`${startup(name) >= 0 ? '+' : ''}${startup(name).toFixed(2)}`, 17)}`
      + `${lpad(median(r.first).toFixed(2), 13)}${lpad(median(r.second).toFixed(2), 14)}${lpad(coldList(name).toFixed(2), 11)}${lpad(ratio, 8)}`);
  }
  console.log(`${pad('', 34)}(start-up: ready time of ${COPIES} copies over the no-library floor's, per copy;`);
  console.log(`${pad('', 34)} both cold: start-up/isolate + first /list)`);

  const compiled = await wasmCompiledForList(configs['ours/esbuild']);
  console.log(`wasm V8 compiles for ours' first /list (lazily, on first call): ${compiled.functions} functions, `
    + `${kb(compiled.bytes)} of the ${kb(sizes['ours/esbuild'].wasm.raw)} module`);
  console.log(`bench: ${variants.length * RUNS + Object.keys(configs).length * 2 + 1 + NAMES.length * 2 * ISOLATE_RUNS} workerd processes in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (e) {
  console.error(`bench: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  if (standIn) standIn.child.kill('SIGTERM');
  if (KEEP) console.log(`(kept ${work})`);
  else await rm(work, { recursive: true, force: true });
}
