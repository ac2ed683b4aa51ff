// Turns the package's messages into plain sentences for the page (no DOM, no
// package). The package names the input and the rule in a form made for logs:
// `items[3].ip "010.1.1.1": is not an IP address: IPv4 octet "010" has a
// leading zero`. The page shows the same facts as a sentence, naming the line
// of the pasted text instead of the item index.

const FIELD_NAMES = { ip: '', vendor: 'The vendor ', region: 'The region ' };

/** `text` with a capital first letter and a full stop at the end. */
export function asSentence(text) {
  const t = String(text ?? '').trim();
  if (t === '') return t;
  const first = /^[a-z]/.test(t) ? t[0].toUpperCase() + t.slice(1) : t;
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

/**
 * A package message as a plain sentence. `lineOf(n)` gives the text's line
 * for item `n`, so `items[n]` reads "line L"; without it the index is dropped.
 */
export function plainMessage(message, lineOf) {
  let text = String(message ?? '').trim();
  text = text.replace(/^items\[\d+\]\./, '').replace(/^input\./, '');
  if (lineOf) {
    text = text.replace(/items\[(\d+)\]/g, (_, n) => `line ${lineOf(Number(n))}`).replace(/none of the items\b/, 'none of the lines');
  }
  // `field "value": rule` → `The field "value" rule` (the IP reads on its own).
  const named = /^(ip|vendor|region) ("(?:[^"\\]|\\.)*"): (.*)$/s.exec(text);
  if (named) {
    const [, field, value, rule] = named;
    text = value === '""' ? `${field === 'ip' ? 'the IP address' : `the ${field}`} is missing` : `${FIELD_NAMES[field]}${value} ${rule}`;
  }
  // Counts as the page writes them ("3,500"); not error codes ("code 1140"), nor digits of an IP, an id or a quoted value.
  text = text.replace(/(?<![\w.:,"-])(?<!code )(?<!Error )\d{4,}(?![\w.:,"-])/gi, (n) => Number(n).toLocaleString('en-US'));
  return asSentence(text);
}
