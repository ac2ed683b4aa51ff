// The moment right after import, in a bundled page (browser.mjs loads the
// wasm file asynchronously): runs synchronously when imported, before the
// module can be ready, then checks what the package's docs promise for it.
// earlyChecks() resolves to named results like the suite's.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';

const q = new URLSearchParams(location.search);
const apiUrl = q.get('api');
const zoneId = q.get('earlyZone');
const opts = { zoneId, apiToken: 'test-token', baseUrl: apiUrl, logLevel: 'off', dangerouslyAllowBrowser: true };
const badOpts = { ...opts, zoneId: 'not-a-zone-id' };

// Everything below up to earlyChecks() runs in the import's own task.
const caught = (fn) => {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
};
const syncCanonicalize = caught(() => canonicalizeIp('192.0.2.1'));
const syncCheck = caught(() => checkMappings([]));
const client = caught(() => new OriginRegionsClient(opts));
const badClient = caught(() => new OriginRegionsClient(badOpts));
const syncToJson = client.value && caught(() => client.value.toJSON());
const firstList = client.value && client.value.list({ perPage: 5 });
const badList = badClient.value && badClient.value.list();
const iterable = client.value && caught(() => client.value.iterate({ perPage: 2 }));
firstList?.catch(() => {});
badList?.catch(() => {});

export async function earlyChecks() {
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: String(e && e.stack ? e.stack : e) });
    }
  };
  const assert = (cond, msg) => {
    if (!cond) throw new Error(msg);
  };
  const notReady = (r, what) => {
    assert(r && r.error instanceof Error, `${what} before the module is ready: expected a throw, got ${JSON.stringify(r && r.value)}`);
    assert(/still loading/.test(r.error.message) && r.error.message.includes(what), `${what}: message ${r.error.message}`);
  };

  await check('right after import: canonicalizeIp() and checkMappings() throw "still loading" (the module is not ready)', () => {
    notReady(syncCanonicalize, 'canonicalizeIp()');
    notReady(syncCheck, 'checkMappings()');
  });
  await check('right after import: the constructor returns a client that is instanceof OriginRegionsClient', () => {
    assert(!client.error, `threw ${client.error}`);
    assert(client.value instanceof OriginRegionsClient, 'not instanceof');
    assert(Object.getPrototypeOf(client.value) === OriginRegionsClient.prototype, 'another prototype');
    assert(client.value.constructor === OriginRegionsClient, 'constructor property');
  });
  await check('right after import: toJSON() throws "still loading"', () => notReady(syncToJson, 'toJSON()'));
  await check('right after import: list() waits for the module and lists the zone', async () => {
    const page = await firstList;
    assert(Array.isArray(page.items) && page.items.length === page.totalCount && page.totalCount > 0, `page ${JSON.stringify(page)}`);
  });
  await check('right after import: bad options do not throw; each call rejects with the check the constructor makes once ready', async () => {
    assert(!badClient.error, `the constructor threw ${badClient.error}`);
    let early;
    try {
      await badList;
    } catch (e) {
      early = e;
    }
    assert(early instanceof OriginRegionsError && early.kind === 'validation', `list() gave ${early}`);
    const late = caught(() => new OriginRegionsClient(badOpts)).error;
    assert(late instanceof OriginRegionsError && late.message === early.message, `once ready the constructor throws ${late}; early: ${early.message}`);
    let again;
    await badClient.value.get('192.0.2.1').catch((e) => { again = e; });
    assert(again === early, 'a second call did not reject with the same error');
    assert(caught(() => badClient.value.toJSON()).error === early, 'toJSON() once ready did not throw the same error');
  });
  await check('right after import: iterate() returns an async iterable that waits for the module', async () => {
    assert(!iterable.error && typeof iterable.value[Symbol.asyncIterator] === 'function', `iterate gave ${iterable.error}`);
    const seen = [];
    for await (const m of iterable.value) seen.push(m.ip);
    const page = await firstList;
    assert(seen.length === page.totalCount, `iterated ${seen.length} of ${page.totalCount}`);
  });
  await check('once ready: the same early client answers synchronous calls, canonicalizeIp() works', () => {
    assert(client.value.toJSON().zoneId === zoneId, JSON.stringify(client.value.toJSON()));
    assert(canonicalizeIp('2001:DB8::1') === '2001:db8::1', 'canonicalizeIp');
  });
  await check('once ready: every method but toJSON, toString, free and iterate returns a promise (what the early client assumes)', async () => {
    const c = new OriginRegionsClient(opts);
    const proto = OriginRegionsClient.prototype;
    const names = Reflect.ownKeys(proto).filter((k) => typeof proto[k] === 'function' && k !== 'constructor' && !String(k).startsWith('__'));
    const sync = new Set(['toJSON', 'toString', 'free', 'iterate', Symbol.dispose]);
    const bad = [];
    for (const k of names.filter((n) => !sync.has(n))) {
      let r;
      try {
        r = c[k]();
      } catch (e) {
        bad.push(`${String(k)} threw ${e}`);
        continue;
      }
      if (!(r instanceof Promise)) bad.push(`${String(k)} returned ${r}`);
      else await r.catch(() => {});
    }
    assert(names.length >= 15 && bad.length === 0, `${names.length} methods; ${bad.join('; ')}`);
    c.free();
  });
  return results;
}
