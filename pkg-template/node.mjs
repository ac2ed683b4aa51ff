// Node.js entry (ESM): reads the .wasm beside this file and initialises it
// synchronously, so importing the package is all a user does.
import { readFileSync } from 'node:fs';
import { initSync, setup, OriginRegionsClient } from './origin_regions.js';

initSync({ module: readFileSync(new URL('./origin_regions_bg.wasm', import.meta.url)) });

export { OriginRegionsClient, RegionIndex, canonicalizeIp, checkMappings } from './origin_regions.js';
// The promise methods join the class here, and the error class comes out.
export const OriginRegionsError = setup(OriginRegionsClient);
