//! Turning the address's text into filters, and stored rows into lines.

use super::*;
use chrono::{Datelike, Days, NaiveDate};
use domain::Calendar;
use storage::worklist::{
    self, Due, QueueStage, Scope, Tally as Counted, WorklistFilter, WorklistRow,
};

pub struct Raw {
    pub scope: Option<String>,
    pub stage: Option<String>,
    pub kind: Option<String>,
    pub channel: Option<String>,
    pub handler: Option<String>,
    pub category: Option<String>,
    pub due: Option<String>,
    pub priority: Option<String>,
    pub flagged: Option<String>,
    pub order: Option<String>,
    pub search: Option<String>,
    pub closed: Option<String>,
    pub page: Option<String>,
}

/// The filter's text, or `None` when blank.
fn given(value: Option<String>) -> Option<String> {
    value
        .map(|v| domain::text::one_line(&v))
        .filter(|v| !v.is_empty())
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
        "Choose my cases, my team, unassigned or all cases",
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
    let priority = choice(
        raw.priority,
        &PriorityChoice::ALL,
        PriorityChoice::code,
        "priority",
        "Choose high or urgent",
    )?;
    let vulnerable = choice(
        raw.flagged,
        &["vulnerable"],
        |v| v,
        "flagged",
        "Choose vulnerable customers or any customer",
    )?
    .is_some();
    let order = choice(
        raw.order,
        &OrderChoice::ALL,
        OrderChoice::code,
        "order",
        "Choose an order from the list",
    )?
    .unwrap_or_default();
    let handler = match given(raw.handler) {
        None => None,
        Some(v) => Some(
            v.parse::<i32>()
                .map_err(|_| AppError::validation("handler", "Choose a handler from the list"))?,
        ),
    };
    let category =
        match given(raw.category) {
            None => None,
            Some(v) => Some(v.parse::<i32>().map_err(|_| {
                AppError::validation("category", "Choose a root cause from the list")
            })?),
        };
    let page = match given(raw.page) {
        None => 1,
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=LAST_PAGE).contains(p))
            .ok_or_else(|| AppError::validation("page", "Choose a page from the links"))?,
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
        category,
        due,
        priority,
        vulnerable,
        order,
        search,
        include_closed: given(raw.closed).is_some(),
        page,
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

