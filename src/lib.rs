//! origin-regions: validate, canonicalise and manage a Cloudflare zone's
//! origin cloud region mappings. The pure core (everything but `js`) has
//! no I/O and is tested natively; the wasm build adds the JS bindings, whose
//! small JS driver sends each call's requests with `fetch`.
#![deny(missing_docs)]

pub mod auth;
pub mod batch;
pub mod client;
pub mod config;
pub mod decode;
pub mod endpoints;
pub mod error;
pub mod heap;
pub mod ip;
pub mod json;
pub mod limiter;
pub mod model;
pub mod ranges;
pub mod retry;
pub mod run;
pub mod sync;
pub mod text;
pub mod validate;
pub mod wire;

pub use client::Client;
pub use error::Error;

#[cfg(target_arch = "wasm32")]
pub mod js;
