// Type-checks (tsc --strict --noEmit) a consumer of `origin-regions/ranges`,
// with the answer types spelled out so a drift in ranges/index.d.ts shows
// here; its OriginRegionsError is the package root's.
import { OriginRegionsClient, OriginRegionsError as RootError, type MappingInput, type Vendor } from 'origin-regions';
import {
  OriginRegionsError,
  RegionIndex,
  type AwsIpRanges,
  type RangeMatch,
  type RangeStats,
  type RangeSuggestion,
} from 'origin-regions/ranges';

const aws: AwsIpRanges = {
  syncToken: '1',
  createDate: '2024-12-04-00-03-11',
  prefixes: [{ ip_prefix: '3.5.140.0/22', region: 'ap-northeast-2', service: 'AMAZON' }],
};
const index: RegionIndex = RegionIndex.fromProviders({ aws, gcp: '{}' });
const match: RangeMatch | null = index.lookup('3.5.141.7');
const vendor: Vendor | undefined = match?.vendor;
const client = new OriginRegionsClient({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiToken: 'token' });
const suggestion: RangeSuggestion = index.suggest(['3.5.141.7'], { catalogue: await client.supportedRegions() });
const items: MappingInput[] = suggestion.items;
const unsupported: MappingInput[] | undefined = suggestion.unsupported;
const stats: RangeStats = index.stats;
const v4: number | undefined = stats.vendors.aws?.prefixesV4;
const token: string | undefined = stats.vendors.aws?.published.syncToken;
try {
  RegionIndex.fromProviders({ oci: '' });
} catch (e) {
  // One class: an error of the ranges module narrows with the root's class too.
  const same: typeof RootError = OriginRegionsError;
  if (e instanceof same) console.log(e.kind, e.message);
}
index.free();
console.log(vendor, items, unsupported, v4, token);
