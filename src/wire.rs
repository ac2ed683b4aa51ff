//! The JSON on the wire, both ways. v1 bodies say `ip`, v2 bodies
//! `origin_ip`; v1 answers say `origin-ip`, v2 answers `origin_ip` (read
//! through a serde alias).

use serde::{Deserialize, Serialize};

/// One mapping as an answer carries it (`modified_on` only on some).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WireMapping {
    /// `origin_ip` (v2) or `origin-ip` (v1).
    #[serde(alias = "origin-ip")]
    pub origin_ip: String,
    /// Vendor.
    pub vendor: String,
    /// Region.
    pub region: String,
    /// When Cloudflare last changed it.
    #[serde(default)]
    pub modified_on: Option<String>,
}

/// One item of a batch answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WireBatchItem {
    /// `origin_ip` (v2) or `origin-ip` (v1).
    #[serde(alias = "origin-ip")]
    pub origin_ip: String,
    /// Why it failed, on failed items.
    #[serde(default)]
    pub error: Option<String>,
    /// Vendor, on applied upserts.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Region, on applied upserts.
    #[serde(default)]
    pub region: Option<String>,
}

/// A batch answer: `{succeeded, failed}`, either list may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct WireBatch {
    /// Items applied.
    #[serde(default)]
    pub succeeded: Vec<WireBatchItem>,
    /// Items refused.
    #[serde(default)]
    pub failed: Vec<WireBatchItem>,
    /// The `cf-ray` of the answer (set by the decoder, not read from JSON).
    #[serde(skip)]
    pub ray_id: Option<String>,
}

/// A region of the supported-regions catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WireRegion {
    /// Region identifier.
    pub name: String,
    /// Upper-tier colos beside it.
    #[serde(default)]
    pub upper_tier_colos: Vec<String>,
}

/// One `{code, message}` of an error envelope.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WireMessage {
    /// Cloudflare's numeric code.
    pub code: u32,
    /// Cloudflare's text.
    #[serde(default)]
    pub message: String,
}

/// A v2 list's `result_info`; any field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct WirePageInfo {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub per_page: Option<u32>,
    /// Mappings in the zone.
    pub total_count: Option<u32>,
    /// Pages at this size.
    pub total_pages: Option<u32>,
}

/// A write body of v1 (`ip`) or v2 (`origin_ip`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WireInput {
    /// v1 body field names.
    V1 {
        /// Canonical IP.
        ip: String,
        /// Region.
        region: String,
        /// Vendor.
        vendor: String,
    },
    /// v2 body field names.
    V2 {
        /// Canonical IP.
        origin_ip: String,
        /// Region.
        region: String,
        /// Vendor.
        vendor: String,
    },
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Body {
    /// One mapping.
    One(WireInput),
    /// A batch of mappings.
    Many(Vec<WireInput>),
    /// A batch of IPs to delete.
    Ips(Vec<String>),
}

impl Body {
    /// The JSON text sent.
    pub fn to_json(&self) -> String {
        // Strings and arrays of them: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
