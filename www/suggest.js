// "Suggest vendor and region": pasted origin IPs are looked up in the cloud
// vendors' published IP range files, which the demo server serves under
// /ranges/. The files are read and the index (`RegionIndex` of
// `origin-regions/ranges`, its own wasm module, loaded only when first
// needed) built once; `suggest` then sorts the IPs into matches, matches in
// regions Cloudflare does not support, IPs in no range and rejected lines.
// One action hands the matches to the bulk import (or the sync) as CSV lines,
// where they are checked and sent as any pasted list.

import { h, count, ipCode, number } from './ui.js';
import { vendorLabel } from './data.js';
import { WITHOUT_CATALOGUE, importTextWith, parseIpList, rangeFileLines, suggestOptions, suggestionGroups, suggestionSummary } from './suggest-data.js';

const $ = (id) => document.getElementById(id);

/** Each list of the answer: its heading, its table's accessible name, its columns. */
const LISTS = {
  matched: { title: 'Matched', label: 'IPs with a suggested vendor and region', columns: ['Line', 'IP as given', 'Canonical IP', 'Vendor', 'Region'] },
  unsupported: {
    title: 'In regions Cloudflare does not support',
    label: 'IPs in regions Cloudflare does not support (not taken)',
    columns: ['Line', 'IP as given', 'Canonical IP', 'Vendor', 'Region'],
  },
  unmatched: { title: "In no vendor's ranges", label: "IPs in no vendor's ranges", columns: ['Line', 'IP as given', 'Canonical IP'] },
  rejected: { title: 'Rejected lines', label: 'Rejected lines', columns: ['Line', 'As given', 'Reason'] },
};

const SOURCES = {
  sample: 'the sample files of the local API stand-in',
  folder: "the demo server's ranges folder",
};

export class SuggestRegions {
  constructor(app, { bulk, sync }) {
    this.app = app;
    this.bulk = bulk;
    this.sync = sync;
    this.files = null; // the server's /ranges/ answer
    this.index = null; // the RegionIndex, built once
    this.groups = null;
    this.busy = false;
    $('suggest-run').addEventListener('click', () => this.run());
    $('suggest-take').addEventListener('click', () => this.take());
    $('suggest-text').addEventListener('input', () => this.retire());
    $('suggest-sample').addEventListener('click', () => this.addSample());
    this.listed = this.listFiles();
  }

  /** Asks the server which range files it has; without any, or when it cannot tell, says so and offers nothing to run. */
  async listFiles() {
    const note = $('suggest-files');
    let failure = null;
    try {
      const answer = await fetch('/ranges/', { headers: { accept: 'application/json' } });
      if (answer.ok) this.files = await answer.json();
      else failure = `the demo server answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''} to GET /ranges/`;
    } catch {
      failure = 'the demo server could not be reached';
    }
    failure ??= this.files.error ?? null;
    if (failure) {
      this.files = { source: 'none', files: {} };
      $('suggest-run').disabled = true;
      this.warn(
        'unlisted',
        `The range files could not be listed: ${failure}. Check the demo server's terminal for the reason, then reload the page.`,
      );
      return;
    }
    const names = Object.values(this.files.files ?? {}).map((f) => f.name);
    if (names.length === 0) {
      $('suggest-run').disabled = true;
      this.warn(
        'none',
        h(
          'span',
          {},
          "The demo server has no range files, so no IP can be matched. ",
          'Download the vendors\u2019 files (',
          h('code', {}, 'ip-ranges.json'),
          ', ',
          h('code', {}, 'cloud.json'),
          ', ',
          h('code', {}, 'ServiceTags_Public_*.json'),
          ', ',
          h('code', {}, 'public_ip_ranges.json'),
          ') into a folder and start the server with ',
          h('code', {}, '--ranges FOLDER'),
          '.',
        ),
      );
      return;
    }
    note.className = 'help suggest-files';
    $('suggest-sample').hidden = !(this.files.sampleIps?.length > 0);
    note.dataset.state = 'listed';
    note.textContent = `Range files from ${SOURCES[this.files.source] ?? 'the demo server'}: ${names.join(', ')}. They are read on the first suggestion.`;
  }

