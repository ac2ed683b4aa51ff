// Node.js entry (ESM): reads the .wasm beside this file and initialises it
// synchronously, so importing the package is all a user does.
import { readFileSync } from 'node:fs';
import { initSync, errorClass } from './origin_regions.js';

initSync({ module: readFileSync(new URL('./origin_regions_bg.wasm', import.meta.url)) });

export { OriginRegionsClient, canonicalizeIp, checkMappings } from './origin_regions.js';
// The error class every rejection is an instance of.
export const OriginRegionsError = errorClass();
