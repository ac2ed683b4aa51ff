//! Answers for callers: one IP (`lookup`), or a list of them sorted into
//! mappings ready for `plan`, unmatched IPs, refused inputs and, given the
//! supported-regions catalogue, matches in regions Cloudflare does not take.

use super::index::{single, Match, RegionIndex};
use super::input::IpInput;
use super::source::Vendor;
use crate::error::Error;
use crate::ip;
use crate::model::SupportedRegions;
use crate::validate::{self, Field};
use serde::Serialize;
use std::borrow::Cow;
use std::net::IpAddr;

/// What `lookup` answers for an IP inside a prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    /// The vendor (the first in `aws`, `azure`, `gcp`, `oci` order when
    /// several claim the prefix).
    pub vendor: Vendor,
    /// Its region.
    pub region: String,
    /// The longest prefix holding the IP, canonical (`3.5.140.0/22`).
    pub prefix: String,
    /// Every other vendor and region listing the same prefix at the same
    /// length; absent when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Claimant>,
}

/// A vendor and region claiming a prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claimant {
    /// The vendor.
    pub vendor: Vendor,
    /// Its region.
    pub region: String,
}

/// A suggested mapping: what `plan` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item<'a> {
    /// Canonical IP (the caller's own text when it is canonical already).
    pub ip: Cow<'a, str>,
    /// The vendor.
    pub vendor: Vendor,
    /// Its region (borrowed from the index: one allocation less per item).
    pub region: &'a str,
}

/// An input `suggest` refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Its place in the input list.
    pub index: usize,
    /// The text given; `None` when it was not a string.
    pub input: Option<String>,
    /// The rule it breaks, naming it (`ips[3] "1.2.3": is not an IP address: ...`).
    pub error: String,
}

/// What `suggest` answers, every list in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Suggestion<'a> {
    /// IPs matched to a vendor and region (Cloudflare supports, when a
    /// catalogue was given).
    pub items: Vec<Item<'a>>,
    /// Canonical IPs in no vendor's prefixes.
    pub unmatched: Vec<Cow<'a, str>>,
    /// Inputs that are not IPs, and IPs whose prefix several claim.
    pub rejected: Vec<Rejected>,
    /// Matches in a region the catalogue does not list; only with a catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsupported: Option<Vec<Item<'a>>>,
}

/// "aws us-east-1 and gcp us-east1": the claimants of a tie.
fn claimants(m: &Match<'_>) -> String {
    let mut out = String::new();
    for (i, (v, r)) in m.claims.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == m.claims.len() {
                " and "
            } else {
                ", "
            });
        }
        out.push_str(&format!("{} {r}", v.name()));
    }
    out
}

impl RegionIndex {
    /// The vendor, region and prefix of one IP, or `None` when no file lists
    /// it. `name` names the input in errors (`ip`).
    ///
    /// # Errors
    ///
    /// A validation error when `ip` is not a string holding an IP address.
    pub fn lookup(&self, name: &str, ip: &Field) -> Result<Option<Lookup>, Error> {
        let text = validate::text(name, ip)?;
        let addr = ip::parse(text).map_err(|why| validate::not_an_ip(name, text, &why))?;
        Ok(self.find(&addr).and_then(|m| {
            let mut claims = m.claims.iter().map(|&(vendor, region)| Claimant {
                vendor,
                region: region.to_owned(),
            });
            let first = claims.next()?;
            Some(Lookup {
                vendor: first.vendor,
                region: first.region,
                prefix: m.prefix.to_text(),
                conflicts: claims.collect(),
            })
        }))
    }

    /// Sorts `ips` into suggested mappings, unmatched IPs and refused inputs
    /// (and, with a `catalogue`, matches in unsupported regions), each list
    /// in input order. An IP given twice (in any text form) appears once,
    /// at its first place.
    pub fn suggest<'a>(
        &'a self,
        ips: &'a [IpInput<'a>],
        catalogue: Option<&SupportedRegions>,
    ) -> Suggestion<'a> {
        let supported: Option<Vec<bool>> = catalogue.map(|c| {
            self.owners()
                .iter()
                .map(|(v, r)| c.has(v.name(), r))
                .collect()
        });
        let mut out = Suggestion {
            unsupported: supported.as_ref().map(|_| Vec::new()),
            ..Suggestion::default()
        };
        let name = |i: usize| format!("ips[{i}]");
        let mut parsed: Vec<(IpAddr, usize)> = Vec::with_capacity(ips.len());
        for (i, input) in ips.iter().enumerate() {
            let text = match input {
                IpInput::Text(text) => text,
                IpInput::Other(type_name) => {
                    out.rejected.push(Rejected {
                        index: i,
                        input: None,
                        error: Error::wrong_type(&name(i), "a string", type_name).message(),
                    });
                    continue;
                }
            };
            match ip::parse(text) {
                Ok(addr) => parsed.push((addr, i)),
                Err(why) => out.rejected.push(Rejected {
                    index: i,
                    input: Some(text.to_string()),
                    error: validate::not_an_ip(&name(i), text, &why).message(),
                }),
            }
        }
        // Repeats of an address, by sorting (no hashing in the wasm).
        // (Plain integers sort several times faster than `IpAddr`s.)
        let mut order: Vec<(bool, u128, u32)> = parsed
            .iter()
            .map(|(a, i)| match a {
                IpAddr::V4(v4) => (false, u128::from(u32::from(*v4)), *i as u32),
                IpAddr::V6(v6) => (true, u128::from(*v6), *i as u32),
            })
            .collect();
        order.sort_unstable();
        let mut repeat = vec![false; ips.len()];
        for w in order.windows(2) {
            if (w[0].0, w[0].1) == (w[1].0, w[1].1) {
                repeat[w[1].2 as usize] = true;
            }
        }
        drop(order);
        for (addr, i) in parsed {
            if repeat[i] {
                continue;
            }
            let ip = canonical(&addr, &ips[i]);
            let Some((_, claim)) = self.find_raw(&addr) else {
                out.unmatched.push(ip);
                continue;
            };
            let Some(owner) = single(claim) else {
                let Some(m) = self.find(&addr) else { continue };
                let rule = format!(
                    "is in {}, which {} all list: pick one by hand",
                    m.prefix.to_text(),
                    claimants(&m)
                );
                out.rejected.push(Rejected {
                    index: i,
                    input: ip_text(&ips[i]),
                    error: Error::invalid(&name(i), &ip, &rule).message(),
                });
                continue;
            };
            let (vendor, region) = &self.owners()[owner as usize];
            let item = Item {
                ip,
                vendor: *vendor,
                region,
            };
            let ok = supported.as_ref().is_none_or(|s| s[owner as usize]);
            match (&mut out.unsupported, ok) {
                (Some(unsupported), false) => unsupported.push(item),
                _ => out.items.push(item),
            }
        }
        out.rejected.sort_by_key(|r| r.index);
        out
    }
}

fn ip_text(input: &IpInput<'_>) -> Option<String> {
    match input {
        IpInput::Text(t) => Some(t.to_string()),
        IpInput::Other(_) => None,
    }
}

/// The canonical text of `addr`: the caller's own text when it is that
/// already (most lists), without allocating.
fn canonical<'a>(addr: &IpAddr, input: &'a IpInput<'a>) -> Cow<'a, str> {
    let text = ip::canonical_text(addr);
    match input {
        IpInput::Text(given) if given.as_ref() == text.as_str() => Cow::Borrowed(given.as_ref()),
        _ => Cow::Owned(text.as_str().to_owned()),
    }
}
