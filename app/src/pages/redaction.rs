//! `/staff/redaction/{reference}`: the complaints manager checks the redacted review file
//! before a panel member sees it. Each piece of text is shown as written (redactions struck
//! through and labelled, flagged words highlighted) beside what the panel reads; each flag
//! has a form to redact or keep it; the shared files can be opened exactly as the panel will
//! get them; and the approval form carries the fingerprint of what the page shows. Every
//! form is a plain post: the page works without JavaScript.

use crate::components::{ErrorMessage, ErrorSummary, FieldError};
use crate::error::{AppError, error_from_url};
use crate::redaction::{
    ApprovalState, ApproveRedaction, DecideFlag, Mark, PreviewFlag, PreviewText, ReviewFileCheck,
    redaction_preview,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RedactionPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let decide = ServerAction::<DecideFlag>::new();
    let approve = ServerAction::<ApproveRedaction>::new();
    let check = Resource::new(
        move || (reference(), decide.version().get(), approve.version().get()),
        |(reference, _, _)| redaction_preview(reference),
    );
    let from_url = error_from_url();
    let error = Signal::derive(move || {
        approve
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| decide.value().get().and_then(Result::err))
            .or_else(|| from_url.clone())
    });
    // A transition: the page stays as it is while a decision is saved and the check is
    // read again.
    view! {
        <Transition fallback=|| view! { <p class="body">"Loading the file…"</p> }>
            {move || {
                check
                    .get()
                    .map(|result| match result {
                        Ok(check) => view! { <CheckScreen check decide approve error /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Problem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    let (title, text) = match &error {
        AppError::NotFound => (
            "We cannot find that complaint",
            "Check the reference, or find the case from your work queue.".to_owned(),
        ),
        AppError::Forbidden => (
            "You cannot approve this file",
            "Only the complaints manager checks and approves the redacted review file.".to_owned(),
        ),
        other => ("Sorry, there is a problem", other.to_string()),
    };
    view! {
        <Title text=title />
        <h1 class="heading-l">{title}</h1>
        <p class="body">{text}</p>
    }
}

#[component]
fn CheckScreen(
    check: ReviewFileCheck,
    decide: ServerAction<DecideFlag>,
    approve: ServerAction<ApproveRedaction>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let query = use_query_map();
    // Approved just now: by this page's action (with JavaScript the file may be read again
    // before the address shows `?approved=1`), or by the form post that led here.
    let approved_now = move || {
        matches!(approve.value().get(), Some(Ok(()))) || query.read().get("approved").is_some()
    };
    let summary = Signal::derive(move || {
        error
            .get()
            .map(|e| {
                let field_id = match &e {
                    AppError::Validation { field, .. } if field == "flags" => "flags-title",
                    _ => "approve-button",
                };
                vec![FieldError {
                    field_id: field_id.to_owned(),
                    message: e.to_string(),
                }]
            })
            .unwrap_or_default()
    });
    let approve_error = Signal::derive(move || {
        error.get().and_then(|e| match &e {
            AppError::Validation { field, .. } if field == "flags" => None,
            _ => Some(e.to_string()),
        })
    });
    let reference = check.reference.clone();
    let undecided = check.undecided();
    let status = match &check.approval {
        ApprovalState::NotApproved => view! {
            <p class="body">
                <strong class="tag tag--red">"Not approved"</strong>
            </p>
            <p class="body">"A panel member sees nothing of this case until you approve the file."</p>
        }
            .into_any(),
        ApprovalState::Current { by, on, fingerprint } => view! {
            <p class="body">
                <strong class="tag tag--green">"Approved"</strong>
            </p>
            <p class="body">
                {format!("Approved by {by} on {on}. Fingerprint ")}
                <code class="fingerprint">{fingerprint.clone()}</code>
            </p>
        }
            .into_any(),
        ApprovalState::Stale { by, on, .. } => view! {
            <p class="body">
                <strong class="tag tag--amber">"Changed since approval"</strong>
            </p>
            <p class="body">
                {format!(
                    "Approved by {by} on {on}, but the case has changed since. The panel still sees the file as it was approved; check the changes and approve again before inviting anyone.",
                )}
            </p>
        }
            .into_any(),
    };
    let flags_section = if check.flags.is_empty() {
        view! {
            <h2 class="heading-m" id="flags-title" tabindex="-1">"Flagged words"</h2>
            <p class="body">"Nothing was flagged for a decision."</p>
        }
        .into_any()
    } else {
        let reference = reference.clone();
        view! {
            <h2 class="heading-m" id="flags-title" tabindex="-1">"Flagged words"</h2>
            <p class="body">
                "These might identify someone but are not on the case record. Redact or keep each one: your choice applies wherever it appears on this case."
            </p>
            <ul class="flag-list" id="flags">
                {check
                    .flags
                    .clone()
                    .into_iter()
                    .map(|flag| view! { <FlagItem flag reference=reference.clone() decide /> })
                    .collect_view()}
            </ul>
        }
            .into_any()
    };
    let files_section = if check.files.is_empty() {
        view! { <p class="body">"No files are shared for this review."</p> }.into_any()
    } else {
        view! {
            <p class="body">
                "Open each file as the panel member will get it and check it does not identify the customer."
            </p>
            <ul class="letter-list">
                {check
                    .files
                    .clone()
                    .into_iter()
                    .map(|file| {
                        view! {
                            <li class="letter-list__item">
                                <a href=format!("/files/{}?copy=panel", file.token) rel="external">
                                    {format!("Open the panel's copy of {}", file.name)}
                                </a>
                                {file.unchecked.then(|| view! { <strong class="tag tag--amber">"Cannot be checked"</strong> })}
                                <span class="hint letter-list__date">
                                    {format!("Named for the panel: {}. {}", file.redacted_name, file.cleaning)}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
            .into_any()
    };
    let approve_form = if !check.review_under_way {
        view! {
            <p class="body">"The file can be approved only while the complaint is at Stage 2."</p>
        }
        .into_any()
    } else if matches!(check.approval, ApprovalState::Current { .. }) {
        view! {
            <p class="body">"The file as it stands is approved. You can invite a panel member from the case page."</p>
        }
            .into_any()
    } else {
        let fingerprint = check.fingerprint.clone();
        view! {
            <ActionForm action=approve attr:novalidate=true>
                <input type="hidden" name="reference" value=reference.clone() />
                <input type="hidden" name="fingerprint" value=fingerprint />
                <div class="form-group" class:form-group--error=move || approve_error.get().is_some()>
                    <ErrorMessage id="approve-button-error".to_owned() error=approve_error />
                    {(undecided > 0)
                        .then(|| {
                            view! {
                                <p class="body">
                                    {format!(
                                        "{undecided} flagged {} a decision before you can approve.",
                                        if undecided == 1 { "word needs" } else { "words need" },
                                    )}
                                </p>
                            }
                        })}
                    <button
                        type="submit"
                        class="button"
                        id="approve-button"
                        disabled=move || approve.pending().get()
                    >
                        "Approve the redacted file for the panel"
                    </button>
                </div>
            </ActionForm>
        }
            .into_any()
    };
    view! {
        <Title text=format!("Check the redacted file: {}", check.reference) />
        <p class="body">
            <a href=format!("/staff/cases/{}", check.reference) class="back-link">
                {format!("Back to {}", check.reference)}
            </a>
        </p>
        <ErrorSummary errors=summary />
        {move || {
            approved_now()
                .then(|| {
                    view! {
                        <div class="panel-notice" role="status">
                            <p class="body">
                                <strong>"The redacted file is approved. The panel sees it as it is now."</strong>
                            </p>
                        </div>
                    }
                })
        }}
        <span class="caption">"Redacted review file"</span>
        <h1 class="heading-l">{format!("Check the redacted file for {}", check.reference)}</h1>
        {status}
        <div class="inset">
            <p class="body">
                "Each piece of text a panel member reads is shown as written on the left and as the panel reads it on the right. "
                <span class="redaction-key redaction-key--removed">"Struck-through text"</span>
                " is taken out; "
                <span class="redaction-key redaction-key--flag">"highlighted text"</span>
                " is flagged for your decision."
            </p>
        </div>
        {flags_section}
        <h2 class="heading-m">"The text, side by side"</h2>
        <table class="redaction-table">
            <caption class="visually-hidden">"Each piece of text as written and as the panel reads it"</caption>
            <thead>
                <tr>
                    <th scope="col">"As written"</th>
                    <th scope="col">"As the panel reads it"</th>
                </tr>
            </thead>
            <tbody>
                {check
                    .texts
                    .clone()
                    .into_iter()
                    .map(|text| view! { <TextRow text /> })
                    .collect_view()}
            </tbody>
        </table>
        <h2 class="heading-m">"Shared files"</h2>
        {files_section}
        <h2 class="heading-m">"Approve"</h2>
        {approve_form}
    }
}

#[component]
fn TextRow(text: PreviewText) -> impl IntoView {
    let found = match (text.redactions, text.flags) {
        (0, 0) => "Nothing taken out".to_owned(),
        (r, 0) => format!("{r} taken out"),
        (0, f) => format!("{f} flagged"),
        (r, f) => format!("{r} taken out, {f} flagged"),
    };
    view! {
        <tr class="redaction-table__label">
            <th scope="rowgroup" colspan="2">
                {text.label.clone()}
                <span class="hint redaction-table__count">{format!(" ({found})")}</span>
            </th>
        </tr>
        <tr>
            <td class="prewrap" data-label="As written">
                {text
                    .original
                    .into_iter()
                    .map(|segment| match segment.mark {
                        Mark::Plain => segment.text.into_any(),
                        Mark::Redacted(placeholder) => view! {
                            <del class="redaction-removed">
                                <span class="visually-hidden">"taken out: "</span>
                                {segment.text}
                            </del>
                            <span class="redaction-placeholder">{placeholder}</span>
                        }
                            .into_any(),
                        Mark::Flag(decision) => {
                            let state = match decision {
                                Some(true) => "flag, redacted",
                                Some(false) => "flag, kept",
                                None => "flag, not decided",
                            };
                            view! {
                                <mark class="redaction-flag" class:redaction-flag--redacted=decision == Some(true)>
                                    {segment.text}
                                    <span class="visually-hidden">{format!(" ({state})")}</span>
                                </mark>
                            }
                                .into_any()
                        }
                    })
                    .collect_view()}
            </td>
            <td class="prewrap" data-label="As the panel reads it">{text.redacted}</td>
        </tr>
    }
}

#[component]
fn FlagItem(
    flag: PreviewFlag,
    reference: String,
    decide: ServerAction<DecideFlag>,
) -> impl IntoView {
    let (tag, class) = match flag.decision {
        Some(true) => ("Redacted", "tag tag--green"),
        Some(false) => ("Kept", "tag tag--blue"),
        None => ("Needs a decision", "tag tag--amber"),
    };
    let words = flag.words.clone();
    let times = if flag.times == 1 {
        String::new()
    } else {
        format!(", {} times", flag.times)
    };
    view! {
        <li class="flag-list__item">
            <p class="body">
                <mark class="redaction-flag">{flag.words.clone()}</mark>
                " "
                <strong class=class>{tag}</strong>
                <span class="hint">{format!(" {}{times}", flag.why)}</span>
            </p>
            <ActionForm action=decide attr:class="flag-list__form">
                <input type="hidden" name="reference" value=reference />
                <input type="hidden" name="words" value=words.clone() />
                <button
                    type="submit"
                    name="decision"
                    value="redact"
                    class="button button--secondary"
                    disabled=flag.decision == Some(true)
                >
                    "Redact"
                    <span class="visually-hidden">{format!(" “{words}”")}</span>
                </button>
                <button
                    type="submit"
                    name="decision"
                    value="keep"
                    class="button button--secondary"
                    disabled=flag.decision == Some(false)
                >
                    "Keep"
                    <span class="visually-hidden">{format!(" “{}”", flag.words)}</span>
                </button>
            </ActionForm>
        </li>
    }
}
