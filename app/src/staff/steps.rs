//! The procedure's steps, as staff record them: one server function for the short steps
//! ([`take_step`]) and one for a stage's written response ([`respond_stage`]).
//!
//! Each is authorised through [`crate::cases::guard::case_access`] for the step's own
//! permission, names the version of the case the form was read at (a case saved by someone
//! else since is refused with [`AppError::Stale`] and nothing is written), applies the
//! domain's transition (whose refusal is shown next to the button, in the domain's words),
//! saves it with its timeline entry, issues the letter the procedure asks for, and goes back
//! to the case page.
//!
//! Rules we chose where SPEC is silent:
//! - a step's date may not be in the future, and the domain refuses one before the stage
//!   arrived;
//! - a review request recorded today counts as received now (after the cut-off it moves
//!   to the next working day); one recorded for an earlier date counts as received in
//!   working hours on that date;
//! - a complaint opened from a dissatisfied service request comes by the channel "staff on
//!   behalf", is received now, and keeps the customer of the request.

// A server function's arguments are its form's fields, one each: the forms post them by
// name, and the browser's generated caller takes them the same way.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::StepCode;
use crate::error::AppError;
use leptos::prelude::*;

/// The letters of a case, oldest first.
#[cfg(feature = "ssr")]
pub(crate) async fn letters_of(
    state: &crate::state::AppState,
    id: storage::cases::CaseId,
) -> Result<Vec<super::LetterLink>, AppError> {
    Ok(storage::letters::for_case(&state.db, id)
        .await?
        .into_iter()
        .map(|l| super::LetterLink {
            id: l.id,
            subject: l.subject,
            issued: super::read::when(l.created_at),
            large_print: l.large_print,
        })
        .collect())
}

#[cfg(feature = "ssr")]
mod parse {
    //! Reading a step's fields, each refusal naming its field.

    use crate::error::AppError;
    use chrono::NaiveDate;
    use domain::lifecycle::RecordedReason;

    /// A date from its three boxes; `None` when all are blank.
    pub fn date(
        field: &str,
        parts: (Option<String>, Option<String>, Option<String>),
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, AppError> {
        let (d, m, y) = parts;
        let [d, m, y] = [d, m, y].map(|p| p.unwrap_or_default().trim().to_owned());
        if d.is_empty() && m.is_empty() && y.is_empty() {
            return Ok(None);
        }
        let date = domain::form::parse_date(&format!("{d}/{m}/{y}")).ok_or_else(|| {
            AppError::validation(field, "Enter a real date, for example 27 3 2025")
        })?;
        if date > today {
            return Err(AppError::validation(
                field,
                "The date cannot be in the future",
            ));
        }
        Ok(Some(date))
    }

    pub fn required_date(
        field: &str,
        parts: (Option<String>, Option<String>, Option<String>),
        today: NaiveDate,
    ) -> Result<NaiveDate, AppError> {
        date(field, parts, today)?
            .ok_or_else(|| AppError::validation(field, "Enter the date it happened"))
    }

    /// A date that may be in the future (a new deadline, a promised date).
    pub fn future_date(
        field: &str,
        parts: (Option<String>, Option<String>, Option<String>),
    ) -> Result<Option<NaiveDate>, AppError> {
        date(field, parts, NaiveDate::MAX)
    }

    pub fn reason(field: &str, text: Option<String>) -> Result<RecordedReason, AppError> {
        RecordedReason::parse(text.as_deref().unwrap_or_default())
            .map_err(|e| AppError::validation(field, e))
    }

    pub fn optional_reason(
        field: &str,
        text: Option<String>,
    ) -> Result<Option<RecordedReason>, AppError> {
        match crate::case_actions::run::optional(text) {
            None => Ok(None),
            Some(t) => reason(field, Some(t)).map(Some),
        }
    }

    /// Required text of at most `max` characters.
    pub fn text(
        field: &str,
        text: Option<String>,
        max: usize,
        empty: &str,
    ) -> Result<String, AppError> {
        crate::case_actions::run::required(
            field,
            text,
            max,
            empty,
            &format!("Keep it to {max} characters or fewer"),
        )
    }

    pub fn number(field: &str, value: Option<String>, empty: &str) -> Result<i32, AppError> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| AppError::validation(field, empty))?
            .parse()
            .map_err(|_| AppError::validation(field, empty))
    }
}

/// The most characters of a note, summary or explanation.
pub const NOTE_MAX_CHARS: usize = 5000;

/// Records one of the procedure's short steps (everything but a written response).
#[server(endpoint = "take_step")]
pub async fn take_step(
    reference: String,
    version: i32,
    step: String,
    #[server(default)] on_day: Option<String>,
    #[server(default)] on_month: Option<String>,
    #[server(default)] on_year: Option<String>,
    #[server(default)] to_day: Option<String>,
    #[server(default)] to_month: Option<String>,
    #[server(default)] to_year: Option<String>,
    #[server(default)] text: Option<String>,
    #[server(default)] reason: Option<String>,
    #[server(default)] code: Option<String>,
    #[server(default)] person: Option<String>,
    #[server(default)] approve: Option<String>,
    #[server(default)] item: Option<String>,
    #[server(default)] preview: Option<String>,
) -> Result<(), AppError> {
    let code_of_step = StepCode::parse(&step).ok_or(AppError::NotFound)?;
    let mut typed = crate::refusal::Typed::new(&[
        ("on_day", on_day.as_deref()),
        ("on_month", on_month.as_deref()),
        ("on_year", on_year.as_deref()),
        ("to_day", to_day.as_deref()),
        ("to_month", to_month.as_deref()),
        ("to_year", to_year.as_deref()),
        ("text", text.as_deref()),
        ("reason", reason.as_deref()),
        ("code", code.as_deref()),
        ("person", person.as_deref()),
        ("approve", approve.as_deref()),
        ("item", item.as_deref()),
    ]);
    let fields = ssr::StepFields {
        on: (on_day, on_month, on_year),
        to: (to_day, to_month, to_year),
        text,
        reason,
        code,
        person,
        approve: approve.is_some(),
        item,
    };
    let previewing = preview.is_some();
    let result = ssr::take(&reference, Some(version), code_of_step, fields, previewing)
        .await
        .map(|_| ());
    let page = format!("/{}", code_of_step.as_str());
    if previewing && result.is_ok() {
        // Nothing is saved: the form comes back as typed, with the preview below it.
        typed.push("preview".to_owned(), Some("yes"));
        if reference.parse::<domain::CaseReference>().is_ok() {
            typed.go_to(
                &format!("/staff/cases/{reference}{page}"),
                "customer-preview",
            );
        }
        return Ok(());
    }
    typed.keep_on_refusal(
        "/staff/cases",
        &reference,
        &page,
        <TakeStep as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// One point the customer raised, as the response form posts it (`points[0][point]`…).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PointRow {
    #[serde(default)]
    pub point: Option<String>,
    #[serde(default)]
    pub finding: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
}

/// One payment, or one part of the compensation (`payments[0][amount]`…).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaymentRow {
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub for_what: Option<String>,
}

