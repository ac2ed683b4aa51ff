//! Answers → model values or [`Error::Api`]. The JSON text is parsed by the
//! host (`JSON.parse` in wasm); this module reads the parsed value through
//! [`JsonBody`], accepting both generations' field names.
//!
//! The public decoders are `#[inline(never)]`: V8 compiles wasm on first
//! call, so a call then compiles only the decoder of its own answer.

use crate::config::ApiVersion;
use crate::error::{ApiMessage, Error};
use crate::ip;
pub use crate::json::JsonBody;
use crate::model::{Deleted, Mapping, Page, Region, SupportedRegions};
use crate::text::cat;
use crate::wire::{WireBatch, WireBatchItem};

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

fn decode_error(what: impl Into<String>) -> Error {
    Error::Decode(what.into())
}

/// The `errors` of an envelope; entries without a numeric code are skipped.
fn messages<B: JsonBody>(body: &B) -> Vec<ApiMessage> {
    let list = body
        .member("errors")
        .and_then(|e| e.elements())
        .unwrap_or_default();
    let mut out = Vec::new();
    for e in &list {
        if let Some(code) = e.member("code").and_then(|c| c.number()).and_then(whole) {
            let message = e
                .member("message")
                .and_then(|m| m.string())
                .unwrap_or_default();
            out.push(ApiMessage { code, message });
        }
    }
    out
}

/// A JSON number that is a whole `u32`.
fn whole(n: f64) -> Option<u32> {
    (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
}

/// Unwraps Cloudflare's envelope: the `result` (and `result_info`) on
/// success, every error otherwise.
pub fn envelope<B: JsonBody>(resp: &Response<B>) -> Result<(B, Option<B>), Error> {
    if !is_success(resp.status) {
        // An error status whose body is no envelope (an edge's HTML page)
        // is still an API error with that status, just without codes.
        let errors = resp.body.as_ref().map(messages).unwrap_or_default();
        return Err(Error::Api {
            status: resp.status,
            errors,
        });
    }
    let body = resp
        .body
        .as_ref()
        .ok_or_else(|| decode_error(cat!("the HTTP ", resp.status, " answer is not JSON")))?;
    match body.member("success").and_then(|s| s.boolean()) {
        Some(true) => {}
        Some(false) => {
            return Err(Error::Api {
                status: resp.status,
                errors: messages(body),
            })
        }
        None => {
            return Err(decode_error(
                "the answer is not a Cloudflare envelope (no success flag)",
            ))
        }
    }
    let result = body
        .member("result")
        .ok_or_else(|| decode_error("a successful answer carries no result"))?;
    Ok((result, body.member("result_info")))
}

fn text<B: JsonBody>(v: &B, key: &'static str) -> Result<String, String> {
    v.member(key)
        .and_then(|s| s.string())
        .ok_or_else(|| cat!(key, " is missing or not a string"))
}

fn opt_text<B: JsonBody>(v: &B, key: &'static str) -> Option<String> {
    v.member(key).and_then(|s| s.string())
}

/// `origin_ip` (v2) or `origin-ip` (v1).
fn origin_ip<B: JsonBody>(v: &B) -> Result<String, String> {
    opt_text(v, "origin_ip")
        .or_else(|| opt_text(v, "origin-ip"))
        .ok_or_else(|| "origin_ip is missing or not a string".into())
}

/// The canonical form of an IP the server returned; passed through as given
/// when it is not an IP this client can read.
fn canonical_or_given(text: String) -> String {
    ip::canonicalize(&text).unwrap_or(text)
}

fn read_mapping<B: JsonBody>(v: &B) -> Result<Mapping, String> {
    Ok(Mapping {
        ip: canonical_or_given(origin_ip(v)?),
        vendor: text(v, "vendor")?,
        region: text(v, "region")?,
        modified_on: opt_text(v, "modified_on"),
    })
}

/// Reads every element of the array `v` with `read`, naming the element that
/// does not fit. (A plain loop: an iterator chain with `collect` into a
/// `Result` is ~1 KB of wasm per element type.)
fn each<B: JsonBody, T>(
    v: &B,
    at: &str,
    read: impl Fn(&B) -> Result<T, String>,
) -> Result<Vec<T>, Error> {
    let items = v
        .elements()
        .ok_or_else(|| decode_error(cat!(at, " is not an array")))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, e) in items.iter().enumerate() {
        match read(e) {
            Ok(item) => out.push(item),
            Err(why) => return Err(element_error(at, i, why)),
        }
    }
    Ok(out)
}

#[cold]
fn element_error(at: &str, i: usize, why: String) -> Error {
    decode_error(cat!(at, "[", i, "]: ", why))
}

/// v1 wraps every result as a zone setting: `{id, editable, value, modified_on}`.
fn setting_value<B: JsonBody>(result: &B) -> Result<B, Error> {
    result
        .member("value")
        .ok_or_else(|| decode_error("result.value is missing"))
}

