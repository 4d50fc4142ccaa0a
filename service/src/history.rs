//! Bringing in history from the landlord's previous system (`storage::import`): every row
//! checked first, then, unless it is a dry run, all of it in one transaction.
//!
//! The right to import is established once, before anything is received: an [`Importer`]
//! is made only for a caller who may import (the operator, for `putright import`), and the
//! import runs only through one. The admin page's upload
//! asks for it before it accepts a byte of the file.

use std::path::Path;
use std::sync::Arc;

use domain::access::{Action, CaseRelation};
use storage::import::{ImportError, ImportSummary, Watcher};

use crate::{Caller, Context, ServiceError};

/// The right to import history, as established for one caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Importer {
    /// Who is importing, for the log.
    by: String,
}

impl Importer {
    /// The right, for a caller who may import history (`Action::ImportHistory`).
    pub fn for_caller(caller: &Caller) -> Result<Self, ServiceError> {
        caller.may(&CaseRelation::NONE, Action::ImportHistory)?;
        Ok(Self {
            by: caller.to_string(),
        })
    }

    /// Checks the file at `path` and, unless `dry_run`, imports it, telling `watcher`
    /// where it has got to. A file with any wrong row imports nothing
    /// ([`ImportError::Refused`], each problem with its line and column).
    pub async fn import(
        &self,
        ctx: Context<'_>,
        path: &Path,
        dry_run: bool,
        watcher: Arc<dyn Watcher>,
    ) -> Result<ImportSummary, ImportError> {
        let summary =
            storage::import::import_file(ctx.db, ctx.calendar, path, dry_run, ctx.now, watcher)
                .await?;
        tracing::info!(
            by = %self.by,
            rows = summary.rows,
            imported = summary.imported,
            dry_run,
            "history import ran"
        );
        Ok(summary)
    }
}
