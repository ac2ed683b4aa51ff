// The demo server's range files for "Suggest vendor and region": a --ranges
// folder holding the files as the vendors publish them (the Azure file with the latest
// date in its name, any vendor missing), requests that try to reach past the folder, a
// bad folder refused at start, a server without range files (the page says
// so), and a bad file (the page names it). The page runs in headless
// Chromium, checked with axe-core and for console errors.
//
//   node --test tests/www/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SHOTS, ZONE, assertNoAxeViolations, launch, startDemoServer, startMockApi, suggestLists, watchConsole } from './harness.mjs';

const { ConfigError, parseArgs } = await import('../../scripts/demo-server.mjs');
const FIXTURES = path.join(ROOT, 'tests/fixtures/ranges');
const SECRET = 'outside-the-ranges-folder';

/** A GET with the path sent as written (fetch would normalise `..` and escapes away). */
function rawGet(base, rawPath) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An older Azure file: its eastus range differs, so the page shows which one was read. */
const OLDER_AZURE = JSON.stringify({
  changeNumber: 330,
  cloud: 'Public',
  values: [{ name: 'AzureCloud.eastus', id: 'AzureCloud.eastus', properties: { region: 'eastus', addressPrefixes: ['20.99.0.0/16'] } }],
});

describe('the demo server with a --ranges folder', { timeout: 180_000 }, () => {
  let work;
  let folder;
  let mock;
  let demo;
  let browser;
  let page;
  let watch;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'origin-regions-ranges-'));
    folder = path.join(work, 'ranges');
    mkdirSync(folder);
    // As downloaded: AWS and two Azure files; no Google file; Oracle's name links to a file outside.
    copyFileSync(path.join(FIXTURES, 'aws-ip-ranges.json'), path.join(folder, 'ip-ranges.json'));
    copyFileSync(path.join(FIXTURES, 'azure-service-tags.json'), path.join(folder, 'ServiceTags_Public_20251201.json'));
    writeFileSync(path.join(folder, 'ServiceTags_Public_20251124.json'), OLDER_AZURE);
    writeFileSync(path.join(work, 'secret.json'), JSON.stringify({ secret: SECRET }));
    symlinkSync(path.join(work, 'secret.json'), path.join(folder, 'public_ip_ranges.json'));
    writeFileSync(path.join(folder, 'notes.txt'), SECRET);

    // A "real API" (the stand-in, reached as an API base): no sample files unless a folder is named.
    mock = await startMockApi({ seed: true });
    demo = await startDemoServer({ port: 0, env: {}, apiBase: mock.url, apiToken: 'test-token', zoneId: ZONE, rangesDir: folder, log: () => {} });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch = watchConsole(page);
  });

  after(async () => {
    if (watch?.problems.length) console.error('console/page errors:', watch.problems);
    await browser?.close();
    await demo?.close();
    await mock?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists and serves the files of the folder: the Azure file with the latest date in its name, nothing that leads outside', async () => {
    assert.equal(demo.ranges, 'folder');
    const index = await (await fetch(new URL('/ranges/', demo.url))).json();
    assert.equal(index.source, 'folder');
    assert.deepEqual(
      Object.fromEntries(Object.entries(index.files).map(([vendor, f]) => [vendor, [f.name, f.url]])),
      { aws: ['ip-ranges.json', '/ranges/aws'], azure: ['ServiceTags_Public_20251201.json', '/ranges/azure'] },
    );
    assert.ok(!JSON.stringify(index).includes(work), 'the folder path is not shown');
    assert.equal(index.sampleIps, undefined, 'sample IPs come only with the sample files');
    const aws = await fetch(new URL('/ranges/aws', demo.url));
    assert.equal(aws.status, 200);
    assert.match(aws.headers.get('content-type'), /^application\/json/);
    assert.equal((await aws.json()).syncToken, '1764892381');
    assert.equal((await (await fetch(new URL('/ranges/azure', demo.url))).json()).changeNumber, 337);
    for (const vendor of ['gcp', 'oci']) assert.equal((await fetch(new URL(`/ranges/${vendor}`, demo.url))).status, 404, vendor);
  });

  it('answers 404 to every path that is not a vendor, however it is spelled', async () => {
    const attempts = [
      '/ranges/../secret.json',
      '/ranges/..%2fsecret.json',
      '/ranges/%2e%2e/secret.json',
      '/ranges/%2e%2e%2fsecret.json',
      '/ranges/aws/../../secret.json',
      '/ranges/aws%2f..%2f..%2fsecret.json',
      '/ranges/ip-ranges.json',
      '/ranges/notes.txt',
      '/ranges/oci',
      '/ranges/AWS',
      '/ranges/aws/',
      '/ranges/aws%00',
      '/ranges//etc/passwd',
      '/ranges/..%5csecret.json',
      '/ranges/constructor',
      '/ranges/__proto__',
    ];
    // The same client reaches a vendor's file: a 404 below is the server's answer, not the client's.
    const control = await rawGet(demo.url, '/ranges/aws');
    assert.equal(control.status, 200);
    assert.match(control.body, /"syncToken": "1764892381"/);
    for (const attempt of attempts) {
      const answer = await rawGet(demo.url, attempt);
      assert.equal(answer.status, 404, `${attempt} → ${answer.status}`);
      assert.ok(!answer.body.includes(SECRET), attempt);
    }
    // Another method is refused outright.
    assert.equal((await fetch(new URL('/ranges/aws', demo.url), { method: 'POST', body: '{}' })).status, 405);
  });

  it('the page reads those files: Azure from the newest file, no Oracle file', async () => {
    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    await page.waitForSelector('#suggest-files[data-state="listed"]');
    assert.equal(
      await page.textContent('#suggest-files'),
      "Range files from the demo server's ranges folder: ip-ranges.json, ServiceTags_Public_20251201.json. They are read on the first suggestion.",
    );
    await page.fill('#suggest-text', '20.42.1.1\n20.99.1.1\n130.61.7.7\n52.94.77.5');
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');
    const lists = await suggestLists(page);
    assert.deepEqual(lists.matched, [
      ['1', '20.42.1.1', '20.42.1.1', 'Azure', 'eastus'],
      ['4', '52.94.77.5', '52.94.77.5', 'AWS', 'us-west-2'],
    ]);
    assert.deepEqual(lists.unmatched, [
      ['2', '20.99.1.1', '20.99.1.1'],
      ['3', '130.61.7.7', '130.61.7.7'],
    ]);
    assert.deepEqual(
      await page.$$eval('#suggest-files li', (lis) => lis.map((li) => li.dataset.vendor)),
      ['aws', 'azure'],
    );
    await assertNoAxeViolations(page, 'with files from a folder');
    watch.assertClean('suggesting from a folder');
  });

  it('a bad file in the folder: the banner names the vendor, the file and the rule', async () => {
    writeFileSync(path.join(folder, 'cloud.json'), '{"syncToken": "1", "creationTime": "x", "prefixes": [');
    await page.goto(demo.url);
    await page.waitForSelector('#suggest-files[data-state="listed"]');
    assert.match(await page.textContent('#suggest-files'), /cloud\.json/);
    await page.fill('#suggest-text', '52.94.1.1');
    await page.click('#suggest-run');
    await page.waitForSelector('#banner:not([hidden])');
    const banner = await page.textContent('#banner');
    assert.match(banner, /Reading the range files failed: the input is not valid\./);
    assert.match(banner, /Providers\.gcp \(cloud\.json\): is not JSON/);
    assert.ok(await page.isHidden('#suggest-result'));
    assert.equal(await page.getAttribute('#suggest-run', 'aria-disabled'), null);
    assert.equal(await page.textContent('#suggest-run'), 'Suggest');
    await assertNoAxeViolations(page, 'with a bad range file');
    watch.assertClean('a bad range file');
    rmSync(path.join(folder, 'cloud.json'));
  });

  it('a file gone since the page listed it: the page says which, builds nothing from part of the files, and reads them again when asked', async () => {
    await page.goto(demo.url);
    await page.waitForSelector('#suggest-files[data-state="listed"]');
    renameSync(path.join(folder, 'ip-ranges.json'), path.join(work, 'moved.json'));
    watch.expect({ text: /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/, url: /\/ranges\/aws$/ });
    await page.fill('#suggest-text', '52.94.77.5');
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-files[data-state="failed"]');
    await watch.settle(1);
    const message = 'The demo server did not send ip-ranges.json (HTTP 404). Reload the page to see the files it has now.';
    assert.equal(await page.textContent('#suggest-files'), `!${message}`);
    assert.equal(await page.textContent('#status'), message);
    assert.ok(await page.isHidden('#suggest-result'));
    await assertNoAxeViolations(page, 'with a file gone');

    renameSync(path.join(work, 'moved.json'), path.join(folder, 'ip-ranges.json'));
    await page.click('#suggest-run');
    await page.waitForSelector('#suggest-result:not([hidden])');
    assert.equal(await page.getAttribute('#suggest-files', 'data-state'), 'loaded');
    assert.deepEqual((await suggestLists(page)).matched, [['1', '52.94.77.5', '52.94.77.5', 'AWS', 'us-west-2']]);
    watch.assertClean('a file gone and back');
  });
});

