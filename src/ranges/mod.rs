//! Which cloud vendor and region an IP is in, from the files the four
//! clouds publish: AWS `ip-ranges.json`, Google Cloud `cloud.json`, Azure's
//! Service Tags (`AzureCloud.<region>` tags) and Oracle Cloud
//! `public_ip_ranges.json`. Each format's rules are in its own module; the
//! longest prefix wins; a prefix listed by several vendors or regions at the
//! same length is a conflict that [`RegionIndex::lookup`] reports and
//! [`RegionIndex::suggest`] refuses.
//!
//! A bad file is refused whole with an error naming the vendor, the file,
//! the JSON path of the entry and the rule; no index is built from it.

pub mod aws;
pub mod azure;
pub mod cidr;
mod classify;
pub mod gcp;
mod index;
pub mod input;
pub mod oci;
pub mod source;
pub mod stats;
mod suggest;
pub mod table;

pub use cidr::Cidr;
pub use classify::Verdict;
pub use index::{Builder, Claim, Match, RegionIndex};
pub use source::{Published, Vendor};
pub use stats::{Stats, VendorStats};
pub use suggest::{Claimant, Item, Lookup, Rejected, Suggestion};

use crate::error::Error;
use serde::Deserializer;

impl Builder {
    /// Adds `vendor`'s file from its JSON text.
    ///
    /// # Errors
    ///
    /// A validation error naming the vendor, the JSON path and the rule.
    pub fn add_text(&mut self, vendor: Vendor, text: &str) -> Result<(), Error> {
        let read = match vendor {
            Vendor::Aws => source::from_text::<aws::AwsFile>(text),
            Vendor::Azure => source::from_text::<azure::AzureFile>(text),
            Vendor::Gcp => source::from_text::<gcp::GcpFile>(text),
            Vendor::Oci => source::from_text::<oci::OciFile>(text),
        }?;
        self.add(vendor, read)
    }

    /// Adds `vendor`'s file from a deserializer (a parsed JS object).
    ///
    /// # Errors
    ///
    /// As [`Builder::add_text`].
    pub fn add_parsed<'de, D: Deserializer<'de>>(
        &mut self,
        vendor: Vendor,
        d: D,
    ) -> Result<(), Error> {
        let read = match vendor {
            Vendor::Aws => source::from_deserializer::<aws::AwsFile, D>(d),
            Vendor::Azure => source::from_deserializer::<azure::AzureFile, D>(d),
            Vendor::Gcp => source::from_deserializer::<gcp::GcpFile, D>(d),
            Vendor::Oci => source::from_deserializer::<oci::OciFile, D>(d),
        }?;
        self.add(vendor, read)
    }
}

impl RegionIndex {
    /// The index of the files given as JSON text, each optional.
    ///
    /// # Errors
    ///
    /// The first bad file's error; no index is built.
    pub fn from_texts(
        aws: Option<&str>,
        gcp: Option<&str>,
        azure: Option<&str>,
        oci: Option<&str>,
    ) -> Result<RegionIndex, Error> {
        let mut b = Builder::new();
        for (vendor, text) in [
            (Vendor::Aws, aws),
            (Vendor::Gcp, gcp),
            (Vendor::Azure, azure),
            (Vendor::Oci, oci),
        ] {
            if let Some(text) = text {
                b.add_text(vendor, text)?;
            }
        }
        Ok(b.build())
    }
}
