// The page both bundled browser consumers (vite/main.js, webpack/src/index.js)
// run: one import line, no init; early.mjs uses the package in the import's
// own task, the suite later. Results go to window.__results for run.mjs.
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
