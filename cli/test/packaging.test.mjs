// The command ships as a `bin` of the library's own package and costs its
// other users nothing: no dependency, and no byte of it in what a page, a
// Worker or a Node program bundles from `import ... from 'origin-regions'`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ROOT } from './helpers.mjs';

const PKG = join(ROOT, 'pkg');
const { build } = await import(join(ROOT, 'scripts/node_modules/esbuild/lib/main.js'));

// Texts only the command's code carries (its CSV library, its inventory
// reader, its help, its use of the environment and of readline).
const CLI_MARKERS = ['papaparse', 'quoted field is not closed', 'parseInventory', 'formatInventoryCsv', 'origin-regions <command>', 'CLOUDFLARE_API_TOKEN', 'node:readline'];

let consumer;
before(() => {
  consumer = mkdtempSync(join(tmpdir(), 'origin-regions-consumer-'));
  const tarball = execFileSync('npm', ['pack', '--loglevel=error', '--pack-destination', consumer], { cwd: PKG, encoding: 'utf8' }).trim().split('\n').at(-1);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(consumer, tarball)], { cwd: consumer });
});

test('the package keeps no dependency, and names its command as a bin', () => {
  const pj = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    assert.equal(Object.keys(pj[field] ?? {}).length, 0, field);
  }
  assert.deepEqual(pj.bin, { 'origin-regions': 'cli.mjs' });
  assert.ok(pj.files.includes('cli.mjs'));
  const cli = readFileSync(join(PKG, 'cli.mjs'), 'utf8');
  assert.ok(cli.startsWith('#!/usr/bin/env node\n'));
  assert.ok(statSync(join(PKG, 'cli.mjs')).mode & 0o100, 'executable');
  // The command imports the library through the package's Node entry, never bundled in.
  assert.match(cli, /from "\.\/node\.mjs"/);
  assert.doesNotMatch(cli, /origin_regions_bg|wasmBase64/);
  for (const marker of CLI_MARKERS) assert.ok(cli.includes(marker), `the marker "${marker}" is in cli.mjs (so its absence below means something)`);
});

test('installed from the tarball: nothing else is installed, and the bin runs', () => {
  const installed = readdirSync(join(consumer, 'node_modules')).filter((d) => !d.startsWith('.'));
  assert.deepEqual(installed, ['origin-regions']);
  const version = execFileSync(join(consumer, 'node_modules/.bin/origin-regions'), ['--version'], { encoding: 'utf8' }).trim();
  assert.equal(version, JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version);
  const npx = execFileSync('npx', ['--no-install', 'origin-regions', 'check', '-'], {
    cwd: consumer, input: '192.0.2.1,aws,us-east-1\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
  });
  assert.equal(npx, '');
});

for (const [name, options] of [
  ['a page (browser)', { platform: 'browser' }],
  ['a Worker (workerd)', { platform: 'neutral', conditions: ['workerd', 'worker'], mainFields: ['module', 'main'] }],
  ['a Node program', { platform: 'node' }],
]) {
  test(`${name} importing the library bundles nothing of the command`, async () => {
    writeFileSync(join(consumer, 'entry.mjs'), "import { OriginRegionsClient } from 'origin-regions';\nglobalThis.client = OriginRegionsClient;\n");
    const result = await build({
      absWorkingDir: consumer,
      entryPoints: ['entry.mjs'],
      bundle: true,
      write: false,
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      external: ['node:*', '*.wasm'], // wrangler, not esbuild, loads the Worker's wasm
      ...options,
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((p) => p.includes('node_modules/origin-regions/')), inputs.join(', '));
    assert.ok(!inputs.some((p) => /cli\.mjs|papaparse/.test(p)), inputs.join(', '));
    const code = result.outputFiles.map((f) => f.text).join('\n');
    assert.ok(code.includes('OriginRegionsClient'), 'the bundle has the library');
    for (const marker of CLI_MARKERS) assert.ok(!code.includes(marker), `the bundle contains "${marker}"`);
  });
}