describe('the demo server without range files', { timeout: 120_000 }, () => {
  let mock;
  let demo;
  let browser;

  before(async () => {
    mock = await startMockApi({ seed: true });
    demo = await startDemoServer({ port: 0, env: {}, apiBase: mock.url, apiToken: 'test-token', zoneId: ZONE, log: () => {} });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
    await mock?.close();
  });

  it('serves none, and the page says so and offers no suggestion', async () => {
    assert.equal(demo.ranges, 'none');
    assert.deepEqual(await (await fetch(new URL('/ranges/', demo.url))).json(), { source: 'none', files: {} });
    for (const vendor of ['aws', 'gcp', 'azure', 'oci']) assert.equal((await fetch(new URL(`/ranges/${vendor}`, demo.url))).status, 404);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchConsole(page);
    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    await page.waitForSelector('#suggest-files[data-state="none"]');
    assert.equal(
      await page.textContent('#suggest-files'),
      '!The demo server has no range files, so no IP can be matched. Download the vendors\u2019 files (ip-ranges.json, cloud.json, ServiceTags_Public_*.json, public_ip_ranges.json) into a folder and start the server with --ranges FOLDER.',
    );
    assert.ok(await page.isDisabled('#suggest-run'));
    assert.ok(await page.isHidden('#suggest-sample'));
    await page.locator('#suggest').screenshot({ path: path.join(SHOTS, '19-suggest-no-range-files.png'), animations: 'disabled' });
    await assertNoAxeViolations(page, 'without range files');
    watch.assertClean('without range files');
  });
});

