//! What a call resolves to, one variant per kind of result, serialised as
//! the JS API returns it.

use crate::client::{Applied, Synced};
use crate::model::{BatchResult, Deleted, Mapping, Page, SupportedRegions};
use crate::sync::SyncPlan;

/// What a call resolves to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
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

impl Outcome {
    /// For a batch call, `apply` or `sync` with items not applied: how
    /// many of how many, and the first one's `input: reason`.
    pub fn refused(&self) -> Option<(usize, usize, String)> {
        let results: Vec<&BatchResult> = match self {
            Outcome::Batch(b) => vec![b],
            Outcome::Applied(a) => vec![&a.upserted, &a.deleted],
            Outcome::Synced(s) => vec![&s.applied.upserted, &s.applied.deleted],
            _ => return None,
        };
        let failed: usize = results.iter().map(|r| r.failed.len()).sum();
        let total = failed + results.iter().map(|r| r.succeeded.len()).sum::<usize>();
        let first = results.iter().find_map(|r| r.failed.first())?;
        // The input quoted and escaped: a log line must not carry raw control characters.
        let input = crate::error::quote(&first.input);
        Some((failed, total, format!("{input}: {}", first.error)))
    }
}
