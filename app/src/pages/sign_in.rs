//! Signing in, for residents, staff, panel members and the board alike.

use crate::components::{ErrorMessage, ErrorSummary, FieldError};
use crate::error::{AppError, error_from_url};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let sign_in = auth.sign_in;
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    // A fixed message for a fixed code: nothing from the address is shown.
    let password_set = query.read_untracked().get("password").as_deref() == Some("set");
    let url_error = error_from_url();

    let error = Signal::derive(move || match sign_in.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(())) => None,
        None => url_error.clone(),
    });
    let field_error = move |name: &'static str| {
        move || match error.get() {
            Some(AppError::Validation { field, message }) if field == name => Some(message),
            _ => None,
        }
    };
    let summary = Signal::derive(move || match error.get() {
        Some(AppError::Validation { field, message }) => vec![FieldError {
            field_id: field,
            message,
        }],
        Some(other) => vec![FieldError {
            field_id: "email".into(),
            message: other.to_string(),
        }],
        None => Vec::new(),
    });

    view! {
        <Title text="Sign in" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Sign in"</h1>
                {password_set
                    .then(|| {
                        view! {
                            <div class="panel-notice" role="status">
                                <p class="body">
                                    <strong>"Your new password is set."</strong>
                                    " Sign in with it."
                                </p>
                            </div>
                        }
                    })}
                <ActionForm action=sign_in attr:novalidate=true>
                    <input type="hidden" name="next" value=next />
                    <TextField name="email" label="Email address" kind="email" autocomplete="username" error=Signal::derive(field_error("email")) />
                    <TextField name="password" label="Password" kind="password" autocomplete="current-password" error=Signal::derive(field_error("password")) />
                    <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                        "Sign in"
                    </button>
                </ActionForm>
                <p class="body">
                    <a href="/forgotten-password">"Forgotten your password?"</a>
                </p>
                <h2 class="heading-m">"No account yet?"</h2>
                <p class="body">
                    "You do not need one to tell us something, but with one you can follow all your cases in one place. "
                    <a href="/register">"Create an account"</a> "."
                </p>
            </div>
        </div>
    }
}

/// A labelled one-line field for the account pages.
#[component]
pub(crate) fn TextField(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    // What was typed, when a refused post without JavaScript sent the page back with it
    // (never a password: those are not sent back).
    let typed = (kind != "password")
        .then(|| use_query_map().read_untracked().get(name))
        .flatten()
        .unwrap_or_default();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <label class="label" for=name>{label}</label>
            <ErrorMessage id=error_id error=error />
            <input
                class="input"
                class:input--error=move || error.get().is_some()
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                spellcheck="false"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || error.get().map(|_| format!("{name}-error"))
                value=typed
            />
        </div>
    }
}
