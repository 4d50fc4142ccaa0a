//! The staff work queue: every open case with its next deadline, the most urgent first.
//!
//! Rules we chose where SPEC is silent:
//! - **Who may see it.** Staff whose role lets them see cases: officers, managers, the
//!   complaints manager and heads of service. Administrators are staff, but the domain's
//!   access rules give them no case at all, so they do not get a queue of customers' names
//!   either. Residents, involved customers and board members are refused.
//! - **Deadlines.** Every save stores the case's next deadline and its step beside the
//!   case (the domain's `Case::next_deadline`), and a change to the calendar counts open
//!   cases again (`storage::recount`), so the stored date is the live one. The order, the
//!   due-date filter and every count use the stored date; each line shown works its
//!   deadline out again from the case's state with today's calendar, for the words beside
//!   it. Soonest first; cases with no deadline running (service requests, compliments,
//!   complaints answered at Stage 1) last.
//! - **The summary counts.** Overdue means the due date has passed; due today means it is
//!   today; due this week means it falls from Monday to Sunday of the current week, London
//!   time, whether already passed, today or later in the week, so the tiles overlap. The
//!   tiles and the next-step counts cover the queue as filtered, apart from the due-date
//!   filter that the tiles themselves set; the counts by stage cover it apart from the
//!   stage and the due date, so choosing a stage still shows how many wait at the others.
//! - **Whose cases by default.** Managers and the complaints manager own cases, so they
//!   start on their own; officers and heads of service own none, so they start on all.
//! - **How much.** A page shows [`PAGE_SIZE`] matching cases, the most urgent first, with
//!   links to the pages before and after it; the counts cover every matching case. Only the
//!   lines shown are read whole, so the work grows with what is shown, never with the
//!   history. Changing a filter starts again from the first page.

use crate::error::AppError;
use domain::Channel;
use domain::deadlines::{Rag, Step};
use domain::lifecycle::CaseKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Lines on one page of the queue.
pub const PAGE_SIZE: usize = 25;

/// The furthest page anyone can ask for: past it, the filters narrow the queue better.
pub const LAST_PAGE: u32 = 10_000;

/// Whether someone with this role may use the work queue (see the module's rules).
pub fn may_use_queue(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::UseWorkQueue)
}

/// Whose cases a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeChoice {
    Mine,
    /// The cases of everyone the reader manages, and their own.
    Team,
    Unassigned,
    All,
}

impl ScopeChoice {
    pub const ALL: [ScopeChoice; 4] = [
        ScopeChoice::Mine,
        ScopeChoice::Team,
        ScopeChoice::Unassigned,
        ScopeChoice::All,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ScopeChoice::Mine => "mine",
            ScopeChoice::Team => "team",
            ScopeChoice::Unassigned => "unassigned",
            ScopeChoice::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ScopeChoice::Mine => "My cases",
            ScopeChoice::Team => "My team",
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

/// How pressing the cases shown must be, at least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriorityChoice {
    /// High or urgent.
    High,
    Urgent,
}

impl PriorityChoice {
    pub const ALL: [PriorityChoice; 2] = [PriorityChoice::High, PriorityChoice::Urgent];

    pub fn code(self) -> &'static str {
        match self {
            PriorityChoice::High => "high",
            PriorityChoice::Urgent => "urgent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PriorityChoice::High => "High or urgent",
            PriorityChoice::Urgent => "Urgent only",
        }
    }

    /// The least pressing priority this choice shows.
    pub fn at_least(self) -> domain::triage::Priority {
        match self {
            PriorityChoice::High => domain::triage::Priority::High,
            PriorityChoice::Urgent => domain::triage::Priority::Urgent,
        }
    }
}

/// The order of the queue's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OrderChoice {
    /// The next deadline, soonest first.
    #[default]
    Deadline,
    /// The most pressing first, then by deadline.
    Priority,
}

