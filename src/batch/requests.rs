//! Cutting a plan into requests of at most `BATCH_LIMIT` distinct IPs, and
//! how many input items each request settles (for progress).

use super::Plan;
use crate::model::MappingInput;
use crate::validate::BATCH_LIMIT;

impl Plan {
    /// How many requests the plan needs.
    pub fn chunk_count(&self) -> usize {
        self.sendable.len().div_ceil(BATCH_LIMIT)
    }

    pub(super) fn chunk(&self, n: usize) -> &[usize] {
        let start = n * BATCH_LIMIT;
        &self.sendable[start..(start + BATCH_LIMIT).min(self.sendable.len())]
    }

    /// Input items in the whole call.
    pub fn item_count(&self) -> u32 {
        self.entries.len() as u32
    }

    /// Input items settled without a request (refused locally or in conflict).
    pub fn settled_locally(&self) -> u32 {
        self.item_count()
            - self
                .sendable
                .iter()
                .map(|&k| self.targets[k].weight)
                .sum::<u32>()
    }

    /// Input items that request `n` settles.
    pub fn chunk_weight(&self, n: usize) -> u32 {
        self.chunk(n).iter().map(|&k| self.targets[k].weight).sum()
    }

    /// The mappings of request `n`.
    pub fn chunk_mappings(&self, n: usize) -> Vec<MappingInput> {
        self.chunk(n)
            .iter()
            .map(|&k| {
                let t = &self.targets[k];
                MappingInput {
                    ip: t.ip.clone(),
                    vendor: t.vendor.clone().unwrap_or_default(),
                    region: t.region.clone().unwrap_or_default(),
                }
            })
            .collect()
    }

    /// The IPs of request `n`.
    pub fn chunk_ips(&self, n: usize) -> Vec<String> {
        self.chunk(n)
            .iter()
            .map(|&k| self.targets[k].ip.clone())
            .collect()
    }
}
