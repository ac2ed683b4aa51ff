//! A call as the JS driver sees it (`drive` in `support.js`): the core's
//! [`Run`] behind a handle whose methods take the driver's events in and
//! hand its actions out. All sending, waiting and abort wiring is the
//! driver's; every decision stays in the core.

use super::convert::{kind, kind_of, map_elements};
use crate::client::{Client, SendError};
use crate::decode::{JsonBody, Response};
use crate::error::Error;
use crate::json::Obj;
use crate::run::{Action, Outcome, Run};
use js_sys::{Array, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    /// Runs `run` to its end with `fetch` (the global one when undefined),
    /// honouring `signal` and reporting to `onProgress`; resolves to
    /// `finish(run)`, `run.result()` when undefined.
    pub fn drive(
        run: JsRun,
        fetch: &JsValue,
        signal: &JsValue,
        on_progress: &JsValue,
        finish: &JsValue,
    ) -> Promise;

    /// Member `key` of a parsed object; undefined when absent or null, or
    /// when `v` is not an object (one call instead of five type tests).
    #[wasm_bindgen(js_name = member)]
    fn json_member(v: &JsValue, key: &JsValue) -> JsValue;
}

/// A body parsed by `JSON.parse`, read property by property.
#[derive(Debug, Clone)]
pub struct JsBody(pub JsValue);

impl JsonBody for JsBody {
    fn member(&self, key: &'static str) -> Option<Self> {
        // JSON.parse makes plain objects: own data properties only, no getters.
        let v = json_member(&self.0, &super::key(key));
        (!v.is_undefined()).then_some(JsBody(v))
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        match kind_of(&self.0) {
            kind::FALSE => Some(false),
            kind::TRUE => Some(true),
            _ => None,
        }
    }

    fn elements(&self) -> Option<Vec<Self>> {
        (kind_of(&self.0) == kind::ARRAY)
            .then(|| map_elements(self.0.unchecked_ref(), |v| JsBody(v.clone())))
    }

    fn members(&self) -> Option<Vec<(String, Self)>> {
        if kind_of(&self.0) != kind::OBJECT {
            return None;
        }
        let entries = Object::entries(self.0.unchecked_ref());
        let mut out = Vec::with_capacity(entries.length() as usize);
        for i in 0..entries.length() {
            let pair: Array = entries.get(i).unchecked_into();
            if let Some(name) = pair.get(0).as_string() {
                out.push((name, JsBody(pair.get(1))));
            }
        }
        Some(out)
    }
}

/// `JsRun::answer` statuses for an attempt without an answer (never HTTP
/// statuses: the driver hands over only answers with 100..=599).
const NO_ANSWER: u16 = 0;
const TIMED_OUT: u16 = 1;

/// One call in progress. Not part of the public API: only the driver holds one.
#[wasm_bindgen(skip_typescript)]
pub struct JsRun {
    client: Rc<Client>,
    run: Run,
}

impl JsRun {
    pub(super) fn new(client: Rc<Client>, run: Run) -> JsRun {
        JsRun { client, run }
    }

    /// The outcome, taken out of the run.
    pub(super) fn outcome(&mut self) -> Result<Outcome, Error> {
        self.run
            .result()
            .unwrap_or_else(|| Err(Error::Decode("the call ended without an outcome".into())))
    }

    /// Starts `run` under the driver; `finish` reads the outcome (the result by default).
    pub(super) fn start(
        client: &Rc<Client>,
        run: Run,
        fetch: &JsValue,
        signal: &JsValue,
        on_progress: &JsValue,
        finish: &JsValue,
    ) -> Promise {
        drive(
            JsRun::new(client.clone(), run),
            fetch,
            signal,
            on_progress,
            finish,
        )
    }
}

#[wasm_bindgen]
impl JsRun {
    /// The next action, as JSON text: `{"send":id,"method","url","timeout","headers","body"?}`,
    /// `{"progress":[done,total,requests]}`, `{"wait":ms}`, `{"idle":1}` or `{"done":1}`.
    pub fn poll(&mut self, now: f64) -> String {
        let mut out = String::new();
        let mut o = Obj::new(&mut out);
        match self.run.poll(&self.client, now) {
            Action::Send(id) => {
                let config = self.client.config();
                let mut headers = String::new();
                let mut h = Obj::new(&mut headers);
                for (name, value) in config.credentials.headers() {
                    h.str(name, &value);
                }
                h.end();
                if let Some(req) = self.run.request(id) {
                    o.num("send", id)
                        .str("method", req.method.as_str())
                        .str("url", &req.url(&config.base_url))
                        .num("timeout", self.run.timeout_ms())
                        .key_raw("headers", &headers);
                    if let Some(body) = &req.body {
                        o.value("body", body);
                    }
                }
            }
            Action::Progress(p) => {
                o.value("progress", &[p.done, p.total, p.requests][..]);
            }
            Action::Wait(ms) => {
                o.num("wait", ms);
            }
            Action::Idle => {
                o.num("idle", 1);
            }
            Action::Done => {
                o.num("done", 1);
            }
        }
        o.end();
        out
    }

    /// What attempt `id` came to. An answer: its HTTP status, `Retry-After`
    /// as `text`, and the parsed body (undefined when empty or not JSON).
    /// No answer: status [`NO_ANSWER`] with the network failure as `text`,
    /// or [`TIMED_OUT`]. (One export for both: each is ~400 bytes of wasm.)
    pub fn answer(
        &mut self,
        id: u32,
        status: u16,
        text: Option<String>,
        body: JsValue,
        now: f64,
        random: f64,
    ) {
        let answer = match status {
            NO_ANSWER => Err(SendError::Network(text.unwrap_or_default())),
            TIMED_OUT => Err(SendError::Timeout),
            _ => Ok(Response {
                status,
                retry_after: text,
                body: (!body.is_undefined()).then_some(JsBody(body)),
            }),
        };
        self.run.answer(&self.client, id, answer, now, random);
    }

    /// The wait announced last is over.
    pub fn woke(&mut self) {
        self.run.woke();
    }

    /// The caller's signal fired.
    pub fn abort(&mut self, now: f64) {
        self.run.abort(&self.client, now);
    }

    /// The outcome as plain JS objects; throws the call's `OriginRegionsError`.
    pub fn result(&mut self) -> Result<JsValue, JsValue> {
        super::convert::to_js(&self.outcome()?)
    }
}
