//! The staff side of one case: everything a complaints team needs on one screen (the
//! customer and their adjustments, the deadline in force and why, the record, the timeline)
//! and the procedure's next steps, each a short form of its own.
//!
//! Which steps a case offers to the signed-in person is the domain's step table
//! (`domain::lifecycle::steps::offered`); the server functions in [`steps`] take each step
//! through `domain::lifecycle::steps::take`, which asks the same permission and lets the
//! case's transition have the last word.

pub mod steps;

use crate::cases::TimelineLine;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use domain::access::Action;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A step of the procedure: the domain's step table decides which are offered to whom
/// (`domain::lifecycle::steps`); the pages only name them.
pub use domain::lifecycle::steps::Step as StepCode;

/// What a step's button and page say.
pub trait StepLabel {
    fn label(self) -> &'static str;
}

impl StepLabel for StepCode {
    fn label(self) -> &'static str {
        match self {
            StepCode::Accept => "Accept the complaint",
            StepCode::NotAccept => "Do not accept it",
            StepCode::ChangeHandler => "Change the handler",
            StepCode::Contact => "Record a contact",
            StepCode::Acknowledge => "Acknowledge",
            StepCode::Note => "Add a note",
            StepCode::Extend => "Extend the deadline",
            StepCode::Respond => "Write the response",
            StepCode::RecordReview => "Record a review request",
            StepCode::RefuseReview => "Refuse the review request",
            StepCode::AssignReviewer => "Assign the reviewer",
            StepCode::Invite => "Invite an involved customer",
            StepCode::ProposeOutcome => "Write the outcome for sign-off",
            StepCode::SignOff => "Sign off the review",
            StepCode::Close => "Close: no review asked for yet",
            StepCode::EscalateEarly => "Escalate to Stage 2 by agreement",
            StepCode::ConcludeEarly => "End early by agreement",
            StepCode::RemedyDone => "Mark a remedy done",
            StepCode::RemedyNotDelivered => "A remedy cannot be delivered",
            StepCode::ConfirmRepresentative => "Confirm a representative",
            StepCode::Withdraw => "Withdraw at the customer's request",
            StepCode::UndoWithdrawal => "Take back the withdrawal at the customer's request",
            StepCode::ReferOmbudsman => "Record an Ombudsman referral",
            StepCode::OmbudsmanStage => "Record a stage of the Ombudsman's process",
            StepCode::OmbudsmanDecided => "Record the Ombudsman's determination",
            StepCode::OmbudsmanFinding => "Add another of the Ombudsman's findings",
            StepCode::OmbudsmanOrder => "Add an Ombudsman order or recommendation",
            StepCode::OrderComplied => "Record compliance with an Ombudsman order",
            StepCode::Resolve => "Resolve the request",
            StepCode::Dissatisfied => "Record dissatisfaction",
            StepCode::PassOn => "Pass the compliment on",
            StepCode::RevokeTracking => "Stop the tracking link",
        }
    }
}

/// The deadline in force, as a screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineLine {
    /// "Contact", "Acknowledge" or "Respond".
    pub leg: String,
    pub due: String,
    /// "2 working days left", "Due today", "3 working days overdue".
    pub time_left: String,
    /// `green`, `amber` or `red`.
    pub rag: String,
    /// "On track", "Due soon" or "Overdue".
    pub rag_label: String,
    pub explanation: String,
}

/// One leg of the stage in progress: when it is due and when it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegLine {
    pub leg: String,
    pub due: Option<String>,
    pub done: Option<String>,
}

/// The customer, with what they need from us in plain sight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPanel {
    pub id: i32,
    pub name: String,
    pub describes: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub preferred_contact: Option<String>,
    pub adjustments: Vec<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    /// How we may contact them, when that is restricted (`crate::restrictions`).
    pub restriction: Option<crate::restrictions::RestrictionNote>,
    /// Whether the reader may decide, review or lift a restriction.
    pub may_restrict: bool,
    /// What makes them vulnerable or at risk, when recorded (`crate::triage`).
    pub vulnerability: Option<crate::triage::VulnerabilityNote>,
    /// Whether the reader may record, review or remove a vulnerability flag.
    pub may_flag: bool,
    /// The last review of their adjustments, when there was one.
    pub adjustments_review: Option<crate::triage::AdjustmentsReviewNote>,
    /// Whether the reader may record what was done for an adjustment and review them.
    pub may_review_adjustments: bool,
    /// Whether the reader may download everything held about them (a subject access
    /// request: the complaints manager).
    pub may_export: bool,
    /// Whether the reader may correct their contact details.
    pub may_correct: bool,
}

