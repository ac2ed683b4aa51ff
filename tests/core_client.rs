#![cfg(not(target_arch = "wasm32"))]
//! The client driven through a fake transport: the exact requests of every
//! method, validation before sending, credentials, retries, aborts, paging,
//! batches and the supported-regions catalogue.

mod support;

use origin_regions::batch::RawItem;
use origin_regions::client::{Pager, SendError};
use origin_regions::config::{ApiVersion, Options};
use origin_regions::error::ApiMessage;
use origin_regions::model::{Deleted, Mapping};
use origin_regions::validate::Field;
use origin_regions::{Client, Error};
use serde_json::{json, Value};
use support::*;

const M: Field = Field::Missing;

fn n(v: f64) -> Field {
    Field::Number(v)
}

fn mapping(ip: &str, vendor: &str, region: &str) -> Mapping {
    Mapping {
        ip: ip.into(),
        vendor: vendor.into(),
        region: region.into(),
        modified_on: None,
    }
}

fn v2_entry(ip: &str, vendor: &str, region: &str) -> Value {
    json!({ "origin_ip": ip, "vendor": vendor, "region": region })
}

fn v1_entry(ip: &str, vendor: &str, region: &str) -> Value {
    json!({ "origin-ip": ip, "vendor": vendor, "region": region })
}

fn page_answer(
    items: Vec<Value>,
    page: u32,
    per_page: u32,
    total_count: u32,
    total_pages: u32,
) -> Result<origin_regions::decode::Response, SendError> {
    Ok(resp(
        200,
        json!({
            "success": true, "errors": [], "messages": [], "result": items,
            "result_info": { "page": page, "per_page": per_page, "count": 0, "total_count": total_count, "total_pages": total_pages }
        }),
    ))
}

/// `update` of `[ip, vendor, region]`, as the caller typed them.
fn update(
    c: &Client,
    fake: &Fake,
    [ip, vendor, region]: [&str; 3],
    max_retries: u32,
) -> Result<Mapping, Error> {
    block_on(c.update(
        fake,
        &text(ip),
        &text(vendor),
        &text(region),
        limits(max_retries),
    ))
}

#[track_caller]
fn assert_api_error(e: &Error, status: u16, code: u32) {
    assert_eq!(
        (e.kind(), e.status(), e.code()),
        ("api", Some(status), Some(code)),
        "{e:?}"
    );
}

#[track_caller]
fn assert_validation(e: Error, starts_with: &str) {
    assert_eq!(e.kind(), "validation", "{e:?}");
    assert!(e.to_string().starts_with(starts_with), "{e}");
}

// ---- every method sends exactly its request ----------------------------------------------------

