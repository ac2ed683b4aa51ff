// Node.js CommonJS consumer: `require` loads the ESM entry synchronously
// (require(esm): Node 20.19+, 22.12+), so import and require share one
// module instance and one OriginRegionsError class.
const { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } = require('origin-regions');
const ranges = require('origin-regions/ranges');
const { runNodeSuites } = require('./node-suites.mjs');

(async () => {
  const results = [];
  const entry = require.resolve('origin-regions');
  results.push({
    name: 'require resolves to node.mjs',
    ok: entry.endsWith('/node_modules/origin-regions/node.mjs'),
    detail: entry,
  });
  const viaImport = await import('origin-regions');
  results.push({
    name: 'require and import share one module instance (one OriginRegionsError)',
    ok: viaImport.OriginRegionsError === OriginRegionsError && viaImport.OriginRegionsClient === OriginRegionsClient,
  });
  const rangesEntry = require.resolve('origin-regions/ranges');
  results.push({
    name: 'require resolves origin-regions/ranges to ranges/node.mjs',
    ok: rangesEntry.endsWith('/node_modules/origin-regions/ranges/node.mjs'),
    detail: rangesEntry,
  });
  await runNodeSuites(results, { lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings }, ranges });
})().catch((e) => {
  console.log('RESULT ' + JSON.stringify({ name: 'suite', ok: false, detail: String(e && e.stack) }));
});
