//! `/admin/continuity`: exceptional circumstances. An admin declares a business-continuity
//! period (dates, reason, who approved it, and whether the clock stops or the timescales are
//! extended), records when the Ombudsman was told, and ends a period early. Plain form posts
//! that work without JavaScript; a refused one comes back with what was typed.

use crate::components::{
    DateInput, ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea, TextInput,
};
use crate::continuity::{
    ContinuityOmbudsmanTold, ContinuityView, DeclareContinuity, EndContinuity, PeriodLine,
    continuity_periods,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const DECLARE_FIELDS: [&str; 7] = domain::calendar::ContinuityForm::FIELDS;
const END_FIELDS: [&str; 1] = ["ends_on"];
const TOLD_FIELDS: [&str; 1] = ["told_on"];

#[component]
pub fn ContinuityPage() -> impl IntoView {
    let query = use_query_map();
    let declare = ServerAction::<DeclareContinuity>::new();
    let end = ServerAction::<EndContinuity>::new();
    let told = ServerAction::<ContinuityOmbudsmanTold>::new();
    let declare_form = FormErrors::for_path(
        <DeclareContinuity as server_fn::ServerFn>::PATH,
        move || declare.value().get(),
        &DECLARE_FIELDS,
        "declare-button",
    )
    .with_ids(|field| match field {
        "ombudsman_told_on" => Some("told"),
        _ => None,
    });
    let end_form = FormErrors::for_path(
        <EndContinuity as server_fn::ServerFn>::PATH,
        move || end.value().get(),
        &END_FIELDS,
        "end-button",
    )
    .with_ids(|field| (field == "ends_on").then_some("ends"));
    let told_form = FormErrors::for_path(
        <ContinuityOmbudsmanTold as server_fn::ServerFn>::PATH,
        move || told.value().get(),
        &TOLD_FIELDS,
        "told-button",
    )
    .with_ids(|field| (field == "told_on").then_some("told_on"));
    let page = Resource::new(
        move || {
            let q = query.read();
            (q.get("declared"), q.get("ended"), q.get("told_ombudsman"))
        },
        |_| continuity_periods(),
    );
    view! {
        <Title text="Business continuity" />
        <ErrorSummary errors=declare_form.summary() />
        <ErrorSummary errors=end_form.summary() />
        <ErrorSummary errors=told_form.summary() />
        <h1 class="heading-l">"Business continuity"</h1>
        <Saved />
        <p class="body">
            "When exceptional circumstances, such as a cyber attack or a flood at the office, mean we cannot meet our complaint timescales, declare a business-continuity period. Every deadline of the open complaints is counted again at once, and each case says why its dates moved. Every resident with an open complaint is sent a notice, and a notice shows on every page of this service until the period ends. Tell the Housing Ombudsman too, and record here when you did: the annual report and the self-assessment state each period."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the periods…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Periods view declare end told declare_form end_form told_form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem
                                error
                                what="business continuity"
                                next="/admin/continuity"
                                why="Only an administrator declares a business-continuity period."
                            />
                        }
                            .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// What the last post did, from the address it landed on.
#[component]
fn Saved() -> impl IntoView {
    let query = use_query_map();
    move || {
        let q = query.read();
        let count = |name: &str| q.get(name).and_then(|n| n.parse::<u32>().ok()).unwrap_or(0);
        let text = if q.get("declared").is_some() {
            Some(format!(
                "The period is declared. {} open complaint deadlines moved; {} residents were sent the notice.",
                count("moved"),
                count("told")
            ))
        } else if q.get("ended").is_some() {
            Some(format!(
                "The period is ended early. {} open complaint deadlines moved back.",
                count("moved")
            ))
        } else if q.get("told_ombudsman").is_some() {
            Some("The day the Ombudsman was told is recorded.".to_owned())
        } else {
            None
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
fn Period(line: PeriodLine) -> impl IntoView {
    let tag = match line.status.as_str() {
        "In force" => "tag tag--red",
        "To come" => "tag tag--amber",
        _ => "tag tag--none",
    };
    view! {
        <div class="period">
            <h3 class="heading-s">
                <strong class=tag>{line.status}</strong>
                " "
                {line.dates.clone()}
            </h3>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Reason"</dt>
                    <dd class="summary-list__value prewrap">{line.reason}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Effect"</dt>
                    <dd class="summary-list__value">{line.effect}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Approved by"</dt>
                    <dd class="summary-list__value">{line.approved_by}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Ombudsman told"</dt>
                    <dd class="summary-list__value">
                        {line.ombudsman_told_on.unwrap_or_else(|| "Not recorded yet".to_owned())}
                    </dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Residents sent the notice"</dt>
                    <dd class="summary-list__value">{crate::components::thousands(u64::from(line.residents_told))}</dd>
                </div>
            </dl>
        </div>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn Periods(
    view: ContinuityView,
    declare: ServerAction<DeclareContinuity>,
    end: ServerAction<EndContinuity>,
    told: ServerAction<ContinuityOmbudsmanTold>,
    declare_form: FormErrors,
    end_form: FormErrors,
    told_form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    // The one period the end and Ombudsman forms are about: the earliest that can still
    // be ended or has no date for the Ombudsman (periods never overlap).
    let focus = view
        .periods
        .iter()
        .rev()
        .find(|p| p.can_end || p.ombudsman_told_on.is_none())
        .cloned();
    let listed = view.periods.clone();
    let open = view.open_complaints;
    view! {
        <h2 class="heading-m">"Periods declared"</h2>
        {if listed.is_empty() {
            view! { <p class="body">"None: the usual timescales apply."</p> }.into_any()
        } else {
            listed.into_iter().map(|line| view! { <Period line /> }).collect_view().into_any()
        }}
        {focus.map(|p| {
            let id = p.id.to_string();
            let told_id = id.clone();
            let dates = p.dates.clone();
            view! {
                {p.ombudsman_told_on.is_none().then(|| view! {
                    <h2 class="heading-m">"Record when the Ombudsman was told"</h2>
                    <p class="body">{format!("For the period {dates}.")}</p>
                    <ActionForm action=told attr:novalidate=true>
                        <input type="hidden" name="period" value=told_id />
                        <DateInput
                            name="told"
                            id="told_on"
                            legend="When did you tell the Housing Ombudsman?"
                            hint="For example 7 12 2026."
                            value=(typed("told_day"), typed("told_month"), typed("told_year"))
                            error=told_form.field("told_on")
                            joiner="_"
                        />
                        <div class="form-group" class:form-group--error=move || told_form.button().get().is_some()>
                            <ErrorMessage id="told-button-error".to_owned() error=told_form.button() />
                            <button type="submit" class="button button--secondary" id="told-button" disabled=move || told.pending().get()>
                                "Record the day"
                            </button>
                        </div>
                    </ActionForm>
                })}
                {p.can_end.then(|| view! {
                    <h2 class="heading-m">"End it early"</h2>
                    <p class="body">{format!("The period {} ends on the day you give: from the next working day the usual timescales apply, and the open complaints are counted again.", p.dates)}</p>
                    <ActionForm action=end attr:novalidate=true>
                        <input type="hidden" name="period" value=id />
                        <DateInput
                            name="ends"
                            legend="Last day of the period"
                            hint="Today or later, and no later than its last day."
                            value=(typed("ends_day"), typed("ends_month"), typed("ends_year"))
                            error=end_form.field("ends_on")
                            joiner="_"
                        />
                        <div class="form-group" class:form-group--error=move || end_form.button().get().is_some()>
                            <ErrorMessage id="end-button-error".to_owned() error=end_form.button() />
                            <button type="submit" class="button button--warning" id="end-button" disabled=move || end.pending().get()>
                                "End the period"
                            </button>
                        </div>
                    </ActionForm>
                })}
            }
        })}
        <h2 class="heading-m">"Declare a period"</h2>
        <p class="body">
            {format!(
                "There are {} open complaints now: each is counted again, and each resident is sent the notice.",
                crate::components::thousands(open)
            )}
        </p>
        <ActionForm action=declare attr:novalidate=true>
            <DateInput
                name="from"
                legend="First day"
                hint="At most 14 days ago, for example 7 12 2026."
                value=(typed("from_day"), typed("from_month"), typed("from_year"))
                error=declare_form.field("from")
                joiner="_"
            />
            <DateInput
                name="to"
                legend="Last day"
                hint="When you expect to meet the usual timescales again. At most 92 days after the first day; you can end it early."
                value=(typed("to_day"), typed("to_month"), typed("to_year"))
                error=declare_form.field("to")
                joiner="_"
            />
            <TextArea
                name="reason"
                label="What happened"
                hint="Residents read this in the notice, for example Cyber attack on our housing system."
                value=typed("reason")
                error=declare_form.field("reason")
                rows=3
            />
            <TextInput
                name="approved_by"
                label="Who approved the revised timescales"
                hint="For example Executive team, or the chief executive's name."
                value=typed("approved_by")
                error=declare_form.field("approved_by")
                autocomplete="off"
            />
            <Radios
                name="effect"
                legend="What happens to the timescales?"
                options=vec![
                    ("stopped", "The clock stops: no day of the period counts towards a deadline"),
                    ("extended", "Timescales are extended: a deadline falling in the period moves on by the working days below"),
                ]
                selected=typed("effect")
                error=declare_form.field("effect")
            />
            <TextInput
                name="extra_days"
                label="Extra working days (only when timescales are extended)"
                hint="A whole number from 1 to 20."
                value=typed("extra_days")
                error=declare_form.field("extra_days")
                inputmode="numeric"
                autocomplete="off"
                width="input--width-4"
            />
            <DateInput
                name="told"
                legend="When did you tell the Housing Ombudsman? (optional)"
                hint="Leave it empty if you have not yet: you can record it later."
                value=(typed("told_day"), typed("told_month"), typed("told_year"))
                error=declare_form.field("ombudsman_told_on")
                joiner="_"
            />
            <div class="form-group" class:form-group--error=move || declare_form.button().get().is_some()>
                <ErrorMessage id="declare-button-error".to_owned() error=declare_form.button() />
                <button type="submit" class="button" id="declare-button" disabled=move || declare.pending().get()>
                    "Declare the period"
                </button>
            </div>
        </ActionForm>
    }
}

/// The notice on every page while a period is in force or to come (the Code: publish it
/// on the website), in the GOV.UK notification banner: for residents, the public and
/// panel members. Staff working cases are not shown it above their work: each deadline
/// they see explains the period, and admins have its page.
#[component]
pub fn ServiceNoticeBanner() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let notices = Resource::new(|| (), |_| crate::continuity::service_notices());
    let banner = move || {
        let staff = matches!(
            auth.viewer.get(),
            Some(Ok(Some(viewer))) if crate::worklist::may_use_queue(viewer.role)
        );
        if staff {
            return None;
        }
        let notices = notices.get()?.ok()?;
        (!notices.is_empty()).then(|| {
            view! {
                <div class="notification-banner" role="region" aria-labelledby="service-notice-title">
                    <div class="notification-banner__header">
                        <h2 class="notification-banner__title" id="service-notice-title">"Service notice"</h2>
                    </div>
                    <div class="notification-banner__content">
                        {notices.into_iter().map(|n| view! {
                            <p class="notification-banner__heading">{n.notice}</p>
                            <p class="body">{n.back_to_normal}</p>
                        }).collect_view()}
                    </div>
                </div>
            }
        })
    };
    view! { <Suspense fallback=|| ()>{banner}</Suspense> }
}
