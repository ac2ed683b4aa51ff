// A bundled browser consumer: Vite's `browser` condition picks browser.mjs
// (wasm inlined, initialised synchronously). One import line, no init.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import * as ranges from 'origin-regions/ranges';
import { runSuite } from './suite.mjs';
import { runRangesSuite } from './ranges-suite.mjs';

const q = new URLSearchParams(location.search);
runSuite({
  lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings },
  apiUrl: q.get('api'),
  zoneId: q.get('zone'),
  runtime: 'browser',
}).then(
  (results) => { window.__results = [...results, ...runRangesSuite({ ranges, root: { OriginRegionsError, canonicalizeIp } })]; },
  (e) => { window.__results = [{ name: 'suite', ok: false, detail: String(e && e.stack) }]; },
).finally(() => {
  document.getElementById('out').textContent = JSON.stringify(window.__results, null, 2);
});
