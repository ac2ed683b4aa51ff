//! What each kind of call does with its requests and answers: one request,
//! every page, a batch, `apply`, `plan` and `sync`. The [`super::Run`]
//! around them handles sending, retries, the rate limit and aborts.

use super::read::{PageRead, Read};
use super::Outcome;
use crate::batch::{Plan, RawItem};
use crate::client::{Applied, Progress, Synced};
use crate::config::ApiVersion;
use crate::decode::{self, Response};
use crate::endpoints::{self, Request};
use crate::error::Error;
use crate::model::{BatchResult, Mapping, Page};
use crate::shared::Shared;
use crate::sync::{self, SyncPlan};

/// Why an item failed when its request was cut by an abort.
const IN_FLIGHT_AT_ABORT: &str =
    "aborted while its request was in flight: it may or may not have been applied";
/// Why an item failed when the abort came before its request was sent.
const NOT_SENT_AT_ABORT: &str = "not sent: the call was aborted first";

/// What the flows see of the run.
pub(super) struct Ctx<'a> {
    pub(super) shared: &'a Shared,
    /// HTTP attempts made so far by the run.
    pub(super) attempts: u32,
}

/// A call of one request.
#[derive(Debug)]
pub(super) struct One {
    pub(super) request: Option<Request>,
    pub(super) read: Read,
    pub(super) result: Option<Result<Outcome, Error>>,
}

/// Every page of the list: page 1, then the rest side by side.
#[derive(Debug)]
pub(super) struct Pages {
    pub(super) per_page: u32,
    /// Known once page 1 is in.
    pub(super) last: Option<u32>,
    pub(super) next: u32,
    /// The pages read so far, by page number.
    pub(super) got: Vec<(u32, Result<Page, Error>)>,
}

impl Pages {
    pub(super) fn new(per_page: u32) -> Pages {
        Pages {
            per_page,
            last: None,
            next: 1,
            got: Vec::new(),
        }
    }

