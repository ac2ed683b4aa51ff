// `check`: the inventory validated offline, with no credential and no
// request: every bad line named as file:line with the rule it breaks.
import { EXIT } from './errors.mjs';
import { at, readInventory } from './input.mjs';
import { checkRows } from './rows.mjs';

export async function runCheck(ctx) {
  const { term, args } = ctx;
  const inventory = await readInventory(args.file, ctx.stdin);
  const { valid, rejected } = checkRows(inventory.rows);
  const problems = [...inventory.errors.map((e) => ({ line: e.line, ip: null, message: e.message })), ...rejected].sort(
    (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity),
  );
  if (ctx.values.format === 'json') {
    term.out(JSON.stringify({ file: inventory.name, rows: inventory.rows.length + inventory.errors.length, valid: valid.length, problems }, null, 2));
  } else {
    for (const p of problems) term.out(`${at(inventory.name, p.line)}: ${p.message}`);
    const bad = new Set(problems.map((p) => p.line)).size;
    const summary = `${inventory.name}: ${inventory.rows.length + inventory.errors.length} rows, ${valid.length} distinct valid mappings, ${bad} bad line(s)`;
    term.err(problems.length ? term.colorErr.red(summary) : summary);
  }
  return problems.length ? EXIT.error : EXIT.ok;
}
