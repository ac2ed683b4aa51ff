// The mappings table: pages, sorting, filtering and CSV export.
//
// Unsorted and unfiltered, each page is one `list({ page, perPage })` call,
// as the API pages it. Sorting or filtering applies to the whole zone, so
// then the table loads every mapping once with `listAll()` (at most 35
// requests at the 3,500-mapping limit) and pages locally, until the next write
// or Refresh.

import { h, count, ipCode, longDate, number, shortDate } from './ui.js';
import { mappingComparator, matchesFilter, toCsv, vendorLabel } from './data.js';

const $ = (id) => document.getElementById(id);
const SORT_CYCLE = { none: 'ascending', ascending: 'descending', descending: 'none' };
const COLUMN_NAMES = { ip: 'IP address', vendor: 'vendor', region: 'region' };
const NARROW = '(max-width: 720px)'; // style.css turns rows into cards below this width
const SLOW_LOAD_MS = 400; // a quicker load shows no "Loading" line and no Cancel
const LOADING = 'Loading mappings…';

export class MappingsTable {
  constructor(app) {
    this.app = app;
    this.page = 1;
    this.perPage = 20;
    this.sort = { key: null, direction: 'none' };
    this.filter = '';
    this.all = null; // every mapping, when sorting or filtering
    this.items = [];
    this.total = 0;
    this.totalPages = 1;
    this.zoneTotal = null;
    this.seq = 0;
    this.loading = null; // { call: AbortController, timer, previous } of the load in flight
    this.onEdit = () => {};
    this.onDelete = () => {};
    this.wire();
  }

