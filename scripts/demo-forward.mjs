// The demo server's API side (scripts/demo-server.mjs): forwarding the origin
// cloud region endpoints to the API with the server's credential, the guards
// on who may use it, and the small answers the server sends itself.

export const API_PREFIX = '/client/v4';
// Only the origin cloud region endpoints are forwarded: a server holding a
// token must not become a general-purpose relay for it.
const FORWARDED_PATH = /^\/zones\/([0-9a-f]{32})\/(?:cache\/origin_cloud_regions|origin\/cloud_regions)(?:\/[^/]*)?$/;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

// A dotted quad 127.x.y.z with numeric octets only: a name such as
// 127.attacker.example resolves wherever its owner likes (DNS rebinding).
const LOOPBACK_V4 = /^127\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** True only for names that always mean this machine: localhost, 127.x.y.z, ::1. */
export function isLoopbackHost(hostname) {
  const name = String(hostname ?? '').toLowerCase();
  return ['localhost', '::1', '[::1]'].includes(name) || LOOPBACK_V4.test(name);
}

export function sendText(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendJson(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** A Cloudflare-shaped refusal, so the page's client reports it like any API error. */
export function sendEnvelopeError(res, status, code, message) {
  sendJson(res, status, { success: false, errors: [{ code, message }], messages: [], result: null });
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
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function forward(req, res, url, upstream, log) {
  const rest = url.pathname.slice(API_PREFIX.length);
  const route = FORWARDED_PATH.exec(rest);
  if (!route || (upstream.zoneId && route[1] !== upstream.zoneId)) {
    req.resume();
    const scope = upstream.zoneId ? `of zone ${upstream.zoneId}` : '';
    return sendEnvelopeError(res, 404, 7000, `The demo server forwards only the origin cloud regions endpoints ${scope}`.trim());
  }
  let body;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error.tooLarge) sendEnvelopeError(res, 413, 1000, 'Request body too large');
    return;
  }
  const headers = { accept: 'application/json' };
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  if (upstream.token) {
    headers.authorization = `Bearer ${upstream.token}`;
  } else {
    // No server credential: pass on what the page sent (a token typed into it).
    for (const name of ['authorization', 'x-auth-email', 'x-auth-key']) {
      if (req.headers[name]) headers[name] = req.headers[name];
    }
  }
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  let answer;
  try {
    answer = await fetch(`${upstream.base}${rest}${url.search}`, {
      method: req.method,
      headers,
      body: body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined,
      redirect: 'manual',
      signal: controller.signal,
    });
  } catch (error) {
    if (!controller.signal.aborted) {
      // Mirror the failure: the page's client sees a network error, as it
      // would talking to the API directly; the reason goes to the terminal.
      log(`demo server: ${req.method} ${rest} to ${upstream.base} failed: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
      res.destroy();
    }
    return;
  }
  let payload;
  try {
    payload = Buffer.from(await answer.arrayBuffer());
  } catch (error) {
    if (!controller.signal.aborted) {
      log(`demo server: reading the answer to ${req.method} ${rest} failed: ${error.cause?.code ?? error.message}`);
      res.destroy();
    }
    return;
  }
  const out = { 'Content-Length': payload.length, 'Cache-Control': 'no-store' };
  for (const name of ['content-type', 'retry-after']) {
    const value = answer.headers.get(name);
    if (value !== null) out[name] = value;
  }
  res.writeHead(answer.status, out);
  res.end(payload);
}

/**
 * DNS rebinding guard: a Host header other than the name the server listens
 * on means a foreign site resolved its own name to this machine.
 */
export function isForeignHost(req, port, host) {
  if (host === '0.0.0.0' || host === '::') return false;
  const given = req.headers.host ?? '';
  const name = given.replace(/:\d+$/, '');
  const allowed = isLoopbackHost(name) || name === host || name === `[${host}]`;
  return !allowed || (given.match(/:(\d+)$/)?.[1] ?? '80') !== String(port);
}

/**
 * Cross-site guard for the API and /config.json: another tab's page must not
 * use the token the server adds (Sec-Fetch-Site, or Origin when absent). The
 * Origin must be the server's own in full (scheme, host and port), read from
 * the Host header that isForeignHost has already checked.
 */
export function isCrossSite(req) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).origin !== new URL(`http://${req.headers.host ?? ''}`).origin;
  } catch {
    return true;
  }
}
