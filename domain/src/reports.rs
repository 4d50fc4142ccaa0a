//! The annual complaints report and the regulator's Tenant Satisfaction Measures CH01 and
//! CH02 (SPEC sections 6 and 8), computed once from counted facts.
//!
//! Storage counts; this module judges and adds up. Storage hands over grouped rows (how
//! many cases share a month, kind and channel; how many stages share the same dates) and
//! [`Report::compute`] turns them into every figure the reports page, its CSV downloads
//! and `putright report tsm` show, so the three can never disagree.
//!
//! Definitions (the reports page states them in the same words):
//! - **Reporting year** N runs from 1 April N to 31 March N+1, by Europe/London dates.
//! - **CH01** (the Regulator's TSM technical requirements, SPEC section 9): Stage 1
//!   complaints (not refused) whose Stage 1 day 0 falls in the year, and Stage 2 reviews
//!   whose review request's day 0 falls in the year, from tenants of the landlord's homes,
//!   counted apart for low-cost rental and low-cost home ownership ([`Tenure::of_code`]),
//!   each × 1,000 ÷ the homes of that tenure.
//! - **CH02**: of the Stage 1 (Stage 2) responses issued in the year, the share issued on or
//!   before the Code's limit ([`crate::deadlines::ch02`]): an extension counts up to the
//!   Code's cap and no further.
//! - **Legs** (rules we chose where SPEC is silent): the contact leg is judged by the
//!   policy the case was received under (the Code sets no contact time); the
//!   acknowledgement leg by the Code's 5 working days; the response leg exactly as CH02.
//!   Each leg counts the steps *taken* in the year (contacts made, acknowledgements sent,
//!   responses issued), whenever the case arrived.
//! - **Escalation rate**: Stage 2 requests received in the year ÷ Stage 1 responses issued
//!   in the year (it can exceed 100% when last year's answers are reviewed this year).
//! - Rates and percentages are rounded half up to one decimal place, exactly, in integers;
//!   a percentage of nothing (and a rate per 1,000 with no homes count) is `None`.

mod ombudsman;
mod tables;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::Calendar;
use crate::channel::Channel;
use crate::deadlines::ch02;
use crate::lifecycle::{CaseKind, Outcome, RefusalReason};
use crate::policy::{PolicyId, Stage};

pub use ombudsman::{OmbudsmanFacts, OmbudsmanSummary, OrderFact, OrderTally};
pub use tables::{TABLE_SLUGS, Table, TableRow};

/// A reporting year, named by the calendar year it starts in: 2025 is 1 April 2025 to
/// 31 March 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct ReportingYear(i32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum YearError {
    #[error("Enter a reporting year as four digits, for example 2025")]
    Malformed,
    #[error("Choose a reporting year from 2000 to 2100")]
    OutOfRange,
}

impl ReportingYear {
    pub const FIRST: i32 = 2000;
    pub const LAST: i32 = 2100;

    pub fn new(year: i32) -> Result<Self, YearError> {
        if (Self::FIRST..=Self::LAST).contains(&year) {
            Ok(Self(year))
        } else {
            Err(YearError::OutOfRange)
        }
    }

    /// `"2025"` as typed in a form or an address.
    pub fn parse(text: &str) -> Result<Self, YearError> {
        let text = text.trim();
        if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(YearError::Malformed);
        }
        Self::new(text.parse().map_err(|_| YearError::Malformed)?)
    }

    /// The reporting year a date falls in.
    pub fn containing(date: NaiveDate) -> Self {
        let start = if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        };
        Self(start.clamp(Self::FIRST, Self::LAST))
    }

    pub fn year(self) -> i32 {
        self.0
    }

    /// 1 April of the year.
    pub fn first_day(self) -> NaiveDate {
        first_of_month(self.0, 4)
    }

    /// 31 March of the next year.
    pub fn last_day(self) -> NaiveDate {
        first_of_month(self.0 + 1, 4)
            .pred_opt()
            .unwrap_or(NaiveDate::MAX)
    }

    /// 1 April of the next year: the first day after the year.
    pub fn end(self) -> NaiveDate {
        first_of_month(self.0 + 1, 4)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.first_day() && date < self.end()
    }

    /// The first day of each of its twelve months, April first.
    pub fn months(self) -> [NaiveDate; 12] {
        std::array::from_fn(|i| {
            let m = 4 + i as u32;
            if m <= 12 {
                first_of_month(self.0, m)
            } else {
                first_of_month(self.0 + 1, m - 12)
            }
        })
    }

    /// Which of its months (0 = April) a date falls in.
    pub fn month_of(self, date: NaiveDate) -> Option<usize> {
        self.contains(date)
            .then(|| ((date.month() + 12 - 4) % 12) as usize)
    }

    /// "2025/26".
    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1) % 100)
    }

    /// "1 April 2025 to 31 March 2026".
    pub fn span(self) -> String {
        format!(
            "{} to {}",
            crate::deadlines::day_month_year(self.first_day()),
            crate::deadlines::day_month_year(self.last_day())
        )
    }
}

