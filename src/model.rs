//! What callers get back, whatever API generation produced it. They
//! serialise with the JS API's camelCase names; `None` fields are left out.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// Cloud vendors this version knows. Answers may carry others: those pass
/// through as strings.
pub const VENDORS: [&str; 4] = ["aws", "azure", "gcp", "oci"];

/// One origin IP mapped to the cloud region that hosts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    /// Canonical IP text.
    pub ip: String,
    /// Cloud vendor (`aws`, `azure`, `gcp`, `oci`, or one this version does not know).
    pub vendor: String,
    /// Vendor region identifier.
    pub region: String,
    /// When Cloudflare last changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
}

/// A validated mapping to write: the IP is canonical.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingInput {
    /// Canonical IP text.
    pub ip: String,
    /// One of [`VENDORS`].
    pub vendor: String,
    /// Vendor region identifier.
    pub region: String,
}

/// One page of a zone's mappings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The mappings on this page.
    pub items: Vec<Mapping>,
    /// 1-based page number.
    pub page: u32,
    /// Page size asked for.
    pub per_page: u32,
    /// Mappings in the whole zone.
    pub total_count: u32,
    /// Pages in the whole zone at this page size.
    pub total_pages: u32,
}

/// What `delete` resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deleted {
    /// Canonical IP of the mapping removed.
    pub ip: String,
}

/// An item a batch call applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Succeeded {
    /// Canonical IP.
    pub ip: String,
    /// The IP text the caller gave.
    pub input: String,
    /// Vendor, for upserts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Region, for upserts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An item a batch call did not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failed {
    /// Canonical IP, or the input itself when it is not an IP.
    pub ip: String,
    /// The IP text the caller gave.
    pub input: String,
    /// Why it was not applied: a local rule or the API's reason.
    pub error: String,
    /// The `cf-ray` of the answer that refused it, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ray_id: Option<String>,
    /// Vendor given with the item, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Region given with the item, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The outcome of every item of a batch call.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchResult {
    /// Items applied, in input order.
    pub succeeded: Vec<Succeeded>,
    /// Items not applied, in input order.
    pub failed: Vec<Failed>,
    /// HTTP requests the call made, retries included.
    pub requests: u32,
}

/// A region of a vendor and the upper-tier colos beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// Region identifier (`us-east-1`).
    pub name: String,
    /// Upper-tier data centres serving it (`IAD`).
    pub upper_tier_colos: Vec<String>,
}

/// The catalogue of vendors and regions Cloudflare accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportedRegions {
    /// Whether Cloudflare obtained colo codes for the regions.
    pub obtained_codes: bool,
    /// Regions by vendor name, in the answer's order.
    #[serde(serialize_with = "vendor_map")]
    pub vendors: Vec<(String, Vec<Region>)>,
}

impl SupportedRegions {
    /// The regions listed for `vendor`.
    pub fn regions(&self, vendor: &str) -> Option<&[Region]> {
        self.vendors
            .iter()
            .find(|(v, _)| v == vendor)
            .map(|(_, rs)| rs.as_slice())
    }

    /// Whether the catalogue lists `region` for `vendor`.
    pub fn has(&self, vendor: &str, region: &str) -> bool {
        self.regions(vendor)
            .is_some_and(|rs| rs.iter().any(|r| r.name == region))
    }
}

/// The vendors as an object keyed by vendor name, in the answer's order.
fn vendor_map<S: Serializer>(vendors: &[(String, Vec<Region>)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(vendors.len()))?;
    for (name, regions) in vendors {
        map.serialize_entry(name, regions)?;
    }
    map.end()
}
