//! The browser half of Putright: a small wasm module holding only the page parts that act
//! in the browser (the "islands": the complaint form's checks as people type, its deadline
//! preview and upload progress, the print buttons). Every other part of every page is
//! plain HTML from the server, and a page without an island never loads this module.
//! Everything it runs comes from `app` and `domain`; nothing else depends on this crate.
#![forbid(unsafe_code)]
// Leptos views are deeply nested types; the longest island needs more than the default 128.
#![recursion_limit = "256"]

// The islands are exported by `app` (one wasm-bindgen function each); linking the crate
// keeps them in the module.
use app as _;
use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the page's boot script once the wasm has loaded, before it hands each island
/// on the page its element.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
