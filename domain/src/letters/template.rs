//! Letter wording an administrator can change (SPEC section 1: "letter templates").
//!
//! Each kind of letter has a few [`Passage`]s whose words are the landlord's to choose: the
//! subject line, the opening, what happens next, and the sign-off. A passage is plain text
//! with the case's facts as named placeholders (`{respond_by}`, `{reference}`), and a blank
//! line between paragraphs. Everything else is written by the domain from the case and
//! cannot be edited away: the findings and remedies, a refusal's explanation, how to contact
//! us, the easy-read summary, and the Housing Ombudsman's box with their details and the
//! customer's deadline to go to them.
//!
//! A [`LetterTemplate`] is checked before it is kept ([`LetterTemplate::parse`]): every
//! placeholder must be one the letter knows, and a passage that carries the next step's
//! date (the response date in an acknowledgement, the new date in an extension, the day we
//! will call about an undelivered remedy) must keep it. Templates are versioned: each issued
//! letter records the version it was written with, version 0 being Putright's own wording.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::LetterKind;

/// An editable part of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The subject line, in bold under the date.
    Subject,
    /// The first paragraphs.
    Opening,
    /// The opening when the customer agreed to go straight to Stage 2.
    OpeningEarly,
    /// What happens next, and by when.
    Next,
    /// The words before the signature.
    SignOff,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Subject,
        Part::Opening,
        Part::OpeningEarly,
        Part::Next,
        Part::SignOff,
    ];

    /// The form field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Subject => "subject",
            Part::Opening => "opening",
            Part::OpeningEarly => "opening_early",
            Part::Next => "next",
            Part::SignOff => "sign_off",
        }
    }

    pub fn parse(code: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.as_str() == code)
    }

    /// A passage that must stay on one line.
    pub fn one_line(self) -> bool {
        matches!(self, Part::Subject | Part::SignOff)
    }

    /// The most characters a passage may have.
    pub fn max_chars(self) -> usize {
        if self.one_line() { 150 } else { 2000 }
    }
}

/// A fact of the case a passage can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    pub name: &'static str,
    /// What it becomes, for the editor's list.
    pub means: &'static str,
}

const REFERENCE: Fact = Fact {
    name: "reference",
    means: "The case reference, such as CX-2026-000123",
};
const CUSTOMER_NAME: Fact = Fact {
    name: "customer_name",
    means: "The customer's name as we hold it",
};
const RECEIVED_ON: Fact = Fact {
    name: "received_on",
    means: "The day we received the complaint (or, at Stage 2, the review request), written in full",
};
const RESPOND_BY: Fact = Fact {
    name: "respond_by",
    means: "The day our response is due, written in full",
};
const PREVIOUS_DATE: Fact = Fact {
    name: "previous_date",
    means: "The date we gave before this extension, written in full",
};
const NEW_DATE: Fact = Fact {
    name: "new_date",
    means: "The new date after this extension, written in full",
};
const WHAT: Fact = Fact {
    name: "what",
    means: "\"our full response\" at Stage 1, \"the outcome of our review\" at Stage 2",
};
const ABOUT: Fact = Fact {
    name: "about",
    means: "\"complaint\" at Stage 1, \"review\" at Stage 2",
};
const AGREED_ON: Fact = Fact {
    name: "agreed_on",
    means: "The day the customer agreed to go straight to Stage 2, written in full",
};
const ASKED_ON: Fact = Fact {
    name: "asked_on",
    means: "The day the customer asked for a review, written in full",
};
const CONTACT_BY: Fact = Fact {
    name: "contact_by",
    means: "The day we will contact the customer to agree something else, written in full",
};

/// One editable passage of one kind of letter: its words by default, the facts it may name
/// and the ones it must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    pub part: Part,
    /// The field's label.
    pub label: &'static str,
    /// Where it goes in the letter, for the field's hint.
    pub hint: &'static str,
    /// Putright's own wording.
    pub default: &'static str,
    pub facts: &'static [Fact],
    /// Facts the passage must keep: the next step's date.
    pub required: &'static [Fact],
}

const SIGN_OFF: Passage = Passage {
    part: Part::SignOff,
    label: "Sign-off",
    hint: "Printed above the name of the person signing.",
    default: "Yours sincerely,",
    facts: &[],
    required: &[],
};

const fn subject(default: &'static str, facts: &'static [Fact]) -> Passage {
    Passage {
        part: Part::Subject,
        label: "Subject line",
        hint: "One line, printed in bold under the date and used as the e-mail's subject.",
        default,
        facts,
        required: &[],
    }
}

