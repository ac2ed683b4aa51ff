//! The index against a plain linear scan over the same prefixes, on files
//! generated at real size: random IPs inside, at the edges of and just
//! outside every kind of prefix, and anywhere, IPv4 and IPv6.
#![cfg(not(target_arch = "wasm32"))]

mod ranges_gen;

use origin_regions::ranges::{Cidr, RegionIndex, Vendor};
use proptest::prelude::*;
use proptest::sample::Index;
use ranges_gen::{generate, Expected, Files, REAL};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;
use std::time::Instant;

struct World {
    files: Files,
    /// `files.expected` as (IPv6?, network bits, length, position), for the scan.
    flat: Vec<(bool, u128, u8, usize)>,
    index: RegionIndex,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let files = generate(20, REAL);
        let index = RegionIndex::from_texts(
            Some(&files.aws),
            Some(&files.gcp),
            Some(&files.azure),
            Some(&files.oci),
        )
        .expect("generated files are good");
        let flat = files
            .expected
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let (v6, n) = bits(&e.net);
                (v6, n, e.len, k)
            })
            .collect();
        World { files, flat, index }
    })
}

fn bits(a: &IpAddr) -> (bool, u128) {
    match a {
        IpAddr::V4(a) => (false, u128::from(u32::from(*a))),
        IpAddr::V6(a) => (true, u128::from(*a)),
    }
}

fn width(v6: bool) -> u32 {
    if v6 {
        128
    } else {
        32
    }
}

fn addr(v6: bool, n: u128) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::from(n))
    } else {
        IpAddr::V4(Ipv4Addr::from(n as u32))
    }
}

/// A claimant: vendor, region (or `GLOBAL`), whether it is a region.
type Claimant = (String, String, bool);

/// The longest prefixes holding `a`, by looking at every one: the prefix
/// text and its distinct claimants, sorted. A vendor's `GLOBAL` gives way to
/// its own region for the same prefix.
fn scan(w: &World, a: &IpAddr) -> Option<(String, Vec<Claimant>)> {
    let (v6, n) = bits(a);
    let mut best: Option<u8> = None;
    let mut claims = Vec::new();
    for &(ev6, net, len, k) in &w.flat {
        if ev6 != v6 {
            continue;
        }
        let shift = width(v6) - u32::from(len);
        let inside = shift >= 128 || (n >> shift) == (net >> shift);
        if !inside || best.is_some_and(|b| b > len) {
            continue;
        }
        if best != Some(len) {
            best = Some(len);
            claims.clear();
        }
        let e: &Expected = &w.files.expected[k];
        claims.push((e.vendor.to_string(), e.region.clone(), e.is_region));
    }
    let len = best?;
    let regional: Vec<String> = (claims.iter())
        .filter(|c| c.2)
        .map(|c| c.0.clone())
        .collect();
    claims.retain(|c| c.2 || !regional.contains(&c.0));
    claims.sort();
    claims.dedup();
    let shift = width(v6) - u32::from(len);
    let net = if shift >= 128 {
        0
    } else {
        (n >> shift) << shift
    };
    Some((format!("{}/{}", addr(v6, net), len), claims))
}

fn indexed(a: &IpAddr) -> Option<(String, Vec<Claimant>)> {
    let m = world().index.find(a)?;
    let claims = m
        .claims
        .iter()
        .map(|c| (c.vendor.name().to_string(), c.name.to_string(), c.is_region))
        .collect();
    Some((m.prefix.to_text(), claims))
}

/// `lookup`'s answer (`vendor region prefix`), and the scan's: the first
/// claimant with a region, or none.
fn lookups(w: &World, a: &IpAddr) -> (Option<String>, Option<String>) {
    let ip = origin_regions::validate::Field::Text(a.to_string());
    let got = (w.index.lookup("ip", &ip).unwrap())
        .map(|l| format!("{} {} {}", l.vendor.name(), l.region, l.prefix));
    let want = scan(w, a).and_then(|(prefix, claims)| {
        let (vendor, region, _) = claims.iter().find(|c| c.2)?;
        Some(format!("{vendor} {region} {prefix}"))
    });
    (got, want)
}

