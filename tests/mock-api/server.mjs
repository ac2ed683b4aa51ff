#!/usr/bin/env node
// A local stand-in for the Cloudflare Origin Cloud Regions API (v1 and v2),
// with a control API under /__mock/ for tests. Node built-ins only; runs on
// Node 18 and later.
//
//   import { startMockApi } from './server.mjs';
//   const api = await startMockApi({ seed: true });   // api.url, api.port, api.state
//   ...
//   await api.close();
//
//   node tests/mock-api/server.mjs [--port N] [--host H] [--seed] [--latency MS]
//        [--token T] [--email E --key K] [--no-auth]

import http from 'node:http';
import { realpathSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { MockState } from './state.mjs';
import { handleApi, failure, zoneOf } from './routes.mjs';
import { handleControl } from './control.mjs';

export const API_PREFIX = '/client/v4';
export const CONTROL_PREFIX = '/__mock';
export const DEFAULT_PORT = 8790;
export const DEFAULT_CREDENTIALS = Object.freeze({
  token: 'test-token',
  email: 'user@example.com',
  key: 'test-global-key',
});
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const CORS_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Auth-Email, X-Auth-Key',
  'Access-Control-Expose-Headers': 'Retry-After, cf-ray',
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Max-Age': '600',
});

// ---- small helpers ------------------------------------------------------------

