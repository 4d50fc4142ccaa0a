//! Customers: the people cases are about, with how they want to be contacted and the
//! reasonable adjustments we make for them.

use chrono::{DateTime, Utc};
use domain::form::{
    Adjustment, ComplaintForm, ContactMethod, CustomerType, EmailAddress, PhoneNumber,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::codes::{from_code, to_code};
use crate::entities::{customer_adjustments, customers};
use crate::{Db, StorageError};

/// A customer as staff and the customer themselves see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i32,
    /// Their own account, when they have one.
    pub user_id: Option<i32>,
    pub details: CustomerDetails,
}

/// What we know about a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDetails {
    pub name: String,
    pub describes_you: CustomerType,
    /// Given when they want calls or text messages (stored as an empty string when not).
    pub phone: Option<PhoneNumber>,
    pub email: Option<EmailAddress>,
    pub preferred_contact: Option<ContactMethod>,
    pub adjustments: Vec<Adjustment>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

impl CustomerDetails {
    /// The person who filled in the form.
    pub fn from_form(form: &ComplaintForm) -> Self {
        Self {
            name: form.name.clone(),
            describes_you: form.describes_you.clone(),
            phone: form.phone.clone(),
            email: form.email.clone(),
            preferred_contact: form.preferred_contact,
            adjustments: form.adjustments.clone(),
            address: form.address.clone(),
            postcode: form.postcode.clone(),
        }
    }
}

pub(crate) async fn insert(
    conn: &impl ConnectionTrait,
    user_id: Option<i32>,
    details: &CustomerDetails,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    let row = row(user_id, details, now).insert(conn).await?;
    let adjustments = adjustment_rows(row.id, details);
    if !adjustments.is_empty() {
        customer_adjustments::Entity::insert_many(adjustments)
            .exec(conn)
            .await?;
    }
    Ok(row.id)
}

/// A customer's row, as [`insert`] and the bulk loader write it (the id left to the
/// database).
pub(crate) fn row(
    user_id: Option<i32>,
    details: &CustomerDetails,
    now: DateTime<Utc>,
) -> customers::ActiveModel {
    let (describes_you, describes_you_other) = match &details.describes_you {
        CustomerType::Other(text) => ("other".to_owned(), Some(text.clone())),
        other => (to_code(other), None),
    };
    let adjustments_other = details.adjustments.iter().find_map(|a| match a {
        Adjustment::Other(text) => Some(text.clone()),
        _ => None,
    });
    customers::ActiveModel {
        user_id: Set(user_id),
        name: Set(details.name.clone()),
        describes_you: Set(describes_you),
        describes_you_other: Set(describes_you_other),
        phone: Set(stored_phone(&details.phone).to_owned()),
        email: Set(details.email.as_ref().map(|e| e.as_str().to_owned())),
        preferred_contact: Set(details.preferred_contact.as_ref().map(to_code)),
        adjustments_other: Set(adjustments_other),
        address: Set(details.address.clone()),
        postcode: Set(details.postcode.clone()),
        created_at: Set(now),
        ..Default::default()
    }
}

/// The phone column's value: the national number, or empty when none was given.
pub(crate) fn stored_phone(phone: &Option<PhoneNumber>) -> &str {
    phone.as_ref().map_or("", PhoneNumber::national)
}

/// The rows of a customer's reasonable adjustments, once the customer has its id.
pub(crate) fn adjustment_rows(
    customer_id: i32,
    details: &CustomerDetails,
) -> Vec<customer_adjustments::ActiveModel> {
    details
        .adjustments
        .iter()
        .map(|a| customer_adjustments::ActiveModel {
            customer_id: Set(customer_id),
            adjustment: Set(crate::adjustments::stored_code(a)),
        })
        .collect()
}

/// Records a new customer.
pub async fn create(
    db: &Db,
    user_id: Option<i32>,
    details: &CustomerDetails,
    now: DateTime<Utc>,
) -> Result<Customer, StorageError> {
    let id = insert(db.conn(), user_id, details, now).await?;
    find(db, id).await
}

pub async fn find(db: &Db, id: i32) -> Result<Customer, StorageError> {
    load(db.conn(), id).await
}

