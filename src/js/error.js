// The error class of every rejection, defined once in JS (a class that
// extends Error cannot be defined from Rust) and re-exported by the
// package, so `instanceof OriginRegionsError` holds in every runtime.
// The package has two wasm modules (the client's, and RegionIndex's behind
// `origin-regions/ranges`), each with its own copy of this file: the class
// is kept once per realm under a registered symbol, so both throw the same
// class and one `instanceof` covers them.

const key = Symbol.for('origin-regions.OriginRegionsError');

/** Every rejection of origin-regions is an OriginRegionsError. */
export const OriginRegionsError = (globalThis[key] ??= class OriginRegionsError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'OriginRegionsError';
    /** 'validation' | 'api' | 'network' | 'timeout' | 'aborted' | 'decode' */
    this.kind = kind;
    this.errors = [];
  }
});
