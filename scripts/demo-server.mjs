#!/usr/bin/env node
// Serves the demo page (www/) and the built package (pkg/), and forwards
// /client/v4/* to the API, so the page needs no CORS from Cloudflare and
// never holds a token the server was given. Plain Node (18+), no dependencies.
//
// Two modes:
//   embedded (default)  starts the local Cloudflare API stand-in, seeded, and
//                       forwards to it with its token (test-token)
//   real API            ORIGIN_REGIONS_API_BASE and/or ORIGIN_REGIONS_API_TOKEN
//                       set: forwards to that base (default Cloudflare's),
//                       adding the token when one is given
//
// It also serves the vendors' IP range files for the page's "Suggest vendor
// and region" (scripts/demo-ranges.mjs): from --ranges DIR, else, with the
// stand-in, the sample files in tests/fixtures/ranges/.
//
//   node scripts/demo-server.mjs [--port N] [--host H] [--ranges DIR] [--no-open]
//
//   import { startDemoServer } from './scripts/demo-server.mjs';
//   const demo = await startDemoServer({ port: 0 });  // demo.url, demo.mock, demo.close()

import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RANGE_VENDORS, rangeFolderProblem, rangeIndex, rangeSource, readRangeFile } from './demo-ranges.mjs';
import { API_PREFIX, forward, isCrossSite, isForeignHost, isLoopbackHost, sendJson, sendText } from './demo-forward.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const PKG = path.join(ROOT, 'pkg');
const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';
const SEED_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const DEFAULT_PORT = 8788;
const ZONE_RE = /^[0-9a-f]{32}$/;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Errors the server reports about its own configuration (no stack needed). */
export class ConfigError extends Error {}

/**
 * Reads the mode from options and the environment. Throws ConfigError for a
 * setting that cannot work; never puts the token in a message.
 */
export function resolveConfig(options = {}, env = process.env) {
  const apiBaseText = options.apiBase ?? (env.ORIGIN_REGIONS_API_BASE || undefined);
  const apiToken = options.apiToken ?? (env.ORIGIN_REGIONS_API_TOKEN || undefined);
  const zoneText = options.zoneId ?? (env.ORIGIN_REGIONS_ZONE_ID || undefined);
  const rangesDir = options.rangesDir ?? (env.ORIGIN_REGIONS_RANGES_DIR || undefined);
  const embedded = apiBaseText === undefined && apiToken === undefined;

  if (apiToken !== undefined && /[\r\n\s]/.test(apiToken)) {
    throw new ConfigError('ORIGIN_REGIONS_API_TOKEN contains whitespace or a line break');
  }
  let zoneId = zoneText === undefined ? undefined : String(zoneText).trim().toLowerCase();
  if (zoneId !== undefined && !ZONE_RE.test(zoneId)) {
    throw new ConfigError(`ORIGIN_REGIONS_ZONE_ID "${zoneText}" is not a zone id (32 hexadecimal characters)`);
  }
  if (embedded) {
    return { mode: 'stand-in', zoneId: zoneId ?? SEED_ZONE, apiBase: undefined, apiToken: undefined, rangesDir };
  }

  let base;
  try {
    base = new URL(apiBaseText ?? CLOUDFLARE_API);
  } catch {
    throw new ConfigError(`ORIGIN_REGIONS_API_BASE "${apiBaseText}" is not a URL`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new ConfigError('ORIGIN_REGIONS_API_BASE must be an http(s) URL');
  }
  if (apiToken !== undefined && base.protocol === 'http:' && !isLoopbackHost(base.hostname)) {
    throw new ConfigError('refusing to send ORIGIN_REGIONS_API_TOKEN over plain http to a non-local host');
  }
  base.search = '';
  base.hash = '';
  return { mode: 'api', zoneId, apiBase: base.href.replace(/\/+$/, ''), apiToken, rangesDir };
}

/**
 * Refuses to listen beyond this machine while the server adds a token to what
 * it forwards: anyone who could reach the port would act with that token
 * (a request with neither Origin nor Sec-Fetch-Site passes the cross-site guard).
 */
export function checkBindHost(host, config) {
  if (isLoopbackHost(host)) return;
  if (config.mode === 'stand-in') {
    throw new ConfigError(
      `--host ${host}: refusing to listen on a non-loopback address, because the server adds the local stand-in's token ` +
        'to every request it forwards and anyone on the network could use it; listen on 127.0.0.1 (the default) ' +
        'and reach it from another machine through an SSH tunnel (ssh -L 8788:127.0.0.1:8788 THIS-HOST)',
    );
  }
  if (config.apiToken !== undefined) {
    throw new ConfigError(
      `--host ${host}: refusing to listen on a non-loopback address while ORIGIN_REGIONS_API_TOKEN is set, because the ` +
        'server adds that token to every request it forwards and anyone on the network could use it; listen on ' +
        '127.0.0.1 (the default) and reach it through an SSH tunnel (ssh -L 8788:127.0.0.1:8788 THIS-HOST), or unset ' +
        'ORIGIN_REGIONS_API_TOKEN so each user types their own token into the page',
    );
  }
}

// ---- static files --------------------------------------------------------------

/** Adds the hash of the inline import map, the page's only inline script, to its CSP. */
function pageSecurityHeaders(html) {
  const hashes = [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
  );
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
      "style-src 'self'",
      "img-src 'self' data:",
      // The connect form may point at another https base (a proxy with CORS).
      "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
  };
}

