//! The `fetch` transport (wasm32 only). Binds the global `fetch`, never
//! `window.fetch`: Workers and Node have no `window`. Each attempt gets its
//! own AbortController, fired by the attempt's timer or by the caller's
//! signal; the listener and the timer are removed when the attempt ends.

use crate::client::{Outgoing, SendError, Transport};
use crate::decode::{JsonBody, Response};
use crate::error::Error;
use crate::js::key;
use crate::json::ToJson;
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &Object) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A body parsed by `JSON.parse`, read property by property.
#[derive(Debug, Clone)]
pub struct JsBody(pub JsValue);

impl JsonBody for JsBody {
    fn member(&self, key: &'static str) -> Option<Self> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return None;
        }
        // JSON.parse makes plain objects: own data properties only, no getters.
        let v = Reflect::get(&self.0, &crate::js::key(key)).ok()?;
        (!v.is_undefined() && !v.is_null()).then_some(JsBody(v))
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn elements(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(JsBody).collect())
    }

    fn members(&self) -> Option<Vec<(String, Self)>> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return None;
        }
        let entries = Object::entries(self.0.unchecked_ref());
        Some(
            entries
                .iter()
                .filter_map(|pair| {
                    let pair = Array::from(&pair);
                    Some((pair.get(0).as_string()?, JsBody(pair.get(1))))
                })
                .collect(),
        )
    }
}

/// `fetch` plus the caller's signal, for one call.
pub struct FetchTransport {
    /// The `fetch` given in the options; the global one when `None`.
    pub fetch: Option<Function>,
    /// The caller's AbortSignal for this call.
    pub signal: Option<AbortSignal>,
}

/// Runs `on_abort` when `signal` fires, until dropped.
struct AbortLink {
    signal: AbortSignal,
    listener: Closure<dyn FnMut()>,
}