const fn opening(default: &'static str, facts: &'static [Fact]) -> Passage {
    Passage {
        part: Part::Opening,
        label: "Opening",
        hint: "The first paragraphs, after the greeting. Leave a blank line between paragraphs.",
        default,
        facts,
        required: &[],
    }
}

const fn next(
    label: &'static str,
    hint: &'static str,
    default: &'static str,
    facts: &'static [Fact],
    required: &'static [Fact],
) -> Passage {
    Passage {
        part: Part::Next,
        label,
        hint,
        default,
        facts,
        required,
    }
}

const fn opening_early(default: &'static str, facts: &'static [Fact]) -> Passage {
    Passage {
        part: Part::OpeningEarly,
        label: "Opening when the customer agreed to go straight to Stage 2",
        hint: "Used instead of the opening when Stage 1 was skipped by agreement.",
        default,
        facts,
        required: &[],
    }
}

const REMEDY_OPENING: &str = "I am writing about what we promised to do to put things right after your complaint, reference {reference}.";

const ACKNOWLEDGEMENT: [Passage; 4] = [
    subject(
        "Your complaint: we have it and are looking into it",
        &[REFERENCE],
    ),
    opening(
        "Thank you for telling us about your concerns. We received your complaint on {received_on}, and we are dealing with it at Stage 1 of our complaints procedure.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON, RESPOND_BY],
    ),
    next(
        "What happens next",
        "Under the heading \"What happens next\". It must give the date of our response.",
        "A manager from the service involved will look into your complaint, and may contact you to find out more. We will send you our full written response by {respond_by}.\n\nIf we find we need more time, we will write to you before then to explain why and to give you a new date.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON, RESPOND_BY],
        &[RESPOND_BY],
    ),
    SIGN_OFF,
];

const NOT_ACCEPTED: [Passage; 4] = [
    subject(
        "Your complaint: why we cannot take it forward",
        &[REFERENCE],
    ),
    opening(
        "Thank you for contacting us on {received_on}. We have looked carefully at what you told us, and I am sorry to say that we cannot deal with it as a complaint under our complaints procedure.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON],
    ),
    next(
        "If the customer disagrees",
        "Under \"What you can do now\", after what the customer can do instead. It must give the reference to quote.",
        "If you think we have got this decision wrong, please tell us why and quote your reference, {reference}. We will look at it again.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON],
        &[REFERENCE],
    ),
    SIGN_OFF,
];

const EXTENSION: [Passage; 4] = [
    subject(
        "Your {about}: we need more time to reply",
        &[REFERENCE, ABOUT],
    ),
    opening(
        "I am writing about your complaint, reference {reference}. We told you we would send you {what} by {previous_date}. I am sorry, but we need more time to get it right.",
        &[
            REFERENCE,
            CUSTOMER_NAME,
            WHAT,
            ABOUT,
            PREVIOUS_DATE,
            NEW_DATE,
        ],
    ),
    next(
        "Our new date",
        "Under the heading \"Our new date\", after the reason. It must give the new date.",
        "We will now send you {what} by {new_date}.\n\nWe will keep you updated while we work on it. If you have any questions in the meantime, please contact us.",
        &[
            REFERENCE,
            CUSTOMER_NAME,
            WHAT,
            ABOUT,
            PREVIOUS_DATE,
            NEW_DATE,
        ],
        &[NEW_DATE],
    ),
    SIGN_OFF,
];

const STAGE1_RESPONSE: [Passage; 4] = [
    subject("Your complaint: our Stage 1 response", &[REFERENCE]),
    opening(
        "Thank you for your patience while we looked into your complaint, which we received on {received_on}. This letter is our full response at Stage 1 of our complaints procedure.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON],
    ),
    next(
        "How to ask for a review",
        "Under \"If you are not happy with our response\". The review's timescale, with dates, follows it. It must give the reference to quote.",
        "You can ask us to review your complaint. This is Stage 2 of our complaints procedure: a senior member of staff who was not involved at Stage 1 will look at it again. You do not need to give a reason. Just tell us you would like a review and quote your reference, {reference}. You can ask by phone, by email, in writing or from your case page online.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON],
        &[REFERENCE],
    ),
    SIGN_OFF,
];

