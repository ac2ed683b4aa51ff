// Node.js ESM consumer: one import line, no initialisation call.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import { runSuite } from './suite.mjs';

const results = [];
const entry = import.meta.resolve('origin-regions');
results.push({
  name: 'the "node" condition picks node.mjs',
  ok: entry.endsWith('/node_modules/origin-regions/node.mjs'),
  detail: entry,
});
results.push(...(await runSuite({
  lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings },
  apiUrl: process.env.ORIGIN_REGIONS_API_URL,
  zoneId: process.env.ORIGIN_REGIONS_ZONE,
  runtime: 'node',
})));
for (const r of results) console.log('RESULT ' + JSON.stringify(r));
