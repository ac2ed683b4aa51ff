// Reading and writing inventory files: CSV (header optional, quoted fields,
// CRLF, UTF-8 BOM) or a JSON array of {ip, vendor, region}. Pure (no Node
// built-in, no I/O) so a Worker can import it too. It checks the file's
// shape only: whether an IP, vendor or region is valid is the library's rule
// (checkMappings / plan), and each row keeps its 1-based line so a refusal
// can be named as file:line.
// The minified build is the one without Node's stream support (no
// require('stream')), so bundlers for workerd and browsers need no shim.
import Papa from 'papaparse/papaparse.min.js';

const FIELDS = ['ip', 'vendor', 'region'];
// Columns a header may name besides the three (what `export` of a listing may carry).
const IGNORED_COLUMNS = ['modifiedon', 'modified_on'];

/**
 * @param {string} text the whole file
 * @param {{ source?: string }} [options] the file's name, for messages only
 * @returns {{ rows: {line: number, ip: string, vendor: string, region: string}[],
 *             errors: {line: number | null, message: string}[] }}
 *   line is 1-based; null only for a JSON syntax error the parser does not place
 */
export function parseInventory(text, { source = 'input' } = {}) {
  if (typeof text !== 'string') throw new TypeError(`${source}: inventory text must be a string`);
  // A BOM is a marker, not data; Excel writes one in front of UTF-8 CSV.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.match(/\S/);
  if (first && (first[0] === '[' || first[0] === '{')) return parseJsonInventory(body);
  return parseCsvInventory(body);
}

/**
 * Mappings as CSV text with a header, one line per mapping, that
 * parseInventory reads back to the same ip, vendor and region.
 * @param {{ip: string, vendor: string, region: string}[]} mappings
 */
export function formatInventoryCsv(mappings) {
  const data = mappings.map((m) => [m.ip, m.vendor, m.region]);
  // escapeFormulae off: a leading quote would change the value read back.
  return Papa.unparse({ fields: FIELDS, data }, { newline: '\n', escapeFormulae: false }) + '\n';
}

// Line numbers of character offsets, for offsets asked in increasing order.
function lineCounter(text) {
  let offset = 0;
  let line = 1;
  return (target) => {
    for (; offset < target && offset < text.length; offset++) {
      if (text.charCodeAt(offset) === 10) line++;
    }
    return line;
  };
}

function parseCsvInventory(text) {
  const rows = [];
  const errors = [];
  const lineAt = lineCounter(text);
  let start = 0;
  let columns = null; // field index of ip, vendor, region once the first row is seen
  let width = 3;
  Papa.parse(text, {
    delimiter: ',',
    skipEmptyLines: false,
    step: (result) => {
      const fields = result.data;
      const rowStart = start;
      start = result.meta.cursor;
      // The row's first line: leading blank lines of a record belong to no row.
      const skipped = text.slice(rowStart, start).match(/^[\r\n]*/)[0].length;
      const line = lineAt(rowStart + skipped);
      if (fields.every((f) => f.trim() === '')) return; // blank line
      if (fields[0].trim().startsWith('#')) return; // comment line (no IP starts with #)
      if (result.errors.length > 0) {
        // A broken quote can swallow the lines after it: say how far.
        const last = lineAt(text.slice(0, start).trimEnd().length);
        const span = last > line ? ` (this row runs on to line ${last})` : '';
        errors.push({ line, message: csvErrorMessage(result.errors[0]) + span });
        return;
      }
      const trimmed = fields.map((f) => f.trim());
      if (columns === null) {
        const header = readHeader(trimmed);
        if (header.error) {
          columns = [0, 1, 2];
          errors.push({ line, message: header.error });
          return;
        }
        columns = header.columns ?? [0, 1, 2];
        width = header.columns ? trimmed.length : 3;
        if (header.columns) return;
      }
      if (trimmed.length !== width) {
        const expected = width === 3 ? '3 fields ip,vendor,region' : `${width} fields as the header names`;
        errors.push({ line, message: `expected ${expected}, got ${trimmed.length}` });
        return;
      }
      rows.push({ line, ip: trimmed[columns[0]], vendor: trimmed[columns[1]], region: trimmed[columns[2]] });
    },
  });
  return { rows, errors };
}

