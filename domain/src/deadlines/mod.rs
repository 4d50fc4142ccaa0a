//! Deadlines for each step of a stage, why they fall where they do, and how close they are.
//!
//! Contact and acknowledgement run from day 0 of the receipt (see [`crate::receipt`]). The
//! response runs from the actual acknowledgement once there is one; before that it is
//! projected from the acknowledgement deadline, so a preview shows the latest date the
//! customer could expect. The extension limit is the response deadline plus the policy's
//! cap: beyond it an extension needs a recorded reason approved by the complaints manager.

pub mod ch02;
mod explain;
mod progress;
pub mod warnings;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarVersion, NonWorkingDay};
use crate::policy::{Policy, PolicyId, ResponseFrom, Stage};
use crate::receipt::Receipt;

pub use explain::{day_month_year, long_date, long_date_time, month_name};
pub use progress::{Progress, Rag, TimeLeft, amber_threshold};

/// A step of a stage that has a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Contact,
    Acknowledge,
    Respond,
    ExtensionLimit,
}

/// What a deadline was counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountedFrom {
    /// Day 0 of the receipt (or of the review request at Stage 2).
    Receipt,
    /// The date the acknowledgement was actually sent.
    Acknowledgement,
    /// The acknowledgement deadline, while no acknowledgement has been sent.
    AcknowledgementDeadline,
    /// The response deadline (for the extension limit).
    ResponseDeadline,
}

/// One deadline, with everything a screen needs to show and explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub step: Step,
    /// The last day on which the step is on time.
    pub due: NaiveDate,
    pub from: NaiveDate,
    pub counted_from: CountedFrom,
    pub working_days: u32,
    /// Bank holidays, closure days and days of a stopped clock between `from` and `due`
    /// that the count skipped.
    pub skipped: Vec<NonWorkingDay>,
    /// True when a year between `from` and `due` is beyond GOV.UK's published data.
    pub projected: bool,
    pub explanation: String,
}

impl Deadline {
    fn count(
        calendar: &Calendar,
        step: Step,
        from: NaiveDate,
        counted_from: CountedFrom,
        working_days: u32,
        note: Option<&str>,
    ) -> Self {
        let counted = calendar.add_working_days(from, working_days);
        // A deadline falling in a business-continuity period that extends the timescales
        // moves on once by the period's working days.
        let extended = calendar
            .extension_for(counted)
            .map(|(period, extra)| (period.clone(), extra));
        let due = match &extended {
            Some((_, extra)) => calendar.add_working_days(counted, *extra),
            None => counted,
        };
        let skipped = calendar.skipped_days(from, due);
        let from_words = match counted_from {
            CountedFrom::Receipt => long_date(from),
            CountedFrom::Acknowledgement => format!("the acknowledgement on {}", long_date(from)),
            CountedFrom::AcknowledgementDeadline => {
                format!("the acknowledgement deadline, {}", long_date(from))
            }
            CountedFrom::ResponseDeadline => {
                format!("the response deadline, {}", long_date(from))
            }
        };
        let mut explanation = explain::explain(working_days, from, &from_words, note, &skipped);
        if let Some((period, extra)) = &extended {
            explanation.push_str(&explain::extension_clause(period, counted, *extra));
        }
        Self {
            step,
            due,
            from,
            counted_from,
            working_days,
            projected: calendar.is_projected(from) || calendar.is_projected(due),
            skipped,
            explanation,
        }
    }

    /// How this deadline stands on `today`.
    pub fn progress(&self, calendar: &Calendar, today: NaiveDate) -> Progress {
        Progress::of(self, calendar, today)
    }

    /// Whether something done on `done` met this deadline (the due day itself is on time).
    pub fn met_by(&self, done: NaiveDate) -> bool {
        done <= self.due
    }
}

