#![cfg(not(target_arch = "wasm32"))]
//! Answers → model values or errors, on the example answers of the seed
//! pages (copied verbatim) and on the shapes api-contract.md describes.

mod support;

use origin_regions::config::ApiVersion::{V1, V2};
use origin_regions::decode::{self, is_success, Response};
use origin_regions::error::ApiMessage;
use origin_regions::model::{Mapping, Page, Region, SupportedRegions};
use origin_regions::Error;
use serde_json::json;
use support::{ok_env, resp, resp_no_body, resp_text, setting};

/// What an error answer with no usable `errors` decodes to: its status only.
fn api_error_without_codes(status: u16) -> Error {
    Error::Api {
        status,
        errors: vec![],
        ray_id: None,
    }
}

// ---- seed answers, verbatim ---------------------------------------------------------

/// Seeds 000/001: v1 PATCH answers the whole updated list.
const SEED_V1_PATCH: &str = r#"{
  "errors": [],
  "messages": [],
  "result": {
    "editable": true,
    "id": "origin_public_cloud_region",
    "modified_on": "2026-03-01T12:00:00Z",
    "value": [
      {
        "modified_on": "2026-03-01T12:00:00Z",
        "origin-ip": "192.0.2.1",
        "region": "us-east-1",
        "vendor": "aws"
      },
      {
        "modified_on": "2026-03-01T12:00:00Z",
        "origin-ip": "2001:db8::1",
        "region": "us-central1",
        "vendor": "gcp"
      }
    ]
  },
  "success": true
}"#;

/// Seed 002: v1 POST answers one mapping in a setting.
const SEED_V1_CREATE: &str = r#"{
  "errors": [],
  "messages": [],
  "result": {
    "editable": true,
    "id": "origin_public_cloud_region",
    "modified_on": "2026-03-01T12:00:00Z",
    "value": {
      "modified_on": "2026-03-01T12:00:00Z",
      "origin-ip": "192.0.2.1",
      "region": "us-east-1",
      "vendor": "aws"
    }
  },
  "success": true
}"#;

/// Seed 003: v2 PUT answers the entry flat.
const SEED_V2_PUT: &str = r#"{
"errors": [],
"messages": [],
"result": {
"modified_on": "2026-03-01T12:00:00Z",
"origin_ip": "192.0.2.1",
"region": "us-east-1",
"vendor": "aws"
},
"success": true
}"#;

/// Seed 004: v1 PATCH /batch.
const SEED_V1_BATCH: &str = r#"{
  "errors": [],
  "messages": [],
  "result": {
    "editable": true,
    "id": "origin_public_cloud_region",
    "modified_on": "2026-03-01T12:00:00Z",
    "value": {
      "failed": [],
      "succeeded": [
        {
          "origin-ip": "192.0.2.1",
          "region": "us-east-1",
          "vendor": "aws"
        },
        {
          "origin-ip": "2001:db8::1",
          "region": "us-central1",
          "vendor": "gcp"
        }
      ]
    }
  },
  "success": true
}"#;

const SEED_1157: &str = r#"{
  "errors": [
    {
      "code": 1157,
      "message": "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor"
    }
  ],
  "messages": [],
  "result": null,
  "success": false
}"#;

const SEED_1146_MISMATCH: &str = r#"{
"errors": [
{
"code": 1146,
"message": "body origin_ip does not match URL"
}
],
"messages": [],
"result": null,
"success": false
}"#;

const SEED_1164: &str = r#"{
  "errors": [
    {
      "code": 1164,
      "message": "Maximum number of IP mappings configured for zone."
    }
  ],
  "messages": [],
  "result": null,
  "success": false
}"#;

const SEED_1140: &str = r#"{
  "errors": [
    {
      "code": 1140,
      "message": "Unable to update origin_public_cloud_region setting value. Internal error."
    }
  ],
  "messages": [],
  "result": null,
  "success": false
}"#;

const SEED_1145: &str = r#"{
  "errors": [
    {
      "code": 1145,
      "message": "Unable to create new origin_public_cloud_region setting. The zone setting already exists."
    }
  ],
  "messages": [],
  "result": null,
  "success": false
}"#;

fn mapping(ip: &str, vendor: &str, region: &str, modified_on: Option<&str>) -> Mapping {
    Mapping {
        ip: ip.into(),
        vendor: vendor.into(),
        region: region.into(),
        modified_on: modified_on.map(Into::into),
    }
}

