// Test fleets: zones with desired lists (written to R2 as the fleet's files),
// the state each zone starts in at the stand-in, and what each must end as.
// Deterministic: the same spec gives the same fleet.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const catalogueFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'tests', 'mock-api', 'supported-regions.json');
const catalogue = JSON.parse(readFileSync(catalogueFile, 'utf8'));
/** Every [vendor, region] the stand-in accepts. */
export const REGIONS = Object.entries(catalogue.vendors).flatMap(([vendor, regions]) => regions.map((r) => [vendor, r.name]));

/** A zone id: 32 hex characters, unique per test fleet and index. */
export function zoneId(fleet, index) {
  return `${fleet.toString(16).padStart(4, '0')}${index.toString(16).padStart(4, '0')}`.padEnd(32, 'f');
}

/** The i-th IP of zone `index`, canonical: IPv4 for most, IPv6 for every seventh. */
export function ipOf(index, i) {
  if (i % 7 === 3) return `2001:db8:${(index + 1).toString(16)}::${(i + 1).toString(16)}`;
  return `10.${index}.${i >> 8}.${i & 255}`;
}

/** The mapping zone `index` gives IP number i in round `round` (changing the round moves the region). */
export function mappingOf(index, i, round = 0) {
  const [vendor, region] = REGIONS[(index * 31 + i * 7 + round * 5) % REGIONS.length];
  return { ip: ipOf(index, i), vendor, region };
}

/**
 * One zone. spec: { index, size, prune, keep = 0, change = 0, stale = 0 }:
 * the desired list has IPs 0..size-1; the zone starts with `keep` of them as
 * desired, `change` more of them mapped elsewhere, and `stale` IPs the list
 * does not name (deleted only with prune).
 */
export function buildZone(fleet, spec) {
  const { index, size, prune = false, keep = 0, change = 0, stale = 0 } = spec;
  const zone = zoneId(fleet, index);
  const desired = Array.from({ length: size }, (_, i) => mappingOf(index, i));
  const seed = [
    ...desired.slice(0, keep),
    ...desired.slice(keep, keep + change).map((m, j) => ({ ...mappingOf(index, keep + j, 1) })),
    ...Array.from({ length: stale }, (_, j) => mappingOf(index, 10_000 + j)),
  ];
  const staleMappings = seed.slice(keep + change);
  const expected = prune ? desired : [...desired, ...staleMappings];
  return {
    zone,
    name: `zone-${index}.example`,
    key: `desired/zone-${index}.json`,
    prune,
    desired,
    seed,
    expected,
    counts: { creates: size - keep - change, changes: change, deletes: prune ? stale : 0, unchanged: keep },
  };
}

/** The 50 zones: the edge cases first, then sizes spread over 0..3,500. */
export function fiftyZones(fleet) {
  const specs = [
    { index: 0, size: 0 }, // empty list, empty zone: nothing to do
    { index: 1, size: 3500 }, // a full zone from nothing
    { index: 2, size: 3500, prune: true, keep: 1000, change: 500, stale: 200 }, // full, and past the limit unless deletes go first
    { index: 3, size: 3500, prune: true, keep: 3500 }, // already equal: 35 pages read, nothing written
    { index: 4, size: 0, prune: true, stale: 300 }, // empty list, pruned: everything goes
    { index: 5, size: 1200, keep: 200, change: 100, stale: 150 }, // not pruned: the extra mappings stay
  ];
  for (let index = 6; index < 50; index++) {
    const size = (index * 397) % 3501;
    const prune = index % 3 === 0;
    specs.push({ index, size, prune, keep: Math.floor(size / 4), change: Math.floor(size / 10), stale: prune ? 60 : 25 });
  }
  return specs.map((spec) => buildZone(fleet, spec));
}

/** Sorted "ip vendor region" lines: a zone's mappings, comparable. */
export function normalise(mappings) {
  return mappings.map((m) => `${m.ip} ${m.vendor} ${m.region}`).sort();
}

/** Writes each zone's desired list and the fleet config to R2, and each zone's start state to the stand-in. */
export async function installFleet({ bucket, api, zones, extraEntries = [], files = {} }) {
  for (const z of zones) {
    if (z.desired) await bucket.put(z.key, files[z.key] ?? JSON.stringify(z.desired));
    api.state.setMappings(z.zone, z.seed ?? []);
  }
  for (const [key, text] of Object.entries(files)) await bucket.put(key, text);
  const entries = zones.map((z) => ({ zone: z.zone, name: z.name, desired: z.key, prune: z.prune }));
  await bucket.put('fleet.json', JSON.stringify({ zones: [...entries, ...extraEntries] }));
}

/** The largest number of requests in any window of `windowMs`, over the log's `at` times. */
export function busiestWindow(requests, windowMs) {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export const WRITE_METHODS = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);
