//! `client.iterate()`: an async iterator over every mapping, one page
//! fetched at a time as the caller consumes them. The [`Pager`] decides;
//! `iterate` in `support.js` asks it for the next item or the next page's
//! run, and drives that run.

use super::convert::to_js;
use super::run::JsRun;
use crate::client::{Client, Pager};
use crate::config::Limits;
use crate::run::Outcome;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    /// The async iterable over `pager`, fetching with `fetch` under `signal`.
    fn iterate(pager: MappingPager, fetch: &JsValue, signal: &JsValue) -> JsValue;
}

/// The pages behind `iterate()`. Not part of the public API: only the
/// iterable in `support.js` holds one.
#[wasm_bindgen(skip_typescript)]
pub struct MappingPager {
    client: Rc<Client>,
    limits: Limits,
    pager: Pager,
}

impl MappingPager {
    pub(super) fn start(
        client: Rc<Client>,
        limits: Limits,
        per_page: Option<u32>,
        fetch: &JsValue,
        signal: &JsValue,
    ) -> JsValue {
        let pager = MappingPager {
            client,
            limits,
            pager: Pager::new(per_page),
        };
        iterate(pager, fetch, signal)
    }
}

#[wasm_bindgen]
impl MappingPager {
    /// The run that fetches the next page, when every fetched mapping has
    /// been handed out and a page remains; `undefined` otherwise.
    pub fn fetch(&self) -> Option<JsRun> {
        if self.pager.has_buffered() {
            return None;
        }
        let n = self.pager.next_page()?;
        let run = self.client.start_page(n, self.pager.per_page, self.limits);
        Some(JsRun::new(self.client.clone(), run))
    }

    /// Takes in the page a run fetched; throws the run's error.
    pub fn push(&mut self, run: &mut JsRun) -> Result<(), JsValue> {
        if let Outcome::Page(page) = run.outcome()? {
            self.pager.push(page);
        }
        Ok(())
    }

    /// The next mapping, `undefined` at the end.
    pub fn pop(&mut self) -> Result<JsValue, JsValue> {
        match self.pager.pop() {
            Some(m) => to_js(&m),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Ends the walk (`break` in `for await`).
    pub fn stop(&mut self) {
        self.pager.stop();
    }
}
