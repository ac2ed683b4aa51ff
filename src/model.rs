//! What callers get back, whatever API generation produced it. The JSON they
//! become uses the JS API's camelCase names.

use crate::json::{Obj, ToJson};

/// Cloud vendors this version knows. Answers may carry others: those pass
/// through as strings.
pub const VENDORS: [&str; 4] = ["aws", "azure", "gcp", "oci"];

/// One origin IP mapped to the cloud region that hosts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Canonical IP text.
    pub ip: String,
    /// Cloud vendor (`aws`, `azure`, `gcp`, `oci`, or one this version does not know).
    pub vendor: String,
    /// Vendor region identifier.
    pub region: String,
    /// When Cloudflare last changed it.
    pub modified_on: Option<String>,
}

/// A validated mapping to write: the IP is canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingInput {
    /// Canonical IP text.
    pub ip: String,
    /// One of [`VENDORS`].
    pub vendor: String,
    /// Vendor region identifier.
    pub region: String,
}

/// One page of a zone's mappings.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    /// Canonical IP of the mapping removed.
    pub ip: String,
}

/// An item a batch call applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succeeded {
    /// Canonical IP.
    pub ip: String,
    /// The IP text the caller gave.
    pub input: String,
    /// Vendor, for upserts.
    pub vendor: Option<String>,
    /// Region, for upserts.
    pub region: Option<String>,
}

/// An item a batch call did not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// Canonical IP, or the input itself when it is not an IP.
    pub ip: String,
    /// The IP text the caller gave.
    pub input: String,
    /// Why it was not applied: a local rule or the API's reason.
    pub error: String,
    /// Vendor given with the item, if any.
    pub vendor: Option<String>,
    /// Region given with the item, if any.
    pub region: Option<String>,
}

/// The outcome of every item of a batch call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchResult {
    /// Items applied, in input order.
    pub succeeded: Vec<Succeeded>,
    /// Items not applied, in input order.
    pub failed: Vec<Failed>,
    /// HTTP requests the call made, retries included.
    pub requests: u32,
}

/// A region of a vendor and the upper-tier colos beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Region identifier (`us-east-1`).
    pub name: String,
    /// Upper-tier data centres serving it (`IAD`).
    pub upper_tier_colos: Vec<String>,
}

/// The catalogue of vendors and regions Cloudflare accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportedRegions {
    /// Whether Cloudflare obtained colo codes for the regions.
    pub obtained_codes: bool,
    /// Regions by vendor name, in the answer's order.
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

impl ToJson for Mapping {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("ip", &self.ip)
            .str("vendor", &self.vendor)
            .str("region", &self.region);
        o.opt_str("modifiedOn", self.modified_on.as_deref()).end();
    }
}

impl ToJson for Page {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .value("items", &self.items)
            .num("page", self.page)
            .num("perPage", self.per_page)
            .num("totalCount", self.total_count)
            .num("totalPages", self.total_pages)
            .end();
    }
}

impl ToJson for Deleted {
    fn write_json(&self, out: &mut String) {
        Obj::new(out).str("ip", &self.ip).end();
    }
}

impl ToJson for Succeeded {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("ip", &self.ip).str("input", &self.input);
        o.opt_str("vendor", self.vendor.as_deref())
            .opt_str("region", self.region.as_deref())
            .end();
    }
}

impl ToJson for Failed {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("ip", &self.ip)
            .str("input", &self.input)
            .str("error", &self.error);
        o.opt_str("vendor", self.vendor.as_deref())
            .opt_str("region", self.region.as_deref())
            .end();
    }
}

impl ToJson for BatchResult {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .value("succeeded", &self.succeeded)
            .value("failed", &self.failed)
            .num("requests", self.requests)
            .end();
    }
}

impl ToJson for Region {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("name", &self.name)
            .value("upperTierColos", &self.upper_tier_colos)
            .end();
    }
}

impl ToJson for SupportedRegions {
    fn write_json(&self, out: &mut String) {
        let mut vendors = String::new();
        let mut v = Obj::new(&mut vendors);
        for (name, regions) in &self.vendors {
            v.value(name, regions);
        }
        v.end();
        let mut o = Obj::new(out);
        o.bool("obtainedCodes", self.obtained_codes);
        o.key_raw("vendors", &vendors);
        o.end();
    }
}
