// Sync from CSV: the bulk import card's second mode, "make the zone equal
// this list". The same text, file loader and parser as the import; "Preview
// plan" checks the rows here, then `client.plan(desired, { prune })` reads the
// zone and works out every write, which the page shows before anything is
// written: creates, changes (old → new), deletes (only with prune), unchanged,
// rejected rows, and the zone's size before → after. "Apply plan" then runs
// `client.apply(plan, { onProgress })` and shows each write's outcome.

import { h, count, number } from './ui.js';
import { applyOutcomes, parseImport, syncDesired, syncRejections } from './data.js';
import { planLists } from './plan-lists.js';

const $ = (id) => document.getElementById(id);

const MODES = {
  upsert: {
    title: 'Bulk import',
    sub: 'Every row is checked here first; only valid rows are sent, 100 a request.',
    label: 'Mappings to import',
    help: 'Existing mappings of the same IP are replaced.',
  },
  sync: {
    title: 'Sync from CSV',
    sub: 'The list is compared with the zone, and every write is shown before any is made.',
    label: 'The mappings this zone should have',
    help: "Each row is checked here first; the plan compares the valid rows with the zone's mappings.",
  },
};

export class CsvSync {
  constructor(app, bulk, { onApplied }) {
    this.app = app;
    this.bulk = bulk;
    this.onApplied = onApplied;
    this.mode = 'upsert';
    this.plan = null; // the plan shown, from client.plan()
    this.rejected = [];
    this.outcomes = null; // after apply: applyOutcomes(applied)
    this.applied = null;
    this.applyFailed = false; // apply threw midway: the plan is no longer current
    this.planning = false;
    this.planAbort = null; // cancels the reading of the zone for a plan no longer wanted
    this.running = false;
    this.seq = 0;

    for (const radio of document.querySelectorAll('input[name="import-mode"]')) {
      radio.addEventListener('change', () => radio.checked && this.setMode(radio.value));
    }
    // A plan answers one text and one prune setting: any change retires it.
    $('import-text').addEventListener('input', () => this.invalidate());
    bulk.onTextReplaced = () => this.invalidate();
    $('sync-prune').addEventListener('change', () => {
      this.showPruneNote();
      this.invalidate();
    });
    $('sync-preview').addEventListener('click', () => this.preview());
    $('sync-apply').addEventListener('click', () => this.apply());
    // A reload keeps form state: start from what the controls say.
    const checked = document.querySelector('input[name="import-mode"]:checked');
    this.setMode(checked?.value === 'sync' ? 'sync' : 'upsert');
    this.showPruneNote();
  }

  setMode(mode) {
    this.mode = mode;
    const texts = MODES[mode];
    $('import-title').textContent = texts.title;
    $('import-sub').textContent = texts.sub;
    $('import-text-label').textContent = texts.label;
    $('import-help-mode').textContent = texts.help;
    $('sync').hidden = mode !== 'sync';
    this.bulk.setActive(mode === 'upsert');
  }

  showPruneNote() {
    const on = $('sync-prune').checked;
    $('sync-prune-on').hidden = !on;
    $('sync-prune-off').hidden = on;
  }

  /** Forgets the plan shown (the text or the prune setting changed). */
  invalidate() {
    if (this.running) return;
    this.seq += 1; // a plan still being worked out is dropped when it arrives
    this.planAbort?.abort(); // and its reading of the zone stops
    this.planAbort = null;
    this.setPlanning(false);
    this.plan = null;
    this.outcomes = null;
    this.applied = null;
    this.applyFailed = false;
    this.confirming = false;
    $('sync-plan').hidden = true;
    $('sync-lists').replaceChildren();
    $('sync-stats').replaceChildren();
    $('sync-preview').textContent = 'Preview plan';
  }

  clear() {
    if (this.running) return;
    this.invalidate();
  }

