//! Letters to the customer, written from the facts of their case (SPEC section 6).
//!
//! [`compose`] reads what the domain recorded (the stage's dates, extensions, response,
//! remedies, the refusal) and writes a [`Letter`]: a subject, a greeting, a list of
//! [`Block`]s and a sign-off. It refuses with a [`LetterError`] when the case has not reached
//! the state the letter needs, so a "Stage 1 response" letter cannot go out before there is
//! a response to describe.
//!
//! Rules we chose for every letter:
//! - each one says what happens next and by when, with dates written in full ("Tuesday 31
//!   December 2024");
//! - each one ends with the Housing Ombudsman's contact details (SPEC section 7) and what the
//!   customer may do with them at that point; once our process has ended, the letter gives
//!   the last date to go to them (the policy's referral window, counted in calendar months
//!   from the day our process ended);
//! - a Stage 1 response says how to ask for a review (no reason needed) and when we would
//!   reply to a request made on the day of the letter;
//! - when a remedy cannot be delivered we promise to be in touch within
//!   [`REMEDY_FOLLOW_UP_WORKING_DAYS`] working days to agree something else.
//!
//! A letter is a record: it carries everything it printed (recipient, date, wording, the
//! Ombudsman's details as they were), so it reads back exactly as it was issued.

pub mod sample;
pub mod template;
mod wording;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::Calendar;
use crate::deadlines::long_date;
use crate::landlord::Landlord;
use crate::lifecycle::Case;
use crate::policy::{PolicyId, Stage};

/// The letters Putright writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// Stage 1: we have the complaint, what we understand it to be, and when we will reply.
    Acknowledgement,
    /// Why the complaint is not taken forward, with the right to go to the Ombudsman.
    NotAccepted,
    /// The stage in progress needs more time: why, and the new date.
    Extension,
    /// Stage 1's findings and remedies, and how to ask for a review.
    Stage1Response,
    /// We have the review request and when the outcome will come.
    Stage2Acknowledgement,
    /// The review's findings: the end of our process.
    Stage2Outcome,
    /// Something we promised to put things right cannot be done.
    RemedyNotDelivered,
    /// Something we promised to put things right is done (Code 6.6: the customer is kept
    /// informed until every remedy is delivered).
    RemedyDone,
    /// We will not review the complaint at Stage 2: why, and the right to go to the
    /// Ombudsman now.
    ReviewRefused,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("There is no letter called {0:?}")]
pub struct UnknownLetterKind(pub String);

impl LetterKind {
    pub const ALL: [LetterKind; 9] = [
        LetterKind::Acknowledgement,
        LetterKind::NotAccepted,
        LetterKind::Extension,
        LetterKind::Stage1Response,
        LetterKind::Stage2Acknowledgement,
        LetterKind::Stage2Outcome,
        LetterKind::RemedyNotDelivered,
        LetterKind::RemedyDone,
        LetterKind::ReviewRefused,
    ];

    /// The stored code (the same as its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement",
            LetterKind::NotAccepted => "not_accepted",
            LetterKind::Extension => "extension",
            LetterKind::Stage1Response => "stage1_response",
            LetterKind::Stage2Acknowledgement => "stage2_acknowledgement",
            LetterKind::Stage2Outcome => "stage2_outcome",
            LetterKind::RemedyNotDelivered => "remedy_not_delivered",
            LetterKind::RemedyDone => "remedy_done",
            LetterKind::ReviewRefused => "review_refused",
        }
    }

    pub fn parse(code: &str) -> Result<Self, UnknownLetterKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == code.trim())
            .ok_or_else(|| UnknownLetterKind(code.to_owned()))
    }

    /// The letter's name for staff and lists.
    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "Acknowledgement",
            LetterKind::NotAccepted => "Complaint not accepted",
            LetterKind::Extension => "Extension",
            LetterKind::Stage1Response => "Stage 1 response",
            LetterKind::Stage2Acknowledgement => "Stage 2 acknowledgement",
            LetterKind::Stage2Outcome => "Stage 2 outcome",
            LetterKind::RemedyNotDelivered => "Remedy cannot be delivered",
            LetterKind::RemedyDone => "Remedy done",
            LetterKind::ReviewRefused => "Review refused",
        }
    }
}

