//! One call as a sans-IO state machine: which requests to send and when,
//! and what their answers add up to. Every decision is made here, without
//! I/O: retries and backoff, the rate limit, paging, batching, concurrency,
//! and what an abort leaves behind. The host only sends, waits and feeds the
//! answers back: the JS driver (`src/js/support.js`) over `fetch`, or
//! [`crate::client::drive`] over a Rust [`crate::client::Transport`].
//!
//! The host's loop: [`Run::poll`] until it says [`Action::Idle`] or
//! [`Action::Wait`] (starting each [`Action::Send`]), then wait for an
//! answer ([`Run::answer`]), the end of the wait ([`Run::woke`]) or the
//! caller's abort ([`Run::abort`]), and poll again, until [`Action::Done`].

use crate::batch::{Plan, RawItem};
use crate::client::{Applied, Client, Progress, SendError, Synced};
use crate::config::{ApiVersion, Limits};
use crate::decode::{self, JsonBody, Response};
use crate::endpoints::{self, Request};
use crate::error::Error;
use crate::json::ToJson;
use crate::model::{BatchResult, Deleted, Mapping, Page, SupportedRegions};
use crate::retry::{self, Failure};
use crate::sync::{self, SyncPlan};

/// Why an item failed when its request was cut by an abort.
const IN_FLIGHT_AT_ABORT: &str =
    "aborted while its request was in flight: it may or may not have been applied";
/// Why an item failed when the abort came before its request was sent.
const NOT_SENT_AT_ABORT: &str = "not sent: the call was aborted first";

/// What a call resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `list`, and each page of `iterate`.
    Page(Page),
    /// `get`, `create`, `update`.
    Mapping(Mapping),
    /// `edit` (the zone's whole list) and `listAll`.
    Mappings(Vec<Mapping>),
    /// `delete`.
    Deleted(Deleted),
    /// The batch calls.
    Batch(BatchResult),
    /// `supportedRegions`.
    Regions(SupportedRegions),
    /// `plan`.
    Plan(SyncPlan),
    /// `apply`.
    Applied(Applied),
    /// `sync`.
    Synced(Synced),
}

impl ToJson for Outcome {
    fn write_json(&self, out: &mut String) {
        match self {
            Outcome::Page(v) => v.write_json(out),
            Outcome::Mapping(v) => v.write_json(out),
            Outcome::Mappings(v) => v.write_json(out),
            Outcome::Deleted(v) => v.write_json(out),
            Outcome::Batch(v) => v.write_json(out),
            Outcome::Regions(v) => v.write_json(out),
            Outcome::Plan(v) => v.write_json(out),
            Outcome::Applied(v) => v.write_json(out),
            Outcome::Synced(v) => v.write_json(out),
        }
    }
}

/// What the host does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Send the attempt with this id ([`Run::request`]); then poll again.
    Send(u32),
    /// Tell the caller how far a batch call is; then poll again.
    Progress(Progress),
    /// Nothing to send for this many ms: call [`Run::woke`] when they have
    /// passed, unless an answer comes first.
    Wait(u32),
    /// Nothing to send until an answer comes.
    Idle,
    /// Finished: take [`Run::result`].
    Done,
}

/// Which page a list request asks for, and how its answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRead {
    /// A v2 page.
    V2 {
        /// Page number asked for.
        page: u32,
        /// Page size asked for.
        per_page: u32,
    },
    /// v1's whole list, cut to the page asked for.
    V1 {
        /// Page number asked for.
        page: u32,
        /// Page size asked for.
        per_page: u32,
    },
    /// v1's whole list as one page (paging over v1).
    V1Whole,
}

impl PageRead {
    /// Page `page` of a walk over every page: a v2 page, or v1's whole list as one page.
    pub fn walk(version: ApiVersion, page: u32, per_page: u32) -> PageRead {
        match version {
            ApiVersion::V2 => PageRead::V2 { page, per_page },
            ApiVersion::V1 => PageRead::V1Whole,
        }
    }

    /// The request for this page (v1 has no paging: its whole list).
    pub fn request(self, zone: &str) -> Request {
        match self {
            PageRead::V2 { page, per_page } => {
                endpoints::list(ApiVersion::V2, zone, page, per_page)
            }
            PageRead::V1 { .. } | PageRead::V1Whole => endpoints::list(ApiVersion::V1, zone, 1, 0),
        }
    }

