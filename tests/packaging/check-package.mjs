// The `package` group: the package's own metadata: the files npm packs, the
// exports map, publint and attw (Are the Types Wrong?) on the tarball.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, run, runOk } from './lib.mjs';
import { assert, check } from './results.mjs';

export async function packageChecks({ tarball, work, pkgDir }) {
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
    // RegionIndex's module imports the error class and suggest's answer builder.
    const rangesNames = rangesSnippets.map((p) => p.slice('ranges/'.length));
    assert(
      rangesNames.length === 2 && snippet('error').test(rangesNames[0]) && snippet('suggestion').test(rangesNames[1]),
      `ranges snippets ${JSON.stringify(rangesSnippets)}`,
    );
    const rangesGlue = readFileSync(join(pkgDir, 'ranges/origin_regions_ranges.js'), 'utf8');
    for (const s of rangesNames) assert(rangesGlue.includes(`./${s}`), `the ranges glue does not import ${s}`);
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
    const r = await runOk(bin('publint'), ['run', tarball, '--strict'], { cwd: work });
    assert(/All good/.test(r.stdout), r.stdout);
  });
  // CommonJS is offered through Node's require(esm) (20.19+, 22.12+): TypeScript
  // models that only from `module: node20`/`nodenext`; attw's node16-cjs mode
  // predates it and reports CJSResolvesToESM, which is ignored (and only that).
  // node10 is skipped (profile node16): it cannot see the `./web` subpath.
  const attwArgs = [tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--no-definitely-typed'];
  await check(G, `attw ${attwArgs.slice(1).join(' ')}`, async () => {
    await runOk(bin('attw'), [...attwArgs, '--format', 'ascii'], { cwd: work });
  });
  await check(G, 'attw: types resolve to index.d.ts (ranges/index.d.ts for ./ranges) under node16 ESM, node16 CJS and bundler; nothing else ignored', async () => {
    const r = await run(bin('attw'), [tarball, '--no-definitely-typed', '--format', 'json'], { cwd: work });
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
