//! The annual self-assessment against the Housing Ombudsman's Complaint Handling Code: for
//! each provision, what it asks of us (in our own words), whether we comply, the evidence
//! and any commentary.
//!
//! The rules we chose, where the Code leaves the form to the landlord:
//!
//! - Where Putright's own records show whether a provision was met in the reporting year,
//!   the answer and its evidence are filled in from them ([`Measure`]): "yes" only when every
//!   case in the year met it, "no" with the figures otherwise, and no answer when the year
//!   had no case to judge by. Other provisions (what the policy says, training, the
//!   website) are the complaints manager's to answer.
//! - The complaints manager may change any answer; an answer of "no" needs commentary that
//!   explains why and says what will be done and by when (the Code asks for an explanation
//!   and a date for compliance).
//! - The board member approves the self-assessment with the governing body's response once
//!   every provision has an answer; approval freezes the answers as they stood and
//!   publishes the self-assessment with the year's annual report, for anyone to read.

use serde::{Deserialize, Serialize};

use crate::form::{FieldError, FormErrors};
use crate::reports::{Share, StageTimeliness};

/// A section of the Code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub number: u8,
    pub title: &'static str,
}

/// The Code's sections, in order.
pub const SECTIONS: [Section; 9] = [
    Section {
        number: 1,
        title: "Definition of a complaint",
    },
    Section {
        number: 2,
        title: "Exclusions",
    },
    Section {
        number: 3,
        title: "Accessibility and awareness",
    },
    Section {
        number: 4,
        title: "Complaint handling staff",
    },
    Section {
        number: 5,
        title: "The complaint handling process",
    },
    Section {
        number: 6,
        title: "Complaint stages",
    },
    Section {
        number: 7,
        title: "Putting things right",
    },
    Section {
        number: 8,
        title: "Self-assessment, reporting and compliance",
    },
    Section {
        number: 9,
        title: "Scrutiny and oversight: continuous learning and improvement",
    },
];

/// One provision of the Code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provision {
    /// "5.1".
    pub code: &'static str,
    pub section: u8,
    /// What it asks of us, in our own words.
    pub requirement: &'static str,
    /// How our records show it, where they can.
    pub measure: Option<Measure>,
}

