#!/usr/bin/env node
// Packaging tests: packs pkg/ (built beforehand by scripts/build.sh) with
// `npm pack`, installs the tarball into scratch consumer projects, starts
// the local API stand-in and checks that `import ... from 'origin-regions'`
// works in every runtime the package promises, plus the TypeScript
// declarations and the package's own metadata. Prints one line per check
// and ends with `N passed, M failed`; exits 1 on any failure.
//
//   node tests/packaging/run.mjs [--keep] [--only group,group] [--pkg DIR]
//   groups: node-esm node-cjs worker vite webpack web types package
//   --pkg checks another build of the package folder than pkg/
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  CHROMIUM, CHROMIUM_ARGS, bin, makeConsumer, packPackage, requireTool, run, runOk, serveStatic,
  snapshotPackage, wranglerEnv,
} from './lib.mjs';
import { buildBundled, checkBundledPages } from './bundlers.mjs';
import { openResultsPage } from './page.mjs';
import { startMockApi } from '../mock-api/server.mjs';
import { rangesWorker } from './ranges-worker.mjs';

const here = new URL('.', import.meta.url).pathname;
const consumers = join(here, 'consumers');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
const wanted = (group) => !only || only.has(group);
const pkgArg = args.indexOf('--pkg');
const pkgSource = pkgArg >= 0 ? resolve(args[pkgArg + 1]) : undefined;

// Zones: one per runtime so nothing depends on another suite's leftovers.
const ZONES = {
  'node-esm': 'a0000000000000000000000000000001',
  'node-cjs': 'a0000000000000000000000000000002',
  worker: 'a0000000000000000000000000000003',
  workerList: 'a0000000000000000000000000000004',
  // the bundled pages, one zone per way of serving them (bundlers.mjs)
  vite: ['b0000000000000000000000000000051', 'b0000000000000000000000000000052', 'b0000000000000000000000000000053'],
  webpack: ['b0000000000000000000000000000061', 'b0000000000000000000000000000062', 'b0000000000000000000000000000063'],
  web: 'a0000000000000000000000000000006',
};

// ---- results ------------------------------------------------------------------
let passed = 0;
let failed = 0;
function report(group, name, ok, detail) {
  if (ok) passed++;
  else failed++;
  const line = `${ok ? 'ok  ' : 'FAIL'}  ${group}: ${name}`;
  console.log(line);
  if (!ok && detail) console.log(String(detail).split('\n').map((l) => `        ${l}`).join('\n'));
}
function skip(group, name, why) {
  console.log(`skip  ${group}: ${name} (${why})`);
}
/** Runs a named check: ok when `fn` returns without throwing. */
async function check(group, name, fn) {
  try {
    await fn();
    report(group, name, true);
    return true;
  } catch (e) {
    report(group, name, false, e && e.message ? e.message : String(e));
    return false;
  }
}
function reportAll(group, results) {
  if (!Array.isArray(results) || results.length === 0) {
    report(group, 'suite', false, `no results: ${JSON.stringify(results)}`);
    return;
  }
  for (const r of results) report(group, r.name, r.ok, r.detail);
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};
/** Parses the `RESULT {json}` lines a consumer process prints. */
function resultLines(out) {
  return out.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));
}

// ---- set-up -------------------------------------------------------------------
const work = await mkdtemp(join(tmpdir(), 'origin-regions-packaging-'));
let api;
let browser;
const closers = [];
async function cleanup() {
  for (const c of closers.reverse()) await c().catch(() => {});
  if (browser) await browser.close().catch(() => {});
  if (api) await api.close().catch(() => {});
  if (keep) console.log(`(scratch projects kept in ${work})`);
  else await rm(work, { recursive: true, force: true });
}

