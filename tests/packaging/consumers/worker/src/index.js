// A Cloudflare Worker consumer: wrangler's `workerd` condition picks
// workerd.mjs, which imports the .wasm as a module. One import line, no init.
import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import { runSuite } from './suite.mjs';

const describe = (e) => ({
  instanceOf: e instanceof OriginRegionsError,
  isError: e instanceof Error,
  name: e && e.name,
  kind: e && e.kind,
  status: e && e.status,
  code: e && e.code,
});

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const options = { zoneId: env.ZONE_ID, apiToken: env.API_TOKEN, baseUrl: env.API_URL };
    if (pathname === '/list') {
      const client = new OriginRegionsClient(options);
      try {
        return Response.json(await client.list({ perPage: 5 }));
      } finally {
        client.free();
      }
    }
    if (pathname === '/errors') {
      const out = {};
      try {
        new OriginRegionsClient({ ...options, zoneId: 'not-a-zone' });
      } catch (e) {
        out.constructor = describe(e);
      }
      const client = new OriginRegionsClient(options);
      try {
        await client.get('192.0.2.99');
      } catch (e) {
        out.api = describe(e);
      } finally {
        client.free();
      }
      return Response.json(out);
    }
    if (pathname === '/suite') {
      const results = await runSuite({
        lib: { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings },
        apiUrl: env.API_URL,
        zoneId: env.SUITE_ZONE_ID,
        runtime: 'worker',
      });
      return Response.json(results);
    }
    return new Response('not found', { status: 404 });
  },
};
