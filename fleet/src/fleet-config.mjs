// The fleet's configuration, a JSON object in the FLEET bucket:
//
//   { "zones": [ { "zone": "<32 hex>", "name": "example.com",
//                  "desired": "desired/example.com.csv", "prune": true } ] }
//
// Each entry is checked on its own: a bad entry is reported by its index and
// the rule it breaks, and the good ones are still queued.

const ZONE_ID = /^[0-9a-f]{32}$/;
const ENTRY_KEYS = new Set(['zone', 'name', 'desired', 'prune']);
const MAX_KEY_LENGTH = 1024; // R2's limit on an object key, in bytes

function describe(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function checkEntry(entry, where) {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    return { error: `${where}: must be an object with zone, desired and optional name, prune` };
  }
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) return { error: `${where}.${key}: unknown field (known: zone, name, desired, prune)` };
  }
  const { zone, name, desired, prune = false } = entry;
  if (typeof zone !== 'string' || !ZONE_ID.test(zone)) {
    return { error: `${where}.zone ${describe(zone)}: must be a zone id, 32 lower-case hex characters` };
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > 253)) {
    return { error: `${where}.name ${describe(name)}: must be a string of at most 253 characters` };
  }
  if (typeof desired !== 'string' || desired === '' || new TextEncoder().encode(desired).length > MAX_KEY_LENGTH) {
    return { error: `${where}.desired ${describe(desired)}: must be the R2 key of the zone's desired list (1 to 1024 bytes)` };
  }
  if (typeof prune !== 'boolean') {
    return { error: `${where}.prune ${describe(prune)}: must be true or false` };
  }
  return { job: { zone, name: name ?? null, desired, prune } };
}

/**
 * Reads the configuration text. Returns { jobs, errors }: one job per good
 * entry ({ zone, name, desired, prune }), one message per bad one. Throws
 * only when the text as a whole is not a configuration.
 */
export function parseFleetConfig(text, source) {
  let config;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e.message})`);
  }
  if (config === null || typeof config !== 'object' || !Array.isArray(config.zones)) {
    throw new Error(`${source}: must be an object with a "zones" array`);
  }
  const jobs = [];
  const errors = [];
  const seen = new Map();
  config.zones.forEach((entry, i) => {
    const where = `${source} zones[${i}]`;
    const { job, error } = checkEntry(entry, where);
    if (error) return errors.push(error);
    if (seen.has(job.zone)) {
      return errors.push(`${where}.zone ${job.zone}: listed twice (first at zones[${seen.get(job.zone)}]); only the first is synced`);
    }
    seen.set(job.zone, i);
    jobs.push(job);
  });
  return { jobs, errors };
}
