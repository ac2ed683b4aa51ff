// The `node-esm` and `node-cjs` groups: each consumer runs as its own Node
// process against the stand-in and prints its results as `RESULT` lines.
import { run } from './lib.mjs';
import { report, reportAll, resultLines, skip } from './results.mjs';

// Runs consumers/<group>'s `file` in its project `d`; reports its results and returns its stderr.
async function runConsumer(group, file, d, { api, zone }) {
  const r = await run(process.execPath, [file], {
    cwd: d,
    env: { ...process.env, ORIGIN_REGIONS_API_URL: api.url, ORIGIN_REGIONS_ZONE: zone },
    timeoutMs: 60_000,
  });
  const results = resultLines(r.stdout);
  if (r.code !== 0 || results.length === 0) report(group, 'process', false, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  reportAll(group, results);
  return r.stderr;
}

export async function nodeEsm(d, env) {
  const stderr = await runConsumer('node-esm', 'test.mjs', d, env);
  report('node-esm', 'nothing on stderr', !stderr.trim(), stderr);
}

export async function nodeCjs(d, env) {
  if (!process.features.require_module) {
    skip('node-cjs', 'require("origin-regions")', `Node ${process.version} has no require(esm); it needs 20.19+ or 22.12+`);
    return;
  }
  const all = await runConsumer('node-cjs', 'test.cjs', d, env);
  // Some Node lines print an ExperimentalWarning for require(esm); that one is
  // Node's, anything else on stderr is ours.
  const stderr = all.split('\n').filter((l) => l.trim()
    && !/ExperimentalWarning: (CommonJS module .* is loading ES Module|Support for loading ES Module in require)/.test(l)
    && !/--trace-warnings/.test(l)).join('\n');
  report('node-cjs', 'nothing on stderr (but Node\'s own require(esm) notice)', !stderr, stderr);
}
