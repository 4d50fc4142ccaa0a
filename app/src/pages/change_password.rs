//! `/account/password`: anyone signed in changes their own password. Their other sessions
//! end; this one stays.

use super::sign_in::TextField;
use crate::accounts::ChangePassword;
use crate::components::{ErrorMessage, ErrorSummary, FormErrors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 3] = ["current_password", "new_password", "confirm_password"];

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let change = ServerAction::<ChangePassword>::new();
    let form = FormErrors::new(move || change.value().get(), &FIELDS, "change-button");
    let summary = form.summary();
    let query = use_query_map();
    let changed = move || query.read().get("changed").is_some();
    let signed_in = move || auth.viewer.get().map(|v| matches!(v, Ok(Some(_))));
    view! {
        <Title text="Change your password" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Change your password"</h1>
                <Transition fallback=|| ()>
                    {move || {
                        signed_in()
                            .map(|signed_in| {
                                if !signed_in {
                                    return view! {
                                        <p class="body">
                                            <a href="/sign-in?next=/account/password">"Sign in"</a>
                                            " to change your password."
                                        </p>
                                    }
                                        .into_any();
                                }
                                view! {
                                    {changed()
                                        .then(|| {
                                            view! {
                                                <div class="panel-notice" role="status">
                                                    <p class="body">
                                                        <strong>"Your password has been changed."</strong>
                                                        " You have been signed out on every other device."
                                                    </p>
                                                </div>
                                            }
                                        })}
                                    <p class="body">
                                        "Changing your password signs you out on every other device, in case someone else knows it."
                                    </p>
                                    <ActionForm action=change attr:novalidate=true>
                                        <TextField name="current_password" label="Your current password" kind="password" autocomplete="current-password" error=form.field("current_password") />
                                        <TextField name="new_password" label="New password, at least 12 characters (three random words work well)" kind="password" autocomplete="new-password" error=form.field("new_password") />
                                        <TextField name="confirm_password" label="Type the new password again" kind="password" autocomplete="new-password" error=form.field("confirm_password") />
                                        <ErrorMessage id="change-button-error".to_owned() error=form.button() />
                                        <button id="change-button" type="submit" class="button" disabled=move || change.pending().get()>
                                            "Change password"
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            })
                    }}
                </Transition>
            </div>
        </div>
    }
}
