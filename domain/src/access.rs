//! Who may do what (SPEC section 1), as one pure function.
//!
//! The server calls [`check`] before every action; the UI calls [`permits`] to show only
//! the buttons that will work. A decision depends on the actor's role and their relation to
//! the case, never on anything the browser could forge beyond that.
//!
//! Choices we made where SPEC is silent: staff may view any case (complaints move between
//! teams); a manager acts on Stage 1 only for cases they handle, while the complaints
//! manager may act on any; the Stage 2 response is sent by the assigned reviewer; admins
//! and board members see no case at all; a representative acts exactly like the resident
//! once staff have confirmed their authority, but cannot appoint a further representative;
//! information is added by the customer's side or by officers and managers (recording what
//! the customer told them), on any case they may see; involved customers' (tenant panel)
//! accounts are made by an admin or the complaints manager, who runs the panel's
//! invitations and approves the redacted review file a panel member reads; history from the previous system is imported by an admin or the
//! complaints manager; the outbox (every message sent, customers' letters included) is read
//! by admins, who set up the mail server, and the complaints manager, who answers for what
//! customers were sent; who looked at a case (`ReadCaseViews`) is read by the complaints
//! manager, who answers for the handling of personal data in complaints; accounts (any role's) are disabled, enabled, sent a link to set a
//! new password and signed out everywhere by admins only; everyone may change their own
//! password; the year's self-assessment against the Code is answered by the complaints
//! manager and approved (which publishes it) by the board member, the Member Responsible
//! for Complaints; business-continuity periods are part of the calendar, which admins
//! manage; the root-cause categories staff choose from are kept by admins and the
//! complaints manager, who answers for what the learning report says; the integration
//! API's clients (`clients`: a token with a role and scopes) are made and revoked by admins
//! only, who already decide every account's role, and never by the complaints manager, whose
//! own role a client may hold.

pub mod accounts;
pub mod clients;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lifecycle::Actor;
use crate::role::Role;

/// A representative's standing on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    #[default]
    None,
    /// Named by the resident, but staff have not recorded confirmation yet.
    AwaitingConfirmation,
    Confirmed,
}

/// How the actor stands to the case in hand (all false/none for actions on no case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CaseRelation {
    /// The customer the case is about.
    pub is_customer: bool,
    pub representative: Authority,
    /// Stage 1 handler.
    pub is_handler: bool,
    /// Stage 2 reviewer.
    pub is_reviewer: bool,
    /// An involved customer invited to this case's review.
    pub is_invited_panel_member: bool,
}

impl CaseRelation {
    pub const NONE: CaseRelation = CaseRelation {
        is_customer: false,
        representative: Authority::None,
        is_handler: false,
        is_reviewer: false,
        is_invited_panel_member: false,
    };

