// plan and apply as processes against the stand-in: exit statuses, the
// export → plan round trip, confirmation, reports, 3,500 lines in 35
// writes, and Ctrl-C mid-apply accounted for against what the stand-in stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ZONE, csvOf, manyRows, readReport, run, seededApiPerTest, tempFile, writes } from './helpers.mjs';

let api;
let base;
seededApiPerTest((a) => {
  api = a;
  base = ['--base-url', a.url];
});

const stored = () => new Map(api.state.getMappings(ZONE).map((m) => [m.ip, `${m.vendor}/${m.region}`]));

test('export → plan of the same file: nothing to do (exit 0), CSV and JSON, and no write', async () => {
  for (const format of ['csv', 'json']) {
    const exported = await run(['export', '--format', format, ...base]);
    const file = tempFile(`zone.${format}`, exported.stdout);
    for (const prune of [[], ['--prune']]) {
      const plan = await run(['plan', file, ...prune, ...base]);
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /No changes: the zone already matches the inventory \(zone: 8 → 8 mappings\)\./);
    }
  }
  assert.equal(writes(api).length, 0);
});

test('plan: changes pending exit 2, one line per item with its file:line; --prune adds deletes', async () => {
  const file = tempFile('plan.csv', 'ip,vendor,region\n192.0.2.1,gcp,us-central1\n10.0.0.1,aws,us-east-1\n2001:db8::1,gcp,us-central1\n');
  const r = await run(['plan', file, ...base]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, new RegExp(`^  \\+ 10\\.0\\.0\\.1 +aws/us-east-1 +${file}:3$`, 'm'));
  assert.match(r.stdout, new RegExp(`^  ~ 192\\.0\\.2\\.1 +aws/us-east-1 → gcp/us-central1 +${file}:2$`, 'm'));
  assert.doesNotMatch(r.stdout, /^ {2}- /m);
  assert.match(r.stdout, /^Plan: 1 to create, 1 to change, 0 to delete, 1 unchanged \(zone: 8 → 9 mappings\)\.$/m);
  const pruned = await run(['plan', file, '--prune', ...base]);
  assert.equal(pruned.code, 2);
  assert.equal(pruned.stdout.match(/^ {2}- /gm).length, 6);
  assert.match(pruned.stdout, /^ {2}- 203\.0\.113\.25 +azure\/westeurope$/m);
  assert.match(pruned.stdout, /^Plan: 1 to create, 1 to change, 6 to delete, 1 unchanged \(zone: 8 → 3 mappings\)\.$/m);
  const json = JSON.parse((await run(['plan', file, '--prune', '--format', 'json', ...base])).stdout);
  assert.deepEqual(json.summary, { create: 1, change: 1, delete: 6, unchanged: 1, rejected: 0 });
  assert.deepEqual(json.create, [{ line: 3, ip: '10.0.0.1', vendor: 'aws', region: 'us-east-1' }]);
  assert.deepEqual(json.change[0], { line: 2, ip: '192.0.2.1', from: { vendor: 'aws', region: 'us-east-1' }, to: { vendor: 'gcp', region: 'us-central1' } });
  assert.equal(writes(api).length, 0, 'plan writes nothing');
});

test('plan: rejected lines named file:line, unknown regions included, exit 1', async () => {
  const file = tempFile('bad.csv', '10.0.0.1,aws,us-east-1\n10.0.0.2,aws,us-east-7\n010.1.1.1,aws,us-east-1\n10.0.0.3,aws\n');
  const r = await run(['plan', file, ...base]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`^  ${file}:2: region "us-east-7": is not a region of aws`, 'm'));
  assert.match(r.stdout, new RegExp(`^  ${file}:3: ip "010\\.1\\.1\\.1": .*leading zero`, 'm'));
  assert.match(r.stdout, new RegExp(`^  ${file}:4: expected 3 fields ip,vendor,region, got 2`, 'm'));
  assert.match(r.stdout, /^Plan: 1 to create, .*, 3 rejected/m);
  const json = JSON.parse((await run(['plan', file, '--format', 'json', ...base])).stdout);
  assert.deepEqual(json.rejected.map((x) => x.line), [2, 3, 4]);
});

