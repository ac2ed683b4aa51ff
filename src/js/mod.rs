//! The JS API of js-api.md (wasm32 only). Thin on purpose: read the
//! arguments, call the core, convert the answer. Every method returns a
//! promise; bad arguments reject it with `kind: 'validation'`.

mod convert;
mod error;
mod iter;

use crate::batch::RawItem;
use crate::client::{BatchHooks, Client};
use crate::config::{self, ApiVersion, Config, Limits, Options};
use crate::error::Error;
use crate::json::ToJson;
use crate::transport::FetchTransport;
use crate::validate::Field;
use convert::{array, field, prop, prop_value, raw_item};
use js_sys::{Function, Promise};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

pub use convert::key;
pub use error::JsOriginRegionsError;

/// A client for one zone's origin cloud region mappings.
#[wasm_bindgen(js_name = OriginRegionsClient)]
pub struct JsClient {
    client: Rc<Client>,
    fetch: Option<Function>,
}

/// What every call needs: the client, a transport bound to the call's
/// signal, and the call's limits.
struct Call {
    client: Rc<Client>,
    transport: FetchTransport,
    limits: Limits,
    /// Batch requests in flight at once for this call, if given.
    concurrency: Option<u32>,
}

impl Call {
    /// How this call's batch requests run: its concurrency, reporting to `progress`.
    fn hooks<'a>(&self, progress: &'a dyn Fn(crate::client::Progress)) -> BatchHooks<'a> {
        BatchHooks {
            concurrency: self.concurrency,
            progress,
        }
    }
}

/// Whether this code runs in a web page, where other scripts can read a credential.
fn in_browser_page() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("document")).unwrap_or(false)
}

