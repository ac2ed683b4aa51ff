// RegionIndex.suggest's answer, built in one call per list from the wasm
// side's positions: each mapping an object literal of one shape, its IP the
// string at its place in `ips` (the caller's own when it was canonical).

// Mappings for the IPs at `at` (places in `ips`); `owners[k]` is the place
// in `names` of the k-th one's { vendor, region }.
export function mappings(ips, at, owners, names) {
  const out = [];
  for (let k = 0; k < at.length; k++) {
    const { vendor, region } = names[owners[k]];
    out.push({ ip: ips[at[k]], vendor, region });
  }
  return out;
}

// The IPs at `at` (places in `ips`).
export function pick(ips, at) {
  const out = [];
  for (let k = 0; k < at.length; k++) out.push(ips[at[k]]);
  return out;
}

const encoder = new TextEncoder();

// Keeps an element only when it is a string itself: a String object, or an
// object whose toJSON gives a string, would stringify as one. Everything
// else is written as null, which the wasm side reads again for its type.
function onlyStrings(key, value) {
  return key === '' || typeof this[key] === 'string' ? value : null;
}

// The list as UTF-8 JSON text, for the wasm side to copy in at once (the
// host's encoder, not a loop over the text in JS), or undefined for a list
// JSON cannot stand for element by element (its own toJSON, a BigInt).
export function jsonBytes(list) {
  if (typeof list.toJSON === 'function') return undefined;
  let strings = true;
  for (let i = 0; i < list.length && strings; i++) strings = typeof list[i] === 'string';
  try {
    return encoder.encode(strings ? JSON.stringify(list) : JSON.stringify(list, onlyStrings));
  } catch {
    return undefined;
  }
}
