// For entries that load the wasm asynchronously without top-level await
// (browser.mjs): the package's exports work from the moment of import, and
// what needs the module waits for it.
//
// OriginRegionsClient is wasm-bindgen's class, prototype and all: the
// exported constructor shares its prototype, so `instanceof` holds both ways
// and there is one list of methods, the class's own. Built before the module
// is ready, a client keeps its options and becomes a wasm-bindgen client on
// its first call after the module is (same options, same checks); each
// method of the prototype is wrapped once, at import, to wait for that.
import * as wasm from './origin_regions.js';

let loaded = false;
let loading; // the promise of the module, while it loads
let start; // starts loading (again, after a failure)

/** What the entry calls at import: `load` makes the module ready (initSync). */
export function whenReady(load) {
  start = () => {
    loading ??= load().then(
      () => { loaded = true; },
      (error) => { loading = undefined; throw error; },
    );
    return loading;
  };
  // Left unhandled on purpose: a module that cannot load is reported at once
  // (as web.mjs's top-level await would), and each call rejects with it too.
  start();
}

const ready = () => (loaded ? Promise.resolve() : start());

function notReady(what) {
  return new Error(
    `origin-regions: ${what} needs the WebAssembly module, which is still loading (the browser entry loads it ` +
    'right after import); call it once any client method has settled, or use the client\'s async methods, which wait for it',
  );
}

const Wasm = wasm.OriginRegionsClient;
const proto = Wasm.prototype;
// Clients built before the module was ready: their options, then the
// wasm-bindgen client (or the error its constructor threw).
const early = new WeakMap();

/** Same signature and checks as the class; before the module is ready, the checks run on the first call. */
export function OriginRegionsClient(options) {
  if (!new.target) throw new TypeError("Class constructor OriginRegionsClient cannot be invoked without 'new'");
  if (loaded) return Reflect.construct(Wasm, [options], new.target);
  const client = Object.create(new.target.prototype);
  early.set(client, { options });
  return client;
}
OriginRegionsClient.prototype = proto;
Object.defineProperty(proto, 'constructor', { value: OriginRegionsClient, writable: true, configurable: true });
for (const key of Reflect.ownKeys(Wasm)) {
  if (!(key in OriginRegionsClient)) Object.defineProperty(OriginRegionsClient, key, Object.getOwnPropertyDescriptor(Wasm, key));
}

/** The wasm-bindgen client behind an early one (the module is ready). */
function settle(state) {
  if (!('client' in state)) {
    try {
      state.client = new Wasm(state.options);
      if (state.freed) state.client.free();
    } catch (error) {
      state.client = undefined;
      state.error = error;
    }
    state.options = undefined;
  }
  if (state.error) throw state.error;
  return state.client;
}

// The members whose result is not a promise; every other method returns one.
const SYNC = new Set(['toJSON', 'toString']);
const ITERABLE = new Set(['iterate']);
const free = proto.free;

for (const key of Reflect.ownKeys(proto)) {
  const desc = Object.getOwnPropertyDescriptor(proto, key);
  if (key === 'constructor' || typeof desc.value !== 'function' || (typeof key === 'string' && key.startsWith('__'))) continue;
  const method = desc.value;
  const name = typeof key === 'string' ? key : key.description;
  const wrapped = {
    [name](...args) {
      const state = early.get(this);
      if (!state) return method.apply(this, args);
      const returnsPromise = method !== free && !SYNC.has(key) && !ITERABLE.has(key);
      if (loaded) {
        if (!returnsPromise) return method.apply(settle(state), args);
        // The constructor's error rejects, as any other error of the method would.
        try {
          return method.apply(settle(state), args);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      if (method === free) {
        state.freed = true;
        return undefined;
      }
      if (SYNC.has(key)) throw notReady(`${name}()`);
      const result = ready().then(() => method.apply(settle(state), args));
      return returnsPromise ? result : deferredIterable(result);
    },
  }[name];
  Object.defineProperty(proto, key, { ...desc, value: wrapped });
}

/** An async iterable now, for an iterable the module makes once it is ready. */
function deferredIterable(promise) {
  return {
    next: () => promise.then((it) => it.next()),
    return: () => promise.then((it) => it.return()),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export function canonicalizeIp(text) {
  if (!loaded) throw notReady('canonicalizeIp()');
  return wasm.canonicalizeIp(text);
}

export function checkMappings(items) {
  if (!loaded) throw notReady('checkMappings()');
  return wasm.checkMappings(items);
}
