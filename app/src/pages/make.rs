//! The online form: a complaint, a request for a service, or a compliment.
//!
//! Rendered on the server (so it works without JavaScript) from the draft the last post
//! left, if any, inside the island [`FormChecks`]: in the browser, every answer is checked
//! by the domain's rules as the person leaves a field, the file's name and size as soon as
//! it is chosen, and a chosen file is sent with a progress bar. The server checks
//! everything again.

use std::collections::HashMap;

use super::make_checks::{CheckFacts, FormChecks, PREVIEW_ID, PROGRESS_ID, SUBMIT_ID, WARNING_ID};

use crate::components::{
    CharacterCount, Checkboxes, DateInput, ErrorMessage, ErrorSummary, FieldError, Radios,
    TextArea, TextInput,
};
use crate::make::{FormState, load_form};
use domain::Description;
use domain::form::{Adjustment, ComplaintFormInput, ContactMethod, CustomerType, FormKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The form's fields in the order they appear, for the error summary.
pub(crate) const FIELD_ORDER: [&str; 24] = [
    "channel",
    "received_on",
    "received_time",
    "kind",
    "describes_you",
    "describes_you_other",
    "name",
    "phone",
    "email",
    "preferred_contact",
    "adjustments",
    "adjustments_other",
    "address",
    "postcode",
    "compliment_about",
    "what_happened",
    "when_happened",
    "became_aware",
    "reported_before",
    "what_was_said",
    "outcomes_sought",
    "costs_description",
    "costs_amount",
    "evidence",
];

#[component]
pub fn MakePage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (q.get("draft"), q.get("kind"), q.get("customer"))
    };
    let state = Resource::new(params, |(draft, kind, customer)| {
        load_form(draft, kind, customer)
    });
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the form…"</p> }>
            {move || {
                state
                    .get()
                    .map(|result| match result {
                        Ok(FormState { sent: Some(reference), staff, .. }) => {
                            view! { <super::check::AlreadySent reference staff /> }.into_any()
                        }
                        Ok(state) => {
                            let kind = FormKind::parse(&state.input.kind)
                                .unwrap_or(FormKind::Complaint);
                            let (title, _) = titles(kind, state.staff);
                            view! {
                                <Title text=title />
                                <MakeForm state />
                            }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <Title text="Sorry, there is a problem" />
                                <h1 class="heading-l">"Sorry, there is a problem"</h1>
                                <p class="body">{error.to_string()}</p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

fn titles(kind: FormKind, staff: bool) -> (&'static str, &'static str) {
    const STAFF_LEAD: &str = "For a customer who got in touch by phone, letter, email, social media or in person. Deadlines count from when it reached us.";
    match (kind, staff) {
        (FormKind::Complaint, true) => return ("Log a complaint", STAFF_LEAD),
        (FormKind::ServiceRequest, true) => return ("Log a service request", STAFF_LEAD),
        (FormKind::Compliment, true) => return ("Log a compliment", STAFF_LEAD),
        _ => {}
    }
    match kind {
        FormKind::Complaint => (
            "Make a complaint",
            "Tell us what went wrong and what you would like us to do. We will contact you within 3 working days.",
        ),
        FormKind::ServiceRequest => (
            "Ask us to do something",
            "For a repair, a visit or anything else you need from us.",
        ),
        FormKind::Compliment => (
            "Give a compliment",
            "Tell us who or what you want to thank. We will pass it on.",
        ),
    }
}

/// The form itself, rendered on the server with the problems it found, inside the island
/// that checks it in the browser.
#[component]
pub fn MakeForm(state: FormState) -> impl IntoView {
    let kind = FormKind::parse(&state.input.kind).unwrap_or(FormKind::Complaint);
    let staff = state.staff;
    let (title, lead) = titles(kind, staff);
    // The form speaks to the customer, or to staff about the customer.
    let say = move |resident: &'static str, colleague: &'static str| {
        if staff { colleague } else { resident }
    };
    let input = state.input.clone();
    let facts = CheckFacts {
        today: state.today.clone(),
        closures: state.closures.clone(),
        staff,
        complaint: kind == FormKind::Complaint,
        errors: state.errors.clone(),
    };

    let server_errors: StoredValue<HashMap<String, String>> =
        StoredValue::new(state.errors.iter().cloned().collect());
    let error_for = move |field: &'static str| {
        Signal::stored(server_errors.with_value(|e| e.get(field).cloned()))
    };
    let summary: Vec<FieldError> = FIELD_ORDER
        .iter()
        .filter_map(|field| {
            state
                .errors
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, message)| FieldError {
                    field_id: (*field).to_owned(),
                    message: message.clone(),
                })
        })
        .collect();
    let window_warning = state.window_warning.clone();
    let preview = state.preview.clone();
    let description = RwSignal::new(input.what_happened.clone());

    let e = error_for;
    let what_label = match kind {
        FormKind::Complaint => "What did we do wrong, or fail to do?",
        FormKind::ServiceRequest => "What do you need us to do?",
        FormKind::Compliment => "What would you like to tell us?",
    };
    let what_hint = match kind {
        FormKind::Complaint => {
            "Tell us what happened, when, and anyone you have already spoken to."
        }
        FormKind::ServiceRequest => "Tell us where, what you have noticed and when it started.",
        FormKind::Compliment => "Tell us what they did and what difference it made.",
    };
    let (when_d, became_d) = (
        ComplaintFormInput::date_parts(input.when_happened.as_deref()),
        ComplaintFormInput::date_parts(input.became_aware.as_deref()),
    );
    let describes_you = match input.describes_you.as_str() {
        "" => String::new(),
        other => other.to_owned(),
    };
    let mut describes_options: Vec<(&'static str, &'static str)> = CustomerType::CHOICES.to_vec();
    describes_options.truncate(CustomerType::CHOICES.len());
    let mut adjustment_options: Vec<(&'static str, &'static str)> = Adjustment::CHOICES.to_vec();
    adjustment_options.push(("other", "Something else"));
    let mut selected_adjustments = input.adjustments.clone();
    if input
        .adjustments_other
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty())
        && !selected_adjustments.iter().any(|a| a == "other")
    {
        selected_adjustments.push("other".to_owned());
    }
    let evidence_kept = state.evidence.clone();

    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <FormChecks facts>
                <ErrorSummary errors=Signal::stored(summary) />
                <h1 class="heading-xl">{title}</h1>
                <p class="body-l">{lead}</p>
                <form method="post" action="/make" enctype="multipart/form-data" novalidate>
                    <input type="hidden" name="kind" value=kind.as_str() />
                    {state.draft.clone().map(|d| view! { <input type="hidden" name="draft" value=d /> })}

                    {staff
                        .then(|| {
                            let (d, m, y) = ComplaintFormInput::date_parts(
                                input.received_on.as_deref(),
                            );
                            view! {
                                <h2 class="heading-m">"How it reached us"</h2>
                                <Radios
                                    name="channel"
                                    legend="How did the customer get in touch?"
                                    options=vec![
                                        ("phone", "Phone"),
                                        ("letter", "Letter"),
                                        ("email", "Email"),
                                        ("social_media", "Social media"),
                                        ("in_person", "In person"),
                                        ("staff", "Raised by a member of staff for them"),
                                    ]
                                    selected=input.channel.clone().unwrap_or_default()
                                    error=e("channel")
                                />
                                <DateInput
                                    name="received_on"
                                    legend="When did it reach us?"
                                    hint="The date on which it arrived, for example 27 3 2025."
                                    value=(d, m, y)
                                    error=e("received_on")
                                />
                                <TextInput
                                    name="received_time"
                                    label="At what time?"
                                    hint="24-hour clock, for example 14:30. After 17:00 it counts from the next working day."
                                    value=input.received_time.clone().unwrap_or_default()
                                    error=e("received_time")
                                    width="input--width-10"
                                />
                            }
                        })}
                    {input
                        .customer_id
                        .clone()
                        .map(|id| {
                            view! {
                                <input type="hidden" name="customer_id" value=id />
                                <div class="inset">
                                    <p class="body">
                                        "For "
                                        <strong>{state.existing_customer.clone().unwrap_or_default()}</strong>
                                        ": their details are filled in from their record."
                                    </p>
                                </div>
                            }
                        })}
                    {view! {
                    <h2 class="heading-m">{say("About you", "About the customer")}</h2>
                    <Radios
                        name="describes_you"
                        legend=say("What best describes you?", "What best describes the customer?")
                        options=describes_options
                        selected=describes_you
                        error=e("describes_you")
                    />
                    <TextInput
                        name="describes_you_other"
                        label="If you chose Other, tell us what describes you"
                        value=input.describes_you_other.clone().unwrap_or_default()
                        error=e("describes_you_other")
                    />
                    <TextInput
                        name="name"
                        label=say("Your full name", "The customer's full name")
                        value=input.name.clone()
                        error=e("name")
                        autocomplete="name"
                    />
                    <Radios
                        name="preferred_contact"
                        legend=say("How would you like us to contact you?", "How would the customer like us to contact them?")
                        hint="We will use this for letters and updates. Choose one, and give us the details it needs below."
                        options=ContactMethod::CHOICES.to_vec()
                        selected=input.preferred_contact.clone().unwrap_or_default()
                        error=e("preferred_contact")
                    />
                    <TextInput
                        name="phone"
                        label="Phone number"
                        hint="Needed for phone calls or text messages (texts need a mobile number)."
                        value=input.phone.clone()
                        error=e("phone")
                        input_type="tel"
                        autocomplete="tel"
                        width="input--width-20"
                    />
                    <TextInput
                        name="email"
                        label="Email address"
                        hint="Needed for email."
                        value=input.email.clone().unwrap_or_default()
                        error=e("email")
                        input_type="email"
                        autocomplete="email"
                    />
                    <TextArea
                        name="address"
                        label=say("Your address", "Address")
                        hint="Needed for letters."
                        value=input.address.clone().unwrap_or_default()
                        error=e("address")
                        rows=3
                    />
                    <TextInput
                        name="postcode"
                        label="Postcode (optional)"
                        value=input.postcode.clone().unwrap_or_default()
                        error=e("postcode")
                        autocomplete="postal-code"
                        width="input--width-10"
                    />
                    <Checkboxes
                        name="adjustments"
                        legend="Do you need us to do anything differently? (optional)"
                        hint="For example, if you need letters in large print, would like an interpreter, or use British Sign Language or text relay. Choose all that apply."
                        options=adjustment_options
                        selected=selected_adjustments
                        error=e("adjustments")
                    />
                    <TextInput
                        name="adjustments_other"
                        label="If you need something else, tell us what"
                        value=input.adjustments_other.clone().unwrap_or_default()
                        error=e("adjustments_other")
                    />
                    }.into_any()}

                    <h2 class="heading-m">
                        {match kind {
                            FormKind::Complaint => "Your complaint",
                            FormKind::ServiceRequest => "Your request",
                            FormKind::Compliment => "Your compliment",
                        }}
                    </h2>
                    {(kind == FormKind::Compliment)
                        .then(|| {
                            view! {
                                <TextInput
                                    name="compliment_about"
                                    label="Who or which team would you like to thank?"
                                    value=input.compliment_about.clone().unwrap_or_default()
                                    error=e("compliment_about")
                                />
                            }
                        })}
                    <CharacterCount
                        name="what_happened"
                        label=what_label
                        hint=what_hint
                        max_chars=Description::MAX_CHARS
                        value=description
                        remaining=Description::remaining
                        error=e("what_happened")
                        on_blur=move |_| ()
                    />
                    {(kind == FormKind::Complaint)
                        .then(|| {
                            view! {
                                <DateInput
                                    name="when_happened"
                                    legend="When did it happen? (optional)"
                                    hint="For example, 27 3 2025. If it went on for a while, give the date it started."
                                    value=when_d.clone()
                                    error=e("when_happened")
                                />
                                <DateInput
                                    name="became_aware"
                                    legend="If you found out later, when did you find out? (optional)"
                                    hint="For example, 2 4 2025."
                                    value=became_d.clone()
                                    error=e("became_aware")
                                />
                                // Kept on the page, hidden when there is nothing to say, for
                                // the island to show as the dates are typed.
                                <div
                                    class="warning-text"
                                    role="status"
                                    id=WARNING_ID
                                    hidden=window_warning.is_none()
                                >
                                    <span class="warning-text__icon" aria-hidden="true">"!"</span>
                                    <strong class="warning-text__text">
                                        <span class="visually-hidden">"Note: "</span>
                                        <span data-text="">{window_warning.clone().unwrap_or_default()}</span>
                                    </strong>
                                </div>
                                <Radios
                                    name="reported_before"
                                    legend="Have you told us about this before? (optional)"
                                    options=vec![("yes", "Yes"), ("no", "No")]
                                    selected=input.reported_before.clone().unwrap_or_default()
                                    error=e("reported_before")
                                    inline=true
                                />
                                <TextArea
                                    name="what_was_said"
                                    label="If you told us before, what did we say would happen? (optional)"
                                    value=input.what_was_said.clone().unwrap_or_default()
                                    error=e("what_was_said")
                                />
                                <TextArea
                                    name="outcomes_sought"
                                    label="What would you like us to do to put it right? (optional)"
                                    value=input.outcomes_sought.clone().unwrap_or_default()
                                    error=e("outcomes_sought")
                                />
                                <TextArea
                                    name="costs_description"
                                    label="Has this cost you money? Tell us what for (optional)"
                                    hint="For example, a dehumidifier you bought or a day off work. Keep your receipts."
                                    value=input.costs_description.clone().unwrap_or_default()
                                    error=e("costs_description")
                                    rows=3
                                />
                                <TextInput
                                    name="costs_amount"
                                    label="How much, in pounds? (optional)"
                                    hint="For example, 45.50"
                                    value=input.costs_amount.clone().unwrap_or_default()
                                    error=e("costs_amount")
                                    width="input--width-10"
                                    inputmode="decimal"
                                />
                            }
                                .into_any()
                        })}

                    {view! {
                    <div
                        class="form-group"
                        class:form-group--error=move || e("evidence").get().is_some()
                    >
                        <label class="label" for="evidence">"Add a file (optional)"</label>
                        <div class="hint" id="evidence-hint">
                            "One photo, document or recording, up to 32 MB. Allowed types: "
                            {domain::evidence::ALLOWED}
                            "."
                        </div>
                        <ErrorMessage id="evidence-error".to_owned() error=e("evidence") />
                        {evidence_kept
                            .clone()
                            .map(|(name, size)| {
                                view! {
                                    <p class="body">
                                        "We have your file " <strong>{name}</strong> " (" {size}
                                        "). Choose another to replace it."
                                    </p>
                                    <div class="checkboxes__item">
                                        <input
                                            class="checkboxes__input"
                                            id="remove_evidence"
                                            name="remove_evidence"
                                            type="checkbox"
                                            value="yes"
                                        />
                                        <label class="label checkboxes__label" for="remove_evidence">
                                            "Remove this file"
                                        </label>
                                    </div>
                                }
                            })}
                        <input
                            class="file-upload"
                            class:file-upload--error=move || e("evidence").get().is_some()
                            id="evidence"
                            name="evidence"
                            type="file"
                            aria-describedby=move || {
                                if e("evidence").get().is_some() {
                                    "evidence-hint evidence-error"
                                } else {
                                    "evidence-hint"
                                }
                            }
                        />
                    </div>
                    }.into_any()}

                    {(kind == FormKind::Complaint)
                        .then(|| {
                            view! {
                                <div class="inset" id=PREVIEW_ID hidden=preview.is_none()>
                                    <h2 class="heading-s">"What happens next"</h2>
                                    <p class="body" data-text="">{preview.clone().unwrap_or_default()}</p>
                                </div>
                            }
                        })}
                    <div class="form-group" aria-live="polite" id=PROGRESS_ID hidden=true>
                        <label class="label" for="upload-progress">"Sending your file: 0%"</label>
                        <progress id="upload-progress" max="100" value="0"></progress>
                    </div>
                    <button type="submit" class="button" id=SUBMIT_ID>
                        "Continue"
                    </button>
                </form>
                </FormChecks>
            </div>
        </div>
    }
}