/// What a letter needs beyond the case's lifecycle state: who it goes to, who signs it, and
/// the words staff wrote for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterContext {
    /// The case reference, e.g. `CX-2026-000123`.
    pub reference: String,
    /// The remedy a remedy letter is about (its place among the case's remedies), from the
    /// step that sends it; without one, the remedy most recently done or found
    /// undeliverable.
    #[serde(default)]
    pub remedy: Option<usize>,
    pub customer_name: String,
    /// Postal address lines, postcode last; empty when we have none (the letter is emailed
    /// or handed over).
    pub address: Vec<String>,
    pub issued_on: NaiveDate,
    /// The member of staff who signs it.
    pub signed_by: String,
    /// Staff's summary of the complaint (acknowledgements): what we understand it to be.
    pub understanding: Option<String>,
    /// What the customer told us, in their own words: quoted in a Stage 1 acknowledgement
    /// when staff wrote no summary, so the customer can still check we have it right.
    pub customer_words: Option<String>,
    /// What the customer wants us to do to put it right, in their words.
    pub outcomes_sought: Option<String>,
    /// The customer asked for easy read: the letter opens with [`Block::InShort`], the
    /// letter's facts in short, plain sentences, one to a line.
    #[serde(default)]
    pub easy_read: bool,
    /// Who writes: the letterhead and the letter's "How to contact us".
    #[serde(default = "Landlord::demo")]
    pub landlord: Landlord,
    /// How to reach the Housing Ombudsman, as set on the day.
    #[serde(default)]
    pub ombudsman: crate::landlord::OmbudsmanContact,
    /// The wording in use for this kind of letter (see [`template`]).
    #[serde(default)]
    pub wording: template::LetterTemplate,
}

/// One part of a letter's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
    /// Easy read: the whole letter in a few short sentences, one idea each, printed one to
    /// a line in large type at the top of the letter. The full letter follows it.
    InShort {
        heading: String,
        sentences: Vec<String>,
    },
    /// The Housing Ombudsman's details and what the customer may do with them; printed in
    /// a box of its own.
    Ombudsman {
        heading: String,
        paragraphs: Vec<String>,
        contact: Vec<String>,
    },
    /// How to reach us about the letter: our phone number, email and postal address, as
    /// they were on the day. Printed after the signature, before the Ombudsman's box.
    ContactUs {
        heading: String,
        paragraphs: Vec<String>,
        contact: Vec<String>,
    },
}

impl Block {
    /// Whether it is printed after the signature (how to contact us, the Ombudsman).
    pub fn after_signature(&self) -> bool {
        matches!(self, Block::Ombudsman { .. } | Block::ContactUs { .. })
    }
}

/// A letter, ready to print or send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub kind: LetterKind,
    /// The landlord who wrote it, as on the day (letters issued before the landlord's
    /// details were kept have none).
    #[serde(default)]
    pub from: Option<Landlord>,
    /// The stage it is about, if one.
    pub stage: Option<Stage>,
    pub reference: String,
    /// The customer's name and postal address, one line each.
    pub recipient: Vec<String>,
    pub dated: NaiveDate,
    pub subject: String,
    /// "Dear Rita Example,".
    pub greeting: String,
    pub blocks: Vec<Block>,
    /// "Yours sincerely,".
    pub closing: String,
    pub signed_by: String,
    /// The version of the wording it was written with: 0 is Putright's own.
    #[serde(default)]
    pub template_version: u32,
}

/// Why a letter cannot be written now.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LetterError {
    #[error("Letters are written only about complaints")]
    NotAComplaint,
    #[error("The {} letter cannot be written yet: {needs}", .letter.label().to_lowercase())]
    NotReady {
        letter: LetterKind,
        needs: &'static str,
    },
    #[error("The case's policy {0} is not one Putright knows")]
    UnknownPolicy(PolicyId),
}

