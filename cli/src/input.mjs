// Reading the command's files: an inventory, an IP list or a range file,
// from a path, or standard input for "-".
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError } from './errors.mjs';
import { parseInventory } from './inventory.mjs';

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * A file's text, as UTF-8. `name` is how messages call the file (the path
 * as given, or "stdin"); `label` goes in front of the path in a read error
 * (`--aws ip-ranges.json: cannot read: no such file`).
 * @returns {Promise<{ name: string, text: string }>}
 */
export async function readText(path, stdin, { label = '', hint = '' } = {}) {
  let bytes;
  const name = path === '-' ? 'stdin' : path;
  const where = `${label}${name}`;
  try {
    bytes = path === '-' ? await readAll(stdin) : await readFile(path);
  } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new CliError(`${where}: cannot read: ${why}`);
  }
  try {
    return { name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new CliError(`${where}: not UTF-8 text${hint}`);
  }
}

/**
 * @returns {Promise<{ name: string, rows: object[], errors: {line: number, message: string}[] }>}
 */
export async function readInventory(path, stdin) {
  const { name, text } = await readText(path, stdin, { hint: ' (save the spreadsheet as "CSV UTF-8")' });
  const { rows, errors } = parseInventory(text, { source: basename(name) });
  return { name, rows, errors };
}

/** "file:line" as every message names a place. */
export function at(name, line) {
  return line == null ? name : `${name}:${line}`;
}