let pkgDir; // the snapshot of pkg/ this run checks
async function setUp() {
  pkgDir = await snapshotPackage(work, pkgSource);
  const tarball = await packPackage(pkgDir, work);
  const dir = (name) => join(work, name);
  const copyIn = async (from, to, files) => {
    for (const f of files) await cp(join(consumers, from, f), join(to, f), { recursive: true });
  };
  // Each consumer's entry, then the shared modules it imports, into `sub`.
  const consumer = async (group, d, own, shared, sub = '.') => {
    await copyIn(group, d, own);
    for (const f of shared) await cp(join(consumers, f), join(d, sub, f));
  };
  const NODE_SHARED = ['node-suites.mjs', 'suite.mjs', 'ranges-suite.mjs'];
  const PAGE_SHARED = ['bundled-page.mjs', 'early.mjs', 'suite.mjs'];
  const projects = {
    'node-esm': async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-node-esm', type: 'module' });
      await consumer('node-esm', d, ['test.mjs'], NODE_SHARED);
    },
    'node-cjs': async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-node-cjs', type: 'commonjs' });
      await consumer('node-cjs', d, ['test.cjs'], NODE_SHARED);
    },
    worker: async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-worker', type: 'module' });
      await consumer('worker', d, ['wrangler.toml', 'src'], ['suite.mjs', 'ranges-suite.mjs'], 'src');
    },
    vite: async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-vite', type: 'module' });
      await consumer('vite', d, ['index.html', 'main.js'], PAGE_SHARED);
    },
    webpack: async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-webpack', type: 'module' });
      await consumer('webpack', d, ['index.html', 'src'], PAGE_SHARED, 'src');
    },
    web: async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-web', type: 'module' });
      await consumer('web', d, ['index.html'], ['suite.mjs', 'ranges-suite.mjs']);
    },
    types: async (d) => {
      await makeConsumer(d, tarball, { name: 'consumer-types', type: 'module' });
      await copyIn('types', d, ['ok.ts', 'ok-cjs.cts', 'bad-vendor.ts', 'missing-field.ts', 'ranges.ts']);
    },
  };
  const needed = Object.keys(projects).filter((g) => wanted(g));
  await Promise.all(needed.map((g) => projects[g](dir(g))));
  return { tarball, dir };
}

