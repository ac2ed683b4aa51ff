// `infer`: a bare IP list through the vendors' range files into an
// inventory that check, plan and apply read; run as a process.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RegionIndex } from '../../pkg/ranges/node.mjs';
import { generate, sampleIps } from '../../tests/js/ranges-gen.mjs';
import { ROOT, ZONE, baseEnv, run, startApi, tempFile } from './helpers.mjs';

const FIXTURES = `${ROOT}tests/fixtures/ranges`;
const ALL = [
  ['--aws', `${FIXTURES}/aws-ip-ranges.json`],
  ['--gcp', `${FIXTURES}/gcp-cloud.json`],
  ['--azure', `${FIXTURES}/azure-service-tags.json`],
  ['--oci', `${FIXTURES}/oci-public_ip_ranges.json`],
].flat();
// Offline: no credential in the environment at all.
const OFFLINE = { PATH: process.env.PATH };
const csvLines = (stdout) => stdout.trim().split('\n');

let api;
before(async () => {
  api = await startApi();
});
after(() => api.close());

test('a mixed list: matches written in input order, every other line named file:line, exit 1', async () => {
  const ips = tempFile(
    'ips.txt',
    [
      '3.5.140.9', // 1 aws ap-northeast-2 (the AMAZON and S3 entries are one match)
      '198.51.100.3', // 2 aws eu-west-1 and gcp europe-west1 list the same /24
      '# web tier', // 3
      '', // 4
      '1.2.3', // 5 not an IP
      '10.0.0.1', // 6 in no range
      '20.42.0.1   # behind the LB', // 7 azure eastus, comment after it
      '2600:1f14:0:0::1', // 8 aws us-west-2, canonicalised
      '3.5.140.9', // 9 repeat of line 1
      '129.146.0.5', // 10 oci us-phoenix-1
      '13.32.0.1', // 11 AWS GLOBAL only: no region, refused
      '34.54.0.1', // 12 Google global scope only: no region, refused
      '4.144.0.1', // 13 the untagged AzureCloud tag only: no region
    ].join('\n'),
  );
  const r = await run(['infer', ips, ...ALL], { env: OFFLINE });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(csvLines(r.stdout), [
    'ip,vendor,region',
    '3.5.140.9,aws,ap-northeast-2',
    '20.42.0.1,azure,eastus',
    '2600:1f14::1,aws,us-west-2',
    '129.146.0.5,oci,us-phoenix-1',
  ]);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines[0], new RegExp(`^${ips}:2: ip "198.51.100.3": is in 198.51.100.0/24, which aws eu-west-1 and gcp europe-west1 all list`));
  assert.match(lines[1], new RegExp(`^${ips}:5: ip "1.2.3": is not an IP address`));
  assert.equal(lines[2], `${ips}:6: 10.0.0.1: is in no range of the files given (aws, gcp, azure, oci): not written`);
  assert.equal(lines[3], `${ips}:9: 3.5.140.9: the same IP as line 1 (written there)`);
  // A GLOBAL prefix is the vendor's, but no region: refused, saying so.
  assert.equal(lines[4], `${ips}:11: ip "13.32.0.1": is in 13.32.0.0/15, which aws lists as GLOBAL (served from everywhere), not in a region: map it by hand`);
  assert.equal(lines[5], `${ips}:12: ip "34.54.0.1": is in 34.54.0.0/16, which gcp lists as global (served from everywhere), not in a region: map it by hand`);
  assert.match(lines[6], new RegExp(`^${ips}:13: 4\\.144\\.0\\.1: is in no range`));
  assert.match(lines.at(-1), /^infer: .*ips\.txt: 11 IP line\(s\): 4 written \(aws 2, azure 1, oci 1\), 2 in no range, 4 rejected, 1 repeating an earlier line; ranges: aws 2025-12-05-00-53-01, azure change 337, gcp 2025-12-04T20:00:00\.123456, oci 2025-12-03T21:10:46\.568556$/);
});

test('line ends, BOM and comments as a spreadsheet or another OS writes them; repeats say what became of their first line', async () => {
  const text = '\ufeff198.51.100.3\r10.0.0.1\r\n198.51.100.3 # again\n10.0.0.1\r::ffff:3.5.140.9\r3.5.140.9\t# web\r3.5.140.9\r';
  const ips = tempFile('cr.txt', text);
  const r = await run(['infer', ips, ...ALL], { env: OFFLINE });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(csvLines(r.stdout), ['ip,vendor,region', '3.5.140.9,aws,ap-northeast-2']);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines[0], new RegExp(`^${ips}:1: ip "198\\.51\\.100\\.3": is in 198\\.51\\.100\\.0/24`));
  assert.equal(lines[1], `${ips}:2: 10.0.0.1: is in no range of the files given (aws, gcp, azure, oci): not written`);
  assert.equal(lines[2], `${ips}:3: 198.51.100.3: the same IP as line 1 (not written: see that line)`);
  assert.equal(lines[3], `${ips}:4: 10.0.0.1: the same IP as line 2 (not written: see that line)`);
  assert.match(lines[4], /:5: ::ffff:3\.5\.140\.9: is in no range .*give 3\.5\.140\.9 to look it up in the IPv4 ranges\): not written$/);
  assert.equal(lines[5], `${ips}:7: 3.5.140.9: the same IP as line 6 (written there)`);
  assert.match(lines[6], /: 7 IP line\(s\): 1 written \(aws 1\), 2 in no range, 1 rejected, 3 repeating an earlier line;/);
});

