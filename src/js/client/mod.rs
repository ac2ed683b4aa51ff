//! `OriginRegionsClient` (js-api.md): each method reads its arguments,
//! plans its run with the core, and drives it with the core's driver over
//! [`FetchTransport`]. Every method is an async export returning a promise;
//! anything refused before sending rejects it, and nothing is sent.

use super::abort::AbortWatch;
use super::convert::{array, field, map_elements, raw_item, raw_items, to_js};
use super::iter::MappingIterator;
use super::options::{no_more, Call, CallOptions, ClientOptions, MethodOptions};
use super::transport::FetchTransport;
use crate::batch::RawItem;
use crate::client::{Client, Progress};
use crate::config::{ApiVersion, Config};
use crate::driver::drive;
use crate::error::Error;
use crate::run::Run;
use crate::validate::{self, Field};
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

    /// One page of mappings: `{ items, page, perPage, totalCount, totalPages }`.
    /// Call options may sit in `options` or in `call` (which wins).
    pub async fn list(
        &self,
        options: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "list", "options, callOptions")?;
        let own = MethodOptions::read(&options)?;
        let call = self.merged(&options, &call)?;
        let run = self
            .client
            .start_list(&own.page(), &own.per_page(), call.limits)?;
        self.run(run, call).await
    }

    /// Every mapping of the zone, every page fetched.
    #[wasm_bindgen(js_name = listAll)]
    pub async fn list_all(
        &self,
        options: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "listAll", "options, callOptions")?;
        let own = MethodOptions::read(&options)?;
        let call = self.merged(&options, &call)?;
        let run = self.client.start_list_all(&own.per_page(), call.limits)?;
        self.run(run, call).await
    }

    /// An async iterable of every mapping, fetching pages as they are consumed.
    pub fn iterate(
        &self,
        options: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "iterate", "options, callOptions")?;
        let own = MethodOptions::read(&options)?;
        let call = self.merged(&options, &call)?;
        let per_page = validate::whole_number("options.perPage", &own.per_page(), 1, 100)?;
        let transport = self.transport(&call);
        Ok(MappingIterator::start(
            self.client.clone(),
            call.limits,
            per_page,
            transport,
        ))
    }

    /// The mapping of one IP.
    pub async fn get(
        &self,
        ip: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "get", "ip, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_get(&field(&ip), call.limits)?;
        self.run(run, call).await
    }

    /// v1 POST: creates a mapping; rejects with code 1145 if the IP has one.
    pub async fn create(
        &self,
        input: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "create", "input, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_create(&raw_item(&input), call.limits)?;
        self.run(run, call).await
    }

    /// v1 PATCH: creates or overwrites; resolves to the zone's whole list.
    pub async fn edit(
        &self,
        input: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "edit", "input, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_edit(&raw_item(&input), call.limits)?;
        self.run(run, call).await
    }

    /// v2 PUT: creates or replaces the mapping of `ip`.
    pub async fn update(
        &self,
        ip: JsValue,
        input: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 3, "update", "ip, { vendor, region }, options")?;
        let (vendor, region) = match raw_item(&input) {
            RawItem::Mapping { vendor, region, .. } => (vendor, region),
            RawItem::NotObject(ty) => {
                return Err(Error::wrong_type("input", "an object { vendor, region }", ty).into())
            }
        };
        let call = self.single(&call)?;
        let run = self
            .client
            .start_update(&field(&ip), &vendor, &region, call.limits)?;
        self.run(run, call).await
    }

    /// Removes the mapping of one IP: `{ ip }`.
    pub async fn delete(
        &self,
        ip: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "delete", "ip, options")?;
        let call = self.single(&call)?;
        let run = self.client.start_delete(&field(&ip), call.limits)?;
        self.run(run, call).await
    }

    /// v1 PATCH /batch, any number of items, 100 a request.
    #[wasm_bindgen(js_name = batchEdit)]
    pub async fn batch_edit(
        &self,
        inputs: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "batchEdit", "items, options")?;
        self.batch_upsert(ApiVersion::V1, &inputs, &call).await
    }

    /// v2 PUT /batch, any number of items, 100 a request.
    #[wasm_bindgen(js_name = batchUpdate)]
    pub async fn batch_update(
        &self,
        inputs: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "batchUpdate", "items, options")?;
        self.batch_upsert(ApiVersion::V2, &inputs, &call).await
    }

    /// Batch delete, any number of IPs, 100 a request.
    #[wasm_bindgen(js_name = batchDelete)]
    pub async fn batch_delete(
        &self,
        ips: JsValue,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "batchDelete", "ips, options")?;
        let call = self.single(&call)?;
        let ips = map_elements(&array(&ips, "ips")?, field);
        let run = self
            .client
            .start_batch_delete(&ips, call.limits, call.concurrency);
        self.run(run, call).await
    }

    /// Reads the zone (every page) and plans the fewest writes that make it
    /// equal `desired`: `{ create, change, delete, unchanged, rejected, zoneSize }`.
    pub async fn plan(
        &self,
        desired: JsValue,
        options: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "plan", "desired, options")?;
        let own = MethodOptions::read(&options)?;
        let call = self.single(&options)?;
        let items = raw_items(&array(&desired, "desired")?);
        let run = self.client.start_plan(items, own.prune()?, call.limits);
        self.run(run, call).await
    }

    /// Applies a plan from `plan()`: upserts then deletes, 100 items a request.
    pub async fn apply(
        &self,
        plan: JsValue,
        options: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "apply", "plan, options")?;
        let call = self.single(&options)?;
        let (upserts, deletes) = plan_writes(&plan)?;
        let run = self
            .client
            .start_apply(&upserts, &deletes, call.limits, call.concurrency)?;
        self.run(run, call).await
    }

    /// Plan, then apply: `{ plan, applied }`.
    pub async fn sync(
        &self,
        desired: JsValue,
        options: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 2, "sync", "desired, options")?;
        let own = MethodOptions::read(&options)?;
        let call = self.single(&options)?;
        let items = raw_items(&array(&desired, "desired")?);
        let run = self
            .client
            .start_sync(items, own.prune()?, call.limits, call.concurrency);
        self.run(run, call).await
    }

    /// The vendor/region catalogue; later writes are checked against it.
    #[wasm_bindgen(js_name = supportedRegions)]
    pub async fn supported_regions(
        &self,
        call: JsValue,
        extra: JsValue,
    ) -> Result<JsValue, JsValue> {
        no_more(&extra, 1, "supportedRegions", "options")?;
        let call = self.single(&call)?;
        let run = self.client.start_supported_regions(call.limits);
        self.run(run, call).await
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
    async fn batch_upsert(
        &self,
        version: ApiVersion,
        inputs: &JsValue,
        call: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let call = self.single(call)?;
        let items = raw_items(&array(inputs, "items")?);
        let run = self
            .client
            .start_batch_upsert(version, &items, call.limits, call.concurrency)?;
        self.run(run, call).await
    }

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

/// The writes of a plan object: `create` and `change[].to` as upserts,
/// `delete` (mappings or IPs) as deletes. Checked again like any input:
/// a plan may have been edited or rebuilt by the caller.
fn plan_writes(plan: &JsValue) -> Result<(Vec<RawItem>, Vec<Field>), Error> {
    if !super::convert::is_object(plan) {
        return Err(Error::invalid_unquoted(
            "plan",
            "must be the object plan() resolves to",
        ));
    }
    let list = |key: &str| -> Result<js_sys::Array, Error> {
        match js_sys::Reflect::get(plan, &JsValue::from_str(key)) {
            Ok(v) if v.is_undefined() => Ok(js_sys::Array::new()),
            Ok(v) => array(&v, &format!("plan.{key}")),
            Err(_) => Err(Error::invalid_unquoted(
                &format!("plan.{key}"),
                "could not be read",
            )),
        }
    };
    let mut upserts = raw_items(&list("create")?);
    for change in list("change")?.iter() {
        let to =
            js_sys::Reflect::get(&change, &JsValue::from_str("to")).unwrap_or(JsValue::UNDEFINED);
        upserts.push(RawItem::Mapping {
            ip: super::convert::prop(&change, "ip"),
            vendor: super::convert::prop(&to, "vendor"),
            region: super::convert::prop(&to, "region"),
        });
    }
    let deletes = map_elements(&list("delete")?, |d| {
        if super::convert::is_object(d) {
            super::convert::prop(d, "ip")
        } else {
            field(d)
        }
    });
    Ok((upserts, deletes))
}