#[wasm_bindgen(js_class = OriginRegionsClient)]
impl JsClient {
    /// Checks the options; throws `OriginRegionsError` (`kind: 'validation'`) on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsClient, JsValue> {
        if !convert::is_object(&options) {
            return Err(Error::invalid_unquoted(
                "options",
                "must be an object with at least zoneId",
            )
            .into());
        }
        let o = &options;
        let opts = Options {
            zone_id: prop(o, "zoneId"),
            api_token: prop(o, "apiToken"),
            api_email: prop(o, "apiEmail"),
            api_key: prop(o, "apiKey"),
            base_url: prop(o, "baseUrl"),
            api_version: prop(o, "apiVersion"),
            timeout_ms: prop(o, "timeoutMs"),
            max_retries: prop(o, "maxRetries"),
            retry_delay_ms: prop(o, "retryDelayMs"),
            concurrency: prop(o, "concurrency"),
            dangerously_allow_browser: prop(o, "dangerouslyAllowBrowser"),
            rate_limit: {
                let r = prop_value(o, "rateLimit");
                (prop(&r, "requests"), prop(&r, "windowMs"))
            },
            rate_limit_off: prop(o, "rateLimit") == Field::Bool(false),
            allow_insecure_http: prop(o, "allowInsecureHttp"),
        };
        let config = Config::new(&opts, in_browser_page())?;
        let fetch = match prop_value(o, "fetch") {
            f if f.is_undefined() => None,
            f if f.is_function() => Some(f.unchecked_into()),
            f => {
                let got = field(&f).type_name();
                return Err(Error::invalid_unquoted(
                    "options.fetch",
                    format!("must be a function (got {got})"),
                )
                .into());
            }
        };
        Ok(JsClient {
            client: Rc::new(Client::new(config)),
            fetch,
        })
    }

    /// Reads a call's `{ signal, timeoutMs, maxRetries }`.
    fn call(&self, options: &JsValue) -> Result<Call, Error> {
        convert::options_object(options, "options")?;
        let signal = match prop_value(options, "signal") {
            s if s.is_undefined() => None,
            s => Some(s.dyn_into::<AbortSignal>().map_err(|_| {
                Error::invalid_unquoted("options.signal", "must be an AbortSignal")
            })?),
        };
        let limits = config::call_limits(
            self.client.config().limits,
            &prop(options, "timeoutMs"),
            &prop(options, "maxRetries"),
        )?;
        let concurrency = crate::validate::whole_number(
            "options.concurrency",
            &prop(options, "concurrency"),
            1,
            32,
        )?;
        Ok(Call {
            client: self.client.clone(),
            transport: FetchTransport {
                fetch: self.fetch.clone(),
                signal,
            },
            limits,
            concurrency,
        })
    }

    /// Runs `op` as a promise of its JS-converted result.
    fn run<T, F, Fut>(&self, options: &JsValue, op: F) -> Promise
    where
        T: ToJson,
        F: FnOnce(Call) -> Fut + 'static,
        Fut: Future<Output = Result<T, Error>> + 'static,
    {
        let call = self.call(options);
        spawn(match call {
            Err(e) => Box::pin(async move { Err(e) }),
            Ok(call) => Box::pin(async move { op(call).await.map(|v| v.to_json()) }),
        })
    }

    /// One page of mappings: `{ items, page, perPage, totalCount, totalPages }`.
    pub fn list(&self, options: JsValue) -> Promise {
        let (page, per_page) = (prop(&options, "page"), prop(&options, "perPage"));
        self.run(&options, move |c| async move {
            c.client
                .list(&c.transport, &page, &per_page, c.limits)
                .await
        })
    }

    /// Every mapping of the zone, every page fetched.
    #[wasm_bindgen(js_name = listAll)]
    pub fn list_all(&self, options: JsValue) -> Promise {
        let per_page = prop(&options, "perPage");
        self.run(&options, move |c| async move {
            c.client.list_all(&c.transport, &per_page, c.limits).await
        })
    }

    /// An async iterable of every mapping, fetching pages as they are consumed.
    pub fn iterate(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let call = self.call(&options)?;
        let per_page =
            crate::validate::whole_number("options.perPage", &prop(&options, "perPage"), 1, 100)?;
        Ok(iter::MappingIterator::start(call, per_page))
    }

    /// The mapping of one IP.
    pub fn get(&self, ip: JsValue, options: JsValue) -> Promise {
        let ip = field(&ip);
        self.run(&options, move |c| async move {
            c.client.get(&c.transport, &ip, c.limits).await
        })
    }

    /// v1 POST: creates a mapping; rejects with code 1145 if the IP has one.
    pub fn create(&self, input: JsValue, options: JsValue) -> Promise {
        let item = raw_item(&input);
        self.run(&options, move |c| async move {
            c.client.create(&c.transport, &item, c.limits).await
        })
    }

    /// v1 PATCH: creates or overwrites; resolves to the zone's whole list.
    pub fn edit(&self, input: JsValue, options: JsValue) -> Promise {
        let item = raw_item(&input);
        self.run(&options, move |c| async move {
            c.client.edit(&c.transport, &item, c.limits).await
        })
    }

    /// v2 PUT: creates or replaces the mapping of `ip`.
    pub fn update(&self, ip: JsValue, input: JsValue, options: JsValue) -> Promise {
        let ip = field(&ip);
        let (vendor, region) = match raw_item(&input) {
            RawItem::Mapping { vendor, region, .. } => (vendor, region),
            RawItem::NotObject(ty) => {
                let e = Error::invalid_unquoted(
                    "input",
                    format!("must be an object {{ vendor, region }} (got {ty})"),
                );
                return Promise::reject(&e.into());
            }
        };
        self.run(&options, move |c| async move {
            c.client
                .update(&c.transport, &ip, &vendor, &region, c.limits)
                .await
        })
    }

    /// Removes the mapping of one IP: `{ ip }`.
    pub fn delete(&self, ip: JsValue, options: JsValue) -> Promise {
        let ip = field(&ip);
        self.run(&options, move |c| async move {
            c.client.delete(&c.transport, &ip, c.limits).await
        })
    }

    /// v1 PATCH /batch, any number of items, 100 a request.
    #[wasm_bindgen(js_name = batchEdit)]
    pub fn batch_edit(&self, inputs: JsValue, options: JsValue) -> Promise {
        self.batch_upsert(ApiVersion::V1, inputs, options)
    }

    /// v2 PUT /batch, any number of items, 100 a request.
    #[wasm_bindgen(js_name = batchUpdate)]
    pub fn batch_update(&self, inputs: JsValue, options: JsValue) -> Promise {
        self.batch_upsert(ApiVersion::V2, inputs, options)
    }

    fn batch_upsert(&self, version: ApiVersion, inputs: JsValue, options: JsValue) -> Promise {
        let items: Result<Vec<RawItem>, Error> =
            array(&inputs, "items").map(|a| a.iter().map(|v| raw_item(&v)).collect());
        let progress = on_progress(&options);
        self.run(&options, move |c| async move {
            let report = progress?;
            let hooks = c.hooks(&report);
            c.client
                .batch_upsert_with(&c.transport, version, &items?, c.limits, hooks)
                .await
        })
    }

    /// Batch delete, any number of IPs, 100 a request.
    #[wasm_bindgen(js_name = batchDelete)]
    pub fn batch_delete(&self, ips: JsValue, options: JsValue) -> Promise {
        let ips: Result<Vec<Field>, Error> =
            array(&ips, "ips").map(|a| a.iter().map(|v| field(&v)).collect());
        let progress = on_progress(&options);
        self.run(&options, move |c| async move {
            let report = progress?;
            let hooks = c.hooks(&report);
            c.client
                .batch_delete_with(&c.transport, &ips?, c.limits, hooks)
                .await
        })
    }

    /// Reads the zone (every page) and plans the fewest writes that make it
    /// equal `desired`: `{ create, change, delete, unchanged, rejected, zoneSize }`.
    pub fn plan(&self, desired: JsValue, options: JsValue) -> Promise {
        let items = desired_items(&desired);
        let prune = crate::validate::flag("options.prune", &prop(&options, "prune"));
        self.run(&options, move |c| async move {
            c.client.plan(&c.transport, &items?, prune?, c.limits).await
        })
    }

    /// Applies a plan from `plan()`: upserts then deletes, 100 items a request.
    pub fn apply(&self, plan: JsValue, options: JsValue) -> Promise {
        let writes = plan_writes(&plan);
        let progress = on_progress(&options);
        self.run(&options, move |c| async move {
            let ((upserts, deletes), report) = (writes?, progress?);
            let hooks = c.hooks(&report);
            c.client
                .apply(&c.transport, &upserts, &deletes, c.limits, hooks)
                .await
        })
    }

    /// Plan, then apply: `{ plan, applied }`.
    pub fn sync(&self, desired: JsValue, options: JsValue) -> Promise {
        let items = desired_items(&desired);
        let prune = crate::validate::flag("options.prune", &prop(&options, "prune"));
        let progress = on_progress(&options);
        self.run(&options, move |c| async move {
            let (items, prune, report) = (items?, prune?, progress?);
            let hooks = c.hooks(&report);
            c.client
                .sync(&c.transport, &items, prune, c.limits, hooks)
                .await
        })
    }

    /// The vendor/region catalogue; later writes are checked against it.
    #[wasm_bindgen(js_name = supportedRegions)]
    pub fn supported_regions(&self, options: JsValue) -> Promise {
        self.run(&options, move |c| async move {
            c.client.supported_regions(&c.transport, c.limits).await
        })
    }

    /// What `JSON.stringify(client)` shows: never a credential.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        let c = self.client.config();
        let o = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&o, &k.into(), &v);
        let _ = set("zoneId", c.zone_id.as_str().into());
        let _ = set("baseUrl", c.base_url.as_str().into());
        let _ = set(
            "apiVersion",
            if c.api_version == ApiVersion::V1 {
                "v1"
            } else {
                "v2"
            }
            .into(),
        );
        let _ = set("auth", c.credentials.scheme().into());
        o.into()
    }

    /// What `String(client)` shows: never a credential.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        let c = self.client.config();
        format!("OriginRegionsClient(zone {}, {})", c.zone_id, c.base_url)
    }
}

