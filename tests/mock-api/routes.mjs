// The 15 Origin Cloud Regions endpoints (v1 and v2) of the mock API.
//
// handleApi() takes an already authenticated request and returns
// { status, body } where body is a Cloudflare envelope. It never touches
// the socket, so it is easy to read next to api-contract.md.

import { canonicalIp } from './ip.mjs';

export const MAX_BATCH = 100;
const SETTING_ID = 'origin_public_cloud_region';
const ZONE_ID = /^[0-9a-f]{32}$/;

// ---- envelopes and errors ---------------------------------------------------

export function success(result, resultInfo) {
  const body = { success: true, errors: [], messages: [], result };
  if (resultInfo) body.result_info = resultInfo;
  return { status: 200, body };
}

export function failure(status, code, message) {
  return { status, body: { success: false, errors: [{ code, message }], messages: [], result: null } };
}

export const MESSAGES = Object.freeze({
  badJson: 'Malformed JSON in request body',
  notObject: 'Request body must be a JSON object',
  notArray: 'Request body must be a JSON array',
  tooMany: `Batch requests are limited to ${MAX_BATCH} items`,
  badIp: 'Invalid or missing origin IP address.',
  ipMismatch: 'body origin_ip does not match URL',
  badRegion:
    "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
  exists: 'Unable to create new origin_public_cloud_region setting. The zone setting already exists.',
  notFound: 'Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.',
  noDelete: 'Unable to delete origin_public_cloud_region setting. The zone setting does not exist.',
  limit: 'Maximum number of IP mappings configured for zone.',
  noMapping: 'no mapping for that IP',
  badPage: 'Invalid pagination: page must be an integer >= 1 and per_page an integer from 1 to 100',
  noRoute: 'No route for that URI',
  badMethod: 'Method not allowed for this route',
});