/// The deadlines of one stage of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageDeadlines {
    pub stage: Stage,
    pub policy: PolicyId,
    pub day0: NaiveDate,
    pub contact: Deadline,
    /// `None` under a policy without a written acknowledgement step.
    pub acknowledge: Option<Deadline>,
    pub respond: Deadline,
    /// `None` under a policy that sets no extension limit.
    pub extension_limit: Option<Deadline>,
    /// Store this with the dates: it says which holidays and closures they assumed.
    pub calendar_version: CalendarVersion,
}

/// Every deadline of a stage from its receipt (the complaint for Stage 1, the review request
/// for Stage 2) and the acknowledgement date if one has been sent.
pub fn stage_deadlines(
    calendar: &Calendar,
    policy: &Policy,
    stage: Stage,
    receipt: &Receipt,
    acknowledged: Option<NaiveDate>,
) -> StageDeadlines {
    let counting = Counting::new(calendar, policy, stage, receipt);
    let contact = counting.contact();
    let acknowledge = counting.acknowledge();
    let respond = counting.respond(acknowledged);
    let extension_limit = counting.rules.extension_cap.map(|n| {
        Deadline::count(
            calendar,
            Step::ExtensionLimit,
            respond.due,
            CountedFrom::ResponseDeadline,
            n,
            None,
        )
    });
    StageDeadlines {
        stage,
        policy: policy.id,
        day0: receipt.day0,
        contact,
        acknowledge,
        respond,
        extension_limit,
        calendar_version: calendar.version(),
    }
}

/// One step's deadline in a stage, counted as [`stage_deadlines`] counts it but without the
/// others: what a list of cases needs for each line. `None` for an acknowledgement the
/// policy does not ask for, and for the extension limit (only [`stage_deadlines`] gives it).
pub fn stage_deadline(
    calendar: &Calendar,
    policy: &Policy,
    stage: Stage,
    receipt: &Receipt,
    acknowledged: Option<NaiveDate>,
    step: Step,
) -> Option<Deadline> {
    let counting = Counting::new(calendar, policy, stage, receipt);
    match step {
        Step::Contact => Some(counting.contact()),
        Step::Acknowledge => counting.acknowledge(),
        Step::Respond => Some(counting.respond(acknowledged)),
        Step::ExtensionLimit => None,
    }
}

/// What a stage's deadlines are counted with.
struct Counting<'a> {
    calendar: &'a Calendar,
    rules: &'a crate::policy::StageTimescales,
    day0: NaiveDate,
    note: Option<String>,
}

impl<'a> Counting<'a> {
    fn new(calendar: &'a Calendar, policy: &'a Policy, stage: Stage, receipt: &Receipt) -> Self {
        Self {
            calendar,
            rules: policy.stage(stage),
            day0: receipt.day0,
            note: receipt.note(),
        }
    }

    fn counted_from_receipt(&self, step: Step, working_days: u32) -> Deadline {
        Deadline::count(
            self.calendar,
            step,
            self.day0,
            CountedFrom::Receipt,
            working_days,
            self.note.as_deref(),
        )
    }

    fn contact(&self) -> Deadline {
        self.counted_from_receipt(Step::Contact, self.rules.contact)
    }

    fn acknowledge(&self) -> Option<Deadline> {
        self.rules
            .acknowledge
            .map(|n| self.counted_from_receipt(Step::Acknowledge, n))
    }

    /// The response's deadline, given the day the acknowledgement was sent, if it was.
    /// The acknowledgement's own deadline is counted only when the response is counted
    /// from it: the policy says so and none has been sent.
    fn respond(&self, acknowledged: Option<NaiveDate>) -> Deadline {
        let rules = self.rules;
        let from = |base, counted_from| {
            Deadline::count(
                self.calendar,
                Step::Respond,
                base,
                counted_from,
                rules.respond,
                None,
            )
        };
        match (rules.respond_from, acknowledged) {
            (ResponseFrom::Acknowledgement, Some(sent)) => from(sent, CountedFrom::Acknowledgement),
            (ResponseFrom::Acknowledgement, None) => match self.acknowledge() {
                Some(ack) => from(ack.due, CountedFrom::AcknowledgementDeadline),
                // A policy that counts from an acknowledgement it never asks for: day 0
                // is the only sound base.
                None => self.counted_from_receipt(Step::Respond, rules.respond),
            },
            (ResponseFrom::Receipt, _) => self.counted_from_receipt(Step::Respond, rules.respond),
        }
    }
}

