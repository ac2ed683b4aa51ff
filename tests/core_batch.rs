#![cfg(not(target_arch = "wasm32"))]
//! Batch planning: chunking, local rejection, duplicates, the zone limit,
//! merging answers, and the invariant that every input item ends up in
//! exactly one of `succeeded`/`failed`, in input order.

mod support;

use origin_regions::batch::{Plan, RawItem};
use origin_regions::ip;
use origin_regions::model::{BatchResult, Failed, Region, Succeeded, SupportedRegions};
use origin_regions::validate::Field;
use origin_regions::wire::WireBatch;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use support::{distinct_ips, distinct_items, item, nth_ip, text};

/// A v2 batch answer.
fn wire(v: Value) -> WireBatch {
    serde_json::from_value(v).unwrap()
}

/// Every item of chunk `n` applied.
fn all_ok(plan: &Plan, n: usize) -> WireBatch {
    let ips: Vec<Value> = plan
        .chunk_ips(n)
        .into_iter()
        .map(|ip| json!({ "origin_ip": ip }))
        .collect();
    wire(json!({ "succeeded": ips, "failed": [] }))
}

fn record_all_ok(plan: &mut Plan) {
    for n in 0..plan.chunk_count() {
        let answer = all_ok(plan, n);
        plan.record(n, Ok(answer));
    }
}

fn inputs_s(r: &BatchResult) -> Vec<&str> {
    r.succeeded.iter().map(|s| s.input.as_str()).collect()
}

fn inputs_f(r: &BatchResult) -> Vec<&str> {
    r.failed.iter().map(|f| f.input.as_str()).collect()
}

fn sent_ips(plan: &Plan) -> Vec<String> {
    (0..plan.chunk_count())
        .flat_map(|n| plan.chunk_ips(n))
        .collect()
}

// ---- chunking ---------------------------------------------------------------------------------

#[test]
fn upserts_are_cut_into_requests_of_at_most_100() {
    for (n, requests) in [
        (0usize, 0usize),
        (1, 1),
        (99, 1),
        (100, 1),
        (101, 2),
        (200, 2),
        (250, 3),
        (3_500, 35),
    ] {
        let plan = Plan::upserts(&distinct_items(n), None).unwrap();
        assert_eq!(plan.chunk_count(), requests, "{n} items");
        let sizes: Vec<usize> = (0..requests)
            .map(|c| plan.chunk_mappings(c).len())
            .collect();
        assert!(
            sizes.iter().all(|&s| (1..=100).contains(&s)),
            "{n}: {sizes:?}"
        );
        assert_eq!(sizes.iter().sum::<usize>(), n);
        // As few requests as possible: all full but the last.
        assert!(
            sizes.iter().rev().skip(1).all(|&s| s == 100),
            "{n}: {sizes:?}"
        );
        // In input order.
        assert_eq!(sent_ips(&plan), (0..n).map(nth_ip).collect::<Vec<_>>());
    }
}

#[test]
fn chunk_mappings_carry_canonical_ip_vendor_and_region() {
    let plan = Plan::upserts(
        &[
            item("2001:DB8:0:0:0:0:0:1", "gcp", "us-central1"),
            item("192.0.2.1", "aws", "us-east-1"),
        ],
        None,
    )
    .unwrap();
    let m = plan.chunk_mappings(0);
    assert_eq!(m.len(), 2);
    assert_eq!(
        (m[0].ip.as_str(), m[0].vendor.as_str(), m[0].region.as_str()),
        ("2001:db8::1", "gcp", "us-central1")
    );
    assert_eq!(
        (m[1].ip.as_str(), m[1].vendor.as_str(), m[1].region.as_str()),
        ("192.0.2.1", "aws", "us-east-1")
    );
}

#[test]
fn deletes_are_cut_into_requests_of_at_most_100() {
    for (n, requests) in [
        (0usize, 0usize),
        (1, 1),
        (100, 1),
        (101, 2),
        (250, 3),
        (3_500, 35),
    ] {
        let plan = Plan::deletes(&distinct_ips(n));
        assert_eq!(plan.chunk_count(), requests, "{n} ips");
        assert_eq!(
            plan.chunk_ips(requests.saturating_sub(1)).len(),
            if n == 0 { 0 } else { (n - 1) % 100 + 1 }
        );
        assert_eq!(sent_ips(&plan), (0..n).map(nth_ip).collect::<Vec<_>>());
    }
}

