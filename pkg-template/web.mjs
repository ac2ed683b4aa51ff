// Plain <script type="module"> entry, no bundler: fetches the .wasm beside
// this file with top-level await.
import init, { setup, OriginRegionsClient } from './origin_regions.js';

await init({ module_or_path: new URL('./origin_regions_bg.wasm', import.meta.url) });

export { OriginRegionsClient, RegionIndex, canonicalizeIp, checkMappings } from './origin_regions.js';
// The promise methods join the class here, and the error class comes out.
export const OriginRegionsError = setup(OriginRegionsClient);
