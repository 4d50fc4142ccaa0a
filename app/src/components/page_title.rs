use leptos::prelude::*;
use leptos_meta::Title;

/// The document title: the page's own name, then the service's, as GOV.UK does.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=format!("{text} – Putright") /> }
}
