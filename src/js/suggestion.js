// suggest's answer, built one entry at a time from the wasm side: each
// mapping an object literal of one shape, and the caller's own IP string
// reused when it is canonical already (no copy out of wasm memory).
export function pushGivenMapping(list, input, i, vendor, region) {
  list.push({ ip: input[i], vendor, region });
}

export function pushMapping(list, ip, vendor, region) {
  list.push({ ip, vendor, region });
}

export function pushGiven(list, input, i) {
  list.push(input[i]);
}

const encoder = new TextEncoder();

// The list as UTF-8 JSON text, for the wasm side to copy in at once (the
// host's encoder, not a loop over the text in JS), or undefined for a list
// JSON cannot hold (a BigInt in it).
export function jsonBytes(list) {
  try {
    return encoder.encode(JSON.stringify(list));
  } catch {
    return undefined;
  }
}
