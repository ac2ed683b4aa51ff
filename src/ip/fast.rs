//! One pass over well-formed addresses, no allocation and no string
//! searching: answers `None` for anything it does not accept, and accepts
//! exactly what the rule-by-rule reader accepts (property-tested in
//! tests/ip_props.rs against it and against std).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[allow(clippy::manual_contains)] // a plain scan, on purpose: see below
pub fn parse(b: &[u8]) -> Option<IpAddr> {
    if b.len() > super::MAX_LEN {
        return None;
    }
    // A plain scan: at most MAX_LEN bytes, and memchr's word-at-a-time
    // code would be ~500 more bytes for V8 to compile on every first call.
    if b.iter().any(|&c| c == b':') {
        v6(b).map(|g| IpAddr::V6(Ipv6Addr::from(g)))
    } else {
        v4(b).map(|o| IpAddr::V4(Ipv4Addr::from(o)))
    }
}

/// A dotted quad filling all of `b`: four decimal octets, no leading zeros.
pub fn v4(b: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut i = 0;
    for (n, slot) in out.iter_mut().enumerate() {
        if n > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut v = 0u32;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() || i - start == 3 {
                break;
            }
            v = v * 10 + u32::from(c - b'0');
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || v > 255 || (digits > 1 && b[start] == b'0') {
            return None;
        }
        *slot = v as u8;
    }
    (i == b.len()).then_some(out)
}

fn hex(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'a'..=b'f' => Some(u32::from(c - b'a' + 10)),
        b'A'..=b'F' => Some(u32::from(c - b'A' + 10)),
        _ => None,
    }
}

/// RFC 4291 text forms: 1-4 hex digit groups, at most one `::`, an
/// embedded dotted quad only as the last 32 bits.
fn v6(b: &[u8]) -> Option<[u16; 8]> {
    let mut g = [0u16; 8];
    let mut n = 0;
    let mut gap = None;
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = Some(0);
        i = 2;
    } else if b.first() == Some(&b':') {
        return None;
    }
    while i < b.len() {
        let start = i;
        let mut v = 0u32;
        while let Some(d) = b.get(i).copied().and_then(hex) {
            v = (v << 4) | d;
            i += 1;
        }
        if b.get(i) == Some(&b'.') {
            let [a, b2, c, d] = v4(&b[start..])?;
            if n > 6 {
                return None;
            }
            g[n] = u16::from_be_bytes([a, b2]);
            g[n + 1] = u16::from_be_bytes([c, d]);
            n += 2;
            break;
        }
        if i == start || i - start > 4 || n == 8 {
            return None;
        }
        g[n] = v as u16;
        n += 1;
        if i == b.len() {
            break;
        }
        if b[i] != b':' {
            return None;
        }
        i += 1;
        if b.get(i) == Some(&b':') {
            if gap.is_some() {
                return None;
            }
            gap = Some(n);
            i += 1;
        } else if i == b.len() {
            return None; // a single trailing ':'
        }
    }
    match gap {
        None if n == 8 => Some(g),
        Some(at) if n <= 7 => {
            // Move the groups after `::` to the end; zeros in between.
            let tail = n - at;
            g.copy_within(at..n, 8 - tail);
            g[at..8 - tail].fill(0);
            Some(g)
        }
        _ => None,
    }
}