  wire() {
    for (const th of document.querySelectorAll('#mappings-table th[data-sort]')) {
      th.querySelector('button').addEventListener('click', () => {
        const key = th.dataset.sort;
        const current = this.sort.key === key ? this.sort.direction : 'none';
        this.sortBy(key, SORT_CYCLE[current]);
      });
    }
    // On a narrow screen the header row is hidden (rows are cards): its sort
    // buttons leave the tab order, and the "Sort by" list stands in for them.
    const narrow = matchMedia(NARROW);
    const placeSortControls = () => {
      for (const button of document.querySelectorAll('#mappings-table th[data-sort] button')) {
        if (narrow.matches) button.setAttribute('tabindex', '-1');
        else button.removeAttribute('tabindex');
      }
    };
    narrow.addEventListener('change', placeSortControls);
    placeSortControls();
    $('sort-select').addEventListener('change', (event) => {
      const [key, direction] = event.target.value.split(':');
      this.sortBy(key, direction ?? 'none');
    });
    $('load-cancel').addEventListener('click', () => {
      this.loading?.call.abort(new DOMException('Cancelled by the person', 'AbortError'));
    });
    $('per-page').addEventListener('change', (event) => {
      this.perPage = Number(event.target.value);
      this.page = 1;
      this.reload();
    });
    $('prev-page').addEventListener('click', () => this.goTo(this.page - 1));
    $('next-page').addEventListener('click', () => this.goTo(this.page + 1));
    $('refresh-button').addEventListener('click', async () => {
      if (this.loading) return; // aria-disabled while a load runs
      this.app.clearError();
      if (await this.reload({ invalidate: true })) this.app.setStatus(`Refreshed: ${count(this.zoneTotal ?? this.total, 'mapping')}.`);
    });
    $('export-button').addEventListener('click', () => this.exportCsv());
    let timer;
    $('filter').addEventListener('input', (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.filter = event.target.value;
        this.page = 1;
        this.reload();
      }, 200);
    });
  }

  sortBy(key, direction) {
    this.sort = direction === 'none' || !key ? { key: null, direction: 'none' } : { key, direction };
    this.page = 1;
    this.reload();
  }

  /**
   * A load in flight: Refresh waits (aria-disabled, so keyboard focus stays),
   * and a load that takes a moment says so in the status line and offers Cancel.
   */
  startLoading() {
    this.stopLoading();
    const call = new AbortController();
    const previous = $('status').textContent;
    const timer = setTimeout(() => {
      this.app.setStatus(LOADING);
      $('load-cancel').hidden = false;
    }, SLOW_LOAD_MS);
    this.loading = { call, timer, previous };
    $('refresh-button').setAttribute('aria-disabled', 'true');
    $('mappings-table').setAttribute('aria-busy', 'true');
    return call;
  }

  stopLoading() {
    const loading = this.loading;
    if (!loading) return;
    clearTimeout(loading.timer);
    this.loading = null;
    const cancel = $('load-cancel');
    // The Cancel button hides: keyboard focus goes back to Refresh.
    if (cancel === document.activeElement) $('refresh-button').focus();
    cancel.hidden = true;
    $('refresh-button').removeAttribute('aria-disabled');
    $('mappings-table').removeAttribute('aria-busy');
    if ($('status').textContent === LOADING) this.app.setStatus(loading.previous);
  }

  get wholeZone() {
    return Boolean(this.sort.key) || this.filter.trim() !== '';
  }

  /** The mapping of `ip` when the table has seen it (for the add dialog's warning). */
  known(ip) {
    return (this.all ?? this.items).find((m) => m.ip === ip);
  }

  /** Marks the row of `ip` for a moment, when it is on the page shown. */
  highlight(ip) {
    const row = [...$('mappings-body').rows].find((r) => r.dataset.ip === ip);
    if (!row) return;
    row.classList.add('row-flash');
    setTimeout(() => row.classList.remove('row-flash'), 2500);
  }

  goTo(page) {
    if (page < 1 || page > this.totalPages) return;
    const from = document.activeElement;
    this.page = page;
    this.reload().then(() => {
      // A pager button that just became disabled would drop keyboard focus.
      if (from?.disabled) (from.id === 'next-page' ? $('prev-page') : $('next-page')).focus();
    });
  }

  clear() {
    this.all = null;
    this.items = [];
    $('mappings-body').replaceChildren();
  }

  /** Loads the current page; resolves false when the load failed (the banner says why). */
  async reload({ invalidate = false } = {}) {
    const client = this.app.client;
    if (!client) return false;
    const seq = ++this.seq;
    if (invalidate) this.all = null;
    const { signal } = this.startLoading(); // a newer load replaces this one
    try {
      if (this.wholeZone) {
        this.all ??= await client.listAll({ signal });
        let rows = this.all.filter((m) => matchesFilter(m, this.filter));
        if (this.sort.key) rows = rows.sort(mappingComparator(this.sort.key, this.sort.direction));
        this.total = rows.length;
        this.zoneTotal = this.all.length;
        this.totalPages = Math.max(1, Math.ceil(rows.length / this.perPage));
        this.page = Math.min(this.page, this.totalPages);
        this.items = rows.slice((this.page - 1) * this.perPage, this.page * this.perPage);
      } else {
        let page = await client.list({ page: this.page, perPage: this.perPage, signal });
        if (page.items.length === 0 && this.page > 1 && page.totalPages < this.page) {
          // The last page emptied (a delete elsewhere): show the new last one.
          this.page = Math.max(1, page.totalPages);
          page = await client.list({ page: this.page, perPage: this.perPage, signal });
        }
        this.items = page.items;
        this.total = page.totalCount;
        this.zoneTotal = page.totalCount;
        this.totalPages = Math.max(1, page.totalPages);
      }
      if (seq !== this.seq) return true;
      this.render();
      return true;
    } catch (error) {
      if (seq !== this.seq) return false;
      this.stopLoading();
      if (signal.aborted && error?.kind === 'aborted') {
        this.app.setStatus(`Loading cancelled: the table still shows the ${count(this.zoneTotal ?? this.total, 'mapping')} loaded before.`);
      } else {
        this.app.reportError(error, 'Loading mappings');
      }
      return false;
    } finally {
      if (seq === this.seq) this.stopLoading();
    }
  }

  render() {
    const catalogue = this.app.catalogue;
    const body = $('mappings-body');
    if (this.items.length === 0) {
      const text = this.filter.trim()
        ? `No mapping matches “${this.filter.trim()}”.`
        : 'This zone has no mappings yet. Add one, or paste a list into Bulk import below.';
      body.replaceChildren(h('tr', { class: 'empty', role: 'row' }, h('td', { colspan: 6, role: 'cell' }, text)));
    } else {
      body.replaceChildren(
        ...this.items.map((m) => {
          const colos = catalogue?.colos(m.vendor, m.region) ?? [];
          return h(
            'tr',
            { role: 'row', dataset: { ip: m.ip, vendor: m.vendor, region: m.region } },
            h('td', { role: 'cell', 'data-label': 'IP address' }, ipCode(m.ip)),
            h('td', { role: 'cell', 'data-label': 'Vendor' }, h('span', { class: `vendor vendor-${m.vendor}` }, vendorLabel(m.vendor))),
            h('td', { role: 'cell', 'data-label': 'Region', class: 'region' }, m.region),
            h(
              'td',
              { role: 'cell', 'data-label': 'Upper-tier colos' },
              colos.length ? h('span', { class: 'colos' }, colos.map((c) => h('span', { class: 'colo' }, c))) : h('span', { class: 'muted' }, '—'),
            ),
            h(
              'td',
              { role: 'cell', 'data-label': 'Modified', class: 'muted nowrap' },
              m.modifiedOn ? h('time', { datetime: m.modifiedOn, title: longDate(m.modifiedOn) }, shortDate(m.modifiedOn)) : '—',
            ),
            h(
              'td',
              { role: 'cell', class: 'row-actions' },
              h(
                'button',
                { type: 'button', class: 'button button-small', 'aria-label': `Edit ${m.ip}`, dataset: { action: 'edit', ip: m.ip }, onclick: () => this.onEdit(m) },
                'Edit',
              ),
              h(
                'button',
                { type: 'button', class: 'button button-small button-danger-quiet', 'aria-label': `Delete ${m.ip}`, onclick: () => this.onDelete(m) },
                'Delete',
              ),
            ),
          );
        }),
      );
    }
    for (const th of document.querySelectorAll('#mappings-table th[data-sort]')) {
      th.setAttribute('aria-sort', this.sort.key === th.dataset.sort ? this.sort.direction : 'none');
    }
    $('sort-select').value = this.sort.key ? `${this.sort.key}:${this.sort.direction}` : '';
    const first = this.total === 0 ? 0 : (this.page - 1) * this.perPage + 1;
    const last = (this.page - 1) * this.perPage + this.items.length;
    const zone = this.zoneTotal ?? this.total;
    $('mappings-summary').textContent = `${count(zone, 'mapping')} in this zone`;
    $('page-info').textContent =
      this.total === 0 ? 'No rows' : `${first}–${last} of ${number(this.total)} · page ${this.page} of ${this.totalPages}`;
    $('prev-page').disabled = this.page <= 1;
    $('next-page').disabled = this.page >= this.totalPages;
    const all = count(zone, 'mapping');
    const filter = this.filter.trim();
    const sorted = this.sort.key ? `sorted by ${COLUMN_NAMES[this.sort.key]} (${this.sort.direction})` : '';
    let note = filter ? `${count(this.total, 'match', 'matches')} for “${filter}” among ${all}` : '';
    if (sorted) note = note ? `${note}, ${sorted}` : `${sorted[0].toUpperCase()}${sorted.slice(1)} across all ${all}`;
    $('sort-note').textContent = note ? `${note}.` : '';
  }

  async exportCsv() {
    const button = $('export-button');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    this.app.setStatus('Exporting every mapping…');
    try {
      const all = await this.app.client.listAll();
      const name = `origin-regions-${this.app.zoneId}-${new Date().toISOString().slice(0, 10)}.csv`;
      const url = URL.createObjectURL(new Blob([toCsv(all)], { type: 'text/csv;charset=utf-8' }));
      const link = h('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.app.setStatus(`Exported ${count(all.length, 'mapping')} to ${name}.`);
    } catch (error) {
      this.app.reportError(error, 'Exporting');
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}
