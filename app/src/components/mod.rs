//! Widgets shared by several pages.

mod character_count;
mod error_message;
mod error_summary;
mod fields;
mod form_errors;
mod landlord_contacts;
mod layout;
mod print_button;
mod status;

pub use character_count::{CharacterCount, count_message};
pub use error_message::ErrorMessage;
pub use error_summary::{ERROR_SUMMARY_ID, ErrorSummary, FieldError};
pub use fields::{Checkboxes, Choice, DateInput, Radios, Select, TextArea, TextInput};
pub use form_errors::{FormErrors, not_about, summary_lines, typed_or_stored};
pub use landlord_contacts::LandlordContacts;
pub use layout::{Footer, Header, SkipLink, administration_pages};
pub use print_button::PrintButton;
pub use status::{PageProblem, answer_with};

/// A count with a comma between thousands: 4200 as "4,200".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The page's `:id` path parameter as a number; `None` when it is not one (the page then
/// answers "not found" through its server function).
pub fn id_param() -> impl Fn() -> Option<i32> + Copy + Send + Sync + 'static {
    use leptos::prelude::Read;
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
    }
}
