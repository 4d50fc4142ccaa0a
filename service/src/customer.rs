//! What a customer (or someone acting for them) does on their own case, on their pages: ask
//! for a review, withdraw and take it back, say no to an involved customer and take that
//! back, name a representative, add information.
//!
//! The choices that are the customer's alone (a review, a withdrawal, involvement) are
//! asked of [`Caller::may_in_own_name`]: staff record the same request for a customer who
//! phoned or wrote through the case's steps ([`crate::steps`]), never through these. Each
//! choice that changes the case names the version the customer read: if someone saved the
//! case since, nothing is written ([`ServiceError::Stale`]). A choice the procedure does
//! not allow now is refused at the field `action` in the domain's own words.
//!
//! Rules we chose where SPEC is silent (the case page shows only what these allow):
//! - a representative may be named on a complaint or service request that has not been
//!   withdrawn (a compliment needs nobody to act for it);
//! - information may be added to any case that has not been withdrawn, including one with
//!   the Housing Ombudsman (it changes nothing we decided, and may matter to them);
//! - a withdrawal reason is optional and kept as the note of the timeline entry.

use domain::access::Action;
use domain::lifecycle::customer::{
    self as rules, INFORMATION_MAX_CHARS, REASON_MAX_CHARS, REPRESENTATIVE_MAX_CHARS,
};
use domain::lifecycle::steps::StepInput;
use domain::{Case, Event, TimelineItem};
use storage::cases::Also;

use crate::steps::{OnCase, Transition, record, refused};
use crate::{Caller, Context, ServiceError};

/// The case as the customer read it: the choice is refused if it changed since.
fn at_version(case: &OnCase, version: i32) -> Result<(), ServiceError> {
    if case.stored.version == version {
        Ok(())
    } else {
        Err(ServiceError::Stale)
    }
}

/// Optional text of at most `max` characters, refused with `too_long` past it.
fn at_most(
    field: &'static str,
    text: Option<String>,
    max: usize,
    too_long: &str,
) -> Result<Option<String>, ServiceError> {
    match crate::steps::parse::optional(text) {
        Some(t) if t.chars().count() > max => Err(ServiceError::invalid(field, too_long)),
        other => Ok(other),
    }
}

/// Text that must be given: refused with `empty` when blank.
fn required(
    field: &'static str,
    text: Option<String>,
    max: usize,
    empty: &str,
    too_long: &str,
) -> Result<String, ServiceError> {
    at_most(field, text, max, too_long)?.ok_or_else(|| ServiceError::invalid(field, empty))
}

/// The customer's choice `action` that changes the case by `change` (a transition of its
/// own, not a step of the step table): asked in their own name, on the version they read,
/// and saved with its timeline entry and `also` in one transaction.
#[allow(clippy::too_many_arguments)]
async fn choose(
    ctx: Context<'_>,
    caller: &Caller,
    mut case: OnCase,
    version: i32,
    action: Action,
    also: Also,
    what: &'static str,
    change: impl FnOnce(&mut Case) -> Result<Event, ServiceError>,
) -> Result<(), ServiceError> {
    caller.may_in_own_name(&case.relation, action)?;
    at_version(&case, version)?;
    let event = change(&mut case.stored.case)?;
    let entries = [(caller.who(), TimelineItem::Transition { event, note: None })];
    let writes = storage::cases::StepWrites {
        entries: &entries,
        letters: &[],
        also,
    };
    crate::steps::save(ctx, &case, version, writes).await?;
    tracing::info!(by = %caller, reference = %case.stored.reference, "{what}");
    Ok(())
}

/// Asks for a Stage 2 review of a complaint answered at Stage 1. No reason is needed; the
/// request counts as received now (Stage 2's day 0 follows the usual convention).
pub async fn ask_for_review(
    ctx: Context<'_>,
    caller: &Caller,
    mut case: OnCase,
    version: i32,
) -> Result<(), ServiceError> {
    caller.may_in_own_name(&case.relation, Action::RequestReview)?;
    at_version(&case, version)?;
    let Case::Complaint(complaint) = &case.stored.case else {
        return Err(ServiceError::invalid(
            "action",
            "Only a complaint can be reviewed: contact us if you are unhappy with how we dealt with this",
        ));
    };
    let receipt = domain::Receipt::new(ctx.now, complaint.policy().cut_off, ctx.calendar);
    let step = Transition::new(StepInput::RecordReview { receipt });
    record(ctx, caller, &mut case, version, step).await?;
    tracing::info!(by = %caller, reference = %case.stored.reference, "review requested");
    Ok(())
}

/// Withdraws a complaint or service request, with the customer's reason if they gave one.
pub async fn withdraw(
    ctx: Context<'_>,
    caller: &Caller,
    mut case: OnCase,
    version: i32,
    reason: Option<String>,
) -> Result<(), ServiceError> {
    caller.may_in_own_name(&case.relation, Action::Withdraw)?;
    at_version(&case, version)?;
    let reason = at_most(
        "reason",
        reason,
        REASON_MAX_CHARS,
        "Keep your reason to 2,000 characters or fewer",
    )?;
    if matches!(case.stored.case, Case::Compliment(_)) {
        return Err(ServiceError::invalid(
            "action",
            "A compliment cannot be withdrawn: we have passed it on with our thanks",
        ));
    }
    let on = crate::steps::today(ctx);
    let step = Transition {
        note: reason,
        ..Transition::new(StepInput::Withdraw { on })
    };
    record(ctx, caller, &mut case, version, step).await?;
    tracing::info!(by = %caller, reference = %case.stored.reference, "withdrawn");
    Ok(())
}

