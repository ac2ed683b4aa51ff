// A bundled browser consumer: webpack (no config) takes the `browser`
// condition, browser.mjs, and emits the wasm as a file of its own. The page
// is bundled-page.mjs.
import './bundled-page.mjs';