    pub(super) fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
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
            self.page(cx, n).request(&cx.shared.config().zone_id),
        ))
    }

    pub(super) fn page(&self, cx: &Ctx, n: u32) -> PageRead {
        PageRead::walk(cx.shared.config().api_version, n, self.per_page)
    }

    pub(super) fn take(&mut self, cx: &Ctx, key: usize, answer: Result<Response, Error>) {
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

    pub(super) fn settle(&mut self) -> Result<Vec<Mapping>, Error> {
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
pub(super) enum BatchKind {
    Upsert(ApiVersion),
    Delete(ApiVersion),
}

/// A batch call: its planned requests, sent `concurrency` at a time.
#[derive(Debug)]
pub(super) struct Batch {
    pub(super) kind: BatchKind,
    pub(super) plan: Plan,
    pub(super) next: usize,
    /// Input items whose outcome is known.
    pub(super) done: u32,
    /// Input items in the batch.
    pub(super) total: u32,
    /// The run's attempts when this batch sent its first request.
    pub(super) base: Option<u32>,
}

impl Batch {
    pub(super) fn new(kind: BatchKind, plan: Plan) -> Batch {
        Batch {
            kind,
            done: plan.settled_locally(),
            total: plan.item_count(),
            plan,
            next: 0,
            base: None,
        }
    }

    pub(super) fn requests(&self, cx: &Ctx) -> u32 {
        cx.attempts - self.base.unwrap_or(cx.attempts)
    }

    pub(super) fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
        if self.next >= self.plan.chunk_count() {
            return None;
        }
        self.base.get_or_insert(cx.attempts);
        let n = self.next;
        self.next += 1;
        let zone = &cx.shared.config().zone_id;
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
    pub(super) fn take(&mut self, key: usize, answer: Result<Response, Error>) {
        let version = match self.kind {
            BatchKind::Upsert(v) | BatchKind::Delete(v) => v,
        };
        match answer.and_then(|r| decode::batch(version, &r)) {
            Ok(wire) => self.plan.record(key, Ok(wire)),
            Err(e) => self.plan.record_error(key, &e),
        }
        self.done += self.plan.chunk_weight(key);
    }

    pub(super) fn take_plan(&mut self) -> Plan {
        std::mem::replace(&mut self.plan, Plan::deletes_valid(&[]))
    }

    pub(super) fn finish(&mut self, cx: &Ctx) -> BatchResult {
        let requests = self.requests(cx);
        self.take_plan().finish(requests)
    }

    /// The account of every item after an abort: `active` requests had
    /// been sent (`true`) or were still waiting for their first attempt.
    pub(super) fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> BatchResult {
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
pub(super) struct Apply {
    pub(super) upserts: Batch,
    pub(super) deletes: Batch,
    /// The upserts' result, once they are all answered.
    pub(super) upserted: Option<BatchResult>,
}

impl Apply {
    /// Upserts with the v2 batch upsert, deletes with `version`'s batch delete.
    pub(super) fn new(version: ApiVersion, upserts: Plan, deletes: Plan) -> Apply {
        Apply {
            upserts: Batch::new(BatchKind::Upsert(ApiVersion::V2), upserts),
            deletes: Batch::new(BatchKind::Delete(version), deletes),
            upserted: None,
        }
    }

    pub(super) fn phase(&mut self) -> &mut Batch {
        match self.upserted {
            None => &mut self.upserts,
            Some(_) => &mut self.deletes,
        }
    }

    pub(super) fn take(
        &mut self,
        cx: &Ctx,
        key: usize,
        answer: Result<Response, Error>,
    ) -> Progress {
        self.phase().take(key, answer);
        self.progress(cx)
    }

    pub(super) fn progress(&self, cx: &Ctx) -> Progress {
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
    pub(super) fn settle(&mut self, cx: &Ctx) -> Option<Applied> {
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

    pub(super) fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> Error {
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
pub(super) struct Planning {
    pub(super) pages: Pages,
    pub(super) desired: Vec<RawItem>,
    pub(super) prune: bool,
}

impl Planning {
    pub(super) fn new(desired: Vec<RawItem>, prune: bool) -> Planning {
        Planning {
            pages: Pages::new(crate::validate::MAX_PER_PAGE),
            desired,
            prune,
        }
    }

    pub(super) fn settle(&mut self, cx: &Ctx) -> Result<SyncPlan, Error> {
        let current = self.pages.settle()?;
        sync::diff(
            current,
            &self.desired,
            self.prune,
            cx.shared.catalogue().as_deref(),
        )
    }
}

/// `sync`: a plan, then its writes.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per call, boxed in `Flow::Sync`
pub(super) enum Syncing {
    Planning(Planning),
    Applying(SyncPlan, Apply),
}

impl Syncing {
    /// The outcome once the writes are answered; `None` when the plan is
    /// in and the writes begin.
    pub(super) fn settle(&mut self, cx: &Ctx) -> Option<Result<Outcome, Error>> {
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
                    cx.shared.config().api_version,
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

/// The kind of call a run carries out.
#[derive(Debug)]
pub(super) enum Flow {
    One(One),
    Pages(Pages),
    Batch(Batch),
    Apply(Apply),
    Plan(Planning),
    Sync(Box<Syncing>),
}

impl Flow {
    pub(super) fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
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
    pub(super) fn take(
        &mut self,
        cx: &Ctx,
        key: usize,
        answer: Result<Response, Error>,
    ) -> Option<Progress> {
        match self {
            Flow::One(one) => {
                one.result = Some(answer.and_then(|r| one.read.read(cx.shared, &r)));
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
    pub(super) fn settle(&mut self, cx: &Ctx) -> Option<Result<Outcome, Error>> {
        Some(match self {
            Flow::One(one) => one
                .result
                .take()
                .unwrap_or_else(|| Err(Error::decode("no answer"))),
            Flow::Pages(pages) => pages.settle().map(Outcome::Mappings),
            Flow::Batch(batch) => Ok(Outcome::Batch(batch.finish(cx))),
            Flow::Apply(apply) => Ok(Outcome::Applied(apply.settle(cx)?)),
            Flow::Plan(planning) => planning.settle(cx).map(Outcome::Plan),
            Flow::Sync(s) => return s.settle(cx),
        })
    }

    /// The error an abort leaves: `active` requests had been sent (`true`) or not yet.
    pub(super) fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> Error {
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
