// Issue 5, point 1 (the Node half): a differential check of canonicalizeIp
// against Node's own `net` module over generated inputs (random addresses in
// many spellings, mutated ones, and random soup over the IP alphabet), from
// a seeded PRNG so that every failure can be replayed.
//
// - Whatever canonicalizeIp accepts, Node accepts too (net.isIP != 0), with
//   the same family, naming the same bytes: both texts go through
//   inet_pton/inet_ntop (net.SocketAddress) and through net.BlockList.
// - The canonical form is a fixed point, and canonicalizeIp never throws
//   anything but an OriginRegionsError of kind validation.
// - What Node accepts and we refuse must fall in a documented class where
//   the contract is stricter (printed with counts); anything else fails.
//
//   node --test tests/js/fuzz_ip_node.test.mjs                     # 200,000 cases
//   FUZZ_CASES=5000000 FUZZ_SEED=7 node --test tests/js/fuzz_ip_node.test.mjs   # a longer run

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { canonicalizeIp, OriginRegionsError, prng, report } from './helpers.mjs';

const CASES = Number(process.env.FUZZ_CASES ?? 200_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_601);

// ---- generators -------------------------------------------------------------------

function generator(rng) {
  const { int, pick, chance } = rng;
  const octet = () => (chance(0.2) ? pick([0, 1, 9, 10, 99, 100, 127, 199, 200, 249, 250, 255]) : int(256));
  const group = () => (chance(0.45) ? 0 : chance(0.3) ? int(16) : chance(0.5) ? int(0x100) : int(0x10000));

  function spellOctet(o) {
    if (chance(0.04)) return `0${o}`; // leading zero
    if (chance(0.01)) return `00${o}`;
    if (chance(0.01)) return String(o + 256); // too large
    if (chance(0.005)) return `0x${o.toString(16)}`;
    return String(o);
  }
  function v4() {
    let parts = [octet(), octet(), octet(), octet()].map(spellOctet);
    if (chance(0.02)) parts = parts.slice(0, 1 + int(3));
    if (chance(0.02)) parts.push(spellOctet(octet()));
    let s = parts.join('.');
    if (chance(0.01)) s += '.';
    return s;
  }
  function spellGroup(g) {
    let h = g.toString(16);
    if (chance(0.25)) h = h.padStart(Math.min(4, h.length + 1 + int(3)), '0');
    if (chance(0.005)) h = `0${h.padStart(4, '0')}`; // 5 digits
    if (chance(0.3)) h = h.toUpperCase();
    else if (chance(0.1)) h = [...h].map((c) => (chance(0.5) ? c.toUpperCase() : c)).join('');
    return h;
  }
  function v6() {
    const groups = Array.from({ length: 8 }, group);
    let tailV4 = null;
    const kind = int(10);
    if (kind === 0) {
      groups.fill(0, 0, 5);
      groups[5] = 0xffff;
      tailV4 = [octet(), octet(), octet(), octet()]; // IPv4-mapped
    } else if (kind === 1) {
      groups.fill(0, 0, 6);
      tailV4 = [octet(), octet(), octet(), octet()]; // IPv4-compatible
    } else if (kind === 2) {
      tailV4 = [octet(), octet(), octet(), octet()]; // any prefix, dotted tail
    }
    if (tailV4) {
      groups[6] = (tailV4[0] << 8) | tailV4[1];
      groups[7] = (tailV4[2] << 8) | tailV4[3];
    }
    const n = tailV4 ? 6 : 8;
    let texts = groups.slice(0, n).map(spellGroup);
    const tail = tailV4 ? tailV4.map(spellOctet).join('.') : null;
    // Compress a run of zero groups (any run, any length >= 1) half the time.
    let s;
    const zeroRuns = [];
    for (let i = 0; i < n; i += 1) {
      if (groups[i] !== 0) continue;
      let j = i;
      while (j < n && groups[j] === 0) j += 1;
      zeroRuns.push([i, j]);
      i = j;
    }
    if (zeroRuns.length > 0 && chance(0.6)) {
      const [a, b] = pick(zeroRuns);
      const from = a + int(b - a);
      const to = from + 1 + int(b - from);
      const left = texts.slice(0, from).join(':');
      const right = [...texts.slice(to), ...(tail ? [tail] : [])].join(':');
      s = `${left}::${right}`;
    } else {
      s = [...texts, ...(tail ? [tail] : [])].join(':');
    }
    if (chance(0.02)) s += pick(['%eth0', '%1', '%lo', '%25en0', '%']);
    if (chance(0.005)) s = `[${s}]`;
    if (chance(0.005)) s += '/64';
    if (chance(0.003)) texts = null;
    return s;
  }
  const ALPHABET = '0123456789abcdefABCDEF:.';
  const RARE = '%/x[] gG-+\u0000\t１٠';
  function soup() {
    const len = int(46);
    let s = '';
    for (let i = 0; i < len; i += 1) {
      if (chance(0.02)) s += pick([...RARE]);
      else if (chance(0.25)) s += pick([':', '.', '::']);
      else s += ALPHABET[int(ALPHABET.length)];
    }
    return s;
  }
  function mutate(s) {
    const chars = [...s];
    const edits = 1 + int(3);
    for (let e = 0; e < edits; e += 1) {
      const at = int(chars.length + 1);
      const c = chance(0.9) ? pick([...ALPHABET, ':', '.', '0']) : pick([...RARE]);
      const op = int(3);
      if (op === 0) chars.splice(at, 0, c);
      else if (op === 1 && chars.length) chars.splice(Math.min(at, chars.length - 1), 1);
      else if (chars.length) chars[Math.min(at, chars.length - 1)] = c;
    }
    return chars.join('');
  }
  return () => {
    const r = int(100);
    let s;
    if (r < 30) s = v4();
    else if (r < 75) s = v6();
    else return soup();
    return chance(0.25) ? mutate(s) : s;
  };
}

