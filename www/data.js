// Pure helpers of the demo page (no DOM, no package): the vendor/region
// catalogue, parsing and checking of pasted import rows, the sync's desired
// list, rejected rows and outcomes, IP ordering, CSV out.
// tests/www/data.test.mjs runs them in Node. The checks themselves are the
// package's (`checkMappings`, `plan`'s `rejected`), passed in.

import { asSentence, plainMessage } from './messages.js';

/** How each vendor is named on the page. Unknown vendors show as given. */
export const VENDOR_LABELS = Object.freeze({ aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud', oci: 'Oracle Cloud' });

export function vendorLabel(vendor) {
  return VENDOR_LABELS[vendor] ?? vendor;
}

/**
 * Indexes `supportedRegions()`: vendor → region name → upper-tier colos,
 * with case-insensitive look-ups for pasted text.
 */
export function makeCatalogue(supported) {
  const vendors = new Map();
  for (const [vendor, regions] of Object.entries(supported?.vendors ?? {})) {
    const byName = new Map();
    for (const r of regions) byName.set(r.name.toLowerCase(), { name: r.name, colos: r.upperTierColos ?? [] });
    vendors.set(vendor, byName);
  }
  return {
    vendors,
    vendorNames: [...vendors.keys()],
    regions(vendor) {
      return [...(vendors.get(vendor)?.values() ?? [])];
    },
    findVendor(text) {
      const key = String(text).trim().toLowerCase();
      return vendors.has(key) ? key : undefined;
    },
    findRegion(vendor, text) {
      return vendors.get(vendor)?.get(String(text).trim().toLowerCase());
    },
    colos(vendor, region) {
      return vendors.get(vendor)?.get(String(region).toLowerCase())?.colos ?? [];
    },
  };
}

// ---- import text ---------------------------------------------------------------

const IP_HEADERS = new Set(['ip', 'origin_ip', 'origin-ip', 'address', 'ip address']);

/** Splits one CSV line (double-quoted fields, "" for a quote) on `sep`. */
function splitQuoted(line, sep) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === sep) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Fields of one line: comma, tab or semicolon separated (CSV quoting), else whitespace. */
export function splitLine(line) {
  for (const sep of [',', '\t', ';']) if (line.includes(sep)) return splitQuoted(line, sep);
  return line.trim().split(/\s+/);
}

/**
 * Parses pasted lines or CSV into rows `{ line, ip, vendor, region, problem? }`
 * (`line` 1-based in the text). Blank lines and `#` comments are skipped. A
 * first row naming the columns (ip, vendor, region, in any order, extra
 * columns ignored) is a header; without one the fields are ip,vendor,region.
 * `columns` gives the header's field index of each (`region` -1 when it names
 * none), or null without a header.
 */
export function parseImport(text) {
  const rows = [];
  let columns = null;
  let header = false;
  const lines = String(text).split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const fields = splitLine(line);
    if (columns === null && rows.length === 0 && !header) {
      const names = fields.map((f) => f.toLowerCase());
      const ip = names.findIndex((n) => IP_HEADERS.has(n));
      if (ip !== -1 && names.includes('vendor')) {
        columns = { ip, vendor: names.indexOf('vendor'), region: names.indexOf('region'), count: null };
        header = true;
        return;
      }
    }
    const row = { line: index + 1 };
    if (columns) {
      row.ip = fields[columns.ip] ?? '';
      row.vendor = fields[columns.vendor] ?? '';
      row.region = columns.region === -1 ? '' : fields[columns.region] ?? '';
      if (fields.length < 3) row.problem = `This line has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header names 3 columns`;
    } else {
      [row.ip = '', row.vendor = '', row.region = ''] = fields;
      if (fields.length !== 3) row.problem = `This line has ${fields.length} field${fields.length === 1 ? '' : 's'}; expected 3 (ip,vendor,region)`;
    }
    rows.push(row);
  });
  return { rows, header, columns };
}

