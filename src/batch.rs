//! Batch planning: canonicalise every item, refuse bad ones locally, merge
//! duplicates, cut the rest into requests of at most 100, and fold the
//! answers back so that every input item lands in exactly one of
//! `succeeded` or `failed`.
//!
//! Duplicates (same IP after canonicalisation) in one call:
//! - items that agree (same vendor and region, or any two deletes) are sent
//!   once and every one of them gets that item's outcome;
//! - upserts that disagree are ambiguous, so none of them is sent: each goes
//!   to `failed`, naming the first item it conflicts with.

use crate::error::Error;
use crate::model::{BatchResult, Failed, MappingInput, Succeeded, SupportedRegions};
use crate::validate::{self, Field, BATCH_LIMIT, ZONE_LIMIT};
use crate::wire::WireBatch;

/// One upsert item as the caller gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawItem {
    /// An object; its fields are checked one by one.
    Mapping {
        /// `ip`.
        ip: Field,
        /// `vendor`.
        vendor: Field,
        /// `region`.
        region: Field,
    },
    /// Not an object: the name of its type.
    NotObject(&'static str),
}

/// What became of one input item before sending.
#[derive(Debug)]
enum State {
    Rejected(String),
    Target(usize),
}

#[derive(Debug)]
struct Entry {
    input: String,
    ip: String,
    vendor: Option<String>,
    region: Option<String>,
    state: State,
}

/// One distinct IP to send.
#[derive(Debug)]
struct Target {
    ip: String,
    vendor: Option<String>,
    region: Option<String>,
    /// Entry index of the first item for this IP.
    first: usize,
    /// Entry index of the first item that disagrees with it.
    conflict: Option<usize>,
    /// Input items this target stands for.
    weight: u32,
    outcome: Option<Result<(), String>>,
    /// The `cf-ray` of the answer that refused it.
    ray_id: Option<String>,
}

/// A batch call, planned.
#[derive(Debug)]
pub struct Plan {
    entries: Vec<Entry>,
    targets: Vec<Target>,
    /// Target indices to send, in input order, without conflicts.
    sendable: Vec<usize>,
}

/// The input text of an IP field, for `input` in results.
fn input_text(f: &Field) -> String {
    match f {
        Field::Text(s) => s.clone(),
        other => format!("<{}>", other.type_name()),
    }
}

impl Plan {
    /// Plans upserts, checking each item against the catalogue when one is
    /// known. Refuses the whole call when the distinct IPs alone exceed the
    /// zone limit: such a call could never apply in full.
    pub fn upserts(items: &[RawItem], catalogue: Option<&SupportedRegions>) -> Result<Plan, Error> {
        let mut plan = Plan::empty(items.len());
        for (i, item) in items.iter().enumerate() {
            let prefix = || format!("items[{i}]");
            let (entry, checked) = match item {
                RawItem::NotObject(t) => (
                    Entry::new(format!("<{t}>"), None, None),
                    Err(Error::wrong_type(
                        &prefix(),
                        "an object { ip, vendor, region }",
                        t,
                    )),
                ),
                RawItem::Mapping { ip, vendor, region } => {
                    let e = Entry::new(input_text(ip), vendor.as_text(), region.as_text());
                    (
                        e,
                        validate::mapping_named(&prefix, ip, vendor, region, catalogue),
                    )
                }
            };
            plan.add(
                entry,
                checked.map(|m: MappingInput| (m.ip, Some(m.vendor), Some(m.region))),
            );
        }
        plan.seal();
        if plan.sendable.len() > ZONE_LIMIT {
            return Err(Error::invalid_unquoted(
                "items",
                &format!(
                    "{} distinct IPs exceed the zone limit of {} mappings; nothing was sent",
                    plan.sendable.len(),
                    ZONE_LIMIT
                ),
            ));
        }
        Ok(plan)
    }

    /// Plans upserts already checked and distinct (a sync plan's): nothing
    /// is checked again.
    pub fn from_valid(items: &[MappingInput]) -> Plan {
        let mut plan = Plan::empty(items.len());
        for m in items {
            let entry = Entry::new(m.ip.clone(), Some(&m.vendor), Some(&m.region));
            plan.add(
                entry,
                Ok((m.ip.clone(), Some(m.vendor.clone()), Some(m.region.clone()))),
            );
        }
        plan.sendable = (0..plan.targets.len()).collect();
        plan
    }

