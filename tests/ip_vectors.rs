//! Table-driven vectors for `origin_regions::ip`: accepted inputs with their
//! exact canonical form, rejected inputs with the exact `IpError` and words
//! its `Display` must contain.
#![cfg(not(target_arch = "wasm32"))]

use origin_regions::ip::{self, IpError};
use std::net::IpAddr;
use std::str::FromStr;

/// Accepted inputs and their canonical text.
const ACCEPT: &[(&str, &str)] = &[
    // IPv4
    ("0.0.0.0", "0.0.0.0"),
    ("1.2.3.4", "1.2.3.4"),
    ("255.255.255.255", "255.255.255.255"),
    ("192.0.2.1", "192.0.2.1"),
    ("10.0.0.0", "10.0.0.0"),
    ("100.64.0.1", "100.64.0.1"),
    // IPv6 compression, RFC 5952 section 4.2
    ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
    ("2001:db8::1", "2001:db8::1"),
    ("2001:0db8::0001", "2001:db8::1"),
    ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
    ("2001:Db8:0:0:0:0:0:1", "2001:db8::1"),
    ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
    ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
    ("2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
    ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
    ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
    ("0:0:0:0:0:0:0:0", "::"),
    ("::", "::"),
    ("1:0:0:0:0:0:0:0", "1::"),
    ("1::", "1::"),
    ("0:0:0:0:0:0:0:1", "::1"),
    ("::1", "::1"),
    ("::0:1", "::1"),
    ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
    ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
    ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
    (
        "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ),
    ("fe80::1", "fe80::1"),
    ("FE80:0:0:0:0202:B3FF:FE1E:8329", "fe80::202:b3ff:fe1e:8329"),
    ("0:0:1:0:0:0:0:0", "0:0:1::"),
    ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),
    // IPv4-mapped and other embedded IPv4
    ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
    ("::FFFF:192.0.2.1", "::ffff:192.0.2.1"),
    ("::ffff:C000:0201", "::ffff:192.0.2.1"),
    ("::ffff:c000:201", "::ffff:192.0.2.1"),
    ("0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"),
    (
        "0000:0000:0000:0000:0000:ffff:255.255.255.255",
        "::ffff:255.255.255.255",
    ),
    ("::ffff:0.0.0.0", "::ffff:0.0.0.0"),
    ("::ffff:0:0", "::ffff:0.0.0.0"),
    ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ("::192.0.2.1", "::c000:201"),
    ("::0.0.0.1", "::1"),
    ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
    ("::1:2:3:4:5:1.2.3.4", "0:1:2:3:4:5:102:304"),
    ("::ffff:1:192.0.2.1", "::ffff:1:c000:201"),
];

/// Rejected inputs, the exact error, and text its Display must contain.
fn rejects() -> Vec<(String, IpError, &'static [&'static str])> {
    use IpError::*;
    let s = |x: &str| x.to_string();
    vec![
        (s(""), Empty, &["empty"]),
        ("1".repeat(1 << 20), TooLong, &["45"]),
        ("1".repeat(46), TooLong, &["45"]),
        (
            format!("{}1", "0000:0000:0000:0000:0000:ffff:255.255.255.255"),
            TooLong,
            &["45"],
        ),
        ("é".repeat(46), TooLong, &["45"]),
        // Non-ASCII digits and letters
        (
            s("１.２.３.４"),
            NonAscii {
                index: 0, ch: '１'
            },
            &["non-ASCII", "U+FF11"],
        ),
        (
            s("١.٢.٣.٤"),
            NonAscii { index: 0, ch: '١' },
            &["non-ASCII", "U+0661"],
        ),
        (
            s("1.2.3.４"),
            NonAscii {
                index: 6, ch: '４'
            },
            &["non-ASCII", "index 6"],
        ),
        (
            s("::ﬀ"),
            NonAscii {
                index: 2, ch: 'ﬀ'
            },
            &["non-ASCII"],
        ),
        (
            s("1.2.3.4\u{a0}"),
            NonAscii {
                index: 7,
                ch: '\u{a0}',
            },
            &["non-ASCII"],
        ),
        // Whitespace and control characters, anywhere
        (
            s("1.2.3.4 "),
            Whitespace { index: 7, ch: ' ' },
            &["whitespace", "index 7"],
        ),
        (
            s(" 1.2.3.4"),
            Whitespace { index: 0, ch: ' ' },
            &["whitespace", "index 0"],
        ),
        (
            s("1.2. 3.4"),
            Whitespace { index: 4, ch: ' ' },
            &["whitespace"],
        ),
        (
            s("::1\n"),
            Whitespace { index: 3, ch: '\n' },
            &["whitespace", "U+000A"],
        ),
        (
            s("\t::1"),
            Whitespace { index: 0, ch: '\t' },
            &["whitespace", "U+0009"],
        ),
        (
            s("1.2.3.4\0"),
            Control { index: 7, ch: '\0' },
            &["control", "U+0000"],
        ),
        (
            s("\0"),
            Control { index: 0, ch: '\0' },
            &["control", "U+0000"],
        ),
        (
            s("::1\u{7f}"),
            Control {
                index: 3,
                ch: '\u{7f}',
            },
            &["control", "U+007F"],
        ),
        (
            s("::1\u{b}"),
            Control {
                index: 3,
                ch: '\u{b}',
            },
            &["control"],
        ),
        // Zone indices, prefixes, brackets, ports
        (s("fe80::1%eth0"), ZoneIndex(s("%eth0")), &["zone", "%eth0"]),
        (s("fe80::1%1"), ZoneIndex(s("%1")), &["zone", "%1"]),
        (s("10.0.0.0/8"), Prefix(s("/8")), &["CIDR", "/8"]),
        (s("2001:db8::/32"), Prefix(s("/32")), &["CIDR", "/32"]),
        (s("[::1]"), Brackets { index: 0 }, &["brackets"]),
        (s("::1]"), Brackets { index: 3 }, &["brackets"]),
        (s("[::1]:443"), Brackets { index: 0 }, &["brackets", "port"]),
        (s("1.2.3.4:80"), Port(s(":80")), &["port", ":80"]),
        (s("192.0.2.1:65535"), Port(s(":65535")), &["port", ":65535"]),
        // Other characters
        (s("localhost"), InvalidChar { index: 0, ch: 'l' }, &["'l'"]),
        (s("1.2.3.-4"), InvalidChar { index: 6, ch: '-' }, &["'-'"]),
        (s("1,2,3,4"), InvalidChar { index: 1, ch: ',' }, &["','"]),
        (s("::g"), InvalidChar { index: 2, ch: 'g' }, &["'g'"]),
        // Dots
        (s("1.2.3.4."), TrailingDot, &["ends with a dot"]),
        (s(".1.2.3.4"), LeadingDot, &["starts with a dot"]),
        (s("."), LeadingDot, &["starts with a dot"]),
        (s("::1.2.3.4."), TrailingDot, &["ends with a dot"]),
        (s("1..2.3"), Ipv4EmptyPart, &["empty part"]),
        (s("1.2..3.4"), Ipv4EmptyPart, &["empty part"]),
        // IPv4 strictness
        (s("127.1"), Ipv4PartCount { count: 2 }, &["2 part", "4"]),
        (s("1.2.3"), Ipv4PartCount { count: 3 }, &["3 part"]),
        (s("1.2.3.4.5"), Ipv4PartCount { count: 5 }, &["5 part"]),
        (
            s("2130706433"),
            Ipv4PartCount { count: 1 },
            &["1 part", "single numbers"],
        ),
        (s("0"), Ipv4PartCount { count: 1 }, &["1 part"]),
        (
            s("0x7f.1.1.1"),
            Ipv4NotDecimal(s("0x7f")),
            &["\"0x7f\"", "decimal"],
        ),
        (s("1.2.3.a"), Ipv4NotDecimal(s("a")), &["\"a\"", "decimal"]),
        (
            s("010.1.1.1"),
            Ipv4LeadingZero(s("010")),
            &["\"010\"", "leading zero"],
        ),
        (
            s("1.2.3.04"),
            Ipv4LeadingZero(s("04")),
            &["\"04\"", "leading zero"],
        ),
        (
            s("00.0.0.0"),
            Ipv4LeadingZero(s("00")),
            &["\"00\"", "leading zero"],
        ),
        (
            s("1.2.3.0004"),
            Ipv4PartTooLong(s("0004")),
            &["\"0004\"", "3 digits"],
        ),
        (
            s("1234.1.1.1"),
            Ipv4PartTooLong(s("1234")),
            &["\"1234\"", "3 digits"],
        ),
        (
            s("256.1.1.1"),
            Ipv4PartTooLarge(s("256")),
            &["\"256\"", "255"],
        ),
        (
            s("1.2.3.999"),
            Ipv4PartTooLarge(s("999")),
            &["\"999\"", "255"],
        ),
        // IPv6 strictness
        (
            s("2001:db8::1::2"),
            Ipv6MultipleDoubleColon,
            &["\"::\"", "once"],
        ),
        (s("::1::"), Ipv6MultipleDoubleColon, &["\"::\"", "once"]),
        (s("1:::2"), Ipv6ColonRun, &["\":::\""]),
        (s(":::"), Ipv6ColonRun, &["\":::\""]),
        (s(":1::"), Ipv6LeadingColon, &["starts with a single"]),
        (
            s(":1:2:3:4:5:6:7:8"),
            Ipv6LeadingColon,
            &["starts with a single"],
        ),
        (s(":"), Ipv6LeadingColon, &["starts with a single"]),
        (s("::1:"), Ipv6TrailingColon, &["ends with a single"]),
        (
            s("1:2:3:4:5:6:7:8:"),
            Ipv6TrailingColon,
            &["ends with a single"],
        ),
        (
            s("1:2:3:4:5:6:7:8:9"),
            Ipv6GroupCount {
                count: 9,
                compressed: false,
            },
            &["9 groups", "8"],
        ),
        (
            s("1:2:3:4:5:6:7"),
            Ipv6GroupCount {
                count: 7,
                compressed: false,
            },
            &["7 groups", "8"],
        ),
        (
            s("1:2"),
            Ipv6GroupCount {
                count: 2,
                compressed: false,
            },
            &["2 groups"],
        ),
        (
            s("1:2:3:4:5:6:7::8"),
            Ipv6GroupCount {
                count: 8,
                compressed: true,
            },
            &["8 groups", "7"],
        ),
        (
            s("::1:2:3:4:5:6:7:8"),
            Ipv6GroupCount {
                count: 8,
                compressed: true,
            },
            &["8 groups", "7"],
        ),
        (
            s("1:2:3:4:5:6:7:1.2.3.4"),
            Ipv6GroupCount {
                count: 9,
                compressed: false,
            },
            &["9 groups"],
        ),
        (
            s("1:2:3:4:5:1.2.3.4"),
            Ipv6GroupCount {
                count: 7,
                compressed: false,
            },
            &["7 groups"],
        ),
        (
            s("1:2:3:4:5:6::1.2.3.4"),
            Ipv6GroupCount {
                count: 8,
                compressed: true,
            },
            &["8 groups"],
        ),
        (
            s("12345::"),
            Ipv6GroupTooLong(s("12345")),
            &["\"12345\"", "4 hex digits"],
        ),
        (
            s("2001:00db8::1"),
            Ipv6GroupTooLong(s("00db8")),
            &["\"00db8\"", "4 hex digits"],
        ),
        (
            s("::0x1"),
            Ipv6NotHex(s("0x1")),
            &["\"0x1\"", "hexadecimal"],
        ),
        (
            s("1.2.3.4::"),
            Ipv6EmbeddedIpv4NotLast(s("1.2.3.4")),
            &["\"1.2.3.4\"", "last 32 bits"],
        ),
        (
            s("::1.2.3.4:1"),
            Ipv6EmbeddedIpv4NotLast(s("1.2.3.4")),
            &["\"1.2.3.4\"", "last 32 bits"],
        ),
        (
            s("1.2.3.4::1"),
            Ipv6EmbeddedIpv4NotLast(s("1.2.3.4")),
            &["last 32 bits"],
        ),
        (
            s("::ffff:192.0.2.01"),
            Ipv4LeadingZero(s("01")),
            &["\"01\"", "leading zero"],
        ),
        (s("::ffff:192.0.2"), Ipv4PartCount { count: 3 }, &["3 part"]),
        (
            s("::ffff:1.2.3.256"),
            Ipv4PartTooLarge(s("256")),
            &["\"256\""],
        ),
        (s("1.2.3.4:"), Ipv6TrailingColon, &["ends with a single"]),
    ]
}