/// Every provision of the Code 2024, in order, in our own words.
pub const PROVISIONS: &[Provision] = &[
    Provision {
        code: "1.1",
        section: 1,
        requirement: "We base complaint handling on a clear, shared understanding of what counts as a complaint, so that residents feel heard and understood.",
        measure: None,
    },
    Provision {
        code: "1.2",
        section: 1,
        requirement: "We use the Code’s definition of a complaint: any dissatisfaction, however expressed, with our service, action or inaction, or that of our agents.",
        measure: None,
    },
    Provision {
        code: "1.3",
        section: 1,
        requirement: "We treat dissatisfaction as a complaint even if the word is not used, offer the choice to complain and handle third-party complaints under our policy.",
        measure: None,
    },
    Provision {
        code: "1.4",
        section: 1,
        requirement: "We distinguish service requests from complaints in our policy, and record, monitor and regularly review service requests.",
        measure: Some(Measure::ServiceRequestsRecorded),
    },
    Provision {
        code: "1.5",
        section: 1,
        requirement: "We log a complaint when a resident is unhappy with our response to a service request, and keep working on the request meanwhile.",
        measure: None,
    },
    Provision {
        code: "1.6",
        section: 1,
        requirement: "We do not treat survey feedback as a complaint, but tell respondents how to complain and include complaint details whenever we seek feedback.",
        measure: None,
    },
    Provision {
        code: "2.1",
        section: 2,
        requirement: "We accept every complaint unless there is a valid, evidenced reason not to, judging each one on its own merits.",
        measure: Some(Measure::RefusalsReasoned),
    },
    Provision {
        code: "2.2",
        section: 2,
        requirement: "We set fair exclusions in our policy, e.g. issues over 12 months old, claims already filed at court, or matters already through our process.",
        measure: None,
    },
    Provision {
        code: "2.3",
        section: 2,
        requirement: "We accept complaints within 12 months of the issue or of the resident learning of it, and use discretion for older ones where justified.",
        measure: None,
    },
    Provision {
        code: "2.4",
        section: 2,
        requirement: "We explain our reasons whenever we decline a complaint and tell the resident they can take that decision to the Housing Ombudsman.",
        measure: Some(Measure::RefusalsExplained),
    },
    Provision {
        code: "2.5",
        section: 2,
        requirement: "We never exclude complaints on a blanket basis; we look at the individual circumstances of each one.",
        measure: None,
    },
    Provision {
        code: "3.1",
        section: 3,
        requirement: "We offer several ways to complain and, mindful of the Equality Act 2010, anticipate residents’ needs and reasonable adjustments.",
        measure: Some(Measure::ChannelsUsed),
    },
    Provision {
        code: "3.2",
        section: 3,
        requirement: "We accept complaints by any means and through any staff member; all staff know the process and pass complaints to the right person.",
        measure: None,
    },
    Provision {
        code: "3.3",
        section: 3,
        requirement: "We see high complaint numbers as a sign of an accessible process and treat low numbers as a possible barrier to complaining.",
        measure: None,
    },
    Provision {
        code: "3.4",
        section: 3,
        requirement: "We publish our complaints policy on our website in a clear, accessible format, setting out both stages, what happens and response times.",
        measure: None,
    },
    Provision {
        code: "3.5",
        section: 3,
        requirement: "We explain in our policy how we publicise the complaints process, including information about the Housing Ombudsman and the Code.",
        measure: None,
    },
    Provision {
        code: "3.6",
        section: 3,
        requirement: "We let residents use a representative to pursue their complaint and to represent or accompany them at any meeting with us.",
        measure: None,
    },
    Provision {
        code: "3.7",
        section: 3,
        requirement: "We tell residents about their right to go to the Housing Ombudsman and how they can engage with the Ombudsman about their complaint.",
        measure: None,
    },
    Provision {
        code: "4.1",
        section: 4,
        requirement: "We name a complaints officer (person or team) responsible for complaint handling, Ombudsman liaison and reporting to our governing body.",
        measure: None,
    },
    Provision {
        code: "4.2",
        section: 4,
        requirement: "We give our complaints officer access to staff at every level and the authority and autonomy to resolve disputes promptly and fairly.",
        measure: None,
    },
    Provision {
        code: "4.3",
        section: 4,
        requirement: "We prioritise complaints as a core, properly resourced service, train relevant staff, and foster a culture of learning from complaints.",
        measure: None,
    },
    Provision {
        code: "5.1",
        section: 5,
        requirement: "We run one complaints policy for all complaints the Code covers, and never treat residents differently because they have complained.",
        measure: None,
    },
    Provision {
        code: "5.2",
        section: 5,
        requirement: "We resolve issues early and locally without adding extra named stages such as ’stage 0’ or an ’informal complaint’.",
        measure: None,
    },
    Provision {
        code: "5.3",
        section: 5,
        requirement: "We operate a two-stage complaints process and never use more than two stages.",
        measure: None,
    },
    Provision {
        code: "5.4",
        section: 5,
        requirement: "We keep any contractor or third-party complaint response within our two-stage process, so residents never face two processes.",
        measure: None,
    },
    Provision {
        code: "5.5",
        section: 5,
        requirement: "We make sure any third party handling complaints on our behalf does so in line with the Code.",
        measure: None,
    },
    Provision {
        code: "5.6",
        section: 5,
        requirement: "We record our understanding of the complaint and outcomes sought when logging at Stage 1 or escalating to Stage 2, asking if anything is unclear.",
        measure: None,
    },
    Provision {
        code: "5.7",
        section: 5,
        requirement: "We say which parts of a complaint we are and are not responsible for when acknowledging it at either stage, and clarify any grey areas.",
        measure: None,
    },
    Provision {
        code: "5.8",
        section: 5,
        requirement: "We ensure handlers act independently with an open mind, let residents state their case, manage conflicts of interest and weigh all evidence.",
        measure: None,
    },
    Provision {
        code: "5.9",
        section: 5,
        requirement: "We agree with the resident how often we will update them whenever a response will fall outside Code timescales.",
        measure: None,
    },
    Provision {
        code: "5.10",
        section: 5,
        requirement: "We make Equality Act reasonable adjustments, record them and any disclosed disabilities, and keep agreed adjustments under active review.",
        measure: Some(Measure::AdjustmentsRecorded),
    },
    Provision {
        code: "5.11",
        section: 5,
        requirement: "We only refuse to escalate a complaint for valid reasons, explain them clearly and apply them consistently with our section 2 exclusions.",
        measure: None,
    },
    Provision {
        code: "5.12",
        section: 5,
        requirement: "We keep a full record of each complaint: original complaint, date received, all correspondence, reports, surveys and each stage’s outcome.",
        measure: None,
    },
    Provision {
        code: "5.13",
        section: 5,
        requirement: "We can put things right at any stage, offering suitable remedies without the resident needing to escalate.",
        measure: None,
    },
    Provision {
        code: "5.14",
        section: 5,
        requirement: "We have policies and procedures to manage unacceptable behaviour by residents or their representatives while a complaint is pursued.",
        measure: None,
    },
    Provision {
        code: "5.15",
        section: 5,
        requirement: "We keep any contact restrictions for unacceptable behaviour proportionate and take account of the Equality Act 2010 when imposing them.",
        measure: None,
    },
    Provision {
        code: "6.1",
        section: 6,
        requirement: "We triage complaints for quick resolution or fuller investigation, weighing complexity and whether the resident is vulnerable or at risk.",
        measure: None,
    },
    Provision {
        code: "6.2",
        section: 6,
        requirement: "We acknowledge, define and log a Stage 1 complaint within 5 working days of receiving it.",
        measure: Some(Measure::Stage1Acknowledged),
    },
    Provision {
        code: "6.3",
        section: 6,
        requirement: "We send a full Stage 1 response within 10 working days of acknowledging the complaint.",
        measure: Some(Measure::Stage1Responded),
    },
    Provision {
        code: "6.4",
        section: 6,
        requirement: "We may extend Stage 1 for a complex complaint, by no more than 10 working days without good reason, explaining why and giving the new date.",
        measure: Some(Measure::Stage1ExtensionsCapped),
    },
    Provision {
        code: "6.5",
        section: 6,
        requirement: "We give the resident the Housing Ombudsman’s contact details whenever we extend a Stage 1 timescale.",
        measure: None,
    },
    Provision {
        code: "6.6",
        section: 6,
        requirement: "We reply at Stage 1 once the answer is known, not when follow-up work ends, then track outstanding actions and keep the resident updated.",
        measure: None,
    },
    Provision {
        code: "6.7",
        section: 6,
        requirement: "We address every point in the complaint definition in our Stage 1 response, giving clear reasons and citing relevant policy, law and practice.",
        measure: None,
    },
    Provision {
        code: "6.8",
        section: 6,
        requirement: "We add related new issues to a Stage 1 response not yet sent; unrelated or delaying issues, or those raised after it, become a new complaint.",
        measure: None,
    },
    Provision {
        code: "6.9",
        section: 6,
        requirement: "We confirm in writing, in plain language, at Stage 1: stage, definition, decision, reasons, remedy, outstanding actions and how to escalate.",
        measure: None,
    },
    Provision {
        code: "6.10",
        section: 6,
        requirement: "We move any part of a complaint still unresolved after Stage 1 to Stage 2, which is our final response.",
        measure: None,
    },
    Provision {
        code: "6.11",
        section: 6,
        requirement: "We acknowledge, define and log a Stage 2 escalation within 5 working days of receiving the request.",
        measure: Some(Measure::Stage2Acknowledged),
    },
    Provision {
        code: "6.12",
        section: 6,
        requirement: "We do not make residents justify escalating to Stage 2, but make reasonable efforts to understand why they remain unhappy.",
        measure: None,
    },
    Provision {
        code: "6.13",
        section: 6,
        requirement: "We make sure a different person from the Stage 1 handler considers the complaint at Stage 2.",
        measure: Some(Measure::ReviewerIndependent),
    },
    Provision {
        code: "6.14",
        section: 6,
        requirement: "We send our Stage 2 final response within 20 working days of acknowledging the escalation.",
        measure: Some(Measure::Stage2Responded),
    },
    Provision {
        code: "6.15",
        section: 6,
        requirement: "We may extend Stage 2 for a complex complaint, by no more than 20 working days without good reason, explaining why and giving the new date.",
        measure: Some(Measure::Stage2ExtensionsCapped),
    },
    Provision {
        code: "6.16",
        section: 6,
        requirement: "We give the resident the Housing Ombudsman’s contact details whenever we extend a Stage 2 timescale.",
        measure: None,
    },
    Provision {
        code: "6.17",
        section: 6,
        requirement: "We reply at Stage 2 once the answer is known rather than when follow-up work ends, tracking outstanding actions and updating the resident.",
        measure: None,
    },
    Provision {
        code: "6.18",
        section: 6,
        requirement: "We address every point in the complaint definition in our Stage 2 response, giving clear reasons and citing relevant policy, law and practice.",
        measure: None,
    },
    Provision {
        code: "6.19",
        section: 6,
        requirement: "We confirm in writing, in plain language, at Stage 2: stage, definition, decision, reasons, remedy, outstanding actions and the Ombudsman route.",
        measure: None,
    },
    Provision {
        code: "6.20",
        section: 6,
        requirement: "We treat Stage 2 as our final response and involve every member of staff needed to issue it.",
        measure: None,
    },
    Provision {
        code: "7.1",
        section: 7,
        requirement: "We admit when we get something wrong and set out what we have done or will do to fix it, e.g. apologise, change a decision or pay redress.",
        measure: None,
    },
    Provision {
        code: "7.2",
        section: 7,
        requirement: "We tailor any remedy to the impact our failings had on the resident.",
        measure: None,
    },
    Provision {
        code: "7.3",
        section: 7,
        requirement: "We state what the remedy involves and by when, agreeing it with the resident where appropriate, and see it through to completion.",
        measure: Some(Measure::RemediesFollowedThrough),
    },
    Provision {
        code: "7.4",
        section: 7,
        requirement: "We follow the Housing Ombudsman’s remedies guidance when deciding what remedy to offer.",
        measure: None,
    },
    Provision {
        code: "8.1",
        section: 8,
        requirement: "We produce an annual complaints performance and service improvement report: self-assessment, analysis, refusals, learning and Ombudsman findings.",
        measure: Some(Measure::AnnualReport),
    },
    Provision {
        code: "8.2",
        section: 8,
        requirement: "We report our annual complaints report to the governing body and publish it, with the board’s response, on our website’s complaints page.",
        measure: None,
    },
    Provision {
        code: "8.3",
        section: 8,
        requirement: "We repeat our self-assessment after any significant restructure, merger or change to our procedures.",
        measure: None,
    },
    Provision {
        code: "8.4",
        section: 8,
        requirement: "We review and update our self-assessment if the Housing Ombudsman asks us to after an investigation.",
        measure: None,
    },
    Provision {
        code: "8.5",
        section: 8,
        requirement: "We tell the Ombudsman and residents, publish it and give a return date if exceptional events (e.g. a cyber incident) stop us complying.",
        measure: Some(Measure::ExceptionalCircumstances),
    },
    Provision {
        code: "9.1",
        section: 9,
        requirement: "We look beyond each individual complaint to identify service improvements from what we learn.",
        measure: Some(Measure::LearningRecorded),
    },
    Provision {
        code: "9.2",
        section: 9,
        requirement: "We use complaints as intelligence to spot issues and drive positive changes to how we deliver services.",
        measure: None,
    },
    Provision {
        code: "9.3",
        section: 9,
        requirement: "We report wider learning and improvements from complaints to residents’ panels, staff, committees and other stakeholders.",
        measure: None,
    },
    Provision {
        code: "9.4",
        section: 9,
        requirement: "We appoint a suitably senior lead accountable for complaints, who reviews themes and trends for systemic issues, risks and policy changes.",
        measure: None,
    },
    Provision {
        code: "9.5",
        section: 9,
        requirement: "We appoint a Member Responsible for Complaints (MRC) from our governing body to lead on complaints and support a positive culture.",
        measure: None,
    },
    Provision {
        code: "9.6",
        section: 9,
        requirement: "We ensure our MRC gives the governing body regular complaints insight and has the information and staff access needed to report findings.",
        measure: None,
    },
    Provision {
        code: "9.7",
        section: 9,
        requirement: "We give our MRC and board regular data on volumes, categories, outcomes and trends, Ombudsman findings and orders, plus the annual report.",
        measure: None,
    },
    Provision {
        code: "9.8",
        section: 9,
        requirement: "We give all relevant staff and third parties a complaints objective: work together across teams, own shortfalls, meet professional standards.",
        measure: None,
    },
];