    fn acts_for_customer(&self) -> bool {
        self.is_customer || self.representative == Authority::Confirmed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // Not about one case.
    MakeOwnCase,
    LogCaseForCustomer,
    ViewReports,
    ManageUsers,
    ManagePolicies,
    ManageCalendar,
    ManageLetterTemplates,
    SetHousingStock,
    /// Set the landlord's own name, address, phone and email (`/admin/landlord`).
    SetLandlordDetails,
    /// Answer the year's self-assessment against the Complaint Handling Code, provision by
    /// provision (`domain::self_assessment`): the complaints manager.
    EditSelfAssessment,
    /// Approve the year's self-assessment with the governing body's response, which
    /// publishes it: the board member.
    ApproveSelfAssessment,
    /// Add service-improvement actions, change, reassign and reopen them and mark them done
    /// (the learning page).
    ManageLearning,
    /// Add, rename, retire and restore the root-cause categories staff choose when they
    /// answer a complaint (`/admin/root-causes`): an administrator or the complaints manager.
    ManageRootCauses,
    /// Make accounts for involved customers (tenant panel members) and see who is on the
    /// panel.
    ManagePanel,
    /// Bring in cases from the landlord's previous system (`/admin/import`).
    ImportHistory,
    /// Read every message sent or waiting to be sent (`/admin/outbox`).
    ReadOutbox,
    /// Have a work queue of one's own: cases, calls to make, remedies owed, warnings.
    UseWorkQueue,
    /// Make the calls that wait with nobody: a letter an integration sent to a customer who
    /// asked to be phoned, on a case that had no owner yet. They wait on the complaints
    /// manager's work queue, with the new cases to hand out.
    MakeUnownedCalls,
    /// Read who looked at a case's personal data (staff and panel members' views).
    ReadCaseViews,
    /// Disable and enable any account, send it a link to set a new password, and end all its
    /// sessions (`/admin/accounts`).
    ManageAccounts,
    /// Change one's own password (`/account/password`): anyone signed in.
    ChangeOwnPassword,
    /// Set how long personal data is kept and see what is due for erasure
    /// (`/admin/retention`, `domain::retention`): an administrator or the complaints manager.
    ManageRetention,
    /// Keep the integrations with other systems, API clients and webhooks: make the API's
    /// clients, each a token with a role and scopes (`clients`), see the calls each made, and
    /// revoke them (`/admin/api-clients`); register webhooks, see their deliveries, and
    /// disable them (`/admin/webhooks`): an administrator only.
    ManageApiClients,
    // About one case.
    ViewCase,
    /// See a case as staff do: its full record, its steps, letters and the panel's part
    /// (the staff case page), as opposed to the customer's view of their own case.
    ViewCaseRecord,
    ViewRedactedCase,
    RecordContact,
    ResolveServiceRequest,
    Triage,
    Acknowledge,
    Extend,
    ApproveLongExtension,
    RespondStage1,
    AssignReviewer,
    InviteInvolvedCustomer,
    /// Check the redacted review file side by side with the case (redact or keep each
    /// flagged word) and approve it for the tenant panel.
    ApproveRedaction,
    RecordInvolvedView,
    SignOffStage2,
    RespondStage2,
    EscalateEarly,
    TrackRemedies,
    RecordOmbudsmanReferral,
    RequestReview,
    DeclineInvolvement,
    Withdraw,
    AuthoriseRepresentative,
    ConfirmRepresentative,
    /// Add more information to a case's timeline: the customer's side, or staff recording
    /// what the customer told them.
    AddInformation,
    /// Restrict how a customer contacts us, review the restriction and lift it
    /// (`domain::restriction`): managers and the complaints manager.
    RestrictContact,
    /// Record, review and remove a customer's vulnerability or risk flag
    /// (`domain::triage`): staff who work cases.
    FlagVulnerability,
    /// Set how pressing a case is (`domain::triage::Priority`): staff who work cases.
    SetPriority,
    /// Record what was done for a customer's reasonable adjustments and review them
    /// (`domain::triage::AdjustmentsReview`): staff who work cases.
    ReviewAdjustments,
    /// Agree how often the customer hears from us and record each update
    /// (`domain::updates`): staff who work cases.
    KeepInformed,
    /// Place a legal hold on a case so the retention schedule keeps it, and lift it: the
    /// complaints manager.
    HoldCase,
    /// Answer a subject access request: download everything held about one person, other
    /// people's details removed (`/staff/customers/{id}/data`): the complaints manager.
    ExportPersonalData,
    /// Correct a customer's contact details when they tell us one is wrong
    /// (`domain::form::correction`): staff who work cases.
    CorrectDetails,
}

impl Action {
    pub const ALL: [Action; 56] = [
        Action::MakeOwnCase,
        Action::LogCaseForCustomer,
        Action::ViewReports,
        Action::ManageUsers,
        Action::ManagePolicies,
        Action::ManageCalendar,
        Action::ManageLetterTemplates,
        Action::SetHousingStock,
        Action::SetLandlordDetails,
        Action::ManageLearning,
        Action::ManageRootCauses,
        Action::ManagePanel,
        Action::ImportHistory,
        Action::ReadOutbox,
        Action::UseWorkQueue,
        Action::MakeUnownedCalls,
        Action::ReadCaseViews,
        Action::ManageAccounts,
        Action::ChangeOwnPassword,
        Action::ViewCase,
        Action::ViewCaseRecord,
        Action::ViewRedactedCase,
        Action::RecordContact,
        Action::ResolveServiceRequest,
        Action::Triage,
        Action::Acknowledge,
        Action::Extend,
        Action::ApproveLongExtension,
        Action::RespondStage1,
        Action::AssignReviewer,
        Action::InviteInvolvedCustomer,
        Action::ApproveRedaction,
        Action::RecordInvolvedView,
        Action::SignOffStage2,
        Action::RespondStage2,
        Action::EscalateEarly,
        Action::TrackRemedies,
        Action::RecordOmbudsmanReferral,
        Action::RequestReview,
        Action::DeclineInvolvement,
        Action::Withdraw,
        Action::AuthoriseRepresentative,
        Action::ConfirmRepresentative,
        Action::AddInformation,
        Action::RestrictContact,
        Action::FlagVulnerability,
        Action::SetPriority,
        Action::ReviewAdjustments,
        Action::KeepInformed,
        Action::EditSelfAssessment,
        Action::ApproveSelfAssessment,
        Action::ManageRetention,
        Action::ManageApiClients,
        Action::HoldCase,
        Action::ExportPersonalData,
        Action::CorrectDetails,
    ];
}

/// Why an action was refused; the server maps any of these to "forbidden".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Denied {
    #[error("You can only see and act on your own cases")]
    NotYourCase,
    #[error("We need to confirm you can act for this customer before you can see their case")]
    AuthorityNotConfirmed,
    #[error("You can only see reviews you have been invited to")]
    NotInvited,
    #[error("This case is handled by someone else: ask them or the complaints manager")]
    NotAssigned,
    #[error("Your role does not allow this: ask the complaints manager")]
    RoleCannot,
    #[error(
        "Only the customer or their representative makes this choice here: record what they asked through the case's steps"
    )]
    CustomersOwnChoice,
}

