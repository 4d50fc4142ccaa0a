//! Creating a resident's account.

use super::sign_in::TextField;
use crate::auth::Register;
use crate::components::{ErrorSummary, FieldError};
use crate::error::{AppError, error_from_url};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = ServerAction::<Register>::new();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    let url_error = error_from_url();
    let error = Signal::derive(move || match register.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(())) => None,
        None => url_error.clone(),
    });
    let field_error = move |name: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Validation { field, message }) if field == name => Some(message),
            _ => None,
        })
    };
    let summary = Signal::derive(move || match error.get() {
        Some(AppError::Validation { field, message }) => vec![FieldError {
            field_id: field,
            message,
        }],
        Some(other) => vec![FieldError {
            field_id: "name".into(),
            message: other.to_string(),
        }],
        None => Vec::new(),
    });
    view! {
        <Title text="Create an account" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Create an account"</h1>
                <p class="body">
                    "With an account you can see all your cases, what has happened and what happens next, and act on them."
                </p>
                <ActionForm action=register attr:novalidate=true>
                    <input type="hidden" name="next" value=next />
                    <TextField name="name" label="Your full name" kind="text" autocomplete="name" error=field_error("name") />
                    <TextField name="email" label="Email address" kind="email" autocomplete="email" error=field_error("email") />
                    <TextField name="password" label="Choose a password of at least 12 characters (three random words work well)" kind="password" autocomplete="new-password" error=field_error("password") />
                    <TextField name="confirm_password" label="Type the password again" kind="password" autocomplete="new-password" error=field_error("confirm_password") />
                    <button type="submit" class="button" disabled=move || register.pending().get()>
                        "Create account"
                    </button>
                </ActionForm>
                <p class="body">
                    "Already have an account? " <a href="/sign-in">"Sign in"</a> "."
                </p>
            </div>
        </div>
    }
}
