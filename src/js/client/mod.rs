//! `OriginRegionsClient` (js-api.md): each method reads its arguments,
//! plans its run with the core, and drives it with the core's driver over
//! [`FetchTransport`]. Every method is an async export returning a promise;
//! anything refused before sending rejects it, and nothing is sent. The
//! methods are grouped by what they do: `reads`, `writes` and `sync`;
//! here are the constructor, what the client shows of itself, and the
//! driving every method shares.

mod reads;
mod sync;
mod writes;

use super::abort::AbortWatch;
use super::convert::{field, to_js};
use super::options::{Call, CallOptions, ClientOptions};
use super::transport::FetchTransport;
use crate::client::{Client, Progress};
use crate::config::{ApiVersion, Config};
use crate::driver::drive;
use crate::error::Error;
use crate::run::Run;
use js_sys::Function;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A client for one zone's origin cloud region mappings.
#[wasm_bindgen(js_name = OriginRegionsClient)]
pub struct JsClient {
    client: Rc<Client>,
    fetch: Option<Function>,
    logger: JsValue,
}

/// What `JSON.stringify(client)` shows: never a credential.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Public<'a> {
    zone_id: &'a str,
    base_url: &'a str,
    api_version: &'static str,
    auth: &'static str,
}

/// Whether this runs in a web page, where any script can read a credential.
fn in_browser_page() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("document")).unwrap_or(false)
}

#[wasm_bindgen(js_class = OriginRegionsClient)]
impl JsClient {
    /// Checks the options; throws `OriginRegionsError` (`kind: 'validation'`) on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsClient, JsValue> {
        let o = ClientOptions::read(&options)?;
        let config = Config::new(&o.to_core(), in_browser_page())?;
        let fetch = super::convert::function_option(&o.fetch, "options.fetch")?;
        let logger = if o.logger.is_undefined() {
            js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("console"))
                .unwrap_or(JsValue::UNDEFINED)
        } else if o.logger.is_object() {
            o.logger
        } else {
            let got = field(&o.logger).type_name();
            return Err(Error::wrong_type("options.logger", "a console-like object", got).into());
        };
        Ok(JsClient {
            client: Rc::new(Client::new(config)),
            fetch,
            logger,
        })
    }

    /// What `JSON.stringify(client)` shows: never a credential.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let c = self.client.config();
        to_js(&Public {
            zone_id: &c.zone_id,
            base_url: &c.base_url,
            api_version: match c.api_version {
                ApiVersion::V1 => "v1",
                ApiVersion::V2 => "v2",
            },
            auth: c.credentials.scheme(),
        })
    }

    /// What `String(client)` shows: never a credential.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        let c = self.client.config();
        format!("OriginRegionsClient(zone {}, {})", c.zone_id, c.base_url)
    }
}

impl JsClient {
    /// The call options of a method whose last argument holds only them.
    fn single(&self, call: &JsValue) -> Result<Call, Error> {
        CallOptions::read(call, "options")?.check(self.client.config().limits)
    }

    /// The call options of `list`, `listAll` and `iterate`: in their options
    /// object, or in a second argument as the official SDK takes them, which
    /// wins where both give one.
    fn merged(&self, options: &JsValue, call: &JsValue) -> Result<Call, Error> {
        let first = CallOptions::read(options, "options")?;
        let second = CallOptions::read(call, "callOptions")?;
        first
            .overridden_by(second)
            .check(self.client.config().limits)
    }

    fn transport(&self, call: &Call) -> FetchTransport {
        FetchTransport {
            fetch: self.fetch.clone(),
            abort: call.signal.clone().map(AbortWatch::new),
            logger: self.logger.clone(),
        }
    }

    /// Drives `run` to its outcome, as plain JS objects.
    async fn run(&self, run: Run, call: Call) -> Result<JsValue, JsValue> {
        let transport = self.transport(&call);
        let report = |p: Progress| {
            // What a progress display throws is ignored: it must not fail a write.
            if let (Some(f), Ok(v)) = (&call.on_progress, to_js(&p)) {
                let _ = f.call1(&JsValue::UNDEFINED, &v);
            }
        };
        let outcome = drive(self.client.shared(), &transport, run, &report).await?;
        to_js(&outcome)
    }
}
