//! The HTML document around the application, rendered on the server only.

use crate::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// Content-hashed addresses of the browser bundle, worked out by the server at start-up.
///
/// When the bundle has not been built (server tests, a checkout without the frontend), the
/// page is served without it: every page still works as plain HTML forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetLinks {
    pub css: Option<String>,
    pub js: Option<String>,
    pub wasm: Option<String>,
}

/// The boot script carries this answer's nonce, the only script the Content-Security-Policy
/// lets run (the server makes the nonce: `server::security`); what it imports follows from it
/// (`'strict-dynamic'`).
///
/// Islands: a page is HTML from the server, and only its islands (`#[island]` components,
/// each a `<leptos-island data-component="…">` element) are brought to life in the browser.
/// The boot script loads the wasm module only when the page has one, so a page with nothing
/// to do in the browser downloads no wasm and no glue script. It then hands each island its
/// element and marks the body `data-hydrated` (the browser tests wait for that). Islands are
/// never nested in this application, so they are taken in document order.
pub fn shell(options: LeptosOptions, assets: AssetLinks) -> impl IntoView {
    // The server renders everything outside islands as plain HTML, without the markers
    // hydration would need (as Leptos's own `HydrationScripts islands=true` does).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = use_nonce();
    let boot = assets.js.zip(assets.wasm).map(|(js, wasm)| {
        let script = format!(
            "const islands = document.querySelectorAll('leptos-island');\
             if (islands.length) import('{js}').then(async (glue) => {{\
             await glue.default({{ module_or_path: '{wasm}' }}); glue.hydrate();\
             for (const island of islands) {{\
             const wake = glue[island.dataset.component];\
             if (wake) await wake(island); else console.warn('no island', island.dataset.component);\
             }}\
             document.body.dataset.hydrated = 'true'; }});"
        );
        view! { <script type="module" nonce=nonce inner_html=script></script> }
    });
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#1d4f4a" />
                // No icon file yet: an empty one stops browsers asking for /favicon.ico.
                <link rel="icon" href="data:," />
                {assets.css.map(|href| view! { <link rel="stylesheet" href=href /> })}
                <AutoReload options=options.clone() />
                {boot}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}