/// An address relative to a prefix: inside (random host bits), its first
/// and last, and the addresses just before and just after it.
fn near(e: &Expected, mode: u8, noise: u128) -> IpAddr {
    let (v6, net) = bits(&e.net);
    let w = width(v6);
    let host = if e.len == 0 {
        u128::MAX
    } else {
        (1u128 << (w - u32::from(e.len))) - 1
    };
    let top = if v6 { u128::MAX } else { u128::from(u32::MAX) };
    let n = match mode {
        0 => net | (noise & host),
        1 => net,
        2 => net | host,
        3 => net.wrapping_sub(1) & top,
        _ => (net | host).wrapping_add(1) & top,
    };
    addr(v6, n)
}

#[test]
fn real_size_files_build_and_count_as_the_rules_say() {
    let w = world();
    let t = Instant::now();
    let f = &w.files;
    let again =
        RegionIndex::from_texts(Some(&f.aws), Some(&f.gcp), Some(&f.azure), Some(&f.oci)).unwrap();
    eprintln!(
        "native build from real-size files: {:?} ({} KB of index)",
        t.elapsed(),
        again.stats().memory_bytes / 1024
    );
    for (vendor, name) in [
        (Vendor::Aws, "aws"),
        (Vendor::Azure, "azure"),
        (Vendor::Gcp, "gcp"),
        (Vendor::Oci, "oci"),
    ] {
        let mut mine: Vec<_> = f
            .expected
            .iter()
            .filter(|e| e.vendor == name && e.is_region)
            .map(|e| (e.net, e.len))
            .collect();
        mine.sort();
        mine.dedup();
        let v4 = mine.iter().filter(|p| p.0.is_ipv4()).count() as u32;
        let s = w.index.stats().vendor(vendor).unwrap();
        assert_eq!(
            (s.prefixes_v4, s.prefixes_v6),
            (v4, mine.len() as u32 - v4),
            "{name}"
        );
    }
    assert!(w.index.stats().memory_bytes < 8 << 20);
    // The generated files hold conflicts; the index must see them.
    let ties = f
        .expected
        .iter()
        .filter(|e| e.vendor == "gcp")
        .filter_map(|e| w.index.find(&e.net))
        .filter(|m| m.claims.len() > 1)
        .count();
    assert!(ties > 0, "no conflict generated");
    // Of them, GLOBALs alone and GLOBAL against a region; and AWS listing a
    // prefix in a region and as GLOBAL (no conflict: the region).
    let claims_at = |e: &ranges_gen::Expected| {
        let m = w.index.find(&e.net).unwrap();
        let own = m.prefix.to_text() == format!("{}/{}", e.net, e.len);
        (
            own,
            m.claims.iter().map(|c| c.is_region).collect::<Vec<_>>(),
        )
    };
    let gcp: Vec<_> = (f.expected.iter())
        .filter(|e| e.vendor == "gcp")
        .map(claims_at)
        .collect();
    assert!(gcp.iter().any(|(own, c)| *own && c == &[false, false]));
    assert!(gcp
        .iter()
        .any(|(own, c)| *own && c.len() == 2 && c.contains(&true) && c.contains(&false)));
    assert!((f.expected.iter())
        .filter(|e| e.vendor == "aws" && !e.is_region)
        .map(claims_at)
        .any(|(own, c)| own && c == [true]));
    // ... and GLOBAL prefixes inside wider regional ones: the case for which
    // the index holds them (such an address answers no region).
    let inside = |g: &ranges_gen::Expected, r: &ranges_gen::Expected| {
        let ((gv6, gn), (rv6, rn)) = (bits(&g.net), bits(&r.net));
        let shift = width(rv6) - u32::from(r.len);
        gv6 == rv6 && r.len < g.len && gn >> shift == rn >> shift
    };
    let nested = (f.expected.iter())
        .filter(|g| !g.is_region)
        .filter(|g| f.expected.iter().any(|r| r.is_region && inside(g, r)))
        // Its network's longest prefix is the GLOBAL one alone (none inside
        // it, no other vendor's at the same length).
        .filter(|g| {
            let m = w.index.find(&g.net).unwrap();
            m.claims.len() == 1
                && !m.claims[0].is_region
                && m.prefix.to_text() == format!("{}/{}", g.net, g.len)
        })
        .inspect(|g| {
            let ip = origin_regions::validate::Field::Text(g.net.to_string());
            assert_eq!(w.index.lookup("ip", &ip).unwrap(), None, "{}", g.net);
        })
        .count();
    assert!(
        nested > 0,
        "no GLOBAL prefix inside a regional one generated"
    );
}

