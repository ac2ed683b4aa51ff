// Small DOM helpers of the demo page: an element builder, the error banner
// (OriginRegionsError → title, Cloudflare codes and messages, a hint) and the
// status line.

import { OriginRegionsError } from 'origin-regions';
import { asSentence, plainMessage } from './messages.js';

/** `h('button', { class: 'x', onclick }, 'text', child)`: an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Why an action failed, by error kind: the end of the banner's sentence. */
const TITLES = {
  // A `success: false` answer comes with HTTP 200: then the status says nothing.
  api: (e) => (e.status >= 400 ? `the API answered with an error (HTTP ${e.status})` : 'the API reported that the request failed'),
  network: () => 'the API could not be reached',
  timeout: () => 'the API did not answer in time',
  validation: () => 'the input is not valid',
  decode: () => 'the API sent an answer this client cannot read',
  aborted: () => 'it was cancelled',
};

/**
 * What to tell a person about an error: `{ title, items: [{ code, message }], detail, hint }`.
 * `action` names what was being done ("Loading mappings"); `context.proxied`
 * whether the page talks through the demo server, `context.hint` a hint of the caller's.
 */
export function describeError(error, action, context = {}) {
  if (!(error instanceof OriginRegionsError)) {
    return { title: `${action} failed: an unexpected error in the page.`, items: [], detail: asSentence(error?.message ?? error), hint: '' };
  }
  const title = `${action} failed: ${(TITLES[error.kind] ?? (() => error.kind))(error)}.`;
  const items = error.errors.map((e) => ({ code: e.code, message: asSentence(e.message) }));
  let hint = '';
  if (error.kind === 'network') {
    hint = context.proxied
      ? 'The demo server could not forward the request; its terminal says why.'
      : "Check the base URL. Cloudflare's API does not accept requests from web pages (no CORS): run the demo server with ORIGIN_REGIONS_API_BASE and use its /client/v4.";
  } else if (error.kind === 'api' && (error.status === 401 || error.status === 403) && error.code === 10000) {
    hint = 'The credential was refused: check the API token and that it may edit this zone.';
  } else if (error.kind === 'api' && error.status >= 500) {
    hint = 'The request was retried before giving up. Try again in a moment.';
  }
  // What the caller knows about its own action (what to change in the page).
  if (!hint && context.hint) hint = context.hint;
  // The message repeats the codes for api errors; show it only when it adds something.
  const detail = items.length > 0 ? '' : plainMessage(error.message);
  return { title, items, detail, hint, kind: error.kind, status: error.status, code: error.code };
}

/** Renders a description into `host` (an alert region) and shows it. */
export function renderError(host, description, { onDismiss } = {}) {
  const body = h(
    'div',
    { class: 'banner-body' },
    h('p', { class: 'banner-title' }, description.title),
    description.items.length > 0 &&
      h(
        'ul',
        { class: 'banner-errors' },
        description.items.map((item) => h('li', {}, h('span', { class: 'code' }, `Error ${item.code}`), ' ', item.message)),
      ),
    description.detail && h('p', { class: 'banner-detail' }, description.detail),
    description.hint && h('p', { class: 'banner-hint' }, description.hint),
  );
  const close =
    onDismiss &&
    h(
      'button',
      { type: 'button', class: 'icon-button banner-close', 'aria-label': 'Dismiss this error', onclick: onDismiss },
      h('span', { 'aria-hidden': 'true' }, '×'),
    );
  host.replaceChildren(h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'), body, close || '');
  if (description.code !== undefined) host.dataset.code = String(description.code);
  else delete host.dataset.code;
  host.hidden = false;
}

export function clearError(host) {
  host.hidden = true;
  host.replaceChildren();
  delete host.dataset.code;
}

/** Sets the polite status line. */
export function setStatus(text) {
  const el = document.getElementById('status');
  el.textContent = text;
}

/** An ISO time as a short date for the table (the full time goes in a tooltip), or '' when absent. */
export function shortDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function longDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A count as the page writes every count: "3,495". */
export function number(n) {
  return Number(n).toLocaleString('en-US');
}

/** Plural helper: `count(3, 'mapping')` → "3 mappings". */
export function count(n, word, plural = `${word}s`) {
  return `${number(n)} ${n === 1 ? word : plural}`;
}

/**
 * An IP in a `<code>`: a long IPv6 address may wrap only after a colon (never
 * inside a group), so each colon is followed by a line-break opportunity.
 */
export function ipCode(ip, className = 'ip') {
  const parts = String(ip).split(/(?<=:)/);
  const code = h('code', { class: className });
  parts.forEach((part, i) => {
    code.append(part);
    if (i < parts.length - 1 && !parts[i + 1].startsWith(':')) code.append(h('wbr'));
  });
  return code;
}
