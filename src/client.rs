//! The client: validate → build → send → decode, with retries, written
//! against a small [`Transport`] so that every step runs natively in tests
//! and over `fetch` in wasm.
//!
//! Calls on one client may overlap (JS does that freely): shared state is
//! the immutable [`Config`] and a catalogue cell that is only touched
//! between awaits, never borrowed across one.

use crate::batch::{Plan, RawItem};
use crate::config::{ApiVersion, Config, Limits};
use crate::decode::{self, JsonBody, Response};
use crate::endpoints::{self, Request};
use crate::error::Error;
use crate::json::{Obj, ToJson};
use crate::limiter::Limiter;
use crate::model::{BatchResult, Deleted, Mapping, MappingInput, Page, SupportedRegions};
use crate::retry::{self, Failure};
use crate::sync::{self, SyncPlan};
use crate::validate::{self, Field, MAX_PER_PAGE};
use crate::wire::Body;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
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
    /// JSON body to serialise.
    pub body: Option<&'a Body>,
}

impl core::fmt::Debug for Outgoing<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
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

/// What the client needs from its environment: sending, waiting, a clock and
/// randomness for jitter. The wasm build implements it over `fetch`.
#[allow(async_fn_in_trait)] // single-threaded wasm: futures need not be Send
pub trait Transport {
    /// The parsed JSON body type.
    type Body: JsonBody;
    /// Sends one attempt, cut off after `timeout_ms`.
    async fn send(
        &self,
        request: &Outgoing<'_>,
        timeout_ms: u32,
    ) -> Result<Response<Self::Body>, SendError>;
    /// Waits `ms` milliseconds, or fails with [`Error::Aborted`] when the caller aborts.
    async fn sleep(&self, ms: u32) -> Result<(), Error>;
    /// Milliseconds since the epoch (for `Retry-After` dates).
    fn now_ms(&self) -> f64;
    /// A number in `[0, 1)` (for jitter).
    fn random(&self) -> f64;
}

/// Where a batch call stands, reported after each of its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Input items whose outcome is known.
    pub done: u32,
    /// Input items in the call.
    pub total: u32,
    /// HTTP requests made so far, retries included.
    pub requests: u32,
}

/// Why an item failed when its request was cut by an abort.
const IN_FLIGHT_AT_ABORT: &str =
    "aborted while its request was in flight: it may or may not have been applied";
/// Why an item failed when the abort came before its request was sent.
const NOT_SENT_AT_ABORT: &str = "not sent: the call was aborted first";

/// How a batch call runs: requests in flight, and whom to tell of progress.
#[derive(Clone, Copy)]
pub struct BatchHooks<'a> {
    /// Requests in flight at once; the client's `concurrency` when `None`.
    pub concurrency: Option<u32>,
    /// Called after each request.
    pub progress: &'a dyn Fn(Progress),
}

impl BatchHooks<'_> {
    /// The client's concurrency, no progress reports.
    pub const NONE: BatchHooks<'static> = BatchHooks {
        concurrency: None,
        progress: &|_| (),
    };
}

/// What `apply` did: the outcome of every upsert and every delete.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// Creates and changes, sent with the v2 batch upsert.
    pub upserted: BatchResult,
    /// Deletes, sent with the batch delete.
    pub deleted: BatchResult,
    /// HTTP requests made, retries included.
    pub requests: u32,
}

impl ToJson for Applied {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .value("upserted", &self.upserted)
            .value("deleted", &self.deleted)
            .num("requests", self.requests)
            .end();
    }
}

/// What `sync` did: the plan, and the outcome of applying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The plan computed from the zone and the desired list.
    pub plan: SyncPlan,
    /// The outcome of every write.
    pub applied: Applied,
}

impl ToJson for Synced {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .value("plan", &self.plan)
            .value("applied", &self.applied)
            .end();
    }
}

