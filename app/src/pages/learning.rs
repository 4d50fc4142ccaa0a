//! `/learning?year=2025`: what complaints taught us. Root causes month by month for the
//! reporting year (a chart drawn on the server, the table beside it and its CSV), then, for
//! managers and the complaints manager, the service-improvement actions: open and overdue
//! ones first, each with a button to mark it done, and a form to add one. The board member
//! and other staff read the themes only: counts, never a person.

use crate::components::{
    Choice, DateInput, ErrorSummary, PageProblem, Select, TextArea, TextInput, summary_lines,
};
use crate::error::{AppError, error_from_url};
use crate::learning::{
    ActionLine, ActionsView, AddImprovementAction, CompleteImprovementAction, LearningView,
    learning_overview,
};
use crate::pages::reports::{DataTable, YearChooser};
use domain::learning::ActionStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The add form's fields, in the order the error summary lists them.
const FIELDS: [&str; 5] = ["category", "case_reference", "description", "owner", "due"];

#[component]
pub fn LearningPage() -> impl IntoView {
    let add = ServerAction::<AddImprovementAction>::new();
    let complete = ServerAction::<CompleteImprovementAction>::new();
    let from_url = error_from_url();
    let error = Signal::derive(move || match add.value().get() {
        Some(result) => result.err(),
        None => from_url.clone(),
    });
    let query = use_query_map();
    // Read again after an action was added or completed, never after a refusal (which
    // would empty the form).
    let changes = RwSignal::new(0u32);
    Effect::new(move |seen: Option<()>| {
        let added = matches!(add.value().get(), Some(Ok(())));
        let done = matches!(complete.value().get(), Some(Ok(())));
        if seen.is_some() && (added || done) {
            changes.update(|n| *n += 1);
        }
    });
    // Adding or completing lands on `?added=ID` or `?done=ID`, which reads the list again
    // even where the action's answer is not seen (the page is rebuilt by the navigation).
    let overview = Resource::new(
        move || {
            let q = query.read();
            (q.get("year"), q.get("added"), q.get("done"), changes.get())
        },
        |(year, ..)| learning_overview(year),
    );
    let summary = Signal::derive(move || {
        error.get().map_or_else(Vec::new, |e| {
            summary_lines(&e, |f| FIELDS.contains(&f), |_| None, "category")
        })
    });
    view! {
        <Title text="Learning from complaints" />
        <ErrorSummary errors=summary />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                overview
                    .get()
                    .map(|result| match result {
                        Ok(view) => view! { <Learning view add complete error /> }.into_any(),
                        Err(error) => view! { <PageProblem error what="the learning page" next="/learning" why="Learning from complaints is for staff and the board." invalid="the year" retry="Show the current year" /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Learning(
    view: LearningView,
    add: ServerAction<AddImprovementAction>,
    complete: ServerAction<CompleteImprovementAction>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let LearningView {
        year,
        label,
        years,
        months,
        series,
        table,
        manage,
    } = view;
    let query = use_query_map();
    let notice = {
        let q = query.read_untracked();
        if q.get("added").is_some() {
            Some("Improvement action added.")
        } else if q.get("done").is_some() {
            Some("Improvement action marked as done.")
        } else {
            None
        }
    };
    view! {
        <h1 class="heading-l">{format!("Learning from complaints, {label}")}</h1>
        {notice
            .map(|text| {
                view! {
                    <div class="panel-notice" role="status">
                        <p class="body"><strong>{text}</strong></p>
                    </div>
                }
            })}
        <p class="body">
            "The root causes found when complaints were answered, and what we are changing because of them. A complaint counts in the month of its latest response."
        </p>
        <YearChooser year years action="/learning" />
        <h2 class="heading-m">"Themes over time"</h2>
        <ThemeChart months series />
        <DataTable table year />
        {match manage {
            Some(actions) => view! { <Actions actions add complete error /> }.into_any(),
            None => view! {
                <p class="body">
                    "Managers and the complaints manager keep the service-improvement actions here. The annual report lists them: "
                    <a href=format!("/reports/annual?year={year}")>"read the annual report"</a>
                    "."
                </p>
            }
            .into_any(),
        }}
    }
}

/// Colours for up to six series, each with 3:1 contrast against white.
const SERIES: [&str; 6] = [
    "#1d70b8", "#b35900", "#00703c", "#6f2c91", "#d4351c", "#505a5f",
];

/// Root causes stacked month by month: the five most frequent, and the rest together.
#[component]
pub fn ThemeChart(months: Vec<String>, series: Vec<(String, [u64; 12])>) -> impl IntoView {
    let mut shown: Vec<(String, [u64; 12])> = series.iter().take(5).cloned().collect();
    if series.len() > 5 {
        let mut rest = [0u64; 12];
        for (_, m) in series.iter().skip(5) {
            for (i, c) in m.iter().enumerate() {
                rest[i] += c;
            }
        }
        shown.push(("Other root causes".to_owned(), rest));
    }
    let totals: Vec<u64> = (0..12)
        .map(|i| shown.iter().map(|(_, m)| m[i]).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let (width, height, left, bottom) = (480.0_f64, 220.0_f64, 28.0_f64, 28.0_f64);
    let plot_h = height - bottom - 10.0;
    let slot = (width - left) / 12.0;
    let alt = if shown.is_empty() {
        "Bar chart of root causes by month: none were recorded in this year.".to_owned()
    } else {
        format!(
            "Stacked bar chart of root causes by month, April to March. In the year: {}. The table below has each month's figures.",
            shown
                .iter()
                .map(|(name, m)| format!("{name} {}", m.iter().sum::<u64>()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut bars = Vec::new();
    for i in 0..12 {
        let mut y = height - bottom;
        for (si, (_, m)) in shown.iter().enumerate() {
            if m[i] == 0 {
                continue;
            }
            let h = m[i] as f64 / max as f64 * plot_h;
            y -= h;
            bars.push(view! {
                <rect
                    fill=SERIES[si % SERIES.len()]
                    stroke="#ffffff"
                    x=format!("{:.1}", left + i as f64 * slot + slot * 0.2)
                    y=format!("{y:.1}")
                    width=format!("{:.1}", slot * 0.6)
                    height=format!("{h:.1}")
                />
            });
        }
    }
    let labels = months
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let x = left + i as f64 * slot + slot / 2.0;
            view! {
                <text font-size="15" fill="#0b0c0c" x=format!("{x:.1}") y=format!("{:.1}", height - 8.0) text-anchor="middle">
                    {m}
                </text>
            }
        })
        .collect_view();
    let key = shown
        .iter()
        .enumerate()
        .map(|(si, (name, _))| {
            view! {
                <li class="chart__key-item">
                    <svg aria-hidden="true" class="chart__swatch" viewBox="0 0 1 1">
                        <rect width="1" height="1" fill=SERIES[si % SERIES.len()] />
                    </svg>
                    {name.clone()}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption class="chart__caption">"Root causes by month"</figcaption>
            <svg class="chart__svg" viewBox=format!("0 0 {width} {height}") role="img" aria-label=alt>
                <line stroke="#505a5f" x1=left y1=height - bottom x2=width y2=height - bottom />
                <text font-size="15" fill="#0b0c0c" x="2" y="16">{max.to_string()}</text>
                <text font-size="15" fill="#0b0c0c" x="2" y=format!("{:.1}", height - bottom)>"0"</text>
                {bars}
                {labels}
            </svg>
            <ul class="chart__key-list">{key}</ul>
        </figure>
    }
}

#[component]
fn Actions(
    actions: ActionsView,
    add: ServerAction<AddImprovementAction>,
    complete: ServerAction<CompleteImprovementAction>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let ActionsView {
        actions,
        categories,
        owners,
        root_causes,
    } = actions;
    let open = actions.iter().filter(|a| !a.status.is_done()).count();
    let overdue = actions
        .iter()
        .filter(|a| a.status == ActionStatus::Overdue)
        .count();
    let (current, done): (Vec<ActionLine>, Vec<ActionLine>) =
        actions.into_iter().partition(|a| !a.status.is_done());
    view! {
        <h2 class="heading-m" id="actions" tabindex="-1">"Service-improvement actions"</h2>
        <p class="body">{format!("{open} open, of which {overdue} overdue.")}</p>
        <ActionTable caption="Open actions, soonest due first" actions=current complete />
        <ActionTable caption="Done" actions=done complete />
        <AddAction add error categories owners />
        {root_causes
            .then(|| {
                view! {
                    <p class="body">
                        "The root causes staff choose from are kept on their own page: "
                        <a href="/admin/root-causes">"add, rename or retire a root cause"</a>
                        "."
                    </p>
                }
            })}
    }
}

#[component]
fn ActionTable(
    caption: &'static str,
    actions: Vec<ActionLine>,
    complete: ServerAction<CompleteImprovementAction>,
) -> impl IntoView {
    if actions.is_empty() {
        return view! { <p class="body">{format!("{caption}: none.")}</p> }.into_any();
    }
    let rows = actions
        .into_iter()
        .map(|a| {
            let tag = status_tag(a.status);
            let label = format!(": {}", a.text);
            let button = (!a.status.is_done()).then(|| {
                view! {
                    <ActionForm action=complete>
                        <input type="hidden" name="id" value=a.id.to_string() />
                        <button type="submit" class="button button--secondary learning__done">
                            "Mark as done"
                            <span class="visually-hidden">{label}</span>
                        </button>
                    </ActionForm>
                }
            });
            let case = a.case_reference.clone().map(|r| {
                view! {
                    <br />
                    <a href=format!("/staff/cases/{r}")>{r.clone()}</a>
                }
            });
            view! {
                <tr>
                    <td>
                        <a href=format!("/learning/actions/{}", a.id)>{a.text}</a>
                    </td>
                    <td>{a.category}{case}</td>
                    <td>{a.owner}</td>
                    <td>
                        {a.due}
                        {a.done_on.map(|d| view! { <br />{format!("Done {d}")} })}
                    </td>
                    <td><strong class=tag>{a.status.label()}</strong></td>
                    <td>{button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="learning__table" role="region" aria-label=caption tabindex="0">
            <table class="table">
                <caption class="table__caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Root cause"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Mark as done"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AddAction(
    add: ServerAction<AddImprovementAction>,
    error: Signal<Option<AppError>>,
    categories: Vec<Choice>,
    owners: Vec<Choice>,
) -> impl IntoView {
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    // Emptied once an action is added: the page is redrawn in place, and a redrawn field
    // would otherwise keep what the browser holds as typed.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(())))
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(name)))
    };
    view! {
        <section aria-labelledby="add-action-title">
            <h2 class="heading-m" id="add-action-title">"Add an improvement action"</h2>
            <ActionForm action=add node_ref=form attr:novalidate=true>
                <ActionFields
                    categories
                    owners
                    typed=ActionTyped {
                        category: typed("category"),
                        case_reference: Some(typed("case_reference")),
                        description: typed("description"),
                        owner: typed("owner"),
                        due: (typed("due_day"), typed("due_month"), typed("due_year")),
                    }
                    error=field
                    due_hint="For example, 30 9 2026"
                />
                <button type="submit" class="button" disabled=move || add.pending().get()>
                    "Add the action"
                </button>
            </ActionForm>
        </section>
    }
}

/// What an action's form holds: as typed, or as stored when changing one.
pub struct ActionTyped {
    pub category: String,
    /// `None` on the change form, which does not ask it.
    pub case_reference: Option<String>,
    pub description: String,
    pub owner: String,
    pub due: (String, String, String),
}

/// The fields an improvement action's forms share (adding one, changing one), in the order
/// their error summaries list them.
#[component]
pub fn ActionFields(
    categories: Vec<Choice>,
    owners: Vec<Choice>,
    typed: ActionTyped,
    error: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    due_hint: &'static str,
) -> impl IntoView {
    view! {
        <Select
            name="category"
            label="Root cause it tackles"
            choices=categories
            chosen=typed.category
            error=error("category")
        />
        {typed
            .case_reference
            .map(|value| {
                view! {
                    <TextInput
                        name="case_reference"
                        label="Case that prompted it (optional)"
                        hint="For example, CX-2025-000123"
                        value=value
                        error=error("case_reference")
                        autocomplete="off"
                        width="input--width-20"
                    />
                }
            })}
        <TextArea
            name="description"
            label="What will change"
            hint="Do not name the customer: the annual report lists each action. Up to 500 characters."
            value=typed.description
            error=error("description")
        />
        <Select
            name="owner"
            label="Owner"
            hint="The member of staff who makes sure it happens."
            choices=owners
            chosen=typed.owner
            error=error("owner")
        />
        <DateInput name="due" legend="Due by" hint=due_hint value=typed.due error=error("due") joiner="_" />
    }
}

/// An action's status as a tag's classes.
pub fn status_tag(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "tag tag--none",
        ActionStatus::Overdue => "tag tag--red",
        ActionStatus::DoneOnTime => "tag tag--green",
        ActionStatus::DoneLate => "tag tag--amber",
    }
}
