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
fn kind_of(code: &str) -> Result<LetterKind, AppError> {
    LetterKind::parse(code).map_err(|_| AppError::NotFound)
}

/// "Saved on 5 December 2026 by Ada Admin".
#[cfg(feature = "ssr")]
fn saved_words(version: &service::letter_wording::Version) -> String {
    format!(
        "Saved on {}{}",
        domain::deadlines::day_month_year(domain::london::to_london(version.saved.saved_at).date()),
        version
            .by
            .as_ref()
            .map(|a| format!(" by {}", a.display_name))
            .unwrap_or_default()
    )
}

/// Every kind of letter and the wording it uses.
#[server(endpoint = "letter_wordings")]
pub async fn letter_wordings() -> Result<Vec<KindLine>, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let in_use = service::letter_wording::in_use(scope.ctx(), &caller).await?;
    Ok(LetterKind::ALL
        .into_iter()
        .map(|kind| {
            let wording = match in_use.iter().find(|(k, _)| *k == kind) {
                Some((_, v)) if v.saved.wording.is_standard() => format!(
                    "Putright's own wording (version {}, {})",
                    v.saved.wording.version,
                    saved_words(v).replacen("Saved", "saved", 1)
                ),
                Some((_, v)) => format!(
                    "Version {}, {}",
                    v.saved.wording.version,
                    saved_words(v).replacen("Saved", "saved", 1)
                ),
                None => "Putright's own wording".to_owned(),
            };
            KindLine {
                kind: kind.as_str().to_owned(),
                label: kind.label().to_owned(),
                wording,
            }
        })
        .collect())
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
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageLetterTemplates).await?;
    let kind = kind_of(&kind)?;
    let scope = crate::state::scope()?;
    let service::letter_wording::History {
        versions,
        standard_letters,
    } = service::letter_wording::history(scope.ctx(), &caller, kind, VERSIONS_LISTED).await?;
    let in_use = versions
        .first()
        .map_or_else(LetterTemplate::standard, |(v, _)| v.saved.wording.clone());
    let start = match from {
        Some(0) => LetterTemplate::standard(),
        Some(wanted) => versions
            .iter()
            .find(|(v, _)| v.saved.wording.version == wanted)
            .map(|(v, _)| v.saved.wording.clone())
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
    let (landlord, ombudsman) = service::settings::contacts(scope.ctx()).await?;
    let preview = domain::letters::sample::letter(
        kind,
        &unchecked,
        today,
        &scope.calendar,
        &landlord,
        &ombudsman,
    )
    .ok();
    let lines = versions
        .iter()
        .map(|(v, letters)| VersionLine {
            version: v.saved.wording.version,
            saved: saved_words(v),
            changed: passages
                .iter()
                .filter(|p| v.saved.wording.texts.contains_key(&p.part))
                .map(|p| p.label.to_owned())
                .collect(),
            letters: *letters,
        })
        .collect();
    Ok(WordingView {
        kind: kind.as_str().to_owned(),
        label: kind.label().to_owned(),
        version: in_use.version,
        texts,
        history: lines,
        standard_letters,
        preview,
        dated: domain::deadlines::long_date(today),
        problems,
    })
}

/// What the wording form asks for.
pub const PREVIEW: &str = "preview";
/// Versions a kind's page lists, newest first.
pub const VERSIONS_LISTED: u64 = 20;
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
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageLetterTemplates).await?;
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
        let passages = typed.written(kind);
        let wording = if intent == RESTORE {
            service::letter_wording::Wording::Standard
        } else {
            service::letter_wording::Wording::Typed(&passages)
        };
        let scope = crate::state::scope()?;
        let version =
            service::letter_wording::save(scope.ctx(), &caller, kind, in_use, wording).await?;
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
