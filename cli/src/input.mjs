// Reading an inventory: a file, or standard input for "-".
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
 * @returns {Promise<{ name: string, rows: object[], errors: {line: number, message: string}[] }>}
 * name is how messages call the file (the path as given, or "stdin").
 */
export async function readInventory(path, stdin) {
  let bytes;
  const name = path === '-' ? 'stdin' : path;
  try {
    bytes = path === '-' ? await readAll(stdin) : await readFile(path);
  } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new CliError(`${name}: cannot read: ${why}`);
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${name}: not UTF-8 text (save the spreadsheet as "CSV UTF-8")`);
  }
  const { rows, errors } = parseInventory(text, { source: basename(name) });
  return { name, rows, errors };
}

/** "file:line" as every message names a place. */
export function at(name, line) {
  return line == null ? name : `${name}:${line}`;
}
