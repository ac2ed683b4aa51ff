// The `fetch` handed to the library's client: before each request (retries
// included) it asks the account's PermitBucket for a permit, waits for the
// permit's time slot, and only then sends. The answer is read in full before
// the request counts as done, so a connection is never left open behind it.

/** Thrown (and the zone's run put off) when the account's budget is spent for longer than a request may wait. */
export class BudgetExhausted extends Error {
  constructor(retryAfterMs) {
    super(`the account's API budget is spent for the next ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'BudgetExhausted';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The request got no answer within REQUEST_TIMEOUT_MS of its permit. */
export class RequestTimeout extends Error {
  constructor(ms) {
    super(`no answer within ${ms} ms of its permit`);
    this.name = 'RequestTimeout';
  }
}

function sleep(ms, signal) {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Builds the client's fetch for one zone's run.
 * - permits: the PermitBucket stub (acquire(maxWaitMs) over RPC)
 * - onExhausted(error): called when a permit is refused; exhausted(): that error
 *   once it happened, after which every request fails at once, unsent
 * - counter: { requests } counts the requests actually sent
 * - requestTimeoutMs: the request's own time once its permit is due (the
 *   client's attempt timeout also covers the wait for the permit)
 */
export function permitFetch({ permits, maxWaitMs, requestTimeoutMs, exhausted, onExhausted, counter, fetchImpl = (url, init) => fetch(url, init) }) {
  return async function fetchWithPermit(input, init = {}) {
    // The client hands over one Request carrying its attempt's signal.
    const signal = init.signal ?? (input instanceof Request ? input.signal : undefined);
    if (exhausted()) throw exhausted();
    const permit = await permits.acquire(maxWaitMs);
    if (!permit.granted) {
      const error = new BudgetExhausted(permit.retryAfterMs);
      onExhausted(error);
      throw error;
    }
    await sleep(permit.waitMs, signal);
    counter.requests++;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new RequestTimeout(requestTimeoutMs)), requestTimeoutMs);
    const cancel = () => timeout.abort(signal.reason);
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const response = await fetchImpl(input, { ...init, signal: timeout.signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      // The request's own timeout: a failure the client retries like a lost connection.
      if (timeout.signal.reason instanceof RequestTimeout && !signal?.aborted) throw timeout.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  };
}
