//! plan / apply / sync through the fake transport: the fewest requests, an
//! empty second sync, and the rate limiter.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use origin_regions::client::BatchHooks;
use origin_regions::config::Options;
use origin_regions::validate::Field;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use support::*;

/// A zone kept in memory behind the fake: v2 list pages, batch upserts and deletes.
fn zone_fake(zone: Rc<RefCell<Vec<(String, String, String)>>>) -> Fake {
    Fake::with_handler(move |s, _| {
        let mut z = zone.borrow_mut();
        match s.method.as_str() {
            "GET" => {
                let q = |k: &str| -> usize {
                    let at = s.url.find(&format!("{k}=")).unwrap() + k.len() + 1;
                    s.url[at..].split('&').next().unwrap().parse().unwrap()
                };
                let (page, per) = (q("page"), q("per_page"));
                let items: Vec<Value> = z
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(|(ip, v, r)| json!({ "origin_ip": ip, "vendor": v, "region": r }))
                    .collect();
                let total = z.len();
                Ok(resp(
                    200,
                    json!({ "success": true, "errors": [], "result": items,
                    "result_info": { "page": page, "per_page": per, "total_count": total, "total_pages": total.div_ceil(per) } }),
                ))
            }
            "PUT" => {
                for item in s.body.as_ref().unwrap().as_array().unwrap() {
                    let (ip, v, r) = (
                        item["origin_ip"].as_str().unwrap(),
                        item["vendor"].as_str().unwrap(),
                        item["region"].as_str().unwrap(),
                    );
                    match z.iter_mut().find(|m| m.0 == ip) {
                        Some(m) => *m = (ip.into(), v.into(), r.into()),
                        None => z.push((ip.into(), v.into(), r.into())),
                    }
                }
                echo_batch(s)
            }
            "DELETE" => {
                let ips = s.body_ips();
                z.retain(|m| !ips.contains(&m.0));
                echo_batch(s)
            }
            other => panic!("unexpected {other}"),
        }
    })
}

fn desired(n: usize, region: &str) -> Vec<origin_regions::batch::RawItem> {
    (0..n).map(|i| item(&nth_ip(i), "aws", region)).collect()
}

#[test]
fn syncing_3500_into_an_empty_zone_takes_35_writes_and_again_none() {
    let zone = Rc::new(RefCell::new(Vec::new()));
    let fake = zone_fake(zone.clone());
    let c = client();
    let first = block_on(c.sync(
        &fake,
        &desired(3_500, "us-east-1"),
        false,
        limits(2),
        BatchHooks::NONE,
    ))
    .unwrap();
    assert_eq!(first.plan.create.len(), 3_500);
    assert_eq!(first.applied.upserted.succeeded.len(), 3_500);
    let writes = fake.sent().iter().filter(|s| s.method != "GET").count();
    assert_eq!(writes, 35);
    assert_eq!(
        fake.sent().iter().filter(|s| s.method == "GET").count(),
        1,
        "an empty zone is one list page"
    );
    assert_eq!(zone.borrow().len(), 3_500);

    fake.sent.borrow_mut().clear();
    let second = block_on(c.sync(
        &fake,
        &desired(3_500, "us-east-1"),
        true,
        limits(2),
        BatchHooks::NONE,
    ))
    .unwrap();
    assert!(second.plan.is_empty());
    assert_eq!(second.plan.unchanged.len(), 3_500);
    assert_eq!(second.applied.requests, 0);
    let sent = fake.sent();
    assert!(
        sent.iter().all(|s| s.method == "GET"),
        "no write on an equal zone"
    );
    assert_eq!(
        sent.len(),
        35,
        "listing 3,500 takes 35 pages of 100, none past the end"
    );
}

#[test]
fn changes_and_prunes_in_the_fewest_requests() {
    let zone = Rc::new(RefCell::new(Vec::new()));
    let fake = zone_fake(zone.clone());
    let c = client();
    block_on(c.sync(
        &fake,
        &desired(250, "us-east-1"),
        false,
        limits(2),
        BatchHooks::NONE,
    ))
    .unwrap();
    fake.sent.borrow_mut().clear();
    // The first 120 move region; the last 130 are no longer wanted.
    let plan = block_on(c.plan(&fake, &desired(120, "eu-west-1"), true, limits(2))).unwrap();
    assert_eq!(
        (plan.change.len(), plan.delete.len(), plan.create.len()),
        (120, 130, 0)
    );
    assert_eq!((plan.before, plan.after), (250, 120));
    let upserts: Vec<_> = plan
        .upserts()
        .map(|m| item(&m.ip, &m.vendor, &m.region))
        .collect();
    let deletes: Vec<Field> = plan.delete.iter().map(|m| text(&m.ip)).collect();
    let seen = RefCell::new(Vec::new());
    let progress = |p| seen.borrow_mut().push(p);
    let applied = block_on(c.apply(
        &fake,
        &upserts,
        &deletes,
        limits(2),
        BatchHooks {
            concurrency: Some(1),
            progress: &progress,
        },
    ))
    .unwrap();
    assert_eq!(
        (
            applied.upserted.succeeded.len(),
            applied.deleted.succeeded.len(),
            applied.requests
        ),
        (120, 130, 4)
    );
    let last = *seen.borrow().last().unwrap();
    assert_eq!((last.done, last.total, last.requests), (250, 250, 4));
    assert_eq!(zone.borrow().len(), 120);
    assert!(zone.borrow().iter().all(|m| m.2 == "eu-west-1"));
}

