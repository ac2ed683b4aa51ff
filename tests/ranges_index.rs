//! The range index on small files in each vendor's published schema
//! (tests/fixtures/ranges/): each format's rules, lookup, suggest, stats.
#![cfg(not(target_arch = "wasm32"))]

use origin_regions::model::{Region, SupportedRegions};
use origin_regions::ranges::input::IpInput;
use origin_regions::ranges::{Published, RegionIndex, Vendor};
use origin_regions::validate::Field;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/ranges/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn index() -> RegionIndex {
    RegionIndex::from_texts(
        Some(&fixture("aws-ip-ranges.json")),
        Some(&fixture("gcp-cloud.json")),
        Some(&fixture("azure-service-tags.json")),
        Some(&fixture("oci-public_ip_ranges.json")),
    )
    .expect("the fixtures are good files")
}

fn inputs(fields: &[Field]) -> Vec<IpInput<'_>> {
    fields.iter().map(IpInput::from).collect()
}

fn text(s: &str) -> Field {
    Field::Text(s.into())
}

/// `vendor region prefix` of a lookup, or "none".
fn look(index: &RegionIndex, ip: &str) -> String {
    match index.lookup("ip", &text(ip)).unwrap() {
        None => "none".into(),
        Some(l) => format!("{} {} {}", l.vendor.name(), l.region, l.prefix),
    }
}

#[test]
fn aws_rules() {
    let i = index();
    // Listed under AMAZON and S3: one match.
    assert_eq!(look(&i, "3.5.141.7"), "aws ap-northeast-2 3.5.140.0/22");
    // The longest prefix wins: a /22 of us-west-2 inside a /16 of us-east-1.
    assert_eq!(look(&i, "52.94.77.1"), "aws us-west-2 52.94.76.0/22");
    assert_eq!(look(&i, "52.94.80.0"), "aws us-east-1 52.94.0.0/16");
    assert_eq!(look(&i, "52.94.75.255"), "aws us-east-1 52.94.0.0/16");
    // GLOBAL is not a region.
    assert_eq!(look(&i, "13.32.0.1"), "none");
    // Not even inside a regional prefix: 52.94.96.0/24 is in 52.94.0.0/16.
    assert_eq!(look(&i, "52.94.96.7"), "none");
    assert_eq!(look(&i, "52.94.97.0"), "aws us-east-1 52.94.0.0/16");
    assert_eq!(look(&i, "2600:9000::1"), "none");
    assert_eq!(look(&i, "2600:1F14:0:0::9"), "aws us-west-2 2600:1f14::/35");
    let aws = i.stats().vendor(Vendor::Aws).unwrap();
    assert_eq!((aws.prefixes_v4, aws.prefixes_v6), (4, 1));
    assert_eq!(
        aws.regions,
        ["ap-northeast-2", "eu-west-1", "us-east-1", "us-west-2"]
    );
    assert_eq!(
        aws.published,
        Published::Aws {
            syncToken: "1764892381".into(),
            createDate: "2025-12-05-00-53-01".into()
        }
    );
}

#[test]
fn gcp_azure_and_oci_rules() {
    let i = index();
    assert_eq!(look(&i, "34.1.223.255"), "gcp africa-south1 34.1.208.0/20");
    assert_eq!(
        look(&i, "2600:1900:800f::1"),
        "gcp us-east4 2600:1900:8000::/44"
    );
    // A global scope is not a region.
    assert_eq!(look(&i, "34.54.1.1"), "none");
    assert_eq!(look(&i, "2600:1901::1"), "none");
    // Azure: only AzureCloud.<region> tags; not AzureCloud, not Storage.eastus.
    assert_eq!(look(&i, "20.42.1.1"), "azure eastus 20.42.0.0/17");
    assert_eq!(look(&i, "20.50.70.1"), "azure westeurope 20.50.64.0/20");
    assert_eq!(look(&i, "20.33.0.1"), "none");
    assert_eq!(look(&i, "20.38.98.1"), "none");
    assert_eq!(
        look(&i, "2603:1030:211::"),
        "azure eastus 2603:1030:210::/47"
    );
    assert_eq!(look(&i, "2603:1030:1::"), "none");
    // Oracle: every CIDR of a region, whatever its tags.
    assert_eq!(look(&i, "134.70.15.255"), "oci us-phoenix-1 134.70.8.0/21");
    assert_eq!(
        look(&i, "130.61.255.255"),
        "oci eu-frankfurt-1 130.61.0.0/16"
    );
    let s = i.stats();
    let azure = s.vendor(Vendor::Azure).unwrap();
    assert_eq!((azure.prefixes_v4, azure.prefixes_v6), (3, 1));
    assert_eq!(azure.regions, ["eastus", "westeurope"]);
    assert_eq!(
        azure.published,
        Published::Azure {
            changeNumber: 337,
            cloud: "Public".into()
        }
    );
    let gcp = s.vendor(Vendor::Gcp).unwrap();
    assert_eq!((gcp.prefixes_v4, gcp.prefixes_v6), (3, 1));
    let oci = s.vendor(Vendor::Oci).unwrap();
    assert_eq!((oci.prefixes_v4, oci.prefixes_v6), (4, 0));
    assert_eq!(
        oci.published,
        Published::Oci {
            last_updated_timestamp: "2025-12-03T21:10:46.568556".into()
        }
    );
    assert!(s.memory_bytes > 0);
}

