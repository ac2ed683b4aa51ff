// `infer`: a bare list of origin IPs turned into an inventory, each IP's
// vendor and region read from the clouds' own published range files
// (RegionIndex of origin-regions/ranges). Offline: no credential, no request.
// The inventory goes to stdout; every IP left out goes to stderr as file:line.
import { canonicalizeIp } from 'origin-regions';
import { RegionIndex } from 'origin-regions/ranges';
import { CliError, EXIT } from './errors.mjs';
import { at, readText } from './input.mjs';
import { formatInventoryCsv } from './inventory.mjs';

export const VENDOR_FILES = {
  aws: 'ip-ranges.json',
  gcp: 'cloud.json',
  azure: 'ServiceTags_Public_*.json',
  oci: 'public_ip_ranges.json',
};

/**
 * The IPs of a list: one a line (line ends \n, \r\n or \r); a BOM, blank
 * lines and `#` comments (whole lines or after the IP) skipped. Pure.
 * @returns {{ line: number, text: string }[]}
 */
export function parseIpList(text) {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out = [];
  body.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const ip = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (ip !== '') out.push({ line: i + 1, text: ip });
  });
  return out;
}

/** The index of the range files given as --aws/--gcp/--azure/--oci. */
async function buildIndex(values, stdin) {
  const given = Object.keys(VENDOR_FILES).filter((v) => values[v] !== undefined);
  if (given.length === 0) {
    const flags = Object.entries(VENDOR_FILES).map(([v, f]) => `--${v} ${f}`);
    throw new CliError(`infer: no range file given: name at least one of ${flags.join(', ')}\n(see "origin-regions infer --help")`);
  }
  const providers = {};
  for (const vendor of given) {
    if (values[vendor] === '-') throw new CliError(`infer: --${vendor} -: range files are read from a path (standard input is the IP list's)`);
    providers[vendor] = (await readText(values[vendor], stdin, { label: `--${vendor} ` })).text;
  }
  try {
    return { index: RegionIndex.fromProviders(providers), given };
  } catch (e) {
    // The library names the vendor, the JSON path and the rule; add the file.
    const named = /^providers\.(\w+) \([^)]*\)(?::\s*)?/.exec(e?.message ?? '');
    if (e?.name !== 'OriginRegionsError' || !named) throw e;
    throw new CliError(`--${named[1]} ${values[named[1]]}: ${e.message.slice(named[0].length).trim()}`);
  }
}

/** The catalogue of --regions: what `origin-regions regions --format json` writes. */
async function readCatalogue(path, stdin) {
  if (path === undefined) return undefined;
  const written = 'write it with "origin-regions regions --format json"';
  if (path === '-') throw new CliError(`infer: --regions -: the catalogue is read from a path (standard input is the IP list's)`);
  const { name, text } = await readText(path, stdin, { label: '--regions ' });
  let catalogue;
  try {
    catalogue = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--regions ${name}: is not JSON (${e.message}); ${written}`);
  }
  if (catalogue === null || typeof catalogue !== 'object' || Array.isArray(catalogue)) {
    const got = catalogue === null ? 'null' : Array.isArray(catalogue) ? 'an array' : `a ${typeof catalogue}`;
    throw new CliError(`--regions ${name}: holds ${got}, not the catalogue object { vendors: ... }; ${written}`);
  }
  return catalogue;
}

/** "aws 3, gcp 2": the written items per vendor. */
function perVendor(items) {
  const counts = new Map();
  for (const { vendor } of items) counts.set(vendor, (counts.get(vendor) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ${n}`).join(', ');
}

/** How fresh each file is: its own date, or its change number. */
function freshness(stats) {
  return Object.entries(stats.vendors)
    .map(([vendor, s]) => {
      const p = s.published ?? {};
      const date = p.createDate ?? p.creationTime ?? p.last_updated_timestamp ?? (p.changeNumber !== undefined ? `change ${p.changeNumber}` : '?');
      return `${vendor} ${date}`;
    })
    .join(', ');
}