// ---- checks -------------------------------------------------------------------
async function nodeEsm(d) {
  const r = await run(process.execPath, ['test.mjs'], {
    cwd: d,
    env: { ...process.env, ORIGIN_REGIONS_API_URL: api.url, ORIGIN_REGIONS_ZONE: ZONES['node-esm'] },
    timeoutMs: 60_000,
  });
  const results = resultLines(r.stdout);
  if (r.code !== 0 || results.length === 0) report('node-esm', 'process', false, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  reportAll('node-esm', results);
  report('node-esm', 'nothing on stderr', !r.stderr.trim(), r.stderr);
}

async function nodeCjs(d) {
  if (!process.features.require_module) {
    skip('node-cjs', 'require("origin-regions")', `Node ${process.version} has no require(esm); it needs 20.19+ or 22.12+`);
    return;
  }
  const r = await run(process.execPath, ['test.cjs'], {
    cwd: d,
    env: { ...process.env, ORIGIN_REGIONS_API_URL: api.url, ORIGIN_REGIONS_ZONE: ZONES['node-cjs'] },
    timeoutMs: 60_000,
  });
  const results = resultLines(r.stdout);
  if (r.code !== 0 || results.length === 0) report('node-cjs', 'process', false, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  reportAll('node-cjs', results);
  // Some Node lines print an ExperimentalWarning for require(esm); that one is
  // Node's, anything else on stderr is ours.
  const stderr = r.stderr.split('\n').filter((l) => l.trim()
    && !/ExperimentalWarning: (CommonJS module .* is loading ES Module|Support for loading ES Module in require)/.test(l)
    && !/--trace-warnings/.test(l)).join('\n');
  report('node-cjs', 'nothing on stderr (but Node\'s own require(esm) notice)', !stderr, stderr);
}

async function worker(d) {
  const G = 'worker';
  const out = join(d, 'dist');
  const built = await check(G, 'wrangler deploy --dry-run bundles it', async () => {
    await runOk(bin('wrangler'), ['deploy', '--dry-run', '--outdir', out], { cwd: d, env: wranglerEnv(join(d, '.logs')), timeoutMs: 120_000 });
  });
  if (!built) return;
  const files = (await readdir(out)).filter((f) => /\.(m?js|wasm)$/.test(f));
  const wasmFiles = files.filter((f) => f.endsWith('.wasm'));
  const indexJs = await readFile(join(out, 'index.js'), 'utf8');
  await check(G, 'the workerd condition picks workerd.mjs: the .wasm is a module import, not inlined', () => {
    assert(wasmFiles.length === 1, `expected one .wasm module beside index.js, found ${JSON.stringify(files)}`);
    assert(new RegExp(`import \\w+ from "\\./${wasmFiles[0].replace(/[.]/g, '\\.')}"`).test(indexJs), 'index.js does not import the .wasm module');
    assert(indexJs.includes('node_modules/origin-regions/workerd.mjs'), 'workerd.mjs is not in the bundle');
    assert(!indexJs.includes('AGFzbQ'), 'the base64 wasm (browser.mjs) is in the bundle');
    assert(!/readFileSync|node:fs/.test(indexJs), 'node.mjs is in the bundle');
  });
  await check(G, 'the list-only Worker carries the root wasm module only (none of origin-regions/ranges)', async () => {
    const size = (await readFile(join(out, wasmFiles[0]))).length;
    const root = readFileSync(join(pkgDir, 'origin_regions_bg.wasm')).length;
    assert(size === root, `the bundle's .wasm is ${size} bytes, origin_regions_bg.wasm ${root}`);
    assert(!indexJs.includes('RegionIndex') && !indexJs.includes('origin-regions/ranges/'), 'the ranges glue is in the bundle');
  });

  const { Miniflare } = requireTool('miniflare');
  const modules = [
    { type: 'ESModule', path: join(out, 'index.js') },
    ...files.filter((f) => f !== 'index.js').map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(out, f) })),
  ];
  await api.state.setMappings(ZONES.workerList, [
    { ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
    { ip: '2001:db8::10', vendor: 'gcp', region: 'us-central1' },
  ]);
  const mf = new Miniflare({
    modules,
    modulesRoot: out,
    compatibilityDate: '2025-06-01',
    bindings: { API_URL: api.url, API_TOKEN: 'test-token', ZONE_ID: ZONES.workerList, SUITE_ZONE_ID: ZONES.worker },
  });
  closers.push(() => mf.dispose());
  await check(G, 'GET /list in workerd lists the mappings from the stand-in', async () => {
    const res = await mf.dispatchFetch('http://worker.test/list');
    const body = await res.text();
    assert(res.status === 200, `status ${res.status}: ${body.slice(0, 500)}`);
    const page = JSON.parse(body);
    const got = page.items.map((m) => [m.ip, m.vendor, m.region]).sort();
    const want = [['192.0.2.10', 'aws', 'us-east-1'], ['2001:db8::10', 'gcp', 'us-central1']];
    assert(JSON.stringify(got) === JSON.stringify(want), `items ${JSON.stringify(got)}`);
    assert(page.totalCount === 2 && page.page === 1 && page.perPage === 5 && page.totalPages === 1, `page fields ${body}`);
    const log = api.state.getRequests(ZONES.workerList);
    assert(log.length === 1 && log[0].method === 'GET' && log[0].auth === 'bearer', `stand-in saw ${JSON.stringify(log)}`);
  });
  await check(G, 'errors thrown in workerd are instanceof OriginRegionsError', async () => {
    const res = await mf.dispatchFetch('http://worker.test/errors');
    const body = await res.json();
    const c = body.constructor ?? {};
    const a = body.api ?? {};
    assert(c.instanceOf && c.isError && c.name === 'OriginRegionsError' && c.kind === 'validation', `constructor error ${JSON.stringify(c)}`);
    assert(a.instanceOf && a.isError && a.kind === 'api' && a.status === 404 && a.code === 1142, `api error ${JSON.stringify(a)}`);
  });
  const res = await mf.dispatchFetch('http://worker.test/suite');
  const text = await res.text();
  let results;
  try {
    results = JSON.parse(text);
  } catch {
    results = [{ name: 'suite', ok: false, detail: `status ${res.status}: ${text.slice(0, 2000)}` }];
  }
  reportAll(G, results);
  await rangesWorker(d, { check, reportAll, closers, pkgDir });
}

