// A deterministic generator of the four vendors' range files at real size
// (AWS ~12,000 prefixes, Azure AzureCloud.* ~50,000, Google Cloud ~900,
// Oracle ~1,000), in each vendor's published schema, written at test time
// (nothing this big is committed). Also answers which prefixes count under
// each vendor's rules, for linear-scan comparisons. Not a test file itself.

export const REAL = { aws: 12_000, azure: 50_000, gcp: 900, oci: 1_000 };

/** splitmix64 over BigInt: the same numbers on every machine. */
function rng(seed) {
  let s = BigInt(seed);
  const M = (1n << 64n) - 1n;
  const next = () => {
    s = (s + 0x9e3779b97f4a7c15n) & M;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    return z ^ (z >> 31n);
  };
  return { next, below: (n) => Number(next() % BigInt(n)) };
}

const v4text = (n) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

function v6text(n) {
  const groups = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (good enough for the files: any
  // valid RFC 4291 text is accepted).
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return groups.slice(0, best).join(':') + '::' + groups.slice(best + bestLen).join(':');
}

/**
 * A random prefix not in `taken` (a vendor lists a prefix once, in one
 * region): IPv4 in one of `v4Blocks` (first octets), IPv6 in one of
 * `v6Blocks` (first 16 bits).
 */
function prefix(r, v6, v4Blocks, v6Blocks, taken) {
  for (;;) {
    const p = anyPrefix(r, v6, v4Blocks, v6Blocks);
    if (!taken.has(p.text)) {
      taken.add(p.text);
      return p;
    }
  }
}

function anyPrefix(r, v6, v4Blocks, v6Blocks) {
  if (v6) {
    const block = BigInt(v6Blocks[r.below(v6Blocks.length)]);
    const len = 32 + r.below(33);
    const raw = (block << 112n) | (r.next() << 48n);
    const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - len)) - 1n);
    return { text: `${v6text(raw & mask)}/${len}`, v6: true };
  }
  const block = v4Blocks[r.below(v4Blocks.length)];
  const len = 14 + r.below(15); // /14 to /28
  const raw = ((block << 24) | (Number(r.next() & 0xffffffn))) >>> 0;
  const net = (raw & (0xffffffff << (32 - len))) >>> 0;
  return { text: `${v4text(net)}/${len}`, v6: false };
}

const names = (stem, n) => Array.from({ length: n }, (_, i) => `${stem}${i + 1}`);

/**
 * The four files as JSON text, and `expected`: every prefix that counts,
 * `{ cidr, vendor, region, isRegion }`, per the vendors' rules (AWS `GLOBAL`
 * and Google Cloud `global` with `isRegion` false: they answer no region).
 */
