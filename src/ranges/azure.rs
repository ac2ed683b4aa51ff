//! Azure's Service Tags file (`ServiceTags_Public_YYYYMMDD.json`): `values`,
//! each a tag with a `name` and `properties.addressPrefixes`.
//!
//! Rules: only the region-scoped `AzureCloud.<region>` tags count (the tag
//! `AzureCloud` itself spans every region, and service tags such as
//! `Storage.eastus` repeat prefixes of the `AzureCloud.<region>` tags). The
//! region is the tag's `properties.region`, or the name's part after the dot
//! when that is empty. Tags that do not count are skipped unread (their
//! prefixes are not checked) when `name` comes before `properties`, as in
//! the published files.

use super::cidr::Cidr;
use super::source::{Claims, EntryError, Published, RangeFile, Vendor};
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

/// One service tag; `properties` is `None` for a tag that does not count.
#[derive(Debug)]
struct Tag {
    name: String,
    properties: Option<Properties>,
}

impl<'de> Deserialize<'de> for Tag {
    /// Reads a tag, skipping the prefixes of the tags that do not count
    /// (most of the file: the `AzureCloud` tag lists every prefix again, and
    /// service tags repeat them) without parsing them, when `name` comes
    /// before `properties`, as in the published files.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TagFields;
        impl<'de> serde::de::Visitor<'de> for TagFields {
            type Value = Tag;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a service tag object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tag, A::Error> {
                let (mut name, mut properties, mut seen) = (None::<String>, None, false);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "name" => name = Some(map.next_value()?),
                        "properties" => {
                            seen = true;
                            let skip = name.as_deref().is_some_and(|n| !n.starts_with(REGIONAL));
                            if skip {
                                map.next_value::<serde::de::IgnoredAny>()?;
                            } else {
                                properties = Some(map.next_value::<Properties>()?);
                            }
                        }
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let name = name.ok_or_else(|| serde::de::Error::missing_field("name"))?;
                if !seen {
                    return Err(serde::de::Error::missing_field("properties"));
                }
                Ok(Tag { name, properties })
            }
        }
        d.deserialize_map(TagFields)
    }
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

    fn claims(self, out: &mut Claims) -> Result<Published, EntryError> {
        for (i, tag) in self.values.into_iter().enumerate() {
            let (Some(suffix), Some(properties)) =
                (tag.name.strip_prefix(REGIONAL), tag.properties)
            else {
                continue;
            };
            let (name, path) = if properties.region.is_empty() {
                (suffix.to_owned(), "name")
            } else {
                (properties.region, "properties.region")
            };
            let id = out.region(|| format!("values[{i}].{path}"), &name)?;
            for cidr in properties.addressPrefixes {
                out.push(cidr, id);
            }
        }
        Ok(Published::Azure {
            changeNumber: self.changeNumber,
            cloud: self.cloud,
        })
    }
}
