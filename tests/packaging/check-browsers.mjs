// The `vite`, `webpack` and `web` groups in headless Chromium: the bundled
// consumers (bundlers.mjs) and the bundler-free page, served as it is.
import { CHROMIUM, CHROMIUM_ARGS, requireTool, serveStatic } from './lib.mjs';
import { buildBundled, checkBundledPages } from './bundlers.mjs';
import { openResultsPage } from './page.mjs';
import { report, reportAll } from './results.mjs';

export async function browsers({ wanted, dir, api, zones, closers, pkgDir }) {
  const runWeb = wanted('web');
  const dists = await buildBundled({ wanted, dir, pkgDir });
  const anyBundled = Object.values(dists).some(Boolean);
  if (!anyBundled && !runWeb) return;

  const { chromium } = requireTool('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  closers.push(() => browser.close());

  const openPage = async (group, url) => {
    const wasmRequests = [];
    const { results, errors, warnings } = await openResultsPage(browser, url, (page) => {
      page.on('request', (r) => {
        if (/\.wasm(\?|$)/.test(r.url())) wasmRequests.push(r.url());
      });
    });
    reportAll(group, results);
    report(group, 'no uncaught errors in the page', errors.length === 0, errors.join('\n'));
    return { wasmRequests, wasmWarnings: warnings };
  };
  const query = (zone) => `?api=${encodeURIComponent(api.url)}&zone=${zone}`;

  await checkBundledPages({ dists, browser, api, zones, closers });
  if (runWeb) {
    const d = dir('web');
    const server = await serveStatic(d);
    closers.push(server.close);
    const { wasmRequests, wasmWarnings } = await openPage('web', server.url + 'index.html' + query(zones.web));
    const wasmServed = server.served.filter((s) => s.path.endsWith('.wasm'));
    const wantServed = ['/node_modules/origin-regions/origin_regions_bg.wasm', '/node_modules/origin-regions/ranges/origin_regions_ranges_bg.wasm'];
    report('web', 'web.mjs and ranges/web.mjs each fetch their .wasm once, as application/wasm',
      wasmRequests.length === 2 && JSON.stringify(wasmServed.map((s) => s.path).sort()) === JSON.stringify(wantServed),
      `requests ${JSON.stringify(wasmRequests)}, served ${JSON.stringify(wasmServed)}`);
    report('web', 'no WebAssembly warnings in the console (streaming instantiation)', wasmWarnings.length === 0, wasmWarnings.join('\n'));
  }
}

