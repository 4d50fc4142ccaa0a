//! `/forgotten-password`: a resident asks for a link to set a new password. The answer is
//! the same whether or not the address has an account.

use super::sign_in::TextField;
use crate::accounts::ForgottenPassword;
use crate::components::{ErrorMessage, ErrorSummary, FormErrors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 1] = ["email"];

#[component]
pub fn ForgottenPasswordPage() -> impl IntoView {
    let ask = ServerAction::<ForgottenPassword>::new();
    let form = FormErrors::new(move || ask.value().get(), &FIELDS, "send-button");
    let summary = form.summary();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let hours = domain::password::RESET_LINK_HOURS;
    view! {
        <Title text="Forgotten your password" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Forgotten your password"</h1>
                {move || {
                    if sent() {
                        view! {
                            <div class="panel-notice" role="status">
                                <p class="body">
                                    <strong>"Check your email."</strong>
                                    " If an account has this address, we have sent it a link to set a new password. The link works once, for "
                                    {hours}
                                    " hour."
                                </p>
                            </div>
                            <p class="body">
                                "Nothing arrived after a few minutes? Check your spam folder, or "
                                <a href="/forgotten-password">"ask again"</a>
                                "."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="body">
                                "Enter the email address of your account and we will send you a link to set a new password."
                            </p>
                            <p class="body">
                                "If you work for us, ask an administrator to send you a link instead."
                            </p>
                            <ActionForm action=ask attr:novalidate=true>
                                <TextField name="email" label="Email address" kind="email" autocomplete="username" error=form.field("email") />
                                <ErrorMessage id="send-button-error".to_owned() error=form.button() />
                                <button id="send-button" type="submit" class="button" disabled=move || ask.pending().get()>
                                    "Send me a link"
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                }}
            </div>
        </div>
    }
}