test('apply refuses without a terminal unless --yes, and from stdin without --yes; nothing is written', async () => {
  const csv = 'ip,vendor,region\n10.0.0.1,aws,us-east-1\n';
  const file = tempFile('one.csv', csv);
  const noTty = await run(['apply', file, ...base]);
  assert.equal(noTty.code, 1);
  assert.match(noTty.stderr, /no terminal to confirm on: pass --yes/);
  assert.match(noTty.stdout, /\+ 10\.0\.0\.1/, 'the plan is shown first');
  const stdin = await run(['apply', '-', ...base], { input: csv });
  assert.equal(stdin.code, 1);
  assert.match(stdin.stderr, /standard input.*pass --yes/);
  assert.equal(writes(api).length, 0);
  assert.ok(!stored().has('10.0.0.1'));
});

test('apply --yes: applies, summary, report, exit 0; a second apply has nothing to do', async () => {
  const file = tempFile('apply.csv', 'ip,vendor,region\n192.0.2.1,gcp,us-central1\n10.0.0.1,aws,us-east-1\n');
  const report = tempFile('report.json', '');
  const r = await run(['apply', file, '--yes', '--prune', '--report', report, ...base]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Applied 9 of 9 changes in 2 requests \([\d.]+ s\): 1 created, 1 changed, 7 deleted\.$/m);
  assert.deepEqual([...stored()].sort(), [['10.0.0.1', 'aws/us-east-1'], ['192.0.2.1', 'gcp/us-central1']]);
  const doc = readReport(report);
  assert.equal(doc.interrupted, false);
  assert.deepEqual(doc.summary, { applied: 9, failed: 0, unknown: 0, notSent: 0, created: 1, changed: 1, deleted: 7 });
  assert.deepEqual(doc.applied.find((e) => e.ip === '10.0.0.1'), { ip: '10.0.0.1', action: 'create', line: 3, to: { vendor: 'aws', region: 'us-east-1' } });
  const again = await run(['apply', file, '--yes', '--prune', ...base]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /No changes/);
  assert.equal(writes(api).length, 2, 'the second apply wrote nothing');
});

test('apply from stdin with --yes, JSON inventory', async () => {
  const json = JSON.stringify([{ ip: '10.9.0.1', vendor: 'oci', region: 'us-ashburn-1' }]);
  const r = await run(['apply', '-', '--yes', ...base], { input: json });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stored().get('10.9.0.1'), 'oci/us-ashburn-1');
});

test('apply --prune of an empty inventory deletes nothing (exit 1)', async () => {
  const r = await run(['apply', tempFile('empty.csv', 'ip,vendor,region\n'), '--yes', '--prune', ...base]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /empty\.csv has no mapping: with --prune that would delete all 8; nothing applied/);
  assert.equal(writes(api).length, 0);
  assert.equal(stored().size, 8);
});

test('apply with a rejected line applies nothing (exit 1)', async () => {
  const file = tempFile('rejected.csv', '10.0.0.1,aws,us-east-1\n10.0.0.2,aws,nowhere-1\n');
  const r = await run(['apply', file, '--yes', '--prune', ...base]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /1 line\(s\) of .* refused: nothing applied/);
  assert.equal(writes(api).length, 0);
});

