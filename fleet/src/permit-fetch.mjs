// The `fetch` handed to the library's client: before each request (retries
// included) it takes one of the invocation's connection slots, then a permit
// from the account's PermitBucket, waits for the permit's slot, and only then
// sends. The answer is read in full before the slot is freed, so no more than
// CONNECTIONS connections are ever open at once in one invocation.

/** Thrown (and the zone's run aborted) when the account's budget is spent for longer than a request may wait. */
export class BudgetExhausted extends Error {
  constructor(retryAfterMs) {
    super(`the account's API budget is spent for the next ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'BudgetExhausted';
    this.retryAfterMs = retryAfterMs;
  }
}

/** A counting semaphore whose waiters can give up with an AbortSignal. */
export class ConnectionSlots {
  constructor(size) {
    this.free = size;
    this.waiting = [];
  }

  acquire(signal) {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject, signal, onAbort: null };
      waiter.onAbort = () => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        reject(signal.reason);
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  release() {
    const next = this.waiting.shift();
    if (!next) return void this.free++;
    next.signal?.removeEventListener('abort', next.onAbort);
    next.resolve();
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
 * - slots: the invocation's ConnectionSlots, shared by every zone it runs
 * - onExhausted(error): called once when a permit is refused; the caller aborts the run
 * - counter: { requests } counts the requests actually sent
 */
export function permitFetch({ permits, slots, maxWaitMs, onExhausted, counter, fetchImpl = (url, init) => fetch(url, init) }) {
  return async function fetchWithPermit(input, init = {}) {
    const signal = init.signal;
    await slots.acquire(signal);
    try {
      const permit = await permits.acquire(maxWaitMs);
      if (!permit.granted) {
        const error = new BudgetExhausted(permit.retryAfterMs);
        onExhausted(error);
        throw error;
      }
      await sleep(permit.waitMs, signal);
      counter.requests++;
      const response = await fetchImpl(input, init);
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      slots.release();
    }
  };
}