/// One action we will take, with its due date and owner (`actions[0][text]`…).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActionRow {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub day: Option<String>,
    #[serde(default)]
    pub month: Option<String>,
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
}

/// The repeating parts of the response form, each with the most rows it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    Points,
    Payments,
    Actions,
}

impl Rows {
    pub const ALL: [Rows; 3] = [Rows::Points, Rows::Payments, Rows::Actions];

    /// The name its rows are posted under, and of the "add another" button's value.
    pub fn name(self) -> &'static str {
        match self {
            Rows::Points => "points",
            Rows::Payments => "payments",
            Rows::Actions => "actions",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Far more than any response needs; a post with more is refused, not stored.
    pub fn most(self) -> usize {
        match self {
            Rows::Points => 40,
            Rows::Payments | Rows::Actions => 20,
        }
    }

    /// The fields of one row, in the order [`RowValues::values`] gives them.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Rows::Points => &["point", "finding", "outcome"],
            Rows::Payments => &["amount", "for_what"],
            Rows::Actions => &["text", "day", "month", "year", "owner"],
        }
    }

    /// The posted name of `field` in row `i`: `points[3][finding]`.
    pub fn field(self, i: usize, field: &str) -> String {
        format!("{}[{i}][{field}]", self.name())
    }

    /// The address's parameter saying how many rows the form shows.
    pub fn shown_param(self) -> &'static str {
        match self {
            Rows::Points => "shown_points",
            Rows::Payments => "shown_payments",
            Rows::Actions => "shown_actions",
        }
    }

    /// The id of the first box of row `n` (counted from 1).
    pub fn first_field(self, n: usize) -> String {
        let prefix = match self {
            Rows::Points => "point",
            Rows::Payments => "payment",
            Rows::Actions => "action",
        };
        format!("{prefix}-{n}")
    }

    /// The field a problem with the rows as a whole is shown against.
    pub fn add_button(self) -> &'static str {
        match self {
            Rows::Points => "add-points",
            Rows::Payments => "add-payments",
            Rows::Actions => "add-actions",
        }
    }
}

/// A posted row's values, in the order of [`Rows::fields`].
pub trait RowValues {
    fn values(&self) -> Vec<Option<&str>>;
}

impl RowValues for PointRow {
    fn values(&self) -> Vec<Option<&str>> {
        vec![
            self.point.as_deref(),
            self.finding.as_deref(),
            self.outcome.as_deref(),
        ]
    }
}

impl RowValues for PaymentRow {
    fn values(&self) -> Vec<Option<&str>> {
        vec![self.amount.as_deref(), self.for_what.as_deref()]
    }
}

impl RowValues for ActionRow {
    fn values(&self) -> Vec<Option<&str>> {
        vec![
            self.text.as_deref(),
            self.day.as_deref(),
            self.month.as_deref(),
            self.year.as_deref(),
            self.owner.as_deref(),
        ]
    }
}

/// Keeps every row as typed, under its posted names, for the form to come back with.
#[cfg(feature = "ssr")]
fn keep_rows(typed: &mut crate::refusal::Typed, rows: Rows, items: &[impl RowValues]) {
    for (i, row) in items.iter().enumerate() {
        for (field, value) in rows.fields().iter().zip(row.values()) {
            typed.push(rows.field(i, field), value);
        }
    }
}

