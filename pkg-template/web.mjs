// Plain <script type="module"> entry, no bundler: fetches the .wasm beside
// this file with top-level await.
import init, { errorClass } from './origin_regions.js';

await init({ module_or_path: new URL('./origin_regions_bg.wasm', import.meta.url) });

export { OriginRegionsClient, canonicalizeIp, checkMappings } from './origin_regions.js';
// The error class every rejection is an instance of.
export const OriginRegionsError = errorClass();
