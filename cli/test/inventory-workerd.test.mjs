// The inventory reader runs in workerd as it is (a Worker imports it): a
// bundle of src/inventory.mjs with its CSV library, without nodejs_compat,
// parses and writes inventories inside Miniflare's workerd.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseInventory } from '../src/inventory.mjs';
import { ROOT } from './helpers.mjs';

const tools = createRequire(join(ROOT, 'scripts', 'package.json'));
const { build } = tools('esbuild');
const { Miniflare } = tools('miniflare');

let mf;
before(async () => {
  const worker = `
    import { parseInventory, formatInventoryCsv } from ${JSON.stringify(join(ROOT, 'cli/src/inventory.mjs'))};
    export default {
      async fetch(request) {
        const text = await request.text();
        const parsed = parseInventory(text, { source: 'upload.csv' });
        return Response.json({ parsed, csv: formatInventoryCsv(parsed.rows) });
      },
    };`;
  const bundle = await build({
    stdin: { contents: worker, resolveDir: join(ROOT, 'cli'), loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  mf = new Miniflare({ modules: true, script: bundle.outputFiles[0].text, compatibilityDate: '2025-06-01' });
});
after(() => mf?.dispose());

const post = async (body) => (await mf.dispatchFetch('http://worker.test/', { method: 'POST', body })).json();

test('in workerd: CSV with BOM, CRLF, quotes and bad lines gives what Node gives', async () => {
  const text = '\ufeffip,vendor,region\r\n192.0.2.1,aws,us-east-1\r\n"2001:db8::1","gcp","us-central1"\r\n10.0.0.1,aws\r\n"10.0.0.2,aws,x\r\n';
  const { parsed, csv } = await post(text);
  assert.deepEqual(parsed, parseInventory(text));
  assert.equal(parsed.rows.length, 2);
  assert.deepEqual(parsed.errors.map((e) => e.line), [4, 5]);
  assert.equal(csv, 'ip,vendor,region\n192.0.2.1,aws,us-east-1\n2001:db8::1,gcp,us-central1\n');
});

test('in workerd: a JSON array, each item on its line', async () => {
  const text = '[\n {"ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1"},\n {"ip": "192.0.2.2"}\n]';
  const { parsed } = await post(text);
  assert.deepEqual(parsed, parseInventory(text));
  assert.deepEqual(parsed.errors, [{ line: 3, message: 'item 2: has no "vendor" (expected ip, vendor, region)' }]);
});
