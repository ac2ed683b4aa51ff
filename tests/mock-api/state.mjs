// In-memory state of the mock API: mappings per zone, armed faults, the
// request log and the configurable latency. Both the HTTP control API
// (control.mjs) and Node tests (through `startMockApi().state`) drive it.

import { readFileSync } from 'node:fs';
import { canonicalIp } from './ip.mjs';

export const ZONE_LIMIT = 3500;
export const SEED_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
export const SEED_TIME = '2026-03-01T12:00:00Z';
export const MAX_LOGGED_REQUESTS = 10000;

/** Mappings the seeded zone starts with: all four vendors, IPv4 and IPv6. */
export const SEED_MAPPINGS = Object.freeze([
  { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
  { ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
  { ip: '198.51.100.10', vendor: 'aws', region: 'eu-west-1' },
  { ip: '203.0.113.25', vendor: 'azure', region: 'westeurope' },
  { ip: '2001:db8:85a3::8a2e:370:7334', vendor: 'azure', region: 'eastus' },
  { ip: '198.51.100.77', vendor: 'gcp', region: 'europe-west1' },
  { ip: '203.0.113.200', vendor: 'oci', region: 'us-ashburn-1' },
  { ip: '2001:db8:1234::abcd', vendor: 'oci', region: 'eu-frankfurt-1' },
]);

export const FAULT_KINDS = Object.freeze([
  'status',
  'reset',
  'delay',
  'html',
  'truncated',
  'notjson',
  'success-false',
  'hang',
]);

/** ISO 8601 time without milliseconds, as in the API's examples. */
export function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function loadCatalogue() {
  const file = new URL('./supported-regions.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8'));
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNonNegativeInteger(value) {
  return Number.isInteger(value) && value >= 0;
}

export class MockState {
  constructor({ seed = false, latencyMs = 0, catalogue = loadCatalogue(), zoneLimit = ZONE_LIMIT } = {}) {
    this.catalogue = catalogue;
    this.zoneLimit = zoneLimit;
    this.initial = { seed: Boolean(seed), latencyMs: Number(latencyMs) || 0 };
    this.nextFaultId = 1;
    this.reset();
  }

  // ---- whole-state operations -------------------------------------------

  /**
   * Without a zone: back to the start state (zones emptied and the seed zone
   * re-seeded if the server started with `seed`; faults, request log and
   * latency reset). `seed` overrides whether to re-seed. With a zone: empty
   * that zone, and clear its faults and request log, so that tests running
   * side by side in zones of their own never disturb each other.
   */
  reset({ zone, seed } = {}) {
    if (zone !== undefined && zone !== null) {
      this.zones?.delete(zone);
      this.clearFaults(zone);
      this.clearRequests(zone);
      return;
    }
    this.zones = new Map();
    this.faults = [];
    this.requests = [];
    this.latencyMs = this.initial.latencyMs;
    if (seed ?? this.initial.seed) {
      this.setMappings(
        SEED_ZONE,
        SEED_MAPPINGS.map((m) => ({ ...m, modified_on: SEED_TIME })),
      );
    }
  }

  // ---- catalogue --------------------------------------------------------

  isSupported(vendor, region) {
    if (typeof vendor !== 'string' || typeof region !== 'string') return false;
    if (!Object.prototype.hasOwnProperty.call(this.catalogue.vendors, vendor)) return false;
    return this.catalogue.vendors[vendor].some((r) => r.name === region);
  }

  supportedRegions() {
    return structuredClone(this.catalogue);
  }

  // ---- mappings ---------------------------------------------------------

  /** The zone record, created empty on first use. */
  zone(zoneId) {
    let zone = this.zones.get(zoneId);
    if (!zone) {
      zone = { mappings: new Map(), modifiedOn: null };
      this.zones.set(zoneId, zone);
    }
    return zone;
  }

  /** Time the zone's mapping set last changed; null when it holds none. */
  zoneModifiedOn(zoneId) {
    const zone = this.zone(zoneId);
    return zone.mappings.size === 0 ? null : zone.modifiedOn;
  }

  /** All mappings of a zone, in insertion order: [{ip, vendor, region, modified_on}]. */
  list(zoneId) {
    return [...this.zone(zoneId).mappings].map(([ip, m]) => ({ ip, ...m }));
  }

  /** One mapping by canonical IP, or null. */
  get(zoneId, ip) {
    const m = this.zone(zoneId).mappings.get(ip);
    return m ? { ip, ...m } : null;
  }

  /**
   * Creates or updates one mapping (ip already canonical, vendor/region
   * already validated). Returns {ok: true, created, mapping} or
   * {ok: false, reason: 'limit'} when a new IP would pass the zone limit.
   * An update that changes nothing keeps its modified_on.
   */
  upsert(zoneId, ip, vendor, region) {
    const zone = this.zone(zoneId);
    const existing = zone.mappings.get(ip);
    if (existing) {
      if (existing.vendor !== vendor || existing.region !== region) {
        const at = nowIso();
        zone.mappings.set(ip, { vendor, region, modified_on: at });
        zone.modifiedOn = at;
      }
      return { ok: true, created: false, mapping: this.get(zoneId, ip) };
    }
    if (zone.mappings.size >= this.zoneLimit) return { ok: false, reason: 'limit' };
    const at = nowIso();
    zone.mappings.set(ip, { vendor, region, modified_on: at });
    zone.modifiedOn = at;
    return { ok: true, created: true, mapping: this.get(zoneId, ip) };
  }

  /** Deletes one mapping; returns the deleted mapping or null. */
  remove(zoneId, ip) {
    const zone = this.zone(zoneId);
    const existing = this.get(zoneId, ip);
    if (!existing) return null;
    zone.mappings.delete(ip);
    zone.modifiedOn = nowIso();
    return existing;
  }

  /**
   * Replaces a zone's mappings (control API). Items are {ip, vendor, region,
   * modified_on?}; `origin_ip` and `origin-ip` are accepted for `ip`. IPs are
   * canonicalised (a later duplicate wins); vendor and region are not checked
   * against the catalogue, and the zone limit does not apply, so tests can
   * build any state. Throws a TypeError naming the first bad item.
   */
  setMappings(zoneId, items) {
    if (!Array.isArray(items)) throw new TypeError('body must be a JSON array of {ip, vendor, region}');
    const mappings = new Map();
    const at = nowIso();
    items.forEach((item, index) => {
      if (!isObject(item)) throw new TypeError(`item ${index} is not an object`);
      const raw = item.ip ?? item.origin_ip ?? item['origin-ip'];
      const ip = canonicalIp(raw);
      if (!ip) throw new TypeError(`item ${index} has an invalid ip`);
      if (typeof item.vendor !== 'string' || typeof item.region !== 'string') {
        throw new TypeError(`item ${index} needs string vendor and region`);
      }
      const modified = typeof item.modified_on === 'string' ? item.modified_on : at;
      mappings.set(ip, { vendor: item.vendor, region: item.region, modified_on: modified });
    });
    this.zones.set(zoneId, { mappings, modifiedOn: mappings.size ? at : null });
    return mappings.size;
  }

  /** Dump of a zone for the control API: [{ip, vendor, region, modified_on}]. */
  getMappings(zoneId) {
    return this.zones.has(zoneId) ? this.list(zoneId) : [];
  }

  // ---- faults -----------------------------------------------------------

  /** Validates and appends a fault; throws a TypeError if the spec is bad. */
  addFault(spec) {
    if (!isObject(spec)) throw new TypeError('fault must be a JSON object');
    const { kind } = spec;
    if (!FAULT_KINDS.includes(kind)) {
      throw new TypeError(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
    }
    const fault = { id: this.nextFaultId, kind, times: 1 };
    for (const key of ['zone', 'method', 'path']) {
      if (spec[key] === undefined || spec[key] === null) continue;
      if (typeof spec[key] !== 'string') throw new TypeError(`fault ${key} must be a string`);
      fault[key] = key === 'method' ? spec[key].toUpperCase() : spec[key];
    }
    if (spec.times !== undefined) {
      if (!Number.isInteger(spec.times) || spec.times < 1) {
        throw new TypeError('fault times must be a positive integer');
      }
      fault.times = spec.times;
    }
    if (spec.status !== undefined) {
      if (!Number.isInteger(spec.status) || spec.status < 200 || spec.status > 599) {
        throw new TypeError('fault status must be an integer from 200 to 599');
      }
      fault.status = spec.status;
    } else if (kind === 'status') {
      fault.status = 500;
    } else if (kind === 'html') {
      fault.status = 502;
    }
    if (spec.retryAfter !== undefined && spec.retryAfter !== null) {
      if (typeof spec.retryAfter !== 'string' && typeof spec.retryAfter !== 'number') {
        throw new TypeError('fault retryAfter must be a string or a number');
      }
      fault.retryAfter = String(spec.retryAfter);
    }
    if (spec.delayMs !== undefined) {
      if (!isNonNegativeInteger(spec.delayMs)) throw new TypeError('fault delayMs must be a non-negative integer');
      fault.delayMs = spec.delayMs;
    } else if (kind === 'delay') {
      fault.delayMs = 1000;
    }
    this.nextFaultId += 1;
    this.faults.push(fault);
    return { ...fault };
  }

  listFaults() {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Clears the armed faults: those of one zone, or all. */
  clearFaults(zone) {
    this.faults = zone ? this.faults.filter((f) => f.zone !== zone) : [];
  }

  /**
   * Consumes the first armed fault matching the request (zone equal, method
   * equal, path a substring of the raw or decoded path after /client/v4),
   * counting its `times` down. Returns a copy of the fault, or null.
   */
  takeFault({ zone, method, path, decodedPath = path }) {
    const index = this.faults.findIndex(
      (f) =>
        (f.zone === undefined || f.zone === zone) &&
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || path.includes(f.path) || decodedPath.includes(f.path)),
    );
    if (index === -1) return null;
    const fault = this.faults[index];
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }

  // ---- request log ------------------------------------------------------

  logRequest(entry) {
    this.requests.push(entry);
    // Keep a long-running dev server's memory bounded.
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.shift();
  }

  /** The request log, optionally only one zone's requests. */
  getRequests(zone) {
    const entries = zone ? this.requests.filter((r) => r.zone === zone) : this.requests;
    return entries.map((r) => ({ ...r, query: { ...r.query } }));
  }

  /** Clears the request log: one zone's entries, or all. */
  clearRequests(zone) {
    this.requests = zone ? this.requests.filter((r) => r.zone !== zone) : [];
  }
}
