//! The regulator's on-time judgement (Tenant Satisfaction Measure CH02, SPEC section 8).
//!
//! These are the Code's timescales, fixed whatever policy the case was under: the measure
//! compares every landlord against the same yardstick. The base is the acknowledgement
//! date, or day 0 + 5 working days where none was recorded; due = base + 10 (Stage 2: 20)
//! working days; the cap = due + 10 (20). Without an extension the limit is due; with one,
//! the extended date clamped between due and the cap. On time means on or before the limit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::policy::Stage;

/// One stage's figures in the Code, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeTimescales {
    pub acknowledge: u32,
    pub respond: u32,
    pub extension: u32,
}

pub const CODE_STAGE_1: CodeTimescales = CodeTimescales {
    acknowledge: 5,
    respond: 10,
    extension: 10,
};

pub const CODE_STAGE_2: CodeTimescales = CodeTimescales {
    acknowledge: 5,
    respond: 20,
    extension: 20,
};

pub fn code_timescales(stage: Stage) -> CodeTimescales {
    match stage {
        Stage::One => CODE_STAGE_1,
        Stage::Two => CODE_STAGE_2,
    }
}

/// The dates a response is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseLimit {
    pub base: NaiveDate,
    pub due: NaiveDate,
    pub cap: NaiveDate,
    pub limit: NaiveDate,
}

/// The limit for a response, from day 0 of the stage's receipt and the recorded dates.
pub fn response_limit(
    calendar: &Calendar,
    stage: Stage,
    day0: NaiveDate,
    acknowledged: Option<NaiveDate>,
    extended_to: Option<NaiveDate>,
) -> ResponseLimit {
    let code = code_timescales(stage);
    let base = acknowledged.unwrap_or_else(|| calendar.add_working_days(day0, code.acknowledge));
    let due = calendar.add_working_days(base, code.respond);
    let cap = calendar.add_working_days(due, code.extension);
    let limit = extended_to.map_or(due, |extended| extended.clamp(due, cap));
    ResponseLimit {
        base,
        due,
        cap,
        limit,
    }
}

/// Whether a response was issued within the Code's timescales.
pub fn responded_on_time(
    calendar: &Calendar,
    stage: Stage,
    day0: NaiveDate,
    acknowledged: Option<NaiveDate>,
    extended_to: Option<NaiveDate>,
    responded: NaiveDate,
) -> bool {
    responded <= response_limit(calendar, stage, day0, acknowledged, extended_to).limit
}

/// Whether the acknowledgement was sent within the Code's 5 working days.
pub fn acknowledged_on_time(
    calendar: &Calendar,
    stage: Stage,
    day0: NaiveDate,
    acknowledged: NaiveDate,
) -> bool {
    acknowledged <= calendar.add_working_days(day0, code_timescales(stage).acknowledge)
}