  /** Shows a problem with the files where they are listed. */
  warn(state, content) {
    const note = $('suggest-files');
    note.className = 'callout callout-warning suggest-files';
    note.dataset.state = state;
    note.replaceChildren(h('span', { class: 'callout-icon', 'aria-hidden': 'true' }, '!'), typeof content === 'string' ? h('span', {}, content) : content);
  }

  /** Adds the IPs the server offers with its sample files after the text there (none is lost). */
  addSample() {
    const ips = this.files?.sampleIps ?? [];
    const textarea = $('suggest-text');
    const before = textarea.value.replace(/\s*$/, '');
    textarea.value = `${before}${before ? '\n' : ''}${ips.join('\n')}\n`;
    this.retire();
    textarea.focus();
    this.app.setStatus(`Added ${count(ips.length, 'sample IP')} to the list: choose Suggest to see where each is hosted.`);
  }

  /** Reads the files and builds the index, once. Resolves false (the banner says why) when it cannot. */
  async ensureIndex() {
    if (this.index) return true;
    const files = this.files.files;
    const providers = {};
    const failed = [];
    await Promise.all(
      Object.entries(files).map(async ([vendor, file]) => {
        try {
          const answer = await fetch(file.url);
          if (answer.ok) providers[vendor] = await answer.text();
          else failed.push(`${file.name} (HTTP ${answer.status})`);
        } catch {
          failed.push(`${file.name} (the demo server could not be reached)`);
        }
      }),
    );
    if (failed.length > 0) {
      // Nothing is built from part of the files: the matches would quietly lack a vendor.
      const message = `The demo server did not send ${failed.sort().join(', ')}. Reload the page to see the files it has now.`;
      this.warn('failed', message);
      this.app.setStatus(message); // the status line is the live region that announces it
      return false;
    }
    try {
      const { RegionIndex } = await import('origin-regions/ranges');
      this.index = RegionIndex.fromProviders(providers);
    } catch (error) {
      const where = this.files.source === 'folder' ? 'in the folder the demo server reads (--ranges)' : 'the demo server reads';
      this.app.reportError(error, 'Reading the range files', `Check the files ${where}, then choose Suggest again.`);
      return false;
    }
    const note = $('suggest-files');
    note.className = 'help suggest-files';
    note.dataset.state = 'loaded';
    note.replaceChildren(
      h('span', {}, `Range files from ${SOURCES[this.files.source] ?? 'the demo server'}:`),
      h(
        'ul',
        { class: 'suggest-file-list' },
        rangeFileLines(files, this.index.stats).map((f) =>
          h('li', { dataset: { vendor: f.vendor } }, h('strong', {}, f.label), ' ', h('code', {}, f.name), ` \u00b7 ${f.published} \u00b7 ${f.prefixes}`),
        ),
      ),
    );
    return true;
  }

  setBusy(busy, label) {
    this.busy = busy;
    const run = $('suggest-run');
    // Kept focusable while busy (aria-disabled), so keyboard focus is not lost.
    if (busy) run.setAttribute('aria-disabled', 'true');
    else run.removeAttribute('aria-disabled');
    run.textContent = label;
    $('suggest-result').toggleAttribute('aria-busy', busy);
  }

  async run() {
    if (this.busy) return;
    await this.listed;
    const entries = parseIpList($('suggest-text').value);
    if (entries.length === 0) {
      this.retire();
      this.app.setStatus('Paste at least one IP address, one a line, then choose Suggest.');
      $('suggest-text').focus();
      return;
    }
    this.app.clearError();
    this.setBusy(true, this.index ? 'Suggesting…' : 'Reading the range files…');
    try {
      if (!(await this.ensureIndex())) return;
      const answer = this.index.suggest(
        entries.map((e) => e.ip),
        suggestOptions(this.app.supported),
      );
      this.groups = suggestionGroups(entries, answer, this.app.canonicalizeIp);
    } catch (error) {
      this.app.reportError(error, 'Suggesting vendors and regions');
      return;
    } finally {
      this.setBusy(false, 'Suggest');
    }
    this.render();
    const caveat = this.app.supported ? '' : ` ${WITHOUT_CATALOGUE}`;
    $('suggest-summary').textContent += caveat;
    this.app.setStatus(`Suggestions for ${count(entries.length, 'line')}: ${suggestionSummary(this.groups)}${caveat}`);
  }

  /** Forgets the answer shown (the pasted text changed). */
  retire() {
    this.groups = null;
    $('suggest-result').hidden = true;
    $('suggest-lists').replaceChildren();
  }