#[test]
fn an_empty_plan_finishes_empty() {
    let r = Plan::upserts(&[], None).unwrap().finish(0);
    assert_eq!(
        r,
        BatchResult {
            succeeded: vec![],
            failed: vec![],
            requests: 0
        }
    );
}

// ---- local rejection ---------------------------------------------------------------------------

#[test]
fn bad_items_are_rejected_locally_naming_the_field() {
    let items = vec![
        item("192.0.2.1", "aws", "us-east-1"), // 0 ok
        item("1.2.3.04", "aws", "us-east-1"),  // 1 ip
        item("192.0.2.2", "AWS", "us-east-1"), // 2 vendor
        item("192.0.2.3", "aws", "East US"),   // 3 region
        RawItem::Mapping {
            ip: Field::Missing,
            vendor: text("aws"),
            region: text("us-east-1"),
        }, // 4 ip missing
        RawItem::Mapping {
            ip: text("192.0.2.5"),
            vendor: Field::Number(1.0),
            region: text("x"),
        }, // 5 vendor type
        RawItem::Mapping {
            ip: text("192.0.2.6"),
            vendor: text("gcp"),
            region: Field::Other("null"),
        }, // 6 region type
        RawItem::NotObject("number"),          // 7
        RawItem::NotObject("string"),          // 8
        item("fe80::1%eth0", "aws", "us-east-1"), // 9 zone index
        item("10.0.0.0/8", "aws", "us-east-1"), // 10 cidr
        item("", "aws", "us-east-1"),          // 11 empty
        item("192.0.2.12", "gcp", "us-central1"), // 12 ok
    ];
    let mut plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(plan.chunk_count(), 1);
    assert_eq!(
        plan.chunk_ips(0),
        ["192.0.2.1", "192.0.2.12"],
        "only valid items are sent"
    );
    record_all_ok(&mut plan);
    let r = plan.finish(1);
    assert_eq!(inputs_s(&r), ["192.0.2.1", "192.0.2.12"]);
    let prefixes: Vec<(&str, &str)> = r
        .failed
        .iter()
        .map(|f| (f.input.as_str(), f.error.split([' ', ':']).next().unwrap()))
        .collect();
    assert_eq!(
        prefixes,
        [
            ("1.2.3.04", "items[1].ip"),
            ("192.0.2.2", "items[2].vendor"),
            ("192.0.2.3", "items[3].region"),
            ("<undefined>", "items[4].ip"),
            ("192.0.2.5", "items[5].vendor"),
            ("192.0.2.6", "items[6].region"),
            ("<number>", "items[7]"),
            ("<string>", "items[8]"),
            ("fe80::1%eth0", "items[9].ip"),
            ("10.0.0.0/8", "items[10].ip"),
            ("", "items[11].ip"),
        ]
    );
    let f = &r.failed;
    assert!(
        f[0].error.contains("is not an IP address"),
        "{}",
        f[0].error
    );
    assert!(
        f[1].error.contains("\"aws\", \"azure\", \"gcp\", \"oci\""),
        "{}",
        f[1].error
    );
    assert!(f[2].error.contains("region identifier"), "{}", f[2].error);
    assert!(f[3].error.contains("is required"), "{}", f[3].error);
    assert!(
        f[4].error.contains("must be a string (got number)"),
        "{}",
        f[4].error
    );
    assert_eq!(
        f[6].error,
        "items[7]: must be an object { ip, vendor, region } (got number)"
    );
    // Rejected items keep what the caller gave.
    assert_eq!(
        (f[1].vendor.as_deref(), f[1].region.as_deref()),
        (Some("AWS"), Some("us-east-1"))
    );
    assert_eq!(
        (f[4].vendor.as_deref(), f[4].region.as_deref()),
        (None, Some("x"))
    );
    // Not an IP: `ip` is the input itself.
    assert_eq!(f[0].ip, "1.2.3.04");
    assert_eq!(f[6].ip, "<number>");
}

#[test]
fn a_rejected_item_with_a_valid_ip_reports_it_canonical() {
    // js-api.md: `ip` is the canonical form, or the input itself only when it is not an IP.
    let r = Plan::upserts(&[item("2001:DB8:0:0:0:0:0:1", "ibm", "us-south")], None)
        .unwrap()
        .finish(0);
    assert_eq!(r.failed.len(), 1);
    assert_eq!(r.failed[0].input, "2001:DB8:0:0:0:0:0:1");
    assert_eq!(r.failed[0].ip, "2001:db8::1");
}

