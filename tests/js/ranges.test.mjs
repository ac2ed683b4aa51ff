// RegionIndex from the built package's `origin-regions/ranges` entry
// (pkg/ranges/node.mjs, its own wasm module): the vendors' range files as
// JSON text and as parsed objects, lookup, suggest (with the stand-in's
// supported-regions catalogue), stats, the errors of bad files and bad IPs
// (instances of the package root's OriginRegionsError), and real-size files
// against a linear scan with ipaddr.js.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ipaddr from '../../scripts/node_modules/ipaddr.js/lib/ipaddr.js';
import { OriginRegionsClient, OriginRegionsError } from '../../pkg/node.mjs';
import { RegionIndex } from '../../pkg/ranges/node.mjs';
import { startMockApi } from '../mock-api/server.mjs';
import { generate, sampleIps } from './ranges-gen.mjs';

const fixture = (name) => readFileSync(new URL(`../fixtures/ranges/${name}`, import.meta.url), 'utf8');
const texts = {
  aws: fixture('aws-ip-ranges.json'),
  gcp: fixture('gcp-cloud.json'),
  azure: fixture('azure-service-tags.json'),
  oci: fixture('oci-public_ip_ranges.json'),
};

/** Asserts `fn` throws a validation OriginRegionsError whose message matches `re`. */
function throwsValidation(fn, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof OriginRegionsError, `not an OriginRegionsError: ${e}`);
    assert.equal(e.kind, 'validation');
    assert.match(e.message, re);
    return true;
  });
}

test('lookup follows each vendor\'s rules; the longest prefix wins', () => {
  const index = RegionIndex.fromProviders(texts);
  assert.deepEqual(index.lookup('3.5.141.7'), { vendor: 'aws', region: 'ap-northeast-2', prefix: '3.5.140.0/22' });
  assert.deepEqual(index.lookup('52.94.77.1'), { vendor: 'aws', region: 'us-west-2', prefix: '52.94.76.0/22' });
  assert.deepEqual(index.lookup('52.94.80.0'), { vendor: 'aws', region: 'us-east-1', prefix: '52.94.0.0/16' });
  assert.equal(index.lookup('13.32.0.1'), null, 'AWS GLOBAL is not a region');
  assert.equal(index.lookup('52.94.96.7'), null, 'a GLOBAL prefix inside us-east-1\'s /16 is no region either');
  assert.equal(index.lookup('34.54.1.1'), null, 'GCP global is not a region');
  assert.equal(index.lookup('20.33.0.1'), null, 'the AzureCloud tag does not count');
  assert.equal(index.lookup('20.38.98.1'), null, 'service tags do not count');
  assert.deepEqual(index.lookup('20.42.1.1'), { vendor: 'azure', region: 'eastus', prefix: '20.42.0.0/17' });
  assert.deepEqual(index.lookup('134.70.9.1'), { vendor: 'oci', region: 'us-phoenix-1', prefix: '134.70.8.0/21' });
  assert.deepEqual(index.lookup('2600:1F14:0::5'), { vendor: 'aws', region: 'us-west-2', prefix: '2600:1f14::/35' });
  assert.deepEqual(index.lookup('198.51.100.7'), {
    vendor: 'aws', region: 'eu-west-1', prefix: '198.51.100.0/24',
    conflicts: [{ vendor: 'gcp', region: 'europe-west1' }],
  });
  index.free();
});

test('parsed objects give the same index as JSON text', () => {
  const fromText = RegionIndex.fromProviders(texts);
  const parsed = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, JSON.parse(v)]));
  const fromObjects = RegionIndex.fromProviders(parsed);
  assert.deepEqual(fromObjects.stats, fromText.stats);
  for (const ip of ['3.5.141.7', '52.94.77.1', '20.42.1.1', '2603:1030:211::', '130.61.2.3', '192.0.2.1']) {
    assert.deepEqual(fromObjects.lookup(ip), fromText.lookup(ip), ip);
  }
  // Each provider optional.
  const gcpOnly = RegionIndex.fromProviders({ gcp: parsed.gcp });
  assert.equal(gcpOnly.lookup('3.5.141.7'), null);
  assert.deepEqual(Object.keys(gcpOnly.stats.vendors), ['gcp']);
  assert.deepEqual(Object.keys(RegionIndex.fromProviders({}).stats.vendors), []);
});

