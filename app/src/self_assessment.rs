//! The annual self-assessment against the Complaint Handling Code (`domain::self_assessment`):
//! read by everyone who reads the reports, answered provision by provision by the complaints
//! manager (`Action::EditSelfAssessment`), approved with the governing body's response by
//! the board member (`Action::ApproveSelfAssessment`), and, once approved, published with
//! the year's annual report for anyone to read without signing in (`/self-assessment`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One provision's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentLine {
    pub code: String,
    pub requirement: String,
    /// `None`: not answered yet.
    pub complies: Option<bool>,
    pub evidence: String,
    pub commentary: String,
    /// "From our records" or "Answered by Chris Complaints on 3 December 2026"; empty
    /// while nobody has answered it.
    pub source: String,
}

/// A section of the Code with its provisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionLines {
    pub number: u8,
    pub title: String,
    pub lines: Vec<AssessmentLine>,
}

/// The approval, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalView {
    pub by: String,
    /// "4 December 2026".
    pub on: String,
    pub response: String,
}

/// A year's self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub year: i32,
    /// "2025/26".
    pub label: String,
    pub span: String,
    pub sections: Vec<SectionLines>,
    pub approval: Option<ApprovalView>,
    pub complies: usize,
    pub does_not: usize,
    /// Provisions without an answer, which stop approval.
    pub unanswered: Vec<String>,
    pub may_edit: bool,
    pub may_approve: bool,
    /// The years the chooser offers, newest first.
    pub years: Vec<(i32, String)>,
}

/// One provision's edit form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionEdit {
    pub year: i32,
    pub label: String,
    pub code: String,
    pub requirement: String,
    pub complies: Option<bool>,
    pub evidence: String,
    pub commentary: String,
    /// What the records say, where they can.
    pub from_records: Option<String>,
}

/// The published document: the annual report and the self-assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub annual: crate::reports::AnnualSummary,
    pub assessment: AssessmentView,
    /// Every published year, newest first.
    pub years: Vec<(i32, String)>,
}

/// Whether someone with this role reads the self-assessment (everyone who reads reports).
pub fn may_read(role: domain::Role) -> bool {
    crate::reports::may_view_reports(role)
}

#[cfg(feature = "ssr")]
fn year_of(year: Option<&str>) -> Result<domain::reports::ReportingYear, AppError> {
    use domain::reports::ReportingYear;
    // By default the last complete year: the one a self-assessment is made for.
    let current = ReportingYear::containing(crate::clock::today());
    match year.map(str::trim).filter(|y| !y.is_empty()) {
        None => ReportingYear::new(current.year() - 1).or(Ok(current)),
        Some(text) => ReportingYear::parse(text).map_err(|e| AppError::validation("year", e)),
    }
}

/// The view of a year's self-assessment: kept answers first, then what the records say.
#[cfg(feature = "ssr")]
fn view_of(assessment: &service::self_assessment::Assessment) -> AssessmentView {
    use domain::deadlines::day_month_year;
    use domain::reports::ReportingYear;
    use domain::self_assessment::{PROVISIONS, SECTIONS};
    let today = crate::clock::today();
    let service::self_assessment::Assessment {
        year,
        facts,
        kept,
        approval,
        ..
    } = assessment;
    let line = |p: &domain::self_assessment::Provision| {
        let london = |at: chrono::DateTime<chrono::Utc>| {
            day_month_year(domain::london::to_london(at).date())
        };
        match kept.iter().find(|k| k.provision == p.code) {
            Some(k) => AssessmentLine {
                code: p.code.to_owned(),
                requirement: p.requirement.to_owned(),
                complies: k.complies,
                evidence: k.evidence.clone(),
                commentary: k.commentary.clone(),
                source: if k.from_records {
                    "From our records".to_owned()
                } else {
                    format!("Answered by {} on {}", k.answered_by, london(k.answered_at))
                },
            },
            None => {
                let prefill = p.measure.map(|m| m.prefill(facts));
                AssessmentLine {
                    code: p.code.to_owned(),
                    requirement: p.requirement.to_owned(),
                    complies: prefill.as_ref().and_then(|f| f.complies),
                    evidence: prefill
                        .as_ref()
                        .map(|f| f.evidence.clone())
                        .unwrap_or_default(),
                    commentary: String::new(),
                    // An unanswered provision's tag already says so.
                    source: if prefill.is_some() {
                        "From our records".to_owned()
                    } else {
                        String::new()
                    },
                }
            }
        }
    };
    let sections: Vec<SectionLines> = SECTIONS
        .iter()
        .map(|s| SectionLines {
            number: s.number,
            title: s.title.to_owned(),
            lines: PROVISIONS
                .iter()
                .filter(|p| p.section == s.number)
                .map(line)
                .collect(),
        })
        .collect();
    let all = || sections.iter().flat_map(|s| s.lines.iter());
    let current = ReportingYear::containing(today);
    let years = (0..crate::reports::YEARS_OFFERED)
        .map(|i| current.year() - i)
        .filter_map(|y| ReportingYear::new(y).ok())
        .map(|y| (y.year(), y.label()))
        .collect();
    AssessmentView {
        year: year.year(),
        label: year.label(),
        span: year.span(),
        complies: all().filter(|l| l.complies == Some(true)).count(),
        does_not: all().filter(|l| l.complies == Some(false)).count(),
        unanswered: assessment
            .unanswered()
            .into_iter()
            .map(|p| p.code.to_owned())
            .collect(),
        approval: approval.as_ref().map(|a| ApprovalView {
            by: a.by.clone(),
            on: day_month_year(domain::london::to_london(a.at).date()),
            response: a.response.clone(),
        }),
        sections,
        may_edit: assessment.may_answer,
        may_approve: assessment.may_approve,
        years,
    }
}

