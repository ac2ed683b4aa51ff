// The lists of a sync plan, as the page shows them: creates, changes (old →
// new), deletes (each flagged when a rejected row names its IP), rejected
// rows, and the unchanged mappings folded away. After apply, each write's row
// shows its outcome.

import { h, count, ipCode, number } from './ui.js';
import { vendorLabel } from './data.js';
import { plainMessage } from './messages.js';

/** Each list of the plan: its heading, and its table's accessible name. */
const LISTS = {
  create: { title: 'To create', label: 'Mappings to create' },
  change: { title: 'To change', label: 'Mappings to change' },
  delete: { title: 'To delete', label: 'Mappings to delete' },
  rejected: { title: 'Rejected rows', label: 'Rejected rows (not sent)' },
  unchanged: { title: 'Unchanged', label: 'Mappings already as listed' },
};

const vendorTag = (vendor) => h('span', { class: `vendor vendor-${vendor}` }, vendorLabel(vendor));
const regionTag = (region, changed = false) => h('code', { class: `region${changed ? ' diff-new' : ''}` }, region);
const cell = (label, ...content) => h('td', { role: 'cell', 'data-label': label }, ...content);

/**
 * The plan's lists, for `#sync-lists`: `plan` from `client.plan()`,
 * `rejected` from `syncRejections`, `outcomes` from `applyOutcomes` (or null
 * before apply).
 */
export function planLists({ plan, rejected, outcomes }) {
  return [
    list('create', plan.create, outcomes?.upserted, ['IP address', 'Vendor', 'Region'], (m) => [
      cell('IP address', ipCode(m.ip)),
      cell('Vendor', vendorTag(m.vendor)),
      cell('Region', regionTag(m.region)),
    ]),
    list('change', plan.change, outcomes?.upserted, ['IP address', 'Now', 'After'], (c) => [
      cell('IP address', ipCode(c.ip)),
      cell('Now', h('span', { class: 'pair pair-from' }, vendorTag(c.from.vendor), ' ', regionTag(c.from.region))),
      cell(
        'After',
        h(
          'span',
          { class: 'pair pair-to' },
          h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→ '),
          c.to.vendor !== c.from.vendor ? h('span', { class: 'diff-new' }, vendorTag(c.to.vendor)) : vendorTag(c.to.vendor),
          ' ',
          regionTag(c.to.region, c.to.region !== c.from.region || c.to.vendor !== c.from.vendor),
        ),
      ),
    ]),
    list('delete', plan.delete, outcomes?.deleted, ['IP address', 'Vendor', 'Region'], (m) => {
      const named = rejected.find((r) => r.canonical === m.ip);
      return [
        cell('IP address', ipCode(m.ip), named ? h('span', { class: 'row-note' }, `line ${named.line} names it but was rejected`) : null),
        cell('Vendor', vendorTag(m.vendor)),
        cell('Region', regionTag(m.region)),
      ];
    }),
    rejectedList(rejected),
    unchangedList(plan.unchanged),
  ].filter(Boolean);
}

/** A section listing one kind of write; after apply (`outcomes` given) each row shows its outcome. */
function list(key, items, outcomes, columns, cells) {
  if (items.length === 0) return null;
  const head = outcomes ? [...columns, 'Outcome'] : columns;
  const rows = items.map((item) => {
    const row = h('tr', { role: 'row', dataset: { ip: item.ip } }, ...cells(item));
    if (outcomes) {
      const outcome = outcomes.get(item.ip) ?? { ok: false, error: 'The API reported no outcome for this item.' };
      row.dataset.state = outcome.ok ? 'applied' : 'failed';
      row.append(
        h(
          'td',
          { role: 'cell', class: 'status-cell', 'data-label': 'Outcome' },
          h('span', { class: `pill pill-${outcome.ok ? 'applied' : 'failed'}` }, outcome.ok ? 'Applied' : 'Failed'),
          outcome.ok ? null : h('span', { class: 'reason' }, plainMessage(outcome.error)),
        ),
      );
    }
    return row;
  });
  return section(key, items.length, head, rows);
}

function rejectedList(rejected) {
  if (rejected.length === 0) return null;
  const rows = rejected.map((r) =>
    h(
      'tr',
      { role: 'row', dataset: { state: 'invalid', line: r.line ?? '' } },
      h('td', { role: 'cell', class: 'num', 'data-label': 'Line' }, r.line ?? '—'),
      cell('IP as given', ipCode(r.ip || '—')),
      h('td', { role: 'cell', class: 'status-cell', 'data-label': 'Reason' }, h('span', { class: 'pill pill-invalid' }, 'Not sent'), h('span', { class: 'reason' }, r.reason)),
    ),
  );
  return section('rejected', rejected.length, ['Line', 'IP as given', 'Reason'], rows);
}

/** Unchanged mappings, folded away: they need no write. */
function unchangedList(items) {
  if (items.length === 0) return null;
  const rows = items.map((m) =>
    h(
      'tr',
      { role: 'row', dataset: { ip: m.ip } },
      cell('IP address', ipCode(m.ip)),
      cell('Vendor', vendorTag(m.vendor)),
      cell('Region', regionTag(m.region)),
    ),
  );
  return h(
    'details',
    { class: 'plan-list plan-list-unchanged', dataset: { list: 'unchanged' } },
    h('summary', {}, `${count(items.length, 'mapping')} already as listed (no write)`),
    table('unchanged', ['IP address', 'Vendor', 'Region'], rows),
  );
}

function section(key, n, columns, rows) {
  const id = `sync-list-${key}`;
  return h(
    'section',
    { class: `plan-list plan-list-${key}`, 'aria-labelledby': id, dataset: { list: key } },
    h('h4', { id }, LISTS[key].title, h('span', { class: `count-badge count-${key}` }, number(n))),
    table(key, columns, rows),
  );
}

function table(key, columns, rows) {
  return h(
    'div',
    { class: 'table-wrap table-scroll plan-scroll', tabindex: '0', role: 'region', 'aria-label': LISTS[key].label },
    h(
      'table',
      { class: `table plan-table plan-table-${key}`, role: 'table', 'aria-label': LISTS[key].label },
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, columns.map((c) => h('th', { scope: 'col', role: 'columnheader' }, c)))),
      h('tbody', { role: 'rowgroup' }, rows),
    ),
  );
}
