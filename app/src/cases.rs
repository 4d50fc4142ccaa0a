//! Reading cases: a resident's list and a case page, authorised through the domain's
//! who-may-do-what rules.
//!
//! Every case server function goes through [`guard::case_access`]: it finds the case, asks
//! storage how the signed-in person stands to it, and asks `domain::access` whether they
//! may act. Someone who may not see a case gets exactly the answer for a case that does not
//! exist.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A line of "Your cases".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub received_on: String,
    /// The next date we owe the customer something, written out; `None` when nothing is due.
    pub next_due: Option<String>,
    pub summary: String,
}

/// One entry of a case's timeline, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineLine {
    /// "Tuesday 31 December 2024 at 14:05", London time.
    pub when: String,
    pub text: String,
    /// A note, the summary of a contact or added information.
    pub detail: Option<String>,
    /// Staff see who did it; residents do not.
    pub by: Option<String>,
}

/// A case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub received_on: String,
    pub channel: String,
    pub next_due: Option<String>,
    /// What happens next, in a sentence (the domain's words).
    pub next: String,
    /// Our latest written answer and every promise with its progress, once we answered.
    pub answer: Option<AnswerView>,
    /// The case is open (or with the Ombudsman); `false` once it has ended.
    pub open: bool,
    /// How to reach the landlord, on a case that has ended.
    pub contact_us: Option<domain::landlord::Landlord>,
    /// The last day the reader may take back the customer's withdrawal, written out.
    pub may_take_back_withdrawal_until: Option<String>,
    /// Were the case withdrawn today, the last day it could be taken back, written out.
    pub take_back_until_if_withdrawn_today: Option<String>,
    /// The customer said no to an involved customer and may take that back.
    pub may_take_back_decline: bool,
    pub what_happened: String,
    pub outcomes_sought: Option<String>,
    pub timeline: Vec<TimelineLine>,
    /// The reader may ask for a review now (the domain allows it and so does the phase).
    pub may_ask_for_review: bool,
    /// The reader may withdraw the case now.
    pub may_withdraw: bool,
    /// The reader may say they do not want an involved customer at the review (a complaint
    /// at Stage 2 or before, not declined already, not with the Ombudsman).
    pub may_decline_involvement: bool,
    /// An involved customer (a tenant panel member) has been invited to the review.
    pub involved_customer_taking_part: bool,
    /// The reader may name someone to act for the customer.
    pub may_name_representative: bool,
    /// The reader may add more information to the timeline.
    pub may_add_information: bool,
    /// The people named to act for the customer, with where their authority stands.
    pub representatives: Vec<RepresentativeLine>,
    /// How to go to the Housing Ombudsman, when the customer should see it: the complaint
    /// was answered, not accepted, extended, or has ended.
    pub ombudsman: Option<domain::landlord::OmbudsmanContact>,
    /// The version read, to name when saving (optimistic concurrency).
    pub version: i32,
}

/// Our answer to a complaint, as its customer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    /// "We partly upheld your complaint: …"
    pub decision: String,
    /// "Stage 1 answer, sent on Friday 10 January 2025"
    pub sent: String,
    pub promises: Vec<PromiseLine>,
}

/// One thing we promised and how far we have got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseLine {
    pub what: String,
    pub progress: String,
    pub done: bool,
}