test('stats: prefixes, regions and each file\'s own date or token', () => {
  const { vendors, memoryBytes } = RegionIndex.fromProviders(texts).stats;
  assert.deepEqual(vendors.aws, {
    prefixesV4: 4, prefixesV6: 1,
    regions: ['ap-northeast-2', 'eu-west-1', 'us-east-1', 'us-west-2'],
    published: { syncToken: '1764892381', createDate: '2025-12-05-00-53-01' },
  });
  assert.deepEqual(vendors.gcp.published, { syncToken: '1764878400123', creationTime: '2025-12-04T20:00:00.123456' });
  assert.deepEqual(vendors.azure.published, { changeNumber: 337, cloud: 'Public' });
  assert.deepEqual(vendors.oci.published, { last_updated_timestamp: '2025-12-03T21:10:46.568556' });
  assert.deepEqual([vendors.azure.prefixesV4, vendors.azure.prefixesV6], [3, 1]);
  assert.ok(memoryBytes > 0 && memoryBytes < 1 << 20, String(memoryBytes));
});

test('suggest: items ready for plan, unmatched, rejected, and unsupported with the catalogue', async () => {
  const index = RegionIndex.fromProviders(texts);
  const ips = ['52.94.77.1', 'nope', '192.0.2.1', '3.5.140.9', 42, '2600:1F14::1', '52.94.77.1', '198.51.100.7', '20.42.1.1'];
  const plain = index.suggest(ips);
  assert.deepEqual(plain.items, [
    { ip: '52.94.77.1', vendor: 'aws', region: 'us-west-2' },
    { ip: '3.5.140.9', vendor: 'aws', region: 'ap-northeast-2' },
    { ip: '2600:1f14::1', vendor: 'aws', region: 'us-west-2' },
    { ip: '20.42.1.1', vendor: 'azure', region: 'eastus' },
  ]);
  assert.deepEqual(plain.unmatched, ['192.0.2.1']);
  assert.equal(plain.unsupported, undefined);
  assert.deepEqual(plain.rejected.map((r) => [r.index, r.input]), [[1, 'nope'], [4, null], [7, '198.51.100.7']]);
  assert.match(plain.rejected[0].error, /^ips\[1\] "nope": is not an IP address/);
  assert.equal(plain.rejected[1].error, 'ips[4]: must be a string (got number)');
  assert.match(plain.rejected[2].error, /aws eu-west-1 and gcp europe-west1/);

  // The catalogue as the client's supportedRegions() answers it, from the stand-in.
  const api = await startMockApi({ port: 0 });
  try {
    const client = new OriginRegionsClient({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiToken: 'test-token', baseUrl: api.url });
    const catalogue = await client.supportedRegions();
    const s = index.suggest(ips, { catalogue });
    assert.deepEqual(s.items.map((m) => m.ip), ['52.94.77.1', '2600:1f14::1', '20.42.1.1']);
    assert.deepEqual(s.unsupported, [{ ip: '3.5.140.9', vendor: 'aws', region: 'ap-northeast-2' }]);
    // The API's own result (snake_case, as the stand-in serves it) reads the same.
    const body = await (await fetch(`${api.url}/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions/supported_regions`, { headers: { authorization: 'Bearer test-token' } })).json();
    assert.equal(body.result.obtained_codes, catalogue.obtainedCodes);
    assert.deepEqual(index.suggest(ips, { catalogue: body.result }), s);
    client.free();
  } finally {
    await api.close();
  }
  throwsValidation(() => index.suggest('1.2.3.4'), /^ips: must be an array of IP strings \(got string\)$/);
  throwsValidation(() => index.suggest([], { catalog: {} }), /^options\.catalog: unknown field `catalog`, expected `catalogue`$/);
  throwsValidation(() => index.suggest([], { catalogue: { vendors: 5 } }), /^options\.catalogue\.vendors: invalid type: integer `5`, expected a map$/);
  throwsValidation(() => index.suggest([], [{ vendors: {} }]), /^options: must be an object: \{ catalogue\? \} \(got array\)$/);
  throwsValidation(() => index.suggest([], 'x'), /^options: must be an object: \{ catalogue\? \} \(got string\)$/);
  throwsValidation(() => index.suggest([], { catalogue: [false, {}] }), /^options\.catalogue: must be the answer of supportedRegions\(\): \{ obtainedCodes, vendors \} \(got array\)$/);
  throwsValidation(() => index.suggest([], { catalogue: 5 }), /^options\.catalogue: must be the answer of supportedRegions\(\): .*\(got number\)$/);
  throwsValidation(() => index.suggest([], { catalogue: {} }), /^options\.catalogue: missing field `vendors`$/);
  throwsValidation(() => index.suggest([], { catalogue: { vendors: { aws: [5] } } }), /^options\.catalogue\.vendors\.aws\[0\]: invalid type: integer `5`, expected a region: \{ name, upperTierColos \}$/);
});

