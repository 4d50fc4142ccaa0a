use leptos::prelude::*;

/// One problem with one form field, for the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The `id` of the field, so the summary can link to it.
    pub field_id: String,
    pub message: String,
}

/// The GOV.UK error summary: a list of every problem at the top of the form, each a link
/// that moves focus to its field. Shown only when there are problems; it is focused when it
/// appears so screen-reader users hear it at once. It is not focused again while the person
/// fixes the fields one by one (that would pull the page back to the top under their
/// finger); a form that is sent again with problems left calls
/// [`crate::components::focus_element`] with [`ERROR_SUMMARY_ID`].
/// The summary's element id.
pub const ERROR_SUMMARY_ID: &str = "error-summary";

#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    // Returns whether the summary now on screen has had focus.
    Effect::new(move |focused: Option<bool>| {
        if errors.read().is_empty() {
            return false;
        }
        if focused == Some(true) {
            return true;
        }
        match summary.get() {
            Some(el) => {
                let _ = el.focus();
                true
            }
            None => false,
        }
    });
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-summary" id=ERROR_SUMMARY_ID node_ref=summary tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                    <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                    <ul class="error-summary__list">
                        {list
                            .into_iter()
                            .map(|e| {
                                let id = e.field_id.clone();
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{}", e.field_id)
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                super::focus_element(&id);
                                            }
                                        >
                                            {e.message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