/// A provision Putright's records show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    ServiceRequestsRecorded,
    RefusalsReasoned,
    RefusalsExplained,
    ChannelsUsed,
    AdjustmentsRecorded,
    Stage1Acknowledged,
    Stage1Responded,
    Stage1ExtensionsCapped,
    Stage2Acknowledged,
    Stage2Responded,
    Stage2ExtensionsCapped,
    ReviewerIndependent,
    RemediesFollowedThrough,
    AnnualReport,
    ExceptionalCircumstances,
    LearningRecorded,
}

/// What the records say about a reporting year, counted by storage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentFacts {
    pub stage1: StageTimeliness,
    pub stage2: StageTimeliness,
    /// Complaints not accepted in the year, those with a recorded reason, and those sent
    /// the letter that explains the decision.
    pub refusals: u64,
    pub refusals_with_reason: u64,
    pub refusals_with_letter: u64,
    /// Channels complaints came through in the year.
    pub channels_used: u64,
    pub channels_offered: u64,
    /// Customers of the year's cases with reasonable adjustments recorded.
    pub customers_with_adjustments: u64,
    pub service_requests_received: u64,
    pub service_requests_open: u64,
    /// Stage 2 reviews begun in the year, and those whose reviewer handled Stage 1.
    pub stage2_reviews: u64,
    pub stage2_same_person: u64,
    /// Remedies agreed in the year: delivered, still owed, and owed past their date.
    pub remedies_done: u64,
    pub remedies_outstanding: u64,
    pub remedies_late: u64,
    /// Business-continuity periods overlapping the year, and those the Ombudsman was told of.
    pub continuity_periods: u64,
    pub continuity_ombudsman_told: u64,
    /// Complaints answered in the year with a root cause recorded, of all answered.
    pub root_causes: Share,
    pub improvement_actions: u64,
}

