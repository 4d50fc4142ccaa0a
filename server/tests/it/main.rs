//! The server's tests, in one binary so that the server is linked once: each module
//! starts the real application (or the `putright` command) and speaks to it as a
//! browser, a script or a person at the terminal would.

mod support;

mod accounts;
mod api;
mod api_clients;
mod api_steps;
mod busy;
mod calendar;
mod case_actions;
mod cli;
mod continuity;
mod durability;
mod files;
mod import_cli;
mod import_page;
mod intake;
mod integration_api;
mod landlord;
mod learning;
mod letter_wording;
mod letters;
mod one_way_in;
mod outbox;
mod panel;
mod policies;
mod reports;
mod restrictions;
mod retention;
mod root_causes;
mod scale;
mod security;
mod self_assessment;
mod staff_accounts;
mod staff_steps;
mod triage;
mod updates;
mod webhook_pages;
mod webhooks;
mod worklist;
mod your_data;
