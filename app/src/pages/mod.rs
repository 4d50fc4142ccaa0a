//! One page a file.

pub mod check;
pub mod home;
pub mod make;
pub mod my_cases;
pub mod not_found;
pub mod register;
pub mod sign_in;
pub mod track;