async function browsers(ctx) {
  const runWeb = wanted('web');
  const dists = await buildBundled({ wanted, dir: ctx.dir, check, assert, pkgDir });
  const anyBundled = Object.values(dists).some(Boolean);
  if (!anyBundled && !runWeb) return;

  const { chromium } = requireTool('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

  const openPage = async (group, url) => {
    const wasmRequests = [];
    const { results, errors, warnings } = await openResultsPage(browser, url, (page) => {
      page.on('request', (r) => {
        if (/\.wasm(\?|$)/.test(r.url())) wasmRequests.push(r.url());
      });
    });
    reportAll(group, results);
    report(group, 'no uncaught errors in the page', errors.length === 0, errors.join('\n'));
    return { wasmRequests, wasmWarnings: warnings };
  };
  const query = (zone) => `?api=${encodeURIComponent(api.url)}&zone=${zone}`;

  await checkBundledPages({ dists, browser, api, zones: ZONES, report, reportAll, closers });
  if (runWeb) {
    const d = ctx.dir('web');
    const server = await serveStatic(d);
    closers.push(server.close);
    const { wasmRequests, wasmWarnings } = await openPage('web', server.url + 'index.html' + query(ZONES.web));
    const wasmServed = server.served.filter((s) => s.path.endsWith('.wasm'));
    const wantServed = ['/node_modules/origin-regions/origin_regions_bg.wasm', '/node_modules/origin-regions/ranges/origin_regions_ranges_bg.wasm'];
    report('web', 'web.mjs and ranges/web.mjs each fetch their .wasm once, as application/wasm',
      wasmRequests.length === 2 && JSON.stringify(wasmServed.map((s) => s.path).sort()) === JSON.stringify(wantServed),
      `requests ${JSON.stringify(wasmRequests)}, served ${JSON.stringify(wasmServed)}`);
    report('web', 'no WebAssembly warnings in the console (streaming instantiation)', wasmWarnings.length === 0, wasmWarnings.join('\n'));
  }
}

async function types(d) {
  const G = 'types';
  const tsc = bin('tsc');
  const common = ['--strict', '--noEmit', '--skipLibCheck', 'false', '--target', 'es2022'];
  const modes = {
    node16: ['--module', 'node16', '--moduleResolution', 'node16'],
    bundler: ['--module', 'esnext', '--moduleResolution', 'bundler'],
  };
  const tscRun = (file, mode) => run(tsc, [...common, ...mode, file], { cwd: d, timeoutMs: 120_000 });
  const errorsOf = (out) => out.split('\n').filter((l) => /error TS\d+/.test(l));

  const jobs = [];
  for (const [label, mode] of Object.entries(modes)) {
    jobs.push(['ok.ts, every method', label, tscRun('ok.ts', mode), null]);
    jobs.push(['ranges.ts, origin-regions/ranges', label, tscRun('ranges.ts', mode), null]);
    for (const file of ['bad-vendor.ts', 'missing-field.ts']) jobs.push([file, label, tscRun(file, mode), file]);
  }
  jobs.push(['ok-cjs.cts, CommonJS consumer', 'node20', tscRun('ok-cjs.cts', ['--module', 'node20']), null]);
  jobs.push(['ok-cjs.cts, CommonJS consumer', 'nodenext', tscRun('ok-cjs.cts', ['--module', 'nodenext']), null]);

  const expected = {
    'bad-vendor.ts': { code: 'TS2322', text: [`Type '"digitalocean"' is not assignable to type 'Vendor'`] },
    'missing-field.ts': { code: 'TS2741', text: [`Property 'region' is missing`, `required in type 'MappingInput'`] },
  };
  for (const [name, label, promise, bad] of jobs) {
    const r = await promise;
    const out = `${r.stdout}${r.stderr}`;
    if (!bad) {
      report(G, `${name} compiles (tsc --strict, ${label})`, r.code === 0 && errorsOf(out).length === 0, out.trim());
      continue;
    }
    const want = expected[bad];
    const src = readFileSync(join(d, bad), 'utf8').split('\n');
    const line = src.findIndex((l) => l.includes(`expect-error ${want.code}`)) + 1;
    const errs = errorsOf(out);
    const ok = r.code !== 0 && errs.length === 1 && errs[0].startsWith(`${bad}(${line},`) && errs[0].includes(`error ${want.code}:`)
      && want.text.every((t) => errs[0].includes(t));
    report(G, `${bad} fails with exactly ${want.code} on line ${line} (${label})`, ok, `exit ${r.code}\n${out.trim()}`);
  }
  for (const file of ['index.d.ts', 'ranges/index.d.ts']) {
    await check(G, `${file} declares no \`any\``, async () => {
      const dts = await readFile(join(d, 'node_modules/origin-regions', file), 'utf8');
      const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const hits = code.split('\n').filter((l) => /\bany\b/.test(l));
      assert(hits.length === 0, hits.join('\n'));
    });
  }
}

async function packageChecks(ctx) {
  const G = 'package';
  const files = ['README.md', 'browser.mjs', 'index.d.ts', 'node.mjs', 'origin_regions.js', 'origin_regions_bg.wasm',
    'origin_regions_bg.wasm.base64.js', 'origin_regions_error.js', 'package.json', 'ready.mjs', 'web.mjs', 'workerd.mjs', 'cli.mjs',
    ...['browser.mjs', 'index.d.ts', 'node.mjs', 'origin_regions_ranges.js', 'origin_regions_ranges_bg.wasm',
      'origin_regions_ranges_bg.wasm.base64.js', 'web.mjs', 'workerd.mjs'].map((f) => `ranges/${f}`)];
  await check(G, 'npm pack --dry-run lists exactly the files users need', async () => {
    const r = await runOk('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: pkgDir });
    const listed = JSON.parse(r.stdout)[0].files.map((f) => f.path).sort();
    const snippets = listed.filter((p) => p.startsWith('snippets/'));
    const rangesSnippets = listed.filter((p) => p.startsWith('ranges/snippets/'));
    const rest = listed.filter((p) => !p.startsWith('snippets/') && !p.startsWith('ranges/snippets/'));
    assert(JSON.stringify(rest) === JSON.stringify(files.sort()), `listed ${JSON.stringify(rest)}\nwanted ${JSON.stringify(files)}`);
    // wasm-bindgen's snippet directory carries a crate hash; exactly the two JS files the glue imports.
    const snippet = (name) => new RegExp(`^snippets/origin-regions-[0-9a-f]+/src/js/${name}\\.js$`);
    assert(
      snippets.length === 2 && snippet('error').test(snippets[0]) && snippet('iterable').test(snippets[1]),
      `snippets ${JSON.stringify(snippets)}`,
    );
    const glue = readFileSync(join(pkgDir, 'origin_regions.js'), 'utf8');
    for (const s of snippets) assert(glue.includes(`./${s}`), `the glue does not import ${s}`);
    // RegionIndex's module imports the error class only.
    assert(rangesSnippets.length === 1 && snippet('error').test(rangesSnippets[0].slice('ranges/'.length)), `ranges snippets ${JSON.stringify(rangesSnippets)}`);
    const rangesGlue = readFileSync(join(pkgDir, 'ranges/origin_regions_ranges.js'), 'utf8');
    assert(rangesGlue.includes(`./${rangesSnippets[0].slice('ranges/'.length)}`), 'the ranges glue does not import its error.js');
  });
  await check(G, 'exports map: `types` first and `default` last in every entry', () => {
    const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    for (const [sub, target] of Object.entries(pj.exports)) {
      if (typeof target === 'string') continue;
      const keys = Object.keys(target);
      assert(keys[0] === 'types' && keys[keys.length - 1] === 'default', `${sub}: ${keys.join(', ')}`);
    }
    for (const target of Object.values(pj.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))) {
      assert(existsSync(join(pkgDir, target)), `${target} is missing from pkg/`);
    }
  });
  await check(G, 'publint --strict on the tarball', async () => {
    const r = await runOk(bin('publint'), ['run', ctx.tarball, '--strict'], { cwd: work });
    assert(/All good/.test(r.stdout), r.stdout);
  });
  // CommonJS is offered through Node's require(esm) (20.19+, 22.12+): TypeScript
  // models that only from `module: node20`/`nodenext`; attw's node16-cjs mode
  // predates it and reports CJSResolvesToESM, which is ignored (and only that).
  // node10 is skipped (profile node16): it cannot see the `./web` subpath.
  const attwArgs = [ctx.tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--no-definitely-typed'];
  await check(G, `attw ${attwArgs.slice(1).join(' ')}`, async () => {
    await runOk(bin('attw'), [...attwArgs, '--format', 'ascii'], { cwd: work });
  });
  await check(G, 'attw: types resolve to index.d.ts (ranges/index.d.ts for ./ranges) under node16 ESM, node16 CJS and bundler; nothing else ignored', async () => {
    const r = await run(bin('attw'), [ctx.tarball, '--no-definitely-typed', '--format', 'json'], { cwd: work });
    const { analysis } = JSON.parse(r.stdout);
    const unexpected = analysis.problems.filter((p) => !(p.resolutionKind === 'node10' || (p.kind === 'CJSResolvesToESM' && p.resolutionKind === 'node16-cjs')));
    assert(unexpected.length === 0, `problems ${JSON.stringify(unexpected)}`);
    const typesOf = { '.': 'index.d.ts', './web': 'index.d.ts', './ranges': 'ranges/index.d.ts', './ranges/web': 'ranges/index.d.ts' };
    for (const [entry, dts] of Object.entries(typesOf)) {
      for (const kind of ['node16-esm', 'node16-cjs', 'bundler']) {
        const res = analysis.entrypoints[entry].resolutions[kind];
        const file = res && res.resolution && res.resolution.fileName;
        assert(file === `/node_modules/origin-regions/${dts}`, `${entry} ${kind} → ${file}`);
      }
    }
  });
}

// ---- main ---------------------------------------------------------------------
let exitCode = 1;
try {
  const ctx = await setUp();
  console.log(`packaging: npm pack of a snapshot of pkg/ into ${work}`);
  console.log(`packaging: installed ${basename(ctx.tarball)} into scratch projects`);
  api = await startMockApi({ port: 0, seed: true });
  console.log(`packaging: stand-in at ${api.url}`);
  const groups = [
    ['node-esm', wanted('node-esm'), () => nodeEsm(ctx.dir('node-esm'))],
    ['node-cjs', wanted('node-cjs'), () => nodeCjs(ctx.dir('node-cjs'))],
    ['worker (wrangler bundle, run in workerd by Miniflare)', wanted('worker'), () => worker(ctx.dir('worker'))],
    ['vite, webpack, web (headless Chromium)', wanted('vite') || wanted('webpack') || wanted('web'), () => browsers(ctx)],
    ['types (tsc)', wanted('types'), () => types(ctx.dir('types'))],
    ['package (npm pack, publint, attw)', wanted('package'), () => packageChecks(ctx)],
  ];
  for (const [label, enabled, fn] of groups) {
    if (!enabled) continue;
    console.log(`== ${label}`);
    try {
      await fn();
    } catch (e) {
      report(label.split(' ')[0].replace(/,$/, ''), 'ran to the end', false, e && e.stack ? e.stack : String(e));
    }
  }
  exitCode = failed === 0 && passed > 0 ? 0 : 1;
} catch (e) {
  report('setup', 'pack, install and start the stand-in', false, e && e.stack ? e.stack : String(e));
} finally {
  await cleanup();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