  /** While planning the button stays focusable (aria-disabled), so keyboard focus is not lost. */
  setPlanning(planning) {
    this.planning = planning;
    const button = $('sync-preview');
    if (planning) {
      button.setAttribute('aria-disabled', 'true');
      button.textContent = 'Planning…';
      $('sync-plan').setAttribute('aria-busy', 'true');
    } else {
      button.removeAttribute('aria-disabled');
      $('sync-plan').removeAttribute('aria-busy');
    }
  }

  /** Checks the rows, then asks the package for the plan. Nothing is written. */
  async preview() {
    if (this.planning || this.running || !this.app.client || !this.app.catalogue) return;
    const text = $('import-text').value;
    this.app.clearError();
    if (text.trim() === '') {
      this.invalidate();
      this.app.setStatus('The list is empty: paste the mappings this zone should have, or load a CSV file.');
      $('import-text').focus();
      return;
    }
    const { rows } = parseImport(text);
    // Every row with three fields goes to the plan: its `rejected` is the check.
    const { desired, sent } = syncDesired(rows, this.app.catalogue);
    const prune = $('sync-prune').checked;
    this.invalidate();
    const seq = this.seq;
    const abort = new AbortController();
    this.planAbort = abort;
    this.setPlanning(true);
    this.app.setStatus(`Reading the zone to plan ${count(desired.length, 'row')}…`);
    try {
      const plan = await this.app.client.plan(desired, { prune, signal: abort.signal });
      if (seq !== this.seq) return;
      this.plan = plan;
      this.prune = prune;
      this.rejected = syncRejections(rows, plan.rejected, sent, desired, this.app.canonicalizeIp);
      this.render();
      this.app.setStatus('');
    } catch (error) {
      if (seq !== this.seq) return;
      const pastLimit = /past the limit|exceed the zone limit/.test(String(error?.message));
      const hint = pastLimit
        ? prune
          ? 'The list names more mappings than a zone may hold: shorten it.'
          : 'Turn on “Also delete mappings that are not in this list” to make room, or shorten the list.'
        : '';
      this.app.reportError(error, 'Planning the sync', hint);
    } finally {
      if (seq === this.seq) {
        this.planAbort = null;
        this.setPlanning(false);
        $('sync-preview').textContent = 'Preview plan';
      }
    }
  }

  writes() {
    const p = this.plan;
    return p ? p.create.length + p.change.length + p.delete.length : 0;
  }

