//! Azure's Service Tags file (`ServiceTags_Public_YYYYMMDD.json`): `values`,
//! each a tag with a `name` and `properties.addressPrefixes`.
//!
//! Rules: only the region-scoped `AzureCloud.<region>` tags count (the tag
//! `AzureCloud` itself spans every region, and service tags such as
//! `Storage.eastus` repeat prefixes of the `AzureCloud.<region>` tags). The
//! region is the tag's `properties.region`, or the name's part after the dot
//! when that is empty.

use super::cidr::Cidr;
use super::source::{region, Claim, EntryError, Published, RangeFile, Vendor};
use crate::text::cat;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(expecting = "an Azure Service Tags object")]
#[allow(non_snake_case)]
pub struct AzureFile {
    changeNumber: u64,
    cloud: String,
    values: Vec<Tag>,
}

#[derive(Debug, Deserialize)]
struct Tag {
    name: String,
    properties: Properties,
}

#[derive(Debug, Deserialize)]
#[allow(non_snake_case)]
struct Properties {
    #[serde(default)]
    region: String,
    addressPrefixes: Vec<Cidr>,
}

/// The names of the tags that count start with this.
const REGIONAL: &str = "AzureCloud.";

impl RangeFile for AzureFile {
    const VENDOR: Vendor = Vendor::Azure;

    fn claims(self, out: &mut Vec<Claim>) -> Result<Published, EntryError> {
        for (i, tag) in self.values.into_iter().enumerate() {
            let Some(suffix) = tag.name.strip_prefix(REGIONAL) else {
                continue;
            };
            let (name, path) = if tag.properties.region.is_empty() {
                (suffix.to_owned(), "name")
            } else {
                (tag.properties.region, "properties.region")
            };
            let region = region(|| cat!("values[", i, "].", path), name)?;
            for cidr in tag.properties.addressPrefixes {
                out.push(Claim {
                    cidr,
                    region: region.clone(),
                });
            }
        }
        Ok(Published::Azure {
            changeNumber: self.changeNumber,
            cloud: self.cloud,
        })
    }
}
