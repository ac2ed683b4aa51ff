//! The client: each call is checked and planned here (`start_*`, no I/O),
//! then run as a [`Run`] by a host: the JS driver over `fetch` in wasm, or
//! [`drive`] over a small Rust [`Transport`] natively (and in the tests).
//!
//! Calls on one client may overlap (JS does that freely): shared state is
//! the immutable [`Config`], the rate limiter and a catalogue cell, each
//! borrowed only for the length of one step of a run.

use crate::batch::{Plan, RawItem};
use crate::config::{ApiVersion, Config, Limits};
use crate::decode::{JsonBody, Response};
use crate::endpoints;
use crate::error::Error;
use crate::json::{Obj, ToJson};
use crate::limiter::Limiter;
use crate::model::{BatchResult, Deleted, Mapping, MappingInput, Page, SupportedRegions};
use crate::run::{Action, Outcome, PageRead, Read, Run};
use crate::sync::SyncPlan;
use crate::validate::{self, Field, MAX_PER_PAGE};
use crate::wire::Body;
use std::cell::{RefCell, RefMut};
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

    /// The catalogue from the last `supportedRegions`, if any.
    pub fn catalogue(&self) -> Option<Rc<SupportedRegions>> {
        self.catalogue.borrow().clone()
    }

    /// Keeps a catalogue; later writes are checked against it. One without
    /// vendors would refuse every later write: not kept.
    pub fn keep_catalogue(&self, regions: &SupportedRegions) {
        if !regions.vendors.is_empty() {
            *self.catalogue.borrow_mut() = Some(Rc::new(regions.clone()));
        }
    }

    /// The rate limiter every call of this client shares.
    pub fn limiter(&self) -> RefMut<'_, Limiter> {
        self.limiter.borrow_mut()
    }

    fn zone(&self) -> &str {
        &self.config.zone_id
    }

    fn concurrency(&self, asked: Option<u32>) -> u32 {
        asked.unwrap_or(self.config.concurrency)
    }

    // ---- calls, checked and planned: nothing is sent here ------------------

    /// One page of the zone's mappings (`page` from 1, `perPage` 1..=100, default 20).
    pub fn start_list(&self, page: &Field, per_page: &Field, limits: Limits) -> Result<Run, Error> {
        let page = validate::whole_number("options.page", page, 1, u32::MAX)?.unwrap_or(1);
        let per_page =
            validate::whole_number("options.perPage", per_page, 1, MAX_PER_PAGE)?.unwrap_or(20);
        let page = match self.config.api_version {
            ApiVersion::V2 => PageRead::V2 { page, per_page },
            ApiVersion::V1 => PageRead::V1 { page, per_page },
        };
        Ok(self.page_run(page, limits))
    }

    fn page_run(&self, page: PageRead, limits: Limits) -> Run {
        Run::one(page.request(self.zone()), Read::Page(page), limits)
    }

    /// Page `n` of a walk over every page ([`Pager`]): a v2 page, or v1's whole list as one page.
    pub fn start_page(&self, n: u32, per_page: u32, limits: Limits) -> Run {
        self.page_run(PageRead::walk(self.config.api_version, n, per_page), limits)
    }

    /// Every mapping of the zone: the first page says how many pages there
    /// are, then the rest are fetched `concurrency` at a time. No request
    /// past the last page.
    pub fn start_list_all(&self, per_page: &Field, limits: Limits) -> Result<Run, Error> {
        let per_page = validate::whole_number("options.perPage", per_page, 1, MAX_PER_PAGE)?
            .unwrap_or(MAX_PER_PAGE);
        Ok(Run::pages(per_page, limits, self.config.concurrency))
    }

    /// The mapping of one IP.
    pub fn start_get(&self, ip: &Field, limits: Limits) -> Result<Run, Error> {
        let ip = validate::ip("ip", ip)?;
        let version = self.config.api_version;
        Ok(Run::one(
            endpoints::get(version, self.zone(), &ip),
            Read::Mapping(version),
            limits,
        ))
    }

    fn single(&self, item: &RawItem) -> Result<MappingInput, Error> {
        match item {
            RawItem::NotObject(ty) => Err(Error::wrong_type(
                "input",
                "an object { ip, vendor, region }",
                ty,
            )),
            RawItem::Mapping { ip, vendor, region } => {
                validate::mapping("input", ip, vendor, region, self.catalogue().as_deref())
            }
        }
    }

    /// v1 POST: creates a mapping; an existing one is refused with code 1145.
    /// Not retried once the server may have acted.
    pub fn start_create(&self, item: &RawItem, limits: Limits) -> Result<Run, Error> {
        let input = self.single(item)?;
        Ok(Run::one(
            endpoints::create(self.zone(), &input),
            Read::Mapping(ApiVersion::V1),
            limits,
        ))
    }

    /// v1 PATCH: creates or overwrites; resolves to the zone's whole list.
    pub fn start_edit(&self, item: &RawItem, limits: Limits) -> Result<Run, Error> {
        let input = self.single(item)?;
        Ok(Run::one(
            endpoints::edit(self.zone(), &input),
            Read::V1List,
            limits,
        ))
    }

    /// v2 PUT /{ip}: creates or replaces the mapping of `ip`.
    pub fn start_update(
        &self,
        ip: &Field,
        vendor: &Field,
        region: &Field,
        limits: Limits,
    ) -> Result<Run, Error> {
        let ip = validate::ip("ip", ip)?;
        let vendor = validate::vendor("input.vendor", vendor)?;
        let region =
            validate::region("input.region", region, &vendor, self.catalogue().as_deref())?;
        let input = MappingInput { ip, vendor, region };
        Ok(Run::one(
            endpoints::update(self.zone(), &input),
            Read::Mapping(ApiVersion::V2),
            limits,
        ))
    }

    /// Removes the mapping of one IP.
    pub fn start_delete(&self, ip: &Field, limits: Limits) -> Result<Run, Error> {
        let ip = validate::ip("ip", ip)?;
        let request = endpoints::delete(self.config.api_version, self.zone(), &ip);
        Ok(Run::one(request, Read::Deleted(ip), limits))
    }

    /// Upserts any number of mappings: v1 PATCH /batch (`batchEdit`) or v2 PUT /batch (`batchUpdate`).
    pub fn start_batch_upsert(
        &self,
        version: ApiVersion,
        items: &[RawItem],
        limits: Limits,
        concurrency: Option<u32>,
    ) -> Result<Run, Error> {
        let plan = Plan::upserts(items, self.catalogue().as_deref())?;
        Ok(Run::batch_upsert(
            version,
            plan,
            limits,
            self.concurrency(concurrency),
        ))
    }

    /// Deletes any number of mappings.
    pub fn start_batch_delete(
        &self,
        ips: &[Field],
        limits: Limits,
        concurrency: Option<u32>,
    ) -> Run {
        let version = self.config.api_version;
        Run::batch_delete(
            version,
            Plan::deletes(ips),
            limits,
            self.concurrency(concurrency),
        )
    }

    /// Reads the zone (every page) and plans the fewest writes that make it
    /// equal `desired`; with `prune`, mappings not in `desired` are deleted.
    pub fn start_plan(&self, desired: Vec<RawItem>, prune: bool, limits: Limits) -> Run {
        Run::plan(desired, prune, limits, self.config.concurrency)
    }

    /// Applies a plan's writes: upserts (creates and changes) with the v2
    /// batch upsert, then deletes with the batch delete, 100 items a request
    /// each. An empty plan makes no request.
    pub fn start_apply(
        &self,
        upserts: &[RawItem],
        deletes: &[Field],
        limits: Limits,
        concurrency: Option<u32>,
    ) -> Result<Run, Error> {
        let upserts = Plan::upserts(upserts, self.catalogue().as_deref())?;
        Ok(Run::apply(
            self.config.api_version,
            upserts,
            Plan::deletes(deletes),
            limits,
            self.concurrency(concurrency),
        ))
    }

    /// Plan, then apply: makes the zone's mappings equal `desired`.
    pub fn start_sync(
        &self,
        desired: Vec<RawItem>,
        prune: bool,
        limits: Limits,
        concurrency: Option<u32>,
    ) -> Run {
        Run::sync(desired, prune, limits, self.concurrency(concurrency))
    }

    /// The vendor/region catalogue. The client keeps it, and checks later
    /// writes against it instead of against the shape rule alone.
    pub fn start_supported_regions(&self, limits: Limits) -> Run {
        let req = endpoints::supported_regions(self.config.api_version, self.zone());
        Run::one(req, Read::Regions, limits)
    }

    // ---- the same calls, driven over a Rust transport ------------------------

    /// One page of the zone's mappings.
    pub async fn list<T: Transport>(
        &self,
        t: &T,
        page: &Field,
        per_page: &Field,
        limits: Limits,
    ) -> Result<Page, Error> {
        outcome!(
            drive(self, t, self.start_list(page, per_page, limits)?, &|_| ()).await?,
            Page
        )
    }

    /// The page [`Pager`] asks for.
    pub async fn fetch_page<T: Transport>(
        &self,
        t: &T,
        page: u32,
        per_page: u32,
        limits: Limits,
    ) -> Result<Page, Error> {
        outcome!(
            drive(self, t, self.start_page(page, per_page, limits), &|_| ()).await?,
            Page
        )
    }

    /// Every mapping of the zone.
    pub async fn list_all<T: Transport>(
        &self,
        t: &T,
        per_page: &Field,
        limits: Limits,
    ) -> Result<Vec<Mapping>, Error> {
        outcome!(
            drive(self, t, self.start_list_all(per_page, limits)?, &|_| ()).await?,
            Mappings
        )
    }

    /// The mapping of one IP.
    pub async fn get<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        outcome!(
            drive(self, t, self.start_get(ip, limits)?, &|_| ()).await?,
            Mapping
        )
    }

    /// v1 POST.
    pub async fn create<T: Transport>(
        &self,
        t: &T,
        item: &RawItem,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        outcome!(
            drive(self, t, self.start_create(item, limits)?, &|_| ()).await?,
            Mapping
        )
    }

    /// v1 PATCH.
    pub async fn edit<T: Transport>(
        &self,
        t: &T,
        item: &RawItem,
        limits: Limits,
    ) -> Result<Vec<Mapping>, Error> {
        outcome!(
            drive(self, t, self.start_edit(item, limits)?, &|_| ()).await?,
            Mappings
        )
    }

    /// v2 PUT /{ip}.
    pub async fn update<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        vendor: &Field,
        region: &Field,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        let run = self.start_update(ip, vendor, region, limits)?;
        outcome!(drive(self, t, run, &|_| ()).await?, Mapping)
    }

    /// Removes the mapping of one IP.
    pub async fn delete<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        limits: Limits,
    ) -> Result<Deleted, Error> {
        outcome!(
            drive(self, t, self.start_delete(ip, limits)?, &|_| ()).await?,
            Deleted
        )
    }

    /// Upserts any number of mappings.
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
        let run = self.start_batch_upsert(version, items, limits, hooks.concurrency)?;
        outcome!(drive(self, t, run, hooks.progress).await?, Batch)
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
        let run = self.start_batch_delete(ips, limits, hooks.concurrency);
        outcome!(drive(self, t, run, hooks.progress).await?, Batch)
    }

    /// Reads the zone and plans the writes that make it equal `desired`.
    pub async fn plan<T: Transport>(
        &self,
        t: &T,
        desired: &[RawItem],
        prune: bool,
        limits: Limits,
    ) -> Result<SyncPlan, Error> {
        match drive(
            self,
            t,
            self.start_plan(desired.to_vec(), prune, limits),
            &|_| (),
        )
        .await?
        {
            Outcome::Plan(p) => Ok(p),
            other => Err(unexpected(other)),
        }
    }

    /// Applies a plan's writes.
    pub async fn apply<T: Transport>(
        &self,
        t: &T,
        upserts: &[RawItem],
        deletes: &[Field],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Applied, Error> {
        let run = self.start_apply(upserts, deletes, limits, hooks.concurrency)?;
        outcome!(drive(self, t, run, hooks.progress).await?, Applied)
    }

    /// Plan, then apply.
    pub async fn sync<T: Transport>(
        &self,
        t: &T,
        desired: &[RawItem],
        prune: bool,
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Synced, Error> {
        let run = self.start_sync(desired.to_vec(), prune, limits, hooks.concurrency);
        outcome!(drive(self, t, run, hooks.progress).await?, Synced)
    }

    /// The vendor/region catalogue.
    pub async fn supported_regions<T: Transport>(
        &self,
        t: &T,
        limits: Limits,
    ) -> Result<SupportedRegions, Error> {
        outcome!(
            drive(self, t, self.start_supported_regions(limits), &|_| ()).await?,
            Regions
        )
    }
}

/// The value of one variant of a driven run's outcome; any other is a decode error.
macro_rules! outcome {
    ($outcome:expr, $variant:ident) => {
        match $outcome {
            Outcome::$variant(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    };
}
use outcome;

fn unexpected(outcome: Outcome) -> Error {
    Error::Decode(format!(
        "the call ended with an unexpected outcome: {outcome:?}"
    ))
}

type Sending<'a, B> = Pin<Box<dyn Future<Output = Result<Response<B>, SendError>> + 'a>>;

/// Drives a [`Run`] over a Rust transport: the native twin of the JS driver
/// (`src/js/support.js`). Each attempt is polled once as soon as it starts,
/// so a transport that answers at once is answered in order.
pub async fn drive<T: Transport>(
    client: &Client,
    t: &T,
    mut run: Run,
    progress: &dyn Fn(Progress),
) -> Result<Outcome, Error> {
    let mut in_flight: Vec<(u32, Sending<'_, T::Body>)> = Vec::new();
    loop {
        match run.poll(client, t.now_ms()) {
            Action::Send(id) => {
                let request = run.request(id).expect("a slot for the attempt").clone();
                let timeout = run.timeout_ms();
                let headers = client.config.credentials.headers();
                let url = request.url(&client.config.base_url);
                let mut sending: Sending<'_, T::Body> = Box::pin(async move {
                    let out = Outgoing {
                        method: request.method.as_str(),
                        url,
                        headers: &headers,
                        body: request.body.as_ref(),
                    };
                    t.send(&out, timeout).await
                });
                match poll_fn(|cx| Poll::Ready(sending.as_mut().poll(cx))).await {
                    Poll::Ready(answer) => run.answer(client, id, answer, t.now_ms(), t.random()),
                    Poll::Pending => in_flight.push((id, sending)),
                }
            }
            Action::Progress(p) => progress(p),
            Action::Done => {
                return run.result().unwrap_or_else(|| {
                    Err(Error::Decode("the call ended without an outcome".into()))
                })
            }
            Action::Wait(ms) if in_flight.is_empty() => match t.sleep(ms).await {
                Ok(()) => run.woke(),
                Err(_) => run.abort(client, t.now_ms()),
            },
            Action::Wait(_) | Action::Idle => {
                let (id, answer) = poll_fn(|cx| {
                    for i in 0..in_flight.len() {
                        if let Poll::Ready(answer) = in_flight[i].1.as_mut().poll(cx) {
                            let (id, _) = in_flight.remove(i);
                            return Poll::Ready((id, answer));
                        }
                    }
                    Poll::Pending
                })
                .await;
                run.answer(client, id, answer, t.now_ms(), t.random());
            }
        }
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
    /// Fetched, not yet handed out: the next one last (a Vec popped from
    /// its end; a VecDeque would add its ring plumbing to the wasm).
    buffer: Vec<Mapping>,
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
            buffer: Vec::new(),
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
        let mut items = page.items;
        items.reverse();
        items.append(&mut self.buffer);
        self.buffer = items;
    }

    /// Ends the walk: no further page is fetched, nothing more handed out.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.buffer.clear();
    }

    /// Whether a mapping fetched is not yet handed out.
    pub fn has_buffered(&self) -> bool {
        !self.buffer.is_empty()
    }

    /// The next mapping fetched and not yet handed out.
    pub fn pop(&mut self) -> Option<Mapping> {
        self.buffer.pop()
    }
}