const T: &str = "2026-03-01T12:00:00Z";

// ---- successful answers --------------------------------------------------------------

#[test]
fn v1_patch_answer_is_the_whole_list() {
    let list = decode::v1_list(&resp_text(200, SEED_V1_PATCH)).unwrap();
    assert_eq!(
        list,
        vec![
            mapping("192.0.2.1", "aws", "us-east-1", Some(T)),
            mapping("2001:db8::1", "gcp", "us-central1", Some(T))
        ]
    );
}

#[test]
fn v1_create_answer_is_one_mapping() {
    let m = decode::mapping(V1, &resp_text(200, SEED_V1_CREATE)).unwrap();
    assert_eq!(m, mapping("192.0.2.1", "aws", "us-east-1", Some(T)));
}

#[test]
fn v2_put_answer_is_one_flat_entry() {
    let m = decode::mapping(V2, &resp_text(200, SEED_V2_PUT)).unwrap();
    assert_eq!(m, mapping("192.0.2.1", "aws", "us-east-1", Some(T)));
}

#[test]
fn a_generation_does_not_read_the_other_generations_single_shape() {
    // v2's flat entry is no v1 setting, and v1's setting no v2 entry.
    assert_eq!(
        decode::mapping(V1, &resp_text(200, SEED_V2_PUT))
            .unwrap_err()
            .kind(),
        "decode"
    );
    assert_eq!(
        decode::mapping(V2, &resp_text(200, SEED_V1_CREATE))
            .unwrap_err()
            .kind(),
        "decode"
    );
}

