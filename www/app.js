// The demo page: connects an OriginRegionsClient to the zone (through the
// demo server's /client/v4, which adds the credential, or with a token typed
// into the connect form) and wires the mappings table, the add/edit/delete
// dialogs, the bulk import and the sync from CSV to it.

import { OriginRegionsClient, OriginRegionsError, canonicalizeIp, checkMappings } from 'origin-regions';
import { makeCatalogue } from './data.js';
import { clearError, count, describeError, renderError, setStatus } from './ui.js';
import { MappingsTable } from './table.js';
import { MappingDialogs } from './dialogs.js';
import { BulkImport } from './import.js';
import { CsvSync } from './sync.js';
import { SuggestRegions } from './suggest.js';

window.originRegionsDemoStarted = true;
const $ = (id) => document.getElementById(id);
const PROXY_BASE = `${location.origin}/client/v4`;

/** What every part of the page shares: the client, the catalogue, error and status reporting. */
const app = {
  client: null,
  catalogue: null,
  /** `supportedRegions()` as the package answered it (RegionIndex's `suggest` takes it). */
  supported: null,
  zoneId: null,
  proxied: true,
  canonicalizeIp,
  checkMappings,
  /** The zone's size as last loaded, or null before the first load. */
  zoneTotal: () => table.zoneTotal,
  /** Whether the table has seen `ip` mapped in the zone. */
  knownIp: (ip) => Boolean(table.known(ip)),
  reportError(error, action, hint) {
    const banner = $('banner');
    renderError(banner, describeError(error, action, { proxied: app.proxied, hint }), {
      onDismiss: () => {
        app.clearError();
        $('main').focus(); // the dismiss button is gone; keep keyboard focus on the page
      },
    });
    setStatus(''); // the alert says it; a stale success line would contradict it
  },
  clearError() {
    clearError($('banner'));
  },
  setStatus,
};

const table = new MappingsTable(app);
const dialogs = new MappingDialogs(app, {
  onSaved: async (mapping) => {
    await table.reload({ invalidate: true });
    if (!mapping.deleted) table.highlight(mapping.ip);
  },
  onCancelled: () => table.reload({ invalidate: true }),
  known: (ip) => table.known(ip),
});
const bulk = new BulkImport(app, { onImported: () => table.reload({ invalidate: true }) });
const sync = new CsvSync(app, bulk, { onApplied: () => table.reload({ invalidate: true }) });
new SuggestRegions(app, { bulk, sync });
table.onEdit = (mapping) => dialogs.openEdit(mapping);
table.onDelete = (mapping) => dialogs.openDelete(mapping);

// Anything thrown outside a handled call still reaches the person, not just the console.
window.addEventListener('error', (event) => app.reportError(event.error ?? event.message, 'The page'));
window.addEventListener('unhandledrejection', (event) => app.reportError(event.reason, 'The page'));

