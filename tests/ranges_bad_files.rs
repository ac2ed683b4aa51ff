//! Bad range files: each refused whole, with an error naming the vendor,
//! the file, the JSON path of the entry and the rule. Never a panic, never
//! an index built from part of the files.
#![cfg(not(target_arch = "wasm32"))]

use origin_regions::ranges::{Builder, RegionIndex, Vendor};

/// The message of `text` refused as `vendor`'s file.
fn refused(vendor: Vendor, text: &str) -> String {
    let e = Builder::new()
        .add_text(vendor, text)
        .expect_err("a bad file must be refused");
    assert_eq!(e.kind(), "validation", "{e}");
    e.to_string()
}

fn assert_has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{msg:?} lacks {p:?}");
    }
}

const AWS_HEAD: &str = r#"{"syncToken":"1","createDate":"2025-01-01-00-00-00","prefixes":["#;

#[test]
fn empty_files() {
    for text in ["", "  \n\t"] {
        for v in [Vendor::Aws, Vendor::Azure, Vendor::Gcp, Vendor::Oci] {
            let m = refused(v, text);
            assert_eq!(
                m,
                format!(
                    "providers.{} ({}): is empty: expected the JSON file the vendor publishes",
                    v.name(),
                    v.file_name()
                )
            );
        }
    }
}

#[test]
fn not_json() {
    let m = refused(Vendor::Aws, "{\"syncToken\": ");
    assert_has(&m, &["providers.aws (ip-ranges.json): is not JSON", "EOF"]);
    let m = refused(Vendor::Gcp, "<html>Not found</html>");
    assert_has(
        &m,
        &["providers.gcp (cloud.json): is not JSON", "line 1 column 1"],
    );
    let m = refused(
        Vendor::Oci,
        r#"{"last_updated_timestamp":"x","regions":[]} trailing"#,
    );
    assert_has(
        &m,
        &[
            "providers.oci (public_ip_ranges.json): is not JSON",
            "trailing",
        ],
    );
}

#[test]
fn wrong_schema() {
    let m = refused(Vendor::Aws, "[1, 2]");
    assert_eq!(
        m,
        "providers.aws (ip-ranges.json): invalid type: sequence, expected the vendor's file: a JSON object at line 1 column 0"
    );
    // A Google file given as AWS's.
    let gcp = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ranges/gcp-cloud.json"
    ))
    .unwrap();
    let m = refused(Vendor::Aws, &gcp);
    assert_has(
        &m,
        &["providers.aws (ip-ranges.json) at prefixes[0]: missing field `ip_prefix`"],
    );
    let m = refused(
        Vendor::Aws,
        &format!(
            r#"{AWS_HEAD}{{"ip_prefix":"3.5.140.0/22","region":"us-east-1"}},{{"region":"us-east-1"}}]}}"#
        ),
    );
    assert_has(
        &m,
        &[
            "providers.aws (ip-ranges.json) at prefixes[1]",
            "missing field `ip_prefix`",
        ],
    );
    let m = refused(
        Vendor::Azure,
        r#"{"changeNumber":1,"cloud":"Public","values":[{"name":"AzureCloud.eastus","properties":{"region":"eastus","addressPrefixes":"20.42.0.0/17"}}]}"#,
    );
    assert_has(
        &m,
        &[
            "providers.azure (ServiceTags_Public.json) at values[0].properties.addressPrefixes",
            "invalid type",
        ],
    );
    let m = refused(
        Vendor::Gcp,
        r#"{"syncToken":"1","creationTime":"t","prefixes":[{"service":"Google Cloud","scope":"us-east1"}]}"#,
    );
    assert_eq!(
        m,
        "providers.gcp (cloud.json) at prefixes[0]: has neither ipv4Prefix nor ipv6Prefix"
    );
    let m = refused(
        Vendor::Gcp,
        r#"{"syncToken":"1","creationTime":"t","prefixes":[{"ipv4Prefix":"2600:1900::/28","scope":"us-east1"}]}"#,
    );
    assert_eq!(
        m,
        "providers.gcp (cloud.json) at prefixes[0].ipv4Prefix: \"2600:1900::/28\" is IPv6 where the file's schema puts IPv4 prefixes"
    );
    let m = refused(
        Vendor::Oci,
        r#"{"last_updated_timestamp":"x","regions":[{"region":"US Phoenix","cidrs":[]}]}"#,
    );
    assert_has(
        &m,
        &["providers.oci (public_ip_ranges.json) at regions[0].region: \"US Phoenix\" must be a region identifier"],
    );
}