/// Someone named to act for the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepresentativeLine {
    pub name: String,
    pub relationship: Option<String>,
    /// Where their authority stands, in plain words.
    pub status: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod guard {
    use crate::auth::session;
    use crate::error::AppError;
    use domain::access::{Action, CaseRelation};
    use storage::accounts::Account;

    /// The signed-in person's standing on one case, after the domain allowed the action
    /// (`service::cases::reach`).
    pub struct CaseAccess {
        pub account: Account,
        pub relation: CaseRelation,
        /// Who asked, for the use cases.
        pub caller: service::Caller,
        /// The case as the service reached it, for the use cases.
        pub reached: service::cases::Reached,
    }

    impl CaseAccess {
        /// Records that the reader opened `what` of the case (`service::cases::note_view`).
        /// A view that cannot be recorded is not shown.
        pub async fn note_view(&self, what: storage::case_views::Viewed) -> Result<(), AppError> {
            let scope = crate::state::scope()?;
            service::cases::note_view(scope.ctx(), &self.caller, &self.reached, what).await?;
            Ok(())
        }
    }

    /// Finds the case by reference and checks `action` for the signed-in person.
    ///
    /// Not signed in: `Forbidden` (whatever the reference, so it reveals nothing). Not
    /// allowed to see the case at all, or no such case: `NotFound`, the same answer. Allowed
    /// to see it but not to do this: `Forbidden`.
    pub async fn case_access(reference: &str, action: Action) -> Result<CaseAccess, AppError> {
        let (account, caller) = session::account_and_caller().await?;
        let scope = crate::state::scope()?;
        let reached = service::cases::reach(scope.ctx(), &caller, reference, action).await?;
        Ok(CaseAccess::of(account, caller, reached))
    }

    /// [`case_access`] for a choice the customer makes in their own name
    /// (`domain::access::check_in_own_name`): the customer's pages are theirs alone.
    pub async fn case_access_in_own_name(
        reference: &str,
        action: Action,
    ) -> Result<CaseAccess, AppError> {
        let (account, caller) = session::account_and_caller().await?;
        let scope = crate::state::scope()?;
        let reached =
            service::cases::reach_in_own_name(scope.ctx(), &caller, reference, action).await?;
        Ok(CaseAccess::of(account, caller, reached))
    }

    /// A case a page shows: the reader's access to it, checked for `action`, and the case
    /// as read in a read-only transaction ([`crate::state::read_scope`]) that the page's
    /// other reads share.
    pub struct PageRead {
        pub access: CaseAccess,
        pub scope: crate::state::Scope,
        pub case: service::steps::OnCase,
    }

    /// Checks `action` on the case by reference for the signed-in person ([`case_access`])
    /// and reads the case for a page.
    pub async fn page_read(reference: &str, action: Action) -> Result<PageRead, AppError> {
        let access = case_access(reference, action).await?;
        let scope = crate::state::read_scope().await?;
        let case = service::steps::OnCase::read(scope.ctx(), &access.reached).await?;
        Ok(PageRead {
            access,
            scope,
            case,
        })
    }

    impl CaseAccess {
        fn of(account: Account, caller: service::Caller, reached: service::cases::Reached) -> Self {
            Self {
                relation: *reached.relation(),
                account,
                caller,
                reached,
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn written_date(date: chrono::NaiveDate) -> String {
    domain::deadlines::long_date(date)
}

#[cfg(feature = "ssr")]
fn london_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    domain::london::to_london(at).date()
}

/// The signed-in resident's cases, and those they act for with confirmed authority.
#[server(endpoint = "my_cases")]
pub async fn my_cases() -> Result<Vec<CaseLine>, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::read_scope().await?;
    let lines = service::cases::mine(scope.ctx(), &caller).await?;
    Ok(lines
        .into_iter()
        .map(|line| CaseLine {
            reference: line.reference.to_string(),
            kind: line.kind.label().to_owned(),
            status: line.status.to_owned(),
            received_on: written_date(london_date(line.received_at)),
            next_due: line.next_due.map(written_date),
            summary: line.summary,
        })
        .collect())
}

/// What the reader may see of one case (`service::cases::for_reader`).
#[server(endpoint = "read_case")]
pub async fn read_case(reference: String) -> Result<CaseView, AppError> {
    let read = guard::page_read(&reference, domain::access::Action::ViewCase).await?;
    case_view(&read.scope, &read.access.caller, &read.case).await
}

/// A case page: the case as [`read_case`] gives it, its files and its letters, read for
/// one check of the reader's access, in one read-only transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePageView {
    pub case: CaseView,
    pub files: crate::files::FileList,
    pub letters: Vec<crate::letters::LetterLine>,
}

#[server(endpoint = "case_page")]
pub async fn case_page(reference: String) -> Result<CasePageView, AppError> {
    let guard::PageRead {
        access,
        scope,
        case,
    } = guard::page_read(&reference, domain::access::Action::ViewCase).await?;
    Ok(CasePageView {
        case: case_view(&scope, &access.caller, &case).await?,
        files: crate::files::file_list(&scope, &access.caller, &case).await?,
        letters: crate::letters::letter_lines(&scope, &access.caller, &access.reached).await?,
    })
}

#[cfg(feature = "ssr")]
async fn case_view(
    scope: &crate::state::Scope,
    caller: &service::Caller,
    on_case: &service::steps::OnCase,
) -> Result<CaseView, AppError> {
    use crate::case_actions::rules;
    use domain::access::Authority;
    let service::cases::ForReader {
        sees_record: staff,
        timeline: entries,
        representatives,
        contact_us,
        ombudsman,
        choices,
    } = service::cases::for_reader(scope.ctx(), caller, on_case).await?;
    let stored = &on_case.stored;
    let timeline = entries
        .into_iter()
        .map(|entry| {
            let london = domain::london::to_london(entry.at);
            let detail = entry.item.detail();
            TimelineLine {
                when: format!(
                    "{} at {}",
                    written_date(london.date()),
                    london.format("%H:%M")
                ),
                text: entry.item.summary(),
                detail,
                by: if staff {
                    entry.actor_name.clone()
                } else {
                    None
                },
            }
        })
        .collect();
    let case = &stored.case;
    let representatives = representatives
        .into_iter()
        .map(|r| RepresentativeLine {
            name: r.name,
            relationship: r.relationship,
            status: match r.authority {
                Authority::Confirmed => "Confirmed: they can act for you",
                Authority::AwaitingConfirmation => "Waiting for us to confirm they can act for you",
                Authority::None => "Not able to act for you",
            }
            .to_owned(),
        })
        .collect();
    let today = london_date(scope.now);
    let calendar = scope.calendar.as_ref();
    let answer = rules::answer(case).map(|a| AnswerView {
        decision: a.decision().to_owned(),
        sent: format!(
            "{} answer, sent on {}",
            match a.stage {
                domain::policy::Stage::One => "Stage 1",
                domain::policy::Stage::Two => "Stage 2 (review)",
            },
            written_date(a.on)
        ),
        promises: a
            .promises
            .into_iter()
            .map(|p| PromiseLine {
                what: p.what,
                progress: p.progress,
                done: p.done,
            })
            .collect(),
    });
    Ok(CaseView {
        next: rules::what_happens_next(case, calendar),
        answer,
        open: contact_us.is_none(),
        contact_us,
        may_take_back_withdrawal_until: choices.take_back_withdrawal_until.map(written_date),
        take_back_until_if_withdrawn_today: rules::withdraw(case)
            .then(|| written_date(calendar.add_working_days(today, rules::TAKE_BACK_WORKING_DAYS))),
        may_take_back_decline: choices.take_back_decline,
        may_ask_for_review: choices.ask_for_review,
        may_withdraw: choices.withdraw,
        may_decline_involvement: choices.decline_involvement,
        involved_customer_taking_part: rules::involved_customer_taking_part(case),
        may_name_representative: choices.name_representative,
        may_add_information: choices.add_information,
        representatives,
        ombudsman,
        reference: stored.reference.to_string(),
        kind: stored.case.kind().label().to_owned(),
        status: stored.case.plain_status().to_owned(),
        received_on: written_date(london_date(stored.received_at)),
        channel: stored.channel.label().to_owned(),
        next_due: stored.case.next_due(calendar).map(written_date),
        what_happened: stored.details.what_happened.as_str().to_owned(),
        outcomes_sought: stored.details.outcomes_sought.clone(),
        timeline,
        version: stored.version,
    })
}
