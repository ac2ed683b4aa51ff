#![cfg(not(target_arch = "wasm32"))]
//! The request of each of the 15 operations of api-contract.md: method,
//! exact URL, idempotency and the exact JSON body.

mod support;

use origin_regions::config::ApiVersion::{V1, V2};
use origin_regions::endpoints::{self, path_segment, Method, Request};
use origin_regions::model::MappingInput;
use serde_json::{json, Value};
use support::{v1_root, v2_root, BASE, ZONE};

fn m(ip: &str, vendor: &str, region: &str) -> MappingInput {
    MappingInput {
        ip: ip.into(),
        vendor: vendor.into(),
        region: region.into(),
    }
}

fn body(r: &Request) -> Option<Value> {
    r.body.as_ref().map(support::to_value)
}

#[track_caller]
fn check(r: &Request, method: Method, url: &str, idempotent: bool, expected_body: Option<Value>) {
    assert_eq!(r.method, method, "method of {url}");
    assert_eq!(r.url(BASE), url);
    assert_eq!(
        r.idempotent,
        idempotent,
        "idempotent of {} {url}",
        method.as_str()
    );
    assert_eq!(body(r), expected_body, "body of {} {url}", method.as_str());
}

// ---- v1 --------------------------------------------------------------------------

#[test]
fn v1_list_is_a_get_of_the_collection_without_paging() {
    let r = endpoints::list(V1, ZONE, 3, 50);
    check(&r, Method::Get, &v1_root(), true, None);
    assert!(
        r.query.is_empty(),
        "v1 list takes no paging parameters: {:?}",
        r.query
    );
    assert_eq!(
        r.url(BASE),
        "https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/cache/origin_cloud_regions"
    );
}

#[test]
fn v1_create_is_a_post_that_is_not_idempotent() {
    let r = endpoints::create(ZONE, &m("192.0.2.1", "aws", "us-east-1"));
    check(
        &r,
        Method::Post,
        &v1_root(),
        false,
        Some(json!({ "ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" })),
    );
}

#[test]
fn v1_edit_is_an_idempotent_patch_of_the_collection() {
    let r = endpoints::edit(ZONE, &m("2001:db8::1", "gcp", "us-central1"));
    check(
        &r,
        Method::Patch,
        &v1_root(),
        true,
        Some(json!({ "ip": "2001:db8::1", "region": "us-central1", "vendor": "gcp" })),
    );
}

#[test]
fn v1_get_names_the_ip_in_the_path() {
    check(
        &endpoints::get(V1, ZONE, "192.0.2.1"),
        Method::Get,
        &format!("{}/192.0.2.1", v1_root()),
        true,
        None,
    );
    check(
        &endpoints::get(V1, ZONE, "2001:db8::1"),
        Method::Get,
        &format!("{}/2001:db8::1", v1_root()),
        true,
        None,
    );
}

#[test]
fn v1_delete_names_the_ip_in_the_path() {
    check(
        &endpoints::delete(V1, ZONE, "2001:db8::1"),
        Method::Delete,
        &format!("{}/2001:db8::1", v1_root()),
        true,
        None,
    );
}

#[test]
fn v1_batch_upsert_is_a_patch_of_an_array_with_ip() {
    let items = [
        m("192.0.2.1", "aws", "us-east-1"),
        m("2001:db8::1", "gcp", "us-central1"),
    ];
    check(
        &endpoints::batch_upsert(V1, ZONE, &items),
        Method::Patch,
        &format!("{}/batch", v1_root()),
        true,
        Some(json!([
            { "ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" },
            { "ip": "2001:db8::1", "region": "us-central1", "vendor": "gcp" }
        ])),
    );
}

#[test]
fn v1_batch_delete_sends_the_ips_as_the_body_of_the_delete() {
    let ips = ["192.0.2.1".to_owned(), "2001:db8::1".to_owned()];
    check(
        &endpoints::batch_delete(V1, ZONE, &ips),
        Method::Delete,
        &format!("{}/batch", v1_root()),
        true,
        Some(json!(["192.0.2.1", "2001:db8::1"])),
    );
}

