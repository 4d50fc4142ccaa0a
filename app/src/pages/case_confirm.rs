//! The resident's two choices that end something, each on a page of its own that says what
//! will happen before the button: withdrawing a case, and saying no to an involved customer
//! at the review. Both can be taken back afterwards on the case page (the domain's rules in
//! `domain::lifecycle::customer`).

use crate::case_actions::{DeclineInvolvement, REASON_MAX_CHARS, WithdrawCase};
use crate::cases::{CaseView, read_case};
use crate::components::{ErrorMessage, ErrorSummary, FieldError};
use crate::error::AppError;
use crate::pages::my_cases::{CaseFields, Problem, Warning, noun};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Reads the case named in the address and draws `page` with it, or the answer for a case
/// the reader may not see.
fn with_case<V: IntoView + 'static>(
    page: impl Fn(CaseView) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let reference = use_params_map()
        .read_untracked()
        .get("reference")
        .unwrap_or_default();
    let case = Resource::new(move || reference.clone(), read_case);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the case…"</p> }>
            {move || {
                let page = page.clone();
                case.get()
                    .map(move |result| match result {
                        Ok(case) => page(case).into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// Nothing to confirm: the case is not in a state for it any more.
fn not_now(case: &CaseView, what: &'static str) -> AnyView {
    let back = format!("/cases/{}", case.reference);
    view! {
        <Title text=what />
        <h1 class="heading-l">{what}</h1>
        <p class="body">
            "This is not possible on this case now. The case page shows where it stands and what you can do."
        </p>
        <p class="body">
            <a href=back>"Back to your case"</a>
        </p>
    }
    .into_any()
}

/// A problem with the action as a whole, for the summary and beside the button.
fn action_problem(error: Option<AppError>, field: &'static str) -> Option<String> {
    error.and_then(|e| match &e {
        AppError::Validation { field: f, .. } if f == field => None,
        _ => Some(e.to_string()),
    })
}

#[component]
pub fn WithdrawPage() -> impl IntoView {
    let action = ServerAction::<WithdrawCase>::new();
    let query = use_query_map();
    let reason = RwSignal::new(query.read_untracked().get("reason").unwrap_or_default());
    with_case(move |case| {
        if !case.may_withdraw {
            return not_now(&case, "You cannot withdraw this case").into_any();
        }
        let noun = noun(&case.kind);
        let error = move || action.value().get().and_then(Result::err);
        let reason_error = Signal::derive(move || error().and_then(|e| e.for_field("reason")));
        let button_error = Signal::derive(move || action_problem(error(), "reason"));
        let summary = Signal::derive(move || {
            let mut lines = Vec::new();
            if let Some(message) = reason_error.get() {
                lines.push(FieldError {
                    field_id: "withdraw-reason".to_owned(),
                    message,
                });
            }
            if let Some(message) = button_error.get() {
                lines.push(FieldError {
                    field_id: "withdraw-button".to_owned(),
                    message,
                });
            }
            lines
        });
        let described_by = move || {
            if reason_error.get().is_some() {
                "withdraw-reason-hint withdraw-reason-error"
            } else {
                "withdraw-reason-hint"
            }
        };
        let back = format!("/cases/{}", case.reference);
        let title = format!("Withdraw your {noun}");
        let until = case.take_back_until_if_withdrawn_today.clone();
        view! {
            <Title text=title.clone() />
            <ErrorSummary errors=summary />
            <a class="back-link" href=back.clone()>
                "Back to your case"
            </a>
            <span class="caption">{case.reference.clone()}</span>
            <h1 class="heading-l">{format!("Are you sure you want to withdraw your {noun}?")}</h1>
            <p class="body">"If you withdraw it:"</p>
            <ul class="list list--bullet">
                <li>"we stop work on it and close it"</li>
                <li>"your case page shows it as withdrawn"</li>
                <li>
                    {match until {
                        Some(until) => format!(
                            "you can change your mind on your case page until {until}, and we will carry on from where we were",
                        ),
                        None => "you can change your mind on your case page for a few days".to_owned(),
                    }}
                </li>
                <li>
                    {format!(
                        "after that, if the problem comes back, contact us and we will open a new {noun}",
                    )}
                </li>
            </ul>
            <ActionForm action attr:novalidate=true>
                <CaseFields reference=case.reference.clone() version=case.version />
                <div class="form-group" class:form-group--error=move || reason_error.get().is_some()>
                    <label class="label" for="withdraw-reason">
                        "Why are you withdrawing it? (optional)"
                    </label>
                    <div class="hint" id="withdraw-reason-hint">
                        {format!(
                            "This helps us learn. You do not have to tell us. Up to {} characters.",
                            crate::components::thousands(REASON_MAX_CHARS as u64),
                        )}
                    </div>
                    <ErrorMessage id="withdraw-reason-error".to_owned() error=reason_error />
                    <textarea
                        class="textarea"
                        class:textarea--error=move || reason_error.get().is_some()
                        id="withdraw-reason"
                        name="reason"
                        rows="3"
                        aria-describedby=described_by
                        aria-invalid=move || reason_error.get().is_some().to_string()
                        prop:value=move || reason.get()
                        on:input:target=move |ev| reason.set(ev.target().value())
                    >
                        {reason.get_untracked()}
                    </textarea>
                </div>
                <Warning text=format!("You are about to withdraw your {noun}.") />
                <ConfirmButtons
                    id="withdraw-button"
                    label=if noun == "complaint" {
                        "Yes, withdraw my complaint"
                    } else {
                        "Yes, withdraw my request"
                    }
                    warning=true
                    back
                    error=button_error
                    pending=action.pending()
                />
            </ActionForm>
        }
        .into_any()
    })
}

#[component]
pub fn DeclineInvolvementPage() -> impl IntoView {
    let action = ServerAction::<DeclineInvolvement>::new();
    with_case(move |case| {
        if !case.may_decline_involvement {
            return not_now(&case, "You cannot make this choice on this case now").into_any();
        }
        let button_error =
            Signal::derive(move || action_problem(action.value().get().and_then(Result::err), ""));
        let summary = Signal::derive(move || {
            button_error
                .get()
                .map(|message| FieldError {
                    field_id: "decline-button".to_owned(),
                    message,
                })
                .into_iter()
                .collect::<Vec<_>>()
        });
        let back = format!("/cases/{}", case.reference);
        let taking_part = case.involved_customer_taking_part;
        view! {
            <Title text="Say no to an involved customer taking part" />
            <ErrorSummary errors=summary />
            <a class="back-link" href=back.clone()>
                "Back to your case"
            </a>
            <span class="caption">{case.reference.clone()}</span>
            <h1 class="heading-l">
                "Are you sure you do not want an involved customer to take part in your review?"
            </h1>
            <p class="body">
                "An involved customer is a member of our tenant panel who gives an independent view of how we dealt with a complaint. They never see your name, contact details or anything else that identifies you."
            </p>
            <p class="body">"If you say no:"</p>
            <ul class="list list--bullet">
                {taking_part
                    .then(|| {
                        view! {
                            <li>
                                "the involved customer already asked stops seeing your complaint straight away"
                            </li>
                        }
                    })}
                <li>"we will not ask one to look at your complaint"</li>
                <li>"your complaint is dealt with in the same way and to the same dates"</li>
                <li>
                    "you can change your mind on your case page while your complaint is open"
                </li>
            </ul>
            <ActionForm action attr:novalidate=true>
                <CaseFields reference=case.reference.clone() version=case.version />
                <ConfirmButtons
                    id="decline-button"
                    label="Yes, I do not want an involved customer to take part"
                    warning=false
                    back
                    error=button_error
                    pending=action.pending()
                />
            </ActionForm>
        }
        .into_any()
    })
}

/// The confirming button, with any problem with the action above it, and the way back.
#[component]
fn ConfirmButtons(
    id: &'static str,
    label: &'static str,
    /// Red, for a choice with a consequence (GOV.UK's warning button).
    warning: bool,
    back: String,
    error: Signal<Option<String>>,
    pending: Memo<bool>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <ErrorMessage id=error_id error=error />
            <div class="button-group">
                <button
                    type="submit"
                    class="button"
                    class:button--warning=warning
                    id=id
                    aria-describedby=move || error.get().map(|_| described_by.clone())
                    disabled=move || pending.get()
                >
                    {label}
                </button>
                <a class="link" href=back>
                    "No, go back to my case"
                </a>
            </div>
        </div>
    }
}
