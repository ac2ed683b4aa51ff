//! Answers → model values or [`Error::Api`]. The JSON text is parsed by the
//! transport (`JSON.parse` in wasm, so no JSON parser ships in the module);
//! this module only reads the parsed value through [`JsonBody`].

use crate::config::ApiVersion;
use crate::error::Error;
use crate::ip;
use crate::model::{Deleted, Mapping, Page, SupportedRegions};
use crate::wire::{Envelope, ErrorEnvelope, ResultInfo, Setting, WireBatch, WireDeleted, WireMapping};
use serde::de::DeserializeOwned;

/// A parsed JSON body that serde can read into any wire type.
pub trait JsonBody {
    /// Reads the body as `T`; the error says what did not fit.
    fn read<T: DeserializeOwned>(&self) -> Result<T, String>;
}

/// An HTTP answer as the transport hands it over.
#[derive(Debug, Clone)]
pub struct Response<B> {
    /// HTTP status.
    pub status: u16,
    /// The `Retry-After` header, verbatim.
    pub retry_after: Option<String>,
    /// The parsed body, or `None` when it was empty or not JSON.
    pub body: Option<B>,
}

/// Whether a status is a success.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Unwraps Cloudflare's envelope: the result on success, every error otherwise.
pub fn envelope<T: DeserializeOwned, B: JsonBody>(resp: &Response<B>) -> Result<(T, Option<ResultInfo>), Error> {
    if !is_success(resp.status) {
        // An error status whose body is no envelope (an edge's HTML page)
        // is still an API error with that status, just without codes.
        let errors = resp.body.as_ref().and_then(|b| b.read::<ErrorEnvelope>().ok()).map(|e| e.errors);
        return Err(Error::Api { status: resp.status, errors: errors.unwrap_or_default() });
    }
    let body = resp
        .body
        .as_ref()
        .ok_or_else(|| Error::Decode(format!("the HTTP {} answer is not JSON", resp.status)))?;
    let env: Envelope<T> = match body.read() {
        Ok(env) => env,
        Err(why) => {
            // An error answer may carry `result: {}` instead of null:
            // `success: false` still decides, and its codes reach the caller.
            if let Ok(head) = body.read::<Envelope<serde::de::IgnoredAny>>() {
                if !head.success {
                    return Err(Error::Api { status: resp.status, errors: head.errors });
                }
            }
            return Err(Error::Decode(format!("unexpected answer shape: {why}")));
        }
    };
    if !env.success {
        return Err(Error::Api { status: resp.status, errors: env.errors });
    }
    let result = env.result.ok_or_else(|| Error::Decode("a successful answer carries no result".into()))?;
    Ok((result, env.result_info))
}

/// The canonical form of an IP the server returned; passed through as given
/// when it is not an IP this client can read.
fn canonical_or_given(text: String) -> String {
    ip::canonicalize(&text).unwrap_or(text)
}

impl From<WireMapping> for Mapping {
    fn from(w: WireMapping) -> Self {
        Mapping { ip: canonical_or_given(w.origin_ip), vendor: w.vendor, region: w.region, modified_on: w.modified_on }
    }
}

/// One mapping: v1 wraps it in a setting, v2 sends it flat.
pub fn mapping<B: JsonBody>(version: ApiVersion, resp: &Response<B>) -> Result<Mapping, Error> {
    Ok(match version {
        ApiVersion::V1 => envelope::<Setting<WireMapping>, B>(resp)?.0.value.into(),
        ApiVersion::V2 => envelope::<WireMapping, B>(resp)?.0.into(),
    })
}

/// The whole list of a v1 setting (v1 list and v1 PATCH answers).
pub fn v1_list<B: JsonBody>(resp: &Response<B>) -> Result<Vec<Mapping>, Error> {
    let (setting, _) = envelope::<Setting<Vec<WireMapping>>, B>(resp)?;
    Ok(setting.value.into_iter().map(Mapping::from).collect())
}

/// A v2 list page. Missing pagination fields fall back to what was asked.
pub fn v2_page<B: JsonBody>(resp: &Response<B>, page: u32, per_page: u32) -> Result<Page, Error> {
    let (items, info) = envelope::<Vec<WireMapping>, B>(resp)?;
    let info = info.unwrap_or_default();
    let items: Vec<Mapping> = items.into_iter().map(Mapping::from).collect();
    let per_page = info.per_page.unwrap_or(per_page).max(1);
    let total_count = info.total_count.unwrap_or(items.len() as u32);
    Ok(Page {
        page: info.page.unwrap_or(page),
        per_page,
        total_pages: info.total_pages.unwrap_or(total_count.div_ceil(per_page)),
        total_count,
        items,
    })
}

/// A page cut from v1's full list, so that `list` means the same in both generations.
pub fn v1_page(all: Vec<Mapping>, page: u32, per_page: u32) -> Page {
    let total_count = all.len() as u32;
    let start = ((page - 1) as usize).saturating_mul(per_page as usize);
    let items = all.into_iter().skip(start).take(per_page as usize).collect();
    Page { items, page, per_page, total_count, total_pages: total_count.div_ceil(per_page) }
}

/// A single delete. Falls back to the IP asked for when the answer does not repeat it.
pub fn deleted<B: JsonBody>(resp: &Response<B>, asked_ip: &str) -> Result<Deleted, Error> {
    let (d, _) = envelope::<WireDeleted, B>(resp)?;
    let ip = d.origin_ip.or(d.value.map(|v| v.origin_ip)).map(canonical_or_given);
    Ok(Deleted { ip: ip.unwrap_or_else(|| asked_ip.to_owned()) })
}

/// A batch answer: v1 wraps it in a setting.
pub fn batch<B: JsonBody>(version: ApiVersion, resp: &Response<B>) -> Result<WireBatch, Error> {
    Ok(match version {
        ApiVersion::V1 => envelope::<Setting<WireBatch>, B>(resp)?.0.value,
        ApiVersion::V2 => envelope::<WireBatch, B>(resp)?.0,
    })
}

/// The supported-regions catalogue (same shape in both generations).
pub fn supported_regions<B: JsonBody>(resp: &Response<B>) -> Result<SupportedRegions, Error> {
    Ok(envelope::<SupportedRegions, B>(resp)?.0)
}
