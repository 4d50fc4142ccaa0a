//! Whether every stored case is whole: the checks `putright bench-durability` runs after it
//! has killed the server in the middle of taking complaints.
//!
//! A case is written with its customer, its first timeline entry, the stages of a
//! complaint and (from a confirmed form) its file in one transaction; each count here is
//! of cases that would show one of those written without the others. On a sound database
//! every count is zero.

use sea_orm::{ConnectionTrait, Statement};

use crate::{Db, StorageError};

/// Cases missing a part that is written with them. Each field counts cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Findings {
    /// Every case, whole or not.
    pub cases: i64,
    /// Cases without any timeline entry (the first, "received", is written with the case).
    pub without_timeline: i64,
    /// Cases from the online form without their customer (history imported from the
    /// previous system comes without customers, and a case erased under the retention
    /// schedule has lost its own: neither is counted).
    pub online_without_customer: i64,
    /// Complaints without their first stage.
    pub complaints_without_stage: i64,
    /// Files recorded without the timeline entry that says they were added.
    pub files_without_entry: i64,
}

impl Findings {
    /// Cases found half-written, in all.
    pub fn half_written(&self) -> i64 {
        self.without_timeline
            + self.online_without_customer
            + self.complaints_without_stage
            + self.files_without_entry
    }
}

const CASES: &str = "SELECT COUNT(*) FROM cases";
const WITHOUT_TIMELINE: &str = "SELECT COUNT(*) FROM cases c \
     WHERE NOT EXISTS (SELECT 1 FROM timeline t WHERE t.case_id = c.id)";
const ONLINE_WITHOUT_CUSTOMER: &str = "SELECT COUNT(*) FROM cases c \
     WHERE c.channel = 'online_form' AND c.customer_id IS NULL \
     AND c.legacy_reference IS NULL AND c.erased_at IS NULL";
const COMPLAINTS_WITHOUT_STAGE: &str = "SELECT COUNT(*) FROM cases c \
     WHERE c.kind = 'complaint' \
     AND NOT EXISTS (SELECT 1 FROM case_stages s WHERE s.case_id = c.id AND s.stage = 1)";
const FILES_WITHOUT_ENTRY: &str = "SELECT COUNT(*) FROM attachments a \
     WHERE NOT EXISTS (SELECT 1 FROM timeline t \
     WHERE t.case_id = a.case_id AND t.kind = 'attachment_added')";

/// Counts cases whole and half-written.
pub async fn check(db: &Db) -> Result<Findings, StorageError> {
    Ok(Findings {
        cases: count(db, CASES).await?,
        without_timeline: count(db, WITHOUT_TIMELINE).await?,
        online_without_customer: count(db, ONLINE_WITHOUT_CUSTOMER).await?,
        complaints_without_stage: count(db, COMPLAINTS_WITHOUT_STAGE).await?,
        files_without_entry: count(db, FILES_WITHOUT_ENTRY).await?,
    })
}

async fn count(db: &Db, sql: &str) -> Result<i64, StorageError> {
    let conn = db.conn();
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            sql.to_owned(),
        ))
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
