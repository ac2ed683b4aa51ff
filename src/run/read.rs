//! How a call's single answer is read: which page a list request asks
//! for, and which decoder its answer goes through.

use super::Outcome;
use crate::config::ApiVersion;
use crate::decode::{self, Response};
use crate::endpoints::{self, Request};
use crate::error::Error;
use crate::model::Page;
use crate::shared::Shared;

/// Which page a list request asks for, and how its answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRead {
    /// A v2 page.
    V2 {
        /// Page number asked for.
        page: u32,
        /// Page size asked for.
        per_page: u32,
    },
    /// v1's whole list, cut to the page asked for.
    V1 {
        /// Page number asked for.
        page: u32,
        /// Page size asked for.
        per_page: u32,
    },
    /// v1's whole list as one page (paging over v1).
    V1Whole,
}

impl PageRead {
    /// Page `page` of a walk over every page: a v2 page, or v1's whole list as one page.
    pub fn walk(version: ApiVersion, page: u32, per_page: u32) -> PageRead {
        match version {
            ApiVersion::V2 => PageRead::V2 { page, per_page },
            ApiVersion::V1 => PageRead::V1Whole,
        }
    }

    /// The request for this page (v1 has no paging: its whole list).
    pub fn request(self, zone: &str) -> Request {
        match self {
            PageRead::V2 { page, per_page } => {
                endpoints::list(ApiVersion::V2, zone, page, per_page)
            }
            PageRead::V1 { .. } | PageRead::V1Whole => endpoints::list(ApiVersion::V1, zone, 1, 0),
        }
    }

    pub(super) fn read(self, resp: &Response) -> Result<Page, Error> {
        match self {
            PageRead::V2 { page, per_page } => decode::v2_page(resp, page, per_page),
            PageRead::V1 { page, per_page } => {
                Ok(decode::v1_page(decode::v1_list(resp)?, page, per_page))
            }
            PageRead::V1Whole => {
                let items = decode::v1_list(resp)?;
                let n = items.len() as u32;
                Ok(Page {
                    items,
                    page: 1,
                    per_page: n.max(1),
                    total_count: n,
                    total_pages: 1,
                })
            }
        }
    }
}

/// How the answer of a single-request call is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A page of the list.
    Page(PageRead),
    /// One mapping.
    Mapping(ApiVersion),
    /// v1's whole list.
    V1List,
    /// A delete of this IP.
    Deleted(String),
    /// The catalogue, kept by the client.
    Regions,
}

impl Read {
    pub(super) fn read(&self, shared: &Shared, resp: &Response) -> Result<Outcome, Error> {
        Ok(match self {
            Read::Page(page) => Outcome::Page(page.read(resp)?),
            Read::Mapping(version) => Outcome::Mapping(decode::mapping(*version, resp)?),
            Read::V1List => Outcome::Mappings(decode::v1_list(resp)?),
            Read::Deleted(ip) => Outcome::Deleted(decode::deleted(resp, ip)?),
            Read::Regions => {
                let regions = decode::supported_regions(resp)?;
                shared.keep_catalogue(&regions);
                Outcome::Regions(regions)
            }
        })
    }
}
