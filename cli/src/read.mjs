// The reading commands: list, export, get, regions.
// The minified build is the one without Node's stream support (no
// require('stream')), so bundlers for workerd and browsers need no shim.
import Papa from 'papaparse/papaparse.min.js';
import { connect } from './connection.mjs';
import { CliError, EXIT } from './errors.mjs';
import { formatInventoryCsv } from './inventory.mjs';
import { formatTable } from './terminal.mjs';

async function withClient(ctx, fn) {
  const client = connect(ctx.values, ctx.env);
  try {
    return await fn(client);
  } finally {
    client.free();
  }
}

/** A table for a person at a terminal, CSV for a pipe or a file. */
const defaultFormat = (ctx) => ctx.values.format ?? (ctx.term.stdoutIsTty ? 'table' : 'csv');

export function runList(ctx) {
  return withClient(ctx, async (client) => {
    const mappings = await client.listAll();
    const format = defaultFormat(ctx);
    if (format === 'json') ctx.term.out(JSON.stringify(mappings, null, 2));
    else if (format === 'csv') ctx.term.out(formatInventoryCsv(mappings).trimEnd());
    else {
      const rows = mappings.map((m) => [m.ip, m.vendor, m.region, m.modifiedOn ?? '']);
      ctx.term.out(formatTable(['IP', 'VENDOR', 'REGION', 'MODIFIED'], rows));
      ctx.term.out(ctx.term.color.dim(`${mappings.length} mapping(s)`));
    }
    return EXIT.ok;
  });
}

/** The zone as an inventory file: what plan and apply read back unchanged. */
export function runExport(ctx) {
  return withClient(ctx, async (client) => {
    const mappings = await client.listAll();
    if (ctx.values.format === 'json') {
      const items = mappings.map(({ ip, vendor, region }) => ({ ip, vendor, region }));
      ctx.term.out(JSON.stringify(items, null, 2));
    } else {
      ctx.term.out(formatInventoryCsv(mappings).trimEnd());
    }
    return EXIT.ok;
  });
}

export function runGet(ctx) {
  return withClient(ctx, async (client) => {
    let mapping;
    try {
      mapping = await client.get(ctx.args.ip);
    } catch (e) {
      if (e?.status === 404) throw new CliError(`get: ${ctx.args.ip} has no mapping in zone ${client.toJSON().zoneId}`);
      throw e;
    }
    if (ctx.values.format === 'json') ctx.term.out(JSON.stringify(mapping, null, 2));
    else {
      const rows = [['ip', mapping.ip], ['vendor', mapping.vendor], ['region', mapping.region]];
      if (mapping.modifiedOn) rows.push(['modified', mapping.modifiedOn]);
      ctx.term.out(rows.map(([k, v]) => `${k.padEnd(8)}  ${v}`).join('\n'));
    }
    return EXIT.ok;
  });
}

export function runRegions(ctx) {
  return withClient(ctx, async (client) => {
    const catalogue = await client.supportedRegions();
    const format = defaultFormat(ctx);
    if (format === 'json') {
      ctx.term.out(JSON.stringify(catalogue, null, 2));
      return EXIT.ok;
    }
    const rows = [];
    for (const [vendor, regions] of Object.entries(catalogue.vendors)) {
      for (const r of regions) rows.push([vendor, r.name, r.upperTierColos.join(' ')]);
    }
    if (format === 'csv') {
      ctx.term.out(Papa.unparse({ fields: ['vendor', 'region', 'upper_tier_colos'], data: rows }, { newline: '\n' }));
    } else {
      ctx.term.out(formatTable(['VENDOR', 'REGION', 'UPPER TIER COLOS'], rows));
    }
    return EXIT.ok;
  });
}
