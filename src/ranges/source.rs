//! Reading one vendor's file: JSON text (serde_json) or any serde
//! deserializer (the wasm side hands a parsed JS object), with every error
//! naming the vendor, the file, the JSON path of the bad entry and the rule.

use super::cidr::Cidr;
use crate::error::Error;
use serde::de::DeserializeOwned;
use serde::{Deserializer, Serialize};

/// The four clouds whose range files the index reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    /// Amazon Web Services, `ip-ranges.json`.
    Aws,
    /// Microsoft Azure, the Service Tags file.
    Azure,
    /// Google Cloud, `cloud.json`.
    Gcp,
    /// Oracle Cloud Infrastructure, `public_ip_ranges.json`.
    Oci,
}

impl Vendor {
    /// The vendor's name in the API (`aws`, `azure`, `gcp`, `oci`).
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Aws => "aws",
            Vendor::Azure => "azure",
            Vendor::Gcp => "gcp",
            Vendor::Oci => "oci",
        }
    }

    /// The file the vendor publishes, as users know it.
    pub fn file_name(self) -> &'static str {
        match self {
            Vendor::Aws => "ip-ranges.json",
            Vendor::Azure => "ServiceTags_Public.json",
            Vendor::Gcp => "cloud.json",
            Vendor::Oci => "public_ip_ranges.json",
        }
    }

    /// How errors about this vendor's file name it: `providers.aws (ip-ranges.json)`.
    pub fn input(self) -> String {
        format!("providers.{} ({})", self.name(), self.file_name())
    }
}

/// The date or token a file carries, under the file's own key names, so a
/// user sees how fresh the data is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Published {
    /// AWS: `syncToken` (seconds since 1970) and `createDate` (`YYYY-MM-DD-hh-mm-ss`).
    #[allow(non_snake_case, missing_docs)]
    Aws {
        syncToken: String,
        createDate: String,
    },
    /// Google Cloud: `syncToken` (milliseconds) and `creationTime`.
    #[allow(non_snake_case, missing_docs)]
    Gcp {
        syncToken: String,
        creationTime: String,
    },
    /// Azure: the file's `changeNumber` and `cloud` (`Public`).
    #[allow(non_snake_case, missing_docs)]
    Azure { changeNumber: u64, cloud: String },
    /// Oracle: `last_updated_timestamp`.
    #[allow(missing_docs)]
    Oci { last_updated_timestamp: String },
}

/// The prefixes a file assigns to regions: regions by id, so that each
/// prefix costs no string of its own.
#[derive(Debug, Default)]
pub struct Claims {
    /// The file's regions, by id, each checked once (and the vendor's
    /// "everywhere" word, unchecked: see `everywhere`).
    pub regions: Vec<String>,
    /// Each IPv4 prefix (network, length) and its region's id.
    pub v4: Vec<(u32, u8, u32)>,
    /// Each IPv6 prefix and its region's id (apart from IPv4: 12 bytes a
    /// prefix there, not 48, for the 50,000 of a real Azure file).
    pub v6: Vec<(u128, u8, u32)>,
    /// The id of the vendor's word for "served from everywhere" (AWS
    /// `GLOBAL`, Google Cloud `global`), among `regions` but no region.
    pub everywhere: Option<u32>,
    /// The id of the region named last (files list a region's prefixes together).
    last: Option<u32>,
}

impl Claims {
    /// The id of region `name`, checked to be a region identifier (what
    /// `plan` accepts) the first time it is seen; the error names `path`.
    pub fn region(&mut self, path: impl FnOnce() -> String, name: &str) -> Result<u32, EntryError> {
        if let Some(id) = self.last.filter(|&id| self.regions[id as usize] == name) {
            return Ok(id);
        }
        let id = match self.regions.iter().position(|r| r == name) {
            Some(id) => id as u32,
            None => {
                self.regions.push(region(path, name.to_owned())?);
                self.regions.len() as u32 - 1
            }
        };
        self.last = Some(id);
        Ok(id)
    }

    /// The id of `word`, the vendor's name for "served from everywhere": its
    /// prefixes are held so that an address in one is not taken for the
    /// region of a wider prefix, but they answer no region.
    pub fn everywhere(&mut self, word: &str) -> u32 {
        *self.everywhere.get_or_insert_with(|| {
            self.regions.push(word.to_owned());
            self.regions.len() as u32 - 1
        })
    }

    /// Adds `cidr` to region `id`.
    pub fn push(&mut self, cidr: Cidr, id: u32) {
        match cidr {
            Cidr::V4(n, l) => self.v4.push((n, l, id)),
            Cidr::V6(n, l) => self.v6.push((n, l, id)),
        }
    }
}

/// A bad entry found after parsing (a region that is no region identifier).
#[derive(Debug)]
pub struct EntryError {
    /// JSON path of the entry's field (`prefixes[3].region`).
    pub path: String,
    /// The rule broken, quoting the value.
    pub rule: String,
}

