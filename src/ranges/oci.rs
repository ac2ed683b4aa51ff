//! Oracle Cloud `public_ip_ranges.json`: `regions`, each with a `region` and
//! its `cidrs` (`{ cidr, tags }`).
//!
//! Rule: every CIDR of a region counts, whatever its tags (`OCI`, `OSN`,
//! `OBJECT_STORAGE`).

use super::cidr::Cidr;
use super::source::{region, Claim, EntryError, Published, RangeFile, Vendor};
use crate::text::cat;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(expecting = "an Oracle Cloud public_ip_ranges.json object")]
pub struct OciFile {
    last_updated_timestamp: String,
    regions: Vec<RegionEntry>,
}

#[derive(Debug, Deserialize)]
struct RegionEntry {
    region: String,
    cidrs: Vec<CidrEntry>,
}

#[derive(Debug, Deserialize)]
struct CidrEntry {
    cidr: Cidr,
}

impl RangeFile for OciFile {
    const VENDOR: Vendor = Vendor::Oci;

    fn claims(self, out: &mut Vec<Claim>) -> Result<Published, EntryError> {
        for (i, r) in self.regions.into_iter().enumerate() {
            let region = region(|| cat!("regions[", i, "].region"), r.region)?;
            for c in r.cidrs {
                out.push(Claim {
                    cidr: c.cidr,
                    region: region.clone(),
                });
            }
        }
        Ok(Published::Oci {
            last_updated_timestamp: self.last_updated_timestamp,
        })
    }
}
