//! Shared helpers of the `core_*` tests: a JSON body over `serde_json`, a
//! scripted fake [`Transport`], a tiny `block_on`, and builders for clients,
//! items and Cloudflare envelopes.
#![allow(dead_code)]

use origin_regions::batch::RawItem;
use origin_regions::client::{Outgoing, SendError, Transport};
use origin_regions::config::{Config, Limits, LogLevel, Options};
use origin_regions::decode::Response;
use origin_regions::validate::Field;
use origin_regions::{Client, Error};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};

pub const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";
pub const BASE: &str = "https://api.cloudflare.com/client/v4";
pub const TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
/// Wed, 21 Oct 2015 07:28:00 GMT.
pub const NOW_MS: f64 = 1_445_412_480_000.0;

pub fn v1_root() -> String {
    format!("{BASE}/zones/{ZONE}/cache/origin_cloud_regions")
}

pub fn v2_root() -> String {
    format!("{BASE}/zones/{ZONE}/origin/cloud_regions")
}

// ---- answers --------------------------------------------------------------------

/// What a model value or body becomes in JSON, as a `serde_json::Value`.
pub fn to_value(v: &(impl serde::Serialize + ?Sized)) -> Value {
    serde_json::to_value(v).expect("the core writes valid JSON")
}

/// An answer with a JSON body.
pub fn resp(status: u16, body: Value) -> Response {
    Response::json(status, body)
}

/// An answer whose body was empty or not JSON (an edge's HTML page).
pub fn resp_no_body(status: u16) -> Response {
    Response {
        status,
        retry_after: None,
        ray_id: None,
        body: None,
    }
}

/// An answer parsed from JSON text.
pub fn resp_text(status: u16, text: &str) -> Response {
    resp(status, serde_json::from_str(text).expect("test JSON"))
}

/// A successful envelope around `result`.
pub fn ok_env(result: Value) -> Value {
    json!({ "success": true, "errors": [], "messages": [], "result": result })
}

/// A failed envelope with one error.
pub fn err_env(code: u32, message: &str) -> Value {
    json!({ "success": false, "errors": [{ "code": code, "message": message }], "messages": [], "result": null })
}

pub fn ok(result: Value) -> Result<Response, SendError> {
    Ok(resp(200, ok_env(result)))
}

pub fn fail(status: u16, code: u32, message: &str) -> Result<Response, SendError> {
    Ok(resp(status, err_env(code, message)))
}

pub fn bare(status: u16) -> Result<Response, SendError> {
    Ok(resp_no_body(status))
}

pub fn with_retry_after(
    r: Result<Response, SendError>,
    value: &str,
) -> Result<Response, SendError> {
    r.map(|mut r| {
        r.retry_after = Some(value.to_owned());
        r
    })
}

/// A v1 setting wrapper around `value`.
pub fn setting(value: Value) -> Value {
    json!({ "id": "origin_public_cloud_region", "editable": true, "modified_on": "2026-03-01T12:00:00Z", "value": value })
}

// ---- block_on ------------------------------------------------------------------

/// Polls `fut` until it is ready. The fake transport never waits on anything
/// outside, so a future still pending after many polls is a hang: panic.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future still pending after 1,000,000 polls");
}

/// Pending once, then ready: lets other lanes of a batch run.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

// ---- fake transport -----------------------------------------------------------

/// One attempt as the fake saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub timeout_ms: u32,
}

impl Sent {
    /// Asserts the attempt's method and URL.
    #[track_caller]
    pub fn assert_is(&self, method: &str, url: &str) {
        assert_eq!((self.method.as_str(), self.url.as_str()), (method, url));
    }

    /// The IP strings of a batch body (v1 `ip`, v2 `origin_ip`, or the IPs of a delete).
    pub fn body_ips(&self) -> Vec<String> {
        let Some(Value::Array(items)) = &self.body else {
            return vec![];
        };
        items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                Value::Object(o) => o
                    .get("ip")
                    .or_else(|| o.get("origin_ip"))
                    .and_then(Value::as_str)
                    .expect("batch item with an IP")
                    .to_owned(),
                other => panic!("unexpected batch item {other}"),
            })
            .collect()
    }
}

type Answer = Result<Response, SendError>;
type Handler = Box<dyn Fn(&Sent, usize) -> Answer>;

/// A transport that records every attempt and answers from a script (or a
/// handler, given the attempt and its index), never really waiting.
pub struct Fake {
    pub sent: RefCell<Vec<Sent>>,
    pub script: RefCell<VecDeque<Answer>>,
    pub handler: RefCell<Option<Handler>>,
    pub sleeps: RefCell<Vec<u32>>,
    /// `sleep` answers `Err(Error::Aborted)`, as when the caller's signal fires during a wait.
    pub abort_sleep: Cell<bool>,
    /// `send` yields once before answering, so that batch lanes overlap.
    pub yield_in_send: Cell<bool>,
    /// More yields in each `send`: an answer slower than a wait that ends at once.
    pub extra_yields: Cell<u32>,
    /// Waits that began while a `send` was still in flight.
    pub sleeps_in_flight: Cell<u32>,
    pub in_flight: Cell<u32>,
    pub max_in_flight: Cell<u32>,
    pub now: Cell<f64>,
    /// Whether `sleep` moves the clock on (off: time stands still).
    pub advance_clock: Cell<bool>,
    pub rand: f64,
    /// Every line the driver logged, with its level.
    pub logs: RefCell<Vec<(LogLevel, String)>>,
}

impl Default for Fake {
    fn default() -> Self {
        Fake::new(vec![])
    }
}

