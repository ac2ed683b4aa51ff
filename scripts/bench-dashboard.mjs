#!/usr/bin/env node
// Benchmark (prints figures; not a test): the dashboard case. One page that
// lists a zone's first 100 origin cloud region mappings, written three ways:
//   ours       origin-regions, from `npm pack` of pkg/ (build it first)
//   sdk-full   the official `cloudflare` SDK, `new Cloudflare()` (its README)
//   sdk-tree   the official SDK's `createClient` from `cloudflare/tree-shakable`
//              with only BaseOriginCloudRegions
// each built by Vite and by webpack with their default settings (no config).
// Each page is served by a local server of its own that forwards /client/v4 to
// the API stand-in (same origin, so no client pays for a CORS preflight),
// opened in fresh Chromium contexts (no cache), the pages interleaved; it
// prints, per page, the JS + wasm the page loaded (gzip -9, summed) and the
// median time from navigation start to the list in the DOM, then ratios.
//
//   node scripts/bench-dashboard.mjs [--runs N (at least 15; default 15)] [--keep] [--pkg DIR]
//   --pkg measures another build of the package folder than pkg/
import { createServer, request } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CHROMIUM, CHROMIUM_ARGS, bin, makeConsumer, packPackage, requireTool, runOk, snapshotPackage, toolsDir,
} from '../tests/packaging/lib.mjs';
import { startMockApi } from '../tests/mock-api/server.mjs';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = Math.max(15, runsArg >= 0 ? Number(args[runsArg + 1]) || 15 : 15);
const KEEP = args.includes('--keep');
const pkgArg = args.indexOf('--pkg');
const PKG = pkgArg >= 0 ? resolve(args[pkgArg + 1]) : undefined;
const ZONE = 'd0000000000000000000000000000100';
const VENDORS = [['aws', 'us-east-1'], ['gcp', 'us-central1'], ['azure', 'eastus'], ['oci', 'us-ashburn-1']];

// What every page does with its list: one table, then the time.
const RENDER = `export function render(rows) {
  const table = document.createElement('table');
  for (const { ip, vendor, region } of rows) {
    const tr = table.insertRow();
    for (const text of [ip, vendor, region]) tr.insertCell().textContent = text;
  }
  document.getElementById('app').replaceChildren(table);
  window.__listed = { ms: performance.now(), rows: rows.length };
}
export function fail(error) {
  window.__listed = { error: String(error && error.stack ? error.stack : error) };
}
`;
const API = `location.origin + '/client/v4'`;
const APPS = {
  ours: {
    label: 'ours (origin-regions)',
    src: `import { OriginRegionsClient } from 'origin-regions';
import { render, fail } from './render.js';
const client = new OriginRegionsClient({ zoneId: '${ZONE}', apiToken: 'test-token', baseUrl: ${API}, dangerouslyAllowBrowser: true, logLevel: 'off' });
client.list({ perPage: 100 }).then((page) => render(page.items), fail);
`,
  },
  'sdk-full': {
    label: 'official full client',
    src: `import Cloudflare from 'cloudflare';
import { render, fail } from './render.js';
const client = new Cloudflare({ apiToken: 'test-token', baseURL: ${API} });
client.cache.originCloudRegions.list({ zone_id: '${ZONE}', per_page: 100 })
  .then((page) => render(page.getPaginatedItems().map((m) => ({ ip: m.origin_ip, vendor: m.vendor, region: m.region }))), fail);
`,
  },
  'sdk-tree': {
    label: 'official tree-shakable createClient',
    src: `import { createClient } from 'cloudflare/tree-shakable';
import { BaseOriginCloudRegions } from 'cloudflare/resources/cache/origin-cloud-regions';
import { render, fail } from './render.js';
const client = createClient({ apiToken: 'test-token', baseURL: ${API}, resources: [BaseOriginCloudRegions] });
client.cache.originCloudRegions.list({ zone_id: '${ZONE}', per_page: 100 })
  .then((page) => render(page.getPaginatedItems().map((m) => ({ ip: m.origin_ip, vendor: m.vendor, region: m.region }))), fail);
`,
  },
};
const html = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mappings</title></head>
<body><div id="app">loading</div>${script}</body></html>
`;
// Default settings: Vite takes index.html, webpack src/index.js to dist/main.js.
const BUNDLERS = {
  vite: {
    async write(d, src) {
      await writeFile(join(d, 'index.html'), html('<script type="module" src="./main.js"></script>'));
      await writeFile(join(d, 'main.js'), src);
      await writeFile(join(d, 'render.js'), RENDER);
    },
    build: (d) => runOk(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: d, timeoutMs: 300_000 }),
  },
  webpack: {
    async write(d, src) {
      await mkdir(join(d, 'src'), { recursive: true });
      await writeFile(join(d, 'src', 'index.js'), src);
      await writeFile(join(d, 'src', 'render.js'), RENDER);
    },
    async build(d) {
      await runOk(bin('webpack'), [], { cwd: d, timeoutMs: 300_000 });
      await writeFile(join(d, 'dist', 'index.html'), html('<script src="./main.js"></script>'));
    },
  },
};

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

/** Serves one page's dist/ (Vite's default base is /) and forwards /client/v4 to the stand-in. */
function serve(root, apiPort) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith('/client/v4/')) {
      const fwd = request({ host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      fwd.on('error', () => res.writeHead(502).end());
      req.pipe(fwd);
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}`, server })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

