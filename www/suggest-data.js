// Pure helpers of "Suggest vendor and region" (no DOM, no package): the
// pasted IP list, the package's `suggest` answer sorted back onto the lines it
// came from, the range files' dates, and the CSV lines handed to the import.
// tests/www/suggest-data.test.mjs runs them in Node.

import { parseImport, vendorLabel } from './data.js';
import { asSentence } from './messages.js';

// As the page writes counts ("3,500 IPs"); ui.js has the same, but needs the DOM.
const number = (n) => Number(n).toLocaleString('en-US');
const count = (n, word, plural = `${word}s`) => `${number(n)} ${n === 1 ? word : plural}`;

/**
 * The IPs of pasted text, read as the command line's `infer` reads a list:
 * one IP a line (lines end in \n, \r\n or a lone \r), a UTF-8 BOM at the
 * start ignored, `#` starting a comment anywhere on a line, the IP trimmed,
 * blank lines skipped. `[{ line, ip }]`, `line` 1-based in the text.
 */
export function parseIpList(text) {
  const body = String(text).replace(/^\uFEFF/, '');
  const entries = [];
  body.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const ip = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (ip !== '') entries.push({ line: index + 1, ip });
  });
  return entries;
}

/**
 * The options of `index.suggest` given `supportedRegions()` as loaded, or
 * null when it failed: then no catalogue, and WITHOUT_CATALOGUE says what that means.
 */
export function suggestOptions(supported) {
  return supported ? { catalogue: supported } : {};
}

export const WITHOUT_CATALOGUE =
  'The supported regions did not load, so matches in regions Cloudflare does not support cannot be told apart: check each region before importing (reconnect to load them).';

/**
 * A refusal of `suggest` as a sentence naming the line instead of the list
 * index: `ips[3] "010.1.1.1": is not an IP address: …` → `Line 5: "010.1.1.1"
 * is not an IP address: ….`
 */
export function rejectedSentence(error, line) {
  const text = String(error ?? 'refused').trim();
  const named = /^ips\[\d+\](?: ("(?:[^"\\]|\\.)*"))?:\s*(.*)$/s.exec(text);
  const body = named ? `${named[1] ? `${named[1]} ` : ''}${named[2]}` : text;
  return asSentence(`Line ${line}: ${body}`);
}

/**
 * The answer of `index.suggest(entries.map((e) => e.ip), { catalogue })`
 * sorted back onto the pasted lines. `suggest` gives canonical IPs, each once
 * at its first place; `canonicalize` (the package's `canonicalizeIp`) finds
 * the line each came from. Returns `{ matched, unsupported, unmatched,
 * rejected, repeats }`, each in line order: matched and unsupported rows
 * `{ line, given, ip, vendor, region }`, unmatched `{ line, given, ip }`,
 * rejected `{ line, given, reason }`, repeats `{ line, given, ip, firstLine }`
 * (a line naming an IP an earlier line named, in any spelling).
 */
export function suggestionGroups(entries, suggestion, canonicalize) {
  const first = new Map(); // canonical IP → its first entry
  const repeats = [];
  const refused = new Set((suggestion.rejected ?? []).map((r) => r.index));
  entries.forEach((entry, index) => {
    let ip;
    try {
      ip = canonicalize(entry.ip);
    } catch {
      return; // not an IP: the package refused it, it is in `rejected`
    }
    const seen = first.get(ip);
    // A refused line is in `rejected`; it is still the first of its IP, so a
    // repeat of it is a repeat (suggest answers each IP once, at its first place).
    if (refused.has(index)) {
      if (!seen) first.set(ip, entry);
    } else if (seen) repeats.push({ line: entry.line, given: entry.ip, ip, firstLine: seen.line });
    else first.set(ip, entry);
  });
  const placed = (ip) => {
    const entry = first.get(ip);
    return { line: entry?.line ?? null, given: entry?.ip ?? ip, ip };
  };
  const byLine = (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity);
  return {
    // In line order whatever the order of the package's lists.
    matched: (suggestion.items ?? []).map((m) => ({ ...placed(m.ip), vendor: m.vendor, region: m.region })).sort(byLine),
    unsupported: (suggestion.unsupported ?? []).map((m) => ({ ...placed(m.ip), vendor: m.vendor, region: m.region })).sort(byLine),
    unmatched: (suggestion.unmatched ?? []).map((ip) => placed(ip)).sort(byLine),
    rejected: (suggestion.rejected ?? [])
      .map((r) => {
        const line = entries[r.index]?.line ?? null;
        return { line, given: r.input ?? '', reason: rejectedSentence(r.error, line ?? r.index + 1) };
      })
      .sort(byLine),
    repeats,
  };
}

