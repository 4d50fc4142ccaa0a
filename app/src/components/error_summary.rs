use leptos::prelude::*;

/// One problem with one form field, for the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The `id` of the field, so the summary can link to it.
    pub field_id: String,
    pub message: String,
}

/// The summary's element id.
pub const ERROR_SUMMARY_ID: &str = "error-summary";

/// The GOV.UK error summary: a list of every problem at the top of the form, each a link
/// to its field (following it, the browser moves focus there). Shown only when there are
/// problems. A page that arrives with problems (a form the server sent back) has the
/// browser focus it as the page loads, so screen-reader users hear it at once; the online
/// form's island builds the same markup for problems it finds itself
/// (`crate::pages::make_checks`).
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let on_arrival = !errors.read_untracked().is_empty();
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-summary" id=ERROR_SUMMARY_ID tabindex="-1" role="alert" aria-labelledby="error-summary-title" autofocus=on_arrival>
                    <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                    <ul class="error-summary__list">
                        {list
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li>
                                        <a href=format!("#{}", e.field_id)>{e.message}</a>
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
