//! The procedure's steps, as staff record them on the case page: one server function for
//! the short steps ([`take_step`]), which reads its form ([`StepForm`]) and hands it to the
//! use case `service::steps::take` (the one the integration API calls too), and one for a
//! stage's written response ([`respond_stage`]).
//!
//! Each names the version of the case the form was read at (a case saved by someone else
//! since is refused with [`AppError::Stale`] and nothing is written); a refusal is shown
//! next to its field, in the domain's words, with everything typed kept; a step taken goes
//! back to the case page. The rules we chose where SPEC is silent are the service's.

#[cfg(feature = "ssr")]
use super::StepCode;
use crate::error::AppError;
use leptos::prelude::*;

/// A letter as the staff case page links to it.
#[cfg(feature = "ssr")]
pub(crate) fn letter_link(l: storage::letters::LetterSummary) -> super::LetterLink {
    super::LetterLink {
        id: l.id,
        subject: l.subject,
        issued: super::read::when(l.created_at),
        large_print: l.large_print,
    }
}

/// The answers of a short step's form, as it posts them: each step reads those it asks
/// for (see `service::steps::StepFields`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct StepForm {
    pub on_day: Option<String>,
    pub on_month: Option<String>,
    pub on_year: Option<String>,
    pub to_day: Option<String>,
    pub to_month: Option<String>,
    pub to_year: Option<String>,
    pub text: Option<String>,
    pub reason: Option<String>,
    pub code: Option<String>,
    pub person: Option<String>,
    /// Posted when the box is ticked.
    pub approve: Option<String>,
    pub item: Option<String>,
    /// Posted by the "Preview" button: show what the customer would get, save nothing.
    pub preview: Option<String>,
}

#[cfg(feature = "ssr")]
impl StepForm {
    /// What was typed, to give back to a plain form post that was refused.
    fn typed(&self) -> crate::refusal::Typed {
        crate::refusal::Typed::new(&[
            ("on_day", self.on_day.as_deref()),
            ("on_month", self.on_month.as_deref()),
            ("on_year", self.on_year.as_deref()),
            ("to_day", self.to_day.as_deref()),
            ("to_month", self.to_month.as_deref()),
            ("to_year", self.to_year.as_deref()),
            ("text", self.text.as_deref()),
            ("reason", self.reason.as_deref()),
            ("code", self.code.as_deref()),
            ("person", self.person.as_deref()),
            ("approve", self.approve.as_deref()),
            ("item", self.item.as_deref()),
        ])
    }

    /// The answers as the service reads them.
    fn fields(self) -> service::steps::StepFields {
        service::steps::StepFields {
            on: (self.on_day, self.on_month, self.on_year),
            to: (self.to_day, self.to_month, self.to_year),
            text: self.text,
            reason: self.reason,
            code: self.code,
            person: self.person,
            approve: self.approve.is_some(),
            item: self.item,
        }
    }
}

/// Records one of the procedure's short steps (everything but a written response).
#[server(endpoint = "take_step")]
pub async fn take_step(
    reference: String,
    version: i32,
    step: String,
    #[server(flatten)] form: StepForm,
) -> Result<(), AppError> {
    let code_of_step = StepCode::parse(&step).ok_or(AppError::NotFound)?;
    let mut typed = form.typed();
    let previewing = form.preview.is_some();
    let result = ssr::take(
        &reference,
        Some(version),
        code_of_step,
        form.fields(),
        previewing,
    )
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
#[serde(default)]
pub struct PointRow {
    pub point: Option<String>,
    pub finding: Option<String>,
    pub outcome: Option<String>,
}

/// One payment, or one part of the compensation (`payments[0][amount]`…).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PaymentRow {
    pub amount: Option<String>,
    pub for_what: Option<String>,
}

