// From the library's item indexes back to the file's lines: checkMappings
// and plan() name refused items as items[N] of the list they were given,
// which is the inventory's rows in file order.
import { canonicalizeIp, checkMappings } from 'origin-regions';
import { CliError } from './errors.mjs';

/** The rows as the library's input items. */
export function toItems(rows) {
  return rows.map(({ ip, vendor, region }) => ({ ip, vendor, region }));
}

/**
 * Each refused item with its file line, its message speaking of lines
 * instead of item indexes. Refusals come in input order, so each is the next
 * row with the same ip, vendor and region.
 */
export function locateRejected(rejected, rows) {
  let next = 0;
  return rejected.map((r) => {
    let at = next;
    while (at < rows.length && !sameItem(rows[at], r)) at++;
    const row = at < rows.length ? rows[at] : null;
    if (row) next = at + 1;
    const message = r.error
      .replace(/^items\[\d+\]\./, '')
      .replace(/items\[(\d+)\]/g, (whole, i) => (rows[Number(i)] ? `line ${rows[Number(i)].line}` : whole));
    return { line: row ? row.line : null, ip: r.input, message };
  });
}

function sameItem(row, r) {
  return row.ip === r.input && row.vendor === (r.vendor ?? row.vendor) && row.region === (r.region ?? row.region);
}

/** Offline check of the whole list, the way every write checks it. */
export function checkRows(rows) {
  let result;
  try {
    result = checkMappings(toItems(rows));
  } catch (e) {
    // More distinct IPs than a zone can hold: the list as a whole is refused.
    throw new CliError(e.message);
  }
  return { valid: result.valid, rejected: locateRejected(result.rejected, rows) };
}

/** Canonical IP → the first file line naming it, to place plan items and failures. */
export function linesByIp(rows) {
  const lines = new Map();
  for (const row of rows) {
    let ip;
    try {
      ip = canonicalizeIp(row.ip);
    } catch {
      continue;
    }
    if (!lines.has(ip)) lines.set(ip, row.line);
  }
  return lines;
}
