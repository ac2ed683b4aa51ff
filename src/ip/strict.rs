//! The rule-by-rule readers of IPv4 and IPv6 text: each refusal names the
//! rule broken ([`IpError`]).

use super::{head, run_of, tail, IpError};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Strict dotted quad. `s` is ASCII, non-empty, with no leading or trailing
/// dot (checked by the caller for whole addresses, here again for embedded
/// ones).
pub(super) fn parse_v4(s: &str) -> Result<Ipv4Addr, IpError> {
    if s.starts_with('.') {
        return Err(IpError::LeadingDot);
    }
    if s.ends_with('.') {
        return Err(IpError::TrailingDot);
    }
    if run_of(s, b'.', 2).is_some() {
        return Err(IpError::Ipv4EmptyPart);
    }
    let count = s.split('.').count();
    if count != 4 {
        return Err(IpError::Ipv4PartCount { count });
    }
    let mut octets = [0u8; 4];
    for (slot, part) in octets.iter_mut().zip(s.split('.')) {
        let p = part.as_bytes();
        if !p.iter().all(u8::is_ascii_digit) {
            return Err(IpError::Ipv4NotDecimal(part.into()));
        }
        if p.len() > 3 {
            return Err(IpError::Ipv4PartTooLong(part.into()));
        }
        if p.len() > 1 && p[0] == b'0' {
            return Err(IpError::Ipv4LeadingZero(part.into()));
        }
        let v = p
            .iter()
            .fold(0u16, |acc, &d| acc * 10 + u16::from(d - b'0'));
        if v > 255 {
            return Err(IpError::Ipv4PartTooLarge(part.into()));
        }
        *slot = v as u8;
    }
    Ok(Ipv4Addr::from(octets))
}

/// Groups of one side of `::` (or of the whole address without one).
struct Groups {
    g: [u16; 8],
    n: usize,
}

impl Groups {
    fn push(&mut self, v: u16) {
        if let Some(slot) = self.g.get_mut(self.n) {
            *slot = v;
        }
        self.n += 1;
    }
}

/// Reads colon-separated groups; an embedded IPv4 address is allowed only as
/// the last piece, and only when `ipv4_ok` (this side ends the address).
fn read_groups(s: &str, ipv4_ok: bool) -> Result<Groups, IpError> {
    let mut out = Groups { g: [0; 8], n: 0 };
    if s.is_empty() {
        return Ok(out);
    }
    let mut pieces = s.split(':').peekable();
    while let Some(piece) = pieces.next() {
        let last = pieces.peek().is_none();
        if piece.contains('.') {
            if !(last && ipv4_ok) {
                return Err(IpError::Ipv6EmbeddedIpv4NotLast(piece.into()));
            }
            let [a, b, c, d] = parse_v4(piece)?.octets();
            out.push(u16::from_be_bytes([a, b]));
            out.push(u16::from_be_bytes([c, d]));
            continue;
        }
        let mut v: u16 = 0;
        for &c in piece.as_bytes() {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(IpError::Ipv6NotHex(piece.into())),
            };
            v = v.wrapping_shl(4) | u16::from(d);
        }
        if piece.len() > 4 {
            return Err(IpError::Ipv6GroupTooLong(piece.into()));
        }
        out.push(v);
    }
    Ok(out)
}

/// IPv6 text forms of RFC 4291 section 2.2. `s` is ASCII, contains a colon,
/// and has only hex digits, 'x', '.' and ':'.
pub(super) fn parse_v6(s: &str) -> Result<Ipv6Addr, IpError> {
    let b = s.as_bytes();
    let n = b.len();
    if run_of(s, b':', 3).is_some() {
        return Err(IpError::Ipv6ColonRun);
    }
    if b[0] == b':' && b.get(1) != Some(&b':') {
        return Err(IpError::Ipv6LeadingColon);
    }
    if b[n - 1] == b':' && (n < 2 || b[n - 2] != b':') {
        return Err(IpError::Ipv6TrailingColon);
    }
    let mut groups = [0u16; 8];
    match run_of(s, b':', 2) {
        None => {
            let all = read_groups(s, true)?;
            if all.n != 8 {
                return Err(IpError::Ipv6GroupCount {
                    count: all.n,
                    compressed: false,
                });
            }
            groups = all.g;
        }
        Some(i) => {
            let (head, tail) = (head(s, i), tail(s, i + 2));
            if run_of(tail, b':', 2).is_some() {
                return Err(IpError::Ipv6MultipleDoubleColon);
            }
            let h = read_groups(head, false)?;
            let t = read_groups(tail, true)?;
            let count = h.n + t.n;
            // "::" stands for at least one zero group.
            if count > 7 {
                return Err(IpError::Ipv6GroupCount {
                    count,
                    compressed: true,
                });
            }
            groups[..h.n].copy_from_slice(&h.g[..h.n]);
            groups[8 - t.n..].copy_from_slice(&t.g[..t.n]);
        }
    }
    Ok(Ipv6Addr::from(groups))
}
