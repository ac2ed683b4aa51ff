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

use core::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The longest text an IP address can have:
/// `0000:0000:0000:0000:0000:ffff:255.255.255.255`.
pub const MAX_LEN: usize = 45;

/// Why a text is not an IP address. `Display` says which rule was broken, in
/// plain words, quoting the offending part where there is one.
///
/// Positions (`index`) count characters from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // variant fields (index, ch, count) are described by the enum doc
pub enum IpError {
    /// The text is empty.
    Empty,
    /// The text is longer than [`MAX_LEN`] characters.
    TooLong,
    /// A character outside ASCII (e.g. fullwidth or Arabic-Indic digits).
    NonAscii { index: usize, ch: char },
    /// A space, tab or line break (no trimming is done).
    Whitespace { index: usize, ch: char },
    /// A control character such as NUL.
    Control { index: usize, ch: char },
    /// `[` or `]`: brackets belong to URLs, not to addresses.
    Brackets { index: usize },
    /// A `%` zone index; holds the text from `%` to the end.
    ZoneIndex(String),
    /// A `/` CIDR prefix; holds the text from `/` to the end.
    Prefix(String),
    /// `a.b.c.d:port`; holds the text from `:` to the end.
    Port(String),
    /// Any other character that never appears in an IP address.
    InvalidChar { index: usize, ch: char },
    /// The text starts with `.`.
    LeadingDot,
    /// The text ends with `.`.
    TrailingDot,
    /// Two dots in a row in an IPv4 address.
    Ipv4EmptyPart,
    /// An IPv4 address without exactly 4 parts (`127.1`, `2130706433`).
    Ipv4PartCount { count: usize },
    /// An IPv4 part that is not a decimal number (`0x7f`).
    Ipv4NotDecimal(String),
    /// An IPv4 part with more than 3 digits.
    Ipv4PartTooLong(String),
    /// An IPv4 part with a leading zero (`010`).
    Ipv4LeadingZero(String),
    /// An IPv4 part above 255.
    Ipv4PartTooLarge(String),
    /// An IPv6 address starting with a single `:`.
    Ipv6LeadingColon,
    /// An IPv6 address ending with a single `:`.
    Ipv6TrailingColon,
    /// `:::` in an IPv6 address.
    Ipv6ColonRun,
    /// `::` more than once in an IPv6 address.
    Ipv6MultipleDoubleColon,
    /// An IPv6 group that is not hexadecimal.
    Ipv6NotHex(String),
    /// An IPv6 group with more than 4 hex digits.
    Ipv6GroupTooLong(String),
    /// A dotted IPv4 part anywhere but the last 32 bits of an IPv6 address.
    Ipv6EmbeddedIpv4NotLast(String),
    /// The wrong number of groups: exactly 8 without `::`, at most 7 with
    /// it (an embedded IPv4 address counts as 2).
    Ipv6GroupCount { count: usize, compressed: bool },
}

impl IpError {
    /// The rule the text breaks, in words (built without `core::fmt`, see `text`).
    pub fn message(&self) -> String {
        use IpError::*;
        match self {
            Empty => "empty text is not an IP address".into(),
            TooLong => format!("text is longer than {} characters, the most an IP address can have", MAX_LEN),
            NonAscii { index, ch } => at_index(
                &format!("non-ASCII character '{ch}' (U+{:04X})", *ch as u32),
                *index,
                ": only ASCII digits, hex letters, '.' and ':' are allowed",
            ),
            Whitespace { index, ch } => at_index(
                &format!("whitespace (U+{:04X})", *ch as u32),
                *index,
                ": IP addresses contain no spaces, not even at the ends",
            ),
            Control { index, ch } => at_index(
                &format!("control character U+{:04X}", *ch as u32),
                *index,
                " is not allowed",
            ),
            Brackets { index } => format!("brackets (\"[\" or \"]\", at index {index}) are not allowed: give the bare address, without brackets or a port"),
            ZoneIndex(z) => format!("zone indices (\"{z}\") are not allowed"),
            Prefix(p) => format!("CIDR prefixes (\"{p}\") are not allowed: give a single address"),
            Port(p) => format!("ports (\"{p}\") are not allowed: give the address alone"),
            InvalidChar { index, ch } => at_index(
                &format!("character '{ch}'"),
                *index,
                " cannot appear in an IP address",
            ),
            LeadingDot => "address starts with a dot".into(),
            TrailingDot => "address ends with a dot".into(),
            Ipv4EmptyPart => "IPv4 address has an empty part (\"..\")".into(),
            Ipv4PartCount { count } => format!("IPv4 address has {count} part(s) but needs exactly 4 (a.b.c.d); shortened forms like \"127.1\" and single numbers are not allowed"),
            Ipv4NotDecimal(p) => format!("IPv4 octet \"{p}\" is not a decimal number (hex and octal forms are not allowed)"),
            Ipv4PartTooLong(p) => format!("IPv4 octet \"{p}\" has more than 3 digits"),
            Ipv4LeadingZero(p) => format!("IPv4 octet \"{p}\" has a leading zero"),
            Ipv4PartTooLarge(p) => format!("IPv4 octet \"{p}\" is greater than 255"),
            Ipv6LeadingColon => "IPv6 address starts with a single \":\"".into(),
            Ipv6TrailingColon => "IPv6 address ends with a single \":\"".into(),
            Ipv6ColonRun => {
                "IPv6 address has \":::\"; use \"::\" once for a run of zero groups".into()
            }
            Ipv6MultipleDoubleColon => {
                "IPv6 address has \"::\" more than once; it may appear only once".into()
            }
            Ipv6NotHex(g) => format!("IPv6 group \"{g}\" is not hexadecimal"),
            Ipv6GroupTooLong(g) => format!("IPv6 group \"{g}\" has more than 4 hex digits"),
            Ipv6EmbeddedIpv4NotLast(p) => format!("embedded IPv4 address \"{p}\" is only allowed as the last 32 bits of an IPv6 address"),
            Ipv6GroupCount {
                count,
                compressed: false,
            } => format!("IPv6 address has {count} groups but needs exactly 8 (or \"::\" for a run of zeros)"),
            Ipv6GroupCount {
                count,
                compressed: true,
            } => format!("IPv6 address has {count} groups besides \"::\"; at most 7 are allowed with \"::\""),
        }
    }
}

