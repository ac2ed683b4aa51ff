// The account-wide rate limit: one Durable Object hands out a permit for
// every API request that any consumer invocation makes, so that all of them
// together send at most RATE_LIMIT_REQUESTS in any RATE_LIMIT_WINDOW_MS.
//
// A permit is a time slot: the grants are kept in order, and a new one goes
// no earlier than the window (plus a margin) after the grant RATE_LIMIT_REQUESTS
// places back. A caller waits for its slot; a slot further away than the
// caller will wait is not handed out at all, and the caller is told when to
// come back. The grants are kept in the object's SQLite storage, so an
// evicted and restarted object still knows the last window's.
import { DurableObject } from 'cloudflare:workers';
import { readSettings } from './settings.mjs';

export class PermitBucket extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    const settings = readSettings(env);
    this.budget = settings.RATE_LIMIT_REQUESTS;
    this.windowMs = settings.RATE_LIMIT_WINDOW_MS;
    this.spacing = settings.RATE_LIMIT_WINDOW_MS + settings.RATE_LIMIT_MARGIN_MS;
    this.sql = ctx.storage.sql;
    /** Grant times (ms), ascending; only the last `budget` matter. */
    this.grants = [];
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec('CREATE TABLE IF NOT EXISTS grants (at INTEGER NOT NULL)');
      this.sql.exec('CREATE INDEX IF NOT EXISTS grants_at ON grants (at)');
      const rows = this.sql.exec('SELECT at FROM grants ORDER BY at DESC LIMIT ?', this.budget).toArray();
      this.grants = rows.map((r) => r.at).reverse();
    });
  }

  /**
   * Asks for one request permit. Resolves to { granted: true, waitMs } (send
   * after waitMs) or, when the earliest slot is more than maxWaitMs away,
   * { granted: false, retryAfterMs } and nothing is reserved.
   */
  acquire(maxWaitMs) {
    const now = Date.now();
    const n = this.grants.length;
    let at = now;
    if (n >= this.budget) at = Math.max(at, this.grants[n - this.budget] + this.spacing);
    if (n > 0) at = Math.max(at, this.grants[n - 1]); // keep the list in order
    if (at - now > maxWaitMs) return { granted: false, retryAfterMs: at - now };
    this.grants.push(at);
    this.sql.exec('INSERT INTO grants (at) VALUES (?)', at);
    if (this.grants.length > 2 * this.budget) this.#forgetOld();
    return { granted: true, waitMs: at - now };
  }

  /** How many permits fell due in the last window, and how many are reserved ahead. For the status page. */
  usage() {
    const now = Date.now();
    const since = now - this.windowMs;
    return {
      budget: this.budget,
      windowMs: this.windowMs,
      inWindow: this.grants.filter((at) => at > since && at <= now).length,
      reservedAhead: this.grants.filter((at) => at > now).length,
    };
  }

  #forgetOld() {
    this.grants = this.grants.slice(-this.budget);
    this.sql.exec('DELETE FROM grants WHERE at < ?', this.grants[0]);
  }
}

/** The one permit object of this deployment's API token. */
export function permitBucket(env) {
  return env.PERMITS.get(env.PERMITS.idFromName('api-token'));
}
