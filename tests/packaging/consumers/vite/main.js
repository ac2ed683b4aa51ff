// A bundled browser consumer: Vite's `browser` condition picks browser.mjs,
// which loads the wasm as a file of its own. The page is bundled-page.mjs.
import './bundled-page.mjs';
