//! Caller values read through serde (JS values on the wasm side): any value
//! becomes a [`Field`], so a list of IPs with a number in it is read whole
//! and the number is refused by name, not the whole list.

use crate::validate::Field;
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One caller value, whatever its type.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInput(pub Field);

impl<'de> Deserialize<'de> for FieldInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(Field::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Field, E> {
                Ok(Field::Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field, E> {
                Ok(Field::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
                Ok(Field::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
                Ok(Field::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field, E> {
                Ok(Field::Number(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
                Ok(Field::Other("null"))
            }
            fn visit_none<E: de::Error>(self) -> Result<Field, E> {
                Ok(Field::Other("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Field::Other("array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Field::Other("object"))
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Field, E> {
                Ok(Field::Other("object"))
            }
        }
        d.deserialize_any(Any).map(FieldInput)
    }
}

/// One element of `suggest`'s list: its text, borrowed from the list's JSON
/// text where it can be (100,000 IPs, 100,000 allocations fewer), or the
/// name of its type when it is no string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpInput<'a> {
    /// A string.
    Text(std::borrow::Cow<'a, str>),
    /// Anything else: its type's name (`number`, `null`, `object`, ...).
    Other(&'static str),
}

impl<'a> From<&'a Field> for IpInput<'a> {
    fn from(f: &'a Field) -> Self {
        match f {
            Field::Text(s) => IpInput::Text(s.as_str().into()),
            other => IpInput::Other(other.type_name()),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for IpInput<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = IpInput<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IpInput::Text(v.into()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IpInput::Text(v.to_owned().into()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(IpInput::Text(v.into()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(IpInput::Other("boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(IpInput::Other("number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(IpInput::Other("number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(IpInput::Other("number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(IpInput::Other("null"))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(IpInput::Other("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(IpInput::Other("array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(IpInput::Other("object"))
            }
        }
        d.deserialize_any(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_json_value_is_a_field() {
        let v: Vec<FieldInput> =
            serde_json::from_str(r#"["1.2.3.4", 5, 1.5, true, null, [1], {"a": 1}]"#).unwrap();
        let got: Vec<Field> = v.into_iter().map(|f| f.0).collect();
        assert_eq!(
            got,
            [
                Field::Text("1.2.3.4".into()),
                Field::Number(5.0),
                Field::Number(1.5),
                Field::Bool(true),
                Field::Other("null"),
                Field::Other("array"),
                Field::Other("object"),
            ]
        );
    }

    #[test]
    fn ip_inputs_borrow_plain_strings() {
        let text = r#"["1.2.3.4", "a\u0062", 5, null, {"a": 1}]"#;
        let v: Vec<IpInput<'_>> = serde_json::from_str(text).unwrap();
        assert!(matches!(
            &v[0],
            IpInput::Text(std::borrow::Cow::Borrowed("1.2.3.4"))
        ));
        assert!(matches!(&v[1], IpInput::Text(std::borrow::Cow::Owned(s)) if s == "ab"));
        assert_eq!(
            v[2..],
            [
                IpInput::Other("number"),
                IpInput::Other("null"),
                IpInput::Other("object")
            ]
        );
    }
}

/// `suggest`'s options: `{ catalogue? }`, the answer of `supportedRegions()`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object: { catalogue? }")]
pub struct SuggestOptions {
    /// The vendors and regions Cloudflare accepts.
    #[serde(default)]
    pub catalogue: Option<CatalogueInput>,
}

/// The supported-regions catalogue as `supportedRegions()` answers it. Other
/// fields are ignored, so the API's own `result` (snake_case) reads the same.
#[derive(Debug, serde::Deserialize)]
#[serde(
    rename_all = "camelCase",
    expecting = "the answer of supportedRegions(): { obtainedCodes, vendors }"
)]
pub struct CatalogueInput {
    /// Whether Cloudflare obtained colo codes.
    #[serde(default)]
    pub obtained_codes: bool,
    /// Regions by vendor.
    pub vendors: std::collections::BTreeMap<String, Vec<RegionInput>>,
}

/// One region of the catalogue.
#[derive(Debug, serde::Deserialize)]
#[serde(
    rename_all = "camelCase",
    expecting = "a region: { name, upperTierColos }"
)]
pub struct RegionInput {
    /// Region identifier.
    pub name: String,
    /// Upper-tier colos beside it.
    #[serde(default)]
    pub upper_tier_colos: Vec<String>,
}

impl From<CatalogueInput> for crate::model::SupportedRegions {
    fn from(c: CatalogueInput) -> Self {
        crate::model::SupportedRegions {
            obtained_codes: c.obtained_codes,
            vendors: c
                .vendors
                .into_iter()
                .map(|(v, rs)| {
                    let regions = rs
                        .into_iter()
                        .map(|r| crate::model::Region {
                            name: r.name,
                            upper_tier_colos: r.upper_tier_colos,
                        })
                        .collect();
                    (v, regions)
                })
                .collect(),
        }
    }
}
