//! Answers for callers: one IP (`lookup`), or a list of them sorted into
//! mappings ready for `plan`, unmatched IPs, refused inputs and, given the
//! supported-regions catalogue, matches in regions Cloudflare does not take.

use super::classify::Verdict;
use super::index::{Match, RegionIndex};
use super::input::IpInput;
use super::source::Vendor;
use crate::error::Error;
use crate::ip;
use crate::model::SupportedRegions;
use crate::validate::{self, Field};
use serde::Serialize;
use std::borrow::Cow;

/// What `lookup` answers for an IP inside a prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    /// The vendor (the first in `aws`, `azure`, `gcp`, `oci` order with a
    /// region when several claim the prefix).
    pub vendor: Vendor,
    /// Its region.
    pub region: String,
    /// The longest prefix holding the IP, canonical (`3.5.140.0/22`).
    pub prefix: String,
    /// Every other vendor and region listing the same prefix at the same
    /// length (a `GLOBAL` among them); absent when there is none.
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

impl RegionIndex {
    /// The vendor, region and prefix of one IP, or `None` when no file lists
    /// it in a region (an AWS `GLOBAL` or Google Cloud `global` prefix is in
    /// none). `name` names the input in errors (`ip`).
    ///
    /// # Errors
    ///
    /// A validation error when `ip` is not a string holding an IP address.
    pub fn lookup(&self, name: &str, ip: &Field) -> Result<Option<Lookup>, Error> {
        let text = validate::text(name, ip)?;
        let addr = ip::parse(text).map_err(|why| validate::not_an_ip(name, text, &why))?;
        Ok(self.find(&addr).and_then(|m| {
            let first = *m.claims.iter().find(|c| c.is_region)?;
            let conflicts = (m.claims.iter())
                .filter(|&&c| c != first)
                .map(|c| Claimant {
                    vendor: c.vendor,
                    region: c.name.to_owned(),
                })
                .collect();
            Some(Lookup {
                vendor: first.vendor,
                region: first.name.to_owned(),
                prefix: m.prefix.to_text(),
                conflicts,
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
        let mut out = Suggestion {
            unsupported: catalogue.map(|_| Vec::new()),
            ..Suggestion::default()
        };
        let item = |ip, owner: u32| {
            let (vendor, region) = self.owner(owner);
            Item { ip, vendor, region }
        };
        for verdict in self.classify(ips, catalogue) {
            match verdict {
                Verdict::Matched(ip, owner) => out.items.push(item(ip, owner)),
                Verdict::Unsupported(ip, owner) => {
                    let list = out.unsupported.get_or_insert_with(Vec::new);
                    list.push(item(ip, owner));
                }
                Verdict::Unmatched(ip) => out.unmatched.push(ip),
                Verdict::Rejected(r) => out.rejected.push(*r),
                Verdict::Repeat => {}
            }
        }
        out
    }
}

impl Match<'_> {
    /// Why `suggest` refuses an address in this prefix: several claim it,
    /// or it is served from everywhere (AWS `GLOBAL`, alone or several).
    pub fn refusal(&self) -> String {
        let prefix = self.prefix.to_text();
        if let [one] = &self.claims[..] {
            return format!(
                "is in {prefix}, which {} lists as {} (served from everywhere), not in a region: map it by hand",
                one.vendor.name(),
                one.name
            );
        }
        let then = if self.claims.iter().any(|c| c.is_region) {
            ": pick one by hand"
        } else {
            " (served from everywhere), not in a region: map it by hand"
        };
        format!("is in {prefix}, which {} all list{then}", self.claimants())
    }

    /// "aws us-east-1 and gcp us-east1": the claimants of a tie.
    pub fn claimants(&self) -> String {
        let mut out = String::new();
        for (i, c) in self.claims.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == self.claims.len() {
                    " and "
                } else {
                    ", "
                });
            }
            out.push_str(&format!("{} {}", c.vendor.name(), c.name));
        }
        out
    }
}
