//! One call as a sans-IO state machine: which requests to send and when,
//! and what their answers add up to. Every decision is made here, without
//! I/O: retries and backoff, the rate limit, paging, batching, concurrency,
//! and what an abort leaves behind. The host only sends, waits and feeds the
//! answers back: [`crate::driver::drive`], over `fetch` in wasm and over a
//! scripted transport in the native tests.
//!
//! The host's loop: [`Run::poll`] until it says [`Action::Idle`] or
//! [`Action::Wait`] (starting each [`Action::Send`]), then wait for an
//! answer ([`Run::answer`]), the end of the wait ([`Run::woke`]) or the
//! caller's abort ([`Run::abort`]), and poll again, until [`Action::Done`].

mod action;
mod flows;
mod outcome;
mod read;

use crate::batch::{Plan, RawItem};
use crate::client::{Progress, SendError};
use crate::config::{ApiVersion, Limits};
use crate::decode::Response;
use crate::endpoints::Request;
use crate::error::Error;
use crate::retry::{self, Failure};
use crate::shared::Shared;
pub use action::{Action, Note, WaitReason};
use flows::{Apply, Batch, BatchKind, Ctx, Flow, One, Pages, Planning, Syncing};
pub use outcome::Outcome;
pub use read::{PageRead, Read};

/// Where one request stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// To send as soon as the rate limit allows.
    Ready,
    /// Sent under this rate-limit ticket; the answer is awaited.
    Sending(u64),
    /// Waiting until this time (ms since the epoch): a backoff or the rate limit.
    Waiting(f64),
}

#[derive(Debug)]
struct Slot {
    id: u32,
    key: usize,
    request: Request,
    /// Retries made so far.
    retry: u32,
    state: State,
}

/// One call, from its first request to its outcome.
#[derive(Debug)]
pub struct Run {
    flow: Flow,
    limits: Limits,
    concurrency: usize,
    slots: Vec<Slot>,
    next_id: u32,
    attempts: u32,
    /// The end of the wait last announced.
    wake_at: Option<f64>,
    progress: Option<Progress>,
    result: Option<Result<Outcome, Error>>,
    notes: Vec<Note>,
}

impl Run {
    fn new(flow: Flow, limits: Limits, concurrency: u32) -> Run {
        Run {
            flow,
            limits,
            concurrency: concurrency.max(1) as usize,
            slots: Vec::new(),
            next_id: 0,
            attempts: 0,
            wake_at: None,
            progress: None,
            result: None,
            notes: Vec::new(),
        }
    }

    /// What was decided since last asked, for the log.
    pub fn take_notes(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }

    /// The number of the attempt `id` is on (1 for the first).
    pub fn attempt_of(&self, id: u32) -> u32 {
        self.slots
            .iter()
            .find(|s| s.id == id)
            .map_or(1, |s| s.retry + 1)
    }

    /// A call of one request, read by `read`.
    pub fn one(request: Request, read: Read, limits: Limits) -> Run {
        let one = One {
            request: Some(request),
            read,
            result: None,
        };
        Run::new(Flow::One(one), limits, 1)
    }

    /// Every page of the list, `concurrency` pages at a time after the first.
    pub fn pages(per_page: u32, limits: Limits, concurrency: u32) -> Run {
        Run::new(Flow::Pages(Pages::new(per_page)), limits, concurrency)
    }

    /// A batch upsert (`version`'s endpoint) of a plan.
    pub fn batch_upsert(version: ApiVersion, plan: Plan, limits: Limits, concurrency: u32) -> Run {
        Run::new(
            Flow::Batch(Batch::new(BatchKind::Upsert(version), plan)),
            limits,
            concurrency,
        )
    }

    /// A batch delete of a plan.
    pub fn batch_delete(version: ApiVersion, plan: Plan, limits: Limits, concurrency: u32) -> Run {
        Run::new(
            Flow::Batch(Batch::new(BatchKind::Delete(version), plan)),
            limits,
            concurrency,
        )
    }

    /// Upserts (v2), then deletes (`version`).
    pub fn apply(
        version: ApiVersion,
        upserts: Plan,
        deletes: Plan,
        limits: Limits,
        concurrency: u32,
    ) -> Run {
        let apply = Apply::new(version, upserts, deletes);
        Run::new(Flow::Apply(apply), limits, concurrency)
    }

    /// Every page, then the diff with `desired`.
    pub fn plan(desired: Vec<RawItem>, prune: bool, limits: Limits, concurrency: u32) -> Run {
        Run::new(
            Flow::Plan(Planning::new(desired, prune)),
            limits,
            concurrency,
        )
    }

    /// A plan, then its writes.
    pub fn sync(desired: Vec<RawItem>, prune: bool, limits: Limits, concurrency: u32) -> Run {
        let planning = Planning::new(desired, prune);
        Run::new(
            Flow::Sync(Box::new(Syncing::Planning(planning))),
            limits,
            concurrency,
        )
    }

    /// The timeout of each attempt.
    pub fn timeout_ms(&self) -> u32 {
        self.limits.timeout_ms
    }

    /// The request of attempt `id`, while it is being sent.
    pub fn request(&self, id: u32) -> Option<&Request> {
        self.slots.iter().find(|s| s.id == id).map(|s| &s.request)
    }