pub fn permits(actor: &Actor, relation: &CaseRelation, action: Action) -> bool {
    check(actor, relation, action).is_ok()
}

/// Whether someone in `role` may take an action that concerns no one case: open a page,
/// read the reports. The header offers a page only when this says yes.
pub fn role_may(role: Role, action: Action) -> bool {
    permits(&Actor::new("", role), &CaseRelation::NONE, action)
}

/// The customer's own choices (withdraw, ask for a review, say no to an involved customer,
/// and take either back), made on the customer's pages in their own words. Staff record a
/// withdrawal, its taking back or a review request for a customer who phoned or wrote
/// through the case's steps, which take a note and name who recorded them; the customer's
/// pages are not theirs to use.
pub fn check_in_own_name(
    actor: &Actor,
    relation: &CaseRelation,
    action: Action,
) -> Result<(), Denied> {
    check(actor, relation, action)?;
    if actor.role == Role::Resident && relation.acts_for_customer() {
        Ok(())
    } else {
        Err(Denied::CustomersOwnChoice)
    }
}

pub fn check(actor: &Actor, relation: &CaseRelation, action: Action) -> Result<(), Denied> {
    use Action as A;
    let allow = |ok: bool, why: Denied| if ok { Ok(()) } else { Err(why) };
    if action == A::ChangeOwnPassword {
        return Ok(());
    }
    match actor.role {
        Role::Resident => {
            let customer_side = matches!(
                action,
                A::ViewCase
                    | A::RequestReview
                    | A::DeclineInvolvement
                    | A::Withdraw
                    | A::AddInformation
            );
            match action {
                A::MakeOwnCase => Ok(()),
                A::AuthoriseRepresentative => allow(relation.is_customer, Denied::NotYourCase),
                _ if customer_side => {
                    if relation.acts_for_customer() {
                        Ok(())
                    } else if relation.representative == Authority::AwaitingConfirmation {
                        Err(Denied::AuthorityNotConfirmed)
                    } else {
                        Err(Denied::NotYourCase)
                    }
                }
                _ => Err(Denied::RoleCannot),
            }
        }
        Role::InvolvedCustomer => match action {
            A::ViewRedactedCase | A::RecordInvolvedView => {
                allow(relation.is_invited_panel_member, Denied::NotInvited)
            }
            _ => Err(Denied::RoleCannot),
        },
        Role::BoardMember => allow(
            matches!(action, A::ViewReports | A::ApproveSelfAssessment),
            Denied::RoleCannot,
        ),
        Role::Admin => allow(
            matches!(
                action,
                A::ManageUsers
                    | A::ManageAccounts
                    | A::ManagePolicies
                    | A::ManageCalendar
                    | A::ManageLetterTemplates
                    | A::SetHousingStock
                    | A::SetLandlordDetails
                    | A::ManageRootCauses
                    | A::ManageRetention
                    | A::ManageApiClients
                    | A::ManagePanel
                    | A::ImportHistory
                    | A::ReadOutbox
                    | A::ViewReports
            ),
            Denied::RoleCannot,
        ),
        Role::HeadOfService => allow(
            matches!(
                action,
                A::ViewCase
                    | A::ViewCaseRecord
                    | A::UseWorkQueue
                    | A::ViewRedactedCase
                    | A::SignOffStage2
                    | A::ViewReports
            ),
            Denied::RoleCannot,
        ),
        Role::Officer | Role::Manager | Role::ComplaintsManager => {
            staff(actor.role, relation, action)
        }
    }
}

