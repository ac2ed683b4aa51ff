//! Property tests for `origin_regions::ip`: every spelling of a generated
//! address is accepted and canonicalised to std's `Display`; arbitrary text
//! never panics, and what we accept std accepts as the same address.
#![cfg(not(target_arch = "wasm32"))]

use origin_regions::ip;
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// Groups biased towards zero so that compression cases are common.
fn group() -> impl Strategy<Value = u16> {
    prop_oneof![4 => Just(0u16), 1 => 1..16u16, 1 => Just(0xffff), 4 => any::<u16>()]
}

fn ipv6() -> impl Strategy<Value = Ipv6Addr> {
    prop_oneof![
        4 => prop::array::uniform8(group()).prop_map(Ipv6Addr::from),
        1 => any::<u128>().prop_map(Ipv6Addr::from),
        // IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96).
        1 => any::<u32>().prop_map(|v| Ipv4Addr::from(v).to_ipv6_mapped()),
        1 => any::<u32>().prop_map(|v| Ipv6Addr::from(u128::from(v))),
        1 => any::<u32>().prop_map(|v| Ipv6Addr::from((0x64_ff9b_u128 << 96) | u128::from(v))),
    ]
}

/// How to spell an address: per-group width (leading zeros), a case mask for
/// hex letters, which zero run to compress (as a pick among candidates), and
/// whether to write the last 32 bits as dotted IPv4.
#[derive(Debug, Clone)]
struct Spelling {
    widths: [usize; 8],
    upper: u64,
    compress_pick: Option<usize>,
    embed_v4: bool,
}

fn spelling() -> impl Strategy<Value = Spelling> {
    (
        prop::array::uniform8(1usize..=4),
        prop_oneof![Just(0u64), Just(u64::MAX), any::<u64>()],
        prop::option::of(any::<usize>()),
        any::<bool>(),
    )
        .prop_map(|(widths, upper, compress_pick, embed_v4)| Spelling {
            widths,
            upper,
            compress_pick,
            embed_v4,
        })
}

fn hex(v: u16, width: usize) -> String {
    format!("{v:0width$x}")
}

/// Renders `a` as `sp` says. Any zero run (of length 1 or more, not only
/// the longest) may be compressed: RFC 4291 allows all of them.
fn render(a: &Ipv6Addr, sp: &Spelling) -> String {
    let g = a.segments();
    let limit = if sp.embed_v4 { 6 } else { 8 };
    let mut runs = Vec::new();
    for s in 0..limit {
        for e in s + 1..=limit {
            if g[s..e].iter().all(|&x| x == 0) {
                runs.push((s, e));
            }
        }
    }
    let compress = match sp.compress_pick {
        Some(p) if !runs.is_empty() => Some(runs[p % runs.len()]),
        _ => None,
    };
    let token = |i: usize| hex(g[i], sp.widths[i]);
    let mut tail: Vec<String> = Vec::new();
    let text = match compress {
        None => {
            tail.extend((0..limit).map(token));
            if sp.embed_v4 {
                tail.push(dotted(&g));
            }
            tail.join(":")
        }
        Some((s, e)) => {
            let head: Vec<String> = (0..s).map(token).collect();
            tail.extend((e..limit).map(token));
            if sp.embed_v4 {
                tail.push(dotted(&g));
            }
            format!("{}::{}", head.join(":"), tail.join(":"))
        }
    };
    // Case: flip hex letters by the mask.
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if sp.upper >> (i % 64) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn dotted(g: &[u16; 8]) -> String {
    let [a, b] = g[6].to_be_bytes();
    let [c, d] = g[7].to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

/// The checks every accepted spelling must pass.
fn check_accepted(text: &str, want: IpAddr) -> Result<(), TestCaseError> {
    // The generator itself must produce text std agrees with.
    prop_assert_eq!(IpAddr::from_str(text).ok(), Some(want), "std on {:?}", text);
    let parsed = ip::parse(text);
    prop_assert_eq!(parsed.clone(), Ok(want), "parse({:?})", text);
    // The one-pass reader and the rule-by-rule one agree.
    prop_assert_eq!(
        ip::parse_checked(text),
        Ok(want),
        "parse_checked({:?})",
        text
    );
    let canon = ip::canonicalize(text);
    prop_assert_eq!(
        canon.clone(),
        Ok(want.to_string()),
        "canonicalize({:?})",
        text
    );
    let canon = canon.unwrap();
    prop_assert_eq!(ip::canonical(&want), canon.clone());
    prop_assert_eq!(
        ip::canonicalize(&canon),
        Ok(canon.clone()),
        "fixed point of {:?}",
        canon
    );
    Ok(())
}

/// What must hold for any text at all: no panic, and acceptance agrees with
/// std on the address named.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    let ours = ip::parse(text);
    prop_assert_eq!(
        &ip::parse_checked(text),
        &ours,
        "parse vs parse_checked on {:?}",
        text
    );
    let std = IpAddr::from_str(text);
    match (&ours, &std) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b, "address of {:?}", text);
            let c = ip::canonical(a);
            prop_assert_eq!(&c, &b.to_string());
            prop_assert_eq!(ip::canonicalize(&c), Ok(c.clone()));
        }
        (Ok(a), Err(_)) => prop_assert!(false, "we accept {:?} as {}, std rejects it", text, a),
        // Our rules are as strict as std's (no leading zeros in IPv4 octets,
        // at most 4 hex digits a group, no zones), so std accepting what we
        // reject would be a bug in one of the two.
        (Err(e), Ok(b)) => prop_assert!(false, "we reject {:?} ({}), std reads {}", text, e, b),
        (Err(e), Err(_)) => {
            let msg = e.to_string();
            prop_assert!(!msg.is_empty());
        }
    }
    Ok(())
}

