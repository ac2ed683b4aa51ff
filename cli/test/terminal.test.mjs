// On a terminal (a pseudo-terminal from util-linux `script`): tables by
// default, colour unless NO_COLOR, the confirmation prompt, the progress bar.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { CLI, ZONE, assertNoSecret, baseEnv, csvOf, manyRows, seededApiPerTest, tempFile } from './helpers.mjs';

let api;
let base;
seededApiPerTest((a) => {
  api = a;
  base = ['--base-url', a.url];
});

const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs the command with stdin, stdout and stderr on one pseudo-terminal. */
function onTerminal(args, { env = baseEnv(), input } = {}) {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map(quote).join(' ');
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { ...env, SHELL: '/bin/sh', TERM: 'xterm', COLUMNS: '120' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      output += d;
      // readline places the cursor after the prompt (ESC [ n G).
      if (input && /Type "yes" to go on: (\x1b\[\d+G)?$/.test(output)) {
        child.stdin.write(input);
        input = undefined;
      }
    });
    // A prompt never seen must fail the test, not hang it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      assertNoSecret(output, 'terminal output');
      resolve({ code, output });
    });
  });
}

const COLOUR = /\x1b\[3[123]m/;
const stored = () => new Map(api.state.getMappings(ZONE).map((m) => [m.ip, `${m.vendor}/${m.region}`]));

test('on a terminal: list is a table, plan is coloured; NO_COLOR turns colour off', async () => {
  const list = await onTerminal(['list', ...base]);
  assert.equal(list.code, 0);
  assert.match(list.output, /IP\s+VENDOR\s+REGION\s+MODIFIED/);
  const file = tempFile('tty.csv', '192.0.2.1,gcp,us-central1\n10.0.0.1,aws,us-east-1\n');
  const plan = await onTerminal(['plan', file, ...base]);
  assert.equal(plan.code, 2);
  assert.match(plan.output, /\x1b\[32m {2}\+ 10\.0\.0\.1/);
  assert.match(plan.output, /\x1b\[33m {2}~ 192\.0\.2\.1/);
  const plain = await onTerminal(['plan', file, ...base], { env: baseEnv({ NO_COLOR: '1' }) });
  assert.equal(plain.code, 2);
  assert.doesNotMatch(plain.output, /\x1b\[/);
  assert.match(plain.output, / {2}\+ 10\.0\.0\.1/);
});

test('apply on a terminal asks: "no" changes nothing (exit 1), "yes" applies (exit 0)', async () => {
  const file = tempFile('ask.csv', '10.0.0.1,aws,us-east-1\n');
  const no = await onTerminal(['apply', file, ...base], { input: 'no\r' });
  assert.equal(no.code, 1, no.output);
  assert.match(no.output, /Apply 1 change\(s\) to zone [0-9a-f]{32}\? Type "yes" to go on: /);
  assert.match(no.output, /Apply cancelled: nothing was changed\./);
  assert.ok(!stored().has('10.0.0.1'));
  const yes = await onTerminal(['apply', file, ...base], { input: 'yes\r' });
  assert.equal(yes.code, 0, yes.output);
  assert.match(yes.output, /Applied 1 of 1 changes in 1 request /);
  assert.equal(stored().get('10.0.0.1'), 'aws/us-east-1');
});

test('apply on a terminal draws a progress bar (items, requests, rate, time left)', async () => {
  api.state.reset({ seed: false });
  api.state.latencyMs = 150;
  const file = tempFile('bar.csv', csvOf(manyRows(1000)));
  const r = await onTerminal(['apply', file, '--yes', '--concurrency', '2', ...base]);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /\r\x1b\[2K█+░* \d+\/1000 items · \d+\/10 requests · \d+ items\/s · \d+:\d\d left/);
  assert.doesNotMatch(r.output, /^progress: /m, 'no plain progress lines on a terminal');
  assert.equal(stored().size, 1000);
});
