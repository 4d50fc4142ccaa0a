//! `/admin/retention`: how long personal data is kept after a case ends, what falls due
//! and what is kept past its date (administrators and the complaints manager); and
//! `/staff/cases/{reference}/retention`: one case's date and its legal hold (the
//! complaints manager). Plain form posts that work without JavaScript; a refused one
//! comes back with what was typed.

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, TextArea, TextInput};
use crate::retention::{
    CaseRetentionView, DueLine, LiftHold, PlaceHold, RetentionView, SetRetention, case_retention,
    retention_page,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RetentionPage() -> impl IntoView {
    let set = ServerAction::<SetRetention>::new();
    let form = FormErrors::new(
        move || set.value().get(),
        &["retention_years"],
        "retention-button",
    );
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("saved"), |_| retention_page());
    view! {
        <Title text="Retention of personal data" />
        <ErrorSummary errors=form.summary() />
        <h1 class="heading-l">"Retention of personal data"</h1>
        {move || {
            query.read().get("saved").map(|_| {
                view! {
                    <div class="panel-notice" role="status">
                        <p class="body">
                            <strong>"The retention period is saved."</strong>
                            " Every case's date below is counted with it."
                        </p>
                    </div>
                }
            })
        }}
        <p class="body">
            "A case's personal data is kept for a number of years after the case ends (closed, withdrawn, not accepted, resolved or passed on), then erased: the customer's words, names and contact details, notes, findings, letters' wording and files. What the reports and the regulator's figures count stays, so past years' figures never change."
        </p>
        <p class="body">
            "A case is kept past its date while it is under a legal hold, which the complaints manager places from the case, or while the Housing Ombudsman has it. Erasing happens by itself, every few minutes, on every server."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Schedule view set form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem
                                error
                                what="the retention schedule"
                                next="/"
                                why="Only an administrator or the complaints manager sets how long personal data is kept."
                            />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

fn cases(n: u64) -> String {
    match n {
        1 => "1 case".to_owned(),
        n => format!("{n} cases"),
    }
}

#[component]
fn Schedule(
    view: RetentionView,
    set: ServerAction<SetRetention>,
    form: FormErrors,
) -> impl IntoView {
    let typed = crate::components::typed_or_stored();
    let changed = view.changed.clone().unwrap_or_else(|| {
        format!(
            "The default, {} years, applies: no one has changed it.",
            domain::retention::DEFAULT_YEARS
        )
    });
    let years = view.years.to_string();
    view! {
        <h2 class="heading-m">"What is due"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Due now"</dt>
                <dd class="summary-list__value">{format!("{}: erased at the next sweep", cases(view.due_now))}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"In the next 12 months"</dt>
                <dd class="summary-list__value">{cases(view.due_within_a_year)}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Kept past their date"</dt>
                <dd class="summary-list__value">{cases(view.kept_count)}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Erased so far"</dt>
                <dd class="summary-list__value">{cases(view.erased)}</dd>
            </div>
        </dl>
        <DueTable
            caption="Next to be erased"
            empty="No case falls due in the next 12 months."
            lines=view.next.clone()
            last="Erased on"
        />
        <DueTable
            caption="Kept past their date"
            empty="No case is kept past its date."
            lines=view.kept.clone()
            last="Why it is kept"
        />
        <h2 class="heading-m" id="period">"Retention period"</h2>
        <p class="body hint">{changed}</p>
        <ActionForm action=set attr:novalidate=true>
            <TextInput
                name="retention_years"
                label="Years to keep a case's personal data after it ends"
                hint="A whole number of years. Six is how long a claim about a case could be brought to court."
                value=typed("retention_years", &years)
                error=form.field("retention_years")
                inputmode="numeric"
                width="input--width-4"
                autocomplete="off"
            />
            <p class="body">
                {format!(
                    "It can be from {} to {} years, and no shorter than the {} months a customer has to go to the Housing Ombudsman.",
                    domain::retention::MIN_YEARS,
                    domain::retention::MAX_YEARS,
                    view.minimum_months
                )}
            </p>
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="retention-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="retention-button" disabled=move || set.pending().get()>
                    "Save the retention period"
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn DueTable(
    caption: &'static str,
    empty: &'static str,
    lines: Vec<DueLine>,
    last: &'static str,
) -> impl IntoView {
    if lines.is_empty() {
        return view! {
            <h2 class="heading-m">{caption}</h2>
            <p class="body">{empty}</p>
        }
        .into_any();
    }
    view! {
        <h2 class="heading-m">{caption}</h2>
        <table class="table">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Case"</th>
                    <th scope="col">"Ended"</th>
                    <th scope="col">{last}</th>
                </tr>
            </thead>
            <tbody>
                {lines
                    .into_iter()
                    .map(|line| {
                        let last = match (line.why, line.overdue) {
                            (Some(why), _) => why,
                            (None, true) => format!("{} (due now)", line.erase_on),
                            (None, false) => line.erase_on,
                        };
                        view! {
                            <tr>
                                <th scope="row">{line.reference}<br /><span class="hint">{line.kind}</span></th>
                                <td>{line.ended}</td>
                                <td>{last}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn CaseRetentionPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let place = ServerAction::<PlaceHold>::new();
    let lift = ServerAction::<LiftHold>::new();
    let form = FormErrors::for_path(
        <PlaceHold as server_fn::ServerFn>::PATH,
        move || place.value().get(),
        &["hold_reason"],
        "hold-button",
    );
    let query = use_query_map();
    let page = Resource::new(
        move || (reference(), query.read().get("saved"), lift.version().get()),
        |(reference, _, _)| case_retention(reference),
    );
    view! {
        <p class="body">
            <a href=move || format!("/staff/cases/{}", reference()) class="back-link">"Back to the case"</a>
        </p>
        <ErrorSummary errors=form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <CaseRetention view place lift form /> }.into_any(),
                        Err(error) => view! {
                            <Title text="Retention and legal hold" />
                            <h1 class="heading-l">"Retention and legal hold"</h1>
                            <PageProblem
                                error
                                what="this case's retention"
                                next="/staff"
                                why="Only the complaints manager places or lifts a legal hold."
                            />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn CaseRetention(
    view: CaseRetentionView,
    place: ServerAction<PlaceHold>,
    lift: ServerAction<LiftHold>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let typed = crate::components::typed_or_stored();
    let title = format!("Retention of {}", view.reference);
    let saved = move || {
        query.read().get("saved").map(|what| {
            let words = if what == "lifted" {
                "The legal hold is lifted."
            } else {
                "The legal hold is saved."
            };
            view! {
                <div class="panel-notice" role="status">
                    <p class="body"><strong>{words}</strong></p>
                </div>
            }
        })
    };
    let standing = match (&view.erased, &view.erase_on) {
        (Some(on), _) => format!("Its personal data was erased on {on}."),
        (None, Some(on)) => format!(
            "It ended, so its personal data is due to be erased on {on}, {} years after it ended.",
            view.years
        ),
        (None, None) => format!(
            "It has not ended: its personal data is kept until {} years after it does.",
            view.years
        ),
    };
    let reference = view.reference.clone();
    let held = view.held.clone();
    let current_reason = held.as_ref().map(|(r, _)| r.clone()).unwrap_or_default();
    let lift_reference = reference.clone();
    let hold_form = view.erased.is_none().then(|| {
        let button = if held.is_some() {
            "Save the new reason"
        } else {
            "Place a legal hold"
        };
        view! {
            <h2 class="heading-m">{if held.is_some() { "Change the reason" } else { "Place a legal hold" }}</h2>
            <ActionForm action=place attr:novalidate=true>
                <input type="hidden" name="reference" value=reference.clone() />
                <TextArea
                    name="hold_reason"
                    label="Why the case must be kept"
                    hint="For example the claim, inquiry or request it is part of. Staff only: the customer does not see it."
                    value=typed("hold_reason", &current_reason)
                    error=form.field("hold_reason")
                    rows=3
                />
                <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                    <ErrorMessage id="hold-button-error".to_owned() error=form.button() />
                    <button type="submit" class="button" id="hold-button" disabled=move || place.pending().get()>
                        {button}
                    </button>
                </div>
            </ActionForm>
        }
    });
    let lift_form = held.clone().map(|_| {
        view! {
            <ActionForm action=lift>
                <input type="hidden" name="reference" value=lift_reference />
                <button type="submit" class="button button--secondary" disabled=move || lift.pending().get()>
                    "Lift the legal hold"
                </button>
            </ActionForm>
        }
    });
    view! {
        <Title text=title.clone() />
        <h1 class="heading-l">{title}</h1>
        {saved}
        <p class="body">{standing}</p>
        {view.with_ombudsman.then(|| view! {
            <p class="body">"It is kept while the Housing Ombudsman has it: a referral not yet decided, or an order not yet complied with."</p>
        })}
        {held.map(|(reason, placed)| view! {
            <div class="inset">
                <p class="body"><strong>"Under a legal hold: "</strong>{reason}</p>
                <p class="body hint">{format!("{placed}.")}</p>
            </div>
        })}
        {lift_form}
        {hold_form}
    }
}
