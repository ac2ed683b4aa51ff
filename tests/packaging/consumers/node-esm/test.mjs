// Node.js ESM consumer: one import line, no initialisation call.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import * as ranges from 'origin-regions/ranges';
import { runSuite } from './suite.mjs';
import { runRangesSuite } from './ranges-suite.mjs';

const results = [];
const entry = import.meta.resolve('origin-regions');
results.push({
  name: 'the "node" condition picks node.mjs',
  ok: entry.endsWith('/node_modules/origin-regions/node.mjs'),
  detail: entry,
});
const rangesEntry = import.meta.resolve('origin-regions/ranges');
results.push({
  name: 'the "node" condition picks ranges/node.mjs for origin-regions/ranges',
  ok: rangesEntry.endsWith('/node_modules/origin-regions/ranges/node.mjs'),
  detail: rangesEntry,
});
results.push(...runRangesSuite({ ranges, root: { OriginRegionsError, canonicalizeIp } }));
results.push(...(await runSuite({
  lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings },
  apiUrl: process.env.ORIGIN_REGIONS_API_URL,
  zoneId: process.env.ORIGIN_REGIONS_ZONE,
  runtime: 'node',
})));
for (const r of results) console.log('RESULT ' + JSON.stringify(r));