/// Takes back the customer's withdrawal while [`rules::take_back_withdrawal`] allows it:
/// the case returns to where it was, and its handler finds it on their queue again.
pub async fn take_back_withdrawal(
    ctx: Context<'_>,
    caller: &Caller,
    case: OnCase,
    version: i32,
) -> Result<(), ServiceError> {
    let today = crate::steps::today(ctx);
    choose(
        ctx,
        caller,
        case,
        version,
        Action::Withdraw,
        Also::default(),
        "withdrawal taken back",
        |case| rules::withdrawal_taken_back(case, today, ctx.calendar).map_err(refused),
    )
    .await
}

/// Records that the customer does not want an involved customer (a tenant panel member)
/// to take part in their review: any invitation already made is withdrawn with it, so a
/// panel member loses access at once.
pub async fn decline_involvement(
    ctx: Context<'_>,
    caller: &Caller,
    case: OnCase,
    version: i32,
) -> Result<(), ServiceError> {
    let also = Also {
        withdraw_invitations: true,
        ..Also::default()
    };
    choose(
        ctx,
        caller,
        case,
        version,
        Action::DeclineInvolvement,
        also,
        "involvement declined",
        |case| match case {
            Case::Complaint(complaint) => complaint.decline_involvement().map_err(refused),
            _ => Err(ServiceError::invalid(
                "action",
                "Involved customers only take part in complaint reviews",
            )),
        },
    )
    .await
}

/// Takes back the customer's "no" to an involved customer: one may be invited again.
pub async fn take_back_decline(
    ctx: Context<'_>,
    caller: &Caller,
    case: OnCase,
    version: i32,
) -> Result<(), ServiceError> {
    choose(
        ctx,
        caller,
        case,
        version,
        Action::DeclineInvolvement,
        Also::default(),
        "involvement decline taken back",
        |case| match case {
            Case::Complaint(complaint) => complaint.take_back_decline().map_err(refused),
            _ => Err(refused(domain::TransitionError::NothingToTakeBack)),
        },
    )
    .await
}

/// Someone the customer names to act for them, as their form posts it.
#[derive(Debug, Clone, Default)]
pub struct RepresentativeFields {
    pub name: Option<String>,
    pub relationship: Option<String>,
    pub contact: Option<String>,
}

/// Names someone to act for the customer. They see and act on the case once we have
/// confirmed their authority.
pub async fn name_representative(
    ctx: Context<'_>,
    caller: &Caller,
    case: OnCase,
    f: RepresentativeFields,
) -> Result<(), ServiceError> {
    use domain::form::checks::CheckAll;
    caller.may(&case.relation, Action::AuthoriseRepresentative)?;
    let (name, relationship, contact) = (
        required(
            "name",
            f.name.map(|n| domain::text::one_line(&n)),
            REPRESENTATIVE_MAX_CHARS,
            "Enter the name of the person you want to act for you",
            "Keep the name to 200 characters or fewer",
        ),
        at_most(
            "relationship",
            f.relationship,
            REPRESENTATIVE_MAX_CHARS,
            "Keep how you know them to 200 characters or fewer",
        ),
        at_most(
            "contact",
            f.contact,
            REPRESENTATIVE_MAX_CHARS,
            "Keep their contact details to 200 characters or fewer",
        ),
    )
        .check_all()?;
    if !rules::name_representative(&case.stored.case) {
        return Err(ServiceError::invalid(
            "action",
            "You cannot name someone to act for you on this case: it has been withdrawn, or it is a compliment",
        ));
    }
    let new = storage::representatives::NewRepresentative {
        user_id: None,
        name,
        relationship,
        contact,
    };
    storage::representatives::name(ctx.db, case.id, &new, &caller.who(), ctx.now).await?;
    tracing::info!(by = %caller, reference = %case.stored.reference, "representative named");
    Ok(())
}

/// Adds more information to the case's timeline. It changes nothing else on the case, so no
/// version is needed.
pub async fn add_information(
    ctx: Context<'_>,
    caller: &Caller,
    case: OnCase,
    text: Option<String>,
) -> Result<(), ServiceError> {
    caller.may(&case.relation, Action::AddInformation)?;
    let text = required(
        "text",
        text,
        INFORMATION_MAX_CHARS,
        "Enter the information you want to add",
        "Keep it to 5,000 characters or fewer: you can add the rest in another entry",
    )?;
    if !rules::add_information(&case.stored.case) {
        return Err(ServiceError::invalid(
            "action",
            "This case has been withdrawn, so we cannot add to it: tell us about the problem again if you need to",
        ));
    }
    storage::cases::append(
        ctx.db,
        case.id,
        &caller.who(),
        &TimelineItem::InformationAdded { text },
        ctx.now,
    )
    .await?;
    tracing::info!(by = %caller, reference = %case.stored.reference, "information added");
    Ok(())
}
