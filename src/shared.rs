//! What every call of one client shares: its configuration, the rate
//! limiter and the catalogue of supported regions. A run is handed this, not
//! the client that made it; each cell is borrowed only within one step of a
//! run, never across an await, so calls may overlap freely.

use crate::config::Config;
use crate::limiter::Limiter;
use crate::model::SupportedRegions;
use std::cell::{Cell, RefCell, RefMut};
use std::rc::Rc;

/// State shared by every call of one client.
#[derive(Debug)]
pub struct Shared {
    config: Config,
    /// Filled by `supportedRegions`; later writes are checked against it.
    catalogue: RefCell<Option<Rc<SupportedRegions>>>,
    limiter: RefCell<Limiter>,
    /// Whether this client has made a v1 call yet (warned about once).
    v1_used: Cell<bool>,
}

impl Shared {
    /// The shared state of a client with this configuration.
    pub fn new(config: Config) -> Shared {
        let (max, window) = config.rate_limit.unwrap_or((0, 0));
        Shared {
            config,
            catalogue: RefCell::new(None),
            limiter: RefCell::new(Limiter::new(max, window)),
            v1_used: Cell::new(false),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The catalogue from the last `supportedRegions`, if any.
    pub fn catalogue(&self) -> Option<Rc<SupportedRegions>> {
        self.catalogue.borrow().clone()
    }

    /// Keeps a catalogue; later writes are checked against it. One without
    /// vendors would refuse every later write: not kept.
    pub fn keep_catalogue(&self, regions: &SupportedRegions) {
        if !regions.vendors.is_empty() {
            *self.catalogue.borrow_mut() = Some(Rc::new(regions.clone()));
        }
    }

    /// The rate limiter every call of this client shares.
    pub fn limiter(&self) -> RefMut<'_, Limiter> {
        self.limiter.borrow_mut()
    }

    /// True the first time it is asked: whether this is the client's first v1 request.
    pub fn first_v1_use(&self) -> bool {
        !self.v1_used.replace(true)
    }
}