/// One mapping: v1 wraps it in a setting, v2 sends it flat.
#[inline(never)]
pub fn mapping<B: JsonBody>(version: ApiVersion, resp: &Response<B>) -> Result<Mapping, Error> {
    let (result, _) = envelope(resp)?;
    let (value, at) = match version {
        ApiVersion::V1 => (setting_value(&result)?, "result.value"),
        ApiVersion::V2 => (result, "result"),
    };
    read_mapping(&value).map_err(|why| decode_error(cat!(at, ": ", why)))
}

/// The whole list of a v1 setting (v1 list and v1 PATCH answers).
#[inline(never)]
pub fn v1_list<B: JsonBody>(resp: &Response<B>) -> Result<Vec<Mapping>, Error> {
    let (result, _) = envelope(resp)?;
    each(&setting_value(&result)?, "result.value", read_mapping)
}

/// A v2 list page. Missing pagination fields fall back to what was asked.
#[inline(never)]
pub fn v2_page<B: JsonBody>(resp: &Response<B>, page: u32, per_page: u32) -> Result<Page, Error> {
    let (result, info) = envelope(resp)?;
    let items = each(&result, "result", read_mapping)?;
    let info_num = |key: &'static str| {
        info.as_ref()
            .and_then(|i| i.member(key))
            .and_then(|n| n.number())
            .and_then(whole)
    };
    let per_page = info_num("per_page").unwrap_or(per_page).max(1);
    let total_count = info_num("total_count").unwrap_or(items.len() as u32);
    Ok(Page {
        page: info_num("page").unwrap_or(page),
        per_page,
        total_pages: info_num("total_pages").unwrap_or(total_count.div_ceil(per_page)),
        total_count,
        items,
    })
}

/// A page cut from v1's full list, so that `list` means the same in both generations.
pub fn v1_page(all: Vec<Mapping>, page: u32, per_page: u32) -> Page {
    let total_count = all.len() as u32;
    let start = ((page - 1) as usize).saturating_mul(per_page as usize);
    let items = all
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    Page {
        items,
        page,
        per_page,
        total_count,
        total_pages: total_count.div_ceil(per_page),
    }
}

/// A single delete: v2 answers `{origin_ip}`, v1 the deleted setting entry.
/// Falls back to the IP asked for when the answer does not repeat it.
#[inline(never)]
pub fn deleted<B: JsonBody>(resp: &Response<B>, asked_ip: &str) -> Result<Deleted, Error> {
    let (result, _) = envelope(resp)?;
    let ip = origin_ip(&result)
        .ok()
        .or_else(|| result.member("value").and_then(|v| origin_ip(&v).ok()));
    Ok(Deleted {
        ip: ip.map_or_else(|| asked_ip.to_owned(), canonical_or_given),
    })
}

fn read_batch_item<B: JsonBody>(v: &B) -> Result<WireBatchItem, String> {
    Ok(WireBatchItem {
        origin_ip: origin_ip(v)?,
        error: opt_text(v, "error"),
        vendor: opt_text(v, "vendor"),
        region: opt_text(v, "region"),
    })
}

/// `{succeeded, failed}` of a batch answer (either list may be absent).
pub fn wire_batch<B: JsonBody>(v: &B, at: &str) -> Result<WireBatch, Error> {
    let list = |key: &'static str| match v.member(key) {
        Some(items) => each(&items, &cat!(at, ".", key), read_batch_item),
        None => Ok(vec![]),
    };
    Ok(WireBatch {
        succeeded: list("succeeded")?,
        failed: list("failed")?,
    })
}

/// A batch answer: v1 wraps it in a setting.
pub fn batch<B: JsonBody>(version: ApiVersion, resp: &Response<B>) -> Result<WireBatch, Error> {
    let (result, _) = envelope(resp)?;
    match version {
        ApiVersion::V1 => wire_batch(&setting_value(&result)?, "result.value"),
        ApiVersion::V2 => wire_batch(&result, "result"),
    }
}

fn read_region<B: JsonBody>(v: &B) -> Result<Region, String> {
    let colos = v
        .member("upper_tier_colos")
        .and_then(|c| c.elements())
        .unwrap_or_default();
    let mut upper_tier_colos = Vec::with_capacity(colos.len());
    for colo in &colos {
        upper_tier_colos.extend(colo.string());
    }
    Ok(Region {
        name: text(v, "name")?,
        upper_tier_colos,
    })
}

/// The supported-regions catalogue (same shape in both generations).
#[inline(never)]
pub fn supported_regions<B: JsonBody>(resp: &Response<B>) -> Result<SupportedRegions, Error> {
    let (result, _) = envelope(resp)?;
    let obtained_codes = result
        .member("obtained_codes")
        .and_then(|b| b.boolean())
        .unwrap_or(false);
    let vendors = result
        .member("vendors")
        .and_then(|v| v.members())
        .ok_or_else(|| decode_error("result.vendors is missing or not an object"))?;
    let mut out = SupportedRegions {
        obtained_codes,
        vendors: Default::default(),
    };
    for (name, regions) in vendors {
        let regions = each(&regions, &cat!("result.vendors.", name), read_region)?;
        out.vendors.push((name, regions));
    }
    Ok(out)
}
