//! The wasm [`Transport`]: requests built and sent with gloo-net over the
//! global `fetch` (or handed to the caller's `fetch` option), answers read
//! through gloo-net, waits on gloo-timers, and the caller's signal raced
//! against both.

use super::abort::{AbortWatch, AttemptController};
use crate::config::LogLevel;
use crate::decode::Response;
use crate::driver::{Outgoing, SendError, Transport};
use crate::error::Error;
use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Promise, Reflect};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What one call sends through.
pub struct FetchTransport {
    /// The `fetch` option; the global `fetch` (through gloo-net) when `None`.
    pub fetch: Option<Function>,
    /// The caller's signal, if any.
    pub abort: Option<AbortWatch>,
    /// A console-like logger.
    pub logger: JsValue,
}

/// The first of `work` and the caller's abort.
async fn or_abort<T>(abort: &Option<AbortWatch>, work: impl Future<Output = T>) -> Option<T> {
    let mut work = pin!(work);
    let mut aborted = pin!(async {
        match abort {
            Some(a) => a.wait().await,
            None => std::future::pending().await,
        }
    });
    poll_fn(|cx| {
        if let Poll::Ready(v) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        aborted.as_mut().poll(cx).map(|()| None)
    })
    .await
}

impl Transport for FetchTransport {
    async fn send(&self, out: &Outgoing<'_>, timeout_ms: u32) -> Result<Response, SendError> {
        if self.aborted() {
            return Err(SendError::Aborted);
        }
        let controller = AttemptController::new();
        let request = build(out, controller.as_ref().map(AttemptController::signal))?;
        let answer = async {
            let response = match &self.fetch {
                None => request
                    .send()
                    .await
                    .map_err(|e| SendError::Network(e.to_string()))?,
                Some(f) => call_fetch(f, request).await?,
            };
            read(response).await
        };
        let mut timer = pin!(TimeoutFuture::new(timeout_ms));
        let timed = async {
            let mut answer = pin!(answer);
            poll_fn(|cx| {
                if let Poll::Ready(v) = answer.as_mut().poll(cx) {
                    return Poll::Ready(v);
                }
                timer.as_mut().poll(cx).map(|()| Err(SendError::Timeout))
            })
            .await
        };
        // Dropping the attempt's controller aborts what is still in flight.
        or_abort(&self.abort, timed)
            .await
            .unwrap_or(Err(SendError::Aborted))
    }

    async fn sleep(&self, ms: u32) -> Result<(), Error> {
        or_abort(&self.abort, TimeoutFuture::new(ms))
            .await
            .ok_or(Error::Aborted)
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn aborted(&self) -> bool {
        self.abort.as_ref().is_some_and(AbortWatch::fired)
    }

    fn log(&self, level: LogLevel, message: &str) {
        // A logger that is missing a method or throws must not fail the call.
        if let Ok(method) = Reflect::get(&self.logger, &JsValue::from_str(level.method())) {
            if let Some(f) = method.dyn_ref::<Function>() {
                let _ = f.call1(&self.logger, &JsValue::from_str(message));
            }
        }
    }
}

/// The request of one attempt, built by gloo-net.
fn build(
    out: &Outgoing<'_>,
    signal: Option<web_sys::AbortSignal>,
) -> Result<gloo_net::http::Request, SendError> {
    let method = match out.method {
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "PATCH" => Method::PATCH,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let mut builder = RequestBuilder::new(&out.url)
        .method(method)
        .abort_signal(signal.as_ref());
    for (name, value) in out.headers {
        builder = builder.header(name, value);
    }
    let built = match out.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body.to_json()),
        None => builder.build(),
    };
    built.map_err(|e| SendError::Network(format!("the request could not be built: {e}")))
}

/// Hands the request to the caller's `fetch`. Whatever it does (resolves
/// a Response, rejects, throws, resolves something else) ends in an answer
/// or a network failure, never a panic.
async fn call_fetch(
    f: &Function,
    request: gloo_net::http::Request,
) -> Result<gloo_net::http::Response, SendError> {
    let raw: web_sys::Request = request.into();
    let returned = f
        .call1(&JsValue::UNDEFINED, &raw)
        .map_err(|e| SendError::Network(format!("the fetch option threw: {}", describe(&e))))?;
    let value = JsFuture::from(Promise::resolve(&returned))
        .await
        .map_err(|e| SendError::Network(format!("the fetch option rejected: {}", describe(&e))))?;
    if value.is_instance_of::<web_sys::Response>() {
        return Ok(value.unchecked_into::<web_sys::Response>().into());
    }
    if !looks_like_response(&value) {
        return Err(SendError::Network(
            "the fetch option answered something that is not a Response".into(),
        ));
    }
    adopt(&value).await
}

/// A Response of another realm, or one a fetch library made, is not
/// `instanceof Response`: its status, the headers the client reads and its
/// text are copied into a Response of this realm, which gloo-net reads.
async fn adopt(value: &JsValue) -> Result<gloo_net::http::Response, SendError> {
    let unreadable =
        |e: JsValue| SendError::Network(format!("the answer could not be read: {}", describe(&e)));
    let get =
        |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let text_fn: Function = get(value, "text").unchecked_into();
    let text = JsFuture::from(Promise::resolve(&text_fn.call0(value).map_err(unreadable)?))
        .await
        .map_err(unreadable)?;
    let headers = web_sys::Headers::new().map_err(unreadable)?;
    let their_headers = get(value, "headers");
    let header_get: Function = get(&their_headers, "get").unchecked_into();
    for name in ["retry-after", "cf-ray"] {
        let v = header_get
            .call1(&their_headers, &JsValue::from_str(name))
            .map_err(unreadable)?;
        if let Some(v) = v.as_string() {
            headers.set(name, &v).map_err(unreadable)?;
        }
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(get(value, "status").as_f64().unwrap_or(0.0) as u16);
    init.set_headers(&headers);
    let body = text.as_string().unwrap_or_default();
    web_sys::Response::new_with_opt_str_and_init(Some(&body), &init)
        .map(gloo_net::http::Response::from)
        .map_err(unreadable)
}

/// Whether `v` has what reading an answer uses: a status, `headers.get` and `text()`.
fn looks_like_response(v: &JsValue) -> bool {
    let get =
        |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let status = get(v, "status").as_f64().unwrap_or(0.0);
    let headers = get(v, "headers");
    (100.0..=599.0).contains(&status)
        && status.fract() == 0.0
        && get(v, "text").is_function()
        && get(&headers, "get").is_function()
}

/// An answer's status, `Retry-After`, `cf-ray` and body, read through gloo-net.
async fn read(response: gloo_net::http::Response) -> Result<Response, SendError> {
    let headers = response.headers();
    let text = response
        .text()
        .await
        .map_err(|e| SendError::Network(format!("the answer could not be read: {e}")))?;
    Ok(Response::from_text(
        response.status(),
        headers.get("retry-after"),
        headers.get("cf-ray"),
        &text,
    ))
}

/// The text of something thrown: its message, with Node's socket error
/// code (kept in `cause`) when there is one.
fn describe(e: &JsValue) -> String {
    let get = |o: &JsValue, k: &str| {
        Reflect::get(o, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    let message = get(e, "message")
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "no reason given".into());
    let cause = Reflect::get(e, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    match get(&cause, "code").or_else(|| get(&cause, "message")) {
        Some(detail) => format!("{message} ({detail})"),
        None => message,
    }
}
