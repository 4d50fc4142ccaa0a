//! A case's files as the review sees them: which of them go, cleaned, to the tenant panel.

use domain::access::Action;
use storage::blobs::BlobStore;
use storage::cleaning::Shared;

use crate::steps::OnCase;
use crate::{Caller, Context, ServiceError};

/// Shares the case's file `file` (its token) with the panel for the review, or with
/// `share` false stops sharing it. Sharing makes the copy the panel gets
/// (`storage::cleaning`): cleaned of hidden details, or, for a type that cannot be cleaned,
/// the file as it is only when `confirmed` says a person opened it and it does not
/// identify the customer (else refused at `confirm-{token}`). Stopping removes the copy.
/// A file of another case is not found.
pub async fn share(
    ctx: Context<'_>,
    caller: &Caller,
    case: OnCase,
    blobs: &dyn BlobStore,
    file: &str,
    share: bool,
    confirmed: bool,
) -> Result<(), ServiceError> {
    caller.may(&case.relation, Action::InviteInvolvedCustomer)?;
    let attachment = storage::attachments::find_by_token(ctx.db, file)
        .await
        .map_err(|_| ServiceError::NotFound)?;
    if attachment.case_id != case.id {
        return Err(ServiceError::NotFound);
    }
    let old_copy = attachment.shared_copy.clone();
    let copy = if share {
        match storage::cleaning::make_copy(blobs, &attachment, confirmed).await {
            Ok(Shared::Copy(copy)) => Some(copy),
            Ok(Shared::NeedsConfirmation(why)) => {
                return Err(ServiceError::invalid(
                    format!("confirm-{}", attachment.token),
                    format!(
                        "{why}: tick to confirm you opened {} and it does not name or identify the customer",
                        attachment.file_name
                    ),
                ));
            }
            Err(e) => {
                return Err(ServiceError::Internal(format!(
                    "could not make the shared copy of file {}: {e:?}",
                    attachment.id
                )));
            }
        }
    } else {
        None
    };
    storage::attachments::set_shared(ctx.db, attachment.id, copy.as_ref()).await?;
    if let Some(old) = old_copy
        && let Err(e) = blobs.delete(&old.storage_key).await
    {
        tracing::warn!(error = ?e, attachment = attachment.id, "an old shared copy was left behind");
    }
    tracing::info!(
        by = %caller,
        reference = %case.stored.reference,
        attachment = attachment.id,
        share,
        "file sharing for the review changed"
    );
    Ok(())
}

/// A case's files as the caller may list them.
#[derive(Debug, Clone)]
pub struct OnCaseFiles {
    pub files: Vec<storage::attachments::Attachment>,
    /// The accounts that added them, by id (a file sent with the online form by a
    /// customer without an account has none).
    pub added_by: std::collections::HashMap<i32, storage::accounts::Account>,
    /// Whether the caller sees the case as staff do.
    pub sees_record: bool,
    /// Whether the caller may add a file now (the case still takes information).
    pub may_add: bool,
    /// Whether the caller may share files with the panel (staff, on a complaint).
    pub may_share: bool,
}

/// The files on a case, for those who may see the case in full ([`Action::ViewCase`]): an
/// involved customer, who may see only a redacted case, is refused like anyone else who
/// may not. `case` is the case as the page read it, so a page reads it once for all its
/// parts.
pub async fn on_case(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
) -> Result<OnCaseFiles, ServiceError> {
    caller.may(&case.relation, Action::ViewCase)?;
    let files = storage::attachments::for_case(ctx.db, case.id).await?;
    let added_by =
        storage::accounts::find_each(ctx.db, files.iter().filter_map(|a| a.uploaded_by)).await?;
    let sees_record = caller.permits(&case.relation, Action::ViewCaseRecord);
    let stored = &case.stored.case;
    let may_add = caller.permits(&case.relation, Action::AddInformation)
        && domain::lifecycle::customer::add_information(stored);
    let may_share = sees_record
        && stored.as_complaint().is_some()
        && caller.permits(&case.relation, Action::InviteInvolvedCustomer);
    Ok(OnCaseFiles {
        files,
        added_by,
        sees_record,
        may_add,
        may_share,
    })
}

/// A file the caller may open, and which bytes they get.
#[derive(Debug, Clone)]
pub struct ToOpen {
    pub attachment: storage::attachments::Attachment,
    /// The blob to send: the file as it came, or the copy made safe for the panel.
    pub storage_key: String,
    pub size_bytes: i64,
    /// Whether it goes out under its own name (someone who sees the case in full, asking
    /// for the file itself); otherwise under a stand-in name that says nothing of whose it is.
    pub own_name: bool,
}

