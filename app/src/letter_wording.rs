//! Letter wording, kept by an administrator
//! ([`domain::access::Action::ManageLetterTemplates`]) at `/admin/letters`: which wording
//! each kind of letter uses, and for one kind its passages to change, a preview on a sample
//! case, and the versions saved before. The domain checks the words
//! ([`domain::letters::template`]); every save is a new version, and each letter records the
//! version it was written with.

// A server function's arguments are its form's fields, one each: the form posts them by
// name, and the browser's generated caller takes them the same way.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
#[cfg(feature = "ssr")]
use domain::letters::template::LetterTemplate;
use domain::letters::template::Part;
use domain::letters::{Letter, LetterKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role keeps the letters' wording.
pub fn may_manage(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageLetterTemplates)
}

/// One kind of letter in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindLine {
    /// Its code, for the address.
    pub kind: String,
    pub label: String,
    /// "Putright's own wording" or "Version 2, saved on 5 December 2026 by Ada Admin".
    pub wording: String,
}

/// A saved version, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionLine {
    pub version: u32,
    /// "Saved on 5 December 2026 by Ada Admin".
    pub saved: String,
    /// The passages it changed from Putright's own, by label; empty when it put ours back.
    pub changed: Vec<String>,
    /// How many letters were written with it.
    pub letters: u64,
}

/// One kind's page: the wording in use (or what was typed), the versions, and the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordingView {
    pub kind: String,
    pub label: String,
    /// The version in use (0: Putright's own).
    pub version: u32,
    /// Each passage's words in use, by part code.
    pub texts: Vec<(String, String)>,
    pub history: Vec<VersionLine>,
    /// Letters written with Putright's own wording.
    pub standard_letters: u64,
    /// The sample letter in the words shown (typed, or in use), if they can be written.
    pub preview: Option<Letter>,
    /// The preview's date, written in full.
    pub dated: String,
    /// What stops the words shown being saved, if anything: every problem, by part code.
    pub problems: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
async fn keeper() -> Result<storage::accounts::Account, AppError> {
    crate::auth::session::require(domain::access::Action::ManageLetterTemplates).await
}

#[cfg(feature = "ssr")]
fn kind_of(code: &str) -> Result<LetterKind, AppError> {
    LetterKind::parse(code).map_err(|_| AppError::NotFound)
}

/// "Saved on 5 December 2026 by Ada Admin".
#[cfg(feature = "ssr")]
async fn saved_words(
    state: &crate::state::AppState,
    saved: &storage::letter_templates::SavedWording,
) -> Result<String, AppError> {
    let by = match saved.saved_by {
        Some(id) => storage::accounts::find(&state.db, id)
            .await?
            .map(|a| format!(" by {}", a.display_name)),
        None => None,
    };
    Ok(format!(
        "Saved on {}{}",
        domain::deadlines::day_month_year(domain::london::to_london(saved.saved_at).date()),
        by.unwrap_or_default()
    ))
}

/// Every kind of letter and the wording it uses.
#[server(endpoint = "letter_wordings")]
pub async fn letter_wordings() -> Result<Vec<KindLine>, AppError> {
    keeper().await?;
    let state = crate::state::app_state()?;
    let in_use = storage::letter_templates::in_use(&state.db).await?;
    let mut lines = Vec::with_capacity(LetterKind::ALL.len());
    for kind in LetterKind::ALL {
        let wording = match in_use.iter().find(|(k, _)| *k == kind) {
            Some((_, saved)) if saved.wording.is_standard() => format!(
                "Putright's own wording (version {}, {})",
                saved.wording.version,
                saved_words(&state, saved).await?.to_lowercase()
            ),
            Some((_, saved)) => format!(
                "Version {}, {}",
                saved.wording.version,
                saved_words(&state, saved).await?.to_lowercase()
            ),
            None => "Putright's own wording".to_owned(),
        };
        lines.push(KindLine {
            kind: kind.as_str().to_owned(),
            label: kind.label().to_owned(),
            wording,
        });
    }
    Ok(lines)
}

/// The words typed for each part, as the form sends them (a part left out is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typed {
    pub subject: Option<String>,
    pub opening: Option<String>,
    pub opening_early: Option<String>,
    pub next: Option<String>,
    pub sign_off: Option<String>,
}

impl Typed {
    fn of(&self, part: Part) -> Option<&String> {
        match part {
            Part::Subject => self.subject.as_ref(),
            Part::Opening => self.opening.as_ref(),
            Part::OpeningEarly => self.opening_early.as_ref(),
            Part::Next => self.next.as_ref(),
            Part::SignOff => self.sign_off.as_ref(),
        }
    }

    /// The parts typed, for `kind`.
    pub fn written(&self, kind: LetterKind) -> Vec<(Part, String)> {
        domain::letters::template::passages(kind)
            .iter()
            .filter_map(|p| self.of(p.part).map(|text| (p.part, text.clone())))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        Part::ALL.iter().all(|p| self.of(*p).is_none())
    }
}

