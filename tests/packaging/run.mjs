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
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { packPackage, snapshotPackage } from './lib.mjs';
import { report, tally } from './results.mjs';
import { makeProjects } from './projects.mjs';
import { nodeCjs, nodeEsm } from './check-node.mjs';
import { worker } from './check-worker.mjs';
import { browsers } from './check-browsers.mjs';
import { types } from './check-types.mjs';
import { packageChecks } from './check-package.mjs';
import { startMockApi } from '../mock-api/server.mjs';

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

// ---- set-up and clean-up -------------------------------------------------------
const work = await mkdtemp(join(tmpdir(), 'origin-regions-packaging-'));
let api;
let pkgDir; // the snapshot of pkg/ this run checks
const closers = []; // servers, Miniflare instances and the browser, closed last first
async function cleanup() {
  for (const c of closers.reverse()) await c().catch(() => {});
  if (api) await api.close().catch(() => {});
  if (keep) console.log(`(scratch projects kept in ${work})`);
  else await rm(work, { recursive: true, force: true });
}

// ---- main ---------------------------------------------------------------------
let exitCode = 1;
try {
  pkgDir = await snapshotPackage(work, pkgSource);
  const tarball = await packPackage(pkgDir, work);
  const dir = await makeProjects(work, tarball, wanted);
  console.log(`packaging: npm pack of a snapshot of pkg/ into ${work}`);
  console.log(`packaging: installed ${basename(tarball)} into scratch projects`);
  api = await startMockApi({ port: 0, seed: true });
  console.log(`packaging: stand-in at ${api.url}`);
  const env = { api, zones: ZONES, closers, pkgDir };
  const groups = [
    ['node-esm', wanted('node-esm'), () => nodeEsm(dir('node-esm'), { api, zone: ZONES['node-esm'] })],
    ['node-cjs', wanted('node-cjs'), () => nodeCjs(dir('node-cjs'), { api, zone: ZONES['node-cjs'] })],
    ['worker (wrangler bundle, run in workerd by Miniflare)', wanted('worker'), () => worker(dir('worker'), env)],
    ['vite, webpack, web (headless Chromium)', wanted('vite') || wanted('webpack') || wanted('web'), () => browsers({ ...env, wanted, dir })],
    ['types (tsc)', wanted('types'), () => types(dir('types'))],
    ['package (npm pack, publint, attw)', wanted('package'), () => packageChecks({ tarball, work, pkgDir })],
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
  exitCode = tally.failed === 0 && tally.passed > 0 ? 0 : 1;
} catch (e) {
  report('setup', 'pack, install and start the stand-in', false, e && e.stack ? e.stack : String(e));
} finally {
  await cleanup();
}
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(exitCode);
