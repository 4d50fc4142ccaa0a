//! One page a file.

pub mod accounts;
pub mod annual_report;
pub mod case_views;
pub mod change_password;
pub mod check;
pub mod dashboard;
pub mod forgotten_password;
pub mod home;
pub mod homes;
pub mod import;
pub mod learning;
pub mod letter;
pub mod make;
pub mod my_cases;
pub mod not_found;
pub mod outbox;
pub mod panel;
pub mod panel_members;
pub mod redaction;
pub mod register;
pub mod reports;
pub mod reset_password;
pub mod sign_in;
pub mod staff_accounts;
pub mod staff_case;
pub mod track;
