//! Folding the answers back: each request's per-item outcomes (or its one
//! error) land on its targets, and `finish` gives every input item exactly
//! one place, in `succeeded` or `failed`.

use super::{Entry, Plan, State};
use crate::model::{BatchResult, Failed, MappingInput, Succeeded};
use crate::wire::WireBatch;

impl Plan {
    /// Records the answer to request `n`: per-item outcomes, or one error for
    /// all of its items. Items the answer does not mention fail, so none is
    /// silently dropped.
    pub fn record(&mut self, n: usize, answer: Result<WireBatch, String>) {
        let chunk: Vec<usize> = self.chunk(n).to_vec();
        match answer {
            Err(message) => {
                for k in chunk {
                    self.targets[k].outcome = Some(Err(message.clone()));
                }
            }
            Ok(reply) => {
                // Answers name the IPs as sent, in order, as a rule: try the
                // same position and an exact match first, canonicalise only if not.
                let lookup = |ip: &str, at: usize| {
                    if let Some(&k) = chunk.get(at).filter(|&&k| self.targets[k].ip == ip) {
                        return Some(k);
                    }
                    let canonical = crate::ip::canonicalize(ip).unwrap_or_else(|_| ip.to_owned());
                    chunk
                        .iter()
                        .copied()
                        .find(|&k| self.targets[k].ip == canonical)
                };
                let mut outcomes: Vec<(usize, Result<(), String>)> = Vec::new();
                let ok_count = reply.succeeded.len();
                for (at, item) in reply.succeeded.into_iter().enumerate() {
                    if let Some(k) = lookup(&item.origin_ip, at) {
                        outcomes.push((k, Ok(())));
                    }
                }
                for (at, item) in reply.failed.into_iter().enumerate() {
                    if let Some(k) = lookup(&item.origin_ip, ok_count + at) {
                        let why = item
                            .error
                            .unwrap_or_else(|| "refused by the API without a reason".into());
                        outcomes.push((k, Err(why)));
                    }
                }
                for (k, outcome) in outcomes {
                    let target = &mut self.targets[k];
                    if target.outcome.is_none() {
                        if outcome.is_err() {
                            target.ray_id.clone_from(&reply.ray_id);
                        }
                        target.outcome = Some(outcome);
                    }
                }
                for k in chunk {
                    self.targets[k].outcome.get_or_insert(Err(
                        "the API reported no outcome for this item; it may or may not have been applied".into(),
                    ));
                }
            }
        }
    }

    /// Records that request `n` failed as a whole with `error`: each of its
    /// items fails with the error's message (and its answer's `cf-ray`).
    pub fn record_error(&mut self, n: usize, error: &crate::error::Error) {
        self.record(n, Err(error.message()));
        for k in self.chunk(n).to_vec() {
            self.targets[k].ray_id = error.ray_id().map(str::to_owned);
        }
    }

    /// The distinct valid mappings, in input order, and the items refused
    /// locally (invalid or in conflict), for a caller that does its own sending.
    pub fn split(mut self) -> (Vec<MappingInput>, Vec<Failed>) {
        let all: Vec<usize> = self.sendable.clone();
        let wanted: Vec<MappingInput> = (0..self.chunk_count())
            .flat_map(|n| self.chunk_mappings(n))
            .collect();
        for k in all {
            self.targets[k].outcome = Some(Ok(()));
        }
        (wanted, self.finish(0).failed)
    }

    /// Every item failed with `why`, none sent: for a plan an abort stopped
    /// before its first request.
    pub fn not_sent(mut self, why: &str) -> BatchResult {
        for n in 0..self.chunk_count() {
            self.record(n, Err(why.to_owned()));
        }
        self.finish(0)
    }

    /// Every input item's outcome, in input order.
    pub fn finish(self, requests: u32) -> BatchResult {
        let mut result = BatchResult {
            requests,
            ..BatchResult::default()
        };
        for e in self.entries {
            let mut ray_id = None;
            let outcome = match &e.state {
                State::Rejected(why) => Err(why.clone()),
                State::Target(k) => {
                    let t = &self.targets[*k];
                    if let Some(other) = t.conflict {
                        // Items that agree with the first conflict with `other`;
                        // those that disagree, with the first.
                        let other = if e.vendor == t.vendor && e.region == t.region {
                            other
                        } else {
                            t.first
                        };
                        Err(format!("conflicts with items[{other}]: the same IP {} with a different vendor or region; none of the items for this IP was sent", t.ip))
                    } else {
                        ray_id.clone_from(&t.ray_id);
                        t.outcome.clone().unwrap_or_else(|| Err("not sent".into()))
                    }
                }
            };
            let Entry {
                input,
                ip,
                vendor,
                region,
                ..
            } = e;
            let ip = if ip.is_empty() { input.clone() } else { ip };
            match outcome {
                Ok(()) => result.succeeded.push(Succeeded {
                    ip,
                    input,
                    vendor,
                    region,
                }),
                Err(error) => result.failed.push(Failed {
                    ip,
                    input,
                    error,
                    ray_id,
                    vendor,
                    region,
                }),
            }
        }
        result
    }
}
