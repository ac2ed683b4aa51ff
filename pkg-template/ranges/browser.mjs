// Bundler entry of `origin-regions/ranges` (Vite, webpack): the wasm is
// inlined as base64 and initialised synchronously, because bundlers' default
// browser targets reject top-level await.
import { initSync, errorClass } from './origin_regions_ranges.js';
import { wasmBase64 } from './origin_regions_ranges_bg.wasm.base64.js';

const bytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
initSync({ module: bytes });

export { RegionIndex } from './origin_regions_ranges.js';
// The same class as the package root's OriginRegionsError (src/js/error.js).
export const OriginRegionsError = errorClass();