#[test]
fn bad_delete_ips_are_rejected_locally_naming_the_index() {
    let ips = [
        text("192.0.2.1"),
        text("192.0.2.01"),
        Field::Number(4.0),
        text("2001:DB8::1"),
    ];
    let mut plan = Plan::deletes(&ips);
    assert_eq!(plan.chunk_ips(0), ["192.0.2.1", "2001:db8::1"]);
    record_all_ok(&mut plan);
    let r = plan.finish(1);
    assert_eq!(
        r.succeeded,
        vec![
            Succeeded {
                ip: "192.0.2.1".into(),
                input: "192.0.2.1".into(),
                vendor: None,
                region: None
            },
            Succeeded {
                ip: "2001:db8::1".into(),
                input: "2001:DB8::1".into(),
                vendor: None,
                region: None
            },
        ]
    );
    assert_eq!(inputs_f(&r), ["192.0.2.01", "<number>"]);
    assert!(
        r.failed[0]
            .error
            .starts_with("ips[1] \"192.0.2.01\": is not an IP address"),
        "{}",
        r.failed[0].error
    );
    assert_eq!(r.failed[1].error, "ips[2]: must be a string (got number)");
}

#[test]
fn the_catalogue_rejects_regions_it_does_not_list() {
    let mut cat = SupportedRegions {
        obtained_codes: true,
        vendors: Vec::new(),
    };
    cat.vendors.push((
        "aws".into(),
        vec![Region {
            name: "us-east-1".into(),
            upper_tier_colos: vec!["IAD".into()],
        }],
    ));
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.2", "aws", "us-east-2"),
        item("192.0.2.3", "gcp", "us-east-1"),
    ];
    let plan = Plan::upserts(&items, Some(&cat)).unwrap();
    assert_eq!(plan.chunk_ips(0), ["192.0.2.1"]);
    let r = plan.finish(0);
    assert_eq!(
        r.failed.len(),
        3,
        "nothing recorded: the sent one is 'not sent' yet"
    );
    assert!(
        r.failed[1]
            .error
            .starts_with("items[1].region \"us-east-2\": is not a region of aws"),
        "{}",
        r.failed[1].error
    );
    assert!(
        r.failed[2]
            .error
            .starts_with("items[2].region \"us-east-1\": is not a region of gcp"),
        "{}",
        r.failed[2].error
    );
    // Without the catalogue the shape rule alone lets them through.
    assert_eq!(Plan::upserts(&items, None).unwrap().chunk_ips(0).len(), 3);
}

// ---- duplicates ----------------------------------------------------------------------------------

#[test]
fn identical_duplicates_are_sent_once_and_all_get_the_outcome() {
    let items = [
        item("2001:db8::1", "gcp", "us-central1"),
        item("192.0.2.1", "aws", "us-east-1"),
        item("2001:DB8:0:0:0:0:0:1", "gcp", "us-central1"),
        item("2001:0db8::0001", "gcp", "us-central1"),
    ];
    let mut plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(plan.chunk_ips(0), ["2001:db8::1", "192.0.2.1"]);
    plan.record(
        0,
        Ok(WireBatch {
            ray_id: Some("8f00aa11bb22cc33-IAD".into()),
            ..wire(json!({
                "succeeded": [{ "origin_ip": "2001:db8::1", "vendor": "gcp", "region": "us-central1" }],
                "failed": [{ "origin_ip": "192.0.2.1", "error": "Maximum number of IP mappings configured for zone." }]
            }))
        }),
    );
    let r = plan.finish(1);
    assert_eq!(
        r.succeeded,
        ["2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:0db8::0001"]
            .map(|input| Succeeded {
                ip: "2001:db8::1".into(),
                input: input.into(),
                vendor: Some("gcp".into()),
                region: Some("us-central1".into())
            })
            .to_vec()
    );
    assert_eq!(
        r.failed,
        vec![Failed {
            ip: "192.0.2.1".into(),
            input: "192.0.2.1".into(),
            error: "Maximum number of IP mappings configured for zone.".into(),
            ray_id: Some("8f00aa11bb22cc33-IAD".into()),
            vendor: Some("aws".into()),
            region: Some("us-east-1".into()),
        }]
    );
}

