//! Bringing in history (SPEC section 8): the columns of an import file, the checks on each
//! row, and the case each good row becomes.
//!
//! The file format itself (CSV, quoting, encoding) is the caller's business; this module
//! sees a header as a list of names and a row as the text of each field, so the same rules
//! serve the command line and the admin page. Every check a row must pass lives here, and
//! each failure names its column and says what is wrong in plain words.
//!
//! Rules we chose where SPEC is silent:
//! - `reference`, `kind`, `channel`, `received_at` and `status` must be in the header; the
//!   eight date columns may be left out, which is the same as leaving them empty. Column
//!   names are matched ignoring case and surrounding spaces.
//! - Nothing may be dated in the future (an extended-to date excepted), and nothing
//!   received before 2000 is imported.
//! - Only complaints have stage dates; a complaint that was not accepted has none. A review
//!   is requested after the Stage 1 response, and every Stage 2 date needs it. A closed
//!   complaint has the response that closed it; an open one has no Stage 2 response.
//! - An acknowledgement is not after its stage's response, and an extended-to date is not
//!   before its stage's acknowledgement.
//! - A compliment cannot be withdrawn; only a complaint can be not accepted.
//! - Closing a service request or compliment is dated the day it arrived: the previous
//!   system's export does not say when.
//!
//! How dates and status become a complaint's state is [`Complaint`]'s own rule (see
//! `lifecycle::complaint::imported`); service requests and compliments are taken through
//! their ordinary transitions.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use thiserror::Error;

use crate::calendar::Calendar;
use crate::channel::Channel;
use crate::deadlines::{day_month_year, month_name};
use crate::lifecycle::{
    Case, CaseKind, Complaint, Compliment, ImportedStage, ServiceRequest, Status,
};
use crate::london;
use crate::policy::PolicySet;
use crate::receipt::Receipt;

/// A column of the import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Reference,
    Kind,
    Channel,
    ReceivedAt,
    Status,
    Stage1Acknowledged,
    Stage1ExtendedTo,
    Stage1Responded,
    ReviewRequestedAt,
    Stage2Acknowledged,
    Stage2ExtendedTo,
    Stage2Responded,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Reference,
        Column::Kind,
        Column::Channel,
        Column::ReceivedAt,
        Column::Status,
        Column::Stage1Acknowledged,
        Column::Stage1ExtendedTo,
        Column::Stage1Responded,
        Column::ReviewRequestedAt,
        Column::Stage2Acknowledged,
        Column::Stage2ExtendedTo,
        Column::Stage2Responded,
    ];

    /// The name in the file's header.
    pub fn name(self) -> &'static str {
        match self {
            Column::Reference => "reference",
            Column::Kind => "kind",
            Column::Channel => "channel",
            Column::ReceivedAt => "received_at",
            Column::Status => "status",
            Column::Stage1Acknowledged => "stage1_acknowledged",
            Column::Stage1ExtendedTo => "stage1_extended_to",
            Column::Stage1Responded => "stage1_responded",
            Column::ReviewRequestedAt => "review_requested_at",
            Column::Stage2Acknowledged => "stage2_acknowledged",
            Column::Stage2ExtendedTo => "stage2_extended_to",
            Column::Stage2Responded => "stage2_responded",
        }
    }

    /// The column a header names, ignoring case and surrounding spaces.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().trim_start_matches('\u{feff}').trim();
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// Whether the header must name it.
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Reference
                | Column::Kind
                | Column::Channel
                | Column::ReceivedAt
                | Column::Status
        )
    }

    fn index(self) -> usize {
        self as usize
    }

    fn what(self) -> &'static str {
        match self {
            Column::Stage1Acknowledged => "The Stage 1 acknowledgement",
            Column::Stage1ExtendedTo => "The Stage 1 extended date",
            Column::Stage1Responded => "The Stage 1 response",
            Column::ReviewRequestedAt => "The review request",
            Column::Stage2Acknowledged => "The Stage 2 acknowledgement",
            Column::Stage2ExtendedTo => "The Stage 2 extended date",
            Column::Stage2Responded => "The Stage 2 response",
            Column::ReceivedAt => "The receipt",
            Column::Reference | Column::Kind | Column::Channel | Column::Status => "The value",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with a file's first line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HeaderError {
    #[error("The file is empty: its first line must name the columns")]
    Empty,
    #[error("“{0}” is not a column we know. The columns are: {list}", list = column_list())]
    Unknown(String),
    #[error("The column “{0}” is named more than once")]
    Repeated(&'static str),
    #[error("The column “{0}” is missing")]
    Missing(&'static str),
}

fn column_list() -> String {
    Column::ALL.map(Column::name).join(", ")
}

/// Where each column is in the file's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    positions: [Option<usize>; 12],
}

impl Header {
    /// Reads a header row; every problem with it is reported, not just the first.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, Vec<HeaderError>> {
        let mut positions = [None; 12];
        let mut problems = Vec::new();
        let mut any = false;
        for (i, name) in names.into_iter().enumerate() {
            any = true;
            match Column::from_name(name) {
                None => problems.push(HeaderError::Unknown(name.trim().to_owned())),
                Some(column) if positions[column.index()].is_some() => {
                    problems.push(HeaderError::Repeated(column.name()));
                }
                Some(column) => positions[column.index()] = Some(i),
            }
        }
        if !any {
            return Err(vec![HeaderError::Empty]);
        }
        for column in Column::ALL {
            if column.required() && positions[column.index()].is_none() {
                problems.push(HeaderError::Missing(column.name()));
            }
        }
        if problems.is_empty() {
            Ok(Self { positions })
        } else {
            Err(problems)
        }
    }

    /// Where the column is in a row, if the header names it.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.positions[column.index()]
    }

    /// Checks one row, given the text of its fields by position, as of `now`.
    pub fn row<'r>(
        &self,
        field: impl Fn(usize) -> Option<&'r str>,
        now: DateTime<Utc>,
    ) -> Result<HistoryRow, Vec<Problem>> {
        let text = |column: Column| {
            self.positions[column.index()]
                .and_then(&field)
                .map(str::trim)
                .unwrap_or("")
        };
        RowChecker::new(now).check(text)
    }
}

