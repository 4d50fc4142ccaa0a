//! `/admin/homes`: the number of homes in each reporting year, which CH01 divides by, and a
//! form to set or change one (admins). The form works as a plain post without JavaScript
//! and keeps what was typed when it is refused.

use crate::components::{ErrorSummary, PageProblem, TextInput, summary_lines};
use crate::error::{AppError, error_from_url};
use crate::homes::{HomesView, SetHomesCount, homes_counts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 3] = ["year", "homes", "lcho_homes"];

#[component]
pub fn HomesPage() -> impl IntoView {
    let set = ServerAction::<SetHomesCount>::new();
    let from_url = error_from_url();
    let error = Signal::derive(move || match set.value().get() {
        Some(result) => result.err(),
        None => from_url.clone(),
    });
    let query = use_query_map();
    // Read again only after a count was saved: a refused post keeps the form as typed.
    let saves = RwSignal::new(0u32);
    Effect::new(move |seen: Option<()>| {
        if seen.is_some() && matches!(set.value().get(), Some(Ok(()))) {
            saves.update(|n| *n += 1);
        }
    });
    // A save also lands on `?saved=YEAR&count=N`, which reads them again even where the
    // action's answer is not seen (the page is rebuilt by the navigation).
    let counts = Resource::new(
        move || {
            let q = query.read();
            (saves.get(), q.get("saved"), q.get("count"))
        },
        |_| homes_counts(),
    );
    let summary = Signal::derive(move || {
        error.get().map_or_else(Vec::new, |e| {
            summary_lines(&e, |f| FIELDS.contains(&f), |_| None, "homes")
        })
    });
    let saved = move || {
        query.read().get("saved").and_then(|y| {
            let y: i32 = y.parse().ok()?;
            Some(view! {
                <div class="panel-notice" role="status">
                    <p class="body">
                        <strong>{format!("Homes count saved for {y}/{:02}.", (y + 1) % 100)}</strong>
                        " The reports now use it for CH01. "
                        <a href=format!("/reports?year={y}")>"See that year's reports"</a>
                    </p>
                </div>
            })
        })
    };
    view! {
        <Title text="Homes count" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"Number of homes"</h1>
        {saved}
        <p class="body">
            "CH01 counts tenants' complaints per 1,000 homes, apart for low-cost rental and low-cost home ownership, so each reporting year needs the number of homes of each. Until a year has its count, its reports cannot give the rates per 1,000 homes. In the table, Rental is low-cost rental and Ownership is low-cost home ownership."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the homes counts…"</p> }>
            {move || {
                counts
                    .get()
                    .map(|result| match result {
                        Ok(view) => view! { <Homes view set error /> }.into_any(),
                        Err(error) => view! { <PageProblem error what="the homes count" next="/admin/homes" why="Only an administrator can set the number of homes." /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Homes(
    view: HomesView,
    set: ServerAction<SetHomesCount>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let HomesView { lines, current } = view;
    let query = use_query_map();
    let typed_year = query.read_untracked().get("year");
    let typed_homes = query.read_untracked().get("homes").unwrap_or_default();
    let typed_lcho = query.read_untracked().get("lcho_homes").unwrap_or_default();
    let chosen = typed_year
        .and_then(|y| y.trim().parse::<i32>().ok())
        .unwrap_or(current);
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(name)))
    };
    let year_error = field("year");
    // Emptied once a count is saved (see the learning page's form for why).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(set.value().get(), Some(Ok(())))
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    let options = lines
        .iter()
        .map(|l| {
            view! {
                <option value=l.year.to_string() selected=l.year == chosen>
                    {l.label.clone()}
                </option>
            }
        })
        .collect_view();
    let rows = lines
        .into_iter()
        .map(|l| {
            let count = |h: Option<u32>, none: &str| {
                h.map_or_else(
                    || none.to_owned(),
                    |h| crate::components::thousands(u64::from(h)),
                )
            };
            view! {
                <tr>
                    <th scope="row">{l.label}</th>
                    <td>{l.span}</td>
                    <td class="table__numeric">{count(l.homes, "Not set")}</td>
                    <td class="table__numeric">{count(l.lcho_homes, "None")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Homes counted in each reporting year">
        <table class="table">
            <caption class="table__caption">"Homes counted in each reporting year"</caption>
            <thead>
                <tr>
                    <th scope="col">"Reporting year"</th>
                    <th scope="col">"Dates"</th>
                    <th scope="col" class="table__numeric">"Rental"</th>
                    <th scope="col" class="table__numeric">"Ownership"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <section aria-labelledby="set-homes-title">
            <h2 class="heading-m" id="set-homes-title">"Set or change a year's count"</h2>
            <ActionForm action=set node_ref=form attr:novalidate=true>
                <div class="form-group" class:form-group--error=move || year_error.get().is_some()>
                    <label class="label" for="year">"Reporting year"</label>
                    <crate::components::ErrorMessage id="year-error".to_owned() error=year_error />
                    <select
                        class="select"
                        id="year"
                        name="year"
                        aria-describedby=move || year_error.get().map(|_| "year-error")
                    >
                        {options}
                    </select>
                </div>
                <TextInput
                    name="homes"
                    label="Low-cost rental homes"
                    hint="The homes you let at social or affordable rent at the start of the year, as a whole number, for example 4200."
                    value=typed_homes
                    error=field("homes")
                    inputmode="numeric"
                    autocomplete="off"
                    width="input--width-10"
                />
                <TextInput
                    name="lcho_homes"
                    label="Low-cost home ownership homes (optional)"
                    hint="Shared ownership homes at the start of the year. Leave it empty if you have none."
                    value=typed_lcho
                    error=field("lcho_homes")
                    inputmode="numeric"
                    autocomplete="off"
                    width="input--width-10"
                />
                <button type="submit" class="button" disabled=move || set.pending().get()>
                    "Save the homes count"
                </button>
            </ActionForm>
        </section>
    }
}