#[test]
fn stats_serialize_with_the_files_own_key_names() {
    let json = serde_json::to_value(index().stats()).unwrap();
    assert_eq!(
        json["vendors"]["aws"]["published"]["createDate"],
        "2025-12-05-00-53-01"
    );
    assert_eq!(
        json["vendors"]["gcp"]["published"]["creationTime"],
        "2025-12-04T20:00:00.123456"
    );
    assert_eq!(json["vendors"]["azure"]["published"]["changeNumber"], 337);
    assert_eq!(
        json["vendors"]["oci"]["published"]["last_updated_timestamp"],
        "2025-12-03T21:10:46.568556"
    );
    assert_eq!(json["vendors"]["oci"]["prefixesV4"], 4);
    let only_aws =
        RegionIndex::from_texts(Some(&fixture("aws-ip-ranges.json")), None, None, None).unwrap();
    let json = serde_json::to_value(only_aws.stats()).unwrap();
    assert_eq!(json["vendors"].as_object().unwrap().len(), 1);
}

#[test]
fn a_prefix_two_vendors_list_is_a_conflict() {
    let i = index();
    let l = i.lookup("ip", &text("198.51.100.7")).unwrap().unwrap();
    assert_eq!((l.vendor, l.region.as_str()), (Vendor::Aws, "eu-west-1"));
    assert_eq!(l.prefix, "198.51.100.0/24");
    assert_eq!(l.conflicts.len(), 1);
    assert_eq!(
        (l.conflicts[0].vendor, l.conflicts[0].region.as_str()),
        (Vendor::Gcp, "europe-west1")
    );
    let json = serde_json::to_value(&l).unwrap();
    assert_eq!(json["conflicts"][0]["vendor"], "gcp");
    let given = [text("198.51.100.7")];
    let ips = inputs(&given);
    let s = i.suggest(&ips, None);
    assert!(s.items.is_empty());
    assert_eq!(s.rejected.len(), 1);
    let e = &s.rejected[0].error;
    assert_eq!(
        e,
        "ips[0] \"198.51.100.7\": is in 198.51.100.0/24, which aws eu-west-1 and gcp europe-west1 all list: pick one by hand"
    );
    // Without a conflict, no `conflicts` key.
    let l = i.lookup("ip", &text("3.5.140.1")).unwrap().unwrap();
    assert!(serde_json::to_value(&l).unwrap().get("conflicts").is_none());
}