#[test]
fn vector_count() {
    assert!(ACCEPT.len() + rejects().len() >= 50);
}

#[test]
fn accepted_vectors() {
    for &(input, want) in ACCEPT {
        let got = ip::canonicalize(input);
        assert_eq!(got.as_deref(), Ok(want), "canonicalize({input:?})");
        // Fixed point.
        assert_eq!(
            ip::canonicalize(want).as_deref(),
            Ok(want),
            "canonicalize({want:?})"
        );
        // Same address as std, and the canonical form is std's Display.
        let ours = ip::parse(input).unwrap();
        let std = IpAddr::from_str(input).unwrap_or_else(|e| panic!("std rejects {input:?}: {e}"));
        assert_eq!(ours, std, "address of {input:?}");
        assert_eq!(
            ip::canonical(&ours),
            std.to_string(),
            "canonical of {input:?}"
        );
    }
}

#[test]
fn rejected_vectors() {
    for (input, want, words) in rejects() {
        let shown = if input.len() > 60 {
            format!("<{} bytes>", input.len())
        } else {
            format!("{input:?}")
        };
        let got = ip::parse(&input);
        assert_eq!(got, Err(want.clone()), "parse({shown})");
        assert_eq!(
            ip::canonicalize(&input),
            Err(want.clone()),
            "canonicalize({shown})"
        );
        let msg = want.to_string();
        for w in words {
            assert!(
                msg.contains(w),
                "Display of {want:?} is {msg:?}, lacks {w:?}"
            );
        }
        // Std never accepts what we reject, for these vectors.
        assert!(IpAddr::from_str(&input).is_err(), "std accepts {shown}");
    }
}

