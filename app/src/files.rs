//! The files on a case: the list on the case page (resident and staff), and the plain form
//! that adds another.
//!
//! The form posts `multipart/form-data` to `POST /cases/{reference}/files` (the server
//! crate's `files` module), because it carries a file, and so works without JavaScript. The
//! server answers with a redirect back to the case page, carrying the outcome in the
//! address (`?file=added#files`, or `?file_error=<code>#files`); the section reads it back
//! from there and shows the message next to the file input.
//!
//! Rules we chose where SPEC is silent:
//! - a file may be added by whoever may add information to the case (the customer's side,
//!   or officers and managers), on a case that has not been withdrawn: the same rule as
//!   added information, [`crate::case_actions::rules::add_information`];
//! - everyone who may see the case in full sees all of its files, whoever added them;
//!   involved customers, who only ever see a redacted case, see none;
//! - staff see who added a file by name; the customer's side sees "Us" for a member of
//!   staff and "You" for anyone on the customer's side (the customer, or someone acting
//!   for them).

use crate::error::AppError;
use domain::evidence::EvidenceError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The name of the form's file field, and the input's id.
const FIELD: &str = EvidenceError::FIELD;
/// The section's id: the server's redirect ends with `#files`.
pub const SECTION_ID: &str = "files";

/// One file on a case, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLine {
    /// The file's address is `/files/{token}` (random: see `storage::attachments::new_token`).
    pub token: String,
    /// The name the file had when it was added.
    pub name: String,
    /// "2.4 MB", "310 KB".
    pub size: String,
    /// A name for staff; "You" or "Us" for the customer's side.
    pub added_by: String,
    /// "Tuesday 31 December 2024 at 14:05", London time.
    pub added_at: String,
    /// The browser shows it itself; otherwise it is saved (see
    /// [`domain::evidence::FileType::inline_allowed`]).
    pub opens_in_browser: bool,
    /// For staff: whether it is shared with an involved customer reviewing the case.
    pub shared: Option<bool>,
    /// For staff: its type cannot be cleaned of hidden details, so sharing it needs a
    /// person to confirm they checked it.
    pub cannot_be_checked: bool,
    /// For staff, once shared: what was done to the copy the panel gets.
    pub shared_as: Option<String>,
}

/// A case's files, and whether the reader may add one now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileList {
    pub files: Vec<FileLine>,
    pub may_add: bool,
    /// The reader decides which files an involved customer may see (whoever may invite
    /// one: [`domain::access::Action::InviteInvolvedCustomer`]), on a complaint.
    pub may_share: bool,
}

/// Why a file was not added, carried back to the case page in its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    /// The form was sent without a file.
    NoFile,
    /// The file itself: too large, not an allowed type, content that does not match its
    /// name, or a program.
    File(EvidenceError),
    /// The case was withdrawn: nothing more can be added to it.
    Withdrawn,
}

impl FileRefusal {
    /// The refusal's name in the page's address.
    pub fn code(&self) -> String {
        match self {
            Self::NoFile => "no_file".to_owned(),
            Self::File(refusal) => refusal.code(),
            Self::Withdrawn => "withdrawn".to_owned(),
        }
    }

    /// The refusal an address names; anything we did not write is `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "no_file" => Some(Self::NoFile),
            "withdrawn" => Some(Self::Withdrawn),
            other => EvidenceError::from_code(other).map(Self::File),
        }
    }

    /// What the person reads, next to the file input.
    pub fn message(&self) -> String {
        match self {
            Self::NoFile => "Select a file to add".to_owned(),
            Self::File(refusal) => refusal.to_string(),
            Self::Withdrawn => "This case has been withdrawn, so no more files can be added to it. If you need to tell us something, contact us".to_owned(),
        }
    }
}

/// The case page a file was added from: the staff page for staff, the customer's otherwise.
pub fn case_page(reference: &str, staff: bool) -> String {
    if staff {
        format!("/staff/cases/{reference}")
    } else {
        format!("/cases/{reference}")
    }
}

/// Where the browser goes after adding a file: back to the case page's files, with the
/// outcome.
pub fn address_after(reference: &str, staff: bool, outcome: Result<(), &FileRefusal>) -> String {
    let page = case_page(reference, staff);
    match outcome {
        Ok(()) => format!("{page}?file=added#{SECTION_ID}"),
        Err(refusal) => format!("{page}?file_error={}#{SECTION_ID}", refusal.code()),
    }
}

/// The files on a case, for its page, and whether the reader may add one.
///
/// Only for those who may see the case in full ([`domain::access::Action::ViewCase`]): an
/// involved customer, who may see only a redacted case, is refused like anyone else who
/// may not.
#[server(endpoint = "case_files")]
pub async fn case_files(reference: String) -> Result<FileList, AppError> {
    let read = crate::cases::guard::page_read(&reference, domain::access::Action::ViewCase).await?;
    file_list(&read.scope, &read.access.caller, &read.case).await
}

