//! One request description per operation: method, path, query and body, as
//! plain data. Nothing here sends; [`crate::client`] does, for all of them.
//!
//! To add an operation: write a constructor here that returns a [`Request`],
//! a decoder in [`crate::decode`], and a method in [`crate::client`] joining them.

use crate::config::ApiVersion;
use crate::model::MappingInput;
use crate::wire::{Body, WireInput};

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// v1 create: not idempotent.
    Post,
    /// v2 upsert.
    Put,
    /// v1 upsert.
    Patch,
    /// Remove.
    Delete,
}

impl Method {
    /// The method name `fetch` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request, apart from its base URL and credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/zones/`.
    pub path: String,
    /// Query parameters.
    pub query: Vec<(&'static str, u32)>,
    /// JSON body.
    pub body: Option<Body>,
    /// Whether sending it twice does no harm, so that it may be retried
    /// after the server may have acted on it.
    pub idempotent: bool,
    /// Whether it is a v1 endpoint, deprecated by Cloudflare.
    pub deprecated: bool,
}

impl Request {
    fn new(method: Method, path: String, body: Option<Body>) -> Self {
        Request {
            deprecated: path.contains(V1_ROOT),
            method,
            path,
            query: vec![],
            body,
            idempotent: method != Method::Post,
        }
    }

    /// The method and the path with its query, as the log shows a request.
    pub fn describe(&self) -> String {
        format!("{} {}", self.method.as_str(), self.url(""))
    }

    /// The full URL below `base_url`.
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::with_capacity(base_url.len() + self.path.len() + 24);
        url.push_str(base_url);
        url.push_str(&self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(k);
            url.push('=');
            url.push_str(&v.to_string());
        }
        url
    }
}

/// The path of v1's endpoints below the zone.
const V1_ROOT: &str = "/cache/origin_cloud_regions";

fn root(version: ApiVersion, zone: &str) -> String {
    let tail = match version {
        ApiVersion::V1 => V1_ROOT,
        ApiVersion::V2 => "/origin/cloud_regions",
    };
    format!("/zones/{zone}{tail}")
}

/// Percent-encodes a path segment. Canonical IPs need none (`:` is allowed in
/// a segment), but the helper is the one place that guarantees it.
pub fn path_segment(text: &str) -> String {
    // "." and ".." would be read as "this" and "up one" path segments.
    if text == "." || text == ".." {
        return text.replace('.', "%2E");
    }
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn item_path(version: ApiVersion, zone: &str, ip: &str) -> String {
    let mut path = root(version, zone);
    path.push('/');
    path.push_str(&path_segment(ip));
    path
}

fn wire(version: ApiVersion, m: &MappingInput) -> WireInput {
    let (ip, region, vendor) = (m.ip.clone(), m.region.clone(), m.vendor.clone());
    match version {
        ApiVersion::V1 => WireInput::V1 { ip, region, vendor },
        ApiVersion::V2 => WireInput::V2 {
            origin_ip: ip,
            region,
            vendor,
        },
    }
}

/// List: v1 returns every mapping at once; v2 one page.
pub fn list(version: ApiVersion, zone: &str, page: u32, per_page: u32) -> Request {
    let mut r = Request::new(Method::Get, root(version, zone), None);
    if version == ApiVersion::V2 {
        r.query = vec![("page", page), ("per_page", per_page)];
    }
    r
}

/// The mapping of one IP.
pub fn get(version: ApiVersion, zone: &str, ip: &str) -> Request {
    Request::new(Method::Get, item_path(version, zone, ip), None)
}

/// v1 POST: create, refused (1145) if the IP has a mapping. See seed 002.
pub fn create(zone: &str, m: &MappingInput) -> Request {
    Request::new(
        Method::Post,
        root(ApiVersion::V1, zone),
        Some(Body::One(wire(ApiVersion::V1, m))),
    )
}

/// v1 PATCH: create or overwrite; answers the whole list. See seeds 000, 001.
pub fn edit(zone: &str, m: &MappingInput) -> Request {
    Request::new(
        Method::Patch,
        root(ApiVersion::V1, zone),
        Some(Body::One(wire(ApiVersion::V1, m))),
    )
}

/// v2 PUT /{ip}: create or replace. See seed 003.
pub fn update(zone: &str, m: &MappingInput) -> Request {
    let path = item_path(ApiVersion::V2, zone, &m.ip);
    Request::new(Method::Put, path, Some(Body::One(wire(ApiVersion::V2, m))))
}

/// Remove the mapping of one IP.
pub fn delete(version: ApiVersion, zone: &str, ip: &str) -> Request {
    Request::new(Method::Delete, item_path(version, zone, ip), None)
}

/// Upsert up to 100 mappings: v1 PATCH /batch (seed 004) or v2 PUT /batch.
pub fn batch_upsert(version: ApiVersion, zone: &str, items: &[MappingInput]) -> Request {
    let method = if version == ApiVersion::V1 {
        Method::Patch
    } else {
        Method::Put
    };
    let body = Body::Many(items.iter().map(|m| wire(version, m)).collect());
    Request::new(method, root(version, zone) + "/batch", Some(body))
}

/// Delete up to 100 mappings; the IPs travel as the DELETE's JSON body.
pub fn batch_delete(version: ApiVersion, zone: &str, ips: &[String]) -> Request {
    Request::new(
        Method::Delete,
        root(version, zone) + "/batch",
        Some(Body::Ips(ips.to_vec())),
    )
}

/// The vendor/region catalogue.
pub fn supported_regions(version: ApiVersion, zone: &str) -> Request {
    Request::new(
        Method::Get,
        root(version, zone) + "/supported_regions",
        None,
    )
}
