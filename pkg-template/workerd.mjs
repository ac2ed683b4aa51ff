// Cloudflare Workers entry: wrangler imports the .wasm as a compiled
// WebAssembly.Module (Workers refuse to compile bytes at run time), and it
// is instantiated synchronously.
import wasm from './origin_regions_bg.wasm';
import { initSync, setup, OriginRegionsClient } from './origin_regions.js';

initSync({ module: wasm });

export { OriginRegionsClient, RegionIndex, canonicalizeIp, checkMappings } from './origin_regions.js';
// The promise methods join the class here, and the error class comes out.
export const OriginRegionsError = setup(OriginRegionsClient);
