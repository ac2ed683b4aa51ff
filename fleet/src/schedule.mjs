// The Cron Trigger's work: read the fleet's configuration and queue one
// message per zone. Nothing is synced here; the queue consumer does that,
// one zone per message, so one slow or broken zone holds up no other.
import { parseFleetConfig } from './fleet-config.mjs';
import { writeRunRecord } from './status-store.mjs';

const SEND_BATCH_LIMIT = 100; // messages per sendBatch call

/** Queues the fleet; returns the run record it also stores in KV. */
export async function queueFleet(env, settings, scheduledTime) {
  const runAt = new Date(scheduledTime).toISOString();
  const key = settings.fleetConfigKey;
  const record = { runAt, configKey: key, queued: 0, configErrors: [] };
  const object = await env.FLEET.get(key);
  if (object === null) {
    record.configErrors.push(`${key}: no such object in the FLEET bucket; nothing was queued`);
  } else {
    try {
      const { jobs, errors } = parseFleetConfig(await object.text(), key);
      record.configErrors.push(...errors);
      for (let i = 0; i < jobs.length; i += SEND_BATCH_LIMIT) {
        const messages = jobs.slice(i, i + SEND_BATCH_LIMIT).map((job) => ({
          body: { ...job, runAt, deferrals: 0 },
          contentType: 'json',
        }));
        await env.SYNC_QUEUE.sendBatch(messages);
        record.queued += messages.length;
      }
    } catch (e) {
      record.configErrors.push(e.message);
    }
  }
  for (const error of record.configErrors) console.error(`fleet config: ${error}`);
  console.log(`fleet run ${runAt}: ${record.queued} zones queued`);
  await writeRunRecord(env.STATUS, record);
  return record;
}
