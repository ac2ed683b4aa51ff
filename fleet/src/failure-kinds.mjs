// Which failures are worth another try. The client has already retried 429s,
// 5xx answers, network failures and timeouts `CLIENT_MAX_RETRIES` times;
// what is left of those goes back on the queue. A refusal of the input (a bad
// line, an unknown region, a zone the token cannot reach) would fail the same
// way again, so it is recorded and the message is done.

/** A whole call's rejection (plan, supportedRegions): transient or not. */
export function isTransientError(error) {
  if (error?.name !== 'OriginRegionsError') return true; // R2, KV or the runtime: try again
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'decode':
      return true;
    case 'api':
      return error.status === 429 || error.status >= 500;
    default:
      return false; // validation, aborted
  }
}

// A failed batch item carries its request's error message when the request
// itself failed (after the client's retries), or the API's per-item reason.
const TRANSIENT_ITEM_REASONS = [
  /^Cloudflare API answered HTTP (429|5\d\d)\b/,
  /^network failure\b/,
  /^no answer within the timeout\b/,
  /^unexpected API response\b/,
  /may or may not have been applied/,
  /^not sent\b/,
];

/** A failed batch item: transient (its request failed) or a refusal of the item itself. */
export function isTransientItem(failed) {
  return TRANSIENT_ITEM_REASONS.some((re) => re.test(failed.error));
}

/** Seconds before attempt `attempt` + 1: doubled per attempt from `base`, at most `max`. */
export function retryDelaySeconds(attempt, base, max) {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}
