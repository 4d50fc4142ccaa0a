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
use domain::form::{
    Adjustment, ComplaintFormInput, ContactMethod, CustomerType, FormKind, Section,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MakePage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (
            q.get("draft"),
            q.get("kind"),
            q.get("customer"),
            q.get("section"),
        )
    };
    let state = Resource::new(params, |(draft, kind, customer, section)| {
        load_form(draft, kind, customer, section)
    });
    let from_check = move || query.read().get("then").as_deref() == Some("check");
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
                            let page = section_title(section_of(&state), kind, state.staff);
                            view! {
                                <Title text=format!("{page} – {title}") />
                                <MakeForm state from_check=from_check() />
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

fn section_of(state: &FormState) -> Section {
    Section::parse(&state.section).unwrap_or(Section::About)
}

/// The heading of each page of the form.
fn section_title(section: Section, kind: FormKind, staff: bool) -> &'static str {
    match (section, staff) {
        (Section::Received, _) => "How it reached us",
        (Section::About, false) => "About you",
        (Section::About, true) => "About the customer",
        (Section::Adjustments, false) => "Anything we should do differently",
        (Section::Adjustments, true) => "Anything we should do differently for them",
        (Section::Contact, false) => "How we contact you",
        (Section::Contact, true) => "How we contact the customer",
        (Section::Details, _) => match kind {
            FormKind::Complaint => "The complaint",
            FormKind::ServiceRequest => "The request",
            FormKind::Compliment => "The compliment",
        },
        (Section::Remedy, _) => "Putting it right",
        (Section::Evidence, _) => "Photos and documents",
    }
}

/// One page of the form, rendered on the server with the problems it found, inside the
/// island that checks it in the browser.
#[component]
pub fn MakeForm(state: FormState, from_check: bool) -> impl IntoView {
    let kind = FormKind::parse(&state.input.kind).unwrap_or(FormKind::Complaint);
    let staff = state.staff;
    let section = section_of(&state);
    let (title, lead) = titles(kind, staff);
    let (at, of) = section.position(kind, staff);
    let heading = section_title(section, kind, staff);
    let input = state.input.clone();
    let facts = CheckFacts {
        today: state.today.clone(),
        closures: state.closures.clone(),
        rules_differ: state.rules_differ,
        staff,
        complaint: kind == FormKind::Complaint,
        errors: state.errors.clone(),
        input: state.input.clone(),
        section: state.section.clone(),
    };
    let errors: HashMap<String, String> = state.errors.iter().cloned().collect();
    let summary: Vec<FieldError> = domain::form::FIELDS
        .iter()
        .filter(|f| section.fields().contains(f))
        .filter_map(|field| {
            errors.get(*field).map(|message| FieldError {
                field_id: (*field).to_owned(),
                message: message.clone(),
            })
        })
        .collect();
    let server_errors = StoredValue::new(errors);
    let e = move |field: &'static str| {
        Signal::stored(server_errors.with_value(|e| e.get(field).cloned()))
    };
    let draft = state.draft.clone();
    // The draft in the address too: the server counts a form's pages apart from new forms
    // before it reads what was sent.
    let action = draft
        .as_ref()
        .map_or_else(|| "/make".to_owned(), |d| format!("/make?draft={d}"));
    // Back: to the check when changing an answer, else to the page before.
    let back = match (&draft, from_check, section.previous(kind, staff)) {
        (Some(d), true, _) => Some(crate::make::check_href(d)),
        (Some(d), false, Some(previous)) => Some(crate::make::page_href(d, previous, false)),
        (None, false, Some(previous)) => Some(format!(
            "/make?kind={}&section={}{}",
            kind.as_str(),
            previous.code(),
            input
                .customer_id
                .as_deref()
                .map(|id| format!("&customer={id}"))
                .unwrap_or_default()
        )),
        _ => None,
    };
    let questions = match section {
        Section::Received => received(&input, e).into_any(),
        Section::About => about(&state, staff, e).into_any(),
        Section::Adjustments => adjustments(&input, staff, e).into_any(),
        Section::Contact => contact(&input, staff, e).into_any(),
        Section::Details => details(&state, kind, e).into_any(),
        Section::Remedy => remedy(&input, e).into_any(),
        Section::Evidence => evidence(&state, e).into_any(),
    };
    // The deadline, where it is decided: when it reached us (staff) or on the last page.
    let preview = (kind == FormKind::Complaint
        && (section == Section::Received || (!staff && section == Section::Evidence)))
        .then(|| {
            let preview = state.preview.clone();
            view! {
                <div class="inset" id=PREVIEW_ID hidden=preview.is_none()>
                    <h2 class="heading-s">"What happens next"</h2>
                    <p class="body" data-text="">{preview.clone().unwrap_or_default()}</p>
                </div>
            }
        });
    view! {
        {back.map(|href| view! { <a class="back-link" href=href>"Back"</a> })}
        <div class="grid-row">
            <div class="column-two-thirds">
                <FormChecks facts>
                <ErrorSummary errors=Signal::stored(summary) />
                <span class="caption">{format!("{title}: page {at} of {of}")}</span>
                <h1 class="heading-l">{heading}</h1>
                {(at == 1).then(|| view! { <p class="body-l">{lead}</p> })}
                <form method="post" action=action enctype="multipart/form-data" novalidate>
                    <input type="hidden" name="kind" value=kind.as_str() />
                    <input type="hidden" name="section" value=section.code() />
                    {from_check.then(|| view! { <input type="hidden" name="then" value="check" /> })}
                    {draft.map(|d| view! { <input type="hidden" name="draft" value=d /> })}
                    {input
                        .customer_id
                        .clone()
                        .map(|id| view! { <input type="hidden" name="customer_id" value=id /> })}
                    {questions}
                    {preview}
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

/// The form speaks to the customer, or to staff about the customer.
fn say(staff: bool, resident: &'static str, colleague: &'static str) -> &'static str {
    if staff { colleague } else { resident }
}

