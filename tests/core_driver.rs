#![cfg(not(target_arch = "wasm32"))]
//! The one driver that ships in the wasm, driven over the fake transport:
//! a wait the run announces is raced against the answers in flight, and
//! what the run did is logged at the client's level, without credentials.

mod support;

use origin_regions::config::{ApiVersion, LogLevel, Options};
use origin_regions::validate::Field;
use support::*;

fn n(v: f64) -> Field {
    Field::Number(v)
}

/// A batch of two requests under a rate limit of one a second, with
/// answers slower than the waits: the second request's wait for the
/// limiter runs while the first is in flight (the driver races the two),
/// and the call still ends with both requests answered.
#[test]
fn a_wait_runs_while_requests_are_in_flight() {
    let c = client_from(&Options {
        concurrency: n(2.0),
        rate_limit: (n(1.0), n(1000.0)),
        ..token_options()
    });
    let fake = Fake::with_handler(|sent, _| echo_batch(sent));
    fake.extra_yields.set(20);
    fake.advance_clock.set(true);
    let items: Vec<_> = (0..200)
        .map(|i| item(&format!("10.0.{}.{}", i / 100, i % 100), "aws", "us-east-1"))
        .collect();
    let r = block_on(c.batch_upsert(&fake, ApiVersion::V2, &items, limits(0))).unwrap();
    assert_eq!((r.succeeded.len(), r.failed.len(), r.requests), (200, 0, 2));
    assert!(
        fake.sleeps_in_flight.get() > 0,
        "a wait began while a request was in flight: {:?}",
        fake.sleeps()
    );
}

fn debug_client() -> origin_regions::Client {
    client_from(&Options {
        log_level: text("debug"),
        ..token_options()
    })
}

#[test]
fn debug_logs_every_attempt_and_every_wait_with_its_reason() {
    let c = debug_client();
    let fake = Fake::new(vec![
        fail(503, 1140, "internal"),
        with_retry_after(fail(429, 971, "slow down"), "2"),
        ok(serde_json::json!({ "origin_ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1" })),
    ]);
    fake.advance_clock.set(true);
    let m = block_on(c.get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    assert_eq!(m.ip, "192.0.2.1");
    let logs = fake.logs.borrow().clone();
    let path = format!("GET /zones/{ZONE}/origin/cloud_regions/192.0.2.1");
    let expected = [
        (
            LogLevel::Debug,
            format!("origin-regions: {path} → HTTP 503 (attempt 1, 0 ms)"),
        ),
        (
            LogLevel::Warn,
            format!("origin-regions: {path} → HTTP 503; retrying (attempt 2) in 250 ms (backoff)"),
        ),
        (
            LogLevel::Debug,
            format!("origin-regions: {path} → HTTP 429 (attempt 2, 0 ms)"),
        ),
        (
            LogLevel::Warn,
            format!(
                "origin-regions: {path} → HTTP 429; retrying (attempt 3) in 2000 ms (Retry-After)"
            ),
        ),
        (
            LogLevel::Debug,
            format!("origin-regions: {path} → HTTP 200 (attempt 3, 0 ms)"),
        ),
    ];
    assert_eq!(logs, expected);
    for (_, line) in &logs {
        assert!(!line.contains(TOKEN));
    }
}

#[test]
fn warn_is_the_default_and_off_logs_nothing() {
    let answers = || {
        vec![
            fail(503, 1140, "internal"),
            ok(
                serde_json::json!({ "origin_ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }),
            ),
        ]
    };
    let fake = Fake::new(answers());
    block_on(client().get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    let logs = fake.logs.borrow().clone();
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert_eq!(logs[0].0, LogLevel::Warn);
    let off = client_from(&Options {
        log_level: text("off"),
        ..token_options()
    });
    let fake = Fake::new(answers());
    block_on(off.get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    assert!(fake.logs.borrow().is_empty());
}

#[test]
fn the_first_v1_call_is_warned_about_once_per_client() {
    let c = client_v1();
    let list = || ok(setting(serde_json::json!([])));
    let fake = Fake::new(vec![list(), list()]);
    block_on(c.list(&fake, &Field::Missing, &Field::Missing, limits(0))).unwrap();
    block_on(c.list(&fake, &Field::Missing, &Field::Missing, limits(0))).unwrap();
    let warnings: Vec<_> = fake
        .logs
        .borrow()
        .iter()
        .filter(|(l, m)| *l == LogLevel::Warn && m.contains("end of life of 2026-10-01"))
        .cloned()
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn a_bad_log_level_is_refused_naming_the_option() {
    let e = origin_regions::config::Config::new(
        &Options {
            log_level: text("verbose"),
            ..token_options()
        },
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "options.logLevel \"verbose\": must be 'debug', 'info', 'warn', 'error' or 'off'"
    );
}
