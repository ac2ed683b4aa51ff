// Pure helpers of the demo page (no DOM, no package): the vendor/region
// catalogue, parsing and checking of pasted import rows, the sync's desired
// list, rejected rows and outcomes, IP ordering, CSV out.
// tests/www/data.test.mjs runs them in Node.

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
      if (fields.length < 3) row.problem = `expected the header's columns, found ${fields.length} field${fields.length === 1 ? '' : 's'}`;
    } else {
      [row.ip = '', row.vendor = '', row.region = ''] = fields;
      if (fields.length !== 3) row.problem = `expected 3 fields (ip,vendor,region), found ${fields.length}`;
    }
    rows.push(row);
  });
  return { rows, header };
}

/**
 * Checks parsed rows before anything is sent: the IP (through the package's
 * `canonicalize`), the vendor and the region against the catalogue, and the
 * same IP twice. Each row gains `canonical`, `vendorKey`, `regionName`,
 * `errors` (empty when it can be sent), and `note` for an agreeing duplicate.
 */
export function checkRows(rows, catalogue, canonicalize) {
  const firstByIp = new Map();
  const checked = rows.map((row) => {
    const out = { ...row, errors: [], canonical: undefined, vendorKey: undefined, regionName: undefined, note: undefined };
    if (row.problem) out.errors.push(row.problem);
    if (row.ip === '') {
      out.errors.push('no IP address');
    } else {
      try {
        out.canonical = canonicalize(row.ip);
      } catch (error) {
        // The row shows the IP already: drop the message's `ip "…": ` prefix.
        out.errors.push(String(error?.message ?? error).replace(/^ip "(?:[^"\\]|\\.)*": /, ''));
      }
    }
    if (row.vendor === '') {
      out.errors.push('no vendor');
    } else {
      out.vendorKey = catalogue.findVendor(row.vendor);
      if (!out.vendorKey) out.errors.push(`unknown vendor "${row.vendor}" (expected ${listWords(catalogue.vendorNames)})`);
    }
    if (row.region === '') {
      out.errors.push('no region');
    } else if (out.vendorKey) {
      out.regionName = catalogue.findRegion(out.vendorKey, row.region)?.name;
      if (!out.regionName) out.errors.push(`"${row.region}" is not a region of ${vendorLabel(out.vendorKey)}`);
    }
    return out;
  });
  for (const row of checked) {
    if (row.errors.length > 0 || !row.canonical) continue;
    const first = firstByIp.get(row.canonical);
    if (!first) {
      firstByIp.set(row.canonical, row);
    } else if (first.vendorKey === row.vendorKey && first.regionName === row.regionName) {
      row.note = `same as line ${first.line}; sent once`;
    } else {
      row.errors.push(`conflicts with line ${first.line} (same IP, ${first.vendorKey} ${first.regionName})`);
      first.errors.push(`conflicts with line ${row.line} (same IP, ${row.vendorKey} ${row.regionName})`);
    }
  }
  return checked;
}

function listWords(words) {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

// ---- sync from CSV -------------------------------------------------------------------

/**
 * The desired list of a sync, from rows checked by `checkRows`: one item a
 * valid row (an agreeing duplicate is left out, its first row stands for it),
 * the IP as given, vendor and region as the catalogue spells them. `rows[i]`
 * is the row `desired[i]` came from.
 */
export function syncDesired(checked) {
  const desired = [];
  const rows = [];
  for (const row of checked) {
    if (row.errors.length > 0 || row.note) continue;
    desired.push({ ip: row.ip, vendor: row.vendorKey, region: row.regionName });
    rows.push(row);
  }
  return { desired, rows };
}

/**
 * Every rejected row of a sync, in line order, as `{ line, ip, canonical, reason }`:
 * the rows the page refused, and the items `plan()` refused (its `rejected`),
 * matched to their row by the `items[N]` index of the reason, else by the IP
 * as given. `sentRows` is `syncDesired(...).rows`.
 */
export function syncRejections(checked, planRejected = [], sentRows = []) {
  const out = checked
    .filter((row) => row.errors.length > 0)
    .map((row) => ({ line: row.line, ip: row.ip, canonical: row.canonical, reason: row.errors.join('; ') }));
  for (const failed of planRejected) {
    const index = /^items\[(\d+)\]\./.exec(failed.error ?? '');
    const row = (index && sentRows[Number(index[1])]) || sentRows.find((r) => r.ip === failed.input);
    out.push({
      line: row?.line,
      ip: failed.input ?? failed.ip,
      canonical: row?.canonical,
      reason: String(failed.error ?? 'refused').replace(/^items\[\d+\]\./, ''),
    });
  }
  return out.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
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
