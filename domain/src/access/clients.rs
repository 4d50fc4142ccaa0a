//! Integration clients: a housing-management system or a reporting tool that calls the API
//! with a token instead of a person signing in.
//!
//! A client holds a role, like an account, and a set of scopes its administrator granted.
//! An action is allowed when the scope it belongs to was granted *and* [`super::check`]
//! allows the client's role and relation to the case: a scope never widens what the role
//! may do, it only narrows it. Choices made where SPEC is silent: a client may hold a role
//! that works cases (officer, manager, complaints manager), the head of service's or the
//! board's (figures only); never a resident's, a panel member's or an administrator's, so no
//! token can manage accounts or speak for a customer. Actions outside every scope (the
//! admin pages, a customer's own choices, the panel's review) are never open to a client.

use serde::{Deserialize, Serialize};

use super::{Action, CaseRelation, Denied, check};
use crate::lifecycle::Actor;
use crate::role::Role;

/// What an administrator grants an API client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read cases: status, deadlines, timeline; list cases changed since a cursor.
    ReadCases,
    /// Log new cases for customers, from any channel.
    CreateCases,
    /// Take the staff steps of the procedure on cases.
    TakeSteps,
    /// Read the complaint-handling figures and the Tenant Satisfaction Measures.
    Reports,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::ReadCases,
        Scope::CreateCases,
        Scope::TakeSteps,
        Scope::Reports,
    ];

    /// The stable name used in storage, in the API and its documentation.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ReadCases => "cases:read",
            Scope::CreateCases => "cases:create",
            Scope::TakeSteps => "cases:steps",
            Scope::Reports => "reports:read",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// What the scope allows, in words for the admin page.
    pub fn describe(self) -> &'static str {
        match self {
            Scope::ReadCases => "Read cases, their deadlines and timelines",
            Scope::CreateCases => "Log new cases for customers",
            Scope::TakeSteps => "Take the procedure's steps on cases",
            Scope::Reports => "Read the complaint figures and Tenant Satisfaction Measures",
        }
    }

    /// The scope an action belongs to, or `None` when no client may ever take it.
    pub fn of(action: Action) -> Option<Scope> {
        use Action as A;
        match action {
            A::ViewCase | A::ViewCaseRecord => Some(Scope::ReadCases),
            A::LogCaseForCustomer => Some(Scope::CreateCases),
            A::ViewReports => Some(Scope::Reports),
            A::RecordContact
            | A::ResolveServiceRequest
            | A::Triage
            | A::Acknowledge
            | A::Extend
            | A::ApproveLongExtension
            | A::RespondStage1
            | A::AssignReviewer
            | A::SignOffStage2
            | A::RespondStage2
            | A::EscalateEarly
            | A::TrackRemedies
            | A::RecordOmbudsmanReferral
            | A::AddInformation
            | A::KeepInformed
            | A::SetPriority => Some(Scope::TakeSteps),
            _ => None,
        }
    }
}

/// Whether an API client may hold `role` (see the module's note).
pub fn client_may_hold(role: Role) -> bool {
    matches!(
        role,
        Role::Officer
            | Role::Manager
            | Role::ComplaintsManager
            | Role::HeadOfService
            | Role::BoardMember
    )
}

/// Why a client's call was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientDenied {
    /// The token was not granted the scope this needs.
    ScopeMissing(Scope),
    /// No client may do this, whatever its scopes.
    NotForClients,
    /// The scope is granted, but the role or the relation to the case does not allow it.
    Denied(Denied),
}

/// The one check for a client's call: the scope, then the role and relation.
pub fn check_client(
    actor: &Actor,
    scopes: &[Scope],
    relation: &CaseRelation,
    action: Action,
) -> Result<(), ClientDenied> {
    if !client_may_hold(actor.role) {
        return Err(ClientDenied::NotForClients);
    }
    let scope = Scope::of(action).ok_or(ClientDenied::NotForClients)?;
    if !scopes.contains(&scope) {
        return Err(ClientDenied::ScopeMissing(scope));
    }
    check(actor, relation, action).map_err(ClientDenied::Denied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn relation() -> impl Strategy<Value = CaseRelation> {
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(c, h, r, p, rep)| CaseRelation {
                is_customer: c,
                representative: if rep {
                    super::super::Authority::Confirmed
                } else {
                    super::super::Authority::None
                },
                is_handler: h,
                is_reviewer: r,
                is_invited_panel_member: p,
            })
    }

    proptest! {
        /// A client never does more than a person of its role could, nor anything outside
        /// the scopes it was granted.
        #[test]
        fn a_client_is_never_allowed_more_than_its_role_or_its_scopes(
            role in prop::sample::select(Role::ALL.to_vec()),
            action in prop::sample::select(Action::ALL.to_vec()),
            granted in prop::collection::vec(prop::sample::select(Scope::ALL.to_vec()), 0..4),
            relation in relation(),
        ) {
            let actor = Actor::new("client", role);
            if check_client(&actor, &granted, &relation, action).is_ok() {
                prop_assert!(check(&actor, &relation, action).is_ok());
                prop_assert!(client_may_hold(role));
                prop_assert!(granted.contains(&Scope::of(action).expect("scoped")));
            }
        }
    }

    #[test]
    fn a_token_cannot_manage_accounts_or_speak_for_a_customer() {
        let cm = Actor::new("client", Role::ComplaintsManager);
        for action in [
            Action::ManageAccounts,
            Action::ManageUsers,
            Action::Withdraw,
            Action::RequestReview,
            Action::ExportPersonalData,
            Action::ImportHistory,
        ] {
            assert_eq!(
                check_client(&cm, &Scope::ALL, &CaseRelation::NONE, action),
                Err(ClientDenied::NotForClients),
                "{action:?}"
            );
        }
        let admin = Actor::new("client", Role::Admin);
        assert_eq!(
            check_client(
                &admin,
                &Scope::ALL,
                &CaseRelation::NONE,
                Action::ViewReports
            ),
            Err(ClientDenied::NotForClients)
        );
    }

    #[test]
    fn each_use_needs_its_own_scope() {
        let officer = Actor::new("client", Role::Officer);
        assert_eq!(
            check_client(
                &officer,
                &[Scope::ReadCases],
                &CaseRelation::NONE,
                Action::LogCaseForCustomer
            ),
            Err(ClientDenied::ScopeMissing(Scope::CreateCases))
        );
        assert_eq!(
            check_client(
                &officer,
                &[Scope::CreateCases],
                &CaseRelation::NONE,
                Action::LogCaseForCustomer
            ),
            Ok(())
        );
        // A scope does not widen the role: an officer cannot respond at Stage 1.
        assert_eq!(
            check_client(
                &officer,
                &Scope::ALL,
                &CaseRelation::NONE,
                Action::RespondStage1
            ),
            Err(ClientDenied::Denied(Denied::RoleCannot))
        );
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
    }
}