/// An answer filled in from the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    pub complies: Option<bool>,
    pub evidence: String,
}

fn of(share: Share) -> String {
    match share.percent() {
        Some(p) => format!("{p:.1}% ({} of {})", share.count, share.of),
        None => "none".to_owned(),
    }
}

/// "Yes" when every one met it, "no" when any did not, no answer with nothing to judge.
fn every(share: Share, none: &str, words: impl FnOnce(&str) -> String) -> Prefill {
    if share.of == 0 {
        return Prefill {
            complies: None,
            evidence: none.to_owned(),
        };
    }
    Prefill {
        complies: Some(share.count == share.of),
        evidence: words(&of(share)),
    }
}

fn extensions(stage: &StageTimeliness, which: &str) -> Prefill {
    let share = Share {
        count: stage.extended_within_cap,
        of: stage.extended,
    };
    every(
        share,
        &format!("No {which} response in the year came after an extension."),
        |s| {
            format!(
                "{s} of the {which} responses that came after an extension were within the Code's limit."
            )
        },
    )
}

impl Measure {
    /// The answer and evidence the records give for the year.
    pub fn prefill(self, f: &AssessmentFacts) -> Prefill {
        use Measure as M;
        match self {
            M::ServiceRequestsRecorded => Prefill {
                complies: Some(true),
                evidence: format!(
                    "{} service requests were recorded in the year and are monitored in the reports (volumes and age); {} were still open at the year's end.",
                    f.service_requests_received, f.service_requests_open
                ),
            },
            M::RefusalsReasoned => every(
                Share { count: f.refusals_with_reason, of: f.refusals },
                "No complaint was refused in the year.",
                |s| format!("{s} complaints not accepted in the year have their reason recorded."),
            ),
            M::RefusalsExplained => every(
                Share { count: f.refusals_with_letter, of: f.refusals },
                "No complaint was refused in the year.",
                |s| format!("{s} complaints not accepted in the year were sent the letter that explains why and the right to go to the Ombudsman."),
            ),
            M::ChannelsUsed => Prefill {
                complies: Some(true),
                evidence: format!(
                    "Complaints can be made online, by phone, letter, email, social media and in person; {} of the {} channels were used in the year.",
                    f.channels_used, f.channels_offered
                ),
            },
            M::AdjustmentsRecorded => Prefill {
                complies: Some(true),
                evidence: format!(
                    "The complaint form asks for reasonable adjustments and staff record what was done for each; {} customers of the year's cases had adjustments recorded.",
                    f.customers_with_adjustments
                ),
            },
            M::Stage1Acknowledged => every(
                f.stage1.acknowledge,
                "No Stage 1 complaint was acknowledged in the year.",
                |s| format!("{s} Stage 1 complaints acknowledged within 5 working days."),
            ),
            M::Stage1Responded => every(
                f.stage1.respond,
                "No Stage 1 response was due in the year.",
                |s| format!("{s} Stage 1 responses within the timescale (CH02)."),
            ),
            M::Stage1ExtensionsCapped => extensions(&f.stage1, "Stage 1"),
            M::Stage2Acknowledged => every(
                f.stage2.acknowledge,
                "No Stage 2 request was acknowledged in the year.",
                |s| format!("{s} Stage 2 requests acknowledged within 5 working days."),
            ),
            M::Stage2Responded => every(
                f.stage2.respond,
                "No Stage 2 response was due in the year.",
                |s| format!("{s} Stage 2 responses within the timescale (CH02)."),
            ),
            M::Stage2ExtensionsCapped => extensions(&f.stage2, "Stage 2"),
            M::ReviewerIndependent => {
                let independent = f.stage2_reviews.saturating_sub(f.stage2_same_person);
                every(
                    Share { count: independent, of: f.stage2_reviews },
                    "No Stage 2 review began in the year.",
                    |s| format!("{s} Stage 2 reviews were by someone other than the Stage 1 handler; Putright refuses to assign the Stage 1 handler as reviewer."),
                )
            }
            M::RemediesFollowedThrough => {
                let agreed = f.remedies_done + f.remedies_outstanding;
                if agreed == 0 {
                    Prefill {
                        complies: None,
                        evidence: "No remedy was agreed in the year.".to_owned(),
                    }
                } else {
                    Prefill {
                        complies: Some(f.remedies_late == 0),
                        evidence: format!(
                            "Of {agreed} remedies agreed in the year, {} are delivered and {} still owed, {} of them past their date; each is tracked to completion on the owner's work queue.",
                            f.remedies_done, f.remedies_outstanding, f.remedies_late
                        ),
                    }
                }
            }
            M::AnnualReport => Prefill {
                complies: Some(true),
                evidence: "The annual complaints performance and service improvement report is produced from the records and published with this self-assessment.".to_owned(),
            },
            M::ExceptionalCircumstances => {
                if f.continuity_periods == 0 {
                    Prefill {
                        complies: Some(true),
                        evidence: "No business-continuity period was declared in the year.".to_owned(),
                    }
                } else {
                    Prefill {
                        complies: Some(f.continuity_ombudsman_told == f.continuity_periods),
                        evidence: format!(
                            "{} business-continuity periods in the year, the Ombudsman told of {}; residents with open complaints were sent a notice and the notice was shown on our website.",
                            f.continuity_periods, f.continuity_ombudsman_told
                        ),
                    }
                }
            }
            M::LearningRecorded => Prefill {
                complies: (f.root_causes.of > 0).then_some(f.root_causes.count == f.root_causes.of),
                evidence: format!(
                    "{} complaints answered in the year have a root cause recorded; {} service-improvement actions were set.",
                    of(f.root_causes),
                    f.improvement_actions
                ),
            },
        }
    }
}