test('usage refused before anything is read: an empty list, --regions - or null, a flag given twice or empty', async () => {
  const ips = tempFile('two.txt', '3.5.140.9\n');
  const cases = [
    [['infer', tempFile('empty.txt', '# nothing here\n\n'), ...ALL], /IP list .*empty\.txt: holds no IP \(one IP a line; blank lines and "#" comments are skipped\)/],
    [['infer', '-', ...ALL, '--regions', '-'], /--regions -: the catalogue is read from a path \(standard input is the IP list's\)/],
    [['infer', ips, ...ALL, '--regions', tempFile('null.json', 'null')], /--regions .*null\.json: holds null, not the catalogue object/],
    [['infer', ips, ...ALL, '--regions', tempFile('arr.json', '[]')], /--regions .*arr\.json: holds an array, not the catalogue object/],
    [['infer', ips, '--aws', `${FIXTURES}/aws-ip-ranges.json`, '--aws', `${FIXTURES}/aws-ip-ranges.json`], /infer: --aws is given more than once/],
    [['infer', ips, '--aws', ''], /infer: --aws needs a value, got an empty one/],
    [['infer', `${FIXTURES}/nope.txt`, ...ALL], /IP list .*nope\.txt: cannot read: no such file/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args, { env: OFFLINE, input: '3.5.140.9\n' });
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('every IP matched: exit 0, and check reads the inventory back as valid', async () => {
  const ips = tempFile('all.txt', '3.5.140.9\n20.42.0.1\n2600:1900:8000::5\n130.61.2.3\n');
  const r = await run(['infer', ips, ...ALL], { env: OFFLINE });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(csvLines(r.stdout).slice(1), ['3.5.140.9,aws,ap-northeast-2', '20.42.0.1,azure,eastus', '2600:1900:8000::5,gcp,us-east4', '130.61.2.3,oci,eu-frankfurt-1']);
  const check = await run(['check', tempFile('inv.csv', r.stdout)], { env: OFFLINE });
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stderr, /4 distinct valid mappings, 0 bad line/);
});

test('IPs in no range and none rejected: the rest written, exit 3; --format json; the list from stdin', async () => {
  const r = await run(['infer', '-', '--aws', `${FIXTURES}/aws-ip-ranges.json`, '--format', 'json'], { env: OFFLINE, input: '52.94.1.1\r\n203.0.113.9\r\n' });
  assert.equal(r.code, 3, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ ip: '52.94.1.1', vendor: 'aws', region: 'us-east-1' }]);
  assert.match(r.stderr, /^stdin:2: 203\.0\.113\.9: is in no range of the files given \(aws\): not written$/m);
});

test('--regions from `regions --format json`: matches in regions it lacks are left out, exit 3', async () => {
  const regions = await run(['regions', '--format', 'json', '--base-url', api.url]);
  assert.equal(regions.code, 0, regions.stderr);
  const catalogue = tempFile('regions.json', regions.stdout);
  const ips = tempFile('some.txt', '3.5.140.9\n52.94.76.1\n35.185.130.1\n');
  const r = await run(['infer', ips, ...ALL, '--regions', catalogue], { env: OFFLINE });
  assert.equal(r.code, 3, r.stderr);
  assert.deepEqual(csvLines(r.stdout).slice(1), ['52.94.76.1,aws,us-west-2']);
  assert.match(r.stderr, new RegExp(`^${ips}:1: 3\\.5\\.140\\.9: is in aws ap-northeast-2, which the --regions catalogue does not list: not written$`, 'm'));
  assert.match(r.stderr, new RegExp(`^${ips}:3: 35\\.185\\.130\\.1: is in gcp asia-east1, which`, 'm'));
  assert.match(r.stderr, /1 written \(aws 1\), 2 in unsupported regions;/);

  const notJson = await run(['infer', ips, ...ALL, '--regions', ips], { env: OFFLINE });
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /--regions .*some\.txt: is not JSON/);
  const wrong = await run(['infer', ips, ...ALL, '--regions', tempFile('r.json', '{"vendors":5}')], { env: OFFLINE });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /--regions .*r\.json: catalogue\.vendors: invalid type: integer `5`, expected a map/);
  assert.equal(wrong.stdout, '');
});