/** Sleeps `ms`, ending early (resolving false) if `signal` aborts. */
function sleep(ms, signal) {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Compares secrets without leaking their length or content through timing. */
function sameSecret(given, expected) {
  const a = Buffer.from(String(given));
  const b = Buffer.from(String(expected));
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res, status, body, headers = {}) {
  if (res.destroyed || res.writableEnded) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Checks credentials. Returns { kind: 'bearer'|'key'|'none', ok }.
 * An Authorization header is judged on its own; otherwise X-Auth-Email and
 * X-Auth-Key must both be present and right. With `noAuth`, a request with
 * no credentials at all is accepted, but wrong ones are still rejected.
 */
export function checkAuth(headers, config) {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const m = /^Bearer +(\S+)$/i.exec(authorization);
    return { kind: 'bearer', ok: Boolean(m) && sameSecret(m[1], config.token) };
  }
  const email = headers['x-auth-email'];
  const key = headers['x-auth-key'];
  if (email !== undefined || key !== undefined) {
    const ok =
      email !== undefined &&
      key !== undefined &&
      sameSecret(email, config.email) &&
      sameSecret(key, config.key);
    return { kind: 'key', ok };
  }
  return { kind: 'none', ok: config.noAuth };
}

// ---- faults ---------------------------------------------------------------------

const FAULT_ERRORS = {
  429: { code: 971, message: 'Please wait and consider throttling your request speed' },
  '5xx': { code: 1140, message: 'Unable to update origin_public_cloud_region setting value. Internal error.' },
  auth: { code: 10000, message: 'Authentication error' },
};

function faultError(status) {
  if (status === 429) return FAULT_ERRORS[429];
  if (status >= 500) return FAULT_ERRORS['5xx'];
  if (status === 401 || status === 403) return FAULT_ERRORS.auth;
  return { code: 1000, message: `Simulated failure (HTTP ${status})` };
}

function htmlPage(status) {
  const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
  return (
    '<!DOCTYPE html>\n<html>\n<head><title>' +
    title +
    '</title></head>\n<body>\n<center><h1>' +
    title +
    '</h1></center>\n<hr><center>cloudflare</center>\n</body>\n</html>\n'
  );
}

const TRUNCATED_BODY =
  '{"success":true,"errors":[],"messages":[],"result":{"id":"origin_public_cloud_region","editable":true,"value":[{"origin-ip":"192.0.2.1","reg';

/**
 * Applies a fault. Returns true when the request has been dealt with, false
 * when it should continue to the normal handler (kind `delay`).
 */
async function applyFault(fault, req, res, signal) {
  const retryAfter = fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
  switch (fault.kind) {
    case 'status': {
      const error = faultError(fault.status);
      send(res, fault.status, failure(fault.status, error.code, error.message).body, retryAfter);
      return true;
    }
    case 'reset':
      req.socket.destroy();
      return true;
    case 'delay':
      await sleep(fault.delayMs, signal);
      return signal.aborted;
    case 'html':
      send(res, fault.status, htmlPage(fault.status), { 'Content-Type': 'text/html; charset=utf-8', ...retryAfter });
      return true;
    case 'truncated':
      send(res, fault.status ?? 200, TRUNCATED_BODY, retryAfter);
      return true;
    case 'notjson':
      send(res, fault.status ?? 200, 'not json', retryAfter);
      return true;
    case 'success-false':
      send(
        res,
        fault.status ?? 200,
        failure(200, 1140, FAULT_ERRORS['5xx'].message).body,
        retryAfter,
      );
      return true;
    case 'hang':
      // Never answer; the socket closes when the client gives up or the
      // server is closed.
      return true;
    default:
      return false;
  }
}

// ---- request handling --------------------------------------------------------------

async function handleApiRequest(req, res, ctx, url, signal) {
  const { state, auth } = ctx;
  const apiPath = url.pathname.slice(API_PREFIX.length) || '/';
  let rawBody;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    if (error.tooLarge) send(res, 413, failure(413, 1000, 'Request body too large').body);
    return;
  }
  let decodedPath = apiPath;
  try {
    decodedPath = decodeURIComponent(apiPath);
  } catch {
    // keep the raw path for fault matching
  }
  const credentials = checkAuth(req.headers, auth);
  const zone = zoneOf(apiPath);
  let items = null;
  try {
    const parsed = rawBody ? JSON.parse(rawBody) : null;
    if (Array.isArray(parsed)) items = parsed.length;
  } catch {
    // not JSON: items stays null
  }
  // Every answer carries a cf-ray, as Cloudflare's do (what support asks for).
  const ray = `${randomBytes(8).toString('hex')}-SJC`;
  res.setHeader('cf-ray', ray);
  state.logRequest({
    ray,
    method: req.method,
    path: apiPath,
    query: Object.fromEntries(url.searchParams),
    zone,
    auth: credentials.kind,
    items,
    at: Date.now(),
  });

  if (!(await sleep(state.latencyMs, signal))) return;

  const fault = state.takeFault({ zone, method: req.method, path: apiPath, decodedPath });
  if (fault && (await applyFault(fault, req, res, signal))) return;

  if (!credentials.ok) {
    send(res, 403, failure(403, 10000, 'Authentication error').body);
    return;
  }
  const { status, body } = handleApi({
    method: req.method,
    apiPath,
    query: url.searchParams,
    rawBody,
    state,
  });
  send(res, status, body);
}

async function handleControlRequest(req, res, ctx, url) {
  let rawBody;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    if (error.tooLarge) send(res, 413, { ok: false, error: 'body too large' });
    return;
  }
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(CONTROL_PREFIX.length));
  } catch {
    send(res, 400, { ok: false, error: 'malformed path' });
    return;
  }
  const { status, body } = handleControl({
    method: req.method,
    path,
    query: url.searchParams,
    rawBody,
    state: ctx.state,
  });
  send(res, status, body);
}

async function handle(req, res, ctx) {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  const controller = new AbortController();
  res.on('close', () => controller.abort());

  if (req.method === 'OPTIONS') {
    res.writeHead(204);
    res.end();
    return;
  }
  const url = new URL(req.url, 'http://mock.invalid');
  if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    await handleControlRequest(req, res, ctx, url);
  } else if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
    await handleApiRequest(req, res, ctx, url, controller.signal);
  } else {
    req.resume();
    send(res, 404, failure(404, 7000, 'No route for that URI').body);
  }
}

// ---- public entry point ---------------------------------------------------------

