//! "Your cases" and a case page: what a resident (or a member of staff) may see of a case.

use crate::cases::{CaseLine, CaseView, my_cases, read_case};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MyCasesPage() -> impl IntoView {
    let cases = Resource::new(|| (), |_| my_cases());
    view! {
        <Title text="Your cases" />
        <h1 class="heading-l">"Your cases"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading your cases…"</p> }>
            {move || {
                cases
                    .get()
                    .map(|result| match result {
                        Ok(lines) if lines.is_empty() => {
                            view! {
                                <p class="body">"You have no cases with us yet."</p>
                                <p class="body">
                                    <a href="/">"Tell us about a problem"</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(lines) => view! { <CaseList lines /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn CaseList(lines: Vec<CaseLine>) -> impl IntoView {
    view! {
        <ul class="case-list">
            {lines
                .into_iter()
                .map(|line| {
                    let href = format!("/cases/{}", line.reference);
                    view! {
                        <li class="case-list__item">
                            <h2 class="heading-s case-list__title">
                                <a href=href>{format!("{} {}", line.kind, line.reference)}</a>
                            </h2>
                            <p class="case-list__status">
                                <strong class="tag">{line.status}</strong>
                            </p>
                            <p class="body case-list__summary">{line.summary}</p>
                            <p class="hint">
                                {format!("Received {}", line.received_on)}
                                {line.next_due.map(|d| format!(". Our next step is due by {d}"))}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let case = Resource::new(reference, read_case);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the case…"</p> }>
            {move || {
                case.get()
                    .map(|result| match result {
                        Ok(case) => view! { <CaseDetails case /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn CaseDetails(case: CaseView) -> impl IntoView {
    let title = format!("{} {}", case.kind, case.reference);
    view! {
        <Title text=title.clone() />
        <span class="caption">{case.kind.clone()}</span>
        <h1 class="heading-l">{case.reference.clone()}</h1>
        <p class="body">
            <strong class="tag">{case.status.clone()}</strong>
        </p>
        {case
            .next_due
            .clone()
            .map(|due| {
                view! {
                    <div class="inset">
                        <p class="body">
                            "We will take the next step by " <strong>{due}</strong> "."
                        </p>
                    </div>
                }
            })}
        <h2 class="heading-m">"What you told us"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Received"</dt>
                <dd class="summary-list__value">
                    {format!("{} ({})", case.received_on, case.channel.to_lowercase())}
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"What went wrong"</dt>
                <dd class="summary-list__value prewrap">{case.what_happened.clone()}</dd>
            </div>
            {case
                .outcomes_sought
                .clone()
                .map(|wanted| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"What you want us to do"</dt>
                            <dd class="summary-list__value prewrap">{wanted}</dd>
                        </div>
                    }
                })}
        </dl>
        <h2 class="heading-m">"What has happened"</h2>
        <ol class="timeline">
            {case
                .timeline
                .into_iter()
                .rev()
                .map(|line| {
                    view! {
                        <li class="timeline__item">
                            <p class="timeline__text">{line.text}</p>
                            <p class="hint">
                                {line.when}
                                {line.by.map(|by| format!(" by {by}"))}
                            </p>
                            {line.detail.map(|d| view! { <p class="body prewrap">{d}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The answer for a case that is missing or not the reader's (the same), or for someone
/// not signed in.
#[component]
fn Problem(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(match error {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            _ => http::StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    match error {
        AppError::NotFound => view! {
            <Title text="Case not found" />
            <h1 class="heading-l">"We cannot find that case"</h1>
            <p class="body">
                "Check the case reference. You can only see your own cases and those you act for."
            </p>
            <p class="body">
                <a href="/cases">"See your cases"</a>
            </p>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <Title text="Sign in to see your cases" />
            <h1 class="heading-l">"Sign in to see your cases"</h1>
            <p class="body">
                <a href="/sign-in?next=/cases">"Sign in"</a>
                " to see the cases you have made or act for."
            </p>
        }
        .into_any(),
        other => view! {
            <Title text="Sorry, there is a problem" />
            <h1 class="heading-l">"Sorry, there is a problem"</h1>
            <p class="body">{other.to_string()}</p>
        }
        .into_any(),
    }
}
