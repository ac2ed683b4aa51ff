//! Checks on every value a caller gives, before anything is sent. Each error
//! names the input (`items[3].vendor`) and the rule it breaks.

use crate::error::Error;
use crate::ip;
use crate::model::{MappingInput, SupportedRegions, VENDORS};

/// A value as it came from the caller, before any check: JS hands us
/// anything, so the type itself is one of the things checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// `undefined`, or the key is absent.
    Missing,
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else; the name of its type (`null`, `object`, `symbol`, ...).
    Other(&'static str),
}

impl Field {
    /// The type name used in messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Field::Missing => "undefined",
            Field::Text(_) => "string",
            Field::Number(_) => "number",
            Field::Bool(_) => "boolean",
            Field::Other(t) => t,
        }
    }

    /// The text, if this is one.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Field::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Mappings a zone may hold.
pub const ZONE_LIMIT: usize = 3_500;
/// Items one batch request may carry.
pub const BATCH_LIMIT: usize = 100;
/// Largest `per_page` the v2 list accepts.
pub const MAX_PER_PAGE: u32 = 100;
/// Longest region identifier accepted without a catalogue.
const REGION_MAX_LEN: usize = 64;

/// The string in `field`, or an error naming `name` when it is absent or not a string.
pub fn text<'a>(name: &str, field: &'a Field) -> Result<&'a str, Error> {
    match field {
        Field::Text(s) => Ok(s),
        Field::Missing => Err(Error::invalid_unquoted(name, "is required")),
        other => Err(Error::wrong_type(name, "a string", other.type_name())),
    }
}

/// A zone identifier: 32 lower-case hex characters.
pub fn zone_id(name: &str, field: &Field) -> Result<String, Error> {
    let s = text(name, field)?;
    if s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(s.to_owned())
    } else {
        Err(Error::invalid(
            name,
            s,
            "must be a zone identifier: 32 lower-case hex characters",
        ))
    }
}

/// An IP address in canonical form.
pub fn ip(name: &str, field: &Field) -> Result<String, Error> {
    let s = text(name, field)?;
    ip::canonicalize(s).map_err(|why| not_an_ip(name, s, &why))
}

/// The error of input `name` whose `text` is not an IP address, for `why`.
pub fn not_an_ip(name: &str, text: &str, why: &ip::IpError) -> Error {
    Error::invalid(
        name,
        text,
        &format!("is not an IP address: {}", why.message()),
    )
}

/// A vendor this version can write to.
pub fn vendor(name: &str, field: &Field) -> Result<String, Error> {
    let s = text(name, field)?;
    if VENDORS.contains(&s) {
        Ok(s.to_owned())
    } else {
        Err(Error::invalid(
            name,
            s,
            "must be one of \"aws\", \"azure\", \"gcp\", \"oci\"",
        ))
    }
}

/// A region of `vendor`: listed in the catalogue when the client has one,
/// otherwise of the shape every vendor uses (`us-east-1`, `eastus`, `us-ashburn-1`).
pub fn region(
    name: &str,
    field: &Field,
    vendor: &str,
    catalogue: Option<&SupportedRegions>,
) -> Result<String, Error> {
    let s = text(name, field)?;
    if let Some(cat) = catalogue {
        return if cat.has(vendor, s) {
            Ok(s.to_owned())
        } else {
            Err(Error::invalid(
                name,
                s,
                &format!("is not a region of {vendor} in the supported-regions catalogue"),
            ))
        };
    }
    let shape_ok = !s.is_empty()
        && s.len() <= REGION_MAX_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if shape_ok {
        Ok(s.to_owned())
    } else {
        Err(Error::invalid(
            name,
            s,
            &format!(
                "must be a region identifier: 1 to {} lower-case letters, digits and hyphens",
                REGION_MAX_LEN
            ),
        ))
    }
}

/// A whole mapping; `prefix` names the item (`input`, `items[3]`).
pub fn mapping(
    prefix: &str,
    ip_field: &Field,
    vendor_field: &Field,
    region_field: &Field,
    catalogue: Option<&SupportedRegions>,
) -> Result<MappingInput, Error> {
    mapping_named(
        &|| prefix.to_owned(),
        ip_field,
        vendor_field,
        region_field,
        catalogue,
    )
}

/// [`mapping`] with the prefix built only when there is an error to name:
/// a batch of 100,000 valid items then formats no names at all.
// `&dyn Fn`: one copy of this function for both callers, not one each.
pub fn mapping_named(
    prefix: &dyn Fn() -> String,
    ip_field: &Field,
    vendor_field: &Field,
    region_field: &Field,
    catalogue: Option<&SupportedRegions>,
) -> Result<MappingInput, Error> {
    let named = |mut e: Error| {
        if let Error::Validation(v) = &mut e {
            v.input = format!("{}.{}", prefix(), v.input);
        }
        e
    };
    let ip = ip("ip", ip_field).map_err(named)?;
    let vendor = vendor("vendor", vendor_field).map_err(named)?;
    let region = region("region", region_field, &vendor, catalogue).map_err(named)?;
    Ok(MappingInput { ip, vendor, region })
}

