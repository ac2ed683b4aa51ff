// `plan`: what apply would change, one line per item, with every refused
// line named as file:line. Also the first half of `apply`.
import { connect } from './connection.mjs';
import { EXIT } from './errors.mjs';
import { at, readInventory } from './input.mjs';
import { linesByIp, locateRejected, toItems } from './rows.mjs';

/**
 * Reads the inventory and the zone, and plans. Format errors and items the
 * library refuses come back together as `rejected`, in file order.
 */
export async function preparePlan(ctx, { concurrency } = {}) {
  const { values, args, env, stdin } = ctx;
  const inventory = await readInventory(args.file, stdin);
  const client = connect(values, env, concurrency === undefined ? {} : { concurrency });
  // The catalogue makes plan() refuse unknown regions now, line by line,
  // rather than the API refusing them item by item during apply.
  await client.supportedRegions();
  const plan = await client.plan(toItems(inventory.rows), { prune: Boolean(values.prune) });
  const rejected = [
    ...inventory.errors.map((e) => ({ line: e.line, ip: null, message: e.message })),
    ...locateRejected(plan.rejected, inventory.rows),
  ].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return { client, inventory, plan, rejected, lines: linesByIp(inventory.rows), zoneId: client.toJSON().zoneId };
}

export function changeCount(plan) {
  return plan.create.length + plan.change.length + plan.delete.length;
}

const mapped = (m) => `${m.vendor}/${m.region}`;

/** The plan as text lines; colours from `color` (identity functions when off). */
export function renderPlan(prepared, color) {
  const { inventory, plan, rejected, lines, zoneId } = prepared;
  const where = (ip) => (lines.has(ip) ? color.dim(`  ${at(inventory.name, lines.get(ip))}`) : '');
  const entries = [
    ...plan.create.map((m) => ['+', m.ip, mapped(m), color.green]),
    ...plan.change.map((c) => ['~', c.ip, `${mapped(c.from)} → ${mapped(c.to)}`, color.yellow]),
    ...plan.delete.map((m) => ['-', m.ip, mapped(m), color.red]),
  ];
  const ipWidth = Math.max(0, ...entries.map((e) => e[1].length));
  const whatWidth = Math.max(0, ...entries.map((e) => e[2].length));
  const out = [`Zone ${zoneId}, inventory ${inventory.name} (${inventory.rows.length + inventory.errors.length} rows)`];
  const items = entries.map(([sign, ip, what, paint]) => {
    const place = where(ip);
    return paint(`  ${sign} ${ip.padEnd(ipWidth)}  ${place ? what.padEnd(whatWidth) : what}`) + place;
  });
  if (items.length) out.push('', ...items);
  if (rejected.length) {
    out.push('', `Rejected lines (${rejected.length}):`);
    for (const r of rejected) out.push(color.red(`  ${at(inventory.name, r.line)}: ${r.message}`));
  }
  out.push('', summaryLine(plan, rejected, color));
  return out;
}

function summaryLine(plan, rejected, color) {
  const parts = [
    `${plan.create.length} to create`,
    `${plan.change.length} to change`,
    `${plan.delete.length} to delete`,
    `${plan.unchanged.length} unchanged`,
  ];
  if (rejected.length) parts.push(color.red(`${rejected.length} rejected`));
  const zone = `zone: ${plan.zoneSize.before} → ${plan.zoneSize.after} mappings`;
  if (changeCount(plan) === 0 && rejected.length === 0) return `No changes: the zone already matches the inventory (${zone}).`;
  return `Plan: ${parts.join(', ')} (${zone}).`;
}

/** The plan as one JSON document (`--format json`). */
export function planJson(prepared) {
  const { inventory, plan, rejected, lines, zoneId } = prepared;
  const line = (ip) => lines.get(ip) ?? null;
  return {
    zone: zoneId,
    file: inventory.name,
    create: plan.create.map((m) => ({ line: line(m.ip), ip: m.ip, vendor: m.vendor, region: m.region })),
    change: plan.change.map((c) => ({ line: line(c.ip), ip: c.ip, from: c.from, to: c.to })),
    delete: plan.delete.map((m) => ({ ip: m.ip, vendor: m.vendor, region: m.region })),
    unchanged: plan.unchanged.length,
    rejected: rejected.map((r) => ({ line: r.line, ip: r.ip, message: r.message })),
    zoneSize: plan.zoneSize,
    summary: {
      create: plan.create.length,
      change: plan.change.length,
      delete: plan.delete.length,
      unchanged: plan.unchanged.length,
      rejected: rejected.length,
    },
  };
}

/** Exit status of a plan: refused lines are an error, pending changes 2, else 0. */
export function planStatus(prepared) {
  if (prepared.rejected.length) return EXIT.error;
  return changeCount(prepared.plan) > 0 ? EXIT.changes : EXIT.ok;
}

export async function runPlan(ctx) {
  const prepared = await preparePlan(ctx);
  try {
    if (ctx.values.format === 'json') ctx.term.out(JSON.stringify(planJson(prepared), null, 2));
    else for (const line of renderPlan(prepared, ctx.term.color)) ctx.term.out(line);
    return planStatus(prepared);
  } finally {
    prepared.client.free();
  }
}
