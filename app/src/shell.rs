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

/// The boot script and the module preload carry this answer's nonce, the only scripts the
/// Content-Security-Policy lets run (the server makes the nonce: `server::security`); what
/// they import follows from them (`'strict-dynamic'`).
pub fn shell(options: LeptosOptions, assets: AssetLinks) -> impl IntoView {
    let nonce = use_nonce();
    let hydration = assets.js.zip(assets.wasm).map(|(js, wasm)| {
        // Loads the wasm module and hands the page over to it.
        let boot = format!(
            "import init, {{ hydrate }} from '{js}'; init({{ module_or_path: '{wasm}' }}).then(hydrate);"
        );
        view! {
            <link rel="modulepreload" href=js nonce=nonce.clone() />
            <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
            <script type="module" nonce=nonce inner_html=boot></script>
        }
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
                {hydration}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}
