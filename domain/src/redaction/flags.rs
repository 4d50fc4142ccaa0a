//! What the redactor cannot know, flagged for a manager rather than guessed.
//!
//! The rules, in order, for words the redaction left in place:
//!
//! - **Name**: a run of capitalised words (one space apart) in which some word could be a
//!   person's name: not an ordinary word, month, day, title, staff role, team, body,
//!   housing or legal word, or street word. A run that ends in a role or body word
//!   ("Harbour Housing", "Repairs Manager") is not flagged. At the start of a sentence a
//!   word is only a candidate if it is not an ordinary English word and is not written in
//!   lower case elsewhere in the same text, nor a word that opens a sentence of a note
//!   ("Accepted", "Rang", "Fix"). Months and acronyms ("GCSEs") are not
//!   candidates. After "the", "our", "a" and the like, a single
//!   capitalised word is only flagged when it is a plural ("the Smiths").
//! - **Place**: a run of two or more capitalised words ending in a street word ("Mill
//!   Lane", "Anchor Court"), and "flat 7" or "No. 9" with a number not on the record.
//! - **Identifier**: a word with six or more digits (not a date or a case reference), or
//!   a code of four or more characters mixing letters and at least two digits ("HB44821",
//!   "TR-2291") that is not an ordinal, a time or a measurement.
//!
//! Flags never overlap a redaction or each other, and come in text order.

use super::dates::TextDate;
use super::fold::Word;
use super::lexicon::{is_common, is_org_or_role, is_street_word, is_title, month, number_word};
use super::scan::could_be_name;
use super::{Flag, FlagKind, Found};
use crate::reference::CaseReference;

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "our", "your", "their", "this", "that", "his", "her", "my", "its",
];

/// Words that open a sentence of a note or a timeline line ("Accepted as a complaint",
/// "Rang the customer", "Fix the tap"): at the start of a sentence they are not names.
/// Only this rule reads the list, so it never stops a name on the record being found.
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "accepted", "acknowledged", "agreed", "arranged", "asked", "booked", "call", "called",
    "check", "closed", "contact", "contacted", "emailed", "escalated", "extended", "fix",
    "fixed", "logged", "noted", "opened", "passed", "phone", "phoned", "please", "raised",
    "rang", "received", "recorded", "refused", "replied", "reported", "resolved",
    "responded", "reviewed", "ring", "send", "sent", "sorry", "spoke", "thanks", "told",
    "visit", "visited", "withdrawn", "write", "wrote",
];

const UNIT_SUFFIXES: &[&str] = &[
    "st", "nd", "rd", "th", "am", "pm", "mm", "cm", "m", "km", "kg", "g", "ml", "l", "kw", "kwh",
    "v", "w", "c", "x", "k", "p", "s", "hr", "hrs", "h", "min", "mins", "yrs", "sqm", "ft", "in",
    "mb", "gb", "d",
];

fn covered(redactions: &[Found], start: usize, end: usize) -> bool {
    redactions.iter().any(|f| f.start < end && start < f.end)
}

/// The first word of a sentence, a line or a quotation.
fn sentence_start(text: &str, w: &Word) -> bool {
    let before = text[..w.start].trim_end_matches(|c: char| {
        (c.is_whitespace() && c != '\n') || "\"“”‘’'([*•-–—".contains(c)
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '\n'])
}

fn is_identifier(w: &Word, original: &str) -> bool {
    let digits = w.key.chars().filter(char::is_ascii_digit).count();
    let letters = w.key.chars().filter(|c| c.is_alphabetic()).count();
    if digits == 0 || original.parse::<CaseReference>().is_ok() {
        return false;
    }
    if letters == 0 {
        return digits >= 6;
    }
    // A number with a unit or ordinal ending: "3rd", "10am", "20mm", "2x".
    let head = w.key.trim_end_matches(|c: char| c.is_alphabetic());
    let tail = &w.key[head.len()..];
    if head.chars().all(|c| c.is_ascii_digit()) && UNIT_SUFFIXES.contains(&tail) {
        return false;
    }
    w.key.chars().count() >= 4 && digits >= 2 && !matches!(w.key.as_str(), "covid-19")
}