impl TryFrom<i32> for ReportingYear {
    type Error = YearError;
    fn try_from(value: i32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<ReportingYear> for i32 {
    fn from(value: ReportingYear) -> Self {
        value.0
    }
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// `numerator` of `denominator`, as a count and a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Share {
    pub count: u64,
    pub of: u64,
}

impl Share {
    /// The percentage to one decimal place; `None` of nothing.
    pub fn percent(self) -> Option<f64> {
        tenths(self.count.saturating_mul(100), self.of)
    }

    fn add(&mut self, on_time: bool, n: u64) {
        self.of += n;
        if on_time {
            self.count += n;
        }
    }
}

/// `count` × 1,000 ÷ `homes` to one decimal place; `None` without a homes count.
pub fn per_1000(count: u64, homes: Option<u32>) -> Option<f64> {
    tenths(count.saturating_mul(1000), u64::from(homes?))
}

/// `numerator ÷ denominator` rounded half up to one decimal place, in integers so that
/// 2.25 is 2.3 and never 2.2 by a floating-point slip.
fn tenths(numerator: u64, denominator: u64) -> Option<f64> {
    if denominator == 0 {
        return None;
    }
    let n = u128::from(numerator) * 10;
    let d = u128::from(denominator);
    let rounded = (2 * n + d) / (2 * d);
    Some(rounded as f64 / 10.0)
}

/// "83.3%", or "–" of nothing.
pub fn percent_text(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}%"))
}

/// The regulator's figures exactly as `putright report tsm` prints them (SPEC section 8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TsmFigures {
    pub year: i32,
    /// Low-cost rental homes; `None` when no homes count is set for the year.
    pub homes: Option<u32>,
    /// CH01 for low-cost rental: complaints from its tenants ([`Tenure::of_code`]).
    pub stage1_received: u64,
    pub stage2_received: u64,
    pub ch01_stage1_per_1000: Option<f64>,
    pub ch01_stage2_per_1000: Option<f64>,
    /// Low-cost home ownership homes, when the landlord has any.
    #[serde(default)]
    pub lcho_homes: Option<u32>,
    /// CH01 for low-cost home ownership.
    #[serde(default)]
    pub lcho_stage1_received: u64,
    #[serde(default)]
    pub lcho_stage2_received: u64,
    #[serde(default)]
    pub ch01_lcho_stage1_per_1000: Option<f64>,
    #[serde(default)]
    pub ch01_lcho_stage2_per_1000: Option<f64>,
    pub stage1_responded: u64,
    pub stage1_on_time: u64,
    pub ch02_stage1_percent: Option<f64>,
    pub stage2_responded: u64,
    pub stage2_on_time: u64,
    pub ch02_stage2_percent: Option<f64>,
}

/// How many cases were received in one month with one kind and channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedGroup {
    /// 0 = April.
    pub month: usize,
    pub kind: CaseKind,
    pub channel: Channel,
    pub count: u64,
}

/// How many complaints (not refused) started a stage on one day 0, from customers of one
/// tenure (`None`: not a tenant of the landlord's homes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageStart {
    pub stage: Stage,
    pub day0: NaiveDate,
    pub count: u64,
    #[serde(default)]
    pub tenure: Option<Tenure>,
}

/// The tenure CH01 counts a complaint under (the Regulator's TSM technical requirements):
/// low-cost rental (LCRA) or low-cost home ownership (LCHO).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tenure {
    LowCostRental,
    LowCostHomeOwnership,
}

impl Tenure {
    /// The tenure of a complaint whose customer describes themselves by `code` (the form's
    /// value, as stored): a tenant rents (LCRA); a shared owner, and the older answer
    /// "leaseholder or shared owner", own in part (LCHO); a leaseholder, an applicant and a
    /// member of the public are not tenants of the landlord's homes and are not counted;
    /// anyone else (someone acting for a customer, "other", an imported case with no
    /// answer) is counted as a tenant of the rented homes, so that no complaint is left out.
    pub fn of_code(code: &str) -> Option<Self> {
        match code {
            "shared_owner" | "leaseholder_or_shared_owner" => Some(Tenure::LowCostHomeOwnership),
            "leaseholder" | "applicant" | "member_of_public" => None,
            _ => Some(Tenure::LowCostRental),
        }
    }
}