/// A remedy promised in a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyLine {
    pub index: usize,
    pub text: String,
    pub state: String,
    pub outstanding: bool,
}

/// A referral to the Housing Ombudsman, as the case page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralLine {
    /// "First referral", "Second referral"…
    pub title: String,
    pub their_reference: String,
    pub referred: String,
    pub stage: String,
    pub decided: Option<String>,
    /// Each finding, with the part of the complaint it is about.
    pub findings: Vec<String>,
    pub orders: Vec<OrderLine>,
}

/// An order or recommendation of the Ombudsman's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub kind: String,
    pub what: String,
    pub due: String,
    pub owner: String,
    /// "Complied with on 3 March 2026", "Overdue", "Due in 4 working days".
    pub status: String,
    /// `green`, `amber` or `red`.
    pub rag: String,
    pub evidence: Option<String>,
}

/// Someone named to act for the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepresentativeRow {
    pub id: i32,
    pub name: String,
    pub relationship: Option<String>,
    pub contact: Option<String>,
    pub confirmed: bool,
}

/// A step offered on the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepLink {
    pub code: String,
    pub label: String,
}

/// The staff case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCaseView {
    pub reference: String,
    pub kind: String,
    /// Where the case is, in the team's words ("Stage 1", "Waiting to be accepted").
    pub stage: String,
    pub channel: String,
    pub received: String,
    pub version: i32,
    pub deadline: Option<DeadlineLine>,
    pub legs: Vec<LegLine>,
    pub customer: Option<CustomerPanel>,
    /// What the customer told us: (question, answer).
    pub details: Vec<(String, String)>,
    pub handler: Option<String>,
    pub reviewer: Option<String>,
    pub remedies: Vec<RemedyLine>,
    /// The Ombudsman's casework, oldest referral first.
    pub referrals: Vec<ReferralLine>,
    pub representatives: Vec<RepresentativeRow>,
    pub timeline: Vec<TimelineLine>,
    pub steps: Vec<StepLink>,
    /// Why a step one might look for is not among them (an extension asked for too late).
    pub steps_note: Option<String>,
    /// With the Housing Ombudsman: ordinary actions are locked.
    pub locked: bool,
    /// The case this one was opened from, or that was opened from it.
    pub linked: Option<String>,
    pub letters: Vec<LetterLink>,
    /// Root causes recorded with the responses.
    pub learning: Vec<String>,
    /// The reader may see who looked at the case (the complaints manager).
    pub may_read_views: bool,
    /// The reader may place a legal hold on the case (the complaints manager).
    pub may_hold: bool,
    /// "Saturday 5 December 2026": the day its personal data was erased under the
    /// retention schedule.
    pub erased: Option<String>,
    /// How pressing the case is, and whether the reader may change it.
    pub priority: crate::triage::PriorityView,
    /// How often we update the customer and when next.
    pub updates: crate::updates::UpdatesView,
    pub files: crate::files::FileList,
    /// The involved customer's part in a review.
    pub involvement: crate::panel::StaffInvolvement,
}

/// A letter on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterLink {
    pub id: i32,
    pub subject: String,
    pub issued: String,
    pub large_print: bool,
}

/// A person a step can name (a handler, reviewer, panel member or remedy owner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// What a step's form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDetails {
    pub reference: String,
    pub version: i32,
    pub code: String,
    pub title: String,
    /// Today in London, as (day, month, year) for the date boxes.
    pub today: (String, String, String),
    /// People the step can name.
    pub people: Vec<Choice>,
    /// Remedies or representatives the step can act on.
    pub items: Vec<Choice>,
    /// Text to start from (the outcomes the customer asked for, when acknowledging).
    pub prefill: Option<String>,
    /// A warning to read before acting (a matter outside the policy's window).
    pub warning: Option<String>,
    /// The extension limit and the current deadline, when extending.
    pub hint: Option<String>,
    pub customer: Option<CustomerPanel>,
    pub deadline: Option<DeadlineLine>,
    /// The signed-in person may approve an extension past the limit.
    pub may_approve: bool,
    /// Root-cause categories a response may record.
    pub categories: Vec<Choice>,
    /// What the customer told us and what they want, in their words, for the steps that
    /// answer them (accept, acknowledge, respond, sign off).
    pub complaint: Option<(String, Option<String>)>,
    /// The Stage 2 outcome the reviewer wrote for sign-off, as the customer would get it
    /// if it were sent today: what the head of service agrees to when signing off, and
    /// what the reviewer sends once they have.
    pub outcome_to_agree: Option<crate::letters::CustomerPreview>,
    /// The response form's answers to start from (the outcome written for sign-off, when
    /// writing it again), by field name.
    pub answers: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
pub(crate) mod read {
    //! Turning a stored case into what the staff pages show.

