//! One page a file.

pub mod check;
pub mod dashboard;
pub mod home;
pub mod letter;
pub mod make;
pub mod my_cases;
pub mod not_found;
pub mod register;
pub mod sign_in;
pub mod staff_case;
pub mod track;