/// A queue line, its deadline worked out live from the case's state with today's calendar.
fn line_of(row: WorklistRow, calendar: &Calendar, today: NaiveDate) -> QueueLine {
    let due = row.case.next_deadline(calendar).map(|d| {
        let progress = d.progress(calendar, today);
        DueLine {
            leg: leg_label(d.step).to_owned(),
            due_on: domain::deadlines::long_date(d.due),
            time_left: progress.time_left.words(),
            rag: progress.status,
            explanation: d.explanation.clone(),
        }
    });
    let stage = row.stage();
    let owner_role = if stage == Some(QueueStage::Stage2) {
        "Reviewer"
    } else {
        "Handler"
    };
    QueueLine {
        reference: row.reference.to_string(),
        kind: row.kind.label().to_owned(),
        stage: stage
            .map(|s| stage_choice(s).label())
            .unwrap_or_else(|| other_phase(&row.phase))
            .to_owned(),
        due,
        customer: row.customer_name.clone(),
        postcode: row.postcode.clone(),
        adjustments: row.adjustments,
        priority: row.priority,
        update_due: (row.case.status() == domain::lifecycle::Status::Open
            && domain::updates::update_due(row.next_update_on, today))
        .then(|| row.next_update_on.map(domain::deadlines::long_date))
        .flatten(),
        risk: row.vulnerability.as_ref().is_some_and(|v| v.is_risk()),
        vulnerability: row.vulnerability.as_ref().map(|v| v.in_short()),
        owner_role: owner_role.to_owned(),
        owner: row.owner().map(|o| o.name.clone()),
        channel: row.channel.label().to_owned(),
        received_on: domain::deadlines::long_date(
            domain::london::to_london(row.received_at).date(),
        ),
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

/// The next deadlines a due-date choice picks on `today` (see the module's rules).
fn due_window(choice: DueChoice, today: NaiveDate) -> Due {
    match choice {
        DueChoice::Overdue => Due::Before(today),
        DueChoice::Today => Due::On(today),
        DueChoice::ThisWeek => {
            let (monday, sunday) = this_week(today);
            Due::Between(monday, sunday)
        }
    }
}

fn as_count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn counts(tally: &Counted, by_stage: &[(QueueStage, u64)]) -> QueueCounts {
    let by_stage = QueueStage::ALL
        .into_iter()
        .map(|stage| Tally {
            label: stage_choice(stage).label().to_owned(),
            count: by_stage
                .iter()
                .find(|(s, _)| *s == stage)
                .map_or(0, |(_, n)| as_count(*n)),
            stage: Some(stage_choice(stage)),
        })
        .collect();
    let by_leg = [
        (Step::Contact, tally.to_contact),
        (Step::Acknowledge, tally.to_acknowledge),
        (Step::Respond, tally.to_respond),
    ]
    .into_iter()
    .map(|(step, n)| Tally {
        label: leg_label(step).to_owned(),
        count: as_count(n),
        stage: None,
    })
    .collect();
    QueueCounts {
        overdue: as_count(tally.overdue),
        due_today: as_count(tally.due_today),
        due_this_week: as_count(tally.due_this_week),
        by_stage,
        by_leg,
    }
}

pub async fn queue(
    ctx: service::Context<'_>,
    caller: &service::Caller,
    filters: QueueFilters,
    today: NaiveDate,
    reminders: crate::staff::Reminders,
) -> Result<QueueView, AppError> {
    // "Mine" and "My team" are the caller's own: the service names them.
    let user_id = caller.account_id()?;
    let filter = WorklistFilter {
        scope: match filters.scope {
            ScopeChoice::Mine => Scope::Mine(user_id),
            ScopeChoice::Team => Scope::Team(user_id),
            ScopeChoice::Unassigned => Scope::Unassigned,
            ScopeChoice::All => Scope::All,
        },
        stage: filters.stage.map(queue_stage),
        kind: filters.kind,
        channel: filters.channel,
        handler: filters.handler,
        category: filters.category,
        search: Some(filters.search.clone()).filter(|s| !s.is_empty()),
        due: filters.due.map(|choice| due_window(choice, today)),
        update_due_by: None,
        priority: filters.priority.map(PriorityChoice::at_least),
        vulnerable: filters.vulnerable,
        order: match filters.order {
            OrderChoice::Deadline => worklist::QueueOrder::Deadline,
            OrderChoice::Priority => worklist::QueueOrder::Priority,
        },
        open_only: !filters.include_closed,
        limit: Some(PAGE_SIZE as u64),
        offset: u64::from(filters.page.saturating_sub(1)) * PAGE_SIZE as u64,
    };
    let service::worklist::Queue {
        list,
        tally,
        by_stage,
        handlers,
        categories,
        manages,
    } = service::worklist::queue(ctx, caller, filter, today, this_week(today)).await?;
    let matching = as_count(match filters.due {
        None => tally.total,
        Some(DueChoice::Overdue) => tally.overdue,
        Some(DueChoice::Today) => tally.due_today,
        Some(DueChoice::ThisWeek) => tally.due_this_week,
    });
    let counts = counts(&tally, &by_stage);
    let lines: Vec<QueueLine> = list
        .rows
        .into_iter()
        .map(|row| line_of(row, ctx.calendar, today))
        .collect();
    let more = list.more;
    let handlers = handlers
        .into_iter()
        .map(|h| HandlerChoice {
            id: h.id,
            name: h.name,
        })
        .collect();
    let categories = categories
        .into_iter()
        .map(|(id, name)| HandlerChoice { id, name })
        .collect();
    let scopes = ScopeChoice::ALL
        .into_iter()
        .filter(|s| *s != ScopeChoice::Team || manages || filters.scope == ScopeChoice::Team)
        .collect();
    Ok(QueueView {
        filters,
        today: domain::deadlines::long_date(today),
        counts,
        lines,
        more,
        matching,
        handlers,
        categories,
        scopes,
        reminders,
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
    fn the_due_choices_pick_the_days_the_tiles_name() {
        // Wednesday 11 March 2026: overdue means due before today; this week runs from
        // Monday 9 to Sunday 15 March, whatever has passed already.
        let today = date(11);
        assert_eq!(due_window(DueChoice::Overdue, today), Due::Before(today));
        assert_eq!(due_window(DueChoice::Today, today), Due::On(today));
        assert_eq!(
            due_window(DueChoice::ThisWeek, today),
            Due::Between(date(9), date(15))
        );
    }

    #[test]
    fn a_blank_filter_means_any_and_an_unknown_one_is_refused() {
        let raw = |stage: &str| Raw {
            scope: None,
            stage: Some(stage.to_owned()),
            kind: Some(String::new()),
            channel: None,
            handler: Some("  ".to_owned()),
            category: None,
            due: None,
            priority: None,
            flagged: None,
            order: None,
            search: Some("  bs1 ".to_owned()),
            closed: None,
            page: Some(stage.len().to_string()).filter(|_| stage == "stage2"),
        };
        let filters = parse(domain::Role::Manager, raw("")).expect("blank is any");
        assert_eq!(filters.stage, None);
        assert_eq!(filters.scope, ScopeChoice::Mine);
        assert_eq!(filters.search, "bs1");
        assert_eq!(filters.page, 1, "the first page unless another is chosen");
        let filters = parse(domain::Role::Officer, raw("stage2")).expect("a stage");
        assert_eq!(filters.stage, Some(StageChoice::Stage2));
        assert_eq!(filters.page, 6);
        for page in ["0", "-1", "10001", "two"] {
            let raw = Raw {
                page: Some(page.to_owned()),
                ..raw("")
            };
            assert!(matches!(
                parse(domain::Role::Officer, raw),
                Err(AppError::Validation { field, .. }) if field == "page"
            ));
        }
        assert_eq!(filters.scope, ScopeChoice::All);
        assert!(matches!(
            parse(domain::Role::Officer, raw("stage9")),
            Err(AppError::Validation { field, .. }) if field == "stage"
        ));
    }
}
