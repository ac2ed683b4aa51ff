//! The caller's `AbortSignal` as something a future can wait for. The
//! signal is never handed to gloo-net itself: an abort with a reason that
//! is not an `Error` (`abort('stop')`) would reach an `unreachable!` there.
//! Each attempt gets a controller of its own instead, aborted with an
//! `Error` when the attempt is cut.

use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

/// Listens to one call's signal for as long as the call runs.
pub struct AbortWatch {
    signal: AbortSignal,
    wakers: Rc<RefCell<Vec<Waker>>>,
    listener: Closure<dyn FnMut()>,
}

impl AbortWatch {
    /// Starts listening to `signal`.
    pub fn new(signal: AbortSignal) -> AbortWatch {
        let wakers: Rc<RefCell<Vec<Waker>>> = Rc::default();
        let woken = wakers.clone();
        let listener = Closure::<dyn FnMut()>::new(move || {
            for w in woken.borrow_mut().drain(..) {
                w.wake();
            }
        });
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        AbortWatch {
            signal,
            wakers,
            listener,
        }
    }

    /// Whether the signal has fired.
    pub fn fired(&self) -> bool {
        self.signal.aborted()
    }

    /// Resolves when the signal fires.
    pub async fn wait(&self) {
        poll_fn(|cx| {
            if self.fired() {
                Poll::Ready(())
            } else {
                self.wakers.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

impl Drop for AbortWatch {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// An attempt's own controller: aborted, with an `Error` as the reason,
/// when the attempt ends early (timeout, the caller's abort, or dropped).
pub struct AttemptController(AbortController);

impl AttemptController {
    /// A new controller, or `None` where the runtime has none.
    pub fn new() -> Option<AttemptController> {
        AbortController::new().ok().map(AttemptController)
    }

    /// The signal to put on the request.
    pub fn signal(&self) -> AbortSignal {
        self.0.signal()
    }
}

impl Drop for AttemptController {
    fn drop(&mut self) {
        // After a complete answer this changes nothing.
        let reason = js_sys::Error::new("origin-regions: the attempt was cut short");
        self.0.abort_with_reason(&reason);
    }
}
