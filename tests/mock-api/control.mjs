// The control API under /__mock/: lets a test (in Node or in a browser) reset
// state, load mappings, arm faults, read the request log and set latency.
// No auth; plain JSON in and out (not the Cloudflare envelope).

function ok(body = { ok: true }, status = 200) {
  return { status, body };
}

function bad(error, status = 400) {
  return { status, body: { ok: false, error } };
}

/** Parses an optional JSON body; an empty body is `fallback`. */
function parseBody(rawBody, fallback) {
  if (rawBody.trim() === '') return { value: fallback };
  try {
    return { value: JSON.parse(rawBody) };
  } catch {
    return { error: bad('body is not valid JSON') };
  }
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Handles one control request.
 *   path: the decoded path after /__mock (e.g. '/faults')
 *   query: URLSearchParams
 */
export function handleControl({ method, path, query, rawBody, state }) {
  const zoneMappings = /^\/zones\/([^/]+)\/mappings\/?$/.exec(path);
  const route = zoneMappings ? '/zones/{zone}/mappings' : path.replace(/\/$/, '');
  const key = `${method} ${route}`;

  switch (key) {
    case 'GET /health':
      return ok({ ok: true });

    case 'POST /reset': {
      const body = parseBody(rawBody, {});
      if (body.error) return body.error;
      if (!isObject(body.value)) return bad('body must be a JSON object');
      const { zone, seed } = body.value;
      if (zone !== undefined && typeof zone !== 'string') return bad('zone must be a string');
      if (seed !== undefined && typeof seed !== 'boolean') return bad('seed must be a boolean');
      state.reset({ zone, seed });
      return ok();
    }

    case 'PUT /zones/{zone}/mappings': {
      const body = parseBody(rawBody, undefined);
      if (body.error) return body.error;
      try {
        const count = state.setMappings(zoneMappings[1], body.value);
        return ok({ ok: true, count });
      } catch (error) {
        return bad(error.message);
      }
    }

    case 'GET /zones/{zone}/mappings':
      return ok(state.getMappings(zoneMappings[1]));

    case 'POST /faults': {
      const body = parseBody(rawBody, undefined);
      if (body.error) return body.error;
      try {
        return ok({ ok: true, fault: state.addFault(body.value) });
      } catch (error) {
        return bad(error.message);
      }
    }

    case 'GET /faults':
      return ok(state.listFaults());

    case 'DELETE /faults':
      state.clearFaults(query.get('zone') || undefined);
      return ok();

    case 'GET /requests':
      return ok(state.getRequests(query.get('zone') || undefined));

    case 'DELETE /requests':
      state.clearRequests(query.get('zone') || undefined);
      return ok();

    case 'GET /config':
      return ok({ latencyMs: state.latencyMs });

    case 'POST /config': {
      const body = parseBody(rawBody, {});
      if (body.error) return body.error;
      if (!isObject(body.value)) return bad('body must be a JSON object');
      const { latencyMs } = body.value;
      if (latencyMs !== undefined) {
        if (!Number.isInteger(latencyMs) || latencyMs < 0) return bad('latencyMs must be a non-negative integer');
        state.latencyMs = latencyMs;
      }
      return ok({ ok: true, latencyMs: state.latencyMs });
    }

    default:
      return bad(`no control route ${method} /__mock${path}`, 404);
  }
}
