// Bundler entry (Vite, webpack): the wasm is inlined as base64 and
// initialised synchronously, because bundlers' default browser targets
// reject top-level await.
import { initSync, setup, OriginRegionsClient } from './origin_regions.js';
import { wasmBase64 } from './origin_regions_bg.wasm.base64.js';

const bytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
initSync({ module: bytes });

export { OriginRegionsClient, RegionIndex, canonicalizeIp, checkMappings } from './origin_regions.js';
// The promise methods join the class here, and the error class comes out.
export const OriginRegionsError = setup(OriginRegionsClient);
