//! Answers → model values or [`Error::Api`]. The body is parsed by
//! `serde_json` (natively and in wasm alike); the envelope is read loosely (an edge's HTML page or a
//! partial envelope still gives the status and whatever codes it has), and
//! each mapping, batch item and region through its derived wire type, with
//! the element named when one does not fit.

use crate::config::ApiVersion;
use crate::error::{ApiMessage, Error};
use crate::ip;
use crate::model::{Deleted, Mapping, Page, Region, SupportedRegions};
use crate::wire::{WireBatch, WireBatchItem, WireMapping, WireMessage, WirePageInfo, WireRegion};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// An HTTP answer as the transport hands it over.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// The `Retry-After` header, verbatim.
    pub retry_after: Option<String>,
    /// The `cf-ray` header: what Cloudflare support asks for.
    pub ray_id: Option<String>,
    /// The parsed body, or `None` when it was empty or not JSON.
    pub body: Option<Value>,
}

impl Response {
    /// An answer whose body is `text` (parsed here; not JSON reads as no body).
    pub fn from_text(
        status: u16,
        retry_after: Option<String>,
        ray_id: Option<String>,
        text: &str,
    ) -> Response {
        Response {
            status,
            retry_after,
            ray_id,
            body: serde_json::from_str(text).ok(),
        }
    }

    /// An answer with a parsed body and no headers of note.
    pub fn json(status: u16, body: Value) -> Response {
        Response {
            status,
            retry_after: None,
            ray_id: None,
            body: Some(body),
        }
    }

    fn decode_error(&self, detail: String) -> Error {
        Error::Decode {
            detail,
            ray_id: self.ray_id.clone(),
        }
    }
}

/// Whether a status is a success.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Member `key` of an object, `None` when absent or `null`.
fn member<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|m| !m.is_null())
}

/// The `errors` of an envelope; entries without a whole-number code are skipped.
fn messages(body: &Value) -> Vec<ApiMessage> {
    let Some(list) = member(body, "errors").and_then(Value::as_array) else {
        return vec![];
    };
    list.iter()
        .filter_map(|e| WireMessage::deserialize(e).ok())
        .map(|m| ApiMessage {
            code: m.code,
            message: m.message,
        })
        .collect()
}

/// Unwraps Cloudflare's envelope: the `result` (and `result_info`) on
/// success, every error otherwise.
pub fn envelope(resp: &Response) -> Result<(&Value, Option<&Value>), Error> {
    let api_error = |body: Option<&Value>| Error::Api {
        status: resp.status,
        errors: body.map(messages).unwrap_or_default(),
        ray_id: resp.ray_id.clone(),
    };
    if !is_success(resp.status) {
        // An error status whose body is no envelope (an edge's HTML page)
        // is still an API error with that status, just without codes.
        return Err(api_error(resp.body.as_ref()));
    }
    let Some(body) = resp.body.as_ref() else {
        return Err(resp.decode_error(format!("the HTTP {} answer is not JSON", resp.status)));
    };
    match member(body, "success").and_then(Value::as_bool) {
        Some(true) => {}
        Some(false) => return Err(api_error(Some(body))),
        None => {
            return Err(resp
                .decode_error("the answer is not a Cloudflare envelope (no success flag)".into()))
        }
    }
    let result = member(body, "result")
        .ok_or_else(|| resp.decode_error("a successful answer carries no result".into()))?;
    Ok((result, member(body, "result_info")))
}

/// `v` as a `T`, or a decode error naming where it sits (`at`) and the
/// field inside it that does not fit.
fn read<T: DeserializeOwned>(resp: &Response, v: &Value, at: &str) -> Result<T, Error> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let field = e.path().to_string();
        let at = if field == "." {
            at.to_owned()
        } else {
            format!("{at}.{field}")
        };
        resp.decode_error(format!("{at}: {}", e.into_inner()))
    })
}

/// Every element of the array `v`, naming the element that does not fit.
fn each<T: DeserializeOwned>(resp: &Response, v: &Value, at: &str) -> Result<Vec<T>, Error> {
    let items = v
        .as_array()
        .ok_or_else(|| resp.decode_error(format!("{at} is not an array")))?;
    items
        .iter()
        .enumerate()
        .map(|(i, e)| read(resp, e, &format!("{at}[{i}]")))
        .collect()
}

/// The canonical form of an IP the server returned; passed through as given
/// when it is not an IP this client can read.
fn canonical_or_given(text: String) -> String {
    ip::canonicalize(&text).unwrap_or(text)
}

