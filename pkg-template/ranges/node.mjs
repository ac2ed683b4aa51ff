// Node.js entry of `origin-regions/ranges` (ESM): RegionIndex's own wasm
// module, read beside this file and initialised synchronously.
import { readFileSync } from 'node:fs';
import { initSync, errorClass } from './origin_regions_ranges.js';

initSync({ module: readFileSync(new URL('./origin_regions_ranges_bg.wasm', import.meta.url)) });

export { RegionIndex } from './origin_regions_ranges.js';
// The same class as the package root's OriginRegionsError (src/js/error.js).
export const OriginRegionsError = errorClass();
