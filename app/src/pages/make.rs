//! The online form: a complaint, a request for a service, or a compliment.
//!
//! Rendered on the server (so it works without JavaScript) from the draft the last post
//! left, if any. In the browser, every answer is checked by the domain's rules as the
//! person leaves a field, the file's name and size as soon as it is chosen, and a chosen
//! file is sent with a progress bar. The server checks everything again.

use std::collections::{HashMap, HashSet};

use crate::components::{
    CharacterCount, Checkboxes, DateInput, ErrorMessage, ErrorSummary, FieldError, Radios,
    TextArea, TextInput,
};
use crate::make::{FormState, load_form};
use domain::form::{Adjustment, ComplaintFormInput, CustomerType, FormKind};
use domain::{ComplaintForm, Description};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The form's fields in the order they appear, for the error summary.
const FIELD_ORDER: [&str; 24] = [
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
                        Ok(state) => view! { <MakeForm state /> }.into_any(),
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

#[component]
fn MakeForm(state: FormState) -> impl IntoView {
    let kind = FormKind::parse(&state.input.kind).unwrap_or(FormKind::Complaint);
    let staff = state.staff;
    let (title, lead) = titles(kind, staff);
    // The form speaks to the customer, or to staff about the customer.
    let say = move |resident: &'static str, colleague: &'static str| {
        if staff { colleague } else { resident }
    };
    let input = state.input.clone();

    let server_errors: StoredValue<HashMap<String, String>> =
        StoredValue::new(state.errors.iter().cloned().collect());
    let client_errors = RwSignal::new(HashMap::<String, String>::new());
    let touched = RwSignal::new(HashSet::<String>::new());
    let attempted = RwSignal::new(!state.errors.is_empty());
    let window_warning = RwSignal::new(state.window_warning.clone());
    let preview = RwSignal::new(state.preview.clone());
    let progress = RwSignal::new(None::<u32>);
    let description = RwSignal::new(input.what_happened.clone());

    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            if touched.read().contains(field) {
                client_errors.read().get(field).cloned()
            } else {
                server_errors.with_value(|e| e.get(field).cloned())
            }
        })
    };
    let summary = Signal::derive(move || {
        if !attempted.get() {
            return Vec::new();
        }
        FIELD_ORDER
            .iter()
            .filter_map(|field| {
                error_for(field).get().map(|message| FieldError {
                    field_id: (*field).to_owned(),
                    message,
                })
            })
            .collect()
    });

    // The preview, recomputed in the browser by the same code as the server, on the same
    // calendar, at the moment the page is seen.
    {
        let closures = state.closures.clone();
        Effect::new(move |_| {
            if kind == FormKind::Complaint && !staff {
                preview.set(Some(browser::preview(&closures)));
            }
        });
    }
    let closures = StoredValue::new(state.closures.clone());

    let today = chrono_today(&state.today);
    let check = move |form_input: ComplaintFormInput, file_problem: Option<String>| {
        let mut found: HashMap<String, String> = match ComplaintForm::parse(&form_input, today) {
            Ok(_) => HashMap::new(),
            Err(errors) => errors
                .0
                .into_iter()
                .map(|e| (e.field.to_owned(), e.message))
                .collect(),
        };
        if let Some(problem) = file_problem {
            found.insert("evidence".to_owned(), problem);
        }
        if staff {
            let now = browser::now();
            match form_input.receiving(now) {
                Ok(receiving) => {
                    if kind == FormKind::Complaint {
                        let calendar = closures.with_value(|c| browser::calendar(c));
                        preview.set(Some(domain::deadlines::received_sentence(
                            &calendar,
                            receiving.at,
                        )));
                    }
                }
                Err(problems) => {
                    preview.set(None);
                    found.extend(
                        problems
                            .0
                            .into_iter()
                            .map(|e| (e.field.to_owned(), e.message)),
                    );
                }
            }
        }
        window_warning.set(domain::form::window_warning(&form_input, today));
        client_errors.set(found);
    };

    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        if let Some((field, form_input, file_problem)) = browser::read_event(&ev) {
            touched.update(|t| {
                t.insert(field);
            });
            check(form_input, file_problem);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some((field, form_input, file_problem)) = browser::read_event(&ev) {
            if field == "evidence" {
                touched.update(|t| {
                    t.insert(field);
                });
            }
            check(form_input, file_problem);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some((form_input, file_problem, has_file)) = browser::read_submit(&ev) else {
            return;
        };
        touched.update(|t| t.extend(FIELD_ORDER.iter().map(|f| (*f).to_owned())));
        check(form_input, file_problem);
        attempted.set(true);
        if !client_errors.read_untracked().is_empty() {
            ev.prevent_default();
            // Already on screen from an earlier try: take the person back to it.
            crate::components::focus_element(crate::components::ERROR_SUMMARY_ID);
        } else if has_file {
            // Sent by script, for the progress bar; the server's answer is a redirect the
            // browser then follows, exactly as without JavaScript.
            ev.prevent_default();
            browser::upload(&ev, progress);
        }
    };

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
        <Title text=title />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">{title}</h1>
                <p class="body-l">{lead}</p>
                <form
                    method="post"
                    action="/make"
                    enctype="multipart/form-data"
                    novalidate
                    on:focusout=on_focusout
                    on:change=on_change
                    on:submit=on_submit
                >
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
                    <TextInput
                        name="phone"
                        label="Phone number"
                        hint="We will call you on this number to talk about it."
                        value=input.phone.clone()
                        error=e("phone")
                        input_type="tel"
                        autocomplete="tel"
                        width="input--width-20"
                    />
                    <TextInput
                        name="email"
                        label="Email address (optional)"
                        hint="We will send letters here if you prefer email."
                        value=input.email.clone().unwrap_or_default()
                        error=e("email")
                        input_type="email"
                        autocomplete="email"
                    />
                    <Radios
                        name="preferred_contact"
                        legend="How would you like us to contact you? (optional)"
                        options=vec![
                            ("phone", "Phone call"),
                            ("email", "Email"),
                            ("letter", "Letter"),
                            ("text", "Text message"),
                        ]
                        selected=input.preferred_contact.clone().unwrap_or_default()
                        error=e("preferred_contact")
                    />
                    <Checkboxes
                        name="adjustments"
                        legend="Do you need us to do anything differently? (optional)"
                        hint="For example, if you need letters in large print or would like an interpreter. Choose all that apply."
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
                    <TextArea
                        name="address"
                        label=say("Your address (optional)", "Address (optional)")
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
                                {move || {
                                    window_warning
                                        .get()
                                        .map(|w| {
                                            view! {
                                                <div class="warning-text" role="status">
                                                    <span class="warning-text__icon" aria-hidden="true">"!"</span>
                                                    <strong class="warning-text__text">
                                                        <span class="visually-hidden">"Note: "</span>
                                                        {w}
                                                    </strong>
                                                </div>
                                            }
                                        })
                                }}
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

                    {move || {
                        preview
                            .get()
                            .map(|p| {
                                view! {
                                    <div class="inset" id="deadline-preview">
                                        <h2 class="heading-s">"What happens next"</h2>
                                        <p class="body">{p}</p>
                                    </div>
                                }
                            })
                    }}
                    {move || {
                        progress
                            .get()
                            .map(|percent| {
                                view! {
                                    <div class="form-group" aria-live="polite">
                                        <label class="label" for="upload-progress">
                                            {format!("Sending your file: {percent}%")}
                                        </label>
                                        <progress id="upload-progress" max="100" value=percent></progress>
                                    </div>
                                }
                            })
                    }}
                    <button type="submit" class="button" disabled=move || progress.get().is_some()>
                        "Continue"
                    </button>
                </form>
            </div>
        </div>
    }
}

