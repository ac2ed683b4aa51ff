// `origin-regions/ranges` is its own wasm module: the package root's module
// holds none of RegionIndex and the ranges module none of the client, and
// both throw the one OriginRegionsError class whichever is imported first.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as root from '../../pkg/node.mjs';
import * as ranges from '../../pkg/ranges/node.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const wasmExports = (path) =>
  WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(new URL(path, pkg)))).map((e) => e.name);

test('the root module has no RegionIndex, the ranges module no client', () => {
  assert.deepEqual(Object.keys(root).sort(), ['OriginRegionsClient', 'OriginRegionsError', 'canonicalizeIp', 'checkMappings']);
  assert.deepEqual(Object.keys(ranges).sort(), ['OriginRegionsError', 'RegionIndex']);
  const rootWasm = wasmExports('origin_regions_bg.wasm');
  const rangesWasm = wasmExports('ranges/origin_regions_ranges_bg.wasm');
  assert.ok(rootWasm.some((n) => n.startsWith('originregionsclient_')), 'the client is in the root module');
  assert.deepEqual(rootWasm.filter((n) => n.startsWith('regionindex_')), []);
  assert.ok(rangesWasm.includes('regionindex_fromProviders'), rangesWasm.join(' '));
  assert.deepEqual(rangesWasm.filter((n) => /^originregionsclient_|^checkMappings$|^canonicalizeIp$/.test(n)), []);
});

test('one OriginRegionsError class for both modules', () => {
  assert.equal(ranges.OriginRegionsError, root.OriginRegionsError);
  const fromIndex = (() => { try { ranges.RegionIndex.fromProviders({ aws: '{' }); } catch (e) { return e; } })();
  const fromClient = (() => { try { root.canonicalizeIp('x'); } catch (e) { return e; } })();
  for (const e of [fromIndex, fromClient]) {
    assert.ok(e instanceof root.OriginRegionsError && e instanceof ranges.OriginRegionsError && e instanceof Error);
    assert.equal(e.name, 'OriginRegionsError');
    assert.equal(e.kind, 'validation');
  }
  assert.match(fromIndex.message, /^providers\.aws \(ip-ranges\.json\): is not JSON/);
});

test('the class is shared when the ranges entry is imported first, and when it is imported alone', () => {
  const script = `
    const ranges = await import(${JSON.stringify(new URL('ranges/node.mjs', pkg).href)});
    let e;
    try { ranges.RegionIndex.fromProviders({ gcp: 5 }); } catch (x) { e = x; }
    const alone = e instanceof ranges.OriginRegionsError && e.kind === 'validation';
    const root = await import(${JSON.stringify(new URL('node.mjs', pkg).href)});
    console.log(JSON.stringify({ alone, same: root.OriginRegionsError === ranges.OriginRegionsError, rootSees: e instanceof root.OriginRegionsError }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { alone: true, same: true, rootSees: true });
});