function targetLabel(config, baseUrl) {
  if (baseUrl === PROXY_BASE && config.target === 'stand-in') return 'Local API stand-in';
  if (baseUrl === PROXY_BASE && config.apiBase) return `${new URL(config.apiBase).host} via demo server`;
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Makes a client and checks it by loading the catalogue. Resolves true when
 * the dashboard is up; on failure the banner says why and nothing is kept.
 */
async function connect(config, { baseUrl, zoneId, token }) {
  app.clearError();
  for (const id of ['connect-base', 'connect-zone', 'connect-token']) $(id).removeAttribute('aria-invalid');
  let client;
  try {
    client = new OriginRegionsClient({
      zoneId,
      baseUrl,
      // A typed token is held by the client only; the page keeps no copy.
      ...(token ? { apiToken: token, dangerouslyAllowBrowser: true } : {}),
    });
  } catch (error) {
    app.reportError(error, 'Connecting');
    // Point at the setting the constructor refused.
    if (error instanceof OriginRegionsError && error.kind === 'validation' && !$('connect').hidden) {
      const field = /zoneId/.test(error.message) ? 'connect-zone' : /baseUrl/.test(error.message) ? 'connect-base' : 'connect-token';
      $(field).setAttribute('aria-invalid', 'true');
      $(field).focus();
    }
    return false;
  }
  app.proxied = baseUrl === PROXY_BASE;
  setStatus('Loading the supported regions…');
  try {
    app.supported = await client.supportedRegions();
    app.catalogue = makeCatalogue(app.supported);
  } catch (error) {
    client.free();
    app.reportError(error, 'Loading the supported regions');
    return false;
  }
  app.client = client;
  app.zoneId = zoneId;
  $('zone-id').textContent = zoneId;
  $('target-badge').textContent = targetLabel(config, baseUrl);
  $('zone-info').hidden = false;
  $('disconnect').hidden = Boolean(config.preconfigured);
  $('connect').hidden = true;
  $('dashboard').hidden = false;
  dialogs.setCatalogue(app.catalogue);
  if (await table.reload({ invalidate: true })) setStatus(`Loaded ${count(table.zoneTotal ?? 0, 'mapping')}.`);
  return true;
}

function disconnect(config) {
  app.client?.free();
  app.client = null;
  table.clear();
  bulk.clear();
  sync.clear();
  app.clearError();
  $('dashboard').hidden = true;
  $('zone-info').hidden = true;
  showConnectForm(config);
  setStatus('Disconnected.');
}

function showConnectForm(config) {
  $('connect').hidden = false;
  const base = $('connect-base');
  if (!base.value) base.value = config.proxy === false ? 'https://api.cloudflare.com/client/v4' : PROXY_BASE;
  $('connect-base-help').textContent =
    config.proxy === false
      ? "Cloudflare's API does not accept requests from web pages; point this at a proxy that adds CORS."
      : config.apiBase
        ? `This page's server forwards ${PROXY_BASE} to ${config.apiBase}, so the browser needs no CORS from the API.`
        : `This page's server forwards ${PROXY_BASE} to the API.`;
  if (!$('connect-zone').value && config.zoneId) $('connect-zone').value = config.zoneId;
  const serverToken = Boolean(config.serverAddsCredentials);
  $('connect-token-field').hidden = serverToken;
  (config.zoneId ? (serverToken ? $('connect-submit') : $('connect-token')) : $('connect-zone')).focus();
}

/** Copies the zone id; the id itself is shown in full, and can be selected by hand too. */
async function copyZoneId() {
  try {
    await navigator.clipboard.writeText(app.zoneId);
    setStatus('Copied the zone id.');
  } catch {
    // No clipboard access (an insecure origin, or refused): select the text instead.
    getSelection().selectAllChildren($('zone-id'));
    setStatus('Selected the zone id: copy it with the keyboard.');
  }
}

async function loadConfig() {
  try {
    const answer = await fetch('/config.json', { headers: { accept: 'application/json' } });
    if (answer.ok) return { proxy: true, ...(await answer.json()) };
  } catch {
    // Served by something other than the demo server: no proxy, ask for everything.
  }
  return { proxy: false, preconfigured: false, zoneId: null, target: null };
}

async function start() {
  const config = await loadConfig();
  // Unless boot.js reported that the package's wasm could not load.
  if (!$('boot').classList.contains('boot-failed')) $('boot').hidden = true;
  $('connect-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = $('connect-submit');
    const tokenInput = $('connect-token');
    const settings = {
      baseUrl: $('connect-base').value.trim().replace(/\/+$/, ''),
      zoneId: $('connect-zone').value.trim().toLowerCase(),
      token: config.serverAddsCredentials ? '' : tokenInput.value.trim(),
    };
    submit.disabled = true;
    submit.textContent = 'Connecting…';
    try {
      if (await connect(config, settings)) tokenInput.value = '';
    } finally {
      submit.disabled = false;
      submit.textContent = 'Connect';
    }
  });
  $('disconnect').addEventListener('click', () => disconnect(config));
  $('zone-copy').addEventListener('click', () => copyZoneId());

  if (config.preconfigured && config.zoneId) {
    if (await connect(config, { baseUrl: PROXY_BASE, zoneId: config.zoneId })) return;
    // The server's settings did not work: the banner says why; offer the form too.
  }
  showConnectForm(config);
}

start().catch((error) => app.reportError(error, 'Starting the page'));
