//! Google Cloud `cloud.json`: `prefixes`, each entry with an `ipv4Prefix` or
//! an `ipv6Prefix`, a `service` and a `scope`.
//!
//! Rules: the scope is the region; scope `global` (global load balancers and
//! the like) is not a region: an address in such a prefix answers no region,
//! even inside a wider regional prefix.

use super::cidr::Cidr;
use super::source::{family, Claims, EntryError, Published, RangeFile, Vendor};
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a Google Cloud cloud.json object")]
#[allow(non_snake_case)]
pub struct GcpFile {
    syncToken: String,
    creationTime: String,
    prefixes: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[allow(non_snake_case)]
struct Entry {
    #[serde(default)]
    ipv4Prefix: Option<Cidr>,
    #[serde(default)]
    ipv6Prefix: Option<Cidr>,
    scope: String,
}

/// The scope of prefixes served from everywhere.
const GLOBAL: &str = "global";

impl RangeFile for GcpFile {
    const VENDOR: Vendor = Vendor::Gcp;

    fn claims(self, out: &mut Claims) -> Result<Published, EntryError> {
        for (i, e) in self.prefixes.into_iter().enumerate() {
            let cidr = match (e.ipv4Prefix, e.ipv6Prefix) {
                (Some(c), None) => family(|| format!("prefixes[{i}].ipv4Prefix"), c, false)?,
                (None, Some(c)) => family(|| format!("prefixes[{i}].ipv6Prefix"), c, true)?,
                (v4, _) => {
                    return Err(EntryError {
                        path: format!("prefixes[{i}]"),
                        rule: if v4.is_some() {
                            "has both ipv4Prefix and ipv6Prefix; an entry has one".into()
                        } else {
                            "has neither ipv4Prefix nor ipv6Prefix".into()
                        },
                    })
                }
            };
            let id = if e.scope == GLOBAL {
                out.everywhere(GLOBAL)
            } else {
                out.region(|| format!("prefixes[{i}].scope"), &e.scope)?
            };
            out.push(cidr, id);
        }
        Ok(Published::Gcp {
            syncToken: self.syncToken,
            creationTime: self.creationTime,
        })
    }
}
