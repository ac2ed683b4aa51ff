// `apply`: shows the plan, asks (or requires --yes without a terminal),
// writes with a progress bar, and accounts for every item, Ctrl-C included.
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { account, renderAccount, reportOf } from './account.mjs';
import { CliError, EXIT } from './errors.mjs';
import { changeCount, preparePlan, renderPlan } from './plan.mjs';
import { createProgress } from './progress.mjs';

function parseConcurrency(text) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 32) throw new CliError(`apply: --concurrency "${text}": must be a whole number from 1 to 32`);
  return n;
}

export async function runApply(ctx) {
  const { term, values, args } = ctx;
  const concurrency = parseConcurrency(values.concurrency);
  const prepared = await preparePlan(ctx, { concurrency });
  try {
    for (const line of renderPlan(prepared, term.color)) term.out(line);
    if (prepared.rejected.length) {
      term.err(`apply: ${prepared.rejected.length} line(s) of ${prepared.inventory.name} refused: nothing applied (fix them first; "origin-regions check" lists them)`);
      return EXIT.error;
    }
    if (changeCount(prepared.plan) === 0) return EXIT.ok;
    // An empty file (a failed export, a wrong path to an empty pipe) would
    // empty the zone: that takes a file that says so, not an absent one.
    if (values.prune && prepared.inventory.rows.length === 0) {
      term.err(`apply: ${prepared.inventory.name} has no mapping: with --prune that would delete all ${prepared.plan.delete.length}; nothing applied`);
      return EXIT.error;
    }
    if (!values.yes) {
      const refusal =
        args.file === '-'
          ? 'the inventory comes from standard input, so there is no terminal to confirm on: pass --yes to apply'
          : !ctx.stdin.isTTY
            ? 'no terminal to confirm on: pass --yes to apply without asking'
            : null;
      if (refusal) {
        term.err(`apply: ${refusal}`);
        return EXIT.error;
      }
      const answer = await ask(ctx, `Apply ${changeCount(prepared.plan)} change(s) to zone ${prepared.zoneId}? Type "yes" to go on: `);
      if (answer === null) return EXIT.interrupted;
      if (answer.trim().toLowerCase() !== 'yes') {
        term.err('Apply cancelled: nothing was changed.');
        return EXIT.error;
      }
    }
    return await execute(ctx, prepared, concurrency);
  } finally {
    prepared.client.free();
  }
}

/** One line from the terminal; null on Ctrl-C or end of input. */
function ask(ctx, question) {
  return new Promise((resolve) => {
    const rl = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: true });
    let answered = false;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      if (!answered) {
        ctx.term.err('');
        resolve(null);
      }
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
  });
}

/**
 * Creates and changes (batch upsert), then deletes (batch delete), as the
 * client's apply() does; each batch call accounts for every item, also when
 * Ctrl-C aborts it (error.result).
 */
async function execute(ctx, prepared, concurrency) {
  const { term, values } = ctx;
  const { client, plan } = prepared;
  const upserts = [...plan.create, ...plan.change.map((c) => ({ ip: c.ip, ...c.to }))];
  const deletes = plan.delete.map((m) => m.ip);
  const total = upserts.length + deletes.length;
  const progress = createProgress(term, { total, requests: Math.ceil(upserts.length / 100) + Math.ceil(deletes.length / 100) });
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    // A second Ctrl-C does not wait for the requests in flight.
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const started = Date.now();
  let requestsBefore = 0;
  let doneBefore = 0;
  const onProgress = (p) => progress.update({ done: doneBefore + p.done, total, requests: requestsBefore + p.requests });
  const options = { signal: controller.signal, onProgress, ...(concurrency ? { concurrency } : {}) };
  const run = async (fn, items) => {
    if (items.length === 0) return { succeeded: [], failed: [], requests: 0 };
    if (controller.signal.aborted) return null; // never sent
    try {
      return await fn(items, options);
    } catch (e) {
      if (e?.kind === 'aborted' && e.result) return e.result;
      throw e;
    }
  };
  let upserted;
  let deleted;
  try {
    upserted = await run((items, o) => client.batchUpdate(items, o), upserts);
    requestsBefore = upserted?.requests ?? 0;
    doneBefore = upserts.length;
    deleted = await run((ips, o) => client.batchDelete(ips, o), deletes);
  } finally {
    progress.finish();
    process.off('SIGINT', onSigint);
  }
  const result = account(prepared, { upserted, deleted, interrupted, startedAt: started, finishedAt: Date.now() });
  for (const line of renderAccount(result, prepared, term.color)) term.out(line);
  if (values.report) {
    try {
      await writeFile(values.report, JSON.stringify(reportOf(result, prepared), null, 2) + '\n');
    } catch (e) {
      throw new CliError(`apply: cannot write the report ${values.report}: ${e.code ?? e.message}`);
    }
  }
  if (interrupted) return EXIT.interrupted;
  return result.failed.length === 0 ? EXIT.ok : EXIT.error;
}
