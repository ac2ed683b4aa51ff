// Plain <script type="module"> entry of `origin-regions/ranges`, no
// bundler: fetches the .wasm beside this file with top-level await.
import init, { errorClass } from './origin_regions_ranges.js';

await init({ module_or_path: new URL('./origin_regions_ranges_bg.wasm', import.meta.url) });

export { RegionIndex } from './origin_regions_ranges.js';
// The same class as the package root's OriginRegionsError (src/js/error.js).
export const OriginRegionsError = errorClass();
