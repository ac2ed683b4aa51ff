// A bundled browser consumer: Vite's `browser` condition picks browser.mjs,
// which loads the wasm as a file of its own. One import line, no init:
// early.mjs uses the package in the import's own task, the suite later.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import { earlyChecks } from './early.mjs';
import { runSuite } from './suite.mjs';

const q = new URLSearchParams(location.search);
earlyChecks()
  .then(async (early) => [
    ...early,
    ...(await runSuite({
      lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings },
      apiUrl: q.get('api'),
      zoneId: q.get('zone'),
      runtime: 'browser',
    })),
  ])
  .then(
    (results) => { window.__results = results; },
    (e) => { window.__results = [{ name: 'suite', ok: false, detail: String(e && e.stack) }]; },
  )
  .finally(() => {
    document.getElementById('out').textContent = JSON.stringify(window.__results, null, 2);
  });
