//! The option objects of the JS API, read by serde-wasm-bindgen into typed
//! structs. Each value is kept as the JS value it is (`preserve`) and turned
//! into a [`Field`] for the core to check, so a wrong type gets the core's
//! message naming the option, not a deserializer's.

use super::convert::{field, function_option, is_object, options_object, prop};
use crate::config::{self, Limits, Options};
use crate::error::Error;
use crate::validate::{self, Field};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// The constructor's options (js-api.md), as given.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientOptions {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    zone_id: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    api_token: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    api_email: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    api_key: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    base_url: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    api_version: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    timeout_ms: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    max_retries: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    retry_delay_ms: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    concurrency: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    rate_limit: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    dangerously_allow_browser: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    allow_insecure_http: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    log_level: JsValue,
    /// A console-like object: `debug`, `info`, `warn`, `error`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub logger: JsValue,
    /// A `fetch` to call instead of the global one.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub fetch: JsValue,
}

impl ClientOptions {
    /// Reads the constructor's argument.
    pub fn read(v: &JsValue) -> Result<ClientOptions, Error> {
        if !is_object(v) {
            return Err(Error::invalid_unquoted(
                "options",
                "must be an object with at least zoneId",
            ));
        }
        deserialize(v, "options")
    }

    /// The options as the core checks them.
    pub fn to_core(&self) -> Options {
        Options {
            zone_id: field(&self.zone_id),
            api_token: field(&self.api_token),
            api_email: field(&self.api_email),
            api_key: field(&self.api_key),
            base_url: field(&self.base_url),
            api_version: field(&self.api_version),
            timeout_ms: field(&self.timeout_ms),
            max_retries: field(&self.max_retries),
            retry_delay_ms: field(&self.retry_delay_ms),
            concurrency: field(&self.concurrency),
            rate_limit: (
                prop(&self.rate_limit, "requests"),
                prop(&self.rate_limit, "windowMs"),
            ),
            rate_limit_off: self.rate_limit.as_bool() == Some(false),
            dangerously_allow_browser: field(&self.dangerously_allow_browser),
            allow_insecure_http: field(&self.allow_insecure_http),
            log_level: field(&self.log_level),
        }
    }
}

/// A call's own options, wherever they were given.
#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase", default)]
pub struct CallOptions {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    signal: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    timeout_ms: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    max_retries: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    concurrency: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    on_progress: JsValue,
}

/// A method's own options that are not call options (`list`'s page, `plan`'s prune).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct MethodOptions {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    page: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    per_page: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    prune: JsValue,
}

impl MethodOptions {
    /// Reads a method's options object (undefined reads as none given).
    pub fn read(v: &JsValue) -> Result<MethodOptions, Error> {
        options_object(v, "options")?;
        deserialize(v, "options")
    }

    /// `page`.
    pub fn page(&self) -> Field {
        field(&self.page)
    }

    /// `perPage`.
    pub fn per_page(&self) -> Field {
        field(&self.per_page)
    }

    /// `prune`, a boolean.
    pub fn prune(&self) -> Result<bool, Error> {
        validate::flag("options.prune", &field(&self.prune))
    }
}

/// A call's options, checked.
pub struct Call {
    /// Timeout and retries for this call.
    pub limits: Limits,
    /// Batch requests in flight at once, if given.
    pub concurrency: Option<u32>,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
    /// The batch progress callback.
    pub on_progress: Option<js_sys::Function>,
}

impl CallOptions {
    /// Reads call options from `v` (undefined reads as none given);
    /// `name` is the argument as messages name it.
    pub fn read(v: &JsValue, name: &str) -> Result<CallOptions, Error> {
        options_object(v, name)?;
        deserialize(v, name)
    }

    /// These options, with each one `later` gives taking its place.
    pub fn overridden_by(self, later: CallOptions) -> CallOptions {
        let pick = |a: JsValue, b: JsValue| if b.is_undefined() { a } else { b };
        CallOptions {
            signal: pick(self.signal, later.signal),
            timeout_ms: pick(self.timeout_ms, later.timeout_ms),
            max_retries: pick(self.max_retries, later.max_retries),
            concurrency: pick(self.concurrency, later.concurrency),
            on_progress: pick(self.on_progress, later.on_progress),
        }
    }

    /// Checks them against the client's defaults.
    pub fn check(&self, defaults: Limits) -> Result<Call, Error> {
        let signal = match &self.signal {
            s if s.is_undefined() => None,
            s => match s.dyn_ref::<AbortSignal>() {
                Some(signal) => Some(signal.clone()),
                None => {
                    return Err(Error::invalid_unquoted(
                        "options.signal",
                        "must be an AbortSignal",
                    ))
                }
            },
        };
        Ok(Call {
            limits: config::call_limits(
                defaults,
                &field(&self.timeout_ms),
                &field(&self.max_retries),
            )?,
            concurrency: validate::whole_number(
                "options.concurrency",
                &field(&self.concurrency),
                1,
                32,
            )?,
            signal,
            on_progress: function_option(&self.on_progress, "options.onProgress")?,
        })
    }
}

/// Reads an options object into `T`. Values are kept as JS values, so the
/// only failure left is an object whose properties cannot be read.
fn deserialize<T: for<'de> Deserialize<'de> + Default>(
    v: &JsValue,
    name: &str,
) -> Result<T, Error> {
    if v.is_undefined() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(v.clone()).map_err(|e| {
        Error::invalid_unquoted(
            name,
            &format!(
                "could not be read: {}",
                JsValue::from(e).as_string().unwrap_or_default()
            ),
        )
    })
}

/// Refuses an argument past the ones a method takes (`extra`, at `index`):
/// an argument is never ignored.
pub fn no_more(extra: &JsValue, index: u32, method: &str, takes: &str) -> Result<(), Error> {
    if extra.is_undefined() {
        Ok(())
    } else {
        Err(Error::invalid_unquoted(
            &format!("arguments[{index}]"),
            &format!("is one more than {method}({takes}) takes; nothing was sent"),
        ))
    }
}
