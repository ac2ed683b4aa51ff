// The packaging suite's Worker of `origin-regions/ranges`: src/ranges.js of
// the worker consumer, bundled by wrangler on its own (the root's module and
// RegionIndex's, each a .wasm module import) and run in workerd by
// Miniflare. check-worker.mjs passes its closers and the package folder.
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, runOk, wranglerEnv } from './lib.mjs';
import { assert, check, reportAll } from './results.mjs';
import { startWorker, workerResults } from './workerd.mjs';


/** `origin-regions/ranges` in a Worker bundled by wrangler: its own .wasm module beside the root's. */
export async function rangesWorker(d, { closers, pkgDir }) {
  const G = 'worker';
  const out = join(d, 'dist-ranges');
  const built = await check(G, 'wrangler bundles a Worker of origin-regions/ranges (src/ranges.js)', async () => {
    await runOk(bin('wrangler'), ['deploy', 'src/ranges.js', '--dry-run', '--outdir', out], { cwd: d, env: wranglerEnv(join(d, '.logs')), timeoutMs: 120_000 });
  });
  if (!built) return;
  const files = (await readdir(out)).filter((f) => /\.(m?js|wasm)$/.test(f));
  const main = files.find((f) => f === 'ranges.js') ?? 'index.js';
  const code = await readFile(join(out, main), 'utf8');
  await check(G, 'the workerd condition picks ranges/workerd.mjs: two .wasm modules (root and ranges), imported', () => {
    const sizes = files.filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(join(out, f)).length).sort();
    const want = [join(pkgDir, 'origin_regions_bg.wasm'), join(pkgDir, 'ranges/origin_regions_ranges_bg.wasm')].map((f) => readFileSync(f).length).sort();
    assert(JSON.stringify(sizes) === JSON.stringify(want), `wasm sizes ${JSON.stringify(sizes)}, wanted ${JSON.stringify(want)} (${files.join(', ')})`);
    assert(code.includes('node_modules/origin-regions/ranges/workerd.mjs'), 'ranges/workerd.mjs is not in the bundle');
    assert(!code.includes('AGFzbQ'), 'a base64 wasm (browser.mjs) is in the bundle');
  });
  const mf = startWorker({ out, main, files, closers });
  const results = await workerResults(mf, 'http://worker.test/', 'ranges suite');
  reportAll(G, results);
}