impl From<WireMapping> for Mapping {
    fn from(w: WireMapping) -> Mapping {
        Mapping {
            ip: canonical_or_given(w.origin_ip),
            vendor: w.vendor,
            region: w.region,
            modified_on: w.modified_on,
        }
    }
}

fn mappings(resp: &Response, v: &Value, at: &str) -> Result<Vec<Mapping>, Error> {
    let wire: Vec<WireMapping> = each(resp, v, at)?;
    Ok(wire.into_iter().map(Mapping::from).collect())
}

/// v1 wraps every result as a zone setting: `{id, editable, value, modified_on}`.
fn setting_value<'a>(resp: &Response, result: &'a Value) -> Result<&'a Value, Error> {
    member(result, "value").ok_or_else(|| resp.decode_error("result.value is missing".into()))
}

/// One mapping: v1 wraps it in a setting, v2 sends it flat.
pub fn mapping(version: ApiVersion, resp: &Response) -> Result<Mapping, Error> {
    let (result, _) = envelope(resp)?;
    let (value, at) = match version {
        ApiVersion::V1 => (setting_value(resp, result)?, "result.value"),
        ApiVersion::V2 => (result, "result"),
    };
    read::<WireMapping>(resp, value, at).map(Mapping::from)
}

/// The whole list of a v1 setting (v1 list and v1 PATCH answers).
pub fn v1_list(resp: &Response) -> Result<Vec<Mapping>, Error> {
    let (result, _) = envelope(resp)?;
    mappings(resp, setting_value(resp, result)?, "result.value")
}

/// A v2 list page. Missing pagination fields fall back to what was asked.
pub fn v2_page(resp: &Response, page: u32, per_page: u32) -> Result<Page, Error> {
    let (result, info) = envelope(resp)?;
    let items = mappings(resp, result, "result")?;
    // Pagination is advisory: a field of the wrong type reads as missing.
    let info = info
        .and_then(|i| WirePageInfo::deserialize(i).ok())
        .unwrap_or_default();
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

/// The IP an answer names, `origin_ip` or `origin-ip`.
fn origin_ip(v: &Value) -> Option<String> {
    member(v, "origin_ip")
        .or_else(|| member(v, "origin-ip"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A single delete: v2 answers `{origin_ip}`, v1 the deleted setting entry.
/// Falls back to the IP asked for when the answer does not repeat it.
pub fn deleted(resp: &Response, asked_ip: &str) -> Result<Deleted, Error> {
    let (result, _) = envelope(resp)?;
    let ip = origin_ip(result).or_else(|| member(result, "value").and_then(origin_ip));
    Ok(Deleted {
        ip: ip.map_or_else(|| asked_ip.to_owned(), canonical_or_given),
    })
}

/// `{succeeded, failed}` of a batch answer (either list may be absent).
fn wire_batch(resp: &Response, v: &Value, at: &str) -> Result<WireBatch, Error> {
    let list = |key: &str| -> Result<Vec<WireBatchItem>, Error> {
        match member(v, key) {
            Some(items) => each(resp, items, &format!("{at}.{key}")),
            None => Ok(vec![]),
        }
    };
    Ok(WireBatch {
        succeeded: list("succeeded")?,
        failed: list("failed")?,
        ray_id: resp.ray_id.clone(),
    })
}

/// A batch answer: v1 wraps it in a setting.
pub fn batch(version: ApiVersion, resp: &Response) -> Result<WireBatch, Error> {
    let (result, _) = envelope(resp)?;
    match version {
        ApiVersion::V1 => wire_batch(resp, setting_value(resp, result)?, "result.value"),
        ApiVersion::V2 => wire_batch(resp, result, "result"),
    }
}

/// The supported-regions catalogue (same shape in both generations).
pub fn supported_regions(resp: &Response) -> Result<SupportedRegions, Error> {
    let (result, _) = envelope(resp)?;
    let obtained_codes = member(result, "obtained_codes")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let vendors = member(result, "vendors")
        .and_then(Value::as_object)
        .ok_or_else(|| resp.decode_error("result.vendors is missing or not an object".into()))?;
    let mut out = SupportedRegions {
        obtained_codes,
        vendors: Vec::with_capacity(vendors.len()),
    };
    for (name, regions) in vendors {
        let wire: Vec<WireRegion> = each(resp, regions, &format!("result.vendors.{name}"))?;
        let regions = wire
            .into_iter()
            .map(|r| Region {
                name: r.name,
                upper_tier_colos: r.upper_tier_colos,
            })
            .collect();
        out.vendors.push((name.clone(), regions));
    }
    Ok(out)
}
