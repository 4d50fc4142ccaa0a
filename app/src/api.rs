//! Server functions for the private tracking link.
//!
//! Each one is a thin edge: find the application state, turn the input into domain types,
//! call storage, map the error. The rules live in `domain`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A case as its private tracking page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub reference: String,
    /// "complaint", "request", "compliment": for "We have your …".
    pub noun: String,
    /// The date it was received, written out for people ("22 November 2026").
    pub received_on: String,
    pub description: String,
    pub status: String,
    /// What happens next, each with its date, in plain words.
    pub next_steps: Vec<String>,
}

/// Reads a case back through its private tracking token.
#[server(endpoint = "tracked_case")]
pub async fn tracked_case(token: String) -> Result<CaseSummary, AppError> {
    use domain::deadlines::long_date;
    let scope = crate::state::scope()?;
    let record = service::cases::tracked(scope.ctx(), &token).await?;
    let calendar = scope.calendar.as_ref();
    let mut next_steps = Vec::new();
    let noun = match &record.case {
        domain::Case::Complaint(c) => {
            if let Some(d) = c.deadlines(calendar) {
                let record_of = c.stage1();
                if record_of.contacted.is_none() {
                    next_steps.push(format!(
                        "We will contact you by {} to talk about it.",
                        long_date(d.contact.due)
                    ));
                }
                if let Some(ack) = &d.acknowledge
                    && record_of.acknowledged.is_none()
                {
                    next_steps.push(format!(
                        "We will confirm in writing that we are looking into it by {}.",
                        long_date(ack.due)
                    ));
                }
                next_steps.push(format!(
                    "We will reply in full by {}. If we need more time, we will tell you why and give you a new date.",
                    long_date(d.respond.due)
                ));
            } else if matches!(c.phase(), domain::lifecycle::Phase::Received) {
                let preview = domain::deadlines::stage_deadlines(
                    calendar,
                    c.policy(),
                    domain::Stage::One,
                    &domain::Receipt::new(record.received_at, c.policy().cut_off, calendar),
                    None,
                );
                next_steps.push(format!(
                    "We will contact you by {} to talk about it.",
                    long_date(preview.contact.due)
                ));
                if let Some(ack) = preview.acknowledge {
                    next_steps.push(format!(
                        "We will confirm in writing that we are looking into it by {}.",
                        long_date(ack.due)
                    ));
                }
                next_steps.push(format!(
                    "We will reply in full within {} working days of that confirmation.",
                    c.policy().stage1.respond
                ));
            }
            "complaint"
        }
        domain::Case::ServiceRequest(_) => {
            next_steps.push("We will contact you to arrange what you asked for.".to_owned());
            "request"
        }
        domain::Case::Compliment(_) => {
            next_steps
                .push("We will pass on your thanks to the person or team you named.".to_owned());
            "compliment"
        }
    };
    Ok(CaseSummary {
        reference: record.reference.to_string(),
        noun: noun.to_owned(),
        received_on: domain::deadlines::day_month_year(
            domain::london::to_london(record.received_at).date(),
        ),
        description: record.details.what_happened.as_str().to_owned(),
        status: record.case.plain_status().to_owned(),
        next_steps,
    })
}
