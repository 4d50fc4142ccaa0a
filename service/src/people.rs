//! The accounts other people sign in to, made for them: staff and the board (an
//! administrator adds them and arranges them into teams under their managers) and the
//! tenant panel's members (added by those who run the panel). Whoever adds an account sets
//! its first password by the rule for any new password and gives it to the person in
//! person or by phone, never by e-mail.

use domain::Role;
use domain::access::{Action, CaseRelation};
use domain::form::EmailAddress;
use domain::form::checks::CheckAll;
use storage::accounts::{Account, TeamError};
use storage::panel::PanelMember;

use crate::{Caller, Context, ServiceError};

/// A new account's fields, as typed.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
}

/// The checks of a new account's name, address and first password, each refusal naming
/// its field (`name`, `email`, `password`); `blank_name` is what a blank name is told.
struct Checks {
    name: Result<String, ServiceError>,
    email: Result<EmailAddress, ServiceError>,
    password: Result<(), ServiceError>,
}

fn checks(new: NewAccount<'_>, blank_name: &str) -> Checks {
    let name = new.name.trim();
    Checks {
        name: if name.is_empty() {
            Err(ServiceError::invalid("name", blank_name))
        } else if name.chars().count() > domain::form::MAX_NAME_CHARS {
            Err(ServiceError::invalid(
                "name",
                format!(
                    "Keep the name to {} characters or fewer",
                    domain::form::MAX_NAME_CHARS
                ),
            ))
        } else {
            Ok(name.to_owned())
        },
        email: EmailAddress::parse(new.email).map_err(|e| ServiceError::invalid("email", e)),
        password: domain::password::check_new_password(new.password)
            .map_err(|e| ServiceError::invalid("password", e)),
    }
}

async fn create(
    ctx: Context<'_>,
    name: &str,
    email: &EmailAddress,
    password: &str,
    role: Role,
) -> Result<Account, ServiceError> {
    match storage::accounts::create(ctx.db, email.as_str(), name, role, password, ctx.now).await {
        Ok(account) => Ok(account),
        Err(storage::StorageError::Conflict) => Err(ServiceError::invalid(
            "email",
            "There is already an account for this email address: use another address",
        )),
        Err(other) => Err(other.into()),
    }
}

/// Adds an account of any role with a first password: only for the operator at the server's
/// command line (`putright user add`), who may make the first administrator or a resident's
/// account by hand; on the pages, staff and panel members are added by their own use cases
/// and residents register. The same checks as the pages' forms.
pub async fn add_account(
    ctx: Context<'_>,
    caller: &Caller,
    role: Role,
    new: NewAccount<'_>,
) -> Result<Account, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageUsers)?;
    caller.at_the_terminal()?;
    let c = checks(new, "Enter the person's full name");
    let (name, email, ()) = (c.name, c.email, c.password).check_all()?;
    let account = create(ctx, &name, &email, new.password, role).await?;
    tracing::info!(by = %caller, account = account.id, role = %role, "account added");
    Ok(account)
}

/// The tenant panel, by name, with each member's open invitations and views given.
pub async fn panel_members(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Vec<PanelMember>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManagePanel)?;
    Ok(storage::panel::members(ctx.db).await?)
}

/// Adds a member to the tenant panel: an involved customer's account with a first password.
pub async fn add_panel_member(
    ctx: Context<'_>,
    caller: &Caller,
    new: NewAccount<'_>,
) -> Result<Account, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManagePanel)?;
    let c = checks(new, "Enter the panel member's full name");
    let (name, email, ()) = (c.name, c.email, c.password).check_all()?;
    let member = create(ctx, &name, &email, new.password, Role::InvolvedCustomer).await?;
    tracing::info!(by = %caller, member = member.id, "panel member added");
    Ok(member)
}

/// Every staff and board account, by name, with their manager's id.
pub async fn staff(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Vec<(Account, Option<i32>)>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageUsers)?;
    Ok(storage::accounts::with_managers(ctx.db, &Role::STAFF_AND_BOARD).await?)
}

/// The manager a form names (an account's id as chosen): blank for nobody.
fn manager_field(manager: &str) -> Result<Option<i32>, ServiceError> {
    match manager.trim() {
        "" => Ok(None),
        text => text
            .parse()
            .map(Some)
            .map_err(|_| ServiceError::invalid("manager", "Choose a manager from the list")),
    }
}

async fn set_manager_of(
    ctx: Context<'_>,
    member: i32,
    manager: Option<i32>,
) -> Result<(), ServiceError> {
    match storage::accounts::set_manager(ctx.db, member, manager).await {
        Ok(()) => Ok(()),
        Err(TeamError::Storage(e)) => Err(e.into()),
        Err(refusal) => Err(ServiceError::invalid("manager", refusal)),
    }
}

/// Adds a staff or board account (`role` as chosen, one of [`Role::STAFF_AND_BOARD`]) with
/// a first password, and their manager if one was chosen; every problem at once.
pub async fn add_staff(
    ctx: Context<'_>,
    caller: &Caller,
    new: NewAccount<'_>,
    role: &str,
    manager: &str,
) -> Result<Account, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageUsers)?;
    let role = Role::STAFF_AND_BOARD
        .into_iter()
        .find(|r| r.as_str() == role)
        .ok_or_else(|| ServiceError::invalid("role", "Choose the person's role"));
    let c = checks(new, "Enter the person's full name");
    let (name, email, role, manager, ()) =
        (c.name, c.email, role, manager_field(manager), c.password).check_all()?;
    let account = create(ctx, &name, &email, new.password, role).await?;
    set_manager_of(ctx, account.id, manager).await?;
    tracing::info!(by = %caller, account = account.id, role = %role, "staff account added");
    Ok(account)
}

/// Sets, changes or clears (blank) a staff or board member's manager.
pub async fn set_manager(
    ctx: Context<'_>,
    caller: &Caller,
    member: i32,
    manager: &str,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageUsers)?;
    let manager = manager_field(manager)?;
    let person = storage::accounts::find(ctx.db, member)
        .await?
        .filter(|a| Role::STAFF_AND_BOARD.contains(&a.role))
        .ok_or(ServiceError::NotFound)?;
    set_manager_of(ctx, person.id, manager).await?;
    tracing::info!(by = %caller, member, ?manager, "manager set");
    Ok(())
}
