//! One page a file.

pub mod home;
pub mod my_cases;
pub mod not_found;
pub mod sign_in;
pub mod track;
