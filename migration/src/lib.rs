//! Putright's database schema as sea-orm migrations.
//!
//! Each `mNNNN_…` file is self-contained (its own identifiers, its `down` written) so that
//! the schema of any past release can be rebuilt. The server runs [`Migrator`] at start-up
//! and through `putright migrate`; nothing else depends on this crate.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m0001_cases;
mod m0002_accounts;
mod m0003_people;
mod m0004_case_record;
mod m0005_involvement_learning_outbox;
mod m0006_drafts;
mod m0009_teams;
mod m0010_attachment_tokens;
mod m0011_calendar_version;
mod m0013_call_tasks;
mod m0014_account_controls;
mod m0015_throttle;
mod m0016_tracking_hash;
mod m0017_case_views;
mod m0018_redaction_approval;
mod m0019_sign_in_guard;
mod m0020_second_factor;
mod m0021_work_queue;
mod m0022_queue_tally;
mod m0023_settings;
mod m0024_sent_drafts;
mod m0025_contact_restrictions;
mod m0026_triage;
mod m0027_adjustment_actions;
mod m0028_updates;
mod m0029_ombudsman;
mod m0030_tenure;
mod m0031_continuity;
mod m0032_self_assessment;
mod m0033_calendar_admin;
mod m0034_improvement_action_events;
mod m0035_policy_figures;
mod m0036_retention;
mod m0037_letter_templates;
mod m0038_jobs;
mod m0039_file_chunks;
mod m0040_customer_search;
mod m0041_open_cases_with_customer;
mod m0042_api_clients;
mod m0043_webhook_deliveries;
mod m0044_api_idempotency_keys;
mod m0045_files_in_flight;
mod m0046_open_case_search;
mod m0047_case_owners;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_cases::Migration),
            Box::new(m0002_accounts::Migration),
            Box::new(m0003_people::Migration),
            Box::new(m0004_case_record::Migration),
            Box::new(m0005_involvement_learning_outbox::Migration),
            Box::new(m0006_drafts::Migration),
            Box::new(m0009_teams::Migration),
            Box::new(m0010_attachment_tokens::Migration),
            Box::new(m0011_calendar_version::Migration),
            Box::new(m0013_call_tasks::Migration),
            Box::new(m0014_account_controls::Migration),
            Box::new(m0015_throttle::Migration),
            Box::new(m0016_tracking_hash::Migration),
            Box::new(m0017_case_views::Migration),
            Box::new(m0018_redaction_approval::Migration),
            Box::new(m0019_sign_in_guard::Migration),
            Box::new(m0020_second_factor::Migration),
            Box::new(m0021_work_queue::Migration),
            Box::new(m0022_queue_tally::Migration),
            Box::new(m0023_settings::Migration),
            Box::new(m0024_sent_drafts::Migration),
            Box::new(m0025_contact_restrictions::Migration),
            Box::new(m0026_triage::Migration),
            Box::new(m0027_adjustment_actions::Migration),
            Box::new(m0028_updates::Migration),
            Box::new(m0029_ombudsman::Migration),
            Box::new(m0030_tenure::Migration),
            Box::new(m0031_continuity::Migration),
            Box::new(m0032_self_assessment::Migration),
            Box::new(m0033_calendar_admin::Migration),
            Box::new(m0034_improvement_action_events::Migration),
            Box::new(m0035_policy_figures::Migration),
            Box::new(m0036_retention::Migration),
            Box::new(m0037_letter_templates::Migration),
            Box::new(m0038_jobs::Migration),
            Box::new(m0039_file_chunks::Migration),
            Box::new(m0040_customer_search::Migration),
            Box::new(m0041_open_cases_with_customer::Migration),
            Box::new(m0042_api_clients::Migration),
            Box::new(m0043_webhook_deliveries::Migration),
            Box::new(m0044_api_idempotency_keys::Migration),
            Box::new(m0045_files_in_flight::Migration),
            Box::new(m0046_open_case_search::Migration),
            Box::new(m0047_case_owners::Migration),
        ]
    }
}
