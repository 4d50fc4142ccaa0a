//! `/admin/calendar`: the working-day calendar an admin keeps (see `crate::calendar`), and
//! `/admin/calendar/closure-day`: one closure day added, renamed or removed, its effect on
//! the open complaints shown before it is saved. Plain links, GET forms and posts that work
//! without JavaScript; a refused one comes back with what was typed.

use crate::calendar::{
    CalendarView, ChangeClosureDay, ClosureEffect, HOLIDAYS_FILE_FIELD, HOLIDAYS_UPLOAD_PATH,
    HolidaysRefusal, calendar_overview, closure_check,
};
use crate::components::{
    DateInput, ErrorMessage, ErrorSummary, FieldError, FormErrors, PageProblem, TextInput,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const CLOSURE_FIELDS: [&str; 2] = domain::calendar::ClosureForm::FIELDS;
const WHY: &str = "Only an administrator keeps the working-day calendar.";

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let q = query.read();
            (q.get("changed"), q.get("imported"))
        },
        |_| calendar_overview(),
    );
    let upload_error = Signal::derive(move || {
        let q = query.read();
        q.get("holidays_error").map(|code| {
            HolidaysRefusal::from_query(&code, &q.get("detail").unwrap_or_default()).map_or_else(
                || HolidaysRefusal::NotJson.message(),
                |refusal| refusal.message(),
            )
        })
    });
    let summary = Signal::derive(move || {
        upload_error
            .get()
            .map(|message| {
                vec![FieldError {
                    field_id: HOLIDAYS_FILE_FIELD.to_owned(),
                    message,
                }]
            })
            .unwrap_or_default()
    });
    view! {
        <Title text="Working-day calendar" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"Working-day calendar"</h1>
        <Saved />
        <p class="body">
            "Deadlines count working days: Monday to Friday, except bank holidays in England and Wales and the closure days set here. When the calendar changes, every open complaint is counted again at once and each deadline that moves says why on its case's timeline. Complaints already closed keep the dates they were judged by."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the calendar…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Calendar view upload_error /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the calendar" next="/admin/calendar" why=WHY />
                        }
                            .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// What the last change did, from the address it landed on.
