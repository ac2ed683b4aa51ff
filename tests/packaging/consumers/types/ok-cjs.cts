// A CommonJS TypeScript consumer (compiled to `require`): types resolve to
// the same declarations; needs `module: node20` or `nodenext` (TS 5.8+),
// which model Node's require(esm).
import { OriginRegionsClient, OriginRegionsError, type Mapping } from 'origin-regions';

const client = new OriginRegionsClient({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiToken: 'token' });
export async function first(): Promise<Mapping | undefined> {
  try {
    return (await client.list()).items[0];
  } catch (e) {
    if (e instanceof OriginRegionsError && e.status === 404) return undefined;
    throw e;
  }
}
