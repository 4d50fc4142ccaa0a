//! `/staff/case-views/:reference`: who has looked at a case's personal data, for the
//! complaints manager.

use crate::case_views::{ViewsOfCase, case_views};
use crate::components::PageProblem;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CaseViewsPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let views = Resource::new(reference, case_views);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                views
                    .get()
                    .map(|result| match result {
                        Ok(views) => view! { <Views views /> }.into_any(),
                        Err(error) => {
                            view! {
                                <PageProblem error what="who looked at this case" next="/staff" />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Views(views: ViewsOfCase) -> impl IntoView {
    let ViewsOfCase {
        reference,
        views,
        more,
    } = views;
    let title = format!("Who has looked at case {reference}");
    let empty = views.is_empty();
    view! {
        <Title text=title.clone() />
        <p class="body">
            <a href=format!("/staff/cases/{reference}") class="back-link">
                {format!("Back to case {reference}")}
            </a>
        </p>
        <h1 class="heading-l">{title}</h1>
        <p class="body">
            "Every time staff or an involved customer opened this case's record, its redacted review, a letter or a file. Views of the same thing by the same person within ten minutes are shown once. The customer's own views are not listed."
        </p>
        {if empty {
            view! { <p class="body">"Nobody has looked at it yet."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Views, newest first">
                    <table class="table">
                        <caption class="visually-hidden">"Views, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"When"</th>
                                <th scope="col">"Who"</th>
                                <th scope="col">"Role"</th>
                                <th scope="col">"What they opened"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {views
                                .into_iter()
                                .map(|v| {
                                    view! {
                                        <tr>
                                            <td>{v.when}</td>
                                            <td>{v.who}</td>
                                            <td>{v.role}</td>
                                            <td>{v.what}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                {more
                    .then(|| {
                        view! {
                            <p class="hint">
                                "Only the newest 200 are listed."
                            </p>
                        }
                    })}
            }
                .into_any()
        }}
    }
}