const work = await mkdtemp(join(tmpdir(), 'origin-regions-bench-dashboard-'));
let api;
let browser;
const servers = [];
try {
  const pkg = await snapshotPackage(work, PKG);
  const version = PKG ? PKG : (await runOk('git', ['rev-parse', '--short', 'HEAD'], { cwd: toolsDir })).stdout.trim();
  const tarball = await packPackage(pkg, work);
  const cloudflare = join(toolsDir, 'node_modules', 'cloudflare');
  const sdkVersion = JSON.parse(await readFile(join(cloudflare, 'package.json'), 'utf8')).version;
  const pages = [];
  for (const [app, { label, src }] of Object.entries(APPS)) {
    for (const [bundler, b] of Object.entries(BUNDLERS)) {
      const name = `${app}-${bundler}`;
      const d = join(work, name);
      await makeConsumer(d, app === 'ours' ? tarball : null, { name: `bench-${name}`, type: 'module' }, app === 'ours' ? {} : { cloudflare });
      await b.write(d, src);
      process.stderr.write(`bench-dashboard: building ${name}\n`);
      await b.build(d);
      pages.push({ name, app, bundler, label, dist: join(d, 'dist'), times: [], bytes: null, files: null });
    }
  }

  api = await startMockApi({ port: 0 });
  api.state.setMappings(ZONE, Array.from({ length: 100 }, (_, i) => {
    const [vendor, region] = VENDORS[i % VENDORS.length];
    return { ip: i % 2 ? `2001:db8::${(i + 1).toString(16)}` : `192.0.2.${i + 1}`, vendor, region };
  }));
  for (const p of pages) {
    const served = await serve(p.dist, api.port);
    servers.push(served.server);
    p.url = `${served.url}/`;
  }

  const loadBefore = loadavg()[0];
  const { chromium } = requireTool('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  // One warm-up load of each page (Chromium's own first-use costs), not counted.
  for (let run = -1; run < RUNS; run++) {
    for (const p of pages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const loaded = [];
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (/\.(m?js|wasm)$/.test(u.pathname) && r.status() === 200) loaded.push(u.pathname.slice(1));
      });
      const problems = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
      await page.goto(p.url);
      await page.waitForFunction(() => window.__listed !== undefined, null, { timeout: 30_000 }).catch((e) => {
        throw new Error(`${p.name}: ${e.message}\n${problems.join('\n')}`);
      });
      const listed = await page.evaluate(() => window.__listed);
      await context.close();
      if (listed.error || listed.rows !== 100) throw new Error(`${p.name}: ${listed.error ?? `${listed.rows} rows`}`);
      if (run < 0) continue;
      p.times.push(listed.ms);
      const files = [...new Set(loaded)].sort();
      if (p.files && p.files.join() !== files.join()) throw new Error(`${p.name}: loaded ${files} then ${p.files}`);
      p.files = files;
    }
  }
  for (const p of pages) {
    p.bytes = 0;
    for (const f of p.files) p.bytes += gzipSync(await readFile(join(p.dist, f)), { level: 9 }).length;
  }

  const out = [];
  out.push(`bench-dashboard: origin-regions ${version}, cloudflare ${sdkVersion}; ${RUNS} fresh Chromium contexts per page, median; ` +
    `load average ${loadBefore.toFixed(1)} before the runs, ${loadavg()[0].toFixed(1)} after (${cpus().length} cores: the machine may be shared)`);
  for (const bundler of Object.keys(BUNDLERS)) {
    out.push('', `### ${bundler === 'vite' ? 'Vite' : 'webpack'} build (default settings)`, '');
    out.push('| page | JS + wasm shipped, gzipped | first list rendered |', '|---|---|---|');
    for (const p of pages.filter((x) => x.bundler === bundler)) {
      out.push(`| ${p.app === 'ours' ? `ours (${version})` : p.label} | ${kb(p.bytes)} | ${median(p.times).toFixed(1)} ms |`);
    }
    const [ours, full, tree] = ['ours', 'sdk-full', 'sdk-tree'].map((a) => pages.find((x) => x.app === a && x.bundler === bundler));
    out.push('');
    out.push(`ours ÷ tree-shakable: first list ${(median(ours.times) / median(tree.times)).toFixed(2)}× (target ≤ 1.10×); ` +
      `ours ÷ full client: bytes ${(ours.bytes / full.bytes).toFixed(2)}× (target ≤ 1.00×)`);
    out.push(`fastest of ${RUNS}: ` + [ours, full, tree].map((p) => `${p.app} ${Math.min(...p.times).toFixed(1)} ms`).join(', '));
    out.push(`files ours loaded: ${ours.files.join(', ')}`);
  }
  console.log(out.join('\n'));
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const s of servers) s.close();
  if (api) await api.close();
  if (KEEP) console.error(`bench-dashboard: kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}
