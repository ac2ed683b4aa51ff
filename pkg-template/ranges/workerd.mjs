// Cloudflare Workers entry of `origin-regions/ranges`: wrangler imports the
// .wasm as a compiled WebAssembly.Module (Workers refuse to compile bytes at
// run time), and it is instantiated synchronously.
import wasm from './origin_regions_ranges_bg.wasm';
import { initSync, errorClass } from './origin_regions_ranges.js';

initSync({ module: wasm });

export { RegionIndex } from './origin_regions_ranges.js';
// The same class as the package root's OriginRegionsError (src/js/error.js).
export const OriginRegionsError = errorClass();
