// The queue consumer: one zone per message, the messages of a batch run a few
// at a time (so that at most CONNECTIONS requests are in flight), each one's outcome
// written to KV before the message is acked, retried or deferred. Messages
// that ran out of attempts arrive on the dead-letter queue, whose consumer
// only records that the zone was given up on.
import { readStatus, writeStatus } from './status-store.mjs';
import { syncZone } from './sync-zone.mjs';

const ZONE_ID = /^[0-9a-f]{32}$/;

function isJob(body) {
  return (
    body !== null &&
    typeof body === 'object' &&
    typeof body.zone === 'string' &&
    ZONE_ID.test(body.zone) &&
    typeof body.desired === 'string' &&
    typeof body.prune === 'boolean'
  );
}

function logOutcome(record, action) {
  const counts = `${record.creates} created, ${record.changes} changed, ${record.deletes} deleted, ${record.failedCount} failed, ${record.requests} requests`;
  const line = `zone ${record.zone}: ${record.state} (${counts})${record.reason ? `: ${record.reason}` : ''} [${action}]`;
  if (action === 'ack' && !record.reason) console.log(line);
  else console.warn(line);
}

async function runMessage(message, env, settings) {
  const job = message.body;
  if (!isJob(job)) {
    // Not a message this Worker sent: nothing to sync, nothing to retry.
    console.error(`message ${message.id}: not a zone job; dropped`);
    return message.ack();
  }
  let outcome;
  try {
    outcome = await syncZone(job, { env, settings, attempt: message.attempts, deferrals: job.deferrals ?? 0 });
  } catch (error) {
    console.error(`zone ${job.zone}: run failed: ${error?.message ?? error}`);
    return message.retry();
  }
  const { record, action, delaySeconds } = outcome;
  try {
    await writeStatus(env.STATUS, record);
  } catch (error) {
    console.error(`zone ${job.zone}: status not written: ${error?.message ?? error}`);
  }
  logOutcome(record, action);
  if (action === 'retry') return message.retry({ delaySeconds });
  if (action === 'defer') {
    // A fresh message: waiting for the budget is not a failed attempt.
    await env.SYNC_QUEUE.send({ ...job, deferrals: (job.deferrals ?? 0) + 1 }, { delaySeconds, contentType: 'json' });
  }
  return message.ack();
}

/**
 * The sync queue's batch: zonesAtOnce zones at a time, each with
 * CLIENT_CONCURRENCY requests in flight, so at most CONNECTIONS in all.
 */
export async function consumeSyncBatch(batch, env, settings) {
  const queue = [...batch.messages];
  const worker = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) await runMessage(message, env, settings);
  };
  await Promise.all(Array.from({ length: settings.zonesAtOnce }, worker));
}

// The last attempt's reason, without its promise of another attempt.
function lastReason(record) {
  return record?.reason?.replace(/; attempt \d+, next in \d+ s$/, '') ?? 'no outcome recorded';
}

/** The dead-letter queue's batch: the zone's status says it was given up on, and why. */
export async function consumeDeadLetters(batch, env) {
  await Promise.all(
    batch.messages.map(async (message) => {
      const job = message.body;
      if (!isJob(job)) return message.ack();
      const last = await readStatus(env.STATUS, job.zone);
      const record = {
        ...(last ?? { zone: job.zone, name: job.name ?? null, desired: job.desired, prune: job.prune, failed: [], failedCount: 0 }),
        state: 'dead-letter',
        reason: `given up after ${last?.attempt ?? 'all'} attempts; last: ${lastReason(last)}`,
        finishedAt: new Date().toISOString(),
      };
      await writeStatus(env.STATUS, record);
      console.error(`zone ${job.zone}: ${record.reason}`);
      message.ack();
    }),
  );
}
