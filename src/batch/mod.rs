//! Batch planning: canonicalise every item, refuse bad ones locally, merge
//! duplicates, cut the rest into requests of at most 100, and fold the
//! answers back so that every input item lands in exactly one of
//! `succeeded` or `failed` (the cutting in `requests`, the folding back in
//! `outcomes`).
//!
//! Duplicates (same IP after canonicalisation) in one call:
//! - items that agree (same vendor and region, or any two deletes) are sent
//!   once and every one of them gets that item's outcome;
//! - upserts that disagree are ambiguous, so none of them is sent: each goes
//!   to `failed`, naming the first item it conflicts with.

use crate::error::Error;
use crate::model::{MappingInput, SupportedRegions};
use crate::validate::{self, Field, ZONE_LIMIT};

mod outcomes;
mod requests;

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