    #[inline(never)]
    fn read<B: JsonBody>(self, resp: &Response<B>) -> Result<Page, Error> {
        match self {
            PageRead::V2 { page, per_page } => decode::v2_page(resp, page, per_page),
            PageRead::V1 { page, per_page } => {
                Ok(decode::v1_page(decode::v1_list(resp)?, page, per_page))
            }
            PageRead::V1Whole => {
                let items = decode::v1_list(resp)?;
                let n = items.len() as u32;
                Ok(Page {
                    items,
                    page: 1,
                    per_page: n.max(1),
                    total_count: n,
                    total_pages: 1,
                })
            }
        }
    }
}

/// How the answer of a single-request call is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A page of the list.
    Page(PageRead),
    /// One mapping.
    Mapping(ApiVersion),
    /// v1's whole list.
    V1List,
    /// A delete of this IP.
    Deleted(String),
    /// The catalogue, kept by the client.
    Regions,
}

impl Read {
    #[inline(never)]
    fn read<B: JsonBody>(&self, client: &Client, resp: &Response<B>) -> Result<Outcome, Error> {
        Ok(match self {
            Read::Page(page) => Outcome::Page(page.read(resp)?),
            Read::Mapping(version) => Outcome::Mapping(decode::mapping(*version, resp)?),
            Read::V1List => Outcome::Mappings(decode::v1_list(resp)?),
            Read::Deleted(ip) => Outcome::Deleted(decode::deleted(resp, ip)?),
            Read::Regions => {
                let regions = decode::supported_regions(resp)?;
                client.keep_catalogue(&regions);
                Outcome::Regions(regions)
            }
        })
    }
}

/// What the flows see of the run.
struct Ctx<'a> {
    client: &'a Client,
    /// HTTP attempts made so far by the run.
    attempts: u32,
}

/// A call of one request.
#[derive(Debug)]
struct One {
    request: Option<Request>,
    read: Read,
    result: Option<Result<Outcome, Error>>,
}

/// Every page of the list: page 1, then the rest side by side.
#[derive(Debug)]
struct Pages {
    per_page: u32,
    /// Known once page 1 is in.
    last: Option<u32>,
    next: u32,
    /// The pages read so far, by page number.
    got: Vec<(u32, Result<Page, Error>)>,
}

impl Pages {
    fn new(per_page: u32) -> Pages {
        Pages {
            per_page,
            last: None,
            next: 1,
            got: Vec::new(),
        }
    }

    #[inline(never)]
    fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
        let n = self.next;
        let ready = match self.last {
            None => n == 1,
            Some(last) => n <= last,
        };
        if !ready {
            return None;
        }
        self.next += 1;
        Some((
            n as usize,
            self.page(cx, n).request(&cx.client.config().zone_id),
        ))
    }

    fn page(&self, cx: &Ctx, n: u32) -> PageRead {
        PageRead::walk(cx.client.config().api_version, n, self.per_page)
    }

    #[inline(never)]
    fn take<B: JsonBody>(&mut self, cx: &Ctx, key: usize, answer: Result<Response<B>, Error>) {
        let n = key as u32;
        let page = answer.and_then(|r| self.page(cx, n).read(&r));
        if n == 1 {
            // No request past the last page, nor after an empty or failed first one.
            self.last = Some(match &page {
                Ok(p) if !p.items.is_empty() => p.total_pages.max(1),
                _ => 1,
            });
        }
        // Kept in page order as pages arrive (in any order): no sort at the end.
        let at = self.got.partition_point(|(m, _)| *m < n);
        self.got.insert(at, (n, page));
    }

    #[inline(never)]
    fn settle(&mut self) -> Result<Vec<Mapping>, Error> {
        let got = std::mem::take(&mut self.got);
        let mut all = Vec::new();
        for (_, page) in got {
            all.extend(page?.items);
        }
        Ok(all)
    }
}

/// Whether a batch upserts (in this API generation) or deletes.
#[derive(Debug, Clone, Copy)]
enum BatchKind {
    Upsert(ApiVersion),
    Delete(ApiVersion),
}

