//! The JS API of js-api.md (wasm32 only). Thin on purpose: read the
//! arguments, let the core plan the call, drive it over `fetch`, convert
//! the answer. Feature `client` gives the client's module, feature `ranges`
//! RegionIndex's (`origin-regions/ranges`); both share the conversions and
//! the one error class.

#[cfg(feature = "client")]
mod abort;
#[cfg(feature = "client")]
mod checks;
#[cfg(feature = "client")]
mod client;
mod convert;
mod error;
#[cfg(feature = "client")]
mod iter;
#[cfg(feature = "client")]
mod options;
#[cfg(feature = "ranges")]
mod ranges;
#[cfg(feature = "ranges")]
mod suggestion;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
pub use checks::{canonicalize_ip, check_mappings};
#[cfg(feature = "client")]
pub use client::JsClient;
pub use error::JsOriginRegionsError;
