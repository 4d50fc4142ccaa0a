//! `putright calendar …` and `putright deadlines …`: the working-day calendar and the
//! deadline rules from the command line, for staff checking a date and for tests. Each
//! prints one line (a date, a number or a JSON object) and computes exactly what the
//! product computes, with `domain`.

use chrono::{DateTime, NaiveDate, Utc};
use domain::{
    Calendar,
    deadlines::{Deadline, stage_deadlines},
    policy::{PolicyId, Stage, policy},
    receipt::Receipt,
};

/// A bad argument, worded for the person typing; the command exits with status 2.
#[derive(Debug)]
pub struct Usage(pub String);

pub fn parse_date(s: &str) -> Result<NaiveDate, Usage> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Usage(format!(
            "`{s}` is not a date: write it as YYYY-MM-DD, for example 2024-12-20"
        ))
    })
}

/// The ISO date `n` working days after `date`.
pub fn add(date: &str, n: &str) -> Result<String, Usage> {
    let date = parse_date(date)?;
    let n: u32 = n.trim().parse().map_err(|_| {
        Usage(format!(
            "`{n}` is not a number of working days: use a whole number from 0"
        ))
    })?;
    Ok(Calendar::england_and_wales()
        .add_working_days(date, n)
        .to_string())
}

/// The number of working days after `a` up to and including `b`.
pub fn between(a: &str, b: &str) -> Result<String, Usage> {
    let (a, b) = (parse_date(a)?, parse_date(b)?);
    Ok(Calendar::england_and_wales()
        .working_days_between(a, b)
        .to_string())
}

/// The deadlines of a stage as one JSON object.
pub fn deadlines(
    policy_id: &str,
    received: &str,
    acknowledged: Option<&str>,
    stage: u8,
) -> Result<String, Usage> {
    let id: PolicyId = policy_id
        .parse()
        .map_err(|_| Usage(format!("`{policy_id}` is not a policy: use 2024 or 2020")))?;
    let policy = policy(id).map_err(|e| Usage(e.to_string()))?;
    let received_at = DateTime::parse_from_rfc3339(received.trim())
        .map_err(|_| {
            Usage(format!(
                "`{received}` is not a timestamp: use RFC 3339, for example 2024-12-20T10:00:00Z"
            ))
        })?
        .with_timezone(&Utc);
    let acknowledged = acknowledged.map(parse_date).transpose()?;
    let stage = match stage {
        1 => Stage::One,
        2 => Stage::Two,
        other => return Err(Usage(format!("there is no stage {other}: use 1 or 2"))),
    };
    let calendar = Calendar::england_and_wales();
    let receipt = Receipt::new(received_at, policy.cut_off, &calendar);
    let d = stage_deadlines(&calendar, policy, stage, &receipt, acknowledged);
    let due = |d: &Deadline| d.due.to_string();
    let mut explanation = vec![format!("Contact: {}", d.contact.explanation)];
    if let Some(a) = &d.acknowledge {
        explanation.push(format!("Acknowledge: {}", a.explanation));
    }
    explanation.push(format!("Respond: {}", d.respond.explanation));
    if let Some(e) = &d.extension_limit {
        explanation.push(format!("Extension limit: {}", e.explanation));
    }
    let json = serde_json::json!({
        "policy": policy.id.to_string(),
        "stage": stage_number(stage),
        "day0": d.day0.to_string(),
        "contact_due": due(&d.contact),
        "acknowledge_due": d.acknowledge.as_ref().map(due),
        "response_due": due(&d.respond),
        "extension_limit": d.extension_limit.as_ref().map(due),
        "calendar_version": d.calendar_version.to_string(),
        "explanation": explanation.join(". "),
    });
    Ok(json.to_string())
}

fn stage_number(stage: Stage) -> u8 {
    match stage {
        Stage::One => 1,
        Stage::Two => 2,
    }
}