/// [`case_files`] for a case the page has read already.
#[cfg(feature = "ssr")]
pub(crate) async fn file_list(
    scope: &crate::state::Scope,
    caller: &service::Caller,
    case: &service::steps::OnCase,
) -> Result<FileList, AppError> {
    let service::files::OnCaseFiles {
        files: attachments,
        added_by: people,
        sees_record: staff,
        may_add,
        may_share,
    } = service::files::on_case(scope.ctx(), caller, case).await?;
    let added_by = |uploaded_by: Option<i32>| {
        let account = uploaded_by.and_then(|id| people.get(&id).cloned());
        match (staff, account) {
            (true, Some(account)) => account.display_name,
            // Sent with the online form by a customer without an account.
            (true, None) => "The customer".to_owned(),
            (false, Some(account)) if account.role.is_staff() => "Us".to_owned(),
            (false, _) => "You".to_owned(),
        }
    };
    let files = attachments
        .iter()
        .map(|a| FileLine {
            token: a.token.clone(),
            name: a.file_name.clone(),
            size: crate::make::size_in_words(u64::try_from(a.size_bytes).unwrap_or(0)),
            added_by: added_by(a.uploaded_by),
            added_at: domain::deadlines::long_date_time(a.uploaded_at),
            opens_in_browser: domain::evidence::FileType::from_file_name(&a.file_name)
                .is_some_and(domain::evidence::FileType::inline_allowed),
            shared: staff.then_some(a.shareable && a.shared_copy.is_some()),
            cannot_be_checked: staff
                && !domain::evidence::FileType::from_file_name(&a.file_name)
                    .is_some_and(storage::cleaning::cleanable),
            shared_as: a
                .shared_copy
                .as_ref()
                .filter(|_| staff && a.shareable)
                .map(|copy| match &copy.cleaning {
                    storage::attachments::Cleaning::Cleaned(what) => what.clone(),
                    storage::attachments::Cleaning::Unchecked => {
                        "Shared as it is: its type cannot be cleaned".to_owned()
                    }
                }),
        })
        .collect();
    Ok(FileList {
        files,
        may_add,
        may_share,
    })
}

/// Shares a file of a complaint with the involved customer reviewing it, or stops sharing
/// it. Only for whoever may invite one; a file of another case is answered as missing.
///
/// Sharing makes the copy the panel gets ([`storage::cleaning`]): cleaned of hidden
/// details, or, for a type that cannot be cleaned, the file as it is, only when `confirm`
/// says a person opened it and it does not identify the customer. Stopping removes the copy.
#[server(endpoint = "share_file")]
pub async fn share_file(
    reference: String,
    file: String,
    share: bool,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use domain::access::Action;
    let access =
        crate::cases::guard::case_access(&reference, Action::InviteInvolvedCustomer).await?;
    let scope = crate::state::scope()?;
    let case = service::steps::OnCase::read(scope.ctx(), &access.reached).await?;
    service::files::share(
        scope.ctx(),
        &access.caller,
        case,
        scope.state.blobs.as_ref(),
        &file,
        share,
        confirm.as_deref() == Some("yes"),
    )
    .await?;
    Ok(())
}

/// The "Files" section of a case page: each file as a link to open or save it, and, for
/// those who may add one, a plain upload form, with the outcome of an upload that sent the
/// browser back here (in the address). The page reads `list` with the case.
#[component]
pub fn FilesSection(list: FileList, reference: String) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let (added, refusal) = query.with_untracked(|query| {
        (
            query.get("file").as_deref() == Some("added"),
            query
                .get("file_error")
                .as_deref()
                .and_then(FileRefusal::from_code),
        )
    });
    let action = format!("/cases/{reference}/files");
    let share = ServerAction::<ShareFile>::new();
    view! { <Files list action added refusal share reference /> }
}

#[component]
fn Files(
    list: FileList,
    action: String,
    added: bool,
    refusal: Option<FileRefusal>,
    share: ServerAction<ShareFile>,
    reference: String,
) -> impl IntoView {
    let message = refusal.as_ref().map(FileRefusal::message);
    // The summary links to the file input, or to the heading when there is no form.
    let target = if list.may_add { FIELD } else { "files-title" };
    let summary = message
        .clone()
        .map(|message| {
            vec![crate::components::FieldError {
                field_id: target.to_owned(),
                message,
            }]
        })
        .unwrap_or_default();
    let empty = list.files.is_empty();
    view! {
        <section class="case-files" id=SECTION_ID aria-labelledby="files-title">
            <crate::components::ErrorSummary errors=Signal::stored(summary) />
            <h2 class="heading-m" id="files-title" tabindex="-1">
                "Files"
            </h2>
            {added
                .then(|| {
                    view! {
                        <div class="inset" role="status">
                            <p class="body">"Your file has been added."</p>
                        </div>
                    }
                })}
            {if empty {
                view! { <p class="body">"There are no files on this case yet."</p> }.into_any()
            } else {
                let sharing = list.may_share.then_some((share, reference));
                view! { <FileItems files=list.files sharing /> }.into_any()
            }}
            {list.may_add.then(|| view! { <AddFile action message /> })}
        </section>
    }
}