impl AbortLink {
    fn new(signal: &AbortSignal, on_abort: impl FnMut() + 'static) -> AbortLink {
        let listener = Closure::<dyn FnMut()>::new(on_abort);
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        AbortLink {
            signal: signal.clone(),
            listener,
        }
    }
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// A `setTimeout` cleared when dropped.
struct Timer {
    id: JsValue,
    _handler: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: u32, on_fire: impl FnMut() + 'static) -> Timer {
        let handler = Closure::<dyn FnMut()>::new(on_fire);
        let id = set_timeout(handler.as_ref().unchecked_ref(), ms);
        Timer {
            id,
            _handler: handler,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

impl FetchTransport {
    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    fn request_init(&self, req: &Outgoing<'_>, signal: &AbortSignal) -> Result<Object, SendError> {
        let init = Object::new();
        let headers = Object::new();
        let set = |o: &Object, k: &str, v: &JsValue| {
            Reflect::set(o, &JsValue::from_str(k), v)
                .map_err(|_| SendError::Network("could not build the request".into()))
        };
        for (name, value) in req.headers {
            set(&headers, name, &JsValue::from_str(value))?;
        }
        if let Some(body) = req.body {
            set(
                &headers,
                "Content-Type",
                &JsValue::from_str("application/json"),
            )?;
            set(&init, "body", &JsValue::from_str(&body.to_json()))?;
        }
        set(&init, "method", &JsValue::from_str(req.method))?;
        set(&init, "headers", &headers)?;
        set(&init, "signal", signal)?;
        Ok(init)
    }

    fn start(&self, url: &str, init: &Object) -> Result<Promise, JsValue> {
        match &self.fetch {
            // Promise.resolve: a user's fetch may answer a thenable, or a promise of another realm.
            Some(f) => Ok(Promise::resolve(&f.call2(
                &JsValue::UNDEFINED,
                &JsValue::from_str(url),
                init,
            )?)),
            None => Ok(global_fetch(url, init)),
        }
    }

    /// One attempt: fetch, then read and parse the body, all under one controller.
    async fn attempt(
        &self,
        req: &Outgoing<'_>,
        controller: &AbortController,
    ) -> Result<Response<JsBody>, JsValue> {
        let init = self
            .request_init(req, &controller.signal())
            .map_err(|_| JsValue::from_str("could not build the request"))?;
        let resp = JsFuture::from(self.start(&req.url, &init)?).await?;
        // Read the answer by its properties, not by `instanceof Response`:
        // node-fetch, undici and other realms make Responses of their own.
        let status = Reflect::get(&resp, &key("status"))
            .ok()
            .and_then(|s| s.as_f64())
            .filter(|s| (100.0..=599.0).contains(s))
            .ok_or_else(|| JsValue::from_str("fetch answered something that is not a Response"))?;
        let headers = Reflect::get(&resp, &key("headers"))?;
        let retry_after = call_method(&headers, "get", Some(&JsValue::from_str("retry-after")))
            .ok()
            .and_then(|v| v.as_string());
        let text = JsFuture::from(Promise::resolve(&call_method(&resp, "text", None)?)).await?;
        // JSON.parse, not a JSON parser in the module; an unparseable body is `None`.
        let body = text
            .as_string()
            .filter(|t| !t.is_empty())
            .and_then(|t| JSON::parse(&t).ok())
            .map(JsBody);
        Ok(Response {
            status: status as u16,
            retry_after,
            body,
        })
    }
}

/// Calls `target[name](arg?)`, whatever realm the object comes from.
fn call_method(
    target: &JsValue,
    name: &'static str,
    arg: Option<&JsValue>,
) -> Result<JsValue, JsValue> {
    let f = Reflect::get(target, &key(name))?;
    if !f.is_function() {
        return Err(JsValue::from_str(
            "fetch answered something that is not a Response",
        ));
    }
    let f: &Function = f.unchecked_ref();
    match arg {
        Some(a) => f.call1(target, a),
        None => f.call0(target),
    }
}

/// The text of a rejection from `fetch`, with its cause (Node puts the
/// socket error there).
fn describe(err: &JsValue) -> String {
    let text = |v: &JsValue, key: &str| {
        Reflect::get(v, &JsValue::from_str(key))
            .ok()
            .and_then(|m| m.as_string())
    };
    let message = text(err, "message")
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "fetch failed".into());
    match Reflect::get(err, &JsValue::from_str("cause"))
        .ok()
        .filter(|c| c.is_object())
    {
        Some(cause) => match text(&cause, "code").or_else(|| text(&cause, "message")) {
            Some(c) => format!("{message} ({c})"),
            None => message,
        },
        None => message,
    }
}

impl Transport for FetchTransport {
    type Body = JsBody;

    async fn send(
        &self,
        req: &Outgoing<'_>,
        timeout_ms: u32,
    ) -> Result<Response<JsBody>, SendError> {
        if self.aborted() {
            return Err(SendError::Aborted);
        }
        let controller = AbortController::new()
            .map_err(|_| SendError::Network("AbortController is missing".into()))?;
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timer::new(timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let _link = self.signal.as_ref().map(|s| {
            let controller = controller.clone();
            AbortLink::new(s, move || controller.abort())
        });
        match self.attempt(req, &controller).await {
            Ok(resp) => Ok(resp),
            Err(_) if self.aborted() => Err(SendError::Aborted),
            Err(_) if timed_out.get() => Err(SendError::Timeout),
            Err(e) => Err(SendError::Network(describe(&e))),
        }
    }

    async fn sleep(&self, ms: u32) -> Result<(), Error> {
        if self.aborted() {
            return Err(Error::Aborted);
        }
        let signal = self.signal.clone();
        let mut keep: Option<(Timer, Option<AbortLink>)> = None;
        let wait = Promise::new(&mut |resolve, reject| {
            let timer = Timer::new(ms, move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
            let link = signal.as_ref().map(|s| {
                AbortLink::new(s, move || {
                    let _ = reject.call0(&JsValue::UNDEFINED);
                })
            });
            keep = Some((timer, link));
        });
        let outcome = JsFuture::from(wait).await;
        drop(keep);
        outcome.map(|_| ()).map_err(|_| Error::Aborted)
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
