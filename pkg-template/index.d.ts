// Public types of origin-regions. Kept by hand (the generated declarations
// type every JS value as `any`); tests/packaging type-checks a consumer
// against this file under `tsc --strict`.

/** Cloud vendors a mapping can be written with. */
export type Vendor = 'aws' | 'azure' | 'gcp' | 'oci';

/** `kind` of every {@link OriginRegionsError}. */
export type ErrorKind = 'validation' | 'api' | 'network' | 'timeout' | 'aborted' | 'decode';

/** One entry of Cloudflare's error envelope. */
export interface ApiErrorMessage {
  code: number;
  message: string;
}

/** Every rejection (and every throw) of this package. */
export declare class OriginRegionsError extends Error {
  readonly name: 'OriginRegionsError';
  /** What went wrong: a local check, the API, the network, a timeout, an abort, or an unreadable answer. */
  readonly kind: ErrorKind;
  /** HTTP status, for `kind: 'api'`. */
  readonly status?: number;
  /** First Cloudflare error code, for `kind: 'api'` answers that carry one. */
  readonly code?: number;
  /** Every Cloudflare error of the answer; `[]` when none. */
  readonly errors: ApiErrorMessage[];
  /** The answer's `cf-ray` (what Cloudflare support asks for), for `kind: 'api'` and `'decode'` errors of an answered request. */
  readonly rayId?: string;
  /** On a batch call, `apply` or `sync` aborted midway: what became of every item (applied, refused, not sent, or unknown because its request was in flight). */
  readonly result?: BatchResult | Applied;
  private constructor();
}

export interface ClientOptionsBase {
  /** The zone: 32 lower-case hex characters. */
  zoneId: string;
  /** Default `https://api.cloudflare.com/client/v4`. Another URL (a proxy that adds credentials) may go without them. */
  baseUrl?: string;
  /** Endpoint generation for operations that exist in both; default `'v2'`. */
  apiVersion?: 'v1' | 'v2';
  /** Per-attempt timeout in ms (1 to 600000); default 30000. */
  timeoutMs?: number;
  /** Retries on 429, 5xx and network failure (0 to 10); default 2. Honours `Retry-After` up to 60 s. */
  maxRetries?: number;
  /** First backoff delay in ms, doubled per retry, with jitter (0 to 60000); default 500. */
  retryDelayMs?: number;
  /** Requests in flight at once, for batches and for reading every page (1 to 32); default 16. */
  concurrency?: number;
  /** Client-side rate limit shared by every call of this client; default 1,200 requests per 300,000 ms (Cloudflare's API limit). `false` turns it off. */
  rateLimit?: false | { requests?: number; windowMs?: number };
  /** A `fetch` to use instead of the global one (a service binding's, one that waits for a permit, ...). It is called with one `Request` built by the client (no `init`), and must resolve to a `Response` (or an object with `status`, `headers.get()` and `text()`); whatever else it does ends in a `kind: 'network'` error. */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** What the client logs; default `'warn'` (retries, refused items, the first v1 call). `'debug'` adds every attempt (method, path, status, attempt, time) and every wait with its reason. No level ever shows a credential. */
  logLevel?: LogLevel;
  /** Where log lines go; default `console`. Each line goes to the method of its level. */
  logger?: Logger;
  /** Required to hold a credential in a browser page, where any script on the page can read it. */
  dangerouslyAllowBrowser?: boolean;
  /** Allow sending credentials over plain http to a host other than localhost. */
  allowInsecureHttp?: boolean;
}

/** Levels of {@link ClientOptionsBase.logLevel}, as the official SDK names them. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/** A console-like logger; a missing method drops that level's lines. */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

/** Authenticate with an API token (`Authorization: Bearer`). */
export interface TokenAuth {
  apiToken: string;
  apiEmail?: never;
  apiKey?: never;
}

/** Authenticate with the legacy e-mail + global API key pair. */
export interface KeyAuth {
  apiToken?: never;
  apiEmail: string;
  apiKey: string;
}

