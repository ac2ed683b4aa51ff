// Status records in KV: `status/<zone>` holds a zone's last outcome in full;
// its KV metadata holds a summary, so GET /status lists every zone with one
// list call per 1,000 zones instead of one read per zone.

const STATUS_PREFIX = 'status/';
const RUN_KEY = 'run/last';
const METADATA_LIMIT = 1024; // bytes of JSON KV keeps with a key

export const statusKey = (zone) => `${STATUS_PREFIX}${zone}`;

function clip(text, max) {
  if (typeof text !== 'string') return text ?? null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The part of a record that GET /status shows for every zone. */
export function summarise(record) {
  const summary = {
    zone: record.zone,
    name: clip(record.name, 100),
    state: record.state,
    reason: clip(record.reason, 400),
    ranAt: record.ranAt,
    attempt: record.attempt,
    creates: record.creates,
    changes: record.changes,
    deletes: record.deletes,
    failed: record.failedCount,
    requests: record.requests,
  };
  const size = () => new TextEncoder().encode(JSON.stringify(summary)).length;
  if (size() > METADATA_LIMIT) summary.reason = clip(record.reason, 400 - (size() - METADATA_LIMIT) - 10);
  return summary;
}

export async function writeStatus(kv, record) {
  await kv.put(statusKey(record.zone), JSON.stringify(record), { metadata: summarise(record) });
}

export async function readStatus(kv, zone) {
  return kv.get(statusKey(zone), 'json');
}

/** Every zone's summary, sorted by zone name (or id). */
export async function listStatuses(kv) {
  const summaries = [];
  let cursor;
  do {
    const page = await kv.list({ prefix: STATUS_PREFIX, cursor });
    for (const key of page.keys) {
      summaries.push(key.metadata ?? { zone: key.name.slice(STATUS_PREFIX.length), state: 'unknown' });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const label = (s) => s.name ?? s.zone;
  return summaries.sort((a, b) => label(a).localeCompare(label(b)));
}

export async function writeRunRecord(kv, record) {
  await kv.put(RUN_KEY, JSON.stringify(record));
}

export async function readRunRecord(kv) {
  return kv.get(RUN_KEY, 'json');
}