test('bad range files: the flag, the file, the JSON path and the rule; nothing on stdout, exit 1', async () => {
  const ips = tempFile('one.txt', '3.5.140.9\n');
  const aws = (prefix) => JSON.stringify({ syncToken: '1', createDate: 'x', prefixes: [{ ip_prefix: prefix, region: 'us-east-1', service: 'AMAZON' }] });
  const cases = [
    ['--aws', tempFile('a.json', 'not json'), /--aws .*a\.json: is not JSON/],
    ['--aws', tempFile('b.json', aws('10.0.0.1/8')), /--aws .*b\.json: at prefixes\[0\]\.ip_prefix: "10\.0\.0\.1\/8" has host bits set: the prefix of that length is 10\.0\.0\.0\/8/],
    ['--aws', tempFile('c.json', aws('10.0.0.0/33')), /--aws .*c\.json: at prefixes\[0\]\.ip_prefix: /],
    ['--oci', tempFile('d.json', '{}'), /--oci .*d\.json: missing field `last_updated_timestamp`/],
    ['--gcp', tempFile('e.json', ''), /--gcp .*e\.json: .*empty/],
    ['--azure', `${FIXTURES}/nope.json`, /--azure .*nope\.json: cannot read: no such file/],
  ];
  for (const [flag, file, message] of cases) {
    const r = await run(['infer', ips, flag, file], { env: OFFLINE });
    assert.equal(r.code, 1, `${flag} ${file}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '', file);
  }
  const none = await run(['infer', ips], { env: OFFLINE });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /infer: no range file given: name at least one of --aws ip-ranges\.json/);
  const stdinRanges = await run(['infer', ips, '--aws', '-'], { env: OFFLINE });
  assert.equal(stdinRanges.code, 1);
  assert.match(stdinRanges.stderr, /--aws -: range files are read from a path/);
});

test('real-size files: 5,000 IPs, each written with what the library\'s index answers for it', async () => {
  const files = generate();
  const flags = ['aws', 'gcp', 'azure', 'oci'].flatMap((v) => [`--${v}`, tempFile(`${v}.json`, files[v])]);
  const ips = sampleIps(files.expected, 5000);
  const r = await run(['infer', tempFile('big.txt', ips.join('\n')), ...flags], { env: OFFLINE });
  assert.ok([0, 1, 3].includes(r.code), r.stderr.slice(0, 500));
  const written = csvLines(r.stdout).slice(1).map((l) => l.split(','));
  const index = RegionIndex.fromProviders({ aws: files.aws, gcp: files.gcp, azure: files.azure, oci: files.oci });
  try {
    const { items, unmatched, rejected } = index.suggest(ips);
    assert.deepEqual(written, items.map((m) => [m.ip, m.vendor, m.region]));
    assert.ok(items.length > 2500 && unmatched.length > 0, `${items.length} matched, ${unmatched.length} unmatched`);
    const summary = r.stderr.trim().split('\n').at(-1);
    assert.match(summary, new RegExp(`: 5000 IP line\\(s\\): ${items.length} written .*${unmatched.length} in no range`));
    if (rejected.length) assert.match(summary, new RegExp(`${rejected.length} rejected`));
  } finally {
    index.free();
  }
});

test('infer, plan, apply: a bare list becomes the zone\'s mappings', async () => {
  const env = baseEnv();
  const regions = await run(['regions', '--format', 'json', '--base-url', api.url], { env });
  const catalogue = tempFile('catalogue.json', regions.stdout);
  const ips = tempFile('origins.txt', '3.5.140.9\n52.94.76.10\n20.42.0.1\n130.61.2.3\n2600:1900:8000::5\n');
  const inferred = await run(['infer', ips, ...ALL, '--regions', catalogue], { env: OFFLINE });
  assert.equal(inferred.code, 3, inferred.stderr); // ap-northeast-2 is not in the stand-in's catalogue
  const inventory = tempFile('origins.csv', inferred.stdout);
  const plan = await run(['plan', inventory, '--base-url', api.url], { env });
  assert.equal(plan.code, 2, plan.stdout + plan.stderr);
  assert.equal((plan.stdout.match(/^  \+ /gm) ?? []).length, 4, plan.stdout);
  const apply = await run(['apply', inventory, '--yes', '--base-url', api.url], { env });
  assert.equal(apply.code, 0, apply.stderr);
  const stored = api.state.getMappings(ZONE).map((m) => `${m.ip},${m.vendor},${m.region}`).sort();
  assert.deepEqual(stored, csvLines(inferred.stdout).slice(1).sort());
  assert.equal(stored.length, 4);
  const again = await run(['plan', inventory, '--base-url', api.url], { env });
  assert.equal(again.code, 0, again.stdout);
});
