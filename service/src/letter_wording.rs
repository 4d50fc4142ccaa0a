//! The wording of each kind of letter, kept by an administrator: every save is a new
//! version, checked by the domain (`domain::letters::template`), and each letter records
//! the version it was written with.

use std::collections::HashMap;

use domain::access::{Action, CaseRelation};
use domain::letters::LetterKind;
use domain::letters::template::{LetterTemplate, Part};
use storage::accounts::Account;
use storage::letter_templates::SavedWording;

use crate::{Caller, Context, ServiceError};

/// A saved version, with who saved it (while their account exists).
#[derive(Debug, Clone)]
pub struct Version {
    pub saved: SavedWording,
    pub by: Option<Account>,
}

/// The wording each kind of letter uses, for those with a saved one.
pub async fn in_use(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Vec<(LetterKind, Version)>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLetterTemplates)?;
    let in_use = storage::letter_templates::in_use(ctx.db).await?;
    let by = savers(ctx, in_use.iter().map(|(_, s)| s)).await?;
    Ok(in_use
        .into_iter()
        .map(|(kind, saved)| {
            // One admin may have saved several kinds' wording.
            let by = saved.saved_by.and_then(|id| by.get(&id).cloned());
            (kind, Version { saved, by })
        })
        .collect())
}

/// One kind's wording: its newest `listed` versions, newest first, each with the letters
/// written with it.
#[derive(Debug, Clone)]
pub struct History {
    pub versions: Vec<(Version, u64)>,
    /// Letters written with Putright's own wording.
    pub standard_letters: u64,
}

/// One kind's versions.
pub async fn history(
    ctx: Context<'_>,
    caller: &Caller,
    kind: LetterKind,
    listed: u64,
) -> Result<History, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLetterTemplates)?;
    let history = storage::letter_templates::history(ctx.db, kind, listed).await?;
    let by = savers(ctx, history.iter()).await?;
    let mut versions = Vec::with_capacity(history.len());
    for saved in history {
        let letters =
            storage::letter_templates::letters_written(ctx.db, kind, saved.wording.version).await?;
        let by = saved.saved_by.and_then(|id| by.get(&id).cloned());
        versions.push((Version { saved, by }, letters));
    }
    Ok(History {
        versions,
        standard_letters: storage::letter_templates::letters_written(ctx.db, kind, 0).await?,
    })
}

/// The accounts that saved these versions, in one query.
async fn savers<'a>(
    ctx: Context<'_>,
    saved: impl Iterator<Item = &'a SavedWording>,
) -> Result<HashMap<i32, Account>, ServiceError> {
    Ok(storage::accounts::find_each(ctx.db, saved.filter_map(|s| s.saved_by)).await?)
}

/// The words to save.
#[derive(Debug, Clone, Copy)]
pub enum Wording<'a> {
    /// Putright's own, put back.
    Standard,
    /// The passages typed, to be checked.
    Typed(&'a [(Part, String)]),
}

/// Saves a new version of `kind`'s wording: checked by the domain (every problem at once,
/// by part), and refused when someone saved another version after `seen`, the version the
/// page showed, so nobody's words are lost unseen. Returns the new version.
pub async fn save(
    ctx: Context<'_>,
    caller: &Caller,
    kind: LetterKind,
    seen: u32,
    wording: Wording<'_>,
) -> Result<u32, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLetterTemplates)?;
    let by = caller.account_id()?;
    let wording = match wording {
        Wording::Standard => LetterTemplate::standard(),
        Wording::Typed(passages) => LetterTemplate::parse(kind, passages).map_err(|errors| {
            ServiceError::Invalid(
                errors
                    .into_iter()
                    .map(|e| crate::Problem {
                        field: e.part.as_str().to_owned(),
                        message: e.message,
                    })
                    .collect(),
            )
        })?,
    };
    let someone_else = || {
        ServiceError::invalid(
            "wording-button",
            "Someone else saved a new version of this wording after you opened the page. Your words are still below: look at the newest version in the list of versions, then save again.",
        )
    };
    let newest = storage::letter_templates::newest(ctx.db, kind)
        .await?
        .map_or(0, |s| s.wording.version);
    if newest != seen {
        return Err(someone_else());
    }
    let version = match storage::letter_templates::save(ctx.db, kind, &wording, by, ctx.now).await {
        Err(storage::StorageError::Conflict) => return Err(someone_else()),
        other => other?,
    };
    tracing::info!(by = %caller, kind = kind.as_str(), version, "letter wording saved");
    Ok(version)
}
