//! The one conversion of [`Error`] into a JS `OriginRegionsError`.

use super::convert::to_js;
use crate::error::Error;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    /// The JS error class, defined once in `error.js`.
    #[wasm_bindgen(js_name = OriginRegionsError, extends = js_sys::Error)]
    pub type JsOriginRegionsError;

    #[wasm_bindgen(constructor, js_class = OriginRegionsError)]
    fn new(kind: &str, message: &str) -> JsOriginRegionsError;

    #[wasm_bindgen(thread_local_v2, js_name = OriginRegionsError)]
    static ERROR_CLASS: JsValue;
}

/// The error class, for the package's entry files to re-export.
#[wasm_bindgen(js_name = errorClass, skip_typescript)]
pub fn error_class() -> JsValue {
    ERROR_CLASS.with(JsValue::clone)
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let error: JsValue = JsOriginRegionsError::new(e.kind(), &e.message()).into();
        let set = |key: &str, value: JsValue| {
            // A fresh object of our own class: setting a property cannot throw.
            let _ = Reflect::set(&error, &JsValue::from_str(key), &value);
        };
        if let Some(status) = e.status() {
            set("status", status.into());
        }
        if let Some(code) = e.code() {
            set("code", code.into());
        }
        if let Some(ray) = e.ray_id() {
            set("rayId", ray.into());
        }
        if let Ok(errors) = to_js(e.errors()) {
            set("errors", errors);
        }
        if let Some(partial) = e.partial().and_then(|p| to_js(&p).ok()) {
            set("result", partial);
        }
        error
    }
}