/// The longest evidence and commentary.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The shortest governing body's response.
pub const MIN_RESPONSE_CHARS: usize = 20;

/// One provision's answer as the complaints manager gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub complies: bool,
    pub evidence: String,
    pub commentary: String,
}

fn text(value: &str, field: &'static str, problems: &mut Vec<FieldError>) -> String {
    let kept = crate::text::paragraphs(value);
    if kept.chars().count() > MAX_TEXT_CHARS {
        problems.push(FieldError {
            field,
            message: format!("Keep it to {MAX_TEXT_CHARS} characters or fewer"),
        });
    }
    kept
}

impl Answer {
    /// An answer from the edit form: `complies` is `yes` or `no`; evidence is needed for
    /// "yes", commentary (why, what will be done and by when) for "no".
    pub fn from_form(complies: &str, evidence: &str, commentary: &str) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let complies = match complies.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                problems.push(FieldError {
                    field: "complies",
                    message: "Choose whether we comply with this provision".to_owned(),
                });
                None
            }
        };
        let evidence = text(evidence, "evidence", &mut problems);
        let commentary = text(commentary, "commentary", &mut problems);
        if complies == Some(true) && evidence.is_empty() {
            problems.push(FieldError {
                field: "evidence",
                message: "Give the evidence that we comply, for example where the policy says it"
                    .to_owned(),
            });
        }
        if complies == Some(false) && commentary.is_empty() {
            problems.push(FieldError {
                field: "commentary",
                message: "Say why we do not comply, what we will do and by when".to_owned(),
            });
        }
        match complies {
            Some(complies) if problems.is_empty() => Ok(Self {
                complies,
                evidence,
                commentary,
            }),
            _ => Err(FormErrors(problems)),
        }
    }
}

