//! `RegionIndex.suggest`'s seam: the caller's list read in at once, and the
//! answer built in JS from the verdicts with the caller's own strings.

use super::convert::{field, to_js};
use crate::ranges::input::IpInput;
use crate::ranges::{RegionIndex, Rejected, Vendor, Verdict};
use serde::Serialize;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/suggestion.js")]
extern "C" {
    #[wasm_bindgen(js_name = jsonBytes)]
    fn json_bytes(list: &js_sys::Array) -> Option<js_sys::Uint8Array>;
    fn mappings(ips: &js_sys::Array, at: &[u32], owners: &[u32], names: &JsValue) -> JsValue;
    fn pick(ips: &js_sys::Array, at: &[u32]) -> JsValue;
}

/// The list as JSON text (one `JSON.stringify`), for [`read_list`] to read
/// borrowing from it: against a call out of wasm per element (six through
/// serde-wasm-bindgen's type probing). `None` for a list JSON cannot stand
/// for element by element (one with its own `toJSON`).
pub fn list_json(list: &js_sys::Array) -> Option<Vec<u8>> {
    json_bytes(list).map(|bytes| bytes.to_vec())
}

/// The elements of `list`, from `json` when there is one. `undefined`,
/// functions and symbols stringify as `null`: those are read again one by
/// one for their type.
pub fn read_list<'a>(list: &js_sys::Array, json: Option<&'a [u8]>) -> Vec<IpInput<'a>> {
    let by_element = || {
        list.iter()
            .map(|v| match v.as_string() {
                Some(s) => IpInput::Text(s.into()),
                None => IpInput::Other(field(&v).type_name()),
            })
            .collect()
    };
    let Some(Ok(parsed)) = json.map(serde_json::from_slice::<Vec<IpInput<'a>>>) else {
        return by_element();
    };
    // The text stands for the list only element by element.
    if parsed.len() != list.length() as usize {
        return by_element();
    }
    parsed
        .into_iter()
        .enumerate()
        .map(|(i, input)| match input {
            IpInput::Other("null") => IpInput::Other(field(&list.get(i as u32)).type_name()),
            other => other,
        })
        .collect()
}

/// `suggest`'s answer: its lists built in JS, the rest serialized.
#[derive(Serialize)]
struct Answer {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    items: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    unmatched: JsValue,
    rejected: Vec<Rejected>,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    unsupported: JsValue,
}

/// The vendor and region of an owner id, as a mapping names them.
#[derive(Serialize)]
struct OwnerName<'a> {
    vendor: Vendor,
    region: &'a str,
}

/// Positions in the answer's IP list, with each one's owner id.
#[derive(Default)]
struct Places {
    at: Vec<u32>,
    owners: Vec<u32>,
}

/// The verdicts as `suggest`'s answer, in input order. Through the
/// serializer, 100,000 mappings spent most of their time copying strings
/// out of wasm memory and in one call into JS per field; here an IP the
/// caller gave in canonical form is the caller's own string, each vendor
/// and region one string, and each list one call.
pub fn answer(
    index: &RegionIndex,
    verdicts: Vec<Verdict<'_>>,
    input: &js_sys::Array,
    with_catalogue: bool,
) -> Result<JsValue, JsValue> {
    let (mut items, mut unsupported, mut unmatched) =
        (Places::default(), Places::default(), Vec::new());
    let (mut rejected, mut canonical) = (Vec::new(), Vec::new());
    for (i, verdict) in verdicts.into_iter().enumerate() {
        let (ip, list) = match verdict {
            Verdict::Matched(ip, owner) => (ip, Some((&mut items, owner))),
            Verdict::Unsupported(ip, owner) => (ip, Some((&mut unsupported, owner))),
            Verdict::Unmatched(ip) => (ip, None),
            Verdict::Rejected(r) => {
                rejected.push(*r);
                continue;
            }
            Verdict::Repeat => continue,
        };
        if let Cow::Owned(text) = ip {
            canonical.push((i as u32, text));
        }
        match list {
            Some((places, owner)) => {
                places.at.push(i as u32);
                places.owners.push(owner);
            }
            None => unmatched.push(i as u32),
        }
    }
    // The IPs as the answer writes them: the caller's list, or a copy with
    // the canonical text where the caller's differs.
    let ips = if canonical.is_empty() {
        input.clone()
    } else {
        let copy = input.slice(0, input.length());
        for (i, text) in canonical {
            copy.set(i, JsValue::from_str(&text));
        }
        copy
    };
    let names: Vec<OwnerName<'_>> = (0..index.owner_count())
        .map(|id| {
            let (vendor, region) = index.owner(id);
            OwnerName { vendor, region }
        })
        .collect();
    let names = to_js(&names)?;
    let list = |p: &Places| mappings(&ips, &p.at, &p.owners, &names);
    to_js(&Answer {
        items: list(&items),
        unmatched: pick(&ips, &unmatched),
        rejected,
        unsupported: if with_catalogue {
            list(&unsupported)
        } else {
            JsValue::UNDEFINED
        },
    })
}
