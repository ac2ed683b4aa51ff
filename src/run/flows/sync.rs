//! `plan` (every page, then the diff with the desired list) and `sync` (a
//! plan, then its writes through `apply`).

use super::{Apply, Ctx, Pages};
use crate::batch::{Plan, RawItem};
use crate::client::Synced;
use crate::error::Error;
use crate::run::Outcome;
use crate::sync::{self, SyncPlan};

/// `plan` and the first half of `sync`: every page, then the diff.
#[derive(Debug)]
pub(in crate::run) struct Planning {
    pub(in crate::run) pages: Pages,
    pub(in crate::run) desired: Vec<RawItem>,
    pub(in crate::run) prune: bool,
}

impl Planning {
    pub(in crate::run) fn new(desired: Vec<RawItem>, prune: bool) -> Planning {
        Planning {
            pages: Pages::new(crate::validate::MAX_PER_PAGE),
            desired,
            prune,
        }
    }

    pub(in crate::run) fn settle(&mut self, cx: &Ctx) -> Result<SyncPlan, Error> {
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
pub(in crate::run) enum Syncing {
    Planning(Planning),
    Applying(SyncPlan, Apply),
}

impl Syncing {
    /// The outcome once the writes are answered; `None` when the plan is
    /// in and the writes begin.
    pub(in crate::run) fn settle(&mut self, cx: &Ctx) -> Option<Result<Outcome, Error>> {
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
