//! The sans-IO protocol between a call ([`Run`]) and its host, step by step:
//! what the JS driver (`src/js/support.js`) relies on. The other `core_*`
//! tests drive runs end to end through `client::drive`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use origin_regions::client::SendError;
use origin_regions::config::{ApiVersion, Options};
use origin_regions::decode::Response;
use origin_regions::run::{Action, Outcome, Run};
use origin_regions::validate::Field;
use origin_regions::Error;
use serde_json::json;
use support::*;

fn get_run(c: &origin_regions::Client, max_retries: u32) -> Run {
    c.start_get(&text("2001:DB8::1"), limits(max_retries))
        .expect("a valid IP")
}

fn mapping_ok() -> Result<Response, SendError> {
    ok(json!({ "origin_ip": "2001:db8::1", "vendor": "aws", "region": "us-east-1" }))
}

#[test]
fn a_single_call_sends_once_and_is_done_after_its_answer() {
    let c = client();
    let mut run = get_run(&c, 2);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    let req = run.request(0).expect("the attempt's request");
    assert_eq!(req.url(BASE), format!("{}/2001:db8::1", v2_root()));
    assert_eq!(
        run.poll(c.shared(), NOW_MS),
        Action::Idle,
        "nothing more until the answer"
    );
    run.answer(c.shared(), 0, mapping_ok(), NOW_MS, 0.0);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Done);
    match run.result() {
        Some(Ok(Outcome::Mapping(m))) => assert_eq!(m.ip, "2001:db8::1"),
        other => panic!("expected a mapping, got {other:?}"),
    }
    assert_eq!(run.result(), None, "the outcome is handed out once");
}

#[test]
fn a_retryable_answer_announces_a_wait_and_the_same_attempt_id_goes_again_after_it() {
    let c = client();
    let mut run = get_run(&c, 2);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    run.answer(c.shared(), 0, with_retry_after(bare(503), "3"), NOW_MS, 0.0);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Wait(3_000));
    // Time passing is not enough: the host says when the wait is over.
    assert_eq!(run.poll(c.shared(), NOW_MS + 3_000.0), Action::Wait(0));
    run.woke();
    assert_eq!(run.poll(c.shared(), NOW_MS + 3_000.0), Action::Send(0));
    run.answer(c.shared(), 0, mapping_ok(), NOW_MS + 3_100.0, 0.0);
    assert_eq!(run.poll(c.shared(), NOW_MS + 3_100.0), Action::Done);
    assert!(matches!(run.result(), Some(Ok(Outcome::Mapping(_)))));
}

#[test]
fn a_wake_without_an_announced_wait_changes_nothing() {
    let c = client();
    let mut run = get_run(&c, 2);
    run.woke();
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    run.woke();
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Idle);
}

#[test]
fn an_abort_ends_the_run_and_a_late_answer_is_ignored() {
    let c = client();
    let mut run = get_run(&c, 2);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    run.abort(c.shared(), NOW_MS);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Done);
    run.answer(c.shared(), 0, mapping_ok(), NOW_MS, 0.0);
    assert_eq!(run.result(), Some(Err(Error::Aborted)));
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Done);
}

#[test]
fn a_network_failure_after_the_last_retry_is_the_calls_error() {
    let c = client();
    let mut run = get_run(&c, 0);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    run.answer(
        c.shared(),
        0,
        Err(SendError::Network("connection refused".into())),
        NOW_MS,
        0.0,
    );
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Done);
    assert_eq!(
        run.result(),
        Some(Err(Error::Network("connection refused".into())))
    );
}

