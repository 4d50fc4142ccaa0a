//! Redaction for involved customers (SPEC section 1): a panel member reviewing a case sees
//! what happened, never who it happened to. Panel members are often neighbours, so a first
//! name, a block or a birthday is enough to give a resident away.
//!
//! The personal fields are dropped outright; the free text (the customer's own words,
//! notes, responses) is scanned and each find replaced by a placeholder such as `[name]`:
//!
//! - **The people on the record** (customer, household, representatives, anyone else
//!   named on the case): every part of each name on its own (given names, each half of
//!   "Smith-Jones", "O'Brien" as "O'Brien", "OBrien" or "O Brien"), in any case, with or
//!   without accents ("Siân", "Sian", "SIAN"; "Müller", "Mueller"), as a possessive with a
//!   straight or curly apostrophe ("Rita's", "Rita’s") and as a family plural ("the
//!   Patels"). A name that is also an ordinary word ("May", "Will", "Rose") is matched only
//!   with a capital, and "May" not next to a number ("3 May"). Unknown capitalised words
//!   directly beside a known name ("Rita Ann Smith"), initials before one ("J. Bloggs")
//!   and particles ("van der") go with it.
//! - **Anyone after a title** (Mr, Mrs, Ms, Miss, Mx, Dr, Cllr, …), except "Mr Men" and
//!   "Little Miss".
//! - **The recorded address**: its building, block, street, estate and town words on
//!   their own when capitalised ("Harbour", "Quay"), its word sequences in any case
//!   ("harbour court"), its flat and house numbers after "flat", "number" or "No."
//!   ("flat four"), and numbers and street words around them; ordinary address words
//!   ("Road", "Flat", "High") are never removed on their own.
//! - **Always personal, on the record or not**: e-mail addresses, UK phone numbers (any
//!   spacing, +44 or 0044), UK postcodes (any case, with or without the space), National
//!   Insurance numbers, house-number street addresses ("12 Acacia Avenue"), any date after
//!   "born", "DOB" or "date of birth", and any number of five or more digits after "rent
//!   account", "tenancy number" and the like.
//! - **Recorded identifiers in any written form**: the phone number and e-mail, dates of
//!   birth ("3rd March 1961", "03/03/1961", "3 Mar 61", "1961-03-03", "March 3rd"
//!   after "born"), NI numbers and tenancy or rent account numbers in any spacing.
//!
//! What cannot be known is flagged, not guessed: [`Redactor::review`] also returns
//! [`Flag`]s for capitalised words that look like names of people not on the record,
//! places not on the record and numbers that look like identifiers (rules in the
//! `flags` module), and [`Review::apply`] redacts the ones a manager chooses.
//!
//! The scanning is hand-written (no regex engine or Unicode tables in the browser bundle)
//! and deterministic. It errs towards removing too much. Staff still read the redacted view
//! before sharing it; this is a safety net, not a guarantee: a nickname ("Bob" for Robert)
//! or a relative's name not on the record is only flagged, and a lower-case name that is
//! also an ordinary word ("will") is left alone.

#[cfg(test)]
mod corpus;
mod dates;
pub mod file;
mod flags;
mod fold;
mod lexicon;
pub mod preview;
mod scan;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use scan::Redactor;

/// The personal details a case holds about the people on it. Every list is optional in
/// serialised form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDetails {
    /// People named on the case (the customer as recorded and as their account names
    /// them); the lists below add the others.
    pub names: Vec<String>,
    /// Address lines, comma- or newline-separated parts welcome. Lines that are an e-mail
    /// address or a phone number are treated as one.
    pub address_lines: Vec<String>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The customer's date of birth as typed; parsed when it is a date.
    pub date_of_birth: Option<String>,
    /// People in the customer's household (partner, children, lodgers).
    #[serde(default)]
    pub household: Vec<String>,
    /// People acting for the customer.
    #[serde(default)]
    pub representatives: Vec<String>,
    /// Anyone else named on the record (a neighbour, a witness, a name a manager chose to
    /// redact after a flag).
    #[serde(default)]
    pub other_names: Vec<String>,
    /// Other phone numbers on the record (representatives', household's).
    #[serde(default)]
    pub other_phones: Vec<String>,
    /// Other e-mail addresses on the record (accounts', representatives').
    #[serde(default)]
    pub other_emails: Vec<String>,
    /// Dates of birth of anyone on the case.
    #[serde(default)]
    pub dates_of_birth: Vec<NaiveDate>,
    /// National Insurance numbers.
    #[serde(default)]
    pub ni_numbers: Vec<String>,
    /// Tenancy, rent account and other account or payment reference numbers.
    #[serde(default)]
    pub account_numbers: Vec<String>,
}

/// What a redaction removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Name,
    Address,
    Postcode,
    Phone,
    Email,
    DateOfBirth,
    NiNumber,
    AccountNumber,
    /// A number a manager chose to redact after a flag.
    Identifier,
}

impl Kind {
    /// What the reader sees instead.
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Name => "[name]",
            Self::Address => "[address]",
            Self::Postcode => "[postcode]",
            Self::Phone => "[phone]",
            Self::Email => "[email]",
            Self::DateOfBirth => "[date of birth]",
            Self::NiNumber => "[NI number]",
            Self::AccountNumber => "[account number]",
            Self::Identifier => "[number]",
        }
    }
}

/// A redacted span: byte offsets into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// What a flag suspects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Capitalised words that may be a person not on the record.
    Name,
    /// A street, building or flat that is not on the record.
    Place,
    /// A number or code that may identify someone (an account, a reference).
    Identifier,
}

