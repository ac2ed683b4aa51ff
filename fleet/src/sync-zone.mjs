// One zone's run: read its desired list, plan, apply, and say what became of
// it. Returns the status record to store and what to do with the message:
// 'ack' (done, whatever the outcome), 'retry' (a transient failure: back on
// the queue with a delay) or 'defer' (the account's budget is spent: sent
// again later without counting as a failed attempt).
import { OriginRegionsClient } from 'origin-regions';
import { readDesired } from './desired.mjs';
import { isTransientError, isTransientItem, retryDelaySeconds } from './failure-kinds.mjs';
import { apiToken } from './settings.mjs';
import { permitBucket } from './permit-bucket.mjs';
import { permitFetch } from './permit-fetch.mjs';

function newRecord(job, attempt) {
  return {
    zone: job.zone,
    name: job.name,
    desired: job.desired,
    prune: job.prune,
    runAt: job.runAt ?? null,
    ranAt: new Date().toISOString(),
    finishedAt: null,
    attempt,
    state: null,
    reason: null,
    planned: null,
    creates: 0,
    changes: 0,
    deletes: 0,
    unchanged: null,
    zoneSize: null,
    failedCount: 0,
    failed: [],
    requests: 0,
  };
}

function finish(record, state, reason, limit) {
  record.state = state;
  record.reason = reason;
  record.failedCount = record.failed.length;
  record.failed = record.failed.slice(0, limit);
  record.finishedAt = new Date().toISOString();
  return record;
}

// Where each item of the desired list came from: items[i] is rows[i].
function lineOf(rows, failed) {
  const m = /^items\[(\d+)\]/.exec(failed.error);
  if (m && rows[Number(m[1])]) return rows[Number(m[1])].line;
  return rows.find((r) => r.ip === failed.input)?.line ?? null;
}

function locate(rows, source, failed) {
  const line = lineOf(rows, failed);
  const error = line === null ? failed.error : failed.error.replace(/^items\[\d+\]/, `${source}:${line}`);
  return { line, ip: failed.ip, input: failed.input, vendor: failed.vendor, region: failed.region, error };
}

// Counts what an apply did, and collects its failed items with their lines.
function foldApplied(record, plan, applied, rows) {
  const creating = new Set(plan.create.map((m) => m.ip));
  for (const s of applied.upserted.succeeded) {
    if (creating.has(s.ip)) record.creates++;
    else record.changes++;
  }
  record.deletes += applied.deleted.succeeded.length;
  for (const f of applied.upserted.failed) record.failed.push({ op: 'upsert', ...locate(rows, record.desired, f) });
  for (const f of applied.deleted.failed) record.failed.push({ op: 'delete', ...locate(rows, record.desired, f) });
}

// Cloudflare's limit of mappings in one zone.
const ZONE_LIMIT = 3500;

/**
 * Applies a plan, calling fold(applied) for each part done. apply() writes
 * creates before deletes; when the creates alone would take a full zone past
 * its limit, the deletes (mappings the list no longer names) go first, so
 * the creates have room.
 */
async function applyPlan(client, plan, options, fold) {
  const overflows = plan.zoneSize.before + plan.create.length > ZONE_LIMIT && plan.delete.length > 0;
  const parts = overflows
    ? [
        { create: [], change: [], delete: plan.delete },
        { create: plan.create, change: plan.change, delete: [] },
      ]
    : [plan];
  for (const part of parts) fold(await client.apply(part, options));
}

function describeProgress(record) {
  return `${record.creates} created, ${record.changes} changed, ${record.deletes} deleted so far`;
}

/**
 * Runs one zone. ctx: { env, settings, attempt, deferrals }.
 * Resolves to { record, action: 'ack'|'retry'|'defer', delaySeconds }.
 */
