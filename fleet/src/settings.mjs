// The Worker's settings, read from its vars (wrangler.jsonc) and checked
// once per invocation, so a bad value stops the run with a message naming
// the var and the rule instead of turning into odd behaviour later.

const DEFAULTS = {
  API_BASE: 'https://api.cloudflare.com/client/v4',
  FLEET_CONFIG_KEY: 'fleet.json',
  RATE_LIMIT_REQUESTS: 1200,
  RATE_LIMIT_WINDOW_MS: 300000,
  RATE_LIMIT_MARGIN_MS: 2000,
  PERMIT_MAX_WAIT_MS: 310000,
  CONNECTIONS: 6,
  CLIENT_MAX_RETRIES: 2,
  REQUEST_TIMEOUT_MS: 30000,
  CLIENT_RETRY_DELAY_MS: 500,
  CLIENT_CONCURRENCY: 3,
  RETRY_BASE_SECONDS: 30,
  RETRY_MAX_SECONDS: 900,
  MAX_DEFERRALS: 50,
  STATUS_FAILED_LIMIT: 100,
};

// [name, lowest, highest] for each whole-number setting.
const INTEGER_RANGES = [
  ['RATE_LIMIT_REQUESTS', 1, 1_000_000],
  ['RATE_LIMIT_WINDOW_MS', 1, 86_400_000],
  ['RATE_LIMIT_MARGIN_MS', 0, 600_000],
  ['PERMIT_MAX_WAIT_MS', 0, 570_000],
  ['CONNECTIONS', 1, 6],
  ['CLIENT_MAX_RETRIES', 0, 10],
  ['REQUEST_TIMEOUT_MS', 1, 30_000],
  ['CLIENT_RETRY_DELAY_MS', 0, 60_000],
  ['CLIENT_CONCURRENCY', 1, 32],
  ['RETRY_BASE_SECONDS', 0, 43_200],
  ['RETRY_MAX_SECONDS', 0, 43_200],
  ['MAX_DEFERRALS', 0, 10_000],
  ['STATUS_FAILED_LIMIT', 0, 10_000],
];

export class SettingsError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SettingsError';
  }
}

function integerSetting(env, name, low, high) {
  const raw = env[name] ?? DEFAULTS[name];
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new SettingsError(`var ${name} ${JSON.stringify(raw)}: must be a whole number from ${low} to ${high}`);
  }
  return value;
}

function textSetting(env, name) {
  const value = env[name] ?? DEFAULTS[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SettingsError(`var ${name}: must be a non-empty string`);
  }
  return value;
}

/** The settings of this deployment; throws SettingsError naming a bad var. */
export function readSettings(env) {
  const settings = {
    apiBase: textSetting(env, 'API_BASE'),
    fleetConfigKey: textSetting(env, 'FLEET_CONFIG_KEY'),
  };
  for (const [name, low, high] of INTEGER_RANGES) settings[name] = integerSetting(env, name, low, high);
  // The client's per-attempt timeout covers the wait for a permit too; the
  // request itself has REQUEST_TIMEOUT_MS once its permit is due.
  if (settings.CLIENT_CONCURRENCY > settings.CONNECTIONS) {
    throw new SettingsError(`var CLIENT_CONCURRENCY ${settings.CLIENT_CONCURRENCY}: must be at most CONNECTIONS (${settings.CONNECTIONS})`);
  }
  // Zones run side by side in one invocation, within its connections.
  settings.zonesAtOnce = Math.floor(settings.CONNECTIONS / settings.CLIENT_CONCURRENCY);
  settings.clientTimeoutMs = settings.PERMIT_MAX_WAIT_MS + settings.REQUEST_TIMEOUT_MS;
  return Object.freeze(settings);
}

/** The Worker secret holding the API token; never put in a message, log or record. */
export function apiToken(env) {
  const token = env.CLOUDFLARE_API_TOKEN;
  if (typeof token !== 'string' || token === '') {
    throw new SettingsError('secret CLOUDFLARE_API_TOKEN is not set (wrangler secret put CLOUDFLARE_API_TOKEN)');
  }
  return token;
}
