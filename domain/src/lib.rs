//! Putright's business rules, written once.
//!
//! This crate is pure: no I/O, no framework, no database. It compiles natively for the
//! server and to `wasm32-unknown-unknown` for the browser, so a form is checked in the
//! browser by exactly the code the server runs again before it stores anything.
//!
//! Anyone may depend on it; it depends on nothing of ours.
#![forbid(unsafe_code)]

pub mod description;
pub mod password;
pub mod reference;
pub mod role;

pub use description::{Description, DescriptionError};
pub use reference::{CaseReference, ReferenceError};
pub use role::{Role, UnknownRole};