#[test]
fn identical_duplicates_share_a_failure_too() {
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "aws", "us-east-1"),
    ];
    let mut plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(plan.chunk_ips(0), ["192.0.2.1"]);
    plan.record(0, Err("network failure: reset".into()));
    let r = plan.finish(1);
    assert!(r.succeeded.is_empty());
    assert_eq!(
        r.failed
            .iter()
            .map(|f| f.error.as_str())
            .collect::<Vec<_>>(),
        ["network failure: reset"; 2]
    );
}

#[test]
fn conflicting_duplicates_are_all_rejected_naming_each_other() {
    let items = [
        item("2001:db8::1", "gcp", "us-central1"), // 0
        item("192.0.2.1", "aws", "us-east-1"),     // 1
        item("2001:DB8::1", "aws", "us-east-1"),   // 2 conflicts with 0
    ];
    let mut plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(
        sent_ips(&plan),
        ["192.0.2.1"],
        "no item of a conflicting IP is sent"
    );
    record_all_ok(&mut plan);
    let r = plan.finish(1);
    assert_eq!(inputs_s(&r), ["192.0.2.1"]);
    assert_eq!(inputs_f(&r), ["2001:db8::1", "2001:DB8::1"]);
    assert!(
        r.failed[0].error.starts_with("conflicts with items[2]"),
        "{}",
        r.failed[0].error
    );
    assert!(
        r.failed[1].error.starts_with("conflicts with items[0]"),
        "{}",
        r.failed[1].error
    );
    for f in &r.failed {
        assert_eq!(f.ip, "2001:db8::1");
        assert!(
            f.error.contains("2001:db8::1")
                && f.error.contains("none of the items for this IP was sent"),
            "{}",
            f.error
        );
    }
    assert_eq!(
        (r.failed[1].vendor.as_deref(), r.failed[1].region.as_deref()),
        (Some("aws"), Some("us-east-1"))
    );
}

#[test]
fn a_region_difference_alone_is_a_conflict() {
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "aws", "us-east-2"),
    ];
    let plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(plan.chunk_count(), 0);
    let r = plan.finish(0);
    assert_eq!(r.failed.len(), 2);
    assert!(r.failed[0].error.starts_with("conflicts with items[1]"));
    assert!(r.failed[1].error.starts_with("conflicts with items[0]"));
}

#[test]
fn with_three_duplicates_every_one_is_rejected() {
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "gcp", "x"),
    ];
    let plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(plan.chunk_count(), 0);
    let r = plan.finish(0);
    assert_eq!(r.failed.len(), 3);
    assert!(
        r.failed[0].error.starts_with("conflicts with items[2]"),
        "{}",
        r.failed[0].error
    );
    assert!(
        r.failed[2].error.starts_with("conflicts with items[0]"),
        "{}",
        r.failed[2].error
    );
    assert!(
        r.failed[1].error.starts_with("conflicts with items["),
        "{}",
        r.failed[1].error
    );
}

#[test]
fn each_conflicting_item_names_an_item_it_really_conflicts_with() {
    // Module doc: each goes to `failed`, "naming the first item it conflicts with".
    // items[1] agrees with items[0]; the first item it conflicts with is items[2].
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "gcp", "x"),
    ];
    let r = Plan::upserts(&items, None).unwrap().finish(0);
    let named: Vec<&str> = r
        .failed
        .iter()
        .map(|f| f.error.split(':').next().unwrap())
        .collect();
    assert_eq!(
        named,
        [
            "conflicts with items[2]",
            "conflicts with items[2]",
            "conflicts with items[0]"
        ]
    );
}

#[test]
fn invalid_items_do_not_conflict_with_valid_ones() {
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "nope", "us-east-1"),
    ];
    let mut plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(sent_ips(&plan), ["192.0.2.1"]);
    record_all_ok(&mut plan);
    let r = plan.finish(1);
    assert_eq!(r.succeeded.len(), 1);
    assert!(r.failed[0].error.starts_with("items[1].vendor"));
}

#[test]
fn delete_duplicates_collapse() {
    let ips = [
        text("2001:db8::1"),
        text("2001:DB8::1"),
        text("192.0.2.1"),
        text("2001:0db8:0:0:0:0:0:1"),
    ];
    let mut plan = Plan::deletes(&ips);
    assert_eq!(sent_ips(&plan), ["2001:db8::1", "192.0.2.1"]);
    plan.record(
        0,
        Ok(wire(json!({ "succeeded": [{ "origin_ip": "2001:db8::1" }], "failed": [{ "origin_ip": "192.0.2.1", "error": "no mapping" }] }))),
    );
    let r = plan.finish(1);
    assert_eq!(
        inputs_s(&r),
        ["2001:db8::1", "2001:DB8::1", "2001:0db8:0:0:0:0:0:1"]
    );
    assert!(r.succeeded.iter().all(|s| s.ip == "2001:db8::1"));
    assert_eq!(r.failed.len(), 1);
    assert_eq!(r.failed[0].error, "no mapping");
}