/// Corrects the customer's contact details and records it on each of their cases not yet
/// erased, in one transaction. Returns how many cases were noted.
pub async fn correct(
    db: &Db,
    id: i32,
    correction: &domain::form::correction::Correction,
    changed: &[&str],
    who: &crate::cases::Who,
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    use crate::entities::cases;
    use sea_orm::{QuerySelect, sea_query::Expr};
    let d = &correction.details;
    let txn = db.conn().begin().await?;
    let updated = customers::Entity::update_many()
        .col_expr(customers::Column::Name, Expr::value(d.name.clone()))
        .col_expr(
            customers::Column::Phone,
            Expr::value(stored_phone(&d.phone).to_owned()),
        )
        .col_expr(
            customers::Column::Email,
            Expr::value(d.email.as_ref().map(|e| e.as_str().to_owned())),
        )
        .col_expr(
            customers::Column::PreferredContact,
            Expr::value(d.preferred_contact.as_ref().map(to_code)),
        )
        .col_expr(customers::Column::Address, Expr::value(d.address.clone()))
        .col_expr(customers::Column::Postcode, Expr::value(d.postcode.clone()))
        .filter(customers::Column::Id.eq(id))
        .filter(customers::Column::ErasedAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    let ids: Vec<i32> = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .filter(cases::Column::CustomerId.eq(id))
        .filter(cases::Column::ErasedAt.is_null())
        .into_tuple()
        .all(&txn)
        .await?;
    let item = domain::TimelineItem::DetailsCorrected {
        changed: changed.iter().map(|c| (*c).to_owned()).collect(),
        reason: correction.reason.clone(),
    };
    for case in &ids {
        crate::cases::append_in(&txn, crate::cases::CaseId(*case), who, &item, now).await?;
    }
    txn.commit().await?;
    Ok(ids.len())
}

/// The cases about this customer with their references, oldest first: one query.
pub async fn cases_of(
    db: &Db,
    id: i32,
) -> Result<Vec<(crate::cases::CaseId, domain::CaseReference)>, StorageError> {
    use crate::entities::cases;
    use sea_orm::QuerySelect;
    let rows: Vec<(i32, i16, i32)> = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .column(cases::Column::ReferenceYear)
        .column(cases::Column::ReferenceNumber)
        .filter(cases::Column::CustomerId.eq(id))
        .order_by_asc(cases::Column::ReceivedAt)
        .order_by_asc(cases::Column::Id)
        .into_tuple()
        .all(db.conn())
        .await?;
    rows.into_iter()
        .map(|(case, year, number)| {
            Ok((
                crate::cases::CaseId(case),
                crate::cases::case_reference(year, number)?,
            ))
        })
        .collect()
}

/// The customer record linked to an account, if there is one.
pub async fn for_user(db: &Db, user_id: i32) -> Result<Option<Customer>, StorageError> {
    let row = customers::Entity::find()
        .filter(customers::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?;
    match row {
        Some(row) => Ok(Some(to_customer(db.conn(), row).await?)),
        None => Ok(None),
    }
}

pub(crate) async fn load(conn: &impl ConnectionTrait, id: i32) -> Result<Customer, StorageError> {
    let row = customers::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    to_customer(conn, row).await
}

async fn to_customer(
    conn: &impl ConnectionTrait,
    row: customers::Model,
) -> Result<Customer, StorageError> {
    let corrupt = |what: &str| StorageError::Corrupt(format!("customer {}: {what}", row.id));
    let adjustments = customer_adjustments::Entity::find()
        .filter(customer_adjustments::Column::CustomerId.eq(row.id))
        .order_by_asc(customer_adjustments::Column::Adjustment)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| match a.adjustment.as_str() {
            "other" => Ok(Adjustment::Other(
                row.adjustments_other.clone().unwrap_or_default(),
            )),
            code => from_code(code),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let describes_you = match row.describes_you.as_str() {
        "other" => CustomerType::Other(row.describes_you_other.clone().unwrap_or_default()),
        code => from_code(code)?,
    };
    Ok(Customer {
        id: row.id,
        user_id: row.user_id,
        details: CustomerDetails {
            phone: match row.phone.as_str() {
                "" => None,
                number => Some(PhoneNumber::parse(number).map_err(|_| corrupt("phone"))?),
            },
            email: row
                .email
                .as_deref()
                .map(EmailAddress::parse)
                .transpose()
                .map_err(|_| corrupt("email"))?,
            preferred_contact: row
                .preferred_contact
                .as_deref()
                .map(from_code)
                .transpose()?,
            name: row.name,
            describes_you,
            adjustments,
            address: row.address,
            postcode: row.postcode,
        },
    })
}