/// Small edits of a valid text: insert, delete, replace or duplicate a char.
fn mutate(text: &str, op: u8, at: usize, ch: char) -> String {
    let mut v: Vec<char> = text.chars().collect();
    let n = v.len();
    let i = if n == 0 { 0 } else { at % (n + 1) };
    match op % 4 {
        0 => v.insert(i, ch),
        1 if i < n => {
            v.remove(i);
        }
        2 if i < n => v[i] = ch,
        3 if i < n => v.insert(i, v[i]),
        _ => v.push(ch),
    }
    v.into_iter().collect()
}

const ALPHABET: &str = "0123456789abcdefABCDEF:.%/[] ";

fn alphabet_char() -> impl Strategy<Value = char> {
    prop::sample::select(ALPHABET.chars().collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn ipv6_spellings_are_accepted(a in ipv6(), sp in spelling()) {
        let text = render(&a, &sp);
        check_accepted(&text, IpAddr::V6(a))?;
    }

    #[test]
    fn ipv6_std_display_and_plain_forms(a in ipv6()) {
        let g = a.segments();
        check_accepted(&a.to_string(), IpAddr::V6(a))?;
        check_accepted(&a.to_string().to_ascii_uppercase(), IpAddr::V6(a))?;
        let full: Vec<String> = g.iter().map(|x| format!("{x:04X}")).collect();
        check_accepted(&full.join(":"), IpAddr::V6(a))?;
        let short: Vec<String> = g.iter().map(|x| format!("{x:x}")).collect();
        check_accepted(&short.join(":"), IpAddr::V6(a))?;
        let embedded = format!("{}:{}", short[..6].join(":"), dotted(&g));
        check_accepted(&embedded, IpAddr::V6(a))?;
    }

    #[test]
    fn ipv4_dotted_quads(v in any::<u32>()) {
        let a = Ipv4Addr::from(v);
        check_accepted(&a.to_string(), IpAddr::V4(a))?;
        // The same with a leading zero on one octet is rejected, naming it.
        let o = a.octets();
        let k = (v % 4) as usize;
        let bad: Vec<String> = o.iter().enumerate()
            .map(|(i, x)| if i == k { format!("0{x}") } else { x.to_string() })
            .collect();
        let bad = bad.join(".");
        let err = ip::parse(&bad).unwrap_err();
        prop_assert!(err.to_string().contains(&format!("\"0{}\"", o[k])), "{:?}: {}", bad, err);
        check_any(&bad)?;
    }

    #[test]
    fn mutated_spellings_agree_with_std(
        a in ipv6(), sp in spelling(), op in any::<u8>(), at in any::<usize>(), ch in alphabet_char()
    ) {
        check_any(&mutate(&render(&a, &sp), op, at, ch))?;
    }

    #[test]
    fn mutated_ipv4_agree_with_std(v in any::<u32>(), op in any::<u8>(), at in any::<usize>(), ch in alphabet_char()) {
        check_any(&mutate(&Ipv4Addr::from(v).to_string(), op, at, ch))?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(s in any::<String>()) {
        check_any(&s)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20000))]

    #[test]
    fn byte_soup_never_panics(s in "[0-9a-fA-F:.%/\\[\\] ]{0,50}") {
        check_any(&s)?;
    }

    #[test]
    fn short_hex_soup_agrees_with_std(s in "[0-3fF:.]{1,20}") {
        check_any(&s)?;
    }
}
