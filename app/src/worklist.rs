//! The staff work queue: every open case with its next deadline, the most urgent first.
//!
//! Rules we chose where SPEC is silent:
//! - **Who may see it.** Staff whose role lets them see cases: officers, managers, the
//!   complaints manager and heads of service. Administrators are staff, but the domain's
//!   access rules give them no case at all, so they do not get a queue of customers' names
//!   either. Residents, involved customers and board members are refused.
//! - **Live deadlines.** Each line's deadline is worked out again from the case's stored
//!   state with today's calendar (`Case::next_deadline`), so a closure day added this
//!   morning moves it; the order is by that live date, soonest first, and cases with no
//!   deadline running (service requests, compliments, complaints answered at Stage 1) last.
//! - **The summary counts.** Overdue means the due date has passed; due today means it is
//!   today; due this week means it falls from Monday to Sunday of the current week, London
//!   time, whether already passed, today or later in the week, so the tiles overlap. The
//!   tiles and the next-step counts cover the queue as filtered, apart from the due-date
//!   filter that the tiles themselves set; the counts by stage cover it apart from the
//!   stage and the due date, so choosing a stage still shows how many wait at the others.
//! - **Whose cases by default.** Managers and the complaints manager own cases, so they
//!   start on their own; officers and heads of service own none, so they start on all.
//! - **How much.** The [`LOAD_LIMIT`] most urgent matching cases are read and counted, and
//!   the first [`SHOW_LIMIT`] of them shown; search and the filters find the rest.

use crate::error::AppError;
use domain::Channel;
use domain::deadlines::{Rag, Step};
use domain::lifecycle::CaseKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// At most this many of the most urgent matching cases are read for one queue.
pub const LOAD_LIMIT: u64 = 500;
/// At most this many lines are shown.
pub const SHOW_LIMIT: usize = 100;

/// Whether someone with this role may use the work queue (see the module's rules).
pub fn may_use_queue(role: domain::Role) -> bool {
    use domain::access::{Action, CaseRelation, permits};
    role.is_staff()
        && permits(
            &domain::Actor::new("", role),
            &CaseRelation::NONE,
            Action::ViewCase,
        )
}

/// Whose cases a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeChoice {
    Mine,
    Unassigned,
    All,
}

impl ScopeChoice {
    pub const ALL: [ScopeChoice; 3] =
        [ScopeChoice::Mine, ScopeChoice::Unassigned, ScopeChoice::All];

    pub fn code(self) -> &'static str {
        match self {
            ScopeChoice::Mine => "mine",
            ScopeChoice::Unassigned => "unassigned",
            ScopeChoice::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ScopeChoice::Mine => "My cases",
            ScopeChoice::Unassigned => "Unassigned",
            ScopeChoice::All => "All",
        }
    }

    /// Where someone with this role starts (see the module's rules).
    pub fn default_for(role: domain::Role) -> Self {
        match role {
            domain::Role::Manager | domain::Role::ComplaintsManager => ScopeChoice::Mine,
            _ => ScopeChoice::All,
        }
    }
}

/// Where in the procedure a complaint is, as the queue groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageChoice {
    /// Received, waiting for the complaints manager to accept it or not.
    Triage,
    Stage1,
    /// Answered at Stage 1: the customer may still ask for a review.
    AwaitingReview,
    Stage2,
}

impl StageChoice {
    pub const ALL: [StageChoice; 4] = [
        StageChoice::Triage,
        StageChoice::Stage1,
        StageChoice::AwaitingReview,
        StageChoice::Stage2,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StageChoice::Triage => "triage",
            StageChoice::Stage1 => "stage1",
            StageChoice::AwaitingReview => "awaiting_review",
            StageChoice::Stage2 => "stage2",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StageChoice::Triage => "Triage",
            StageChoice::Stage1 => "Stage 1",
            StageChoice::AwaitingReview => "Stage 1 answered",
            StageChoice::Stage2 => "Stage 2 review",
        }
    }
}

