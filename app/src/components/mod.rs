//! Widgets shared by several pages.

mod character_count;
mod error_message;
mod error_summary;
mod fields;
mod focus;
mod form_errors;
mod layout;
mod status;

pub use character_count::CharacterCount;
pub use error_message::ErrorMessage;
pub use error_summary::{ERROR_SUMMARY_ID, ErrorSummary, FieldError};
pub use fields::{Checkboxes, DateInput, Radios, TextArea, TextInput};
pub use focus::focus_element;
pub use form_errors::FormErrors;
pub use layout::{Footer, Header, SkipLink};
pub use status::{PageProblem, answer_with};
