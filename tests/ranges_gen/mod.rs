//! A deterministic generator of range files at real size, in each vendor's
//! published schema, and the claims each file should give under the
//! vendor's rules (written independently of the library, for the linear
//! scan the property test compares the index with).
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// How many prefixes each vendor's file lists (about what the live files list).
#[derive(Clone, Copy)]
pub struct Sizes {
    pub aws: usize,
    pub azure: usize,
    pub gcp: usize,
    pub oci: usize,
}

pub const REAL: Sizes = Sizes {
    aws: 12_000,
    azure: 50_000,
    gcp: 900,
    oci: 1_000,
};

/// One prefix that counts: network, length, vendor, region (or the
/// vendor's word for "everywhere", `GLOBAL`, with `is_region` false).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub net: IpAddr,
    pub len: u8,
    pub vendor: &'static str,
    pub region: String,
    pub is_region: bool,
}

pub struct Files {
    pub aws: String,
    pub azure: String,
    pub gcp: String,
    pub oci: String,
    /// Every prefix that counts, per the vendors' rules, `GLOBAL` ones too.
    pub expected: Vec<Expected>,
}

/// splitmix64: small, fixed, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random prefix not in `taken` (a vendor lists a prefix once, in one
/// region): IPv4 inside one of `v4_blocks` (first octets), or IPv6 inside
/// one of `v6_blocks` (first 16 bits).
fn prefix(
    rng: &mut Rng,
    v6: bool,
    v4_blocks: &[u8],
    v6_blocks: &[u16],
    taken: &mut HashSet<(IpAddr, u8)>,
) -> (IpAddr, u8) {
    loop {
        let p = any_prefix(rng, v6, v4_blocks, v6_blocks);
        if taken.insert(p) {
            return p;
        }
    }
}

fn any_prefix(rng: &mut Rng, v6: bool, v4_blocks: &[u8], v6_blocks: &[u16]) -> (IpAddr, u8) {
    if v6 {
        let block = v6_blocks[rng.below(v6_blocks.len() as u64) as usize];
        let len = 32 + rng.below(33) as u8; // /32 to /64
        let raw = (u128::from(block) << 112) | (u128::from(rng.next()) << 48);
        let net = raw & (u128::MAX << (128 - u32::from(len)));
        (IpAddr::V6(Ipv6Addr::from(net)), len)
    } else {
        let block = v4_blocks[rng.below(v4_blocks.len() as u64) as usize];
        let len = 14 + rng.below(15) as u8; // /14 to /28
        let raw = (u32::from(block) << 24) | (rng.next() as u32 & 0x00ff_ffff);
        let net = raw & (u32::MAX << (32 - u32::from(len)));
        (IpAddr::V4(Ipv4Addr::from(net)), len)
    }
}

fn cidr(p: &(IpAddr, u8)) -> String {
    format!("{}/{}", p.0, p.1)
}

/// A prefix in AWS's address blocks, not yet taken.
fn aws_prefix(rng: &mut Rng, v6: bool, taken: &mut HashSet<(IpAddr, u8)>) -> (IpAddr, u8) {
    prefix(rng, v6, &[3, 13, 15, 18, 52, 54], &[0x2600, 0x2a05], taken)
}

/// One `ip-ranges.json` entry for `p`, in the list of its family.
fn push_aws(
    v4: &mut Vec<Value>,
    v6: &mut Vec<Value>,
    p: &(IpAddr, u8),
    region: &str,
    service: &str,
) {
    let (list, key) = if p.0.is_ipv6() {
        (v6, "ipv6_prefix")
    } else {
        (v4, "ip_prefix")
    };
    list.push(
        json!({key: cidr(p), "region": region, "service": service, "network_border_group": region}),
    );
}

/// One `cloud.json` entry for `p`, and what it should answer.
fn push_gcp(
    entries: &mut Vec<Value>,
    expected: &mut Vec<Expected>,
    p: &(IpAddr, u8),
    scope: String,
    is_region: bool,
) {
    let key = if p.0.is_ipv6() {
        "ipv6Prefix"
    } else {
        "ipv4Prefix"
    };
    entries.push(json!({key: cidr(p), "service": "Google Cloud", "scope": scope}));
    expected.push(Expected {
        net: p.0,
        len: p.1,
        vendor: "gcp",
        region: scope,
        is_region,
    });
}

