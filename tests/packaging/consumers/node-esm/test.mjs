// Node.js ESM consumer: one import line, no initialisation call.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import * as ranges from 'origin-regions/ranges';
import { runNodeSuites } from './node-suites.mjs';

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
await runNodeSuites(results, { lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings }, ranges });
