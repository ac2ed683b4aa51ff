// What became of every item of an apply: applied, refused, not sent, or
// unknown (its request was in flight when Ctrl-C aborted the call), from
// the batch calls' own accounts; as text and as the --report document.
import { at } from './input.mjs';

// The client's reasons for items an abort left behind.
const isNotSent = (error) => /^not sent\b/.test(error);
const isUnknown = (error) => /may or may not have been applied/.test(error);

/**
 * @param {object} prepared preparePlan's result
 * @param {{ upserted: object | null, deleted: object | null, interrupted: boolean, startedAt: number, finishedAt: number }} run
 *   a phase's BatchResult, or null when Ctrl-C came before it started
 */
export function account(prepared, { upserted, deleted, interrupted, startedAt, finishedAt }) {
  const { plan, lines } = prepared;
  const actions = new Map();
  for (const m of plan.create) actions.set(m.ip, { action: 'create', to: m });
  for (const c of plan.change) actions.set(c.ip, { action: 'change', from: c.from, to: c.to });
  const deletes = new Map(plan.delete.map((m) => [m.ip, { action: 'delete', from: m }]));
  const result = { applied: [], failed: [], unknown: [], notSent: [], requests: 0, interrupted, startedAt, finishedAt };

  const entry = (ip, what, error) => {
    const e = { ip, action: what.action, line: lines.get(ip) ?? null };
    if (what.from) e.from = { vendor: what.from.vendor, region: what.from.region };
    if (what.to) e.to = { vendor: what.to.vendor, region: what.to.region };
    if (error) e.error = error;
    return e;
  };
  const take = (batch, byIp) => {
    if (batch === null) {
      for (const [ip, what] of byIp) result.notSent.push(entry(ip, what, 'not sent: interrupted before this phase started'));
      return;
    }
    result.requests += batch.requests;
    for (const s of batch.succeeded) result.applied.push(entry(s.ip, byIp.get(s.ip) ?? { action: 'unknown' }));
    for (const f of batch.failed) {
      const e = entry(f.ip, byIp.get(f.ip) ?? { action: 'unknown' }, f.error);
      if (isNotSent(f.error)) result.notSent.push(e);
      else if (isUnknown(f.error)) result.unknown.push(e);
      else result.failed.push(e);
    }
  };
  take(upserted, actions);
  take(deleted, deletes);
  return result;
}

function counts(entries) {
  const n = { create: 0, change: 0, delete: 0 };
  for (const e of entries) if (e.action in n) n[e.action]++;
  return n;
}

const requests = (n) => `${n} request${n === 1 ? '' : 's'}`;
const mapped = (m) => (m ? `${m.vendor}/${m.region}` : '');
const SIGN = { create: '+', change: '~', delete: '-' };

function describe(e, file) {
  const what = e.action === 'change' ? `${mapped(e.from)} → ${mapped(e.to)}` : mapped(e.to ?? e.from);
  const where = e.line != null ? `  ${at(file, e.line)}` : '';
  return `${SIGN[e.action] ?? '?'} ${e.ip}  ${what}${where}`;
}

export function renderAccount(result, prepared, color) {
  const file = prepared.inventory.name;
  const seconds = ((result.finishedAt - result.startedAt) / 1000).toFixed(1);
  const total = result.applied.length + result.failed.length + result.unknown.length + result.notSent.length;
  const c = counts(result.applied);
  const done = `${c.create} created, ${c.change} changed, ${c.delete} deleted`;
  const out = [''];
  if (result.interrupted) {
    out.push(color.red('Interrupted: the apply was aborted.'));
    out.push(`  applied:                     ${result.applied.length} (${done})`);
    out.push(`  may or may not have applied: ${result.unknown.length} (their requests were in flight)`);
    out.push(`  not sent:                    ${result.notSent.length}`);
    out.push(`  refused:                     ${result.failed.length}`);
    out.push(`  ${requests(result.requests)} in ${seconds} s`);
    if (result.unknown.length) {
      out.push('', 'In flight when interrupted (run "origin-regions plan" to see what is left):');
      for (const e of result.unknown) out.push(`  ${describe(e, file)}`);
    }
  } else {
    const line = `Applied ${result.applied.length} of ${total} changes in ${requests(result.requests)} (${seconds} s): ${done}.`;
    out.push(result.failed.length ? line : color.green(line));
  }
  if (result.failed.length) {
    out.push('', color.red(`Failed (${result.failed.length}):`));
    for (const e of result.failed) out.push(color.red(`  ${describe(e, file)}: ${e.error}`));
  }
  return out;
}

/** The --report document: every item in one of four lists. */
export function reportOf(result, prepared) {
  const applied = counts(result.applied);
  return {
    zone: prepared.zoneId,
    file: prepared.inventory.name,
    interrupted: result.interrupted,
    startedAt: new Date(result.startedAt).toISOString(),
    durationMs: result.finishedAt - result.startedAt,
    requests: result.requests,
    summary: {
      applied: result.applied.length,
      failed: result.failed.length,
      unknown: result.unknown.length,
      notSent: result.notSent.length,
      created: applied.create,
      changed: applied.change,
      deleted: applied.delete,
    },
    applied: result.applied,
    failed: result.failed,
    unknown: result.unknown,
    notSent: result.notSent,
  };
}