/// How a letter reaches the customer, from how they asked us to be in touch and their
/// reasonable adjustments (SPEC section 9). The letter is always kept on the case, whatever
/// else happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delivery {
    /// E-mailed to them: only where e-mail is the way they chose.
    pub email: bool,
    /// Printed in large print.
    pub large_print: bool,
    /// Opens with the letter in easy read ([`Block::InShort`]), and in large print.
    pub easy_read: bool,
    /// Someone phones them to go through it: they asked for phone calls instead of
    /// letters, or chose the phone.
    pub phone_call: bool,
}

/// The [`Delivery`] for a customer who chose `preferred` (if anything) and asked for
/// `adjustments`.
pub fn delivery(
    preferred: Option<crate::form::ContactMethod>,
    adjustments: &[crate::form::Adjustment],
) -> Delivery {
    use crate::form::{Adjustment, ContactMethod};
    let phone_not_letters = adjustments.contains(&Adjustment::PhoneNotLetters);
    let asked = |choice: &Adjustment, words: &str| {
        adjustments.iter().any(|a| match a {
            Adjustment::Other(text) => text.to_lowercase().contains(words),
            a => a == choice,
        })
    };
    let easy_read = asked(&Adjustment::EasyRead, "easy read");
    Delivery {
        email: preferred == Some(ContactMethod::Email) && !phone_not_letters,
        large_print: easy_read || asked(&Adjustment::LargePrint, "large print"),
        easy_read,
        phone_call: phone_not_letters || preferred == Some(ContactMethod::Phone),
    }
}

/// When a remedy cannot be delivered, we get back in touch within this many working days of
/// the letter to agree something else (our rule: the procedure says only that the customer
/// is told).
pub const REMEDY_FOLLOW_UP_WORKING_DAYS: u32 = 5;

/// The Housing Ombudsman's contact details (SPEC section 7), as printed on every letter.
pub const OMBUDSMAN_ADDRESS: [&str; 4] = [
    "Housing Ombudsman Service",
    "PO Box 152",
    "Liverpool",
    "L33 7WQ",
];
pub const OMBUDSMAN_PHONE: &str = "0300 111 3000";
pub const OMBUDSMAN_EMAIL: &str = "info@housing-ombudsman.org.uk";
pub const OMBUDSMAN_WEBSITE: &str = "www.housing-ombudsman.org.uk";

/// Writes the letter of `kind` about `case`, or says why it cannot be written yet.
pub fn compose(
    kind: LetterKind,
    case: &Case,
    ctx: &LetterContext,
    calendar: &Calendar,
) -> Result<Letter, LetterError> {
    let complaint = case.as_complaint().ok_or(LetterError::NotAComplaint)?;
    let body = wording::write(kind, complaint, ctx, calendar)?;
    let mut blocks = Vec::with_capacity(body.blocks.len() + 1);
    if ctx.easy_read {
        blocks.push(Block::InShort {
            heading: "This letter in short".to_owned(),
            sentences: body.in_short,
        });
    }
    let (after, before): (Vec<Block>, Vec<Block>) =
        body.blocks.into_iter().partition(Block::after_signature);
    blocks.extend(before);
    blocks.push(contact_us(&ctx.landlord, &ctx.reference));
    blocks.extend(after);
    let mut recipient = vec![ctx.customer_name.trim().to_owned()];
    recipient.extend(
        ctx.address
            .iter()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty()),
    );
    Ok(Letter {
        kind,
        from: Some(ctx.landlord.clone()),
        stage: body.stage,
        reference: ctx.reference.clone(),
        recipient,
        dated: ctx.issued_on,
        subject: body.subject,
        greeting: format!("Dear {},", ctx.customer_name.trim()),
        blocks,
        closing: ctx.wording.text(kind, template::Part::SignOff).to_owned(),
        signed_by: ctx.signed_by.trim().to_owned(),
        template_version: ctx.wording.version,
    })
}