impl FlagKind {
    /// How a flag is redacted if a manager chooses to.
    pub fn kind(self) -> Kind {
        match self {
            Self::Name => Kind::Name,
            Self::Place => Kind::Address,
            Self::Identifier => Kind::Identifier,
        }
    }
}

/// Something left in the text that a manager should decide on: byte offsets into the
/// original text, and the words themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub start: usize,
    pub end: usize,
    pub kind: FlagKind,
    pub text: String,
}

/// One text's redaction: the result, what was removed and what needs a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub redacted: String,
    /// In text order, not overlapping.
    pub redactions: Vec<Found>,
    /// In text order, not overlapping each other or a redaction.
    pub flags: Vec<Flag>,
}

impl Review {
    /// The original text redacted, plus the flags at the given indices (into
    /// [`Review::flags`]; others are kept, unknown indices ignored). To redact a flagged
    /// name everywhere on the case, add it to [`PersonalDetails::other_names`] instead.
    pub fn apply(&self, original: &str, redact_flags: &[usize]) -> String {
        let mut found = self.redactions.clone();
        found.extend(redact_flags.iter().filter_map(|&i| {
            self.flags.get(i).map(|f| Found {
                start: f.start,
                end: f.end,
                kind: f.kind.kind(),
            })
        }));
        apply(original, &found)
    }
}

/// Text for a subject access request (UK GDPR article 15): other people's details
/// removed, the person's own kept. Every detail the redaction rules find with `others`
/// (third parties on the record, and always: e-mail addresses, phone numbers, postcodes,
/// anyone after a title) is removed, unless its words are the person's own: their e-mail
/// address, phone number or postcode as recorded, a name made only of parts of their name
/// (after any title), or address words all found in their address. Nothing is flagged: a
/// name not on the record stays, for the complaints manager to read before sending.
pub fn for_subject(text: &str, subject: &PersonalDetails, others: &PersonalDetails) -> String {
    let theirs: Vec<Found> = Redactor::for_details(others)
        .review(text)
        .redactions
        .into_iter()
        .filter(|f| !is_own(&text[f.start..f.end], f.kind, subject))
        .collect();
    apply(text, &theirs)
}

fn is_own(words: &str, kind: Kind, subject: &PersonalDetails) -> bool {
    // A phone number as dialled within the UK: "+44 7700 900123" is "07700900123".
    let national = |t: &str| -> String {
        let d: String = t.chars().filter(char::is_ascii_digit).collect();
        if let Some(rest) = d.strip_prefix("0044") {
            format!("0{rest}")
        } else if t.trim_start().starts_with('+') {
            d.strip_prefix("44")
                .map_or_else(|| d.clone(), |rest| format!("0{rest}"))
        } else {
            d
        }
    };
    let squeezed = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let parts = |t: &str| -> Vec<String> {
        t.split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .map(|w| {
                w.to_lowercase()
                    .trim_end_matches("'s")
                    .trim_matches('\'')
                    .to_owned()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    match kind {
        Kind::Email => subject
            .email
            .as_deref()
            .is_some_and(|e| squeezed(e) == squeezed(words)),
        Kind::Phone => subject.phone.as_deref().is_some_and(|p| {
            let own = national(p);
            !own.is_empty() && own == national(words)
        }),
        Kind::Postcode => subject
            .postcode
            .as_deref()
            .is_some_and(|p| squeezed(p) == squeezed(words)),
        Kind::Name => {
            let own: Vec<String> = subject.names.iter().flat_map(|n| parts(n)).collect();
            let said: Vec<String> = parts(words)
                .into_iter()
                .filter(|w| !lexicon::is_title(w))
                .collect();
            !said.is_empty() && said.iter().all(|w| own.contains(w))
        }
        Kind::Address => {
            let own: Vec<String> = subject
                .address_lines
                .iter()
                .flat_map(|l| parts(l))
                .collect();
            let said = parts(words);
            !said.is_empty() && said.iter().all(|w| own.contains(w))
        }
        _ => false,
    }
}

/// The text with the given spans replaced by their placeholders. Spans may overlap or
/// come in any order; overlapping and neighbouring ones of the same kind are joined.
/// Spans outside the text or not on character boundaries are ignored.
pub fn apply(text: &str, found: &[Found]) -> String {
    let spans = found
        .iter()
        .filter(|f| {
            f.start < f.end
                && f.end <= text.len()
                && text.is_char_boundary(f.start)
                && text.is_char_boundary(f.end)
        })
        .map(|f| scan::Span {
            start: f.start,
            end: f.end,
            kind: f.kind,
        })
        .collect();
    scan::splice(text, &scan::resolve(text, spans))
}

/// A labelled piece of free text ("What happened", "Stage 1 response", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextField {
    pub label: String,
    pub text: String,
}

/// A case as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub reference: String,
    pub personal: PersonalDetails,
    pub texts: Vec<TextField>,
}

/// A case as an involved customer sees it: no personal fields at all, free text scrubbed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedView {
    pub reference: String,
    pub texts: Vec<TextField>,
}

impl CaseView {
    pub fn redact(&self) -> RedactedView {
        let redactor = Redactor::for_details(&self.personal);
        RedactedView {
            reference: self.reference.clone(),
            texts: self
                .texts
                .iter()
                .map(|field| TextField {
                    label: field.label.clone(),
                    text: redactor.redact(&field.text),
                })
                .collect(),
        }
    }
}
