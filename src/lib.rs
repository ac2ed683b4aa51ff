//! origin-regions: validate, canonicalise and manage a Cloudflare zone's
//! origin cloud region mappings. The pure core (everything but `js`) has no
//! I/O and is tested natively; each call is a sans-IO [`run::Run`] that the
//! one async [`driver`] sends over a transport: gloo-net's `fetch` in the
//! wasm build (`js`), a scripted one in the native tests.
#![deny(missing_docs)]

pub mod auth;
pub mod base_url;
pub mod batch;
pub mod client;
pub mod config;
pub mod decode;
pub mod driver;
pub mod endpoints;
pub mod error;
pub mod ip;
pub mod limiter;
pub mod model;
pub mod pager;
pub mod ranges;
pub mod retry;
pub mod run;
pub mod shared;
pub mod sync;
pub mod validate;
pub mod wire;

pub use client::Client;
pub use error::Error;

#[cfg(target_arch = "wasm32")]
pub mod js;