/// A client for one zone.
#[derive(Debug)]
pub struct Client {
    config: Config,
    /// Filled by [`Client::supported_regions`]; later writes are checked against it.
    catalogue: RefCell<Option<Rc<SupportedRegions>>>,
    /// Shared by every call of this client; borrowed only between awaits.
    limiter: RefCell<Limiter>,
}

impl Client {
    /// A client for a checked configuration.
    pub fn new(config: Config) -> Client {
        let (max, window) = config.rate_limit.unwrap_or((0, 0));
        Client {
            config,
            catalogue: RefCell::new(None),
            limiter: RefCell::new(Limiter::new(max, window)),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn catalogue(&self) -> Option<Rc<SupportedRegions>> {
        self.catalogue.borrow().clone()
    }

    /// Sends `req`, retrying as [`crate::retry`] says; counts every attempt in `attempts`.
    async fn send<T: Transport>(
        &self,
        t: &T,
        req: &Request,
        limits: Limits,
        attempts: &Cell<u32>,
    ) -> Result<Response<T::Body>, Error> {
        let headers = self.config.credentials.headers();
        let out = Outgoing {
            method: req.method.as_str(),
            url: req.url(&self.config.base_url),
            headers: &headers,
            body: req.body.as_ref(),
        };
        let mut retry = 0;
        loop {
            let ticket = loop {
                let slot = self.limiter.borrow_mut().acquire(t.now_ms());
                match slot {
                    Ok(ticket) => break ticket,
                    Err(wait) => t.sleep(wait).await?,
                }
            };
            attempts.set(attempts.get() + 1);
            let result = t.send(&out, limits.timeout_ms).await;
            self.limiter.borrow_mut().release(ticket, t.now_ms());
            // What went wrong, if it is worth a retry; `None` for an answer
            // the caller should see as it is.
            let failure = match &result {
                Ok(resp) if retry::retryable_status(resp.status) => Some(Failure::Status {
                    status: resp.status,
                    retry_after: resp.retry_after.as_deref(),
                }),
                Ok(_) => None,
                Err(SendError::Aborted) => return Err(Error::Aborted),
                Err(SendError::Network(_)) => Some(Failure::Network),
                Err(SendError::Timeout) => Some(Failure::Timeout),
            };
            let delay = failure.and_then(|f| {
                retry::delay_ms(
                    f,
                    retry,
                    limits.max_retries,
                    req.idempotent,
                    limits.retry_delay_ms,
                    t.now_ms(),
                    t.random(),
                )
            });
            match (delay, result) {
                (Some(ms), _) => {
                    t.sleep(ms).await?;
                    retry += 1;
                }
                (None, Ok(resp)) => return Ok(resp),
                (None, Err(SendError::Network(why))) => return Err(Error::Network(why)),
                (None, Err(_)) => {
                    return Err(Error::Timeout {
                        ms: limits.timeout_ms,
                    })
                }
            }
        }
    }

    /// Sends a request of a single-answer operation.
    async fn call<T: Transport>(
        &self,
        t: &T,
        req: &Request,
        limits: Limits,
    ) -> Result<Response<T::Body>, Error> {
        self.send(t, req, limits, &Cell::new(0)).await
    }

    fn zone(&self) -> &str {
        &self.config.zone_id
    }

    /// One page of the zone's mappings (`page` from 1, `perPage` 1..=100, default 20).
    pub async fn list<T: Transport>(
        &self,
        t: &T,
        page: &Field,
        per_page: &Field,
        limits: Limits,
    ) -> Result<Page, Error> {
        let page = validate::whole_number("options.page", page, 1, u32::MAX)?.unwrap_or(1);
        let per_page =
            validate::whole_number("options.perPage", per_page, 1, MAX_PER_PAGE)?.unwrap_or(20);
        match self.config.api_version {
            ApiVersion::V2 => {
                let resp = self
                    .call(
                        t,
                        &endpoints::list(ApiVersion::V2, self.zone(), page, per_page),
                        limits,
                    )
                    .await?;
                decode::v2_page(&resp, page, per_page)
            }
            ApiVersion::V1 => Ok(decode::v1_page(
                self.v1_list(t, limits).await?,
                page,
                per_page,
            )),
        }
    }

    async fn v1_list<T: Transport>(&self, t: &T, limits: Limits) -> Result<Vec<Mapping>, Error> {
        let resp = self
            .call(
                t,
                &endpoints::list(ApiVersion::V1, self.zone(), 1, 0),
                limits,
            )
            .await?;
        decode::v1_list(&resp)
    }

    /// The page [`Pager`] asks for: a v2 page, or v1's whole list as one page.
    pub async fn fetch_page<T: Transport>(
        &self,
        t: &T,
        page: u32,
        per_page: u32,
        limits: Limits,
    ) -> Result<Page, Error> {
        match self.config.api_version {
            ApiVersion::V2 => {
                let resp = self
                    .call(
                        t,
                        &endpoints::list(ApiVersion::V2, self.zone(), page, per_page),
                        limits,
                    )
                    .await?;
                decode::v2_page(&resp, page, per_page)
            }
            ApiVersion::V1 => {
                let items = self.v1_list(t, limits).await?;
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

    /// Every mapping of the zone: the first page says how many pages there
    /// are, then the rest are fetched `concurrency` at a time. No request
    /// past the last page.
    pub async fn list_all<T: Transport>(
        &self,
        t: &T,
        per_page: &Field,
        limits: Limits,
    ) -> Result<Vec<Mapping>, Error> {
        let per_page = validate::whole_number("options.perPage", per_page, 1, MAX_PER_PAGE)?
            .unwrap_or(MAX_PER_PAGE);
        let first = self.fetch_page(t, 1, per_page, limits).await?;
        let pages = first.total_pages;
        let mut all = first.items;
        if pages <= 1 || all.is_empty() {
            return Ok(all);
        }
        let next = Cell::new(2u32);
        let lanes = (0..self.config.concurrency.min(pages - 1)).map(|_| async {
            let mut got = Vec::new();
            while next.get() <= pages {
                let n = next.get();
                next.set(n + 1);
                got.push((n, self.fetch_page(t, n, per_page, limits).await));
            }
            got
        });
        let mut fetched: Vec<(u32, Result<Page, Error>)> = join_all(lanes.collect())
            .await
            .into_iter()
            .flatten()
            .collect();
        fetched.sort_unstable_by_key(|(n, _)| *n);
        for (_, page) in fetched {
            all.extend(page?.items);
        }
        Ok(all)
    }

    /// The mapping of one IP.
    pub async fn get<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        let ip = validate::ip("ip", ip)?;
        let version = self.config.api_version;
        let resp = self
            .call(t, &endpoints::get(version, self.zone(), &ip), limits)
            .await?;
        decode::mapping(version, &resp)
    }

    fn single(&self, item: &RawItem) -> Result<crate::model::MappingInput, Error> {
        match item {
            RawItem::NotObject(ty) => Err(Error::invalid_unquoted(
                "input",
                format!("must be an object {{ ip, vendor, region }} (got {ty})"),
            )),
            RawItem::Mapping { ip, vendor, region } => {
                validate::mapping("input", ip, vendor, region, self.catalogue().as_deref())
            }
        }
    }

    /// v1 POST: creates a mapping; an existing one is refused with code 1145.
    /// Not retried once the server may have acted.
    pub async fn create<T: Transport>(
        &self,
        t: &T,
        item: &RawItem,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        let input = self.single(item)?;
        let resp = self
            .call(t, &endpoints::create(self.zone(), &input), limits)
            .await?;
        decode::mapping(ApiVersion::V1, &resp)
    }

    /// v1 PATCH: creates or overwrites; resolves to the zone's whole list.
    pub async fn edit<T: Transport>(
        &self,
        t: &T,
        item: &RawItem,
        limits: Limits,
    ) -> Result<Vec<Mapping>, Error> {
        let input = self.single(item)?;
        let resp = self
            .call(t, &endpoints::edit(self.zone(), &input), limits)
            .await?;
        decode::v1_list(&resp)
    }

    /// v2 PUT /{ip}: creates or replaces the mapping of `ip`.
    pub async fn update<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        vendor: &Field,
        region: &Field,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        let ip = validate::ip("ip", ip)?;
        let vendor = validate::vendor("input.vendor", vendor)?;
        let region =
            validate::region("input.region", region, &vendor, self.catalogue().as_deref())?;
        let input = crate::model::MappingInput { ip, vendor, region };
        let resp = self
            .call(t, &endpoints::update(self.zone(), &input), limits)
            .await?;
        decode::mapping(ApiVersion::V2, &resp)
    }

    /// Removes the mapping of one IP.
    pub async fn delete<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        limits: Limits,
    ) -> Result<Deleted, Error> {
        let ip = validate::ip("ip", ip)?;
        let resp = self
            .call(
                t,
                &endpoints::delete(self.config.api_version, self.zone(), &ip),
                limits,
            )
            .await?;
        decode::deleted(&resp, &ip)
    }

    /// Upserts any number of mappings: v1 PATCH /batch (`batchEdit`) or v2 PUT /batch (`batchUpdate`).
    pub async fn batch_upsert<T: Transport>(
        &self,
        t: &T,
        version: ApiVersion,
        items: &[RawItem],
        limits: Limits,
    ) -> Result<BatchResult, Error> {
        self.batch_upsert_with(t, version, items, limits, BatchHooks::NONE)
            .await
    }

    /// [`Client::batch_upsert`] with per-call concurrency and progress reports.
    pub async fn batch_upsert_with<T: Transport>(
        &self,
        t: &T,
        version: ApiVersion,
        items: &[RawItem],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<BatchResult, Error> {
        let plan = Plan::upserts(items, self.catalogue().as_deref())?;
        let zone = self.zone();
        let build = |p: &Plan, n| endpoints::batch_upsert(version, zone, &p.chunk_mappings(n));
        self.run_batch(t, version, plan, limits, build, hooks).await
    }

    /// Deletes any number of mappings.
    pub async fn batch_delete<T: Transport>(
        &self,
        t: &T,
        ips: &[Field],
        limits: Limits,
    ) -> Result<BatchResult, Error> {
        self.batch_delete_with(t, ips, limits, BatchHooks::NONE)
            .await
    }

    /// [`Client::batch_delete`] with per-call concurrency and progress reports.
    pub async fn batch_delete_with<T: Transport>(
        &self,
        t: &T,
        ips: &[Field],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<BatchResult, Error> {
        let version = self.config.api_version;
        let zone = self.zone();
        let build = |p: &Plan, n| endpoints::batch_delete(version, zone, &p.chunk_ips(n));
        self.run_batch(t, version, Plan::deletes(ips), limits, build, hooks)
            .await
    }

    /// Reads the zone (every page) and plans the fewest writes that make it
    /// equal `desired`; with `prune`, mappings not in `desired` are deleted.
    pub async fn plan<T: Transport>(
        &self,
        t: &T,
        desired: &[RawItem],
        prune: bool,
        limits: Limits,
    ) -> Result<SyncPlan, Error> {
        let current = self.list_all(t, &Field::Missing, limits).await?;
        sync::diff(current, desired, prune, self.catalogue().as_deref())
    }

    /// Applies a plan's writes: upserts (creates and changes) with the v2
    /// batch upsert, then deletes with the batch delete, 100 items a request each. An empty plan
    /// makes no request.
    pub async fn apply<T: Transport>(
        &self,
        t: &T,
        upserts: &[RawItem],
        deletes: &[Field],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Applied, Error> {
        let upserts = Plan::upserts(upserts, self.catalogue().as_deref())?;
        self.apply_plans(t, upserts, Plan::deletes(deletes), limits, hooks)
            .await
    }

    /// Sends the upsert plan, then the delete plan, reporting progress over both.
    async fn apply_plans<T: Transport>(
        &self,
        t: &T,
        upserts: Plan,
        deletes: Plan,
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Applied, Error> {
        let upsert_items = upserts.item_count();
        let total = upsert_items + deletes.item_count();
        let requests_before = Cell::new(0);
        let offset = Cell::new(0);
        let report = |p: Progress| {
            (hooks.progress)(Progress {
                done: offset.get() + p.done,
                total,
                requests: requests_before.get() + p.requests,
            })
        };
        let phase = BatchHooks {
            concurrency: hooks.concurrency,
            progress: &report,
        };
        let zone = self.zone();
        let version = self.config.api_version;
        let build =
            |p: &Plan, n| endpoints::batch_upsert(ApiVersion::V2, zone, &p.chunk_mappings(n));
        // An abort in either phase rejects with the account of every item of
        // both: what was applied stays reported, what was not sent says so.
        let aborted = |upserted: BatchResult, deleted: BatchResult| {
            let requests = upserted.requests + deleted.requests;
            Error::AbortedApply(Box::new(Applied {
                upserted,
                deleted,
                requests,
            }))
        };
        let upserted = match self
            .run_batch(t, ApiVersion::V2, upserts, limits, build, phase)
            .await
        {
            Ok(r) => r,
            Err(Error::AbortedBatch(partial)) => {
                return Err(aborted(*partial, deletes.not_sent(NOT_SENT_AT_ABORT)))
            }
            Err(e) => return Err(e),
        };
        offset.set(upsert_items);
        requests_before.set(upserted.requests);
        let build = |p: &Plan, n| endpoints::batch_delete(version, zone, &p.chunk_ips(n));
        let deleted = match self
            .run_batch(t, version, deletes, limits, build, phase)
            .await
        {
            Ok(r) => r,
            Err(Error::AbortedBatch(partial)) => return Err(aborted(upserted, *partial)),
            Err(e) => return Err(e),
        };
        let requests = upserted.requests + deleted.requests;
        Ok(Applied {
            upserted,
            deleted,
            requests,
        })
    }

    /// Plan, then apply: makes the zone's mappings equal `desired`.
    pub async fn sync<T: Transport>(
        &self,
        t: &T,
        desired: &[RawItem],
        prune: bool,
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Synced, Error> {
        let plan = self.plan(t, desired, prune, limits).await?;
        // The plan's items were checked by `plan`: not again.
        let upserts: Vec<MappingInput> = plan.upserts().cloned().collect();
        let deletes: Vec<String> = plan.delete.iter().map(|m| m.ip.clone()).collect();
        let applied = self
            .apply_plans(
                t,
                Plan::from_valid(&upserts),
                Plan::deletes_valid(&deletes),
                limits,
                hooks,
            )
            .await?;
        Ok(Synced { plan, applied })
    }

    /// Sends a plan's requests, `concurrency` at a time, and folds the answers
    /// back. On an abort, the error carries what is known of every item.
    async fn run_batch<T: Transport>(
        &self,
        t: &T,
        version: ApiVersion,
        mut plan: Plan,
        limits: Limits,
        build: impl Fn(&Plan, usize) -> Request,
        hooks: BatchHooks<'_>,
    ) -> Result<BatchResult, Error> {
        let concurrency = hooks.concurrency.unwrap_or(self.config.concurrency) as usize;
        let chunks = plan.chunk_count();
        let next = Cell::new(0usize);
        let aborted = Cell::new(false);
        let attempts = Cell::new(0u32);
        let total = plan.item_count();
        let done = Cell::new(plan.settled_locally());
        let lanes = (0..concurrency.min(chunks)).map(|_| async {
            let mut answers = Vec::new();
            while !aborted.get() && next.get() < chunks {
                let n = next.get();
                next.set(n + 1);
                let req = build(&plan, n);
                let answer = match self.send(t, &req, limits, &attempts).await {
                    Ok(resp) => decode::batch(version, &resp),
                    Err(e) => Err(e),
                };
                let answer = match answer {
                    Err(Error::Aborted) => {
                        aborted.set(true);
                        Err(IN_FLIGHT_AT_ABORT.to_owned())
                    }
                    other => other.map_err(|e| e.to_string()),
                };
                answers.push((n, answer));
                done.set(done.get() + plan.chunk_weight(n));
                (hooks.progress)(Progress {
                    done: done.get(),
                    total,
                    requests: attempts.get(),
                });
            }
            answers
        });
        let answers = join_all(lanes.collect()).await;
        for (n, answer) in answers.into_iter().flatten() {
            plan.record(n, answer);
        }
        if aborted.get() {
            for n in next.get()..chunks {
                plan.record(n, Err(NOT_SENT_AT_ABORT.to_owned()));
            }
            return Err(Error::AbortedBatch(Box::new(plan.finish(attempts.get()))));
        }
        Ok(plan.finish(attempts.get()))
    }

    /// The vendor/region catalogue. The client keeps it, and checks later
    /// writes against it instead of against the shape rule alone.
    pub async fn supported_regions<T: Transport>(
        &self,
        t: &T,
        limits: Limits,
    ) -> Result<SupportedRegions, Error> {
        let req = endpoints::supported_regions(self.config.api_version, self.zone());
        let regions = decode::supported_regions(&self.call(t, &req, limits).await?)?;
        // A catalogue without vendors would refuse every later write: not kept.
        if !regions.vendors.is_empty() {
            *self.catalogue.borrow_mut() = Some(Rc::new(regions.clone()));
        }
        Ok(regions)
    }
}

/// Walks the pages of a list: which page to fetch next, and the mappings
/// fetched but not yet handed out. Stops at `total_pages`, so no request is
/// made for an empty page past the end.
#[derive(Debug)]
pub struct Pager {
    /// Page size asked for.
    pub per_page: u32,
    next: u32,
    total_pages: Option<u32>,
    buffer: VecDeque<Mapping>,
    /// Set by `stop`: a page that arrives afterwards is dropped.
    stopped: bool,
}

impl Pager {
    /// A pager from page 1; the largest page the API allows unless told otherwise.
    pub fn new(per_page: Option<u32>) -> Pager {
        Pager {
            per_page: per_page.unwrap_or(MAX_PER_PAGE),
            next: 1,
            total_pages: None,
            buffer: VecDeque::new(),
            stopped: false,
        }
    }

    /// The page to fetch next, or `None` when every page has been fetched.
    pub fn next_page(&self) -> Option<u32> {
        match self.total_pages {
            _ if self.stopped => None,
            Some(total) if self.next > total => None,
            _ => Some(self.next),
        }
    }

    /// Takes in a fetched page.
    pub fn push(&mut self, page: Page) {
        if self.stopped {
            return;
        }
        self.total_pages = Some(page.total_pages);
        // An empty page ends the walk even if the count said otherwise
        // (the zone shrank while we read it).
        if page.items.is_empty() {
            self.total_pages = Some(self.next - 1);
        }
        self.next += 1;
        self.buffer.extend(page.items);
    }

    /// Ends the walk: no further page is fetched, nothing more handed out.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.buffer.clear();
    }

    /// The next mapping fetched and not yet handed out.
    pub fn pop(&mut self) -> Option<Mapping> {
        self.buffer.pop_front()
    }
}

/// Polls futures together until all are done (no executor of our own: the
/// host's — JS promises, or a test's — drives the outer future).
async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    poll_fn(|cx| {
        let mut pending = false;
        for (f, out) in futures.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => *out = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}