/// Records a stage's written response: the complaint as defined, each point and what we
/// found, the outcome, the remedies (any number of payments and actions) and the learning.
/// Issues the Stage 1 response or the Stage 2 outcome letter.
///
/// `add` names a part of the form to give one more row instead of saving: without
/// JavaScript the "Add another" buttons post the form, which comes back with everything
/// typed and the new row; with it, the page adds the row itself.
#[server(endpoint = "respond_stage")]
pub async fn respond_stage(
    reference: String,
    version: i32,
    #[server(default)] on_day: Option<String>,
    #[server(default)] on_month: Option<String>,
    #[server(default)] on_year: Option<String>,
    #[server(default)] outcome: Option<String>,
    #[server(default)] definition: Option<String>,
    #[server(default)] points: Vec<PointRow>,
    #[server(default)] apology: Option<String>,
    #[server(default)] explanation: Option<String>,
    #[server(default)] record_amended: Option<String>,
    #[server(default)] decision_reconsidered: Option<String>,
    #[server(default)] payments: Vec<PaymentRow>,
    #[server(default)] actions: Vec<ActionRow>,
    #[server(default)] learning: Option<String>,
    #[server(default)] category: Option<String>,
    #[server(default)] add: Option<String>,
    #[server(default)] preview: Option<String>,
    #[server(default)] propose: Option<String>,
) -> Result<(), AppError> {
    let mut typed = crate::refusal::Typed::new(&[
        ("on_day", on_day.as_deref()),
        ("on_month", on_month.as_deref()),
        ("on_year", on_year.as_deref()),
        ("outcome", outcome.as_deref()),
        ("definition", definition.as_deref()),
        ("apology", apology.as_deref()),
        ("explanation", explanation.as_deref()),
        ("record_amended", record_amended.as_deref()),
        ("decision_reconsidered", decision_reconsidered.as_deref()),
        ("learning", learning.as_deref()),
        ("category", category.as_deref()),
    ]);
    keep_rows(&mut typed, Rows::Points, &points);
    keep_rows(&mut typed, Rows::Payments, &payments);
    keep_rows(&mut typed, Rows::Actions, &actions);
    let mut shown = [points.len(), payments.len(), actions.len()];
    let mut added = None;
    let result = match add.as_deref().map(Rows::parse) {
        Some(Some(rows)) => {
            // Nothing is saved: the form comes back with one more row of `rows`.
            let at = Rows::ALL
                .iter()
                .position(|r| *r == rows)
                .unwrap_or_default();
            shown[at] = (shown[at] + 1).min(rows.most());
            added = Some(rows.first_field(shown[at]));
            Err(AppError::validation("add", "One more row"))
        }
        Some(None) => Err(AppError::validation("add", "Choose what to add")),
        None => {
            let response = ssr::ResponseFields {
                on: (on_day, on_month, on_year),
                outcome,
                definition,
                points,
                apology: apology.is_some(),
                explanation: explanation.is_some(),
                record_amended: record_amended.is_some(),
                decision_reconsidered: decision_reconsidered.is_some(),
                payments,
                actions,
                learning,
                category,
            };
            if preview.is_some() {
                let written = propose.is_some();
                ssr::preview_response(&reference, Some(version), response, written)
                    .await
                    .map(|_| {
                        typed.push("preview".to_owned(), Some("yes"));
                    })
            } else {
                ssr::respond(&reference, version, response, propose.is_some()).await
            }
        }
    };
    for (rows, n) in Rows::ALL.into_iter().zip(shown) {
        typed.push(rows.shown_param().to_owned(), Some(&n.to_string()));
    }
    let page = format!(
        "/{}",
        if propose.is_some() {
            StepCode::ProposeOutcome
        } else {
            StepCode::Respond
        }
        .as_str()
    );
    if preview.is_some() && result.is_ok() {
        // Nothing is saved: the form comes back as typed, with the letter below it.
        if reference.parse::<domain::CaseReference>().is_ok() {
            typed.go_to(
                &format!("/staff/cases/{reference}{page}"),
                "customer-preview",
            );
        }
        return Ok(());
    }
    if matches!(&result, Err(AppError::Validation { field, .. }) if field == "add") {
        // Adding a row is not a refusal: back to the form, as typed, with no error shown.
        if reference.parse::<domain::CaseReference>().is_ok() {
            typed.back_at(
                &format!("/staff/cases/{reference}{page}"),
                added.as_deref().unwrap_or_default(),
            );
        }
        return Ok(());
    }
    typed.keep_on_refusal(
        "/staff/cases",
        &reference,
        &page,
        <RespondStage as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// What the customer would see of a step with these answers (the lines on their case page,
/// the letter), shown under its form after "Preview": `query` is the form's address as the
/// preview post left it, carrying the answers as typed. Nothing is saved; answers the step
/// would refuse are refused.
#[server(endpoint = "preview_step")]
pub async fn preview_step(
    reference: String,
    step: String,
    query: String,
) -> Result<Option<crate::letters::CustomerPreview>, AppError> {
    let code = StepCode::parse(&step).ok_or(AppError::NotFound)?;
    let answers = format!(
        "{}&reference=&version=0&step=",
        query.trim_start_matches('?')
    );
    let read = serde_qs::Config::new(5, false);
    if matches!(code, StepCode::Respond | StepCode::ProposeOutcome) {
        let args: RespondStage = read
            .deserialize_str(&answers)
            .map_err(|_| AppError::NotFound)?;
        let written = code == StepCode::ProposeOutcome;
        return ssr::preview_response(&reference, None, ssr::ResponseFields::from(args), written)
            .await;
    }
    let args: TakeStep = read
        .deserialize_str(&answers)
        .map_err(|_| AppError::NotFound)?;
    let fields = ssr::StepFields {
        on: (args.on_day, args.on_month, args.on_year),
        to: (args.to_day, args.to_month, args.to_year),
        text: args.text,
        reason: args.reason,
        code: args.code,
        person: args.person,
        approve: args.approve.is_some(),
        item: args.item,
    };
    ssr::take(&reference, None, code, fields, true).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{NOTE_MAX_CHARS, StepCode, parse};
    use crate::case_actions::run::{Acting, FieldOf, refusal};
    use crate::error::{AppError, CheckAll, check_each};
    use chrono::NaiveDate;
    use domain::Case;
    use domain::TimelineItem;
    use domain::TransitionError;
    use domain::access::Action;
    use domain::lifecycle::steps::{self, StepInput};
    use domain::lifecycle::{
        ComplaintChoice, CustomerAgreement, Outcome, PointFinding, RefusalReason, Remedy,
        StageResponse,
    };
    use domain::ombudsman::{Finding, FindingRecord, Order, OrderKind, TheirReference, TheirStage};
    use storage::accounts;

    type DateParts = (Option<String>, Option<String>, Option<String>);

    pub struct StepFields {
        pub on: DateParts,
        pub to: DateParts,
        pub text: Option<String>,
        pub reason: Option<String>,
        pub code: Option<String>,
        pub person: Option<String>,
        pub approve: bool,
        pub item: Option<String>,
    }

    pub struct ResponseFields {
        pub on: DateParts,
        pub outcome: Option<String>,
        pub definition: Option<String>,
        pub points: Vec<super::PointRow>,
        pub apology: bool,
        pub explanation: bool,
        pub record_amended: bool,
        pub decision_reconsidered: bool,
        pub payments: Vec<super::PaymentRow>,
        pub actions: Vec<super::ActionRow>,
        pub learning: Option<String>,
        /// The main root cause, from the learning categories.
        pub category: Option<String>,
    }

    impl From<super::RespondStage> for ResponseFields {
        fn from(args: super::RespondStage) -> Self {
            Self {
                on: (args.on_day, args.on_month, args.on_year),
                outcome: args.outcome,
                definition: args.definition,
                points: args.points,
                apology: args.apology.is_some(),
                explanation: args.explanation.is_some(),
                record_amended: args.record_amended.is_some(),
                decision_reconsidered: args.decision_reconsidered.is_some(),
                payments: args.payments,
                actions: args.actions,
                learning: args.learning,
                category: args.category,
            }
        }
    }

    /// Reads the case, checks the person is staff and may take `step` on it as it stands.
    async fn start(reference: &str, step: StepCode) -> Result<Acting, AppError> {
        let acting = Acting::start(reference, Action::ViewCaseRecord).await?;
        let action = step.action(&acting.stored.case);
        if let Err(denied) =
            domain::access::check(&acting.access.actor, &acting.access.relation, action)
        {
            tracing::info!(user = acting.access.account.id, reference, ?action, %denied, "step refused");
            return Err(AppError::Forbidden);
        }
        Ok(acting)
    }

    fn today(acting: &Acting) -> NaiveDate {
        domain::london::to_london(acting.now).date()
    }

    /// Today as the date boxes post it: the date of an outcome written for sign-off, whose
    /// form asks for none (it is sent, and dated, once signed off).
    fn today_parts(acting: &Acting) -> DateParts {
        use chrono::Datelike;
        let today = today(acting);
        (
            Some(today.day().to_string()),
            Some(today.month().to_string()),
            Some(today.year().to_string()),
        )
    }

    async fn account(
        acting: &Acting,
        field: &str,
        value: Option<String>,
    ) -> Result<accounts::Account, AppError> {
        let id = parse::number(field, value, "Choose someone from the list")?;
        accounts::find(&acting.state.db, id)
            .await?
            .ok_or_else(|| AppError::validation(field, "Choose someone from the list"))
    }

    fn actor_of(account: &accounts::Account) -> domain::Actor {
        domain::Actor::new(account.id.to_string(), account.role)
    }

    fn complaint(acting: &mut Acting) -> Result<&mut domain::Complaint, AppError> {
        match &mut acting.stored.case {
            Case::Complaint(c) => Ok(c),
            _ => Err(AppError::validation(
                "action",
                "This step is for complaints only",
            )),
        }
    }

    fn back(acting: &Acting) {
        leptos_axum::redirect(&format!("/staff/cases/{}", acting.stored.reference));
    }

    /// Takes the step, or with `preview` shows what the customer would get of it and saves
    /// nothing (only for a step the customer sees: the others may write as they go). A
    /// post names the `version` of the case it was read at; the page's own preview, read
    /// from its address, names none.
    pub async fn take(
        reference: &str,
        version: Option<i32>,
        step: StepCode,
        f: StepFields,
        preview: bool,
    ) -> Result<Option<crate::letters::CustomerPreview>, AppError> {
        if preview && !step.previewable() {
            return Err(AppError::validation(
                "action",
                "The customer sees nothing of this step: there is nothing to preview",
            ));
        }
        let mut acting = start(reference, step).await?;
        if step.changes_state()
            && let Some(version) = version
        {
            acting = acting.at_version(version)?;
        }
        let version = version.unwrap_or(acting.stored.version);
        // What an acknowledgement letter says we understood the complaint to be.
        let mut understood = None;
        let today = today(&acting);
        let on = || parse::required_date("on", f.on.clone(), today);
        let calendar = acting.state.calendar.current();
        let who = acting.who();
        let now = acting.now;
        // The step as the domain takes it, with the note its timeline entry carries and
        // which refusals belong next to which field.
        let (input, note, field_of): (StepInput, Option<String>, FieldOf) = match step {
            StepCode::Accept => {
                let (on, handler, discretion) = (
                    on(),
                    account(&acting, "person", f.person).await,
                    parse::optional_reason("reason", f.reason),
                )
                    .check_all()?;
                let details = acting.stored.details.clone();
                let c = complaint(&mut acting)?;
                let policy = c.policy();
                let eligibility = domain::eligibility::eligibility(
                    details.when_happened,
                    details.became_aware,
                    c.stage1().arrived,
                    policy.eligibility_months,
                );
                let input = StepInput::Accept {
                    handler: actor_of(&handler),
                    on,
                    eligibility,
                    discretion,
                };
                (input, None, |e| match e {
                    TransitionError::OutOfTimeWithoutDiscretion => Some("reason"),
                    TransitionError::HandlerNotManager => Some("person"),
                    _ => None,
                })
            }
            StepCode::NotAccept => {
                let (on, reason, explanation) = (
                    on(),
                    f.code
                        .as_deref()
                        .and_then(RefusalReason::parse)
                        .ok_or_else(|| {
                            AppError::validation("code", "Choose why it is not accepted")
                        }),
                    parse::reason("text", f.text),
                )
                    .check_all()?;
                let input = StepInput::NotAccept {
                    on,
                    reason,
                    explanation,
                };
                (input, None, |_| None)
            }
            StepCode::Contact => {
                let method = match f.code.as_deref() {
                    Some("call") => Ok("Phone call"),
                    Some("visit") => Ok("Visit"),
                    Some("email") => Ok("Email"),
                    Some("letter") => Ok("Letter"),
                    _ => Err(AppError::validation("code", "Choose how you were in touch")),
                };
                let (on, method, summary) = (
                    on(),
                    method,
                    parse::text(
                        "text",
                        f.text,
                        NOTE_MAX_CHARS,
                        "Write a short summary of what was said",
                    ),
                )
                    .check_all()?;
                let note = format!(
                    "{method} on {}: {summary}",
                    domain::deadlines::long_date(on)
                );
                (StepInput::Contact { on }, Some(note), |_| None)
            }
            StepCode::Acknowledge => {
                let (on, understanding) = (
                    on(),
                    parse::text(
                        "text",
                        f.text,
                        NOTE_MAX_CHARS,
                        "Write your understanding of the complaint",
                    ),
                )
                    .check_all()?;
                let sought = crate::case_actions::run::optional(f.reason);
                let mut note = format!("Our understanding: {understanding}");
                if let Some(s) = sought {
                    note.push_str(&format!("\nOutcomes sought: {s}"));
                }
                let input = StepInput::Acknowledge {
                    on,
                    definition: Some(understanding.clone()),
                };
                // The letter quotes the outcomes the customer asked for itself.
                understood = Some(understanding);
                (input, Some(note), |_| None)
            }
            StepCode::Note => {
                let text = parse::text("text", f.text, NOTE_MAX_CHARS, "Write the note")?;
                append(&acting, TimelineItem::Note { text }).await?;
                return done(&acting, reference, step);
            }
            StepCode::Extend => {
                let (to, reason) = (
                    parse::future_date("to", f.to.clone()).and_then(|to| {
                        to.ok_or_else(|| AppError::validation("to", "Enter the new date"))
                    }),
                    parse::reason("reason", f.reason),
                )
                    .check_all()?;
                let input = StepInput::Extend {
                    to,
                    reason,
                    approve: f.approve,
                };
                (input, None, |e| match e {
                    TransitionError::ExtensionNotLater { .. }
                    | TransitionError::ExtensionNeedsApproval { .. } => Some("to"),
                    TransitionError::ExtensionNeedsYourApproval { .. } => Some("approve"),
                    TransitionError::ApproverNotComplaintsManager => Some("approve"),
                    _ => None,
                })
            }
            StepCode::RecordReview => {
                let on = on()?;
                let c = complaint(&mut acting)?;
                let policy = c.policy();
                let receipt = if on == today {
                    domain::Receipt::new(now, policy.cut_off, &calendar)
                } else {
                    domain::Receipt::on_date(on, &calendar)
                };
                let note = crate::case_actions::run::optional(f.text);
                (StepInput::RecordReview { receipt }, note, |_| None)
            }
            StepCode::RefuseReview => {
                let (on, reason) = (on(), parse::reason("reason", f.reason)).check_all()?;
                (StepInput::RefuseReview { on, reason }, None, |_| None)
            }
            StepCode::ChangeHandler => {
                let (handler, reason) = (
                    account(&acting, "person", f.person).await,
                    parse::reason("reason", f.reason),
                )
                    .check_all()?;
                let input = StepInput::ChangeHandler {
                    handler: actor_of(&handler),
                    reason,
                };
                (input, None, |_| Some("person"))
            }
            StepCode::AssignReviewer => {
                let reviewer = account(&acting, "person", f.person).await?;
                let input = StepInput::AssignReviewer {
                    reviewer: actor_of(&reviewer),
                };
                (input, None, |_| Some("person"))
            }
            StepCode::Invite => {
                let member = account(&acting, "person", f.person).await?;
                // The procedure's own refusals come first (the resident declined, someone
                // is already invited), on a copy: nothing is saved until both checks pass.
                let me = acting.access.actor.clone();
                let relation = acting.access.relation;
                let input = StepInput::Invite {
                    member: actor_of(&member),
                };
                steps::take(
                    &mut acting.stored.case.clone(),
                    &me,
                    &relation,
                    input.clone(),
                    today,
                    &calendar,
                )
                .map_err(|e| refusal(e, |_| Some("person")))?;
                // Nothing goes to the panel before a person checked and approved it.
                if let Err(why) =
                    crate::redaction::ssr::invitable(&acting.state, &acting.stored).await?
                {
                    return Err(AppError::validation("person", why));
                }
                // One invitation per member and case: someone who declined this review (or
                // whose invitation was withdrawn) is not asked again.
                if storage::panel::invitation(&acting.state.db, acting.access.id, member.id)
                    .await?
                    .is_some()
                {
                    return Err(AppError::validation(
                        "person",
                        format!(
                            "{} has already been asked to look at this review: choose someone else",
                            member.display_name
                        ),
                    ));
                }
                acting
                    .take(version, input, None, None, |_| Some("person"))
                    .await?;
                // The member is told by e-mail, with the day their view is needed by.
                let needed_by = domain::involvement::view_needed_by(
                    &calendar,
                    today,
                    acting
                        .stored
                        .case
                        .response_deadline(&calendar)
                        .map(|d| d.due),
                );
                let tell = storage::outbox::NewMessage {
                    dedupe_key: format!("panel-invitation:{}:{}", acting.access.id.0, member.id),
                    case_id: Some(acting.access.id),
                    to_user_id: Some(member.id),
                    to_email: Some(member.email.clone()),
                    to_name: Some(member.display_name.clone()),
                    subject: format!("Your view is needed on review {reference}"),
                    body: format!(
                        "Dear {},\n\nWe have asked you to give an independent view on the review of complaint {reference}. Please accept or decline the invitation, and if you accept, read the file and give your view by {}.\n\nSign in and open Your reviews: {}/panel\n\nThe file you will see has the customer's personal details taken out. Please keep what you read private.\n",
                        member.display_name,
                        domain::deadlines::long_date(needed_by),
                        acting.state.public_base,
                    ),
                };
                storage::invitations::invite(
                    &acting.state.db,
                    acting.access.id,
                    member.id,
                    Some(acting.access.account.id),
                    Some(&tell),
                    acting.now,
                )
                .await?;
                return done(&acting, reference, step);
            }
            StepCode::SignOff => (StepInput::SignOff { on: on()? }, None, |_| None),
            StepCode::Close => (StepInput::Close { on: on()? }, None, |_| None),
            StepCode::EscalateEarly | StepCode::ConcludeEarly => {
                let (on, reason) = (on(), parse::reason("reason", f.reason)).check_all()?;
                let agreement = CustomerAgreement {
                    agreed_on: on,
                    reason,
                };
                let input = if step == StepCode::EscalateEarly {
                    let c = complaint(&mut acting)?;
                    let policy = c.policy();
                    let receipt = domain::Receipt::new(now, policy.cut_off, &calendar);
                    StepInput::EscalateEarly { agreement, receipt }
                } else {
                    StepInput::ConcludeEarly { on, agreement }
                };
                (input, None, |_| None)
            }
            StepCode::RemedyDone | StepCode::RemedyNotDelivered => {
                let index = parse::number("item", f.item, "Choose the remedy").and_then(|i| {
                    usize::try_from(i)
                        .map_err(|_| AppError::validation("item", "Choose the remedy"))
                });
                let input = if step == StepCode::RemedyDone {
                    let (index, on) = (index, on()).check_all()?;
                    StepInput::RemedyDone { index, on }
                } else {
                    let (index, on, reason) =
                        (index, on(), parse::reason("reason", f.reason)).check_all()?;
                    StepInput::RemedyNotDelivered { index, on, reason }
                };
                (input, None, |_| Some("item"))
            }
            StepCode::ConfirmRepresentative => {
                let id = parse::number("item", f.item, "Choose the person to confirm")?;
                let named = storage::representatives::for_case(&acting.state.db, acting.access.id)
                    .await?
                    .into_iter()
                    .any(|r| r.id == id);
                if !named {
                    return Err(AppError::validation("item", "Choose the person to confirm"));
                }
                storage::representatives::confirm(&acting.state.db, id, &who, acting.now).await?;
                return done(&acting, reference, step);
            }
            StepCode::Withdraw => {
                let on = on()?;
                let note = crate::case_actions::run::optional(f.text);
                (StepInput::Withdraw { on }, note, |_| None)
            }
            StepCode::ReferOmbudsman => {
                let (on, reference) = (
                    on(),
                    TheirReference::parse(f.text.as_deref().unwrap_or_default())
                        .map_err(|e| AppError::validation("text", e)),
                )
                    .check_all()?;
                (
                    StepInput::ReferOmbudsman { on, reference },
                    None,
                    |e| match e {
                        TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                        _ => None,
                    },
                )
            }
            StepCode::OmbudsmanStage => {
                let stage = f
                    .item
                    .as_deref()
                    .and_then(TheirStage::parse)
                    .ok_or_else(|| AppError::validation("item", "Choose the stage they reached"));
                let (on, stage) = (on(), stage).check_all()?;
                (StepInput::OmbudsmanStage { on, stage }, None, |e| match e {
                    TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                    TransitionError::OmbudsmanStageNotNext { .. } => Some("item"),
                    _ => None,
                })
            }
            StepCode::OmbudsmanDecided | StepCode::OmbudsmanFinding => {
                let finding =
                    f.code.as_deref().and_then(Finding::parse).ok_or_else(|| {
                        AppError::validation("code", "Choose what the Ombudsman found")
                    });
                let about =
                    domain::ombudsman::optional_text(f.reason.as_deref().unwrap_or_default())
                        .map_err(|e| AppError::validation("reason", e));
                if step == StepCode::OmbudsmanFinding {
                    let (finding, about) = (finding, about).check_all()?;
                    let finding = FindingRecord { finding, about };
                    (StepInput::OmbudsmanFinding { finding }, None, |_| None)
                } else {
                    let note =
                        domain::ombudsman::optional_text(f.text.as_deref().unwrap_or_default())
                            .map_err(|e| AppError::validation("text", e));
                    let (on, finding, about, note) = (on(), finding, about, note).check_all()?;
                    let finding = FindingRecord { finding, about };
                    (
                        StepInput::OmbudsmanDecided { on, finding },
                        note,
                        |e| match e {
                            TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                            _ => None,
                        },
                    )
                }
            }
            StepCode::OmbudsmanOrder => {
                let kind = f.code.as_deref().and_then(OrderKind::parse).ok_or_else(|| {
                    AppError::validation("code", "Choose an order or a recommendation")
                });
                let what = domain::ombudsman::order_wording(f.text.as_deref().unwrap_or_default())
                    .map_err(|e| AppError::validation("text", e));
                let due = parse::future_date("to", f.to.clone()).and_then(|d| {
                    d.ok_or_else(|| AppError::validation("to", "Enter the date it is due by"))
                });
                let (kind, what, due, owner) =
                    (kind, what, due, account(&acting, "person", f.person).await).check_all()?;
                if !domain::ombudsman::OWNER_ROLES.contains(&owner.role) {
                    return Err(AppError::validation(
                        "person",
                        "Choose someone from the list",
                    ));
                }
                let order = Order {
                    kind,
                    what,
                    due,
                    owner: domain::UserId::new(owner.id.to_string()),
                    complied: None,
                };
                (StepInput::OmbudsmanOrder { order }, None, |e| match e {
                    TransitionError::OmbudsmanDateTooEarly { .. } => Some("to"),
                    _ => None,
                })
            }
            StepCode::OrderComplied => {
                let key = f
                    .item
                    .as_deref()
                    .and_then(domain::ombudsman::parse_order_key)
                    .ok_or_else(|| AppError::validation("item", "Choose the order"));
                let evidence = domain::ombudsman::evidence(f.text.as_deref().unwrap_or_default())
                    .map_err(|e| AppError::validation("text", e));
                let (on, (referral, index), evidence) = (on(), key, evidence).check_all()?;
                let input = StepInput::OrderComplied {
                    referral,
                    index,
                    on,
                    evidence,
                };
                (input, None, |e| match e {
                    TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                    TransitionError::NoSuchOrder | TransitionError::OrderAlreadyComplied => {
                        Some("item")
                    }
                    _ => None,
                })
            }
            StepCode::Resolve => {
                let (on, agreed, by) = (
                    on(),
                    parse::text("text", f.text, NOTE_MAX_CHARS, "Write what was agreed"),
                    parse::future_date("to", f.to.clone()),
                )
                    .check_all()?;
                let note = match by {
                    Some(by) => {
                        format!("Agreed: {agreed} (by {})", domain::deadlines::long_date(by))
                    }
                    None => format!("Agreed: {agreed}"),
                };
                (StepInput::Resolve { on }, Some(note), |_| None)
            }
            StepCode::Dissatisfied => {
                let choice = match f.code.as_deref() {
                    Some("complain") => Ok(ComplaintChoice::MakeComplaint),
                    Some("no_complaint") => Ok(ComplaintChoice::NoComplaint),
                    _ => Err(AppError::validation(
                        "code",
                        "Choose what the customer decided",
                    )),
                };
                let about = match choice {
                    Ok(ComplaintChoice::MakeComplaint) => parse::text(
                        "text",
                        f.text,
                        domain::Description::MAX_CHARS,
                        "Write what the customer is unhappy about: it opens the complaint",
                    )
                    .map(Some),
                    _ => Ok(crate::case_actions::run::optional(f.text)),
                };
                let (on, choice, about) = (on(), choice, about).check_all()?;
                let input = StepInput::Dissatisfied { on, choice };
                if preview {
                    return acting.preview(input, about, None, |_| None).await.map(Some);
                }
                acting
                    .take(version, input, about.clone(), None, |_| None)
                    .await?;
                if choice == ComplaintChoice::MakeComplaint {
                    let opened = open_linked_complaint(&acting, about.unwrap_or_default()).await?;
                    tracing::info!(
                        user = acting.access.account.id,
                        reference,
                        step = step.as_str(),
                        "step recorded"
                    );
                    leptos_axum::redirect(&format!("/staff/cases/{opened}"));
                    return Ok(None);
                }
                return done(&acting, reference, step);
            }
            // Today: the domain allows it for five working days after the withdrawal.
            StepCode::UndoWithdrawal => (
                StepInput::UndoWithdrawal,
                crate::case_actions::run::optional(f.text),
                |_| None,
            ),
            StepCode::PassOn => {
                let on = on()?;
                let note = crate::case_actions::run::optional(f.text);
                (StepInput::PassOn { on }, note, |_| None)
            }
            StepCode::RevokeTracking => {
                storage::cases::revoke_tracking(
                    &acting.state.db,
                    acting.access.id,
                    &who,
                    acting.now,
                )
                .await?;
                return done(&acting, reference, step);
            }
            // At Stage 2, the outcome the head of service signed off, on the day given.
            StepCode::Respond => {
                let proposed = acting
                    .stored
                    .case
                    .as_complaint()
                    .filter(|c| c.current_stage() == Some(domain::policy::Stage::Two))
                    .and_then(|c| c.stage2())
                    .and_then(|r| r.proposed.clone());
                let Some(response) = proposed else {
                    return Err(AppError::validation(
                        "action",
                        "Write the response on its own form",
                    ));
                };
                (
                    StepInput::Respond {
                        on: on()?,
                        response,
                    },
                    None,
                    |_| None,
                )
            }
            StepCode::ProposeOutcome => {
                return Err(AppError::validation(
                    "action",
                    "Write the outcome on its own form",
                ));
            }
        };
        if preview {
            return acting
                .preview(input, note, understood, field_of)
                .await
                .map(Some);
        }
        let is_contact = matches!(input, StepInput::Contact { .. });
        let event = acting
            .take(version, input, note.clone(), understood, field_of)
            .await?;
        if event.is_none() && is_contact {
            // A contact on a service request is a record on its timeline only.
            if let Some(text) = note {
                append(&acting, TimelineItem::Note { text }).await?;
            }
        }
        done(&acting, reference, step)
    }

    /// Logs the step and goes back to the case.
    fn done(
        acting: &Acting,
        reference: &str,
        step: StepCode,
    ) -> Result<Option<crate::letters::CustomerPreview>, AppError> {
        tracing::info!(
            user = acting.access.account.id,
            reference,
            step = step.as_str(),
            "step recorded"
        );
        back(acting);
        Ok(None)
    }

    async fn append(acting: &Acting, item: TimelineItem) -> Result<(), AppError> {
        storage::cases::append(
            &acting.state.db,
            acting.access.id,
            &acting.who(),
            &item,
            acting.now,
        )
        .await?;
        Ok(())
    }

    /// A complaint opened from a service request: same customer, linked to it.
    async fn open_linked_complaint(acting: &Acting, about: String) -> Result<String, AppError> {
        use storage::cases::{CaseDetails, CustomerChoice, NewCase, Opening};
        let what_happened =
            domain::Description::parse(&about).map_err(|e| AppError::validation("text", e))?;
        let details = CaseDetails::describing(what_happened);
        let new = NewCase {
            channel: domain::Channel::Staff,
            received_at: acting.now,
            customer: acting
                .stored
                .customer
                .as_ref()
                .map(|c| CustomerChoice::Existing(c.id)),
            case: NewCase::initial_state(
                Opening::Complaint,
                acting.now,
                &details,
                &acting.state.calendar.current(),
            ),
            details,
            recorded_by: acting.who(),
            linked_case: Some(acting.access.id),
            legacy_reference: None,
        };
        let created =
            storage::cases::create(&acting.state.db, new, &acting.state.calendar.current()).await?;
        Ok(created.reference.to_string())
    }

    fn point_outcome(field: &str, value: Option<&str>) -> Result<Outcome, AppError> {
        match value {
            Some("upheld") => Ok(Outcome::Upheld),
            Some("partly_upheld") => Ok(Outcome::PartlyUpheld),
            Some("not_upheld") => Ok(Outcome::NotUpheld),
            _ => Err(AppError::validation(
                field,
                "Choose upheld, partly upheld or not upheld",
            )),
        }
    }

    /// Refuses a post with more rows than [`super::Rows::most`] before reading any of them.
    fn not_too_many(rows: super::Rows, posted: usize) -> Result<(), AppError> {
        if posted > rows.most() {
            return Err(AppError::validation(
                rows.add_button(),
                format!(
                    "A response can have at most {} of these: put the rest together",
                    rows.most()
                ),
            ));
        }
        Ok(())
    }

    /// Where the form shows a response the domain refused.
    fn response_field(e: domain::lifecycle::ResponseError) -> &'static str {
        use domain::lifecycle::ResponseError;
        match e {
            ResponseError::NoPoints => "point-1",
            ResponseError::EmptyFinding => "finding-1",
            ResponseError::UpheldWithoutRemedy => "apology",
            ResponseError::NoDefinition => "definition",
        }
    }

    /// Sends a stage's response, or with `propose` writes the Stage 2 outcome for the head
    /// of service to sign off (its date is the day it is sent).
    pub async fn respond(
        reference: &str,
        version: i32,
        mut f: ResponseFields,
        propose: bool,
    ) -> Result<(), AppError> {
        let step = if propose {
            StepCode::ProposeOutcome
        } else {
            StepCode::Respond
        };
        let mut acting = start(reference, step).await?.at_version(version)?;
        if propose {
            f.on = today_parts(&acting);
        }
        let (input, category) = response_input(&acting, f).await?;
        let input = match input {
            StepInput::Respond { response, .. } if propose => {
                StepInput::ProposeOutcome { response }
            }
            input => input,
        };
        acting.take(version, input, None, None, |_| None).await?;
        if let Some(category) = category {
            storage::learning::record(&acting.state.db, acting.access.id, category).await?;
        }
        tracing::info!(
            user = acting.access.account.id,
            reference,
            "response recorded"
        );
        back(&acting);
        Ok(())
    }

    /// What the customer would see of [`respond`] with these answers (the letter above
    /// all), with nothing saved; refused exactly as [`respond`] would refuse them.
    /// With `written`, the Stage 2 outcome being written for sign-off: the final letter
    /// it would become once signed off and sent.
    pub async fn preview_response(
        reference: &str,
        version: Option<i32>,
        f: ResponseFields,
        written: bool,
    ) -> Result<Option<crate::letters::CustomerPreview>, AppError> {
        let step = if written {
            StepCode::ProposeOutcome
        } else {
            StepCode::Respond
        };
        let mut acting = start(reference, step).await?;
        if let Some(version) = version {
            acting = acting.at_version(version)?;
        }
        let mut f = f;
        if written {
            f.on = today_parts(&acting);
        }
        let (input, _) = response_input(&acting, f).await?;
        match input {
            StepInput::Respond { response, .. } if written => {
                let stored = acting.stored.clone();
                crate::case_actions::run::outcome_to_agree(&acting.state, &stored, Some(response))
                    .await
            }
            input => acting.preview(input, None, None, |_| None).await.map(Some),
        }
    }

    /// The response as the domain takes it, and the root cause chosen; every problem with
    /// the answers at once.
    async fn response_input(
        acting: &Acting,
        f: ResponseFields,
    ) -> Result<(StepInput, Option<i32>), AppError> {
        use super::Rows;
        not_too_many(Rows::Points, f.points.len())?;
        not_too_many(Rows::Payments, f.payments.len())?;
        not_too_many(Rows::Actions, f.actions.len())?;
        let today = today(acting);
        let head = (
            parse::required_date("on", f.on, today),
            parse::text(
                "definition",
                f.definition,
                NOTE_MAX_CHARS,
                "Write the complaint as we defined it",
            ),
            point_outcome("outcome", f.outcome.as_deref()),
        )
            .check_all();
        let points = check_each(f.points.into_iter().enumerate().map(|(i, row)| {
            let n = i + 1;
            let point = crate::case_actions::run::optional(row.point);
            let finding = crate::case_actions::run::optional(row.finding);
            match (point, finding) {
                (None, None) => Ok(None),
                (Some(_), None) => Err(AppError::validation(
                    &format!("finding-{n}"),
                    "Write what you found on this point",
                )),
                (None, Some(_)) => Err(AppError::validation(
                    &format!("point-{n}"),
                    "Write the point the customer raised",
                )),
                (Some(point), Some(finding)) => {
                    point_outcome(&format!("point-outcome-{n}"), row.outcome.as_deref()).map(
                        |outcome| {
                            Some(PointFinding {
                                point,
                                finding,
                                outcome,
                            })
                        },
                    )
                }
            }
        }));
        let payments = check_each(f.payments.into_iter().enumerate().map(|(i, row)| {
            let n = i + 1;
            let for_what = crate::case_actions::run::optional(row.for_what);
            match crate::case_actions::run::optional(row.amount) {
                Some(amount) => domain::Money::parse(&amount)
                    .map(|amount| Some(Remedy::Compensation { amount, for_what }))
                    .map_err(|e| AppError::validation(&format!("payment-{n}"), e)),
                None if for_what.is_some() => Err(AppError::validation(
                    &format!("payment-{n}"),
                    "Enter the amount of this payment",
                )),
                None => Ok(None),
            }
        }));
        let mut actions = Vec::new();
        for (i, row) in f.actions.into_iter().enumerate() {
            let n = i + 1;
            let description = crate::case_actions::run::optional(row.text);
            let due_typed = [&row.day, &row.month, &row.year]
                .iter()
                .any(|p| p.as_deref().is_some_and(|p| !p.trim().is_empty()));
            let owner_chosen = row.owner.as_deref().is_some_and(|o| !o.is_empty());
            let Some(description) = description else {
                if due_typed || owner_chosen {
                    actions.push(Err(AppError::validation(
                        &format!("action-{n}"),
                        "Write the action we will take",
                    )));
                }
                continue;
            };
            let due_field = format!("action-due-{n}");
            let due =
                parse::future_date(&due_field, (row.day, row.month, row.year)).and_then(|due| {
                    due.ok_or_else(|| {
                        AppError::validation(&due_field, "Enter the date the action is due")
                    })
                });
            let owner = account(acting, &format!("action-owner-{n}"), row.owner).await;
            actions.push((due, owner).check_all().map(|(due, owner)| Remedy::Action {
                description,
                due,
                owner: domain::UserId::new(owner.id.to_string()),
            }));
        }
        let category = match crate::case_actions::run::optional(f.category) {
            Some(value) => value
                .parse::<i32>()
                .map(Some)
                .map_err(|_| AppError::validation("category", "Choose a root cause from the list")),
            None => Ok(None),
        };
        let ((on, definition, outcome), points, payments, actions, category) =
            (head, points, payments, check_each(actions), category).check_all()?;
        let points: Vec<PointFinding> = points.into_iter().flatten().collect();
        let mut remedies = Vec::new();
        if f.apology {
            remedies.push(Remedy::Apology);
        }
        if f.explanation {
            remedies.push(Remedy::Explanation);
        }
        if f.record_amended {
            remedies.push(Remedy::RecordAmended);
        }
        if f.decision_reconsidered {
            remedies.push(Remedy::DecisionReconsidered);
        }
        remedies.extend(payments.into_iter().flatten());
        remedies.extend(actions);
        let learning = crate::case_actions::run::optional(f.learning);
        let response = StageResponse::new(outcome, points, remedies, learning)
            .and_then(|r| r.defining(&definition))
            .map_err(|e| AppError::validation(response_field(e), e))?;
        if let Some(category) = category {
            // Checked before anything is saved, so a bad choice writes nothing.
            let known = storage::learning::active(&acting.state.db)
                .await?
                .iter()
                .any(|c| c.id == category);
            if !known {
                return Err(AppError::validation(
                    "category",
                    "Choose a root cause from the list",
                ));
            }
        }
        Ok((StepInput::Respond { on, response }, category))
    }
}