function hostForUrl(host) {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the mock API.
 *
 * options:
 *   port      (default 0 = a free port)       host (default '127.0.0.1')
 *   seed      (default false) seed zone 023e105f4ecef8ad9ca31a8372d0c353
 *   latencyMs / latency (default 0) ms added to every API response
 *   token, email, key   accepted credentials (defaults in DEFAULT_CREDENTIALS)
 *   noAuth    (default false) accept requests that carry no credentials
 *   zoneLimit (default 3500), catalogue (default supported-regions.json)
 *
 * Resolves to { url, port, host, close(), state, server }.
 */
export async function startMockApi(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const state = new MockState({
    seed: options.seed ?? false,
    latencyMs: options.latencyMs ?? options.latency ?? 0,
    ...(options.catalogue ? { catalogue: options.catalogue } : {}),
    ...(options.zoneLimit ? { zoneLimit: options.zoneLimit } : {}),
  });
  const ctx = {
    state,
    auth: {
      token: options.token ?? DEFAULT_CREDENTIALS.token,
      email: options.email ?? DEFAULT_CREDENTIALS.email,
      key: options.key ?? DEFAULT_CREDENTIALS.key,
      noAuth: Boolean(options.noAuth),
    },
  };

  const server = http.createServer((req, res) => {
    handle(req, res, ctx).catch((error) => {
      process.stderr.write(`origin-regions mock API: internal error: ${error?.stack ?? error}\n`);
      send(res, 500, failure(500, 1000, 'Internal error in the mock API').body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();
  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      // Hanging and keep-alive connections would otherwise hold close() open.
      server.closeAllConnections();
    });
    return closing;
  };
  return { url: `http://${hostForUrl(host)}:${port}${API_PREFIX}`, port, host, close, state, server };
}

// ---- command line -----------------------------------------------------------------

const USAGE = `usage: node tests/mock-api/server.mjs [options]
  --port N        port to listen on (default $MOCK_API_PORT or ${DEFAULT_PORT}; 0 = any free port)
  --host H        address to bind (default 127.0.0.1)
  --seed          start zone 023e105f4ecef8ad9ca31a8372d0c353 with sample mappings
  --latency MS    add MS milliseconds to every API response
  --token T       accepted API token (default ${DEFAULT_CREDENTIALS.token})
  --email E       accepted X-Auth-Email (default ${DEFAULT_CREDENTIALS.email})
  --key K         accepted X-Auth-Key (default: the built-in test key)
  --no-auth       accept requests without credentials (wrong ones still fail)
`;

function parseInteger(text, flag) {
  if (!/^[0-9]+$/.test(text ?? '')) throw new Error(`${flag} needs a non-negative integer`);
  return Number(text);
}

export function parseArgs(argv, env = process.env) {
  const options = { port: env.MOCK_API_PORT ? parseInteger(env.MOCK_API_PORT, 'MOCK_API_PORT') : DEFAULT_PORT };
  for (let i = 0; i < argv.length; i += 1) {
    let arg = argv[i];
    let inline;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq !== -1) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      if (i >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[i];
    };
    switch (arg) {
      case '--port': options.port = parseInteger(value(), '--port'); break;
      case '--host': options.host = value(); break;
      case '--seed': options.seed = true; break;
      case '--latency': options.latencyMs = parseInteger(value(), '--latency'); break;
      case '--token': options.token = value(); break;
      case '--email': options.email = value(); break;
      case '--key': options.key = value(); break;
      case '--no-auth': options.noAuth = true; break;
      case '-h':
      case '--help': options.help = true; break;
      default: throw new Error(`unknown option ${arg}`);
    }
  }
  if (options.port > 65535) throw new Error('--port must be at most 65535');
  return options;
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
  const api = await startMockApi(options);
  process.stdout.write(`origin-regions mock API listening on ${api.url}\n`);
  const stop = () => {
    api.close().then(() => process.exit(0));
  };
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
    process.stderr.write(`origin-regions mock API failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
