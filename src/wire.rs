//! The request bodies on the wire, and the batch answer as read from it.
//! v1 bodies say `ip`, v2 bodies `origin_ip`; v1 answers say `origin-ip`,
//! v2 answers `origin_ip` (the decoders read both).

use crate::json::{Obj, ToJson};

/// One item of a batch answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireBatchItem {
    /// `origin_ip` (v2) or `origin-ip` (v1).
    pub origin_ip: String,
    /// Why it failed, on failed items.
    pub error: Option<String>,
    /// Vendor, on applied upserts.
    pub vendor: Option<String>,
    /// Region, on applied upserts.
    pub region: Option<String>,
}

/// A batch answer: `{succeeded, failed}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WireBatch {
    /// Items applied.
    pub succeeded: Vec<WireBatchItem>,
    /// Items refused.
    pub failed: Vec<WireBatchItem>,
}

/// A write body of v1 (`ip`) or v2 (`origin_ip`).
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl ToJson for WireInput {
    fn write_json(&self, out: &mut String) {
        let (key, ip, region, vendor) = match self {
            WireInput::V1 { ip, region, vendor } => ("ip", ip, region, vendor),
            WireInput::V2 {
                origin_ip,
                region,
                vendor,
            } => ("origin_ip", origin_ip, region, vendor),
        };
        Obj::new(out)
            .str(key, ip)
            .str("region", region)
            .str("vendor", vendor)
            .end();
    }
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// One mapping.
    One(WireInput),
    /// A batch of mappings.
    Many(Vec<WireInput>),
    /// A batch of IPs to delete.
    Ips(Vec<String>),
}

impl ToJson for Body {
    fn write_json(&self, out: &mut String) {
        match self {
            Body::One(m) => m.write_json(out),
            Body::Many(ms) => ms.write_json(out),
            Body::Ips(ips) => ips.write_json(out),
        }
    }
}
