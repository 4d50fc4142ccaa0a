//! Making a case: from the online form (someone for themselves, signed in or not), from a
//! member of staff logging what reached them by phone, letter or in person, or from an
//! integration client. Every path reads the same answers (`domain::ComplaintFormInput`),
//! checked by the same rules (`domain::ComplaintForm::parse`), and builds the case here.

use domain::access::{Action, CaseRelation};
use domain::form::FormKind;
use domain::{Channel, ComplaintForm, ComplaintFormInput, Landlord};
use storage::cases::{CaseDetails, CreatedCase, CustomerChoice, NewCase, Opening, Who};
use storage::customers::CustomerDetails;
use storage::outbox::NewMessage;

use crate::{Caller, Context, ServiceError};

/// A case ready to record, with the message that tells its sender.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub new: NewCase,
    /// Logged by staff (or a client) for a customer, rather than sent by the customer.
    pub for_customer: bool,
    pub receipt: Option<ReceiptMail>,
}

/// The e-mail that gives someone who sent the form themselves their reference and the
/// private link to follow the case: the only other copy of the link they get.
#[derive(Debug, Clone)]
pub struct ReceiptMail {
    to: String,
    name: String,
    user_id: Option<i32>,
    kind: domain::lifecycle::CaseKind,
    next: String,
    landlord: Landlord,
    base: String,
}

impl ReceiptMail {
    /// The message for the case just recorded.
    pub fn message(&self, created: &CreatedCase) -> NewMessage {
        let link = format!("{}/track/{}", self.base, created.tracking_token);
        let reference = created.reference.to_string();
        let (subject, body) = domain::tracking::receipt_email(
            self.kind,
            &self.name,
            &reference,
            &link,
            &self.next,
            &self.landlord,
        );
        NewMessage {
            dedupe_key: format!("case-received:{}", created.id.0),
            case_id: Some(created.id),
            to_user_id: self.user_id,
            to_email: Some(self.to.clone()),
            to_name: Some(self.name.clone()),
            subject,
            body,
        }
    }
}

/// Fills the "about the customer" answers from their record: staff logging another case
/// for a customer we know start from what we hold.
pub fn fill_from(input: &mut ComplaintFormInput, customer: &storage::customers::Customer) {
    let d = &customer.details;
    input.name = d.name.clone();
    input.phone = d
        .phone
        .as_ref()
        .map(|p| p.national().to_owned())
        .unwrap_or_default();
    input.email = d.email.as_ref().map(|e| e.as_str().to_owned());
    input.address = d.address.clone();
    input.postcode = d.postcode.clone();
    input.describes_you = d.describes_you.code().to_owned();
    if let domain::form::CustomerType::Other(text) = &d.describes_you {
        input.describes_you_other = Some(text.clone());
    }
    input.preferred_contact = d.preferred_contact.map(|c| c.code().to_owned());
    input.adjustments = d.adjustments.iter().map(|a| a.code().to_owned()).collect();
    input.adjustments_other = d.adjustments.iter().find_map(|a| match a {
        domain::form::Adjustment::Other(text) => Some(text.clone()),
        _ => None,
    });
}