export async function runInfer(ctx) {
  const { term, values, args, stdin } = ctx;
  const catalogue = await readCatalogue(values.regions, stdin);
  const list = await readText(args.file, stdin, { label: 'IP list ' });
  const lines = parseIpList(list.text);
  if (lines.length === 0) {
    throw new CliError(`IP list ${list.name}: holds no IP (one IP a line; blank lines and "#" comments are skipped)`);
  }
  const { index, given } = await buildIndex(values, stdin);
  try {
    let result;
    try {
      result = index.suggest(lines.map((l) => l.text), catalogue === undefined ? undefined : { catalogue });
    } catch (e) {
      if (e?.name === 'OriginRegionsError' && /^options\.catalogue/.test(e.message)) {
        throw new CliError(`--regions ${values.regions}: ${e.message.replace(/^options\.catalogue/, 'catalogue')}`);
      }
      throw e;
    }
    const { problems, repeats } = placeProblems(lines, result, given);
    if (values.format === 'json') term.out(JSON.stringify(result.items, null, 2));
    else term.out(formatInventoryCsv(result.items).trimEnd());
    for (const p of problems) term.err(`${at(list.name, p.line)}: ${p.message}`);

    const rejected = result.rejected.length;
    const left = result.unmatched.length + (result.unsupported?.length ?? 0);
    const parts = [`${result.items.length} written${result.items.length ? ` (${perVendor(result.items)})` : ''}`];
    if (result.unmatched.length) parts.push(`${result.unmatched.length} in no range`);
    if (result.unsupported?.length) parts.push(`${result.unsupported.length} in unsupported regions`);
    if (rejected) parts.push(`${rejected} rejected`);
    if (repeats) parts.push(`${repeats} repeating an earlier line`);
    const summary = `infer: ${list.name}: ${lines.length} IP line(s): ${parts.join(', ')}; ranges: ${freshness(index.stats)}`;
    term.err(rejected || left ? term.colorErr.red(summary) : summary);
    if (rejected) return EXIT.error;
    return left ? EXIT.leftOut : EXIT.ok;
  } finally {
    index.free();
  }
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:3.5.140.9`), if it is one. */
const mappedV4 = (ip) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];

/**
 * Every line not written, in line order: rejected inputs (the library's
 * rule, named for the line), IPs in no range, in an unsupported region, and
 * repeats of an IP an earlier line gave (saying what became of that line).
 */
function placeProblems(lines, result, given) {
  const problems = [];
  // Canonical IP -> its first line; lines that are no IP have none.
  const canonical = lines.map((l) => {
    try {
      return canonicalizeIp(l.text);
    } catch {
      return undefined;
    }
  });
  const first = new Map();
  canonical.forEach((ip, i) => ip !== undefined && !first.has(ip) && first.set(ip, lines[i].line));
  const fate = new Map(result.items.map((m) => [m.ip, 'written there']));
  for (const r of result.rejected) {
    problems.push({ line: lines[r.index].line, message: r.error.replace(/^ips\[\d+\]/, 'ip') });
    if (canonical[r.index] !== undefined) fate.set(canonical[r.index], 'not written: see that line');
  }
  const vendors = given.join(', ');
  for (const ip of result.unmatched) {
    const v4 = mappedV4(ip);
    const hint = v4 ? ` (an IPv4-mapped IPv6 address: give ${v4} to look it up in the IPv4 ranges)` : '';
    problems.push({ line: first.get(ip), message: `${ip}: is in no range of the files given (${vendors})${hint}: not written` });
    fate.set(ip, 'not written: see that line');
  }
  for (const m of result.unsupported ?? []) {
    problems.push({ line: first.get(m.ip), message: `${m.ip}: is in ${m.vendor} ${m.region}, which the --regions catalogue does not list: not written` });
    fate.set(m.ip, 'not written: see that line');
  }
  let repeats = 0;
  canonical.forEach((ip, i) => {
    const earlier = ip === undefined ? undefined : first.get(ip);
    if (earlier === undefined || earlier === lines[i].line) return;
    repeats++;
    problems.push({ line: lines[i].line, message: `${lines[i].text}: the same IP as line ${earlier} (${fate.get(ip)})` });
  });
  return { problems: problems.sort((a, b) => a.line - b.line), repeats };
}