  render() {
    const plan = this.plan;
    $('sync-plan').hidden = false;
    const writes = this.writes();
    const stats = [
      ['create', 'Create', plan.create.length],
      ['change', 'Change', plan.change.length],
      ['delete', 'Delete', plan.delete.length],
      ['unchanged', 'Unchanged', plan.unchanged.length],
      ['rejected', 'Rejected', this.rejected.length],
    ];
    $('sync-stats').replaceChildren(
      ...stats.map(([key, label, n]) =>
        h('div', { class: `stat stat-${key}${n > 0 ? ' stat-some' : ''}`, dataset: { stat: key } }, h('dt', {}, label), h('dd', {}, number(n))),
      ),
      h(
        'div',
        { class: 'stat stat-zone', dataset: { stat: 'zone' } },
        h('dt', {}, 'Zone size'),
        h(
          'dd',
          {},
          number(plan.zoneSize.before),
          h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '),
          h('span', { class: 'visually-hidden' }, this.outcomes ? ' became ' : ' becomes '),
          // After apply: the size the writes that succeeded left, not the plan's.
          number(this.outcomes ? this.done().zoneAfter : plan.zoneSize.after),
        ),
      ),
    );

    const summary = $('sync-summary');
    let text;
    let tone = '';
    if (this.applyFailed) {
      text = 'The plan was not fully applied (the banner says why): preview it again to see what is left.';
      tone = 'has-failures';
    } else if (this.outcomes) {
      const failed = this.failedCount();
      const requests = count(this.applied.requests, 'request');
      text =
        failed === 0
          ? `Applied all ${count(writes, 'write')} in ${requests}: the zone has ${count(plan.zoneSize.after, 'mapping')}.`
          : failed === writes
            ? `None of the ${count(writes, 'write')} was applied (${requests}); every one failed (reasons below). The zone still has ${count(this.done().zoneAfter, 'mapping')}.`
          : `Applied ${number(writes - failed)} of ${count(writes, 'write')} in ${requests}; ${number(failed)} failed (reasons below). Preview again to plan what is left.`;
      tone = failed === 0 ? 'all-applied' : 'has-failures';
    } else if (writes === 0) {
      text = `Nothing to do: the zone already matches this list${plan.unchanged.length ? ` (${count(plan.unchanged.length, 'mapping')} unchanged)` : ''}.`;
      if (this.rejected.length) text += ` ${count(this.rejected.length, 'rejected row')} left out.`;
      tone = 'nothing';
    } else {
      const parts = [
        plan.create.length && `${number(plan.create.length)} to create`,
        plan.change.length && `${number(plan.change.length)} to change`,
        plan.delete.length && `${number(plan.delete.length)} to delete`,
      ].filter(Boolean);
      text = `${count(writes, 'write')} planned: ${parts.join(', ')}. Nothing has been written yet.`;
      tone = plan.delete.length ? 'has-deletes' : '';
    }
    summary.textContent = text;
    summary.className = `plan-summary${tone ? ` ${tone}` : ''}`;
    $('sync-plan').dataset.state = this.outcomes ? 'applied' : writes === 0 ? 'empty' : 'planned';

    $('sync-lists').replaceChildren(...planLists({ plan, rejected: this.rejected, outcomes: this.outcomes }));

    const apply = $('sync-apply');
    apply.removeAttribute('aria-disabled');
    apply.classList.toggle('button-danger', !this.outcomes && plan.delete.length > 0);
    apply.classList.toggle('button-primary', Boolean(this.outcomes) || plan.delete.length === 0);
    if (this.running) {
      apply.setAttribute('aria-disabled', 'true');
      apply.textContent = 'Applying…';
    } else if (this.applyFailed) {
      apply.disabled = true;
      apply.textContent = 'Apply plan';
    } else if (this.outcomes) {
      apply.disabled = true;
      apply.textContent = this.failedCount() ? 'Applied, with failures' : 'Applied';
    } else if (writes === 0) {
      apply.disabled = true;
      apply.textContent = 'Nothing to apply';
    } else {
      apply.disabled = false;
      apply.textContent = this.confirming ? `Delete them anyway: apply ${count(writes, 'write')}` : `Apply plan: ${count(writes, 'write')}`;
    }
    this.showConfirm();
    if (!this.running && !this.outcomes) $('sync-progress-wrap').hidden = true;
  }

  /** Deletes of IPs that a rejected row names: likely a typo in that row, not a wish to delete. */
  namedDeletes() {
    const named = new Map(this.rejected.filter((r) => r.canonical).map((r) => [r.canonical, r]));
    return (this.plan?.delete ?? []).filter((m) => named.has(m.ip)).map((m) => ({ ip: m.ip, line: named.get(m.ip).line }));
  }

  /** The second confirmation, shown after the first click on Apply when `namedDeletes()` is not empty. */
  showConfirm() {
    const host = $('sync-confirm');
    const named = this.confirming && !this.running && !this.outcomes ? this.namedDeletes() : [];
    host.hidden = named.length === 0;
    if (host.hidden) return host.replaceChildren();
    const lines = named.map((n) => n.line);
    host.replaceChildren(
      h('span', { class: 'callout-icon', 'aria-hidden': 'true' }, '!'),
      h(
        'span',
        {},
        h('strong', {}, `The plan deletes ${count(named.length, 'IP')} that ${named.length === 1 ? 'a rejected row names' : 'rejected rows name'}`),
        ` (${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')}): ${named.map((n) => n.ip).join(', ')}. ` +
          'Fix the row and preview again to keep the mapping, or apply again to delete it anyway.',
      ),
    );
  }