#[test]
fn a_plan_past_the_zone_limit_sends_no_write() {
    let zone = Rc::new(RefCell::new(
        (0..3_000)
            .map(|i| {
                (
                    nth_ip(100_000 + i),
                    "aws".to_string(),
                    "us-east-1".to_string(),
                )
            })
            .collect(),
    ));
    let fake = zone_fake(zone);
    let e = block_on(client().sync(
        &fake,
        &desired(600, "us-east-1"),
        false,
        limits(2),
        BatchHooks::NONE,
    ))
    .unwrap_err();
    assert_eq!(e.kind(), "validation");
    assert!(e.to_string().contains("past the limit of 3500"), "{e}");
    assert!(fake.sent().iter().all(|s| s.method == "GET"));
}

#[test]
fn the_rate_limiter_spaces_requests_past_its_budget() {
    let zone = Rc::new(RefCell::new(Vec::new()));
    let fake = zone_fake(zone);
    let o = Options {
        rate_limit: (Field::Number(10.0), Field::Number(60_000.0)),
        ..token_options()
    };
    let c = client_from(&o);
    fake.advance_clock.set(true);
    block_on(c.batch_upsert(
        &fake,
        origin_regions::config::ApiVersion::V2,
        &desired(1_500, "us-east-1"),
        limits(0),
    ))
    .unwrap();
    assert_eq!(fake.requests(), 15);
    // Answers come back at once: the 5 requests past the budget of 10 wait one window in all.
    assert_eq!(fake.sleeps(), [60_000], "{:?}", fake.sleeps());
    let off = client_from(&Options {
        rate_limit_off: true,
        ..token_options()
    });
    let fake = zone_fake(Rc::new(RefCell::new(Vec::new())));
    block_on(off.batch_upsert(
        &fake,
        origin_regions::config::ApiVersion::V2,
        &desired(1_500, "us-east-1"),
        limits(0),
    ))
    .unwrap();
    assert!(fake.sleeps().is_empty());
}

#[test]
fn an_abort_during_apply_accounts_for_every_item_of_both_phases() {
    use origin_regions::client::SendError;
    let c = client();
    let upserts: Vec<_> = (0..150)
        .map(|i| item(&nth_ip(i), "aws", "us-east-1"))
        .collect();
    let deletes: Vec<Field> = (1_000..1_120).map(|i| text(&nth_ip(i))).collect();
    // The apply's error when the caller aborts at request `at` (one at a time).
    let aborted_at = |at: usize| {
        let fake = Fake::with_handler(move |s, i| {
            if i == at {
                Err(SendError::Aborted)
            } else {
                echo_batch(s)
            }
        });
        block_on(c.apply(
            &fake,
            &upserts,
            &deletes,
            limits(0),
            BatchHooks {
                concurrency: Some(1),
                progress: &|_| (),
            },
        ))
        .unwrap_err()
    };
    // Abort on the second upsert request: the deletes were never sent.
    let e = aborted_at(1);
    assert_eq!(e.kind(), "aborted");
    let json: Value = serde_json::from_str(&e.partial_json().unwrap()).unwrap();
    assert_eq!(json["upserted"]["succeeded"].as_array().unwrap().len(), 100);
    assert_eq!(json["upserted"]["failed"].as_array().unwrap().len(), 50);
    let deleted_failed = json["deleted"]["failed"].as_array().unwrap();
    assert_eq!(deleted_failed.len(), 120);
    assert!(deleted_failed
        .iter()
        .all(|f| f["error"].as_str().unwrap().starts_with("not sent")));
    // Abort during the deletes: the upserts applied before stay reported.
    let e = aborted_at(2);
    let json: Value = serde_json::from_str(&e.partial_json().unwrap()).unwrap();
    assert_eq!(json["upserted"]["succeeded"].as_array().unwrap().len(), 150);
    assert_eq!(json["deleted"]["failed"].as_array().unwrap().len(), 120);
    assert_eq!(json["requests"], 3);
}
