// Must NOT compile: a MappingInput without its region.
import { OriginRegionsClient } from 'origin-regions';

const client = new OriginRegionsClient({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiToken: 'token' });
await client.batchUpdate([{ ip: '192.0.2.1', vendor: 'aws' }]); // expect-error TS2741