    use super::*;
    use domain::deadlines::long_date;
    use domain::lifecycle::{Remedy, RemedyState};
    use storage::cases::StoredCase;

    pub fn today() -> chrono::NaiveDate {
        crate::clock::today()
    }

    /// The response form's answers that write `response` again, by field name.
    pub fn answers(response: &domain::lifecycle::StageResponse) -> Vec<(String, String)> {
        use crate::staff::steps::Rows;
        use chrono::Datelike;
        let code = |o: domain::lifecycle::Outcome| match o {
            domain::lifecycle::Outcome::Upheld => "upheld",
            domain::lifecycle::Outcome::PartlyUpheld => "partly_upheld",
            domain::lifecycle::Outcome::NotUpheld => "not_upheld",
        };
        let mut answers = vec![("outcome".to_owned(), code(response.outcome()).to_owned())];
        if let Some(definition) = response.definition() {
            answers.push(("definition".to_owned(), definition.to_owned()));
        }
        if let Some(learning) = response.learning() {
            answers.push(("learning".to_owned(), learning.to_owned()));
        }
        for (i, p) in response.points().iter().enumerate() {
            let field = |f: &str| Rows::Points.field(i, f);
            answers.push((field("point"), p.point.clone()));
            answers.push((field("finding"), p.finding.clone()));
            answers.push((field("outcome"), code(p.outcome).to_owned()));
        }
        let (mut payments, mut actions) = (0, 0);
        for remedy in response.remedies() {
            match remedy {
                Remedy::Apology => answers.push(("apology".to_owned(), "yes".to_owned())),
                Remedy::Explanation => answers.push(("explanation".to_owned(), "yes".to_owned())),
                Remedy::RecordAmended => {
                    answers.push(("record_amended".to_owned(), "yes".to_owned()))
                }
                Remedy::DecisionReconsidered => {
                    answers.push(("decision_reconsidered".to_owned(), "yes".to_owned()))
                }
                Remedy::Compensation { amount, for_what } => {
                    let field = |f: &str| Rows::Payments.field(payments, f);
                    let pence = amount.pence();
                    answers.push((
                        field("amount"),
                        format!("{}.{:02}", pence / 100, pence % 100),
                    ));
                    if let Some(for_what) = for_what {
                        answers.push((field("for_what"), for_what.clone()));
                    }
                    payments += 1;
                }
                Remedy::Action {
                    description,
                    due,
                    owner,
                } => {
                    let field = |f: &str| Rows::Actions.field(actions, f);
                    answers.push((field("text"), description.clone()));
                    answers.push((field("day"), due.day().to_string()));
                    answers.push((field("month"), due.month().to_string()));
                    answers.push((field("year"), due.year().to_string()));
                    answers.push((field("owner"), owner.as_str().to_owned()));
                    actions += 1;
                }
            }
        }
        answers
    }

    pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
        domain::deadlines::long_date_time(at)
    }

    pub fn deadline(
        case: &domain::Case,
        calendar: &domain::Calendar,
        today: chrono::NaiveDate,
    ) -> Option<DeadlineLine> {
        deadline_line(case.next_deadline(calendar)?, calendar, today)
    }

    /// One deadline as the staff pages show it, with how much time is left on `today`.
    pub fn deadline_line(
        next: domain::deadlines::Deadline,
        calendar: &domain::Calendar,
        today: chrono::NaiveDate,
    ) -> Option<DeadlineLine> {
        let progress = next.progress(calendar, today);
        Some(DeadlineLine {
            leg: leg_name(next.step).to_owned(),
            due: long_date(next.due),
            time_left: progress.time_left.words(),
            rag: progress.status.as_str().to_owned(),
            rag_label: progress.status.label().to_owned(),
            explanation: next.explanation,
        })
    }

    pub fn leg_name(step: domain::deadlines::Step) -> &'static str {
        use domain::deadlines::Step;
        match step {
            Step::Contact => "Contact the customer",
            Step::Acknowledge => "Acknowledge in writing",
            Step::Respond => "Respond in writing",
            Step::ExtensionLimit => "Extension limit",
        }
    }

    /// The stage in progress, leg by leg.
    pub fn legs(case: &domain::Case, calendar: &domain::Calendar) -> Vec<LegLine> {
        let Some(complaint) = case.as_complaint() else {
            return Vec::new();
        };
        let Some(deadlines) = complaint.deadlines(calendar) else {
            return Vec::new();
        };
        let record = match deadlines.stage {
            domain::Stage::One => complaint.stage1(),
            domain::Stage::Two => match complaint.stage2() {
                Some(r) => r,
                None => return Vec::new(),
            },
        };
        let mut legs = vec![LegLine {
            leg: "Contact the customer".into(),
            due: Some(long_date(deadlines.contact.due)),
            done: record.contacted.map(long_date),
        }];
        if let Some(ack) = &deadlines.acknowledge {
            legs.push(LegLine {
                leg: "Acknowledge in writing".into(),
                due: Some(long_date(ack.due)),
                done: record.acknowledged.map(long_date),
            });
        }
        let respond_due = record
            .extended_to()
            .map_or(deadlines.respond.due, |to| to.max(deadlines.respond.due));
        legs.push(LegLine {
            leg: if record.extended_to().is_some() {
                "Respond in writing (extended)".into()
            } else {
                "Respond in writing".into()
            },
            due: Some(long_date(respond_due)),
            done: record.responded.map(long_date),
        });
        if let Some(limit) = &deadlines.extension_limit {
            legs.push(LegLine {
                leg: "Latest extension without approval".into(),
                due: Some(long_date(limit.due)),
                done: None,
            });
        }
        legs
    }

    pub fn customer(stored: &StoredCase) -> Option<CustomerPanel> {
        let c = stored.customer.as_ref()?;
        let d = &c.details;
        Some(CustomerPanel {
            id: c.id,
            name: d.name.clone(),
            describes: d.describes_you.label(),
            phone: d.phone.as_ref().map(|p| p.national().to_owned()),
            email: d.email.as_ref().map(|e| e.as_str().to_owned()),
            preferred_contact: d.preferred_contact.map(|p| p.label().to_owned()),
            adjustments: d.adjustments.iter().map(|a| a.label()).collect(),
            address: d.address.clone(),
            postcode: d.postcode.clone(),
            restriction: None,
            may_restrict: false,
            vulnerability: None,
            may_flag: false,
            adjustments_review: None,
            may_review_adjustments: false,
            may_export: false,
            may_correct: false,
        })
    }

    /// The customer with any restriction on contacting them, any vulnerability flag and
    /// the last review of their adjustments (`service::flags::in_force`).
    pub fn customer_with_flags(
        stored: &StoredCase,
        flags: Option<service::flags::InForce>,
        today: chrono::NaiveDate,
    ) -> Option<CustomerPanel> {
        let mut panel = customer(stored)?;
        let flags = flags.unwrap_or_default();
        panel.restriction = flags
            .restriction
            .map(|kept| crate::restrictions::read::note(&kept, today));
        panel.may_restrict = flags.may_restrict;
        panel.vulnerability = flags
            .vulnerability
            .map(|kept| crate::triage::read::note(&kept, today));
        panel.may_flag = flags.may_flag;
        panel.adjustments_review = flags
            .adjustments_review
            .map(|kept| crate::triage::adjustments::note(&kept, today));
        panel.may_review_adjustments = flags.may_review_adjustments;
        panel.may_export = flags.may_export;
        panel.may_correct = flags.may_correct;
        Some(panel)
    }

    pub fn details(stored: &StoredCase) -> Vec<(String, String)> {
        let d = &stored.details;
        let mut rows = vec![(
            "What happened".to_owned(),
            d.what_happened.as_str().to_owned(),
        )];
        let mut add = |label: &str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                rows.push((label.to_owned(), v));
            }
        };
        add("When it happened", d.when_happened.map(long_date));
        add("When they became aware", d.became_aware.map(long_date));
        add(
            "Reported before",
            d.reported_before
                .map(|b| if b { "Yes" } else { "No" }.to_owned()),
        );
        add("What they were told", d.what_was_said.clone());
        add("What they want us to do", d.outcomes_sought.clone());
        add(
            "Costs",
            d.costs.as_ref().map(|c| match c.amount {
                Some(amount) => format!("{amount}: {}", c.description),
                None => c.description.clone(),
            }),
        );
        add("Compliment about", d.compliment_about.clone());
        rows
    }

    pub fn remedy_text(remedy: &Remedy, owner_name: impl Fn(&str) -> String) -> String {
        match remedy {
            Remedy::Apology => "An apology".to_owned(),
            Remedy::Explanation => "An explanation".to_owned(),
            Remedy::Action {
                description,
                due,
                owner,
            } => format!(
                "{description} (by {}, {})",
                long_date(*due),
                owner_name(owner.as_str())
            ),
            Remedy::Compensation {
                amount,
                for_what: Some(what),
            } => format!("Compensation of {amount} for {what}"),
            Remedy::Compensation { amount, .. } => format!("Compensation of {amount}"),
            Remedy::RecordAmended => "Our records corrected".to_owned(),
            Remedy::DecisionReconsidered => "The decision reconsidered".to_owned(),
        }
    }

    pub fn remedy_state(state: &RemedyState) -> (String, bool) {
        match state {
            RemedyState::Outstanding => ("Outstanding".to_owned(), true),
            RemedyState::Done { on } => (format!("Done on {}", long_date(*on)), false),
            RemedyState::CannotBeDelivered { on, reason } => (
                format!(
                    "Cannot be delivered ({}): {}",
                    long_date(*on),
                    reason.as_str()
                ),
                false,
            ),
        }
    }

    /// Where the case is, in the team's words.
    pub fn stage(case: &domain::Case) -> String {
        use domain::lifecycle::Phase;
        match case {
            domain::Case::Complaint(c) if c.is_locked() => {
                "With the Housing Ombudsman (locked)".to_owned()
            }
            domain::Case::Complaint(c) => match c.phase() {
                Phase::Received => "Waiting to be accepted".to_owned(),
                Phase::NotAccepted { reason, .. } => format!("Not accepted: {}", reason.label()),
                Phase::Stage1 => "Stage 1".to_owned(),
                Phase::Stage1Responded => "Stage 1 answered".to_owned(),
                Phase::Stage2 => "Stage 2 review".to_owned(),
                Phase::Closed { .. } => "Closed".to_owned(),
                Phase::Withdrawn { .. } => "Withdrawn".to_owned(),
            },
            other => other.plain_status().to_owned(),
        }
    }
}

