//! CIDR prefixes as the range files write them (`3.5.140.0/22`,
//! `2600:1f14::/35`): the address under the project's strict IP rules
//! (`crate::ip`), a decimal length, and no host bits set.

use crate::ip;
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One CIDR prefix, its host bits all zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cidr {
    /// An IPv4 network and its length (0 to 32).
    V4(u32, u8),
    /// An IPv6 network and its length (0 to 128).
    V6(u128, u8),
}

/// The mask of the first `len` bits of a `BITS`-bit number.
fn mask_u32(len: u8) -> u32 {
    if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    }
}

fn mask_u128(len: u8) -> u128 {
    if len == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(len))
    }
}

impl Cidr {
    /// Reads `a.b.c.d/n` or `x:y::/n`; the error says which rule is broken,
    /// quoting the text.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let quoted = || format!("\"{text}\"");
        let Some((addr, len)) = text.split_once('/') else {
            return Err(format!(
                "{} is not a CIDR prefix: it has no \"/length\"",
                quoted()
            ));
        };
        let addr = ip::parse(addr).map_err(|why| {
            format!(
                "{} is not a CIDR prefix: its address is not an IP address: {}",
                quoted(),
                why.message()
            )
        })?;
        let max: u8 = if addr.is_ipv4() { 32 } else { 128 };
        let len_ok = !len.is_empty()
            && len.len() <= 3
            && len.bytes().all(|b| b.is_ascii_digit())
            && (len == "0" || !len.starts_with('0'));
        let len = len_ok
            .then(|| len.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
            .filter(|&n| n <= u32::from(max))
            .ok_or_else(|| {
                format!("{} is not a CIDR prefix: the length must be a whole number from 0 to {max} without leading zeros", quoted())
            })? as u8;
        let (cidr, network) = match addr {
            IpAddr::V4(a) => {
                let n = u32::from(a);
                (Cidr::V4(n, len), Cidr::V4(n & mask_u32(len), len))
            }
            IpAddr::V6(a) => {
                let n = u128::from(a);
                (Cidr::V6(n, len), Cidr::V6(n & mask_u128(len), len))
            }
        };
        if cidr != network {
            return Err(format!(
                "{} has host bits set: the prefix of that length is {}",
                quoted(),
                network.to_text()
            ));
        }
        Ok(cidr)
    }

    /// Whether `addr` lies inside this prefix.
    pub fn contains(&self, addr: &IpAddr) -> bool {
        match (self, addr) {
            (Cidr::V4(n, l), IpAddr::V4(a)) => u32::from(*a) & mask_u32(*l) == *n,
            (Cidr::V6(n, l), IpAddr::V6(a)) => u128::from(*a) & mask_u128(*l) == *n,
            _ => false,
        }
    }

    /// The prefix length.
    pub fn prefix_len(&self) -> u8 {
        match self {
            Cidr::V4(_, l) | Cidr::V6(_, l) => *l,
        }
    }

    /// The first address of the prefix.
    pub fn first(&self) -> IpAddr {
        match self {
            Cidr::V4(n, _) => IpAddr::V4(Ipv4Addr::from(*n)),
            Cidr::V6(n, _) => IpAddr::V6(Ipv6Addr::from(*n)),
        }
    }

    /// The last address of the prefix.
    pub fn last(&self) -> IpAddr {
        match self {
            Cidr::V4(n, l) => IpAddr::V4(Ipv4Addr::from(*n | !mask_u32(*l))),
            Cidr::V6(n, l) => IpAddr::V6(Ipv6Addr::from(*n | !mask_u128(*l))),
        }
    }

    /// Canonical text: the network in canonical IP form, `/`, the length.
    pub fn to_text(&self) -> String {
        format!(
            "{}/{}",
            ip::canonical_text(&self.first()).as_str(),
            self.prefix_len()
        )
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CidrText;
        impl Visitor<'_> for CidrText {
            type Value = Cidr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a CIDR prefix string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cidr, E> {
                Cidr::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(CidrText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_prefixes() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert_eq!(c, Cidr::V4(0x0a00_0000, 8));
        assert_eq!(c.to_text(), "10.0.0.0/8");
        assert_eq!(c.last().to_string(), "10.255.255.255");
        assert_eq!(Cidr::parse("0.0.0.0/0").unwrap(), Cidr::V4(0, 0));
        assert_eq!(
            Cidr::parse("2600:1F14:0000::/35").unwrap().to_text(),
            "2600:1f14::/35"
        );
        assert_eq!(
            Cidr::parse("1.2.3.4/32").unwrap().last().to_string(),
            "1.2.3.4"
        );
        assert_eq!(Cidr::parse("::/0").unwrap(), Cidr::V6(0, 0));
    }

    #[test]
    fn refuses_bad_prefixes_naming_the_rule() {
        let e = Cidr::parse("10.0.0.1/8").unwrap_err();
        assert_eq!(
            e,
            "\"10.0.0.1/8\" has host bits set: the prefix of that length is 10.0.0.0/8"
        );
        let e = Cidr::parse("2600:1f14::1/35").unwrap_err();
        assert!(e.ends_with("is 2600:1f14::/35"), "{e}");
        for (bad, rule) in [
            ("10.0.0.0", "has no \"/length\""),
            ("10.0.0/8", "is not an IP address"),
            ("010.0.0.0/8", "leading zero"),
            ("10.0.0.0/33", "from 0 to 32"),
            ("::/129", "from 0 to 128"),
            ("10.0.0.0/08", "without leading zeros"),
            ("10.0.0.0/", "whole number"),
            ("10.0.0.0/8/8", "whole number"),
            ("10.0.0.0/-1", "whole number"),
            (" 10.0.0.0/8", "whitespace"),
        ] {
            let e = Cidr::parse(bad).unwrap_err();
            assert!(e.contains(rule), "{bad}: {e}");
            assert!(e.starts_with(&format!("{bad:?}")), "{bad}: {e}");
        }
    }

    #[test]
    fn containment() {
        let c = Cidr::parse("192.0.2.0/24").unwrap();
        assert!(c.contains(&"192.0.2.255".parse().unwrap()));
        assert!(!c.contains(&"192.0.3.0".parse().unwrap()));
        assert!(!c.contains(&"::ffff:192.0.2.1".parse().unwrap()));
    }
}