fn chrono_today(iso: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap_or_default()
}

#[cfg(feature = "hydrate")]
mod browser {
    //! The browser's side: reading the live form, and sending it with progress.

    use domain::form::ComplaintFormInput;
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{FormData, HtmlFormElement, HtmlInputElement, ProgressEvent, XmlHttpRequest};

    pub fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(web_sys::js_sys::Date::now() as i64)
            .unwrap_or_default()
    }

    /// The server's calendar: the built-in bank holidays and the landlord's closure days.
    pub fn calendar(closures: &[(String, String)]) -> domain::Calendar {
        let closures = closures.iter().filter_map(|(date, name)| {
            let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            domain::ClosureDay::new(date, name).ok()
        });
        domain::Calendar::england_and_wales().with_closures(closures)
    }

    pub fn preview(closures: &[(String, String)]) -> String {
        domain::deadlines::preview_sentence(&calendar(closures), now())
    }

    fn form_of(target: Option<web_sys::EventTarget>) -> Option<HtmlFormElement> {
        let target = target?;
        if let Some(form) = target.dyn_ref::<HtmlFormElement>() {
            return Some(form.clone());
        }
        target
            .dyn_ref::<web_sys::Element>()?
            .closest("form")
            .ok()??
            .dyn_into::<HtmlFormElement>()
            .ok()
    }

    fn input_of(form: &HtmlFormElement) -> ComplaintFormInput {
        let Ok(data) = FormData::new_with_form(form) else {
            return ComplaintFormInput::default();
        };
        ComplaintFormInput::from_fields(|name| {
            data.get_all(name)
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
    }

    /// The chosen file's problem, if any, and whether one is chosen.
    fn file_check(form: &HtmlFormElement) -> (Option<String>, bool) {
        let file = form
            .query_selector("input[type=file]")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        match file {
            Some(file) => (
                domain::evidence::check_before_upload(&file.name(), file.size() as u64)
                    .err()
                    .map(|e| e.to_string()),
                true,
            ),
            None => (None, false),
        }
    }

    /// The field an event came from (its base name, without `-day` and the like), the
    /// form's answers, and the chosen file's problem.
    pub fn read_event(ev: &web_sys::Event) -> Option<(String, ComplaintFormInput, Option<String>)> {
        let target = ev.target()?;
        let name = target
            .dyn_ref::<web_sys::Element>()
            .and_then(|el| el.get_attribute("name"))?;
        let field = ["-day", "-month", "-year"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(&name)
            .to_owned();
        let form = form_of(Some(target))?;
        let (file_problem, _) = file_check(&form);
        Some((field, input_of(&form), file_problem))
    }

    pub fn read_submit(
        ev: &web_sys::SubmitEvent,
    ) -> Option<(ComplaintFormInput, Option<String>, bool)> {
        let form = form_of(ev.target())?;
        let (problem, has_file) = file_check(&form);
        Some((input_of(&form), problem, has_file))
    }

    /// Posts the form with XMLHttpRequest to report the upload's progress, then goes where
    /// the server's redirect went.
    pub fn upload(ev: &web_sys::SubmitEvent, progress: RwSignal<Option<u32>>) {
        let Some(form) = form_of(ev.target()) else {
            return;
        };
        let (Ok(xhr), Ok(data)) = (XmlHttpRequest::new(), FormData::new_with_form(&form)) else {
            let _ = form.submit();
            return;
        };
        progress.set(Some(0));
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some(((e.loaded() / e.total()) * 100.0).round() as u32));
            }
        });
        let on_done = {
            let xhr = xhr.clone();
            let form = form.clone();
            Closure::<dyn FnMut()>::new(move || {
                let url = xhr.response_url();
                if xhr.status().is_ok_and(|s| s < 400) && !url.is_empty() {
                    let _ = window().location().assign(&url);
                } else {
                    // Let the browser post it the ordinary way and show what happens.
                    progress.set(None);
                    let _ = form.submit();
                }
            })
        };
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        xhr.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
        on_progress.forget();
        on_done.forget();
        if xhr.open_with_async("POST", &form.action(), true).is_err()
            || xhr.send_with_opt_form_data(Some(&data)).is_err()
        {
            progress.set(None);
            let _ = form.submit();
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    //! On the server these events never fire.

    use domain::form::ComplaintFormInput;
    use leptos::prelude::*;

    pub fn preview(_closures: &[(String, String)]) -> String {
        String::new()
    }

    pub fn now() -> chrono::DateTime<chrono::Utc> {
        crate::clock::now()
    }

    pub fn calendar(_closures: &[(String, String)]) -> domain::Calendar {
        domain::Calendar::england_and_wales()
    }

    pub fn read_event(
        _ev: &leptos::web_sys::Event,
    ) -> Option<(String, ComplaintFormInput, Option<String>)> {
        None
    }

    pub fn read_submit(
        _ev: &leptos::web_sys::SubmitEvent,
    ) -> Option<(ComplaintFormInput, Option<String>, bool)> {
        None
    }

    pub fn upload(_ev: &leptos::web_sys::SubmitEvent, _progress: RwSignal<Option<u32>>) {}
}