impl OrderChoice {
    pub const ALL: [OrderChoice; 2] = [OrderChoice::Deadline, OrderChoice::Priority];

    pub fn code(self) -> &'static str {
        match self {
            OrderChoice::Deadline => "deadline",
            OrderChoice::Priority => "priority",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderChoice::Deadline => "Next deadline, soonest first",
            OrderChoice::Priority => "Most pressing first, then next deadline",
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
    /// A root-cause category's id.
    pub category: Option<i32>,
    pub due: Option<DueChoice>,
    /// Only cases at least this pressing.
    pub priority: Option<PriorityChoice>,
    /// Only cases whose customer has a vulnerability or risk flag.
    pub vulnerable: bool,
    pub order: OrderChoice,
    pub search: String,
    pub include_closed: bool,
    /// Which page of the matching cases, from 1.
    pub page: u32,
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
            category: None,
            due: None,
            priority: None,
            vulnerable: false,
            order: OrderChoice::Deadline,
            search: String::new(),
            include_closed: false,
            page: 1,
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
        if let Some(category) = self.category {
            pairs.push(("category", category.to_string()));
        }
        if let Some(due) = self.due {
            pairs.push(("due", due.code().to_owned()));
        }
        if let Some(priority) = self.priority {
            pairs.push(("priority", priority.code().to_owned()));
        }
        if self.vulnerable {
            pairs.push(("flagged", "vulnerable".to_owned()));
        }
        if self.order != OrderChoice::Deadline {
            pairs.push(("order", self.order.code().to_owned()));
        }
        if !self.search.is_empty() {
            pairs.push(("search", self.search.clone()));
        }
        if self.include_closed {
            pairs.push(("closed", "include".to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(name, value)| format!("{name}={}", form_encode(&value)))
            .collect();
        format!("/staff?{}", query.join("&"))
    }

    /// Where a search looked, in words: "your cases (open ones only, with the filters
    /// chosen)".
    pub fn searched_where(&self) -> String {
        let whose = match self.scope {
            ScopeChoice::Mine => "your cases",
            ScopeChoice::Team => "your team's cases",
            ScopeChoice::Unassigned => "the unassigned cases",
            ScopeChoice::All => "every case",
        };
        let which = if self.include_closed {
            "open and closed"
        } else {
            "open ones only"
        };
        let narrowed = QueueFilters {
            search: String::new(),
            include_closed: false,
            page: 1,
            ..self.clone()
        }
        .narrowed();
        format!(
            "{whose} ({which}{})",
            if narrowed {
                ", with the filters chosen"
            } else {
                ""
            }
        )
    }

    /// The same search across everything the reader may see (the widest of `scopes`,
    /// closed cases too, no other filter), when that is wider than where it looked.
    pub fn search_everywhere(&self, scopes: &[ScopeChoice]) -> Option<Self> {
        let widest = if scopes.contains(&ScopeChoice::All) {
            ScopeChoice::All
        } else {
            *scopes
                .iter()
                .find(|s| **s == ScopeChoice::Team)
                .or(scopes.first())?
        };
        let everywhere = Self {
            search: self.search.clone(),
            include_closed: true,
            ..Self::scope_only(widest)
        };
        (everywhere
            != Self {
                page: 1,
                ..self.clone()
            })
        .then_some(everywhere)
    }

    pub fn with_scope(&self, scope: ScopeChoice) -> Self {
        Self {
            scope,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_due(&self, due: Option<DueChoice>) -> Self {
        Self {
            due,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_stage(&self, stage: Option<StageChoice>) -> Self {
        Self {
            stage,
            page: 1,
            ..self.clone()
        }
    }

    /// The same filters on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// Whether anything narrows the queue beyond its scope (neither the page nor the
    /// order does).
    pub fn narrowed(&self) -> bool {
        Self {
            order: OrderChoice::Deadline,
            ..self.with_page(1)
        } != Self::scope_only(self.scope)
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
    pub priority: domain::triage::Priority,
    /// The customer's vulnerability or risk flag in force, in short: "safeguarding,
    /// mental health".
    pub vulnerability: Option<String>,
    /// The flag names a safeguarding risk.
    pub risk: bool,
    /// An update agreed with the customer is due: since when, "Friday 11 December 2026".
    pub update_due: Option<String>,
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
    /// More cases match than this page and the ones before it show.
    pub more: bool,
    /// How many cases match, on every page.
    pub matching: usize,
    pub handlers: Vec<HandlerChoice>,
    /// The root-cause categories the category filter offers.
    pub categories: Vec<HandlerChoice>,
    /// The scopes the reader may choose: "My team" only for someone who manages people.
    pub scopes: Vec<ScopeChoice>,
    /// What the reader is owed a look at, listed below their cases: read with them, in the
    /// same view, so a queue page asks the database for one snapshot.
    pub reminders: crate::staff::Reminders,
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
        #[server(default)] category: Option<String>,
        #[server(default)] due: Option<String>,
        #[server(default)] priority: Option<String>,
        #[server(default)] flagged: Option<String>,
        #[server(default)] order: Option<String>,
        #[server(default)] search: Option<String>,
        #[server(default)] closed: Option<String>,
        #[server(default)] page: Option<String>,
    ) -> Result<QueueView, AppError> {
        let caller =
            crate::auth::session::caller_who_may(domain::access::Action::UseWorkQueue).await?;
        let filters = build::parse(
            caller.role(),
            build::Raw {
                scope,
                stage,
                kind,
                channel,
                handler,
                category,
                due,
                priority,
                flagged,
                order,
                search,
                closed,
                page,
            },
        )?;
        let scope = crate::state::read_scope().await?;
        let today = crate::clock::today();
        let reminders = crate::staff::reminders_in(&scope, &caller).await?;
        build::queue(scope.ctx(), &caller, filters, today, reminders).await
    }
}

#[cfg(feature = "ssr")]
mod build;

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
    fn a_search_says_where_it_looked_and_offers_to_look_everywhere() {
        let mine = QueueFilters {
            search: "Okafor".to_owned(),
            ..QueueFilters::scope_only(ScopeChoice::Mine)
        };
        assert_eq!(mine.searched_where(), "your cases (open ones only)");
        let everywhere = mine.search_everywhere(&ScopeChoice::ALL).expect("wider");
        assert_eq!(
            everywhere.href(),
            "/staff?scope=all&search=Okafor&closed=include"
        );
        assert_eq!(everywhere.searched_where(), "every case (open and closed)");
        assert_eq!(everywhere.search_everywhere(&ScopeChoice::ALL), None);
        // A handler who may not see every case looks across their team's.
        let narrowed = QueueFilters {
            stage: Some(StageChoice::ALL[0]),
            ..mine.clone()
        };
        assert_eq!(
            narrowed.searched_where(),
            "your cases (open ones only, with the filters chosen)"
        );
        let team = narrowed
            .search_everywhere(&[
                ScopeChoice::Mine,
                ScopeChoice::Team,
                ScopeChoice::Unassigned,
            ])
            .expect("wider");
        assert_eq!(team.scope, ScopeChoice::Team);
        assert!(team.include_closed && team.stage.is_none());
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
        let second = filters.with_page(2);
        assert_eq!(
            second.href(),
            "/staff?scope=unassigned&stage=stage1&due=overdue&search=O%27Brien+%26+Co&page=2"
        );
        assert_eq!(second.with_stage(None).page, 1, "a new filter starts again");
        assert!(
            !QueueFilters::scope_only(ScopeChoice::All)
                .with_page(3)
                .narrowed()
        );
        assert!(filters.narrowed());
        assert!(!QueueFilters::scope_only(ScopeChoice::All).narrowed());
    }
}
