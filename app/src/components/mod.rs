//! Widgets shared by several pages.

mod character_count;
mod deadline_preview;
mod error_message;
mod error_summary;
mod focus;
mod layout;
mod page_title;

pub use character_count::CharacterCount;
pub use deadline_preview::DeadlinePreview;
pub use error_message::ErrorMessage;
pub use error_summary::{ErrorSummary, FieldError};
pub use focus::focus_element;
pub use layout::{Footer, Header, SkipLink};
pub use page_title::PageTitle;
