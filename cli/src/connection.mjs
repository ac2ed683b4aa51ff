// The client, from the environment: credentials are never taken from the
// command line (shell history, `ps`), only from CLOUDFLARE_API_TOKEN or
// CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.
import { OriginRegionsClient } from 'origin-regions';
import { CliError } from './errors.mjs';

/** The credential values present in the environment, for the output scrubber. */
export function secretsOf(env) {
  return [env.CLOUDFLARE_API_TOKEN, env.CLOUDFLARE_API_KEY].filter((s) => typeof s === 'string' && s !== '');
}

function credentials(env, baseUrl) {
  const token = env.CLOUDFLARE_API_TOKEN || '';
  const email = env.CLOUDFLARE_EMAIL || '';
  const key = env.CLOUDFLARE_API_KEY || '';
  // A token wins over a key pair also present: it is the scoped credential.
  if (token) return { apiToken: token };
  if (email && key) return { apiEmail: email, apiKey: key };
  if (email || key) {
    throw new CliError(`${email ? 'CLOUDFLARE_EMAIL' : 'CLOUDFLARE_API_KEY'} is set without ${email ? 'CLOUDFLARE_API_KEY' : 'CLOUDFLARE_EMAIL'}: the legacy key needs both`);
  }
  // With another base URL (a proxy that adds credentials) none is needed.
  if (baseUrl) return {};
  throw new CliError('no credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) in the environment');
}

/**
 * @param {{ zone?: string, 'base-url'?: string }} values parsed options
 * @param {Record<string, string | undefined>} env
 * @param {{ concurrency?: number }} [extra]
 */
export function connect(values, env, extra = {}) {
  const zoneId = values.zone ?? env.CLOUDFLARE_ZONE_ID;
  if (!zoneId) throw new CliError('no zone: pass --zone ID or set CLOUDFLARE_ZONE_ID');
  const baseUrl = values['base-url'];
  const options = { zoneId, ...credentials(env, baseUrl), ...extra };
  if (baseUrl) options.baseUrl = baseUrl;
  // The library's own checks (zone id format, URL, credential shape) name the
  // option and the rule; they surface as a `validation` error.
  return new OriginRegionsClient(options);
}
