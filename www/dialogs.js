// The add/edit dialog (v2 `update`, which creates or replaces) and the delete
// confirmation. Vendor and region choices come from `supportedRegions()`.

import { h, clearError, describeError, ipCode, renderError } from './ui.js';
import { plainMessage } from './messages.js';
import { vendorLabel } from './data.js';

const $ = (id) => document.getElementById(id);
const IP_HELP = 'IPv4 or IPv6; stored in canonical form.';

export class MappingDialogs {
  constructor(app, { onSaved, onCancelled, known }) {
    this.app = app;
    this.onSaved = onSaved;
    this.onCancelled = onCancelled;
    this.known = known;
    this.mode = 'add';
    this.editing = null;
    this.deleting = null;
    this.pending = null; // the AbortController of the save or delete in flight
    for (const dialog of [$('mapping-dialog'), $('delete-dialog')]) {
      for (const button of dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => dialog.close());
      // Cancel, ×, or Escape while a call runs: the person no longer wants it, so it is stopped.
      dialog.addEventListener('close', () => this.pending?.abort(new DOMException('Cancelled in the dialog', 'AbortError')));
    }
    $('add-button').addEventListener('click', () => this.openAdd());
    $('mapping-ip').addEventListener('input', () => this.checkIp());
    $('mapping-vendor').addEventListener('change', () => this.fillRegions());
    $('mapping-region').addEventListener('change', () => this.showColos());
    $('mapping-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    $('delete-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.confirmDelete();
    });
  }

  setCatalogue(catalogue) {
    this.catalogue = catalogue;
    $('mapping-vendor').replaceChildren(...catalogue.vendorNames.map((v) => h('option', { value: v }, vendorLabel(v))));
    this.fillRegions();
  }

  /** Region options of the chosen vendor, each with its upper-tier colos. */
  fillRegions(selected) {
    const vendor = $('mapping-vendor').value;
    const select = $('mapping-region');
    const keep = selected ?? select.value;
    const regions = this.catalogue?.regions(vendor) ?? [];
    select.replaceChildren(
      ...regions.map((r) => h('option', { value: r.name }, r.colos.length ? `${r.name}  ·  ${r.colos.join(', ')}` : r.name)),
    );
    if (keep && !regions.some((r) => r.name === keep) && selected) {
      // A mapping written before the catalogue changed: keep it choosable.
      select.append(h('option', { value: keep }, `${keep} (not in the catalogue)`));
    }
    if (regions.some((r) => r.name === keep) || selected) select.value = keep;
    this.showColos();
  }

  showColos() {
    const colos = this.catalogue?.colos($('mapping-vendor').value, $('mapping-region').value) ?? [];
    $('mapping-colos').replaceChildren(
      colos.length
        ? h('span', {}, 'Upper-tier colos: ', h('span', { class: 'colos' }, colos.map((c) => h('span', { class: 'colo' }, c))))
        : 'No upper-tier colos listed for this region.',
    );
  }

  /** Shows the canonical form of the typed IP, or why it is not one, before anything is sent. */
  checkIp() {
    const input = $('mapping-ip');
    const help = $('mapping-ip-help');
    const text = input.value.trim();
    help.className = 'help';
    input.removeAttribute('aria-invalid');
    if (this.mode === 'edit') return this.editing.ip;
    if (text === '') {
      help.textContent = IP_HELP;
      return null;
    }
    let canonical;
    try {
      canonical = this.app.canonicalizeIp(text);
    } catch (error) {
      help.textContent = plainMessage(error.message);
      help.className = 'help help-error';
      input.setAttribute('aria-invalid', 'true');
      return null;
    }
    const existing = this.known(canonical);
    if (existing) {
      help.textContent = `${canonical} already maps to ${vendorLabel(existing.vendor)} ${existing.region}; saving replaces it.`;
      help.className = 'help help-warning';
    } else {
      help.textContent = canonical === text ? `Valid: ${canonical}` : `Will be saved as ${canonical}`;
      help.className = 'help help-ok';
    }
    return canonical;
  }

  openAdd() {
    this.mode = 'add';
    this.editing = null;
    this.open('Add mapping', '', this.catalogue.vendorNames[0]);
    $('mapping-ip').focus();
  }

  openEdit(mapping) {
    this.mode = 'edit';
    this.editing = mapping;
    this.open(`Edit ${mapping.ip}`, mapping.ip, mapping.vendor, mapping.region);
    $('mapping-region').focus();
  }

  open(title, ip, vendor, region) {
    const dialog = $('mapping-dialog');
    clearError($('mapping-error'));
    $('mapping-dialog-title').textContent = title;
    const input = $('mapping-ip');
    input.value = ip;
    input.readOnly = this.mode === 'edit';
    const vendorSelect = $('mapping-vendor');
    // A vendor outside the catalogue is offered for the mapping being edited only.
    for (const extra of vendorSelect.querySelectorAll('option[data-extra]')) extra.remove();
    if (vendor && ![...vendorSelect.options].some((o) => o.value === vendor)) {
      vendorSelect.append(h('option', { value: vendor, dataset: { extra: 'true' } }, `${vendor} (not in the catalogue)`));
    }
    vendorSelect.value = vendor;
    this.fillRegions(region);
    $('mapping-ip-help').className = 'help';
    $('mapping-ip-help').textContent = this.mode === 'edit' ? 'To move a mapping to another IP, delete it and add a new one.' : IP_HELP;
    input.removeAttribute('aria-invalid');
    this.setBusy(false);
    dialog.showModal();
  }

  setBusy(busy) {
    const save = $('mapping-save');
    save.disabled = busy;
    save.textContent = busy ? 'Saving…' : 'Save mapping';
  }

  async save() {
    const errorHost = $('mapping-error');
    clearError(errorHost);
    const canonical = this.checkIp();
    if (!canonical) {
      const input = $('mapping-ip');
      if (input.value.trim() === '') {
        $('mapping-ip-help').textContent = 'Enter the origin IP address.';
        $('mapping-ip-help').className = 'help help-error';
        input.setAttribute('aria-invalid', 'true');
      }
      input.focus();
      return;
    }
    const vendor = $('mapping-vendor').value;
    const region = $('mapping-region').value;
    this.setBusy(true);
    const dialog = $('mapping-dialog');
    const call = new AbortController();
    this.pending = call;
    try {
      const saved = await this.app.client.update(canonical, { vendor, region }, { signal: call.signal });
      this.pending = null;
      dialog.close();
      this.app.setStatus(`Saved ${saved.ip}: ${vendorLabel(saved.vendor)} ${saved.region}.`);
      await this.onSaved(saved);
      // The row was drawn anew: keep keyboard focus on it rather than on the page.
      if (this.mode === 'edit') this.focusRow(saved.ip);
    } catch (error) {
      this.failed(error, call, dialog, errorHost, 'Saving', `Saving ${canonical} was cancelled; the table shows the zone as it is now.`);
    } finally {
      if (this.pending === call) this.pending = null;
      this.setBusy(false);
    }
  }

  /**
   * Where a failed save or delete is told: inside the dialog while it is
   * open; once the person closed it, a cancelled call in the status line and
   * any other failure in the page's banner (the dialog is gone).
   */
  failed(error, call, dialog, errorHost, action, cancelledText) {
    if (dialog.open) {
      renderError(errorHost, describeError(error, action, { proxied: this.app.proxied }));
    } else if (call.signal.aborted && error?.kind === 'aborted') {
      this.app.setStatus(cancelledText);
      // A request cut short may still have reached the API: show the zone as it is.
      this.onCancelled();
    } else {
      this.app.reportError(error, action);
    }
  }

  focusRow(ip) {
    const edit = [...document.querySelectorAll('#mappings-body button[data-action="edit"]')].find((b) => b.dataset.ip === ip);
    (edit ?? $('add-button')).focus();
  }

  openDelete(mapping) {
    this.deleting = mapping;
    clearError($('delete-error'));
    $('delete-dialog-title').textContent = `Delete ${mapping.ip}?`;
    $('delete-dialog-text').replaceChildren(
      ipCode(mapping.ip),
      ` will no longer be mapped to ${vendorLabel(mapping.vendor)} ${mapping.region}. Tiered Cache then chooses upper tiers for this origin without a region hint.`,
    );
    const confirm = $('delete-confirm');
    confirm.disabled = false;
    confirm.textContent = 'Delete';
    $('delete-dialog').showModal();
  }

  async confirmDelete() {
    const mapping = this.deleting;
    const confirm = $('delete-confirm');
    clearError($('delete-error'));
    confirm.disabled = true;
    confirm.textContent = 'Deleting…';
    const dialog = $('delete-dialog');
    const call = new AbortController();
    this.pending = call;
    try {
      const { ip } = await this.app.client.delete(mapping.ip, { signal: call.signal });
      this.pending = null;
      dialog.close();
      this.app.setStatus(`Deleted the mapping of ${ip}.`);
      await this.onSaved({ ip, deleted: true });
      $('add-button').focus();
    } catch (error) {
      this.pending = null;
      if (error?.kind === 'api' && error.status === 404 && dialog.open) {
        // Deleted elsewhere since the table was loaded: the wish is met; show the zone as it is.
        dialog.close();
        this.app.setStatus(`The mapping of ${mapping.ip} was already deleted (elsewhere); the table is refreshed.`);
        await this.onSaved({ ip: mapping.ip, deleted: true });
        $('add-button').focus();
        return;
      }
      this.failed(error, call, dialog, $('delete-error'), 'Deleting', `Deleting ${mapping.ip} was cancelled; the table shows the zone as it is now.`);
    } finally {
      if (this.pending === call) this.pending = null;
      confirm.disabled = false;
      confirm.textContent = 'Delete';
    }
  }
}