/// The letter's "How to contact us": every way to reach the landlord, and the reference to
/// quote.
fn contact_us(landlord: &Landlord, reference: &str) -> Block {
    let mut contact = vec![
        format!("Phone: {}", landlord.phone),
        format!("Email: {}", landlord.email),
        "Post:".to_owned(),
        landlord.name.clone(),
    ];
    contact.extend(landlord.address.iter().cloned());
    Block::ContactUs {
        heading: "How to contact us".to_owned(),
        paragraphs: vec![format!(
            "If you have a question about this letter, phone, email or write to us. Quote your reference, {reference}, so we can find your case quickly."
        )],
        contact,
    }
}

/// Whether the letter of `kind` can be written about `case` now.
pub fn can_write(kind: LetterKind, case: &Case, calendar: &Calendar) -> Result<(), LetterError> {
    let complaint = case.as_complaint().ok_or(LetterError::NotAComplaint)?;
    let ctx = LetterContext {
        remedy: None,
        reference: String::new(),
        customer_name: String::new(),
        address: Vec::new(),
        issued_on: complaint.stage1().arrived,
        signed_by: String::new(),
        understanding: None,
        customer_words: None,
        outcomes_sought: None,
        easy_read: false,
        landlord: Landlord::demo(),
        ombudsman: Default::default(),
        wording: Default::default(),
    };
    wording::write(kind, complaint, &ctx, calendar).map(|_| ())
}

impl Letter {
    /// Whether it was written in easy read (it opens with [`Block::InShort`]).
    pub fn easy_read(&self) -> bool {
        self.blocks
            .iter()
            .any(|block| matches!(block, Block::InShort { .. }))
    }

    /// The letter as plain text, for email: date, reference, subject, body and sign-off,
    /// then the Ombudsman's details, in the order the printed letter has them (the postal
    /// address is left to the envelope).
    pub fn plain_text(&self) -> String {
        let mut out = format!(
            "{}\nOur reference: {}\n\n{}\n\n{}\n\n",
            long_date(self.dated),
            self.reference,
            self.subject,
            self.greeting
        );
        let (ombudsman, body): (Vec<&Block>, Vec<&Block>) = self
            .blocks
            .iter()
            .partition(|block| block.after_signature());
        for block in body {
            block.write_text(&mut out);
        }
        out.push_str(&self.closing);
        out.push_str("\n\n");
        out.push_str(&self.signed_by);
        out.push_str("\n\n");
        for block in ombudsman {
            block.write_text(&mut out);
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

impl Block {
    fn write_text(&self, out: &mut String) {
        match self {
            Block::Heading(text) | Block::Paragraph(text) => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::InShort { heading, sentences } => {
                out.push_str(heading);
                out.push_str("\n\n");
                for sentence in sentences {
                    out.push_str(sentence);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(item);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Ombudsman {
                heading,
                paragraphs,
                contact,
            }
            | Block::ContactUs {
                heading,
                paragraphs,
                contact,
            } => {
                out.push_str(heading);
                out.push_str("\n\n");
                for paragraph in paragraphs {
                    out.push_str(paragraph);
                    out.push_str("\n\n");
                }
                for line in contact {
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
}

/// `months` calendar months after `date` (the last day of the month when that day does
/// not exist: 29 February plus 12 months is 28 February).
pub fn months_after(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;

/// A promise to put things right, as a line of its own on the customer's case page:
/// "Apologise to you", "Pay you £50 for the missed appointment".
pub fn promise_words(remedy: &crate::lifecycle::Remedy) -> String {
    // An action's date goes with its progress ("Not done yet: due by …"), not here.
    let words = match remedy {
        crate::lifecycle::Remedy::Action { description, .. } => {
            description.trim().trim_end_matches('.').to_owned()
        }
        other => wording::remedy_promise(other),
    };
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}