/// When a case's next deadline falls, as the summary tiles pick it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueChoice {
    Overdue,
    Today,
    ThisWeek,
}

impl DueChoice {
    pub const ALL: [DueChoice; 3] = [DueChoice::Overdue, DueChoice::Today, DueChoice::ThisWeek];

    pub fn code(self) -> &'static str {
        match self {
            DueChoice::Overdue => "overdue",
            DueChoice::Today => "today",
            DueChoice::ThisWeek => "week",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DueChoice::Overdue => "Overdue",
            DueChoice::Today => "Due today",
            DueChoice::ThisWeek => "Due this week",
        }
    }
}

/// The kinds of case, in the order the filter offers them.
pub const KINDS: [CaseKind; 3] = [
    CaseKind::Complaint,
    CaseKind::ServiceRequest,
    CaseKind::Compliment,
];

/// The code of a kind in addresses (`service_request`).
pub fn kind_code(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::ServiceRequest => "service_request",
        CaseKind::Complaint => "complaint",
        CaseKind::Compliment => "compliment",
    }
}

/// The filters of a queue, as they were understood: the page draws its form and its links
/// from these, so what it shows is what the server applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilters {
    pub scope: ScopeChoice,
    pub stage: Option<StageChoice>,
    pub kind: Option<CaseKind>,
    pub channel: Option<Channel>,
    pub handler: Option<i32>,
    pub due: Option<DueChoice>,
    pub search: String,
    pub include_closed: bool,
}

impl QueueFilters {
    /// Only a scope: no other filter.
    pub fn scope_only(scope: ScopeChoice) -> Self {
        Self {
            scope,
            stage: None,
            kind: None,
            channel: None,
            handler: None,
            due: None,
            search: String::new(),
            include_closed: false,
        }
    }

    /// The address of the queue with these filters.
    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("scope", self.scope.code().to_owned())];
        if let Some(stage) = self.stage {
            pairs.push(("stage", stage.code().to_owned()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("kind", kind_code(kind).to_owned()));
        }
        if let Some(channel) = self.channel {
            pairs.push(("channel", channel.as_str().to_owned()));
        }
        if let Some(handler) = self.handler {
            pairs.push(("handler", handler.to_string()));
        }
        if let Some(due) = self.due {
            pairs.push(("due", due.code().to_owned()));
        }
        if !self.search.is_empty() {
            pairs.push(("search", self.search.clone()));
        }
        if self.include_closed {
            pairs.push(("closed", "include".to_owned()));
        }
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(name, value)| format!("{name}={}", form_encode(&value)))
            .collect();
        format!("/staff?{}", query.join("&"))
    }

    pub fn with_scope(&self, scope: ScopeChoice) -> Self {
        Self {
            scope,
            ..self.clone()
        }
    }

    pub fn with_due(&self, due: Option<DueChoice>) -> Self {
        Self {
            due,
            ..self.clone()
        }
    }

    pub fn with_stage(&self, stage: Option<StageChoice>) -> Self {
        Self {
            stage,
            ..self.clone()
        }
    }

    /// Whether anything narrows the queue beyond its scope.
    pub fn narrowed(&self) -> bool {
        *self != Self::scope_only(self.scope)
    }
}

/// `text` encoded for a query string (`application/x-www-form-urlencoded`).
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// A case's next deadline as the queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueLine {
    /// "Contact", "Acknowledge" or "Respond".
    pub leg: String,
    /// "Wednesday 11 March 2026".
    pub due_on: String,
    /// "2 working days left", "Due today", "3 working days overdue".
    pub time_left: String,
    pub rag: Rag,
    /// Why the date is what it is.
    pub explanation: String,
}

