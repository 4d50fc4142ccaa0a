//! A case's private tracking page, reached through the link we give the customer.

use crate::api::tracked_case;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TrackPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let case = Resource::new(token, tracked_case);

    view! {
        <Transition fallback=|| view! { <p class="body">"Loading your case…"</p> }>
            {move || {
                case.get()
                    .map(|result| match result {
                        Ok(case) => {
                            view! {
                                <Title text=format!("Case {}", case.reference) />
                                <div class="panel panel--confirmation">
                                    <h1 class="panel__title">{format!("We have your {}", case.noun)}</h1>
                                    <div class="panel__body">
                                        "Your reference is" <br />
                                        <strong class="reference">{case.reference.clone()}</strong>
                                    </div>
                                </div>
                                <h2 class="heading-m">"What happens next"</h2>
                                <ul class="list list--bullet">
                                    {case
                                        .next_steps
                                        .iter()
                                        .map(|step| view! { <li>{step.clone()}</li> })
                                        .collect_view()}
                                </ul>
                                <p class="body">
                                    <strong>"Where it is now: "</strong>
                                    {case.status.clone()}
                                </p>
                                <p class="body">
                                    "Keep this page's address: it is your private link to follow your case. Anyone with the link can see the case, so do not share it. If you have an account, you can also "
                                    <a href="/sign-in?next=/cases">"sign in to see your cases"</a> "."
                                </p>
                                <h2 class="heading-m">"What you told us"</h2>
                                <dl class="summary-list">
                                    <div class="summary-list__row">
                                        <dt class="summary-list__key">"Received"</dt>
                                        <dd class="summary-list__value">{case.received_on}</dd>
                                    </div>
                                    <div class="summary-list__row">
                                        <dt class="summary-list__key">"What went wrong"</dt>
                                        <dd class="summary-list__value prewrap">{case.description}</dd>
                                    </div>
                                </dl>
                            }
                                .into_any()
                        }
                        Err(AppError::NotFound) => view! { <CaseNotFound /> }.into_any(),
                        Err(other) => {
                            view! {
                                <Title text="Sorry, there is a problem" />
                                <h1 class="heading-l">"Sorry, there is a problem"</h1>
                                <p class="body">{other.to_string()}</p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn CaseNotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Case not found" />
        <h1 class="heading-l">"We cannot find that case"</h1>
        <p class="body">
            "Check the link is exactly as we sent it. If it still does not work, contact us and quote your case reference."
        </p>
    }
}
