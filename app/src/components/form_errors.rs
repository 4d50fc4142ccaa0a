//! A form's refusal as the page shows it, the same way on every page: the error summary's
//! line linking to the field, the message next to that field, and a message above the
//! button for a refusal that is not about one field.

use crate::components::FieldError;
use crate::error::{AppError, error_from_url, error_from_url_for};
use leptos::prelude::*;

/// What one form's server action answered, read from the action (with JavaScript) or from
/// the page's address (after a plain post without it).
#[derive(Clone, Copy)]
pub struct FormErrors {
    error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
    button_id: &'static str,
    /// The id to link to for a field whose input is not named after it.
    id_of: fn(&str) -> Option<&'static str>,
}

impl FormErrors {
    /// `answer` is the action's last answer; `fields` the form's fields in order;
    /// `button_id` where a refusal about no field is shown.
    pub fn new(
        answer: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
        fields: &'static [&'static str],
        button_id: &'static str,
    ) -> Self {
        Self::with_url_error(answer, error_from_url(), fields, button_id)
    }

    /// [`FormErrors::new`] for one of several forms on a page: a refusal sent back through
    /// the address is this form's only when it came from `path`, its server function's.
    pub fn for_path(
        path: &'static str,
        answer: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
        fields: &'static [&'static str],
        button_id: &'static str,
    ) -> Self {
        Self::with_url_error(answer, error_from_url_for(path), fields, button_id)
    }

    fn with_url_error(
        answer: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
        from_url: Option<AppError>,
        fields: &'static [&'static str],
        button_id: &'static str,
    ) -> Self {
        Self {
            error: Signal::derive(move || match answer() {
                Some(result) => result.err(),
                None => from_url.clone(),
            }),
            fields,
            button_id,
            id_of: |_| None,
        }
    }

    /// Links the summary to `id_of(field)` instead of the field's name where it says so.
    pub fn with_ids(self, id_of: fn(&str) -> Option<&'static str>) -> Self {
        Self { id_of, ..self }
    }

    pub fn error(&self) -> Signal<Option<AppError>> {
        self.error
    }

    /// The error summary's lines: one per problem, each linking to its field.
    pub fn summary(&self) -> Signal<Vec<FieldError>> {
        let this = *self;
        Signal::derive(move || {
            this.error.get().map_or_else(Vec::new, |e| {
                summary_lines(&e, |f| this.fields.contains(&f), this.id_of, this.button_id)
            })
        })
    }

    /// The message next to one field.
    pub fn field(&self, name: &'static str) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().and_then(|e| e.for_field(name)))
    }

    /// The message above the button: a refusal that is not about one of the form's fields.
    pub fn button(&self) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            this.error
                .get()
                .and_then(|e| not_about(&e, |f| this.fields.contains(&f)))
        })
    }
}

/// What of a refusal is not about a field the form shows (`is_field`): the whole refusal,
/// or the problems with other fields; shown above the form's button.
pub fn not_about(error: &AppError, is_field: impl Fn(&str) -> bool) -> Option<String> {
    let problems = error.problems();
    if problems.is_empty() {
        return Some(error.to_string());
    }
    let rest: Vec<&str> = problems
        .into_iter()
        .filter(|(field, _)| !is_field(field))
        .map(|(_, message)| message)
        .collect();
    (!rest.is_empty()).then(|| rest.join(". "))
}

/// The error summary's lines for a refusal: one per problem with a field the form shows,
/// linking to it (to `id_of(field)` where the input is not named after its field), then
/// the rest, linking to the button.
pub fn summary_lines(
    error: &AppError,
    is_field: impl Fn(&str) -> bool + Copy,
    id_of: fn(&str) -> Option<&'static str>,
    button_id: &str,
) -> Vec<FieldError> {
    let mut lines: Vec<FieldError> = error
        .problems()
        .into_iter()
        .filter(|(field, _)| is_field(field))
        .map(|(field, message)| FieldError {
            field_id: id_of(field).unwrap_or(field).to_owned(),
            message: message.to_owned(),
        })
        .collect();
    if let Some(message) = not_about(error, is_field) {
        lines.push(FieldError {
            field_id: button_id.to_owned(),
            message,
        });
    }
    lines
}

/// The value of a form field that edits something stored: what was typed, when a refused
/// post without JavaScript sent the page back with it (a field left blank then comes back
/// blank, not as stored); otherwise the stored value.
pub fn typed_or_stored() -> impl Fn(&str, &str) -> String + Copy {
    let query = leptos_router::hooks::use_query_map();
    let refused = query.read_untracked().get("__err").is_some();
    move |name: &str, stored: &str| {
        query.read_untracked().get(name).unwrap_or_else(|| {
            if refused {
                String::new()
            } else {
                stored.to_owned()
            }
        })
    }
}
