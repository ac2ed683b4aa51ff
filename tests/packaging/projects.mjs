// The scratch consumer projects: each a package.json, the packed tarball
// installed, its own entry from consumers/<group>/ and the shared modules
// (consumers/*.mjs) it imports.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { makeConsumer } from './lib.mjs';

const consumers = join(new URL('.', import.meta.url).pathname, 'consumers');

// Copies `own` from consumers/<group>/, then the `shared` modules into `sub`.
async function copyConsumer(group, d, own, shared = [], sub = '.') {
  for (const f of own) await cp(join(consumers, group, f), join(d, f), { recursive: true });
  for (const f of shared) await cp(join(consumers, f), join(d, sub, f));
}

const NODE_SHARED = ['node-suites.mjs', 'suite.mjs', 'ranges-suite.mjs'];
const PAGE_SHARED = ['bundled-page.mjs', 'early.mjs', 'suite.mjs'];
const PROJECTS = {
  'node-esm': { type: 'module', own: ['test.mjs'], shared: NODE_SHARED },
  'node-cjs': { type: 'commonjs', own: ['test.cjs'], shared: NODE_SHARED },
  worker: { type: 'module', own: ['wrangler.toml', 'src'], shared: ['suite.mjs', 'ranges-suite.mjs'], sub: 'src' },
  vite: { type: 'module', own: ['index.html', 'main.js'], shared: PAGE_SHARED },
  webpack: { type: 'module', own: ['index.html', 'src'], shared: PAGE_SHARED, sub: 'src' },
  web: { type: 'module', own: ['index.html'], shared: ['suite.mjs', 'ranges-suite.mjs'] },
  types: { type: 'module', own: ['ok.ts', 'ok-cjs.cts', 'bad-vendor.ts', 'missing-field.ts', 'ranges.ts'] },
};

/** Makes the wanted groups' projects under `work`; returns `dir(group)`, their folder. */
export async function makeProjects(work, tarball, wanted) {
  const dir = (group) => join(work, group);
  const needed = Object.keys(PROJECTS).filter((g) => wanted(g));
  await Promise.all(needed.map(async (g) => {
    const { type, own, shared, sub } = PROJECTS[g];
    await makeConsumer(dir(g), tarball, { name: `consumer-${g}`, type });
    await copyConsumer(g, dir(g), own, shared, sub);
  }));
  return dir;
}
