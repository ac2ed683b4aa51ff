//! AWS `ip-ranges.json`: `prefixes` (IPv4) and `ipv6_prefixes`, each entry
//! with a `region` and a `service`.
//!
//! Rules: a prefix is listed once per service (`AMAZON` and a narrower one
//! such as `EC2`), always with the same region: it becomes one claim. Region
//! `GLOBAL` (CloudFront, Route 53 and the like) is not a region: an address
//! in such a prefix answers no region, even inside a wider regional prefix.

use super::cidr::Cidr;
use super::source::{family, Claims, EntryError, Published, RangeFile, Vendor};
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(expecting = "an AWS ip-ranges.json object")]
#[allow(non_snake_case)]
pub struct AwsFile {
    syncToken: String,
    createDate: String,
    prefixes: Vec<V4Entry>,
    #[serde(default)]
    ipv6_prefixes: Vec<V6Entry>,
}

#[derive(Debug, Deserialize)]
struct V4Entry {
    ip_prefix: Cidr,
    region: String,
}

#[derive(Debug, Deserialize)]
struct V6Entry {
    ipv6_prefix: Cidr,
    region: String,
}

/// The region of `GLOBAL` entries: served from everywhere, so no region.
const GLOBAL: &str = "GLOBAL";

impl RangeFile for AwsFile {
    const VENDOR: Vendor = Vendor::Aws;

    fn claims(self, out: &mut Claims) -> Result<Published, EntryError> {
        let v4 = self.prefixes.into_iter().map(|e| (e.ip_prefix, e.region));
        let v6 = self
            .ipv6_prefixes
            .into_iter()
            .map(|e| (e.ipv6_prefix, e.region));
        let lists: [(&str, &str, Vec<_>); 2] = [
            ("prefixes", "ip_prefix", v4.collect()),
            ("ipv6_prefixes", "ipv6_prefix", v6.collect()),
        ];
        for (list, key, entries) in lists {
            let v6 = key == "ipv6_prefix";
            for (i, (cidr, name)) in entries.into_iter().enumerate() {
                let cidr = family(|| format!("{list}[{i}].{key}"), cidr, v6)?;
                let id = if name == GLOBAL {
                    out.everywhere(GLOBAL)
                } else {
                    out.region(|| format!("{list}[{i}].region"), &name)?
                };
                out.push(cidr, id);
            }
        }
        Ok(Published::Aws {
            syncToken: self.syncToken,
            createDate: self.createDate,
        })
    }
}
