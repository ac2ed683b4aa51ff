//! `client.iterate()`: an async iterator over every mapping, one page
//! fetched at a time as the caller consumes them. The core's [`Pager`]
//! decides which page comes next; each page is one run of the driver.

use super::convert::to_js;
use super::transport::FetchTransport;
use crate::client::{Client, Pager};
use crate::config::Limits;
use crate::driver::drive;
use crate::run::Outcome;
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/iterable.js")]
extern "C" {
    /// The async-iteration protocol object around `iterator`.
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(iterator: MappingIterator) -> JsValue;
}

/// The pages behind `iterate()`. Not part of the public API: only the
/// iterable of `iterable.js` holds one.
#[wasm_bindgen(skip_typescript)]
pub struct MappingIterator {
    client: Rc<Client>,
    limits: Limits,
    transport: FetchTransport,
    pager: RefCell<Pager>,
    /// Whether a `next()` is fetching: overlapping calls wait their turn,
    /// so no page is fetched twice.
    busy: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
}

/// The turn of one `next()`; the next waiting one goes when it ends.
struct Turn<'a>(&'a MappingIterator);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.busy.set(false);
        for w in self.0.waiting.borrow_mut().drain(..) {
            w.wake();
        }
    }
}

impl MappingIterator {
    pub(super) fn start(
        client: Rc<Client>,
        limits: Limits,
        per_page: Option<u32>,
        transport: FetchTransport,
    ) -> JsValue {
        async_iterable(MappingIterator {
            client,
            limits,
            transport,
            pager: RefCell::new(Pager::new(per_page)),
            busy: Cell::new(false),
            waiting: RefCell::new(Vec::new()),
        })
    }

    async fn turn(&self) -> Turn<'_> {
        poll_fn(|cx| {
            if self.busy.replace(true) {
                self.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await;
        Turn(self)
    }
}

/// `{ value, done }` of the iteration protocol.
#[derive(serde::Serialize)]
struct Step<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a crate::model::Mapping>,
    done: bool,
}

#[wasm_bindgen]
impl MappingIterator {
    /// The next mapping, fetching the next page when none is buffered.
    pub async fn next(&self) -> Result<JsValue, JsValue> {
        let _turn = self.turn().await;
        loop {
            // Borrowed between awaits only.
            if let Some(m) = self.pager.borrow_mut().pop() {
                return to_js(&Step {
                    value: Some(&m),
                    done: false,
                });
            }
            let Some(n) = self.pager.borrow().next_page() else {
                return to_js(&Step {
                    value: None,
                    done: true,
                });
            };
            let per_page = self.pager.borrow().per_page;
            let run = self.client.start_page(n, per_page, self.limits);
            if let Outcome::Page(page) =
                drive(self.client.shared(), &self.transport, run, &|_| ()).await?
            {
                self.pager.borrow_mut().push(page);
            }
        }
    }

    /// Ends the walk (`break` in `for await`).
    pub fn finish(&self) -> Result<JsValue, JsValue> {
        self.pager.borrow_mut().stop();
        let done = to_js(&Step {
            value: None,
            done: true,
        })?;
        Ok(js_sys::Promise::resolve(&done).into())
    }
}
