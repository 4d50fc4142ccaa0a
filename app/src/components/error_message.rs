use leptos::prelude::*;

/// The red message above a field in error, prefixed for screen readers; its `id` is what
/// the field's `aria-describedby` names.
#[component]
pub fn ErrorMessage(id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p class="error-message" id=id.clone()>
                    <span class="visually-hidden">"Error: "</span>
                    {message}
                </p>
            }
        })
    }
}