#[test]
fn list_v2_sends_page_and_per_page_and_returns_the_page() {
    let fake = Fake::new(vec![page_answer(
        vec![v2_entry("2001:DB8::1", "gcp", "us-central1")],
        1,
        20,
        1,
        1,
    )]);
    let page = block_on(client().list(&fake, &M, &M, limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("GET", &format!("{}?page=1&per_page=20", v2_root()));
    assert_eq!(s.body, None);
    assert_eq!(
        page.items,
        vec![mapping("2001:db8::1", "gcp", "us-central1")]
    );
    assert_eq!(
        (page.page, page.per_page, page.total_count, page.total_pages),
        (1, 20, 1, 1)
    );

    let fake = Fake::new(vec![page_answer(vec![], 3, 50, 120, 3)]);
    let page = block_on(client().list(&fake, &n(3.0), &n(50.0), limits(2))).unwrap();
    assert_eq!(fake.only().url, format!("{}?page=3&per_page=50", v2_root()));
    assert_eq!(
        (page.page, page.per_page, page.total_count, page.total_pages),
        (3, 50, 120, 3)
    );
}

#[test]
fn list_rejects_bad_paging_without_sending() {
    for (page, per_page, name) in [
        (n(0.0), M, "options.page"),
        (n(1.5), M, "options.page"),
        (text("1"), M, "options.page"),
        (M, n(0.0), "options.perPage"),
        (M, n(101.0), "options.perPage"),
        (M, n(f64::NAN), "options.perPage"),
    ] {
        let fake = Fake::default();
        let e = block_on(client().list(&fake, &page, &per_page, limits(2))).unwrap_err();
        assert_validation(e, name);
        assert_eq!(fake.requests(), 0);
    }
}

#[test]
fn list_v1_fetches_the_whole_list_once_and_cuts_the_page() {
    let all: Vec<Value> = (1..=5)
        .map(|i| v1_entry(&format!("192.0.2.{i}"), "aws", "us-east-1"))
        .collect();
    let fake = Fake::new(vec![ok(setting(json!(all)))]);
    let page = block_on(client_v1().list(&fake, &n(2.0), &n(2.0), limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("GET", &v1_root());
    assert_eq!(
        page.items.iter().map(|m| m.ip.as_str()).collect::<Vec<_>>(),
        ["192.0.2.3", "192.0.2.4"]
    );
    assert_eq!(
        (page.page, page.per_page, page.total_count, page.total_pages),
        (2, 2, 5, 3)
    );
}

#[test]
fn get_sends_the_canonical_ip_and_returns_the_mapping() {
    let fake = Fake::new(vec![ok(v2_entry("2001:db8::1", "aws", "us-east-1"))]);
    let m = block_on(client().get(&fake, &text("2001:DB8:0:0:0:0:0:1"), limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("GET", &format!("{}/2001:db8::1", v2_root()));
    assert_eq!(s.body, None);
    assert_eq!(m, mapping("2001:db8::1", "aws", "us-east-1"));

    let fake = Fake::new(vec![ok(setting(v1_entry("192.0.2.1", "aws", "us-east-1")))]);
    let m = block_on(client_v1().get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    assert_eq!(fake.only().url, format!("{}/192.0.2.1", v1_root()));
    assert_eq!(m, mapping("192.0.2.1", "aws", "us-east-1"));
}

#[test]
fn get_of_a_missing_mapping_is_an_api_error_and_not_retried() {
    let fake = Fake::new(vec![fail(
        404,
        1142,
        "Unable to retrieve origin_public_cloud_region setting value.",
    )]);
    let e = block_on(client().get(&fake, &text("192.0.2.1"), limits(2))).unwrap_err();
    assert_api_error(&e, 404, 1142);
    assert_eq!(fake.requests(), 1);
    assert!(fake.sleeps().is_empty());
}

#[test]
fn create_posts_v1_and_returns_the_mapping() {
    let fake = Fake::new(vec![ok(setting(v1_entry(
        "2001:db8::1",
        "gcp",
        "us-central1",
    )))]);
    // create is v1 whatever the client's default generation.
    let m = block_on(client().create(
        &fake,
        &item("2001:0DB8::1", "gcp", "us-central1"),
        limits(2),
    ))
    .unwrap();
    let s = fake.only();
    s.assert_is("POST", &v1_root());
    assert_eq!(
        s.body,
        Some(json!({ "ip": "2001:db8::1", "region": "us-central1", "vendor": "gcp" }))
    );
    assert_eq!(m, mapping("2001:db8::1", "gcp", "us-central1"));
}

#[test]
fn create_of_an_existing_mapping_rejects_with_1145() {
    let fake = Fake::new(vec![fail(
        400,
        1145,
        "Unable to create new origin_public_cloud_region setting. The zone setting already exists.",
    )]);
    let e = block_on(client().create(&fake, &item("192.0.2.1", "aws", "us-east-1"), limits(2)))
        .unwrap_err();
    assert_api_error(&e, 400, 1145);
    assert_eq!(fake.requests(), 1);
}

#[test]
fn edit_patches_v1_and_returns_the_whole_list() {
    let list = json!([
        v1_entry("192.0.2.1", "aws", "us-east-1"),
        v1_entry("2001:db8::1", "gcp", "us-central1")
    ]);
    let fake = Fake::new(vec![ok(setting(list))]);
    let all = block_on(client().edit(&fake, &item("2001:db8::1", "gcp", "us-central1"), limits(2)))
        .unwrap();
    let s = fake.only();
    s.assert_is("PATCH", &v1_root());
    assert_eq!(
        s.body,
        Some(json!({ "ip": "2001:db8::1", "region": "us-central1", "vendor": "gcp" }))
    );
    assert_eq!(
        all,
        vec![
            mapping("192.0.2.1", "aws", "us-east-1"),
            mapping("2001:db8::1", "gcp", "us-central1")
        ]
    );
}

#[test]
fn update_puts_v2_to_the_ip_and_returns_the_mapping() {
    for c in [client(), client_v1()] {
        let fake = Fake::new(vec![ok(v2_entry("192.0.2.1", "oci", "us-ashburn-1"))]);
        let m = update(&c, &fake, ["192.0.2.1", "oci", "us-ashburn-1"], 2).unwrap();
        let s = fake.only();
        s.assert_is("PUT", &format!("{}/192.0.2.1", v2_root()));
        assert_eq!(
            s.body,
            Some(json!({ "origin_ip": "192.0.2.1", "region": "us-ashburn-1", "vendor": "oci" }))
        );
        assert_eq!(m, mapping("192.0.2.1", "oci", "us-ashburn-1"));
    }
}

#[test]
fn update_body_and_path_carry_the_same_canonical_ip() {
    let fake = Fake::new(vec![ok(v2_entry("::ffff:192.0.2.1", "aws", "us-east-1"))]);
    update(
        &client(),
        &fake,
        ["0:0:0:0:0:FFFF:C000:0201", "aws", "us-east-1"],
        2,
    )
    .unwrap();
    let s = fake.only();
    assert_eq!(s.url, format!("{}/::ffff:192.0.2.1", v2_root()));
    assert_eq!(s.body.unwrap()["origin_ip"], "::ffff:192.0.2.1");
}

#[test]
fn delete_sends_a_delete_of_the_ip_in_the_configured_generation() {
    let fake = Fake::new(vec![ok(json!({ "origin_ip": "2001:db8::1" }))]);
    let d = block_on(client().delete(&fake, &text("2001:DB8::1"), limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("DELETE", &format!("{}/2001:db8::1", v2_root()));
    assert_eq!(s.body, None);
    assert_eq!(
        d,
        Deleted {
            ip: "2001:db8::1".into()
        }
    );

    let fake = Fake::new(vec![ok(setting(v1_entry("192.0.2.1", "aws", "us-east-1")))]);
    let d = block_on(client_v1().delete(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    assert_eq!(fake.only().url, format!("{}/192.0.2.1", v1_root()));
    assert_eq!(d.ip, "192.0.2.1");
}

#[test]
fn batch_edit_patches_v1_batch() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("2001:DB8::1", "gcp", "us-central1"),
    ];
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V1, &items, limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("PATCH", &format!("{}/batch", v1_root()));
    assert_eq!(
        s.body,
        Some(json!([
            { "ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" },
            { "ip": "2001:db8::1", "region": "us-central1", "vendor": "gcp" }
        ]))
    );
    assert_eq!(r.requests, 1);
    assert!(r.failed.is_empty());
    assert_eq!(
        support::to_value(&r.succeeded),
        json!([
            { "ip": "192.0.2.1", "input": "192.0.2.1", "vendor": "aws", "region": "us-east-1" },
            { "ip": "2001:db8::1", "input": "2001:DB8::1", "vendor": "gcp", "region": "us-central1" }
        ])
    );
}

#[test]
fn batch_update_puts_v2_batch() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let r = block_on(client_v1().batch_upsert(
        &fake,
        ApiVersion::V2,
        &[item("192.0.2.1", "azure", "eastus")],
        limits(2),
    ))
    .unwrap();
    let s = fake.only();
    s.assert_is("PUT", &format!("{}/batch", v2_root()));
    assert_eq!(
        s.body,
        Some(json!([{ "origin_ip": "192.0.2.1", "region": "eastus", "vendor": "azure" }]))
    );
    assert_eq!(r.succeeded.len(), 1);
}

#[test]
fn batch_delete_sends_the_ips_as_the_body() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let ips = [text("192.0.2.1"), text("2001:DB8::1"), text("2001:db8::1")];
    let r = block_on(client().batch_delete(&fake, &ips, limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("DELETE", &format!("{}/batch", v2_root()));
    assert_eq!(
        s.body,
        Some(json!(["192.0.2.1", "2001:db8::1"])),
        "duplicates collapse"
    );
    assert_eq!(
        r.succeeded
            .iter()
            .map(|s| s.input.as_str())
            .collect::<Vec<_>>(),
        ["192.0.2.1", "2001:DB8::1", "2001:db8::1"]
    );

    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let r = block_on(client_v1().batch_delete(&fake, &[text("192.0.2.1")], limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("DELETE", &format!("{}/batch", v1_root()));
    assert_eq!(s.body, Some(json!(["192.0.2.1"])));
    assert_eq!(r.succeeded.len(), 1);
}

#[test]
fn supported_regions_sends_a_get_and_returns_the_catalogue() {
    let cat = json!({ "obtained_codes": true, "vendors": { "aws": [{ "name": "us-east-1", "upper_tier_colos": ["IAD"] }], "ibm": [] } });
    let fake = Fake::new(vec![ok(cat)]);
    let r = block_on(client().supported_regions(&fake, limits(2))).unwrap();
    let s = fake.only();
    s.assert_is("GET", &format!("{}/supported_regions", v2_root()));
    assert!(r.obtained_codes);
    assert!(r.has("aws", "us-east-1"));
    assert!(r.vendors.iter().any(|(v, _)| v == "ibm"));

    let fake = Fake::new(vec![ok(json!({ "obtained_codes": false, "vendors": {} }))]);
    block_on(client_v1().supported_regions(&fake, limits(2))).unwrap();
    assert_eq!(fake.only().url, format!("{}/supported_regions", v1_root()));
}

#[test]
fn the_timeout_of_the_limits_reaches_the_transport() {
    let fake = Fake::new(vec![ok(v2_entry("192.0.2.1", "aws", "us-east-1"))]);
    let mut l = limits(2);
    l.timeout_ms = 4_321;
    block_on(client().get(&fake, &text("192.0.2.1"), l)).unwrap();
    assert_eq!(fake.only().timeout_ms, 4_321);
}

// ---- validation sends nothing ---------------------------------------------------------------------

#[test]
fn bad_single_inputs_send_nothing() {
    let c = client();
    let fake = Fake::default();
    let l = limits(2);
    assert_validation(
        block_on(c.get(&fake, &text("1.2.3.04"), l)).unwrap_err(),
        "ip \"1.2.3.04\": is not an IP address",
    );
    assert_validation(
        block_on(c.get(&fake, &M, l)).unwrap_err(),
        "ip: is required",
    );
    assert_validation(
        block_on(c.delete(&fake, &text("fe80::1%eth0"), l)).unwrap_err(),
        "ip ",
    );
    assert_validation(
        block_on(c.delete(&fake, &n(1.0), l)).unwrap_err(),
        "ip: must be a string",
    );
    assert_validation(
        block_on(c.create(&fake, &RawItem::NotObject("string"), l)).unwrap_err(),
        "input: must be an object",
    );
    assert_validation(
        block_on(c.create(&fake, &item("192.0.2.1", "ibm", "x"), l)).unwrap_err(),
        "input.vendor \"ibm\"",
    );
    assert_validation(
        block_on(c.edit(&fake, &item("10.0.0.0/8", "aws", "us-east-1"), l)).unwrap_err(),
        "input.ip",
    );
    assert_validation(
        block_on(c.edit(&fake, &item("192.0.2.1", "aws", "US East"), l)).unwrap_err(),
        "input.region",
    );
    assert_validation(
        update(&c, &fake, ["", "aws", "us-east-1"], 2).unwrap_err(),
        "ip ",
    );
    assert_validation(
        update(&c, &fake, ["192.0.2.1", "AWS", "us-east-1"], 2).unwrap_err(),
        "input.vendor",
    );
    assert_validation(
        block_on(c.update(&fake, &text("192.0.2.1"), &text("aws"), &M, l)).unwrap_err(),
        "input.region: is required",
    );
    assert_validation(
        block_on(c.list_all(&fake, &n(101.0), l)).unwrap_err(),
        "options.perPage",
    );
    assert_eq!(fake.requests(), 0);
}

#[test]
fn a_batch_of_only_bad_items_sends_nothing() {
    let fake = Fake::default();
    let items = [
        item("1.2.3.04", "aws", "us-east-1"),
        RawItem::NotObject("null"),
        item("192.0.2.1", "aws", "us-east-1"),
        item("192.0.2.1", "gcp", "us-central1"),
    ];
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V2, &items, limits(2))).unwrap();
    assert_eq!(fake.requests(), 0);
    assert_eq!(r.requests, 0);
    assert_eq!(r.failed.len(), 4);
    assert!(r.succeeded.is_empty());
    let r = block_on(client().batch_delete(&fake, &[], limits(2))).unwrap();
    assert_eq!((r.requests, r.succeeded.len(), r.failed.len()), (0, 0, 0));
    assert_eq!(fake.requests(), 0);
}

#[test]
fn a_batch_over_the_zone_limit_is_refused_and_sends_nothing() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let e =
        block_on(client().batch_upsert(&fake, ApiVersion::V2, &distinct_items(3_501), limits(2)))
            .unwrap_err();
    assert_validation(e, "items");
    assert_eq!(fake.requests(), 0);
}

// ---- credentials ---------------------------------------------------------------------------------------

#[test]
fn a_token_travels_as_a_bearer_header() {
    let fake = Fake::new(vec![ok(v2_entry("192.0.2.1", "aws", "us-east-1"))]);
    block_on(client().get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    let s = fake.only();
    assert_eq!(
        s.headers,
        vec![("Authorization".to_owned(), format!("Bearer {TOKEN}"))]
    );
    assert!(!s.url.contains(TOKEN));
}

#[test]
fn email_and_key_travel_as_the_legacy_headers() {
    let o = Options {
        zone_id: text(ZONE),
        api_email: text("user@example.com"),
        api_key: text("144c9defac04969c7bfad8efaa8ea194"),
        ..Options::default()
    };
    let c = client_from(&o);
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    block_on(c.batch_delete(&fake, &[text("192.0.2.1")], limits(2))).unwrap();
    let s = fake.only();
    assert_eq!(
        s.headers,
        vec![
            ("X-Auth-Email".to_owned(), "user@example.com".to_owned()),
            (
                "X-Auth-Key".to_owned(),
                "144c9defac04969c7bfad8efaa8ea194".to_owned()
            )
        ]
    );
    assert!(
        !format!("{c:?}").contains("144c9defac04969c7bfad8efaa8ea194"),
        "Debug of a client never shows the key"
    );
}

#[test]
fn behind_a_proxy_no_credential_headers_and_the_proxy_url() {
    let o = Options {
        zone_id: text(ZONE),
        base_url: text("https://dash.example.com/cf/"),
        ..Options::default()
    };
    let c = client_from(&o);
    let fake = Fake::new(vec![ok(v2_entry("192.0.2.1", "aws", "us-east-1"))]);
    block_on(c.get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    let s = fake.only();
    assert!(s.headers.is_empty());
    assert_eq!(
        s.url,
        format!("https://dash.example.com/cf/zones/{ZONE}/origin/cloud_regions/192.0.2.1")
    );
}

#[test]
fn every_attempt_carries_the_credentials() {
    let fake = Fake::new(vec![
        bare(503),
        ok(v2_entry("192.0.2.1", "aws", "us-east-1")),
    ]);
    block_on(client().get(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    let sent = fake.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1], "a retry repeats the attempt exactly");
    assert_eq!(sent[1].headers[0].0, "Authorization");
}

// ---- retries --------------------------------------------------------------------------------------------

fn get_once(fake: &Fake, max_retries: u32) -> Result<Mapping, Error> {
    block_on(client().get(fake, &text("192.0.2.1"), limits(max_retries)))
}

/// The waits of a `get` answered by `failures`, then by the mapping.
fn waits_before_success(
    failures: Vec<Result<origin_regions::decode::Response, SendError>>,
) -> Vec<u32> {
    let fake = Fake::new(failures);
    fake.script
        .borrow_mut()
        .push_back(ok(v2_entry("192.0.2.1", "aws", "us-east-1")));
    get_once(&fake, 2).unwrap();
    fake.sleeps()
}

#[test]
fn server_errors_and_429_are_retried_then_succeed() {
    for first in [
        bare(500),
        bare(502),
        bare(503),
        fail(503, 1140, "Internal error"),
        bare(429),
    ] {
        let fake = Fake::new(vec![
            first.clone(),
            first,
            ok(v2_entry("192.0.2.1", "aws", "us-east-1")),
        ]);
        let m = get_once(&fake, 2).unwrap();
        assert_eq!(m.ip, "192.0.2.1");
        assert_eq!(fake.requests(), 3);
        // Backoff of 500 ms doubling, with the lowest jitter (random = 0): half of it.
        assert_eq!(fake.sleeps(), vec![250, 500]);
    }
}

#[test]
fn backoff_uses_the_random_jitter() {
    let mut fake = Fake::new(vec![
        Err(SendError::Network("reset".into())),
        ok(v2_entry("192.0.2.1", "aws", "us-east-1")),
    ]);
    fake.rand = 0.5;
    get_once(&fake, 2).unwrap();
    assert_eq!(fake.sleeps(), vec![375]);
}

#[test]
fn retries_stop_at_max_retries_with_the_last_status() {
    let fake = Fake::new(vec![
        bare(503),
        bare(502),
        fail(500, 1140, "Internal error"),
    ]);
    let e = get_once(&fake, 2).unwrap_err();
    assert_eq!(
        e,
        Error::Api {
            status: 500,
            errors: vec![ApiMessage {
                code: 1140,
                message: "Internal error".into()
            }],
            ray_id: None
        }
    );
    assert_eq!(fake.requests(), 3);
    assert_eq!(fake.sleeps().len(), 2);

    let fake = Fake::new(vec![bare(429), bare(429), bare(429), bare(429)]);
    let e = get_once(&fake, 3).unwrap_err();
    assert_eq!((e.kind(), e.status()), ("api", Some(429)));
    assert_eq!(fake.requests(), 4);
}

#[test]
fn network_failures_are_retried_then_reported_as_network() {
    let fake = Fake::new(
        (0..3)
            .map(|i| Err(SendError::Network(format!("reset {i}"))))
            .collect(),
    );
    let e = get_once(&fake, 2).unwrap_err();
    assert_eq!(e, Error::Network("reset 2".into()));
    assert_eq!(e.kind(), "network");
    assert_eq!(fake.requests(), 3);
}

#[test]
fn timeouts_are_retried_then_reported_as_timeout() {
    let fake = Fake::new((0..3).map(|_| Err(SendError::Timeout)).collect());
    let e = get_once(&fake, 2).unwrap_err();
    assert_eq!(e, Error::Timeout { ms: 1_234 });
    assert_eq!(e.kind(), "timeout");
    assert_eq!(fake.requests(), 3);
}

#[test]
fn a_mix_of_failures_then_success() {
    let fake = Fake::new(vec![
        Err(SendError::Timeout),
        Err(SendError::Network("dns".into())),
        bare(502),
        ok(v2_entry("192.0.2.1", "aws", "us-east-1")),
    ]);
    assert!(get_once(&fake, 3).is_ok());
    assert_eq!(fake.requests(), 4);
    assert_eq!(fake.sleeps(), vec![250, 500, 1000]);
}

#[test]
fn zero_retries_means_one_attempt() {
    let fake = Fake::new(vec![bare(503)]);
    assert_eq!(get_once(&fake, 0).unwrap_err().status(), Some(503));
    assert_eq!(fake.requests(), 1);
    assert!(fake.sleeps().is_empty());
}

#[test]
fn client_errors_are_not_retried() {
    for (status, code) in [
        (400u16, 1146u32),
        (401, 10000),
        (403, 1164),
        (404, 1142),
        (405, 7001),
        (409, 1),
    ] {
        let fake = Fake::new(vec![fail(status, code, "no")]);
        let e = get_once(&fake, 2).unwrap_err();
        assert_eq!((e.status(), e.code()), (Some(status), Some(code)));
        assert_eq!(fake.requests(), 1, "{status}");
        assert!(fake.sleeps().is_empty());
    }
}

#[test]
fn retry_after_seconds_is_waited_exactly() {
    assert_eq!(
        waits_before_success(vec![with_retry_after(bare(429), "3")]),
        vec![3_000]
    );
    assert_eq!(
        waits_before_success(vec![with_retry_after(bare(503), "0")]),
        vec![0]
    );
}

#[test]
fn retry_after_http_date_is_waited_from_now() {
    // NOW_MS is Wed, 21 Oct 2015 07:28:00 GMT.
    assert_eq!(
        waits_before_success(vec![
            with_retry_after(bare(429), "Wed, 21 Oct 2015 07:28:05 GMT"),
            with_retry_after(bare(503), "Wed, 21 Oct 2015 07:27:00 GMT")
        ]),
        vec![5_000, 0]
    );
}

#[test]
fn retry_after_above_the_cap_is_not_retried() {
    let fake = Fake::new(vec![with_retry_after(
        fail(
            429,
            971,
            "Please wait and consider throttling your request speed",
        ),
        "3600",
    )]);
    let e = get_once(&fake, 2).unwrap_err();
    assert_api_error(&e, 429, 971);
    assert_eq!(fake.requests(), 1);
    assert!(fake.sleeps().is_empty());

    let fake = Fake::new(vec![with_retry_after(
        bare(429),
        "Wed, 21 Oct 2015 08:28:00 GMT",
    )]);
    assert_eq!(get_once(&fake, 2).unwrap_err().status(), Some(429));
    assert!(fake.sleeps().is_empty());
}

#[test]
fn an_unreadable_retry_after_falls_back_to_backoff() {
    assert_eq!(
        waits_before_success(vec![with_retry_after(bare(429), "soon")]),
        vec![250]
    );
}

fn create_once(fake: &Fake) -> Result<Mapping, Error> {
    block_on(client().create(fake, &item("192.0.2.1", "aws", "us-east-1"), limits(2)))
}

#[test]
fn create_is_not_retried_once_the_server_may_have_acted() {
    for answer in [
        bare(500),
        bare(502),
        bare(503),
        with_retry_after(bare(503), "1"),
        Err(SendError::Network("reset".into())),
        Err(SendError::Timeout),
    ] {
        let fake = Fake::new(vec![answer.clone()]);
        let e = create_once(&fake).unwrap_err();
        assert_eq!(fake.requests(), 1, "{answer:?}");
        assert!(fake.sleeps().is_empty());
        let kind = match answer {
            Ok(_) => "api",
            Err(SendError::Network(_)) => "network",
            _ => "timeout",
        };
        assert_eq!(e.kind(), kind);
    }
}

#[test]
fn create_is_retried_on_429() {
    let fake = Fake::new(vec![
        with_retry_after(bare(429), "1"),
        bare(429),
        ok(setting(v1_entry("192.0.2.1", "aws", "us-east-1"))),
    ]);
    let m = create_once(&fake).unwrap();
    assert_eq!(m.ip, "192.0.2.1");
    assert_eq!(fake.requests(), 3);
    assert_eq!(fake.sleeps(), vec![1_000, 500]);
    assert!(fake.sent().iter().all(|s| s.method == "POST"));
}

#[test]
fn idempotent_writes_are_retried_on_5xx() {
    let fake = Fake::new(vec![bare(502), ok(setting(json!([])))]);
    block_on(client().edit(&fake, &item("192.0.2.1", "aws", "us-east-1"), limits(2))).unwrap();
    assert_eq!(fake.requests(), 2);

    let fake = Fake::new(vec![
        Err(SendError::Timeout),
        ok(v2_entry("192.0.2.1", "aws", "us-east-1")),
    ]);
    update(&client(), &fake, ["192.0.2.1", "aws", "us-east-1"], 2).unwrap();
    assert_eq!(fake.requests(), 2);
    assert!(fake.sent().iter().all(|s| s.method == "PUT"));

    let fake = Fake::new(vec![
        Err(SendError::Network("reset".into())),
        ok(json!({ "origin_ip": "192.0.2.1" })),
    ]);
    block_on(client().delete(&fake, &text("192.0.2.1"), limits(2))).unwrap();
    assert_eq!(fake.requests(), 2);
}

// ---- aborts --------------------------------------------------------------------------------------------------

#[test]
fn an_abort_during_a_retry_wait_rejects_with_aborted() {
    let fake = Fake::new(vec![
        bare(503),
        ok(v2_entry("192.0.2.1", "aws", "us-east-1")),
    ]);
    fake.abort_sleep.set(true);
    let e = get_once(&fake, 2).unwrap_err();
    assert_eq!(e, Error::Aborted);
    assert_eq!(e.kind(), "aborted");
    assert_eq!(fake.requests(), 1, "nothing is sent after the abort");
    assert_eq!(fake.sleeps().len(), 1);
}

#[test]
fn an_abort_during_a_request_is_not_retried() {
    let fake = Fake::new(vec![Err(SendError::Aborted)]);
    assert_eq!(get_once(&fake, 2).unwrap_err(), Error::Aborted);
    assert_eq!(fake.requests(), 1);
    assert!(fake.sleeps().is_empty());
}

#[test]
fn an_abort_during_a_batch_rejects_the_whole_call() {
    let fake = Fake::with_handler(|s, i| {
        if i == 1 {
            Err(SendError::Aborted)
        } else {
            echo_batch(s)
        }
    });
    let e = block_on(client().batch_upsert(&fake, ApiVersion::V2, &distinct_items(250), limits(2)))
        .unwrap_err();
    assert_eq!(e.kind(), "aborted");
    let partial = e
        .partial_result()
        .expect("an aborted batch says what became of each item");
    assert_eq!(partial.succeeded.len() + partial.failed.len(), 250);
    assert_eq!(
        partial.succeeded.len(),
        100,
        "the first request was answered before the abort"
    );
    assert!(partial.failed.iter().any(|f| f.error.contains("in flight")));
    assert!(partial
        .failed
        .iter()
        .any(|f| f.error.starts_with("not sent")));

    // Once aborted, no further request of the batch is started.
    let fake = Fake::with_handler(|s, i| {
        if i == 1 {
            Err(SendError::Aborted)
        } else {
            echo_batch(s)
        }
    });
    fake.yield_in_send.set(true);
    let e = block_on(client_concurrency(4).batch_upsert(
        &fake,
        ApiVersion::V2,
        &distinct_items(1_000),
        limits(2),
    ))
    .unwrap_err();
    assert_eq!(e.kind(), "aborted");
    assert!(
        fake.requests() < 10,
        "{} requests after an abort",
        fake.requests()
    );

    let fake = Fake::with_handler(|_, _| bare(503));
    fake.abort_sleep.set(true);
    let e = block_on(client().batch_delete(&fake, &distinct_ips(150), limits(2))).unwrap_err();
    assert_eq!(e.kind(), "aborted");
    assert_eq!(e.partial_result().map(|r| r.failed.len()), Some(150));
}

// ---- paging ------------------------------------------------------------------------------------------------

fn entries(range: std::ops::Range<usize>) -> Vec<Value> {
    range
        .map(|i| v2_entry(&nth_ip(i), "aws", "us-east-1"))
        .collect()
}

#[test]
fn list_all_asks_for_100_a_page_and_stops_at_total_pages() {
    let fake = Fake::new(vec![
        page_answer(entries(0..100), 1, 100, 250, 3),
        page_answer(entries(100..200), 2, 100, 250, 3),
        page_answer(entries(200..250), 3, 100, 250, 3),
    ]);
    let all = block_on(client().list_all(&fake, &M, limits(2))).unwrap();
    let urls: Vec<String> = fake.sent().into_iter().map(|s| s.url).collect();
    assert_eq!(
        urls,
        (1..=3)
            .map(|p| format!("{}?page={p}&per_page=100", v2_root()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        all.iter().map(|m| m.ip.clone()).collect::<Vec<_>>(),
        (0..250).map(nth_ip).collect::<Vec<_>>()
    );
}

#[test]
fn list_all_with_a_full_last_page_makes_no_request_past_the_end() {
    let fake = Fake::new(vec![
        page_answer(entries(0..100), 1, 100, 200, 2),
        page_answer(entries(100..200), 2, 100, 200, 2),
    ]);
    let all = block_on(client().list_all(&fake, &M, limits(2))).unwrap();
    assert_eq!(all.len(), 200);
    assert_eq!(fake.requests(), 2);
}

#[test]
fn list_all_of_an_empty_zone_makes_one_request() {
    let fake = Fake::new(vec![page_answer(vec![], 1, 100, 0, 0)]);
    let all = block_on(client().list_all(&fake, &M, limits(2))).unwrap();
    assert!(all.is_empty());
    assert_eq!(
        fake.only().url,
        format!("{}?page=1&per_page=100", v2_root())
    );
}

#[test]
fn list_all_honours_per_page() {
    let fake = Fake::new(vec![
        page_answer(entries(0..25), 1, 25, 30, 2),
        page_answer(entries(25..30), 2, 25, 30, 2),
    ]);
    let all = block_on(client().list_all(&fake, &n(25.0), limits(2))).unwrap();
    assert_eq!(all.len(), 30);
    let urls: Vec<String> = fake.sent().into_iter().map(|s| s.url).collect();
    assert_eq!(
        urls,
        [
            format!("{}?page=1&per_page=25", v2_root()),
            format!("{}?page=2&per_page=25", v2_root())
        ]
    );
}

#[test]
fn list_all_asks_for_the_pages_the_first_one_announced_and_no_more() {
    // The zone shrank while it was read: pages 2 and 3 come back empty, and
    // nothing is asked past the 3 pages the first answer announced.
    let fake = Fake::with_handler(|s, _| {
        if s.url.contains("page=1&") {
            page_answer(entries(0..100), 1, 100, 300, 3)
        } else {
            page_answer(vec![], 2, 100, 100, 1)
        }
    });
    let all = block_on(client().list_all(&fake, &M, limits(2))).unwrap();
    assert_eq!(all.len(), 100);
    assert_eq!(fake.requests(), 3);
}

#[test]
fn list_all_v1_is_one_request() {
    let list: Vec<Value> = (0..150)
        .map(|i| v1_entry(&nth_ip(i), "aws", "us-east-1"))
        .collect();
    let fake = Fake::new(vec![ok(setting(json!(list)))]);
    let all = block_on(client_v1().list_all(&fake, &M, limits(2))).unwrap();
    assert_eq!(all.len(), 150);
    assert_eq!(fake.only().url, v1_root());
}

#[test]
fn list_all_fails_with_the_error_of_a_page() {
    let fake = Fake::new(vec![
        page_answer(entries(0..100), 1, 100, 200, 2),
        fail(403, 10000, "Authentication error"),
    ]);
    let e = block_on(client().list_all(&fake, &M, limits(2))).unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(403), Some(10000)));
    assert_eq!(fake.requests(), 2);
}

// ---- batches -------------------------------------------------------------------------------------------------

#[test]
fn a_batch_of_250_items_makes_3_requests() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V2, &distinct_items(250), limits(2)))
        .unwrap();
    let sent = fake.sent();
    assert_eq!(sent.len(), 3);
    let mut sizes: Vec<usize> = sent.iter().map(|s| s.body_ips().len()).collect();
    sizes.sort();
    assert_eq!(sizes, [50, 100, 100]);
    let mut all: Vec<String> = sent.iter().flat_map(|s| s.body_ips()).collect();
    all.sort();
    let mut expected: Vec<String> = (0..250).map(nth_ip).collect();
    expected.sort();
    assert_eq!(all, expected, "every item sent exactly once");
    assert!(sent
        .iter()
        .all(|s| s.method == "PUT" && s.url == format!("{}/batch", v2_root())));
    assert_eq!(r.requests, 3);
    assert_eq!(
        r.succeeded.iter().map(|s| s.ip.clone()).collect::<Vec<_>>(),
        (0..250).map(nth_ip).collect::<Vec<_>>()
    );
    assert!(r.failed.is_empty());
}

#[test]
fn batch_requests_run_concurrently_up_to_the_configured_limit() {
    for (concurrency, items, expected) in [
        (4u32, 250usize, 3u32),
        (2, 500, 2),
        (1, 300, 1),
        (4, 1_000, 4),
        (32, 3_500, 32),
    ] {
        let fake = Fake::with_handler(|s, _| echo_batch(s));
        fake.yield_in_send.set(true);
        let r = block_on(client_concurrency(concurrency).batch_upsert(
            &fake,
            ApiVersion::V1,
            &distinct_items(items),
            limits(2),
        ))
        .unwrap();
        assert_eq!(
            fake.max_in_flight.get(),
            expected,
            "concurrency {concurrency}, {items} items"
        );
        assert_eq!(r.requests as usize, items.div_ceil(100));
        assert_eq!(r.succeeded.len(), items);
    }
}

#[test]
fn the_default_concurrency_is_16() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    fake.yield_in_send.set(true);
    block_on(client().batch_delete(&fake, &distinct_ips(3_000), limits(2))).unwrap();
    assert_eq!(fake.requests(), 30);
    assert_eq!(fake.max_in_flight.get(), 16);
}

#[test]
fn list_all_reads_the_remaining_pages_side_by_side() {
    let fake = Fake::with_handler(|s, _| {
        let page: u32 = s
            .url
            .split("page=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let start = (page as usize - 1) * 100;
        page_answer(
            entries(start..(start + 100).min(3_500)),
            page,
            100,
            3_500,
            35,
        )
    });
    fake.yield_in_send.set(true);
    let all = block_on(client_concurrency(8).list_all(&fake, &M, limits(2))).unwrap();
    assert_eq!(all.len(), 3_500);
    assert_eq!(all[0].ip, nth_ip(0));
    assert_eq!(all[3_499].ip, nth_ip(3_499), "pages come back in order");
    assert_eq!(fake.requests(), 35);
    assert_eq!(fake.max_in_flight.get(), 8);
}

#[test]
fn batch_requests_count_retries() {
    // The first attempt of the request carrying nth_ip(100) gets a 503.
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let first = std::cell::Cell::new(true);
    *fake.handler.borrow_mut() = Some(Box::new(move |s, _| {
        if s.body_ips()[0] == nth_ip(100) && first.replace(false) {
            bare(503)
        } else {
            echo_batch(s)
        }
    }));
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V2, &distinct_items(250), limits(2)))
        .unwrap();
    assert_eq!(fake.requests(), 4);
    assert_eq!(r.requests, 4);
    assert_eq!(r.succeeded.len(), 250);
    assert_eq!(fake.sleeps().len(), 1);
}

#[test]
fn a_chunk_that_fails_after_retries_fails_exactly_its_items() {
    let fake = Fake::with_handler(|s, _| {
        if s.body_ips()[0] == nth_ip(100) {
            fail(
                500,
                1140,
                "Unable to update origin_public_cloud_region setting value. Internal error.",
            )
        } else {
            echo_batch(s)
        }
    });
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V1, &distinct_items(250), limits(2)))
        .unwrap();
    assert_eq!(
        fake.requests(),
        5,
        "3 requests and 2 retries of the failing one"
    );
    assert_eq!(r.requests, 5);
    assert_eq!(
        r.failed.iter().map(|f| f.ip.clone()).collect::<Vec<_>>(),
        (100..200).map(nth_ip).collect::<Vec<_>>()
    );
    let message = "Cloudflare API answered HTTP 500: Unable to update origin_public_cloud_region setting value. Internal error. (code 1140)";
    assert!(
        r.failed.iter().all(|f| f.error == message),
        "{:?}",
        r.failed[0].error
    );
    assert_eq!(
        r.succeeded.iter().map(|s| s.ip.clone()).collect::<Vec<_>>(),
        (0..100).chain(200..250).map(nth_ip).collect::<Vec<_>>()
    );
}

#[test]
fn a_chunk_lost_to_the_network_fails_with_the_network_message() {
    let fake = Fake::with_handler(|s, _| {
        if s.body_ips()[0] == nth_ip(0) {
            Err(SendError::Network("connection reset".into()))
        } else {
            echo_batch(s)
        }
    });
    let r = block_on(client().batch_delete(&fake, &distinct_ips(150), limits(1))).unwrap();
    assert_eq!(r.requests, 3);
    assert_eq!(r.failed.len(), 100);
    assert!(r
        .failed
        .iter()
        .all(|f| f.error == "network failure: connection reset"));
    assert_eq!(r.succeeded.len(), 50);
}

#[test]
fn a_chunk_with_an_unreadable_answer_fails_its_items() {
    let fake = Fake::with_handler(|s, _| {
        if s.body_ips()[0] == nth_ip(0) {
            bare(200)
        } else {
            echo_batch(s)
        }
    });
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V2, &distinct_items(120), limits(2)))
        .unwrap();
    assert_eq!(r.failed.len(), 100);
    assert!(
        r.failed[0].error.starts_with("unexpected API response"),
        "{}",
        r.failed[0].error
    );
    assert_eq!(r.succeeded.len(), 20);
    assert_eq!(r.requests, 2, "a 200 is not retried");
}

#[test]
fn per_item_failures_from_the_server_reach_the_caller() {
    let fake = Fake::new(vec![ok(setting(json!({
        "succeeded": [{ "origin-ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }],
        "failed": [{ "origin-ip": "2001:DB8:0:0:0:0:0:1", "error": "Failed to validate region against cloud vendor" }]
    })))]);
    let items = [
        item("192.0.2.1", "aws", "us-east-1"),
        item("2001:db8::1", "gcp", "us-central1"),
        item("bad", "aws", "us-east-1"),
    ];
    let r = block_on(client().batch_upsert(&fake, ApiVersion::V1, &items, limits(2))).unwrap();
    assert_eq!(fake.only().body_ips(), ["192.0.2.1", "2001:db8::1"]);
    assert_eq!(
        r.succeeded
            .iter()
            .map(|s| s.input.as_str())
            .collect::<Vec<_>>(),
        ["192.0.2.1"]
    );
    assert_eq!(
        r.failed
            .iter()
            .map(|f| (f.input.as_str(), f.error.as_str()))
            .collect::<Vec<_>>()[0],
        (
            "2001:db8::1",
            "Failed to validate region against cloud vendor"
        )
    );
    assert!(r.failed[1].error.starts_with("items[2].ip \"bad\""));
}

// ---- the supported-regions catalogue ---------------------------------------------------------------------

fn catalogue() -> Value {
    json!({
        "obtained_codes": true,
        "vendors": {
            "aws": [{ "name": "us-east-1", "upper_tier_colos": ["IAD"] }],
            "gcp": [{ "name": "us-central1", "upper_tier_colos": ["ORD"] }]
        }
    })
}

fn client_with_catalogue() -> (Client, Fake) {
    let c = client();
    let fake = Fake::new(vec![ok(catalogue())]);
    block_on(c.supported_regions(&fake, limits(2))).unwrap();
    assert_eq!(fake.requests(), 1);
    (c, fake)
}

#[test]
fn writes_are_checked_against_the_kept_catalogue_without_a_request() {
    let (c, fake) = client_with_catalogue();
    let l = limits(2);
    let e = update(&c, &fake, ["192.0.2.1", "aws", "us-east-2"], 2).unwrap_err();
    assert_validation(
        e,
        "input.region \"us-east-2\": is not a region of aws in the supported-regions catalogue",
    );
    let e = block_on(c.create(&fake, &item("192.0.2.1", "gcp", "us-east-1"), l)).unwrap_err();
    assert_validation(e, "input.region \"us-east-1\": is not a region of gcp");
    let e = block_on(c.edit(&fake, &item("192.0.2.1", "oci", "us-ashburn-1"), l)).unwrap_err();
    assert_validation(e, "input.region");
    let r = block_on(c.batch_upsert(
        &fake,
        ApiVersion::V2,
        &[item("192.0.2.1", "aws", "eu-west-1")],
        l,
    ))
    .unwrap();
    assert_eq!(r.requests, 0);
    assert!(
        r.failed[0]
            .error
            .starts_with("items[0].region \"eu-west-1\": is not a region of aws"),
        "{}",
        r.failed[0].error
    );
    assert_eq!(fake.requests(), 1, "only the catalogue itself was fetched");
}

#[test]
fn writes_with_a_listed_region_are_sent_without_another_catalogue_request() {
    let (c, fake) = client_with_catalogue();
    fake.script
        .borrow_mut()
        .push_back(ok(v2_entry("192.0.2.1", "aws", "us-east-1")));
    update(&c, &fake, ["192.0.2.1", "aws", "us-east-1"], 2).unwrap();
    let sent = fake.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].method, "PUT");
}

#[test]
fn no_catalogue_is_fetched_behind_the_callers_back() {
    // Without a catalogue the shape rule applies and a write is one request.
    let fake = Fake::new(vec![ok(v2_entry("192.0.2.1", "aws", "ap-south-2"))]);
    update(&client(), &fake, ["192.0.2.1", "aws", "ap-south-2"], 2).unwrap();
    assert_eq!(fake.only().method, "PUT");
}

#[test]
fn a_failed_catalogue_request_keeps_no_catalogue() {
    let c = client();
    let fake = Fake::new(vec![
        fail(403, 10000, "Authentication error"),
        ok(v2_entry("192.0.2.1", "aws", "ap-south-2")),
    ]);
    assert!(block_on(c.supported_regions(&fake, limits(0))).is_err());
    update(&c, &fake, ["192.0.2.1", "aws", "ap-south-2"], 0).unwrap();
    assert_eq!(fake.requests(), 2);
}

#[test]
fn a_later_catalogue_replaces_the_earlier_one() {
    let (c, fake) = client_with_catalogue();
    fake.script.borrow_mut().push_back(ok(json!({ "obtained_codes": true, "vendors": { "aws": [{ "name": "us-east-2", "upper_tier_colos": [] }] } })));
    block_on(c.supported_regions(&fake, limits(2))).unwrap();
    let e = update(&c, &fake, ["192.0.2.1", "aws", "us-east-1"], 2).unwrap_err();
    assert_eq!(e.kind(), "validation");
    assert_eq!(fake.requests(), 2);
}

// ---- the pager ------------------------------------------------------------------------------------------------

fn page(items: std::ops::Range<usize>, page: u32, total_pages: u32) -> origin_regions::model::Page {
    origin_regions::model::Page {
        items: items
            .map(|i| mapping(&nth_ip(i), "aws", "us-east-1"))
            .collect(),
        page,
        per_page: 100,
        total_count: 0,
        total_pages,
    }
}

#[test]
fn the_pager_walks_to_total_pages_and_hands_out_in_order() {
    let mut p = Pager::new(None);
    assert_eq!(p.per_page, 100);
    assert_eq!(p.next_page(), Some(1));
    p.push(page(0..2, 1, 2));
    assert_eq!(p.next_page(), Some(2));
    assert_eq!(p.pop().unwrap().ip, nth_ip(0));
    p.push(page(2..3, 2, 2));
    assert_eq!(p.next_page(), None);
    assert_eq!(p.pop().unwrap().ip, nth_ip(1));
    assert_eq!(p.pop().unwrap().ip, nth_ip(2));
    assert_eq!(p.pop(), None);
    assert_eq!(Pager::new(Some(7)).per_page, 7);
}

#[test]
fn the_pager_stops_on_zero_pages_and_on_an_empty_page() {
    let mut p = Pager::new(None);
    p.push(page(0..0, 1, 0));
    assert_eq!(p.next_page(), None);
    let mut p = Pager::new(None);
    p.push(page(0..100, 1, 9));
    p.push(page(0..0, 2, 9));
    assert_eq!(p.next_page(), None);
}

#[test]
fn batch_progress_is_reported_after_each_request() {
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let seen = std::cell::RefCell::new(Vec::new());
    let mut items = distinct_items(250);
    items.push(item("not an ip", "aws", "us-east-1"));
    let progress = |p| seen.borrow_mut().push(p);
    let hooks = origin_regions::client::BatchHooks {
        concurrency: None,
        progress: &progress,
    };
    let r = block_on(client().batch_upsert_with(&fake, ApiVersion::V2, &items, limits(2), hooks))
        .unwrap();
    assert_eq!(r.succeeded.len(), 250);
    let seen = seen.into_inner();
    assert_eq!(seen.len(), 3, "one report per request");
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done), "{seen:?}");
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.total, last.requests), (251, 251, 3));
}