/// How many stages share exactly these dates (one of which falls in the year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageDates {
    pub stage: Stage,
    /// The policy the case was received under (its contact timescale judges first contact).
    pub policy: Option<PolicyId>,
    pub day0: NaiveDate,
    pub contacted: Option<NaiveDate>,
    pub acknowledged: Option<NaiveDate>,
    pub extended_to: Option<NaiveDate>,
    pub responded: Option<NaiveDate>,
    pub count: u64,
}

/// Remedies of one kind in one state, with their compensation in pence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyGroup {
    /// The stored code: `apology`, `compensation`, …
    pub kind: String,
    /// `outstanding`, `done` or `cannot_be_delivered`.
    pub state: String,
    pub count: u64,
    pub pence: u64,
}

/// How many complaints answered in one month of the year found one root cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeGroup {
    pub category: String,
    /// 0 = April: the month of the complaint's latest response.
    pub month: usize,
    pub count: u64,
}

/// A service request received in the year: when, and when it was resolved or withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestFact {
    pub received: NaiveDate,
    /// The day it was resolved, or withdrawn when `withdrawn`.
    pub resolved: Option<NaiveDate>,
    pub withdrawn: bool,
}

/// Service requests received in the year, monitored (the Code's 8.1): how many, how long
/// the resolved ones took in calendar days, and how many are still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceRequestSummary {
    pub received: u64,
    /// Resolved within 7 days, within 8 to 28 days, after more than 28.
    pub resolved_within: [u64; 3],
    pub withdrawn: u64,
    pub open: u64,
    /// The longest an open one has waited, in days, on the report's last day (or today,
    /// for the year in progress).
    pub oldest_open_days: Option<u64>,
}

/// The bands [`ServiceRequestSummary::resolved_within`] counts in, in days.
pub const RESOLVED_BANDS: [&str; 3] = ["Within 7 days", "8 to 28 days", "More than 28 days"];

impl ServiceRequestSummary {
    /// Adds up `facts` as of `as_of`.
    pub fn of(facts: &[ServiceRequestFact], as_of: NaiveDate) -> Self {
        let mut summary = Self::default();
        for fact in facts {
            summary.received += 1;
            // Resolved or withdrawn after the day counted to: still open on it, so a past
            // year's figures never change.
            let ended = fact.resolved.is_some_and(|on| on <= as_of);
            let withdrawn = fact.withdrawn && ended;
            let resolved = fact.resolved.filter(|_| ended && !fact.withdrawn);
            match (resolved, withdrawn) {
                (_, true) => summary.withdrawn += 1,
                (Some(on), false) => {
                    let days = (on - fact.received).num_days().max(0);
                    let band = match days {
                        0..=7 => 0,
                        8..=28 => 1,
                        _ => 2,
                    };
                    summary.resolved_within[band] += 1;
                }
                (None, false) => {
                    summary.open += 1;
                    let days = u64::try_from((as_of - fact.received).num_days()).unwrap_or(0);
                    summary.oldest_open_days =
                        Some(summary.oldest_open_days.map_or(days, |d| d.max(days)));
                }
            }
        }
        summary
    }
}

/// Everything storage counts for one year; [`Report::compute`] does the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub year: ReportingYear,
    /// Low-cost rental homes.
    pub homes: Option<u32>,
    /// Low-cost home ownership homes.
    #[serde(default)]
    pub lcho_homes: Option<u32>,
    /// Every case received in the year (by its London date).
    pub received: Vec<ReceivedGroup>,
    pub stage_starts: Vec<StageStart>,
    pub stage_dates: Vec<StageDates>,
    /// Complaints not accepted in the year, by reason (`None`: a reason we cannot read).
    pub refusals: Vec<(Option<RefusalReason>, u64)>,
    /// Complaints withdrawn in the year.
    pub withdrawn: u64,
    /// Remedies on complaints whose latest response was issued in the year.
    pub remedies: Vec<RemedyGroup>,
    /// Root causes recorded on complaints whose latest response was issued in the year.
    pub root_causes: Vec<(String, u64)>,
    /// The same root causes, by the month the complaint was last answered.
    pub themes: Vec<ThemeGroup>,
    /// Responses issued in the year, by stage and outcome.
    pub outcomes: Vec<(Stage, Outcome, u64)>,
    /// Service requests received in the year.
    pub service_requests: Vec<ServiceRequestFact>,
    /// The day open service requests' age is counted to: the year's last day, or today
    /// for the year in progress.
    pub as_of: NaiveDate,
    /// The Ombudsman's casework in the year.
    #[serde(default)]
    pub ombudsman: OmbudsmanFacts,
    /// The policy versions cases were received under, for their timescales.
    #[serde(default = "crate::policy::PolicySet::built_in")]
    pub policies: crate::policy::PolicySet,
}

