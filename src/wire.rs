//! The JSON shapes on the wire: Cloudflare's envelope and the v1/v2 field
//! names. v1 answers say `origin-ip`, v2 answers `origin_ip`; one struct with
//! an alias reads both, so the decoder is written (and shipped) once.

use crate::error::ApiMessage;
use serde::{Deserialize, Serialize};

/// Cloudflare's envelope around every answer.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// Whether the call succeeded.
    #[serde(default)]
    pub success: bool,
    /// Errors, when it did not.
    #[serde(default)]
    pub errors: Vec<ApiMessage>,
    /// The payload.
    #[serde(default = "Option::default")]
    pub result: Option<T>,
    /// Pagination, on v2 lists.
    #[serde(default)]
    pub result_info: Option<ResultInfo>,
}

/// The envelope of an error answer, whose `result` is not read.
#[derive(Debug, Deserialize)]
pub struct ErrorEnvelope {
    /// Errors of the answer.
    #[serde(default)]
    pub errors: Vec<ApiMessage>,
}

/// v2 list pagination.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
pub struct ResultInfo {
    /// Page returned.
    pub page: Option<u32>,
    /// Page size.
    pub per_page: Option<u32>,
    /// Mappings in the zone.
    pub total_count: Option<u32>,
    /// Pages at this size.
    pub total_pages: Option<u32>,
}

/// v1 wraps every result as a zone setting: `{id, editable, value, modified_on}`.
#[derive(Debug, Deserialize)]
pub struct Setting<T> {
    /// The payload.
    pub value: T,
}

/// A mapping as either generation writes it.
#[derive(Debug, Deserialize)]
pub struct WireMapping {
    /// `origin_ip` (v2) or `origin-ip` (v1).
    #[serde(alias = "origin-ip")]
    pub origin_ip: String,
    /// Vendor region.
    pub region: String,
    /// Vendor.
    pub vendor: String,
    /// Last change.
    #[serde(default)]
    pub modified_on: Option<String>,
}

/// One item of a batch answer.
#[derive(Debug, Deserialize)]
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

/// A batch answer: `{succeeded, failed}`.
#[derive(Debug, Deserialize)]
pub struct WireBatch {
    /// Items applied.
    #[serde(default)]
    pub succeeded: Vec<WireBatchItem>,
    /// Items refused.
    #[serde(default)]
    pub failed: Vec<WireBatchItem>,
}

/// What a single delete answers: v2 `{origin_ip}`, v1 the deleted setting entry.
#[derive(Debug, Deserialize)]
pub struct WireDeleted {
    /// v2 form.
    #[serde(default, alias = "origin-ip")]
    pub origin_ip: Option<String>,
    /// v1 form.
    #[serde(default)]
    pub value: Option<WireMapping>,
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
