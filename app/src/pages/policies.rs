//! `/admin/policies`: the complaints policy's versions, for administrators. Each version's
//! figures, which one is in force and how many complaints were received under each; and a
//! form to add a version, prefilled with the latest one's figures, that the domain checks
//! against the Complaint Handling Code (every problem at once, what was typed kept). A
//! version is never changed once added: a complaint keeps the one in force on the day it
//! was received.

use crate::components::{
    DateInput, ErrorMessage, ErrorSummary, FormErrors, PageProblem, TextInput,
};
use crate::policies::{AddPolicyVersion, PoliciesView, VersionLine, policy_versions};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 13] = domain::policy::draft::FIELDS;

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let add = ServerAction::<AddPolicyVersion>::new();
    let form = FormErrors::new(move || add.value().get(), &FIELDS, "add-button")
        .with_ids(|f| (f == "effective").then_some("effective"));
    let query = use_query_map();
    let view = Resource::new(move || query.read().get("added"), |_| policy_versions());
    view! {
        <Title text="Complaints policy versions" />
        <ErrorSummary errors=form.summary() />
        <h1 class="heading-l">"Complaints policy versions"</h1>
        {move || {
            query.read().get("added").map(|id| {
                view! {
                    <div class="panel-notice" role="status">
                        <p class="body">
                            <strong>{format!("Policy version {id} is added.")}</strong>
                            " Complaints received from the day it takes effect are dealt with under it; those received before keep theirs."
                        </p>
                    </div>
                }
            })
        }}
        <p class="body">
            "Each complaint keeps the version in force on the day we received it, so a change never moves the deadlines of a complaint already open. A version is never edited: to change a timescale, add a new version from a date to come."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the versions…"</p> }>
            {move || {
                view.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Versions view add form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the policy versions" next="/admin/policies" why="Only an administrator keeps the policy versions." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

fn days(n: Option<u32>) -> String {
    match n {
        None | Some(0) => "0 working days".to_owned(),
        Some(1) => "1 working day".to_owned(),
        Some(n) => format!("{n} working days"),
    }
}

#[component]
fn Version(line: VersionLine) -> impl IntoView {
    let p = line.policy;
    let tag = match line.status.as_str() {
        "In force" => "tag tag--green",
        "Superseded" => "tag tag--none",
        _ => "tag tag--amber",
    };
    let stage = |s: &domain::policy::StageTimescales| {
        let from = match s.respond_from {
            domain::policy::ResponseFrom::Acknowledgement => "of the acknowledgement",
            domain::policy::ResponseFrom::Receipt => "of receiving it",
        };
        let acknowledge = s.acknowledge.map_or_else(
            || "no written acknowledgement".to_owned(),
            |n| format!("acknowledge within {}", days(Some(n))),
        );
        let extension = s.extension_cap.map_or_else(
            || "every extension needs the complaints manager's approval".to_owned(),
            |n| {
                format!(
                    "extend by up to {} without the complaints manager's approval",
                    days(Some(n))
                )
            },
        );
        format!(
            "Contact within {}; {acknowledge}; respond within {} {from}; {extension}.",
            days(Some(s.contact)),
            days(Some(s.respond)),
        )
    };
    let complaints = match line.complaints {
        1 => "1 complaint".to_owned(),
        n => format!("{} complaints", crate::components::thousands(n)),
    };
    view! {
        <section class="policy-version" aria-labelledby=format!("version-{}", p.id)>
            <h2 class="heading-m" id=format!("version-{}", p.id)>
                {format!("Version {} ", p.id)}
                <strong class=tag>{line.status.clone()}</strong>
            </h2>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Takes effect"</dt>
                    <dd class="summary-list__value">{format!("{}, for complaints received from that day", line.effective)}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Stage 1"</dt>
                    <dd class="summary-list__value">{stage(&p.stage1)}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Stage 2"</dt>
                    <dd class="summary-list__value">{stage(&p.stage2)}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Windows"</dt>
                    <dd class="summary-list__value">
                        {format!(
                            "Complaints accepted about something up to {} months old; the Ombudsman can be asked within {} months. After {} a complaint counts from the next working day.",
                            p.eligibility_months,
                            p.ombudsman_referral_months,
                            p.cut_off.format("%H:%M"),
                        )}
                    </dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Used by"</dt>
                    <dd class="summary-list__value">{format!("{complaints}. {}.", line.added)}</dd>
                </div>
            </dl>
        </section>
    }
}

#[component]
fn Versions(
    view: PoliciesView,
    add: ServerAction<AddPolicyVersion>,
    form: FormErrors,
) -> impl IntoView {
    let latest = view.versions.first().map(|v| v.policy);
    let versions = view
        .versions
        .into_iter()
        .map(|line| view! { <Version line /> })
        .collect_view();
    let typed = crate::components::typed_or_stored();
    let figure = move |name: &'static str, stored: Option<u32>| {
        typed(name, &stored.map(|n| n.to_string()).unwrap_or_default())
    };
    let s1 = latest.map(|p| p.stage1);
    let s2 = latest.map(|p| p.stage2);
    let number = move |name: &'static str, label: &'static str, stored: Option<u32>| {
        view! {
            <TextInput
                name=name
                label=label
                value=figure(name, stored)
                error=form.field(name)
                inputmode="numeric"
                autocomplete="off"
                width="input--width-4"
            />
        }
    };
    view! {
        {versions}
        <h2 class="heading-m" id="add-title">"Add a version"</h2>
        <p class="body">
            "The form starts from the latest version's figures. The Complaint Handling Code sets the slowest a policy may be: acknowledge within 5 working days, respond within 10 (Stage 1) and 20 (Stage 2) working days of the acknowledgement, extend by no more than 10 and 20, and accept complaints up to at least 12 months old."
        </p>
        <ActionForm action=add attr:novalidate=true attr:aria-labelledby="add-title">
            <TextInput
                name="id"
                label="Version"
                hint="The year it was adopted, for example 2027."
                value=typed("id", "")
                error=form.field("id")
                inputmode="numeric"
                autocomplete="off"
                width="input--width-4"
            />
            <DateInput
                name="effective"
                legend="Takes effect on"
                hint="Today or later, and after the latest version. For example, 1 4 2027."
                value=(typed("effective_day", ""), typed("effective_month", ""), typed("effective_year", ""))
                error=form.field("effective")
                joiner="_"
            />
            <TextInput
                name="cut_off"
                label="Daily cut-off"
                hint="A complaint received after this time counts from the next working day. 24-hour clock, for example 17:00."
                value=typed("cut_off", &latest.map(|p| p.cut_off.format("%H:%M").to_string()).unwrap_or_default())
                error=form.field("cut_off")
                autocomplete="off"
                width="input--width-4"
            />
            <fieldset class="fieldset">
                <legend class="fieldset__legend">"Stage 1, in working days"</legend>
                {number("stage1_contact", "Stage 1: contact the customer within", s1.map(|s| s.contact))}
                {number("stage1_acknowledge", "Stage 1: acknowledge in writing within", s1.and_then(|s| s.acknowledge))}
                {number("stage1_respond", "Stage 1: respond within, from the acknowledgement", s1.map(|s| s.respond))}
                {number("stage1_extension", "Stage 1: extend by at most, without approval", s1.and_then(|s| s.extension_cap))}
            </fieldset>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">"Stage 2, in working days"</legend>
                {number("stage2_contact", "Stage 2: contact the customer within", s2.map(|s| s.contact))}
                {number("stage2_acknowledge", "Stage 2: acknowledge in writing within", s2.and_then(|s| s.acknowledge))}
                {number("stage2_respond", "Stage 2: respond within, from the acknowledgement", s2.map(|s| s.respond))}
                {number("stage2_extension", "Stage 2: extend by at most, without approval", s2.and_then(|s| s.extension_cap))}
            </fieldset>
            {number("eligibility_months", "Accept complaints about something up to this many months old", latest.map(|p| p.eligibility_months))}
            {number("ombudsman_months", "Months the customer has to go to the Ombudsman", latest.map(|p| p.ombudsman_referral_months))}
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="add-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="add-button" disabled=move || add.pending().get()>
                    "Add the version"
                </button>
            </div>
        </ActionForm>
    }
}
