//! `client.iterate()`: an async iterator over every mapping, one page
//! fetched at a time as the caller consumes them.

use super::convert::to_js;
use super::Call;
use crate::client::Pager;
use js_sys::{Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(iterator: JsValue) -> JsValue;
}

/// The iterator `iterate()` returns; usable with `for await`.
#[wasm_bindgen]
pub struct MappingIterator {
    call: Rc<Call>,
    pager: Rc<RefCell<Pager>>,
    /// The last `next()` promise: each waits for the one before, so calls
    /// that overlap never fetch the same page twice.
    last: RefCell<Promise>,
}

fn step(value: JsValue, done: bool) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"value".into(), &value);
    let _ = Reflect::set(&o, &"done".into(), &done.into());
    o.into()
}

impl MappingIterator {
    pub(super) fn start(call: Call, per_page: Option<u32>) -> JsValue {
        let it = MappingIterator {
            call: Rc::new(call),
            pager: Rc::new(RefCell::new(Pager::new(per_page))),
            last: RefCell::new(Promise::resolve(&JsValue::UNDEFINED)),
        };
        async_iterable(it.into())
    }
}

#[wasm_bindgen]
impl MappingIterator {
    /// The next mapping: `{ value, done }`.
    pub fn next(&self) -> Promise {
        let (call, pager) = (self.call.clone(), self.pager.clone());
        let before = self.last.borrow().clone();
        let p = future_to_promise(async move {
            let _ = JsFuture::from(before).await;
            loop {
                // Borrows end before every await.
                if let Some(m) = pager.borrow_mut().pop() {
                    return Ok(step(to_js(&m)?, false));
                }
                let next = pager.borrow().next_page();
                let Some(n) = next else {
                    return Ok(step(JsValue::UNDEFINED, true));
                };
                let per_page = pager.borrow().per_page;
                let page = call
                    .client
                    .fetch_page(&call.transport, n, per_page, call.limits)
                    .await?;
                pager.borrow_mut().push(page);
            }
        });
        *self.last.borrow_mut() = p.clone();
        p
    }

    /// Stops the iteration (`break` in `for await` calls it).
    #[wasm_bindgen(js_name = return)]
    pub fn finish(&self) -> Promise {
        self.pager.borrow_mut().stop();
        Promise::resolve(&step(JsValue::UNDEFINED, true))
    }
}
