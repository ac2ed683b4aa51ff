//! What an index holds, per vendor: prefix counts, regions, and the date or
//! token of the file it was built from.

use super::source::{Published, Vendor};
use serde::Serialize;

/// One vendor's part of an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VendorStats {
    /// Distinct IPv4 prefixes that count (after the vendor's rules).
    pub prefixes_v4: u32,
    /// Distinct IPv6 prefixes that count.
    pub prefixes_v6: u32,
    /// The regions those prefixes are in, sorted.
    pub regions: Vec<String>,
    /// The file's own date or token, under the file's key names.
    pub published: Published,
}

/// The vendors of an index, each present when its file was given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VendorsStats {
    /// From `ip-ranges.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws: Option<VendorStats>,
    /// From the Service Tags file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure: Option<VendorStats>,
    /// From `cloud.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gcp: Option<VendorStats>,
    /// From `public_ip_ranges.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oci: Option<VendorStats>,
}

/// The whole index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Per vendor.
    pub vendors: VendorsStats,
    /// Bytes of memory the built index holds.
    pub memory_bytes: usize,
}

impl Stats {
    /// Sets `vendor`'s part.
    pub fn set(&mut self, vendor: Vendor, stats: VendorStats) {
        let slot = match vendor {
            Vendor::Aws => &mut self.vendors.aws,
            Vendor::Azure => &mut self.vendors.azure,
            Vendor::Gcp => &mut self.vendors.gcp,
            Vendor::Oci => &mut self.vendors.oci,
        };
        *slot = Some(stats);
    }

    /// `vendor`'s part, when its file was given.
    pub fn vendor(&self, vendor: Vendor) -> Option<&VendorStats> {
        match vendor {
            Vendor::Aws => self.vendors.aws.as_ref(),
            Vendor::Azure => self.vendors.azure.as_ref(),
            Vendor::Gcp => self.vendors.gcp.as_ref(),
            Vendor::Oci => self.vendors.oci.as_ref(),
        }
    }
}
