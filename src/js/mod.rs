//! The JS API of js-api.md (wasm32 only). Thin on purpose: read the
//! arguments, call the core, convert the answer. Every method returns a
//! promise; bad arguments reject it with `kind: 'validation'`.

mod convert;
mod error;
mod iter;
mod ranges;
mod run;

use crate::batch::RawItem;
use crate::client::Client;
use crate::config::{self, ApiVersion, Config, Limits, Options};
use crate::error::Error;
use crate::run::Run;
use crate::validate::Field;
use convert::{array, field, function_option, map_elements, prop, prop_value, raw_item, raw_items};
use js_sys::Promise;
use run::JsRun;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

pub use convert::key;
pub use error::JsOriginRegionsError;

/// A client for one zone's origin cloud region mappings.
#[wasm_bindgen(js_name = OriginRegionsClient)]
pub struct JsClient {
    client: Rc<Client>,
    /// The `fetch` option: a function, or undefined for the global one.
    fetch: JsValue,
}

/// A call's own options: `{ signal, timeoutMs, maxRetries, concurrency }`.
struct Call {
    limits: Limits,
    /// Batch requests in flight at once for this call, if given.
    concurrency: Option<u32>,
    /// An AbortSignal, or undefined.
    signal: JsValue,
}

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    /// Whether this code runs in a web page, where other scripts can read a
    /// credential. (Asked of JS: js-sys's global lookup costs ~1 KB of wasm.)
    #[wasm_bindgen(js_name = inBrowserPage)]
    fn in_browser_page() -> bool;

    #[wasm_bindgen(js_name = addMethods)]
    fn add_methods(client_class: &JsValue);
}