/// Opens the file `token` for the caller: someone who may see its case in full
/// ([`Action::ViewCase`]) gets the file, or, asking for `panel_copy`, exactly the copy a
/// panel member gets. A panel member gets a file only when staff shared it for a review
/// they were invited to, only while they have accepted and the review is under way, and
/// only the copy the complaints manager approved. Anyone else, and any file of a case they
/// may not see, is [`ServiceError::NotFound`]. Staff and panel members' openings are
/// recorded (the customer's side opening their own file is not); one that cannot be
/// recorded is not given.
pub async fn open(
    ctx: Context<'_>,
    caller: &Caller,
    token: &str,
    panel_copy: bool,
) -> Result<ToOpen, ServiceError> {
    let attachment = storage::attachments::find_by_token(ctx.db, token).await?;
    let case = crate::cases::reach_id(ctx, caller, attachment.case_id).await?;
    let in_full = caller.permits(case.relation(), Action::ViewCase);
    let for_review = !in_full
        && attachment.shareable
        && domain::lifecycle::steps::Step::Invite
            .names()
            .contains(&caller.role())
        && caller.permits(case.relation(), Action::ViewRedactedCase)
        && reviewing(ctx, caller, &case).await?;
    if !in_full && !for_review {
        return Err(ServiceError::NotFound);
    }
    crate::cases::note_view(ctx, caller, &case, storage::case_views::Viewed::File).await?;
    let copy = if for_review {
        let approval = storage::redaction::approval(ctx.db, attachment.case_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Some(
            crate::panel::approved_copy(
                &approval,
                std::slice::from_ref(&attachment),
                &attachment.token,
            )
            .cloned()
            .ok_or(ServiceError::NotFound)?,
        )
    } else if panel_copy {
        Some(
            attachment
                .shared_copy
                .clone()
                .filter(|_| attachment.shareable)
                .ok_or(ServiceError::NotFound)?,
        )
    } else {
        None
    };
    let (storage_key, size_bytes) = match &copy {
        Some(copy) => (copy.storage_key.clone(), copy.size_bytes),
        None => (attachment.storage_key.clone(), attachment.size_bytes),
    };
    Ok(ToOpen {
        own_name: in_full && copy.is_none(),
        attachment,
        storage_key,
        size_bytes,
    })
}

/// Whether the panel member's invitation to the case's review is accepted (or answered with
/// their view) and the review is still under way: the rule for reading the redacted file
/// ([`crate::panel::may_open`]).
async fn reviewing(
    ctx: Context<'_>,
    caller: &Caller,
    case: &crate::cases::Reached,
) -> Result<bool, ServiceError> {
    let Ok(member) = caller.account_id() else {
        return Ok(false);
    };
    let Some(invitation) = storage::panel::invitation(ctx.db, case.id(), member).await? else {
        return Ok(false);
    };
    let stored = storage::cases::load(ctx.db, case.id(), ctx.calendar).await?;
    Ok(crate::panel::may_open(invitation.state, &stored.case))
}

/// A case the caller may add a file to (see [`may_add`]), asked before the file is read.
#[derive(Debug, Clone)]
pub struct Adding {
    reached: crate::cases::Reached,
    staff_page: bool,
    open: bool,
}

impl Adding {
    /// Whether the caller works from the staff case page (else the customer's).
    pub fn staff_page(&self) -> bool {
        self.staff_page
    }

    /// Whether the case takes files now (not once a complaint is withdrawn).
    pub fn open(&self) -> bool {
        self.open
    }
}

/// Whether the caller may add a file to the case `reference`
/// ([`Action::AddInformation`]), and whether it takes one now: asked before any of the
/// file is read, so a refused post stores nothing. A case they may not see in full
/// ([`Action::ViewCase`]) is [`ServiceError::NotFound`]; one they see but may not add to,
/// `Forbidden`.
pub async fn may_add(
    ctx: Context<'_>,
    caller: &Caller,
    reference: &str,
) -> Result<Adding, ServiceError> {
    // A file goes with the case in full: to anyone who sees only a redacted case (a panel
    // member), a case's files are as missing as the case.
    let reached = crate::cases::reach(ctx, caller, reference, Action::ViewCase)
        .await
        .map_err(|e| match e {
            ServiceError::Forbidden(_) => ServiceError::NotFound,
            other => other,
        })?;
    caller.may(reached.relation(), Action::AddInformation)?;
    let staff_page = caller.permits(reached.relation(), Action::ViewCaseRecord);
    let stored = storage::cases::load(ctx.db, reached.id(), ctx.calendar).await?;
    Ok(Adding {
        open: domain::lifecycle::customer::add_information(&stored.case),
        reached,
        staff_page,
    })
}

/// Records a file stored and checked on its way in on the case [`may_add`] reached, with
/// its timeline entry naming the caller, in one transaction. Whether the case still takes
/// files is asked again: a file takes a while to arrive, and the case may have been
/// withdrawn meanwhile.
pub async fn add(
    ctx: Context<'_>,
    caller: &Caller,
    adding: &Adding,
    new: &storage::attachments::NewAttachment,
) -> Result<(), ServiceError> {
    caller.may(adding.reached.relation(), Action::AddInformation)?;
    let stored = storage::cases::load(ctx.db, adding.reached.id(), ctx.calendar).await?;
    if !domain::lifecycle::customer::add_information(&stored.case) {
        return Err(ServiceError::invalid(
            "evidence",
            "This case no longer takes files",
        ));
    }
    storage::attachments::record(ctx.db, adding.reached.id(), new, &caller.who(), ctx.now).await?;
    tracing::info!(by = %caller, case = adding.reached.id().0, size = new.size_bytes, "file added to a case");
    Ok(())
}