#[test]
fn display_is_plain_and_short() {
    for (_, e, _) in rejects() {
        let msg = e.to_string();
        assert!(!msg.is_empty() && msg.len() < 200, "{msg:?}");
        assert!(
            msg.is_ascii() || matches!(e, IpError::NonAscii { .. }),
            "{msg:?}"
        );
        // Control characters are named by code point, never printed raw.
        assert!(!msg.chars().any(|c| c.is_control()), "{msg:?}");
    }
}

#[test]
fn documented_examples_of_display() {
    assert_eq!(
        IpError::Ipv4LeadingZero("010".into()).to_string(),
        "IPv4 octet \"010\" has a leading zero"
    );
    assert_eq!(
        IpError::ZoneIndex("%eth0".into()).to_string(),
        "zone indices (\"%eth0\") are not allowed"
    );
    assert!(IpError::TooLong.to_string().contains("45"));
}

#[test]
fn huge_input_is_rejected_cheaply() {
    let big = "1".repeat(1 << 20);
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        assert_eq!(ip::parse(&big), Err(IpError::TooLong));
    }
    // 1000 rejections of a 1 MB string must not scan it.
    assert!(
        t.elapsed() < std::time::Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    let big_unicode = "١".repeat(1 << 18);
    assert_eq!(ip::parse(&big_unicode), Err(IpError::TooLong));
}