test('bad IPs are validation errors naming the rule', () => {
  const index = RegionIndex.fromProviders(texts);
  throwsValidation(() => index.lookup('010.0.0.1'), /^ip "010\.0\.0\.1": is not an IP address: IPv4 octet "010" has a leading zero$/);
  throwsValidation(() => index.lookup('3.5.140.0/22'), /CIDR prefixes/);
  throwsValidation(() => index.lookup(7), /^ip: must be a string \(got number\)$/);
  throwsValidation(() => index.lookup(), /^ip: is required$/);
});

test('bad files: the vendor, the JSON path and the entry; no index', () => {
  const aws = JSON.parse(texts.aws);
  const cases = [
    [{ aws: '' }, /^providers\.aws \(ip-ranges\.json\): is empty/],
    [{ gcp: '{"syncToken": ' }, /^providers\.gcp \(cloud\.json\): is not JSON/],
    [{ oci: '[]' }, /^providers\.oci \(public_ip_ranges\.json\): holds JSON that is no object \(got array\)$/],
    [{ oci: '"text"' }, /^providers\.oci \(public_ip_ranges\.json\): holds JSON that is no object \(got string\)$/],
    [{ oci: [] }, /^providers\.oci \(public_ip_ranges\.json\): must be the file as JSON text or as the parsed object \(got array\)$/],
    [{ aws: '{"a": 1} x' }, /^providers\.aws \(ip-ranges\.json\): is not JSON: /],
    [{ gcp: ' \n ' }, /^providers\.gcp \(cloud\.json\): is empty/],
    [{ aws: { ...aws, prefixes: [...aws.prefixes, { ip_prefix: '10.0.0.1/8', region: 'us-east-1' }] } },
      /^providers\.aws \(ip-ranges\.json\) at prefixes\[8\]\.ip_prefix: "10\.0\.0\.1\/8" has host bits set: the prefix of that length is 10\.0\.0\.0\/8$/],
    [{ aws: JSON.stringify({ ...aws, prefixes: [{ ip_prefix: '10.0.0/8', region: 'us-east-1' }] }) },
      /^providers\.aws \(ip-ranges\.json\) at prefixes\[0\]\.ip_prefix: "10\.0\.0\/8" is not a CIDR prefix/],
    [{ azure: { changeNumber: 1, cloud: 'Public', values: [{ name: 'AzureCloud.eastus', properties: {} }] } },
      /^providers\.azure \(ServiceTags_Public\.json\) at values\[0\]\.properties: missing field `addressPrefixes`/],
    [{ aws: texts.aws, gcp: 5 }, /^providers\.gcp \(cloud\.json\): must be the file as JSON text or as the parsed object \(got number\)$/],
    [{ amazon: texts.aws }, /^providers "amazon": is not a known key: expected `aws`, `gcp`, `azure`, `oci`$/],
  ];
  for (const [providers, re] of cases) throwsValidation(() => RegionIndex.fromProviders(providers), re);
  throwsValidation(() => RegionIndex.fromProviders('aws'), /^providers: must be an object/);
});

test('suggest: every kind of list element, in and out of what JSON holds; answers keep the caller\'s strings', () => {
  const index = RegionIndex.fromProviders(texts);
  const own = ['52.94.77.1', '2600:1f14::1'];
  const kinds = [undefined, () => 1, Symbol('s'), null, true, { ip: '1.2.3.4' }, ['52.94.77.1']];
  const names = ['undefined', 'function', 'symbol', 'null', 'boolean', 'object', 'array'];
  // Without and with a BigInt (JSON cannot hold one: the elements are read one by one).
  for (const extra of [[], [10n]]) {
    const ips = [...kinds, own[0], '2600:1F14:0::1', own[1], ...extra];
    const s = index.suggest(ips);
    assert.deepEqual(s.items, [
      { ip: '52.94.77.1', vendor: 'aws', region: 'us-west-2' },
      { ip: '2600:1f14::1', vendor: 'aws', region: 'us-west-2' },
    ]);
    const expected = names.map((n, i) => `ips[${i}]: must be a string (got ${n})`);
    if (extra.length) expected.push(`ips[${ips.length - 1}]: must be a string (got bigint)`);
    assert.deepEqual(s.rejected.map((r) => r.error), expected);
    assert.deepEqual(s.unmatched, []);
  }
});