/// One case in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub reference: String,
    pub kind: String,
    /// "Triage", "Stage 1", …, or where a case outside the stages is.
    pub stage: String,
    /// `None` when no deadline is running.
    pub due: Option<DueLine>,
    pub customer: Option<String>,
    pub postcode: Option<String>,
    /// The customer has asked for reasonable adjustments.
    pub adjustments: bool,
    /// "Handler", or "Reviewer" while a review is in progress.
    pub owner_role: String,
    pub owner: Option<String>,
    pub channel: String,
    pub received_on: String,
}

/// How many cases fall in one group, with the filter that shows them (if there is one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub label: String,
    pub count: usize,
    pub stage: Option<StageChoice>,
}

/// The summary above the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    pub overdue: usize,
    pub due_today: usize,
    pub due_this_week: usize,
    pub by_stage: Vec<Tally>,
    pub by_leg: Vec<Tally>,
}

/// A member of staff the handler filter offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlerChoice {
    pub id: i32,
    pub name: String,
}

/// A work queue as the page draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub filters: QueueFilters,
    /// "Monday 9 March 2026", London time.
    pub today: String,
    pub counts: QueueCounts,
    pub lines: Vec<QueueLine>,
    /// More cases match than are shown.
    pub more: bool,
    pub handlers: Vec<HandlerChoice>,
}

/// The name of a deadline's step, as the queue shows it.
pub fn leg_label(step: Step) -> &'static str {
    match step {
        Step::Contact => "Contact",
        Step::Acknowledge => "Acknowledge",
        Step::Respond => "Respond",
        Step::ExtensionLimit => "Extension limit",
    }
}

pub use endpoint::{WorkQueue, work_queue};

mod endpoint {
    // One parameter for each field of the GET form. The server macro copies them into code
    // that an `allow` on the function itself does not reach.
    #![allow(clippy::too_many_arguments)]

    use super::*;

    /// The work queue for the signed-in member of staff. Every filter is optional text as it
    /// comes from the page's address; blank means "any".
    #[server(endpoint = "work_queue")]
    pub async fn work_queue(
        #[server(default)] scope: Option<String>,
        #[server(default)] stage: Option<String>,
        #[server(default)] kind: Option<String>,
        #[server(default)] channel: Option<String>,
        #[server(default)] handler: Option<String>,
        #[server(default)] due: Option<String>,
        #[server(default)] search: Option<String>,
        #[server(default)] closed: Option<String>,
    ) -> Result<QueueView, AppError> {
        let account = crate::auth::session::require_account().await?;
        if !may_use_queue(account.role) {
            tracing::info!(user = account.id, role = %account.role, "work queue refused");
            return Err(AppError::Forbidden);
        }
        let filters = build::parse(
            account.role,
            build::Raw {
                scope,
                stage,
                kind,
                channel,
                handler,
                due,
                search,
                closed,
            },
        )?;
        let state = crate::state::app_state()?;
        let today = domain::london::to_london(chrono::Utc::now()).date();
        build::queue(&state, account.id, filters, today).await
    }
}

#[cfg(feature = "ssr")]
mod build {
    //! Turning the address's text into filters, and stored rows into lines.

    use super::*;
    use chrono::{Datelike, Days, NaiveDate};
    use domain::Calendar;
    use storage::worklist::{self, QueueStage, Scope, WorklistFilter, WorklistRow};

    pub struct Raw {
        pub scope: Option<String>,
        pub stage: Option<String>,
        pub kind: Option<String>,
        pub channel: Option<String>,
        pub handler: Option<String>,
        pub due: Option<String>,
        pub search: Option<String>,
        pub closed: Option<String>,
    }