#[test]
fn v1_batch_answer() {
    let b = decode::batch(V1, &resp_text(200, SEED_V1_BATCH)).unwrap();
    assert!(b.failed.is_empty());
    let got: Vec<_> = b
        .succeeded
        .iter()
        .map(|i| {
            (
                i.origin_ip.as_str(),
                i.vendor.as_deref(),
                i.region.as_deref(),
                i.error.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("192.0.2.1", Some("aws"), Some("us-east-1"), None),
            ("2001:db8::1", Some("gcp"), Some("us-central1"), None)
        ]
    );
}

#[test]
fn v2_batch_answer_is_flat_and_carries_failures() {
    let body = ok_env(json!({
        "succeeded": [{ "origin_ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" }],
        "failed": [{ "origin_ip": "192.0.2.2", "error": "The vendor provided doesn't exist" }]
    }));
    let b = decode::batch(V2, &resp(200, body)).unwrap();
    assert_eq!(b.succeeded.len(), 1);
    assert_eq!(b.succeeded[0].origin_ip, "192.0.2.1");
    assert_eq!(b.failed.len(), 1);
    assert_eq!(b.failed[0].origin_ip, "192.0.2.2");
    assert_eq!(
        b.failed[0].error.as_deref(),
        Some("The vendor provided doesn't exist")
    );
    assert_eq!(b.failed[0].vendor, None);
}

#[test]
fn v2_batch_delete_answer_without_vendor_and_region() {
    let body = ok_env(json!({ "succeeded": [{ "origin_ip": "192.0.2.1" }], "failed": [] }));
    let b = decode::batch(V2, &resp(200, body)).unwrap();
    assert_eq!(b.succeeded[0].origin_ip, "192.0.2.1");
    assert_eq!(
        (b.succeeded[0].vendor.clone(), b.succeeded[0].region.clone()),
        (None, None)
    );
}

#[test]
fn v1_batch_answer_with_null_modified_on() {
    // "Null when no items were successfully applied."
    let body = ok_env(json!({
        "id": "origin_public_cloud_region", "editable": true, "modified_on": null,
        "value": { "succeeded": [], "failed": [{ "origin-ip": "192.0.2.9", "error": "no" }] }
    }));
    let b = decode::batch(V1, &resp(200, body)).unwrap();
    assert_eq!(b.failed[0].origin_ip, "192.0.2.9");
}

#[test]
fn v2_list_page_reads_result_info() {
    let body = json!({
        "success": true, "errors": [], "messages": [],
        "result": [
            { "origin_ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws", "modified_on": T },
            { "origin_ip": "2001:db8::1", "region": "us-central1", "vendor": "gcp" }
        ],
        "result_info": { "page": 2, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3 }
    });
    let page = decode::v2_page(&resp(200, body), 9, 9).unwrap();
    assert_eq!(
        page,
        Page {
            items: vec![
                mapping("192.0.2.1", "aws", "us-east-1", Some(T)),
                mapping("2001:db8::1", "gcp", "us-central1", None)
            ],
            page: 2,
            per_page: 2,
            total_count: 5,
            total_pages: 3,
        }
    );
}

#[test]
fn v2_list_page_without_result_info_falls_back_to_the_request() {
    let body =
        ok_env(json!([{ "origin_ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" }]));
    let page = decode::v2_page(&resp(200, body), 1, 20).unwrap();
    assert_eq!(
        (page.page, page.per_page, page.total_count, page.total_pages),
        (1, 20, 1, 1)
    );
    let empty = decode::v2_page(&resp(200, ok_env(json!([]))), 1, 100).unwrap();
    assert_eq!(
        (empty.items.len(), empty.total_count, empty.total_pages),
        (0, 0, 0)
    );
}

#[test]
fn v2_list_page_computes_missing_total_pages() {
    let body = json!({
        "success": true, "errors": [], "result": [],
        "result_info": { "page": 1, "per_page": 100, "total_count": 250 }
    });
    let page = decode::v2_page(&resp(200, body), 1, 100).unwrap();
    assert_eq!(page.total_pages, 3);
}

#[test]
fn v1_get_shape() {
    let body = ok_env(setting(
        json!({ "origin-ip": "192.0.2.1", "region": "us-east-1", "vendor": "aws" }),
    ));
    assert_eq!(
        decode::mapping(V1, &resp(200, body)).unwrap(),
        mapping("192.0.2.1", "aws", "us-east-1", None)
    );
}

#[test]
fn v1_delete_shape_is_the_deleted_entry() {
    let body = ok_env(setting(
        json!({ "origin-ip": "2001:DB8::0:1", "region": "us-east-1", "vendor": "aws" }),
    ));
    let d = decode::deleted(&resp(200, body), "2001:db8::1").unwrap();
    assert_eq!(d.ip, "2001:db8::1");
    // Not simply echoing the IP asked for: the answer's IP wins.
    let body = ok_env(setting(
        json!({ "origin-ip": "192.0.2.7", "region": "us-east-1", "vendor": "aws" }),
    ));
    assert_eq!(
        decode::deleted(&resp(200, body), "192.0.2.1").unwrap().ip,
        "192.0.2.7"
    );
}

#[test]
fn v2_delete_shape_is_origin_ip() {
    let d = decode::deleted(
        &resp(200, ok_env(json!({ "origin_ip": "2001:0DB8:0:0:0:0:0:1" }))),
        "x",
    )
    .unwrap();
    assert_eq!(d.ip, "2001:db8::1");
    // An answer that does not repeat the IP falls back to the one asked for.
    let d = decode::deleted(&resp(200, ok_env(json!({}))), "192.0.2.1").unwrap();
    assert_eq!(d.ip, "192.0.2.1");
}

const REGIONS: &str = r#"{
  "success": true, "errors": [], "messages": [],
  "result": {
    "obtained_codes": true,
    "vendors": {
      "aws": [
        { "name": "us-east-1", "upper_tier_colos": ["IAD", "EWR"] },
        { "name": "eu-west-1", "upper_tier_colos": ["DUB", "LHR"] }
      ],
      "gcp": [ { "name": "us-central1", "upper_tier_colos": ["ORD"] } ],
      "ibm": [ { "name": "us-south", "upper_tier_colos": [] } ]
    }
  }
}"#;

#[test]
fn supported_regions_catalogue() {
    let cat = decode::supported_regions(&resp_text(200, REGIONS)).unwrap();
    assert!(cat.obtained_codes);
    assert_eq!(cat.vendors.len(), 3);
    assert_eq!(
        cat.regions("aws").unwrap(),
        vec![
            Region {
                name: "us-east-1".into(),
                upper_tier_colos: vec!["IAD".into(), "EWR".into()]
            },
            Region {
                name: "eu-west-1".into(),
                upper_tier_colos: vec!["DUB".into(), "LHR".into()]
            },
        ]
    );
    assert!(cat.has("aws", "eu-west-1"));
    assert!(cat.has("gcp", "us-central1"));
    assert!(
        !cat.has("gcp", "us-east-1"),
        "regions belong to their vendor"
    );
    assert!(!cat.has("azure", "eastus"));
    // A vendor this version does not know passes through.
    assert!(cat.has("ibm", "us-south"));
}