/// A vendor's file format: its serde types, and which of its entries count.
pub trait RangeFile: DeserializeOwned {
    /// Whose file this is.
    const VENDOR: Vendor;
    /// Appends every prefix the file assigns to a region, or to everywhere
    /// (per the vendor's rules), and answers the file's date or token.
    fn claims(self, out: &mut Claims) -> Result<Published, EntryError>;
}

/// A region name as the file gives it, checked to be a region identifier
/// (what `plan` accepts), or the error naming `path`.
fn region(path: impl FnOnce() -> String, region: String) -> Result<String, EntryError> {
    use crate::validate::{self, Field};
    let field = Field::Text(region);
    match validate::region("region", &field, "", None) {
        Ok(r) => Ok(r),
        Err(Error::Validation(v)) => Err(EntryError {
            path: path(),
            rule: format!("{} {}", v.value.unwrap_or_default(), v.rule),
        }),
        Err(other) => Err(EntryError {
            path: path(),
            rule: other.message(),
        }),
    }
}

/// `cidr` if it is of the family its key promises (`ipv6_prefix` holds
/// IPv6), or the error naming `path`.
pub fn family(path: impl FnOnce() -> String, cidr: Cidr, v6: bool) -> Result<Cidr, EntryError> {
    if matches!(cidr, Cidr::V6(..)) == v6 {
        return Ok(cidr);
    }
    Err(EntryError {
        path: path(),
        rule: format!(
            "\"{}\" is {} where the file's schema puts {} prefixes",
            cidr.to_text(),
            if v6 { "IPv4" } else { "IPv6" },
            if v6 { "IPv6" } else { "IPv4" }
        ),
    })
}

/// The error of a file with no text, or only whitespace.
pub fn empty_file(vendor: Vendor) -> Error {
    Error::invalid_unquoted(
        &vendor.input(),
        "is empty: expected the JSON file the vendor publishes",
    )
}

/// The error of a file that is not JSON; `detail` says where and why.
pub fn not_json(vendor: Vendor, detail: &str) -> Error {
    Error::invalid_unquoted(&vendor.input(), &format!("is not JSON: {detail}"))
}

/// Reads `F` from JSON text.
pub fn from_text<F: RangeFile>(text: &str) -> Result<(Claims, Published), Error> {
    let vendor = F::VENDOR;
    if text.trim().is_empty() {
        return Err(empty_file(vendor));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let file: F = match serde_path_to_error::deserialize(&mut de) {
        Ok(Object(f)) => f,
        Err(e) => {
            let syntax = !e.inner().is_data();
            let (path, inner) = (e.path().to_string(), e.into_inner());
            return Err(if syntax {
                not_json(vendor, &inner.to_string())
            } else {
                at_path(vendor, &path, &inner.to_string())
            });
        }
    };
    if let Err(e) = de.end() {
        return Err(not_json(vendor, &e.to_string()));
    }
    into_claims(file)
}

/// Reads `F` from any deserializer (a parsed JS object on the wasm side).
pub fn from_deserializer<'de, F, D>(d: D) -> Result<(Claims, Published), Error>
where
    F: RangeFile,
    D: Deserializer<'de>,
{
    let Object::<F>(file) = serde_path_to_error::deserialize(d)
        .map_err(|e| at_path(F::VENDOR, &e.path().to_string(), &plain_message(e.inner())))?;
    into_claims(file)
}

fn into_claims<F: RangeFile>(file: F) -> Result<(Claims, Published), Error> {
    let mut claims = Claims::default();
    let published = file
        .claims(&mut claims)
        .map_err(|e| at_path(F::VENDOR, &e.path, &e.rule))?;
    Ok((claims, published))
}

/// The error of an entry: `providers.aws (ip-ranges.json) at prefixes[3].ip_prefix: <rule>`.
fn at_path(vendor: Vendor, path: &str, rule: &str) -> Error {
    let input = if path.is_empty() || path == "." {
        vendor.input()
    } else {
        format!("{} at {path}", vendor.input())
    };
    Error::invalid_unquoted(&input, rule)
}

/// A file read as a JSON object only: serde's derived structs also take an
/// array of the fields in order, which no vendor writes and which would
/// give a confusing error.
struct Object<F>(F);

impl<'de, F: RangeFile> serde::Deserialize<'de> for Object<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields<F>(core::marker::PhantomData<F>);
        impl<'de, F: RangeFile> serde::de::Visitor<'de> for Fields<F> {
            type Value = F;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("the vendor's file: a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<F, A::Error> {
                F::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Fields(core::marker::PhantomData))
            .map(Object)
    }
}

/// An error's text without the `Error: ` that serde-wasm-bindgen's errors
/// (JS `Error`s) print first.
pub fn plain_message(e: &impl core::fmt::Display) -> String {
    let text = e.to_string();
    match text.strip_prefix("Error: ") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}
