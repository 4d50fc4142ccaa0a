//! The staff case page and the page of each step of the procedure.
//!
//! The case page puts what a tablet user needs first: the deadline in force (with its
//! red/amber/green status in words), the customer's reasonable adjustments and preferred
//! contact, and the steps open now as large buttons. Each step is a page of its own with one
//! short form, so a field's id is never repeated and the back button does what people
//! expect. Forms work as plain posts without JavaScript, and a refused step keeps
//! everything typed either way: with JavaScript the form stays as it is; without, the step
//! page is sent back with the answers in its address and shows them. With JavaScript, a
//! case saved meanwhile by someone else is shown as it now is above
//! the untouched form.

use crate::cases::TimelineLine;
use crate::components::{
    Checkboxes, DateInput, ErrorMessage, ErrorSummary, Radios, TextArea, TextInput, not_about,
    summary_lines,
};
use crate::error::{AppError, error_from_url};
use crate::staff::steps::{RespondStage, Rows, TakeStep};
use crate::staff::{
    Choice, CustomerPanel, DeadlineLine, StaffCaseView, StepCode, StepDetails, staff_case,
    step_form,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn StaffCasePage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let case = Resource::new(reference, staff_case);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the case…"</p> }>
            {move || {
                case.get()
                    .map(|result| match result {
                        Ok(case) => view! { <CaseBody case /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The whole page of a case the reader may see: its head, its record with the files and the
/// involved customer's part, the timeline, and beside them its priority and what is due.
#[component]
fn CaseBody(case: StaffCaseView) -> impl IntoView {
    let reference = case.reference.clone();
    let files = case.files.clone();
    let involvement = case.involvement.clone();
    let timeline = case.timeline.clone();
    view! {
        <CaseHead case=case.clone() />
        <div class="staff-case">
            <div class="staff-case__main">
                <CaseRecord case=case.clone() />
                <crate::files::FilesSection list=files reference=reference.clone() />
                <crate::pages::panel::InvolvedViewPanel involvement reference />
                <h2 class="heading-m">"Timeline"</h2>
                <Timeline lines=timeline />
            </div>
            <aside class="staff-case__side">
                <CaseSide case />
            </aside>
        </div>
    }
}

#[component]
fn Problem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    let title = match error {
        AppError::NotFound => "Page not found",
        AppError::Forbidden => "You cannot see this page",
        _ => "Sorry, there is a problem",
    };
    view! {
        <Title text=title />
        <h1 class="heading-l">{title}</h1>
        <p class="body">{error.to_string()}</p>
        <p class="body">
            <a href="/staff">"Back to the work queue"</a>
        </p>
    }
}

#[component]
fn DeadlineBox(deadline: DeadlineLine) -> impl IntoView {
    let class = format!("deadline deadline--{}", deadline.rag);
    view! {
        <div class=class>
            <p class="deadline__leg">
                <strong class=format!("tag tag--{}", deadline.rag)>{deadline.rag_label}</strong>
                " "
                {deadline.leg}
            </p>
            <p class="deadline__due">
                "By " <strong>{deadline.due}</strong> " · " {deadline.time_left}
            </p>
            <p class="hint deadline__why">{deadline.explanation}</p>
        </div>
    }
}

/// How often we update the customer, when next, and the way to record one.
#[component]
fn UpdatesBox(updates: crate::updates::UpdatesView) -> impl IntoView {
    let now = match (&updates.every, &updates.next) {
        (Some(every), Some(next)) => format!("{every}; next by {next}."),
        _ => "No regular updates agreed.".to_owned(),
    };
    view! {
        <section class="priority" aria-labelledby="updates-title">
            <h2 class="heading-s" id="updates-title">"Keeping them informed"</h2>
            <p class="body">
                {updates.due.then(|| view! { <strong class="tag tag--amber">"Update due"</strong> " " })}
                {now}
            </p>
            {updates.may_update.then(|| view! {
                <p class="body">
                    <a href=format!("/staff/cases/{}/updates", updates.reference)>
                        "Record an update, or agree how often"
                    </a>
                </p>
            })}
        </section>
    }
}

/// The reasons a complaint is not accepted, as radio choices.
fn refusal_reasons() -> Vec<(&'static str, &'static str)> {
    domain::lifecycle::RefusalReason::ALL
        .iter()
        .map(|r| (r.as_str(), r.label()))
        .collect()
}

/// The customer, with what they need from us where it cannot be missed.
#[component]
fn CustomerBox(customer: CustomerPanel, #[prop(optional)] compact: bool) -> impl IntoView {
    let adjustments = (!customer.adjustments.is_empty()).then(|| {
        let review = customer.adjustments_review.clone().map(|r| {
            view! {
                <p class="body hint">
                    {format!("Next review {}", r.review_on)}
                    {r.review_due.then(|| view! { " " <strong class="tag tag--red">"Review due"</strong> })}
                </p>
            }
        });
        let link = customer.may_review_adjustments.then(|| {
            view! {
                <p class="body">
                    <a href=format!("/staff/customers/{}/adjustments", customer.id)>
                        "Record what we did, or review them"
                    </a>
                </p>
            }
        });
        view! {
            <div class="adjustments" role="note" aria-label="Reasonable adjustments">
                <p class="adjustments__title">"Reasonable adjustments"</p>
                <ul class="list">
                    {customer
                        .adjustments
                        .iter()
                        .map(|a| view! { <li>{a.clone()}</li> })
                        .collect_view()}
                </ul>
                {review}
                {link}
            </div>
        }
    });
    let preferred = customer
        .preferred_contact
        .clone()
        .map(|p| view! { <p class="body"><strong>"Prefers: "</strong>{p}</p> });
    let restriction = customer.restriction.clone().map(|r| {
        view! {
            <div class="restriction" role="note" aria-label="Contact restriction">
                <p class="restriction__title">
                    "Contact restricted"
                    {r.review_due.then(|| view! { " " <strong class="tag tag--red">"Review due"</strong> })}
                </p>
                <p class="body">{r.what}</p>
                <p class="body prewrap">{format!("Why: {}", r.reason)}</p>
                <p class="body hint">{format!("{}. Review by {}.", r.decided, r.review_on)}</p>
                <p class="body hint">
                    "Their complaint goes on as before: every step, deadline and letter is unchanged."
                </p>
            </div>
        }
    });
    let vulnerability = customer.vulnerability.clone().map(|v| {
        let (class, title) = if v.risk {
            ("vulnerability vulnerability--risk", "At risk")
        } else {
            ("vulnerability", "Vulnerable")
        };
        view! {
            <div class=class role="note" aria-label="Vulnerability and risk">
                <p class="vulnerability__title">
                    {title}
                    {v.review_due.then(|| view! { " " <strong class="tag tag--red">"Review due"</strong> })}
                </p>
                <ul class="list">
                    {v.circumstances.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                </ul>
                <p class="body prewrap">{v.reason.clone()}</p>
                {v.support.clone().map(|s| view! { <p class="body prewrap"><strong>"What we do: "</strong>{s}</p> })}
                <p class="body hint">{format!("{}. Review by {}.", v.recorded, v.review_on)}</p>
            </div>
        }
    });
    let flag = customer.may_flag.then(|| {
        let text = if customer.vulnerability.is_some() {
            "Review or remove the vulnerability flag".to_owned()
        } else {
            format!("Record that {} is vulnerable or at risk", customer.name)
        };
        view! {
            <p class="body">
                <a href=format!("/staff/customers/{}/vulnerability", customer.id)>{text}</a>
            </p>
        }
    });
    let restrict = customer.may_restrict.then(|| {
        let (text, name) = if customer.restriction.is_some() {
            (
                "Review or lift the contact restriction".to_owned(),
                String::new(),
            )
        } else {
            ("Restrict how we contact ".to_owned(), customer.name.clone())
        };
        view! {
            <p class="body">
                <a href=format!("/staff/customers/{}/restriction", customer.id)>{text}{name}</a>
            </p>
        }
    });
    view! {
        <section class="customer" aria-labelledby="customer-title">
            <h2 class="heading-m" id="customer-title">{customer.name.clone()}</h2>
            {vulnerability}
            {restriction}
            {adjustments}
            {preferred}
            {(!compact)
                .then(|| {
                    view! {
                        <dl class="summary-list">
                            <Row key="Describes themselves as" value=customer.describes.clone() />
                            {customer.phone.clone().map(|p| view! { <Row key="Phone" value=p /> })}
                            {customer.email.clone().map(|e| view! { <Row key="Email" value=e /> })}
                            {customer
                                .address
                                .clone()
                                .map(|a| view! { <Row key="Address" value=a /> })}
                            {customer
                                .postcode
                                .clone()
                                .map(|p| view! { <Row key="Postcode" value=p /> })}
                        </dl>
                        <p class="body">
                            <a href=format!("/make?kind=complaint&customer={}", customer.id)>
                                "Log another case for " {customer.name.clone()}
                            </a>
                        </p>
                        {customer.may_correct.then(|| view! {
                            <p class="body">
                                <a href=format!("/staff/customers/{}/details", customer.id)>
                                    {format!("Correct {}'s contact details", customer.name)}
                                </a>
                            </p>
                        })}
                        {flag}
                        {restrict}
                        {customer.may_export.then(|| view! {
                            <p class="body">
                                <a href=format!("/staff/customers/{}/data", customer.id)>
                                    {format!("Everything we hold about {}", customer.name)}
                                </a>
                            </p>
                        })}
                    }
                })}
        </section>
    }
}

#[component]
fn Row(key: &'static str, #[prop(into)] value: String) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value prewrap">{value}</dd>
        </div>
    }
}

/// The case's heading, where it is and the deadline in force.
#[component]
fn CaseHead(case: StaffCaseView) -> impl IntoView {
    let title = format!("{} {}", case.kind, case.reference);
    view! {
        <Title text=title />
        <p class="body">
            <a href="/staff" class="back-link">"Work queue"</a>
        </p>
        <span class="caption">{format!("{} · {}", case.kind, case.channel)}</span>
        <h1 class="heading-l">{case.reference.clone()}</h1>
        {case.erased.clone().map(|on| view! {
            <div class="inset">
                <p class="body">
                    {format!("This case's personal data was erased on {on} under the retention schedule: the customer's words, names, contact details, notes and files are gone. Its dates, outcomes and remedies stay for the reports.")}
                </p>
            </div>
        })}
        <p class="body">
            <strong class="tag">{case.stage.clone()}</strong>
            {(case.priority.priority != domain::triage::Priority::Standard)
                .then(|| {
                    let p = case.priority.priority;
                    view! {
                        " "
                        <strong class=format!(
                            "tag tag--priority-{}",
                            p.code(),
                        )>{format!("{} priority", p.label())}</strong>
                    }
                })}
            {case
                .linked
                .clone()
                .map(|linked| {
                    view! {
                        " Linked to "
                        <a href=format!("/staff/cases/{linked}")>{linked.clone()}</a>
                    }
                })}
        </p>
        {case
            .locked
            .then(|| {
                view! {
                    <div class="warning-text">
                        <span class="warning-text__icon" aria-hidden="true">"!"</span>
                        <strong class="warning-text__text">
                            "The Housing Ombudsman is looking at this case. Do not settle it with the customer unless the Ombudsman asks."
                        </strong>
                    </div>
                }
            })}
        {case.deadline.clone().map(|deadline| view! { <DeadlineBox deadline /> })}
    }
}

/// What the team does and records: the next steps, this stage's deadlines, the record, the
/// remedies and the letters.
#[component]
fn CaseRecord(case: StaffCaseView) -> impl IntoView {
    let reference = case.reference.clone();
    let steps = case.steps.clone();
    let steps_note = case.steps_note.clone();
    view! {
        {steps_note
            .map(|note| {
                view! {
                    <div class="inset" id="steps-note">
                        <p class="body">{note}</p>
                    </div>
                }
            })}
        {(!steps.is_empty())
            .then(|| {
                view! {
                    <h2 class="heading-m" id="next-steps">"Next steps"</h2>
                    <ul class="step-buttons" aria-labelledby="next-steps">
                        {steps
                            .into_iter()
                            .map(|step| {
                                let href = format!(
                                    "/staff/cases/{}/{}",
                                    reference,
                                    step.code,
                                );
                                view! {
                                    <li>
                                        <a class="button button--secondary step-button" href=href>
                                            {step.label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {(!case.legs.is_empty())
            .then(|| {
                view! {
                    <h2 class="heading-m">"This stage's deadlines"</h2>
                    <table class="table">
                        <caption class="visually-hidden">"Deadlines of the stage in progress"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Step"</th>
                                <th scope="col">"Due by"</th>
                                <th scope="col">"Done"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {case
                                .legs
                                .clone()
                                .into_iter()
                                .map(|leg| {
                                    view! {
                                        <tr>
                                            <th scope="row">{leg.leg}</th>
                                            <td>{leg.due.unwrap_or_default()}</td>
                                            <td>{leg.done.unwrap_or_else(|| "Not yet".into())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
        <h2 class="heading-m">"The case"</h2>
        <dl class="summary-list">
            <Row key="Received" value=case.received.clone() />
            {case.handler.clone().map(|h| view! { <Row key="Stage 1 handler" value=h /> })}
            {case.reviewer.clone().map(|r| view! { <Row key="Stage 2 reviewer" value=r /> })}
            {(!case.learning.is_empty())
                .then(|| view! { <Row key="Root causes" value=case.learning.join(", ") /> })}
            {case
                .details
                .clone()
                .into_iter()
                .map(|(key, value)| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{key}</dt>
                            <dd class="summary-list__value prewrap">{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        {(!case.remedies.is_empty())
            .then(|| {
                view! {
                    <h2 class="heading-m">"Remedies"</h2>
                    <ul class="list remedy-list">
                        {case
                            .remedies
                            .clone()
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        {r.text} " — "
                                        <strong class="tag" class:tag--amber=r.outstanding>
                                            {r.state}
                                        </strong>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {(!case.referrals.is_empty())
            .then(|| view! { <Referrals referrals=case.referrals.clone() /> })}
        {(!case.letters.is_empty())
            .then(|| {
                view! {
                    <h2 class="heading-m" id="case-letters">"Letters"</h2>
                    <ul class="list" aria-labelledby="case-letters">
                        {case
                            .letters
                            .clone()
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <li>
                                        <a href=format!("/letters/{}", l.id)>{l.subject}</a>
                                        {format!(" — {}", l.issued)}
                                        {l.large_print.then_some(" (large print)")}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {case
            .may_read_views
            .then(|| {
                view! {
                    <p class="body">
                        <a href=format!("/staff/case-views/{}", case.reference)>
                            "Who has looked at this case"
                        </a>
                    </p>
                }
            })}
        {case
            .may_hold
            .then(|| {
                view! {
                    <p class="body">
                        <a href=format!("/staff/cases/{}/retention", case.reference)>
                            "Retention and legal hold"
                        </a>
                    </p>
                }
            })}
    }
}

/// The customer, and anyone acting for them.
#[component]
fn CaseSide(case: StaffCaseView) -> impl IntoView {
    let priority = case.priority.clone();
    view! {
    <section class="priority" aria-labelledby="priority-title">
        <h2 class="heading-s" id="priority-title">"Priority"</h2>
        <p class="body">
            <strong class=format!("tag tag--priority-{}", priority.priority.code())>
                {priority.priority.label()}
            </strong>
            {priority.reason.clone().map(|r| format!(" {r}"))}
        </p>
        {priority.set.clone().map(|s| view! { <p class="body hint">{format!("Last {s}.")}</p> })}
        {priority.may_set.then(|| view! {
            <p class="body">
                <a href=format!("/staff/cases/{}/priority", priority.reference)>"Change the priority"</a>
            </p>
        })}
    </section>
    <UpdatesBox updates=case.updates.clone() />
    {case.customer.clone().map(|customer| view! { <CustomerBox customer /> })}
    {(!case.representatives.is_empty())
        .then(|| {
            view! {
                <h2 class="heading-s">"Acting for the customer"</h2>
                <ul class="list">
                    {case
                        .representatives
                        .clone()
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li>
                                    {r.name}
                                    {r.relationship.map(|rel| format!(" ({rel})"))}
                                    {r.contact.map(|c| format!(", {c}"))}
                                    " — "
                                    {if r.confirmed {
                                        "authority confirmed"
                                    } else {
                                        "waiting for us to confirm their authority"
                                    }}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })}
    }
}

#[component]
fn Timeline(lines: Vec<TimelineLine>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {lines
                .into_iter()
                .rev()
                .map(|line| {
                    view! {
                        <li class="timeline__item">
                            <p class="timeline__text">{line.text}</p>
                            <p class="hint">{line.when} {line.by.map(|by| format!(" by {by}"))}</p>
                            {line.detail.map(|d| view! { <p class="body prewrap">{d}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// What the customer would see of a step not yet taken, under its form.
#[component]
fn CustomerPreviewBox(
    preview: crate::letters::CustomerPreview,
    #[prop(default = "Check what the customer will see")] heading: &'static str,
    #[prop(
        default = "Nothing has been saved or sent yet. To change it, change your answers above and preview again."
    )]
    intro: &'static str,
) -> impl IntoView {
    let nothing = preview.on_their_page.is_empty() && preview.letter.is_none();
    let page = (!preview.on_their_page.is_empty()).then(|| {
        view! {
            <h3 class="heading-s">"On their case page"</h3>
            <Timeline lines=preview.on_their_page />
        }
    });
    let letter = preview.letter.map(|letter| {
        view! {
            <h3 class="heading-s">"The letter"</h3>
            <crate::pages::letter::LetterPreviewBody preview=letter />
        }
    });
    view! {
        <section
            class="customer-preview"
            id="customer-preview"
            tabindex="-1"
            aria-labelledby="customer-preview-heading"
        >
            <h2 class="heading-m" id="customer-preview-heading">
                {heading}
            </h2>
            <p class="body">{intro}</p>
            {nothing.then(|| view! { <p class="body">"The customer will see nothing of this step."</p> })}
            {page}
            {letter}
        </section>
    }
}

#[component]
pub fn StepPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("reference").unwrap_or_default(),
            p.get("step").unwrap_or_default(),
        )
    };
    // Sent back because the case changed meanwhile: the form again, with the case now.
    let after_change = matches!(error_from_url(), Some(AppError::Stale));
    let form = Resource::new(key, move |(reference, step)| async move {
        let form = step_form(reference.clone(), step, after_change).await?;
        // What changed, to show beside the form.
        let now = if after_change {
            staff_case(reference).await.ok()
        } else {
            None
        };
        Ok::<_, AppError>((form, now))
    });
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                form.get()
                    .map(|result| match result {
                        Ok((form, now)) => view! { <StepScreen form now /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// Every field a step's form may have, in the order they appear: the error summary lists
/// problems in this order.
const FIELDS: [&str; 19] = [
    "on",
    "person",
    "item",
    "code",
    "outcome",
    "definition",
    "apology",
    "text",
    "to",
    "reason",
    "approve",
    "category",
    "learning",
    "add-points",
    "add-payments",
    "add-actions",
    "step-button",
    "action-button",
    "version",
];

/// The fields of the response form's rows, numbered from 1: `point-2`, `action-due-1`.
const ROW_FIELDS: [&str; 7] = [
    "point-",
    "finding-",
    "point-outcome-",
    "payment-",
    "action-",
    "action-due-",
    "action-owner-",
];

/// Whether a refusal names a field of the form (shown next to it) rather than the step.
fn is_field(name: &str) -> bool {
    FIELDS.contains(&name)
        || ROW_FIELDS.iter().any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The answer to the form: the last post's, or the one the page was sent back with when
/// the form was posted without JavaScript.
fn answer_of(
    value: Signal<Option<Result<(), AppError>>>,
    from_url: Option<AppError>,
) -> Signal<Option<AppError>> {
    Signal::derive(move || match value.get() {
        Some(result) => result.err(),
        None => from_url.clone(),
    })
}

/// A step's form; `now` is the case as it stands, when the form came back because someone
/// changed it meanwhile.
#[component]
fn StepScreen(form: StepDetails, now: Option<StaffCaseView>) -> impl IntoView {
    let code = StepCode::parse(&form.code).unwrap_or(StepCode::Note);
    let take = ServerAction::<TakeStep>::new();
    let respond = ServerAction::<RespondStage>::new();
    let from_url = error_from_url();
    // The written response's own form: a stage's response, or the Stage 2 outcome written
    // for sign-off. The outcome signed off is sent with its date alone.
    let response_form = code == StepCode::ProposeOutcome
        || (code == StepCode::Respond && form.outcome_to_agree.is_none());
    let error = if response_form {
        answer_of(respond.value().into(), from_url)
    } else {
        answer_of(take.value().into(), from_url)
    };
    let pending = Signal::derive(move || take.pending().get() || respond.pending().get());
    let field = move |name: &str| {
        let name = name.to_owned();
        Signal::derive(move || error.get().and_then(|e| e.for_field(&name)))
    };
    // A problem with the step itself (not one of its fields), shown above the button.
    let step_error = Signal::derive(move || error.get().and_then(|e| not_about(&e, is_field)));
    // Every problem at once, each linking to its field.
    let summary = Signal::derive(move || {
        error.get().map_or_else(Vec::new, |e| {
            summary_lines(&e, is_field, |_| None, "step-button")
        })
    });

    // The version the form saves against: the case's latest, read with the form.
    let version = form.version;
    let title = format!("{} – {}", form.title, form.reference);
    let back = format!("/staff/cases/{}", form.reference);
    // What was typed, when a refused post without JavaScript sent the page back with it.
    let query = use_query_map();
    // Without answers in the address, the form starts from the outcome written before.
    let answers = StoredValue::new(if query.read_untracked().latest_values().next().is_none() {
        form.answers.clone()
    } else {
        Vec::new()
    });
    let typed = move |name: &str| {
        query.read_untracked().get(name).unwrap_or_else(|| {
            answers.with_value(|a| {
                a.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
        })
    };
    let fields = view! { <StepFields form=form.clone() code field typed /> };
    let hidden = {
        let reference = form.reference.clone();
        let step = form.code.clone();
        move || {
            view! {
                <input type="hidden" name="reference" value=reference.clone() />
                <input type="hidden" name="version" value=version.to_string() />
                <input type="hidden" name="step" value=step.clone() />
            }
        }
    };
    let button_label = match code {
        StepCode::ProposeOutcome => "Ask the head of service to sign it off".to_owned(),
        StepCode::Respond if !response_form => "Send the signed-off outcome".to_owned(),
        StepCode::Respond => "Save the response and issue the letter".to_owned(),
        StepCode::SignOff => "Sign off this outcome".to_owned(),
        _ => form.title.clone(),
    };
    // The outcome to agree (signing off) or to send (once signed off), as the customer
    // would get it.
    let to_agree = form.outcome_to_agree.clone().map(|preview| {
        let (heading, intro) = if code == StepCode::SignOff {
            (
                "The outcome you are signing off",
                "The reviewer wrote this outcome for you to agree. The customer will get this letter when the reviewer sends it; if the reviewer changes it, it comes back to you.",
            )
        } else {
            (
                "The outcome the head of service signed off",
                "This is what you send: the outcome as it was agreed. To change it, write it for sign-off again.",
            )
        };
        view! { <CustomerPreviewBox preview heading intro /> }
    });
    // What the customer would see of the step (their case page's new lines, the letter), as
    // it would be, after "Preview" (nothing saved).
    // Read again whenever the address changes: with JavaScript the page stays and the
    // router moves to the preview's address.
    let customer_preview = code.previewable().then(|| {
        let reference = form.reference.clone();
        let step = form.code.clone();
        let location = leptos_router::hooks::use_location();
        let letter = Resource::new(
            move || {
                let search = location.search.get();
                query.read().get("preview").is_some().then_some(search)
            },
            move |search| {
                let (reference, step) = (reference.clone(), step.clone());
                async move {
                    match search {
                        Some(search) => {
                            crate::staff::steps::preview_step(reference, step, search).await
                        }
                        None => Ok(None),
                    }
                }
            },
        );
        view! {
            <Suspense fallback=|| ()>
                {move || {
                    letter
                        .get()
                        .map(|result| match result {
                            Ok(Some(preview)) => view! { <CustomerPreviewBox preview /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(_) => {
                                view! {
                                    <p class="body" id="customer-preview" tabindex="-1">
                                        "The preview could not be shown: check your answers and preview again."
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        }
    });
    let preview_button = (code.previewable() && form.outcome_to_agree.is_none()).then(|| {
        view! {
            <button
                type="submit"
                class="button button--secondary"
                name="preview"
                value="yes"
                id="preview-button"
                disabled=move || pending.get()
            >
                {if code.sends_letter() || code == StepCode::ProposeOutcome {
                    "Preview the letter"
                } else {
                    "Preview what the customer will see"
                }}
            </button>
        }
    });
    let button = view! {
        {customer_preview}
        <div class="form-group" class:form-group--error=move || step_error.get().is_some()>
            <ErrorMessage id="step-button-error".to_owned() error=step_error />
            <div class="button-group">
                <button
                    type="submit"
                    class="button"
                    id="step-button"
                    disabled=move || pending.get()
                >
                    {button_label}
                </button>
                {preview_button}
            </div>
        </div>
    };
    view! {
        <Title text=title />
        <p class="body">
            <a href=back.clone() class="back-link">{format!("Back to {}", form.reference)}</a>
        </p>
        <ErrorSummary errors=summary />
        <span class="caption">{form.reference.clone()}</span>
        <h1 class="heading-l">{form.title.clone()}</h1>
        {now
                .map(|case| {
                    view! {
                        <div class="inset" role="status">
                            <p class="body">
                                <strong>"The case now: "</strong>
                                {case.stage.clone()}
                            </p>
                            <p class="body">"Latest on the timeline:"</p>
                            <Timeline lines=case.timeline.iter().rev().take(3).rev().cloned().collect() />
                        </div>
                    }
                })}
        {form.customer.clone().map(|customer| view! { <CustomerBox customer compact=true /> })}
        {form
            .complaint
            .clone()
            .map(|(said, wants)| {
                view! {
                    <details class="details" open=true>
                        <summary class="details__summary">"What the customer told us"</summary>
                        <div class="details__text">
                            <p class="body prewrap">{said}</p>
                            {wants
                                .map(|w| {
                                    view! {
                                        <p class="body">
                                            <strong>"What they want us to do: "</strong>
                                            <span class="prewrap">{w}</span>
                                        </p>
                                    }
                                })}
                        </div>
                    </details>
                }
            })}
        {form.deadline.clone().map(|deadline| view! { <DeadlineBox deadline /> })}
        {form
            .warning
            .clone()
            .map(|w| {
                view! {
                    <div class="warning-text">
                        <span class="warning-text__icon" aria-hidden="true">"!"</span>
                        <strong class="warning-text__text">{w}</strong>
                    </div>
                }
            })}
        {form.hint.clone().map(|h| view! { <p class="body">{h}</p> })}
        {code
            .text_seen_by_customer()
            .map(|seen| {
                let (tag, words) = if seen {
                    (
                        "The customer sees this",
                        "What you write here goes on the customer's own case page (or in their letter), with the date: write it for them to read.",
                    )
                } else {
                    (
                        "Staff only",
                        "What you write here stays on the staff record: the customer does not see it.",
                    )
                };
                view! {
                    <div class="inset" role="note" aria-label="Who sees what you write">
                        <p class="body">
                            <strong class="tag">{tag}</strong>
                            " "
                            {words}
                        </p>
                    </div>
                }
            })}
        {to_agree}
        {if response_form {
            let propose = (code == StepCode::ProposeOutcome)
                .then(|| view! { <input type="hidden" name="propose" value="yes" /> });
            view! {
                <ActionForm action=respond attr:novalidate=true>
                    {hidden()}
                    {propose}
                    {fields}
                    {button}
                </ActionForm>
            }
                .into_any()
        } else {
            view! {
                <ActionForm action=take attr:novalidate=true>
                    {hidden()}
                    {fields}
                    {button}
                </ActionForm>
            }
                .into_any()
        }}
        <p class="body">
            <a href=back>"Cancel"</a>
        </p>
    }
}

/// Dynamic choices as radio buttons (people, remedies, representatives).
#[component]
fn ChoiceRadios(
    #[prop(into)] name: String,
    /// The first option's id and the prefix of the others', when it differs from the name.
    #[prop(optional, into)]
    id: Option<String>,
    #[prop(into)] legend: String,
    options: Vec<Choice>,
    /// The value chosen, as posted.
    selected: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let base = id.unwrap_or_else(|| name.clone());
    let described = base.clone();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <fieldset
                class="fieldset"
                aria-describedby=move || error.get().map(|_| format!("{described}-error"))
            >
                <legend class="fieldset__legend">{legend}</legend>
                <ErrorMessage id=format!("{base}-error") error=error />
                {options.is_empty().then(|| view! { <p class="body">"There is nobody to choose."</p> })}
                <div class="radios">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, choice)| {
                            let id = if i == 0 {
                                base.clone()
                            } else {
                                format!("{base}-{}", choice.value)
                            };
                            view! {
                                <div class="radios__item">
                                    <input
                                        class="radios__input"
                                        id=id.clone()
                                        name=name.clone()
                                        type="radio"
                                        checked=choice.value == selected
                                        value=choice.value
                                    />
                                    <label class="label radios__label" for=id>{choice.label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The Ombudsman's findings, as the determination form offers them.
fn finding_choices() -> Vec<(&'static str, &'static str)> {
    domain::ombudsman::Finding::ALL
        .into_iter()
        .map(|f| (f.code(), f.label()))
        .collect()
}

fn order_kind_choices() -> Vec<(&'static str, &'static str)> {
    domain::ombudsman::OrderKind::ALL
        .into_iter()
        .map(|k| (k.code(), k.label()))
        .collect()
}

/// The legend of a step's date.
fn date_legend(code: StepCode) -> &'static str {
    match code {
        StepCode::Accept => "Date accepted",
        StepCode::NotAccept => "Date of the decision",
        StepCode::Contact => "Date of the contact",
        StepCode::Acknowledge => "Date of the acknowledgement",
        StepCode::Respond => "Date of the response",
        StepCode::SignOff => "Date signed off",
        StepCode::RecordReview => "Date they asked",
        StepCode::EscalateEarly | StepCode::ConcludeEarly => "Date the customer agreed",
        StepCode::ReferOmbudsman => "Date referred",
        StepCode::OmbudsmanStage => "Date they reached it",
        StepCode::OmbudsmanDecided => "Date of the determination",
        StepCode::OrderComplied => "Date complied with",
        _ => "Date",
    }
}

/// A date's three boxes as typed: `on` or `to`.
fn typed_date(typed: impl Fn(&str) -> String, name: &'static str) -> (String, String, String) {
    match name {
        "to" => (typed("to_day"), typed("to_month"), typed("to_year")),
        _ => (typed("on_day"), typed("on_month"), typed("on_year")),
    }
}

#[component]
fn StepFields(
    form: StepDetails,
    code: StepCode,
    field: impl Fn(&str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    typed: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    use StepCode as S;
    let date_typed = move |name: &'static str| typed_date(typed, name);
    let on = date_typed("on");
    let today = if on == Default::default() {
        form.today.clone()
    } else {
        on
    };
    let needs_date = !matches!(
        code,
        S::Note
            | S::ChangeHandler
            | S::AssignReviewer
            | S::Invite
            | S::ConfirmRepresentative
            | S::Extend
            | S::RevokeTracking
            | S::ProposeOutcome
            | S::UndoWithdrawal
            | S::OmbudsmanFinding
            | S::OmbudsmanOrder
    );
    let date = needs_date.then(|| {
        view! {
            <DateInput
                name="on"
                legend=date_legend(code)
                hint="For example, 27 3 2025"
                value=today.clone()
                error=field("on")
                joiner="_"
            />
        }
    });
    let people = form.people.clone();
    let items = form.items.clone();
    let body = match code {
        S::Accept => view! {
            <ChoiceRadios name="person" selected=typed("person") legend="Who will handle Stage 1?" options=people error=field("person") />
            <TextArea
                name="reason"
                label="Why you are using discretion (only if it happened outside the policy's window)"
                value=typed("reason")
                error=field("reason")
            />
        }
            .into_any(),
        S::NotAccept => view! {
            <Radios
                name="code"
                legend="Why is it not accepted?"
                options=refusal_reasons()
                selected=typed("code")
                error=field("code")
            />
            <TextArea
                name="text"
                label="Explain it to the customer"
                hint="This goes into the letter, with their right to go to the Housing Ombudsman."
                value=typed("text")
                error=field("text")
                rows=6
            />
        }
            .into_any(),
        S::Contact => view! {
            <Radios
                name="code"
                legend="How were you in touch?"
                options=vec![
                    ("call", "Phone call"),
                    ("visit", "Visit"),
                    ("email", "Email"),
                    ("letter", "Letter"),
                ]
                selected=typed("code")
                error=field("code")
                inline=true
            />
            <TextArea name="text" label="Summary" value=typed("text") error=field("text") />
        }
            .into_any(),
        S::Acknowledge => view! {
            <TextArea
                name="text"
                label="Our understanding of the complaint"
                hint="In plain words, as the customer will read it in the letter."
                value=typed("text")
                error=field("text")
                rows=6
            />
            <TextArea
                name="reason"
                label="What the customer wants us to do"
                value=Some(typed("reason"))
                    .filter(|t| !t.is_empty())
                    .or_else(|| form.prefill.clone())
                    .unwrap_or_default()
                error=field("reason")
            />
        }
            .into_any(),
        S::Note => view! {
            <TextArea name="text" label="Note" value=typed("text") error=field("text") rows=6 />
        }
            .into_any(),
        S::Extend => view! {
            <DateInput
                name="to"
                legend="New response date"
                hint="For example, 27 3 2025"
                value=date_typed("to")
                error=field("to")
                joiner="_"
            />
            <TextArea
                name="reason"
                label="Why more time is needed"
                hint="The customer is told this, with the new date and the Ombudsman's details."
                value=typed("reason")
                error=field("reason")
            />
            {form
                .may_approve
                .then(|| {
                    view! {
                        <Checkboxes
                            name="approve"
                            legend="Approval"
                            options=vec![("yes", "I approve an extension past the limit")]
                            selected=vec![typed("approve")]
                            error=field("approve")
                        />
                    }
                })}
        }
            .into_any(),
        S::RecordReview | S::Withdraw | S::PassOn | S::UndoWithdrawal => view! {
            <TextArea
                name="text"
                label=match code {
                    S::RecordReview | S::UndoWithdrawal => "How they asked (optional)",
                    S::Withdraw => "Their reason (optional)",
                    _ => "Who it was passed to (optional)",
                }
                value=typed("text")
                error=field("text")
            />
        }
            .into_any(),
        S::RefuseReview | S::EscalateEarly | S::ConcludeEarly => view! {
            <TextArea
                name="reason"
                label=match code {
                    S::RefuseReview => "The reason for refusing (the customer is told it)",
                    _ => "What was agreed with the customer, and why",
                }
                value=typed("reason")
                error=field("reason")
            />
        }
            .into_any(),
        S::ChangeHandler => view! {
            <ChoiceRadios name="person" selected=typed("person") legend="Who will handle it now?" options=people error=field("person") />
            <p class="hint">"The deadlines stay as they are: the customer is owed the same dates."</p>
            <TextArea
                name="reason"
                label="Why it is changing hands (kept on the record, not shown to the customer)"
                value=typed("reason")
                error=field("reason")
            />
        }
            .into_any(),
        S::AssignReviewer => view! {
            <ChoiceRadios name="person" selected=typed("person") legend="Who will review it?" options=people error=field("person") />
            <p class="hint">"The review is independent of Stage 1: nobody who handled, acknowledged, extended or answered it is listed."</p>
        }
            .into_any(),
        S::Invite => view! {
            <ChoiceRadios name="person" selected=typed("person") legend="Which panel member?" options=people error=field("person") />
            <p class="hint">"They will see the case with the customer's personal details removed."</p>
        }
            .into_any(),
        S::RemedyDone | S::RemedyNotDelivered => view! {
            <ChoiceRadios name="item" selected=typed("item") legend="Which remedy?" options=items error=field("item") />
            {(code == S::RemedyNotDelivered)
                .then(|| {
                    view! {
                        <TextArea
                            name="reason"
                            label="Why it cannot be delivered (the customer is told it)"
                            value=typed("reason")
                            error=field("reason")
                        />
                    }
                })}
        }
            .into_any(),
        S::ConfirmRepresentative => view! {
            <ChoiceRadios name="item" selected=typed("item") legend="Whose authority have you confirmed?" options=items error=field("item") />
        }
            .into_any(),
        S::ReferOmbudsman => view! {
            <TextInput name="text" label="The Ombudsman's reference" hint="As it is on their letter or e-mail" value=typed("text") error=field("text") width="input--width-20" />
        }
            .into_any(),
        S::OmbudsmanStage => view! {
            <ChoiceRadios name="item" selected=typed("item") legend="Which stage have they reached?" options=items error=field("item") />
        }
            .into_any(),
        S::OmbudsmanDecided | S::OmbudsmanFinding => {
            let note = (code == S::OmbudsmanDecided).then(|| view! {
                <TextArea name="text" label="What they decided, in short (optional; the customer sees it)" value=typed("text") error=field("text") />
            });
            view! {
                <Radios
                    name="code"
                    legend="What did the Ombudsman find?"
                    options=finding_choices()
                    selected=typed("code")
                    error=field("code")
                />
                <TextInput name="reason" label="Which part of the complaint the finding is about (optional)" value=typed("reason") error=field("reason") />
                {note}
            }
                .into_any()
        }
        S::OmbudsmanOrder => view! {
            <Radios
                name="code"
                legend="Is it an order or a recommendation?"
                options=order_kind_choices()
                selected=typed("code")
                error=field("code")
            />
            <TextArea name="text" label="What they ordered or recommended" value=typed("text") error=field("text") />
            <DateInput
                name="to"
                legend="Due by"
                hint="For example, 27 3 2025"
                value=date_typed("to")
                error=field("to")
                joiner="_"
            />
            <ChoiceRadios name="person" selected=typed("person") legend="Who owns it?" options=people error=field("person") />
        }
            .into_any(),
        S::OrderComplied => view! {
            <ChoiceRadios name="item" selected=typed("item") legend="Which order or recommendation?" options=items error=field("item") />
            <TextArea name="text" label="What was done, and the evidence sent to the Ombudsman" value=typed("text") error=field("text") />
        }
            .into_any(),
        S::Resolve => view! {
            <TextArea name="text" label="What was agreed" value=typed("text") error=field("text") />
            <DateInput
                name="to"
                legend="By when (optional)"
                value=date_typed("to")
                error=field("to")
                joiner="_"
            />
        }
            .into_any(),
        S::Dissatisfied => view! {
            <Radios
                name="code"
                legend="We offered to take it as a complaint. What did the customer choose?"
                options=vec![
                    ("complain", "To make a complaint"),
                    ("no_complaint", "Not to make a complaint"),
                ]
                selected=typed("code")
                error=field("code")
            />
            <TextArea
                name="text"
                label="What they are unhappy about"
                hint="Needed when they make a complaint: it opens the complaint, linked to this request."
                value=typed("text")
                error=field("text")
            />
        }
            .into_any(),
        S::RevokeTracking => view! {
            <p class="body">
                "The private link the customer was given to follow this case will stop working at once. They can still see it by signing in, and we can tell them the reference by phone."
            </p>
        }
            .into_any(),
        S::SignOff | S::Close => ().into_any(),
        // At Stage 2 the outcome signed off is sent as it was agreed: only its date.
        S::Respond if form.outcome_to_agree.is_some() => ().into_any(),
        S::Respond | S::ProposeOutcome => {
            view! {
                <ResponseFields
                    people
                    categories=form.categories.clone()
                    definition=form.prefill.clone().unwrap_or_default()
                    field
                    typed
                />
            }
                .into_any()
        }
    };
    view! {
        {date}
        {body}
    }
}

/// How many rows of `rows` the response form shows: one at least, every row something was
/// typed in, and as many as the address asks for after "Add another" without JavaScript.
fn rows_shown(rows: Rows, typed: impl Fn(&str) -> String) -> usize {
    let last_typed = (0..rows.most())
        .filter(|i| {
            rows.fields()
                .iter()
                .any(|f| !typed(&rows.field(*i, f)).is_empty())
        })
        .max()
        .map_or(0, |i| i + 1);
    let asked = typed(rows.shown_param()).parse::<usize>().unwrap_or(0);
    last_typed.max(asked).clamp(1, rows.most())
}

/// "Add another …": posts the form, which comes back with everything typed, one more row
/// and focus on the new row's first box (`Rows::first_field`).
#[component]
fn AddAnother(
    rows: Rows,
    shown: RwSignal<usize>,
    label: &'static str,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let most = rows.most();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <ErrorMessage id=format!("{}-error", rows.add_button()) error=error />
            <button
                type="submit"
                class="button button--secondary"
                id=rows.add_button()
                name="add"
                value=rows.name()
                formnovalidate=true
                disabled=move || { shown.get() >= most }
            >
                {label}
            </button>
        </div>
    }
}

#[component]
fn ResponseFields(
    people: Vec<Choice>,
    categories: Vec<Choice>,
    /// The complaint as defined when it was acknowledged, to start from.
    definition: String,
    field: impl Fn(&str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    typed: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    const OUTCOMES: [(&str, &str); 3] = [
        ("upheld", "Upheld"),
        ("partly_upheld", "Partly upheld"),
        ("not_upheld", "Not upheld"),
    ];
    let points = RwSignal::new(rows_shown(Rows::Points, typed));
    let payments = RwSignal::new(rows_shown(Rows::Payments, typed));
    let actions = RwSignal::new(rows_shown(Rows::Actions, typed));
    let definition = match typed("definition") {
        t if t.is_empty() => definition,
        t => t,
    };
    let point = move |i: usize| {
        let n = i + 1;
        let name = |f: &str| Rows::Points.field(i, f);
        view! {
            <fieldset class="fieldset point">
                <legend class="fieldset__legend fieldset__legend--m">{format!("Point {n}")}</legend>
                <TextArea name=name("point") id=format!("point-{n}") label="What the customer raised" value=typed(&name("point")) error=field(&format!("point-{n}")) rows=3 />
                <TextArea name=name("finding") id=format!("finding-{n}") label="What we found" value=typed(&name("finding")) error=field(&format!("finding-{n}")) rows=4 />
                <Radios name=name("outcome") id=format!("point-outcome-{n}") legend=format!("On point {n}") options=OUTCOMES.to_vec() selected=typed(&name("outcome")) error=field(&format!("point-outcome-{n}")) inline=true />
            </fieldset>
        }
        .into_any()
    };
    let payment = move |i: usize| {
        let n = i + 1;
        let name = |f: &str| Rows::Payments.field(i, f);
        view! {
            <fieldset class="fieldset point">
                <legend class="fieldset__legend">{format!("Payment {n}")}</legend>
                <TextInput
                    name=name("amount")
                    id=format!("payment-{n}")
                    label="Amount (£)"
                    value=typed(&name("amount"))
                    error=field(&format!("payment-{n}"))
                    width="input--width-10"
                    inputmode="decimal"
                />
                <TextInput
                    name=name("for_what")
                    id=format!("payment-for-{n}")
                    label="What it is for (optional)"
                    hint="For example: the time and trouble of chasing us, or distress and inconvenience."
                    value=typed(&name("for_what"))
                    error=Signal::derive(|| None::<String>)
                />
            </fieldset>
        }
        .into_any()
    };
    let action = move |i: usize, people: Vec<Choice>| {
        let n = i + 1;
        let name = |f: &str| Rows::Actions.field(i, f);
        view! {
            <fieldset class="fieldset point">
                <legend class="fieldset__legend">{format!("Action {n}")}</legend>
                <TextArea name=name("text") id=format!("action-{n}") label="What we will do" value=typed(&name("text")) error=field(&format!("action-{n}")) rows=3 />
                <DateInput
                    name=format!("actions[{i}]")
                    id=format!("action-due-{n}")
                    legend=format!("Action {n} is due by")
                    value=(typed(&name("day")), typed(&name("month")), typed(&name("year")))
                    error=field(&format!("action-due-{n}"))
                    bracketed=true
                />
                <ChoiceRadios
                    name=name("owner")
                    id=format!("action-owner-{n}")
                    selected=typed(&name("owner"))
                    legend=format!("Who owns action {n}?")
                    options=people
                    error=field(&format!("action-owner-{n}"))
                />
            </fieldset>
        }
        .into_any()
    };
    view! {
        <TextArea
            name="definition"
            label="The complaint, as we defined it"
            hint="The letter restates it. It starts from what was written when the complaint was acknowledged."
            value=definition
            error=field("definition")
            rows=3
        />
        <Radios name="outcome" legend="Overall outcome" options=OUTCOMES.to_vec() selected=typed("outcome") error=field("outcome") inline=true />
        <h2 class="heading-m">"The points raised"</h2>
        <p class="hint">"Answer every point the customer raised, each with what we found. Add as many as there are."</p>
        <For each=move || 0..points.get() key=|i| *i children=point />
        <AddAnother rows=Rows::Points shown=points label="Add another point" error=field("add-points") />
        <h2 class="heading-m">"Putting it right"</h2>
        <RemedyChoices error=field("apology") typed />
        <h3 class="heading-s">"Payments"</h3>
        <p class="hint">"Compensation, each part with its amount (leave blank if none): the letter gives every part and the total."</p>
        <For each=move || 0..payments.get() key=|i| *i children=payment />
        <AddAnother rows=Rows::Payments shown=payments label="Add another payment" error=field("add-payments") />
        <h3 class="heading-s">"Actions we will take"</h3>
        <p class="hint">"Each with the date it is due and who owns it (leave blank if none)."</p>
        <For
            each=move || 0..actions.get()
            key=|i| *i
            children=move |i| action(i, people.clone())
        />
        <AddAnother rows=Rows::Actions shown=actions label="Add another action" error=field("add-actions") />
        <ChoiceRadios
            name="category"
            selected=typed("category")
            legend="The main root cause (optional)"
            options=categories
            error=field("category")
        />
        <TextArea
            name="learning"
            label="What we learned (optional)"
            hint="For the learning and service-improvement report."
            value=typed("learning")
            error=field("learning")
        />
    }
}

/// The calls the signed-in member of staff has to make (customers who asked to be phoned
/// rather than written to), oldest first, each with a button to record it was made. Nothing
/// when there are none.
#[component]
pub fn CallsToMake(
    calls: Vec<crate::staff::CallToMake>,
    made: ServerAction<crate::staff::CallMade>,
) -> impl IntoView {
    (!calls.is_empty()).then(|| {
        view! {
            <section class="remedies-due" aria-labelledby="calls-title">
                <h2 class="heading-m" id="calls-title">"Calls to make"</h2>
                <p class="hint">
                    "These customers asked to be phoned: go through each letter with them by phone. The letter is on the case as well."
                </p>
                <ul class="list">
                    {calls
                        .into_iter()
                        .map(|call| {
                            view! {
                                <li class="call">
                                    <span class="call__what">
                                        <a href=format!("/staff/cases/{}", call.reference)>
                                            {call.reference.clone()}
                                        </a>
                                        {format!(": “{}” (sent {})", call.subject, call.since)}
                                    </span>
                                    {call
                                        .unowned
                                        .then(|| {
                                            view! {
                                                <span class="hint call__shared">
                                                    " The case had no owner when the letter went: anyone who hands out new cases may make this call."
                                                </span>
                                            }
                                        })}
                                    <ActionForm action=made attr:class="call__form">
                                        <input type="hidden" name="id" value=call.id.to_string() />
                                        <button
                                            type="submit"
                                            class="button button--secondary call__button"
                                            aria-label=format!("I have phoned them about {}", call.reference)
                                        >
                                            "I have phoned them"
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// The Housing Ombudsman's casework on the case: each referral with where it stands, their
/// findings, and each order or recommendation with its owner, date and compliance.
#[component]
fn Referrals(referrals: Vec<crate::staff::ReferralLine>) -> impl IntoView {
    view! {
        <section aria-labelledby="ombudsman-title">
            <h2 class="heading-m" id="ombudsman-title">"Housing Ombudsman"</h2>
            {referrals
                .into_iter()
                .map(|r| {
                    let findings = (!r.findings.is_empty())
                        .then(|| {
                            view! {
                                <div class="summary-list__row">
                                    <dt class="summary-list__key">"Findings"</dt>
                                    <dd class="summary-list__value">
                                        <ul class="list">
                                            {r.findings.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                                        </ul>
                                    </dd>
                                </div>
                            }
                        });
                    let orders = (!r.orders.is_empty())
                        .then(|| {
                            view! {
                                <h4 class="heading-s">"Orders and recommendations"</h4>
                                <ul class="list order-list">
                                    {r
                                        .orders
                                        .into_iter()
                                        .map(|o| {
                                            view! {
                                                <li>
                                                    <strong class=format!("tag tag--{}", o.rag)>{o.status}</strong>
                                                    " "
                                                    {format!("{}: {} (by {}; owner: {})", o.kind, o.what, o.due, o.owner)}
                                                    {o.evidence.map(|e| view! { <p class="hint prewrap">{format!("Evidence: {e}")}</p> })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        });
                    view! {
                        <h3 class="heading-s">{r.title}</h3>
                        <dl class="summary-list">
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Their reference"</dt>
                                <dd class="summary-list__value">{r.their_reference}</dd>
                            </div>
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Referred"</dt>
                                <dd class="summary-list__value">{r.referred}</dd>
                            </div>
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Stage"</dt>
                                <dd class="summary-list__value">{r.stage}</dd>
                            </div>
                            {r.decided.map(|d| view! {
                                <div class="summary-list__row">
                                    <dt class="summary-list__key">"Determined"</dt>
                                    <dd class="summary-list__value">{d}</dd>
                                </div>
                            })}
                            {findings}
                        </dl>
                        {orders}
                    }
                })
                .collect_view()}
        </section>
    }
}

/// The remedies and the Ombudsman's orders the signed-in member of staff owns and has
/// still to deliver, soonest first: shown on the work queue so a promise is never
/// forgotten. Nothing when there are none.
#[component]
pub fn RemediesDue(remedies: crate::staff::RemediesOwed) -> impl IntoView {
    view! {
        <OwedList
            lines=remedies.orders
            total=remedies.orders_total
            title="Ombudsman orders you own"
            id="orders-due-title"
        />
        <OwedList
            lines=remedies.soonest
            total=remedies.total
            title="Remedies you promised"
            id="remedies-due-title"
        />
    }
}

/// One list of what the reader owes, the soonest due first; nothing when it is empty.
#[component]
fn OwedList(
    lines: Vec<crate::staff::RemedyDue>,
    total: u64,
    title: &'static str,
    id: &'static str,
) -> impl IntoView {
    let shown = lines.len() as u64;
    (shown > 0).then(|| {
        let more = (total > shown).then(|| {
            view! {
                <p class="body">
                    {format!(
                        "You owe {total} in all; these are the {shown} due soonest. Each case's page lists its own.",
                    )}
                </p>
            }
        });
        view! {
            <section class="remedies-due" aria-labelledby=id>
                <h2 class="heading-m" id=id>
                    {title}
                </h2>
                <ul class="list">
                    {lines
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li>
                                    <strong class=format!("tag tag--{}", r.rag)>{r.time_left}</strong>
                                    " "
                                    <a href=format!("/staff/cases/{}", r.reference)>
                                        {r.reference.clone()}
                                    </a>
                                    {format!(": {} (by {})", r.description, r.due)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {more}
            </section>
        }
    })
}

/// The remedies without details, as one group of checkboxes: each posts its own field.
#[component]
fn RemedyChoices(
    error: Signal<Option<String>>,
    typed: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    const CHOICES: [(&str, &str); 4] = [
        ("apology", "An apology"),
        ("explanation", "An explanation"),
        ("record_amended", "Our records corrected"),
        ("decision_reconsidered", "The decision reconsidered"),
    ];
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <fieldset
                class="fieldset"
                aria-describedby=move || {
                    if error.get().is_some() { "remedies-hint apology-error" } else { "remedies-hint" }
                }
            >
                <legend class="fieldset__legend">"Remedies"</legend>
                <div class="hint" id="remedies-hint">
                    "An upheld or partly upheld complaint needs at least one. Add payments and actions below."
                </div>
                <ErrorMessage id="apology-error".to_owned() error=error />
                <div class="checkboxes">
                    {CHOICES
                        .into_iter()
                        .map(|(name, label)| {
                            view! {
                                <div class="checkboxes__item">
                                    <input
                                        class="checkboxes__input"
                                        id=name
                                        name=name
                                        type="checkbox"
                                        value="yes"
                                        checked=!typed(name).is_empty()
                                    />
                                    <label class="label checkboxes__label" for=name>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
