//! Fuzzing the response decoder with proptest: any JSON value, in or out of
//! an envelope, under any status, decodes to a value or an error and never
//! panics (a panic inside wasm poisons the module for every later call).
//! The default case count runs in the test command; for a long run:
//! `PROPTEST_CASES=200000 cargo test --release --test fuzz_decode`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use origin_regions::config::ApiVersion;
use origin_regions::decode::{self, Response};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Any JSON value, biased towards the keys and shapes the decoders look for.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("success".to_string()),
        Just("errors".to_string()),
        Just("result".to_string()),
        Just("result_info".to_string()),
        Just("value".to_string()),
        Just("origin_ip".to_string()),
        Just("origin-ip".to_string()),
        Just("vendor".to_string()),
        Just("region".to_string()),
        Just("code".to_string()),
        Just("message".to_string()),
        Just("succeeded".to_string()),
        Just("failed".to_string()),
        Just("vendors".to_string()),
        Just("upper_tier_colos".to_string()),
        Just("total_pages".to_string()),
        Just("per_page".to_string()),
        ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![
            ".{0,12}",
            "[0-9a-fA-F:.]{0,20}",
            Just("2001:DB8::1".to_string())
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// The value as a `result`, inside an envelope that says success, so that
/// the decoders get past the envelope and read the shapes.
fn wrapped(v: Value, success: bool) -> Value {
    json!({ "success": success, "errors": [], "messages": [], "result": v, "result_info": { "page": 1 } })
}

fn decode_all(status: u16, body: Option<Value>) {
    let resp = Response {
        status,
        retry_after: None,
        ray_id: None,
        body,
    };
    for version in [ApiVersion::V1, ApiVersion::V2] {
        let outcomes = [
            decode::mapping(version, &resp).err(),
            decode::batch(version, &resp).err(),
        ];
        for e in outcomes.into_iter().flatten() {
            assert!(matches!(e.kind(), "api" | "decode"), "{e:?}");
            if decode::is_success(status) && e.kind() == "api" {
                assert_eq!(e.status(), Some(status));
            }
            assert!(!e.to_string().is_empty());
        }
    }
    let _ = decode::v1_list(&resp);
    let _ = decode::v2_page(&resp, 1, 20);
    let _ = decode::deleted(&resp, "192.0.2.1");
    let _ = decode::supported_regions(&resp);
    if !decode::is_success(status) {
        let e = decode::v2_page(&resp, 1, 20).unwrap_err();
        assert_eq!((e.kind(), e.status()), ("api", Some(status)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000)
    ))]

    #[test]
    fn any_body_under_any_status_never_panics(
        status in prop_oneof![Just(200u16), Just(201), Just(400), Just(403), Just(404), Just(429), Just(502), 100u16..600],
        body in prop::option::of(any_json()),
    ) {
        decode_all(status, body);
    }

    #[test]
    fn any_result_in_a_successful_envelope_never_panics(v in any_json(), success in any::<bool>()) {
        decode_all(200, Some(wrapped(v.clone(), success)));
        decode_all(200, Some(wrapped(json!({ "value": v }), success)));
    }

    #[test]
    fn any_mapping_like_object_decodes_or_names_the_bad_field(
        ip in prop_oneof![Just(json!("2001:DB8:0::1")), Just(json!(5)), Just(Value::Null), ".{0,10}".prop_map(Value::String)],
        vendor in prop_oneof![Just(json!("aws")), Just(json!("someday-cloud")), Just(json!(1)), Just(Value::Null)],
        region in prop_oneof![Just(json!("us-east-1")), Just(json!([])), Just(Value::Null)],
    ) {
        let m = json!({ "origin_ip": ip, "vendor": vendor, "region": region });
        let resp = Response { status: 200, retry_after: None, body: Some(wrapped(m, true)), ray_id: None };
        match decode::mapping(ApiVersion::V2, &resp) {
            Ok(mapping) => {
                // Whatever came back as an IP is canonical, or passed through as given.
                prop_assert!(origin_regions::ip::canonicalize(&mapping.ip).map_or(true, |c| c == mapping.ip));
            }
            Err(e) => {
                prop_assert_eq!(e.kind(), "decode");
                let text = e.to_string();
                prop_assert!(text.contains("origin_ip") || text.contains("vendor") || text.contains("region"), "{}", text);
            }
        }
    }
}
