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

/// Whether the caller logs cases for customers (officers, managers, the complaints
/// manager). Anyone else who fills in the form, signed in or not, does so as a customer,
/// for themselves.
pub fn logs_for_customers(caller: Option<&Caller>) -> bool {
    caller.is_some_and(|c| c.permits(&CaseRelation::NONE, Action::LogCaseForCustomer))
}

/// The draft under `token`, if it is still there and is the caller's (a draft made while
/// signed in opens only for its maker; one made signed out, for whoever holds its token).
pub async fn draft(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    token: &str,
) -> Result<Option<storage::drafts::Draft>, ServiceError> {
    match storage::drafts::load(ctx.db, token, caller.and_then(Caller::user_id), ctx.now).await {
        Ok(draft) => Ok(Some(draft)),
        Err(storage::StorageError::NotFound) => Ok(None),
        // A draft that cannot be read back starts the form afresh.
        Err(storage::StorageError::Corrupt(why)) => {
            tracing::warn!(%why, "a draft could not be read");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// The case a draft under `token` became, when the caller sent it (the page after "Send"
/// names it, even once the draft is gone).
pub async fn draft_sent(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    token: &str,
) -> Result<Option<domain::CaseReference>, ServiceError> {
    Ok(storage::drafts::sent(ctx.db, token, caller.and_then(Caller::user_id), ctx.now).await?)
}

/// A new form's answers: blank but for what we know. Staff logging a case: it reached us
/// just now unless they say otherwise, and a known customer's details (`customer`, an id
/// as the address gives it) come from their record. A signed-in resident: their details
/// from their record. A customer id that is not a number, or names nobody, is
/// [`ServiceError::NotFound`].
pub async fn fresh(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    kind: Option<&str>,
    customer: Option<&str>,
) -> Result<ComplaintFormInput, ServiceError> {
    let kind = FormKind::parse(kind.unwrap_or_default()).unwrap_or(FormKind::Complaint);
    let mut input = ComplaintFormInput {
        kind: kind.as_str().to_owned(),
        ..Default::default()
    };
    let staff = logs_for_customers(caller);
    let known = if staff {
        let london = domain::london::to_london(ctx.now);
        input.received_on = Some(london.date().format("%Y-%m-%d").to_string());
        input.received_time = Some(london.format("%H:%M").to_string());
        match customer
            .filter(|c| !c.trim().is_empty())
            .map(str::parse::<i32>)
        {
            Some(Ok(id)) => Some(storage::customers::find(ctx.db, id).await?),
            Some(Err(_)) => return Err(ServiceError::NotFound),
            None => None,
        }
    } else {
        match caller.and_then(Caller::user_id) {
            Some(user) => storage::customers::for_user(ctx.db, user).await?,
            None => None,
        }
    };
    if let Some(customer) = known {
        fill_from(&mut input, &customer);
        if staff {
            input.customer_id = Some(customer.id.to_string());
        }
    }
    Ok(input)
}

/// The name of the customer a member of staff is logging a case for; `None` for anyone
/// else, and for a customer id that is not a number.
pub async fn customer_named(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    customer: Option<&str>,
) -> Result<Option<String>, ServiceError> {
    if !logs_for_customers(caller) {
        return Ok(None);
    }
    match customer.map(str::parse::<i32>) {
        Some(Ok(id)) => Ok(Some(
            storage::customers::find(ctx.db, id).await?.details.name,
        )),
        _ => Ok(None),
    }
}

/// The policy versions, for the form's deadline preview (public: the procedure's own
/// timescales).
pub async fn policies(ctx: Context<'_>) -> Result<domain::policy::PolicySet, ServiceError> {
    Ok(storage::policies::set(ctx.db).await?)
}

/// A case made from a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub reference: domain::CaseReference,
    /// The tracking page's token (for a customer's own case).
    pub tracking_token: String,
    /// Logged by staff for a customer, rather than made by the customer.
    pub for_customer: bool,
}

/// Turns the caller's checked draft `token` into a case: the case, its evidence file, the
/// receipt message and the draft's removal in one transaction.
pub async fn send_draft(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    token: &str,
) -> Result<Sent, ServiceError> {
    let user_id = caller.and_then(Caller::user_id);
    let saved = storage::drafts::load(ctx.db, token, user_id, ctx.now).await?;
    let prepared = prepare(ctx, caller, &saved.input).await?;
    let (channel, receipt, for_customer) = (
        prepared.new.channel,
        prepared.receipt,
        prepared.for_customer,
    );
    let tell = move |created: &CreatedCase| receipt.as_ref().map(|r| r.message(created));
    let created = storage::drafts::confirm(
        ctx.db,
        token,
        user_id,
        storage::drafts::Making {
            case: prepared.new,
            evidence: saved.evidence.as_ref(),
            tell: &tell,
        },
        ctx.calendar,
        ctx.now,
    )
    .await?;
    if for_customer {
        tracing::info!(reference = %created.reference, %channel, "case logged by staff");
    } else {
        tracing::info!(reference = %created.reference, "case received online");
    }
    Ok(Sent {
        reference: created.reference,
        tracking_token: created.tracking_token,
        for_customer,
    })
}