/// An optional whole number within `min..=max`.
pub fn whole_number(name: &str, field: &Field, min: u32, max: u32) -> Result<Option<u32>, Error> {
    match field {
        Field::Missing => Ok(None),
        Field::Number(n) if n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max) => {
            Ok(Some(*n as u32))
        }
        // Quoted only when whole: formatting any f64 would ship a float printer.
        Field::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Err(Error::invalid(
            name,
            &format!("{}", *n as i64),
            &format!("must be a whole number from {min} to {max}"),
        )),
        Field::Number(_) => Err(Error::invalid_unquoted(
            name,
            &format!("must be a whole number from {min} to {max}"),
        )),
        other => Err(Error::wrong_type(name, "a number", other.type_name())),
    }
}

/// An optional boolean, `false` when absent.
pub fn flag(name: &str, field: &Field) -> Result<bool, Error> {
    match field {
        Field::Missing => Ok(false),
        Field::Bool(b) => Ok(*b),
        other => Err(Error::wrong_type(name, "a boolean", other.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;

    fn t(s: &str) -> Field {
        Field::Text(s.into())
    }

    #[test]
    fn zone_ids() {
        assert!(zone_id("zoneId", &t("023e105f4ecef8ad9ca31a8372d0c353")).is_ok());
        for bad in [
            "023E105F4ECEF8AD9CA31A8372D0C353",
            "023e105f",
            "023e105f4ecef8ad9ca31a8372d0c35g",
            "",
        ] {
            let e = zone_id("options.zoneId", &t(bad)).unwrap_err().to_string();
            assert!(
                e.starts_with("options.zoneId") && e.contains("32 lower-case hex"),
                "{e}"
            );
        }
        let e = zone_id("options.zoneId", &Field::Number(5.0))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "options.zoneId: must be a string (got number)");
        let e = zone_id("options.zoneId", &Field::Missing)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "options.zoneId: is required");
    }

    #[test]
    fn vendors_and_regions_without_catalogue() {
        assert_eq!(vendor("v", &t("gcp")).unwrap(), "gcp");
        let e = vendor("items[0].vendor", &t("AWS"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("items[0].vendor \"AWS\"") && e.contains("\"oci\""),
            "{e}"
        );
        assert!(region("r", &t("us-ashburn-1"), "oci", None).is_ok());
        for bad in ["", "East US", "us_east_1", &"a".repeat(65)] {
            assert!(region("r", &t(bad), "aws", None).is_err(), "{bad}");
        }
    }

    #[test]
    fn regions_against_a_catalogue() {
        let mut cat = SupportedRegions {
            obtained_codes: true,
            vendors: Default::default(),
        };
        cat.vendors.push((
            "aws".into(),
            vec![Region {
                name: "us-east-1".into(),
                upper_tier_colos: vec![],
            }],
        ));
        assert!(region("r", &t("us-east-1"), "aws", Some(&cat)).is_ok());
        let e = region("input.region", &t("us-east-1"), "gcp", Some(&cat))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "input.region \"us-east-1\": is not a region of gcp in the supported-regions catalogue"
        );
    }

    #[test]
    fn mapping_names_the_first_bad_field() {
        let e = mapping(
            "items[4]",
            &t("010.0.0.1"),
            &t("aws"),
            &t("us-east-1"),
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("items[4].ip \"010.0.0.1\": is not an IP address"),
            "{e}"
        );
        let ok = mapping(
            "input",
            &t("2001:DB8::0:1"),
            &t("aws"),
            &t("us-east-1"),
            None,
        )
        .unwrap();
        assert_eq!(ok.ip, "2001:db8::1");
        let e = mapping("input", &Field::Other("object"), &t("aws"), &t("x"), None).unwrap_err();
        assert_eq!(e.to_string(), "input.ip: must be a string (got object)");
    }

    #[test]
    fn numbers_and_flags() {
        assert_eq!(whole_number("n", &Field::Missing, 1, 100).unwrap(), None);
        assert_eq!(
            whole_number("n", &Field::Number(100.0), 1, 100).unwrap(),
            Some(100)
        );
        for bad in [0.0, 101.0, 1.5, f64::NAN, f64::INFINITY] {
            assert!(
                whole_number("n", &Field::Number(bad), 1, 100).is_err(),
                "{bad}"
            );
        }
        assert!(whole_number("n", &t("5"), 1, 100).is_err());
        assert!(flag("f", &Field::Bool(true)).unwrap());
        assert!(flag("f", &t("yes")).is_err());
    }
}
