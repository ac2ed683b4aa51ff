//! The one conversion of [`Error`] into a JS `OriginRegionsError`.

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    /// The JS error class, defined once in `support.js`.
    #[wasm_bindgen(js_name = OriginRegionsError, extends = js_sys::Error)]
    pub type JsOriginRegionsError;

    #[wasm_bindgen(constructor, js_class = OriginRegionsError)]
    fn new(
        kind: &str,
        message: &str,
        status: JsValue,
        code: JsValue,
        errors: JsValue,
    ) -> JsOriginRegionsError;

    #[wasm_bindgen(thread_local_v2, js_name = OriginRegionsError)]
    static ERROR_CLASS: JsValue;
}

/// The error class itself, which `setup` hands to the package entry files to re-export.
pub fn error_class() -> JsValue {
    ERROR_CLASS.with(JsValue::clone)
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let errors = js_sys::Array::new();
        for m in e.errors() {
            let o = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&o, &"code".into(), &m.code.into());
            let _ = js_sys::Reflect::set(&o, &"message".into(), &m.message.as_str().into());
            errors.push(&o);
        }
        let status = e.status().map_or(JsValue::UNDEFINED, JsValue::from);
        let code = e.code().map_or(JsValue::UNDEFINED, JsValue::from);
        let error: JsValue =
            JsOriginRegionsError::new(e.kind(), &e.message(), status, code, errors.into()).into();
        if let Some(result) = e
            .partial_result()
            .and_then(|r| super::convert::to_js(r).ok())
        {
            let _ = js_sys::Reflect::set(&error, &"result".into(), &result);
        }
        error
    }
}