/// A batch call: its planned requests, sent `concurrency` at a time.
#[derive(Debug)]
struct Batch {
    kind: BatchKind,
    plan: Plan,
    next: usize,
    /// Input items whose outcome is known.
    done: u32,
    /// Input items in the batch.
    total: u32,
    /// The run's attempts when this batch sent its first request.
    base: Option<u32>,
}

impl Batch {
    fn new(kind: BatchKind, plan: Plan) -> Batch {
        Batch {
            kind,
            done: plan.settled_locally(),
            total: plan.item_count(),
            plan,
            next: 0,
            base: None,
        }
    }

    fn requests(&self, cx: &Ctx) -> u32 {
        cx.attempts - self.base.unwrap_or(cx.attempts)
    }

    #[inline(never)]
    fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
        if self.next >= self.plan.chunk_count() {
            return None;
        }
        self.base.get_or_insert(cx.attempts);
        let n = self.next;
        self.next += 1;
        let zone = &cx.client.config().zone_id;
        Some((
            n,
            match self.kind {
                BatchKind::Upsert(v) => {
                    endpoints::batch_upsert(v, zone, &self.plan.chunk_mappings(n))
                }
                BatchKind::Delete(v) => endpoints::batch_delete(v, zone, &self.plan.chunk_ips(n)),
            },
        ))
    }

    /// Folds in a request's answer: its items' outcomes.
    #[inline(never)]
    fn take<B: JsonBody>(&mut self, key: usize, answer: Result<Response<B>, Error>) {
        let version = match self.kind {
            BatchKind::Upsert(v) | BatchKind::Delete(v) => v,
        };
        let wire = answer.and_then(|r| decode::batch(version, &r));
        self.plan.record(key, wire.map_err(|e| e.message()));
        self.done += self.plan.chunk_weight(key);
    }

    fn take_plan(&mut self) -> Plan {
        std::mem::replace(&mut self.plan, Plan::deletes_valid(&[]))
    }

    #[inline(never)]
    fn finish(&mut self, cx: &Ctx) -> BatchResult {
        let requests = self.requests(cx);
        self.take_plan().finish(requests)
    }

    /// The account of every item after an abort: `active` requests had
    /// been sent (`true`) or were still waiting for their first attempt.
    #[inline(never)]
    fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> BatchResult {
        for &(n, sent) in active {
            let why = if sent {
                IN_FLIGHT_AT_ABORT
            } else {
                NOT_SENT_AT_ABORT
            };
            self.plan.record(n, Err(why.to_owned()));
        }
        for n in self.next..self.plan.chunk_count() {
            self.plan.record(n, Err(NOT_SENT_AT_ABORT.to_owned()));
        }
        self.finish(cx)
    }
}

/// `apply`: the upserts, then the deletes.
#[derive(Debug)]
struct Apply {
    upserts: Batch,
    deletes: Batch,
    /// The upserts' result, once they are all answered.
    upserted: Option<BatchResult>,
}

impl Apply {
    /// Upserts with the v2 batch upsert, deletes with `version`'s batch delete.
    fn new(version: ApiVersion, upserts: Plan, deletes: Plan) -> Apply {
        Apply {
            upserts: Batch::new(BatchKind::Upsert(ApiVersion::V2), upserts),
            deletes: Batch::new(BatchKind::Delete(version), deletes),
            upserted: None,
        }
    }

    fn phase(&mut self) -> &mut Batch {
        match self.upserted {
            None => &mut self.upserts,
            Some(_) => &mut self.deletes,
        }
    }

    #[inline(never)]
    fn take<B: JsonBody>(
        &mut self,
        cx: &Ctx,
        key: usize,
        answer: Result<Response<B>, Error>,
    ) -> Progress {
        self.phase().take(key, answer);
        self.progress(cx)
    }

    fn progress(&self, cx: &Ctx) -> Progress {
        Progress {
            done: self.upserts.done + self.deletes.done,
            total: self.upserts.total + self.deletes.total,
            requests: cx.attempts
                - self
                    .upserts
                    .base
                    .or(self.deletes.base)
                    .unwrap_or(cx.attempts),
        }
    }