/// Every method's future, boxed and answering JSON text, goes through this
/// one promise adapter: one copy of the glue in the module instead of one per method.
fn spawn(op: Pin<Box<dyn Future<Output = Result<String, Error>>>>) -> Promise {
    future_to_promise(async move { js_sys::JSON::parse(&op.await?) })
}

/// The desired list of `plan` and `sync`.
fn desired_items(v: &JsValue) -> Result<Vec<RawItem>, Error> {
    array(v, "desired").map(|a| a.iter().map(|v| raw_item(&v)).collect())
}

/// The writes of a plan object: `create` and `change[].to` as upserts,
/// `delete` (mappings or IPs) as deletes. Checked again like any input:
/// a plan may have been edited or rebuilt by the caller.
fn plan_writes(plan: &JsValue) -> Result<(Vec<RawItem>, Vec<Field>), Error> {
    if !convert::is_object(plan) {
        return Err(Error::invalid_unquoted(
            "plan",
            "must be the object plan() resolves to",
        ));
    }
    let list = |key: &'static str| match prop_value(plan, key) {
        v if v.is_undefined() => Ok(js_sys::Array::new()),
        v => array(&v, &format!("plan.{key}")),
    };
    let mut upserts: Vec<RawItem> = list("create")?.iter().map(|v| raw_item(&v)).collect();
    for change in list("change")?.iter() {
        let to = prop_value(&change, "to");
        upserts.push(RawItem::Mapping {
            ip: prop(&change, "ip"),
            vendor: prop(&to, "vendor"),
            region: prop(&to, "region"),
        });
    }
    let deletes = list("delete")?
        .iter()
        .map(|d| {
            if convert::is_object(&d) {
                prop(&d, "ip")
            } else {
                field(&d)
            }
        })
        .collect();
    Ok((upserts, deletes))
}

