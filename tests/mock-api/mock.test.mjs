// Tests of the mock API itself. Run with: node --test tests/mock-api/

import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

import { canonicalIp } from './ip.mjs';
import { startMockApi, parseArgs } from './server.mjs';
import { loadCatalogue, SEED_ZONE } from './state.mjs';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const OTHER_ZONE = 'ffffffffffffffffffffffffffffffff';
const BEARER = { authorization: 'Bearer test-token' };
const KEY = { 'x-auth-email': 'user@example.com', 'x-auth-key': 'test-global-key' };
const V1 = `/zones/${ZONE}/cache/origin_cloud_regions`;
const V2 = `/zones/${ZONE}/origin/cloud_regions`;

// ---- IP canonicalisation -------------------------------------------------------

describe('canonicalIp', () => {
  const valid = [
    ['192.0.2.1', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['10.0.0.10', '10.0.0.10'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::', '::'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['FE80:0:0:0:0:0:0:0', 'fe80::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // "::" for one group expands
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // longest run wins
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first run wins a tie
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::FFFF:C000:0201', '::ffff:192.0.2.1'],
    ['0:0:0:0:0:ffff:c000:201', '::ffff:192.0.2.1'],
    ['0000:0000:0000:0000:0000:FFFF:192.0.2.1', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['::0.0.0.1', '::1'],
    ['fe80::1', 'fe80::1'],
  ];
  for (const [input, expected] of valid) {
    test(`accepts ${input}`, () => {
      assert.equal(canonicalIp(input), expected);
      assert.equal(canonicalIp(expected), expected, 'canonical form is a fixed point');
    });
  }

  const invalid = [
    '', ' ', ' 192.0.2.1', '192.0.2.1 ', '192.0.2.1\n', '192.0.2.01', '01.2.3.4', '192.0.2.256',
    '192.0.2', '192.0.2.1.5', '1.2.3.-4', '0x1.2.3.4', '1e1.2.3.4', 'fe80::1%eth0', 'fe80::1%25eth0',
    '10.0.0.0/8', '2001:db8::/32', '192.0.2.1:80', '[2001:db8::1]', '[2001:db8::1]:443',
    '2001:db8::1::1', ':::', ':', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7::8',
    '12345::', 'g::1', '::ffff:1.2.3', '::ffff:1.2.3.04', '1.2.3.4::', '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4', ':1::', '1::2:', ':1:2:3:4:5:6:7', '１.2.3.4', '2001:db8::１',
    'localhost', '2001:db8:: 1',
  ];
  for (const input of invalid) {
    test(`rejects ${JSON.stringify(input)}`, () => assert.equal(canonicalIp(input), null));
  }
  test('rejects non-strings', () => {
    for (const value of [null, undefined, 123, {}, [], true]) assert.equal(canonicalIp(value), null);
  });
});

// ---- HTTP helpers --------------------------------------------------------------------

function clientFor(api) {
  const root = api.url.replace(/\/client\/v4$/, '');
  async function call(method, path, { body, headers = BEARER, signal } = {}) {
    const init = { method, headers: { ...headers }, signal };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers['content-type'] = 'application/json';
    }
    const res = await fetch(api.url + path, init);
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  async function ctl(method, path, body) {
    const init = { method };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${root}/__mock${path}`, init);
    return { status: res.status, headers: res.headers, json: await res.json() };
  }
  return { call, ctl, root };
}

function assertError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.success, false);
  assert.equal(res.json.result, null);
  assert.deepEqual(res.json.messages, []);
  assert.equal(res.json.errors[0].code, code, res.text);
}

function assertOk(res) {
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.success, true, res.text);
  assert.deepEqual(res.json.errors, []);
  assert.deepEqual(res.json.messages, []);
}

function manyMappings(n, prefix = 10) {
  return Array.from({ length: n }, (_, i) => ({
    ip: `${prefix}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    vendor: 'aws',
    region: 'us-east-1',
  }));
}

// ---- the API -------------------------------------------------------------------------------

describe('mock API', () => {
  let api;
  let call;
  let ctl;
  before(async () => {
    api = await startMockApi();
    ({ call, ctl } = clientFor(api));
  });
  after(() => api.close());
  beforeEach(() => api.state.reset());

  test('url and port', () => {
    assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    assert.equal(api.url, `http://127.0.0.1:${api.port}/client/v4`);
  });

  describe('envelope, auth and CORS', () => {
    test('success envelope with JSON content type and CORS headers', async () => {
      const res = await call('GET', V1);
      assertOk(res);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('access-control-allow-private-network'), 'true');
    });

    test('missing credentials are rejected with 403 code 10000', async () => {
      const res = await call('GET', V1, { headers: {} });
      assertError(res, 403, 10000);
      assert.equal(res.json.errors[0].message, 'Authentication error');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    });

    test('wrong credentials are rejected and never echoed', async () => {
      for (const headers of [
        { authorization: 'Bearer wrong-secret-token' },
        { authorization: 'Basic dGVzdC10b2tlbg==' },
        { authorization: 'test-token' },
        { 'x-auth-email': 'user@example.com', 'x-auth-key': 'wrong-secret-key' },
        { 'x-auth-email': 'someone@example.com', 'x-auth-key': 'test-global-key' },
        { 'x-auth-email': 'user@example.com' },
        { 'x-auth-key': 'test-global-key' },
      ]) {
        const res = await call('GET', V2, { headers });
        assertError(res, 403, 10000);
        assert.doesNotMatch(res.text, /secret|test-global-key|test-token/);
      }
    });

    test('bearer token and email + key are both accepted', async () => {
      assertOk(await call('GET', V2, { headers: BEARER }));
      assertOk(await call('GET', V2, { headers: KEY }));
    });

    test('configured credentials and noAuth', async () => {
      const other = await startMockApi({ token: 'tok-2', email: 'a@b.example', key: 'k-2', noAuth: true });
      try {
        const c = clientFor(other).call;
        assertOk(await c('GET', V2, { headers: {} }));
        assertOk(await c('GET', V2, { headers: { authorization: 'Bearer tok-2' } }));
        assertOk(await c('GET', V2, { headers: { 'x-auth-email': 'a@b.example', 'x-auth-key': 'k-2' } }));
        assertError(await c('GET', V2, { headers: BEARER }), 403, 10000);
        assertError(await c('GET', V2, { headers: KEY }), 403, 10000);
      } finally {
        await other.close();
      }
    });

    test('CORS preflight answers 204 without auth', async () => {
      const res = await fetch(api.url + V2 + '/192.0.2.1', {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const methods = res.headers.get('access-control-allow-methods');
      for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) assert.match(methods, new RegExp(m));
      const allowed = res.headers.get('access-control-allow-headers').toLowerCase();
      for (const h of ['authorization', 'content-type', 'x-auth-email', 'x-auth-key']) assert.ok(allowed.includes(h), h);
      assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After, cf-ray');
      assert.equal(res.headers.get('access-control-allow-private-network'), 'true');
    });

    test('unknown route, wrong method, invalid zone id', async () => {
      assertError(await call('GET', `/zones/${ZONE}/settings/foo`), 404, 7000);
      assertError(await call('DELETE', V1), 405, 7001);
      assertError(await call('POST', V2, { body: {} }), 405, 7001);
      for (const zone of [ZONE.toUpperCase(), 'abc', `${ZONE}0`, 'g'.repeat(32)]) {
        const res = await call('GET', `/zones/${zone}/origin/cloud_regions`);
        assertError(res, 400, 7003);
        assert.match(res.json.errors[0].message, /^Could not route to .*perhaps your object identifier is invalid\?$/);
      }
    });

    test('literal segments batch and supported_regions are not IPs', async () => {
      assertError(await call('GET', `${V1}/batch`), 405, 7001);
      assertError(await call('GET', `${V2}/batch`), 405, 7001);
      assertError(await call('DELETE', `${V2}/supported_regions`), 405, 7001);
    });

    test('zones are independent and created empty on first use', async () => {
      assertOk(await call('POST', V1, { body: { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } }));
      const other = await call('GET', `/zones/${OTHER_ZONE}/origin/cloud_regions`);
      assertOk(other);
      assert.deepEqual(other.json.result, []);
    });
  });

  describe('v1 /cache/origin_cloud_regions', () => {
    test('list of an empty zone', async () => {
      const res = await call('GET', V1);
      assertOk(res);
      assert.deepEqual(res.json.result, {
        id: 'origin_public_cloud_region',
        editable: true,
        value: [],
        modified_on: null,
      });
    });

    test('POST creates, canonicalises and rejects a duplicate with 1145', async () => {
      const res = await call('POST', V1, { body: { ip: '2001:DB8:0:0:0:0:0:1', vendor: 'gcp', region: 'us-central1' } });
      assertOk(res);
      const { result } = res.json;
      assert.equal(result.id, 'origin_public_cloud_region');
      assert.equal(result.editable, true);
      assert.equal(result.value['origin-ip'], '2001:db8::1');
      assert.equal(result.value.vendor, 'gcp');
      assert.equal(result.value.region, 'us-central1');
      assert.match(result.value.modified_on, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(result.modified_on, result.value.modified_on);

      const dup = await call('POST', V1, { body: { ip: '2001:db8::0:1', vendor: 'aws', region: 'us-east-1' } });
      assertError(dup, 400, 1145);
    });

    test('POST validation: 1146, 1157, 1000', async () => {
      assertError(await call('POST', V1, { body: { ip: '192.0.2.01', vendor: 'aws', region: 'us-east-1' } }), 400, 1146);
      assertError(await call('POST', V1, { body: { vendor: 'aws', region: 'us-east-1' } }), 400, 1146);
      assertError(await call('POST', V1, { body: { ip: '192.0.2.1', vendor: 'ibm', region: 'us-east-1' } }), 400, 1157);
      assertError(await call('POST', V1, { body: { ip: '192.0.2.1', vendor: 'aws', region: 'eastus' } }), 400, 1157);
      assertError(await call('POST', V1, { body: { ip: '192.0.2.1', vendor: 'aws' } }), 400, 1157);
      assertError(await call('POST', V1, { body: '{"ip": ' }), 400, 1000);
      assertError(await call('POST', V1), 400, 1000);
      assertError(await call('POST', V1, { body: [] }), 400, 1000);
      assert.deepEqual((await call('GET', V1)).json.result.value, []);
    });

    test('PATCH upserts and returns the whole list in insertion order', async () => {
      assertOk(await call('PATCH', V1, { body: { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } }));
      let res = await call('PATCH', V1, { body: { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' } });
      assertOk(res);
      assert.deepEqual(res.json.result.value.map((m) => m['origin-ip']), ['192.0.2.1', '2001:db8::1']);
      res = await call('PATCH', V1, { body: { ip: '192.0.2.1', vendor: 'oci', region: 'us-ashburn-1' } });
      assertOk(res);
      const { value } = res.json.result;
      assert.equal(value.length, 2);
      assert.deepEqual(
        value.map(({ modified_on, ...m }) => m),
        [
          { 'origin-ip': '192.0.2.1', region: 'us-ashburn-1', vendor: 'oci' },
          { 'origin-ip': '2001:db8::1', region: 'us-central1', vendor: 'gcp' },
        ],
      );
      assert.equal(typeof res.json.result.modified_on, 'string');
      assertError(await call('PATCH', V1, { body: { ip: '192.0.2.1', vendor: 'aws', region: 'mars-1' } }), 400, 1157);
      assertError(await call('PATCH', V1, { body: { ip: 'fe80::1%eth0', vendor: 'aws', region: 'us-east-1' } }), 400, 1146);
    });

    test('GET /{ip} decodes and canonicalises the path; 1142 and 1146', async () => {
      await call('POST', V1, { body: { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' } });
      const res = await call('GET', `${V1}/${encodeURIComponent('2001:DB8:0:0::1')}`);
      assertOk(res);
      assert.deepEqual(Object.keys(res.json.result).sort(), ['editable', 'id', 'value']);
      assert.equal(res.json.result.value['origin-ip'], '2001:db8::1');
      assertOk(await call('GET', `${V1}/2001:db8::1`));
      assertError(await call('GET', `${V1}/192.0.2.9`), 404, 1142);
      assertError(await call('GET', `${V1}/not-an-ip`), 400, 1146);
      assertError(await call('GET', `${V1}/${encodeURIComponent('10.0.0.0/8')}`), 400, 1146);
      assertError(await call('GET', `${V1}/%E0%A4%A`), 400, 1146);
    });

    test('DELETE /{ip} returns the deleted entry; 1163 when absent', async () => {
      await call('POST', V1, { body: { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } });
      const res = await call('DELETE', `${V1}/192.0.2.1`);
      assertOk(res);
      assert.equal(res.json.result.id, 'origin_public_cloud_region');
      assert.equal(res.json.result.editable, true);
      assert.equal(res.json.result.value['origin-ip'], '192.0.2.1');
      assert.equal(res.json.result.value.vendor, 'aws');
      assertError(await call('DELETE', `${V1}/192.0.2.1`), 404, 1163);
    });

    test('PATCH /batch applies valid items and reports failed ones', async () => {
      const res = await call('PATCH', `${V1}/batch`, {
        body: [
          { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
          { ip: '2001:DB8::0:1', vendor: 'gcp', region: 'us-central1' },
          { ip: '192.0.2.300', vendor: 'aws', region: 'us-east-1' },
          { ip: '192.0.2.2', vendor: 'aws', region: 'nowhere-1' },
          'not an object',
        ],
      });
      assertOk(res);
      const { result } = res.json;
      assert.equal(result.id, 'origin_public_cloud_region');
      assert.deepEqual(result.value.succeeded, [
        { 'origin-ip': '192.0.2.1', region: 'us-east-1', vendor: 'aws' },
        { 'origin-ip': '2001:db8::1', region: 'us-central1', vendor: 'gcp' },
      ]);
      assert.equal(result.value.failed.length, 3);
      assert.equal(result.value.failed[0]['origin-ip'], '192.0.2.300');
      assert.match(result.value.failed[0].error, /origin IP/);
      assert.equal(result.value.failed[1]['origin-ip'], '192.0.2.2');
      assert.match(result.value.failed[1].error, /region/);
      assert.equal(typeof result.modified_on, 'string');
      assert.equal((await call('GET', V1)).json.result.value.length, 2);
    });

    test('PATCH /batch limits: 100 items, array body, JSON body', async () => {
      const hundred = manyMappings(100);
      const ok = await call('PATCH', `${V1}/batch`, { body: hundred });
      assertOk(ok);
      assert.equal(ok.json.result.value.succeeded.length, 100);
      assertError(await call('PATCH', `${V1}/batch`, { body: manyMappings(101, 11) }), 400, 1000);
      assertError(await call('PATCH', `${V1}/batch`, { body: { ip: '192.0.2.1' } }), 400, 1000);
      assertError(await call('PATCH', `${V1}/batch`, { body: 'nope' }), 400, 1000);
      const none = await call('PATCH', `${V1}/batch`, { body: [{ ip: 'x', vendor: 'aws', region: 'us-east-1' }] });
      assertOk(none);
      assert.equal(none.json.result.modified_on, null);
    });

    test('DELETE /batch removes mappings; absent ones fail with "no mapping for that IP"', async () => {
      await call('PATCH', `${V1}/batch`, {
        body: [
          { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
          { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
        ],
      });
      const res = await call('DELETE', `${V1}/batch`, { body: ['192.0.2.1', '2001:DB8::1', '192.0.2.7', 'bogus'] });
      assertOk(res);
      assert.deepEqual(res.json.result.value.succeeded, [{ 'origin-ip': '192.0.2.1' }, { 'origin-ip': '2001:db8::1' }]);
      assert.deepEqual(res.json.result.value.failed[0], { 'origin-ip': '192.0.2.7', error: 'no mapping for that IP' });
      assert.equal(res.json.result.value.failed[1]['origin-ip'], 'bogus');
      assertError(await call('DELETE', `${V1}/batch`, { body: Array(101).fill('192.0.2.1') }), 400, 1000);
      assertError(await call('DELETE', `${V1}/batch`, { body: '192.0.2.1' }), 400, 1000);
      assertError(await call('DELETE', `${V1}/batch`), 400, 1000);
    });

    test('GET /supported_regions returns the catalogue', async () => {
      const res = await call('GET', `${V1}/supported_regions`);
      assertOk(res);
      assert.deepEqual(res.json.result, loadCatalogue());
      assert.equal(res.json.result.obtained_codes, true);
      assert.deepEqual(Object.keys(res.json.result.vendors).sort(), ['aws', 'azure', 'gcp', 'oci']);
      for (const regions of Object.values(res.json.result.vendors)) {
        assert.ok(regions.length >= 8 && regions.length <= 12);
        for (const r of regions) {
          assert.equal(typeof r.name, 'string');
          assert.ok(r.upper_tier_colos.length >= 1);
          for (const colo of r.upper_tier_colos) assert.match(colo, /^[A-Z]{3}$/);
        }
      }
    });
  });

  describe('v2 /origin/cloud_regions', () => {
    test('list paginates with result_info', async () => {
      await ctl('PUT', `/zones/${ZONE}/mappings`, manyMappings(45));
      let res = await call('GET', V2);
      assertOk(res);
      assert.equal(res.json.result.length, 20);
      assert.deepEqual(res.json.result_info, { page: 1, per_page: 20, count: 20, total_count: 45, total_pages: 3 });
      assert.deepEqual(Object.keys(res.json.result[0]).sort(), ['modified_on', 'origin_ip', 'region', 'vendor']);
      assert.equal(res.json.result[0].origin_ip, '10.0.0.0');

      res = await call('GET', `${V2}?page=3&per_page=20`);
      assert.deepEqual(res.json.result_info, { page: 3, per_page: 20, count: 5, total_count: 45, total_pages: 3 });
      assert.equal(res.json.result[4].origin_ip, '10.0.0.44');

      res = await call('GET', `${V2}?page=9&per_page=100`);
      assert.deepEqual(res.json.result, []);
      assert.deepEqual(res.json.result_info, { page: 9, per_page: 100, count: 0, total_count: 45, total_pages: 1 });

      res = await call('GET', `/zones/${OTHER_ZONE}/origin/cloud_regions?per_page=5`);
      assert.deepEqual(res.json.result_info, { page: 1, per_page: 5, count: 0, total_count: 0, total_pages: 0 });
    });

    test('list rejects bad page and per_page with 1000', async () => {
      for (const q of ['page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=', 'per_page=0', 'per_page=101', 'per_page=x']) {
        assertError(await call('GET', `${V2}?${q}`), 400, 1000);
      }
      assertOk(await call('GET', `${V2}?per_page=100`));
      assertOk(await call('GET', `${V2}?per_page=1&page=1`));
    });

    test('PUT /{ip} creates and replaces; GET /{ip} reads it', async () => {
      let res = await call('PUT', `${V2}/${encodeURIComponent('2001:DB8::1')}`, {
        body: { origin_ip: '2001:db8:0:0::1', vendor: 'azure', region: 'eastus' },
      });
      assertOk(res);
      assert.equal(res.json.result.origin_ip, '2001:db8::1');
      assert.equal(res.json.result.vendor, 'azure');
      assert.equal(res.json.result.region, 'eastus');
      assert.equal(typeof res.json.result.modified_on, 'string');

      res = await call('PUT', `${V2}/2001:db8::1`, { body: { origin_ip: '2001:db8::1', vendor: 'gcp', region: 'europe-west1' } });
      assertOk(res);
      assert.equal(res.json.result.region, 'europe-west1');

      res = await call('GET', `${V2}/2001%3Adb8%3A%3A1`);
      assertOk(res);
      assert.deepEqual(
        { ...res.json.result, modified_on: undefined },
        { origin_ip: '2001:db8::1', region: 'europe-west1', vendor: 'gcp', modified_on: undefined },
      );
      assert.equal((await call('GET', V2)).json.result.length, 1);
    });

    test('PUT /{ip} errors: 1146 mismatch and invalid, 1157, 1000', async () => {
      const mismatch = await call('PUT', `${V2}/192.0.2.1`, { body: { origin_ip: '192.0.2.2', vendor: 'aws', region: 'us-east-1' } });
      assertError(mismatch, 400, 1146);
      assert.equal(mismatch.json.errors[0].message, 'body origin_ip does not match URL');
      assertError(await call('PUT', `${V2}/192.0.2.01`, { body: { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } }), 400, 1146);
      assertError(await call('PUT', `${V2}/192.0.2.1`, { body: { origin_ip: '192.0.2.01', vendor: 'aws', region: 'us-east-1' } }), 400, 1146);
      assertError(await call('PUT', `${V2}/192.0.2.1`, { body: { vendor: 'aws', region: 'us-east-1' } }), 400, 1146);
      assertError(await call('PUT', `${V2}/192.0.2.1`, { body: { origin_ip: '192.0.2.1', vendor: 'aws', region: 'westeurope' } }), 400, 1157);
      assertError(await call('PUT', `${V2}/192.0.2.1`, { body: 'x' }), 400, 1000);
      assert.deepEqual((await call('GET', V2)).json.result, []);
    });

    test('GET /{ip}: 1142 when absent, 1146 when invalid', async () => {
      assertError(await call('GET', `${V2}/192.0.2.1`), 404, 1142);
      assertError(await call('GET', `${V2}/${encodeURIComponent('fe80::1%eth0')}`), 400, 1146);
    });

    test('DELETE /{ip} returns {origin_ip}; 1163 when absent', async () => {
      await call('PUT', `${V2}/192.0.2.1`, { body: { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } });
      const res = await call('DELETE', `${V2}/192.0.2.1`);
      assertOk(res);
      assert.deepEqual(res.json.result, { origin_ip: '192.0.2.1' });
      assertError(await call('DELETE', `${V2}/192.0.2.1`), 404, 1163);
    });

    test('PUT /batch merges; per-item failures; 100-item limit', async () => {
      await call('PUT', `${V2}/198.51.100.1`, { body: { origin_ip: '198.51.100.1', vendor: 'oci', region: 'us-ashburn-1' } });
      const res = await call('PUT', `${V2}/batch`, {
        body: [
          { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
          { origin_ip: '2001:db8::0001', vendor: 'gcp', region: 'us-central1' },
          { origin_ip: '192.0.2.1/32', vendor: 'aws', region: 'us-east-1' },
          { origin_ip: '192.0.2.3', vendor: 'gcp', region: 'us-east-1' },
          { ip: '192.0.2.4', vendor: 'aws', region: 'us-east-1' },
        ],
      });
      assertOk(res);
      assert.equal(res.json.result_info, undefined);
      assert.deepEqual(res.json.result.succeeded, [
        { origin_ip: '192.0.2.1', region: 'us-east-1', vendor: 'aws' },
        { origin_ip: '2001:db8::1', region: 'us-central1', vendor: 'gcp' },
      ]);
      assert.deepEqual(res.json.result.failed.map((f) => f.origin_ip), ['192.0.2.1/32', '192.0.2.3', '']);
      for (const f of res.json.result.failed) assert.equal(typeof f.error, 'string');
      const all = (await call('GET', V2)).json.result.map((m) => m.origin_ip);
      assert.deepEqual(all, ['198.51.100.1', '192.0.2.1', '2001:db8::1']);
      assertError(await call('PUT', `${V2}/batch`, { body: manyMappings(101).map(({ ip, ...m }) => ({ origin_ip: ip, ...m })) }), 400, 1000);
      assertError(await call('PUT', `${V2}/batch`, { body: { origin_ip: '192.0.2.1' } }), 400, 1000);
      assertError(await call('PUT', `${V2}/batch`, { body: '[{' }), 400, 1000);
    });

    test('DELETE /batch', async () => {
      await ctl('PUT', `/zones/${ZONE}/mappings`, manyMappings(3));
      const res = await call('DELETE', `${V2}/batch`, { body: ['10.0.0.0', '10.0.0.2', '10.0.0.9'] });
      assertOk(res);
      assert.deepEqual(res.json.result.succeeded, [{ origin_ip: '10.0.0.0' }, { origin_ip: '10.0.0.2' }]);
      assert.deepEqual(res.json.result.failed, [{ origin_ip: '10.0.0.9', error: 'no mapping for that IP' }]);
      assert.deepEqual((await call('GET', V2)).json.result.map((m) => m.origin_ip), ['10.0.0.1']);
      assertError(await call('DELETE', `${V2}/batch`, { body: { ips: [] } }), 400, 1000);
    });

    test('GET /supported_regions', async () => {
      const res = await call('GET', `${V2}/supported_regions`);
      assertOk(res);
      assert.deepEqual(res.json.result, loadCatalogue());
    });
  });

  describe('zone limit of 3,500', () => {
    beforeEach(async () => {
      const full = await ctl('PUT', `/zones/${ZONE}/mappings`, manyMappings(3500));
      assert.deepEqual(full.json, { ok: true, count: 3500 });
    });

    test('a new IP is refused with 403 code 1164 by every single-item write', async () => {
      const body = { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' };
      for (const res of [
        await call('POST', V1, { body }),
        await call('PATCH', V1, { body }),
        await call('PUT', `${V2}/192.0.2.1`, { body: { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } }),
      ]) {
        assertError(res, 403, 1164);
        assert.equal(res.json.errors[0].message, 'Maximum number of IP mappings configured for zone.');
      }
    });

    test('updating an existing IP at the limit is allowed', async () => {
      assertOk(await call('PATCH', V1, { body: { ip: '10.0.0.5', vendor: 'gcp', region: 'us-central1' } }));
      assertOk(await call('PUT', `${V2}/10.0.0.6`, { body: { origin_ip: '10.0.0.6', vendor: 'gcp', region: 'us-central1' } }));
      const res = await call('GET', `${V2}?per_page=1`);
      assert.equal(res.json.result_info.total_count, 3500);
      assert.equal(res.json.result_info.total_pages, 3500);
    });

    test('batch items past the limit fail one by one; room frees after a delete', async () => {
      const res = await call('PATCH', `${V1}/batch`, {
        body: [
          { ip: '10.0.0.1', vendor: 'azure', region: 'eastus' },
          { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
        ],
      });
      assertOk(res);
      assert.deepEqual(res.json.result.value.succeeded.map((s) => s['origin-ip']), ['10.0.0.1']);
      assert.deepEqual(res.json.result.value.failed, [
        { 'origin-ip': '192.0.2.1', error: 'Maximum number of IP mappings configured for zone.' },
      ]);
      const v2 = await call('PUT', `${V2}/batch`, { body: [{ origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }] });
      assert.equal(v2.json.result.failed.length, 1);
      assertOk(await call('DELETE', `${V2}/10.0.0.0`));
      assertOk(await call('POST', V1, { body: { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' } }));
      assertError(await call('POST', V1, { body: { ip: '192.0.2.2', vendor: 'aws', region: 'us-east-1' } }), 403, 1164);
    });
  });

  describe('faults', () => {
    const arm = async (fault) => {
      const res = await ctl('POST', '/faults', fault);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return res.json.fault;
    };

    test('status 5xx: Cloudflare envelope with code 1140, consumed once', async () => {
      await arm({ kind: 'status', status: 503 });
      const res = await call('GET', V2);
      assertError(res, 503, 1140);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assertOk(await call('GET', V2));
    });

    test('status 429 with Retry-After: code 971', async () => {
      await arm({ kind: 'status', status: 429, retryAfter: '30' });
      const res = await call('GET', V2);
      assertError(res, 429, 971);
      assert.equal(res.json.errors[0].message, 'Please wait and consider throttling your request speed');
      assert.equal(res.headers.get('retry-after'), '30');
      await arm({ kind: 'status', status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
      assert.equal((await call('GET', V2)).headers.get('retry-after'), 'Wed, 21 Oct 2015 07:28:00 GMT');
      await arm({ kind: 'status', status: 429 });
      assert.equal((await call('GET', V2)).headers.get('retry-after'), null);
    });

    test('reset destroys the connection', async () => {
      await arm({ kind: 'reset' });
      await assert.rejects(call('GET', V2));
      assertOk(await call('GET', V2));
    });

    test('delay waits, then answers normally', async () => {
      await arm({ kind: 'delay', delayMs: 300 });
      const started = Date.now();
      const res = await call('GET', V2);
      assert.ok(Date.now() - started >= 280, `took ${Date.now() - started} ms`);
      assertOk(res);
    });

    test('html returns an HTML error page', async () => {
      await arm({ kind: 'html' });
      let res = await call('GET', V2);
      assert.equal(res.status, 502);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(res.text, /<html>/);
      assert.equal(res.json, undefined);
      await arm({ kind: 'html', status: 520 });
      res = await call('GET', V2);
      assert.equal(res.status, 520);
    });

    test('truncated returns 200 with a cut JSON envelope', async () => {
      await arm({ kind: 'truncated' });
      const res = await call('GET', V1);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.match(res.text, /^\{"success":true,/);
      assert.throws(() => JSON.parse(res.text), SyntaxError);
    });

    test('notjson returns 200 with body "not json"', async () => {
      await arm({ kind: 'notjson' });
      const res = await call('GET', V1);
      assert.equal(res.status, 200);
      assert.equal(res.text, 'not json');
    });

    test('success-false returns 200 with success:false and code 1140', async () => {
      await arm({ kind: 'success-false' });
      const res = await call('GET', V1);
      assert.equal(res.status, 200);
      assert.equal(res.json.success, false);
      assert.equal(res.json.result, null);
      assert.equal(res.json.errors[0].code, 1140);
    });

    test('hang never answers until the client aborts', async () => {
      await arm({ kind: 'hang' });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      await assert.rejects(call('GET', V2, { signal: controller.signal }), { name: 'AbortError' });
      clearTimeout(timer);
      assert.ok(Date.now() - started >= 190);
      assertOk(await call('GET', V2));
    });

    test('matching by method, path and zone; times counts down; in order', async () => {
      await arm({ kind: 'status', status: 500, method: 'put', path: '/batch', times: 2 });
      await arm({ kind: 'status', status: 502, zone: OTHER_ZONE });
      await arm({ kind: 'status', status: 504, path: '2001:db8::1' });
      await arm({ kind: 'status', status: 503 });
      let listed = (await ctl('GET', '/faults')).json;
      assert.deepEqual(listed.map((f) => [f.kind, f.status, f.times]), [
        ['status', 500, 2],
        ['status', 502, 1],
        ['status', 504, 1],
        ['status', 503, 1],
      ]);
      assert.equal(listed[0].method, 'PUT');

      const batch = [{ origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }];
      assertError(await call('PUT', `${V2}/batch`, { body: batch }), 500, 1140);
      // The path filter also matches the decoded path.
      assertError(await call('GET', `${V2}/2001%3Adb8%3A%3A1`), 504, 1140);
      assertError(await call('PUT', `${V2}/batch`, { body: batch }), 500, 1140);
      assertError(await call('GET', `/zones/${OTHER_ZONE}/origin/cloud_regions`), 502, 1140);
      assertError(await call('GET', V1), 503, 1140);
      assertOk(await call('PUT', `${V2}/batch`, { body: batch }));
      listed = (await ctl('GET', '/faults')).json;
      assert.deepEqual(listed, []);
    });

    test('DELETE /__mock/faults clears; bad specs are refused', async () => {
      await arm({ kind: 'status', status: 500, times: 5 });
      assert.equal((await ctl('GET', '/faults')).json.length, 1);
      assert.deepEqual((await ctl('DELETE', '/faults')).json, { ok: true });
      assertOk(await call('GET', V2));
      for (const bad of [{}, { kind: 'explode' }, { kind: 'status', status: 99 }, { kind: 'status', times: 0 }, { kind: 'delay', delayMs: -1 }]) {
        const res = await ctl('POST', '/faults', bad);
        assert.equal(res.status, 400);
        assert.equal(res.json.ok, false);
      }
    });

    test('faults do not apply to control routes', async () => {
      await arm({ kind: 'reset' });
      assert.deepEqual((await ctl('GET', '/health')).json, { ok: true });
      assert.equal((await ctl('GET', '/faults')).json.length, 1);
    });
  });

  describe('control API', () => {
    test('health', async () => {
      const res = await ctl('GET', '/health');
      assert.deepEqual(res.json, { ok: true });
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    });

    test('PUT/GET mappings replaces a zone, canonicalising IPs', async () => {
      await call('POST', V1, { body: { ip: '198.51.100.1', vendor: 'aws', region: 'us-east-1' } });
      const put = await ctl('PUT', `/zones/${ZONE}/mappings`, [
        { ip: '2001:DB8::0:1', vendor: 'gcp', region: 'us-central1' },
        { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
      ]);
      assert.deepEqual(put.json, { ok: true, count: 2 });
      const dump = (await ctl('GET', `/zones/${ZONE}/mappings`)).json;
      assert.deepEqual(dump.map(({ modified_on, ...m }) => m), [
        { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
        { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
      ]);
      assert.ok(dump.every((m) => typeof m.modified_on === 'string'));
      assert.deepEqual((await ctl('GET', `/zones/${OTHER_ZONE}/mappings`)).json, []);
      const bad = await ctl('PUT', `/zones/${ZONE}/mappings`, [{ ip: 'nope', vendor: 'aws', region: 'us-east-1' }]);
      assert.equal(bad.status, 400);
      assert.equal((await ctl('GET', `/zones/${ZONE}/mappings`)).json.length, 2);
    });

    test('reset one zone or everything', async () => {
      await ctl('PUT', `/zones/${ZONE}/mappings`, manyMappings(2));
      await ctl('PUT', `/zones/${OTHER_ZONE}/mappings`, manyMappings(3));
      await ctl('POST', '/faults', { kind: 'status', status: 500, path: '/nothing-matches' });
      await ctl('POST', '/config', { latencyMs: 5 });
      await call('GET', V2);

      assert.deepEqual((await ctl('POST', '/reset', { zone: ZONE })).json, { ok: true });
      assert.deepEqual((await ctl('GET', `/zones/${ZONE}/mappings`)).json, []);
      assert.equal((await ctl('GET', `/zones/${OTHER_ZONE}/mappings`)).json.length, 3);
      assert.equal((await ctl('GET', '/faults')).json.length, 1);

      await ctl('POST', '/reset');
      assert.deepEqual((await ctl('GET', `/zones/${OTHER_ZONE}/mappings`)).json, []);
      assert.deepEqual((await ctl('GET', '/faults')).json, []);
      assert.deepEqual((await ctl('GET', '/requests')).json, []);
      assert.deepEqual((await ctl('GET', '/config')).json, { latencyMs: 0 });
    });

    test('request log: method, path, query, auth kind, items, time; never credentials', async () => {
      const t0 = Date.now();
      await call('GET', `${V2}?page=2&per_page=5`, { headers: BEARER });
      await call('PATCH', `${V1}/batch`, { headers: KEY, body: manyMappings(3) });
      await call('GET', `/zones/${OTHER_ZONE}/origin/cloud_regions`, { headers: {} });
      await call('GET', V1, { headers: { authorization: 'Bearer super-secret-value' } });
      await fetch(api.url + V2, { method: 'OPTIONS' });

      const log = (await ctl('GET', '/requests')).json;
      assert.equal(log.length, 4);
      assert.deepEqual(
        log.map(({ method, path, query, auth, items }) => ({ method, path, query, auth, items })),
        [
          { method: 'GET', path: V2, query: { page: '2', per_page: '5' }, auth: 'bearer', items: null },
          { method: 'PATCH', path: `${V1}/batch`, query: {}, auth: 'key', items: 3 },
          { method: 'GET', path: `/zones/${OTHER_ZONE}/origin/cloud_regions`, query: {}, auth: 'none', items: null },
          { method: 'GET', path: V1, query: {}, auth: 'bearer', items: null },
        ],
      );
      for (const entry of log) assert.ok(entry.at >= t0 && entry.at <= Date.now());
      const text = JSON.stringify(log);
      for (const secret of ['test-token', 'test-global-key', 'user@example.com', 'super-secret-value']) {
        assert.ok(!text.includes(secret), secret);
      }

      const zoneOnly = (await ctl('GET', `/requests?zone=${OTHER_ZONE}`)).json;
      assert.equal(zoneOnly.length, 1);
      assert.deepEqual((await ctl('DELETE', '/requests')).json, { ok: true });
      assert.deepEqual((await ctl('GET', '/requests')).json, []);
    });

    test('config latencyMs delays API responses but not control routes', async () => {
      assert.deepEqual((await ctl('POST', '/config', { latencyMs: 250 })).json, { ok: true, latencyMs: 250 });
      let started = Date.now();
      assertOk(await call('GET', V2));
      assert.ok(Date.now() - started >= 240, `took ${Date.now() - started} ms`);
      started = Date.now();
      await ctl('GET', '/health');
      assert.ok(Date.now() - started < 200);
      await ctl('POST', '/config', { latencyMs: 0 });
      assert.equal((await ctl('POST', '/config', { latencyMs: -5 })).status, 400);
    });

    test('unknown control route and bad JSON', async () => {
      assert.equal((await ctl('GET', '/nope')).status, 404);
      const res = await fetch(`${clientFor(api).root}/__mock/faults`, { method: 'POST', body: '{' });
      assert.equal(res.status, 400);
    });
  });
});

// ---- seeding, latency option, command line ----------------------------------------------------

describe('startMockApi options', () => {
  test('every API answer carries a cf-ray, recorded in the request log', async () => {
    const api = await startMockApi({ seed: true });
    try {
      const ok = await fetch(api.url + V2, { headers: BEARER });
      const refused = await fetch(api.url + V2 + '/203.0.113.250', { headers: BEARER });
      api.state.addFault({ kind: 'html', status: 502 });
      const html = await fetch(api.url + V2, { headers: BEARER });
      assert.deepEqual([ok.status, refused.status, html.status], [200, 404, 502]);
      const rays = [ok, refused, html].map((r) => r.headers.get('cf-ray'));
      for (const ray of rays) assert.match(ray, /^[0-9a-f]{16}-SJC$/);
      assert.equal(new Set(rays).size, 3, 'a new ray per answer');
      assert.deepEqual(api.state.getRequests().map((r) => r.ray), rays);
    } finally {
      await api.close();
    }
  });

  test('seed: the demo zone starts with mappings for all four vendors', async () => {
    const api = await startMockApi({ seed: true });
    try {
      const { call, ctl } = clientFor(api);
      assert.equal(SEED_ZONE, ZONE);
      const res = await call('GET', V2);
      assertOk(res);
      const list = res.json.result;
      assert.ok(list.length >= 8);
      assert.deepEqual([...new Set(list.map((m) => m.vendor))].sort(), ['aws', 'azure', 'gcp', 'oci']);
      assert.ok(list.some((m) => m.origin_ip.includes(':')));
      assert.ok(list.some((m) => m.origin_ip.includes('.')));
      for (const m of list) assert.equal(canonicalIp(m.origin_ip), m.origin_ip);
      const catalogue = loadCatalogue();
      for (const m of list) assert.ok(catalogue.vendors[m.vendor].some((r) => r.name === m.region));

      await call('DELETE', `${V2}/${encodeURIComponent(list[0].origin_ip)}`);
      await ctl('POST', '/reset');
      assert.equal((await call('GET', V2)).json.result.length, list.length);
      await ctl('POST', '/reset', { seed: false });
      assert.equal((await call('GET', V2)).json.result.length, 0);
    } finally {
      await api.close();
    }
  });

  test('latency option', async () => {
    const api = await startMockApi({ latencyMs: 150 });
    try {
      const started = Date.now();
      assertOk(await clientFor(api).call('GET', V2));
      assert.ok(Date.now() - started >= 140);
    } finally {
      await api.close();
    }
  });

  test('close() ends hanging requests', async () => {
    const api = await startMockApi();
    const { call, ctl } = clientFor(api);
    await ctl('POST', '/faults', { kind: 'hang' });
    const pending = call('GET', V2).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await api.close();
    assert.equal(await pending, 'failed');
  });

  test('parseArgs', () => {
    assert.deepEqual(parseArgs([], {}), { port: 8790 });
    assert.deepEqual(parseArgs([], { MOCK_API_PORT: '9000' }), { port: 9000 });
    assert.deepEqual(
      parseArgs(['--port', '0', '--host', '0.0.0.0', '--seed', '--latency=25', '--token', 't', '--email', 'e', '--key', 'k', '--no-auth'], {
        MOCK_API_PORT: '9000',
      }),
      { port: 0, host: '0.0.0.0', seed: true, latencyMs: 25, token: 't', email: 'e', key: 'k', noAuth: true },
    );
    assert.throws(() => parseArgs(['--port', 'x'], {}));
    assert.throws(() => parseArgs(['--port'], {}));
    assert.throws(() => parseArgs(['--bogus'], {}));
  });

  test('command line: prints one line, serves, exits cleanly on SIGTERM and SIGINT', async () => {
    const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
    for (const signal of ['SIGTERM', 'SIGINT']) {
      const child = spawn(process.execPath, [script, '--port', '0', '--seed', '--token', 'cli-token'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      const lines = createInterface({ input: child.stdout });
      const [line] = await once(lines, 'line');
      const m = /^origin-regions mock API listening on (http:\/\/127\.0\.0\.1:(\d+)\/client\/v4)$/.exec(line);
      assert.ok(m, line);
      assert.notEqual(m[2], '0');
      const res = await fetch(`${m[1]}${V2}`, { headers: { authorization: 'Bearer cli-token' } });
      assert.equal(res.status, 200);
      assert.ok((await res.json()).result.length >= 8);
      child.kill(signal);
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
      assert.equal(stdout, `${line}\n`);
    }
  });
});
