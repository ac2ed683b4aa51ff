// Opens a consumer page in headless Chromium and collects what it reports:
// the results it leaves in window.__results, its uncaught errors and its
// console lines about WebAssembly. Used for the bundler-free page (check-browsers.mjs)
// and the bundled ones (bundlers.mjs).

/**
 * Opens `url` in a fresh browser context: { results, errors, warnings }.
 * `watch(page, pending)` may add listeners before the page loads; promises
 * it pushes on `pending` are awaited before the context closes.
 */
export async function openResultsPage(browser, url, watch = () => {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  const pending = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => {
    if (/wasm|webassembly/i.test(m.text())) warnings.push(`${m.type()}: ${m.text()}`);
  });
  watch(page, pending);
  await page.goto(url);
  let results;
  try {
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 60_000 });
    results = await page.evaluate(() => window.__results);
  } catch (e) {
    results = [{ name: 'page', ok: false, detail: `${e.message}\n${errors.join('\n')}` }];
  }
  await Promise.all(pending);
  await context.close();
  return { results, errors, warnings };
}