#[test]
fn a_stopped_pager_ignores_a_page_that_arrives_afterwards() {
    let mut pager = origin_regions::client::Pager::new(Some(2));
    assert_eq!(pager.next_page(), Some(1));
    pager.stop();
    let page = origin_regions::model::Page {
        items: vec![],
        page: 1,
        per_page: 2,
        total_count: 10,
        total_pages: 5,
    };
    pager.push(page);
    assert_eq!(pager.next_page(), None);
    assert!(pager.pop().is_none());
}

#[test]
fn outgoing_debug_leaves_credential_values_out() {
    let headers = [("Authorization", format!("Bearer {TOKEN}"))];
    let out = origin_regions::client::Outgoing {
        method: "GET",
        url: "https://x".into(),
        headers: &headers,
        body: None,
    };
    let shown = format!("{out:?}");
    assert!(
        shown.contains("Authorization") && !shown.contains(TOKEN),
        "{shown}"
    );
}

#[test]
fn a_catalogue_of_the_wrong_shape_is_refused_and_not_kept() {
    let fake = Fake::new(vec![
        ok(json!({})),
        ok(json!({ "obtained_codes": true, "vendors": {} })),
    ]);
    let c = client();
    assert_eq!(
        block_on(c.supported_regions(&fake, limits(2)))
            .unwrap_err()
            .kind(),
        "decode"
    );
    // An empty catalogue decodes, but is not kept: later writes are not all refused.
    block_on(c.supported_regions(&fake, limits(2))).unwrap();
    let fake = Fake::with_handler(|s, _| echo_batch(s));
    let r = block_on(c.batch_upsert(
        &fake,
        ApiVersion::V2,
        &[item("192.0.2.1", "aws", "us-east-1")],
        limits(2),
    ))
    .unwrap();
    assert_eq!(r.succeeded.len(), 1);
}
