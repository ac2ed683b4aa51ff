// What both Node consumers run once each has loaded the package its own way
// (node-esm/test.mjs by import, node-cjs/test.cjs by require): the ranges
// suite, then the client suite against the stand-in; every result is printed
// as a `RESULT {json}` line for run.mjs.
import { runSuite } from './suite.mjs';
import { runRangesSuite } from './ranges-suite.mjs';

/** Appends both suites' results to `results` (the consumer's own checks) and prints them all. */
export async function runNodeSuites(results, { lib, ranges }) {
  const { OriginRegionsError, canonicalizeIp } = lib;
  results.push(...runRangesSuite({ ranges, root: { OriginRegionsError, canonicalizeIp } }));
  results.push(...(await runSuite({
    lib,
    apiUrl: process.env.ORIGIN_REGIONS_API_URL,
    zoneId: process.env.ORIGIN_REGIONS_ZONE,
    runtime: 'node',
  })));
  for (const r of results) console.log('RESULT ' + JSON.stringify(r));
}
