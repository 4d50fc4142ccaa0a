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

    fn is_field(&self, error: &AppError) -> bool {
        matches!(error, AppError::Validation { field, .. } if self.fields.contains(&field.as_str()))
    }

    /// The error summary's line.
    pub fn summary(&self) -> Signal<Vec<FieldError>> {
        let this = *self;
        Signal::derive(move || {
            let Some(e) = this.error.get() else {
                return Vec::new();
            };
            let field_id = match &e {
                AppError::Validation { field, .. } if this.is_field(&e) => (this.id_of)(field)
                    .map(str::to_owned)
                    .unwrap_or_else(|| field.clone()),
                _ => this.button_id.to_owned(),
            };
            vec![FieldError {
                field_id,
                message: e.to_string(),
            }]
        })
    }

    /// The message next to one field.
    pub fn field(&self, name: &'static str) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().and_then(|e| e.for_field(name)))
    }

    /// The message above the button: a refusal that is not about one field.
    pub fn button(&self) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            this.error
                .get()
                .filter(|e| !this.is_field(e))
                .map(|e| e.to_string())
        })
    }
}
