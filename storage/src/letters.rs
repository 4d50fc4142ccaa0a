//! Letters issued on a case: kept whole, as they were printed or sent.
//!
//! The `body` column holds the domain's [`Letter`] as JSON (recipient, date, wording and the
//! Ombudsman's details as they were on the day), so a letter reads back exactly as issued
//! even after the customer moves or our wording changes. Kind, stage and subject are copied
//! to columns for lists. Issuing a letter also puts it on the case's timeline, in the same
//! transaction: there is never a letter the timeline does not mention, nor the reverse.

use chrono::{DateTime, Utc};
use domain::TimelineItem;
use domain::letters::{Letter, LetterKind};
use domain::policy::Stage;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::cases::{CaseId, Who, append_in};
use crate::codes::{from_json, to_json};
use crate::entities::letters;
use crate::{Db, StorageError};

/// A line in a case's list of letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterSummary {
    pub id: i32,
    pub kind: LetterKind,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub large_print: bool,
}

/// A letter as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLetter {
    pub id: i32,
    pub case_id: CaseId,
    pub kind: LetterKind,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub large_print: bool,
    pub letter: Letter,
}

fn stage_number(stage: Stage) -> i16 {
    match stage {
        Stage::One => 1,
        Stage::Two => 2,
    }
}

/// Keeps a letter and notes it on the case's timeline, in one transaction. Returns the
/// letter's id.
pub async fn issue(
    db: &Db,
    case_id: CaseId,
    letter: &Letter,
    large_print: bool,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    issue_to(db, case_id, letter, large_print, who, now, None).await
}

/// Who a letter is e-mailed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub user_id: Option<i32>,
    pub name: String,
    pub email: String,
}

/// A letter to keep with the step that sends it, and who it is e-mailed to (if anyone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter {
    pub letter: Letter,
    pub large_print: bool,
    pub to: Option<Addressee>,
    /// Others sent a copy by e-mail: representatives whose authority is confirmed.
    pub copies: Vec<Addressee>,
    /// A call to go through it, when the customer asked to be phoned.
    pub call: Option<crate::calls::CallFor>,
}

/// As [`issue`], and queues the letter as an e-mail to `to` in the same transaction
/// (dedupe key `letter:{id}`), so a letter is never kept without its e-mail or sent twice.
pub async fn issue_to(
    db: &Db,
    case_id: CaseId,
    letter: &Letter,
    large_print: bool,
    who: &Who,
    now: DateTime<Utc>,
    to: Option<&Addressee>,
) -> Result<i32, StorageError> {
    let txn = db.conn().begin().await?;
    let new = NewLetter {
        letter: letter.clone(),
        large_print,
        to: to.cloned(),
        copies: Vec::new(),
        call: None,
    };
    let id = issue_in(&txn, case_id, &new, who, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// Keeps `new`, notes it on the timeline and queues its e-mail, on `conn` (a transaction
/// the caller commits with whatever else belongs with it).
pub(crate) async fn issue_in(
    conn: &impl ConnectionTrait,
    case_id: CaseId,
    new: &NewLetter,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    let letter = &new.letter;
    let row = letters::ActiveModel {
        id: NotSet,
        case_id: Set(case_id.0),
        kind: Set(letter.kind.as_str().to_owned()),
        stage: Set(letter.stage.map(stage_number)),
        created_at: Set(now),
        created_by: Set(who.user_id),
        subject: Set(letter.subject.clone()),
        body: Set(to_json(letter)),
        large_print: Set(new.large_print),
        template_version: Set(i32::try_from(letter.template_version).unwrap_or(i32::MAX)),
    }
    .insert(conn)
    .await?;
    let item = TimelineItem::LetterIssued {
        subject: letter.subject.clone(),
    };
    append_in(conn, case_id, who, &item, now).await?;
    if let Some(call) = new.call {
        crate::calls::add_in(conn, case_id, row.id, &letter.subject, call, now).await?;
    }
    // The customer's e-mail, then a copy for each representative, each queued once.
    let customer = new.to.iter().map(|to| {
        (
            format!("letter:{}", row.id),
            to,
            letter.subject.clone(),
            letter.plain_text(),
        )
    });
    let copies = new.copies.iter().enumerate().map(|(n, copy)| {
        (
            format!("letter:{}:copy:{n}", row.id),
            copy,
            format!("Copy: {}", letter.subject),
            format!(
                "A copy for {}, who acts for the customer on this case.\n\n{}",
                copy.name,
                letter.plain_text()
            ),
        )
    });
    for (dedupe_key, to, subject, body) in customer.chain(copies) {
        let message = crate::outbox::NewMessage {
            dedupe_key,
            case_id: Some(case_id),
            to_user_id: to.user_id,
            to_email: Some(to.email.clone()),
            to_name: Some(to.name.clone()),
            subject,
            body,
        };
        crate::outbox::enqueue_in(conn, &message, now).await?;
    }
    Ok(row.id)
}

fn kind_of(row_id: i32, code: &str) -> Result<LetterKind, StorageError> {
    LetterKind::parse(code)
        .map_err(|_| StorageError::Corrupt(format!("letter {row_id}: kind {code:?}")))
}

/// The letters of a case, oldest first (the order they were issued).
pub async fn for_case(db: &Db, case_id: CaseId) -> Result<Vec<LetterSummary>, StorageError> {
    use letters::Column;
    let rows: Vec<(i32, String, String, DateTime<Utc>, bool)> = letters::Entity::find()
        .select_only()
        .columns([
            Column::Id,
            Column::Kind,
            Column::Subject,
            Column::CreatedAt,
            Column::LargePrint,
        ])
        .filter(Column::CaseId.eq(case_id.0))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .into_tuple()
        .all(db.conn())
        .await?;
    rows.into_iter()
        .map(|(id, kind, subject, created_at, large_print)| {
            Ok(LetterSummary {
                kind: kind_of(id, &kind)?,
                id,
                subject,
                created_at,
                large_print,
            })
        })
        .collect()
}

/// One letter by its id.
pub async fn find(db: &Db, id: i32) -> Result<StoredLetter, StorageError> {
    let row = letters::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    stored(row)
}

/// Every letter of a case, whole, oldest first: one query.
pub async fn whole_for_case(db: &Db, case_id: CaseId) -> Result<Vec<StoredLetter>, StorageError> {
    letters::Entity::find()
        .filter(letters::Column::CaseId.eq(case_id.0))
        .order_by_asc(letters::Column::CreatedAt)
        .order_by_asc(letters::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(stored)
        .collect()
}

fn stored(row: letters::Model) -> Result<StoredLetter, StorageError> {
    Ok(StoredLetter {
        kind: kind_of(row.id, &row.kind)?,
        letter: from_json(&row.body)?,
        id: row.id,
        case_id: CaseId(row.case_id),
        subject: row.subject,
        created_at: row.created_at,
        large_print: row.large_print,
    })
}