test('suggest: only strings are IPs, whatever JSON would make of the rest; a list with its own toJSON is read as it is', () => {
  const index = RegionIndex.fromProviders(texts);
  const dressed = [new String('52.94.77.1'), { toJSON: () => '52.94.77.2' }, new Date(0), '52.94.77.3'];
  for (const ips of [dressed, Object.assign([...dressed], { toJSON: () => ['10.0.0.1', '3.5.140.9'] })]) {
    const s = index.suggest(ips);
    assert.deepEqual(s.items, [{ ip: '52.94.77.3', vendor: 'aws', region: 'us-west-2' }]);
    assert.deepEqual(s.rejected.map((r) => [r.index, r.error]), [0, 1, 2].map((i) => [i, `ips[${i}]: must be a string (got object)`]));
    assert.deepEqual(s.unmatched, []);
    for (const m of s.items) assert.equal(typeof m.ip, 'string');
  }
});

test('real-size files: suggest agrees with a linear scan (ipaddr.js match)', () => {
  const files = generate();
  const { aws, gcp, azure, oci } = files;
  const index = RegionIndex.fromProviders({ aws, gcp, azure, oci });
  const prefixes = files.expected.map((e) => ({ ...e, parsed: ipaddr.parseCIDR(e.cidr) }));
  const ips = sampleIps(files.expected, 1_000);
  const got = index.suggest(ips);
  // The linear scan: every prefix, the longest wins, several claimants at it
  // is a conflict (a vendor's GLOBAL gives way to its own region there), and
  // a GLOBAL alone is no region.
  const seen = new Set();
  const want = { items: [], unmatched: [], conflicts: 0, global: 0 };
  for (const text of ips) {
    const addr = ipaddr.parse(text);
    const canonical = addr.toString();
    if (seen.has(canonical)) continue;
    seen.add(canonical);
    let best = -1;
    let at = [];
    for (const p of prefixes) {
      if (p.parsed[0].kind() !== addr.kind() || !addr.match(p.parsed)) continue;
      if (p.parsed[1] > best) { best = p.parsed[1]; at = []; }
      if (p.parsed[1] === best) at.push(p);
    }
    const regional = new Set(at.filter((p) => p.isRegion).map((p) => p.vendor));
    const claims = new Set(at.filter((p) => p.isRegion || !regional.has(p.vendor)).map((p) => `${p.vendor} ${p.region} ${p.isRegion}`));
    if (best < 0) want.unmatched.push(canonical);
    else if (claims.size > 1) want.conflicts++;
    else {
      const [vendor, region, isRegion] = [...claims][0].split(' ');
      if (isRegion === 'true') want.items.push({ ip: canonical, vendor, region });
      else want.global++;
    }
  }
  assert.deepEqual(got.items, want.items);
  assert.deepEqual(got.unmatched, want.unmatched);
  assert.equal(got.rejected.length, want.conflicts + want.global);
  const globalOnly = (r) => r.error.includes('(served from everywhere), not in a region') && !r.error.includes('all list');
  assert.equal(got.rejected.filter(globalOnly).length, want.global);
  assert.ok(want.global > 0, 'no IP in a GLOBAL prefix sampled');
  assert.ok(want.items.length > 400 && want.unmatched.length > 50, JSON.stringify([want.items.length, want.unmatched.length]));
  // Distinct prefixes per vendor and family, as the stats count them.
  for (const vendor of ['aws', 'azure', 'gcp', 'oci']) {
    const mine = new Set(prefixes.filter((p) => p.vendor === vendor && p.isRegion).map((p) => p.cidr));
    const v6 = [...mine].filter((c) => c.includes(':')).length;
    const s = index.stats.vendors[vendor];
    assert.deepEqual([s.prefixesV4, s.prefixesV6], [mine.size - v6, v6], vendor);
  }
  assert.ok(index.stats.memoryBytes < 8 << 20);
});