/// One thing wrong with a row: the column it is about and what is wrong, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: Column,
    pub reason: String,
}

impl Problem {
    fn new(column: Column, reason: impl Into<String>) -> Self {
        Self {
            column,
            reason: reason.into(),
        }
    }
}

/// The longest reference kept (the database column's width).
pub const MAX_REFERENCE_CHARS: usize = 100;

/// The earliest year a case may have been received in to be imported.
pub const FIRST_YEAR: i32 = 2000;

/// A row that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    reference: String,
    kind: CaseKind,
    channel: Channel,
    received_at: DateTime<Utc>,
    status: Status,
    stage1: ImportedStage,
    review_requested_at: Option<DateTime<Utc>>,
    stage2: ImportedStage,
}

impl HistoryRow {
    pub fn reference(&self) -> &str {
        &self.reference
    }
    pub fn kind(&self) -> CaseKind {
        self.kind
    }
    pub fn channel(&self) -> Channel {
        self.channel
    }
    pub fn received_at(&self) -> DateTime<Utc> {
        self.received_at
    }
    pub fn status(&self) -> Status {
        self.status
    }
    pub fn stage1(&self) -> ImportedStage {
        self.stage1
    }
    pub fn review_requested_at(&self) -> Option<DateTime<Utc>> {
        self.review_requested_at
    }
    pub fn stage2(&self) -> ImportedStage {
        self.stage2
    }

    /// The case this row becomes: a complaint under the policy in force on its receipt date
    /// (of `policies`), its day 0 counted as for any complaint (section 4).
    pub fn case(&self, calendar: &Calendar, policies: &PolicySet) -> Case {
        let arrived = london::to_london(self.received_at).date();
        match self.kind {
            CaseKind::Complaint => {
                let policy = policies.in_force(arrived);
                let receipt = Receipt::new(self.received_at, policy.cut_off, calendar);
                let review = self
                    .review_requested_at
                    .map(|at| Receipt::new(at, policy.cut_off, calendar));
                Case::Complaint(Box::new(Complaint::imported(
                    policy,
                    &receipt,
                    self.status,
                    self.stage1,
                    review.as_ref().map(|r| (r, self.stage2)),
                )))
            }
            CaseKind::ServiceRequest => {
                let mut request = ServiceRequest::open();
                // A new request is open, so its one step cannot be refused.
                let step = match self.status {
                    Status::Closed => Some(request.resolve(arrived)),
                    Status::Withdrawn => Some(request.withdraw(arrived)),
                    Status::Open | Status::NotAccepted => None,
                };
                debug_assert!(step.is_none_or(|s| s.is_ok()));
                Case::ServiceRequest(request)
            }
            CaseKind::Compliment => {
                let mut compliment = Compliment::receive("");
                if self.status == Status::Closed {
                    let passed_on = compliment.pass_on(arrived);
                    debug_assert!(passed_on.is_ok());
                }
                Case::Compliment(compliment)
            }
        }
    }
}