#[component]
fn FileItems(
    files: Vec<FileLine>,
    /// The action and case reference, for a reader who decides what a reviewer sees.
    sharing: Option<(ServerAction<ShareFile>, String)>,
) -> impl IntoView {
    // A refusal sent back in the address after a post without JavaScript.
    let from_url = crate::error::error_from_url();
    view! {
        <ul class="letter-list">
            {files
                .into_iter()
                .map(|file| {
                    let from_url = from_url.clone();
                    let href = format!("/files/{}", file.token);
                    let hidden_name = format!(": {}", file.name);
                    // Followed by the browser, not the app's router: the answer is a file.
                    let link = if file.opens_in_browser {
                        view! {
                            <a href=href rel="external">
                                {file.name}
                            </a>
                        }
                            .into_any()
                    } else {
                        view! {
                            <a href=href download="">
                                {file.name}
                            </a>
                        }
                            .into_any()
                    };
                    let shared = file.shared.unwrap_or(false);
                    let tag = shared
                        .then(|| {
                            view! { <strong class="tag tag--blue">"Shared for the review"</strong> }
                        });
                    let shared_as = file
                        .shared_as
                        .clone()
                        .map(|what| view! { <span class="hint letter-list__date">{what}</span> });
                    let confirm_id = format!("confirm-{}", file.token);
                    let needs_confirm = file.cannot_be_checked && !shared;
                    let toggle = sharing
                        .clone()
                        .map(|(action, reference)| {
                            let (label, value) = if shared {
                                ("Stop sharing", "false")
                            } else {
                                ("Share for the review", "true")
                            };
                            view! {
                                <ActionForm action attr:class="file-share">
                                    <input type="hidden" name="reference" value=reference />
                                    <input type="hidden" name="file" value=file.token.clone() />
                                    <input type="hidden" name="share" value=value />
                                    {needs_confirm
                                        .then(|| {
                                            let error = Signal::derive({
                                                let id = confirm_id.clone();
                                                let from_url = from_url.clone();
                                                move || {
                                                    action
                                                        .value()
                                                        .get()
                                                        .and_then(Result::err)
                                                        .or_else(|| from_url.clone())
                                                        .and_then(|e| e.for_field(&id))
                                                }
                                            });
                                            view! {
                                                <div
                                                    class="form-group"
                                                    class:form-group--error=move || error.get().is_some()
                                                >
                                                    <crate::components::ErrorMessage
                                                        id=format!("{confirm_id}-error")
                                                        error
                                                    />
                                                    <div class="checkboxes__item">
                                                        <input
                                                            class="checkboxes__input"
                                                            type="checkbox"
                                                            id=confirm_id.clone()
                                                            name="confirm"
                                                            value="yes"
                                                        />
                                                        <label class="label checkboxes__label" for=confirm_id.clone()>
                                                            "Files of this type cannot be checked for hidden details. I have opened it and it does not name or identify the customer."
                                                        </label>
                                                    </div>
                                                </div>
                                            }
                                        })}
                                    <button type="submit" class="button button--secondary">
                                        {label}
                                        <span class="visually-hidden">{hidden_name}</span>
                                    </button>
                                </ActionForm>
                            }
                        });
                    view! {
                        <li class="letter-list__item">
                            {link}
                            {tag}
                            {shared_as}
                            <span class="hint letter-list__date">
                                {format!(
                                    "{}, added by {} on {}",
                                    file.size,
                                    file.added_by,
                                    file.added_at,
                                )}
                            </span>
                            {toggle}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The upload form: a plain multipart post, so it works before (and without) the page's
/// script.
#[component]
fn AddFile(action: String, message: Option<String>) -> impl IntoView {
    let error = message.is_some();
    let described_by = if error {
        "evidence-hint evidence-error"
    } else {
        "evidence-hint"
    };
    view! {
        <form method="post" enctype="multipart/form-data" action=action novalidate>
            <div class="form-group" class:form-group--error=error>
                <label class="label" for=FIELD>
                    "Add a file"
                </label>
                <div class="hint" id="evidence-hint">
                    "A photo, document or recording, up to 32 MB. Allowed types: "
                    {domain::evidence::ALLOWED} "."
                </div>
                <crate::components::ErrorMessage
                    id="evidence-error".to_owned()
                    error=Signal::stored(message)
                />
                <input
                    class="file-upload"
                    class:file-upload--error=error
                    id=FIELD
                    name=FIELD
                    type="file"
                    aria-describedby=described_by
                />
            </div>
            <button type="submit" class="button">
                "Add file"
            </button>
        </form>
    }
}