test('apply: items the API refuses are listed with file:line, the report has them, exit 1', async () => {
  const rows = manyRows(250);
  const file = tempFile('partial.csv', csvOf(rows));
  const report = tempFile('partial.json', '');
  // The first batch request is refused (a 400 is not retried).
  api.state.addFault({ kind: 'status', status: 400, method: 'PUT', path: '/batch', times: 1 });
  const r = await run(['apply', file, '--yes', '--concurrency', '1', '--report', report, ...base]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^Applied 150 of 250 changes in 3 requests/m);
  assert.match(r.stdout, /^Failed \(100\):$/m);
  assert.match(r.stdout, new RegExp(`^  \\+ 10\\.0\\.0\\.0  aws/us-east-1  ${file}:2: .*400`, 'm'));
  const doc = readReport(report);
  assert.equal(doc.failed.length, 100);
  assert.equal(doc.applied.length, 150);
  assert.equal(writes(api).length, 3);
  for (const e of doc.failed) assert.ok(!stored().has(e.ip), `${e.ip} failed and is not stored`);
  for (const e of doc.applied) assert.equal(stored().get(e.ip), 'aws/us-east-1');
});

test('a 3,500-line file applies in 35 writes', async () => {
  api.state.reset({ seed: false });
  const rows = manyRows(3500);
  const file = tempFile('3500.csv', csvOf(rows));
  const r = await run(['apply', file, '--yes', ...base]);
  assert.equal(r.code, 0, r.stderr);
  const w = writes(api);
  assert.equal(w.length, 35);
  assert.ok(w.every((x) => x.method === 'PUT' && x.path.endsWith('/batch') && x.items === 100));
  assert.equal(stored().size, 3500);
  assert.match(r.stdout, /^Applied 3500 of 3500 changes in 35 requests/m);
  // Progress goes to stderr as plain lines when it is not a terminal.
  assert.match(r.stderr, /^progress: 3500\/3500 items · 35\/35 requests/m);
});

test('Ctrl-C mid-apply against a slow stand-in: exit 130, and the account matches what was stored', async () => {
  api.state.reset({ seed: false });
  api.state.latencyMs = 300;
  const rows = manyRows(1000);
  const file = tempFile('sigint.csv', csvOf(rows));
  const report = tempFile('sigint.json', '');
  let sent = false;
  const r = await run(['apply', file, '--yes', '--concurrency', '2', '--report', report, ...base], {
    // Interrupt once two requests are done: two more are then in flight.
    onStderr: (text, child) => {
      if (!sent && /progress: 200\/1000/.test(text)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  assert.ok(sent, r.stderr);
  assert.equal(r.code, 130, r.stdout + r.stderr);
  const doc = readReport(report);
  assert.equal(doc.interrupted, true);
  const { applied, unknown, notSent, failed } = doc.summary;
  assert.equal(applied + unknown + notSent + failed, 1000);
  assert.ok(applied >= 200 && notSent > 0, JSON.stringify(doc.summary));
  // The printed account says the same as the report.
  assert.match(r.stdout, new RegExp(`^  applied: +${applied} \\(${applied} created, 0 changed, 0 deleted\\)$`, 'm'));
  assert.match(r.stdout, new RegExp(`^  may or may not have applied: +${unknown} `, 'm'));
  assert.match(r.stdout, new RegExp(`^  not sent: +${notSent}$`, 'm'));
  for (const e of doc.unknown) assert.match(r.stdout, new RegExp(`^  \\+ ${e.ip.replaceAll('.', '\\.')} `, 'm'));
  // Against the stand-in, once its last request is done.
  await new Promise((resolve) => setTimeout(resolve, 700));
  const now = stored();
  for (const e of doc.applied) assert.equal(now.get(e.ip), 'aws/us-east-1', `${e.ip} applied`);
  for (const e of doc.notSent) assert.ok(!now.has(e.ip), `${e.ip} not sent but stored`);
  const accounted = new Set([...doc.applied, ...doc.unknown].map((e) => e.ip));
  for (const ip of now.keys()) assert.ok(accounted.has(ip), `${ip} stored but neither applied nor in flight`);
  assert.equal(now.size >= applied && now.size <= applied + unknown, true);
});