#[test]
fn supported_regions_serialise_to_the_js_shape() {
    let cat = decode::supported_regions(&resp_text(200, REGIONS)).unwrap();
    let js = support::to_value(&cat);
    assert_eq!(js["obtainedCodes"], json!(true));
    assert_eq!(
        js["vendors"]["aws"][0],
        json!({ "name": "us-east-1", "upperTierColos": ["IAD", "EWR"] })
    );
    assert!(js.get("obtained_codes").is_none());
}

#[test]
fn supported_regions_with_obtained_codes_false() {
    let body = ok_env(
        json!({ "obtained_codes": false, "vendors": { "oci": [{ "name": "us-ashburn-1", "upper_tier_colos": [] }] } }),
    );
    let cat: SupportedRegions = decode::supported_regions(&resp(200, body)).unwrap();
    assert!(!cat.obtained_codes);
    assert!(cat.has("oci", "us-ashburn-1"));
}

#[test]
fn unknown_vendors_pass_through_as_strings() {
    let body = ok_env(setting(json!([
        { "origin-ip": "192.0.2.1", "region": "us-south", "vendor": "ibm" },
        { "origin-ip": "192.0.2.2", "region": "eastus", "vendor": "azure" }
    ])));
    let list = decode::v1_list(&resp(200, body)).unwrap();
    assert_eq!(list[0].vendor, "ibm");
    assert_eq!(list[0].region, "us-south");
    let m = decode::mapping(
        V2,
        &resp(
            200,
            ok_env(json!({ "origin_ip": "192.0.2.1", "region": "r1", "vendor": "alibaba" })),
        ),
    )
    .unwrap();
    assert_eq!(m.vendor, "alibaba");
}

#[test]
fn server_ips_come_back_canonical() {
    let body = ok_env(setting(json!([
        { "origin-ip": "2001:DB8:0:0:0:0:0:1", "region": "us-east-1", "vendor": "aws" },
        { "origin-ip": "::FFFF:C000:0201", "region": "us-east-1", "vendor": "aws" },
        { "origin-ip": "2001:0db8:0000:0000:0001:0000:0000:0001", "region": "us-east-1", "vendor": "aws" },
        { "origin-ip": "not an ip", "region": "us-east-1", "vendor": "aws" }
    ])));
    let ips: Vec<String> = decode::v1_list(&resp(200, body))
        .unwrap()
        .into_iter()
        .map(|m| m.ip)
        .collect();
    assert_eq!(
        ips,
        [
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "2001:db8::1:0:0:1",
            "not an ip"
        ]
    );

    let v2 =
        ok_env(json!([{ "origin_ip": "2001:DB8::0001", "region": "us-east-1", "vendor": "aws" }]));
    assert_eq!(
        decode::v2_page(&resp(200, v2), 1, 20).unwrap().items[0].ip,
        "2001:db8::1"
    );
    let one = ok_env(json!({ "origin_ip": "2001:Db8::1", "region": "us-east-1", "vendor": "aws" }));
    assert_eq!(
        decode::mapping(V2, &resp(200, one)).unwrap().ip,
        "2001:db8::1"
    );
}

#[test]
fn mappings_serialise_to_the_js_shape() {
    let js = support::to_value(&mapping("192.0.2.1", "aws", "us-east-1", Some(T)));
    assert_eq!(
        js,
        json!({ "ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1", "modifiedOn": T })
    );
    let js = support::to_value(&mapping("192.0.2.1", "aws", "us-east-1", None));
    assert_eq!(
        js,
        json!({ "ip": "192.0.2.1", "vendor": "aws", "region": "us-east-1" })
    );
}

#[test]
fn v1_page_cuts_the_full_list() {
    let all: Vec<Mapping> = (1..=5)
        .map(|i| mapping(&format!("192.0.2.{i}"), "aws", "us-east-1", None))
        .collect();
    let p = decode::v1_page(all.clone(), 2, 2);
    assert_eq!(p.items, all[2..4].to_vec());
    assert_eq!(
        (p.page, p.per_page, p.total_count, p.total_pages),
        (2, 2, 5, 3)
    );
    assert_eq!(decode::v1_page(all.clone(), 3, 2).items, all[4..].to_vec());
    assert!(decode::v1_page(all.clone(), 4, 2).items.is_empty());
    assert_eq!(decode::v1_page(all.clone(), 1, 100).items, all);
    assert_eq!(decode::v1_page(vec![], 1, 20).total_pages, 0);
}