/// The timeliness of one stage's legs, and its extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StageTimeliness {
    pub contact: Share,
    pub acknowledge: Share,
    /// Exactly CH02.
    pub respond: Share,
    /// Responses issued in the year after an extension.
    pub extended: u64,
    /// …whose extended date was within the Code's cap.
    pub extended_within_cap: u64,
    /// …of which the response came on or before the limit.
    pub extended_on_time: u64,
}

/// The whole report for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub year: ReportingYear,
    pub tsm: TsmFigures,
    /// Cases received per month (April first) by kind, by channel; stages started by stage.
    pub by_kind: Vec<(CaseKind, [u64; 12])>,
    pub by_channel: Vec<(Channel, [u64; 12])>,
    pub by_stage: Vec<(Stage, [u64; 12])>,
    pub stage1: StageTimeliness,
    pub stage2: StageTimeliness,
    pub refusals: Vec<(Option<RefusalReason>, u64)>,
    pub withdrawn: u64,
    pub remedies: Vec<RemedyGroup>,
    pub root_causes: Vec<(String, u64)>,
    /// Root causes month by month (April first), most frequent in the year first.
    pub themes: Vec<(String, [u64; 12])>,
    /// Stage 2 requests received ÷ Stage 1 responses issued.
    pub escalation: Share,
    /// Responses issued in the year by stage: upheld, partly upheld, not upheld.
    pub outcomes: Vec<(Stage, [u64; 3])>,
    pub service_requests: ServiceRequestSummary,
    pub ombudsman: OmbudsmanSummary,
}

