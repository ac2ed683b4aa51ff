//! The batch calls and `apply` (upserts, then deletes): a plan's requests
//! sent `concurrency` at a time, their answers folded into the plan, and
//! what an abort leaves of each item.

use super::Ctx;
use crate::batch::Plan;
use crate::client::{Applied, Progress};
use crate::config::ApiVersion;
use crate::decode::{self, Response};
use crate::endpoints::{self, Request};
use crate::error::Error;
use crate::model::BatchResult;

/// Why an item failed when its request was cut by an abort.
const IN_FLIGHT_AT_ABORT: &str =
    "aborted while its request was in flight: it may or may not have been applied";
/// Why an item failed when the abort came before its request was sent.
const NOT_SENT_AT_ABORT: &str = "not sent: the call was aborted first";

/// Whether a batch upserts (in this API generation) or deletes.
#[derive(Debug, Clone, Copy)]
pub(in crate::run) enum BatchKind {
    Upsert(ApiVersion),
    Delete(ApiVersion),
}

/// A batch call: its planned requests, sent `concurrency` at a time.
#[derive(Debug)]
pub(in crate::run) struct Batch {
    pub(in crate::run) kind: BatchKind,
    pub(in crate::run) plan: Plan,
    pub(in crate::run) next: usize,
    /// Input items whose outcome is known.
    pub(in crate::run) done: u32,
    /// Input items in the batch.
    pub(in crate::run) total: u32,
    /// The run's attempts when this batch sent its first request.
    pub(in crate::run) base: Option<u32>,
}

impl Batch {
    pub(in crate::run) fn new(kind: BatchKind, plan: Plan) -> Batch {
        Batch {
            kind,
            done: plan.settled_locally(),
            total: plan.item_count(),
            plan,
            next: 0,
            base: None,
        }
    }

    pub(in crate::run) fn requests(&self, cx: &Ctx) -> u32 {
        cx.attempts - self.base.unwrap_or(cx.attempts)
    }

    pub(in crate::run) fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
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
    pub(in crate::run) fn take(&mut self, key: usize, answer: Result<Response, Error>) {
        let version = match self.kind {
            BatchKind::Upsert(v) | BatchKind::Delete(v) => v,
        };
        match answer.and_then(|r| decode::batch(version, &r)) {
            Ok(wire) => self.plan.record(key, Ok(wire)),
            Err(e) => self.plan.record_error(key, &e),
        }
        self.done += self.plan.chunk_weight(key);
    }

    pub(in crate::run) fn take_plan(&mut self) -> Plan {
        std::mem::replace(&mut self.plan, Plan::deletes_valid(&[]))
    }

    pub(in crate::run) fn finish(&mut self, cx: &Ctx) -> BatchResult {
        let requests = self.requests(cx);
        self.take_plan().finish(requests)
    }

    /// The account of every item after an abort: `active` requests had
    /// been sent (`true`) or were still waiting for their first attempt.
    pub(in crate::run) fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> BatchResult {
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
pub(in crate::run) struct Apply {
    pub(in crate::run) upserts: Batch,
    pub(in crate::run) deletes: Batch,
    /// The upserts' result, once they are all answered.
    pub(in crate::run) upserted: Option<BatchResult>,
}

impl Apply {
    /// Upserts with the v2 batch upsert, deletes with `version`'s batch delete.
    pub(in crate::run) fn new(version: ApiVersion, upserts: Plan, deletes: Plan) -> Apply {
        Apply {
            upserts: Batch::new(BatchKind::Upsert(ApiVersion::V2), upserts),
            deletes: Batch::new(BatchKind::Delete(version), deletes),
            upserted: None,
        }
    }

    pub(in crate::run) fn phase(&mut self) -> &mut Batch {
        match self.upserted {
            None => &mut self.upserts,
            Some(_) => &mut self.deletes,
        }
    }

    pub(in crate::run) fn take(
        &mut self,
        cx: &Ctx,
        key: usize,
        answer: Result<Response, Error>,
    ) -> Progress {
        self.phase().take(key, answer);
        self.progress(cx)
    }

    pub(in crate::run) fn progress(&self, cx: &Ctx) -> Progress {
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
    pub(in crate::run) fn settle(&mut self, cx: &Ctx) -> Option<Applied> {
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

    pub(in crate::run) fn aborted(&mut self, cx: &Ctx, active: &[(usize, bool)]) -> Error {
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
