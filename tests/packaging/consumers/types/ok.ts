// Type-checks (tsc --strict --noEmit) a consumer using every method of the
// public API, with the result types spelled out so a drift in index.d.ts
// shows here.
import {
  OriginRegionsClient,
  OriginRegionsError,
  canonicalizeIp,
  checkMappings,
  type Applied,
  type BatchFailed,
  type BatchProgress,
  type BatchResult,
  type ClientOptions,
  type ErrorKind,
  type Mapping,
  type MappingInput,
  type Page,
  type SupportedRegions,
  type SyncPlan,
  type Vendor,
} from 'origin-regions';

const options: ClientOptions = {
  zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
  apiToken: 'token',
  baseUrl: 'http://127.0.0.1:8790/client/v4',
  apiVersion: 'v2',
  timeoutMs: 30_000,
  maxRetries: 2,
  concurrency: 4,
  rateLimit: { requests: 1200, windowMs: 300_000 },
  fetch: (input, init) => fetch(input, init),
};
const client = new OriginRegionsClient(options);
const legacy = new OriginRegionsClient({ zoneId: options.zoneId, apiEmail: 'a@example.com', apiKey: 'k' });
const viaProxy = new OriginRegionsClient({ zoneId: options.zoneId, baseUrl: '/api/cloudflare' });

export async function everyMethod(signal: AbortSignal): Promise<void> {
  const call = { signal, timeoutMs: 5_000, maxRetries: 0 };
  const page: Page = await client.list({ page: 1, perPage: 100, ...call });
  const first: Mapping | undefined = page.items[0];
  const total: number = page.totalCount + page.totalPages + page.page + page.perPage;
  const all: Mapping[] = await client.listAll({ perPage: 50 });
  for await (const m of client.iterate({ perPage: 10 })) {
    const ip: string = m.ip;
    const region: string = m.region;
    const modified: string | undefined = m.modifiedOn;
    void [ip, region, modified];
  }
  const got: Mapping = await client.get('192.0.2.1', call);
  const input: MappingInput = { ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' };
  const created: Mapping = await client.create(input, call);
  const edited: Mapping[] = await client.edit(input);
  const updated: Mapping = await client.update('2001:db8::1', { vendor: 'gcp', region: 'us-central1' }, call);
  const deleted: { ip: string } = await client.delete('2001:db8::1');
  const b1: BatchResult = await client.batchEdit([input]);
  const onProgress = (p: BatchProgress): void => void [p.done, p.total, p.requests];
  const b2: BatchResult = await client.batchUpdate([input, { ip: '::1', vendor: 'oci', region: 'us-ashburn-1' }], { onProgress });
  const b3: BatchResult = await client.batchDelete(['192.0.2.1'], call);
  for (const s of b2.succeeded) {
    const v: Vendor | undefined = s.vendor;
    void [s.ip, s.input, v, s.region];
  }
  for (const f of b3.failed) void [f.ip, f.input, f.error.toUpperCase(), f.vendor, f.region];
  const requests: number = b1.requests;
  const regions: SupportedRegions = await client.supportedRegions(call);
  const colos: string[] | undefined = regions.vendors.aws?.[0]?.upperTierColos;
  const obtained: boolean = regions.obtainedCodes;
  const plan: SyncPlan = await client.plan([input], { prune: true, ...call });
  for (const c of plan.change) void [c.ip, c.from.vendor, c.from.region, c.to.vendor satisfies Vendor, c.to.region];
  const sizes: number = plan.zoneSize.before - plan.zoneSize.after + plan.create.length + plan.delete.length + plan.unchanged.length;
  const applied: Applied = await client.apply(plan, { concurrency: 2, onProgress });
  const upserted: BatchResult = applied.upserted;
  const synced: { plan: SyncPlan; applied: Applied } = await client.sync([input], { prune: false, concurrency: 8, ...call });
  const checked: { valid: MappingInput[]; rejected: BatchFailed[] } = checkMappings([input]);
  const canonical: string = canonicalizeIp('2001:DB8::1');
  const json: { zoneId: string; baseUrl: string; apiVersion: 'v1' | 'v2'; auth: 'token' | 'key' | 'none' } = client.toJSON();
  const text: string = String(client) + client.toString();
  void [first, total, all, got, created, edited, updated, deleted, requests, colos, obtained, canonical, json, text];
  void [sizes, upserted, synced, checked];
  client.free();
  legacy.free();
  viaProxy.free();
}

export function describe(e: unknown): string {
  if (e instanceof OriginRegionsError) {
    const kind: ErrorKind = e.kind;
    const status: number | undefined = e.status;
    const code: number | undefined = e.code;
    const messages: string[] = e.errors.map((x) => `${x.code}: ${x.message}`);
    const partial: BatchResult | Applied | undefined = e.result;
    const base: Error = e;
    void partial;
    return `${kind} ${status} ${code} ${messages.join('; ')} ${base.message}`;
  }
  return String(e);
}
