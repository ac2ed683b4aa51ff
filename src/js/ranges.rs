//! `RegionIndex`: which cloud vendor and region an IP is in, from the
//! vendors' published range files (see `crate::ranges`). Arguments and
//! answers go through serde-wasm-bindgen; errors are `OriginRegionsError`s.

use super::convert::{field, to_js};
use super::suggestion;
use crate::error::Error;
use crate::model::SupportedRegions;
use crate::ranges::input::SuggestOptions;
use crate::ranges::{source, Builder, RegionIndex, Vendor};
use wasm_bindgen::prelude::*;

/// An index of the files given to `fromProviders`.
#[wasm_bindgen(js_name = RegionIndex)]
pub struct JsRegionIndex {
    index: RegionIndex,
}

#[wasm_bindgen]
extern "C" {
    /// The host's `JSON.parse`, on a JS string as it is (js-sys's binding
    /// takes `&str`, a copy into wasm and back).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// A deserializer of `file` when it is an object (serde-wasm-bindgen would
/// read an array's `length` as a field), or the error naming its type.
fn file_object(
    vendor: Vendor,
    file: JsValue,
    rule: &str,
) -> Result<serde_wasm_bindgen::Deserializer, JsValue> {
    if file.is_object() && !js_sys::Array::is_array(&file) {
        return Ok(serde_wasm_bindgen::Deserializer::from(file));
    }
    Err(Error::invalid_unquoted(
        &vendor.input(),
        &format!("{rule} (got {})", field(&file).type_name()),
    )
    .into())
}

/// The message of a thrown JS error (`SyntaxError: Unexpected token ...`).
fn js_error_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

/// `fromProviders`' argument: each vendor's file as the caller gave it
/// (other keys are refused by `only_keys` first).
#[derive(serde::Deserialize)]
struct Providers {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    aws: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    gcp: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    azure: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    oci: JsValue,
}

/// A serde-wasm-bindgen error as a validation error of `input`.
fn invalid(input: &str, e: impl core::fmt::Display) -> JsValue {
    Error::invalid_unquoted(input, &crate::ranges::source::plain_message(&e)).into()
}

#[wasm_bindgen(js_class = RegionIndex)]
impl JsRegionIndex {
    /// Builds the index from `{ aws, gcp, azure, oci }`, each optional and
    /// each the vendor's file as JSON text or as the parsed object. Throws
    /// `OriginRegionsError` (`kind: 'validation'`) naming the vendor, the
    /// JSON path and the rule of the first bad entry; no index is built then.
    #[wasm_bindgen(js_name = fromProviders)]
    pub fn from_providers(providers: JsValue) -> Result<JsRegionIndex, JsValue> {
        if !providers.is_object() || js_sys::Array::is_array(&providers) {
            return Err(Error::invalid_unquoted(
                "providers",
                "must be an object: { aws?, gcp?, azure?, oci? }, each a vendor's file",
            )
            .into());
        }
        only_keys(&providers, "providers", &["aws", "gcp", "azure", "oci"])?;
        let providers: Providers =
            serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(providers))
                .map_err(|e| invalid(&path("providers", &e.path().to_string()), e.inner()))?;
        let mut b = Builder::new();
        for vendor in [Vendor::Aws, Vendor::Gcp, Vendor::Azure, Vendor::Oci] {
            let file = match vendor {
                Vendor::Aws => &providers.aws,
                Vendor::Gcp => &providers.gcp,
                Vendor::Azure => &providers.azure,
                Vendor::Oci => &providers.oci,
            }
            .clone();
            if file.is_undefined() || file.is_null() {
                continue;
            }
            if file.is_string() {
                // Parsed by the host's JSON.parse, then read as an object:
                // faster than serde_json on the text (copying 3 MB of text
                // into wasm alone costs as much as JSON.parse), and the
                // text never takes wasm memory.
                let text: js_sys::JsString = file.unchecked_into();
                if text.trim().length() == 0 {
                    return Err(source::empty_file(vendor).into());
                }
                let parsed = json_parse(&text)
                    .map_err(|e| source::not_json(vendor, &js_error_message(&e)))?;
                b.add_parsed(
                    vendor,
                    file_object(vendor, parsed, "holds JSON that is no object")?,
                )?;
            } else {
                b.add_parsed(
                    vendor,
                    file_object(
                        vendor,
                        file,
                        "must be the file as JSON text or as the parsed object",
                    )?,
                )?;
            }
        }
        Ok(JsRegionIndex { index: b.build() })
    }

    /// `{ vendor, region, prefix, conflicts? }` of the longest prefix
    /// holding `ip`, or `null` (none, or a `GLOBAL` one: no region). Throws
    /// on a bad IP (`kind: 'validation'`).
    pub fn lookup(&self, ip: JsValue) -> Result<JsValue, JsValue> {
        let found = self.index.lookup("ip", &field(&ip))?;
        to_js(&found)
    }

    /// `{ items, unmatched, rejected, unsupported? }` for a list of IPs, in
    /// input order; `options.catalogue` (the answer of `supportedRegions()`)
    /// sets matches in regions Cloudflare does not support apart.
    pub fn suggest(&self, ips: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        if !js_sys::Array::is_array(&ips) {
            return Err(Error::wrong_type(
                "ips",
                "an array of IP strings",
                field(&ips).type_name(),
            )
            .into());
        }
        let ips: &js_sys::Array = ips.unchecked_ref();
        let options = suggest_options(&options)?;
        let catalogue: Option<SupportedRegions> = options.catalogue.map(Into::into);
        let json = suggestion::list_json(ips);
        let inputs = suggestion::read_list(ips, json.as_deref());
        let verdicts = self.index.classify(&inputs, catalogue.as_ref());
        suggestion::answer(&self.index, verdicts, ips, catalogue.is_some())
    }

    /// Per vendor: IPv4 and IPv6 prefix counts, regions, and the file's own
    /// date or token; and the bytes of memory the index holds.
    #[wasm_bindgen(getter)]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(self.index.stats())
    }
}

