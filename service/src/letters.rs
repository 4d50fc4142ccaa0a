//! Writing a letter to the customer from a case as it stands: addressed, in large print
//! or easy read as their adjustments ask, with a copy for each confirmed representative.
//!
//! Rules we chose where SPEC is silent:
//! - a letter goes to the customer's name and postal address as recorded on the day it is
//!   issued, and is kept that way;
//! - it is e-mailed to the customer's own address when they gave one (else their
//!   account's), and a copy to each representative whose authority is confirmed.

use domain::letters::{Delivery, LetterKind};
use storage::cases::StoredCase;
use storage::letters::{Addressee, NewLetter};

use crate::{Context, ServiceError};

/// Writes the letter `kind` about the case as it now stands, signed by `signed_by`, for
/// whoever keeps it: in large print when the customer asked for it, and addressed for
/// e-mail when we have an address. `understanding` is staff's summary of the complaint,
/// quoted by an acknowledgement; `remedy` names the remedy a remedy letter is about.
///
/// A letter the case is not ready for is refused on the field `letter`, in the domain's
/// words.
pub async fn compose(
    ctx: Context<'_>,
    stored: &StoredCase,
    kind: LetterKind,
    signed_by: &str,
    understanding: Option<String>,
    remedy: Option<usize>,
) -> Result<(NewLetter, Delivery), ServiceError> {
    let customer = stored.customer.as_ref().map(|c| &c.details);
    let delivery = customer.map_or_else(Default::default, |c| {
        domain::letters::delivery(c.preferred_contact, &c.adjustments)
    });
    let letter_ctx = domain::letters::LetterContext {
        remedy,
        reference: stored.reference.to_string(),
        customer_name: customer
            .map(|c| c.name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "Customer".to_owned()),
        address: customer.map(postal_address).unwrap_or_default(),
        issued_on: domain::london::to_london(ctx.now).date(),
        signed_by: signed_by.to_owned(),
        understanding,
        customer_words: Some(stored.details.what_happened.as_str().to_owned()),
        outcomes_sought: stored.details.outcomes_sought.clone(),
        easy_read: delivery.easy_read,
        landlord: storage::settings::landlord(ctx.db).await?,
        ombudsman: storage::settings::ombudsman(ctx.db).await?,
        wording: storage::letter_templates::current(ctx.db, kind).await?,
    };
    let letter = domain::letters::compose(kind, &stored.case, &letter_ctx, ctx.calendar)
        .map_err(|e| ServiceError::invalid("letter", e))?;
    let to = if delivery.email {
        addressee(ctx, stored).await?
    } else {
        None
    };
    Ok((
        NewLetter {
            letter,
            large_print: delivery.large_print,
            to,
            copies: representatives_copied(ctx, stored).await?,
            call: None,
        },
        delivery,
    ))
}

/// Representatives whose authority is confirmed and who gave an e-mail address: each is
/// sent a copy of every letter.
async fn representatives_copied(
    ctx: Context<'_>,
    stored: &StoredCase,
) -> Result<Vec<Addressee>, ServiceError> {
    Ok(storage::representatives::for_case(ctx.db, stored.id)
        .await?
        .into_iter()
        .filter(|r| r.authority == domain::access::Authority::Confirmed)
        .filter_map(|r| {
            let email = domain::form::EmailAddress::parse(r.contact.as_deref()?).ok()?;
            Some(Addressee {
                user_id: r.user_id,
                name: r.name,
                email: email.as_str().to_owned(),
            })
        })
        .collect())
}

/// Where the customer's copy is e-mailed: the address on their record, else their
/// account's.
async fn addressee(
    ctx: Context<'_>,
    stored: &StoredCase,
) -> Result<Option<Addressee>, ServiceError> {
    let Some(customer) = stored.customer.as_ref() else {
        return Ok(None);
    };
    let account = match customer.user_id {
        Some(id) => storage::accounts::find(ctx.db, id).await?,
        None => None,
    };
    let email = customer
        .details
        .email
        .as_ref()
        .map(|e| e.as_str().to_owned())
        .or_else(|| account.as_ref().map(|a| a.email.clone()));
    Ok(email.map(|email| Addressee {
        user_id: customer.user_id,
        name: customer.details.name.trim().to_owned(),
        email,
    }))
}

/// The address as lines: one per line the customer gave (or per comma, if they wrote it on
/// one line), then the postcode unless it is already there.
fn postal_address(details: &storage::customers::CustomerDetails) -> Vec<String> {
    let text = details.address.as_deref().unwrap_or_default();
    let separator = if text.contains('\n') { '\n' } else { ',' };
    let mut lines: Vec<String> = text
        .split(separator)
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    if let Some(postcode) = details
        .postcode
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let squashed = |s: &str| s.replace(' ', "").to_uppercase();
        if !lines
            .iter()
            .any(|line| squashed(line).contains(&squashed(postcode)))
        {
            lines.push(postcode.to_uppercase());
        }
    }
    lines
}

/// The letters on a case the caller reached, oldest first, for someone who may see it.
pub async fn of_case(
    ctx: Context<'_>,
    caller: &crate::Caller,
    case: &crate::cases::Reached,
) -> Result<Vec<storage::letters::LetterSummary>, ServiceError> {
    caller.may(case.relation(), domain::access::Action::ViewCase)?;
    Ok(storage::letters::for_case(ctx.db, case.id()).await?)
}

/// One letter, with its case's reference and whether the reader sees that case as staff
/// do ([`domain::access::Action::ViewCaseRecord`]).
#[derive(Debug, Clone)]
pub struct ReadLetter {
    pub letter: storage::letters::StoredLetter,
    pub reference: domain::CaseReference,
    pub sees_record: bool,
}

/// One letter, if the caller may see the case it belongs to; the reading is recorded as
/// any view of a case is ([`crate::cases::note_view`]). Someone who may see only a
/// redacted copy of the case (an involved customer) is not shown the customer's letters:
/// to them, as to anyone else who may not, the letter does not exist
/// ([`ServiceError::NotFound`]).
pub async fn read(
    ctx: Context<'_>,
    caller: &crate::Caller,
    id: i32,
) -> Result<ReadLetter, ServiceError> {
    use domain::access::Action;
    let letter = storage::letters::find(ctx.db, id).await?;
    let reference = storage::cases::references_of(ctx.db, [letter.case_id])
        .await?
        .remove(&letter.case_id)
        .ok_or(ServiceError::NotFound)?;
    let case = crate::cases::reach(ctx, caller, &reference.to_string(), Action::ViewCase)
        .await
        .map_err(|e| match e {
            ServiceError::Forbidden(_) => ServiceError::NotFound,
            other => other,
        })?;
    crate::cases::note_view(ctx, caller, &case, storage::case_views::Viewed::Letter).await?;
    Ok(ReadLetter {
        letter,
        reference,
        sees_record: caller.permits(case.relation(), Action::ViewCaseRecord),
    })
}
