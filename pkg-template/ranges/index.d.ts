// Types of `origin-regions/ranges`: RegionIndex, which cloud vendor and
// region an IP is in, from the vendors' own published range files. Its own
// wasm module, so importing the client loads none of it.

import type { MappingInput, SupportedRegions, Vendor } from '../index.js';
import { OriginRegionsError } from '../index.js';

/** The same class as the package root's: `instanceof` holds for errors of either module. */
export { OriginRegionsError };

/** AWS `ip-ranges.json`. */
export interface AwsIpRanges {
  syncToken: string;
  createDate: string;
  prefixes: { ip_prefix: string; region: string; service?: string; network_border_group?: string }[];
  ipv6_prefixes?: { ipv6_prefix: string; region: string; service?: string; network_border_group?: string }[];
}

/** One prefix of Google Cloud's `cloud.json`: an IPv4 or an IPv6 prefix. */
export type GcpCloudPrefix = ({ ipv4Prefix: string } | { ipv6Prefix: string }) & { service?: string; scope: string };

/** Google Cloud `cloud.json`. */
export interface GcpCloudRanges {
  syncToken: string;
  creationTime: string;
  prefixes: GcpCloudPrefix[];
}

/** Azure's Service Tags file (`ServiceTags_Public_YYYYMMDD.json`). */
export interface AzureServiceTags {
  changeNumber: number;
  cloud: string;
  values: {
    name: string;
    id?: string;
    properties: {
      changeNumber?: number;
      region?: string;
      regionId?: number;
      platform?: string;
      systemService?: string;
      addressPrefixes: string[];
      networkFeatures?: string[] | null;
    };
  }[];
}

/** Oracle Cloud `public_ip_ranges.json`. */
export interface OciPublicIpRanges {
  last_updated_timestamp: string;
  regions: { region: string; cidrs: { cidr: string; tags?: string[] }[] }[];
}

/** The files an index is built from: each optional, as JSON text or the parsed object. */
export interface RangeProviders {
  aws?: string | AwsIpRanges;
  gcp?: string | GcpCloudRanges;
  azure?: string | AzureServiceTags;
  oci?: string | OciPublicIpRanges;
}

/** A vendor and region listing a prefix. */
export interface RangeClaimant {
  vendor: Vendor;
  /** A region, or the vendor's word for "served from everywhere" (AWS `GLOBAL`, Google Cloud `global`): no region. */
  region: string;
}

/** The longest prefix holding an IP, and who lists it. */
export interface RangeMatch {
  /** The vendor; the first in `aws`, `azure`, `gcp`, `oci` order with a region when several list the prefix. */
  vendor: Vendor;
  region: string;
  /** Canonical CIDR, e.g. `3.5.140.0/22`. */
  prefix: string;
  /** Every other vendor and region listing the same prefix at the same length (an AWS `GLOBAL` or Google Cloud `global` among them); absent when none does. */
  conflicts?: RangeClaimant[];
}

/** An input `suggest` refused. */
export interface RangeRejected {
  /** Its place in the list given. */
  index: number;
  /** The text given; `null` when it was not a string. */
  input: string | null;
  /** The rule broken, naming the input: not an IP, a prefix several vendors or regions list, or one a vendor lists as `GLOBAL` (served from everywhere, no region). */
  error: string;
}

/** What `suggest` answers; every list in input order, each distinct IP once. */
export interface RangeSuggestion {
  /** Mappings ready for `plan` (canonical IPs). */
  items: MappingInput[];
  /** Canonical IPs in no vendor's prefixes. */
  unmatched: string[];
  rejected: RangeRejected[];
  /** Matches in regions the catalogue does not list; present only when a catalogue was given. */
  unsupported?: MappingInput[];
}

/** The date or token each file carries, under the file's own key names. */
export interface RangePublished {
  aws: { syncToken: string; createDate: string };
  gcp: { syncToken: string; creationTime: string };
  azure: { changeNumber: number; cloud: string };
  oci: { last_updated_timestamp: string };
}

/** One vendor's part of an index. */
export interface RangeVendorStats<V extends Vendor> {
  /** Distinct prefixes that count under the vendor's rules. */
  prefixesV4: number;
  prefixesV6: number;
  /** Regions of those prefixes, sorted. */
  regions: string[];
  published: RangePublished[V];
}

export interface RangeStats {
  /** Present for each vendor whose file was given. */
  vendors: { [V in Vendor]?: RangeVendorStats<V> };
  /** Bytes of wasm memory the index holds. */
  memoryBytes: number;
}

/** Which vendor and region an IP is in, from the vendors' own published range files. */
export declare class RegionIndex {
  private constructor();
  /** Builds the index; throws {@link OriginRegionsError} (`kind: 'validation'`) naming the vendor, the JSON path and the rule of a bad file. */
  static fromProviders(providers: RangeProviders): RegionIndex;
  /** The longest prefix holding `ip`, or `null` when none does or it is an AWS `GLOBAL` / Google Cloud `global` one (no region); throws on a bad IP (`kind: 'validation'`). */
  lookup(ip: string): RangeMatch | null;
  /** Sorts IPs into mappings, unmatched IPs and refused inputs; with `catalogue` (from `supportedRegions()`), matches in unsupported regions go to `unsupported`. */
  suggest(ips: string[], options?: { catalogue?: SupportedRegions }): RangeSuggestion;
  /** Prefix counts, regions and file dates per vendor. */
  readonly stats: RangeStats;
  /** Releases the wasm memory of this index now rather than at garbage collection. */
  free(): void;
}