impl Report {
    /// Judges and adds up what storage counted.
    pub fn compute(calendar: &Calendar, counts: Counts) -> Self {
        let year = counts.year;
        let mut by_kind: Vec<(CaseKind, [u64; 12])> = [
            CaseKind::Complaint,
            CaseKind::ServiceRequest,
            CaseKind::Compliment,
        ]
        .into_iter()
        .map(|k| (k, [0; 12]))
        .collect();
        let mut by_channel: Vec<(Channel, [u64; 12])> =
            Channel::ALL.into_iter().map(|c| (c, [0; 12])).collect();
        for g in &counts.received {
            let Some(month) = (g.month < 12).then_some(g.month) else {
                continue;
            };
            if let Some(row) = by_kind.iter_mut().find(|(k, _)| *k == g.kind) {
                row.1[month] += g.count;
            }
            if let Some(row) = by_channel.iter_mut().find(|(c, _)| *c == g.channel) {
                row.1[month] += g.count;
            }
        }
        let mut by_stage: Vec<(Stage, [u64; 12])> =
            vec![(Stage::One, [0; 12]), (Stage::Two, [0; 12])];
        for s in &counts.stage_starts {
            if let (Some(month), Some(row)) = (
                year.month_of(s.day0),
                by_stage.iter_mut().find(|(stage, _)| *stage == s.stage),
            ) {
                row.1[month] += s.count;
            }
        }
        let mut stage1 = StageTimeliness::default();
        let mut stage2 = StageTimeliness::default();
        for dates in &counts.stage_dates {
            let tally = match dates.stage {
                Stage::One => &mut stage1,
                Stage::Two => &mut stage2,
            };
            judge(calendar, &counts.policies, year, dates, tally);
        }
        let received = |stage| -> u64 {
            by_stage
                .iter()
                .filter(|(s, _)| *s == stage)
                .flat_map(|(_, months)| months.iter())
                .sum()
        };
        let stage2_received = received(Stage::Two);
        // CH01 counts in the year's months, by tenure.
        let of_tenure = |stage: Stage, tenure: Tenure| -> u64 {
            counts
                .stage_starts
                .iter()
                .filter(|s| s.stage == stage && s.tenure == Some(tenure))
                .filter(|s| year.month_of(s.day0).is_some())
                .map(|s| s.count)
                .sum()
        };
        let lcra = (
            of_tenure(Stage::One, Tenure::LowCostRental),
            of_tenure(Stage::Two, Tenure::LowCostRental),
        );
        let lcho = (
            of_tenure(Stage::One, Tenure::LowCostHomeOwnership),
            of_tenure(Stage::Two, Tenure::LowCostHomeOwnership),
        );
        let tsm = TsmFigures {
            year: year.year(),
            homes: counts.homes,
            stage1_received: lcra.0,
            stage2_received: lcra.1,
            ch01_stage1_per_1000: per_1000(lcra.0, counts.homes),
            ch01_stage2_per_1000: per_1000(lcra.1, counts.homes),
            lcho_homes: counts.lcho_homes,
            lcho_stage1_received: lcho.0,
            lcho_stage2_received: lcho.1,
            ch01_lcho_stage1_per_1000: per_1000(lcho.0, counts.lcho_homes),
            ch01_lcho_stage2_per_1000: per_1000(lcho.1, counts.lcho_homes),
            stage1_responded: stage1.respond.of,
            stage1_on_time: stage1.respond.count,
            ch02_stage1_percent: stage1.respond.percent(),
            stage2_responded: stage2.respond.of,
            stage2_on_time: stage2.respond.count,
            ch02_stage2_percent: stage2.respond.percent(),
        };
        let mut themes: Vec<(String, [u64; 12])> = Vec::new();
        for g in counts.themes.iter().filter(|g| g.month < 12) {
            match themes.iter_mut().find(|(name, _)| *name == g.category) {
                Some(row) => row.1[g.month] += g.count,
                None => {
                    let mut months = [0; 12];
                    months[g.month] = g.count;
                    themes.push((g.category.clone(), months));
                }
            }
        }
        themes.sort_by(|(a, am), (b, bm)| {
            let total = |m: &[u64; 12]| m.iter().sum::<u64>();
            total(bm).cmp(&total(am)).then_with(|| a.cmp(b))
        });
        let mut outcomes = vec![(Stage::One, [0; 3]), (Stage::Two, [0; 3])];
        for (stage, outcome, count) in &counts.outcomes {
            let column = match outcome {
                Outcome::Upheld => 0,
                Outcome::PartlyUpheld => 1,
                Outcome::NotUpheld => 2,
            };
            if let Some(row) = outcomes.iter_mut().find(|(s, _)| s == stage) {
                row.1[column] += count;
            }
        }
        Self {
            year,
            themes,
            outcomes,
            service_requests: ServiceRequestSummary::of(&counts.service_requests, counts.as_of),
            ombudsman: OmbudsmanSummary::of(&counts.ombudsman, counts.as_of),
            escalation: Share {
                count: stage2_received,
                of: stage1.respond.of,
            },
            tsm,
            by_kind,
            by_channel,
            by_stage,
            stage1,
            stage2,
            refusals: counts.refusals,
            withdrawn: counts.withdrawn,
            remedies: counts.remedies,
            root_causes: counts.root_causes,
        }
    }

    pub fn timeliness(&self, stage: Stage) -> &StageTimeliness {
        match stage {
            Stage::One => &self.stage1,
            Stage::Two => &self.stage2,
        }
    }
}

/// Adds one group of stages to its stage's tally (see the module's rules for each leg).
fn judge(
    calendar: &Calendar,
    policies: &crate::policy::PolicySet,
    year: ReportingYear,
    d: &StageDates,
    tally: &mut StageTimeliness,
) {
    let n = d.count;
    if let Some(contacted) = d.contacted.filter(|on| year.contains(*on)) {
        let policy = d
            .policy
            .and_then(|id| policies.get(id).ok())
            .unwrap_or_else(|| policies.in_force(d.day0));
        let due = calendar.add_working_days(d.day0, policy.stage(d.stage).contact);
        tally.contact.add(contacted <= due, n);
    }
    if let Some(acknowledged) = d.acknowledged.filter(|on| year.contains(*on)) {
        let on_time = ch02::acknowledged_on_time(calendar, d.stage, d.day0, acknowledged);
        tally.acknowledge.add(on_time, n);
    }
    if let Some(responded) = d.responded.filter(|on| year.contains(*on)) {
        let limit = ch02::response_limit(calendar, d.stage, d.day0, d.acknowledged, d.extended_to);
        let on_time = responded <= limit.limit;
        tally.respond.add(on_time, n);
        if let Some(extended_to) = d.extended_to {
            tally.extended += n;
            if extended_to <= limit.cap {
                tally.extended_within_cap += n;
            }
            if on_time {
                tally.extended_on_time += n;
            }
        }
    }
}

#[cfg(test)]
mod tests;