// ---- the zone limit ------------------------------------------------------------------------------

#[test]
fn up_to_3500_distinct_ips_are_planned() {
    let plan = Plan::upserts(&distinct_items(3_500), None).unwrap();
    assert_eq!(plan.chunk_count(), 35);
}

#[test]
fn more_than_3500_distinct_ips_are_refused_as_a_whole() {
    let e = Plan::upserts(&distinct_items(3_501), None).unwrap_err();
    assert_eq!(e.kind(), "validation");
    let msg = e.to_string();
    assert!(msg.starts_with("items"), "{msg}");
    assert!(
        msg.contains("3501") && msg.contains("3500") && msg.contains("nothing was sent"),
        "{msg}"
    );
}

#[test]
fn duplicates_and_invalid_items_do_not_count_towards_the_limit() {
    let mut items = distinct_items(3_500);
    items.extend((0..50).map(|i| item(&nth_ip(i), "aws", "us-east-1"))); // identical duplicates
    items.extend((0..50).map(|i| item(&format!("10.0.0.{i:03}"), "aws", "us-east-1"))); // leading zeros: invalid
    items.extend((0..10).map(|_| RawItem::NotObject("boolean")));
    items.push(item("10.200.0.1", "AWS", "us-east-1")); // invalid vendor on a new IP
    let plan = Plan::upserts(&items, None).unwrap();
    assert_eq!(plan.chunk_count(), 35);
    assert_eq!(sent_ips(&plan).len(), 3_500);
}

// ---- merging answers -----------------------------------------------------------------------------

#[test]
fn server_spelling_of_ips_is_matched_after_canonicalisation() {
    let items = [
        item("2001:db8::1", "aws", "us-east-1"),
        item("::ffff:192.0.2.1", "aws", "us-east-1"),
        item("2001:db8::2", "aws", "us-east-1"),
    ];
    let mut plan = Plan::upserts(&items, None).unwrap();
    plan.record(
        0,
        Ok(wire(json!({
            "succeeded": [{ "origin_ip": "2001:0DB8:0000:0000:0000:0000:0000:0001" }, { "origin_ip": "::FFFF:C000:0201" }],
            "failed": [{ "origin_ip": "2001:DB8::2", "error": "Failed to validate region against cloud vendor" }]
        }))),
    );
    let r = plan.finish(1);
    assert_eq!(inputs_s(&r), ["2001:db8::1", "::ffff:192.0.2.1"]);
    assert_eq!(r.failed[0].input, "2001:db8::2");
    assert_eq!(
        r.failed[0].error,
        "Failed to validate region against cloud vendor"
    );
}

#[test]
fn v1_answers_with_origin_dash_ip_are_matched() {
    let mut plan = Plan::upserts(&[item("192.0.2.1", "aws", "us-east-1")], None).unwrap();
    let v1: WireBatch = serde_json::from_value(
        json!({ "succeeded": [{ "origin-ip": "192.0.2.1" }], "failed": [] }),
    )
    .unwrap();
    plan.record(0, Ok(v1));
    assert_eq!(plan.finish(1).succeeded.len(), 1);
}

#[test]
fn items_the_server_omits_fail() {
    let mut plan = Plan::upserts(&distinct_items(3), None).unwrap();
    plan.record(
        0,
        Ok(wire(
            json!({ "succeeded": [{ "origin_ip": nth_ip(1) }], "failed": [] }),
        )),
    );
    let r = plan.finish(1);
    assert_eq!(inputs_s(&r), [nth_ip(1)]);
    assert_eq!(inputs_f(&r), [nth_ip(0), nth_ip(2)]);
    for f in &r.failed {
        assert!(f.error.contains("no outcome"), "{}", f.error);
    }
}

