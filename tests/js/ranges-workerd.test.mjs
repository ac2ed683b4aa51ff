// RegionIndex in workerd (the Workers runtime, through Miniflare): the
// workerd entry of `origin-regions/ranges` (pkg/ranges/workerd.mjs, its own
// .wasm as a compiled module) builds the index from the fixture files and
// answers lookup, suggest, stats and a bad file's error inside a Worker; the
// error is an instance of the package root's OriginRegionsError, the same
// class the client's errors have.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Miniflare } from '../../scripts/node_modules/miniflare/dist/src/index.js';

const pkg = fileURLToPath(new URL('../../pkg/', import.meta.url));
const fixture = (name) => readFileSync(new URL(`../fixtures/ranges/${name}`, import.meta.url), 'utf8');

/** Every file under `dir`, relative to `pkg`. */
function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [relative(pkg, p)];
  });
}

const worker = `
import { RegionIndex, OriginRegionsError as RangesError } from './ranges/workerd.mjs';
import { OriginRegionsError, canonicalizeIp } from './workerd.mjs';
export default {
  async fetch(request, env) {
    const index = RegionIndex.fromProviders({ aws: env.AWS, gcp: env.GCP, azure: JSON.parse(env.AZURE), oci: env.OCI });
    let bad = null;
    try {
      RegionIndex.fromProviders({ aws: env.AWS.replace('"3.5.140.0/22"', '"3.5.140.1/22"') });
    } catch (e) {
      bad = { instanceOf: e instanceof OriginRegionsError, kind: e.kind, message: e.message };
    }
    let client = null;
    try {
      canonicalizeIp('x');
    } catch (e) {
      client = { instanceOf: e instanceof RangesError, kind: e.kind };
    }
    return Response.json({
      lookups: ['52.94.77.1', '20.42.1.1', '198.51.100.7', '13.32.0.1', '52.94.96.7'].map((ip) => index.lookup(ip)),
      suggest: index.suggest(['3.5.140.9', '192.0.2.1', 'x', '2600:1F14::1', '52.94.96.7']),
      stats: index.stats,
      bad,
      client,
      sameClass: RangesError === OriginRegionsError,
    });
  },
};
`;

const modules = [
  { type: 'ESModule', path: join(pkg, 'worker.mjs'), contents: worker },
  ...files(pkg)
    .filter((f) => /\.(m?js|wasm)$/.test(f) && !f.endsWith('.base64.js') && f !== 'cli.mjs')
    .map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(pkg, f) })),
];
const mf = new Miniflare({
  modules,
  modulesRoot: pkg,
  compatibilityDate: '2025-06-01',
  bindings: {
    AWS: fixture('aws-ip-ranges.json'),
    GCP: fixture('gcp-cloud.json'),
    AZURE: fixture('azure-service-tags.json'),
    OCI: fixture('oci-public_ip_ranges.json'),
  },
});
after(() => mf.dispose());

test('RegionIndex in workerd: lookup, suggest, stats and a bad file; one error class', async () => {
  const res = await mf.dispatchFetch('http://worker.test/');
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.deepEqual(body.lookups, [
    { vendor: 'aws', region: 'us-west-2', prefix: '52.94.76.0/22' },
    { vendor: 'azure', region: 'eastus', prefix: '20.42.0.0/17' },
    { vendor: 'aws', region: 'eu-west-1', prefix: '198.51.100.0/24', conflicts: [{ vendor: 'gcp', region: 'europe-west1' }] },
    null,
    null, // AWS GLOBAL, inside us-east-1's 52.94.0.0/16: no region
  ]);
  assert.deepEqual(body.suggest.items, [
    { ip: '3.5.140.9', vendor: 'aws', region: 'ap-northeast-2' },
    { ip: '2600:1f14::1', vendor: 'aws', region: 'us-west-2' },
  ]);
  assert.deepEqual(body.suggest.unmatched, ['192.0.2.1']);
  assert.match(body.suggest.rejected[0].error, /^ips\[2\] "x": is not an IP address/);
  assert.equal(body.suggest.rejected[1].error, 'ips[4] "52.94.96.7": is in 52.94.96.0/24, which aws lists as GLOBAL (served from everywhere), not in a region: map it by hand');
  assert.equal(body.suggest.rejected.length, 2);
  assert.deepEqual(body.stats.vendors.azure.published, { changeNumber: 337, cloud: 'Public' });
  assert.deepEqual(body.bad, {
    instanceOf: true,
    kind: 'validation',
    message: 'providers.aws (ip-ranges.json) at prefixes[0].ip_prefix: "3.5.140.1/22" has host bits set: the prefix of that length is 3.5.140.0/22',
  });
  assert.deepEqual(body.client, { instanceOf: true, kind: 'validation' });
  assert.equal(body.sameClass, true);
});
