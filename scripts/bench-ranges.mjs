// One run of the range index benchmark, in Node, on the built package
// (pkg/ranges/, the `origin-regions/ranges` entry and its own wasm module):
// building RegionIndex from the four vendors' files at real size (generated,
// deterministic), suggest of 100,000 IPs, the same IPs through a linear
// scan with ipaddr.js `match` over the same prefixes, and the wasm memory
// the index takes. Usage: node scripts/bench-ranges.mjs (after scripts/build.sh).

import { performance } from 'node:perf_hooks';
import ipaddr from 'ipaddr.js';
import { RegionIndex } from '../pkg/ranges/node.mjs';
import { initSync } from '../pkg/ranges/origin_regions_ranges.js';
import { generate, sampleIps } from '../tests/js/ranges-gen.mjs';

const N = 100_000;
const files = generate();
const sizes = Object.fromEntries(['aws', 'gcp', 'azure', 'oci'].map((k) => [k, files[k].length]));
const ips = sampleIps(files.expected, N);
const ms = (t) => `${t.toFixed(1)} ms`;
// The module ranges/node.mjs initialised (initSync answers it again); its memory
// export's name is minified, so find it by type.
const wasmMemory = Object.values(initSync()).find((v) => v instanceof WebAssembly.Memory);
const memory = () => wasmMemory.buffer.byteLength;

// Warm-up on a small index: V8 compiles wasm functions on their first call.
{
  const { aws, gcp, azure, oci } = generate(1, { aws: 50, azure: 50, gcp: 50, oci: 50 });
  RegionIndex.fromProviders({ aws, gcp, azure, oci }).free();
}

/** Times `fn` `n` times: the median and the fastest (the machine may be shared). */
function timed(n, fn) {
  const times = [];
  let last;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return { median: times[n >> 1], min: times[0], last };
}
const RUNS = 11;
const { aws, gcp, azure, oci } = files;
const before = memory();
RegionIndex.fromProviders({ aws, gcp, azure, oci }).free();
const afterBuild = memory();
const build = timed(RUNS, () => RegionIndex.fromProviders({ aws, gcp, azure, oci }).free());

const parsed = Object.fromEntries(Object.keys(sizes).map((k) => [k, JSON.parse(files[k])]));
const buildObjects = timed(RUNS, () => RegionIndex.fromProviders(parsed).free());

const index = RegionIndex.fromProviders({ aws, gcp, azure, oci });
index.suggest(ips.slice(0, 1000)); // warm-up
const suggestRuns = timed(RUNS, () => index.suggest(ips));
const s = suggestRuns.last;
const suggest = suggestRuns.median;

// The linear scan: every prefix, parsed once; the longest match wins (a
// GLOBAL one answers no region).
const prefixes = files.expected.map((e) => ({ ...e, range: ipaddr.parseCIDR(e.cidr) }));
const scanOne = (text) => {
  const a = ipaddr.parse(text);
  let best = null;
  for (const p of prefixes) {
    if (p.range[0].kind() === a.kind() && a.match(p.range) && (!best || p.range[1] > best.range[1])) best = p;
  }
  return best?.isRegion ? best : null; // GLOBAL: no region
};
// The scan of all 100,000 IPs would take minutes: time a sample, scale it.
const sample = ips.slice(0, 2_000);
const t = performance.now();
let matched = 0;
for (const ip of sample) if (scanOne(ip)) matched++;
const scan = ((performance.now() - t) * N) / sample.length;

const st = index.stats;
const count = (v) => st.vendors[v].prefixesV4 + st.vendors[v].prefixesV6;
// Entries as the files list them (AWS lists a prefix once per service;
// Azure's AzureCloud.<region> tags only; Google's and Oracle's prefixes).
const entries = {
  aws: parsed.aws.prefixes.length + parsed.aws.ipv6_prefixes.length,
  azure: parsed.azure.values.filter((t) => t.name.startsWith('AzureCloud.')).reduce((n, t) => n + t.properties.addressPrefixes.length, 0),
  gcp: parsed.gcp.prefixes.length,
  oci: parsed.oci.regions.reduce((n, r) => n + r.cidrs.length, 0),
};
const file = (v) => `${v} ${entries[v]} entries, ${count(v)} prefixes that count (${(sizes[v] / 1e6).toFixed(2)} MB)`;
console.log('range index benchmark (one run, Node ' + process.version + ')');
console.log(`files: ${['aws', 'azure', 'gcp', 'oci'].map(file).join('; ')}`);
const mm = (r) => `${ms(r.median)} median, ${ms(r.min)} fastest of ${RUNS}`;
console.log(`build from the four files (JSON text):      ${mm(build)}   (target <= 100 ms)`);
console.log(`build from the four files (parsed objects): ${mm(buildObjects)}`);
console.log(`suggest of ${N} IPs:                     ${mm(suggestRuns)}   (target <= 50 ms): ${s.items.length} items, ${s.unmatched.length} unmatched, ${s.rejected.length} rejected`);
console.log(`linear scan, ipaddr.js match (${sample.length} IPs timed, scaled to ${N}): ${ms(scan)}  (${matched}/${sample.length} matched)`);
console.log(`ratio: suggest (median) is ${(scan / suggest).toFixed(0)}x faster than the linear scan   (target >= 100x)`);
console.log(`wasm memory: index holds ${(st.memoryBytes / 2 ** 20).toFixed(2)} MB (target <= 8 MB); the module's memory grew ${((afterBuild - before) / 2 ** 20).toFixed(2)} MB during the build (${(memory() / 2 ** 20).toFixed(1)} MB in all now)`);
index.free();
console.log(`(load average while it ran: ${(await import('node:os')).loadavg()[0].toFixed(2)} on ${(await import('node:os')).cpus().length} cores)`);