    /// The filter's text, or `None` when blank.
    fn given(value: Option<String>) -> Option<String> {
        value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn choice<T: Copy>(
        value: Option<String>,
        all: &[T],
        code: impl Fn(T) -> &'static str,
        field: &str,
        message: &str,
    ) -> Result<Option<T>, AppError> {
        match given(value) {
            None => Ok(None),
            Some(v) => all
                .iter()
                .copied()
                .find(|c| code(*c) == v)
                .map(Some)
                .ok_or_else(|| AppError::validation(field, message)),
        }
    }

    pub fn parse(role: domain::Role, raw: Raw) -> Result<QueueFilters, AppError> {
        let scope = choice(
            raw.scope,
            &ScopeChoice::ALL,
            ScopeChoice::code,
            "scope",
            "Choose my cases, unassigned or all cases",
        )?
        .unwrap_or(ScopeChoice::default_for(role));
        let stage = choice(
            raw.stage,
            &StageChoice::ALL,
            StageChoice::code,
            "stage",
            "Choose a stage from the list",
        )?;
        let kind = choice(
            raw.kind,
            &KINDS,
            kind_code,
            "kind",
            "Choose a kind of case from the list",
        )?;
        let channel = choice(
            raw.channel,
            &Channel::ALL,
            Channel::as_str,
            "channel",
            "Choose how it reached us from the list",
        )?;
        let due = choice(
            raw.due,
            &DueChoice::ALL,
            DueChoice::code,
            "due",
            "Choose overdue, due today or due this week",
        )?;
        let handler =
            match given(raw.handler) {
                None => None,
                Some(v) => Some(v.parse::<i32>().map_err(|_| {
                    AppError::validation("handler", "Choose a handler from the list")
                })?),
            };
        let search: String = given(raw.search)
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect();
        Ok(QueueFilters {
            scope,
            stage,
            kind,
            channel,
            handler,
            due,
            search,
            include_closed: given(raw.closed).is_some(),
        })
    }

    fn queue_stage(stage: StageChoice) -> QueueStage {
        match stage {
            StageChoice::Triage => QueueStage::Triage,
            StageChoice::Stage1 => QueueStage::Stage1,
            StageChoice::AwaitingReview => QueueStage::AwaitingReview,
            StageChoice::Stage2 => QueueStage::Stage2,
        }
    }

    fn stage_choice(stage: QueueStage) -> StageChoice {
        match stage {
            QueueStage::Triage => StageChoice::Triage,
            QueueStage::Stage1 => StageChoice::Stage1,
            QueueStage::AwaitingReview => StageChoice::AwaitingReview,
            QueueStage::Stage2 => StageChoice::Stage2,
        }
    }

    /// Where a case outside the four stages is, in a word or two.
    fn other_phase(phase: &str) -> &'static str {
        match phase {
            "service_request_open" => "Open",
            "service_request_resolved" => "Resolved",
            "compliment_received" => "To pass on",
            "compliment_passed_on" => "Passed on",
            "not_accepted" => "Not accepted",
            "closed" => "Closed",
            "withdrawn" => "Withdrawn",
            _ => "Other",
        }
    }

    /// A line and its live deadline's due date and status, for counting.
    struct Computed {
        line: QueueLine,
        due: Option<(NaiveDate, bool)>,
        leg: Option<Step>,
    }

    fn compute(row: WorklistRow, calendar: &Calendar, today: NaiveDate) -> Computed {
        let deadline = row.case.next_deadline(calendar);
        let due = deadline.as_ref().map(|d| {
            let progress = d.progress(calendar, today);
            (
                DueLine {
                    leg: leg_label(d.step).to_owned(),
                    due_on: domain::deadlines::long_date(d.due),
                    time_left: progress.time_left.words(),
                    rag: progress.status,
                    explanation: d.explanation.clone(),
                },
                d.due,
                progress.is_overdue(),
            )
        });
        let stage = row.stage();
        let owner_role = if stage == Some(QueueStage::Stage2) {
            "Reviewer"
        } else {
            "Handler"
        };
        let line = QueueLine {
            reference: row.reference.to_string(),
            kind: row.kind.label().to_owned(),
            stage: stage
                .map(|s| stage_choice(s).label())
                .unwrap_or_else(|| other_phase(&row.phase))
                .to_owned(),
            due: due.as_ref().map(|(line, _, _)| line.clone()),
            customer: row.customer_name.clone(),
            postcode: row.postcode.clone(),
            adjustments: row.adjustments,
            owner_role: owner_role.to_owned(),
            owner: row.owner().map(|o| o.name.clone()),
            channel: row.channel.label().to_owned(),
            received_on: domain::deadlines::long_date(
                domain::london::to_london(row.received_at).date(),
            ),
        };
        Computed {
            line,
            due: due.map(|(_, date, overdue)| (date, overdue)),
            leg: deadline.map(|d| d.step),
        }
    }

