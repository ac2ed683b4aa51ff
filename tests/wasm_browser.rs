//! The client scenarios in headless Chromium
//! (`wasm-pack test --headless --chrome --test wasm_browser`). Without this
//! configure line the runner would print a notice and pass with nothing run.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod cases;