#[test]
fn every_prefix_edge_agrees_with_the_scan() {
    // Each 25th prefix, all five places: deterministic, broad coverage.
    let w = world();
    for (k, e) in w.files.expected.iter().enumerate().step_by(25) {
        for mode in 0..5 {
            let a = near(
                e,
                mode,
                (k as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835),
            );
            assert_eq!(
                indexed(&a),
                scan(w, &a),
                "{a} ({mode} of {}/{})",
                e.net,
                e.len
            );
            let (got, want) = lookups(w, &a);
            assert_eq!(got, want, "lookup {a}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn near_any_prefix(i in any::<Index>(), mode in 0u8..5, noise in any::<u128>()) {
        let w = world();
        let e = i.get(&w.files.expected);
        let a = near(e, mode, noise);
        prop_assert_eq!(indexed(&a), scan(w, &a), "{}", a);
        let (got, want) = lookups(w, &a);
        prop_assert_eq!(got, want, "lookup {}", a);
    }

    #[test]
    fn anywhere_v4(n in any::<u32>()) {
        let a = IpAddr::V4(Ipv4Addr::from(n));
        prop_assert_eq!(indexed(&a), scan(world(), &a));
    }

    #[test]
    fn anywhere_v6(hi in prop_oneof![Just(0x2600u16), Just(0x2603), Just(0x2a05), any::<u16>()], rest in any::<u128>()) {
        let a = IpAddr::V6(Ipv6Addr::from((u128::from(hi) << 112) | (rest >> 16)));
        prop_assert_eq!(indexed(&a), scan(world(), &a));
    }
}

#[test]
fn suggest_agrees_with_lookup_on_many_ips() {
    let w = world();
    let mut rng = ranges_gen::Rng::new(7);
    let ips: Vec<_> = (0..20_000)
        .map(|k| {
            let e = &w.files.expected[rng.below(w.files.expected.len() as u64) as usize];
            let a = near(
                e,
                (k % 5) as u8,
                u128::from(rng.next()) << 64 | u128::from(rng.next()),
            );
            origin_regions::validate::Field::Text(a.to_string())
        })
        .collect();
    let t = Instant::now();
    let inputs: Vec<_> = ips
        .iter()
        .map(origin_regions::ranges::input::IpInput::from)
        .collect();
    let s = w.index.suggest(&inputs, None);
    eprintln!("native suggest of {} IPs: {:?}", ips.len(), t.elapsed());
    let mut seen = std::collections::HashSet::new();
    let (mut items, mut unmatched, mut rejected, mut globals) = (0, 0, 0, 0);
    for f in &ips {
        let text = f.as_text().unwrap();
        let canon = origin_regions::ip::canonicalize(text).unwrap();
        if !seen.insert(canon.clone()) {
            continue;
        }
        match indexed(&text.parse().unwrap()) {
            None => {
                assert_eq!(s.unmatched[unmatched], canon);
                unmatched += 1;
            }
            Some((_, claims)) if claims.len() > 1 => {
                assert!(s.rejected[rejected].error.contains("all list"));
                rejected += 1;
            }
            Some((_, claims)) if !claims[0].2 => {
                let error = &s.rejected[rejected].error;
                assert!(
                    error.contains("(served from everywhere), not in a region"),
                    "{error}"
                );
                globals += 1;
                rejected += 1;
            }
            Some((_, claims)) => {
                let m = &s.items[items];
                assert_eq!(
                    (m.ip.as_ref(), m.vendor.name(), m.region),
                    (canon.as_str(), claims[0].0.as_str(), claims[0].1.as_str())
                );
                items += 1;
            }
        }
    }
    assert_eq!(
        (items, unmatched, rejected),
        (s.items.len(), s.unmatched.len(), s.rejected.len())
    );
    assert!(items > 0 && unmatched > 0 && globals > 0);
}

#[test]
fn cidr_text_round_trips() {
    for e in world().files.expected.iter().step_by(97) {
        let text = format!("{}/{}", e.net, e.len);
        assert_eq!(Cidr::parse(&text).unwrap().to_text(), text);
    }
}