#[test]
fn bad_cidrs() {
    let m = refused(
        Vendor::Aws,
        &format!(
            r#"{AWS_HEAD}{{"ip_prefix":"3.5.140.0/22","region":"us-east-1"}},{{"ip_prefix":"10.0.0.1/8","region":"us-east-1"}}]}}"#
        ),
    );
    assert_has(
        &m,
        &[
            "providers.aws (ip-ranges.json) at prefixes[1].ip_prefix: ",
            "\"10.0.0.1/8\" has host bits set: the prefix of that length is 10.0.0.0/8",
        ],
    );
    let m = refused(
        Vendor::Oci,
        r#"{"last_updated_timestamp":"x","regions":[{"region":"us-phoenix-1","cidrs":[{"cidr":"129.146.0.0/21"},{"cidr":"129.146.0/21"}]}]}"#,
    );
    assert_has(
        &m,
        &[
            "providers.oci (public_ip_ranges.json) at regions[0].cidrs[1].cidr: ",
            "\"129.146.0/21\" is not a CIDR prefix",
        ],
    );
    let m = refused(
        Vendor::Azure,
        r#"{"changeNumber":1,"cloud":"Public","values":[{"name":"AzureCloud.eastus","properties":{"region":"eastus","addressPrefixes":["20.42.0.0/17","2603:1030:210::1/47"]}}]}"#,
    );
    assert_has(
        &m,
        &[
            "at values[0].properties.addressPrefixes[1]: ",
            "has host bits set: the prefix of that length is 2603:1030:210::/47",
        ],
    );
    // A number where a CIDR belongs.
    let m = refused(
        Vendor::Gcp,
        r#"{"syncToken":"1","creationTime":"t","prefixes":[{"ipv4Prefix":42,"scope":"us-east1"}]}"#,
    );
    assert_has(
        &m,
        &[
            "at prefixes[0].ipv4Prefix: ",
            "expected a CIDR prefix string",
        ],
    );
}

#[test]
fn one_bad_file_builds_no_index() {
    let aws = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ranges/aws-ip-ranges.json"
    ))
    .unwrap();
    let e = RegionIndex::from_texts(Some(&aws), Some("{"), None, None).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("providers.gcp (cloud.json): is not JSON"),
        "{e}"
    );
    let mut b = Builder::new();
    b.add_text(Vendor::Aws, &aws).unwrap();
    let e = b.add_text(Vendor::Aws, &aws).unwrap_err();
    assert_eq!(
        e.to_string(),
        "providers.aws (ip-ranges.json): is given twice; give each vendor's file once"
    );
}

#[test]
fn garbage_never_panics() {
    // Truncations and byte flips of a good file: an index or an error, never a panic.
    let aws = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ranges/aws-ip-ranges.json"
    ))
    .unwrap();
    let mut refused = 0;
    for cut in (0..aws.len()).step_by(7) {
        if Builder::new().add_text(Vendor::Aws, &aws[..cut]).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 0);
    let bytes = aws.as_bytes();
    for i in (0..bytes.len()).step_by(5) {
        let mut b = bytes.to_vec();
        b[i] = b"/:.x0\"{]"[i % 8];
        if let Ok(text) = std::str::from_utf8(&b) {
            let _ = Builder::new().add_text(Vendor::Aws, text);
        }
    }
}
