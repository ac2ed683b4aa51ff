// Runs the built command (pkg/cli.mjs) as a process against the local API
// stand-in. Every run is checked for the two things no output may carry:
// ANSI codes (stdout and stderr are pipes here) and the credential.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockApi } from '../../tests/mock-api/server.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'pkg', 'cli.mjs');
export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
// Distinctive, so a leak anywhere is found by a plain substring search.
export const TOKEN = `cli-test-token-${process.pid}-7f3a9c`;
export const KEY = `cli-test-global-key-${process.pid}-d41e`;
export const EMAIL = 'ops@example.com';

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run scripts/build.sh (it runs scripts/build-cli.sh)`);

export function startApi(options = {}) {
  return startMockApi({ token: TOKEN, email: EMAIL, key: KEY, ...options });
}

/**
 * A seeded stand-in of its own for each test of the file: `use(api)` gets
 * it before each test; it is closed after.
 */
export function seededApiPerTest(use) {
  let api;
  beforeEach(async () => {
    api = await startApi({ seed: true });
    use(api);
  });
  afterEach(() => api.close());
}

const tmp = mkdtempSync(join(tmpdir(), 'origin-regions-cli-'));
let files = 0;
/** Writes a temporary file and returns its path. */
export function tempFile(name, content) {
  const path = join(tmp, `${++files}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** The environment of a run: only what the test gives, plus PATH. */
export function baseEnv(extra = {}) {
  return { PATH: process.env.PATH, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_ZONE_ID: ZONE, ...extra };
}

export const ANSI = /\x1b\[/;

/** Asserts a text carries no credential of the tests. */
export function assertNoSecret(text, what) {
  assert.ok(!text.includes(TOKEN), `${what} contains the API token`);
  assert.ok(!text.includes(KEY), `${what} contains the API key`);
}

/**
 * Runs `node pkg/cli.mjs ...args`.
 * @param {string[]} args
 * @param {{ env?: object, input?: string, onStderr?: (text: string, child) => void }} [options]
 */
export function run(args, { env = baseEnv(), input, onStderr } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        assert.doesNotMatch(stdout, ANSI, `stdout of ${args.join(' ')} has ANSI codes`);
        assert.doesNotMatch(stderr, ANSI, `stderr of ${args.join(' ')} has ANSI codes`);
        assertNoSecret(stdout, 'stdout');
        assertNoSecret(stderr, 'stderr');
      } catch (e) {
        reject(e);
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Reads a JSON report and checks it carries no credential. */
export function readReport(path) {
  const text = readFileSync(path, 'utf8');
  assertNoSecret(text, 'the report');
  return JSON.parse(text);
}

/** `n` distinct IPv4 addresses in 10.0.0.0/8 as inventory rows. */
export function manyRows(n, vendor = 'aws', region = 'us-east-1') {
  return Array.from({ length: n }, (_, i) => ({ ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, vendor, region }));
}

export function csvOf(rows, header = true) {
  return (header ? 'ip,vendor,region\n' : '') + rows.map((r) => `${r.ip},${r.vendor},${r.region}`).join('\n') + '\n';
}

/** The write requests of the log (everything but GET). */
export function writes(api) {
  return api.state.getRequests().filter((r) => r.method !== 'GET');
}
