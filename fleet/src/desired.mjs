// A zone's desired list from R2, read with the project's inventory reader
// (the same CSV and JSON formats the command line reads). The reader checks
// the file's shape only; whether each IP, vendor and region is valid is the
// library's rule, applied by plan().
import { parseInventory } from '../../cli/src/inventory.mjs';

/**
 * Resolves to { missing: true } when there is no such object, else
 * { rows: [{ line, ip, vendor, region }], errors: [{ line, message }] }.
 */
export async function readDesired(bucket, key) {
  const object = await bucket.get(key);
  if (object === null) return { missing: true };
  return parseInventory(await object.text(), { source: key });
}