const CURATED = [
  '::', '::1', '1::', '::ffff:0.0.0.0', '::0.0.0.0', '0:0:0:0:0:0:0:0', 'FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF',
  '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6::8', '1::2:3:4:5:6:7', '1:2:3:4:5:6:1.2.3.4', '::1.2.3.4',
  '1::1.2.3.4', '0000:0000::', '00000::1', '1.2.3.4', '0.0.0.0', '255.255.255.255', '256.0.0.0', '1.2.3', '01.2.3.4',
  '1.2.3.4 ', '::ffff:1.2.3.4%eth0', 'fe80::1%25eth0', '::1%', '1:2:3:4:5:6:7:8:9', ':1::', '1:::2', '::ffff:1.2.3',
  '::FFFF:192.0.2.1', '::ffff:c000:201', '2001:db8::1:0:0:1', '2001:0:0:1::1', '2001:db8:0:0:1:0:0:1', '::1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8::', '1::2::3', '1.2.3.4::', '::1.2.3.4:5', '1:2:3:4:5:6:7:1.2.3.4', 'a:b:c:d:e:f:0.0.0.0', '',
];

// ---- oracles ------------------------------------------------------------------------

const familyName = (f) => (f === 4 ? 'ipv4' : 'ipv6');
/** inet_pton then inet_ntop, through Node: equal outputs ⇔ equal bytes. */
const ntop = (text, f) => new net.SocketAddress({ address: text, family: familyName(f) }).address;

/** A class where the contract is stricter than Node, or null. */
function strictnessClass(x) {
  if (x.includes('%')) return 'zone index (%...): Node accepts, the contract refuses';
  return null;
}

