// Must NOT compile: 'digitalocean' is not a Vendor.
import { OriginRegionsClient } from 'origin-regions';

const client = new OriginRegionsClient({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiToken: 'token' });
await client.update('192.0.2.1', { vendor: 'digitalocean', region: 'nyc1' }); // expect-error TS2322