export async function syncZone(job, ctx) {
  const { env, settings, attempt } = ctx;
  const limit = settings.STATUS_FAILED_LIMIT;
  const record = newRecord(job, attempt);
  const counter = { requests: 0 };
  let exhausted = null;
  let client = null;
  let rows = [];
  const retry = (reason) => {
    const delaySeconds = retryDelaySeconds(attempt, settings.RETRY_BASE_SECONDS, settings.RETRY_MAX_SECONDS);
    return { record: finish(record, 'retrying', `${reason}; attempt ${attempt}, next in ${delaySeconds} s`, limit), action: 'retry', delaySeconds };
  };
  const deferOrRetry = (reason) => {
    if (ctx.deferrals >= settings.MAX_DEFERRALS) return retry(`${reason}, after ${ctx.deferrals} deferrals`);
    const delaySeconds = Math.ceil(exhausted.retryAfterMs / 1000) + 1;
    return { record: finish(record, 'deferred', `${reason}; runs again in ${delaySeconds} s`, limit), action: 'defer', delaySeconds };
  };
  try {
    const desired = await readDesired(env.FLEET, job.desired);
    if (desired.missing) {
      return { record: finish(record, 'missing-desired-list', `desired list "${job.desired}" is not in the FLEET bucket; nothing was changed`, limit), action: 'ack' };
    }
    rows = desired.rows;
    if (desired.errors.length > 0) {
      record.failed = desired.errors.map((e) => ({ line: e.line, error: `${job.desired}:${e.line}: ${e.message}` }));
      return { record: finish(record, 'invalid-desired-list', `${desired.errors.length} bad lines in "${job.desired}"; nothing was changed`, limit), action: 'ack' };
    }
    client = new OriginRegionsClient({
      zoneId: job.zone,
      apiToken: apiToken(env),
      baseUrl: settings.apiBase,
      rateLimit: false, // the PermitBucket limits the whole account instead
      maxRetries: settings.CLIENT_MAX_RETRIES,
      timeoutMs: settings.clientTimeoutMs,
      retryDelayMs: settings.CLIENT_RETRY_DELAY_MS,
      concurrency: settings.CLIENT_CONCURRENCY,
      fetch: permitFetch({
        permits: permitBucket(env),
        maxWaitMs: settings.PERMIT_MAX_WAIT_MS,
        requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
        counter,
        // From then on no request of this run is sent; those already under way finish.
        exhausted: () => exhausted,
        onExhausted: (error) => {
          exhausted ??= error;
        },
      }),
    });
    // The catalogue first, so that plan refuses an unknown region locally.
    await client.supportedRegions();
    const mappings = rows.map(({ ip, vendor, region }) => ({ ip, vendor, region }));
    const plan = await client.plan(mappings, { prune: job.prune });
    record.planned = { create: plan.create.length, change: plan.change.length, delete: plan.delete.length };
    record.unchanged = plan.unchanged.length;
    record.zoneSize = plan.zoneSize;
    if (plan.rejected.length > 0) {
      // Applying the rest could delete (with prune) the mappings of the very
      // IPs whose lines were refused: the whole list is refused instead.
      record.failed = plan.rejected.map((f) => locate(rows, job.desired, f));
      return { record: finish(record, 'invalid-desired-list', `${plan.rejected.length} items of "${job.desired}" refused; nothing was changed`, limit), action: 'ack' };
    }
    const fold = (applied) => foldApplied(record, plan, applied, rows);
    await applyPlan(client, plan, { concurrency: settings.CLIENT_CONCURRENCY }, fold);
    if (exhausted) return deferOrRetry(`${exhausted.message}: ${describeProgress(record)}`);
    const transient = record.failed.filter(isTransientItem);
    if (transient.length > 0) {
      return retry(`${transient.length} of ${record.failed.length + record.creates + record.changes + record.deletes} writes failed (first: ${transient[0].error}); ${describeProgress(record)}`);
    }
    if (record.failed.length > 0) {
      return { record: finish(record, 'applied-with-failures', `${record.failed.length} items refused by the API (first: ${record.failed[0].error})`, limit), action: 'ack' };
    }
    const writes = plan.create.length + plan.change.length + plan.delete.length;
    return { record: finish(record, writes === 0 ? 'in-sync' : 'applied', null, limit), action: 'ack' };
  } catch (error) {
    if (exhausted) return deferOrRetry(`${exhausted.message}: ${describeProgress(record)}`);
    const message = error?.message ?? String(error);
    if (isTransientError(error)) return retry(message);
    const state = error?.kind === 'validation' ? 'invalid-desired-list' : 'unreachable';
    return { record: finish(record, state, `${message}; nothing more was changed`, limit), action: 'ack' };
  } finally {
    record.requests = counter.requests;
    client?.free();
  }
}