pub(super) fn flags(
    text: &str,
    ws: &[Word],
    redactions: &[Found],
    dates: &[TextDate],
) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    let lower_elsewhere = |key: &str| ws.iter().any(|w| !w.capital && w.key == key);
    let push = |out: &mut Vec<Flag>, start: usize, end: usize, kind: FlagKind| {
        if !covered(redactions, start, end) && !out.iter().any(|f| f.start < end && start < f.end) {
            out.push(Flag {
                start,
                end,
                kind,
                text: text[start..end].to_owned(),
            });
        }
    };

    // Runs of capitalised words.
    let mut i = 0;
    while i < ws.len() {
        let alpha_cap = |w: &Word| w.capital && w.is_alphabetic();
        if !alpha_cap(&ws[i]) || covered(redactions, ws[i].start, ws[i].end) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ws.len()
            && alpha_cap(&ws[j])
            && text[ws[j - 1].end..ws[j].start] == *" "
            && !covered(redactions, ws[j].start, ws[j].end)
        {
            j += 1;
        }
        let run = &ws[i..j];
        let last = &run[run.len() - 1];
        let after_determiner = i > 0
            && DETERMINERS.contains(&ws[i - 1].key.as_str())
            && !ws[i - 1].capital
            && text[ws[i - 1].end..ws[i].start].trim().is_empty();
        let candidate = |k: usize, w: &Word| {
            if !could_be_name(w) {
                return false;
            }
            if month(&w.key).is_some() {
                return false;
            }
            // "GCSEs", "NHSs": three capitals make an acronym, not a name.
            if text[w.start..w.end]
                .chars()
                .filter(|c| c.is_uppercase())
                .count()
                >= 3
            {
                return false;
            }
            if k == 0 && sentence_start(text, w) {
                return !is_common(&w.key)
                    && !SENTENCE_OPENERS.contains(&w.key.as_str())
                    && !lower_elsewhere(&w.key);
            }
            true
        };
        let is_candidate: Vec<bool> = run
            .iter()
            .enumerate()
            .map(|(k, w)| candidate(k, w))
            .collect();
        if run.len() >= 2 && is_street_word(&last.key) {
            let first = run
                .iter()
                .position(|w| !is_common(&w.key) && !is_title(&w.key))
                .unwrap_or(run.len() - 1);
            if run.len() - first >= 2 {
                push(&mut out, run[first].start, last.end, FlagKind::Place);
            }
        } else if is_org_or_role(&last.key) && run.len() >= 2 {
            // A team, body or business ("Harbour Housing", "Repairs Manager").
        } else if after_determiner {
            if run.len() == 1 && is_candidate[0] && last.key.ends_with('s') {
                push(&mut out, last.start, last.end, FlagKind::Name);
            }
        } else if let (Some(a), Some(b)) = (
            is_candidate.iter().position(|c| *c),
            is_candidate.iter().rposition(|c| *c),
        ) {
            push(&mut out, run[a].start, run[b].end, FlagKind::Name);
        }
        i = j;
    }

    for (i, w) in ws.iter().enumerate() {
        // "flat 7", "No. 9": a home not on the record.
        if i > 0
            && matches!(
                ws[i - 1].key.as_str(),
                "flat" | "apartment" | "apt" | "no" | "number"
            )
            && text[ws[i - 1].end..w.start].len() <= 2
            && (w.key.chars().all(|c| c.is_ascii_digit()) && w.key.len() <= 4
                || number_word(&w.key).is_some() && ws[i - 1].key == "flat")
            && !covered(redactions, ws[i - 1].start, w.end)
        {
            push(&mut out, ws[i - 1].start, w.end, FlagKind::Place);
        }
        let in_date = dates.iter().any(|d| d.start < w.end && w.start < d.end);
        if !in_date && is_identifier(w, &text[w.start..w.end]) {
            push(&mut out, w.start, w.end, FlagKind::Identifier);
        }
    }
    out.sort_by_key(|f| f.start);
    out
}
