// Runs a Worker that wrangler bundled into `out` in workerd (Miniflare), and
// reads the named results its suite route answers. Used by check-worker.mjs
// and ranges-worker.mjs.
import { join } from 'node:path';
import { requireTool } from './lib.mjs';

/** Starts the bundle's `main` module with the others beside it (.wasm as compiled modules); disposed by `closers`. */
export function startWorker({ out, main, files, bindings = {}, closers }) {
  const { Miniflare } = requireTool('miniflare');
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: join(out, main) },
      ...files.filter((f) => f !== main).map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(out, f) })),
    ],
    modulesRoot: out,
    compatibilityDate: '2025-06-01',
    bindings,
  });
  closers.push(() => mf.dispose());
  return mf;
}

/** The results the Worker answers at `url`; an answer that is not JSON is one failed result named `name`. */
export async function workerResults(mf, url, name) {
  const res = await mf.dispatchFetch(url);
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return [{ name, ok: false, detail: `status ${res.status}: ${text.slice(0, 2000)}` }];
  }
}
