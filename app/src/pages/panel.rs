//! The panel member's workspace: their reviews (`/panel`), the redacted review file with the
//! form for their independent view (`/panel/{reference}`), and the view as staff see it on
//! the case page ([`InvolvedViewPanel`]). Every form works as a plain post without
//! JavaScript.

use crate::components::{
    ErrorMessage, ErrorSummary, FieldError, Radios, TextArea, not_about, summary_lines,
};
use crate::error::{AppError, error_from_url};
use crate::panel::{
    AnswerInvitation, GiveView, InvitationLine, RedactedFile, ResponseLine, StaffInvolvement,
    ViewLine, my_invitations, review_file,
};
use domain::involvement::{Answer, Question};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The error a form's last post answered with, or the one the page was sent back with when
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

#[component]
fn Problem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    let (title, text) = match &error {
        AppError::NotFound => (
            "We cannot find that review",
            "You can only see reviews you have been invited to, while they are under way."
                .to_owned(),
        ),
        AppError::Forbidden => (
            "Sign in to see your reviews",
            "Sign in with your panel member account to see the reviews you are invited to."
                .to_owned(),
        ),
        AppError::Validation { message, .. } => ("You cannot read this file yet", message.clone()),
        other => ("Sorry, there is a problem", other.to_string()),
    };
    view! {
        <Title text=title />
        <h1 class="heading-l">{title}</h1>
        <p class="body">{text}</p>
        <p class="body">
            {if matches!(error, AppError::Forbidden) {
                view! { <a href="/sign-in?next=/panel">"Sign in"</a> }.into_any()
            } else {
                view! { <a href="/panel">"Go to your reviews"</a> }.into_any()
            }}
        </p>
    }
}