  render() {
    const g = this.groups;
    $('suggest-result').hidden = false;
    $('suggest-summary').textContent = suggestionSummary(g);
    const repeats = g.repeats.length
      ? h('p', { class: 'help suggest-repeats' }, g.repeats.map((r) => `Line ${r.line} repeats the IP of line ${r.firstLine}.`).join(' '))
      : null;
    $('suggest-lists').replaceChildren(
      ...[
        list('matched', g.matched, (r) => [ipCell(r.ip), cell('Vendor', vendorTag(r.vendor)), cell('Region', h('code', { class: 'region' }, r.region))]),
        list('unsupported', g.unsupported, (r) => [ipCell(r.ip), cell('Vendor', vendorTag(r.vendor)), cell('Region', h('code', { class: 'region' }, r.region))]),
        list('unmatched', g.unmatched, (r) => [ipCell(r.ip)]),
        list('rejected', g.rejected, (r) => [
          h('td', { role: 'cell', class: 'status-cell', 'data-label': 'Reason' }, h('span', { class: 'pill pill-invalid' }, 'Rejected'), h('span', { class: 'reason' }, r.reason)),
        ]),
        repeats,
      ].filter(Boolean),
    );
    const take = $('suggest-take');
    take.disabled = g.matched.length === 0;
    take.textContent = g.matched.length ? `Add ${count(g.matched.length, 'mapping')} to the ${this.targetName()}` : 'No mapping to add';
  }

  targetName() {
    return this.sync.mode === 'sync' ? 'sync list' : 'bulk import';
  }

  /** Hands the matches to the import card as CSV lines; what is there already stays. */
  take() {
    const matched = this.groups?.matched ?? [];
    if (matched.length === 0) return;
    if (this.bulk.running || this.sync.running) {
      this.app.setStatus('The import card is sending; add the suggestions once it is done.');
      return;
    }
    const textarea = $('import-text');
    const before = textarea.value.trim() !== '';
    textarea.value = importTextWith(textarea.value, matched);
    this.bulk.preview();
    this.bulk.onTextReplaced();
    const target = this.targetName();
    $('suggest-take').disabled = true;
    $('suggest-take').textContent = `Added to the ${target}`;
    textarea.focus();
    textarea.scrollIntoView({ block: 'center' });
    this.app.setStatus(
      `Added ${count(matched.length, 'mapping')} to the ${target}${before ? ', after the lines already there' : ''}: ` +
        (this.sync.mode === 'sync' ? 'preview the plan, then apply it.' : 'review the rows, then import them.'),
    );
  }
}

const cell = (label, ...content) => h('td', { role: 'cell', 'data-label': label }, ...content);
const vendorTag = (vendor) => h('span', { class: `vendor vendor-${vendor}` }, vendorLabel(vendor));
const ipCell = (ip) => cell('Canonical IP', ipCode(ip));

/** A titled table of one group; each row starts with its line and the IP as given. */
function list(key, rows, cells) {
  if (rows.length === 0) return null;
  const { title, label, columns } = LISTS[key];
  const id = `suggest-list-${key}`;
  const body = rows.map((r) =>
    h(
      'tr',
      { role: 'row', dataset: { line: r.line ?? '', ip: r.ip ?? '' } },
      h('td', { role: 'cell', class: 'num', 'data-label': 'Line' }, r.line ?? '—'),
      cell(key === 'rejected' ? 'As given' : 'IP as given', ipCode(r.given === '' ? '—' : r.given)),
      ...cells(r),
    ),
  );
  return h(
    'section',
    { class: `plan-list suggest-list suggest-list-${key}`, 'aria-labelledby': id, dataset: { list: key } },
    h('h3', { id }, title, h('span', { class: `count-badge count-${key}` }, number(rows.length))),
    h(
      'div',
      { class: 'table-wrap table-scroll plan-scroll', tabindex: '0', role: 'region', 'aria-label': label },
      h(
        'table',
        { class: `table plan-table suggest-table suggest-table-${key}`, role: 'table', 'aria-label': label },
        h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, columns.map((c) => h('th', { scope: 'col', role: 'columnheader' }, c)))),
        h('tbody', { role: 'rowgroup' }, body),
      ),
    ),
  );
}