fn received(
    input: &ComplaintFormInput,
    e: impl Fn(&'static str) -> Signal<Option<String>>,
) -> impl IntoView {
    let (d, m, y) = ComplaintFormInput::date_parts(input.received_on.as_deref());
    view! {
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
}

fn about(
    state: &FormState,
    staff: bool,
    e: impl Fn(&'static str) -> Signal<Option<String>>,
) -> impl IntoView {
    let input = &state.input;
    view! {
        {state
            .existing_customer
            .clone()
            .map(|name| {
                view! {
                    <div class="inset">
                        <p class="body">
                            "For " <strong>{name}</strong>
                            ": their details are filled in from their record."
                        </p>
                    </div>
                }
            })}
        <Radios
            name="describes_you"
            legend=say(staff, "What best describes you?", "What best describes the customer?")
            options=CustomerType::CHOICES.to_vec()
            selected=input.describes_you.clone()
            error=e("describes_you")
        />
        <div class="conditional conditional--describes_you_other">
            <TextInput
                name="describes_you_other"
                label=say(staff, "Tell us what describes you", "Tell us what describes them")
                value=input.describes_you_other.clone().unwrap_or_default()
                error=e("describes_you_other")
            />
        </div>
        <TextInput
            name="name"
            label=say(staff, "Your full name", "The customer's full name")
            value=input.name.clone()
            error=e("name")
            autocomplete="name"
        />
    }
}

fn adjustments(
    input: &ComplaintFormInput,
    staff: bool,
    e: impl Fn(&'static str) -> Signal<Option<String>>,
) -> impl IntoView {
    let mut options: Vec<(&'static str, &'static str)> = Adjustment::CHOICES.to_vec();
    options.push(("other", "Something else"));
    let selected = input.adjustments.clone();
    view! {
        <Checkboxes
            name="adjustments"
            legend=say(
                staff,
                "Do you need us to do anything differently? (optional)",
                "Do they need us to do anything differently? (optional)",
            )
            hint="For example, letters in large print, an interpreter, British Sign Language or text relay. Choose all that apply, or none."
            options
            selected
            error=e("adjustments")
        />
        <div class="conditional conditional--adjustments_other">
            <TextInput
                name="adjustments_other"
                label="Tell us what else we should do"
                value=input.adjustments_other.clone().unwrap_or_default()
                error=e("adjustments_other")
            />
        </div>
    }
}

fn contact(
    input: &ComplaintFormInput,
    staff: bool,
    e: impl Fn(&'static str) -> Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Radios
            name="preferred_contact"
            legend=say(staff, "How would you like us to contact you?", "How would the customer like us to contact them?")
            hint="We will use this for letters and updates. Give us the details it needs below; the others are optional."
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
            hint="Needed for email. We also send the link to follow your case here."
            value=input.email.clone().unwrap_or_default()
            error=e("email")
            input_type="email"
            autocomplete="email"
        />
        <TextArea
            name="address"
            label=say(staff, "Your address", "Address")
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
    }
}

fn details(
    state: &FormState,
    kind: FormKind,
    e: impl Fn(&'static str) -> Signal<Option<String>>,
) -> impl IntoView {
    let input = &state.input;
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
    let description = RwSignal::new(input.what_happened.clone());
    let window_warning = state.window_warning.clone();
    view! {
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
                        value=ComplaintFormInput::date_parts(input.when_happened.as_deref())
                        error=e("when_happened")
                    />
                    <DateInput
                        name="became_aware"
                        legend="If you found out later, when did you find out? (optional)"
                        hint="For example, 2 4 2025."
                        value=ComplaintFormInput::date_parts(input.became_aware.as_deref())
                        error=e("became_aware")
                    />
                    // Kept on the page, hidden when there is nothing to say, for the island
                    // to show as the dates are typed.
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
                    <div class="conditional conditional--what_was_said">
                        <TextArea
                            name="what_was_said"
                            label="What did we say would happen? (optional)"
                            value=input.what_was_said.clone().unwrap_or_default()
                            error=e("what_was_said")
                        />
                    </div>
                }
                    .into_any()
            })}
    }
}

fn remedy(
    input: &ComplaintFormInput,
    e: impl Fn(&'static str) -> Signal<Option<String>>,
) -> impl IntoView {
    view! {
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
}

fn evidence(
    state: &FormState,
    e: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="form-group" class:form-group--error=move || e("evidence").get().is_some()>
            <label class="label" for="evidence">"Add a file (optional)"</label>
            <div class="hint" id="evidence-hint">
                "A photo, document, sound recording, video or a zip of several files, up to 32 MB."
            </div>
            <details class="details">
                <summary class="details__summary">"Which file types we accept"</summary>
                <div class="details__text">{domain::evidence::ALLOWED} "."</div>
            </details>
            <ErrorMessage id="evidence-error".to_owned() error=e("evidence") />
            {state
                .evidence
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
    }
}
