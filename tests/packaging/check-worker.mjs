// The `worker` group: the worker consumer bundled by wrangler (the workerd
// condition) and run in workerd by Miniflare against the stand-in, then
// origin-regions/ranges in a Worker of its own (ranges-worker.mjs).
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, runOk, wranglerEnv } from './lib.mjs';
import { assert, check, reportAll } from './results.mjs';
import { rangesWorker } from './ranges-worker.mjs';
import { startWorker, workerResults } from './workerd.mjs';

export async function worker(d, { api, zones, closers, pkgDir }) {
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

  await api.state.setMappings(zones.workerList, [
    { ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
    { ip: '2001:db8::10', vendor: 'gcp', region: 'us-central1' },
  ]);
  const mf = startWorker({
    out,
    main: 'index.js',
    files,
    bindings: { API_URL: api.url, API_TOKEN: 'test-token', ZONE_ID: zones.workerList, SUITE_ZONE_ID: zones.worker },
    closers,
  });
  await check(G, 'GET /list in workerd lists the mappings from the stand-in', async () => {
    const res = await mf.dispatchFetch('http://worker.test/list');
    const body = await res.text();
    assert(res.status === 200, `status ${res.status}: ${body.slice(0, 500)}`);
    const page = JSON.parse(body);
    const got = page.items.map((m) => [m.ip, m.vendor, m.region]).sort();
    const want = [['192.0.2.10', 'aws', 'us-east-1'], ['2001:db8::10', 'gcp', 'us-central1']];
    assert(JSON.stringify(got) === JSON.stringify(want), `items ${JSON.stringify(got)}`);
    assert(page.totalCount === 2 && page.page === 1 && page.perPage === 5 && page.totalPages === 1, `page fields ${body}`);
    const log = api.state.getRequests(zones.workerList);
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
  const results = await workerResults(mf, 'http://worker.test/suite', 'suite');
  reportAll(G, results);
  await rangesWorker(d, { closers, pkgDir });
}

