//! Declarative sync, the pure half: the difference between a zone's
//! mappings and the desired list, as the fewest writes that close it.
//! Desired items are checked and de-duplicated exactly as a batch call's
//! (see [`crate::batch`]); the zone limit is checked on the result.

use crate::batch::{Plan, RawItem};
use crate::error::Error;
use crate::model::{Failed, Mapping, MappingInput, SupportedRegions};
use crate::validate::ZONE_LIMIT;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// A mapping whose vendor or region changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Canonical IP.
    pub ip: String,
    /// What the zone holds now.
    pub from: Mapping,
    /// What it will hold.
    pub to: MappingInput,
}

/// What a sync would do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncPlan {
    /// IPs the zone does not map yet.
    pub create: Vec<MappingInput>,
    /// IPs mapped differently now.
    pub change: Vec<Change>,
    /// IPs the zone maps but the desired list does not name (only with `prune`).
    pub delete: Vec<Mapping>,
    /// IPs already as desired.
    pub unchanged: Vec<Mapping>,
    /// Desired items refused by the local checks, with the reason.
    pub rejected: Vec<Failed>,
    /// Mappings in the zone now.
    pub before: u32,
    /// Mappings in the zone once applied.
    pub after: u32,
}

impl SyncPlan {
    /// Upserts the plan sends: creates, then changes.
    pub fn upserts(&self) -> impl Iterator<Item = &MappingInput> {
        self.create.iter().chain(self.change.iter().map(|c| &c.to))
    }

    /// Whether applying the plan would write nothing.
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.change.is_empty() && self.delete.is_empty()
    }
}

/// Compares the zone's `current` mappings with `desired`. Refuses a plan
/// that would take the zone past [`ZONE_LIMIT`].
pub fn diff(
    current: Vec<Mapping>,
    desired: &[RawItem],
    prune: bool,
    catalogue: Option<&SupportedRegions>,
) -> Result<SyncPlan, Error> {
    let (wanted, rejected) = Plan::upserts(desired, catalogue)?.split();
    // The zone by IP, sorted for lookups; a listing read page by page may
    // repeat an IP, and then its last reading counts.
    let mut now = current;
    now.reverse();
    now.sort_by(|a, b| a.ip.cmp(&b.ip));
    now.dedup_by(|later, first| later.ip == first.ip);
    let before = now.len() as u32;
    let mut now: Vec<(String, Option<Mapping>)> =
        now.into_iter().map(|m| (m.ip.clone(), Some(m))).collect();
    let mut plan = SyncPlan {
        rejected,
        before,
        ..SyncPlan::default()
    };
    for want in wanted {
        let found = now
            .binary_search_by(|(ip, _)| ip.cmp(&want.ip))
            .ok()
            .and_then(|i| now[i].1.take());
        match found {
            None => plan.create.push(want),
            Some(m) if m.vendor == want.vendor && m.region == want.region => plan.unchanged.push(m),
            Some(m) => plan.change.push(Change {
                ip: want.ip.clone(),
                from: m,
                to: want,
            }),
        }
    }
    // What is left of the zone is not named in the desired list.
    if prune {
        plan.delete = now.into_iter().filter_map(|(_, m)| m).collect();
    }
    plan.after = before + plan.create.len() as u32 - plan.delete.len() as u32;
    if plan.after as usize > ZONE_LIMIT {
        return Err(Error::invalid_unquoted(
            "desired",
            &format!("the plan would take the zone from {before} to {} mappings, past the limit of {}; nothing was sent", plan.after, ZONE_LIMIT),
        ));
    }
    Ok(plan)
}

/// A vendor and region, as a change's `from` and `to` show them.
#[derive(Serialize)]
struct Pair<'a> {
    vendor: &'a str,
    region: &'a str,
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut c = s.serialize_struct("Change", 3)?;
        c.serialize_field("ip", &self.ip)?;
        let from = Pair {
            vendor: &self.from.vendor,
            region: &self.from.region,
        };
        c.serialize_field("from", &from)?;
        let to = Pair {
            vendor: &self.to.vendor,
            region: &self.to.region,
        };
        c.serialize_field("to", &to)?;
        c.end()
    }
}

/// The zone's size before and after, as `zoneSize` shows it.
#[derive(Serialize)]
struct ZoneSize {
    before: u32,
    after: u32,
}