const STAGE2_ACKNOWLEDGEMENT: [Passage; 5] = [
    subject("Your review: we have your request", &[REFERENCE]),
    opening(
        "Thank you for asking us to review your complaint. We received your request on {received_on}, and your complaint is now at Stage 2 of our complaints procedure.\n\nA senior member of staff who was not involved at Stage 1 will look again at your complaint and at how we dealt with it. They may contact you to talk it through.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON, RESPOND_BY],
    ),
    opening_early(
        "As we agreed with you on {agreed_on}, your complaint has moved straight to Stage 2 of our complaints procedure, the review stage.\n\nA senior member of staff who was not involved at Stage 1 will look again at your complaint and at how we dealt with it. They may contact you to talk it through.",
        &[REFERENCE, CUSTOMER_NAME, AGREED_ON, RESPOND_BY],
    ),
    next(
        "What happens next",
        "Under the heading \"What happens next\". It must give the date of the outcome.",
        "We will send you the outcome of our review by {respond_by}.\n\nIf we find we need more time, we will write to you before then to explain why and to give you a new date.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON, RESPOND_BY],
        &[RESPOND_BY],
    ),
    SIGN_OFF,
];

const STAGE2_OUTCOME: [Passage; 5] = [
    subject("Your review: our final response", &[REFERENCE]),
    opening(
        "Thank you for asking us to review your complaint. We received your request on {received_on}. This letter gives you the outcome of our review at Stage 2 of our complaints procedure.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON],
    ),
    opening_early(
        "As we agreed with you on {agreed_on}, we dealt with your complaint at Stage 2 of our complaints procedure. This letter gives you the outcome of our review.",
        &[REFERENCE, CUSTOMER_NAME, AGREED_ON],
    ),
    next(
        "This is our final response",
        "Under the heading \"This is our final response\"; the Ombudsman's box with the customer's deadline follows. It must give the reference to quote.",
        "This letter is the end of our complaints process. If anything we have promised does not happen, please contact us and quote your reference, {reference}.",
        &[REFERENCE, CUSTOMER_NAME, RECEIVED_ON],
        &[REFERENCE],
    ),
    SIGN_OFF,
];

const REMEDY_NOT_DELIVERED: [Passage; 4] = [
    subject(
        "Your complaint: something we promised that we cannot do",
        &[REFERENCE],
    ),
    opening(REMEDY_OPENING, &[REFERENCE, CUSTOMER_NAME, CONTACT_BY]),
    next(
        "What happens next",
        "Under the heading \"What happens next\". It must give the day we will contact the customer.",
        "We would like to agree with you what we can do instead. We will contact you by {contact_by} to talk it through. If you would rather get in touch first, please quote your reference.",
        &[REFERENCE, CUSTOMER_NAME, CONTACT_BY],
        &[CONTACT_BY],
    ),
    SIGN_OFF,
];

const REMEDY_DONE: [Passage; 4] = [
    subject(
        "Your complaint: something we promised is done",
        &[REFERENCE],
    ),
    opening(REMEDY_OPENING, &[REFERENCE, CUSTOMER_NAME]),
    next(
        "If something is not right",
        "Under \"What happens next\", after what is still to come.",
        "If something is not right, please contact us and quote your reference.",
        &[REFERENCE, CUSTOMER_NAME],
        &[],
    ),
    SIGN_OFF,
];

const REVIEW_REFUSED: [Passage; 4] = [
    subject(
        "Your complaint: why we will not review it at Stage 2",
        &[REFERENCE],
    ),
    opening(
        "You asked us on {asked_on} to review our Stage 1 response to your complaint. We have considered your request carefully, and we have decided not to carry out a Stage 2 review.",
        &[REFERENCE, CUSTOMER_NAME, ASKED_ON],
    ),
    next(
        "If the customer disagrees",
        "Under \"What you can do now\"; the Ombudsman's box with the customer's deadline follows. It must give the reference to quote.",
        "If you think we have got this decision wrong, please tell us why and quote your reference, {reference}. A different member of staff will look at it again.",
        &[REFERENCE, CUSTOMER_NAME, ASKED_ON],
        &[REFERENCE],
    ),
    SIGN_OFF,
];

/// The editable passages of `kind`, in the order they appear in the letter.
pub fn passages(kind: LetterKind) -> &'static [Passage] {
    match kind {
        LetterKind::Acknowledgement => &ACKNOWLEDGEMENT,
        LetterKind::NotAccepted => &NOT_ACCEPTED,
        LetterKind::Extension => &EXTENSION,
        LetterKind::Stage1Response => &STAGE1_RESPONSE,
        LetterKind::Stage2Acknowledgement => &STAGE2_ACKNOWLEDGEMENT,
        LetterKind::Stage2Outcome => &STAGE2_OUTCOME,
        LetterKind::RemedyNotDelivered => &REMEDY_NOT_DELIVERED,
        LetterKind::RemedyDone => &REMEDY_DONE,
        LetterKind::ReviewRefused => &REVIEW_REFUSED,
    }
}

/// The passage `part` of `kind`, if that letter has one.
pub fn passage(kind: LetterKind, part: Part) -> Option<&'static Passage> {
    passages(kind).iter().find(|p| p.part == part)
}