#[test]
fn v1_supported_regions() {
    check(
        &endpoints::supported_regions(V1, ZONE),
        Method::Get,
        &format!("{}/supported_regions", v1_root()),
        true,
        None,
    );
}

// ---- v2 --------------------------------------------------------------------------

#[test]
fn v2_list_carries_page_and_per_page() {
    let r = endpoints::list(V2, ZONE, 3, 100);
    check(
        &r,
        Method::Get,
        &format!("{}?page=3&per_page=100", v2_root()),
        true,
        None,
    );
    assert_eq!(
        endpoints::list(V2, ZONE, 1, 20).url(BASE),
        "https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions?page=1&per_page=20"
    );
}

#[test]
fn v2_get_names_the_ip_in_the_path() {
    check(
        &endpoints::get(V2, ZONE, "192.0.2.1"),
        Method::Get,
        &format!("{}/192.0.2.1", v2_root()),
        true,
        None,
    );
}

#[test]
fn v2_update_is_a_put_to_the_ip_with_origin_ip_in_the_body() {
    let r = endpoints::update(ZONE, &m("2001:db8::1", "aws", "us-east-1"));
    check(
        &r,
        Method::Put,
        &format!("{}/2001:db8::1", v2_root()),
        true,
        Some(json!({ "origin_ip": "2001:db8::1", "region": "us-east-1", "vendor": "aws" })),
    );
}

#[test]
fn v2_update_body_ip_matches_the_path_ip() {
    // 1146 "body origin_ip does not match URL" must never be provoked by the client.
    for ip in ["192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "::"] {
        let r = endpoints::update(ZONE, &m(ip, "aws", "us-east-1"));
        let b = body(&r).unwrap();
        assert_eq!(b["origin_ip"], ip);
        assert!(
            r.url(BASE)
                .ends_with(&format!("/origin/cloud_regions/{ip}")),
            "{}",
            r.url(BASE)
        );
    }
}

#[test]
fn v2_delete_names_the_ip_in_the_path() {
    check(
        &endpoints::delete(V2, ZONE, "192.0.2.1"),
        Method::Delete,
        &format!("{}/192.0.2.1", v2_root()),
        true,
        None,
    );
}

#[test]
fn v2_batch_upsert_is_a_put_of_an_array_with_origin_ip() {
    let items = [
        m("192.0.2.1", "aws", "us-east-1"),
        m("2001:db8::1", "oci", "us-ashburn-1"),
    ];
    check(
        &endpoints::batch_upsert(V2, ZONE, &items),
        Method::Put,
        &format!("{}/batch", v2_root()),
        true,
        Some(json!([
            { "origin_ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" },
            { "origin_ip": "2001:db8::1", "region": "us-ashburn-1", "vendor": "oci" }
        ])),
    );
}

#[test]
fn v2_batch_delete_sends_the_ips_as_the_body_of_the_delete() {
    let ips = ["192.0.2.1".to_owned()];
    check(
        &endpoints::batch_delete(V2, ZONE, &ips),
        Method::Delete,
        &format!("{}/batch", v2_root()),
        true,
        Some(json!(["192.0.2.1"])),
    );
}

#[test]
fn v2_supported_regions() {
    check(
        &endpoints::supported_regions(V2, ZONE),
        Method::Get,
        &format!("{}/supported_regions", v2_root()),
        true,
        None,
    );
}

// ---- across operations ---------------------------------------------------------------

