//! Reading every page of the list: page 1 first (it tells how many there
//! are), then the rest side by side, put back in page order.

use super::Ctx;
use crate::decode::Response;
use crate::endpoints::Request;
use crate::error::Error;
use crate::model::{Mapping, Page};
use crate::run::read::PageRead;

/// Every page of the list: page 1, then the rest side by side.
#[derive(Debug)]
pub(in crate::run) struct Pages {
    pub(in crate::run) per_page: u32,
    /// Known once page 1 is in.
    pub(in crate::run) last: Option<u32>,
    pub(in crate::run) next: u32,
    /// The pages read so far, by page number.
    pub(in crate::run) got: Vec<(u32, Result<Page, Error>)>,
}

impl Pages {
    pub(in crate::run) fn new(per_page: u32) -> Pages {
        Pages {
            per_page,
            last: None,
            next: 1,
            got: Vec::new(),
        }
    }

    pub(in crate::run) fn next(&mut self, cx: &Ctx) -> Option<(usize, Request)> {
        let n = self.next;
        let ready = match self.last {
            None => n == 1,
            Some(last) => n <= last,
        };
        if !ready {
            return None;
        }
        self.next += 1;
        Some((
            n as usize,
            self.page(cx, n).request(&cx.shared.config().zone_id),
        ))
    }

    pub(in crate::run) fn page(&self, cx: &Ctx, n: u32) -> PageRead {
        PageRead::walk(cx.shared.config().api_version, n, self.per_page)
    }

    pub(in crate::run) fn take(&mut self, cx: &Ctx, key: usize, answer: Result<Response, Error>) {
        let n = key as u32;
        let page = answer.and_then(|r| self.page(cx, n).read(&r));
        if n == 1 {
            // No request past the last page, nor after an empty or failed first one.
            self.last = Some(match &page {
                Ok(p) if !p.items.is_empty() => p.total_pages.max(1),
                _ => 1,
            });
        }
        // Kept in page order as pages arrive (in any order): no sort at the end.
        let at = self.got.partition_point(|(m, _)| *m < n);
        self.got.insert(at, (n, page));
    }

    pub(in crate::run) fn settle(&mut self) -> Result<Vec<Mapping>, Error> {
        let got = std::mem::take(&mut self.got);
        let mut all = Vec::new();
        for (_, page) in got {
            all.extend(page?.items);
        }
        Ok(all)
    }
}
