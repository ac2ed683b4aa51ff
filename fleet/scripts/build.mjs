// Bundles the Worker the way `wrangler deploy` does (wrangler's own
// --dry-run build, with the wasm as a separate module) into dist/, for the
// tests and the benchmark to run in workerd. The package is the project's
// build in ../pkg, linked in as node_modules/origin-regions so that the
// Worker imports it by name, through its "workerd" export, as a deployment
// from npm would.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const fleet = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(fleet, '..', 'pkg');
const link = join(fleet, 'node_modules', 'origin-regions');

if (!existsSync(join(pkg, 'workerd.mjs'))) {
  console.error(`build: ${pkg}/workerd.mjs is missing: build the package first (bash scripts/build.sh)`);
  process.exit(1);
}
const target = relative(dirname(link), pkg);
let linked = false;
try {
  linked = lstatSync(link).isSymbolicLink() && readlinkSync(link) === target;
} catch {}
if (!linked) {
  rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

rmSync(join(fleet, 'dist'), { recursive: true, force: true });
execFileSync(
  join(fleet, 'node_modules', '.bin', 'wrangler'),
  ['deploy', '--dry-run', '--outdir', 'dist', '--config', 'wrangler.jsonc'],
  { cwd: fleet, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
);
console.log('build: dist/ ready');
