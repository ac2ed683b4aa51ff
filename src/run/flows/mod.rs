//! What each kind of call does with its requests and answers: one request
//! (here), every page (`pages`), a batch and `apply` (`batch`), `plan` and
//! `sync` (`sync`), and the [`Flow`] that dispatches to them. The
//! [`super::Run`] around them handles sending, retries, the rate limit and
//! aborts.

mod batch;
mod pages;
mod sync;

use super::read::Read;
use super::Outcome;
use crate::client::Progress;
use crate::decode::Response;
use crate::endpoints::Request;
use crate::error::Error;
use crate::shared::Shared;
pub(super) use batch::{Apply, Batch, BatchKind};
pub(super) use pages::Pages;
pub(super) use sync::{Planning, Syncing};

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
