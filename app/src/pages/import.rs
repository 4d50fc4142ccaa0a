//! `/admin/import`: bring in history from the previous system (admins and the complaints
//! manager). A plain multipart form, so it works without JavaScript; the job it starts is
//! shown on the same page (`?job=N`) with a progress bar, then the result. See
//! [`crate::import`].

use crate::components::{ErrorMessage, ErrorSummary, FieldError};
use crate::error::AppError;
use crate::import::{
    DRY_RUN_FIELD, FILE_FIELD, ImportView, JobState, ProblemLine, UploadRefusal, import_page,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// How often, in seconds, the page of a running job reloads itself.
const POLL_SECONDS: u32 = 1;

#[component]
pub fn ImportPage() -> impl IntoView {
    let query = use_query_map();
    let job = move || query.read().get("job").and_then(|j| j.parse::<u64>().ok());
    let refusal = move || {
        query
            .read()
            .get("error")
            .and_then(|code| UploadRefusal::from_code(&code))
    };
    let page = Resource::new(job, import_page);
    let file_error = Signal::derive(move || refusal().map(|r| r.message().to_owned()));
    view! {
        <Title text="Import history" />
        <Transition fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Err(error) => view! { <Problem error /> }.into_any(),
                        Ok(view) => {
                            let upload_summary = Signal::derive(move || {
                                file_error
                                    .get()
                                    .map(|message| FieldError {
                                        field_id: FILE_FIELD.to_owned(),
                                        message,
                                    })
                                    .into_iter()
                                    .collect::<Vec<_>>()
                            });
                            view! {
                                {match &view {
                                    Some(ImportView { state: JobState::Refused { problems, rows_with_problems }, .. }) => {
                                        view! { <RefusalSummary problems=problems.clone() rows=*rows_with_problems /> }.into_any()
                                    }
                                    _ => view! { <ErrorSummary errors=upload_summary /> }.into_any(),
                                }}
                                <h1 class="heading-l">"Import history"</h1>
                                {view.map(|v| view! { <JobStatus view=v /> })}
                                <UploadForm file_error />
                            }
                            .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn Problem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    let text = match error {
        AppError::Forbidden => {
            "Only an administrator or the complaints manager can import history.".to_owned()
        }
        AppError::NotFound => {
            "We could not find that import. Imports are kept until Putright restarts, and only the person who started one can see it.".to_owned()
        }
        other => other.to_string(),
    };
    view! {
        <h1 class="heading-l">"Import history"</h1>
        <p class="body">{text}</p>
        <p class="body">
            <a href="/admin/import">"Start an import"</a>
            " or "
            <a href="/sign-in?next=/admin/import">"sign in with another account"</a>
        </p>
    }
}

/// The problems of a refused file, as the GOV.UK error summary: each links to the file
/// field, where a corrected file is chosen.
#[component]
fn RefusalSummary(problems: Vec<ProblemLine>, rows: u64) -> impl IntoView {
    let listed = {
        let mut lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        lines.dedup();
        lines.len() as u64
    };
    let mut errors: Vec<FieldError> = problems
        .iter()
        .map(|p| FieldError {
            field_id: FILE_FIELD.to_owned(),
            message: p.text(),
        })
        .collect();
    if rows > listed {
        errors.push(FieldError {
            field_id: FILE_FIELD.to_owned(),
            message: format!(
                "… and {} more rows with problems: correct these first, then check the file again",
                rows - listed
            ),
        });
    }
    view! { <ErrorSummary errors=Signal::stored(errors) /> }
}

#[component]
fn JobStatus(view: ImportView) -> impl IntoView {
    let ImportView {
        id,
        file_name,
        dry_run,
        state,
    } = view;
    match state {
        JobState::Running {
            checking,
            percent,
            rows,
        } => {
            let doing = if checking {
                "Checking"
            } else {
                "Importing"
            };
            view! {
                <div class="import-progress">
                    <label class="label" for="import-progress">
                        {format!("{doing} {file_name}: {percent}%")}
                    </label>
                    <progress id="import-progress" max="100" value=percent.to_string()>
                        {format!("{percent}%")}
                    </progress>
                    <p class="hint">{format!("{rows} rows so far. This page updates by itself.")}</p>
                    // The page reads the job again each second by reloading itself.
                    <leptos_meta::Meta http_equiv="refresh" content=POLL_SECONDS.to_string() />
                    <p class="body">
                        <a href=format!("/admin/import?job={id}")>"Check progress"</a>
                    </p>
                </div>
            }
            .into_any()
        }
        JobState::Finished {
            rows,
            imported,
            already_imported,
        } => {
            let (title, detail) = if dry_run {
                (
                    format!("{file_name} is ready to import"),
                    format!(
                        "All {rows} rows passed every check. Nothing was imported: this was a check only."
                    ),
                )
            } else {
                (
                    format!("{imported} cases imported"),
                    format!(
                        "{file_name} had {rows} rows. {already_imported} of them were imported before and were left as they are."
                    ),
                )
            };
            view! {
                <div class="panel-notice" role="status" id="import-result">
                    <p class="body">
                        <strong>{title}</strong>
                    </p>
                    <p class="body">{detail}</p>
                </div>
            }
            .into_any()
        }
        JobState::Refused {
            rows_with_problems: rows,
            ..
        } => {
            let rows_text = if rows == 1 {
                "1 row has a problem".to_owned()
            } else {
                format!("{rows} rows have problems")
            };
            view! {
                <p class="body" id="refusal-note">
                    <strong>{format!("Nothing was imported from {file_name}: {rows_text}.")}</strong>
                    " Correct the file and upload it again. Each line number counts the header as line 1."
                </p>
            }
            .into_any()
        }
        JobState::Failed => view! {
            <div class="panel-notice" role="status" id="import-result">
                <p class="body">
                    <strong>"The import stopped and nothing was imported."</strong>
                    " Please try again in a few minutes. If it stops again, tell whoever looks after Putright."
                </p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn UploadForm(file_error: Signal<Option<String>>) -> impl IntoView {
    let described_by = move || {
        if file_error.get().is_some() {
            "file-hint file-error"
        } else {
            "file-hint"
        }
    };
    view! {
        <form method="post" action="/admin/import" enctype="multipart/form-data" class="import-form">
            <div class="form-group" class:form-group--error=move || file_error.get().is_some()>
                <label class="label" for=FILE_FIELD>
                    "CSV file of cases from the previous system"
                </label>
                <div class="hint" id="file-hint">
                    <p class="hint">
                        "UTF-8, with a header row. The columns, in any order: reference, kind, channel, received_at and status, and if they apply stage1_acknowledged, stage1_extended_to, stage1_responded, review_requested_at, stage2_acknowledged, stage2_extended_to and stage2_responded."
                    </p>
                    <p class="hint">
                        "Every row is checked first. If any row has a problem, nothing is imported and each problem is listed. Rows imported before are left as they are."
                    </p>
                </div>
                <ErrorMessage id="file-error".to_owned() error=file_error />
                <input
                    class="file-upload"
                    class:file-upload--error=move || file_error.get().is_some()
                    id=FILE_FIELD
                    name=FILE_FIELD
                    type="file"
                    accept=".csv,text/csv"
                    aria-describedby=described_by
                />
            </div>
            <div class="form-group">
                <div class="checkboxes__item">
                    <input
                        class="checkboxes__input"
                        id=DRY_RUN_FIELD
                        name=DRY_RUN_FIELD
                        type="checkbox"
                        value="yes"
                    />
                    <label class="label checkboxes__label" for=DRY_RUN_FIELD>
                        "Only check the file: do not import anything"
                    </label>
                </div>
            </div>
            <button type="submit" class="button" id="import-button">
                "Upload and check"
            </button>
        </form>
    }
}