/**
 * The items a list of rows asks for, as the package takes them: the IP as
 * given, vendor and region as the catalogue spells them (pasted text may be in
 * any case), else as given, so the package's checks name what is wrong.
 */
export function rowItems(rows, catalogue) {
  return rows.map((row) => {
    const vendor = catalogue.findVendor(row.vendor) ?? row.vendor;
    return { ip: row.ip, vendor, region: catalogue.findRegion(vendor, row.region)?.name ?? row.region };
  });
}

/**
 * Matches each entry of a package's `rejected` list (from `checkMappings` or
 * `plan`, in input order) to the index of its item: by the `items[N].` its
 * reason starts with, else (a conflict names the other item only) the next
 * item in order with that IP text. Returns index → reason.
 */
export function rejectedByIndex(rejected, items) {
  const out = new Map();
  let next = 0;
  for (const failed of rejected ?? []) {
    const named = /^items\[(\d+)\]\./.exec(failed.error ?? '');
    let index = named ? Number(named[1]) : -1;
    if (index === -1) {
      for (let i = next; i < items.length; i += 1) {
        if (items[i].ip === failed.input && !out.has(i)) {
          index = i;
          break;
        }
      }
    }
    if (index === -1) continue;
    out.set(index, failed.error ?? 'refused');
    next = index + 1;
  }
  return out;
}

/**
 * Checks parsed import rows before anything is sent, with the package's own
 * checks: `check` is its `checkMappings` (IPs, vendors, regions, the same IP
 * twice), run once on every row that has three fields. The catalogue then
 * refuses regions it does not list, as the client will when writing (the
 * package's pure check has no catalogue). Each row gains `item` (what is
 * sent), `canonical` (`canonicalize` of its IP, for display) and `errors`
 * (plain sentences; empty when it can be sent).
 */
export function checkImportRows(rows, catalogue, { check, canonicalize }) {
  const whole = rows.filter((row) => !row.problem);
  const items = rowItems(whole, catalogue);
  const lineOf = (n) => whole[n]?.line;
  const refused = rejectedByIndex(check(items).rejected, items);
  const itemOf = new Map(whole.map((row, i) => [row, i]));
  return rows.map((row) => {
    const out = { ...row, errors: [], canonical: undefined, item: undefined };
    try {
      out.canonical = canonicalize(row.ip);
    } catch {
      // The package's check says why.
    }
    if (row.problem) {
      out.errors.push(asSentence(row.problem));
      return out;
    }
    const index = itemOf.get(row);
    out.item = items[index];
    if (refused.has(index)) {
      out.errors.push(plainMessage(refused.get(index), lineOf));
    } else if (!catalogue.findRegion(out.item.vendor, out.item.region)) {
      out.errors.push(`The region "${row.region}" is not in the catalogue of ${vendorLabel(out.item.vendor)}.`);
    }
    return out;
  });
}

/** Notes on ready rows that repeat an earlier ready row's IP: the package sends them once. */
export function sameIpNotes(checked) {
  const first = new Map();
  for (const row of checked) {
    if (row.errors.length > 0 || !row.canonical) continue;
    if (first.has(row.canonical)) row.note = `Same as line ${first.get(row.canonical)}; sent once.`;
    else first.set(row.canonical, row.line);
  }
  return checked;
}

// ---- sync from CSV -------------------------------------------------------------------

/**
 * The desired list of a sync: every row with three fields, as `rowItems`
 * gives it; the plan's own checks (`rejected`) decide which can be written.
 * `sent[i]` is the row `desired[i]` came from.
 */
export function syncDesired(rows, catalogue) {
  const sent = rows.filter((row) => !row.problem);
  return { desired: rowItems(sent, catalogue), sent };
}

/**
 * Every rejected row of a sync, in line order, as `{ line, ip, canonical, reason }`:
 * rows without three fields, and the items `plan()` refused (its `rejected`).
 * `canonical` is the IP the reason names when it is one (so a delete of that
 * IP can be flagged), from the package's `ip` of the refused item.
 */