#[test]
fn fifteen_distinct_operations() {
    let one = m("192.0.2.1", "aws", "us-east-1");
    let ips = ["192.0.2.1".to_owned()];
    let all = [
        endpoints::list(V1, ZONE, 1, 20),
        endpoints::create(ZONE, &one),
        endpoints::edit(ZONE, &one),
        endpoints::get(V1, ZONE, &one.ip),
        endpoints::delete(V1, ZONE, &one.ip),
        endpoints::batch_upsert(V1, ZONE, std::slice::from_ref(&one)),
        endpoints::batch_delete(V1, ZONE, &ips),
        endpoints::supported_regions(V1, ZONE),
        endpoints::list(V2, ZONE, 1, 20),
        endpoints::get(V2, ZONE, &one.ip),
        endpoints::update(ZONE, &one),
        endpoints::delete(V2, ZONE, &one.ip),
        endpoints::batch_upsert(V2, ZONE, std::slice::from_ref(&one)),
        endpoints::batch_delete(V2, ZONE, &ips),
        endpoints::supported_regions(V2, ZONE),
    ];
    let mut keys: Vec<(String, String)> = all
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 15, "{keys:#?}");
    // Only the v1 POST is not idempotent.
    let not_idempotent: Vec<_> = all
        .iter()
        .filter(|r| !r.idempotent)
        .map(|r| r.method)
        .collect();
    assert_eq!(not_idempotent, vec![Method::Post]);
    // Every path lives under the zone.
    for r in &all {
        assert!(r.path.starts_with(&format!("/zones/{ZONE}/")), "{}", r.path);
    }
}

#[test]
fn method_names_are_what_fetch_takes() {
    assert_eq!(Method::Get.as_str(), "GET");
    assert_eq!(Method::Post.as_str(), "POST");
    assert_eq!(Method::Put.as_str(), "PUT");
    assert_eq!(Method::Patch.as_str(), "PATCH");
    assert_eq!(Method::Delete.as_str(), "DELETE");
}

#[test]
fn a_proxy_base_url_is_used_verbatim() {
    let r = endpoints::list(V2, ZONE, 2, 10);
    assert_eq!(
        r.url("http://127.0.0.1:8790/cf"),
        format!("http://127.0.0.1:8790/cf/zones/{ZONE}/origin/cloud_regions?page=2&per_page=10")
    );
}

#[test]
fn empty_batches_serialise_as_empty_arrays() {
    assert_eq!(
        body(&endpoints::batch_upsert(V2, ZONE, &[])),
        Some(json!([]))
    );
    assert_eq!(
        body(&endpoints::batch_delete(V1, ZONE, &[])),
        Some(json!([]))
    );
}

// ---- path_segment ----------------------------------------------------------------------

#[test]
fn canonical_ips_need_no_escaping() {
    for ip in [
        "192.0.2.1",
        "0.0.0.0",
        "2001:db8::1",
        "::",
        "::1",
        "::ffff:192.0.2.1",
        "fe80::1:2:3:4",
    ] {
        assert_eq!(path_segment(ip), ip);
    }
    assert_eq!(path_segment("AZaz09-._~:"), "AZaz09-._~:");
}

#[test]
fn everything_else_is_percent_encoded_in_upper_case_hex() {
    assert_eq!(path_segment("a/b"), "a%2Fb");
    assert_eq!(path_segment("fe80::1%eth0"), "fe80::1%25eth0");
    assert_eq!(path_segment("10.0.0.0/8"), "10.0.0.0%2F8");
    assert_eq!(path_segment("a b?c#d"), "a%20b%3Fc%23d");
    assert_eq!(path_segment("é"), "%C3%A9");
    assert_eq!(path_segment("\n\0"), "%0A%00");
    assert_eq!(path_segment(""), "");
}

#[test]
fn a_path_ip_can_never_add_a_segment_or_a_query() {
    for hostile in [
        "../../accounts",
        "1.2.3.4?page=9",
        "1.2.3.4#x",
        "a/b/c",
        "x%2Fy",
    ] {
        for r in [
            endpoints::get(V2, ZONE, hostile),
            endpoints::delete(V1, ZONE, hostile),
        ] {
            let url = r.url(BASE);
            let tail = url.rsplit_once('/').unwrap().1;
            assert!(!tail.contains(['/', '?', '#']), "{url}");
            let root = if r.path.contains("/cache/") {
                v1_root()
            } else {
                v2_root()
            };
            assert_eq!(url, format!("{root}/{}", path_segment(hostile)));
            // The segment decodes back to the text given.
            assert_eq!(percent_decode(tail), hostile);
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