    /// Plans deletes of IPs already canonical and distinct.
    pub fn deletes_valid(ips: &[String]) -> Plan {
        let mut plan = Plan::empty(ips.len());
        for ip in ips {
            plan.add(
                Entry::new(ip.clone(), None, None),
                Ok((ip.clone(), None, None)),
            );
        }
        plan.sendable = (0..plan.targets.len()).collect();
        plan
    }

    /// Plans deletes.
    pub fn deletes(ips: &[Field]) -> Plan {
        let mut plan = Plan::empty(ips.len());
        for (i, f) in ips.iter().enumerate() {
            let checked = validate::ip(&format!("ips[{i}]"), f).map(|ip| (ip, None, None));
            plan.add(Entry::new(input_text(f), None, None), checked);
        }
        plan.seal();
        plan
    }

    fn empty(n: usize) -> Plan {
        Plan {
            entries: Vec::with_capacity(n),
            targets: vec![],
            sendable: vec![],
        }
    }

    /// Adds one item: rejected with its validation message, or joined to the
    /// target of its IP.
    fn add(
        &mut self,
        mut entry: Entry,
        checked: Result<(String, Option<String>, Option<String>), Error>,
    ) {
        let (ip, vendor, region) = match checked {
            Err(e) => {
                // Canonical when the IP is fine and another field is not.
                entry.ip = crate::ip::canonicalize(&entry.input).unwrap_or_default();
                entry.state = State::Rejected(e.message());
                self.entries.push(entry);
                return;
            }
            Ok(c) => c,
        };
        entry.ip = ip.clone();
        let index = self.entries.len();
        self.targets.push(Target {
            ip,
            vendor,
            region,
            first: index,
            conflict: None,
            weight: 1,
            outcome: None,
            ray_id: None,
        });
        entry.state = State::Target(self.targets.len() - 1);
        self.entries.push(entry);
    }

    /// Merges targets that share an IP and marks the conflicting ones.
    fn seal(&mut self) {
        // The first target of each IP leads its group: a stable sort by IP
        // puts each group together in input order (no map in the wasm).
        let n = self.targets.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| self.targets[a].ip.cmp(&self.targets[b].ip));
        let mut leader: Vec<usize> = (0..n).collect();
        for w in order.windows(2) {
            if self.targets[w[0]].ip == self.targets[w[1]].ip {
                leader[w[1]] = leader[w[0]];
            }
        }
        let mut merged: Vec<Target> = Vec::new();
        let mut remap = vec![0usize; n];
        for (old, t) in std::mem::take(&mut self.targets).into_iter().enumerate() {
            if leader[old] == old {
                remap[old] = merged.len();
                merged.push(t);
                continue;
            }
            // The leader came earlier, so it is already merged.
            let k = remap[leader[old]];
            let kept = &mut merged[k];
            if kept.vendor != t.vendor || kept.region != t.region {
                kept.conflict.get_or_insert(t.first);
            }
            kept.weight += 1;
            remap[old] = k;
        }
        for e in &mut self.entries {
            if let State::Target(t) = e.state {
                e.state = State::Target(remap[t]);
            }
        }
        self.sendable = (0..merged.len())
            .filter(|&k| merged[k].conflict.is_none())
            .collect();
        self.targets = merged;
    }

    /// How many requests the plan needs.
    pub fn chunk_count(&self) -> usize {
        self.sendable.len().div_ceil(BATCH_LIMIT)
    }

    fn chunk(&self, n: usize) -> &[usize] {
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

impl Entry {
    /// An entry not yet checked; `add` sets its IP and state.
    fn new(input: String, vendor: Option<&str>, region: Option<&str>) -> Entry {
        Entry {
            input,
            ip: String::new(),
            vendor: vendor.map(str::to_owned),
            region: region.map(str::to_owned),
            state: State::Rejected(String::new()),
        }
    }
}