impl Serialize for SyncPlan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut p = s.serialize_struct("SyncPlan", 6)?;
        p.serialize_field("create", &self.create)?;
        p.serialize_field("change", &self.change)?;
        p.serialize_field("delete", &self.delete)?;
        p.serialize_field("unchanged", &self.unchanged)?;
        p.serialize_field("rejected", &self.rejected)?;
        let size = ZoneSize {
            before: self.before,
            after: self.after,
        };
        p.serialize_field("zoneSize", &size)?;
        p.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Field;

    fn m(ip: &str, vendor: &str, region: &str) -> Mapping {
        Mapping {
            ip: ip.into(),
            vendor: vendor.into(),
            region: region.into(),
            modified_on: None,
        }
    }

    fn want(ip: &str, vendor: &str, region: &str) -> RawItem {
        RawItem::Mapping {
            ip: Field::Text(ip.into()),
            vendor: Field::Text(vendor.into()),
            region: Field::Text(region.into()),
        }
    }

    #[test]
    fn creates_changes_unchanged_and_rejected() {
        let current = vec![
            m("192.0.2.1", "aws", "us-east-1"),
            m("192.0.2.2", "aws", "us-east-1"),
            m("192.0.2.3", "gcp", "us-central1"),
        ];
        let desired = [
            want("192.0.2.1", "aws", "us-east-1"),
            want("192.0.2.2", "aws", "eu-west-1"),
            want("2001:DB8::1", "oci", "us-ashburn-1"),
            want("010.0.0.1", "aws", "us-east-1"),
        ];
        let plan = diff(current.clone(), &desired, false, None).unwrap();
        assert_eq!(
            plan.create
                .iter()
                .map(|c| c.ip.as_str())
                .collect::<Vec<_>>(),
            ["2001:db8::1"]
        );
        assert_eq!(plan.change.len(), 1);
        assert_eq!(
            (
                plan.change[0].from.region.as_str(),
                plan.change[0].to.region.as_str()
            ),
            ("us-east-1", "eu-west-1")
        );
        assert_eq!(plan.unchanged.len(), 1);
        assert!(plan.delete.is_empty(), "nothing deleted without prune");
        assert_eq!(plan.rejected.len(), 1);
        assert!(plan.rejected[0].error.contains("leading zero"));
        assert_eq!((plan.before, plan.after), (3, 4));

        let pruned = diff(current, &desired, true, None).unwrap();
        assert_eq!(
            pruned
                .delete
                .iter()
                .map(|d| d.ip.as_str())
                .collect::<Vec<_>>(),
            ["192.0.2.3"]
        );
        assert_eq!(pruned.after, 3);
    }

    #[test]
    fn an_equal_zone_plans_nothing() {
        let current = vec![
            m("192.0.2.1", "aws", "us-east-1"),
            m("2001:db8::1", "gcp", "us-central1"),
        ];
        let desired = [
            want("2001:DB8:0::1", "gcp", "us-central1"),
            want("192.0.2.1", "aws", "us-east-1"),
        ];
        let plan = diff(current, &desired, true, None).unwrap();
        assert!(plan.is_empty());
        assert_eq!(plan.unchanged.len(), 2);
    }

    #[test]
    fn the_zone_limit_counts_what_stays() {
        let current: Vec<Mapping> = (0..3_000)
            .map(|i| m(&format!("10.0.{}.{}", i / 256, i % 256), "aws", "us-east-1"))
            .collect();
        let desired: Vec<RawItem> = (0..600)
            .map(|i| want(&format!("10.1.{}.{}", i / 256, i % 256), "aws", "us-east-1"))
            .collect();
        let e = diff(current.clone(), &desired, false, None).unwrap_err();
        assert!(e.to_string().contains("from 3000 to 3600 mappings"), "{e}");
        // Pruning makes room: the zone ends with the 600 desired.
        assert_eq!(diff(current, &desired, true, None).unwrap().after, 600);
    }

    #[test]
    fn a_listing_that_repeats_an_ip_counts_it_once() {
        let current = vec![
            m("192.0.2.1", "aws", "us-east-1"),
            m("192.0.2.1", "aws", "us-east-1"),
        ];
        let plan = diff(
            current,
            &[want("192.0.2.1", "aws", "us-east-1")],
            false,
            None,
        )
        .unwrap();
        assert_eq!((plan.before, plan.after), (1, 1));
    }

    #[test]
    fn plans_serialise_for_js() {
        let plan = diff(
            vec![m("192.0.2.1", "aws", "us-east-1")],
            &[want("192.0.2.1", "gcp", "us-central1")],
            false,
            None,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&plan).unwrap(),
            r#"{"create":[],"change":[{"ip":"192.0.2.1","from":{"vendor":"aws","region":"us-east-1"},"to":{"vendor":"gcp","region":"us-central1"}}],"delete":[],"unchanged":[],"rejected":[],"zoneSize":{"before":1,"after":1}}"#
        );
    }
}
