//! The browser half of Putright: a small wasm module that takes over the server-rendered
//! page ("hydration") so forms validate as people type. Everything it runs comes from
//! `app` and `domain`; nothing else depends on this crate.
#![forbid(unsafe_code)]
// Leptos views are deeply nested types; the longest page needs more than the default 128.
#![recursion_limit = "256"]

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the page's module script once the wasm has loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
