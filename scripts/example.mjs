// Drives every OriginRegionsClient method against the local API stand-in and
// prints what each did. Run by scripts/example.sh after the package is built.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp } from '../pkg/node.mjs';
import { startMockApi } from '../tests/mock-api/server.mjs';

const mock = await startMockApi({ port: 0, seed: true });
const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
const client = new OriginRegionsClient({ zoneId, apiToken: 'test-token', baseUrl: mock.url });
const show = (label, value) => console.log(`${label.padEnd(34)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);

try {
  console.log(`stand-in at ${mock.url}, client ${client}\n`);
  show('canonicalizeIp("2001:DB8:0:0::1")', canonicalizeIp('2001:DB8:0:0::1'));
  try {
    canonicalizeIp('010.1.1.1');
  } catch (e) {
    show('canonicalizeIp("010.1.1.1")', `${e instanceof OriginRegionsError ? 'OriginRegionsError' : 'Error'} ${e.kind}: ${e.message}`);
  }

  const regions = await client.supportedRegions();
  show('supportedRegions()', Object.entries(regions.vendors).map(([v, rs]) => `${v}: ${rs.length} regions`).join(', '));

  const page = await client.list({ perPage: 3 });
  show('list({ perPage: 3 })', `${page.items.length} of ${page.totalCount} mappings, page ${page.page}/${page.totalPages}`);
  show('listAll()', `${(await client.listAll()).length} mappings`);
  const seen = [];
  for await (const m of client.iterate({ perPage: 4 })) seen.push(m.ip);
  show('iterate({ perPage: 4 })', seen.join(' '));

  show('get("192.0.2.1")', await client.get('192.0.2.1'));
  show('update("2001:DB8::A", gcp)', await client.update('2001:DB8::A', { vendor: 'gcp', region: 'us-central1' }));
  show('create(198.51.100.200, azure)', await client.create({ ip: '198.51.100.200', vendor: 'azure', region: 'eastus' }));
  try {
    await client.create({ ip: '198.51.100.200', vendor: 'azure', region: 'eastus' });
  } catch (e) {
    show('create(same IP again)', `${e.kind} ${e.status} code ${e.code}: ${e.message}`);
  }
  show('edit(198.51.100.200 → aws)', `${(await client.edit({ ip: '198.51.100.200', vendor: 'aws', region: 'us-west-2' })).length} mappings in the zone`);

  const batch = [];
  for (let i = 0; i < 150; i++) batch.push({ ip: `203.0.113.${i}`, vendor: 'oci', region: 'us-ashburn-1' });
  batch.push({ ip: '203.0.113.999', vendor: 'oci', region: 'us-ashburn-1' }, { ip: '2001:db8::bad', vendor: 'aws', region: 'atlantis-1' });
  const updated = await client.batchUpdate(batch);
  show('batchUpdate(152 items)', `${updated.succeeded.length} applied, ${updated.failed.length} failed, ${updated.requests} requests`);
  for (const f of updated.failed) show('  failed', `${f.input}: ${f.error}`);
  const edited = await client.batchEdit([{ ip: '192.0.2.1', vendor: 'aws', region: 'eu-west-1' }]);
  show('batchEdit(1 item, v1)', `${edited.succeeded.length} applied, ${edited.requests} request`);
  const deleted = await client.batchDelete(batch.slice(0, 120).map((m) => m.ip));
  show('batchDelete(120 IPs)', `${deleted.succeeded.length} deleted, ${deleted.requests} requests`);
  show('delete("2001:db8::a")', await client.delete('2001:db8::a'));
  try {
    await client.get('2001:db8::a');
  } catch (e) {
    show('get(deleted IP)', `${e.kind} ${e.status} code ${e.code}`);
  }
  try {
    await client.update('192.0.2.1', { vendor: 'aws', region: 'moon-1' });
  } catch (e) {
    show('update(unknown region)', `${e.kind}: ${e.message}`);
  }
  show('JSON.stringify(client)', JSON.stringify(client));
  console.log(`\nzone now holds ${(await client.listAll()).length} mappings`);
} finally {
  client.free();
  await mock.close();
}
