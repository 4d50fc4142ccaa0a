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
