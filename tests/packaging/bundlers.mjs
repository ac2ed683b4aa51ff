// The bundled browser consumers (the `vite` and `webpack` groups, run from
// check-browsers.mjs): each is built with the bundler's default settings,
// served statically and opened in headless Chromium three ways: as built;
// with the .wasm sent as application/octet-stream (browser.mjs's
// non-streaming fallback); without the .wasm file (a bundler that did not
// emit it: the inlined copy).
import { readdir, readFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { bin, runOk, serveStatic } from './lib.mjs';
import { openResultsPage } from './page.mjs';
import { assert, check, report, reportAll } from './results.mjs';

const BASE64_MARK = 'AGFzbQ'; // "\0asm" in base64: the inlined copy of the wasm

/** Files under `dir` (relative paths), recursively. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

const tlaLines = (r) => `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => /top-level await/i.test(l));

/** Builds each wanted bundler consumer: { group: distDir | null }. */
export async function buildBundled({ wanted, dir, pkgDir }) {
  const dists = {};
  if (wanted('vite')) {
    const d = dir('vite');
    const built = await check('vite', 'vite build (default browser targets, no config)', async () => {
      const r = await runOk(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: d, timeoutMs: 120_000 });
      assert(tlaLines(r).length === 0, tlaLines(r).join('\n'));
    });
    // Vite 8's default targets accept top-level await, and an older target only
    // warns of it: so build once more for es2020 and require no such warning.
    await check('vite', 'no top-level await in the bundle (vite build --target es2020 warns of none)', async () => {
      const r = await runOk(bin('vite'), ['build', '--logLevel', 'warn', '--target', 'es2020', '--outDir', 'dist-es2020'], { cwd: d, timeoutMs: 120_000 });
      assert(tlaLines(r).length === 0, tlaLines(r).join('\n'));
    });
    dists.vite = built ? join(d, 'dist') : null;
  }
  if (wanted('webpack')) {
    const d = dir('webpack');
    const built = await check('webpack', 'webpack build (no config: src/index.js to dist/main.js)', async () => {
      await runOk(bin('webpack'), [], { cwd: d, timeoutMs: 180_000 });
      await cp(join(d, 'index.html'), join(d, 'dist', 'index.html'));
    });
    dists.webpack = built ? join(d, 'dist') : null;
  }
  const wasm = await readFile(join(pkgDir, 'origin_regions_bg.wasm'));
  for (const [group, dist] of Object.entries(dists)) {
    if (!dist) continue;
    const files = await listFiles(dist);
    await check(group, 'the build emits the wasm once, as its own file, byte for byte', async () => {
      const emitted = files.filter((f) => f.endsWith('.wasm'));
      assert(emitted.length === 1, `.wasm files: ${JSON.stringify(emitted)}`);
      assert(wasm.equals(await readFile(join(dist, emitted[0]))), `${emitted[0]} differs from the package's origin_regions_bg.wasm`);
    });
    await check(group, 'the inlined copy (fallback) is a chunk of its own, not in the entry chunk', async () => {
      const js = files.filter((f) => f.endsWith('.js'));
      const withCopy = [];
      for (const f of js) if ((await readFile(join(dist, f), 'utf8')).includes(BASE64_MARK)) withCopy.push(f);
      assert(withCopy.length === 1, `chunks holding the base64 wasm: ${JSON.stringify(withCopy)} of ${JSON.stringify(js)}`);
      const html = await readFile(join(dist, 'index.html'), 'utf8');
      assert(!html.includes(withCopy[0].split('/').pop()), `index.html loads ${withCopy[0]}`);
    });
  }
  return dists;
}

/**
 * Opens one bundled page: { results, wasm, jsWithCopy, warnings, errors },
 * where `wasm` lists the .wasm responses (status, type) and `jsWithCopy` the
 * scripts holding the inlined copy.
 */
async function openBundled(browser, url) {
  const wasm = [];
  const jsWithCopy = [];
  const got = await openResultsPage(browser, url, (page, pending) => {
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith('.wasm')) wasm.push({ path: u.pathname, status: r.status(), type: r.headers()['content-type'] });
      if (u.pathname.endsWith('.js')) {
        pending.push(r.text().then((t) => { if (t.includes(BASE64_MARK)) jsWithCopy.push(u.pathname); }, () => {}));
      }
    });
  });
  return { ...got, wasm, jsWithCopy };
}

/** The three ways each built consumer is served and opened. */
export async function checkBundledPages({ dists, browser, api, zones, closers }) {
  for (const [group, dist] of Object.entries(dists)) {
    if (!dist) continue;
    const ways = [
      ['as built', {}],
      ['.wasm sent as application/octet-stream', { types: { '.wasm': 'application/octet-stream' } }],
      ['no .wasm file (a bundler that did not emit it)', { hide: (path) => path.endsWith('.wasm') }],
    ];
    for (const [i, [way, serveOpts]] of ways.entries()) {
      const zone = zones[group][i];
      const earlyZone = `c${zone.slice(1)}`;
      api.state.setMappings(earlyZone, [
        { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
        { ip: '192.0.2.2', vendor: 'gcp', region: 'us-central1' },
        { ip: '2001:db8::3', vendor: 'azure', region: 'eastus' },
      ]);
      const server = await serveStatic(dist, serveOpts);
      closers.push(server.close);
      const q = `?api=${encodeURIComponent(api.url)}&zone=${zone}&earlyZone=${earlyZone}`;
      const got = await openBundled(browser, `${server.url}index.html${q}`);
      await server.close();
      reportAll(`${group} (${way})`, got.results);
      report(group, `${way}: no uncaught errors in the page`, got.errors.length === 0, got.errors.join('\n'));
      const detail = JSON.stringify({ wasm: got.wasm, jsWithCopy: got.jsWithCopy });
      if (i === 0) {
        report(group, `${way}: the wasm arrives as its own file, once, as application/wasm; the inlined copy is not loaded`,
          got.wasm.length === 1 && got.wasm[0].status === 200 && got.wasm[0].type === 'application/wasm' && got.jsWithCopy.length === 0, detail);
        report(group, `${way}: no WebAssembly warnings in the console (streaming compilation)`, got.warnings.length === 0, got.warnings.join('\n'));
      } else if (i === 1) {
        report(group, `${way}: the wasm file is fetched once and compiled from its bytes; the inlined copy is not loaded`,
          got.wasm.length === 1 && got.wasm[0].status === 200 && got.wasm[0].type === 'application/octet-stream' && got.jsWithCopy.length === 0, detail);
      } else {
        report(group, `${way}: the .wasm request fails and the inlined copy's chunk is loaded`,
          got.wasm.length === 1 && got.wasm[0].status === 404 && got.jsWithCopy.length === 1, detail);
      }
    }
  }
}