fn staff(role: Role, relation: &CaseRelation, action: Action) -> Result<(), Denied> {
    use Action as A;
    let cm = role == Role::ComplaintsManager;
    let manager = role == Role::Manager || cm;
    match action {
        A::LogCaseForCustomer
        | A::UseWorkQueue
        | A::ViewCase
        | A::ViewCaseRecord
        | A::ViewRedactedCase
        | A::RecordContact
        | A::ResolveServiceRequest
        | A::ConfirmRepresentative
        | A::AddInformation
        | A::FlagVulnerability
        | A::SetPriority
        | A::ReviewAdjustments
        | A::KeepInformed
        | A::CorrectDetails
        | A::ViewReports => Ok(()),
        A::ManageLearning | A::RestrictContact if manager => Ok(()),
        // Recorded for the customer, who asked by phone, letter or in person: the request is
        // theirs, and the timeline names the member of staff who recorded it.
        A::RequestReview | A::Withdraw => Ok(()),
        A::Acknowledge | A::Extend | A::RespondStage1 | A::TrackRemedies | A::EscalateEarly
            if manager =>
        {
            if cm || relation.is_handler {
                Ok(())
            } else {
                Err(Denied::NotAssigned)
            }
        }
        A::RespondStage2 if cm => {
            if relation.is_reviewer {
                Ok(())
            } else {
                Err(Denied::NotAssigned)
            }
        }
        A::Triage
        | A::MakeUnownedCalls
        | A::ApproveLongExtension
        | A::AssignReviewer
        | A::InviteInvolvedCustomer
        | A::ApproveRedaction
        | A::ManagePanel
        | A::ImportHistory
        | A::ReadOutbox
        | A::RecordOmbudsmanReferral
        | A::ReadCaseViews
        | A::EditSelfAssessment
        | A::ManageRootCauses
        | A::ManageRetention
        | A::HoldCase
        | A::ExportPersonalData
            if cm =>
        {
            Ok(())
        }
        _ => Err(Denied::RoleCannot),
    }
}

#[cfg(test)]
mod tests;