fn regions(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

/// The four files at `sizes`, from `seed`. A few prefixes are listed by two
/// vendors at the same length (conflicts), as happens when a range moves.
pub fn generate(seed: u64, sizes: Sizes) -> Files {
    let mut rng = Rng::new(seed);
    let mut expected = Vec::new();
    let mut shared: Vec<(IpAddr, u8)> = Vec::new();

    // AWS: about a third of the prefixes listed twice (AMAZON and EC2);
    // one in fifty GLOBAL.
    let aws_regions = regions("us-east-", 30);
    let mut taken = HashSet::new();
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    let mut n = 0;
    while n < sizes.aws {
        let is_v6 = rng.below(4) == 0;
        let p = aws_prefix(&mut rng, is_v6, &mut taken);
        let global = rng.below(50) == 0;
        let region = if global {
            "GLOBAL".to_string()
        } else {
            aws_regions[rng.below(30) as usize].clone()
        };
        let services: &[&str] = if rng.below(3) == 0 {
            &["AMAZON", "EC2"]
        } else {
            &["AMAZON"]
        };
        for s in services {
            push_aws(&mut v4, &mut v6, &p, &region, s);
            n += 1;
        }
        expected.push(Expected {
            net: p.0,
            len: p.1,
            vendor: "aws",
            region,
            is_region: !global,
        });
        if !global && rng.below(500) == 0 {
            shared.push(p);
        }
    }
    // A few prefixes AWS lists in a region and as GLOBAL too (the region
    // wins), and a few GLOBAL ones Google Cloud lists too (below).
    for (k, region) in aws_regions.iter().take(8).enumerate() {
        let p = aws_prefix(&mut rng, k % 2 == 1, &mut taken);
        let mut claims = vec![("GLOBAL".to_string(), "ROUTE53_HEALTHCHECKS")];
        if k < 4 {
            claims.push((region.clone(), "AMAZON"));
        } else {
            shared.push(p);
        }
        for (region, service) in claims {
            push_aws(&mut v4, &mut v6, &p, &region, service);
            expected.push(Expected {
                net: p.0,
                len: p.1,
                vendor: "aws",
                is_region: region != "GLOBAL",
                region,
            });
        }
    }
    let aws = json!({"syncToken": "1764892381", "createDate": "2025-12-05-00-53-01",
        "prefixes": v4, "ipv6_prefixes": v6});

    // Google Cloud: one in ten scoped `global`; the conflicts come here, one
    // in three of them `global` (against an AWS region, or an AWS GLOBAL).
    let gcp_regions = regions("europe-west", 40);
    let mut taken: HashSet<_> = shared.iter().copied().collect();
    let mut entries = Vec::new();
    for (k, p) in shared.iter().enumerate() {
        let global = k % 3 == 2;
        let region = if global {
            "global".to_string()
        } else {
            gcp_regions[k % 40].clone()
        };
        push_gcp(&mut entries, &mut expected, p, region, !global);
    }
    while entries.len() < sizes.gcp {
        let is_v6 = rng.below(5) == 0;
        let p = prefix(
            &mut rng,
            is_v6,
            &[34, 35, 104],
            &[0x2600, 0x2001],
            &mut taken,
        );
        let global = rng.below(10) == 0;
        let region = if global {
            "global".into()
        } else {
            gcp_regions[rng.below(40) as usize].clone()
        };
        push_gcp(&mut entries, &mut expected, &p, region, !global);
    }
    let gcp = json!({"syncToken": "1764878400123", "creationTime": "2025-12-04T20:00:00.123456",
        "prefixes": entries});

    // Azure: AzureCloud.<region> tags holding `sizes.azure` prefixes, the
    // AzureCloud tag listing them all again, and service tags that do not count.
    let az_regions = regions("eastus", 60);
    let mut taken = HashSet::new();
    let mut per_region: Vec<Vec<String>> = vec![Vec::new(); 60];
    let mut all = Vec::new();
    for _ in 0..sizes.azure {
        let is_v6 = rng.below(5) < 2;
        let p = prefix(
            &mut rng,
            is_v6,
            &[4, 13, 20, 40, 52],
            &[0x2603, 0x2a01],
            &mut taken,
        );
        let r = rng.below(60) as usize;
        per_region[r].push(cidr(&p));
        all.push(cidr(&p));
        expected.push(Expected {
            net: p.0,
            len: p.1,
            vendor: "azure",
            region: az_regions[r].clone(),
            is_region: true,
        });
    }
    let tag = |name: String, region: &str, service: &str, prefixes: Vec<String>| {
        json!({"name": name, "id": name, "properties": {"changeNumber": 7, "region": region,
            "regionId": 1, "platform": "Azure", "systemService": service,
            "addressPrefixes": prefixes, "networkFeatures": ["API", "NSG", "UDR", "FW"]}})
    };
    let mut values = vec![tag("AzureCloud".into(), "", "", all)];
    for (r, prefixes) in per_region.into_iter().enumerate() {
        let storage: Vec<String> = (0..20)
            .map(|_| cidr(&any_prefix(&mut rng, false, &[20], &[])))
            .collect();
        values.push(tag(
            format!("Storage.{}", az_regions[r]),
            &az_regions[r],
            "AzureStorage",
            storage,
        ));
        values.push(tag(
            format!("AzureCloud.{}", az_regions[r]),
            &az_regions[r],
            "",
            prefixes,
        ));
    }
    let azure = json!({"changeNumber": 337, "cloud": "Public", "values": values});

    // Oracle: every CIDR of a region, whatever its tags.
    let oci_regions = regions("us-ashburn-", 40);
    let mut taken = HashSet::new();
    let mut regions_json = Vec::new();
    let per = sizes.oci.div_ceil(40);
    let mut left = sizes.oci;
    for r in &oci_regions {
        let mut cidrs = Vec::new();
        for _ in 0..per.min(left) {
            let p = prefix(
                &mut rng,
                false,
                &[129, 130, 134, 138, 140, 150],
                &[],
                &mut taken,
            );
            let tags = if rng.below(2) == 0 {
                json!(["OCI"])
            } else {
                json!(["OSN", "OBJECT_STORAGE"])
            };
            cidrs.push(json!({"cidr": cidr(&p), "tags": tags}));
            expected.push(Expected {
                net: p.0,
                len: p.1,
                vendor: "oci",
                region: r.clone(),
                is_region: true,
            });
        }
        left -= cidrs.len();
        regions_json.push(json!({"region": r, "cidrs": cidrs}));
    }
    let oci =
        json!({"last_updated_timestamp": "2025-12-03T21:10:46.568556", "regions": regions_json});

    let text = |v: &Value| serde_json::to_string_pretty(v).unwrap();
    Files {
        aws: text(&aws),
        azure: text(&azure),
        gcp: text(&gcp),
        oci: text(&oci),
        expected,
    }
}
