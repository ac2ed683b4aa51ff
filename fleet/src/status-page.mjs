// GET /status: every zone's last outcome, as JSON for scripts and as a small
// HTML table for a browser (picked by the Accept header, or ?format=json|html).
// GET /status/<zone>: that zone's whole record, failed items included.
import { permitBucket } from './permit-bucket.mjs';
import { listStatuses, readRunRecord, readStatus } from './status-store.mjs';

const ZONE_ID = /^[0-9a-f]{32}$/;

const COLUMNS = [
  ['creates', 'Created'],
  ['changes', 'Changed'],
  ['deletes', 'Deleted'],
  ['failed', 'Failed'],
  ['requests', 'Requests'],
];

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function json(body, status = 200) {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', vary: 'accept' },
  });
}

function wantsHtml(request, url) {
  const format = url.searchParams.get('format');
  if (format) return format === 'html';
  return (request.headers.get('accept') ?? '').includes('text/html');
}

function timeCell(iso) {
  return iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time>` : '–';
}

function zoneRow(s) {
  const label = s.name ? `${escapeHtml(s.name)}<br><code>${escapeHtml(s.zone)}</code>` : `<code>${escapeHtml(s.zone)}</code>`;
  const counts = COLUMNS.map(([key]) => `<td class="n">${escapeHtml(s[key] ?? '–')}</td>`).join('');
  return (
    `<tr><th scope="row"><a href="/status/${escapeHtml(s.zone)}">${label}</a></th>` +
    `<td class="state-${escapeHtml(s.state)}">${escapeHtml(s.state)}</td><td>${timeCell(s.ranAt)}</td>${counts}` +
    `<td>${escapeHtml(s.reason ?? '')}</td></tr>`
  );
}

function renderHtml({ run, permits, zones }) {
  const runText = run
    ? `Last scheduled run: ${timeCell(run.runAt)}, ${escapeHtml(run.queued)} zones queued.`
    : 'No scheduled run yet.';
  const configErrors = run?.configErrors?.length
    ? `<h2>Configuration errors</h2><ul>${run.configErrors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`
    : '';
  const budget = permits
    ? `<p>API budget: ${escapeHtml(permits.inWindow.toLocaleString('en-US'))} of ${escapeHtml(permits.budget.toLocaleString('en-US'))} permits used in the last ${escapeHtml(Math.round(permits.windowMs / 1000))} s.</p>`
    : '';
  const head = COLUMNS.map(([, title]) => `<th scope="col" class="n">${title}</th>`).join('');
  const body = zones.length
    ? zones.map(zoneRow).join('\n')
    : `<tr><td colspan="${COLUMNS.length + 4}">No zone has run yet.</td></tr>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fleet sync status</title>
<style>
body { font: 16px/1.4 system-ui, sans-serif; margin: 1rem; color: #111; background: #fff; }
table { border-collapse: collapse; }
th, td { border: 1px solid #888; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
.n { text-align: right; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
a { color: #0645ad; }
</style>
</head>
<body>
<main>
<h1>Fleet sync status</h1>
<p>${runText}</p>
${budget}${configErrors}
<table>
<caption>Last outcome of each zone (${zones.length} zones)</caption>
<thead><tr><th scope="col">Zone</th><th scope="col">State</th><th scope="col">Ran at</th>${head}<th scope="col">Reason</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</main>
</body>
</html>
`;
}

async function permitUsage(env) {
  try {
    return await permitBucket(env).usage();
  } catch {
    return null; // the page still shows the zones
  }
}

export async function handleStatus(request, env, url) {
  const zone = url.pathname.slice('/status/'.length);
  if (url.pathname.startsWith('/status/') && zone !== '') {
    if (!ZONE_ID.test(zone)) return json({ error: `zone "${zone.slice(0, 64)}": must be 32 lower-case hex characters` }, 400);
    const record = await readStatus(env.STATUS, zone);
    return record ? json(record) : json({ error: `zone ${zone}: no status recorded` }, 404);
  }
  const [run, permits, zones] = await Promise.all([readRunRecord(env.STATUS), permitUsage(env), listStatuses(env.STATUS)]);
  const view = { run, permits, zones };
  if (!wantsHtml(request, url)) return json(view);
  return new Response(renderHtml(view), {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', vary: 'accept' },
  });
}
