// The mock API's own IP canonicaliser, written by hand so that the mock does
// not share code (or bugs) with the library under test.
//
//   canonicalIp(text) -> canonical string, or null if `text` is not an address
//
// IPv4: strict dotted quad, each octet 0..255 written without leading zeros.
// IPv6: RFC 5952 output: lower case, no leading zeros in a group, the longest
// run of two or more zero groups compressed to "::" (the first on a tie), a
// lone zero group written "0", IPv4-mapped addresses (::ffff:0:0/96) written
// "::ffff:a.b.c.d". Input may end in an embedded dotted IPv4 (last 32 bits).
// Zone indices (%eth0), prefixes (/64), ports and brackets, whitespace, empty
// strings and non-ASCII text are rejected.

const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;

/** Parses a strict dotted quad into four octets, or returns null. */
export function parseIPv4(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = [];
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    octets.push(value);
  }
  return octets;
}

/** Parses "a:b:..." groups; only the final piece may be a dotted IPv4. */
function parseGroups(text, allowTrailingIPv4) {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups = [];
  for (let i = 0; i < pieces.length; i += 1) {
    const piece = pieces[i];
    const isLast = i === pieces.length - 1;
    if (isLast && allowTrailingIPv4 && piece.includes('.')) {
      const v4 = parseIPv4(piece);
      if (!v4) return null;
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (HEX_GROUP.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** Parses an IPv6 address into eight 16-bit groups, or returns null. */
export function parseIPv6(text) {
  if (!IPV6_CHARS.test(text)) return null;
  const gap = text.indexOf('::');
  if (gap === -1) {
    const groups = parseGroups(text, true);
    return groups && groups.length === 8 ? groups : null;
  }
  // Only one "::" is allowed (this also rejects ":::").
  if (text.indexOf('::', gap + 1) !== -1) return null;
  const head = parseGroups(text.slice(0, gap), false);
  const tail = parseGroups(text.slice(gap + 2), true);
  if (!head || !tail) return null;
  // "::" stands for at least one zero group.
  if (head.length + tail.length > 7) return null;
  const zeros = new Array(8 - head.length - tail.length).fill(0);
  return [...head, ...zeros, ...tail];
}

/** Writes eight groups in RFC 5952 form. */
export function formatIPv6(groups) {
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) {
    const a = groups[6] >> 8;
    const b = groups[6] & 0xff;
    const c = groups[7] >> 8;
    const d = groups[7] & 0xff;
    return `::ffff:${a}.${b}.${c}.${d}`;
  }
  // Find the longest run of zero groups (first one wins a tie).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

/** Returns the canonical form of an IPv4 or IPv6 address, or null. */
export function canonicalIp(text) {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return null;
  if (text.includes(':')) {
    const groups = parseIPv6(text);
    return groups ? formatIPv6(groups) : null;
  }
  const octets = parseIPv4(text);
  return octets ? octets.join('.') : null;
}

export default canonicalIp;