/** One sentence for the whole answer, as the status line reads it. */
export function suggestionSummary(groups) {
  const parts = [`${count(groups.matched.length, 'IP')} matched`];
  if (groups.unsupported.length) parts.push(`${number(groups.unsupported.length)} in regions Cloudflare does not support`);
  parts.push(`${number(groups.unmatched.length)} in no vendor's ranges`);
  parts.push(`${count(groups.rejected.length, 'line')} rejected`);
  if (groups.repeats.length) parts.push(`${count(groups.repeats.length, 'line')} repeating an earlier IP`);
  return `${parts.join(', ')}.`;
}

// ---- the range files ---------------------------------------------------------------

/** `2025-12-05-00-53-01` (AWS) or `2025-12-04T20:00:00.123456` (Google, Oracle) → `2025-12-04 20:00 UTC`; else as given. */
export function publishedTime(text) {
  const m = /^(\d{4}-\d{2}-\d{2})[T -](\d{2})[:-](\d{2})/.exec(String(text ?? ''));
  return m ? `${m[1]} ${m[2]}:${m[3]} UTC` : String(text ?? '');
}

/** How fresh a vendor's file is, from `stats.vendors[vendor].published` (each file's own keys). */
export function publishedText(vendor, published = {}) {
  switch (vendor) {
    case 'aws':
      return `created ${publishedTime(published.createDate)}, sync token ${published.syncToken}`;
    case 'gcp':
      return `created ${publishedTime(published.creationTime)}, sync token ${published.syncToken}`;
    case 'azure':
      return `change number ${published.changeNumber} (${published.cloud} cloud)`;
    case 'oci':
      return `updated ${publishedTime(published.last_updated_timestamp)}`;
    default:
      return '';
  }
}

/**
 * What the page says of each file the index was built from: `files` from the
 * server's `/ranges/` (names), `stats` from `index.stats` (dates, counts).
 * Returns `[{ vendor, label, name, published, prefixes }]` in the server's order.
 */
export function rangeFileLines(files, stats) {
  return Object.entries(files ?? {})
    .filter(([vendor]) => stats?.vendors?.[vendor])
    .map(([vendor, file]) => {
      const s = stats.vendors[vendor];
      return {
        vendor,
        label: vendorLabel(vendor),
        name: file.name,
        published: publishedText(vendor, s.published),
        prefixes: `${number(s.prefixesV4)} IPv4 and ${number(s.prefixesV6)} IPv6 ${s.prefixesV4 + s.prefixesV6 === 1 ? 'prefix' : 'prefixes'} in ${count(s.regions.length, 'region')}`,
      };
    });
}

// ---- to the import ---------------------------------------------------------------

/**
 * The import's text with `mappings` (`{ ip, vendor, region }`) added as CSV
 * lines. Text already there is kept: the lines go after it, in the column
 * order of its header when it has one; an empty text gains the header
 * `ip,vendor,region` first.
 */
export function importTextWith(existing, mappings) {
  const text = String(existing ?? '');
  const { rows, header, columns } = parseImport(text);
  const fresh = rows.length === 0 && !header;
  const lines = mappings.map((m) => {
    if (!columns) return [m.ip, m.vendor, m.region].join(',');
    const width = Math.max(columns.ip, columns.vendor, columns.region) + 1;
    const fields = Array(width).fill('');
    fields[columns.ip] = m.ip;
    fields[columns.vendor] = m.vendor;
    if (columns.region !== -1) fields[columns.region] = m.region;
    return fields.join(',');
  });
  const before = text.trim() === '' ? '' : text.replace(/[\r\n\s]*$/, '\n');
  return `${before}${fresh ? 'ip,vendor,region\n' : ''}${lines.join('\n')}\n`;
}