/// The values `kind`, `channel` and `status` take.
fn kind_code(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Complaint => "complaint",
        CaseKind::ServiceRequest => "service_request",
        CaseKind::Compliment => "compliment",
    }
}

const KINDS: [CaseKind; 3] = [
    CaseKind::Complaint,
    CaseKind::ServiceRequest,
    CaseKind::Compliment,
];

const STATUSES: [(Status, &str); 4] = [
    (Status::Open, "open"),
    (Status::Closed, "closed"),
    (Status::NotAccepted, "not_accepted"),
    (Status::Withdrawn, "withdrawn"),
];

struct RowChecker {
    now: DateTime<Utc>,
    today: NaiveDate,
    problems: Vec<Problem>,
}

impl RowChecker {
    fn new(now: DateTime<Utc>) -> Self {
        Self {
            now,
            today: london::to_london(now).date(),
            problems: Vec::new(),
        }
    }

    fn fail(&mut self, column: Column, reason: impl Into<String>) {
        self.problems.push(Problem::new(column, reason));
    }

    fn check<'r>(mut self, text: impl Fn(Column) -> &'r str) -> Result<HistoryRow, Vec<Problem>> {
        let reference = self.reference(text(Column::Reference));
        let kind = self.kind(text(Column::Kind));
        let channel = self.channel(text(Column::Channel));
        let received_at = self.timestamp(Column::ReceivedAt, text(Column::ReceivedAt), true);
        let status = self.status(text(Column::Status));
        let date = |checker: &mut Self, column| checker.date(column, text(column));
        let stage1 = ImportedStage {
            acknowledged: date(&mut self, Column::Stage1Acknowledged),
            extended_to: date(&mut self, Column::Stage1ExtendedTo),
            responded: date(&mut self, Column::Stage1Responded),
        };
        let review_requested_at = self.timestamp(
            Column::ReviewRequestedAt,
            text(Column::ReviewRequestedAt),
            false,
        );
        let stage2 = ImportedStage {
            acknowledged: date(&mut self, Column::Stage2Acknowledged),
            extended_to: date(&mut self, Column::Stage2ExtendedTo),
            responded: date(&mut self, Column::Stage2Responded),
        };
        // Each field is read first; the rules between fields only make sense on values
        // that are themselves right, and are checked only for those.
        if let (Some(kind), Some(received_at)) = (kind, received_at) {
            let arrived = london::to_london(received_at).date();
            self.between_fields(kind, status, arrived, stage1, review_requested_at, stage2);
        }
        match (reference, kind, channel, received_at, status) {
            (Some(reference), Some(kind), Some(channel), Some(received_at), Some(status))
                if self.problems.is_empty() =>
            {
                Ok(HistoryRow {
                    reference,
                    kind,
                    channel,
                    received_at,
                    status,
                    stage1,
                    review_requested_at,
                    stage2,
                })
            }
            _ => Err(self.problems),
        }
    }

    fn reference(&mut self, text: &str) -> Option<String> {
        if text.is_empty() {
            self.fail(
                Column::Reference,
                "The reference is empty: every row needs the previous system’s reference",
            );
            None
        } else if text.chars().count() > MAX_REFERENCE_CHARS {
            self.fail(
                Column::Reference,
                format!("The reference is longer than {MAX_REFERENCE_CHARS} characters"),
            );
            None
        } else if text.chars().any(char::is_control) {
            self.fail(
                Column::Reference,
                "The reference contains a line break or another control character",
            );
            None
        } else {
            Some(text.to_owned())
        }
    }

    fn kind(&mut self, text: &str) -> Option<CaseKind> {
        let found = KINDS.into_iter().find(|k| kind_code(*k) == text);
        if found.is_none() {
            let reason = unknown(text, "kind of case", &KINDS.map(kind_code));
            self.fail(Column::Kind, reason);
        }
        found
    }

    fn channel(&mut self, text: &str) -> Option<Channel> {
        let found = Channel::ALL.into_iter().find(|c| c.as_str() == text);
        if found.is_none() {
            let reason = unknown(text, "channel", &Channel::ALL.map(Channel::as_str));
            self.fail(Column::Channel, reason);
        }
        found
    }

    fn status(&mut self, text: &str) -> Option<Status> {
        let found = STATUSES
            .iter()
            .find(|(_, code)| *code == text)
            .map(|(s, _)| *s);
        if found.is_none() {
            let reason = unknown(text, "status", &STATUSES.map(|(_, code)| code));
            self.fail(Column::Status, reason);
        }
        found
    }

    /// An RFC 3339 timestamp; `required` for the receipt, optional for the review request.
    fn timestamp(&mut self, column: Column, text: &str, required: bool) -> Option<DateTime<Utc>> {
        if text.is_empty() {
            if required {
                self.fail(
                    column,
                    "This is empty: enter when it was received, such as 2025-06-12T23:30:00Z",
                );
            }
            return None;
        }
        let at = match DateTime::parse_from_rfc3339(text) {
            Ok(at) => at.with_timezone(&Utc),
            Err(_) => {
                let reason = match impossible_date(text.get(..10).unwrap_or(text)) {
                    Some(why) => format!("“{text}” is not a real date: {why}"),
                    None => format!(
                        "“{text}” is not an RFC 3339 timestamp: write it like 2025-06-12T23:30:00Z, or with an offset such as 2025-06-12T10:30:00+01:00"
                    ),
                };
                self.fail(column, reason);
                return None;
            }
        };
        if at > self.now {
            self.fail(column, format!("{} is in the future", column.what()));
            return None;
        }
        if london::to_london(at).year() < FIRST_YEAR {
            self.fail(
                column,
                format!(
                    "{} is before {FIRST_YEAR}: older cases are not imported",
                    column.what()
                ),
            );
            return None;
        }
        Some(at)
    }

    /// An ISO date, or nothing.
    fn date(&mut self, column: Column, text: &str) -> Option<NaiveDate> {
        if text.is_empty() {
            return None;
        }
        let Some(date) = crate::calendar::iso_date(text) else {
            let reason = match impossible_date(text) {
                Some(why) => format!("“{text}” is not a real date: {why}"),
                None => format!("“{text}” is not a date: write it as YYYY-MM-DD, like 2025-06-12"),
            };
            self.fail(column, reason);
            return None;
        };
        let may_be_future = matches!(column, Column::Stage1ExtendedTo | Column::Stage2ExtendedTo);
        if !may_be_future && date > self.today {
            self.fail(
                column,
                format!(
                    "{} ({}) is in the future",
                    column.what(),
                    day_month_year(date)
                ),
            );
            return None;
        }
        Some(date)
    }

    fn between_fields(
        &mut self,
        kind: CaseKind,
        status: Option<Status>,
        arrived: NaiveDate,
        stage1: ImportedStage,
        review: Option<DateTime<Utc>>,
        stage2: ImportedStage,
    ) {
        let stage1_columns = [
            (Column::Stage1Acknowledged, stage1.acknowledged),
            (Column::Stage1ExtendedTo, stage1.extended_to),
            (Column::Stage1Responded, stage1.responded),
        ];
        let stage2_columns = [
            (Column::Stage2Acknowledged, stage2.acknowledged),
            (Column::Stage2ExtendedTo, stage2.extended_to),
            (Column::Stage2Responded, stage2.responded),
        ];
        let review_date = review.map(|at| london::to_london(at).date());
        let dated: Vec<(Column, NaiveDate)> = stage1_columns
            .into_iter()
            .chain(std::iter::once((Column::ReviewRequestedAt, review_date)))
            .chain(stage2_columns)
            .filter_map(|(column, date)| date.map(|d| (column, d)))
            .collect();

        if kind != CaseKind::Complaint {
            let what = match kind {
                CaseKind::ServiceRequest => "a service request",
                _ => "a compliment",
            };
            for (column, _) in &dated {
                self.fail(
                    *column,
                    format!(
                        "Only complaints have Stage 1 and Stage 2 dates, and this row is {what}"
                    ),
                );
            }
            match status {
                Some(Status::NotAccepted) => self.fail(
                    Column::Status,
                    format!("Only a complaint can be not accepted, and this row is {what}"),
                ),
                Some(Status::Withdrawn) if kind == CaseKind::Compliment => self.fail(
                    Column::Status,
                    "A compliment cannot be withdrawn: use open or closed",
                ),
                _ => {}
            }
            return;
        }

        if status == Some(Status::NotAccepted) {
            for (column, _) in &dated {
                self.fail(
                    *column,
                    "A complaint that was not accepted has no Stage 1 or Stage 2 dates",
                );
            }
            return;
        }

        for (column, date) in &dated {
            if *date < arrived {
                let reason = format!(
                    "{} ({}) is before the complaint was received ({})",
                    column.what(),
                    day_month_year(*date),
                    day_month_year(arrived)
                );
                self.fail(*column, reason);
            }
        }
        self.within_stage(Column::Stage1Acknowledged, stage1);
        self.within_stage(Column::Stage2Acknowledged, stage2);

        match (review_date, stage1.responded) {
            (Some(_), None) => self.fail(
                Column::ReviewRequestedAt,
                "A review is asked for after the Stage 1 response, but stage1_responded is empty",
            ),
            (Some(requested), Some(responded)) if requested < responded => {
                let reason = format!(
                    "The review request ({}) is before the Stage 1 response ({})",
                    day_month_year(requested),
                    day_month_year(responded)
                );
                self.fail(Column::ReviewRequestedAt, reason);
            }
            _ => {}
        }
        match review_date {
            None => {
                for (column, date) in stage2_columns {
                    if date.is_some() {
                        self.fail(
                            column,
                            "There is a Stage 2 date but no review request: fill in review_requested_at, or leave the Stage 2 dates empty",
                        );
                    }
                }
            }
            Some(requested) => {
                for (column, date) in stage2_columns {
                    if let Some(date) = date
                        && date < requested
                    {
                        let reason = format!(
                            "{} ({}) is before the review was requested ({})",
                            column.what(),
                            day_month_year(date),
                            day_month_year(requested)
                        );
                        self.fail(column, reason);
                    }
                }
            }
        }

        match status {
            Some(Status::Closed) if review.is_some() && stage2.responded.is_none() => self.fail(
                Column::Stage2Responded,
                "A closed complaint that was reviewed needs the date of its Stage 2 response",
            ),
            Some(Status::Closed) if review.is_none() && stage1.responded.is_none() => self.fail(
                Column::Stage1Responded,
                "A closed complaint needs the date of its Stage 1 response",
            ),
            Some(Status::Open) if stage2.responded.is_some() => self.fail(
                Column::Status,
                "The Stage 2 response closes a complaint, so its status is closed, not open",
            ),
            _ => {}
        }
    }

    /// The acknowledgement is not after the response, nor after the extended date.
    fn within_stage(&mut self, acknowledged_column: Column, dates: ImportedStage) {
        let Some(acknowledged) = dates.acknowledged else {
            return;
        };
        if let Some(responded) = dates.responded
            && acknowledged > responded
        {
            let reason = format!(
                "{} ({}) is after the response ({})",
                acknowledged_column.what(),
                day_month_year(acknowledged),
                day_month_year(responded)
            );
            self.fail(acknowledged_column, reason);
        }
        if let Some(to) = dates.extended_to
            && to < acknowledged
        {
            let extended_column = match acknowledged_column {
                Column::Stage1Acknowledged => Column::Stage1ExtendedTo,
                _ => Column::Stage2ExtendedTo,
            };
            let reason = format!(
                "{} ({}) is before the acknowledgement ({})",
                extended_column.what(),
                day_month_year(to),
                day_month_year(acknowledged)
            );
            self.fail(extended_column, reason);
        }
    }
}

/// "“x” is not a kind of case: use a, b or c", or "This is empty: use …".
fn unknown(text: &str, what: &str, allowed: &[&str]) -> String {
    let list = match allowed {
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    };
    if text.is_empty() {
        format!("This is empty: enter the {what}, one of {list}")
    } else {
        format!("“{text}” is not a {what} we know: use {list}")
    }
}

/// Why a `YYYY-MM-DD` that looks like a date is not one (30 February, month 13), or `None`
/// when the text is not in that shape at all.
fn impossible_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let days = (next - first).num_days();
    if day == 0 || i64::from(day) > days {
        return Some(format!("{} {year} has {days} days", month_name(month)));
    }
    None
}

#[cfg(test)]
mod tests;