export function generate(seed = 20, sizes = REAL) {
  const r = rng(seed);
  const expected = [];
  const shared = [];

  // AWS: a third listed twice (AMAZON and EC2); one in fifty GLOBAL.
  const awsRegions = names('us-east-', 30);
  const awsTaken = new Set();
  const v4 = [], v6 = [];
  for (let n = 0; n < sizes.aws; ) {
    const isV6 = r.below(4) === 0;
    const p = prefix(r, isV6, [3, 13, 15, 18, 52, 54], [0x2600, 0x2a05], awsTaken);
    const global = r.below(50) === 0;
    const region = global ? 'GLOBAL' : awsRegions[r.below(30)];
    for (const service of r.below(3) === 0 ? ['AMAZON', 'EC2'] : ['AMAZON']) {
      const key = isV6 ? 'ipv6_prefix' : 'ip_prefix';
      (isV6 ? v6 : v4).push({ [key]: p.text, region, service, network_border_group: region });
      n++;
    }
    expected.push({ cidr: p.text, vendor: 'aws', region, isRegion: !global });
    if (!global && r.below(500) === 0) shared.push(p);
  }
  const aws = { syncToken: '1764892381', createDate: '2025-12-05-00-53-01', prefixes: v4, ipv6_prefixes: v6 };

  // Google Cloud: one in ten scoped `global`; a few prefixes AWS lists too (conflicts).
  const gcpRegions = names('europe-west', 40);
  const gcpPrefixes = [];
  const gcpTaken = new Set(shared.map((p) => p.text));
  shared.forEach((p, k) => {
    const region = gcpRegions[k % 40];
    gcpPrefixes.push({ [p.v6 ? 'ipv6Prefix' : 'ipv4Prefix']: p.text, service: 'Google Cloud', scope: region });
    expected.push({ cidr: p.text, vendor: 'gcp', region, isRegion: true });
  });
  while (gcpPrefixes.length < sizes.gcp) {
    const isV6 = r.below(5) === 0;
    const p = prefix(r, isV6, [34, 35, 104], [0x2600, 0x2001], gcpTaken);
    const global = r.below(10) === 0;
    const scope = global ? 'global' : gcpRegions[r.below(40)];
    gcpPrefixes.push({ [isV6 ? 'ipv6Prefix' : 'ipv4Prefix']: p.text, service: 'Google Cloud', scope });
    expected.push({ cidr: p.text, vendor: 'gcp', region: scope, isRegion: !global });
  }
  const gcp = { syncToken: '1764878400123', creationTime: '2025-12-04T20:00:00.123456', prefixes: gcpPrefixes };

  // Azure: AzureCloud.<region> tags, the AzureCloud tag listing them all
  // again, and Storage.<region> service tags that do not count.
  const azRegions = names('eastus', 60);
  const perRegion = azRegions.map(() => []);
  const all = [];
  const azTaken = new Set();
  for (let i = 0; i < sizes.azure; i++) {
    const p = prefix(r, r.below(5) < 2, [4, 13, 20, 40, 52], [0x2603, 0x2a01], azTaken);
    const k = r.below(60);
    perRegion[k].push(p.text);
    all.push(p.text);
    expected.push({ cidr: p.text, vendor: 'azure', region: azRegions[k], isRegion: true });
  }
  const tag = (name, region, systemService, addressPrefixes) => ({
    name, id: name,
    properties: { changeNumber: 7, region, regionId: 1, platform: 'Azure', systemService, addressPrefixes,
      networkFeatures: ['API', 'NSG', 'UDR', 'FW'] },
  });
  const values = [tag('AzureCloud', '', '', all)];
  azRegions.forEach((region, k) => {
    const storage = Array.from({ length: 20 }, () => anyPrefix(r, false, [20], []).text);
    values.push(tag(`Storage.${region}`, region, 'AzureStorage', storage));
    values.push(tag(`AzureCloud.${region}`, region, '', perRegion[k]));
  });
  const azure = { changeNumber: 337, cloud: 'Public', values };

  // Oracle: every CIDR of a region, whatever its tags.
  const ociRegions = names('us-ashburn-', 40);
  const per = Math.ceil(sizes.oci / 40);
  let left = sizes.oci;
  const ociTaken = new Set();
  const regions = ociRegions.map((region) => {
    const cidrs = [];
    for (let i = 0; i < Math.min(per, left); i++) {
      const p = prefix(r, false, [129, 130, 134, 138, 140, 150], [], ociTaken);
      cidrs.push({ cidr: p.text, tags: r.below(2) === 0 ? ['OCI'] : ['OSN', 'OBJECT_STORAGE'] });
      expected.push({ cidr: p.text, vendor: 'oci', region, isRegion: true });
    }
    left -= cidrs.length;
    return { region, cidrs };
  });
  const oci = { last_updated_timestamp: '2025-12-03T21:10:46.568556', regions };

  const text = (v) => JSON.stringify(v, null, 2);
  return { aws: text(aws), gcp: text(gcp), azure: text(azure), oci: text(oci), expected };
}

/**
 * `count` IPs, deterministic: inside, at the edges of and just outside the
 * expected prefixes, and some anywhere; IPv4 and IPv6.
 */
export function sampleIps(expected, count, seed = 7) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const { cidr } = expected[r.below(expected.length)];
    const [net, lenText] = cidr.split('/');
    const len = Number(lenText);
    if (net.includes(':')) {
      const base = parseV6(net);
      const host = (1n << BigInt(128 - len)) - 1n;
      const noise = (r.next() << 64n) | r.next();
      const n = [base | (noise & host), base, base | host, base - 1n, (base | host) + 1n][i % 5];
      out.push(v6text(n & ((1n << 128n) - 1n)));
    } else {
      const base = net.split('.').reduce((a, o) => a * 256 + Number(o), 0);
      const host = 2 ** (32 - len) - 1;
      const noise = Number(r.next() & 0xffffffffn);
      const choices = [base + (noise % (host + 1)), base, base + host, base - 1, base + host + 1];
      out.push(v4text((i % 23 === 0 ? noise : choices[i % 5]) >>> 0));
    }
  }
  return out;
}

function parseV6(text) {
  const [head, tail = ''] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = text.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}