async function serveFile(req, res, root, relative) {
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return sendText(res, 404, 'not found');
  let info;
  try {
    info = await stat(file);
  } catch {
    return sendText(res, 404, 'not found');
  }
  if (!info.isFile()) return sendText(res, 404, 'not found');
  const body = await readFile(file);
  const headers = {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (path.extname(file) === '.html') Object.assign(headers, pageSecurityHeaders(body.toString('utf8')));
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** GET /ranges/ (which files are there) and /ranges/<vendor> (that file); nothing else under /ranges. */
async function serveRanges(req, res, pathname, source) {
  if (pathname === '/ranges' || pathname === '/ranges/') return sendJson(res, 200, await rangeIndex(source));
  const vendor = /^\/ranges\/([a-z]+)$/.exec(pathname)?.[1];
  const file = vendor && RANGE_VENDORS.includes(vendor) ? await readRangeFile(source, vendor) : null;
  if (!file) return sendText(res, 404, 'not found');
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': file.body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

// ---- entry point --------------------------------------------------------------------

/**
 * Starts the demo server.
 *   port (default 0 here; the command line defaults to $PORT or 8788), host
 *   apiBase, apiToken, zoneId: as the ORIGIN_REGIONS_* variables (the
 *     environment is read for any not given); neither base nor token → embedded
 *   rangesDir: folder of the vendors' range files (else ORIGIN_REGIONS_RANGES_DIR;
 *     neither: the sample files with the stand-in, none against an API)
 *   env: the environment to read (default process.env)
 *   log: where server-side failures are written (default stderr)
 * Resolves to { url, port, mode, zoneId, apiBase, ranges ('folder' | 'sample' | 'none'), rangesDir, mock, close() }.
 */
export async function startDemoServer(options = {}) {
  const config = resolveConfig(options, options.env ?? process.env);
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  checkBindHost(host, config);
  if (config.rangesDir !== undefined) {
    const setting = options.rangesDir !== undefined ? 'the ranges folder' : 'ORIGIN_REGIONS_RANGES_DIR';
    const problem = await rangeFolderProblem(config.rangesDir, setting);
    if (problem) throw new ConfigError(problem);
  }
  const ranges = rangeSource({ dir: config.rangesDir, standIn: config.mode === 'stand-in' });
  let mock = null;
  let upstream;
  if (config.mode === 'stand-in') {
    const { startMockApi, DEFAULT_CREDENTIALS } = await import('../tests/mock-api/server.mjs');
    mock = await startMockApi({ seed: true, port: 0 });
    upstream = { base: mock.url, token: DEFAULT_CREDENTIALS.token, zoneId: undefined };
  } else {
    upstream = { base: config.apiBase, token: config.apiToken, zoneId: config.zoneId };
  }
  const pageConfig = {
    zoneId: config.zoneId ?? null,
    // The page connects by itself when the server knows the zone and holds the credential.
    preconfigured: Boolean(config.zoneId && upstream.token),
    target: config.mode,
    apiBase: config.mode === 'api' ? config.apiBase : null,
    serverAddsCredentials: Boolean(upstream.token),
  };

  let port = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const handle = async () => {
      if (isForeignHost(req, port, host)) {
        req.resume();
        return sendText(res, 403, 'forbidden: unexpected Host header');
      }
      const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
      if ((isApi || url.pathname === '/config.json') && isCrossSite(req)) {
        req.resume();
        return sendText(res, 403, 'forbidden: only the demo page itself may use this');
      }
      if (isApi) {
        return forward(req, res, url, upstream, log);
      }
      req.resume();
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
      if (url.pathname === '/config.json') return sendJson(res, 200, pageConfig);
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return sendText(res, 400, 'malformed path');
      }
      if (pathname === '/pkg' || pathname.startsWith('/pkg/')) return serveFile(req, res, PKG, pathname.slice('/pkg'.length));
      if (url.pathname === '/ranges' || url.pathname.startsWith('/ranges/')) return serveRanges(req, res, url.pathname, ranges);
      return serveFile(req, res, WWW, pathname === '/' ? '/index.html' : pathname);
    };
    handle().catch((error) => {
      log(`demo server: internal error on ${req.method} ${url.pathname}: ${error?.message ?? error}`);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await mock?.close();
    if (error.code === 'EADDRINUSE') {
      throw new ConfigError(`port ${options.port} is in use; set PORT=0 (or --port 0) for a free one`);
    }
    throw error;
  }
  port = server.address().port;
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => mock?.close());
    return closing;
  };
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    mode: config.mode,
    zoneId: config.zoneId ?? null,
    apiBase: config.apiBase ?? mock.url,
    ranges: ranges.kind,
    rangesDir: ranges.kind === 'folder' ? ranges.dir : null,
    mock,
    close,
  };
}

