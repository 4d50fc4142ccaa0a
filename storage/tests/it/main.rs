//! Storage's tests, in one binary so that storage is linked once: each module runs on
//! SQLite, and on PostgreSQL too when `PUTRIGHT_TEST_DATABASE_URL` is set.

mod account_controls;
mod accounts;
mod blobs;
mod calendar;
mod cases;
mod continuity;
mod customer_flags;
mod idempotency;
mod import;
mod intake;
mod learning;
mod letters;
mod panel;
mod reading;
mod recount;
mod redaction;
mod reports;
mod retention;
mod second_factor;
mod settings;
mod sign_in_guard;
mod worklist;