#[component]
fn Saved() -> impl IntoView {
    let query = use_query_map();
    move || {
        let q = query.read();
        let moved = match q
            .get("moved")
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
        {
            0 => "No open complaint's deadline moved.".to_owned(),
            1 => "1 open complaint's deadline moved.".to_owned(),
            n => format!(
                "{} open complaints' deadlines moved.",
                crate::components::thousands(n)
            ),
        };
        let text = match (q.get("changed").as_deref(), q.get("imported")) {
            (Some("add"), _) => Some(format!("The closure day is added. {moved}")),
            (Some("remove"), _) => Some(format!("The closure day is removed. {moved}")),
            (Some("rename"), _) => Some("The closure day is renamed.".to_owned()),
            // Only years, as the upload writes them ("2031", "2018 to 2028"): an address
            // cannot put words of its own on the page.
            (_, Some(years))
                if years.len() <= 12
                    && years.split(' ').all(|w| {
                        w == "to" || (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
                    }) =>
            {
                Some(format!(
                    "GOV.UK's bank holidays for {years} are imported. {moved}"
                ))
            }
            _ => None,
        };
        text.map(|text| {
            view! {
                <div class="panel-notice" role="status">
                    <p class="body"><strong>{text}</strong></p>
                </div>
            }
        })
    }
}

#[component]
fn Calendar(view: CalendarView, upload_error: Signal<Option<String>>) -> impl IntoView {
    let CalendarView {
        version,
        published,
        projected,
        last_import,
        coming,
        closures,
        changes,
    } = view;
    let projected_note = coming.iter().any(|d| d.projected);
    view! {
        <h2 class="heading-m">"Days off in the next 12 months"</h2>
        {if coming.is_empty() {
            view! { <p class="body">"None."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="visually-hidden">"Bank holidays and closure days in the next 12 months"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Day off"</th>
                            <th scope="col">"Kind"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {coming.into_iter().map(|day| view! {
                            <tr>
                                <td>{day.date}</td>
                                <td>{day.name}</td>
                                <td>
                                    {day.kind}
                                    {day.projected.then(|| view! { " " <strong class="tag tag--amber">"Projected"</strong> })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        {projected_note.then(|| view! {
            <p class="body">"A projected bank holiday is worked out by the statutory rules, because GOV.UK has not yet published that year. Import GOV.UK's file once it does."</p>
        })}

        <h2 class="heading-m" id="closures">"Closure days"</h2>
        <p class="body">"Days the offices are shut, such as between Christmas and New Year. A closure day counts like a bank holiday. You can add or remove one only while it is still to come: open complaints were counted with the days already passed."</p>
        <p class="body">
            <a class="button button--secondary" href="/admin/calendar/closure-day?change=add">"Add a closure day"</a>
        </p>
        {if closures.is_empty() {
            view! { <p class="body">"No closure days are set."</p> }.into_any()
        } else {
            view! {
                <dl class="summary-list">
                    {closures.into_iter().map(|day| {
                        let [y, m, d] = date_parts(&day.iso);
                        let rename = format!(
                            "/admin/calendar/closure-day?change=rename&date_day={d}&date_month={m}&date_year={y}&current={}",
                            encode(&day.name)
                        );
                        let remove = format!("/admin/calendar/closure-day?change=remove&date_day={d}&date_month={m}&date_year={y}");
                        let label = day.date.clone();
                        view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{day.date}</dt>
                                <dd class="summary-list__value">{day.name}</dd>
                                <dd class="summary-list__actions">
                                    <a href=rename>"Rename" <span class="visually-hidden">{format!(" the closure day on {label}")}</span></a>
                                    {day.to_come.then(|| view! {
                                        " · "
                                        <a href=remove>"Remove" <span class="visually-hidden">{format!(" the closure day on {label}")}</span></a>
                                    })}
                                </dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }
                .into_any()
        }}

        <h2 class="heading-m" id="holidays">"Bank holidays"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Published by GOV.UK"</dt>
                <dd class="summary-list__value">{published}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Projected by the rules"</dt>
                <dd class="summary-list__value">{projected}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Source"</dt>
                <dd class="summary-list__value">
                    {last_import.unwrap_or_else(|| "Built into Putright: no file has been imported".to_owned())}
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Calendar version"</dt>
                <dd class="summary-list__value"><code>{version}</code></dd>
            </div>
        </dl>
        <HolidaysForm error=upload_error />

        <h2 class="heading-m">"Changes to the calendar"</h2>
        {if changes.is_empty() {
            view! { <p class="body">"No changes yet."</p> }.into_any()
        } else {
            view! {
                <dl class="summary-list">
                    {changes.into_iter().map(|change| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{format!("{}, {}", change.when, change.who)}</dt>
                            <dd class="summary-list__value">
                                <p class="body">{change.summary}</p>
                                <p class="hint">{change.effect}</p>
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            }
                .into_any()
        }}
    }
}

/// A value for an address's query.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `YYYY-MM-DD` as its year, month and day, without leading zeros.
fn date_parts(iso: &str) -> [String; 3] {
    let mut parts = iso.split('-').map(|p| p.trim_start_matches('0').to_owned());
    [
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    ]
}

#[component]
fn HolidaysForm(error: Signal<Option<String>>) -> impl IntoView {
    let described_by = move || {
        if error.get().is_some() {
            "file-hint file-error"
        } else {
            "file-hint"
        }
    };
    view! {
        <form method="post" action=HOLIDAYS_UPLOAD_PATH enctype="multipart/form-data">
            <div class="form-group" class:form-group--error=move || error.get().is_some()>
                <label class="label" for=HOLIDAYS_FILE_FIELD>"GOV.UK's bank-holidays file"</label>
                <div class="hint" id="file-hint">
                    "Download bank-holidays.json from www.gov.uk/bank-holidays.json and upload it as it is. Its England and Wales days replace ours for every year the file covers."
                </div>
                <ErrorMessage id="file-error".to_owned() error=error />
                <input
                    class="file-upload"
                    class:file-upload--error=move || error.get().is_some()
                    id=HOLIDAYS_FILE_FIELD
                    name=HOLIDAYS_FILE_FIELD
                    type="file"
                    accept=".json,application/json"
                    aria-describedby=described_by
                />
            </div>
            <button type="submit" class="button button--secondary">"Import the bank holidays"</button>
        </form>
    }
}

/// `/admin/calendar/closure-day?change=add|rename|remove&date_…&name=…`.
#[component]
pub fn ClosureDayPage() -> impl IntoView {
    let query = use_query_map();
    let typed = move |name: &str| query.read().get(name).unwrap_or_default();
    let change = move || {
        domain::calendar::ClosureChange::parse(&typed("change"))
            .unwrap_or(domain::calendar::ClosureChange::Add)
    };
    // Checked once something was typed (the name field sent, or a removal's date), unless
    // the person came back to change it.
    let asked = move || {
        let q = query.read();
        q.get("edit").is_none()
            && (q.get("name").is_some()
                || (change() == domain::calendar::ClosureChange::Remove
                    && q.get("date_day").is_some()))
    };
    let check = Resource::new(
        move || {
            (
                asked(),
                typed("change"),
                typed("date_day"),
                typed("date_month"),
                typed("date_year"),
                typed("name"),
            )
        },
        |(asked, change, day, month, year, name)| async move {
            if asked {
                closure_check(change, day, month, year, name)
                    .await
                    .map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let title = move || match change() {
        domain::calendar::ClosureChange::Add => "Add a closure day",
        domain::calendar::ClosureChange::Rename => "Rename a closure day",
        domain::calendar::ClosureChange::Remove => "Remove a closure day",
    };
    view! {
        <Title text=title />
        <a class="back-link" href="/admin/calendar#closures">"Back to the calendar"</a>
        <Suspense fallback=|| view! { <p class="body">"Checking…"</p> }>
            {move || {
                check.get().map(|result| match result {
                    Ok(Some(checked)) => view! { <Confirm checked /> }.into_any(),
                    Ok(None) => view! { <ClosureDayForm error=None /> }.into_any(),
                    Err(error) if error.is_about_fields() => {
                        view! { <ClosureDayForm error=Some(error) /> }.into_any()
                    }
                    Err(error) => view! {
                        <PageProblem error what="the calendar" next="/admin/calendar" why=WHY />
                    }
                        .into_any(),
                })
            }}
        </Suspense>
    }
}

/// The form: the date (fixed when renaming) and the name. A GET to this page, which checks
/// it and shows the effect; nothing is saved yet.
#[component]
fn ClosureDayForm(error: Option<AppError>) -> impl IntoView {
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let change = domain::calendar::ClosureChange::parse(&typed("change"))
        .unwrap_or(domain::calendar::ClosureChange::Add);
    let form = FormErrors::new(
        move || error.clone().map(Err),
        &CLOSURE_FIELDS,
        "check-button",
    )
    .with_ids(|field| (field == "date").then_some("date"));
    let (heading, hint) = match change {
        domain::calendar::ClosureChange::Add => (
            "Add a closure day",
            "A weekday after today, for example 24 12 2026.",
        ),
        domain::calendar::ClosureChange::Rename => ("Rename a closure day", ""),
        domain::calendar::ClosureChange::Remove => ("Remove a closure day", ""),
    };
    let fixed_date = change != domain::calendar::ClosureChange::Add;
    view! {
        <ErrorSummary errors=form.summary() />
        <h1 class="heading-l">{heading}</h1>
        <form method="get" action="/admin/calendar/closure-day" novalidate>
            <input type="hidden" name="change" value=change.code() />
            {if fixed_date {
                view! {
                    <input type="hidden" name="date_day" value=typed("date_day") />
                    <input type="hidden" name="date_month" value=typed("date_month") />
                    <input type="hidden" name="date_year" value=typed("date_year") />
                    <div class="form-group" class:form-group--error=move || form.field("date").get().is_some()>
                        <p class="body" id="date">
                            {
                                let typed_date = format!("{}/{}/{}", typed("date_day"), typed("date_month"), typed("date_year"));
                                let words = domain::form::parse_date(&typed_date)
                                    .map_or(typed_date, domain::deadlines::long_date);
                                format!("The closure day on {words}")
                            }
                        </p>
                        <ErrorMessage id="date-error".to_owned() error=form.field("date") />
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <DateInput
                        name="date"
                        legend="Date"
                        hint=hint
                        value=(typed("date_day"), typed("date_month"), typed("date_year"))
                        error=form.field("date")
                        joiner="_"
                    />
                }
                    .into_any()
            }}
            {change.asks_name().then(|| view! {
                <TextInput
                    name="name"
                    label="Name"
                    hint="Staff and residents see it where a deadline skips the day, for example Office closed for Christmas."
                    value={
                        let name = typed("name");
                        if name.is_empty() { typed("current") } else { name }
                    }
                    error=form.field("name")
                    autocomplete="off"
                />
            })}
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="check-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="check-button">"Continue"</button>
            </div>
        </form>
    }
}

/// The checked change, what it would do, and the post that saves it.
#[component]
fn Confirm(checked: ClosureEffect) -> impl IntoView {
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let action = ServerAction::<ChangeClosureDay>::new();
    let form = FormErrors::new(move || action.value().get(), &[], "save-button");
    let change = domain::calendar::ClosureChange::parse(&checked.change)
        .unwrap_or(domain::calendar::ClosureChange::Add);
    let (heading, button) = match change {
        domain::calendar::ClosureChange::Add => (
            "Check the closure day before adding it",
            "Add the closure day",
        ),
        domain::calendar::ClosureChange::Rename => ("Check the new name", "Rename the closure day"),
        domain::calendar::ClosureChange::Remove => (
            "Check before removing the closure day",
            "Remove the closure day",
        ),
    };
    let edit = format!(
        "/admin/calendar/closure-day?change={}&date_day={}&date_month={}&date_year={}&name={}&edit=yes",
        checked.change,
        encode(&typed("date_day")),
        encode(&typed("date_month")),
        encode(&typed("date_year")),
        encode(&checked.name)
    );
    let effect = if !change.moves_deadlines() {
        "Renaming moves no deadline: the day stays a closure day.".to_owned()
    } else if checked.moved == 0 {
        format!(
            "No deadline moves: none of the {} open complaints has a next deadline that depends on this day.",
            crate::components::thousands(checked.counted)
        )
    } else {
        format!(
            "{} of the {} open complaints will have their next deadline moved. Each case's timeline will say why.",
            crate::components::thousands(checked.moved),
            crate::components::thousands(checked.counted)
        )
    };
    let listed = checked.first.len() as u64;
    view! {
        <ErrorSummary errors=form.summary() />
        <h1 class="heading-l">{heading}</h1>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Date"</dt>
                <dd class="summary-list__value">{checked.date.clone()}</dd>
                {(change == domain::calendar::ClosureChange::Add).then(|| view! {
                    <dd class="summary-list__actions"><a href=edit.clone()>"Change" <span class="visually-hidden">" the date"</span></a></dd>
                })}
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Name"</dt>
                <dd class="summary-list__value">
                    {checked.previous_name.clone().map(|before| view! { <span>{format!("{before}, renamed to ")}</span> })}
                    {checked.name.clone()}
                </dd>
                {change.asks_name().then(|| view! {
                    <dd class="summary-list__actions"><a href=edit.clone()>"Change" <span class="visually-hidden">" the name"</span></a></dd>
                })}
            </div>
        </dl>
        <h2 class="heading-m">"What it does to open complaints"</h2>
        <p class="body">{effect}</p>
        {(!checked.first.is_empty()).then(|| view! {
            <table class="table">
                <caption class="table__caption">
                    {if listed < checked.moved {
                        format!("The {listed} soonest of the deadlines that move")
                    } else {
                        "The deadlines that move".to_owned()
                    }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Case"</th>
                        <th scope="col">"Next deadline now"</th>
                        <th scope="col">"After the change"</th>
                    </tr>
                </thead>
                <tbody>
                    {checked.first.iter().map(|m| view! {
                        <tr>
                            <td class="table__nowrap">{m.reference.clone()}</td>
                            <td>{m.from.clone()}</td>
                            <td>{m.to.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <ActionForm action=action>
            <input type="hidden" name="change" value=checked.change.clone() />
            <input type="hidden" name="date_day" value=typed("date_day") />
            <input type="hidden" name="date_month" value=typed("date_month") />
            <input type="hidden" name="date_year" value=typed("date_year") />
            <input type="hidden" name="name" value=checked.name.clone() />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="save-button-error".to_owned() error=form.button() />
                <button
                    type="submit"
                    class=if change == domain::calendar::ClosureChange::Remove { "button button--warning" } else { "button" }
                    id="save-button"
                    disabled=move || action.pending().get()
                >
                    {button}
                </button>
            </div>
        </ActionForm>
        <p class="body"><a href="/admin/calendar#closures">"Cancel: leave the calendar as it is"</a></p>
    }
}
