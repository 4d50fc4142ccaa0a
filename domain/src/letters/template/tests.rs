use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::Calendar;
use crate::deadlines::long_date;
use crate::landlord::{Landlord, OmbudsmanContact};
use crate::letters::{Block, Letter, sample};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn preview(kind: LetterKind, wording: &LetterTemplate, today: NaiveDate) -> Letter {
    sample::letter(
        kind,
        wording,
        today,
        &Calendar::england_and_wales(),
        &Landlord::demo(),
        &OmbudsmanContact::default(),
    )
    .unwrap_or_else(|e| panic!("the sample {kind:?} letter should be written: {e}"))
}

fn written(kind: LetterKind, part: Part, text: &str) -> Result<LetterTemplate, Vec<PassageError>> {
    LetterTemplate::parse(kind, &[(part, text.to_owned())])
}

#[test]
fn every_kind_has_a_subject_an_opening_a_next_step_and_a_sign_off_whose_defaults_check() {
    for kind in LetterKind::ALL {
        for part in [Part::Subject, Part::Opening, Part::Next, Part::SignOff] {
            assert!(passage(kind, part).is_some(), "{kind:?} lacks {part:?}");
        }
        for passage in passages(kind) {
            assert_eq!(
                check_passage(passage, passage.default).as_deref(),
                Ok(passage.default),
                "{kind:?} {:?}",
                passage.part
            );
            for required in passage.required {
                assert!(passage.facts.contains(required));
            }
        }
    }
}

#[test]
fn a_changed_passage_is_filled_with_the_cases_facts_and_split_into_paragraphs() {
    let mut wording = written(
        LetterKind::Acknowledgement,
        Part::Next,
        "Your case is with our repairs team.\n\nWe will reply by {respond_by}.\nQuote {reference}.",
    )
    .unwrap();
    wording.version = 3;
    let standard = preview(
        LetterKind::Acknowledgement,
        &LetterTemplate::standard(),
        d(2026, 12, 2),
    );
    let letter = preview(LetterKind::Acknowledgement, &wording, d(2026, 12, 2));
    assert_eq!(letter.template_version, 3);
    assert_eq!(standard.template_version, 0);
    let text = letter.plain_text();
    assert!(
        text.contains("Your case is with our repairs team.\n\nWe will reply by "),
        "{text}"
    );
    assert!(text.contains("Quote CX-2026-000123."), "{text}");
    assert!(!text.contains("A manager from the service involved"));
    // The same date as Putright's own wording gives.
    let due = standard
        .plain_text()
        .split("full written response by ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap()
        .to_owned();
    assert!(text.contains(&format!("We will reply by {due}")), "{text}");
    // Everything else is as before.
    assert_eq!(letter.subject, standard.subject);
    assert_eq!(letter.blocks.len(), standard.blocks.len());
}

#[test]
fn subject_opening_and_sign_off_can_be_changed() {
    let wording = LetterTemplate::parse(
        LetterKind::Extension,
        &[
            (
                Part::Subject,
                "More time needed on your {about} ({reference})".into(),
            ),
            (
                Part::Opening,
                "Dear neighbour {customer_name}: we said {previous_date}.".into(),
            ),
            (Part::SignOff, "With best wishes,".into()),
        ],
    )
    .unwrap();
    let letter = preview(LetterKind::Extension, &wording, d(2026, 3, 2));
    assert_eq!(
        letter.subject,
        "More time needed on your complaint (CX-2026-000123)"
    );
    assert_eq!(letter.closing, "With best wishes,");
    assert!(
        letter
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph(p) if p.starts_with("Dear neighbour Alex Sample: we said "))),
        "{}",
        letter.plain_text()
    );
}

#[test]
fn a_passage_the_same_as_ours_is_not_kept_as_a_change() {
    let default = passage(LetterKind::RemedyDone, Part::Subject)
        .unwrap()
        .default;
    let wording = written(
        LetterKind::RemedyDone,
        Part::Subject,
        &format!("  {default}\r\n"),
    )
    .unwrap();
    assert!(wording.is_standard());
}

#[test]
fn the_next_steps_date_cannot_be_dropped() {
    let errors = written(
        LetterKind::Acknowledgement,
        Part::Next,
        "We will reply soon.",
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].part, Part::Next);
    assert!(
        errors[0].message.contains("must keep {respond_by}"),
        "{}",
        errors[0]
    );
    for (kind, fact) in [
        (LetterKind::Extension, "{new_date}"),
        (LetterKind::Stage2Acknowledgement, "{respond_by}"),
        (LetterKind::RemedyNotDelivered, "{contact_by}"),
        (LetterKind::Stage1Response, "{reference}"),
        (LetterKind::Stage2Outcome, "{reference}"),
    ] {
        let errors = written(kind, Part::Next, "Something else.").unwrap_err();
        assert!(errors[0].message.contains(fact), "{kind:?}: {}", errors[0]);
    }
}

