// Bulk import: pasted lines or a CSV file are parsed and checked row by row
// (canonical IP, vendor and region against the catalogue, the same IP twice)
// before anything is sent; one click then sends the valid rows with
// `batchUpdate`, showing progress, and each row shows its outcome.

import { h, count, ipCode, number } from './ui.js';
import { checkImportRows, parseImport, sameIpNotes, vendorLabel } from './data.js';
import { plainMessage } from './messages.js';

const $ = (id) => document.getElementById(id);
const ZONE_LIMIT = 3500;
const fmt = number;
const STATUS_LABELS = { ready: 'Ready', invalid: 'Not sent', sending: 'Sending', applied: 'Applied', failed: 'Failed' };

export class BulkImport {
  constructor(app, { onImported }) {
    this.app = app;
    this.onImported = onImported;
    this.rows = [];
    this.running = false;
    // False while the card is in "make the zone equal this list" mode (sync.js):
    // the text is then the sync's, and this preview stays hidden.
    this.active = true;
    /** Called when the text is replaced other than by typing (a file loaded, Clear). */
    this.onTextReplaced = () => {};
    let timer;
    $('import-text').addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.preview(), 250);
    });
    $('import-file').addEventListener('change', async (event) => {
      const file = event.target.files?.[0];
      if (!file) return;
      $('import-text').value = await file.text();
      event.target.value = '';
      this.preview();
      this.onTextReplaced();
      this.app.setStatus(`Loaded ${file.name}.`);
    });
    $('import-clear').addEventListener('click', () => {
      if (this.running) return;
      this.clear();
      this.onTextReplaced();
      $('import-text').focus();
    });
    $('import-problems-only').addEventListener('change', (event) => {
      $('import-table').classList.toggle('only-problems', event.target.checked);
    });
    $('import-run').addEventListener('click', () => this.run());
  }

  clear() {
    if (this.running) return;
    $('import-text').value = '';
    this.rows = [];
    $('import-preview').hidden = true;
    $('import-body').replaceChildren();
  }

  /** Shows (true) or hides (false) this mode's preview; the text is kept. */
  setActive(active) {
    this.active = active;
    if (active) {
      this.preview();
    } else {
      $('import-preview').hidden = true;
    }
  }

  /** Parses and checks the text; nothing is sent. */
  preview() {
    if (this.running || !this.active) return;
    const text = $('import-text').value;
    $('import-progress-wrap').hidden = true;
    if (text.trim() === '' || !this.app.catalogue) {
      this.rows = [];
      $('import-preview').hidden = true;
      return;
    }
    const { rows } = parseImport(text);
    this.refusal = null;
    let checked;
    try {
      checked = checkImportRows(rows, this.app.catalogue, { check: this.app.checkMappings, canonicalize: this.app.canonicalizeIp });
    } catch (error) {
      // The package refuses a list past the zone limit as a whole: nothing can be sent.
      this.refusal = plainMessage(error?.message ?? error);
      checked = rows.map((row) => ({ ...row, errors: [this.refusal] }));
    }
    this.rows = sameIpNotes(checked).map((row) => ({
      ...row,
      state: row.errors.length ? 'invalid' : 'ready',
      outcome: row.errors.join(' '),
    }));
    this.result = null;
    this.render();
  }

  tally() {
    const t = { ready: 0, invalid: 0, sending: 0, applied: 0, failed: 0 };
    for (const row of this.rows) t[row.state] += 1;
    return t;
  }

  render() {
    $('import-preview').hidden = false;
    $('import-body').replaceChildren(...this.rows.map((row) => this.renderRow(row)));
    const t = this.tally();
    const total = count(this.rows.length, 'row');
    let summary;
    let warning = '';
    if (this.result) {
      summary = `${count(t.applied, 'mapping')} applied, ${fmt(t.failed)} failed, ${fmt(t.invalid)} not sent · ${count(this.result.requests, 'request')}.`;
    } else if (this.running) {
      summary = `${total}: sending ${fmt(t.sending)}…`;
    } else if (this.refusal) {
      summary = `${total}: none can be sent. ${this.refusal}`;
    } else {
      summary = `${total}: ${fmt(t.ready)} ready to send, ${fmt(t.invalid)} with problems (not sent).`;
      warning = this.zoneLimitWarning();
      if (warning) summary += ` ${warning}`;
    }
    const summaryEl = $('import-summary');
    summaryEl.textContent = summary;
    summaryEl.classList.toggle('has-problems', t.invalid + t.failed > 0 || Boolean(warning));
    summaryEl.classList.toggle('all-applied', Boolean(this.result) && t.failed + t.invalid === 0);
    const run = $('import-run');
    if (this.running) {
      run.disabled = true;
      run.textContent = 'Importing…';
    } else if (this.result) {
      // Rows the API refused can be sent again (after a fault clears, say).
      run.disabled = t.failed === 0;
      run.textContent = t.failed > 0 ? `Retry ${count(t.failed, 'failed row')}` : 'Imported';
    } else {
      run.disabled = t.ready === 0;
      run.textContent = t.ready > 0 ? `Import ${count(t.ready, 'mapping')}` : 'Nothing to import';
    }
  }

  /** The IPs the ready rows would add to the zone (those the table has not seen there). */
  newIps() {
    const ips = new Set(this.rows.filter((r) => r.state === 'ready').map((r) => r.canonical));
    return [...ips].filter((ip) => !this.app.knownIp(ip));
  }

  /** Before sending: the zone's mappings plus the new IPs, against the zone limit. */
  zoneLimitWarning() {
    const existing = this.app.zoneTotal();
    const added = this.newIps().length;
    if (existing === null || existing + added <= ZONE_LIMIT) return '';
    return (
      `The zone has ${count(existing, 'mapping')}; with ${count(added, 'new IP')} it would have ${fmt(existing + added)}, ` +
      `past the limit of ${fmt(ZONE_LIMIT)}, so the API would refuse up to ${count(existing + added - ZONE_LIMIT, 'row')}. ` +
      'Remove rows, or delete mappings first.'
    );
  }

  renderRow(row) {
    const note = row.state === 'ready' && row.note ? h('span', { class: 'row-note' }, row.note) : null;
    return h(
      'tr',
      { role: 'row', dataset: { state: row.state, line: row.line } },
      h('td', { role: 'cell', class: 'num', 'data-label': 'Line' }, row.line),
      h('td', { role: 'cell', 'data-label': 'IP as given' }, ipCode(row.ip || '—')),
      h(
        'td',
        { role: 'cell', 'data-label': 'Canonical IP' },
        row.canonical ? ipCode(row.canonical, `ip${row.canonical !== row.ip ? ' ip-changed' : ''}`) : h('span', { class: 'muted' }, '—'),
      ),
      h('td', { role: 'cell', 'data-label': 'Vendor' }, row.item?.vendor ? vendorLabel(row.item.vendor) : row.vendor || '—'),
      h('td', { role: 'cell', 'data-label': 'Region' }, row.item?.region || row.region || '—'),
      h(
        'td',
        { role: 'cell', class: 'status-cell', 'data-label': 'Status' },
        h('span', { class: `pill pill-${row.state}` }, STATUS_LABELS[row.state]),
        row.outcome && row.state !== 'applied' ? h('span', { class: 'reason' }, row.outcome) : null,
        note,
      ),
    );
  }

  setProgress({ done, total, requests }) {
    const bar = $('import-progress');
    bar.max = Math.max(1, total);
    bar.value = done;
    bar.classList.remove('progress-failed');
    $('import-progress-text').textContent = `${number(done)} of ${count(total, 'item')} sent · ${count(requests, 'request')}`;
  }

  /** The bar after the run: filled as far as rows were applied; what failed shows as failed. */
  showOutcome({ applied, failed, total, requests }) {
    const bar = $('import-progress');
    bar.max = Math.max(1, total);
    bar.value = applied;
    bar.classList.toggle('progress-failed', failed > 0);
    $('import-progress-text').textContent =
      `${number(applied)} of ${count(total, 'mapping')} applied` + `${failed ? ` · ${number(failed)} failed` : ''} · ${count(requests, 'request')}`;
  }

  async run() {
    if (this.running) return;
    const retry = Boolean(this.result);
    const sendable = this.rows.filter((row) => row.state === (retry ? 'failed' : 'ready'));
    if (sendable.length === 0) return;
    this.app.clearError();
    this.running = true;
    for (const row of sendable) row.state = 'sending';
    for (const id of ['import-text', 'import-clear', 'import-file']) $(id)[id === 'import-text' ? 'readOnly' : 'disabled'] = true;
    $('import-mode').disabled = true;
    const bar = $('import-progress');
    bar.max = sendable.length;
    bar.removeAttribute('value'); // indeterminate until the first report
    $('import-progress-text').textContent = `Sending ${count(sendable.length, 'mapping')}…`;
    $('import-progress-wrap').hidden = false;
    this.render();
    let reports = 0;
    try {
      const result = await this.app.client.batchUpdate(
        sendable.map((row) => row.item),
        {
          onProgress: (progress) => {
            reports += 1;
            this.setProgress(progress);
          },
        },
      );
      this.apply(sendable, result);
      this.result = { requests: (this.result?.requests ?? 0) + result.requests };
      const t = this.tally();
      const applied = sendable.filter((row) => row.state === 'applied').length;
      const failed = sendable.length - applied;
      this.showOutcome({ applied, failed, total: sendable.length, requests: result.requests });
      $('import-progress').dataset.reports = String(reports);
      const notSent = t.invalid ? `; ${fmt(t.invalid)} not sent` : '';
      this.app.setStatus(
        applied === 0
          ? `The import failed: none of the ${count(failed, 'mapping')} sent was applied (the reasons are in the list)${notSent}.`
          : `Imported ${count(applied, 'mapping')} in ${count(result.requests, 'request')}${failed ? `; ${fmt(failed)} failed` : ''}${notSent}.`,
      );
    } catch (error) {
      for (const row of sendable) row.state = retry ? 'failed' : 'ready';
      $('import-progress-wrap').hidden = true;
      this.app.reportError(error, 'Importing');
    } finally {
      this.running = false;
      for (const id of ['import-text', 'import-clear', 'import-file']) $(id)[id === 'import-text' ? 'readOnly' : 'disabled'] = false;
      $('import-mode').disabled = false;
      this.render();
    }
    if (this.result) await this.onImported();
  }

  /** Gives every sent row its outcome, matched by the IP text it was sent with. */
  apply(sent, result) {
    const byInput = new Map();
    const add = (input, outcome) => {
      if (!byInput.has(input)) byInput.set(input, []);
      byInput.get(input).push(outcome);
    };
    for (const s of result.succeeded) add(s.input, { ok: true });
    for (const f of result.failed) add(f.input, { ok: false, error: f.error });
    for (const row of sent) {
      const queue = byInput.get(row.ip);
      // Agreeing duplicates were sent once and share that outcome.
      const outcome = queue?.length > 1 ? queue.shift() : queue?.[0];
      if (!outcome) {
        row.state = 'failed';
        row.outcome = 'The API reported no outcome for this row.';
      } else if (outcome.ok) {
        row.state = 'applied';
        row.outcome = '';
      } else {
        row.state = 'failed';
        row.outcome = plainMessage(outcome.error);
      }
    }
  }
}