/// The wording of one kind of letter: the passages changed from Putright's own, and the
/// version it was saved as (0 for Putright's own wording).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LetterTemplate {
    pub version: u32,
    /// Only passages that differ from the default; the rest use Putright's words.
    pub texts: BTreeMap<Part, String>,
}

/// What is wrong with a passage an administrator wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageError {
    pub part: Part,
    pub message: String,
}

impl fmt::Display for PassageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A piece of a passage: words as written, or a fact to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Fact(&'a str),
}

/// Splits `text` at its placeholders, or says what is wrong with the braces.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("There is a \"}\" without a \"{\" before it. Placeholders are written like {reference}.".to_owned());
        }
        out.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            "There is a \"{\" without a \"}\" after it. Placeholders are written like {reference}.".to_owned()
        })?;
        let name = &after[..close];
        if name.contains('{') {
            return Err("There is a \"{\" without a \"}\" after it. Placeholders are written like {reference}.".to_owned());
        }
        out.push(Piece::Fact(name));
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

fn names(facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|f| format!("{{{}}}", f.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks one passage as an administrator wrote it; returns it tidied (line endings
/// normalised, trimmed) or what is wrong.
pub fn check_passage(passage: &Passage, text: &str) -> Result<String, String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err(format!(
            "Enter the {}, or put back our wording",
            passage.label.to_lowercase()
        ));
    }
    let chars = text.chars().count();
    if chars > passage.part.max_chars() {
        return Err(format!(
            "The {} must be {} characters or fewer; it has {chars}",
            passage.label.to_lowercase(),
            passage.part.max_chars()
        ));
    }
    if passage.part.one_line() && text.contains('\n') {
        return Err(format!(
            "The {} must be one line",
            passage.label.to_lowercase()
        ));
    }
    let pieces = pieces(text)?;
    let used: Vec<&str> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Fact(name) => Some(*name),
            Piece::Text(_) => None,
        })
        .collect();
    if let Some(unknown) = used
        .iter()
        .find(|name| !passage.facts.iter().any(|f| f.name == **name))
    {
        return Err(if passage.facts.is_empty() {
            format!("{{{unknown}}} is not something this part can say: it takes no placeholders")
        } else {
            format!(
                "{{{unknown}}} is not something this part can say. It can use {}",
                names(passage.facts)
            )
        });
    }
    let missing: Vec<Fact> = passage
        .required
        .iter()
        .filter(|f| !used.contains(&f.name))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "The {} must keep {}: {}",
            passage.label.to_lowercase(),
            names(&missing),
            missing
                .iter()
                .map(|f| f.means.to_lowercase())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    Ok(text.to_owned())
}

impl LetterTemplate {
    /// Putright's own wording.
    pub fn standard() -> Self {
        Self::default()
    }

    /// The wording for `kind` from what an administrator wrote for each part (parts the
    /// letter does not have are ignored; a passage the same as our own is not kept as a
    /// change). Every problem at once, by part.
    pub fn parse(kind: LetterKind, written: &[(Part, String)]) -> Result<Self, Vec<PassageError>> {
        let mut texts = BTreeMap::new();
        let mut errors = Vec::new();
        for passage in passages(kind) {
            let Some((_, text)) = written.iter().find(|(part, _)| *part == passage.part) else {
                continue;
            };
            match check_passage(passage, text) {
                Ok(text) if text == passage.default => {}
                Ok(text) => {
                    texts.insert(passage.part, text);
                }
                Err(message) => errors.push(PassageError {
                    part: passage.part,
                    message,
                }),
            }
        }
        if errors.is_empty() {
            Ok(Self { version: 0, texts })
        } else {
            Err(errors)
        }
    }

    /// The words of `part` of `kind`: the template's, else our own.
    pub fn text(&self, kind: LetterKind, part: Part) -> &str {
        match self.texts.get(&part) {
            Some(text) => text,
            None => passage(kind, part).map_or("", |p| p.default),
        }
    }

    /// Whether it is Putright's own wording throughout.
    pub fn is_standard(&self) -> bool {
        self.texts.is_empty()
    }
}

/// `text` with each placeholder replaced by its fact; a placeholder without a fact is left
/// as written (a checked template has none).
pub fn fill(text: &str, facts: &[(&str, String)]) -> String {
    let Ok(pieces) = pieces(text) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 32);
    for piece in pieces {
        match piece {
            Piece::Text(words) => out.push_str(words),
            Piece::Fact(name) => match facts.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// Paragraphs of a passage: split at blank lines, each paragraph's lines joined by spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests;