// ---- errors ------------------------------------------------------------------------------

#[track_caller]
fn api(err: Error, status: u16, code: u32, message: &str) {
    assert_eq!(err.kind(), "api", "{err:?}");
    assert_eq!(err.status(), Some(status));
    assert_eq!(err.code(), Some(code));
    assert_eq!(
        err.errors(),
        &[ApiMessage {
            code,
            message: message.into()
        }]
    );
    assert_eq!(
        err.to_string(),
        format!("Cloudflare API answered HTTP {status}: {message} (code {code})")
    );
}

#[test]
fn error_envelopes_of_the_seeds() {
    let msg_1157 = "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor";
    api(
        decode::mapping(V2, &resp_text(400, SEED_1157)).unwrap_err(),
        400,
        1157,
        msg_1157,
    );
    api(
        decode::mapping(V2, &resp_text(400, SEED_1146_MISMATCH)).unwrap_err(),
        400,
        1146,
        "body origin_ip does not match URL",
    );
    api(
        decode::v1_list(&resp_text(403, SEED_1164)).unwrap_err(),
        403,
        1164,
        "Maximum number of IP mappings configured for zone.",
    );
    api(
        decode::batch(V1, &resp_text(500, SEED_1140)).unwrap_err(),
        500,
        1140,
        "Unable to update origin_public_cloud_region setting value. Internal error.",
    );
    api(
        decode::mapping(V1, &resp_text(400, SEED_1145)).unwrap_err(),
        400,
        1145,
        "Unable to create new origin_public_cloud_region setting. The zone setting already exists.",
    );
}

#[test]
fn every_decoder_reads_an_error_envelope_the_same_way() {
    let r = resp_text(403, SEED_1164);
    let errs = [
        decode::mapping(V1, &r).unwrap_err(),
        decode::mapping(V2, &r).unwrap_err(),
        decode::v1_list(&r).unwrap_err(),
        decode::v2_page(&r, 1, 20).unwrap_err(),
        decode::deleted(&r, "192.0.2.1").unwrap_err(),
        decode::batch(V1, &r).unwrap_err(),
        decode::batch(V2, &r).unwrap_err(),
        decode::supported_regions(&r).unwrap_err(),
    ];
    for e in errs {
        assert_eq!(
            e,
            Error::Api {
                status: 403,
                errors: vec![ApiMessage {
                    code: 1164,
                    message: "Maximum number of IP mappings configured for zone.".into()
                }],
                ray_id: None
            }
        );
    }
}

#[test]
fn every_error_of_the_envelope_is_kept() {
    let body = json!({
        "success": false, "result": null, "messages": [],
        "errors": [
            { "code": 10000, "message": "Authentication error", "documentation_url": "https://x", "source": { "pointer": "/a" } },
            { "code": 9109, "message": "Invalid access token" }
        ]
    });
    let e = decode::mapping(V2, &resp(401, body)).unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.code(), Some(10000));
    assert_eq!(
        e.errors().iter().map(|m| m.code).collect::<Vec<_>>(),
        [10000, 9109]
    );
}

#[test]
fn an_error_status_with_an_html_body_is_an_api_error_without_codes() {
    for status in [400u16, 403, 429, 502, 503] {
        let e = decode::mapping(V2, &resp_no_body(status)).unwrap_err();
        assert_eq!(e, api_error_without_codes(status));
        assert_eq!(e.kind(), "api");
        assert_eq!(e.code(), None);
        assert!(e.errors().is_empty());
        assert_eq!(
            e.to_string(),
            format!("Cloudflare API answered HTTP {status}")
        );
    }
}

#[test]
fn an_error_status_with_json_that_is_no_envelope_is_an_api_error_without_codes() {
    for body in [
        json!({ "message": "Bad gateway" }),
        json!("oops"),
        json!([1, 2]),
        json!({ "errors": "nope" }),
    ] {
        let e = decode::batch(V2, &resp(502, body.clone())).unwrap_err();
        assert_eq!(e, api_error_without_codes(502), "{body}");
    }
}

#[test]
fn success_false_with_status_200_is_an_api_error() {
    let e = decode::mapping(V2, &resp_text(200, SEED_1157)).unwrap_err();
    assert_eq!(e.kind(), "api");
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.code(), Some(1157));
    let e = decode::v1_list(&resp(
        200,
        json!({ "success": false, "errors": [], "result": null }),
    ))
    .unwrap_err();
    assert_eq!(e, api_error_without_codes(200));
}