#[test]
fn a_failed_item_without_a_reason_still_says_why() {
    let mut plan = Plan::upserts(&distinct_items(1), None).unwrap();
    plan.record(
        0,
        Ok(wire(
            json!({ "succeeded": [], "failed": [{ "origin_ip": nth_ip(0) }] }),
        )),
    );
    let r = plan.finish(1);
    assert!(!r.failed[0].error.is_empty());
    assert!(
        r.failed[0].error.contains("refused by the API"),
        "{}",
        r.failed[0].error
    );
}

#[test]
fn ips_the_server_invents_or_takes_from_other_chunks_are_ignored() {
    let mut plan = Plan::upserts(&distinct_items(150), None).unwrap();
    // Chunk 1 answers for an IP of chunk 0 and for one never asked for.
    plan.record(
        1,
        Ok(wire(json!({
            "succeeded": (100..150).map(|i| json!({ "origin_ip": nth_ip(i) })).chain([json!({ "origin_ip": nth_ip(0) }), json!({ "origin_ip": "198.51.100.1" })]).collect::<Vec<_>>(),
            "failed": []
        }))),
    );
    plan.record(
        0,
        Ok(wire(
            json!({ "succeeded": [], "failed": [{ "origin_ip": nth_ip(0), "error": "nope" }] }),
        )),
    );
    let r = plan.finish(2);
    assert_eq!(r.succeeded.len(), 50);
    assert_eq!(r.failed.len(), 100);
    assert_eq!(r.failed[0].error, "nope");
    assert!(r.succeeded.iter().all(|s| s.ip != "198.51.100.1"));
}

#[test]
fn a_chunk_error_fails_exactly_that_chunks_items() {
    let mut plan = Plan::upserts(&distinct_items(250), None).unwrap();
    assert_eq!(plan.chunk_count(), 3);
    let a0 = all_ok(&plan, 0);
    let a2 = all_ok(&plan, 2);
    plan.record(0, Ok(a0));
    plan.record(
        1,
        Err("Cloudflare API answered HTTP 500: Internal error (code 1140)".into()),
    );
    plan.record(2, Ok(a2));
    let r = plan.finish(5);
    assert_eq!(r.requests, 5);
    assert_eq!(inputs_f(&r), (100..200).map(nth_ip).collect::<Vec<_>>());
    assert!(r
        .failed
        .iter()
        .all(|f| f.error == "Cloudflare API answered HTTP 500: Internal error (code 1140)"));
    assert_eq!(
        inputs_s(&r),
        (0..100).chain(200..250).map(nth_ip).collect::<Vec<_>>()
    );
    assert!(r
        .succeeded
        .iter()
        .all(|s| s.vendor.as_deref() == Some("aws") && s.region.as_deref() == Some("us-east-1")));
}

#[test]
fn unrecorded_chunks_are_not_reported_as_applied() {
    let plan = Plan::upserts(&distinct_items(2), None).unwrap();
    let r = plan.finish(0);
    assert!(r.succeeded.is_empty());
    assert_eq!(r.failed.len(), 2);
}

#[test]
fn batch_results_serialise_to_the_js_shape() {
    let mut plan = Plan::upserts(
        &[
            item("192.0.2.1", "aws", "us-east-1"),
            item("x", "aws", "us-east-1"),
        ],
        None,
    )
    .unwrap();
    record_all_ok(&mut plan);
    let js = support::to_value(&plan.finish(1));
    assert_eq!(
        js["succeeded"],
        json!([{ "ip": "192.0.2.1", "input": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }])
    );
    assert_eq!(js["failed"][0]["ip"], "x");
    assert_eq!(js["failed"][0]["input"], "x");
    assert!(js["failed"][0]["error"]
        .as_str()
        .unwrap()
        .starts_with("items[1].ip"));
    assert_eq!(js["requests"], 1);
}

// ---- the invariant, over random mixes ----------------------------------------------------------

/// One generated input item.
#[derive(Debug, Clone)]
enum Gen {
    /// A valid item: IP number `k` in one of its spellings, and `alt` picks the other vendor/region.
    Valid { k: u16, spelling: u8, alt: bool },
    /// An invalid item of one of several kinds.
    Invalid(u8),
}

fn ip_spelling(k: u16, spelling: u8) -> String {
    if k < 16 {
        // A few IPv4 addresses, written only one way.
        return format!("198.51.100.{k}");
    }
    match spelling % 4 {
        0 => format!("2001:db8::{k:x}"),
        1 => format!("2001:DB8::{k:X}"),
        2 => format!("2001:db8:0:0:0:0:0:{k:x}"),
        _ => format!("2001:0DB8:0000:0000:0000:0000:0000:{k:04X}"),
    }
}