    /// The next thing for the host to do. `now_ms`: milliseconds since the epoch.
    pub fn poll(&mut self, shared: &Shared, now_ms: f64) -> Action {
        loop {
            if self.result.is_some() {
                return Action::Done;
            }
            if let Some(p) = self.progress.take() {
                return Action::Progress(p);
            }
            let cx = Ctx {
                shared,
                attempts: self.attempts,
            };
            while self.slots.len() < self.concurrency {
                let Some((key, request)) = self.flow.next(&cx) else {
                    break;
                };
                self.slots.push(Slot {
                    id: self.next_id,
                    key,
                    request,
                    retry: 0,
                    state: State::Ready,
                });
                self.next_id += 1;
            }
            if !self.slots.is_empty() {
                break;
            }
            // Nothing left to send in this phase: the outcome, or the next phase.
            self.result = self.flow.settle(&cx);
        }
        let mut wake: Option<f64> = None;
        for slot in &mut self.slots {
            if slot.state == State::Ready {
                match shared.limiter().acquire(now_ms) {
                    Ok(ticket) => {
                        slot.state = State::Sending(ticket);
                        self.attempts += 1;
                        return Action::Send(slot.id);
                    }
                    Err(ms) => {
                        self.notes.push(Note::RateLimited { ms });
                        slot.state = State::Waiting(now_ms + f64::from(ms));
                    }
                }
            }
            if let State::Waiting(at) = slot.state {
                wake = Some(wake.map_or(at, |w| w.min(at)));
            }
        }
        self.wake_at = wake;
        match wake {
            Some(at) => Action::Wait((at - now_ms).max(0.0).ceil() as u32),
            None => Action::Idle,
        }
    }

    /// The wait announced last has passed: what waited until then is sent again.
    pub fn woke(&mut self) {
        if let Some(at) = self.wake_at.take() {
            for slot in &mut self.slots {
                if matches!(slot.state, State::Waiting(t) if t <= at) {
                    slot.state = State::Ready;
                }
            }
        }
    }

    /// The answer to attempt `id` (or why there is none). A retryable
    /// failure schedules the next attempt; the final answer goes to the flow.
    pub fn answer(
        &mut self,
        shared: &Shared,
        id: u32,
        result: Result<Response, SendError>,
        now_ms: f64,
        random: f64,
    ) {
        let Some(i) = self.slots.iter().position(|s| s.id == id) else {
            return; // an answer after the run ended
        };
        let State::Sending(ticket) = self.slots[i].state else {
            return;
        };
        shared.limiter().release(ticket, now_ms);
        let failure = match &result {
            Ok(resp) if retry::retryable_status(resp.status) => Some(Failure::Status {
                status: resp.status,
                retry_after: resp.retry_after.as_deref(),
            }),
            Ok(_) => None,
            Err(SendError::Aborted) => return self.abort(shared, now_ms),
            Err(SendError::Network(_)) => Some(Failure::Network),
            Err(SendError::Timeout) => Some(Failure::Timeout),
        };
        let limits = self.limits;
        let slot = &mut self.slots[i];
        let delay = failure.and_then(|f| {
            retry::delay_ms(
                f,
                slot.retry,
                limits.max_retries,
                slot.request.idempotent,
                limits.retry_delay_ms,
                now_ms,
                random,
            )
        });
        if let Some(ms) = delay {
            let why = match failure {
                Some(Failure::Status {
                    retry_after: Some(v),
                    ..
                }) if retry::parse_retry_after(v, now_ms).is_some() => WaitReason::RetryAfter,
                _ => WaitReason::Backoff,
            };
            let after = match &result {
                Ok(resp) => format!("HTTP {}", resp.status),
                Err(SendError::Network(why)) => format!("network failure: {why}"),
                Err(_) => "no answer within the timeout".into(),
            };
            slot.retry += 1;
            self.notes.push(Note::Retry {
                what: slot.request.describe(),
                attempt: slot.retry + 1,
                ms,
                why,
                after,
            });
            slot.state = State::Waiting(now_ms + f64::from(ms));
            return;
        }
        let key = self.slots.remove(i).key;
        let answer = match result {
            Ok(resp) => Ok(resp),
            Err(SendError::Network(why)) => Err(Error::Network(why)),
            Err(_) => Err(Error::Timeout {
                ms: limits.timeout_ms,
            }),
        };
        let cx = Ctx {
            shared,
            attempts: self.attempts,
        };
        self.progress = self.flow.take(&cx, key, answer);
    }

    /// The caller aborted: the run ends now, with what is known of every item.
    pub fn abort(&mut self, shared: &Shared, now_ms: f64) {
        if self.result.is_some() {
            return;
        }
        let mut active = Vec::new();
        for slot in self.slots.drain(..) {
            if let State::Sending(ticket) = slot.state {
                shared.limiter().release(ticket, now_ms);
            }
            let sent = slot.retry > 0 || matches!(slot.state, State::Sending(_));
            active.push((slot.key, sent));
        }
        let cx = Ctx {
            shared,
            attempts: self.attempts,
        };
        self.progress = None;
        self.result = Some(Err(self.flow.aborted(&cx, &active)));
    }

    /// The outcome, once [`Action::Done`] was polled.
    pub fn result(&mut self) -> Option<Result<Outcome, Error>> {
        self.result.take()
    }
}