    /// `Some` once both phases are answered.
    #[inline(never)]
    fn settle(&mut self, cx: &Ctx) -> Option<Applied> {
        match self.upserted.take() {
            None => {
                self.upserted = Some(self.upserts.finish(cx));
                None
            }
            Some(upserted) => {
                let deleted = self.deletes.finish(cx);
                let requests = upserted.requests + deleted.requests;
                Some(Applied {
                    upserted,
                    deleted,
                    requests,
                })
            }
        }
    }

    #[inline(never)]
    fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> Error {
        let (upserted, deleted) = match self.upserted.take() {
            None => (
                self.upserts.aborted(cx, active),
                self.deletes.take_plan().not_sent(NOT_SENT_AT_ABORT),
            ),
            Some(upserted) => (upserted, self.deletes.aborted(cx, active)),
        };
        let requests = upserted.requests + deleted.requests;
        Error::AbortedApply(Box::new(Applied {
            upserted,
            deleted,
            requests,
        }))
    }
}

/// `plan` and the first half of `sync`: every page, then the diff.
#[derive(Debug)]
struct Planning {
    pages: Pages,
    desired: Vec<RawItem>,
    prune: bool,
}

impl Planning {
    fn new(desired: Vec<RawItem>, prune: bool) -> Planning {
        Planning {
            pages: Pages::new(crate::validate::MAX_PER_PAGE),
            desired,
            prune,
        }
    }

    #[inline(never)]
    fn settle(&mut self, cx: &Ctx) -> Result<SyncPlan, Error> {
        let current = self.pages.settle()?;
        sync::diff(
            current,
            &self.desired,
            self.prune,
            cx.client.catalogue().as_deref(),
        )
    }
}

/// `sync`: a plan, then its writes.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per call, boxed in `Flow::Sync`
enum Syncing {
    Planning(Planning),
    Applying(SyncPlan, Apply),
}

impl Syncing {
    /// The outcome once the writes are answered; `None` when the plan is
    /// in and the writes begin.
    #[inline(never)]
    fn settle(&mut self, cx: &Ctx) -> Option<Result<Outcome, Error>> {
        match self {
            Syncing::Planning(p) => {
                let plan = match p.settle(cx) {
                    Ok(plan) => plan,
                    Err(e) => return Some(Err(e)),
                };
                // The plan's items were checked by the diff: not again.
                let upserts: Vec<_> = plan.upserts().cloned().collect();
                let deletes: Vec<String> = plan.delete.iter().map(|m| m.ip.clone()).collect();
                let apply = Apply::new(
                    cx.client.config().api_version,
                    Plan::from_valid(&upserts),
                    Plan::deletes_valid(&deletes),
                );
                *self = Syncing::Applying(plan, apply);
                None
            }
            Syncing::Applying(plan, apply) => {
                let applied = apply.settle(cx)?;
                let plan = std::mem::take(plan);
                Some(Ok(Outcome::Synced(Synced { plan, applied })))
            }
        }
    }
}

// The flows' steps are kept out of line (`#[inline(never)]`): V8 compiles
// a wasm function on its first call, so a `list` then compiles only the
// code of its own flow, not the batch and sync code inlined beside it.
#[derive(Debug)]
enum Flow {
    One(One),
    Pages(Pages),
    Batch(Batch),
    Apply(Apply),
    Plan(Planning),
    Sync(Box<Syncing>),
}