fn vendor_region(k: u16, alt: bool) -> (&'static str, &'static str) {
    match k.is_multiple_of(2) ^ alt {
        true => ("aws", "us-east-1"),
        false => ("gcp", "us-central1"),
    }
}

fn raw(g: &Gen) -> RawItem {
    match g {
        Gen::Valid { k, spelling, alt } => {
            let (v, r) = vendor_region(*k, *alt);
            item(&ip_spelling(*k, *spelling), v, r)
        }
        Gen::Invalid(kind) => match kind % 5 {
            0 => item("198.51.100.01", "aws", "us-east-1"),
            1 => item("2001:db8::1", "ibm", "us-east-1"),
            2 => item("2001:db8::2", "aws", "US EAST"),
            3 => RawItem::NotObject("number"),
            _ => RawItem::Mapping {
                ip: Field::Other("null"),
                vendor: text("aws"),
                region: text("us-east-1"),
            },
        },
    }
}

fn gen_item() -> impl Strategy<Value = Gen> {
    prop_oneof![
        8 => (0u16..260, any::<u8>(), prop::bool::weighted(0.05)).prop_map(|(k, spelling, alt)| Gen::Valid { k, spelling, alt }),
        1 => any::<u8>().prop_map(Gen::Invalid),
    ]
}

/// What the server does with one chunk: fail as a whole, or per item
/// (0 succeeded, 1 failed, 2 omitted) with a spelling for its answer.
#[derive(Debug, Clone)]
enum ChunkAnswer {
    Error,
    Items(Vec<(u8, u8)>),
}

fn gen_answer() -> impl Strategy<Value = ChunkAnswer> {
    prop_oneof![
        1 => Just(ChunkAnswer::Error),
        4 => prop::collection::vec((0u8..3, any::<u8>()), 100).prop_map(ChunkAnswer::Items),
    ]
}

