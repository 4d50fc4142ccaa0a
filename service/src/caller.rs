//! Who is asking, established once per request: a person signed in, or an integration
//! client holding a token. Every use case asks [`Caller::may`], which is
//! `domain::access::check` for a person and `domain::access::clients::check_client` (the
//! client's scopes, then its role) for a client: the one way in for permissions.

use domain::access::clients::{ClientDenied, Scope, check_client};
use domain::access::{Action, CaseRelation, check};
use domain::{Actor, Role};
use storage::Db;
use storage::accounts::Account;
use storage::api_clients::ApiClient;
use storage::cases::{CaseId, Who};

use crate::ServiceError;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Person,
    Client {
        id: i32,
        scopes: Vec<Scope>,
    },
    /// Whoever runs the `putright` command on the server itself.
    Operator,
}

/// The asker of a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    actor: Actor,
    user_id: Option<i32>,
    name: String,
    kind: Kind,
}

/// The caller as the log names them: `user:12` or `client:3`.
impl std::fmt::Display for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.kind, self.user_id) {
            (Kind::Client { id, .. }, _) => write!(f, "client:{id}"),
            (Kind::Operator, _) => f.write_str("operator"),
            (Kind::Person, Some(id)) => write!(f, "user:{id}"),
            (Kind::Person, None) => f.write_str("someone"),
        }
    }
}

impl Caller {
    /// A person signed in with their account.
    pub fn person(account: &Account) -> Self {
        Self {
            actor: Actor::new(account.id.to_string(), account.role),
            user_id: Some(account.id),
            name: account.display_name.clone(),
            kind: Kind::Person,
        }
    }

    /// An integration client, from its (checked, unrevoked) token.
    pub fn client(client: &ApiClient) -> Self {
        Self {
            actor: Actor::new(format!("client:{}", client.id), client.role),
            user_id: None,
            name: client.name.clone(),
            kind: Kind::Client {
                id: client.id,
                scopes: client.scopes.clone(),
            },
        }
    }

    /// Whoever runs the `putright` command on the server (`putright close-day`, say). They
    /// hold the database itself, so they act with an administrator's rights; the records
    /// name no account ("From the command line").
    pub fn operator() -> Self {
        Self {
            actor: Actor::new("operator", Role::Admin),
            user_id: None,
            name: "From the command line".to_owned(),
            kind: Kind::Operator,
        }
    }

