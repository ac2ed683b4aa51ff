// The error class of every rejection, defined once in JS (a class that
// extends Error cannot be defined from Rust) and re-exported by the
// package, so `instanceof OriginRegionsError` holds in every runtime.

/** Every rejection of origin-regions is an OriginRegionsError. */
export class OriginRegionsError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'OriginRegionsError';
    /** 'validation' | 'api' | 'network' | 'timeout' | 'aborted' | 'decode' */
    this.kind = kind;
    this.errors = [];
  }
}
