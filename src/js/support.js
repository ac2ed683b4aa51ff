// The JS half of the bindings: what Rust cannot define itself. Imported by
// the wasm glue, and re-exported by the package, so `instanceof` holds for
// every rejection.

/** Every rejection of origin-regions is an OriginRegionsError. */
export class OriginRegionsError extends Error {
  constructor(kind, message, status, code, errors) {
    super(message);
    this.name = 'OriginRegionsError';
    /** 'validation' | 'api' | 'network' | 'timeout' | 'aborted' | 'decode' */
    this.kind = kind;
    if (status !== undefined) this.status = status;
    if (code !== undefined) this.code = code;
    this.errors = errors;
  }
}

/** Makes an object with `next()` usable in `for await`. */
export function asyncIterable(iterator) {
  iterator[Symbol.asyncIterator] = function () {
    return this;
  };
  return iterator;
}
