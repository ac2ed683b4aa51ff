// `origin-regions/ranges` as a consumer imports it: RegionIndex from a small
// AWS file, lookup, suggest (a GLOBAL prefix is no region), a bad file's
// error, and one OriginRegionsError class with the package root. Runs
// unchanged in Node, workerd and Chromium; the caller passes what it
// imported. Results: [{ name, ok, detail }].

const AWS = JSON.stringify({
  syncToken: '1733270591',
  createDate: '2024-12-04-00-03-11',
  prefixes: [
    { ip_prefix: '3.5.140.0/22', region: 'ap-northeast-2', service: 'AMAZON', network_border_group: 'ap-northeast-2' },
    { ip_prefix: '52.94.76.0/22', region: 'us-west-2', service: 'AMAZON', network_border_group: 'us-west-2' },
    { ip_prefix: '13.32.0.0/15', region: 'GLOBAL', service: 'CLOUDFRONT', network_border_group: 'GLOBAL' },
  ],
  ipv6_prefixes: [{ ipv6_prefix: '2600:1f14::/35', region: 'us-west-2', service: 'AMAZON', network_border_group: 'us-west-2' }],
});

/**
 * @param ranges { RegionIndex, OriginRegionsError } from 'origin-regions/ranges'
 * @param root   { OriginRegionsError, canonicalizeIp } from 'origin-regions'
 */
export function runRangesSuite({ ranges, root }) {
  const results = [];
  const step = (name, fn) => {
    try {
      const detail = fn();
      results.push({ name: `ranges: ${name}`, ok: detail === true, detail: detail === true ? undefined : detail });
    } catch (e) {
      results.push({ name: `ranges: ${name}`, ok: false, detail: String(e && e.stack ? e.stack : e) });
    }
  };
  const { RegionIndex } = ranges;
  let index;
  step('fromProviders and lookup', () => {
    index = RegionIndex.fromProviders({ aws: AWS });
    const got = [index.lookup('3.5.141.7'), index.lookup('13.32.0.1'), index.lookup('2600:1F14::1')];
    const want = [
      { vendor: 'aws', region: 'ap-northeast-2', prefix: '3.5.140.0/22' },
      null,
      { vendor: 'aws', region: 'us-west-2', prefix: '2600:1f14::/35' },
    ];
    return JSON.stringify(got) === JSON.stringify(want) || JSON.stringify(got);
  });
  step('suggest', () => {
    const s = index.suggest(['52.94.77.1', '192.0.2.1', 'x', '13.32.0.1']);
    const ok = JSON.stringify(s.items) === JSON.stringify([{ ip: '52.94.77.1', vendor: 'aws', region: 'us-west-2' }])
      && JSON.stringify(s.unmatched) === '["192.0.2.1"]' && s.rejected.length === 2 && s.rejected[0].input === 'x'
      && s.rejected[1].error === 'ips[3] "13.32.0.1": is in 13.32.0.0/15, which aws lists as GLOBAL (served from everywhere), not in a region: map it by hand';
    return ok || JSON.stringify(s);
  });
  step('stats', () => {
    const a = index.stats.vendors.aws;
    return (a.prefixesV4 === 2 && a.prefixesV6 === 1 && a.published.syncToken === '1733270591') || JSON.stringify(index.stats);
  });
  step('one OriginRegionsError class with the package root', () => {
    let e;
    try {
      RegionIndex.fromProviders({ aws: AWS.replace('"3.5.140.0/22"', '"3.5.140.1/22"') });
    } catch (x) {
      e = x;
    }
    let c;
    try {
      root.canonicalizeIp('x');
    } catch (x) {
      c = x;
    }
    const ok = ranges.OriginRegionsError === root.OriginRegionsError
      && e instanceof root.OriginRegionsError && e.kind === 'validation' && e.name === 'OriginRegionsError'
      && /^providers\.aws \(ip-ranges\.json\) at prefixes\[0\]\.ip_prefix: "3\.5\.140\.1\/22" has host bits set/.test(e.message)
      && c instanceof ranges.OriginRegionsError;
    return ok || `ranges error ${e && e.message}; same class ${ranges.OriginRegionsError === root.OriginRegionsError}`;
  });
  index?.free();
  return results;
}