/// Refuses a key of `value` not in `known` (serde-wasm-bindgen reads the
/// fields it knows by name and never sees the others: a misspelt key would
/// be ignored).
fn only_keys(value: &JsValue, input: &str, known: &[&str]) -> Result<(), JsValue> {
    for key in js_sys::Reflect::own_keys(value)?.iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            let expected = known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::invalid(
                input,
                &key,
                &format!("is not a known key: expected {expected}"),
            )
            .into());
        }
    }
    Ok(())
}

/// `suggest`'s options, read as JSON text (`JSON.stringify`, then serde_json
/// through serde_path_to_error): a small object, and serde_json names a
/// wrong type and its path (`options.catalogue.vendors: invalid type:
/// integer `5`, expected a map`) where serde-wasm-bindgen does not.
fn suggest_options(options: &JsValue) -> Result<SuggestOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(SuggestOptions::default());
    }
    // serde reads a struct from an array by position too: refuse arrays
    // where an object is meant.
    let object = |v: &JsValue| v.is_object() && !js_sys::Array::is_array(v);
    if !object(options) {
        let got = field(options).type_name();
        return Err(invalid(
            "options",
            format!("must be an object: {{ catalogue? }} (got {got})"),
        ));
    }
    let catalogue = js_sys::Reflect::get(options, &JsValue::from_str("catalogue"))?;
    if !(catalogue.is_undefined() || catalogue.is_null() || object(&catalogue)) {
        let got = field(&catalogue).type_name();
        return Err(invalid(
            "options.catalogue",
            format!("must be the answer of supportedRegions(): {{ obtainedCodes, vendors }} (got {got})"),
        ));
    }
    let text = js_sys::JSON::stringify(options)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| invalid("options", "must be an object: { catalogue? }"))?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        invalid(
            &path("options", &e.path().to_string()),
            strip_position(e.inner()),
        )
    })
}

/// A serde_json error without its " at line 1 column 17": the text was
/// made from the caller's object, which has no lines.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// `options.catalogue.vendors` from a serde path (`.` alone is the root).
fn path(root: &str, p: &str) -> String {
    if p.is_empty() || p == "." {
        root.into()
    } else {
        format!("{root}.{p}")
    }
}
