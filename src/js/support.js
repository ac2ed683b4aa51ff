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

/**
 * What a JS value is, as one number for the wasm (the `kind` constants in convert.rs):
 * one call instead of a chain of type tests, each a call out of wasm.
 */
export function kindOf(v) {
  if (v === null) return 5;
  switch (typeof v) {
    case 'undefined':
      return 0;
    case 'string':
      return 1;
    case 'number':
      return 2;
    case 'boolean':
      return v ? 4 : 3;
    case 'function':
      return 7;
    case 'symbol':
      return 8;
    case 'bigint':
      return 9;
    default:
      return Array.isArray(v) ? 6 : 10;
  }
}

/** Member `key` of a `JSON.parse` object; undefined for a non-object, an array or a null member. */
export const member = (v, key) => (kindOf(v) === 10 ? (v[key] ?? undefined) : undefined);

/**
 * Defines the client's promise methods (js-api.md) on its class. Each is one
 * call into the wasm, `__call(n, ...)`, with `n` its place in this list
 * (the numbering of `JsClient::dispatch` in mod.rs): one export for them all.
 */
export function addMethods(cls) {
  [
    'list', 'listAll', 'get', 'create', 'edit', 'update', 'delete',
    'batchEdit', 'batchUpdate', 'batchDelete', 'plan', 'apply', 'sync', 'supportedRegions',
  ].forEach((name, n) => {
    Object.defineProperty(cls.prototype, name, {
      // A method, as a class would define it: named, not enumerable, not a constructor.
      value: { [name](x, y, z) { return this.__call(n, x, y, z); } }[name],
      writable: true,
      configurable: true,
    });
  });
}

/** Whether this runs in a web page, where any script can read a credential. */
export const inBrowserPage = () => typeof document !== 'undefined';

/**
 * Runs a call (a `JsRun` from the wasm) to its end. The run decides
 * everything (what to send, retries, waits, paging, concurrency, what an
 * abort leaves); this loop only does what wasm cannot: `fetch`, timers, and
 * listening to the caller's AbortSignal. Resolves to `finish(run)`
 * (`run.result()` by default), which throws the call's error.
 */
export async function drive(run, fetchFn, signal, onProgress, finish) {
  const controllers = new Map(); // attempt id → its AbortController
  const events = []; // what happened, as functions of the run, oldest first
  let wake;
  let timer;
  const push = (event) => {
    events.push(event);
    if (wake) wake();
  };
  const abort = (r) => r.abort(Date.now());
  const onAbort = () => push(abort);
  signal?.addEventListener('abort', onAbort);

  const send = (a) => {
    const id = a.send;
    const controller = new AbortController();
    controllers.set(id, controller);
    let timedOut = false;
    const attemptTimer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, a.timeout);
    const init = { method: a.method, headers: a.headers, signal: controller.signal };
    if (a.body !== undefined) {
      a.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(a.body);
    }
    attempt(fetchFn, a.url, init)
      .then(
        ([status, retryAfter, body]) =>
          push((r) => r.answer(id, status, retryAfter, body, Date.now(), Math.random())),
        (err) =>
          push(
            signal?.aborted
              ? abort
              : // status 1: timed out, 0: no answer (see JsRun::answer)
                (r) => r.answer(id, timedOut ? 1 : 0, describe(err), undefined, Date.now(), Math.random()),
          ),
      )
      .finally(() => {
        clearTimeout(attemptTimer);
        controllers.delete(id);
      });
  };

  try {
    if (signal?.aborted) abort(run);
    for (;;) {
      let a;
      while ((a = JSON.parse(run.poll(Date.now()))).idle === undefined && a.wait === undefined) {
        if (a.done) return finish ? finish(run) : run.result();
        if (a.progress) report(onProgress, a.progress);
        else send(a);
      }
      clearTimeout(timer);
      if (a.wait !== undefined) timer = setTimeout(() => push((r) => r.woke()), a.wait);
      if (!events.length) await new Promise((resolve) => (wake = resolve));
      wake = undefined;
      while (events.length) events.shift()(run);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    for (const c of controllers.values()) c.abort();
    run.free();
  }
}

/** One attempt: `[status, Retry-After, parsed body or undefined]`. */
async function attempt(fetchFn, url, init) {
  // A user's fetch may answer a thenable, or a Response of another realm:
  // read it by its properties, not by `instanceof Response`.
  const res = await (fetchFn ? fetchFn(url, init) : fetch(url, init));
  const status = res?.status;
  if (!(status >= 100 && status <= 599) || typeof res.text !== 'function') {
    throw new Error('fetch answered something that is not a Response');
  }
  let retryAfter;
  try {
    retryAfter = res.headers.get('retry-after') ?? undefined;
  } catch {
    // no readable headers: no Retry-After
  }
  const text = await res.text();
  let body;
  try {
    // JSON.parse, not a JSON parser in the module; an unparseable body is undefined.
    if (text) body = JSON.parse(text);
  } catch {
    // an edge's HTML page: the status speaks for it
  }
  return [status, typeof retryAfter === 'string' ? retryAfter : undefined, body];
}

/** The text of a rejection from `fetch`, with its cause (Node puts the socket error there). */
function describe(err) {
  const message =
    typeof err?.message === 'string' ? err.message : typeof err === 'string' ? err : 'fetch failed';
  const cause = err?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : cause?.message;
  return typeof detail === 'string' ? `${message} (${detail})` : message;
}

/** Tells the caller's `onProgress`; what it throws is ignored: a progress display must not fail a write. */
function report(onProgress, [done, total, requests]) {
  try {
    onProgress?.({ done, total, requests });
  } catch {
    // ignored, see above
  }
}

/** `client.iterate()`: an async iterable over a `MappingPager`, one page fetched at a time. */
export function iterate(pager, fetchFn, signal) {
  // Each next() waits for the one before, so calls that overlap never fetch the same page twice.
  let last = Promise.resolve();
  const step = async () => {
    for (;;) {
      const run = pager.fetch();
      if (!run) {
        const value = pager.pop();
        return { value, done: value === undefined };
      }
      await drive(run, fetchFn, signal, undefined, (r) => pager.push(r));
    }
  };
  return {
    next: () => (last = last.then(step, step)),
    return: () => {
      pager.stop();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