/** No credentials: a proxy at `baseUrl` adds them. */
export interface NoAuth {
  apiToken?: never;
  apiEmail?: never;
  apiKey?: never;
}

export type ClientOptions = ClientOptionsBase & (TokenAuth | KeyAuth | NoAuth);

/** Options every method takes as its last argument, for that call alone. An argument past the ones a method takes is refused (`kind: 'validation'`), never ignored. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Where a batch call stands, reported after each of its requests. */
export interface BatchProgress {
  /** Input items whose outcome is known. */
  done: number;
  /** Input items in the call. */
  total: number;
  /** HTTP requests made so far, retries included. */
  requests: number;
}

export interface BatchOptions extends CallOptions {
  /** Called after each request of the batch; what it throws is ignored. */
  onProgress?: (progress: BatchProgress) => void;
  /** Requests in flight at once for this call (1 to 32); the client's `concurrency` by default. */
  concurrency?: number;
}

export interface PlanOptions extends CallOptions {
  /** Also delete the zone's mappings that `desired` does not name. Default false. */
  prune?: boolean;
}

export interface SyncOptions extends BatchOptions {
  /** Also delete the zone's mappings that `desired` does not name. Default false. */
  prune?: boolean;
}

/** A mapping whose vendor or region a sync changes. */
export interface MappingChange {
  ip: string;
  from: { vendor: Vendor | (string & {}); region: string };
  to: { vendor: Vendor; region: string };
}

/** What a sync would do, from `plan()`. */
export interface SyncPlan {
  /** IPs the zone does not map yet. */
  create: MappingInput[];
  /** IPs mapped differently now. */
  change: MappingChange[];
  /** Mappings the desired list does not name (only with `prune`). */
  delete: Mapping[];
  /** IPs already as desired. */
  unchanged: Mapping[];
  /** Desired items refused by the local checks, with the reason. */
  rejected: BatchFailed[];
  zoneSize: { before: number; after: number };
}

/** What `apply()` did: the outcome of every write. */
export interface Applied {
  /** Creates and changes (v2 batch upsert). */
  upserted: BatchResult;
  /** Deletes (batch delete). */
  deleted: BatchResult;
  /** HTTP requests made, retries included. */
  requests: number;
}

export interface ListOptions extends CallOptions {
  /** 1-based page; default 1. */
  page?: number;
  /** 1 to 100; default 20. */
  perPage?: number;
}

export interface ListAllOptions extends CallOptions {
  /** 1 to 100; default 100, the largest the API allows. */
  perPage?: number;
}

/** A mapping, whichever API generation produced it. Vendors this version does not know pass through as strings. */
export interface Mapping {
  ip: string;
  vendor: Vendor | (string & {});
  region: string;
  modifiedOn?: string;
}

export interface MappingInput {
  ip: string;
  vendor: Vendor;
  region: string;
}

export interface Page {
  items: Mapping[];
  page: number;
  perPage: number;
  totalCount: number;
  totalPages: number;
}

export interface BatchSucceeded {
  /** Canonical IP. */
  ip: string;
  /** The IP text as given. */
  input: string;
  vendor?: Vendor;
  region?: string;
}

export interface BatchFailed {
  /** Canonical IP, or the input itself when it is not an IP. */
  ip: string;
  /** The IP text as given. */
  input: string;
  /** Why: the local rule broken, or the API's reason. */
  error: string;
  /** The `cf-ray` of the answer that refused it or whose request failed, when there was one. */
  rayId?: string;
  vendor?: string;
  region?: string;
}

export interface BatchResult {
  succeeded: BatchSucceeded[];
  failed: BatchFailed[];
  /** HTTP requests the call made, retries included. */
  requests: number;
}

export interface SupportedRegion {
  name: string;
  upperTierColos: string[];
}

export interface SupportedRegions {
  obtainedCodes: boolean;
  vendors: Record<string, SupportedRegion[]>;
}

