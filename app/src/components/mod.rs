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
pub use layout::{Footer, Header, SkipLink};
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
