// The fleet Worker's entry: the Cron Trigger queues the zones, the queue
// consumer syncs them one per message, GET /status shows the outcome, and
// PermitBucket (a Durable Object) keeps the account's API rate limit.
import { consumeDeadLetters, consumeSyncBatch } from './consumer.mjs';
import { queueFleet } from './schedule.mjs';
import { readSettings } from './settings.mjs';
import { handleStatus } from './status-page.mjs';

export { PermitBucket } from './permit-bucket.mjs';

export default {
  async scheduled(controller, env, ctx) {
    await queueFleet(env, readSettings(env), controller.scheduledTime);
  },

  async queue(batch, env, ctx) {
    const settings = readSettings(env);
    if (batch.queue === env.DEAD_LETTER_QUEUE) return consumeDeadLetters(batch, env);
    return consumeSyncBatch(batch, env, settings);
  },

  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/status' && !url.pathname.startsWith('/status/')) {
      return new Response('Not found. The fleet status is at /status.\n', { status: 404 });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    return handleStatus(request, env, url);
  },
};
