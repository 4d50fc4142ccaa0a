//! One page a file.

pub mod home;
pub mod not_found;
pub mod track;
