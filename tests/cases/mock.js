// JS helpers for the wasm test cases: the stand-in's control API, and the
// small pieces of JS (signals, iteration, fetch wrappers) a test drives.

function controlUrl(base, path) {
  return base.replace(/\/client\/v4\/?$/, '') + '/__mock' + path;
}

export async function control(base, method, path, body) {
  const res = await fetch(controlUrl(base, path), {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`mock control ${method} ${path}: HTTP ${res.status}`);
  return res.json();
}

export function abortAfter(ms) {
  const c = new AbortController();
  setTimeout(() => c.abort(), ms);
  return c.signal;
}

export function abortedSignal() {
  const c = new AbortController();
  c.abort();
  return c.signal;
}

export async function collect(iterable) {
  const out = [];
  for await (const m of iterable) out.push(m);
  return out;
}

export async function collectFirst(iterable, n) {
  const out = [];
  for await (const m of iterable) {
    out.push(m);
    if (out.length === n) break;
  }
  return out;
}

export function hasAsyncIterator(value) {
  return typeof value[Symbol.asyncIterator] === 'function';
}

// A fetch that counts its calls, to show the `fetch` option is used.
export function countingFetch(counter) {
  return (url, init) => {
    counter.calls += 1;
    return fetch(url, init);
  };
}

export function stringify(value) {
  return JSON.stringify(value);
}

export function errorStack(e) {
  return String(e.stack);
}

export function allSettled(promises) {
  return Promise.allSettled(promises);
}

// A progress callback that keeps every report.
export function recorder(list) {
  return (report) => {
    list.push(report);
  };
}

// A fetch whose answers are plain objects shaped like a Response (as
// node-fetch, undici or another realm would give): not `instanceof Response`.
export function plainObjectFetch() {
  return async (url, init) => {
    const res = await fetch(url, init);
    const body = await res.text();
    return {
      status: res.status,
      headers: { get: (name) => res.headers.get(name) },
      text: () => ({ then: (resolve) => resolve(body) }),
    };
  };
}