#[test]
fn a_batch_keeps_its_concurrency_and_reports_progress_after_each_answer() {
    let c = client_concurrency(2);
    let mut run = c
        .start_batch_upsert(ApiVersion::V2, &distinct_items(450), limits(0), None)
        .unwrap();
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(1));
    assert_eq!(
        run.poll(c.shared(), NOW_MS),
        Action::Idle,
        "two in flight at most"
    );
    let mut in_flight = vec![1u32, 0];
    let mut sent = 2;
    let mut reports = Vec::new();
    while let Some(id) = in_flight.pop() {
        let request = run.request(id).unwrap().clone();
        let body = request.body.as_ref().map(to_value);
        let sent_as = Sent {
            method: request.method.as_str().into(),
            url: request.url(BASE),
            headers: vec![],
            body,
            timeout_ms: 0,
        };
        run.answer(c.shared(), id, echo_batch(&sent_as), NOW_MS, 0.0);
        loop {
            match run.poll(c.shared(), NOW_MS) {
                Action::Progress(p) => reports.push((p.done, p.total, p.requests)),
                Action::Send(id) => {
                    in_flight.insert(0, id);
                    sent += 1;
                }
                Action::Idle | Action::Done => break,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(in_flight.len() <= 2);
    }
    assert_eq!(sent, 5);
    assert_eq!(reports.last(), Some(&(450, 450, 5)));
    assert_eq!(reports.len(), 5, "one report per request");
    match run.result() {
        Some(Ok(Outcome::Batch(r))) => {
            assert_eq!((r.succeeded.len(), r.failed.len(), r.requests), (450, 0, 5))
        }
        other => panic!("expected a batch result, got {other:?}"),
    }
}

#[test]
fn a_batch_aborted_midway_accounts_for_sent_and_unsent_requests() {
    let c = client_concurrency(1);
    let mut run = c
        .start_batch_upsert(ApiVersion::V2, &distinct_items(250), limits(0), None)
        .unwrap();
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    run.abort(c.shared(), NOW_MS);
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Done);
    let Some(Err(Error::AbortedBatch(partial))) = run.result() else {
        panic!("an aborted batch says what became of each item");
    };
    let in_flight = partial
        .failed
        .iter()
        .filter(|f| f.error.contains("in flight"))
        .count();
    let not_sent = partial
        .failed
        .iter()
        .filter(|f| f.error.starts_with("not sent"))
        .count();
    assert_eq!((in_flight, not_sent, partial.requests), (100, 150, 1));
}

#[test]
fn the_rate_limit_turns_into_a_wait_before_the_attempt_past_it() {
    let c = client_from(&Options {
        rate_limit: (Field::Number(1.0), Field::Number(1_000.0)),
        ..token_options()
    });
    let mut first = get_run(&c, 0);
    let mut second = get_run(&c, 0);
    assert_eq!(first.poll(c.shared(), NOW_MS), Action::Send(0));
    assert!(
        matches!(second.poll(c.shared(), NOW_MS), Action::Wait(_)),
        "the one slot is held by the first call's attempt"
    );
    first.answer(c.shared(), 0, mapping_ok(), NOW_MS + 10.0, 0.0);
    match second.poll(c.shared(), NOW_MS + 10.0) {
        Action::Wait(ms) => assert!(ms > 0 && ms <= 1_000, "{ms}"),
        other => panic!("expected a wait, got {other:?}"),
    }
    second.woke();
    assert_eq!(second.poll(c.shared(), NOW_MS + 1_010.0), Action::Send(0));
}

#[test]
fn pages_answered_in_any_order_come_out_in_page_order() {
    let c = client();
    let mut run = c.start_list_all(&Field::Missing, limits(0)).unwrap();
    let page = |n: usize| {
        let items: Vec<_> = (0..2)
            .map(|i| json!({ "origin_ip": nth_ip(n * 2 + i), "vendor": "aws", "region": "us-east-1" }))
            .collect();
        let info = json!({ "page": n + 1, "per_page": 2, "total_count": 8, "total_pages": 4 });
        Ok(resp(
            200,
            json!({ "success": true, "errors": [], "result": items, "result_info": info }),
        ))
    };
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Send(0));
    run.answer(c.shared(), 0, page(0), NOW_MS, 0.0);
    // Pages 2 to 4 go out side by side, and come back last first.
    let ids: Vec<u32> = (0..3)
        .map(|_| match run.poll(c.shared(), NOW_MS) {
            Action::Send(id) => id,
            other => panic!("expected a send, got {other:?}"),
        })
        .collect();
    for (k, &id) in ids.iter().enumerate().rev() {
        run.answer(c.shared(), id, page(k + 1), NOW_MS, 0.0);
    }
    assert_eq!(run.poll(c.shared(), NOW_MS), Action::Done);
    match run.result() {
        Some(Ok(Outcome::Mappings(all))) => {
            let ips: Vec<String> = all.into_iter().map(|m| m.ip).collect();
            assert_eq!(ips, (0..8).map(nth_ip).collect::<Vec<_>>());
        }
        other => panic!("expected the mappings, got {other:?}"),
    }
}