    /// Monday and Sunday of the week `today` is in.
    fn this_week(today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let monday = today
            .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
            .unwrap_or(today);
        (
            monday,
            monday.checked_add_days(Days::new(6)).unwrap_or(today),
        )
    }

    fn in_due(choice: DueChoice, due: Option<(NaiveDate, bool)>, today: NaiveDate) -> bool {
        let (monday, sunday) = this_week(today);
        match (choice, due) {
            (_, None) => false,
            (DueChoice::Overdue, Some((_, overdue))) => overdue,
            (DueChoice::Today, Some((date, _))) => date == today,
            (DueChoice::ThisWeek, Some((date, _))) => (monday..=sunday).contains(&date),
        }
    }

    fn counts(
        computed: &[Computed],
        by_stage: &[(QueueStage, u64)],
        today: NaiveDate,
    ) -> QueueCounts {
        let count = |choice| {
            computed
                .iter()
                .filter(|c| in_due(choice, c.due, today))
                .count()
        };
        let by_stage = QueueStage::ALL
            .into_iter()
            .map(|stage| Tally {
                label: stage_choice(stage).label().to_owned(),
                count: by_stage
                    .iter()
                    .find(|(s, _)| *s == stage)
                    .map_or(0, |(_, n)| usize::try_from(*n).unwrap_or(usize::MAX)),
                stage: Some(stage_choice(stage)),
            })
            .collect();
        let by_leg = [Step::Contact, Step::Acknowledge, Step::Respond]
            .into_iter()
            .map(|step| Tally {
                label: leg_label(step).to_owned(),
                count: computed.iter().filter(|c| c.leg == Some(step)).count(),
                stage: None,
            })
            .collect();
        QueueCounts {
            overdue: count(DueChoice::Overdue),
            due_today: count(DueChoice::Today),
            due_this_week: count(DueChoice::ThisWeek),
            by_stage,
            by_leg,
        }
    }