#[test]
fn lookup_checks_the_ip_by_the_projects_rules() {
    let i = index();
    let e = i.lookup("ip", &text("010.0.0.1")).unwrap_err();
    assert_eq!(e.kind(), "validation");
    assert!(
        e.to_string().starts_with(
            "ip \"010.0.0.1\": is not an IP address: IPv4 octet \"010\" has a leading zero"
        ),
        "{e}"
    );
    let e = i
        .lookup("ip", &text("3.5.140.0/22"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("CIDR prefixes"), "{e}");
    let e = i.lookup("ip", &Field::Number(5.0)).unwrap_err().to_string();
    assert_eq!(e, "ip: must be a string (got number)");
    // IPv4-mapped IPv6 addresses are IPv6: not in IPv4 prefixes.
    assert_eq!(look(&i, "::ffff:3.5.140.1"), "none");
}

fn catalogue() -> SupportedRegions {
    let r = |n: &str| Region {
        name: n.into(),
        upper_tier_colos: vec![],
    };
    SupportedRegions {
        obtained_codes: true,
        vendors: vec![
            ("aws".into(), vec![r("us-east-1"), r("us-west-2")]),
            ("gcp".into(), vec![r("asia-east1")]),
        ],
    }
}

#[test]
fn suggest_sorts_ips_in_input_order() {
    let i = index();
    let ips = [
        text("52.94.77.1"),
        text("not an ip"),
        text("192.0.2.1"),
        text("3.5.140.9"),
        Field::Bool(true),
        text("2600:1F14::1"),
        text("52.94.77.1"),
        text("2600:1f14::0:1"),
        text("35.185.130.1"),
    ];
    let ips = inputs(&ips);
    let s = i.suggest(&ips, None);
    let items: Vec<_> = s
        .items
        .iter()
        .map(|m| format!("{} {} {}", m.ip, m.vendor.name(), m.region))
        .collect();
    assert_eq!(
        items,
        [
            "52.94.77.1 aws us-west-2",
            "3.5.140.9 aws ap-northeast-2",
            "2600:1f14::1 aws us-west-2",
            "35.185.130.1 gcp asia-east1",
        ]
    );
    assert_eq!(s.unmatched, ["192.0.2.1"]);
    assert_eq!(s.rejected.len(), 2);
    assert_eq!(s.rejected[0].index, 1);
    assert_eq!(s.rejected[0].input.as_deref(), Some("not an ip"));
    assert!(
        s.rejected[0]
            .error
            .starts_with("ips[1] \"not an ip\": is not an IP address"),
        "{}",
        s.rejected[0].error
    );
    assert_eq!(s.rejected[1].index, 4);
    assert_eq!(s.rejected[1].input, None);
    assert_eq!(
        s.rejected[1].error,
        "ips[4]: must be a string (got boolean)"
    );
    assert_eq!(s.unsupported, None);
    let json = serde_json::to_value(&s).unwrap();
    assert!(json.get("unsupported").is_none());
    assert_eq!(json["items"][0]["vendor"], "aws");
}

#[test]
fn suggest_with_a_catalogue_sets_unsupported_regions_apart() {
    let i = index();
    let ips = [
        text("52.94.77.1"),
        text("3.5.140.9"),
        text("35.185.130.1"),
        text("20.42.1.1"),
    ];
    let ips = inputs(&ips);
    let s = i.suggest(&ips, Some(&catalogue()));
    let names = |list: &[origin_regions::ranges::Item]| -> Vec<String> {
        list.iter().map(|m| m.ip.to_string()).collect()
    };
    assert_eq!(names(&s.items), ["52.94.77.1", "35.185.130.1"]);
    // ap-northeast-2 is not in the catalogue; azure is not in it at all.
    assert_eq!(
        names(s.unsupported.as_ref().unwrap()),
        ["3.5.140.9", "20.42.1.1"]
    );
}

#[test]
fn an_empty_index_matches_nothing() {
    let i = RegionIndex::from_texts(None, None, None, None).unwrap();
    assert_eq!(look(&i, "3.5.140.1"), "none");
    let given = [text("::1")];
    let ips = inputs(&given);
    let s = i.suggest(&ips, None);
    assert_eq!(s.unmatched, ["::1"]);
}

#[test]
fn global_prefixes_answer_no_region_even_inside_a_regional_one() {
    let aws = r#"{"syncToken": "1", "createDate": "2025-12-05-00-53-01", "prefixes": [
        {"ip_prefix": "52.94.0.0/16", "region": "us-east-1", "service": "AMAZON"},
        {"ip_prefix": "52.94.96.0/24", "region": "GLOBAL", "service": "AMAZON"},
        {"ip_prefix": "15.177.0.0/18", "region": "GLOBAL", "service": "ROUTE53_HEALTHCHECKS"},
        {"ip_prefix": "15.177.0.0/18", "region": "us-east-2", "service": "AMAZON"},
        {"ip_prefix": "13.32.0.0/15", "region": "GLOBAL", "service": "CLOUDFRONT"},
        {"ip_prefix": "203.0.113.0/24", "region": "GLOBAL", "service": "AMAZON"},
        {"ip_prefix": "198.18.0.0/15", "region": "GLOBAL", "service": "AMAZON"}]}"#;
    let gcp = r#"{"syncToken": "1", "creationTime": "2025-12-04T20:00:00", "prefixes": [
        {"ipv4Prefix": "203.0.113.0/24", "service": "Google Cloud", "scope": "europe-west1"},
        {"ipv6Prefix": "2600:1900::/28", "service": "Google Cloud", "scope": "us-east4"},
        {"ipv6Prefix": "2600:1901::/32", "service": "Google Cloud", "scope": "global"},
        {"ipv4Prefix": "198.18.0.0/15", "service": "Google Cloud", "scope": "global"}]}"#;
    let i = RegionIndex::from_texts(Some(aws), Some(gcp), None, None).unwrap();
    // Inside the GLOBAL /24, not in the us-east-1 /16 around it.
    assert_eq!(look(&i, "52.94.96.7"), "none");
    assert_eq!(look(&i, "52.94.97.1"), "aws us-east-1 52.94.0.0/16");
    assert_eq!(look(&i, "2600:1901::1"), "none");
    assert_eq!(look(&i, "2600:1902::1"), "gcp us-east4 2600:1900::/28");
    // A vendor's own region for the prefix outranks its GLOBAL: no conflict.
    let l = i.lookup("ip", &text("15.177.1.1")).unwrap().unwrap();
    assert_eq!((l.region.as_str(), l.conflicts.len()), ("us-east-2", 0));
    // Another vendor's GLOBAL at the same length is a conflict.
    let l = i.lookup("ip", &text("203.0.113.5")).unwrap().unwrap();
    assert_eq!((l.vendor, l.region.as_str()), (Vendor::Gcp, "europe-west1"));
    assert_eq!(l.conflicts.len(), 1);
    assert_eq!(
        (l.conflicts[0].vendor, l.conflicts[0].region.as_str()),
        (Vendor::Aws, "GLOBAL")
    );
    // Two vendors' GLOBALs alone: no region either.
    assert_eq!(look(&i, "198.19.0.1"), "none");
    // GLOBAL is in no region list and no prefix count.
    let s = i.stats().vendor(Vendor::Aws).unwrap();
    assert_eq!(s.regions, ["us-east-1", "us-east-2"]);
    assert_eq!((s.prefixes_v4, s.prefixes_v6), (2, 0));
    assert_eq!(
        i.stats().vendor(Vendor::Gcp).unwrap().regions,
        ["europe-west1", "us-east4"]
    );

    let ips = [
        "52.94.96.7",
        "52.94.97.1",
        "13.32.0.1",
        "203.0.113.5",
        "192.0.2.1",
        "2600:1901:0::9",
        "15.177.1.1",
        "198.19.0.1",
    ]
    .map(text);
    let inputs = inputs(&ips);
    let s = i.suggest(&inputs, None);
    let items: Vec<_> = (s.items.iter())
        .map(|m| (m.ip.as_ref(), m.vendor, m.region))
        .collect();
    assert_eq!(
        items,
        [
            ("52.94.97.1", Vendor::Aws, "us-east-1"),
            ("15.177.1.1", Vendor::Aws, "us-east-2")
        ]
    );
    assert_eq!(s.unmatched, ["192.0.2.1"]);
    let errors: Vec<_> = s
        .rejected
        .iter()
        .map(|r| (r.index, r.error.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (0, "ips[0] \"52.94.96.7\": is in 52.94.96.0/24, which aws lists as GLOBAL (served from everywhere), not in a region: map it by hand"),
            (2, "ips[2] \"13.32.0.1\": is in 13.32.0.0/15, which aws lists as GLOBAL (served from everywhere), not in a region: map it by hand"),
            (3, "ips[3] \"203.0.113.5\": is in 203.0.113.0/24, which aws GLOBAL and gcp europe-west1 all list: pick one by hand"),
            (5, "ips[5] \"2600:1901::9\": is in 2600:1901::/32, which gcp lists as global (served from everywhere), not in a region: map it by hand"),
            (7, "ips[7] \"198.19.0.1\": is in 198.18.0.0/15, which aws GLOBAL and gcp global all list (served from everywhere), not in a region: map it by hand"),
        ]
    );
}
