//! The second factor's pages: `/sign-in/code`, `/sign-in/set-up` and
//! `/account/recovery-codes` (see `crate::second_factor`).

use super::sign_in::TextField;
use crate::components::{ErrorMessage, ErrorSummary, FormErrors};
use crate::second_factor::{
    NewRecoveryCodes, RecoveryCodesView, recovery_codes, second_factor_set_up,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 1] = ["code"];

fn next_from_query() -> String {
    use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default()
}

/// Asked after the password: the code from the app, or a recovery code.
#[component]
pub fn EnterCodePage() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let enter = auth.enter_code;
    let form = FormErrors::new(move || enter.value().get(), &FIELDS, "code-button");
    let summary = form.summary();
    let next = next_from_query();
    view! {
        <Title text="Enter your code" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Enter your code"</h1>
                <p class="body">
                    "Open the authenticator app on your phone and type the 6-digit code it shows for Putright."
                </p>
                <ActionForm action=enter attr:novalidate=true>
                    <input type="hidden" name="next" value=next />
                    <TextField name="code" label="Code" kind="text" autocomplete="one-time-code" error=form.field("code") />
                    <ErrorMessage id="code-button-error".to_owned() error=form.button() />
                    <button id="code-button" type="submit" class="button" disabled=move || enter.pending().get()>
                        "Continue"
                    </button>
                </ActionForm>
                <details class="details">
                    <summary class="details__summary">"I do not have my phone"</summary>
                    <div class="details__text">
                        <p class="body">
                            "Type one of your recovery codes in the box instead: each works once. If you have none left, ask an administrator to reset your second factor."
                        </p>
                    </div>
                </details>
            </div>
        </div>
    }
}

/// The first sign-in of a member of staff: setting up an authenticator app.
#[component]
pub fn SetUpPage() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let confirm = auth.set_up;
    let form = FormErrors::new(move || confirm.value().get(), &FIELDS, "set-up-button");
    let summary = form.summary();
    let next = next_from_query();
    let set_up = Resource::new(|| (), |_| second_factor_set_up());
    view! {
        <Title text="Set up your authenticator app" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Set up your authenticator app"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || {
                        let next = next.clone();
                        set_up
                            .get()
                            .map(|answer| match answer {
                                Ok(Some(view)) => {
                                    view! {
                                        <p class="body">
                                            "Staff accounts see residents' cases, so signing in takes a code from an app on your phone as well as your password."
                                        </p>
                                        <ol class="list list--number">
                                            <li>
                                                "Install an authenticator app if you have none (for example Microsoft Authenticator or Google Authenticator)."
                                            </li>
                                            <li>"In the app, add an account and scan this QR code."</li>
                                        </ol>
                                        <div
                                            class="qr-code"
                                            role="img"
                                            aria-label=format!("QR code for Putright, {}", view.email)
                                            inner_html=view.qr_svg
                                        ></div>
                                        <p class="body">
                                            "Cannot scan it? Add the account by typing this key instead:"
                                        </p>
                                        <p class="body">
                                            <code class="key">{view.key}</code>
                                        </p>
                                        <ActionForm action=confirm attr:novalidate=true>
                                            <input type="hidden" name="next" value=next />
                                            <TextField name="code" label="Then type the 6-digit code the app shows" kind="text" autocomplete="one-time-code" error=form.field("code") />
                                            <ErrorMessage id="set-up-button-error".to_owned() error=form.button() />
                                            <button id="set-up-button" type="submit" class="button" disabled=move || confirm.pending().get()>
                                                "Continue"
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }
                                Ok(None) => {
                                    view! {
                                        <p class="body">
                                            "There is nothing to set up here. "
                                            <a href="/sign-in">"Sign in"</a>
                                            " with your email address and password first."
                                        </p>
                                    }
                                        .into_any()
                                }
                                Err(error) => view! { <p class="body">{error.to_string()}</p> }.into_any(),
                            })
                    }}
                </Suspense>
            </div>
        </div>
    }
}

/// Recovery codes: new ones shown once, or how many are left and a way to make new ones.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let codes = Resource::new(|| (), |_| recovery_codes());
    let renew = ServerAction::<NewRecoveryCodes>::new();
    let next = next_from_query();
    let onward = crate::auth::safe_next(Some(&next)).unwrap_or_else(|| "/".to_owned());
    view! {
        <Title text="Recovery codes" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <h1 class="heading-xl">"Recovery codes"</h1>
                <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                    {move || {
                        let onward = onward.clone();
                        codes
                            .get()
                            .map(|answer| match answer {
                                Ok(RecoveryCodesView::New(list)) => {
                                    view! {
                                        <div class="panel-notice" role="status">
                                            <p class="body">
                                                <strong>"Your authenticator app is set up."</strong>
                                                " Keep these codes somewhere safe, away from your phone. Each works once, in place of a code from the app."
                                            </p>
                                        </div>
                                        <ul class="recovery-codes">
                                            {list
                                                .into_iter()
                                                .map(|code| view! { <li><code>{code}</code></li> })
                                                .collect_view()}
                                        </ul>
                                        <p class="body">"We will not show them again."</p>
                                        <a href=onward class="button">"I have kept them: continue"</a>
                                    }
                                        .into_any()
                                }
                                Ok(RecoveryCodesView::Left(left)) => {
                                    view! {
                                        <p class="body">
                                            {format!(
                                                "You have {left} unused recovery code{}.",
                                                if left == 1 { "" } else { "s" },
                                            )}
                                        </p>
                                        <p class="body">
                                            "Making new codes stops the old ones working."
                                        </p>
                                        <ActionForm action=renew>
                                            <button type="submit" class="button button--secondary">"Make new recovery codes"</button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }
                                Ok(RecoveryCodesView::NotNeeded) => {
                                    view! { <p class="body">"Your account does not use a second factor."</p> }.into_any()
                                }
                                Err(_) => {
                                    view! {
                                        <p class="body">
                                            <a href="/sign-in?next=/account/recovery-codes">"Sign in"</a>
                                            " to see your recovery codes."
                                        </p>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </div>
        </div>
    }
}
