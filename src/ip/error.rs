//! Why a text is not an IP address, in plain words.

use super::MAX_LEN;
use core::fmt;

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