/// "`what` at index `index``rest`": a message about one character of the text.
fn at_index(what: &str, index: usize, rest: &str) -> String {
    format!("{what} at index {index}{rest}")
}

impl fmt::Display for IpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for IpError {}

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

/// One pass over well-formed addresses, no allocation and no string
/// searching: answers `None` for anything it does not accept, and accepts
/// exactly what the rule-by-rule reader accepts (property-tested in
/// tests/ip_props.rs against it and against std).
mod fast {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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
}

/// Strict dotted quad. `s` is ASCII, non-empty, with no leading or trailing
/// dot (checked by the caller for whole addresses, here again for embedded
/// ones).
fn parse_v4(s: &str) -> Result<Ipv4Addr, IpError> {
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
fn parse_v6(s: &str) -> Result<Ipv6Addr, IpError> {
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

/// Canonical text being written: at most [`MAX_LEN`] ASCII bytes, on the
/// stack, so that checking an already-canonical input allocates nothing.
pub struct Text {
    buf: [u8; MAX_LEN],
    len: usize,
}

impl Text {
    fn push(&mut self, c: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    /// Writes `v` in decimal.
    fn dec(&mut self, v: u8) {
        if v >= 100 {
            self.push(b'0' + v / 100);
        }
        if v >= 10 {
            self.push(b'0' + v / 10 % 10);
        }
        self.push(b'0' + v % 10);
    }

    fn v4(&mut self, o: [u8; 4]) {
        for (i, &v) in o.iter().enumerate() {
            if i > 0 {
                self.push(b'.');
            }
            self.dec(v);
        }
    }

    /// Writes `v` in lower-case hex without leading zeros.
    fn hex(&mut self, v: u16) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut started = false;
        for shift in [12u32, 8, 4, 0] {
            let d = usize::from((v >> shift) & 0xf);
            if d != 0 || started || shift == 0 {
                started = true;
                self.push(HEX[d]);
            }
        }
    }

    /// The text written.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// The text written, as a string (always ASCII).
    #[must_use]
    pub fn as_str(&self) -> &str {
        let bytes = self.as_bytes();
        debug_assert!(bytes.is_ascii());
        // SAFETY: `push` is the only writer, and every caller passes it an
        // ASCII digit, hex letter, '.' or ':'; ASCII is valid UTF-8. (The
        // checked conversion is the module's only UTF-8 validator: 0.6 KB.)
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// The canonical text of an address, without allocating: see [`canonical`].
#[must_use]
pub fn canonical_text(addr: &IpAddr) -> Text {
    let mut out = Text {
        buf: [0; MAX_LEN],
        len: 0,
    };
    match addr {
        IpAddr::V4(a) => out.v4(a.octets()),
        IpAddr::V6(a) => {
            let g = a.segments();
            if g[..5] == [0; 5] && g[5] == 0xffff {
                // IPv4-mapped (::ffff:0:0/96), RFC 5952 section 5.
                let o = a.octets();
                for &c in b"::ffff:" {
                    out.push(c);
                }
                out.v4([o[12], o[13], o[14], o[15]]);
                return out;
            }
            // Longest run of zero groups, the first on a tie; only runs of 2+.
            let (mut best_at, mut best_len) = (0usize, 0usize);
            let mut i = 0;
            while i < 8 {
                if g[i] == 0 {
                    let start = i;
                    while i < 8 && g[i] == 0 {
                        i += 1;
                    }
                    if i - start > best_len {
                        best_at = start;
                        best_len = i - start;
                    }
                } else {
                    i += 1;
                }
            }
            if best_len < 2 {
                best_len = 0;
                best_at = 8;
            }
            let mut i = 0;
            while i < 8 {
                if i == best_at {
                    out.push(b':');
                    out.push(b':');
                    i += best_len;
                    continue;
                }
                if i > 0 && i != best_at + best_len {
                    out.push(b':');
                }
                out.hex(g[i]);
                i += 1;
            }
        }
    }
    out
}

/// The canonical text of an address: dotted quad for IPv4, RFC 5952 for IPv6.
#[must_use]
pub fn canonical(addr: &IpAddr) -> String {
    canonical_text(addr).as_str().to_owned()
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