/// The `onProgress` call option of batch calls, as a Rust callback. What the
/// caller's function throws is ignored: a progress display must not fail a write.
fn on_progress(options: &JsValue) -> Result<impl Fn(crate::client::Progress), Error> {
    let f = prop_value(options, "onProgress");
    let f: Option<Function> = match f {
        f if f.is_undefined() => None,
        f if f.is_function() => Some(f.unchecked_into()),
        f => {
            let got = field(&f).type_name();
            return Err(Error::invalid_unquoted(
                "options.onProgress",
                format!("must be a function (got {got})"),
            ));
        }
    };
    Ok(move |p: crate::client::Progress| {
        if let Some(f) = &f {
            let o = js_sys::Object::new();
            let set = |k: &str, v: u32| js_sys::Reflect::set(&o, &k.into(), &v.into());
            let _ = (
                set("done", p.done),
                set("total", p.total),
                set("requests", p.requests),
            );
            let _ = f.call1(&JsValue::UNDEFINED, &o);
        }
    })
}

/// Checks mappings the way every write does, without sending anything:
/// `{ valid, rejected }`, where `valid` holds the distinct mappings with
/// canonical IPs and `rejected` each refused item with its reason. One call
/// for the whole list: crossing into wasm once instead of once per item.
#[wasm_bindgen(js_name = checkMappings)]
pub fn check_mappings(items: JsValue) -> Result<JsValue, JsValue> {
    let items = desired_items(&items)?;
    let (valid, rejected) = crate::batch::Plan::upserts(&items, None)?.split();
    let mut out = String::new();
    crate::json::Obj::new(&mut out)
        .value("valid", &valid)
        .value("rejected", &rejected)
        .end();
    js_sys::JSON::parse(&out)
}

/// The canonical form of an IP address; throws `OriginRegionsError`
/// (`kind: 'validation'`) when the text is not one.
#[wasm_bindgen(js_name = canonicalizeIp)]
pub fn canonicalize_ip(text: JsValue) -> Result<JsValue, JsValue> {
    // Strings take the short way: one copy in, and no copy out when the
    // text is already canonical (most IPv4 and well-written IPv6).
    let Some(s) = text.as_string() else {
        // Any other type: the error names it.
        return crate::validate::ip("ip", &field(&text))
            .map(JsValue::from)
            .map_err(JsValue::from);
    };
    match crate::ip::parse(&s) {
        Ok(addr) => {
            let canonical = crate::ip::canonical_text(&addr);
            Ok(if canonical.as_str() == s {
                text
            } else {
                JsValue::from_str(canonical.as_str())
            })
        }
        Err(why) => Err(crate::validate::not_an_ip("ip", &s, &why).into()),
    }
}
