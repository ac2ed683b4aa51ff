//! Oracle Cloud `public_ip_ranges.json`: `regions`, each with a `region` and
//! its `cidrs` (`{ cidr, tags }`).
//!
//! Rule: every CIDR of a region counts, whatever its tags (`OCI`, `OSN`,
//! `OBJECT_STORAGE`).

use super::cidr::Cidr;
use super::source::{Claims, EntryError, Published, RangeFile, Vendor};
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

    fn claims(self, out: &mut Claims) -> Result<Published, EntryError> {
        for (i, r) in self.regions.into_iter().enumerate() {
            let id = out.region(|| format!("regions[{i}].region"), &r.region)?;
            for c in r.cidrs {
                out.push(c.cidr, id);
            }
        }
        Ok(Published::Oci {
            last_updated_timestamp: self.last_updated_timestamp,
        })
    }
}
