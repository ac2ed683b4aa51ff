// `origin-regions apply` of 3,500 lines against the stand-in at 100 ms
// latency, next to `client.sync()` of the same list in the same run.
// Usage: node cli/bench/apply-vs-sync.mjs [rounds] (pkg/ built first)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OriginRegionsClient } from '../../pkg/node.mjs';
import { startMockApi } from '../../tests/mock-api/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const TOKEN = 'bench-token';
const LATENCY_MS = 100;
const N = 3500;
const rounds = Number(process.argv[2] ?? 3);

const rows = Array.from({ length: N }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, vendor: 'aws', region: 'us-east-1' }));
const file = join(mkdtempSync(join(tmpdir(), 'origin-regions-bench-')), 'inventory.csv');
writeFileSync(file, 'ip,vendor,region\n' + rows.map((r) => `${r.ip},${r.vendor},${r.region}`).join('\n') + '\n');

const api = await startMockApi({ token: TOKEN, latencyMs: LATENCY_MS });
const writesSince = (n) => api.state.getRequests().slice(n).filter((r) => r.method !== 'GET').length;

function runCli() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'pkg/cli.mjs'), 'apply', file, '--yes', '--base-url', api.url], {
      env: { PATH: process.env.PATH, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_ZONE_ID: ZONE },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const applied = /^Applied .* \(([\d.]+) s\)/m.exec(out);
      if (code !== 0 || !applied) reject(new Error(`apply exited ${code}:\n${out.slice(-500)}`));
      else resolve({ ms, writePhaseS: Number(applied[1]) });
    });
  });
}

async function runSync() {
  const client = new OriginRegionsClient({ zoneId: ZONE, apiToken: TOKEN, baseUrl: api.url });
  const started = performance.now();
  const { applied } = await client.sync(rows);
  const ms = performance.now() - started;
  client.free();
  return { ms, requests: applied.requests, ok: applied.upserted.succeeded.length };
}

console.log(`${N} new mappings, stand-in latency ${LATENCY_MS} ms, default concurrency (16), ${rounds} round(s)`);
for (let round = 1; round <= rounds; round++) {
  api.state.reset({ seed: false });
  let before = api.state.getRequests().length;
  const cli = await runCli();
  const cliWrites = writesSince(before);
  const cliStored = api.state.getMappings(ZONE).length;
  api.state.reset({ seed: false });
  before = api.state.getRequests().length;
  const sync = await runSync();
  const syncWrites = writesSince(before);
  console.log(
    `round ${round}: origin-regions apply ${(cli.ms / 1000).toFixed(2)} s for the whole process ` +
      `(writes ${cli.writePhaseS.toFixed(1)} s, ${cliWrites} write requests, ${cliStored} stored); ` +
      `client.sync() ${(sync.ms / 1000).toFixed(2)} s (${syncWrites} write requests, ${sync.ok} applied)`,
  );
}
await api.close();
