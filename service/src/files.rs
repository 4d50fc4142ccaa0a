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
/// may not.
pub async fn on_case(
    ctx: Context<'_>,
    caller: &Caller,
    case: &crate::cases::Reached,
) -> Result<OnCaseFiles, ServiceError> {
    caller.may(case.relation(), Action::ViewCase)?;
    let files = storage::attachments::for_case(ctx.db, case.id()).await?;
    let added_by =
        storage::accounts::find_each(ctx.db, files.iter().filter_map(|a| a.uploaded_by)).await?;
    let sees_record = caller.permits(case.relation(), Action::ViewCaseRecord);
    let stored = storage::cases::load(ctx.db, case.id(), ctx.calendar)
        .await?
        .case;
    let may_add = caller.permits(case.relation(), Action::AddInformation)
        && domain::lifecycle::customer::add_information(&stored);
    let may_share = sees_record
        && stored.as_complaint().is_some()
        && caller.permits(case.relation(), Action::InviteInvolvedCustomer);
    Ok(OnCaseFiles {
        files,
        added_by,
        sees_record,
        may_add,
        may_share,
    })
}