test(`canonicalizeIp agrees with Node's net module on ${CASES.toLocaleString('en')} generated inputs (seed ${SEED})`, () => {
  const rng = prng(SEED);
  const next = generator(rng);
  const counts = { cases: 0, both_accept_v4: 0, both_accept_v6: 0, both_reject: 0, ours_only: 0, canonical_equals_inet_ntop: 0 };
  const nodeOnly = new Map();
  const problems = [];
  const problem = (what, x, extra = '') => {
    if (problems.length < 25) problems.push(`${what}: ${JSON.stringify(x)} ${extra}`);
  };
  const seen = new Set();

  const check = (x) => {
    counts.cases += 1;
    let canonical = null;
    try {
      canonical = canonicalizeIp(x);
    } catch (e) {
      if (!(e instanceof OriginRegionsError) || e.kind !== 'validation') {
        problem('threw something other than a validation error', x, String(e?.stack ?? e));
        return;
      }
      if (!e.message.startsWith('ip ')) problem('message does not name the input', x, e.message);
    }
    const family = net.isIP(x);
    if (canonical !== null) {
      if (family === 0) {
        counts.ours_only += 1;
        problem('accepted by canonicalizeIp, refused by Node', x, `→ ${canonical}`);
        return;
      }
      const ourFamily = canonical.includes(':') ? 6 : 4;
      if (family !== ourFamily) return problem('different family', x, `node ${family}, ours ${canonical}`);
      if (ntop(x, family) !== ntop(canonical, family)) return problem('different address', x, `→ ${canonical}: node reads ${ntop(x, family)}`);
      const list = new net.BlockList();
      list.addAddress(canonical, familyName(family));
      if (!list.check(x, familyName(family))) return problem('BlockList does not match', x, `→ ${canonical}`);
      let again;
      try {
        again = canonicalizeIp(canonical);
      } catch (e) {
        return problem('canonical form refused', x, `→ ${canonical}: ${e.message}`);
      }
      if (again !== canonical) return problem('canonical form is not a fixed point', x, `${canonical} → ${again}`);
      if (ntop(canonical, family) === canonical) counts.canonical_equals_inet_ntop += 1;
      counts[family === 4 ? 'both_accept_v4' : 'both_accept_v6'] += 1;
    } else if (family !== 0) {
      const why = strictnessClass(x);
      if (why === null) problem('accepted by Node, refused by canonicalizeIp (no documented reason)', x);
      else nodeOnly.set(why, (nodeOnly.get(why) ?? 0) + 1);
    } else {
      counts.both_reject += 1;
    }
  };

  for (const x of CURATED) check(x);
  for (let i = 0; i < CASES; i += 1) {
    const x = next();
    seen.add(x);
    check(x);
  }
  assert.deepEqual(problems, [], `disagreements (replay with FUZZ_SEED=${SEED})`);

  // The generator must have exercised both sides, or the check means little.
  const accepted = counts.both_accept_v4 + counts.both_accept_v6;
  assert.ok(accepted >= CASES * 0.2, `only ${accepted} accepted inputs`);
  assert.ok(counts.both_accept_v4 >= CASES * 0.05 && counts.both_accept_v6 >= CASES * 0.1, JSON.stringify(counts));
  assert.ok(counts.both_reject >= CASES * 0.2, `only ${counts.both_reject} rejected inputs`);
  assert.ok(nodeOnly.size >= 1, 'zone indices were generated');
  report('differential canonicalizeIp vs node:net', {
    seed: SEED,
    ...counts,
    distinct_inputs: seen.size,
    ...Object.fromEntries([...nodeOnly].map(([k, v]) => [`node_only[${k.split(' (')[0].replace(/ /g, '_')}]`, v])),
  });
  for (const [why, n] of nodeOnly) console.log(`node accepts, we refuse: ${n} × ${why}`);
});

test('Node facts the strictness classes rest on (Node 20)', () => {
  // Node 20's net.isIP refuses IPv4 leading zeros, as the contract does.
  assert.equal(net.isIP('010.1.1.1'), 0);
  assert.equal(net.isIP('::ffff:01.2.3.4'), 0);
  // Node accepts zone indices; the contract refuses them.
  assert.equal(net.isIP('fe80::1%eth0'), 6);
  assert.throws(() => canonicalizeIp('fe80::1%eth0'), /zone indices/);
  // Node refuses trailing dots, whitespace and 5-digit groups, as we do.
  for (const x of ['1.2.3.4.', ' 1.2.3.4', '00000::1']) {
    assert.equal(net.isIP(x), 0, x);
    assert.throws(() => canonicalizeIp(x), OriginRegionsError, x);
  }
});