// ---- command line -------------------------------------------------------------------

const USAGE = `usage: node scripts/demo-server.mjs [--port N] [--host H] [--ranges DIR] [--no-open]
  --port N      port (default $PORT, else ${DEFAULT_PORT}; 0 = a free port)
  --host H      address to bind (default 127.0.0.1); an address other than
                localhost, 127.x.y.z or ::1 is refused while the server holds a
                token (the stand-in's, or ORIGIN_REGIONS_API_TOKEN), since anyone
                who reaches the port could use it: use an SSH tunnel instead
  --ranges DIR  folder of the vendors' IP range files for "Suggest vendor and region"
                (ip-ranges.json, cloud.json, ServiceTags_Public_*.json, public_ip_ranges.json;
                any may be missing); default with the stand-in: its sample files
  --no-open     do not open a browser (also ORIGIN_REGIONS_NO_OPEN=1)
environment:
  ORIGIN_REGIONS_API_BASE   forward to this API instead of the local stand-in
                            (default ${CLOUDFLARE_API} when a token is set)
  ORIGIN_REGIONS_API_TOKEN  API token the server adds to every forwarded request
  ORIGIN_REGIONS_ZONE_ID    the zone to manage (32 hex characters)
  ORIGIN_REGIONS_RANGES_DIR as --ranges
`;

export function parseArgs(argv, env = process.env) {
  const portText = env.PORT || undefined;
  const options = { port: DEFAULT_PORT, open: env.ORIGIN_REGIONS_NO_OPEN !== '1' };
  const toPort = (text, what) => {
    if (!/^[0-9]+$/.test(text ?? '') || Number(text) > 65535) throw new ConfigError(`${what} must be a port number (0 to 65535)`);
    return Number(text);
  };
  if (portText !== undefined) options.port = toPort(portText, 'PORT');
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      if (i >= argv.length) throw new ConfigError(`${flag} needs a value`);
      return argv[i];
    };
    switch (flag) {
      case '--port': options.port = toPort(value(), '--port'); break;
      case '--host': options.host = value(); break;
      case '--ranges': options.rangesDir = value(); break;
      case '--no-open': options.open = false; break;
      case '-h':
      case '--help': options.help = true; break;
      default: throw new ConfigError(`unknown option ${flag}`);
    }
  }
  return options;
}

/** Opens the URL in a browser when there is a desktop to show it on. */
function openBrowser(url) {
  const hasDisplay =
    process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay || !process.stdout.isTTY) return;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener: the printed URL is enough.
  }
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const demo = await startDemoServer(options);
  const what =
    demo.mode === 'stand-in'
      ? `local Cloudflare API stand-in, zone ${demo.zoneId}`
      : `forwarding to ${demo.apiBase}${demo.zoneId ? `, zone ${demo.zoneId}` : ''}`;
  const rangesWhat = demo.rangesDir ? `range files from ${demo.rangesDir}` : demo.ranges === 'sample' ? 'sample range files' : 'no range files';
  process.stdout.write(`origin-regions demo: open ${demo.url} (${what}; ${rangesWhat}; Ctrl-C stops it)\n`);
  if (options.open) openBrowser(demo.url);
  const stop = () => demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main().catch((error) => {
    process.stderr.write(`origin-regions demo: ${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
    process.exit(1);
  });
}