#[test]
fn status_200_without_json_is_a_decode_error() {
    let e = decode::mapping(V2, &resp_no_body(200)).unwrap_err();
    assert_eq!(e.kind(), "decode");
    assert!(matches!(e, Error::Decode { .. }));
    assert_eq!(e.status(), None);
    assert!(e.to_string().starts_with("unexpected API response"), "{e}");
}

#[test]
fn wrong_shapes_are_decode_errors() {
    let r = |v| resp(200, ok_env(v));
    // v1 list whose value is not a list.
    assert_eq!(
        decode::v1_list(&r(setting(
            json!({ "origin-ip": "192.0.2.1", "region": "r", "vendor": "aws" })
        )))
        .unwrap_err()
        .kind(),
        "decode"
    );
    // A mapping without its IP.
    assert_eq!(
        decode::mapping(V2, &r(json!({ "region": "r", "vendor": "aws" })))
            .unwrap_err()
            .kind(),
        "decode"
    );
    // A page that is not a list.
    assert_eq!(
        decode::v2_page(&r(json!({ "items": [] })), 1, 20)
            .unwrap_err()
            .kind(),
        "decode"
    );
    // A batch whose parts are not lists.
    assert_eq!(
        decode::batch(V2, &r(json!({ "succeeded": "all", "failed": [] })))
            .unwrap_err()
            .kind(),
        "decode"
    );
    // Regions as a list instead of a map.
    assert_eq!(
        decode::supported_regions(&r(json!({ "vendors": ["aws"] })))
            .unwrap_err()
            .kind(),
        "decode"
    );
    // The envelope itself is not an object.
    assert_eq!(
        decode::mapping(V2, &resp(200, json!([1, 2, 3])))
            .unwrap_err()
            .kind(),
        "decode"
    );
    // A success without a result.
    let e = decode::mapping(
        V2,
        &resp(
            200,
            json!({ "success": true, "errors": [], "result": null }),
        ),
    )
    .unwrap_err();
    assert_eq!(e.kind(), "decode");
}

#[test]
fn success_statuses() {
    assert!(is_success(200) && is_success(201) && is_success(204) && is_success(299));
    assert!(!is_success(199) && !is_success(300) && !is_success(404) && !is_success(500));
    // A 201 with an envelope reads like a 200.
    assert!(decode::mapping(V1, &resp_text(201, SEED_V1_CREATE)).is_ok());
}

#[test]
fn kind_strings_of_every_variant() {
    let cases = [
        (Error::invalid("ip", "x", "rule"), "validation"),
        (
            Error::invalid_unquoted("options.apiToken", "rule"),
            "validation",
        ),
        (api_error_without_codes(400), "api"),
        (Error::Network("reset".into()), "network"),
        (Error::Timeout { ms: 30_000 }, "timeout"),
        (Error::Aborted, "aborted"),
        (Error::decode("x"), "decode"),
    ];
    for (e, kind) in cases {
        assert_eq!(e.kind(), kind, "{e:?}");
        if kind != "api" {
            assert_eq!(e.status(), None);
            assert!(e.errors().is_empty());
        }
    }
}

#[test]
fn response_keeps_retry_after_verbatim() {
    let r: Response = Response {
        status: 429,
        retry_after: Some("7".into()),
        ray_id: None,
        body: None,
    };
    assert_eq!(
        decode::mapping(V2, &r).unwrap_err(),
        api_error_without_codes(429)
    );
}

#[test]
fn success_false_wins_over_a_result_of_another_shape() {
    // Some error answers carry `result: {}` or `[]` instead of null; the
    // caller must still get the API's codes, not a decode error.
    for result in [json!({}), json!([]), json!("")] {
        let body = json!({ "success": false, "errors": [{ "code": 1164, "message": "Maximum" }], "result": result });
        let e = decode::v1_list(&resp(200, body.clone())).unwrap_err();
        assert_eq!(e.kind(), "api", "{body} gave {e:?}");
        assert_eq!(e.code(), Some(1164));
        let e = decode::mapping(V2, &resp(200, body.clone())).unwrap_err();
        assert_eq!(e.code(), Some(1164), "{body} gave {e:?}");
    }
}