impl Flow {
    fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
        match self {
            Flow::One(one) => one.request.take().map(|r| (0, r)),
            Flow::Pages(pages) | Flow::Plan(Planning { pages, .. }) => pages.next(cx),
            Flow::Batch(batch) => batch.next(cx),
            Flow::Apply(apply) => apply.phase().next(cx),
            Flow::Sync(s) => match &mut **s {
                Syncing::Planning(p) => p.pages.next(cx),
                Syncing::Applying(_, apply) => apply.phase().next(cx),
            },
        }
    }

    /// Folds in the final answer of request `key`; says how far a batch call is.
    fn take<B: JsonBody>(
        &mut self,
        cx: &Ctx,
        key: usize,
        answer: Result<Response<B>, Error>,
    ) -> Option<Progress> {
        match self {
            Flow::One(one) => {
                one.result = Some(answer.and_then(|r| one.read.read(cx.client, &r)));
                None
            }
            Flow::Pages(pages) | Flow::Plan(Planning { pages, .. }) => {
                pages.take(cx, key, answer);
                None
            }
            Flow::Batch(batch) => {
                batch.take(key, answer);
                Some(Progress {
                    done: batch.done,
                    total: batch.total,
                    requests: batch.requests(cx),
                })
            }
            Flow::Apply(apply) => Some(apply.take(cx, key, answer)),
            Flow::Sync(s) => match &mut **s {
                Syncing::Planning(p) => {
                    p.pages.take(cx, key, answer);
                    None
                }
                Syncing::Applying(_, apply) => Some(apply.take(cx, key, answer)),
            },
        }
    }

    /// Called when no request is in flight or waiting and `next` has none:
    /// the outcome, or `None` when a new phase has begun.
    fn settle(&mut self, cx: &Ctx) -> Option<Result<Outcome, Error>> {
        Some(match self {
            Flow::One(one) => one
                .result
                .take()
                .unwrap_or_else(|| Err(Error::Decode("no answer".into()))),
            Flow::Pages(pages) => pages.settle().map(Outcome::Mappings),
            Flow::Batch(batch) => Ok(Outcome::Batch(batch.finish(cx))),
            Flow::Apply(apply) => Ok(Outcome::Applied(apply.settle(cx)?)),
            Flow::Plan(planning) => planning.settle(cx).map(Outcome::Plan),
            Flow::Sync(s) => return s.settle(cx),
        })
    }

    /// The error an abort leaves: `active` requests had been sent (`true`) or not yet.
    fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> Error {
        match self {
            Flow::Batch(batch) => Error::AbortedBatch(Box::new(batch.aborted(cx, active))),
            Flow::Apply(apply) => apply.aborted(cx, active),
            Flow::Sync(s) => match &mut **s {
                Syncing::Applying(_, apply) => apply.aborted(cx, active),
                Syncing::Planning(_) => Error::Aborted,
            },
            _ => Error::Aborted,
        }
    }
}

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
        }
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
    pub fn poll(&mut self, client: &Client, now_ms: f64) -> Action {
        loop {
            if self.result.is_some() {
                return Action::Done;
            }
            if let Some(p) = self.progress.take() {
                return Action::Progress(p);
            }
            let cx = Ctx {
                client,
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
                match client.limiter().acquire(now_ms) {
                    Ok(ticket) => {
                        slot.state = State::Sending(ticket);
                        self.attempts += 1;
                        return Action::Send(slot.id);
                    }
                    Err(ms) => slot.state = State::Waiting(now_ms + f64::from(ms)),
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
    pub fn answer<B: JsonBody>(
        &mut self,
        client: &Client,
        id: u32,
        result: Result<Response<B>, SendError>,
        now_ms: f64,
        random: f64,
    ) {
        let Some(i) = self.slots.iter().position(|s| s.id == id) else {
            return; // an answer after the run ended
        };
        let State::Sending(ticket) = self.slots[i].state else {
            return;
        };
        client.limiter().release(ticket, now_ms);
        let failure = match &result {
            Ok(resp) if retry::retryable_status(resp.status) => Some(Failure::Status {
                status: resp.status,
                retry_after: resp.retry_after.as_deref(),
            }),
            Ok(_) => None,
            Err(SendError::Aborted) => return self.abort(client, now_ms),
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
            slot.retry += 1;
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
            client,
            attempts: self.attempts,
        };
        self.progress = self.flow.take(&cx, key, answer);
    }

    /// The caller aborted: the run ends now, with what is known of every item.
    pub fn abort(&mut self, client: &Client, now_ms: f64) {
        if self.result.is_some() {
            return;
        }
        let mut active = Vec::new();
        for slot in self.slots.drain(..) {
            if let State::Sending(ticket) = slot.state {
                client.limiter().release(ticket, now_ms);
            }
            let sent = slot.retry > 0 || matches!(slot.state, State::Sending(_));
            active.push((slot.key, sent));
        }
        let cx = Ctx {
            client,
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