  /** What the writes that succeeded did, from apply's outcomes. */
  done() {
    const p = this.plan;
    const ok = (items, outcomes) => items.filter((m) => outcomes.get(m.ip)?.ok).length;
    const created = ok(p.create, this.outcomes.upserted);
    const deleted = ok(p.delete, this.outcomes.deleted);
    return { created, changed: ok(p.change, this.outcomes.upserted), deleted, zoneAfter: p.zoneSize.before + created - deleted };
  }

  failedCount() {
    if (!this.outcomes) return 0;
    const p = this.plan;
    const failedIn = (items, outcomes) => items.filter((m) => !outcomes.get(m.ip)?.ok).length;
    return failedIn([...p.create, ...p.change], this.outcomes.upserted) + failedIn(p.delete, this.outcomes.deleted);
  }

  setProgress({ done, total, requests }) {
    const bar = $('sync-progress');
    bar.max = Math.max(1, total);
    bar.value = done;
    bar.classList.remove('progress-failed');
    $('sync-progress-text').textContent = `${number(done)} of ${count(total, 'write')} done · ${count(requests, 'request')}`;
  }

  lock(locked) {
    $('import-text').readOnly = locked;
    for (const id of ['import-clear', 'import-file', 'sync-prune', 'import-mode']) $(id).disabled = locked;
  }

  /** Makes the plan's writes: creates and changes, then deletes, 100 a request. */
  async apply() {
    const plan = this.plan;
    const total = this.writes();
    if (!plan || this.running || this.planning || this.outcomes || this.applyFailed || total === 0) return;
    if (!this.confirming && this.namedDeletes().length > 0) {
      // Nothing is written yet: the callout asks for a second click.
      this.confirming = true;
      this.render();
      return;
    }
    this.app.clearError();
    this.running = true;
    this.lock(true);
    $('sync-preview').disabled = true;
    const bar = $('sync-progress');
    bar.max = total;
    bar.removeAttribute('value'); // indeterminate until the first report
    delete bar.dataset.reports;
    $('sync-progress-text').textContent = `Applying ${count(total, 'write')}…`;
    $('sync-progress-wrap').hidden = false;
    this.render();
    let reports = 0;
    let applied = null;
    try {
      applied = await this.app.client.apply(plan, {
        onProgress: (progress) => {
          reports += 1;
          this.setProgress(progress);
        },
      });
      this.applied = applied;
      this.outcomes = applyOutcomes(applied);
      const failed = this.failedCount();
      const done = this.done();
      // The bar is filled as far as writes succeeded; the rest shows as failed.
      bar.max = Math.max(1, total);
      bar.value = total - failed;
      bar.classList.toggle('progress-failed', failed > 0);
      $('sync-progress-text').textContent =
        `${number(total - failed)} of ${count(total, 'write')} applied` + `${failed ? ` · ${number(failed)} failed` : ''} · ${count(applied.requests, 'request')}`;
      bar.dataset.reports = String(reports);
      const requests = count(applied.requests, 'request');
      this.app.setStatus(
        failed === total
          ? `The sync failed: none of the ${count(total, 'write')} was applied in ${requests}.`
          : `Sync applied: ${number(done.created)} created, ${number(done.changed)} changed, ${number(done.deleted)} deleted in ${requests}` +
              `${failed ? `; ${number(failed)} failed` : ''}.`,
      );
    } catch (error) {
      this.applyFailed = true;
      $('sync-progress-wrap').hidden = true;
      this.app.reportError(error, 'Applying the plan');
    } finally {
      this.running = false;
      this.lock(false);
      const preview = $('sync-preview');
      preview.disabled = false;
      preview.textContent = 'Preview again';
      const hadFocus = document.activeElement === $('sync-apply') || document.activeElement === document.body;
      this.render();
      // The apply button is now disabled: keep keyboard focus on the next step.
      if (hadFocus) preview.focus();
    }
    if (applied) await this.onApplied();
  }
}