describe('the demo server failing to list its range files', { timeout: 120_000 }, () => {
  let demo;
  let browser;

  before(async () => {
    demo = await startDemoServer({ port: 0, env: {}, log: () => {} });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('says the listing failed, with the status and what to do, not that there are no files', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchConsole(page);
    // The server's answer to GET /ranges/ replaced by a failure, as when its folder cannot be read.
    await page.route(/\/ranges\/$/, (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'unavailable' }));
    watch.expect({ text: /^Failed to load resource: the server responded with a status of 503/, url: /\/ranges\/$/ });
    await page.goto(demo.url);
    await page.waitForSelector('#mappings-body tr[data-ip]');
    await page.waitForSelector('#suggest-files[data-state="unlisted"]');
    await watch.settle(1);
    assert.equal(
      await page.textContent('#suggest-files'),
      "!The range files could not be listed: the demo server answered HTTP 503 Service Unavailable to GET /ranges/. Check the demo server's terminal for the reason, then reload the page.",
    );
    assert.ok(await page.isDisabled('#suggest-run'));
    assert.ok(await page.isHidden('#suggest-sample'));
    await assertNoAxeViolations(page, 'range files not listed');
    watch.assertClean('range files not listed');
    await page.close();
  });
});

describe('the --ranges setting', { timeout: 60_000 }, () => {
  let work;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'origin-regions-ranges-'));
    writeFileSync(path.join(work, 'file.json'), '{}');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('reads --ranges DIR and --ranges=DIR from the command line', () => {
    assert.equal(parseArgs(['--ranges', '/data/ranges'], {}).rangesDir, '/data/ranges');
    assert.equal(parseArgs(['--ranges=/data/ranges'], {}).rangesDir, '/data/ranges');
    assert.throws(() => parseArgs(['--ranges'], {}), /--ranges needs a value/);
  });

  it('refuses a folder that is missing or is a file, naming it and where it was set', async () => {
    const missing = path.join(work, 'nowhere');
    await assert.rejects(startDemoServer({ port: 0, env: {}, rangesDir: missing }), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `the ranges folder "${missing}" does not exist`);
      return true;
    });
    const file = path.join(work, 'file.json');
    await assert.rejects(startDemoServer({ port: 0, env: { ORIGIN_REGIONS_RANGES_DIR: file } }), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `ORIGIN_REGIONS_RANGES_DIR "${file}" is not a folder: name the folder that holds the range files`);
      return true;
    });
  });

  it('ORIGIN_REGIONS_RANGES_DIR names the folder when the option is not given', async () => {
    copyFileSync(path.join(FIXTURES, 'oci-public_ip_ranges.json'), path.join(work, 'public_ip_ranges.json'));
    const demo = await startDemoServer({ port: 0, env: { ORIGIN_REGIONS_RANGES_DIR: work }, log: () => {} });
    try {
      assert.equal(demo.ranges, 'folder');
      const index = await (await fetch(new URL('/ranges/', demo.url))).json();
      assert.deepEqual(Object.keys(index.files), ['oci']);
    } finally {
      await demo.close();
    }
  });

  it('the command says where its range files come from', async () => {
    const lineOf = async (args, env) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo-server.mjs'), '--port', '0', '--no-open', ...args], {
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (c) => (err += c));
      const exited = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => {
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('\n')) resolve();
        });
        child.on('close', resolve);
      });
      child.kill('SIGTERM');
      await exited;
      assert.equal(err, '');
      return out.trim();
    };
    assert.match(await lineOf([], {}), /^origin-regions demo: open http:\/\/127\.0\.0\.1:\d+\/ \(local Cloudflare API stand-in, zone [0-9a-f]{32}; sample range files; Ctrl-C stops it\)$/);
    assert.match(await lineOf(['--ranges', work], {}), new RegExp(`; range files from ${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; Ctrl-C stops it\\)$`));
    assert.match(await lineOf([], { ORIGIN_REGIONS_RANGES_DIR: work }), /; range files from .*origin-regions-ranges-[^;]*; Ctrl-C stops it\)$/);
  });

  it('the command exits with the reason when the folder is missing', async () => {
    const missing = path.join(work, 'nowhere');
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo-server.mjs'), '--port', '0', '--no-open', '--ranges', missing], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 1);
    assert.equal(stderr, `origin-regions demo: the ranges folder "${missing}" does not exist\n`);
  });
});
