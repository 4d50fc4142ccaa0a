//! `/register`: a resident creates an account. They give their name and address; the link
//! sent there opens the account, where they choose a password. The answer is the same
//! whether or not the address already has an account (its holder is told by e-mail).

use super::sign_in::TextField;
use crate::auth::Register;
use crate::components::{ErrorMessage, ErrorSummary, FormErrors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 2] = ["name", "email"];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = ServerAction::<Register>::new();
    let form = FormErrors::new(move || register.value().get(), &FIELDS, "register-button");
    let summary = form.summary();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let hours = domain::password::RESET_LINK_HOURS;
    view! {
        <Title text="Create an account" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Create an account"</h1>
                {move || {
                    if sent() {
                        view! {
                            <div class="panel-notice" role="status">
                                <p class="body">
                                    <strong>"Check your email."</strong>
                                    " We have sent a link to the address you gave. Open it within "
                                    {hours}
                                    " hour to choose your password and finish creating your account."
                                </p>
                            </div>
                            <p class="body">
                                "If you already have an account, the email says so and how to sign in."
                            </p>
                            <p class="body">
                                "Nothing arrived after a few minutes? Check your spam folder, or "
                                <a href="/register">"try again"</a>
                                "."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="body">
                                "With an account you can see all your cases, what has happened and what happens next, and act on them."
                            </p>
                            <p class="body">
                                "We will send a link to your email address. You choose your password when you open it."
                            </p>
                            <ActionForm action=register attr:novalidate=true>
                                <TextField name="name" label="Your full name" kind="text" autocomplete="name" error=form.field("name") />
                                <TextField name="email" label="Email address" kind="email" autocomplete="email" error=form.field("email") />
                                <ErrorMessage id="register-button-error".to_owned() error=form.button() />
                                <button id="register-button" type="submit" class="button" disabled=move || register.pending().get()>
                                    "Continue"
                                </button>
                            </ActionForm>
                            <p class="body">
                                "Already have an account? " <a href="/sign-in">"Sign in"</a> "."
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
        </div>
    }
}