#[test]
fn unknown_placeholders_broken_braces_blank_and_long_passages_are_refused_all_at_once() {
    let errors = LetterTemplate::parse(
        LetterKind::Acknowledgement,
        &[
            (Part::Subject, "Your complaint\nsecond line".into()),
            (Part::Opening, "We got it on {recieved_on}.".into()),
            (Part::Next, "By {respond_by".into()),
            (Part::SignOff, "   ".into()),
        ],
    )
    .unwrap_err();
    let by_part: Vec<(Part, &str)> = errors
        .iter()
        .map(|e| (e.part, e.message.as_str()))
        .collect();
    assert_eq!(by_part.len(), 4, "{by_part:?}");
    assert_eq!(
        by_part[0],
        (Part::Subject, "The subject line must be one line")
    );
    assert!(by_part[1].1.starts_with("{recieved_on} is not something this part can say. It can use {reference}, {customer_name}, {received_on}, {respond_by}"), "{}", by_part[1].1);
    assert!(by_part[2].1.contains("without a \"}\""), "{}", by_part[2].1);
    assert_eq!(by_part[3].1, "Enter the sign-off, or put back our wording");
    let long = "a".repeat(2001);
    let errors = written(LetterKind::RemedyDone, Part::Next, &long).unwrap_err();
    assert!(
        errors[0]
            .message
            .contains("2000 characters or fewer; it has 2001")
    );
    let errors = written(LetterKind::RemedyDone, Part::SignOff, "Yours, {reference}").unwrap_err();
    assert!(
        errors[0].message.contains("takes no placeholders"),
        "{}",
        errors[0]
    );
    let errors = written(LetterKind::RemedyDone, Part::SignOff, "Yours }").unwrap_err();
    assert!(
        errors[0].message.contains("without a \"{\""),
        "{}",
        errors[0]
    );
}

#[test]
fn a_part_the_letter_does_not_have_is_ignored() {
    let wording = written(LetterKind::Acknowledgement, Part::OpeningEarly, "Anything").unwrap();
    assert!(wording.is_standard());
}

#[test]
fn paragraphs_split_at_blank_lines_even_with_spaces_and_join_lines() {
    assert_eq!(
        paragraphs("One\ntwo\n   \n\nThree  \n"),
        vec!["One two".to_owned(), "Three".to_owned()]
    );
}

/// What a letter must still say whatever its wording: the Ombudsman's box with their full
/// contact details, and the next step's date.
fn assert_essentials(letter: &Letter, next_date: Option<&str>) {
    let contact = OmbudsmanContact::default();
    let ombudsman = letter.blocks.iter().find_map(|b| match b {
        Block::Ombudsman {
            contact,
            paragraphs,
            ..
        } => Some((contact, paragraphs)),
        _ => None,
    });
    let (lines, paragraphs) = ombudsman.expect("the Ombudsman's box");
    assert!(lines.iter().any(|l| l.contains(&contact.phone)));
    assert!(lines.iter().any(|l| l.contains(&contact.email)));
    assert!(!paragraphs.is_empty());
    if let Some(date) = next_date {
        assert!(
            letter.plain_text().contains(date),
            "{:?} lacks {date}",
            letter.kind
        );
    }
}

fn words() -> impl Strategy<Value = String> {
    "[A-Za-z ,.'-]{1,60}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever an administrator writes that is accepted, every letter still carries the
    /// Ombudsman's details and the next step's date, on any day.
    #[test]
    fn any_accepted_wording_keeps_the_ombudsman_and_the_next_steps_date(
        kind in proptest::sample::select(LetterKind::ALL.to_vec()),
        before in words(),
        after in words(),
        subject in words(),
        day in 0u64..3650,
    ) {
        let today = d(2025, 1, 1) + chrono::Days::new(day);
        let next = passage(kind, Part::Next).unwrap();
        let placeholders: String = next.required.iter().map(|f| format!(" {{{}}} ", f.name)).collect();
        let wording = LetterTemplate::parse(
            kind,
            &[
                (Part::Subject, subject),
                (Part::Next, format!("{before}{placeholders}{after}")),
                (Part::Opening, before.clone()),
            ],
        );
        // Only blank input is refused, and then it names the part.
        let Ok(wording) = wording else {
            return Ok(());
        };
        let standard = preview(kind, &LetterTemplate::standard(), today);
        let letter = preview(kind, &wording, today);
        // The next step's date as Putright's own wording gives it.
        let date = match kind {
            LetterKind::Acknowledgement | LetterKind::Stage2Acknowledgement => standard
                .plain_text()
                .split(" by ")
                .nth(1)
                .map(|rest| rest.split('.').next().unwrap_or_default().to_owned()),
            LetterKind::Extension => standard
                .plain_text()
                .split("We will now send you our full response by ")
                .nth(1)
                .map(|rest| rest.split('.').next().unwrap_or_default().to_owned()),
            LetterKind::RemedyNotDelivered => standard
                .plain_text()
                .split("We will contact you by ")
                .nth(1)
                .map(|rest| rest.split(" to ").next().unwrap_or_default().to_owned()),
            _ => Some("CX-2026-000123".to_owned()),
        };
        prop_assert!(date.as_deref().is_some_and(|d| !d.is_empty()));
        assert_essentials(&standard, date.as_deref());
        assert_essentials(&letter, date.as_deref());
    }

    /// The sample case gives every kind of letter on any day.
    #[test]
    fn the_sample_writes_every_kind_of_letter_on_any_day(day in 0u64..3650) {
        let today = d(2025, 1, 1) + chrono::Days::new(day);
        for kind in LetterKind::ALL {
            let letter = preview(kind, &LetterTemplate::standard(), today);
            prop_assert_eq!(letter.dated, today);
            prop_assert!(letter.plain_text().contains(&long_date(today)));
        }
    }
}