/// The governing body's response, checked.
pub fn board_response(text: &str) -> Result<String, FormErrors> {
    let kept = crate::text::paragraphs(text);
    let fail = |message: String| {
        Err(FormErrors(vec![FieldError {
            field: "response",
            message,
        }]))
    };
    if kept.chars().count() < MIN_RESPONSE_CHARS {
        return fail(
            "Write the governing body's response to the self-assessment and the annual report"
                .to_owned(),
        );
    }
    if kept.chars().count() > MAX_TEXT_CHARS {
        return fail(format!("Keep it to {MAX_TEXT_CHARS} characters or fewer"));
    }
    Ok(kept)
}

/// The provision `code` names.
pub fn provision(code: &str) -> Option<&'static Provision> {
    PROVISIONS.iter().find(|p| p.code == code)
}

/// The provisions without an answer, given the answers kept and the year's facts: what
/// stops approval.
pub fn unanswered(
    answered: impl Fn(&str) -> bool,
    facts: &AssessmentFacts,
) -> Vec<&'static Provision> {
    PROVISIONS
        .iter()
        .filter(|p| {
            !answered(p.code)
                && p.measure
                    .is_none_or(|m| m.prefill(facts).complies.is_none())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provision_is_listed_once_in_order_within_a_section_of_the_code() {
        let mut seen = std::collections::HashSet::new();
        let mut last = (0u8, 0u32);
        for p in PROVISIONS {
            assert!(seen.insert(p.code), "{} twice", p.code);
            let (section, number) = p.code.split_once('.').expect("a dotted code");
            let section: u8 = section.parse().expect("a section");
            let number: u32 = number.parse().expect("a number");
            assert_eq!(section, p.section, "{}", p.code);
            assert!(SECTIONS.iter().any(|s| s.number == section), "{}", p.code);
            assert!((section, number) > last, "{} out of order", p.code);
            last = (section, number);
            assert!(
                !p.requirement.is_empty() && p.requirement.chars().count() <= 160,
                "{}",
                p.code
            );
            assert!(
                p.requirement.starts_with("We ")
                    || p.requirement.starts_with("Our ")
                    || p.requirement.starts_with("On ")
                    || p.requirement.starts_with("When ")
                    || p.requirement.starts_with("If ")
                    || p.requirement.starts_with("Where ")
                    || p.requirement.starts_with("For ")
                    || p.requirement.starts_with("Any ")
                    || p.requirement.starts_with("A "),
                "{}",
                p.code
            );
        }
        for s in SECTIONS {
            assert!(
                PROVISIONS.iter().any(|p| p.section == s.number),
                "section {}",
                s.number
            );
        }
        assert_eq!(
            provision("6.13").and_then(|p| p.measure),
            Some(Measure::ReviewerIndependent)
        );
        assert_eq!(provision("9.99"), None);
    }

    fn facts() -> AssessmentFacts {
        AssessmentFacts {
            stage1: StageTimeliness {
                acknowledge: Share { count: 40, of: 40 },
                respond: Share { count: 38, of: 40 },
                ..StageTimeliness::default()
            },
            refusals: 3,
            refusals_with_reason: 3,
            refusals_with_letter: 2,
            stage2_reviews: 5,
            ..AssessmentFacts::default()
        }
    }

    #[test]
    fn the_records_say_yes_only_when_every_case_met_it_and_nothing_without_a_case() {
        let f = facts();
        let ack = Measure::Stage1Acknowledged.prefill(&f);
        assert_eq!(ack.complies, Some(true));
        assert_eq!(
            ack.evidence,
            "100.0% (40 of 40) Stage 1 complaints acknowledged within 5 working days."
        );
        let respond = Measure::Stage1Responded.prefill(&f);
        assert_eq!(respond.complies, Some(false));
        assert!(respond.evidence.starts_with("95.0% (38 of 40)"));
        assert_eq!(Measure::RefusalsReasoned.prefill(&f).complies, Some(true));
        assert_eq!(Measure::RefusalsExplained.prefill(&f).complies, Some(false));
        assert_eq!(
            Measure::Stage2Acknowledged.prefill(&f).complies,
            None,
            "no Stage 2 case"
        );
        assert_eq!(
            Measure::ReviewerIndependent.prefill(&f).complies,
            Some(true)
        );
        let shared = AssessmentFacts {
            stage2_same_person: 1,
            ..f.clone()
        };
        assert_eq!(
            Measure::ReviewerIndependent.prefill(&shared).complies,
            Some(false)
        );
        assert_eq!(
            Measure::ExceptionalCircumstances.prefill(&f).complies,
            Some(true)
        );
        let untold = AssessmentFacts {
            continuity_periods: 1,
            ..f
        };
        assert_eq!(
            Measure::ExceptionalCircumstances.prefill(&untold).complies,
            Some(false)
        );
    }

    #[test]
    fn an_answer_needs_evidence_for_yes_and_a_plan_for_no() {
        assert_eq!(
            Answer::from_form("", "", "")
                .unwrap_err()
                .0
                .iter()
                .map(|e| e.field)
                .collect::<Vec<_>>(),
            ["complies"]
        );
        assert!(
            Answer::from_form("yes", " ", "")
                .unwrap_err()
                .for_field("evidence")
                .is_some()
        );
        assert!(
            Answer::from_form("no", "", "")
                .unwrap_err()
                .for_field("commentary")
                .is_some()
        );
        let no = Answer::from_form("no", "", "We will publish the policy by 1 June 2027.").unwrap();
        assert!(!no.complies);
        assert!(Answer::from_form("yes", &"x".repeat(MAX_TEXT_CHARS + 1), "").is_err());
        assert!(board_response("Fine.").is_err());
        assert!(
            board_response("The board accepts the self-assessment and asks for quarterly updates.")
                .is_ok()
        );
    }

    #[test]
    fn approval_waits_for_every_provision_the_records_cannot_answer() {
        let f = facts();
        let open = unanswered(|_| false, &f);
        assert!(
            open.iter().any(|p| p.code == "1.2"),
            "no measure: the complaints manager answers"
        );
        assert!(
            open.iter().any(|p| p.code == "6.11"),
            "a measure with nothing to judge by"
        );
        assert!(
            !open.iter().any(|p| p.code == "6.2"),
            "the records answer it"
        );
        assert!(unanswered(|_| true, &f).is_empty());
    }
}