#[test]
fn ipv4_mapped_vs_compatible() {
    // Mapped: dotted; compatible and NAT64: hex groups (as Rust std writes them).
    assert_eq!(
        ip::canonicalize("::ffff:1.2.3.4").unwrap(),
        "::ffff:1.2.3.4"
    );
    assert_eq!(ip::canonicalize("::1.2.3.4").unwrap(), "::102:304");
    assert_eq!(
        ip::canonicalize("64:ff9b::1.2.3.4").unwrap(),
        "64:ff9b::102:304"
    );
    assert_eq!(
        ip::canonicalize("::fffe:1.2.3.4").unwrap(),
        "::fffe:102:304"
    );
    assert_eq!(
        ip::canonicalize("1::ffff:1.2.3.4").unwrap(),
        "1::ffff:102:304"
    );
}

#[test]
fn messages_about_one_character_name_it_its_code_point_and_its_index() {
    let message = |text: &str| {
        origin_regions::ip::canonicalize(text)
            .unwrap_err()
            .message()
    };
    assert_eq!(
        message("19२.0.2.1"),
        "non-ASCII character '२' (U+0968) at index 2: only ASCII digits, hex letters, '.' and ':' are allowed"
    );
    assert_eq!(
        message("192.0.2.1 "),
        "whitespace (U+0020) at index 9: IP addresses contain no spaces, not even at the ends"
    );
    assert_eq!(
        message("192.0\0.2.1"),
        "control character U+0000 at index 5 is not allowed"
    );
    assert_eq!(
        message("192.0.2.g"),
        "character 'g' at index 8 cannot appear in an IP address"
    );
}