impl Fake {
    pub fn new(script: Vec<Answer>) -> Fake {
        Fake {
            sent: RefCell::new(vec![]),
            script: RefCell::new(script.into()),
            handler: RefCell::new(None),
            sleeps: RefCell::new(vec![]),
            logs: RefCell::new(vec![]),
            abort_sleep: Cell::new(false),
            yield_in_send: Cell::new(false),
            extra_yields: Cell::new(0),
            sleeps_in_flight: Cell::new(0),
            in_flight: Cell::new(0),
            max_in_flight: Cell::new(0),
            now: Cell::new(NOW_MS),
            advance_clock: Cell::new(false),
            rand: 0.0,
        }
    }

    pub fn with_handler(f: impl Fn(&Sent, usize) -> Answer + 'static) -> Fake {
        let fake = Fake::new(vec![]);
        *fake.handler.borrow_mut() = Some(Box::new(f));
        fake
    }

    pub fn requests(&self) -> usize {
        self.sent.borrow().len()
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.sent.borrow().clone()
    }

    pub fn only(&self) -> Sent {
        let sent = self.sent();
        assert_eq!(sent.len(), 1, "expected exactly one request, got {sent:#?}");
        sent[0].clone()
    }

    pub fn sleeps(&self) -> Vec<u32> {
        self.sleeps.borrow().clone()
    }
}

impl Transport for Fake {
    async fn send(&self, request: &Outgoing<'_>, timeout_ms: u32) -> Result<Response, SendError> {
        let sent = Sent {
            method: request.method.to_owned(),
            url: request.url.clone(),
            headers: request
                .headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            body: request.body.map(to_value),
            timeout_ms,
        };
        let index = {
            let mut log = self.sent.borrow_mut();
            log.push(sent.clone());
            log.len() - 1
        };
        self.in_flight.set(self.in_flight.get() + 1);
        self.max_in_flight
            .set(self.max_in_flight.get().max(self.in_flight.get()));
        if self.yield_in_send.get() {
            YieldOnce(false).await;
        }
        for _ in 0..self.extra_yields.get() {
            YieldOnce(false).await;
        }
        self.in_flight.set(self.in_flight.get() - 1);
        if let Some(h) = self.handler.borrow().as_ref() {
            return h(&sent, index);
        }
        self.script
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("unscripted request #{index}: {} {}", sent.method, sent.url))
    }

    async fn sleep(&self, ms: u32) -> Result<(), Error> {
        self.sleeps.borrow_mut().push(ms);
        if self.in_flight.get() > 0 {
            self.sleeps_in_flight.set(self.sleeps_in_flight.get() + 1);
        }
        if self.advance_clock.get() {
            self.now.set(self.now.get() + f64::from(ms));
        }
        if self.abort_sleep.get() {
            Err(Error::Aborted)
        } else {
            Ok(())
        }
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn random(&self) -> f64 {
        self.rand
    }

    fn log(&self, level: LogLevel, message: &str) {
        self.logs.borrow_mut().push((level, message.to_owned()));
    }
}

/// A handler that applies every item of a batch request: v1 answers wrapped
/// in a setting with `origin-ip`, v2 flat with `origin_ip`.
pub fn echo_batch(sent: &Sent) -> Answer {
    let v1 = sent.url.contains("/cache/origin_cloud_regions");
    let key = if v1 { "origin-ip" } else { "origin_ip" };
    let succeeded: Vec<Value> = match &sent.body {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(ip) => json!({ key: ip }),
                Value::Object(o) => {
                    let ip = o.get("ip").or_else(|| o.get("origin_ip")).cloned().unwrap();
                    json!({ key: ip, "vendor": o["vendor"], "region": o["region"] })
                }
                other => panic!("unexpected batch item {other}"),
            })
            .collect(),
        other => panic!("batch request without an array body: {other:?}"),
    };
    let value = json!({ "succeeded": succeeded, "failed": [] });
    ok(if v1 { setting(value) } else { value })
}

// ---- clients ---------------------------------------------------------------------

pub fn token_options() -> Options {
    Options {
        zone_id: text(ZONE),
        api_token: text(TOKEN),
        ..Options::default()
    }
}

pub fn client_from(o: &Options) -> Client {
    Client::new(Config::new(o, false).expect("valid options"))
}

/// A v2 client with a token.
pub fn client() -> Client {
    client_from(&token_options())
}

/// A v1 client with a token.
pub fn client_v1() -> Client {
    client_from(&Options {
        api_version: text("v1"),
        ..token_options()
    })
}

/// A v2 client running `n` batch requests at once.
pub fn client_concurrency(n: u32) -> Client {
    client_from(&Options {
        concurrency: Field::Number(f64::from(n)),
        ..token_options()
    })
}

/// Limits with a recognisable timeout and a 500 ms first backoff.
pub fn limits(max_retries: u32) -> Limits {
    Limits {
        timeout_ms: 1_234,
        max_retries,
        retry_delay_ms: 500,
    }
}

// ---- inputs ------------------------------------------------------------------------

pub fn text(s: &str) -> Field {
    Field::Text(s.to_owned())
}

pub fn item(ip: &str, vendor: &str, region: &str) -> RawItem {
    RawItem::Mapping {
        ip: text(ip),
        vendor: text(vendor),
        region: text(region),
    }
}

/// A distinct IPv4 address for every `i` below 2^24.
pub fn nth_ip(i: usize) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

pub fn distinct_items(n: usize) -> Vec<RawItem> {
    (0..n)
        .map(|i| item(&nth_ip(i), "aws", "us-east-1"))
        .collect()
}

pub fn distinct_ips(n: usize) -> Vec<Field> {
    (0..n).map(|i| text(&nth_ip(i))).collect()
}
