// Runs the built Worker (dist/, from scripts/build.mjs) in workerd through
// Miniflare, with the bindings of wrangler.jsonc (read by wrangler itself):
// R2, KV, the queue and its dead-letter queue, the PermitBucket object, and
// the Cron Trigger. Only the API base (the local stand-in), the secret and
// the settings a test scales down are overridden.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

const fleetDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(fleetDir, 'dist', 'index.js');

/** Keeps everything Miniflare and the Worker print, for the tests to search. */
class CapturingLog extends Log {
  constructor(lines, echo) {
    super(LogLevel.INFO);
    this.lines = lines;
    this.echo = echo;
  }
  log(message) {
    this.lines.push(message);
    if (this.echo) super.log(message);
  }
}

function collect(stream, lines, echo) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    lines.push(chunk);
    if (echo) process.stderr.write(chunk);
  });
}

/**
 * Starts the Worker. Options: apiUrl (the stand-in), token (the secret),
 * vars (settings to override), batchTimeout (seconds; the queue's
 * max_batch_timeout for the test; null keeps wrangler.jsonc's). Returns { mf, vars, worker, bucket, kv, logs, close }.
 */
export async function startFleetWorker({ apiUrl, token, vars = {}, batchTimeout = 1 }) {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run node scripts/build.mjs first`);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(fleetDir, 'wrangler.jsonc'));
  const queueConsumers = Object.fromEntries(
    Object.entries(workerOptions.queueConsumers).map(([name, c]) => [name, { ...c, maxBatchTimeout: batchTimeout ?? c.maxBatchTimeout }]),
  );
  const logs = [];
  const echo = process.env.FLEET_TEST_LOG === '1';
  const mf = new Miniflare({
    ...workerOptions,
    name: 'origin-regions-fleet',
    cf: false, // a placeholder Request.cf: no download of the real one
    modules: true,
    scriptPath: dist,
    modulesRoot: dirname(dist),
    queueConsumers,
    bindings: {
      ...workerOptions.bindings,
      API_BASE: apiUrl,
      CLOUDFLARE_API_TOKEN: token,
      ...vars,
    },
    log: new CapturingLog(logs, echo),
    handleRuntimeStdio(stdout, stderr) {
      collect(stdout, logs, echo);
      collect(stderr, logs, echo);
    },
  });
  await mf.ready;
  const worker = await mf.getWorker();
  return {
    mf,
    vars: { ...workerOptions.bindings, ...vars },
    worker,
    bucket: await mf.getR2Bucket('FLEET'),
    kv: await mf.getKVNamespace('STATUS'),
    logs,
    close: () => mf.dispose(),
  };
}

/** Fires the Cron Trigger once; resolves to the run's time (ISO), as the Worker records it. */
export async function runSchedule(worker) {
  const scheduledTime = new Date();
  const result = await worker.scheduled({ scheduledTime, cron: '0 * * * *' });
  if (result.outcome !== 'ok') throw new Error(`scheduled handler: ${result.outcome}`);
  return scheduledTime.toISOString();
}

const SETTLED = new Set([
  'in-sync',
  'applied',
  'applied-with-failures',
  'invalid-desired-list',
  'missing-desired-list',
  'unreachable',
  'dead-letter',
]);

/**
 * Waits until every zone's status belongs to run `runAt` and is settled (not
 * retrying or deferred): the queue has drained. Resolves to { zone: record }.
 */
export async function waitForRun(kv, zones, runAt, { timeoutMs = 120_000, pollMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let records = {};
  for (;;) {
    records = Object.fromEntries(
      await Promise.all(zones.map(async (zone) => [zone, await kv.get(`status/${zone}`, 'json')])),
    );
    const pending = zones.filter((z) => !(records[z]?.runAt === runAt && SETTLED.has(records[z].state)));
    if (pending.length === 0) return records;
    if (Date.now() > deadline) {
      const sample = pending.slice(0, 5).map((z) => `${z}: ${records[z]?.state ?? 'none'} ${records[z]?.reason ?? ''}`);
      throw new Error(`run ${runAt}: ${pending.length} zones not settled after ${timeoutMs} ms\n${sample.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
