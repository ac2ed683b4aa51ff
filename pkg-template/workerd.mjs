// Cloudflare Workers entry: wrangler imports the .wasm as a compiled
// WebAssembly.Module (Workers refuse to compile bytes at run time), and it
// is instantiated synchronously.
import wasm from './origin_regions_bg.wasm';
import { initSync, errorClass } from './origin_regions.js';

initSync({ module: wasm });

export { OriginRegionsClient, canonicalizeIp, checkMappings } from './origin_regions.js';
// The error class every rejection is an instance of.
export const OriginRegionsError = errorClass();