// A first row naming columns (words, one of them "ip") is a header; any
// other first row is data. Returns the field index of ip, vendor, region.
function readHeader(fields) {
  const names = fields.map((f) => f.toLowerCase());
  if (!names.includes('ip') || !names.every((n) => /^[a-z_ ]+$/.test(n))) return {};
  const columns = [];
  for (const field of FIELDS) {
    const at = names.indexOf(field);
    if (at < 0) return { error: `header has no "${field}" column (expected ip,vendor,region)` };
    if (names.indexOf(field, at + 1) >= 0) return { error: `header names "${field}" twice` };
    columns.push(at);
  }
  const unknown = names.find((n) => !FIELDS.includes(n) && !IGNORED_COLUMNS.includes(n));
  if (unknown !== undefined) return { error: `header has an unknown column "${unknown}" (expected ip,vendor,region)` };
  return { columns };
}

function csvErrorMessage(error) {
  switch (error.code) {
    case 'MissingQuotes':
      return 'quoted field is not closed (a " opens it and no " ends it)';
    case 'InvalidQuotes':
      return 'stray " after a quoted field (inside quotes, write a quote as "")';
    default:
      return `unreadable CSV: ${error.message}`;
  }
}

function parseJsonInventory(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { rows: [], errors: [{ line: jsonErrorLine(text, e), message: `not valid JSON: ${jsonErrorText(e)}` }] };
  }
  if (!Array.isArray(doc)) {
    return { rows: [], errors: [{ line: 1, message: 'a JSON inventory must be an array of {ip, vendor, region} objects' }] };
  }
  const starts = elementStarts(text);
  const lineAt = lineCounter(text);
  const rows = [];
  const errors = [];
  doc.forEach((item, i) => {
    const line = lineAt(starts[i]);
    const problem = jsonItemProblem(item);
    if (problem) errors.push({ line, message: `item ${i + 1}: ${problem}` });
    else rows.push({ line, ip: item.ip.trim(), vendor: item.vendor.trim(), region: item.region.trim() });
  });
  return { rows, errors };
}

function jsonItemProblem(item) {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return 'expected an object with ip, vendor, region strings';
  }
  for (const field of FIELDS) {
    if (!(field in item)) return `has no "${field}" (expected ip, vendor, region)`;
    if (typeof item[field] !== 'string') return `"${field}" must be a string`;
  }
  const unknown = Object.keys(item).find((k) => !FIELDS.includes(k) && !IGNORED_COLUMNS.includes(k.toLowerCase()));
  if (unknown !== undefined) return `unknown field "${unknown}" (expected ip, vendor, region)`;
  return null;
}

// Offsets where each element of the top-level array starts (the text is
// known to be valid JSON): JSON.parse keeps no positions.
function elementStarts(text) {
  const starts = [];
  let depth = 0;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (expectElement) { starts.push(i); expectElement = false; }
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (expectElement && c !== ']') { starts.push(i); expectElement = false; }
    if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') {
      depth--;
      expectElement = false;
    } else if (c === ',' && depth === 1) {
      expectElement = true;
    }
  }
  return starts;
}

// V8 says "... at position N" (newer ones "(line L column C)") for most
// errors, but not for an unexpected token: then the line is not known (null).
function jsonErrorLine(text, error) {
  const line = /line (\d+) column/.exec(error.message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(error.message);
  if (position) return lineCounter(text)(Number(position[1]));
  return null;
}

function jsonErrorText(error) {
  return error.message.replace(/^JSON\.parse: /, '');
}
