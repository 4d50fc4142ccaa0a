//! `/reports/annual?year=2025`: the year's complaints performance and service-improvement
//! report as one document, for the board and the Housing Ombudsman's annual
//! self-assessment. It reads top to bottom as printed on A4 (the print stylesheet in
//! `style/main.css`, "Annual report"): the regulator's measures with their definitions,
//! volumes, timeliness, refusals, remedies, escalation and the learning. Counts and
//! improvement actions only: no customer, case or member of staff is named, so the board
//! member may read and print it.

use crate::components::PageProblem;
use crate::pages::reports::{Measures, OnTimeChart, StageChart};
use crate::reports::{AnnualAction, AnnualSummary, ReportView, read_annual_summary};
use domain::learning::{ActionStatus, ActionTally};
use domain::reports::{Table, percent_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AnnualReportPage() -> impl IntoView {
    let query = use_query_map();
    let summary = Resource::new(move || query.read().get("year"), read_annual_summary);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the annual report…"</p> }>
            {move || {
                summary
                    .get()
                    .map(|result| match result {
                        Ok(summary) => view! { <Annual summary /> }.into_any(),
                        Err(error) => view! { <PageProblem error what="the annual report" next="/reports/annual" why="The annual report is for staff and the board." invalid="the year" retry="Show the current year" /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The annual report as a document; `public` leaves out the links for staff (the
/// published copy at `/self-assessment` is for anyone).
#[component]
pub(crate) fn Annual(summary: AnnualSummary, #[prop(optional)] public: bool) -> impl IntoView {
    let AnnualSummary {
        view,
        tally,
        actions,
        made_on,
        continuity,
    } = summary;
    let ReportView {
        report,
        label,
        span,
        tables,
        may_set_homes,
        ..
    } = view;
    let year = report.year.year();
    let table = |slug: &str| tables.iter().find(|t| t.slug == slug).cloned();
    let section = |slug: &str| table(slug).map(|t| view! { <PlainTable table=t /> });
    let top_causes: Vec<(String, u64)> = report.root_causes.iter().take(5).cloned().collect();
    let escalation = report.escalation;
    view! {
        <Title text=format!("Annual complaints report {label}") />
        <article class="annual">
            <div class="annual-tools">
                {(!public).then(|| view! {
                    <p class="body"><a href=format!("/reports?year={year}")>"Back to the reports"</a></p>
                    <p class="body"><a href=format!("/reports/self-assessment?year={year}")>"The year's self-assessment against the Code"</a></p>
                })}
                <crate::components::PrintButton what="report".to_owned() class="button button--secondary".to_owned() />
            </div>
            <header class="annual__head">
                <h1 class="heading-l">{format!("Complaints annual report, {label}")}</h1>
                <p class="body">
                    {format!("Reporting year {span}, by London dates. Made on {made_on}.")}
                </p>
                <p class="body">
                    "Complaints performance and service improvement, for the governing body and the Housing Ombudsman's annual self-assessment. Counts only: no customer or member of staff is named."
                </p>
            </header>

            <section class="annual__section">
                <h2 class="heading-m">"1. Tenant Satisfaction Measures CH01 and CH02"</h2>
                <Measures report=report.clone() may_set_homes />
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"2. Complaints received"</h2>
                {section("volumes-by-kind")}
                {section("volumes-by-stage")}
                <StageChart report=report.clone() />
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"3. Timeliness"</h2>
                <p class="body">
                    "Each step is counted in the year it was taken. Responding in full is exactly CH02."
                </p>
                {section("on-time")}
                <OnTimeChart report=report.clone() />
                {section("extensions")}
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"4. Outcomes"</h2>
                <p class="body">"What each response issued in the year found, by stage."</p>
                {section("outcomes")}
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"5. Complaints not accepted"</h2>
                {section("refusals")}
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"6. Putting things right"</h2>
                <p class="body">"Remedies on complaints whose latest response was sent in the year."</p>
                {section("remedies")}
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"7. Escalation to Stage 2"</h2>
                <p class="body">
                    {format!(
                        "{} Stage 2 requests were received for {} Stage 1 responses sent in the year: an escalation rate of {}.",
                        escalation.count,
                        escalation.of,
                        percent_text(escalation.percent()),
                    )}
                </p>
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"8. Learning and service improvement"</h2>
                <h3 class="heading-s">"The most frequent root causes"</h3>
                <TopCauses causes=top_causes />
                {section("themes")}
                <h3 class="heading-s">"Service-improvement actions"</h3>
                <Tally tally />
                <ActionList actions />
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"9. Service requests"</h2>
                <p class="body">
                    "Requests for a service received in the year, monitored beside complaints: how many, how long the resolved ones took in calendar days, and how many are still open."
                </p>
                {section("service-requests")}
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"10. The Housing Ombudsman"</h2>
                <p class="body">
                    "Complaints referred to the Ombudsman in the year; their determinations received in the year, with each finding; and what they ordered or recommended in those determinations, with how we complied."
                </p>
                {section("ombudsman")}
            </section>

            <section class="annual__section">
                <h2 class="heading-m">"11. Exceptional circumstances"</h2>
                {if continuity.is_empty() {
                    view! {
                        <p class="body">"No business-continuity period was declared in the year: the usual timescales applied throughout."</p>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="body">"Business-continuity periods in the year, in which our timescales were revised:"</p>
                        <ul class="list list--bullet">
                            {continuity
                                .into_iter()
                                .map(|p| {
                                    let told = p
                                        .ombudsman_told_on
                                        .map_or_else(|| "The Ombudsman's notification is not recorded".to_owned(), |d| format!("The Ombudsman was told on {d}"));
                                    view! {
                                        <li>
                                            {format!(
                                                "{}: {}. {}. Approved by {}. {}. {} residents with open complaints were sent a notice.",
                                                capitalise(&p.dates),
                                                p.reason.trim_end_matches('.'),
                                                p.effect,
                                                p.approved_by,
                                                told,
                                                p.residents_told
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
        </article>
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A table of the report without its download link (this page is for reading and print).
#[component]
fn PlainTable(table: Table) -> impl IntoView {
    let Table {
        caption,
        columns,
        rows,
        ..
    } = table;
    let wide = columns.len() > 6;
    let label = caption.clone();
    view! {
        // A region of its own, reachable by keyboard, for when it scrolls sideways on a phone.
        <div class="annual__table" class:annual__table--wide=wide tabindex="0" role="region" aria-label=label>
            <table class="table">
                <caption class="table__caption">{caption}</caption>
                <thead>
                    <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    <th scope="row">{row.header}</th>
                                    {row.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn TopCauses(causes: Vec<(String, u64)>) -> impl IntoView {
    if causes.is_empty() {
        return view! {
            <p class="body">"No root causes were recorded on complaints answered in the year."</p>
        }
        .into_any();
    }
    view! {
        <ol class="list list--number">
            {causes
                .into_iter()
                .map(|(name, n)| {
                    let word = if n == 1 { "complaint" } else { "complaints" };
                    view! { <li>{format!("{name}: {n} {word}")}</li> }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Tally(tally: ActionTally) -> impl IntoView {
    let rows = [
        ("Open at some time in the year", tally.in_year),
        ("Added in the year", tally.added),
        ("Done in the year", tally.done),
        ("…of which by their due date", tally.done_on_time),
        (
            "Not yet done at the end of the year (or today)",
            tally.still_open,
        ),
        ("…of which past their due date", tally.overdue),
    ];
    view! {
        <dl class="summary-list">
            {rows
                .into_iter()
                .map(|(key, n)| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{key}</dt>
                            <dd class="summary-list__value">{n.to_string()}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

#[component]
fn ActionList(actions: Vec<AnnualAction>) -> impl IntoView {
    if actions.is_empty() {
        return view! { <p class="body">"No service-improvement actions were open in the year."</p> }
            .into_any();
    }
    view! {
        <div class="annual__table" tabindex="0" role="region" aria-label="Service-improvement actions open in the year">
            <table class="table">
                <caption class="table__caption">"Service-improvement actions open in the year"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Root cause"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {actions
                        .into_iter()
                        .map(|a| {
                            let status = match (a.status, a.done_on) {
                                (ActionStatus::DoneOnTime | ActionStatus::DoneLate, Some(on)) => {
                                    format!("{} on {on}", a.status.label())
                                }
                                _ => a.status.label().to_owned(),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{a.text}</th>
                                    <td>{a.category}</td>
                                    <td>{a.due}</td>
                                    <td>{status}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
