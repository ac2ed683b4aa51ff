//! The one async loop that drives a [`Run`]: it sends what the run asks
//! for, waits when it says so, and feeds every answer, the end of every
//! wait and the caller's abort back to it. It is generic over a
//! [`Transport`]: `fetch` through gloo-net in wasm (`js::transport`), a
//! scripted one in the native tests, so those tests run the loop that ships.
//!
//! It also says what the run did, through [`Transport::log`], at the
//! client's log level: attempts and their answers, waits and their reasons,
//! retries, refused items and the first use of the deprecated v1 API.

use crate::client::Progress;
use crate::config::LogLevel;
use crate::decode::Response;
use crate::endpoints::Request;
use crate::error::Error;
use crate::run::{Action, Note, Outcome, Run, WaitReason};
use crate::shared::Shared;
use crate::wire::Body;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

/// One attempt as the transport sends it. Its Debug output leaves the
/// header values out: they carry the credentials.
pub struct Outgoing<'a> {
    /// `GET`, `PUT`, ...
    pub method: &'static str,
    /// Full URL.
    pub url: String,
    /// Credential headers (the transport adds `Content-Type` for bodies).
    pub headers: &'a [(&'static str, String)],
    /// JSON body to send.
    pub body: Option<&'a Body>,
}

impl std::fmt::Debug for Outgoing<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Outgoing")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

/// Why an attempt got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The request failed on the way (connection refused, reset, CORS, ...).
    Network(String),
    /// The attempt's own timeout fired.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// What the driver needs from its environment.
#[allow(async_fn_in_trait)] // single-threaded wasm: futures need not be Send
pub trait Transport {
    /// Sends one attempt, cut off after `timeout_ms` or by the caller's abort.
    async fn send(&self, request: &Outgoing<'_>, timeout_ms: u32) -> Result<Response, SendError>;
    /// Waits `ms` milliseconds, or fails with [`Error::Aborted`] when the caller aborts.
    async fn sleep(&self, ms: u32) -> Result<(), Error>;
    /// Milliseconds since the epoch (for `Retry-After` dates and the limiter).
    fn now_ms(&self) -> f64;
    /// A number in `[0, 1)` (for jitter).
    fn random(&self) -> f64;
    /// Whether the caller aborted before the call began.
    fn aborted(&self) -> bool {
        false
    }
    /// Writes one log line at `level` (already filtered by the client's level).
    fn log(&self, _level: LogLevel, _message: &str) {}
}

type Sending<'a> = Pin<Box<dyn Future<Output = Result<Response, SendError>> + 'a>>;
type Sleeping<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + 'a>>;

/// What the driver waited for.
enum Event {
    Answer(u32, Result<Response, SendError>),
    Woke(Result<(), Error>),
}

/// An attempt on its way: when it started, for the log.
struct InFlight<'a> {
    id: u32,
    started_ms: f64,
    sending: Sending<'a>,
}

/// Runs `run` to its outcome over `t`. Attempts are sent as the run asks,
/// up to its concurrency; a wait the run announces is raced against the
/// answers in flight, and the caller's abort ends both.
pub async fn drive<T: Transport>(
    shared: &Shared,
    t: &T,
    mut run: Run,
    progress: &dyn Fn(Progress),
) -> Result<Outcome, Error> {
    let log = Log { shared, t };
    let mut in_flight: Vec<InFlight<'_>> = Vec::new();
    if t.aborted() {
        run.abort(shared, t.now_ms());
    }
    loop {
        let action = run.poll(shared, t.now_ms());
        log.notes(&mut run);
        match action {
            Action::Send(id) => {
                let Some(request) = run.request(id).cloned() else {
                    continue;
                };
                log.sending(&request);
                let mut attempt = InFlight {
                    id,
                    started_ms: t.now_ms(),
                    sending: send(shared, t, request, run.timeout_ms()),
                };
                // Polled once at once: a transport that answers at once is answered in order.
                match poll_fn(|cx| Poll::Ready(attempt.sending.as_mut().poll(cx))).await {
                    Poll::Ready(answer) => log.answered(&mut run, &attempt, answer),
                    Poll::Pending => in_flight.push(attempt),
                }
                continue;
            }
            Action::Progress(p) => {
                progress(p);
                continue;
            }
            Action::Done => {
                let outcome = run
                    .result()
                    .unwrap_or_else(|| Err(Error::decode("the call ended without an outcome")));
                log.outcome(&outcome);
                return outcome;
            }
            _ => {}
        }
        // A wait the run announces afresh after each event: it recomputes when to wake.
        let mut sleep: Option<Sleeping<'_>> = match action {
            Action::Wait(ms) => Some(Box::pin(t.sleep(ms))),
            _ => None,
        };
        let event = poll_fn(|cx| {
            for (i, request) in in_flight.iter_mut().enumerate() {
                if let Poll::Ready(answer) = request.sending.as_mut().poll(cx) {
                    return Poll::Ready(Event::Answer(i as u32, answer));
                }
            }
            match sleep.as_mut().map(|s| s.as_mut().poll(cx)) {
                Some(Poll::Ready(woke)) => Poll::Ready(Event::Woke(woke)),
                _ => Poll::Pending,
            }
        })
        .await;
        match event {
            Event::Answer(i, answer) => {
                let attempt = in_flight.remove(i as usize);
                log.answered(&mut run, &attempt, answer);
            }
            Event::Woke(Ok(())) => run.woke(),
            Event::Woke(Err(_)) => run.abort(shared, t.now_ms()),
        }
    }
}

