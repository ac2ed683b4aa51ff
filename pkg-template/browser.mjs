// Bundler entry (Vite, webpack): the wasm is inlined as base64 and
// initialised synchronously, because bundlers' default browser targets
// reject top-level await.
import { initSync, errorClass } from './origin_regions.js';
import { wasmBase64 } from './origin_regions_bg.wasm.base64.js';

const bytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
initSync({ module: bytes });

export { OriginRegionsClient, canonicalizeIp, checkMappings } from './origin_regions.js';
// The error class every rejection is an instance of.
export const OriginRegionsError = errorClass();