#[cfg(test)]
mod tests;

/// What a customer can expect if a complaint were received at `now`: the Stage 1
/// deadlines under the policy in force that day. The complaint form shows this before it
/// is sent, computed in the browser by exactly the code the server uses afterwards.
pub fn preview_stage1(
    calendar: &Calendar,
    policies: &crate::policy::PolicySet,
    now: chrono::DateTime<chrono::Utc>,
) -> StageDeadlines {
    let policy = policies.in_force(crate::london::to_london(now).date());
    let receipt = Receipt::new(now, policy.cut_off, calendar);
    stage_deadlines(calendar, policy, Stage::One, &receipt, None)
}

/// "09:05": a London time as the pages write it (by hand: chrono's formatter would cost the
/// browser's module more than this).
fn london_time(time: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// For staff logging a complaint that arrived at `at` (another channel, maybe days ago):
/// "Received Friday 20 December 2024 at 10:00: contact the customer by …, acknowledge in
/// writing by … and respond by …".
pub fn received_sentence(
    calendar: &Calendar,
    policies: &crate::policy::PolicySet,
    at: chrono::DateTime<chrono::Utc>,
) -> String {
    let d = preview_stage1(calendar, policies, at);
    let london = crate::london::to_london(at);
    let received = format!(
        "Received {} at {}",
        long_date(london.date()),
        london_time(london.time())
    );
    match &d.acknowledge {
        Some(ack) => format!(
            "{received}: contact the customer by {}, acknowledge in writing by {} and respond by {}.",
            long_date(d.contact.due),
            long_date(ack.due),
            long_date(d.respond.due)
        ),
        None => format!(
            "{received}: contact the customer by {} and respond by {}.",
            long_date(d.contact.due),
            long_date(d.respond.due)
        ),
    }
}

/// The preview in one sentence, for the form: "If we receive your complaint now, we will
/// contact you by …, confirm in writing that we have it by … and reply by …".
pub fn preview_sentence(
    calendar: &Calendar,
    policies: &crate::policy::PolicySet,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let d = preview_stage1(calendar, policies, now);
    match &d.acknowledge {
        Some(ack) => format!(
            "If we receive your complaint now, we will contact you by {}, confirm in writing that we have it by {} and reply in full by {}.",
            long_date(d.contact.due),
            long_date(ack.due),
            long_date(d.respond.due)
        ),
        None => format!(
            "If we receive your complaint now, we will contact you by {} and reply in full by {}.",
            long_date(d.contact.due),
            long_date(d.respond.due)
        ),
    }
}

#[cfg(test)]
mod preview_tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_preview_on_the_friday_before_christmas_2024_matches_the_spec_example() {
        let now = chrono::Utc
            .with_ymd_and_hms(2024, 12, 20, 10, 0, 0)
            .single()
            .expect("time");
        let d = preview_stage1(
            &Calendar::england_and_wales(),
            &crate::policy::PolicySet::built_in(),
            now,
        );
        assert_eq!(
            d.acknowledge.map(|a| a.due),
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        assert_eq!(Some(d.respond.due), NaiveDate::from_ymd_opt(2025, 1, 15));
        assert!(
            preview_sentence(
                &Calendar::england_and_wales(),
                &crate::policy::PolicySet::built_in(),
                now
            )
            .contains("by Tuesday 31 December 2024 and reply in full by Wednesday 15 January 2025"),
            "{}",
            preview_sentence(
                &Calendar::england_and_wales(),
                &crate::policy::PolicySet::built_in(),
                now
            )
        );
    }
}