/// A non-canonical spelling the server might answer with.
fn respell(ip: &str, how: u8) -> String {
    match how % 3 {
        0 => ip.to_owned(),
        1 => ip.to_uppercase(),
        _ => match ip.parse::<std::net::IpAddr>().unwrap() {
            std::net::IpAddr::V6(v6) => v6
                .segments()
                .iter()
                .map(|s| format!("{s:04x}"))
                .collect::<Vec<_>>()
                .join(":"),
            v4 => v4.to_string(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_item_ends_up_in_exactly_one_list_in_input_order(
        gens in prop::collection::vec(gen_item(), 0..450),
        answers in prop::collection::vec(gen_answer(), 5),
    ) {
        let items: Vec<RawItem> = gens.iter().map(raw).collect();
        let mut plan = Plan::upserts(&items, None).unwrap();

        // The model: canonical IP and (vendor, region) of each valid item.
        let valid: Vec<Option<(String, (&str, &str))>> = gens
            .iter()
            .map(|g| match g {
                Gen::Valid { k, spelling, alt } => Some((ip::canonicalize(&ip_spelling(*k, *spelling)).unwrap(), vendor_region(*k, *alt))),
                Gen::Invalid(_) => None,
            })
            .collect();
        let mut groups: BTreeMap<&str, HashSet<(&str, &str)>> = BTreeMap::new();
        let mut first_seen: Vec<&str> = vec![];
        for (ip, vr) in valid.iter().flatten() {
            if !groups.contains_key(ip.as_str()) {
                first_seen.push(ip);
            }
            groups.entry(ip).or_default().insert(*vr);
        }
        let conflicted = |ip: &str| groups[ip].len() > 1;
        let expected_sent: Vec<&str> = first_seen.iter().copied().filter(|ip| !conflicted(ip)).collect();

        // What is sent: every non-conflicting valid IP once, in order, ≤100 a request, fewest requests.
        prop_assert_eq!(plan.chunk_count(), expected_sent.len().div_ceil(100));
        let sent = sent_ips(&plan);
        prop_assert_eq!(&sent, &expected_sent);
        for n in 0..plan.chunk_count() {
            prop_assert!(plan.chunk_mappings(n).len() <= 100);
            prop_assert_eq!(plan.chunk_mappings(n).len(), plan.chunk_ips(n).len());
        }

        // Answer each chunk; remember which IPs the server applied.
        let mut applied: HashSet<String> = HashSet::new();
        for n in 0..plan.chunk_count() {
            let ips = plan.chunk_ips(n);
            match &answers[n % answers.len()] {
                ChunkAnswer::Error => plan.record(n, Err(format!("chunk {n} failed"))),
                ChunkAnswer::Items(how) => {
                    let mut succeeded = vec![];
                    let mut failed = vec![];
                    for (ip, (fate, spelling)) in ips.iter().zip(how) {
                        match fate {
                            0 => {
                                applied.insert(ip.clone());
                                succeeded.push(json!({ "origin_ip": respell(ip, *spelling) }));
                            }
                            1 => failed.push(json!({ "origin_ip": respell(ip, *spelling), "error": format!("refused {ip}") })),
                            _ => {}
                        }
                    }
                    // The server lists failures first and in another order: order must not matter.
                    failed.reverse();
                    plan.record(n, Ok(wire(json!({ "failed": failed, "succeeded": succeeded }))));
                }
            }
        }
        let requests = plan.chunk_count() as u32;
        let r = plan.finish(requests);

        // Every item exactly once, in input order.
        prop_assert_eq!(r.succeeded.len() + r.failed.len(), items.len());
        prop_assert_eq!(r.requests, requests);
        let mut expected_s = vec![];
        let mut expected_f = vec![];
        for (i, v) in valid.iter().enumerate() {
            let input = match &items[i] {
                RawItem::Mapping { ip: Field::Text(s), .. } => s.clone(),
                RawItem::Mapping { ip, .. } => format!("<{}>", ip.type_name()),
                RawItem::NotObject(t) => format!("<{t}>"),
            };
            match v {
                Some((ip, _)) if !conflicted(ip) && applied.contains(ip) => expected_s.push((input, ip.clone())),
                Some((ip, _)) => expected_f.push((input, Some(ip.clone()))),
                None => expected_f.push((input, None)),
            }
        }
        let got_s: Vec<(String, String)> = r.succeeded.iter().map(|s| (s.input.clone(), s.ip.clone())).collect();
        prop_assert_eq!(got_s, expected_s);
        let got_f: Vec<&str> = r.failed.iter().map(|f| f.input.as_str()).collect();
        prop_assert_eq!(got_f, expected_f.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>());
        for (f, (_, ip)) in r.failed.iter().zip(&expected_f) {
            prop_assert!(!f.error.is_empty());
            if let Some(ip) = ip {
                prop_assert_eq!(&f.ip, ip);
                if conflicted(ip) {
                    prop_assert!(f.error.starts_with("conflicts with items["), "{}", f.error);
                }
            } else {
                prop_assert!(f.error.starts_with("items["), "{}", f.error);
            }
        }
    }

    #[test]
    fn delete_plans_keep_the_invariant(
        picks in prop::collection::vec((0u16..300, any::<u8>(), prop::bool::weighted(0.1)), 0..400),
        fails in prop::collection::vec(any::<bool>(), 4),
    ) {
        let fields: Vec<Field> = picks
            .iter()
            .map(|(k, s, bad)| if *bad { text(&format!("2001:db8::{k:x}/64")) } else { text(&ip_spelling(*k, *s)) })
            .collect();
        let mut plan = Plan::deletes(&fields);
        let mut distinct: Vec<String> = vec![];
        for ((k, s, bad), _) in picks.iter().zip(&fields) {
            if !bad {
                let c = ip::canonicalize(&ip_spelling(*k, *s)).unwrap();
                if !distinct.contains(&c) {
                    distinct.push(c);
                }
            }
        }
        prop_assert_eq!(sent_ips(&plan), distinct.clone());
        let mut failed_chunks = HashSet::new();
        for n in 0..plan.chunk_count() {
            if fails[n % fails.len()] {
                failed_chunks.extend(plan.chunk_ips(n));
                plan.record(n, Err("boom".into()));
            } else {
                let a = all_ok(&plan, n);
                plan.record(n, Ok(a));
            }
        }
        let r = plan.finish(0);
        prop_assert_eq!(r.succeeded.len() + r.failed.len(), fields.len());
        let expect_ok: Vec<String> = picks
            .iter()
            .filter(|(_, _, bad)| !bad)
            .map(|(k, s, _)| ip::canonicalize(&ip_spelling(*k, *s)).unwrap())
            .filter(|c| !failed_chunks.contains(c))
            .collect();
        prop_assert_eq!(r.succeeded.iter().map(|s| s.ip.clone()).collect::<Vec<_>>(), expect_ok);
    }
}