/// The self-assessment for `year` (blank: the last complete reporting year).
#[server(endpoint = "read_self_assessment")]
pub async fn read_self_assessment(
    #[server(default)] year: Option<String>,
) -> Result<AssessmentView, AppError> {
    let caller = crate::auth::session::caller_who_may(domain::access::Action::ViewReports).await?;
    let year = year_of(year.as_deref())?;
    let scope = crate::state::scope()?;
    let assessment = service::self_assessment::read(scope.ctx(), &caller, year).await?;
    Ok(view_of(&assessment))
}

/// One provision's answer, for its edit form.
#[server(endpoint = "read_provision")]
pub async fn read_provision(
    #[server(default)] year: Option<String>,
    #[server(default)] provision: String,
) -> Result<ProvisionEdit, AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::EditSelfAssessment).await?;
    let year = year_of(year.as_deref())?;
    let p = domain::self_assessment::provision(provision.trim()).ok_or(AppError::NotFound)?;
    let scope = crate::state::scope()?;
    let assessment = service::self_assessment::to_answer(scope.ctx(), &caller, year).await?;
    let view = view_of(&assessment);
    let line = view
        .sections
        .iter()
        .flat_map(|s| s.lines.iter())
        .find(|l| l.code == p.code)
        .ok_or(AppError::NotFound)?;
    Ok(ProvisionEdit {
        year: view.year,
        label: view.label.clone(),
        code: p.code.to_owned(),
        requirement: p.requirement.to_owned(),
        complies: line.complies,
        evidence: line.evidence.clone(),
        commentary: line.commentary.clone(),
        from_records: p.measure.map(|m| m.prefill(&assessment.facts).evidence),
    })
}

/// Keeps the complaints manager's answer to one provision.
#[server(endpoint = "answer_provision")]
pub async fn answer_provision(
    year: String,
    provision: String,
    #[server(default)] complies: String,
    #[server(default)] evidence: String,
    #[server(default)] commentary: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[
        ("year", Some(&year)),
        ("provision", Some(&provision)),
        ("complies", Some(&complies)),
        ("evidence", Some(&evidence)),
        ("commentary", Some(&commentary)),
    ]);
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::EditSelfAssessment).await?;
    let result = async {
        let reporting = year_of(Some(&year))?;
        let scope = crate::state::scope()?;
        let p = service::self_assessment::answer(
            scope.ctx(),
            &caller,
            reporting,
            &provision,
            (&complies, &evidence, &commentary),
        )
        .await?;
        leptos_axum::redirect(&format!(
            "/reports/self-assessment?year={}&saved={}#p-{}",
            reporting.year(),
            p.code,
            p.code.replace('.', "-")
        ));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/reports/self-assessment/answer",
        <AnswerProvision as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Approves the year with the governing body's response, which publishes it.
#[server(endpoint = "approve_self_assessment")]
pub async fn approve_self_assessment(
    year: String,
    #[server(default)] response: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[("year", Some(&year)), ("response", Some(&response))]);
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ApproveSelfAssessment).await?;
    let result = async {
        let reporting = year_of(Some(&year))?;
        let scope = crate::state::scope()?;
        service::self_assessment::approve(scope.ctx(), &caller, reporting, &response).await?;
        leptos_axum::redirect(&format!(
            "/reports/self-assessment?year={}&approved=1",
            reporting.year()
        ));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/reports/self-assessment",
        <ApproveSelfAssessment as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// The published document for `year` (blank: the latest published), for anyone.
#[server(endpoint = "published_self_assessment")]
pub async fn published_self_assessment(
    #[server(default)] year: Option<String>,
) -> Result<Published, AppError> {
    let scope = crate::state::scope()?;
    let published = service::self_assessment::published_years(scope.ctx()).await?;
    let wanted = match year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => *published.first().ok_or(AppError::NotFound)?,
        Some(text) => domain::reports::ReportingYear::parse(text)
            .map_err(|e| AppError::validation("year", e))?,
    };
    let assessment = view_of(&service::self_assessment::published(scope.ctx(), wanted).await?);
    let report = service::reports::published_year(scope.ctx(), wanted).await?;
    let annual =
        crate::reports::annual_summary_of(crate::reports::annual_view_of(report, false), None)
            .await?;
    Ok(Published {
        annual,
        assessment,
        years: published.iter().map(|y| (y.year(), y.label())).collect(),
    })
}
