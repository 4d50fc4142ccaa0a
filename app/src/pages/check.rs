//! "Check your answers" before sending: every answer with a link to change it, then one
//! button that turns the draft into a case.

use crate::make::{ConfirmDraft, FormState, load_form};
use domain::form::{
    Adjustment, ComplaintFormInput, ContactMethod, CustomerType, FormKind, Section,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Someone went Back to answers already sent: the case is there, with its reference, and
/// nothing needs sending again.
#[component]
pub fn AlreadySent(reference: String, staff: bool) -> impl IntoView {
    let (follow, href) = if staff {
        ("Open the case", format!("/staff/cases/{reference}"))
    } else {
        ("see your cases", "/cases".to_owned())
    };
    view! {
        <Title text="We have already received this" />
        <div class="panel panel--confirmation" role="status">
            <h1 class="panel__title">"We have already received this"</h1>
            <div class="panel__body">
                "Its reference is " <strong class="reference">{reference.clone()}</strong>
            </div>
        </div>
        <p class="body">
            "These answers were sent and nothing needs sending again. Quote the reference if you contact us about it."
        </p>
        <p class="body">
            {if staff {
                view! { <a href=href>{follow}</a> }.into_any()
            } else {
                view! {
                    "Follow it with the private link we gave you when you sent it, or "
                    <a href=href>{follow}</a>
                    " if you have an account."
                }
                    .into_any()
            }}
        </p>
    }
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let query = use_query_map();
    let draft = move || query.read().get("draft");
    let state = Resource::new(draft, |draft| load_form(draft, None, None, None));
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading your answers…"</p> }>
            {move || {
                state
                    .get()
                    .map(|result| match result {
                        Ok(state) if state.draft.is_some() && state.unfinished.is_none() => {
                            view! { <Answers state /> }.into_any()
                        }
                        Ok(FormState { draft: Some(draft), unfinished: Some(section), .. }) => {
                            // Answers still missing or wrong: the page that asks them.
                            let href = Section::parse(&section).map_or_else(
                                || format!("/make?draft={draft}"),
                                |page| crate::make::page_href(&draft, page, false),
                            );
                            view! {
                                <Title text="Some answers are missing" />
                                <h1 class="heading-l">"Some answers are still needed"</h1>
                                <p class="body">
                                    "Before you can check and send the form, "
                                    <a href=href>"answer the questions still needed"</a> "."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(FormState { sent: Some(reference), staff, .. }) => {
                            view! { <AlreadySent reference staff /> }.into_any()
                        }
                        _ => {
                            view! {
                                <Title text="Your answers have expired" />
                                <h1 class="heading-l">"We no longer have your answers"</h1>
                                <p class="body">
                                    "We keep answers for a day before they are sent. Please "
                                    <a href="/make">"start again"</a> "."
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

fn label_of(choices: &[(&'static str, &'static str)], value: &str) -> String {
    choices
        .iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_owned(), |(_, l)| (*l).to_owned())
}

fn or_not_given(value: Option<String>) -> String {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "Not given".to_owned())
}

fn written_date(value: Option<&str>) -> String {
    value
        .and_then(domain::form::parse_date)
        .map(domain::deadlines::long_date)
        .unwrap_or_else(|| "Not given".to_owned())
}

#[component]
fn Answers(state: FormState) -> impl IntoView {
    let input: ComplaintFormInput = state.input.clone();
    let kind = FormKind::parse(&input.kind).unwrap_or(FormKind::Complaint);
    let draft = state.draft.clone().unwrap_or_default();
    let change = move |field: &str| {
        let page = Section::of_field(field).unwrap_or(Section::About);
        format!("{}#{field}", crate::make::page_href(&draft, page, true))
    };
    let confirm = ServerAction::<ConfirmDraft>::new();

    let mut adjustments: Vec<String> = input
        .adjustments
        .iter()
        .filter(|a| a.as_str() != "other")
        .map(|a| label_of(&Adjustment::CHOICES, a))
        .collect();
    if let Some(other) = input
        .adjustments_other
        .clone()
        .filter(|o| input.asks_adjustments_other() && !o.trim().is_empty())
    {
        adjustments.push(other);
    }
    let describes = if input.describes_you == "other" {
        or_not_given(input.describes_you_other.clone())
    } else {
        label_of(&CustomerType::CHOICES, &input.describes_you)
    };
    let mut rows: Vec<(&'static str, String, &'static str)> = Vec::new();
    if state.staff {
        rows.push((
            "How it reached us",
            input
                .channel
                .as_deref()
                .and_then(|c| c.parse::<domain::Channel>().ok())
                .map_or_else(|| "Not given".to_owned(), |c| c.label().to_owned()),
            "channel",
        ));
        rows.push((
            "When it reached us",
            format!(
                "{} at {}",
                written_date(input.received_on.as_deref()),
                input.received_time.clone().unwrap_or_default()
            ),
            "received_on",
        ));
    }
    rows.extend([
        ("What best describes you", describes, "describes_you"),
        ("Name", input.name.clone(), "name"),
        (
            "How to contact you",
            input
                .preferred_contact
                .clone()
                .filter(|c| !c.is_empty())
                .map(|c| label_of(&ContactMethod::CHOICES, &c))
                .unwrap_or_else(|| "No preference".to_owned()),
            "preferred_contact",
        ),
        (
            "Phone number",
            or_not_given(Some(input.phone.clone())),
            "phone",
        ),
        ("Email address", or_not_given(input.email.clone()), "email"),
        (
            "Address",
            {
                let address = or_not_given(input.address.clone());
                match input.postcode.clone().filter(|p| !p.trim().is_empty()) {
                    Some(postcode) => format!("{address}\n{}", postcode.trim()),
                    None => address,
                }
            },
            "address",
        ),
        (
            "What we should do differently",
            if adjustments.is_empty() {
                "Nothing".to_owned()
            } else {
                adjustments.join(", ")
            },
            "adjustments",
        ),
    ]);
    if kind == FormKind::Compliment {
        rows.push((
            "Who you want to thank",
            or_not_given(input.compliment_about.clone()),
            "compliment_about",
        ));
    }
    rows.push((
        "What you told us",
        input.what_happened.clone(),
        "what_happened",
    ));
    if kind == FormKind::Complaint {
        rows.push((
            "When it happened",
            written_date(input.when_happened.as_deref()),
            "when_happened",
        ));
        rows.push((
            "When you found out",
            written_date(input.became_aware.as_deref()),
            "became_aware",
        ));
        rows.push((
            "Told us before",
            match input.reported_before.as_deref() {
                Some("yes") => "Yes".to_owned(),
                Some("no") => "No".to_owned(),
                _ => "Not given".to_owned(),
            },
            "reported_before",
        ));
        if input.asks_what_was_said() {
            rows.push((
                "What we said would happen",
                or_not_given(input.what_was_said.clone()),
                "what_was_said",
            ));
        }
        rows.push((
            "What you would like us to do",
            or_not_given(input.outcomes_sought.clone()),
            "outcomes_sought",
        ));
        let costs = match (input.costs_description.clone(), input.costs_amount.clone()) {
            (Some(d), Some(a)) if !d.trim().is_empty() && !a.trim().is_empty() => {
                format!("{} (£{})", d.trim(), a.trim().trim_start_matches('£'))
            }
            (d, _) => or_not_given(d),
        };
        rows.push(("Costs", costs, "costs_description"));
    }
    rows.push((
        "File",
        state
            .evidence
            .clone()
            .map(|(name, size)| format!("{name} ({size})"))
            .unwrap_or_else(|| "No file".to_owned()),
        "evidence",
    ));
    let heading = match kind {
        _ if state.staff => "Check the answers before logging the case",
        FormKind::Complaint => "Check your answers before sending your complaint",
        FormKind::ServiceRequest => "Check your answers before sending your request",
        FormKind::Compliment => "Check your answers before sending your compliment",
    };
    let error = move || {
        confirm
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="error-message" role="alert">{e.to_string()}</p> })
    };

    let last = Section::sequence(kind, state.staff)
        .last()
        .copied()
        .unwrap_or(Section::Evidence);
    let back = crate::make::page_href(&state.draft.clone().unwrap_or_default(), last, false);
    view! {
        <Title text="Check your answers" />
        <a class="back-link" href=back>"Back"</a>
        <h1 class="heading-l">{heading}</h1>
        <dl class="summary-list">
            {rows
                .into_iter()
                .map(|(key, value, field)| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{key}</dt>
                            <dd class="summary-list__value prewrap">{value}</dd>
                            <dd class="summary-list__actions">
                                <a href=change(field)>
                                    "Change" <span class="visually-hidden">{format!(" {}", key.to_lowercase())}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        {state.preview.clone().map(|p| view! { <p class="body">{p}</p> })}
        <h2 class="heading-m">"Now send it"</h2>
        <p class="body">
            "By sending this you confirm the details are right to the best of your knowledge."
        </p>
        {error}
        <ActionForm action=confirm>
            <input type="hidden" name="draft" value=state.draft.clone().unwrap_or_default() />
            <button type="submit" class="button" disabled=move || confirm.pending().get()>
                {move || if confirm.pending().get() { "Sending…" } else { "Send" }}
            </button>
        </ActionForm>
    }
}
