//! The pages behind `iterate()`: which page to fetch next, and the mappings
//! fetched but not yet handed out.

use crate::model::{Mapping, Page};
use crate::validate::MAX_PER_PAGE;

/// Walks the pages of a list: which page to fetch next, and the mappings
/// fetched but not yet handed out. Stops at `total_pages`, so no request is
/// made for an empty page past the end.
#[derive(Debug)]
pub struct Pager {
    /// Page size asked for.
    pub per_page: u32,
    next: u32,
    total_pages: Option<u32>,
    /// Fetched, not yet handed out: the next one last (a Vec popped from
    /// its end; a VecDeque would add its ring plumbing to the wasm).
    buffer: Vec<Mapping>,
    /// Set by `stop`: a page that arrives afterwards is dropped.
    stopped: bool,
}

impl Pager {
    /// A pager from page 1; the largest page the API allows unless told otherwise.
    pub fn new(per_page: Option<u32>) -> Pager {
        Pager {
            per_page: per_page.unwrap_or(MAX_PER_PAGE),
            next: 1,
            total_pages: None,
            buffer: Vec::new(),
            stopped: false,
        }
    }

    /// The page to fetch next, or `None` when every page has been fetched.
    pub fn next_page(&self) -> Option<u32> {
        match self.total_pages {
            _ if self.stopped => None,
            Some(total) if self.next > total => None,
            _ => Some(self.next),
        }
    }

    /// Takes in a fetched page.
    pub fn push(&mut self, page: Page) {
        if self.stopped {
            return;
        }
        self.total_pages = Some(page.total_pages);
        // An empty page ends the walk even if the count said otherwise
        // (the zone shrank while we read it).
        if page.items.is_empty() {
            self.total_pages = Some(self.next - 1);
        }
        self.next += 1;
        let mut items = page.items;
        items.reverse();
        items.append(&mut self.buffer);
        self.buffer = items;
    }

    /// Ends the walk: no further page is fetched, nothing more handed out.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.buffer.clear();
    }

    /// Whether a mapping fetched is not yet handed out.
    pub fn has_buffered(&self) -> bool {
        !self.buffer.is_empty()
    }

    /// The next mapping fetched and not yet handed out.
    pub fn pop(&mut self) -> Option<Mapping> {
        self.buffer.pop()
    }
}