/// For the package's entry files, once loaded: defines the client's promise
/// methods on its class (`client_class`), and returns the error class for
/// them to re-export.
#[wasm_bindgen(skip_typescript)]
pub fn setup(client_class: JsValue) -> JsValue {
    add_methods(&client_class);
    error::error_class()
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
        let fetch = function_option(o, "fetch", "options.fetch")?;
        Ok(JsClient {
            client: Rc::new(Client::new(config)),
            fetch,
        })
    }

    /// Reads a call's `{ signal, timeoutMs, maxRetries, concurrency }`.
    fn call(&self, options: &JsValue) -> Result<Call, Error> {
        convert::options_object(options, "options")?;
        let signal = prop_value(options, "signal");
        if !signal.is_undefined() && !signal.is_instance_of::<AbortSignal>() {
            return Err(Error::invalid_unquoted(
                "options.signal",
                "must be an AbortSignal",
            ));
        }
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
            limits,
            concurrency,
            signal,
        })
    }

    /// Checks the call options, plans the call with `start`, and runs it
    /// under the JS driver: a promise of its result. Anything refused before
    /// sending rejects the promise, and nothing is sent.
    // One shared body for every method (not inlined into each): the
    // methods differ only in the `start` they pass.
    #[inline(never)]
    fn run(
        &self,
        options: &JsValue,
        reports_progress: bool,
        start: &dyn Fn(&Client, &Call) -> Result<Run, Error>,
    ) -> Promise {
        let started = self.call(options).and_then(|call| {
            let on_progress = if reports_progress {
                function_option(options, "onProgress", "options.onProgress")?
            } else {
                JsValue::UNDEFINED
            };
            Ok((start(&self.client, &call)?, call, on_progress))
        });
        match started {
            Ok((run, call, on_progress)) => JsRun::start(
                &self.client,
                run,
                &self.fetch,
                &call.signal,
                &on_progress,
                &JsValue::UNDEFINED,
            ),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// The promise methods' one way in from JS: `support.js` defines
    /// `list`, `get`, … on the class (`addMethods`, in this order), each
    /// calling this with its number and its own arguments. One export instead of
    /// fourteen: each export is ~350 bytes of wasm-bindgen plumbing.
    #[wasm_bindgen(js_name = __call)]
    pub fn dispatch(&self, method: u32, x: JsValue, y: JsValue, z: JsValue) -> Promise {
        match method {
            0 => self.list(x),
            1 => self.list_all(x),
            2 => self.get(x, y),
            3 => self.create(x, y),
            4 => self.edit(x, y),
            5 => self.update(x, y, z),
            6 => self.delete(x, y),
            7 => self.batch_edit(x, y),
            8 => self.batch_update(x, y),
            9 => self.batch_delete(x, y),
            10 => self.plan(x, y),
            11 => self.apply(x, y),
            12 => self.sync(x, y),
            13 => self.supported_regions(x),
            _ => Promise::reject(
                &Error::invalid_unquoted("method", "is not a method of OriginRegionsClient").into(),
            ),
        }
    }

    /// An async iterable of every mapping, fetching pages as they are consumed.
    pub fn iterate(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let call = self.call(&options)?;
        let per_page =
            crate::validate::whole_number("options.perPage", &prop(&options, "perPage"), 1, 100)?;
        Ok(iter::MappingPager::start(
            self.client.clone(),
            call.limits,
            per_page,
            &self.fetch,
            &call.signal,
        ))
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
        crate::text::cat!(
            "OriginRegionsClient(zone ",
            c.zone_id,
            ", ",
            c.base_url,
            ")"
        )
    }
}

/// The promise methods, reached from JS through [`JsClient::dispatch`].
impl JsClient {
    /// One page of mappings: `{ items, page, perPage, totalCount, totalPages }`.
    pub fn list(&self, options: JsValue) -> Promise {
        let (page, per_page) = (prop(&options, "page"), prop(&options, "perPage"));
        self.run(&options, false, &|c, call| {
            c.start_list(&page, &per_page, call.limits)
        })
    }

    /// Every mapping of the zone, every page fetched.
    pub fn list_all(&self, options: JsValue) -> Promise {
        let per_page = prop(&options, "perPage");
        self.run(&options, false, &|c, call| {
            c.start_list_all(&per_page, call.limits)
        })
    }

    /// The mapping of one IP.
    pub fn get(&self, ip: JsValue, options: JsValue) -> Promise {
        let ip = field(&ip);
        self.run(&options, false, &|c, call| c.start_get(&ip, call.limits))
    }

    /// v1 POST: creates a mapping; rejects with code 1145 if the IP has one.
    pub fn create(&self, input: JsValue, options: JsValue) -> Promise {
        let item = raw_item(&input);
        self.run(&options, false, &|c, call| {
            c.start_create(&item, call.limits)
        })
    }

    /// v1 PATCH: creates or overwrites; resolves to the zone's whole list.
    pub fn edit(&self, input: JsValue, options: JsValue) -> Promise {
        let item = raw_item(&input);
        self.run(&options, false, &|c, call| c.start_edit(&item, call.limits))
    }

    /// v2 PUT: creates or replaces the mapping of `ip`.
    pub fn update(&self, ip: JsValue, input: JsValue, options: JsValue) -> Promise {
        let ip = field(&ip);
        let (vendor, region) = match raw_item(&input) {
            RawItem::Mapping { vendor, region, .. } => (vendor, region),
            RawItem::NotObject(ty) => {
                let e = Error::wrong_type("input", "an object { vendor, region }", ty);
                return Promise::reject(&e.into());
            }
        };
        self.run(&options, false, &|c, call| {
            c.start_update(&ip, &vendor, &region, call.limits)
        })
    }

    /// Removes the mapping of one IP: `{ ip }`.
    pub fn delete(&self, ip: JsValue, options: JsValue) -> Promise {
        let ip = field(&ip);
        self.run(&options, false, &|c, call| c.start_delete(&ip, call.limits))
    }

    /// v1 PATCH /batch, any number of items, 100 a request.
    pub fn batch_edit(&self, inputs: JsValue, options: JsValue) -> Promise {
        self.batch_upsert(ApiVersion::V1, inputs, options)
    }

    /// v2 PUT /batch, any number of items, 100 a request.
    pub fn batch_update(&self, inputs: JsValue, options: JsValue) -> Promise {
        self.batch_upsert(ApiVersion::V2, inputs, options)
    }

    fn batch_upsert(&self, version: ApiVersion, inputs: JsValue, options: JsValue) -> Promise {
        self.run(&options, true, &|c, call| {
            let items = raw_items(&array(&inputs, "items")?);
            c.start_batch_upsert(version, &items, call.limits, call.concurrency)
        })
    }

    /// Batch delete, any number of IPs, 100 a request.
    pub fn batch_delete(&self, ips: JsValue, options: JsValue) -> Promise {
        self.run(&options, true, &|c, call| {
            let ips = map_elements(&array(&ips, "ips")?, field);
            Ok(c.start_batch_delete(&ips, call.limits, call.concurrency))
        })
    }

    /// Reads the zone (every page) and plans the fewest writes that make it
    /// equal `desired`: `{ create, change, delete, unchanged, rejected, zoneSize }`.
    pub fn plan(&self, desired: JsValue, options: JsValue) -> Promise {
        self.run(&options, false, &|c, call| {
            let items = desired_items(&desired)?;
            let prune = crate::validate::flag("options.prune", &prop(&options, "prune"))?;
            Ok(c.start_plan(items, prune, call.limits))
        })
    }

    /// Applies a plan from `plan()`: upserts then deletes, 100 items a request.
    pub fn apply(&self, plan: JsValue, options: JsValue) -> Promise {
        self.run(&options, true, &|c, call| {
            let (upserts, deletes) = plan_writes(&plan)?;
            c.start_apply(&upserts, &deletes, call.limits, call.concurrency)
        })
    }

    /// Plan, then apply: `{ plan, applied }`.
    pub fn sync(&self, desired: JsValue, options: JsValue) -> Promise {
        self.run(&options, true, &|c, call| {
            let items = desired_items(&desired)?;
            let prune = crate::validate::flag("options.prune", &prop(&options, "prune"))?;
            Ok(c.start_sync(items, prune, call.limits, call.concurrency))
        })
    }

    /// The vendor/region catalogue; later writes are checked against it.
    pub fn supported_regions(&self, options: JsValue) -> Promise {
        self.run(&options, false, &|c, call| {
            Ok(c.start_supported_regions(call.limits))
        })
    }
}

/// The desired list of `plan` and `sync`.
fn desired_items(v: &JsValue) -> Result<Vec<RawItem>, Error> {
    array(v, "desired").map(|a| raw_items(&a))
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
        v => array(&v, &crate::text::cat!("plan.", key)),
    };
    let mut upserts = raw_items(&list("create")?);
    for change in list("change")?.iter() {
        let to = prop_value(&change, "to");
        upserts.push(RawItem::Mapping {
            ip: prop(&change, "ip"),
            vendor: prop(&to, "vendor"),
            region: prop(&to, "region"),
        });
    }
    let deletes = map_elements(&list("delete")?, |d| {
        if convert::is_object(d) {
            prop(d, "ip")
        } else {
            field(d)
        }
    });
    Ok((upserts, deletes))
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