/// The attempt of `request`, as a future owning what it sends.
fn send<'a, T: Transport>(
    shared: &'a Shared,
    t: &'a T,
    request: Request,
    timeout: u32,
) -> Sending<'a> {
    Box::pin(async move {
        let config = shared.config();
        let headers = config.credentials.headers();
        let out = Outgoing {
            method: request.method.as_str(),
            url: request.url(&config.base_url),
            headers: &headers,
            body: request.body.as_ref(),
        };
        t.send(&out, timeout).await
    })
}

/// The driver's log lines, at the client's level.
struct Log<'a, T> {
    shared: &'a Shared,
    t: &'a T,
}

impl<T: Transport> Log<'_, T> {
    fn enabled(&self, level: LogLevel) -> bool {
        level <= self.shared.config().log_level
    }

    fn write(&self, level: LogLevel, message: impl FnOnce() -> String) {
        if self.enabled(level) {
            self.t.log(level, &message());
        }
    }

    fn sending(&self, request: &Request) {
        if request.deprecated && self.shared.first_v1_use() {
            self.write(LogLevel::Warn, || {
                "origin-regions: this call uses Cloudflare's v1 endpoints \
                 (/cache/origin_cloud_regions), deprecated with an end of life of 2026-10-01; \
                 prefer update() and batchUpdate() (v2)"
                    .into()
            });
        }
    }

    /// Hands an attempt's answer to the run, logging it at debug.
    fn answered(&self, run: &mut Run, attempt: &InFlight<'_>, answer: Result<Response, SendError>) {
        let now = self.t.now_ms();
        self.write(LogLevel::Debug, || {
            let what = run
                .request(attempt.id)
                .map_or_else(String::new, Request::describe);
            let outcome = match &answer {
                Ok(r) => format!("HTTP {}", r.status),
                Err(SendError::Network(why)) => format!("network failure: {why}"),
                Err(SendError::Timeout) => "no answer within the timeout".into(),
                Err(SendError::Aborted) => "aborted".into(),
            };
            let n = run.attempt_of(attempt.id);
            let ms = (now - attempt.started_ms).max(0.0).round() as u64;
            format!("origin-regions: {what} → {outcome} (attempt {n}, {ms} ms)")
        });
        run.answer(self.shared, attempt.id, answer, now, self.t.random());
        self.notes(run);
    }

    /// What the run decided that the host cannot see: retries and waits.
    fn notes(&self, run: &mut Run) {
        for note in run.take_notes() {
            match note {
                Note::Retry {
                    what,
                    attempt,
                    ms,
                    why,
                    after,
                } => {
                    let reason = match why {
                        WaitReason::Backoff => "backoff",
                        WaitReason::RetryAfter => "Retry-After",
                    };
                    self.write(LogLevel::Warn, || {
                        format!("origin-regions: {what} → {after}; retrying (attempt {attempt}) in {ms} ms ({reason})")
                    });
                }
                Note::RateLimited { ms } => self.write(LogLevel::Debug, || {
                    format!("origin-regions: waiting {ms} ms for the client's rate limit")
                }),
            }
        }
    }

    /// Refused items, which resolve rather than reject, are worth a warning;
    /// a rejection reaches the caller, who decides whether it is worth a line.
    fn outcome(&self, outcome: &Result<Outcome, Error>) {
        if let Some((failed, total, first)) = outcome.as_ref().ok().and_then(Outcome::refused) {
            self.write(LogLevel::Warn, || {
                format!("origin-regions: {failed} of {total} items were not applied; the first: {first}")
            });
        }
    }
}
