//! "Your cases" and a case page: what a resident (or a member of staff) may see of a case,
//! and what they can do on it. Every action is a plain form that works without JavaScript.

use crate::case_actions::{
    AddInformation, AskForReview, INFORMATION_MAX_CHARS, TakeBackDecline, TakeBackWithdrawal,
};
use crate::cases::{
    AnswerView, CaseLine, CasePageView, CaseView, RepresentativeLine, case_page, my_cases,
};
use crate::components::{CharacterCount, ErrorMessage, ErrorSummary, FieldError};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn MyCasesPage() -> impl IntoView {
    let cases = Resource::new(|| (), |_| my_cases());
    let welcome = use_query_map().read_untracked().get("welcome").is_some();
    view! {
        <Title text="Your cases" />
        {welcome
            .then(|| {
                view! {
                    <div class="panel-notice" role="status">
                        <p class="body">
                            <strong>"Your account is ready."</strong>
                            " You are signed in. Cases you make from now on, signed in, appear here."
                        </p>
                    </div>
                }
            })}
        <h1 class="heading-l">"Your cases"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading your cases…"</p> }>
            {move || {
                cases
                    .get()
                    .map(|result| match result {
                        Ok(lines) if lines.is_empty() => {
                            view! {
                                <p class="body">"You have no cases with us yet."</p>
                                <p class="body">
                                    <a href="/">"Tell us about a problem"</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(lines) => view! { <CaseList lines /> <YourData /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The way to download what we hold about the resident.
#[component]
fn YourData() -> impl IntoView {
    view! {
        <h2 class="heading-m">"Your data"</h2>
        <p class="body">
            "Save a copy of your account, the contact details we hold and these cases as your case pages show them, as one file (JSON) you can keep or give to someone helping you. "
            <a href="/api/your_data" download="putright-your-data.json" rel="external">"Download your data"</a>
            "."
        </p>
        <p class="body">
            "For anything else we hold about you, ask the complaints team: we answer within a month."
        </p>
    }
}

#[component]
fn CaseList(lines: Vec<CaseLine>) -> impl IntoView {
    view! {
        <ul class="case-list">
            {lines
                .into_iter()
                .map(|line| {
                    let href = format!("/cases/{}", line.reference);
                    view! {
                        <li class="case-list__item">
                            <h2 class="heading-s case-list__title">
                                <a href=href>{format!("{} {}", line.kind, line.reference)}</a>
                            </h2>
                            <p class="case-list__status">
                                <strong class="tag">{line.status}</strong>
                            </p>
                            <p class="body case-list__summary">{line.summary}</p>
                            <p class="hint">
                                {format!("Received {}", line.received_on)}
                                {line.next_due.map(|d| format!(". Our next step is due by {d}"))}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let forms = Forms::new();
    // Read again after an action succeeds, or finds the case changed: the page then shows
    // the latest state.
    let case = Resource::new(
        move || (reference(), forms.redraws.get()),
        |(reference, _)| case_page(reference),
    );
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the case…"</p> }>
            {move || {
                case.get()
                    .map(|result| match result {
                        Ok(CasePageView { case, files, letters }) => {
                            let reference = case.reference.clone();
                            view! {
                                <CaseDetails case forms />
                                <crate::files::FilesSection list=files reference />
                                <crate::pages::letter::CaseLetters lines=letters />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn CaseDetails(case: CaseView, forms: Forms) -> impl IntoView {
    let title = format!("{} {}", case.kind, case.reference);
    let summary = forms.summary();
    let noun = noun(&case.kind);
    let taken_back = case.may_take_back_withdrawal_until.clone().map(|until| {
        view! {
            <TakeBackWithdrawal
                reference=case.reference.clone()
                version=case.version
                until
                noun
                forms
            />
        }
    });
    view! {
        <Title text=title.clone() />
        <ErrorSummary errors=summary />
        <span class="caption">{case.kind.clone()}</span>
        <h1 class="heading-l">{case.reference.clone()}</h1>
        {taken_back}
        <dl class="summary-list case-summary">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Status"</dt>
                <dd class="summary-list__value">
                    <strong class="tag">{case.status.clone()}</strong>
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"What happens next"</dt>
                <dd class="summary-list__value">{case.next.clone()}</dd>
            </div>
        </dl>
        {case.answer.clone().map(|answer| view! { <OurAnswer answer /> })}
        <WhatYouCanDo case=case.clone() forms />
        <h2 class="heading-m">"What you told us"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Received"</dt>
                <dd class="summary-list__value">
                    {format!("{} ({})", case.received_on, case.channel.to_lowercase())}
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"What went wrong"</dt>
                <dd class="summary-list__value prewrap">{case.what_happened.clone()}</dd>
            </div>
            {case
                .outcomes_sought
                .clone()
                .map(|wanted| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"What you want us to do"</dt>
                            <dd class="summary-list__value prewrap">{wanted}</dd>
                        </div>
                    }
                })}
        </dl>
        {(!case.representatives.is_empty())
            .then(|| view! { <Representatives people=case.representatives.clone() /> })}
        <h2 class="heading-m">"What has happened"</h2>
        <ol class="timeline">
            {case
                .timeline
                .into_iter()
                .rev()
                .map(|line| {
                    view! {
                        <li class="timeline__item">
                            <p class="timeline__text">{line.text}</p>
                            <p class="hint">
                                {line.when}
                                {line.by.map(|by| format!(" by {by}"))}
                            </p>
                            {line.detail.map(|d| view! { <p class="body prewrap">{d}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// "complaint" or "request": what the page calls the case in sentences.
pub(crate) fn noun(kind: &str) -> &'static str {
    if kind == "Complaint" {
        "complaint"
    } else {
        "request"
    }
}

/// Our answer and every promise with how far we have got, right under the status.
#[component]
fn OurAnswer(answer: AnswerView) -> impl IntoView {
    let promises = (!answer.promises.is_empty()).then(|| {
        view! {
            <h3 class="heading-s">"What we promised to put things right"</h3>
            <ul class="promise-list">
                {answer
                    .promises
                    .into_iter()
                    .map(|promise| {
                        view! {
                            <li class="promise-list__item">
                                <span class="promise-list__what">{promise.what}</span>
                                <strong
                                    class="tag promise-list__progress"
                                    class:tag--green=promise.done
                                    class:tag--none=!promise.done
                                >
                                    {promise.progress}
                                </strong>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <section class="our-answer" aria-labelledby="our-answer-title">
            <h2 class="heading-m" id="our-answer-title">"Our answer"</h2>
            <p class="body">
                <strong>{answer.decision}</strong>
            </p>
            <p class="hint">
                {answer.sent} ". " <a href="#case-letters-title">"Read our letter"</a>
            </p>
            {promises}
        </section>
    }
}

/// The customer withdrew and may still take it back: said first, with the button.
#[component]
fn TakeBackWithdrawal(
    reference: String,
    version: i32,
    until: String,
    noun: &'static str,
    forms: Forms,
) -> impl IntoView {
    view! {
        <div class="notification-banner" role="region" aria-labelledby="take-back-title">
            <div class="notification-banner__header">
                <h2 class="notification-banner__title" id="take-back-title">
                    "Important"
                </h2>
            </div>
            <div class="notification-banner__content">
                <p class="notification-banner__heading">
                    {format!("You withdrew this {noun}. Changed your mind?")}
                </p>
                <p class="body">
                    {format!(
                        "You can take your withdrawal back until {until}. We will carry on from where we were{}.",
                        if noun == "complaint" { ", and the dates we gave you stay the same" } else { "" },
                    )}
                </p>
                <ActionForm action=forms.take_back attr:novalidate=true>
                    <CaseFields reference version />
                    <SubmitButton
                        forms
                        which=Which::TakeBack
                        label=if noun == "complaint" {
                            "Take back my withdrawal and carry on with my complaint"
                        } else {
                            "Take back my withdrawal and carry on with my request"
                        }
                    />
                </ActionForm>
            </div>
        </div>
    }
}

/// The forms of a case page, one server action each. They live outside the part of the
/// page that is redrawn, so an answer, and what was typed, survive the page being redrawn
/// with the latest state of the case. An answer that came back to a form posted without
/// JavaScript (`?__err=` on the address) is picked up by each action itself.
#[derive(Clone, Copy)]
struct Forms {
    review: ServerAction<AskForReview>,
    take_back: ServerAction<TakeBackWithdrawal>,
    take_back_decline: ServerAction<TakeBackDecline>,
    representative: ServerAction<crate::case_actions::NameRepresentative>,
    information: ServerAction<AddInformation>,
    /// Counts the times the case should be read again.
    redraws: RwSignal<u32>,
    representative_name: RwSignal<String>,
    relationship: RwSignal<String>,
    contact: RwSignal<String>,
    information_text: RwSignal<String>,
}

/// One form on the case page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Review,
    TakeBack,
    TakeBackDecline,
    Representative,
    Information,
}

impl Which {
    const ALL: [Which; 5] = [
        Which::Review,
        Which::TakeBack,
        Which::TakeBackDecline,
        Which::Representative,
        Which::Information,
    ];

    /// The form's button: where a problem with the action itself is reported.
    fn button_id(self) -> &'static str {
        match self {
            Which::Review => "review-button",
            Which::TakeBack => "take-back-button",
            Which::TakeBackDecline => "take-back-decline-button",
            Which::Representative => "representative-button",
            Which::Information => "information-button",
        }
    }

    /// The element id of each field the server may name in a validation error.
    fn field_id(self, field: &str) -> Option<&'static str> {
        match (self, field) {
            (Which::Representative, "name") => Some("representative-name"),
            (Which::Representative, "relationship") => Some("representative-relationship"),
            (Which::Representative, "contact") => Some("representative-contact"),
            (Which::Information, "text") => Some(INFORMATION_FIELD),
            _ => None,
        }
    }
}

/// The added-information textarea's name and id.
const INFORMATION_FIELD: &str = "text";

impl Forms {
    fn new() -> Self {
        // A refused post without JavaScript comes back with what was typed in the address.
        let query = use_query_map();
        let typed =
            move |name: &str| RwSignal::new(query.read_untracked().get(name).unwrap_or_default());
        let forms = Self {
            review: ServerAction::new(),
            take_back: ServerAction::new(),
            take_back_decline: ServerAction::new(),
            representative: ServerAction::new(),
            information: ServerAction::new(),
            redraws: RwSignal::new(0),
            representative_name: typed("name"),
            relationship: typed("relationship"),
            contact: typed("contact"),
            information_text: typed(INFORMATION_FIELD),
        };
        forms.redraw_after(Which::Review, || {});
        forms.redraw_after(Which::TakeBack, || {});
        forms.redraw_after(Which::TakeBackDecline, || {});
        forms.redraw_after(Which::Representative, move || {
            forms.representative_name.set(String::new());
            forms.relationship.set(String::new());
            forms.contact.set(String::new());
        });
        forms.redraw_after(Which::Information, move || {
            forms.information_text.set(String::new())
        });
        forms
    }

    /// The answer to the form's last post: `None` before any, or while one is on its way.
    fn outcome(self, which: Which) -> Option<Result<(), AppError>> {
        match which {
            Which::Review => self.review.value().get(),
            Which::TakeBack => self.take_back.value().get(),
            Which::TakeBackDecline => self.take_back_decline.value().get(),
            Which::Representative => self.representative.value().get(),
            Which::Information => self.information.value().get(),
        }
    }

    fn pending(self, which: Which) -> bool {
        match which {
            Which::Review => self.review.pending().get(),
            Which::TakeBack => self.take_back.pending().get(),
            Which::TakeBackDecline => self.take_back_decline.pending().get(),
            Which::Representative => self.representative.pending().get(),
            Which::Information => self.information.pending().get(),
        }
    }

    fn error(self, which: Which) -> Option<AppError> {
        self.outcome(which).and_then(Result::err)
    }

    /// When a post from this page succeeds, the typed text is cleared and the case read
    /// again; when the case changed meanwhile, it is read again and the typed text kept.
    /// The answer the page loaded with (a form posted without JavaScript) is not acted on.
    fn redraw_after(self, which: Which, clear: impl Fn() + 'static) {
        Effect::new(move |seen: Option<()>| {
            let outcome = self.outcome(which);
            if seen.is_some() {
                match outcome {
                    Some(Ok(())) => {
                        clear();
                        self.redraws.update(|n| *n += 1);
                    }
                    Some(Err(AppError::Stale)) => self.redraws.update(|n| *n += 1),
                    _ => {}
                }
            }
        });
    }

    /// The message for one field of a form.
    fn field_error(self, which: Which, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.error(which).and_then(|e| e.for_field(field)))
    }

    /// A problem with the action itself (not one field): shown next to its button.
    fn action_error(self, which: Which) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error(which).and_then(|e| match &e {
                AppError::Validation { field, .. } if which.field_id(field).is_some() => None,
                _ => Some(e.to_string()),
            })
        })
    }

    /// Every problem on the page, for the error summary at the top.
    fn summary(self) -> Signal<Vec<FieldError>> {
        Signal::derive(move || {
            Which::ALL
                .into_iter()
                .filter_map(|which| {
                    let error = self.error(which)?;
                    let field_id = match &error {
                        AppError::Validation { field, .. } => which.field_id(field),
                        _ => None,
                    }
                    .unwrap_or(which.button_id());
                    Some(FieldError {
                        field_id: field_id.to_owned(),
                        message: error.to_string(),
                    })
                })
                .collect()
        })
    }
}

/// The reference and, for actions that change the case's state, the version the page read.
#[component]
pub(crate) fn CaseFields(
    reference: String,
    #[prop(optional)] version: Option<i32>,
) -> impl IntoView {
    view! {
        <input type="hidden" name="reference" value=reference />
        {version.map(|v| view! { <input type="hidden" name="version" value=v.to_string() /> })}
    }
}

/// A form's button, with any problem with the action itself above it.
#[component]
fn SubmitButton(
    forms: Forms,
    which: Which,
    label: &'static str,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let error = forms.action_error(which);
    let error_id = format!("{}-error", which.button_id());
    let described_by = error_id.clone();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <ErrorMessage id=error_id error=error />
            <button
                type="submit"
                class="button"
                class:button--secondary=secondary
                id=which.button_id()
                aria-describedby=move || error.get().map(|_| described_by.clone())
                disabled=move || forms.pending(which)
            >
                {label}
            </button>
        </div>
    }
}

/// A one-line text field of an action form, keeping what was typed.
#[component]
fn ActionTextField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <label class="label" for=id>{label}</label>
            {hint.map(|hint| view! { <div class="hint" id=hint_id.clone()>{hint}</div> })}
            <ErrorMessage id=error_id error=error />
            <input
                class="input"
                class:input--error=move || error.get().is_some()
                id=id
                name=name
                type="text"
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by
                // The attribute is for the page as first sent (a refused post without
                // JavaScript comes back with what was typed); the property keeps it after.
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
        </div>
    }
}

/// The actions open to the reader on this case, each with what it means, and the Housing
/// Ombudsman's details once the customer may need them. A case that has ended offers what
/// can still be done: a review where allowed, and how to reach us.
#[component]
fn WhatYouCanDo(case: CaseView, forms: Forms) -> impl IntoView {
    let involvement = case.involved_customer_taking_part
        || case.may_decline_involvement
        || case.may_take_back_decline;
    let anything = case.may_ask_for_review
        || case.may_withdraw
        || involvement
        || case.may_name_representative
        || case.may_add_information
        || case.ombudsman.is_some()
        || case.contact_us.is_some();
    let version = case.version;
    let noun = noun(&case.kind);
    let reference = || case.reference.clone();
    let review = case
        .may_ask_for_review
        .then(|| view! { <Review reference=reference() version forms /> });
    let involvement = involvement.then(|| {
        view! {
            <Involvement
                reference=reference()
                version
                taking_part=case.involved_customer_taking_part
                may_decline=case.may_decline_involvement
                may_take_back=case.may_take_back_decline
                forms
            />
        }
    });
    let information = case
        .may_add_information
        .then(|| view! { <Information reference=reference() forms /> });
    let representative = case
        .may_name_representative
        .then(|| view! { <NameRepresentative reference=reference() forms /> });
    let withdraw = case
        .may_withdraw
        .then(|| view! { <Withdraw reference=reference() noun /> });
    let contact_us = case
        .contact_us
        .clone()
        .map(|landlord| view! { <ContactUs landlord /> });
    let ombudsman = case
        .ombudsman
        .clone()
        .map(|contact| view! { <Ombudsman contact /> });
    anything.then(|| {
        view! {
            <section class="case-actions" aria-labelledby="case-actions-title">
                <h2 class="heading-m" id="case-actions-title">"What you can do"</h2>
                {review}
                {involvement}
                {information}
                {representative}
                {contact_us}
                {withdraw}
                {ombudsman}
            </section>
        }
    })
}

/// How to reach us about a case that has ended.
#[component]
fn ContactUs(landlord: domain::landlord::Landlord) -> impl IntoView {
    view! {
        <div class="case-action">
            <h3 class="heading-s">"Contact us"</h3>
            <p class="body">
                "If something has changed, or you want to talk about this case, contact us and give the case reference."
            </p>
            <crate::components::LandlordContacts landlord />
        </div>
    }
}

#[component]
fn Review(reference: String, version: i32, forms: Forms) -> impl IntoView {
    view! {
        <div class="case-action">
            <h3 class="heading-s">"Ask for a review"</h3>
            <p class="body">
                "If you are not happy with our answer, you can ask us to review your complaint. This is Stage 2 of our complaints process: someone senior who did not deal with it before will look at it again. You do not need to give a reason."
            </p>
            <ActionForm action=forms.review attr:novalidate=true>
                <CaseFields reference version />
                <SubmitButton forms which=Which::Review label="Ask for a review" />
            </ActionForm>
        </div>
    }
}

#[component]
fn Information(reference: String, forms: Forms) -> impl IntoView {
    view! {
        <div class="case-action">
            <h3 class="heading-s">"Add information"</h3>
            <ActionForm action=forms.information attr:novalidate=true>
                <CaseFields reference />
                <CharacterCount
                    name=INFORMATION_FIELD
                    label="What do you want to tell us?"
                    hint="For example, something that has happened since you told us, or something you forgot to mention. We will add it to the history of this case."
                    max_chars=INFORMATION_MAX_CHARS
                    value=forms.information_text
                    remaining=information_remaining
                    error=forms.field_error(Which::Information, INFORMATION_FIELD)
                    on_blur=|_| ()
                />
                <SubmitButton forms which=Which::Information label="Add information" />
            </ActionForm>
        </div>
    }
}

#[component]
fn NameRepresentative(reference: String, forms: Forms) -> impl IntoView {
    view! {
        <div class="case-action">
            <h3 class="heading-s">"Ask someone to act for you"</h3>
            <p class="body">
                "You can name someone to deal with this for you, such as a family member, friend, support worker or councillor. We will contact you to check before they can see or act on your case."
            </p>
            <ActionForm action=forms.representative attr:novalidate=true>
                <CaseFields reference />
                <ActionTextField
                    id="representative-name"
                    name="name"
                    label="Their full name"
                    value=forms.representative_name
                    error=forms.field_error(Which::Representative, "name")
                />
                <ActionTextField
                    id="representative-relationship"
                    name="relationship"
                    label="How do you know them? (optional)"
                    hint="For example, my son or my support worker"
                    value=forms.relationship
                    error=forms.field_error(Which::Representative, "relationship")
                />
                <ActionTextField
                    id="representative-contact"
                    name="contact"
                    label="How can we contact them? (optional)"
                    hint="A phone number, email address or postal address"
                    value=forms.contact
                    error=forms.field_error(Which::Representative, "contact")
                />
                <SubmitButton forms which=Which::Representative label="Name this person" />
            </ActionForm>
        </div>
    }
}

fn information_remaining(text: &str) -> isize {
    INFORMATION_MAX_CHARS as isize - text.trim().chars().count() as isize
}

/// An involved customer's part in the review: saying no to it (on a page of its own that
/// says what happens), and taking a "no" back.
#[component]
fn Involvement(
    reference: String,
    version: i32,
    taking_part: bool,
    may_decline: bool,
    may_take_back: bool,
    forms: Forms,
) -> impl IntoView {
    let decline_href = format!("/cases/{reference}/decline-involvement");
    view! {
        <div class="case-action">
            <h3 class="heading-s">"An independent view of your review"</h3>
            {taking_part
                .then(|| {
                    view! {
                        <div class="inset">
                            <p class="body">
                                "An involved customer (a member of our tenant panel) is giving an independent view of your review."
                            </p>
                            <p class="hint">
                                "They see your complaint without your name, contact details or anything else that identifies you."
                            </p>
                        </div>
                    }
                })}
            {may_decline
                .then(|| {
                    let explanation = if taking_part {
                        "If you would rather they did not take part, you can say no."
                    } else {
                        "When we review a complaint, we may ask an involved customer (a member of our tenant panel) for an independent view. They would see your complaint without your name, contact details or anything else that identifies you. If you would rather we did not, you can say no."
                    };
                    view! {
                        <p class="body">{explanation}</p>
                        <p class="body">
                            <a class="link" href=decline_href.clone()>
                                "Say no to an involved customer taking part"
                            </a>
                        </p>
                    }
                })}
            {may_take_back
                .then(|| {
                    view! {
                        <p class="body">
                            "You said no to an involved customer taking part in your review. If you have changed your mind, you can say yes: we may then ask one for an independent view."
                        </p>
                        <ActionForm action=forms.take_back_decline attr:novalidate=true>
                            <CaseFields reference=reference.clone() version />
                            <SubmitButton
                                forms
                                which=Which::TakeBackDecline
                                label="Let an involved customer take part"
                                secondary=true
                            />
                        </ActionForm>
                    }
                })}
        </div>
    }
}

/// Withdrawing: what it means, and the way to the page that asks for certain.
#[component]
fn Withdraw(reference: String, noun: &'static str) -> impl IntoView {
    view! {
        <div class="case-action">
            <h3 class="heading-s">{format!("Withdraw this {noun}")}</h3>
            <p class="body">
                {format!(
                    "If you no longer need us to deal with this, you can withdraw your {noun}. We will ask you to confirm first.",
                )}
            </p>
            <p class="body">
                <a class="link" href=format!("/cases/{reference}/withdraw")>
                    {format!("Withdraw my {noun}")}
                </a>
            </p>
        </div>
    }
}

/// The consequence of a button, in words, before it (GOV.UK warning text).
#[component]
pub(crate) fn Warning(text: String) -> impl IntoView {
    view! {
        <div class="warning-text">
            <span class="warning-text__icon" aria-hidden="true">
                "!"
            </span>
            <strong class="warning-text__text">
                <span class="visually-hidden">"Warning: "</span>
                {text}
            </strong>
        </div>
    }
}

/// The Housing Ombudsman's details (SPEC section 7) and the customer's right to go to them.
#[component]
fn Ombudsman(contact: domain::landlord::OmbudsmanContact) -> impl IntoView {
    let phone = contact.phone_link();
    let email = format!("mailto:{}", contact.email);
    let website = contact.website_link();
    let lines = contact.address.len();
    view! {
        <div class="case-action ombudsman">
            <h3 class="heading-s">"If you are still unhappy"</h3>
            <p class="body">
                "You have the right to ask the Housing Ombudsman to look into your complaint once our complaints process has finished (or if we do not keep to it), and they can give you free, independent advice at any time."
            </p>
            <address class="ombudsman__address">
                {contact
                    .address
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! { {line} {(i + 1 < lines).then(|| view! { <br /> })} })
                    .collect_view()}
            </address>
            <ul class="ombudsman__contacts">
                <li>"Phone: " <a href=phone>{contact.phone}</a></li>
                <li>"Email: " <a href=email>{contact.email}</a></li>
                <li>"Website: " <a href=website>{contact.website}</a></li>
            </ul>
        </div>
    }
}

/// The people named to act for the customer, and whether we have confirmed them.
#[component]
fn Representatives(people: Vec<RepresentativeLine>) -> impl IntoView {
    view! {
        <h2 class="heading-m">"People acting for you"</h2>
        <dl class="summary-list">
            {people
                .into_iter()
                .map(|person| {
                    let who = match person.relationship {
                        Some(relationship) => format!("{} ({relationship})", person.name),
                        None => person.name,
                    };
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{who}</dt>
                            <dd class="summary-list__value">{person.status}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// The answer for a case that is missing or not the reader's (the same), or for someone
/// not signed in.
#[component]
pub(crate) fn Problem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    match error {
        AppError::NotFound => view! {
            <Title text="Case not found" />
            <h1 class="heading-l">"We cannot find that case"</h1>
            <p class="body">
                "Check the case reference. You can only see your own cases and those you act for."
            </p>
            <p class="body">
                <a href="/cases">"See your cases"</a>
            </p>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <Title text="Sign in to see your cases" />
            <h1 class="heading-l">"Sign in to see your cases"</h1>
            <p class="body">
                <a href="/sign-in?next=/cases">"Sign in"</a>
                " to see the cases you have made or act for."
            </p>
        }
        .into_any(),
        other => view! {
            <Title text="Sorry, there is a problem" />
            <h1 class="heading-l">"Sorry, there is a problem"</h1>
            <p class="body">{other.to_string()}</p>
        }
        .into_any(),
    }
}
