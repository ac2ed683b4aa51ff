//! What `suggest` decides for each input, in input order: matched to one
//! (vendor, region), in a region the catalogue lacks, in no prefix, refused
//! (not an IP, a tie, a `GLOBAL` prefix), or a repeat of an earlier input.
//! Callers render the verdicts: the native [`Suggestion`](super::Suggestion),
//! or the wasm side's JS arrays.

use super::index::{single, RegionIndex};
use super::input::IpInput;
use super::suggest::Rejected;
use crate::error::Error;
use crate::ip;
use crate::model::SupportedRegions;
use crate::validate;
use std::borrow::Cow;
use std::net::IpAddr;

/// The verdict on one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// In a prefix of one (vendor, region): its owner id
    /// ([`RegionIndex::owner`]) and the canonical IP, borrowed when it is the
    /// caller's own text.
    Matched(Cow<'a, str>, u32),
    /// Matched, but in a region the catalogue does not list.
    Unsupported(Cow<'a, str>, u32),
    /// In no vendor's prefix.
    Unmatched(Cow<'a, str>),
    /// Not an IP, in a prefix several (vendor, region)s list, or in one a
    /// vendor lists as served from everywhere (AWS `GLOBAL`).
    Rejected(Box<Rejected>),
    /// The same address as an earlier input: reported there only.
    Repeat,
}

impl RegionIndex {
    /// Each input's verdict, in input order. An IP given twice (in any text
    /// form) is decided at its first place; later places are repeats.
    pub fn classify<'a>(
        &'a self,
        ips: &'a [IpInput<'a>],
        catalogue: Option<&SupportedRegions>,
    ) -> Vec<Verdict<'a>> {
        let supported: Option<Vec<bool>> = catalogue.map(|c| {
            self.owners()
                .iter()
                .map(|(v, r)| c.has(v.name(), r))
                .collect()
        });
        let mut out = vec![Verdict::Repeat; ips.len()];
        // Addresses with their input index: IPv4 packed in one u64 (sorts
        // several times faster), IPv6 beside theirs.
        let mut v4: Vec<u64> = Vec::with_capacity(ips.len());
        let mut v6: Vec<(u128, u32)> = Vec::new();
        for (i, input) in ips.iter().enumerate() {
            let parsed = match input {
                IpInput::Text(text) => ip::parse(text)
                    .map_err(|why| validate::not_an_ip(&name(i), text, &why).message()),
                IpInput::Other(type_name) => {
                    Err(Error::wrong_type(&name(i), "a string", type_name).message())
                }
            };
            match parsed {
                Ok(IpAddr::V4(a)) => v4.push((u64::from(u32::from(a)) << 32) | i as u64),
                Ok(IpAddr::V6(a)) => v6.push((u128::from(a), i as u32)),
                Err(error) => {
                    out[i] = Verdict::Rejected(Box::new(Rejected {
                        index: i,
                        input: ip_text(input),
                        error,
                    }))
                }
            }
        }
        // Sorted, a repeat follows its first place (the lowest index), and
        // the lookups walk the tables in order (fewer cache misses).
        v4.sort_unstable();
        v6.sort_unstable();
        let mut decide = |addr: IpAddr, i: usize| {
            out[i] = self.verdict(addr, i, &ips[i], supported.as_deref());
        };
        let mut last = None;
        for packed in v4 {
            let addr = (packed >> 32) as u32;
            if last.replace(addr) != Some(addr) {
                decide(
                    IpAddr::from(addr.to_be_bytes()),
                    (packed & 0xffff_ffff) as usize,
                );
            }
        }
        let mut last = None;
        for (addr, i) in v6 {
            if last.replace(addr) != Some(addr) {
                decide(IpAddr::from(addr.to_be_bytes()), i as usize);
            }
        }
        out
    }

    /// The verdict on the first place of an address.
    fn verdict<'a>(
        &'a self,
        addr: IpAddr,
        i: usize,
        input: &'a IpInput<'a>,
        supported: Option<&[bool]>,
    ) -> Verdict<'a> {
        let ip = canonical(&addr, input);
        let Some(claim) = self.claim(&addr) else {
            return Verdict::Unmatched(ip);
        };
        // A tie, or a prefix served from everywhere: no one region to give.
        let Some(owner) = single(claim).filter(|&o| self.is_region(o)) else {
            let Some(m) = self.find(&addr) else {
                return Verdict::Unmatched(ip);
            };
            return Verdict::Rejected(Box::new(Rejected {
                index: i,
                input: ip_text(input),
                error: Error::invalid(&name(i), &ip, &m.refusal()).message(),
            }));
        };
        if supported.is_some_and(|s| !s[owner as usize]) {
            Verdict::Unsupported(ip, owner)
        } else {
            Verdict::Matched(ip, owner)
        }
    }
}

/// How errors name the `i`th input.
fn name(i: usize) -> String {
    format!("ips[{i}]")
}

fn ip_text(input: &IpInput<'_>) -> Option<String> {
    match input {
        IpInput::Text(t) => Some(t.to_string()),
        IpInput::Other(_) => None,
    }
}

/// The canonical text of `addr`: the caller's own text when it is that
/// already (most lists), without allocating. An IPv4 address is read only
/// in its canonical form, so its text is always the caller's.
fn canonical<'a>(addr: &IpAddr, input: &'a IpInput<'a>) -> Cow<'a, str> {
    let IpInput::Text(given) = input else {
        return Cow::Owned(ip::canonical(addr));
    };
    if addr.is_ipv4() {
        return Cow::Borrowed(given.as_ref());
    }
    let text = ip::canonical_text(addr);
    if given.as_ref() == text.as_str() {
        Cow::Borrowed(given.as_ref())
    } else {
        Cow::Owned(text.as_str().to_owned())
    }
}
