//! Putright's business rules, written once.
//!
//! This crate is pure: no I/O, no framework, no database. It compiles natively for the
//! server and to `wasm32-unknown-unknown` for the browser, so a form is checked in the
//! browser by exactly the code the server runs again before it stores anything.
//!
//! Anyone may depend on it; it depends on nothing of ours.
#![forbid(unsafe_code)]

pub mod access;
pub mod calendar;
pub mod channel;
pub mod deadlines;
pub mod description;
pub mod eligibility;
pub mod evidence;
pub mod form;
pub mod history;
pub mod involvement;
pub mod landlord;
pub mod learning;
pub mod letters;
pub mod lifecycle;
pub mod london;
pub mod money;
pub mod ombudsman;
pub mod password;
pub mod policy;
pub mod receipt;
pub mod redaction;
pub mod reference;
pub mod reports;
pub mod restriction;
pub mod retention;
pub mod role;
pub mod self_assessment;
pub mod text;
pub mod timeline;
pub mod tracking;
pub mod triage;
pub mod updates;
pub mod webhooks;

pub use calendar::{Calendar, CalendarVersion, ClosureDay};
pub use channel::Channel;
pub use deadlines::{Deadline, StageDeadlines, stage_deadlines};
pub use description::{Description, DescriptionError};
pub use form::{ComplaintForm, ComplaintFormInput, FieldError, FormErrors};
pub use landlord::Landlord;
pub use lifecycle::{Actor, Case, Complaint, Event, TransitionError, UserId};
pub use money::Money;
pub use policy::{Policy, PolicyId, Stage, policy_in_force};
pub use receipt::Receipt;
pub use reference::{CaseReference, ReferenceError};
pub use role::{Role, UnknownRole};
pub use timeline::TimelineItem;
