// The `types` group: tsc --strict over the types consumer's files, in each
// module mode a user may compile with; the bad files fail exactly as marked.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, run } from './lib.mjs';
import { assert, check, report } from './results.mjs';

export async function types(d) {
  const G = 'types';
  const tsc = bin('tsc');
  const common = ['--strict', '--noEmit', '--skipLibCheck', 'false', '--target', 'es2022'];
  const modes = {
    node16: ['--module', 'node16', '--moduleResolution', 'node16'],
    bundler: ['--module', 'esnext', '--moduleResolution', 'bundler'],
  };
  const tscRun = (file, mode) => run(tsc, [...common, ...mode, file], { cwd: d, timeoutMs: 120_000 });
  const errorsOf = (out) => out.split('\n').filter((l) => /error TS\d+/.test(l));

  const jobs = [];
  for (const [label, mode] of Object.entries(modes)) {
    jobs.push(['ok.ts, every method', label, tscRun('ok.ts', mode), null]);
    jobs.push(['ranges.ts, origin-regions/ranges', label, tscRun('ranges.ts', mode), null]);
    for (const file of ['bad-vendor.ts', 'missing-field.ts']) jobs.push([file, label, tscRun(file, mode), file]);
  }
  jobs.push(['ok-cjs.cts, CommonJS consumer', 'node20', tscRun('ok-cjs.cts', ['--module', 'node20']), null]);
  jobs.push(['ok-cjs.cts, CommonJS consumer', 'nodenext', tscRun('ok-cjs.cts', ['--module', 'nodenext']), null]);

  const expected = {
    'bad-vendor.ts': { code: 'TS2322', text: [`Type '"digitalocean"' is not assignable to type 'Vendor'`] },
    'missing-field.ts': { code: 'TS2741', text: [`Property 'region' is missing`, `required in type 'MappingInput'`] },
  };
  for (const [name, label, promise, bad] of jobs) {
    const r = await promise;
    const out = `${r.stdout}${r.stderr}`;
    if (!bad) {
      report(G, `${name} compiles (tsc --strict, ${label})`, r.code === 0 && errorsOf(out).length === 0, out.trim());
      continue;
    }
    const want = expected[bad];
    const src = readFileSync(join(d, bad), 'utf8').split('\n');
    const line = src.findIndex((l) => l.includes(`expect-error ${want.code}`)) + 1;
    const errs = errorsOf(out);
    const ok = r.code !== 0 && errs.length === 1 && errs[0].startsWith(`${bad}(${line},`) && errs[0].includes(`error ${want.code}:`)
      && want.text.every((t) => errs[0].includes(t));
    report(G, `${bad} fails with exactly ${want.code} on line ${line} (${label})`, ok, `exit ${r.code}\n${out.trim()}`);
  }
  for (const file of ['index.d.ts', 'ranges/index.d.ts']) {
    await check(G, `${file} declares no \`any\``, async () => {
      const dts = await readFile(join(d, 'node_modules/origin-regions', file), 'utf8');
      const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const hits = code.split('\n').filter((l) => /\bany\b/.test(l));
      assert(hits.length === 0, hits.join('\n'));
    });
  }
}