/// Checks `input` and builds the case it makes, for `caller` (`None`: someone not signed
/// in, on the online form). Someone who may log cases for customers logs one for the
/// customer the answers name, received how and when they say; anyone else (a member of
/// staff may be a resident too) makes their own, received now through the online form,
/// which is open to everyone.
pub async fn prepare(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    input: &ComplaintFormInput,
) -> Result<Prepared, ServiceError> {
    let for_customer =
        caller.is_some_and(|c| c.permits(&CaseRelation::NONE, Action::LogCaseForCustomer));
    let today = domain::london::to_london(ctx.now).date();
    // Every problem at once: the answers, and how and when it reached us.
    let receiving = for_customer.then(|| input.receiving(ctx.now));
    let form = match (ComplaintForm::parse(input, today), &receiving) {
        (Ok(form), None | Some(Ok(_))) => form,
        (parsed, _) => {
            let mut errors = parsed.err().map(|e| e.0).unwrap_or_default();
            if let Some(Err(more)) = &receiving {
                errors.extend(more.0.iter().cloned());
            }
            return Err(domain::form::FormErrors(errors).into());
        }
    };
    let details = CaseDetails::from_form(&form);
    let opening = match form.kind {
        FormKind::Complaint => Opening::Complaint,
        FormKind::ServiceRequest => Opening::ServiceRequest,
        FormKind::Compliment => Opening::Compliment,
    };
    // Staff say how and when it reached us; the customer is the one the answers name (or
    // the record they started from), never the member of staff.
    let (channel, received_at) = match receiving {
        Some(receiving) => {
            let receiving = receiving?;
            (receiving.channel, receiving.at)
        }
        None => (Channel::OnlineForm, ctx.now),
    };
    let user_id = caller.and_then(Caller::user_id);
    let customer = if for_customer {
        match input.customer_id.as_deref().map(str::parse::<i32>) {
            Some(Ok(id)) => {
                CustomerChoice::Existing(storage::customers::find(ctx.db, id).await?.id)
            }
            Some(Err(_)) => return Err(ServiceError::NotFound),
            None => CustomerChoice::New {
                user_id: None,
                details: CustomerDetails::from_form(&form),
            },
        }
    } else {
        let existing = match user_id {
            Some(id) => storage::customers::for_user(ctx.db, id).await?,
            None => None,
        };
        match existing {
            Some(existing) => CustomerChoice::Existing(existing.id),
            None => CustomerChoice::New {
                user_id,
                details: CustomerDetails::from_form(&form),
            },
        }
    };
    let recorded_by = match caller {
        Some(caller) => caller.who(),
        None => Who::customer(&form.name),
    };
    let policies = storage::policies::set(ctx.db).await?;
    let new = NewCase {
        channel,
        received_at,
        customer: Some(customer),
        case: NewCase::initial_state_under(opening, received_at, &details, ctx.calendar, &policies),
        details,
        recorded_by,
        linked_case: None,
        legacy_reference: None,
    };
    let receipt = match form.email.as_ref().filter(|_| !for_customer) {
        Some(email) => Some(ReceiptMail {
            to: email.as_str().to_owned(),
            name: form.name.clone(),
            user_id,
            kind: new.case.kind(),
            next: domain::lifecycle::customer::what_happens_next(&new.case, ctx.calendar),
            landlord: storage::settings::landlord(ctx.db).await?,
            base: ctx.public_base.to_owned(),
        }),
        None => None,
    };
    Ok(Prepared {
        new,
        for_customer,
        receipt,
    })
}

/// What logging a case hands back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub reference: domain::CaseReference,
    pub channel: Channel,
}

/// Whether the caller may log cases for customers: asked before anything is stored.
pub fn may_log(caller: &Caller) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::LogCaseForCustomer)
}

/// A case the caller may log for a customer, its answers checked and nothing stored yet:
/// what [`log_checked`] records. Checked first so that nothing else (an evidence file) is
/// stored for answers that would be refused.
#[derive(Debug, Clone)]
pub struct Checked(Prepared);

/// Checks that the caller may log cases for customers and reads the answers, every
/// problem at once. Naming a customer we hold (`customer_id`) uses their details as we
/// hold them.
pub async fn check_for_customer(
    ctx: Context<'_>,
    caller: &Caller,
    input: &ComplaintFormInput,
) -> Result<Checked, ServiceError> {
    may_log(caller)?;
    // Another case for a customer we know: their details are the ones we hold.
    let mut input = input.clone();
    if let Some(Ok(id)) = input.customer_id.as_deref().map(str::parse::<i32>) {
        fill_from(&mut input, &storage::customers::find(ctx.db, id).await?);
    }
    Ok(Checked(prepare(ctx, Some(caller), &input).await?))
}

/// Logs a checked case for its customer (staff or an integration client): the case, its
/// evidence file (already stored) and any message in one transaction.
pub async fn log_checked(
    ctx: Context<'_>,
    checked: Checked,
    evidence: Option<&storage::attachments::NewAttachment>,
) -> Result<Logged, ServiceError> {
    let Checked(prepared) = checked;
    let channel = prepared.new.channel;
    let receipt = prepared.receipt;
    let tell = move |created: &CreatedCase| receipt.as_ref().map(|r| r.message(created));
    let created =
        storage::cases::create_logged(ctx.db, prepared.new, evidence, &tell, ctx.calendar, ctx.now)
            .await?;
    tracing::info!(reference = %created.reference, %channel, "case logged for a customer");
    Ok(Logged {
        reference: created.reference,
        channel,
    })
}