const errors = {
  badJson: () => failure(400, 1000, MESSAGES.badJson),
  notObject: () => failure(400, 1000, MESSAGES.notObject),
  notArray: () => failure(400, 1000, MESSAGES.notArray),
  tooMany: () => failure(400, 1000, MESSAGES.tooMany),
  badIp: () => failure(400, 1146, MESSAGES.badIp),
  ipMismatch: () => failure(400, 1146, MESSAGES.ipMismatch),
  badRegion: () => failure(400, 1157, MESSAGES.badRegion),
  exists: () => failure(400, 1145, MESSAGES.exists),
  notFound: () => failure(404, 1142, MESSAGES.notFound),
  noDelete: () => failure(404, 1163, MESSAGES.noDelete),
  limit: () => failure(403, 1164, MESSAGES.limit),
  badPage: () => failure(400, 1000, MESSAGES.badPage),
  noRoute: () => failure(404, 7000, MESSAGES.noRoute),
  badMethod: () => failure(405, 7001, MESSAGES.badMethod),
  badZone: (path) =>
    failure(400, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`),
};

// ---- the two generations ----------------------------------------------------

// The generations differ in the IP field name and in whether results are
// wrapped in the {id, editable, value} setting object.
const V1 = {
  name: 'v1',
  ipField: 'origin-ip',
  wrap: (value, modifiedOn) => {
    const result = { id: SETTING_ID, editable: true, value };
    if (modifiedOn !== undefined) result.modified_on = modifiedOn;
    return result;
  },
};
const V2 = {
  name: 'v2',
  ipField: 'origin_ip',
};

/** A stored mapping {ip, vendor, region, modified_on} in a generation's shape. */
function present(gen, mapping, { withTime = true } = {}) {
  const out = { [gen.ipField]: mapping.ip, region: mapping.region, vendor: mapping.vendor };
  if (withTime && mapping.modified_on) out.modified_on = mapping.modified_on;
  return out;
}

// ---- routing ----------------------------------------------------------------

const ROUTE = /^\/zones\/([^/]*)\/(cache\/origin_cloud_regions|origin\/cloud_regions)(?:\/([^/]+))?\/?$/;

/** Extracts the zone id segment of an API path, or null. */
export function zoneOf(apiPath) {
  const m = /^\/zones\/([^/]*)/.exec(apiPath);
  return m ? m[1] : null;
}

// Handlers by generation, then by the segment after the collection
// ('' = the collection itself, 'batch', 'supported_regions', 'ip'), then method.
const TABLE = {
  v1: {
    '': { GET: v1List, POST: v1Create, PATCH: v1Upsert },
    batch: { PATCH: batchUpsert, DELETE: batchDelete },
    supported_regions: { GET: supportedRegions },
    ip: { GET: getOne, DELETE: deleteOne },
  },
  v2: {
    '': { GET: v2List },
    batch: { PUT: batchUpsert, DELETE: batchDelete },
    supported_regions: { GET: supportedRegions },
    ip: { GET: getOne, PUT: v2Put, DELETE: deleteOne },
  },
};

/**
 * Handles one API request.
 *   method: 'GET', ...
 *   apiPath: the raw (still percent-encoded) path after /client/v4
 *   query: URLSearchParams
 *   rawBody: the request body as a string ('' when none)
 *   state: the MockState
 */
export function handleApi({ method, apiPath, query, rawBody, state }) {
  const match = ROUTE.exec(apiPath);
  if (!match) return errors.noRoute();
  const [, zoneId, collection, segment] = match;
  const gen = collection === 'cache/origin_cloud_regions' ? V1 : V2;
  const kind = segment === undefined ? '' : segment === 'batch' || segment === 'supported_regions' ? segment : 'ip';
  const handler = TABLE[gen.name][kind][method];
  if (!handler) return errors.badMethod();
  if (!ZONE_ID.test(zoneId)) return errors.badZone(apiPath);

  const ctx = { gen, zoneId, state, query, rawBody, pathIp: null };
  if (kind === 'ip') {
    let decoded;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return errors.badIp();
    }
    ctx.pathIp = canonicalIp(decoded);
    if (!ctx.pathIp) return errors.badIp();
  }
  return handler(ctx);
}

// ---- body helpers -----------------------------------------------------------

function parseJson(rawBody) {
  if (rawBody.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(rawBody) };
  } catch {
    return { ok: false };
  }
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The body as a JSON object, or an error response. */
function objectBody(rawBody) {
  const parsed = parseJson(rawBody);
  if (!parsed.ok) return { error: errors.badJson() };
  if (!isObject(parsed.value)) return { error: errors.notObject() };
  return { value: parsed.value };
}

/** The body as a JSON array of at most MAX_BATCH items, or an error response. */
function arrayBody(rawBody) {
  const parsed = parseJson(rawBody);
  if (!parsed.ok) return { error: errors.badJson() };
  if (!Array.isArray(parsed.value)) return { error: errors.notArray() };
  if (parsed.value.length > MAX_BATCH) return { error: errors.tooMany() };
  return { value: parsed.value };
}

/**
 * Validates and applies one upsert. Returns {mapping} on success or
 * {error: response} on failure. `createOnly` makes an existing IP an error.
 */
function applyUpsert(ctx, { rawIp, vendor, region, createOnly = false }) {
  const ip = canonicalIp(rawIp);
  if (!ip) return { error: errors.badIp() };
  if (!ctx.state.isSupported(vendor, region)) return { error: errors.badRegion() };
  if (createOnly && ctx.state.get(ctx.zoneId, ip)) return { error: errors.exists() };
  const outcome = ctx.state.upsert(ctx.zoneId, ip, vendor, region);
  if (!outcome.ok) return { error: errors.limit() };
  return { mapping: outcome.mapping };
}

// ---- handlers shared by v1 and v2 --------------------------------------------

function supportedRegions(ctx) {
  return success(ctx.state.supportedRegions());
}

function getOne(ctx) {
  const mapping = ctx.state.get(ctx.zoneId, ctx.pathIp);
  if (!mapping) return errors.notFound();
  return success(ctx.gen === V1 ? V1.wrap(present(V1, mapping)) : present(V2, mapping));
}

function deleteOne(ctx) {
  const mapping = ctx.state.remove(ctx.zoneId, ctx.pathIp);
  if (!mapping) return errors.noDelete();
  if (ctx.gen === V1) return success(V1.wrap(present(V1, mapping)));
  return success({ origin_ip: mapping.ip });
}

/** The IP an item names, for reporting: canonical if valid, else as given. */
function reportedIp(raw) {
  return canonicalIp(raw) ?? (typeof raw === 'string' ? raw : '');
}

function errorText(response) {
  return response.body.errors[0].message;
}

function batchResult(ctx, succeeded, failed) {
  const value = { succeeded, failed };
  if (ctx.gen === V1) {
    return success(V1.wrap(value, succeeded.length ? ctx.state.zoneModifiedOn(ctx.zoneId) : null));
  }
  return success(value);
}

function batchUpsert(ctx) {
  const body = arrayBody(ctx.rawBody);
  if (body.error) return body.error;
  const field = ctx.gen === V1 ? 'ip' : 'origin_ip';
  const ipKey = ctx.gen.ipField;
  const succeeded = [];
  const failed = [];
  for (const item of body.value) {
    if (!isObject(item)) {
      failed.push({ [ipKey]: '', error: `item must be an object with ${field}, region and vendor` });
      continue;
    }
    const outcome = applyUpsert(ctx, { rawIp: item[field], vendor: item.vendor, region: item.region });
    if (outcome.error) {
      failed.push({ [ipKey]: reportedIp(item[field]), error: errorText(outcome.error) });
    } else {
      succeeded.push(present(ctx.gen, outcome.mapping, { withTime: false }));
    }
  }
  return batchResult(ctx, succeeded, failed);
}

function batchDelete(ctx) {
  const body = arrayBody(ctx.rawBody);
  if (body.error) return body.error;
  const ipKey = ctx.gen.ipField;
  const succeeded = [];
  const failed = [];
  for (const raw of body.value) {
    const ip = canonicalIp(raw);
    if (!ip) {
      failed.push({ [ipKey]: typeof raw === 'string' ? raw : '', error: MESSAGES.badIp });
    } else if (!ctx.state.remove(ctx.zoneId, ip)) {
      failed.push({ [ipKey]: ip, error: MESSAGES.noMapping });
    } else {
      succeeded.push({ [ipKey]: ip });
    }
  }
  return batchResult(ctx, succeeded, failed);
}

// ---- v1 only ------------------------------------------------------------------

function v1List(ctx) {
  const value = ctx.state.list(ctx.zoneId).map((m) => present(V1, m));
  return success(V1.wrap(value, ctx.state.zoneModifiedOn(ctx.zoneId)));
}

function v1Create(ctx) {
  const body = objectBody(ctx.rawBody);
  if (body.error) return body.error;
  const { ip, vendor, region } = body.value;
  const outcome = applyUpsert(ctx, { rawIp: ip, vendor, region, createOnly: true });
  if (outcome.error) return outcome.error;
  return success(V1.wrap(present(V1, outcome.mapping), outcome.mapping.modified_on));
}

function v1Upsert(ctx) {
  const body = objectBody(ctx.rawBody);
  if (body.error) return body.error;
  const { ip, vendor, region } = body.value;
  const outcome = applyUpsert(ctx, { rawIp: ip, vendor, region });
  if (outcome.error) return outcome.error;
  return v1List(ctx);
}

// ---- v2 only ------------------------------------------------------------------

/** Parses an optional positive integer query parameter; NaN when malformed. */
function intParam(query, name, fallback) {
  if (!query.has(name)) return fallback;
  const text = query.get(name);
  return /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
}

function v2List(ctx) {
  const page = intParam(ctx.query, 'page', 1);
  const perPage = intParam(ctx.query, 'per_page', 20);
  if (!(page >= 1) || !(perPage >= 1 && perPage <= 100)) return errors.badPage();
  const all = ctx.state.list(ctx.zoneId);
  const slice = all.slice((page - 1) * perPage, page * perPage);
  return success(
    slice.map((m) => present(V2, m)),
    {
      page,
      per_page: perPage,
      count: slice.length,
      total_count: all.length,
      total_pages: Math.ceil(all.length / perPage),
    },
  );
}

function v2Put(ctx) {
  const body = objectBody(ctx.rawBody);
  if (body.error) return body.error;
  const { origin_ip: bodyIp, vendor, region } = body.value;
  const canonicalBodyIp = canonicalIp(bodyIp);
  if (!canonicalBodyIp) return errors.badIp();
  if (canonicalBodyIp !== ctx.pathIp) return errors.ipMismatch();
  const outcome = applyUpsert(ctx, { rawIp: ctx.pathIp, vendor, region });
  if (outcome.error) return outcome.error;
  return success(present(V2, outcome.mapping));
}