export function syncRejections(rows, planRejected, sent, desired, canonicalize) {
  const canonicalOf = (ip) => {
    try {
      return canonicalize(ip);
    } catch {
      return undefined;
    }
  };
  const out = rows
    .filter((row) => row.problem)
    .map((row) => ({ line: row.line, ip: row.ip, canonical: canonicalOf(row.ip), reason: asSentence(row.problem) }));
  const lineOf = (n) => sent[n]?.line;
  for (const [index, reason] of rejectedByIndex(planRejected, desired)) {
    const row = sent[index];
    out.push({ line: row.line, ip: row.ip, canonical: canonicalOf(row.ip), reason: plainMessage(reason, lineOf) });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * What became of each write of `apply()`: canonical IP → `{ ok, error? }`,
 * one map for the upserts (creates and changes), one for the deletes.
 */
export function applyOutcomes(applied) {
  const index = (result) => {
    const outcomes = new Map();
    for (const s of result?.succeeded ?? []) outcomes.set(s.ip, { ok: true });
    for (const f of result?.failed ?? []) outcomes.set(f.ip, { ok: false, error: f.error });
    return outcomes;
  };
  return { upserted: index(applied?.upserted), deleted: index(applied?.deleted) };
}

// ---- ordering, filtering -----------------------------------------------------------

/** Numeric sort key of a canonical IP: IPv4 before IPv6, then by address bytes. */
export function ipKey(ip) {
  const text = String(ip);
  if (!text.includes(':')) {
    const parts = text.split('.').map(Number);
    return parts.length === 4 && parts.every((n) => Number.isInteger(n)) ? [4, ...parts] : [9, text];
  }
  // An embedded IPv4 tail (::ffff:a.b.c.d) becomes its two hex groups.
  let t = text;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    t = `${t.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = t.includes('::') ? t.split('::') : [t, undefined];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...Array(Math.max(0, 8 - l.length - r.length)).fill('0'), ...r];
  const numbers = groups.map((g) => parseInt(g, 16));
  return numbers.length === 8 && numbers.every((n) => Number.isInteger(n)) ? [6, ...numbers] : [9, text];
}

export function compareIp(a, b) {
  const x = ipKey(a);
  const y = ipKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if (x[i] === y[i]) continue;
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    return typeof x[i] === 'number' && typeof y[i] === 'number' ? x[i] - y[i] : String(x[i]).localeCompare(String(y[i]));
  }
  return 0;
}

/** A comparator of mappings for column `key` ('ip' | 'vendor' | 'region'), ties broken by IP. */
export function mappingComparator(key, direction = 'ascending') {
  const sign = direction === 'descending' ? -1 : 1;
  return (a, b) => {
    let c = 0;
    if (key === 'vendor') c = vendorLabel(a.vendor).localeCompare(vendorLabel(b.vendor)) || a.region.localeCompare(b.region);
    else if (key === 'region') c = a.region.localeCompare(b.region) || vendorLabel(a.vendor).localeCompare(vendorLabel(b.vendor));
    return sign * (c || compareIp(a.ip, b.ip));
  };
}

/** Whether a mapping matches the filter text (IP, vendor, vendor name or region; case-insensitive). */
export function matchesFilter(mapping, query) {
  const q = String(query).trim().toLowerCase();
  if (q === '') return true;
  return [mapping.ip, mapping.vendor, vendorLabel(mapping.vendor), mapping.region].some((v) => String(v).toLowerCase().includes(q));
}

// ---- CSV out -------------------------------------------------------------------------

function csvField(value) {
  let text = value === undefined || value === null ? '' : String(value);
  // A spreadsheet would run a cell starting like a formula.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The mappings as CSV with a header line; the import reads it back. */
export function toCsv(mappings) {
  const lines = ['ip,vendor,region,modified_on'];
  for (const m of mappings) lines.push([m.ip, m.vendor, m.region, m.modifiedOn].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
