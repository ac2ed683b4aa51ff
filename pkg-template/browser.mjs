// Bundler entry (Vite, webpack, Rollup, esbuild): the wasm is a file of its
// own, which bundlers emit from `new URL(..., import.meta.url)` with their
// default settings. It starts loading at import and compiles while it
// downloads (WebAssembly.compileStreaming). There is no top-level await
// (bundlers' default browser targets reject it, and it would hold the page's
// own code back): what needs the module waits for it instead (ready.mjs).
import { initSync } from './origin_regions.js';
import { OriginRegionsError } from './origin_regions_error.js';
import { whenReady } from './ready.mjs';

/** The module, compiled from the emitted file, or from the inlined copy where it must. */
async function loadModule() {
  try {
    return await fileModule();
  } catch (fileError) {
    // No file to fetch (a bundler that did not emit it, a dev server that
    // answers with a page): the inlined copy, a chunk that loads only here.
    try {
      return await inlinedModule();
    } catch (copyError) {
      throw new Error(`${fileError.message}; its inlined copy: ${copyError.message}`);
    }
  }
}

async function fileModule() {
  const response = await fetch(new URL('./origin_regions_bg.wasm', import.meta.url));
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${response.statusText}`.trim());
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
    return WebAssembly.compileStreaming(response);
  }
  // A server that sends another type: streaming compilation refuses it.
  return WebAssembly.compile(await response.arrayBuffer());
}

async function inlinedModule() {
  const { wasmBase64 } = await import('./origin_regions_bg.wasm.base64.js');
  const text = atob(wasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return WebAssembly.compile(bytes);
}

whenReady(async () => {
  try {
    initSync({ module: await loadModule() });
  } catch (cause) {
    const error = new OriginRegionsError('network', `origin-regions: the WebAssembly module could not be loaded: ${cause?.message ?? cause}`);
    error.cause = cause;
    throw error;
  }
});

export { OriginRegionsClient, canonicalizeIp, checkMappings } from './ready.mjs';
// The error class every rejection is an instance of.
export { OriginRegionsError };
