//! Putright's storage layer.
//!
//! Entities and SQL stay here: the rest of the product sees repositories that take and
//! return `domain` types, and [`StorageError`], which never carries database text to a user.
//! SQLite (the embedded default) and PostgreSQL pass the same tests.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod adjustments;
pub mod api_clients;
pub mod attachments;
pub mod bench;
pub mod blobs;
pub mod bulk;
pub mod calendar;
pub mod calls;
pub mod case_views;
pub mod cases;
pub mod cleaning;
mod codes;
pub mod continuity;
pub mod customer_flags;
pub mod customers;
pub mod db;
pub mod drafts;
mod entities;
mod error;
pub mod idempotency;
pub mod import;
pub mod in_flight;
pub mod integrity;
pub mod invitations;
pub mod jobs;
pub mod learning;
pub mod letter_templates;
pub mod letters;
pub mod move_files;
pub mod ombudsman;
pub mod outbox;
pub mod panel;
pub mod policies;
pub mod recount;
pub mod redaction;
pub mod reference;
pub mod remedies;
pub mod reports;
pub mod representatives;
pub mod retention;
pub mod self_assessment;
pub mod settings;
pub mod throttle;
pub mod webhooks;
pub mod worklist;

pub mod test_support;

pub use db::{Backend, Db};
pub use error::StorageError;
