// The vendors' published IP range files, served to the demo page's "Suggest
// vendor and region" (which builds a RegionIndex from them in the browser).
// They come from a folder the user names (--ranges DIR), holding the files as
// the vendors publish them, or, with the stand-in, from the small sample files
// in tests/fixtures/ranges/. A request names a vendor only: no part of a URL
// ever becomes part of a file path.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_RANGES_DIR = path.join(ROOT, 'tests/fixtures/ranges');

export const RANGE_VENDORS = Object.freeze(['aws', 'gcp', 'azure', 'oci']);

/** The sample files' names (the fixtures name the vendor in front). */
const SAMPLE_FILES = Object.freeze({
  aws: 'aws-ip-ranges.json',
  gcp: 'gcp-cloud.json',
  azure: 'azure-service-tags.json',
  oci: 'oci-public_ip_ranges.json',
});

/**
 * IPs the page offers to try with the sample files: a match of each vendor
 * (an IPv6 one not in canonical form), a region Cloudflare does not list, an
 * IP in no range, and one in a prefix two vendors list.
 */
const SAMPLE_IPS = Object.freeze([
  '52.94.1.1', // AWS us-east-1
  '2600:1900:8000:0:0:0:0:10', // Google Cloud us-east4
  '20.42.1.1', // Azure eastus
  '129.146.1.1', // Oracle Cloud us-phoenix-1
  '3.5.141.7', // AWS ap-northeast-2, which Cloudflare does not list
  '192.0.2.1', // in no vendor's ranges (a seeded mapping of the stand-in)
  '198.51.100.10', // AWS and Google list its prefix (a seeded mapping too)
]);

/** Each vendor's file as users download it; Azure's name carries its date (see newestFirst). */
const PUBLISHED_NAMES = Object.freeze({
  aws: (name) => name === 'ip-ranges.json',
  gcp: (name) => name === 'cloud.json',
  azure: (name) => /^ServiceTags_Public_[^/\\]*\.json$/.test(name),
  oci: (name) => name === 'public_ip_ranges.json',
});

/**
 * Why `dir` cannot be a ranges folder, as a sentence naming it and where it
 * was set (`setting`), or null when it can.
 */
export async function rangeFolderProblem(dir, setting) {
  const shown = `${setting} "${dir}"`;
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    return error.code === 'ENOENT' ? `${shown} does not exist` : `${shown} cannot be read (${error.code ?? error.message})`;
  }
  if (!info.isDirectory()) return `${shown} is not a folder: name the folder that holds the range files`;
  try {
    await readdir(dir);
  } catch (error) {
    return `${shown} cannot be read (${error.code ?? error.message})`;
  }
  return null;
}

/**
 * Where the page's range files come from: `{ kind: 'folder', dir }` for a
 * folder the user named, `{ kind: 'sample', dir }` with the stand-in,
 * `{ kind: 'none' }` otherwise.
 */
export function rangeSource({ dir, standIn }) {
  if (dir !== undefined) return { kind: 'folder', dir: path.resolve(dir) };
  return standIn ? { kind: 'sample', dir: SAMPLE_RANGES_DIR } : { kind: 'none' };
}

/** A regular file inside `root` (after following links), else null. */
async function fileInside(root, name) {
  try {
    const real = await realpath(path.join(root, name));
    if (!real.startsWith(root + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { name, file: real, bytes: info.size, modified: info.mtime.toISOString(), modifiedMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The YYYYMMDD date in Azure's file name, '' without one; what follows it (" (1)") is ignored. */
const azureDate = (name) => /^ServiceTags_Public_(\d{8})/.exec(name)?.[1] ?? '';

/**
 * Candidates in the order they are preferred: the latest date in the name
 * first (a browser's duplicate download "ServiceTags_Public_20251208 (1).json"
 * counts as that date), and on equal dates the file modified last.
 */
function newestFirst(entries) {
  return entries.sort((a, b) => azureDate(b.name).localeCompare(azureDate(a.name)) || b.modifiedMs - a.modifiedMs);
}

/**
 * The files present now, read afresh on each call (a newer download replaces
 * an older one while the server runs): `{ aws?: { name, file, bytes, modified }, ... }`.
 */
export async function listRangeFiles(source) {
  if (source.kind === 'none') return {};
  const root = await realpath(source.dir);
  const names = source.kind === 'sample' ? Object.values(SAMPLE_FILES) : await readdir(root);
  const found = {};
  for (const vendor of RANGE_VENDORS) {
    const candidates = source.kind === 'sample' ? [SAMPLE_FILES[vendor]] : names.filter(PUBLISHED_NAMES[vendor]);
    const entries = (await Promise.all(candidates.map((name) => fileInside(root, name)))).filter(Boolean);
    if (entries.length > 0) found[vendor] = newestFirst(entries)[0];
  }
  return found;
}

/** What `/ranges/` answers: where the files come from and which are there (names, sizes; never the folder's path). */
export async function rangeIndex(source) {
  try {
    const files = await listRangeFiles(source);
    const shown = Object.fromEntries(
      Object.entries(files).map(([vendor, f]) => [vendor, { name: f.name, bytes: f.bytes, modified: f.modified, url: `/ranges/${vendor}` }]),
    );
    return { source: source.kind, files: shown, ...(source.kind === 'sample' ? { sampleIps: SAMPLE_IPS } : {}) };
  } catch (error) {
    return { source: source.kind, files: {}, error: `the range files cannot be read (${error.code ?? error.message})` };
  }
}

/** The text of `vendor`'s file (a key of RANGE_VENDORS only), or null when absent. */
export async function readRangeFile(source, vendor) {
  if (!RANGE_VENDORS.includes(vendor)) return null;
  const entry = (await listRangeFiles(source))[vendor];
  return entry ? { name: entry.name, body: await readFile(entry.file) } : null;
}