/// One action we will take, with its due date and owner (`actions[0][text]`…).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ActionRow {
    pub text: Option<String>,
    pub day: Option<String>,
    pub month: Option<String>,
    pub year: Option<String>,
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
            Rows::Points => domain::lifecycle::StageResponse::MOST_POINTS,
            Rows::Payments | Rows::Actions => domain::lifecycle::StageResponse::MOST_REMEDY_ROWS,
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

/// The answers of a stage's written response, as its form posts them, but for its
/// repeating rows (the points, payments and actions), which come as lists of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ResponseForm {
    pub on_day: Option<String>,
    pub on_month: Option<String>,
    pub on_year: Option<String>,
    pub outcome: Option<String>,
    pub definition: Option<String>,
    pub apology: Option<String>,
    pub explanation: Option<String>,
    pub record_amended: Option<String>,
    pub decision_reconsidered: Option<String>,
    pub learning: Option<String>,
    pub category: Option<String>,
    /// "Add another" of one of the repeating parts: [`Rows::name`].
    pub add: Option<String>,
    pub preview: Option<String>,
    /// Written at Stage 2 for the head of service to sign off.
    pub propose: Option<String>,
}

/// Sends a stage's written response (or writes the Stage 2 outcome for sign-off).
#[server(endpoint = "respond_stage")]
pub async fn respond_stage(
    reference: String,
    version: i32,
    #[server(flatten)] form: ResponseForm,
    #[server(default)] points: Vec<PointRow>,
    #[server(default)] payments: Vec<PaymentRow>,
    #[server(default)] actions: Vec<ActionRow>,
) -> Result<(), AppError> {
    let mut typed = crate::refusal::Typed::new(&[
        ("on_day", form.on_day.as_deref()),
        ("on_month", form.on_month.as_deref()),
        ("on_year", form.on_year.as_deref()),
        ("outcome", form.outcome.as_deref()),
        ("definition", form.definition.as_deref()),
        ("apology", form.apology.as_deref()),
        ("explanation", form.explanation.as_deref()),
        ("record_amended", form.record_amended.as_deref()),
        (
            "decision_reconsidered",
            form.decision_reconsidered.as_deref(),
        ),
        ("learning", form.learning.as_deref()),
        ("category", form.category.as_deref()),
    ]);
    let (add, preview, propose) = (
        form.add.clone(),
        form.preview.is_some(),
        form.propose.is_some(),
    );
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
            let response = ssr::response_fields(form, points, payments, actions);
            if preview {
                ssr::preview_response(&reference, Some(version), response, propose)
                    .await
                    .map(|_| {
                        typed.push("preview".to_owned(), Some("yes"));
                    })
            } else {
                ssr::respond(&reference, version, response, propose).await
            }
        }
    };
    for (rows, n) in Rows::ALL.into_iter().zip(shown) {
        typed.push(rows.shown_param().to_owned(), Some(&n.to_string()));
    }
    let page = format!(
        "/{}",
        if propose {
            StepCode::ProposeOutcome
        } else {
            StepCode::Respond
        }
        .as_str()
    );
    if preview && result.is_ok() {
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
        let fields = ssr::response_fields(args.form, args.points, args.payments, args.actions);
        return ssr::preview_response(&reference, None, fields, written).await;
    }
    let args: TakeStep = read
        .deserialize_str(&answers)
        .map_err(|_| AppError::NotFound)?;
    ssr::take(&reference, None, code, args.form.fields(), true).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::StepCode;
    use crate::case_actions::run::Acting;
    use crate::error::AppError;
    use domain::access::Action;
    use domain::lifecycle::steps::StepInput;
    use service::respond::{ActionAnswer, PaymentAnswer, PointAnswer, ResponseFields};

    /// A response's answers as the service reads them, from the form's post.
    pub fn response_fields(
        f: super::ResponseForm,
        points: Vec<super::PointRow>,
        payments: Vec<super::PaymentRow>,
        actions: Vec<super::ActionRow>,
    ) -> ResponseFields {
        ResponseFields {
            on: (f.on_day, f.on_month, f.on_year),
            outcome: f.outcome,
            definition: f.definition,
            points: points
                .into_iter()
                .map(|r| PointAnswer {
                    point: r.point,
                    finding: r.finding,
                    outcome: r.outcome,
                })
                .collect(),
            apology: f.apology.is_some(),
            explanation: f.explanation.is_some(),
            record_amended: f.record_amended.is_some(),
            decision_reconsidered: f.decision_reconsidered.is_some(),
            payments: payments
                .into_iter()
                .map(|r| PaymentAnswer {
                    amount: r.amount,
                    for_what: r.for_what,
                })
                .collect(),
            actions: actions
                .into_iter()
                .map(|r| ActionAnswer {
                    text: r.text,
                    due: (r.day, r.month, r.year),
                    owner: r.owner,
                })
                .collect(),
            learning: f.learning,
            category: f.category,
        }
    }

    fn back(acting: &Acting) {
        leptos_axum::redirect(&format!("/staff/cases/{}", acting.stored.reference));
    }

    /// Takes the step through the service, or with `preview` shows what the customer would
    /// get of it and saves nothing. A post names the `version` of the case it was read at;
    /// the page's own preview, read from its address, names none.
    pub async fn take(
        reference: &str,
        version: Option<i32>,
        step: StepCode,
        f: service::steps::StepFields,
        preview: bool,
    ) -> Result<Option<crate::letters::CustomerPreview>, AppError> {
        use service::steps::Taken;
        let acting = Acting::start(reference, Action::ViewCaseRecord).await?;
        let calendar = acting.state.calendar.current();
        let ctx = acting.state.context(&calendar, acting.now);
        let caller = service::Caller::person(&acting.access.account);
        let file = service::redaction::PanelFile;
        let case = acting.on_case();
        match service::steps::take(ctx, &caller, case, version, step, f, preview, &file).await? {
            Taken::Recorded => {
                tracing::info!(
                    user = acting.access.account.id,
                    reference,
                    step = step.as_str(),
                    "step recorded"
                );
                back(&acting);
                Ok(None)
            }
            Taken::Opened(opened) => {
                tracing::info!(user = acting.access.account.id, reference, %opened, "complaint opened from a service request");
                leptos_axum::redirect(&format!("/staff/cases/{opened}"));
                Ok(None)
            }
            Taken::Preview(previewed) => crate::case_actions::run::customer_preview(
                &acting.state,
                previewed,
                &acting.access.account.display_name,
                acting.now,
            )
            .await
            .map(Some),
        }
    }

    /// Sends a stage's response through the service, or with `propose` writes the Stage 2
    /// outcome for the head of service to sign off.
    pub async fn respond(
        reference: &str,
        version: i32,
        f: ResponseFields,
        propose: bool,
    ) -> Result<(), AppError> {
        let acting = Acting::start(reference, Action::ViewCaseRecord).await?;
        let calendar = acting.state.calendar.current();
        let ctx = acting.state.context(&calendar, acting.now);
        let caller = service::Caller::person(&acting.access.account);
        service::respond::respond(ctx, &caller, acting.on_case(), version, f, propose).await?;
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
        let acting = Acting::start(reference, Action::ViewCaseRecord).await?;
        let calendar = acting.state.calendar.current();
        let ctx = acting.state.context(&calendar, acting.now);
        let caller = service::Caller::person(&acting.access.account);
        service::respond::authorise(&caller, &acting.on_case(), version, written)?;
        let (on, response) = service::respond::written(ctx, f, written).await?;
        if written {
            let sees =
                service::steps::outcome_to_agree(ctx, &caller, &acting.on_case(), Some(response))
                    .await?;
            Ok(sees.map(|sees| crate::case_actions::run::shown(sees, acting.now)))
        } else {
            let input = StepInput::Respond { on, response };
            acting.preview(input, None, None, |_| None).await.map(Some)
        }
    }
}
