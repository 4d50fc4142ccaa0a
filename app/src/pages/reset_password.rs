//! `/reset-password/{token}`: setting a password through a one-time link: a new one, or the
//! first of a new resident's account, which opens it.

use super::sign_in::TextField;
use crate::accounts::{LinkState, reset_link_works};
use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const FIELDS: [&str; 2] = ["new_password", "confirm_password"];

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let reset = expect_context::<crate::AuthContext>().reset;
    let form = FormErrors::new(move || reset.value().get(), &FIELDS, "reset-button");
    let summary = form.summary();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let works = Resource::new(token, reset_link_works);
    view! {
        <Title text="Choose a password" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <Suspense fallback=|| view! { <p class="body">"Checking the link…"</p> }>
                    {move || {
                        works
                            .get()
                            .map(|answer| match answer {
                                Ok(state @ (LinkState::NewPassword | LinkState::FirstPassword)) => {
                                    let first = state == LinkState::FirstPassword;
                                    view! {
                                        <h1 class="heading-xl">
                                            {if first { "Finish creating your account" } else { "Set a new password" }}
                                        </h1>
                                        <p class="body">
                                            {if first {
                                                "Thank you for confirming your email address. Choose a password to open your account: you will be signed in straight away."
                                            } else {
                                                "Setting a new password signs you out on every device. You then sign in with it."
                                            }}
                                        </p>
                                        <ActionForm action=reset attr:novalidate=true>
                                            <input type="hidden" name="token" value=token() />
                                            <TextField name="new_password" label=if first { "Choose a password of at least 12 characters (three random words work well)" } else { "New password, at least 12 characters (three random words work well)" } kind="password" autocomplete="new-password" error=form.field("new_password") />
                                            <TextField name="confirm_password" label=if first { "Type the password again" } else { "Type the new password again" } kind="password" autocomplete="new-password" error=form.field("confirm_password") />
                                            <ErrorMessage id="reset-button-error".to_owned() error=form.button() />
                                            <button id="reset-button" type="submit" class="button" disabled=move || reset.pending().get()>
                                                {if first { "Create account" } else { "Set password" }}
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }
                                Ok(LinkState::Unusable) => {
                                    view! {
                                        <h1 class="heading-xl">"This link no longer works"</h1>
                                        <p class="body">
                                            "Links to set a password work once, for 1 hour. "
                                            <a href="/forgotten-password">"Ask for a new link"</a>
                                            ", or sign in if you have already set your password."
                                        </p>
                                    }
                                        .into_any()
                                }
                                Err(error) => {
                                    view! { <PageProblem error what="this page" next="/forgotten-password" /> }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </div>
        </div>
    }
}
