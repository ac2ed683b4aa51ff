// A second Worker of the consumer project: RegionIndex through
// `origin-regions/ranges` (its own .wasm module) next to the package root's
// error class, bundled by wrangler on its own.
import { OriginRegionsError, canonicalizeIp } from 'origin-regions';
import * as ranges from 'origin-regions/ranges';
import { runRangesSuite } from './ranges-suite.mjs';

export default {
  async fetch() {
    return Response.json(runRangesSuite({ ranges, root: { OriginRegionsError, canonicalizeIp } }));
  },
};
