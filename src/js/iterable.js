// The async-iteration protocol around the client's MappingIterator: Rust
// cannot name a method `[Symbol.asyncIterator]`, so this object does.
export function asyncIterable(iterator) {
  return {
    next: () => iterator.next(),
    return: () => iterator.finish(),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