/// One kind's page. With `typed` (a preview asked for, or a refused save, without
/// JavaScript), the form and the preview show those words; otherwise the words in use,
/// or those of version `from` when asked to start from an earlier one.
#[server(endpoint = "letter_wording")]
pub async fn letter_wording(
    kind: String,
    from: Option<u32>,
    typed: Typed,
) -> Result<WordingView, AppError> {
    keeper().await?;
    let kind = kind_of(&kind)?;
    let state = crate::state::app_state()?;
    let history = storage::letter_templates::history(&state.db, kind, 20).await?;
    let in_use = history
        .first()
        .map_or_else(LetterTemplate::standard, |s| s.wording.clone());
    let start = match from {
        Some(0) => LetterTemplate::standard(),
        Some(v) => history
            .iter()
            .find(|s| s.wording.version == v)
            .map(|s| s.wording.clone())
            .ok_or(AppError::NotFound)?,
        None => in_use.clone(),
    };
    let passages = domain::letters::template::passages(kind);
    let texts: Vec<(String, String)> = passages
        .iter()
        .map(|p| {
            let text = typed
                .of(p.part)
                .cloned()
                .unwrap_or_else(|| start.text(kind, p.part).to_owned());
            (p.part.as_str().to_owned(), text)
        })
        .collect();
    let shown: Vec<(Part, String)> = passages
        .iter()
        .zip(&texts)
        .map(|(p, (_, text))| (p.part, text.clone()))
        .collect();
    let problems = match LetterTemplate::parse(kind, &shown) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| (e.part.as_str().to_owned(), e.message))
            .collect(),
    };
    // The preview fills in whatever was typed, checked or not: a misspelt placeholder shows
    // as typed, a blank passage as nothing.
    let unchecked = LetterTemplate {
        version: in_use.version + 1,
        texts: shown
            .into_iter()
            .map(|(part, text)| (part, text.replace("\r\n", "\n").trim().to_owned()))
            .collect(),
    };
    let today = crate::clock::today();
    let (landlord, ombudsman) = storage::settings::contacts(&state.db).await?;
    let preview = domain::letters::sample::letter(
        kind,
        &unchecked,
        today,
        &state.calendar.current(),
        &landlord,
        &ombudsman,
    )
    .ok();
    let mut lines = Vec::with_capacity(history.len());
    for saved in &history {
        lines.push(VersionLine {
            version: saved.wording.version,
            saved: saved_words(&state, saved).await?,
            changed: passages
                .iter()
                .filter(|p| saved.wording.texts.contains_key(&p.part))
                .map(|p| p.label.to_owned())
                .collect(),
            letters: storage::letter_templates::letters_written(
                &state.db,
                kind,
                saved.wording.version,
            )
            .await?,
        });
    }
    Ok(WordingView {
        kind: kind.as_str().to_owned(),
        label: kind.label().to_owned(),
        version: in_use.version,
        texts,
        history: lines,
        standard_letters: storage::letter_templates::letters_written(&state.db, kind, 0).await?,
        preview,
        dated: domain::deadlines::long_date(today),
        problems,
    })
}

/// What the wording form asks for.
pub const PREVIEW: &str = "preview";
pub const SAVE: &str = "save";
pub const RESTORE: &str = "restore";

/// Previews, saves, or puts back Putright's own wording for one kind of letter. A save is
/// checked by the domain (every problem at once, by part) and refused when someone saved
/// another version after the page was opened (`in_use`), so nobody's words are lost
/// unseen. A preview saves nothing: it shows the page again with the words typed.
#[server(endpoint = "save_letter_wording")]
pub async fn save_letter_wording(
    kind: String,
    in_use: u32,
    intent: String,
    #[server(default)] subject: String,
    #[server(default)] opening: String,
    #[server(default)] opening_early: String,
    #[server(default)] next: String,
    #[server(default)] sign_off: String,
) -> Result<(), AppError> {
    let account = keeper().await?;
    let kind = kind_of(&kind)?;
    let page = format!("/admin/letters/{}", kind.as_str());
    // The form sends every passage of its letter: one left blank is refused, not skipped.
    let typed = Typed {
        subject: Some(subject),
        opening: Some(opening),
        opening_early: Some(opening_early),
        next: Some(next),
        sign_off: Some(sign_off),
    };
    let mut kept = crate::refusal::Typed::new(&[]);
    for (part, text) in typed.written(kind) {
        kept.push(part.as_str().to_owned(), Some(&text));
    }
    if intent == PREVIEW {
        kept.go_to(&page, "preview");
        return Ok(());
    }
    let result = async {
        let wording = if intent == RESTORE {
            LetterTemplate::standard()
        } else {
            LetterTemplate::parse(kind, &typed.written(kind)).map_err(|errors| {
                AppError::of_problems(errors.into_iter().map(|e| (e.part.as_str(), e.message)))
            })?
        };
        let state = crate::state::app_state()?;
        let newest = storage::letter_templates::newest(&state.db, kind)
            .await?
            .map_or(0, |s| s.wording.version);
        let someone_else = || {
            AppError::validation(
                "wording-button",
                "Someone else saved a new version of this wording after you opened the page. Your words are still below: look at the newest version in the list of versions, then save again.",
            )
        };
        if newest != in_use {
            return Err(someone_else());
        }
        let version = match storage::letter_templates::save(
            &state.db,
            kind,
            &wording,
            account.id,
            crate::clock::now(),
        )
        .await
        {
            Err(storage::StorageError::Conflict) => return Err(someone_else()),
            other => other?,
        };
        tracing::info!(user = account.id, kind = kind.as_str(), version, "letter wording saved");
        leptos_axum::redirect(&format!("{page}?saved={version}"));
        Ok(())
    }
    .await;
    kept.keep_on_refusal_at(
        &page,
        <SaveLetterWording as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
