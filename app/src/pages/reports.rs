//! The reports page at `/reports?year=2025`: the regulator's measures CH01 and CH02 with
//! their definitions written out, then the annual report's tables, each with its CSV.
//!
//! The year chooser is a GET form, so the page works without the browser bundle and a year
//! can be bookmarked. Charts are plain SVG drawn from the same figures as the tables, each
//! with `role="img"` and a text alternative; the table beside it holds the exact numbers.

use crate::components::PageProblem;
use crate::reports::{ReportView, annual_report};
use domain::Stage;
use domain::reports::{Report, Share, Table, percent_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let report = Resource::new(move || query.read().get("year"), annual_report);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the reports…"</p> }>
            {move || {
                report
                    .get()
                    .map(|result| match result {
                        Ok(view) => view! { <Reports view /> }.into_any(),
                        Err(error) => view! { <PageProblem error what="the reports" next="/reports" why="The reports are for staff and the board." invalid="the year" retry="Show the current year" /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Reports(view: ReportView) -> impl IntoView {
    let ReportView {
        report,
        label,
        span,
        tables,
        years,
        may_set_homes,
    } = view;
    let year = report.year.year();
    let mut tables = tables.into_iter();
    let tsm_table = tables.next();
    let rest: Vec<Table> = tables.collect();
    view! {
        <Title text=format!("Reports {label}") />
        <h1 class="heading-l">{format!("Complaints reports, {label}")}</h1>
        <p class="body">
            {format!(
                "A reporting year runs from 1 April to 31 March, by London dates. This is {span}.",
            )}
        </p>
        <YearChooser year years />
        <ul class="list report-links">
            <li><a href=format!("/reports/annual?year={year}")>{format!("The annual report for {label}, to print")}</a></li>
            <li><a href=format!("/reports/self-assessment?year={year}")>{format!("The self-assessment against the Complaint Handling Code for {label}")}</a></li>
            <li><a href=format!("/learning?year={year}")>"Learning from complaints: themes over time"</a></li>
        </ul>
        <h2 class="heading-m">"The regulator's measures"</h2>
        <Measures report=report.clone() may_set_homes />
        {tsm_table.map(|table| view! { <DataTable table year /> })}
        <h2 class="heading-m">"Charts"</h2>
        <StageChart report=report.clone() />
        <OnTimeChart report />
        <h2 class="heading-m">"The annual report's tables"</h2>
        <p class="body">
            "Counts only: no customer is named. Each table can be downloaded as a CSV file."
        </p>
        {rest.into_iter().map(|table| view! { <DataTable table year /> }).collect_view()}
    }
}

/// A GET form choosing the reporting year of the page at `action`.
#[component]
pub fn YearChooser(
    year: i32,
    years: Vec<i32>,
    #[prop(default = "/reports")] action: &'static str,
) -> impl IntoView {
    view! {
        <form method="get" action=action class="report-year">
            <div class="field">
                <label class="label" for="year">"Reporting year"</label>
                <select class="select" id="year" name="year">
                    {years
                        .into_iter()
                        .map(|y| {
                            view! {
                                <option value=y.to_string() selected=y == year>
                                    {format!("{y}/{:02}", (y + 1) % 100)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary button--below">"Show this year"</button>
        </form>
    }
}

/// CH01 and CH02 with the figures and what they mean.
#[component]
pub fn Measures(report: Report, #[prop(optional)] may_set_homes: bool) -> impl IntoView {
    let tsm = report.tsm;
    let rate = |v: Option<f64>| v.map_or_else(|| "not available".to_owned(), |v| format!("{v:.1}"));
    let year = report.year.year();
    let homes = match tsm.homes {
        Some(h) => {
            let text = match tsm.lcho_homes {
                Some(o) => format!("Homes this year: {h} low-cost rental, {o} low-cost home ownership."),
                None => format!("Homes this year: {h} low-cost rental."),
            };
            view! { <p class="body">{text}</p> }.into_any()
        }
        None => view! {
            <div class="report-warning">
                <p class="body">
                    <strong>"No homes count is set for this year, so the rates per 1,000 homes cannot be worked out: they show as “not available”."</strong>
                    " The counts of complaints are complete."
                </p>
                {if may_set_homes {
                    view! {
                        <p class="body">
                            <a href=format!("/admin/homes?year={year}")>"Set the number of homes for this year"</a>
                        </p>
                    }
                    .into_any()
                } else {
                    view! { <p class="body">"An administrator sets it."</p> }.into_any()
                }}
            </div>
        }
        .into_any(),
    };
    let share = |count: u64, of: u64| percent_text(Share { count, of }.percent());
    // Low-cost home ownership is shown where the landlord has it (homes or complaints).
    let lcho = (tsm.lcho_homes.is_some()
        || tsm.lcho_stage1_received > 0
        || tsm.lcho_stage2_received > 0)
        .then(|| {
            view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">"CH01: Stage 1 complaints per 1,000 homes (low-cost home ownership)"</dt>
                    <dd class="summary-list__value">
                        {format!("{} ({} complaints)", rate(tsm.ch01_lcho_stage1_per_1000), tsm.lcho_stage1_received)}
                    </dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"CH01: Stage 2 complaints per 1,000 homes (low-cost home ownership)"</dt>
                    <dd class="summary-list__value">
                        {format!("{} ({} reviews)", rate(tsm.ch01_lcho_stage2_per_1000), tsm.lcho_stage2_received)}
                    </dd>
                </div>
            }
        });
    view! {
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"CH01: Stage 1 complaints per 1,000 homes (low-cost rental)"</dt>
                <dd class="summary-list__value">
                    {format!("{} ({} complaints)", rate(tsm.ch01_stage1_per_1000), tsm.stage1_received)}
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"CH01: Stage 2 complaints per 1,000 homes (low-cost rental)"</dt>
                <dd class="summary-list__value">
                    {format!("{} ({} reviews)", rate(tsm.ch01_stage2_per_1000), tsm.stage2_received)}
                </dd>
            </div>
            {lcho}
            <div class="summary-list__row">
                <dt class="summary-list__key">"CH02: Stage 1 responses within the Code's timescales"</dt>
                <dd class="summary-list__value">
                    {format!("{} ({} of {})", share(tsm.stage1_on_time, tsm.stage1_responded), tsm.stage1_on_time, tsm.stage1_responded)}
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"CH02: Stage 2 responses within the Code's timescales"</dt>
                <dd class="summary-list__value">
                    {format!("{} ({} of {})", share(tsm.stage2_on_time, tsm.stage2_responded), tsm.stage2_on_time, tsm.stage2_responded)}
                </dd>
            </div>
        </dl>
        {homes}
        <h3 class="heading-s">"How these are worked out"</h3>
        <ul class="list list--bullet">
            <li>
                "CH01 counts complaints whose Stage 1 started in the year (day 0: the working day it was received, or the next working day if it came after 17:00, at a weekend or on a bank holiday), leaving out those we did not accept; and Stage 2 reviews whose request's day 0 falls in the year. As the Regulator's technical requirements define it, only complaints from tenants of our homes count, apart for low-cost rental (tenants, and anyone acting for a customer or describing themselves otherwise) and low-cost home ownership (shared owners); leaseholders, applicants and members of the public are left out. Each count × 1,000 ÷ the homes of that tenure, to one decimal place."
            </li>
            <li>
                "CH02 takes the Stage 1 (and Stage 2) responses sent in the year and counts those sent within the Housing Ombudsman's Code: 10 working days (Stage 2: 20) after the acknowledgement, or after day 0 + 5 working days when no acknowledgement was recorded."
            </li>
            <li>
                "An extension counts as on time up to the Code's limit: 10 more working days at Stage 1, 20 at Stage 2. A response after that limit is late, even if the extension was agreed."
            </li>
            <li>
                "Contact is judged by our own policy's timescale (the Code sets none), acknowledgement by the Code's 5 working days. The escalation rate is Stage 2 requests received in the year ÷ Stage 1 responses sent in the year."
            </li>
        </ul>
    }
}

/// A table with its caption, headings for columns and rows, and its CSV link.
#[component]
pub fn DataTable(table: Table, year: i32) -> impl IntoView {
    let Table {
        slug,
        caption,
        columns,
        rows,
    } = table;
    let csv = format!("/reports/{year}/{slug}.csv");
    let id = format!("table-{slug}");
    let labelled_by = id.clone();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=labelled_by tabindex="0">
            <table class="table">
                <caption class="table__caption" id=id>{caption.clone()}</caption>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| view! { <th scope="col">{c}</th> })
                            .collect_view()}
                    </tr>
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
        <p class="body">
            <a href=csv download="">{format!("Download “{caption}” as CSV")}</a>
        </p>
    }
}

/// Blue and orange that keep 3:1 contrast with white and with each other's neighbours.
const BLUE: &str = "#1d70b8";
const ORANGE: &str = "#b35900";
const CHART_WIDTH: f64 = 480.0;
const CHART_HEIGHT: f64 = 220.0;
const CHART_LEFT: f64 = 28.0;
const CHART_BOTTOM: f64 = 28.0;

/// Complaints starting each stage, month by month: two bars a month.
#[component]
pub fn StageChart(report: Report) -> impl IntoView {
    let months = report.year.months();
    let series: Vec<(Stage, [u64; 12])> = report.by_stage.clone();
    let max = series
        .iter()
        .flat_map(|(_, m)| m.iter())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_h = CHART_HEIGHT - CHART_BOTTOM - 10.0;
    let slot = (CHART_WIDTH - CHART_LEFT) / 12.0;
    let bar = slot * 0.35;
    let total = |s: Stage| -> u64 {
        series
            .iter()
            .filter(|(x, _)| *x == s)
            .flat_map(|(_, m)| m.iter())
            .sum()
    };
    let alt = format!(
        "Bar chart of complaints starting each stage each month, April to March: {} at Stage 1 and {} at Stage 2 in the year. The table of complaints starting each stage below has each month's figures.",
        total(Stage::One),
        total(Stage::Two)
    );
    let bars = series
        .iter()
        .enumerate()
        .flat_map(|(si, (_, counts))| {
            counts.iter().enumerate().map(move |(mi, c)| {
                let h = (*c as f64 / max as f64) * plot_h;
                let x = CHART_LEFT + mi as f64 * slot + slot * 0.12 + si as f64 * bar;
                let y = CHART_HEIGHT - CHART_BOTTOM - h;
                let fill = if si == 0 { BLUE } else { ORANGE };
                view! {
                    <rect fill=fill x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", bar - 2.0) height=format!("{h:.1}") />
                }
            })
        })
        .collect_view();
    let labels = months
        .iter()
        .enumerate()
        .map(|(mi, m)| {
            let x = CHART_LEFT + mi as f64 * slot + slot / 2.0;
            view! {
                <text font-size="15" fill="#0b0c0c" x=format!("{x:.1}") y=format!("{:.1}", CHART_HEIGHT - 8.0) text-anchor="middle">
                    {m.format("%b").to_string()}
                </text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption class="chart__caption">"Complaints starting each stage, by month"</figcaption>
            <div class="chart__scroll" role="region" aria-label="Chart of complaints starting each stage" tabindex="0">
                <svg class="chart__svg" viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") role="img" aria-label=alt>
                    <line stroke="#505a5f" x1=CHART_LEFT y1=CHART_HEIGHT - CHART_BOTTOM x2=CHART_WIDTH y2=CHART_HEIGHT - CHART_BOTTOM />
                    <text font-size="15" fill="#0b0c0c" x="2" y="16">{max.to_string()}</text>
                    <text font-size="15" fill="#0b0c0c" x="2" y=format!("{:.1}", CHART_HEIGHT - CHART_BOTTOM)>"0"</text>
                    {bars}
                    {labels}
                </svg>
            </div>
            <p class="chart__key">
                <svg aria-hidden="true" class="chart__swatch chart__swatch--inline" viewBox="0 0 1 1"><rect width="1" height="1" fill=BLUE /></svg>
                "Stage 1 "
                <svg aria-hidden="true" class="chart__swatch chart__swatch--inline chart__swatch--spaced" viewBox="0 0 1 1"><rect width="1" height="1" fill=ORANGE /></svg>
                "Stage 2"
            </p>
        </figure>
    }
}

/// The share of each step taken on time, as horizontal bars out of 100%.
#[component]
pub fn OnTimeChart(report: Report) -> impl IntoView {
    let mut rows: Vec<(String, Share)> = Vec::new();
    for stage in [Stage::One, Stage::Two] {
        let t = report.timeliness(stage);
        let n = if stage == Stage::One { 1 } else { 2 };
        rows.push((format!("Stage {n} contact"), t.contact));
        rows.push((format!("Stage {n} acknowledge"), t.acknowledge));
        rows.push((format!("Stage {n} respond"), t.respond));
    }
    let alt = format!(
        "Bar chart of the share of steps taken on time: {}.",
        rows.iter()
            .map(|(label, share)| format!("{label} {}", percent_text(share.percent())))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let left = 175.0;
    let row_h = 30.0;
    let height = row_h * rows.len() as f64 + 10.0;
    let width = CHART_WIDTH - left - 65.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, share))| {
            let y = 5.0 + i as f64 * row_h;
            let w = share.percent().unwrap_or(0.0) / 100.0 * width;
            view! {
                <text font-size="15" fill="#0b0c0c" x="0" y=format!("{:.1}", y + 17.0)>{label}</text>
                <rect fill="#f3f2f1" x=left y=y width=width height="20" />
                <rect fill=BLUE x=left y=y width=format!("{w:.1}") height="20" />
                <text font-size="15" fill="#0b0c0c" x=format!("{:.1}", left + width + 6.0) y=format!("{:.1}", y + 17.0)>
                    {percent_text(share.percent())}
                </text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption class="chart__caption">"Steps taken on time"</figcaption>
            <div class="chart__scroll" role="region" aria-label="Chart of steps taken on time" tabindex="0">
                <svg class="chart__svg" viewBox=format!("0 0 {CHART_WIDTH} {height}") role="img" aria-label=alt>
                    {bars}
                </svg>
            </div>
        </figure>
    }
}