    pub async fn queue(
        state: &crate::state::AppState,
        user_id: i32,
        filters: QueueFilters,
        today: NaiveDate,
    ) -> Result<QueueView, AppError> {
        let filter = WorklistFilter {
            scope: match filters.scope {
                ScopeChoice::Mine => Scope::Mine(user_id),
                ScopeChoice::Unassigned => Scope::Unassigned,
                ScopeChoice::All => Scope::All,
            },
            stage: filters.stage.map(queue_stage),
            kind: filters.kind,
            channel: filters.channel,
            handler: filters.handler,
            search: Some(filters.search.clone()).filter(|s| !s.is_empty()),
            open_only: !filters.include_closed,
            limit: Some(LOAD_LIMIT),
        };
        let list = worklist::list(&state.db, &filter, &state.calendar).await?;
        let loaded = list.rows.len() as u64;
        let mut computed: Vec<Computed> = list
            .rows
            .into_iter()
            .map(|row| compute(row, &state.calendar, today))
            .collect();
        // The stored order is by the date saved with each case; the live date decides.
        computed.sort_by_key(|c| (c.due.is_none(), c.due.map(|(date, _)| date)));
        let by_stage = worklist::stage_counts(&state.db, &filter).await?;
        let counts = counts(&computed, &by_stage, today);
        let mut lines: Vec<QueueLine> = computed
            .into_iter()
            .filter(|c| {
                filters
                    .due
                    .is_none_or(|choice| in_due(choice, c.due, today))
            })
            .map(|c| c.line)
            .collect();
        let more = lines.len() > SHOW_LIMIT || list.total > loaded;
        lines.truncate(SHOW_LIMIT);
        let handlers = worklist::handlers(&state.db)
            .await?
            .into_iter()
            .map(|h| HandlerChoice {
                id: h.id,
                name: h.name,
            })
            .collect();
        Ok(QueueView {
            filters,
            today: domain::deadlines::long_date(today),
            counts,
            lines,
            more,
            handlers,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn date(d: u32) -> NaiveDate {
            NaiveDate::from_ymd_opt(2026, 3, d).expect("a date")
        }

        #[test]
        fn this_week_runs_monday_to_sunday() {
            // Wednesday 11 March 2026.
            assert_eq!(this_week(date(11)), (date(9), date(15)));
            assert_eq!(this_week(date(9)), (date(9), date(15)));
            assert_eq!(this_week(date(15)), (date(9), date(15)));
        }

        #[test]
        fn due_this_week_includes_what_passed_earlier_in_the_week_and_today() {
            let today = date(11);
            assert!(in_due(DueChoice::ThisWeek, Some((date(9), true)), today));
            assert!(in_due(DueChoice::ThisWeek, Some((date(11), false)), today));
            assert!(in_due(DueChoice::ThisWeek, Some((date(13), false)), today));
            assert!(!in_due(DueChoice::ThisWeek, Some((date(16), false)), today));
            assert!(!in_due(DueChoice::ThisWeek, Some((date(6), true)), today));
            assert!(in_due(DueChoice::Overdue, Some((date(6), true)), today));
            assert!(in_due(DueChoice::Today, Some((date(11), false)), today));
            assert!(!in_due(DueChoice::Today, None, today));
        }

        #[test]
        fn a_blank_filter_means_any_and_an_unknown_one_is_refused() {
            let raw = |stage: &str| Raw {
                scope: None,
                stage: Some(stage.to_owned()),
                kind: Some(String::new()),
                channel: None,
                handler: Some("  ".to_owned()),
                due: None,
                search: Some("  bs1 ".to_owned()),
                closed: None,
            };
            let filters = parse(domain::Role::Manager, raw("")).expect("blank is any");
            assert_eq!(filters.stage, None);
            assert_eq!(filters.scope, ScopeChoice::Mine);
            assert_eq!(filters.search, "bs1");
            let filters = parse(domain::Role::Officer, raw("stage2")).expect("a stage");
            assert_eq!(filters.stage, Some(StageChoice::Stage2));
            assert_eq!(filters.scope, ScopeChoice::All);
            assert!(matches!(
                parse(domain::Role::Officer, raw("stage9")),
                Err(AppError::Validation { field, .. }) if field == "stage"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_who_may_see_cases_may_use_the_queue() {
        use domain::Role;
        for role in [
            Role::Officer,
            Role::Manager,
            Role::ComplaintsManager,
            Role::HeadOfService,
        ] {
            assert!(may_use_queue(role), "{role}");
        }
        for role in [
            Role::Resident,
            Role::InvolvedCustomer,
            Role::BoardMember,
            Role::Admin,
        ] {
            assert!(!may_use_queue(role), "{role}");
        }
    }

    #[test]
    fn a_queue_address_keeps_every_filter_and_encodes_the_search() {
        let filters = QueueFilters {
            search: "O'Brien & Co".to_owned(),
            stage: Some(StageChoice::Stage1),
            due: Some(DueChoice::Overdue),
            ..QueueFilters::scope_only(ScopeChoice::Unassigned)
        };
        assert_eq!(
            filters.href(),
            "/staff?scope=unassigned&stage=stage1&due=overdue&search=O%27Brien+%26+Co"
        );
        assert_eq!(
            QueueFilters::scope_only(ScopeChoice::Mine).href(),
            "/staff?scope=mine"
        );
        assert!(filters.narrowed());
        assert!(!QueueFilters::scope_only(ScopeChoice::All).narrowed());
    }
}