/// `/panel`: the reviews the signed-in panel member is invited to.
#[component]
pub fn PanelPage() -> impl IntoView {
    let answer = ServerAction::<AnswerInvitation>::new();
    let reviews = Resource::new(move || answer.version().get(), |_| my_invitations());
    let error = answer_of(answer.value().into(), error_from_url());
    let summary = Signal::derive(move || {
        error
            .get()
            .map(|e| {
                vec![FieldError {
                    field_id: "reviews".to_owned(),
                    message: e.to_string(),
                }]
            })
            .unwrap_or_default()
    });
    let query = use_query_map();
    let given = move || query.read().get("view").as_deref() == Some("given");
    view! {
        <Title text="Your reviews" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"Your reviews"</h1>
        {move || {
            given()
                .then(|| {
                    view! {
                        <div class="panel-notice" role="status">
                            <p class="body">
                                <strong>"Thank you: your view has been sent to the reviewer."</strong>
                            </p>
                        </div>
                    }
                })
        }}
        <p class="body">
            "As a member of our tenant panel, you give an independent view of how we reviewed a complaint. You see the complaint with the person's name, address and contact details taken out."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading your reviews…"</p> }>
            {move || {
                reviews
                    .get()
                    .map(|result| match result {
                        Ok(lines) if lines.is_empty() => {
                            view! {
                                <p class="body" id="reviews">
                                    "You have no reviews to look at just now. We will tell you when we invite you to one."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(lines) => {
                            view! {
                                <ul class="panel-reviews" id="reviews" tabindex="-1">
                                    {lines
                                        .into_iter()
                                        .map(|line| view! { <ReviewCard line answer /> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// One review on the list, with what the member can do about it now.
#[component]
fn ReviewCard(line: InvitationLine, answer: ServerAction<AnswerInvitation>) -> impl IntoView {
    let title_id = format!("review-{}", line.reference);
    let labelled_by = title_id.clone();
    let href = format!("/panel/{}", line.reference);
    let card_reference = line.reference.clone();
    let answer_form = move |value: &'static str, label: &'static str, secondary: bool| {
        let reference = card_reference.clone();
        view! {
            <ActionForm action=answer attr:class="panel-review__form">
                <input type="hidden" name="reference" value=reference />
                <input type="hidden" name="answer" value=value />
                <button
                    type="submit"
                    class="button"
                    class:button--secondary=secondary
                    disabled=move || answer.pending().get()
                >
                    {label}
                </button>
            </ActionForm>
        }
    };
    let actions = match line.state.as_str() {
        "invited" => view! {
            <p class="body">
                "Accept if you can give your view soon: the reviewer needs it before the review's response is written. By accepting, you agree to keep what you read to yourself. If you think you know who the complaint is about, decline."
            </p>
            <div class="panel-review__actions">
                {answer_form("accept", "Accept and read the file", false)}
                {answer_form("decline", "Decline", true)}
            </div>
        }
            .into_any(),
        "accepted" => view! {
            <div class="panel-review__actions">
                <a class="button" href=href.clone()>"Read the file and give your view"</a>
                {answer_form("decline", "I cannot take part after all", true)}
            </div>
        }
            .into_any(),
        _ => view! {
            <p class="body">
                <a href=href.clone()>"Read the file again"</a>
            </p>
        }
            .into_any(),
    };
    view! {
        <li class="panel-review">
            <section aria-labelledby=labelled_by>
                <h2 class="heading-s panel-review__title" id=title_id>
                    {format!("Review {}", line.reference)}
                </h2>
                <p class="body">
                    <strong class="tag">{line.status.clone()}</strong>
                </p>
                {line
                    .view_needed_by
                    .clone()
                    .map(|by| {
                        view! {
                            <p class="body">
                                <strong>{format!("Your view is needed by {by}.")}</strong>
                            </p>
                        }
                    })}
                <p class="hint">
                    {format!("Invited on {}.", line.invited_on)}
                    {line
                        .review_due
                        .clone()
                        .filter(|_| line.state != "view_given")
                        .map(|due| format!(" The review's next deadline is {due}."))}
                </p>
                {actions}
            </section>
        </li>
    }
}

/// `/panel/{reference}`: the redacted review file, and the form for the member's view.
#[component]
pub fn ReviewFilePage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let file = Resource::new(reference, review_file);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the file…"</p> }>
            {move || {
                file.get()
                    .map(|result| match result {
                        Ok(file) => view! { <FileScreen file /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The view form's fields, in the order the error summary lists them.
const VIEW_FIELDS: [&str; 5] = [
    "thorough",
    "points_answered",
    "evidence_supports",
    "remedy_right",
    "comments",
];

#[component]
fn Row(key: &'static str, #[prop(into)] value: String) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value prewrap">{value}</dd>
        </div>
    }
}

#[component]
fn FileScreen(file: RedactedFile) -> impl IntoView {
    let give = ServerAction::<GiveView>::new();
    let error = answer_of(give.value().into(), error_from_url());
    let summary = Signal::derive(move || {
        error.get().map_or_else(Vec::new, |e| {
            summary_lines(&e, |f| VIEW_FIELDS.contains(&f), |_| None, "view-button")
        })
    });
    let back = if file.staff_preview {
        view! {
            <a href=format!("/staff/cases/{}", file.reference) class="back-link">
                {format!("Back to {}", file.reference)}
            </a>
        }
        .into_any()
    } else {
        view! { <a href="/panel" class="back-link">"Your reviews"</a> }.into_any()
    };
    let note = if file.staff_preview {
        "This is the file as a panel member sees it. Check that nothing in it could identify the customer: if something does, tell the complaints manager before a panel member reads it."
    } else {
        "Names, addresses, phone numbers and email addresses have been taken out and shown as [name], [address], [phone] and [email]. Please keep what you read to yourself."
    };
    view! {
        <Title text=format!("Review file {}", file.reference) />
        <p class="body">{back}</p>
        <ErrorSummary errors=summary />
        <span class="caption">"Review file"</span>
        <h1 class="heading-l">{file.reference.clone()}</h1>
        <div class="inset">
            <p class="body">{note}</p>
        </div>
        <p class="body">
            <strong class="tag">{file.status.clone()}</strong>
        </p>
        <h2 class="heading-m">"The complaint"</h2>
        <dl class="summary-list">
            <Row key="Received" value=file.received_on.clone() />
            <Row key="What went wrong" value=file.what_happened.clone() />
            {file
                .what_was_said
                .clone()
                .map(|v| view! { <Row key="What they were told before" value=v /> })}
            {file
                .outcomes_sought
                .clone()
                .map(|v| view! { <Row key="What they want us to do" value=v /> })}
        </dl>
        {file
            .responses
            .clone()
            .into_iter()
            .map(|response| view! { <Response response /> })
            .collect_view()}
        {(!file.remedies.is_empty())
            .then(|| {
                view! {
                    <h2 class="heading-m">"Putting things right"</h2>
                    <ul class="list list--bullet">
                        {file
                            .remedies
                            .clone()
                            .into_iter()
                            .map(|r| view! { <li>{r}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
        {(!file.review_dates.is_empty())
            .then(|| {
                view! {
                    <h2 class="heading-m">"The review"</h2>
                    <dl class="summary-list">
                        {file
                            .review_dates
                            .clone()
                            .into_iter()
                            .map(|line| {
                                view! {
                                    <div class="summary-list__row">
                                        <dt class="summary-list__key">{line.label}</dt>
                                        <dd class="summary-list__value">{line.date}</dd>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </dl>
                }
            })}
        <h2 class="heading-m">"What has happened"</h2>
        <ol class="timeline">
            {file
                .timeline
                .clone()
                .into_iter()
                .rev()
                .map(|event| {
                    view! {
                        <li class="timeline__item">
                            <p class="timeline__text">{event.text}</p>
                            <p class="hint">{event.on}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <h2 class="heading-m">"Files"</h2>
        {if file.shared_files.is_empty() {
            view! { <p class="body">"No files have been shared for this review."</p> }.into_any()
        } else {
            view! {
                <p class="body">
                    "Staff shared these files for the review. Tell the reviewer if a file names the person who complained."
                </p>
                <ul class="list list--bullet">
                    {file
                        .shared_files
                        .clone()
                        .into_iter()
                        .map(|shared| {
                            view! {
                                <li>
                                    // Followed by the browser: the answer is a file.
                                    <a href=format!("/files/{}", shared.token) rel="external">
                                        {shared.name}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {file.own_view.clone().map(|view| view! { <GivenView view title="Your view" /> })}
        {file
            .may_give_view
            .then(|| {
                view! {
                    <ViewForm
                        reference=file.reference.clone()
                        give
                        error
                        evidence_shared=!file.shared_files.is_empty()
                    />
                }
            })}
    }
}

#[component]
fn Response(response: ResponseLine) -> impl IntoView {
    let points = response.points.len();
    view! {
        <h2 class="heading-m">{response.title.clone()}</h2>
        <dl class="summary-list">
            {response.sent_on.clone().map(|on| view! { <Row key="Sent" value=on /> })}
            <Row key="Outcome" value=response.outcome.clone() />
        </dl>
        <ol class="review-points">
            {response
                .points
                .into_iter()
                .enumerate()
                .map(|(i, point)| {
                    view! {
                        <li class="review-points__item">
                            <h3 class="heading-s">
                                {if points == 1 { "The point raised".to_owned() } else { format!("Point {}", i + 1) }}
                            </h3>
                            <dl class="summary-list">
                                <Row key="What the customer raised" value=point.point />
                                <Row key="What we found" value=point.finding />
                                <Row key="On this point" value=point.outcome />
                            </dl>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        {(!response.remedies.is_empty())
            .then(|| {
                view! {
                    <p class="body">"Remedies offered:"</p>
                    <ul class="list list--bullet">
                        {response
                            .remedies
                            .into_iter()
                            .map(|r| view! { <li>{r}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}

/// A view as given: each question with its answer, and the comments. `sub`: under another
/// heading of the same level.
#[component]
fn GivenView(view: ViewLine, title: &'static str, #[prop(optional)] sub: bool) -> impl IntoView {
    let heading = if sub {
        view! { <h3 class="heading-s">{title}</h3> }.into_any()
    } else {
        view! { <h2 class="heading-m">{title}</h2> }.into_any()
    };
    view! {
        {heading}
        <p class="hint">{format!("Given on {}", view.given_on)}</p>
        <dl class="summary-list">
            {view
                .answers
                .into_iter()
                .map(|(question, answer)| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{question}</dt>
                            <dd class="summary-list__value">{answer}</dd>
                        </div>
                    }
                })
                .collect_view()}
            <Row key="Comments" value=view.comments.unwrap_or_else(|| "None".to_owned()) />
        </dl>
    }
}

/// The independent view: four questions and comments.
#[component]
fn ViewForm(
    reference: String,
    give: ServerAction<GiveView>,
    error: Signal<Option<AppError>>,
    /// Evidence was shared with the member, so they are asked about it.
    evidence_shared: bool,
) -> impl IntoView {
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(name)))
    };
    let button_error = Signal::derive(move || {
        error
            .get()
            .and_then(|e| not_about(&e, |f| VIEW_FIELDS.contains(&f)))
    });
    let options: Vec<(&'static str, &'static str)> = Answer::ALL
        .iter()
        .map(|a| (a.as_str(), a.label()))
        .collect();
    // What was typed, when a refused post without JavaScript sent the page back with it.
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let question = move |q: Question| {
        let name = crate::panel::question_field(q);
        view! {
            <Radios
                name=name
                legend=q.text()
                options=options.clone()
                selected=typed(name)
                error=field(name)
                inline=true
            />
        }
    };
    view! {
        <section class="view-form" aria-labelledby="view-form-title">
            <h2 class="heading-m" id="view-form-title">"Your independent view"</h2>
            <p class="body">
                "Tell us what you think of how we handled this complaint. The reviewer reads your view before the review's response is written. You cannot change it once it is sent."
            </p>
            <ActionForm action=give attr:novalidate=true>
                <input type="hidden" name="reference" value=reference />
                {(!evidence_shared)
                    .then(|| {
                        view! {
                            <p class="hint">
                                "No files were shared with you for this review, so there is no question about the evidence."
                            </p>
                        }
                    })}
                {Question::asked(evidence_shared).map(question).collect_view()}
                <TextArea
                    name="comments"
                    label="Your comments"
                    hint="Needed if you answered “partly” or “no”: say what was missing or could be better. Please do not name anyone."
                    value=typed("comments")
                    error=field("comments")
                    rows=6
                />
                <div class="form-group" class:form-group--error=move || button_error.get().is_some()>
                    <ErrorMessage id="view-button-error".to_owned() error=button_error />
                    <button
                        type="submit"
                        class="button"
                        id="view-button"
                        disabled=move || give.pending().get()
                    >
                        "Send your view"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The involved customer's part in a case, for the staff case page: who was invited, where
/// each invitation stands, how often the file was opened, and the view given. Nothing when
/// there is nothing to say.
#[component]
pub fn InvolvedViewPanel(involvement: StaffInvolvement, reference: String) -> impl IntoView {
    (!involvement.invitations.is_empty() || involvement.resident_declined || involvement.file_open)
        .then(|| view! { <Involvement involvement reference /> })
}

#[component]
fn Involvement(involvement: StaffInvolvement, reference: String) -> impl IntoView {
    view! {
        <section class="involvement" aria-labelledby="involvement-title">
            <h2 class="heading-m" id="involvement-title">"Involved customer"</h2>
            {involvement
                .resident_declined
                .then(|| {
                    view! {
                        <p class="body">
                            "The customer chose not to have an involved customer take part in the review."
                        </p>
                    }
                })}
            {(involvement.invitations.is_empty() && !involvement.resident_declined)
                .then(|| view! { <p class="body">"No panel member has been invited yet."</p> })}
            {involvement
                .invitations
                .into_iter()
                .map(|line| {
                    view! {
                        <dl class="summary-list">
                            <Row key="Panel member" value=line.member />
                            <Row key="Invited" value=line.invited_on />
                            <Row key="Where it stands" value=line.status />
                            <Row key="The file" value=line.openings />
                        </dl>
                        {line.view.map(|view| view! { <GivenView view title="Their independent view" sub=true /> })}
                    }
                })
                .collect_view()}
            {involvement
                .file_open
                .then(|| {
                    view! {
                        <dl class="summary-list">
                            <Row key="Redacted file" value=involvement.approval.clone() />
                        </dl>
                    }
                })}
            {(involvement.file_open && involvement.may_approve)
                .then(|| {
                    view! {
                        <p class="body">
                            <a href=format!("/staff/redaction/{reference}")>
                                "Check and approve the redacted file"
                            </a>
                        </p>
                    }
                })}
            {involvement
                .file_open
                .then(|| {
                    view! {
                        <p class="body">
                            <a href=format!("/panel/{reference}")>
                                "See the review file as a panel member sees it"
                            </a>
                        </p>
                    }
                })}
            {involvement
                .may_manage_panel
                .then(|| {
                    view! {
                        <p class="body">
                            <a href="/staff/panel-members">"See or add panel members"</a>
                        </p>
                    }
                })}
        </section>
    }
}
