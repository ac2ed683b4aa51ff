//! `checkMappings` and `canonicalizeIp`: the client's checks, without a client.

use super::convert::{array, field, raw_items, to_js};
use crate::batch::{Plan, RawItem};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What `checkMappings` resolves to.
#[derive(Serialize)]
struct Checked {
    valid: Vec<crate::model::MappingInput>,
    rejected: Vec<crate::model::Failed>,
}

/// Checks mappings the way every write does, without sending anything:
/// `{ valid, rejected }`, where `valid` holds the distinct mappings with
/// canonical IPs and `rejected` each refused item with its reason.
#[wasm_bindgen(js_name = checkMappings)]
pub fn check_mappings(items: JsValue) -> Result<JsValue, JsValue> {
    let items: Vec<RawItem> = raw_items(&array(&items, "desired")?);
    let (valid, rejected) = Plan::upserts(&items, None)?.split();
    to_js(&Checked { valid, rejected })
}

/// The canonical form of an IP address; throws `OriginRegionsError`
/// (`kind: 'validation'`) when the text is not one.
#[wasm_bindgen(js_name = canonicalizeIp)]
pub fn canonicalize_ip(text: JsValue) -> Result<JsValue, JsValue> {
    let Some(s) = text.as_string() else {
        // Any other type: the error names it.
        return crate::validate::ip("ip", &field(&text))
            .map(JsValue::from)
            .map_err(JsValue::from);
    };
    match crate::ip::parse(&s) {
        Ok(addr) => {
            let canonical = crate::ip::canonical_text(&addr);
            // An input already canonical goes back as it came: no copy out.
            Ok(if canonical.as_str() == s {
                text
            } else {
                JsValue::from_str(canonical.as_str())
            })
        }
        Err(why) => Err(crate::validate::not_an_ip("ip", &s, &why).into()),
    }
}
