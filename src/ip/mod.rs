//! Strict IP address parsing and canonical (RFC 5952) formatting.
//!
//! The rules are those of `shared/api-contract.md`, "IP canonical form":
//!
//! * IPv4 is accepted only as a dotted quad of decimal octets without leading
//!   zeros (`0` itself is fine) and written back the same way.
//! * IPv6 is accepted in any RFC 4291 text form (upper or lower case hex,
//!   leading zeros in groups, one `::`, an embedded dotted IPv4 address as the
//!   last 32 bits) and written in the RFC 5952 canonical form: lower case, no
//!   leading zeros, the longest run of two or more zero groups compressed to
//!   `::` (the first on a tie), and IPv4-mapped addresses as `::ffff:a.b.c.d`.
//! * Zone indices, CIDR prefixes, brackets, ports, whitespace, control and
//!   non-ASCII characters are rejected, never trimmed or ignored.
//!
//! Everything is pure and allocation-light; no input can make it panic.
//! Whatever [`parse`] accepts, `std::net::IpAddr::from_str` accepts too and
//! reads as the same address, and [`canonical`] writes exactly what std's
//! `Display` writes for that address.

mod error;
mod fast;
mod strict;
mod text;

pub use error::IpError;
use std::net::IpAddr;
use strict::{parse_v4, parse_v6};
pub use text::{canonical, canonical_text, Text};

/// The longest text an IP address can have:
/// `0000:0000:0000:0000:0000:ffff:255.255.255.255`.
pub const MAX_LEN: usize = 45;

/// Where `n` bytes `c` in a row first start in `s`. (Byte windows, not
/// `str::find`: a string searcher is ~1 KB of wasm for these fixed runs.)
fn run_of(s: &str, c: u8, n: usize) -> Option<usize> {
    s.as_bytes()
        .windows(n)
        .position(|w| w.iter().all(|&b| b == c))
}

/// `s[from..]`, or "" off the end.
fn tail(s: &str, from: usize) -> &str {
    s.get(from..).unwrap_or("")
}

/// `s[..to]`, or "" off the end.
fn head(s: &str, to: usize) -> &str {
    s.get(..to).unwrap_or("")
}

/// Parses an IPv4 or IPv6 address under the strict rules above.
///
/// # Errors
///
/// An [`IpError`] naming the first rule the text breaks.
pub fn parse(text: &str) -> Result<IpAddr, IpError> {
    // Well-formed input (nearly all of it) is read in one pass; anything the
    // fast reader refuses is read again by the rule-by-rule checks below,
    // which name the rule it breaks.
    if let Some(addr) = fast::parse(text.as_bytes()) {
        return Ok(addr);
    }
    parse_checked(text)
}

/// The octets of a strict dotted quad (as [`parse`] reads IPv4), or `None`.
/// For hosts that are either that or a name: no IPv6 reader, no error.
pub fn dotted_quad(text: &[u8]) -> Option<[u8; 4]> {
    fast::v4(text)
}

/// [`parse`] rule by rule, for the error that names the first rule broken;
/// the same answers as [`parse`] without its fast reader (the tests compare them).
///
/// # Errors
///
/// As [`parse`].
// Out of line: only an input the fast reader refuses runs (and compiles) it.
#[inline(never)]
pub fn parse_checked(text: &str) -> Result<IpAddr, IpError> {
    // Length first, so that huge inputs cost nothing. A char is at most 4
    // bytes, so more than 4 * MAX_LEN bytes is surely too long; otherwise the
    // count is cheap.
    if text.len() > MAX_LEN && (text.len() > 4 * MAX_LEN || text.chars().count() > MAX_LEN) {
        return Err(IpError::TooLong);
    }
    if text.is_empty() {
        return Err(IpError::Empty);
    }
    // Characters that are wrong wherever they stand.
    for (index, ch) in text.chars().enumerate() {
        if !ch.is_ascii() {
            return Err(IpError::NonAscii { index, ch });
        }
        if ch.is_ascii_whitespace() {
            return Err(IpError::Whitespace { index, ch });
        }
        if ch.is_ascii_control() {
            return Err(IpError::Control { index, ch });
        }
    }
    // All ASCII from here on: byte index == char index. Slices go through
    // `tail`/`head` (`str::get`): no panic path, which would pull the unicode
    // printing tables (~10 KB) into the wasm.
    let b = text.as_bytes();
    for (index, &c) in b.iter().enumerate() {
        match c {
            b'[' | b']' => return Err(IpError::Brackets { index }),
            b'%' => return Err(IpError::ZoneIndex(tail(text, index).into())),
            b'/' => return Err(IpError::Prefix(tail(text, index).into())),
            // 'x' is left to the part checks so "0x7f" gets a precise error.
            b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' | b'x' | b'X' | b'.' | b':' => {}
            _ => {
                return Err(IpError::InvalidChar {
                    index,
                    ch: c as char,
                })
            }
        }
    }
    if b[0] == b'.' {
        return Err(IpError::LeadingDot);
    }
    if b[b.len() - 1] == b'.' {
        return Err(IpError::TrailingDot);
    }
    match text.find(':') {
        None => parse_v4(text).map(IpAddr::V4),
        Some(colon) => {
            // "a.b.c.d:port": one colon, dots before it, digits after it.
            let (before, after) = (head(text, colon), tail(text, colon + 1));
            if before.contains('.')
                && !after.is_empty()
                && after.bytes().all(|c| c.is_ascii_digit())
            {
                return Err(IpError::Port(tail(text, colon).into()));
            }
            parse_v6(text).map(IpAddr::V6)
        }
    }
}

/// [`parse`], then [`canonical`]: the one text the server also uses for the
/// address, e.g. `2001:DB8:0:0:0:0:0:1` gives `2001:db8::1`.
///
/// # Errors
///
/// As [`parse`].
pub fn canonicalize(text: &str) -> Result<String, IpError> {
    parse(text).map(|a| canonical(&a))
}