/// The staff case page: signed-in staff who may see the case.
#[server(endpoint = "staff_case")]
pub async fn staff_case(reference: String) -> Result<StaffCaseView, AppError> {
    use crate::cases::guard;
    let access = guard::case_access(&reference, Action::ViewCaseRecord).await?;
    access
        .note_view(storage::case_views::Viewed::CaseRecord)
        .await?;
    let scope = crate::state::read_scope().await?;
    let on_case = service::steps::OnCase::read(scope.ctx(), &access.reached).await?;
    let service::cases::Record {
        named: accounts,
        representatives,
        timeline: entries,
        linked,
        letters,
        learning,
    } = service::cases::record(scope.ctx(), &access.caller, &on_case).await?;
    let flags = service::flags::in_force(scope.ctx(), &access.caller, &on_case).await?;
    let offered =
        service::steps::offered_with(scope.ctx(), &access.caller, &on_case, &representatives);
    let files = crate::files::file_list(&scope, &access.caller, &on_case).await?;
    let involvement = crate::panel::staff_involvement(&scope, &access.caller, &on_case).await?;
    let stored = on_case.stored;
    let calendar = scope.calendar.as_ref();
    let case = &stored.case;
    let today = read::today();
    let name_of = |id: Option<&domain::UserId>| -> Option<String> {
        let id = id?;
        Some(match id.as_str().parse::<i32>() {
            Ok(n) => accounts.get(&n).map_or_else(
                || "A former colleague".to_owned(),
                |a| a.display_name.clone(),
            ),
            Err(_) => id.as_str().to_owned(),
        })
    };
    let handler = name_of(case.handler());
    let reviewer = name_of(case.reviewer());
    let mut remedies = Vec::new();
    if let Some(c) = case.as_complaint() {
        for (index, tracked) in c.remedies().iter().enumerate() {
            let owner = match &tracked.remedy {
                domain::lifecycle::Remedy::Action { owner, .. } => {
                    name_of(Some(owner)).unwrap_or_default()
                }
                _ => String::new(),
            };
            let (state_text, outstanding) = read::remedy_state(&tracked.state);
            remedies.push(RemedyLine {
                index,
                text: read::remedy_text(&tracked.remedy, |_| owner.clone()),
                state: state_text,
                outstanding,
            });
        }
    }
    let referrals = case
        .as_complaint()
        .map(|c| {
            use domain::deadlines::long_date;
            let many = c.referrals().count() > 1;
            c.referrals()
                .enumerate()
                .map(|(n, r)| ReferralLine {
                    title: if many {
                        format!("Referral {} of {}", n + 1, c.referrals().count())
                    } else {
                        "Referral".to_owned()
                    },
                    their_reference: r
                        .their_reference
                        .clone()
                        .unwrap_or_else(|| "Not recorded".to_owned()),
                    referred: long_date(r.referred_on),
                    stage: r.stage.label().to_owned(),
                    decided: r.decided_on.map(long_date),
                    findings: r
                        .findings
                        .iter()
                        .map(|f| match &f.about {
                            Some(about) => format!("{}: {about}", f.finding.label()),
                            None => f.finding.label().to_owned(),
                        })
                        .collect(),
                    orders: r
                        .orders
                        .iter()
                        .map(|o| {
                            let (status, rag) = match &o.complied {
                                Some(done) => (
                                    format!("Complied with on {}", long_date(done.on)),
                                    if o.late(today) { "amber" } else { "green" },
                                ),
                                None => {
                                    let progress = domain::deadlines::Progress::towards(
                                        o.due,
                                        domain::ombudsman::AMBER_WITHIN,
                                        calendar,
                                        today,
                                    );
                                    (progress.time_left.words(), progress.status.as_str())
                                }
                            };
                            OrderLine {
                                kind: o.kind.label().to_owned(),
                                what: o.what.clone(),
                                due: long_date(o.due),
                                owner: name_of(Some(&o.owner)).unwrap_or_default(),
                                status,
                                rag: rag.to_owned(),
                                evidence: o.complied.as_ref().map(|c| c.evidence.clone()),
                            }
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let representatives: Vec<RepresentativeRow> = representatives
        .into_iter()
        .map(|r| RepresentativeRow {
            id: r.id,
            name: r.name,
            relationship: r.relationship,
            contact: r.contact,
            confirmed: r.authority == domain::access::Authority::Confirmed,
        })
        .collect();
    let steps_note = (!offered.contains(&domain::lifecycle::steps::Step::Extend))
        .then(|| domain::lifecycle::steps::extension_too_late(case, today, calendar))
        .flatten()
        .map(|e| e.to_string());
    let steps = offered
        .into_iter()
        .map(|step| StepLink {
            code: step.as_str().to_owned(),
            label: step.label().to_owned(),
        })
        .collect();
    let priority = crate::triage::priority_of(
        &stored,
        &entries,
        access.caller.permits(&access.relation, Action::SetPriority),
    );
    let timeline = entries
        .into_iter()
        .map(|entry| {
            let detail = entry.item.detail();
            TimelineLine {
                when: read::when(entry.at),
                text: entry.item.summary(),
                detail,
                by: entry.actor_name.clone(),
            }
        })
        .collect();
    let letters = letters.into_iter().map(steps::letter_link).collect();
    Ok(StaffCaseView {
        reference: stored.reference.to_string(),
        kind: case.kind().label().to_owned(),
        stage: read::stage(case),
        channel: stored.channel.label().to_owned(),
        received: read::when(stored.received_at),
        version: stored.version,
        deadline: read::deadline(case, calendar, today),
        legs: read::legs(case, calendar),
        customer: read::customer_with_flags(&stored, flags, today),
        details: read::details(&stored),
        handler,
        reviewer,
        remedies,
        referrals,
        representatives,
        timeline,
        steps,
        steps_note,
        locked: case.as_complaint().is_some_and(|c| c.is_locked()),
        linked: linked.map(|r| r.to_string()),
        letters,
        learning,
        may_read_views: access
            .caller
            .permits(&access.relation, Action::ReadCaseViews),
        may_hold: access.caller.permits(&access.relation, Action::HoldCase),
        erased: stored
            .erased_at
            .map(|at| domain::deadlines::long_date(domain::london::to_london(at).date())),
        priority,
        updates: crate::updates::updates_of(
            &stored,
            today,
            access
                .caller
                .permits(&access.relation, Action::KeepInformed),
        ),
        files,
        involvement,
    })
}

/// What one step's form needs, after checking the person may take it on this case now.
///
/// `after_change`: the form was sent while someone else changed the case, and comes back
/// to be shown again with what was typed and the case as it is now, even if the change
/// closed the step (taking it is then refused again, with the reason).
#[server(endpoint = "step_form")]
pub async fn step_form(
    reference: String,
    step: String,
    #[server(default)] after_change: bool,
) -> Result<StepDetails, AppError> {
    use chrono::Datelike;
    let code = StepCode::parse(&step).ok_or(AppError::NotFound)?;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let service::steps::Form {
        case: on_case,
        representatives,
        people,
        categories,
        may_approve,
    } = service::steps::form(scope.ctx(), &caller, &reference, code, after_change).await?;
    let flags = service::flags::in_force(scope.ctx(), &caller, &on_case).await?;
    let stored = &on_case.stored;
    let case = &stored.case;
    let calendar = scope.calendar.as_ref();
    let today = read::today();
    let proposed = case
        .as_complaint()
        .and_then(|c| c.stage2())
        .and_then(|r| r.proposed.clone());
    let people = people
        .into_iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: format!("{} ({})", a.display_name, a.role.label().to_lowercase()),
        })
        .collect();
    let items = match code {
        StepCode::RemedyDone | StepCode::RemedyNotDelivered => case
            .as_complaint()
            .map(|c| {
                c.remedies()
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.state == domain::lifecycle::RemedyState::Outstanding)
                    .map(|(i, r)| Choice {
                        value: i.to_string(),
                        label: read::remedy_text(&r.remedy, |_| "its owner".to_owned()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        StepCode::OmbudsmanStage => case
            .as_complaint()
            .and_then(|c| c.ombudsman())
            .map(|r| {
                r.stage
                    .next_choices()
                    .iter()
                    .map(|s| Choice {
                        value: s.code().to_owned(),
                        label: s.label().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        StepCode::OrderComplied => case
            .as_complaint()
            .map(|c| {
                c.outstanding_orders()
                    .map(|(r, i, o)| Choice {
                        value: domain::ombudsman::order_key(r, i),
                        label: format!(
                            "{}: {} (due by {})",
                            o.kind.label(),
                            o.what,
                            domain::deadlines::long_date(o.due)
                        ),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        StepCode::ConfirmRepresentative => representatives
            .iter()
            .filter(|r| r.authority != domain::access::Authority::Confirmed)
            .map(|r| Choice {
                value: r.id.to_string(),
                label: match &r.relationship {
                    Some(rel) => format!("{} ({rel})", r.name),
                    None => r.name.clone(),
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    let warning = match (code, case.as_complaint()) {
        (StepCode::Accept, Some(c)) => {
            let policy = c.policy();
            domain::eligibility::eligibility(
                stored.details.when_happened,
                stored.details.became_aware,
                c.stage1().arrived,
                policy.eligibility_months,
            )
            .warning()
        }
        _ => None,
    };
    let hint = match (code, case.as_complaint()) {
        // The response deadline the extension moves (extended already or not), never the
        // earlier contact or acknowledgement deadline that may be next.
        (StepCode::Extend, Some(c)) => c.response_due(calendar).map(|(current, d)| {
            match d.extension_limit {
                Some(limit) => format!(
                    "The response is due by {}. You can extend to {} at the latest with a reason; later than that needs the complaints manager's approval.",
                    domain::deadlines::long_date(current),
                    domain::deadlines::long_date(limit.due)
                ),
                None => format!(
                    "The response is due by {}. Any extension needs the complaints manager's approval.",
                    domain::deadlines::long_date(current)
                ),
            }
        }),
        _ => None,
    };
    Ok(StepDetails {
        reference: stored.reference.to_string(),
        version: stored.version,
        code: code.as_str().to_owned(),
        title: code.label().to_owned(),
        today: (
            today.day().to_string(),
            today.month().to_string(),
            today.year().to_string(),
        ),
        people,
        items,
        prefill: match code {
            StepCode::Acknowledge => stored.details.outcomes_sought.clone(),
            // The response restates the complaint as defined when it was acknowledged.
            StepCode::Respond | StepCode::ProposeOutcome => case
                .as_complaint()
                .and_then(|c| c.definition())
                .map(str::to_owned),
            _ => None,
        },
        warning,
        hint,
        customer: read::customer_with_flags(stored, flags, today),
        // The Extend page shows the response deadline it moves, even while contact or the
        // acknowledgement is due first.
        deadline: match code {
            StepCode::Extend => case
                .response_deadline(calendar)
                .and_then(|d| read::deadline_line(d, calendar, today)),
            _ => read::deadline(case, calendar, today),
        },
        may_approve,
        complaint: matches!(
            code,
            StepCode::Accept
                | StepCode::NotAccept
                | StepCode::Acknowledge
                | StepCode::Respond
                | StepCode::ProposeOutcome
                | StepCode::SignOff
        )
        .then(|| {
            (
                stored.details.what_happened.as_str().to_owned(),
                stored.details.outcomes_sought.clone(),
            )
        }),
        outcome_to_agree: match code {
            StepCode::SignOff | StepCode::Respond => {
                service::steps::outcome_to_agree(scope.ctx(), &caller, &on_case, None)
                    .await?
                    .map(|sees| crate::case_actions::run::shown(sees, scope.now))
            }
            _ => None,
        },
        answers: match (code, proposed) {
            (StepCode::ProposeOutcome, Some(response)) => read::answers(&response),
            _ => Vec::new(),
        },
        categories: categories
            .into_iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name,
            })
            .collect(),
    })
}

/// A remedy the signed-in person owns and has still to deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyDue {
    pub reference: String,
    pub description: String,
    pub due: String,
    /// `red` once past its date, `amber` within two working days, else `green`.
    pub rag: String,
    pub time_left: String,
}

/// How many owed remedies the work queue lists: the soonest due.
pub const REMEDIES_SHOWN: u64 = 10;

/// The remedies someone owes, as their work queue reminds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemediesOwed {
    /// The [`REMEDIES_SHOWN`] due soonest.
    pub soonest: Vec<RemedyDue>,
    /// How many they owe in all.
    pub total: u64,
    /// The Ombudsman's orders and recommendations they own and have still to comply
    /// with: the [`REMEDIES_SHOWN`] due soonest.
    pub orders: Vec<RemedyDue>,
    pub orders_total: u64,
}

/// What the work queue reminds the signed-in member of staff of, below their cases: the
/// warnings sent to them lately, the flags on customers due for their review, the remedies
/// and orders they owe and the calls they have to make, read in one read-only view: the
/// work queue's own, with its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminders {
    pub warnings: Vec<crate::outbox::MessageLine>,
    pub reviews: Vec<crate::restrictions::ReviewDue>,
    pub remedies: RemediesOwed,
    pub calls: Vec<CallToMake>,
}

/// See [`Reminders`]: each part needs the permission to use the work queue. The work queue
/// itself reads them with its cases ([`crate::worklist::QueueView::reminders`]).
#[server(endpoint = "for_you")]
pub async fn for_you() -> Result<Reminders, AppError> {
    let caller = crate::auth::session::caller().await?;
    reminders_in(&crate::state::read_scope().await?, &caller).await
}

/// [`Reminders`] for `caller`, read in `scope`.
#[cfg(feature = "ssr")]
pub(crate) async fn reminders_in(
    scope: &crate::state::Scope,
    caller: &service::Caller,
) -> Result<Reminders, AppError> {
    Ok(Reminders {
        warnings: crate::outbox::warnings_for(scope, caller).await?,
        reviews: crate::triage::reviews_due_for(scope, caller).await?,
        remedies: remedies_owed(scope, caller).await?,
        calls: calls_to_make(scope, caller).await?,
    })
}

/// The remedies the caller owns and has not yet marked done: the reminder that keeps a
/// promise from being forgotten. The soonest due are listed, with how many there are in
/// all; each case's page lists its own.
#[cfg(feature = "ssr")]
async fn remedies_owed(
    scope: &crate::state::Scope,
    caller: &service::Caller,
) -> Result<RemediesOwed, AppError> {
    let today = read::today();
    let service::mine::Owed {
        remedies: (soonest, total),
        orders: (orders, orders_total),
    } = service::mine::owed(scope.ctx(), caller, REMEDIES_SHOWN).await?;
    let due = |reference: domain::CaseReference, description: String, on: chrono::NaiveDate| {
        // Amber in the last two working days, as for a 5-day step.
        let progress = domain::deadlines::Progress::towards(
            on,
            domain::ombudsman::AMBER_WITHIN,
            &scope.calendar,
            today,
        );
        RemedyDue {
            reference: reference.to_string(),
            description,
            due: domain::deadlines::long_date(on),
            rag: progress.status.as_str().to_owned(),
            time_left: progress.time_left.words(),
        }
    };
    let soonest = soonest
        .into_iter()
        .map(|action| due(action.reference, action.description, action.due))
        .collect();
    let orders = orders
        .into_iter()
        .map(|o| {
            due(
                o.reference,
                format!("{}: {}", o.kind.label(), o.what),
                o.due,
            )
        })
        .collect();
    Ok(RemediesOwed {
        soonest,
        total,
        orders,
        orders_total,
    })
}

/// A call the signed-in member of staff has to make: the customer asked to be phoned, so a
/// letter is gone through with them by phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallToMake {
    pub id: i32,
    pub reference: String,
    /// The letter to go through.
    pub subject: String,
    /// The day the letter was issued, in full.
    pub since: String,
    /// It waits with nobody in particular (see `Action::MakeUnownedCalls`).
    pub unowned: bool,
}

/// Calls shown on the work queue at most; the oldest come first.
pub const CALLS_SHOWN: u64 = 20;

/// The calls the caller has still to make, oldest first.
#[cfg(feature = "ssr")]
async fn calls_to_make(
    scope: &crate::state::Scope,
    caller: &service::Caller,
) -> Result<Vec<CallToMake>, AppError> {
    Ok(service::mine::calls(scope.ctx(), caller, CALLS_SHOWN)
        .await?
        .into_iter()
        .map(|c| CallToMake {
            id: c.id,
            reference: c.reference.to_string(),
            subject: c.subject,
            since: domain::deadlines::long_date(domain::london::to_london(c.since).date()),
            unowned: c.unowned,
        })
        .collect())
}

/// Records that the signed-in member of staff made call `id`: it leaves their list and the
/// case's timeline says so. Someone else's call, or one already made, is not found.
#[server(endpoint = "call_made")]
pub async fn call_made(id: i32) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::mine::call_made(scope.ctx(), &caller, id).await?;
    if crate::refusal::plain_form_post() {
        leptos_axum::redirect("/staff");
    }
    Ok(())
}