    /// The caller as the domain's access rules see it.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The person's display name, or the client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role(&self) -> Role {
        self.actor.role
    }

    /// The person's account, for a person.
    pub fn user_id(&self) -> Option<i32> {
        self.user_id
    }

    /// The person's account, for what only a person signed in does (a record that names
    /// them, their own work); `Forbidden` for a client or the operator.
    pub fn account_id(&self) -> Result<i32, ServiceError> {
        match (&self.kind, self.user_id) {
            (Kind::Person, Some(id)) => Ok(id),
            _ => Err(ServiceError::Forbidden(
                "only a person signed in does this".to_owned(),
            )),
        }
    }

    /// `Ok` only for the operator at the server's own command line, for what is handed to
    /// whoever holds the server itself and to nobody signed in (a link that sets another
    /// person's password, printed rather than e-mailed).
    pub fn at_the_terminal(&self) -> Result<(), ServiceError> {
        match self.kind {
            Kind::Operator => Ok(()),
            Kind::Person | Kind::Client { .. } => Err(ServiceError::Forbidden(
                "only the server's operator does this, at its command line".to_owned(),
            )),
        }
    }

    /// The client's id, for an integration client.
    pub fn client_id(&self) -> Option<i32> {
        match self.kind {
            Kind::Client { id, .. } => Some(id),
            Kind::Person | Kind::Operator => None,
        }
    }

    /// How the timeline names what the caller did: a person by their account, a client by
    /// its name, marked as an integration.
    pub fn who(&self) -> Who {
        match self.kind {
            Kind::Person | Kind::Operator => Who {
                user_id: self.user_id,
                role: Some(self.actor.role),
                name: Some(self.name.clone()),
            },
            Kind::Client { .. } => Who {
                user_id: None,
                role: Some(self.actor.role),
                name: Some(format!("{} (integration)", self.name)),
            },
        }
    }

    /// The one permission check: `Ok` when the caller may take `action` standing to the
    /// case as `relation`.
    pub fn may(&self, relation: &CaseRelation, action: Action) -> Result<(), ServiceError> {
        let answer = self.answer(relation, action);
        if let Err(refused) = &answer {
            tracing::info!(caller = %self, ?action, %refused, "refused");
        }
        answer
    }

    fn answer(&self, relation: &CaseRelation, action: Action) -> Result<(), ServiceError> {
        match &self.kind {
            Kind::Person | Kind::Operator => check(&self.actor, relation, action)
                .map_err(|denied| ServiceError::Forbidden(denied.to_string())),
            Kind::Client { scopes, .. } => check_client(&self.actor, scopes, relation, action)
                .map_err(|denied| {
                    ServiceError::Forbidden(match denied {
                        ClientDenied::ScopeMissing(scope) => {
                            format!("This token was not granted the scope {}", scope.as_str())
                        }
                        ClientDenied::NotForClients => {
                            "Integration clients cannot do this".to_owned()
                        }
                        ClientDenied::Denied(denied) => denied.to_string(),
                    })
                }),
        }
    }

    /// [`Caller::may`] for a choice a customer makes in their own name on their pages
    /// (`domain::access::check_in_own_name`): never a client's, and never staff's, who
    /// record the same request through the case's steps.
    pub fn may_in_own_name(
        &self,
        relation: &CaseRelation,
        action: Action,
    ) -> Result<(), ServiceError> {
        let answer = self.answer_in_own_name(relation, action);
        if let Err(refused) = &answer {
            tracing::info!(caller = %self, ?action, %refused, "refused");
        }
        answer
    }

    /// Whether [`Caller::may_in_own_name`] allows `action` (nothing is logged).
    pub fn permits_in_own_name(&self, relation: &CaseRelation, action: Action) -> bool {
        self.answer_in_own_name(relation, action).is_ok()
    }

    fn answer_in_own_name(
        &self,
        relation: &CaseRelation,
        action: Action,
    ) -> Result<(), ServiceError> {
        match &self.kind {
            Kind::Person => domain::access::check_in_own_name(&self.actor, relation, action)
                .map_err(|denied| ServiceError::Forbidden(denied.to_string())),
            Kind::Client { .. } => Err(ServiceError::Forbidden(
                "Integration clients cannot do this".to_owned(),
            )),
            Kind::Operator => Err(ServiceError::Forbidden(
                "Only a customer chooses this, on their own pages".to_owned(),
            )),
        }
    }

    /// Whether [`Caller::may`] allows `action` (asking is not refusing: nothing is logged).
    pub fn permits(&self, relation: &CaseRelation, action: Action) -> bool {
        self.answer(relation, action).is_ok()
    }

    /// How the caller stands to a case. A client is never a case's customer, handler or
    /// reviewer: those are people.
    pub(crate) async fn relation_to(
        &self,
        db: &Db,
        case: CaseId,
    ) -> Result<CaseRelation, ServiceError> {
        match (self.user_id, &self.kind) {
            (Some(user), Kind::Person) => Ok(storage::cases::relation(db, case, user).await?),
            _ => Ok(CaseRelation::NONE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operator_acts_as_an_administrator_in_no_ones_name() {
        let operator = Caller::operator();
        assert!(operator.permits(&CaseRelation::NONE, Action::ManageCalendar));
        assert!(!operator.permits(&CaseRelation::NONE, Action::UseWorkQueue));
        assert!(matches!(
            operator.account_id(),
            Err(ServiceError::Forbidden(_))
        ));
        assert!(
            operator
                .may_in_own_name(&CaseRelation::NONE, Action::MakeOwnCase)
                .is_err()
        );
        let who = operator.who();
        assert_eq!(who.user_id, None);
        assert_eq!(who.name.as_deref(), Some("From the command line"));
        assert_eq!(operator.to_string(), "operator");
    }
}