export declare class OriginRegionsClient {
  /** Throws {@link OriginRegionsError} (`kind: 'validation'`) on a bad option. */
  constructor(options: ClientOptions);
  /** One page of mappings (v2 list; v1 list cut into pages with `apiVersion: 'v1'`). Call options may sit in `options` or, as the official SDK's `list(params, options)` has them, in `callOptions`, which wins where both give one. */
  list(options?: ListOptions, callOptions?: CallOptions): Promise<Page>;
  /** Every mapping, every page fetched (100 a page unless told otherwise). Call options as for `list`. */
  listAll(options?: ListAllOptions, callOptions?: CallOptions): Promise<Mapping[]>;
  /** Every mapping, pages fetched as they are consumed. Call options as for `list`. */
  iterate(options?: ListAllOptions, callOptions?: CallOptions): AsyncIterableIterator<Mapping>;
  /** The mapping of one IP; rejects with `status: 404` when there is none. */
  get(ip: string, options?: CallOptions): Promise<Mapping>;
  /** v1 POST (deprecated by Cloudflare; prefer `update`). Rejects with code 1145 when the IP has a mapping. Not retried once the server may have acted. */
  create(input: MappingInput, options?: CallOptions): Promise<Mapping>;
  /** v1 PATCH (deprecated by Cloudflare; prefer `update`): create or overwrite; resolves to the zone's whole list. */
  edit(input: MappingInput, options?: CallOptions): Promise<Mapping[]>;
  /** v2 PUT: create or replace the mapping of `ip`. */
  update(ip: string, input: { vendor: Vendor; region: string }, options?: CallOptions): Promise<Mapping>;
  /** Remove the mapping of one IP. */
  delete(ip: string, options?: CallOptions): Promise<{ ip: string }>;
  /** v1 PATCH /batch (deprecated by Cloudflare; prefer `batchUpdate`): any number of items, 100 a request. */
  batchEdit(inputs: MappingInput[], options?: BatchOptions): Promise<BatchResult>;
  /** v2 PUT /batch: any number of items, 100 a request. */
  batchUpdate(inputs: MappingInput[], options?: BatchOptions): Promise<BatchResult>;
  /** Batch delete: any number of IPs, 100 a request. */
  batchDelete(ips: string[], options?: BatchOptions): Promise<BatchResult>;
  /** Reads the zone (every page) and plans the fewest writes that make it equal `desired`. Refuses a plan that would take the zone past 3,500 mappings. */
  plan(desired: MappingInput[], options?: PlanOptions): Promise<SyncPlan>;
  /** Applies a plan: creates and changes with `batchUpdate`, then deletes with `batchDelete`, 100 items a request. An empty plan makes no request. */
  apply(plan: Pick<SyncPlan, 'create' | 'change' | 'delete'>, options?: BatchOptions): Promise<Applied>;
  /** `plan()` then `apply()`: makes the zone's mappings equal `desired`. */
  sync(desired: MappingInput[], options?: SyncOptions): Promise<{ plan: SyncPlan; applied: Applied }>;
  /** The vendor/region catalogue; later writes on this client are checked against it. */
  supportedRegions(options?: CallOptions): Promise<SupportedRegions>;
  /** Zone, base URL, API version and credential scheme; never a credential. */
  toJSON(): { zoneId: string; baseUrl: string; apiVersion: 'v1' | 'v2'; auth: 'token' | 'key' | 'none' };
  toString(): string;
  /** Releases the wasm memory of this client now rather than at garbage collection. */
  free(): void;
}

/** Checks mappings the way every write does, sending nothing: the distinct valid ones with canonical IPs, and each refused item with its reason. One call for the whole list. Throws for more than 3,500 distinct valid IPs (the zone limit). */
export declare function checkMappings(items: MappingInput[]): { valid: MappingInput[]; rejected: BatchFailed[] };

/** The canonical form of an IP address (RFC 5952 for IPv6); throws {@link OriginRegionsError} (`kind: 'validation'`) when the text is not one. */
export declare function canonicalizeIp(text: string): string;
