//! The client: each call is checked and planned here (`start_*`, no I/O)
//! into a [`Run`], which [`crate::driver::drive`] runs over a transport:
//! `fetch` in wasm, a scripted one in the native tests (the async methods
//! in `calls.rs`).

mod calls;

use crate::batch::{Plan, RawItem};
use crate::config::{ApiVersion, Config, Limits};
use crate::endpoints;
use crate::error::Error;
use crate::model::{BatchResult, MappingInput, SupportedRegions};
use crate::run::{PageRead, Read, Run};
use crate::shared::Shared;
use crate::sync::SyncPlan;
use crate::validate::{self, Field, MAX_PER_PAGE};
use serde::Serialize;
use std::rc::Rc;

pub use crate::driver::{Outgoing, SendError, Transport};
pub use crate::pager::Pager;

/// Where a batch call stands, reported after each of its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Applied {
    /// Creates and changes, sent with the v2 batch upsert.
    pub upserted: BatchResult,
    /// Deletes, sent with the batch delete.
    pub deleted: BatchResult,
    /// HTTP requests made, retries included.
    pub requests: u32,
}

/// What `sync` did: the plan, and the outcome of applying it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synced {
    /// The plan computed from the zone and the desired list.
    pub plan: SyncPlan,
    /// The outcome of every write.
    pub applied: Applied,
}

/// A client for one zone: checks and plans each call (`start_*`, no I/O)
/// into a [`Run`]. Calls on one client may overlap; what they share is in
/// [`Shared`].
#[derive(Debug)]
pub struct Client {
    shared: Shared,
}

impl Client {
    /// A client for a checked configuration.
    pub fn new(config: Config) -> Client {
        Client {
            shared: Shared::new(config),
        }
    }

    /// What every call of this client shares.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        self.shared.config()
    }

    /// The catalogue from the last `supportedRegions`, if any.
    pub fn catalogue(&self) -> Option<Rc<SupportedRegions>> {
        self.shared.catalogue()
    }

    fn zone(&self) -> &str {
        &self.config().zone_id
    }

    fn concurrency(&self, asked: Option<u32>) -> u32 {
        asked.unwrap_or(self.config().concurrency)
    }

    // ---- calls, checked and planned: nothing is sent here ------------------

    /// One page of the zone's mappings (`page` from 1, `perPage` 1..=100, default 20).
    pub fn start_list(&self, page: &Field, per_page: &Field, limits: Limits) -> Result<Run, Error> {
        let page = validate::whole_number("options.page", page, 1, u32::MAX)?.unwrap_or(1);
        let per_page =
            validate::whole_number("options.perPage", per_page, 1, MAX_PER_PAGE)?.unwrap_or(20);
        let page = match self.config().api_version {
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
        self.page_run(
            PageRead::walk(self.config().api_version, n, per_page),
            limits,
        )
    }

    /// Every mapping of the zone: the first page says how many pages there
    /// are, then the rest are fetched `concurrency` at a time. No request
    /// past the last page.
    pub fn start_list_all(&self, per_page: &Field, limits: Limits) -> Result<Run, Error> {
        let per_page = validate::whole_number("options.perPage", per_page, 1, MAX_PER_PAGE)?
            .unwrap_or(MAX_PER_PAGE);
        Ok(Run::pages(per_page, limits, self.config().concurrency))
    }

    /// The mapping of one IP.
    pub fn start_get(&self, ip: &Field, limits: Limits) -> Result<Run, Error> {
        let ip = validate::ip("ip", ip)?;
        let version = self.config().api_version;
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
        let request = endpoints::delete(self.config().api_version, self.zone(), &ip);
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
        let version = self.config().api_version;
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
        Run::plan(desired, prune, limits, self.config().concurrency)
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
            self.config().api_version,
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
        let req = endpoints::supported_regions(self.config().api_version, self.zone());
        Run::one(req, Read::Regions, limits)
    }
}
