use chrono::{NaiveTime, TimeZone, Utc};

use super::*;
use crate::eligibility::Eligibility;
use crate::lifecycle::tests::staff_on;
use crate::lifecycle::{
    Actor, Complaint, Outcome, PointFinding, RecordedReason, RefusalReason, Remedy, ResponseError,
    ServiceRequest, StageResponse, UserId,
};
use crate::money::Money;
use crate::receipt::Receipt;
use crate::role::Role;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn receipt(y: i32, m: u32, day: u32) -> Receipt {
    let at = Utc.with_ymd_and_hms(y, m, day, 10, 0, 0).unwrap();
    Receipt::new(at, NaiveTime::from_hms_opt(17, 0, 0).unwrap(), &cal())
}

fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).unwrap()
}

fn ctx(issued_on: NaiveDate) -> LetterContext {
    LetterContext {
        remedy: None,
        reference: "CX-2024-000042".into(),
        customer_name: "Rita Example".into(),
        address: vec!["1 Example Road".into(), "  ".into(), "AB1 2CD".into()],
        issued_on,
        signed_by: "Sam Manager".into(),
        understanding: Some("The kitchen tap has leaked since March and two visits missed".into()),
        customer_words: Some("My tap leaks and nobody came".into()),
        outcomes_sought: Some("Fix the tap and pay for the water damage".into()),
        easy_read: false,
        landlord: Landlord::demo(),
        ombudsman: Default::default(),
        wording: Default::default(),
    }
}

fn response(outcome: Outcome) -> StageResponse {
    StageResponse::new(
        outcome,
        vec![PointFinding {
            point: "The repair was late".into(),
            finding: "It was booked three weeks after it was reported".into(),
            outcome,
        }],
        vec![
            Remedy::Apology,
            Remedy::Compensation {
                amount: Money::from_pence(5000).unwrap(),
                for_what: None,
            },
        ],
        Some("Book repairs on the day they are reported".into()),
    )
    .unwrap()
}

/// Received Friday 20 December 2024, accepted the same day.
fn at_stage1() -> Complaint {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    c.accept(
        &Actor::new("manager-1", Role::Manager),
        d(2024, 12, 20),
        Eligibility::InWindow { months_ago: 1 },
        None,
    )
    .unwrap();
    c
}

fn acknowledged() -> Complaint {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    c
}

fn responded_at_stage1() -> Complaint {
    let mut c = acknowledged();
    c.respond(
        &staff_on(&c),
        d(2025, 1, 10),
        response(Outcome::PartlyUpheld),
    )
    .unwrap();
    c
}

/// Review asked for on Monday 20 January 2025, acknowledged on Wednesday 22 January.
fn stage2_acknowledged() -> Complaint {
    let mut c = responded_at_stage1();
    c.request_review(&receipt(2025, 1, 20)).unwrap();
    c.assign_reviewer(&Actor::new("cm-1", Role::ComplaintsManager))
        .unwrap();
    c.acknowledge(&staff_on(&c), d(2025, 1, 22)).unwrap();
    c
}

fn stage2_answered() -> Complaint {
    let mut c = stage2_acknowledged();
    c.propose_outcome(&staff_on(&c), response(Outcome::Upheld))
        .unwrap();
    c.sign_off(&Actor::new("hos-1", Role::HeadOfService), d(2025, 2, 12))
        .unwrap();
    c.respond(&staff_on(&c), d(2025, 2, 14), response(Outcome::Upheld))
        .unwrap();
    c
}

fn case(c: Complaint) -> Case {
    Case::Complaint(Box::new(c))
}

fn write(kind: LetterKind, c: Complaint, issued_on: NaiveDate) -> Letter {
    write_as(kind, c, issued_on, false)
}

fn write_as(kind: LetterKind, c: Complaint, issued_on: NaiveDate, easy_read: bool) -> Letter {
    let ctx = LetterContext {
        easy_read,
        ..ctx(issued_on)
    };
    compose(kind, &case(c), &ctx, &cal())
        .unwrap_or_else(|e| panic!("{kind:?} should be ready: {e}"))
}

fn text(letter: &Letter) -> String {
    letter.plain_text()
}

fn assert_has(letter: &Letter, expected: &str) {
    let text = text(letter);
    assert!(
        text.contains(expected),
        "{:?} letter lacks {expected:?}:\n{text}",
        letter.kind
    );
}

fn assert_not_ready(kind: LetterKind, c: Complaint) {
    assert!(
        matches!(
            compose(kind, &case(c), &ctx(d(2025, 3, 3)), &cal()),
            Err(LetterError::NotReady { letter, .. }) if letter == kind
        ),
        "{kind:?} should be refused"
    );
}

/// One letter of each kind, each from a case in the state it needs.
fn every_letter() -> Vec<Letter> {
    every_letter_as(false)
}

fn every_letter_as(easy_read: bool) -> Vec<Letter> {
    let write = |kind, c, on| write_as(kind, c, on, easy_read);
    let mut refused = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    refused
        .not_accept(
            d(2024, 12, 23),
            RefusalReason::AnotherPolicyFitsBetter,
            reason("Noise from next door is handled under our anti-social behaviour policy"),
        )
        .unwrap();
    let mut extended = acknowledged();
    extended
        .extend(
            &cal(),
            &staff_on(&extended),
            d(2025, 1, 10),
            d(2025, 1, 22),
            reason("We are waiting for the plumber's report"),
            None,
        )
        .unwrap();
    let mut undelivered = responded_at_stage1();
    undelivered
        .remedy_cannot_be_delivered(1, d(2025, 1, 20), reason("The payment system is closed"))
        .unwrap();
    let mut done = responded_at_stage1();
    done.complete_remedy(1, d(2025, 1, 20)).unwrap();
    let mut review_refused = responded_at_stage1();
    review_refused
        .request_review(&receipt(2025, 1, 20))
        .unwrap();
    review_refused
        .refuse_review(
            d(2025, 1, 21),
            reason(
                "The review request raises a new matter, which we are treating as a new complaint",
            ),
        )
        .unwrap();
    vec![
        write(LetterKind::Acknowledgement, acknowledged(), d(2024, 12, 31)),
        write(LetterKind::NotAccepted, refused, d(2024, 12, 23)),
        write(LetterKind::Extension, extended, d(2025, 1, 10)),
        write(
            LetterKind::Stage1Response,
            responded_at_stage1(),
            d(2025, 1, 10),
        ),
        write(
            LetterKind::Stage2Acknowledgement,
            stage2_acknowledged(),
            d(2025, 1, 22),
        ),
        write(LetterKind::Stage2Outcome, stage2_answered(), d(2025, 2, 14)),
        write(LetterKind::RemedyNotDelivered, undelivered, d(2025, 1, 20)),
        write(LetterKind::RemedyDone, done, d(2025, 1, 20)),
        write(LetterKind::ReviewRefused, review_refused, d(2025, 1, 21)),
    ]
}

#[test]
fn a_refused_review_letter_gives_the_reason_and_the_ombudsman_now() {
    let letter = every_letter()
        .into_iter()
        .find(|l| l.kind == LetterKind::ReviewRefused)
        .expect("written");
    assert_has(&letter, "You asked us on Monday 20 January 2025 to review");
    assert_has(&letter, "which we are treating as a new complaint.");
    assert_has(&letter, "Our complaints process has now ended");
    assert_has(&letter, "0300 111 3000");
    assert_not_ready(LetterKind::ReviewRefused, responded_at_stage1());
}

#[test]
fn every_kind_of_letter_can_be_written_from_a_case_in_the_right_state() {
    let letters = every_letter();
    let kinds: Vec<LetterKind> = letters.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, LetterKind::ALL);
    for letter in &letters {
        assert_eq!(letter.reference, "CX-2024-000042");
        assert_eq!(letter.greeting, "Dear Rita Example,");
        assert_eq!(letter.signed_by, "Sam Manager");
        assert_eq!(
            letter.recipient,
            ["Rita Example", "1 Example Road", "AB1 2CD"],
            "blank address lines are dropped"
        );
        assert!(!letter.subject.is_empty());
        assert!(letter.blocks.len() > 3, "{:?} is too thin", letter.kind);
    }
}

#[test]
fn every_letter_carries_the_ombudsmans_contact_details_and_the_right_to_go_to_them() {
    for letter in every_letter() {
        for line in [
            "Housing Ombudsman Service",
            "PO Box 152",
            "Liverpool",
            "L33 7WQ",
            "0300 111 3000",
            "info@housing-ombudsman.org.uk",
            "www.housing-ombudsman.org.uk",
        ] {
            assert_has(&letter, line);
        }
        let ombudsman = letter
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Ombudsman { .. }))
            .count();
        assert_eq!(ombudsman, 1, "{:?}", letter.kind);
        assert!(
            text(&letter).contains("right to ask"),
            "{:?} states the right",
            letter.kind
        );
    }
}

#[test]
fn every_letter_says_what_happens_next_with_a_date_written_in_full() {
    let weekday = regex_free_weekday;
    for letter in every_letter() {
        assert!(
            weekday(&text(&letter)),
            "{:?} has no date in full",
            letter.kind
        );
    }
}

/// Whether the text has a date like "Tuesday 31 December 2024".
fn regex_free_weekday(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(4).any(|w| {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ]
        .contains(&w[0])
            && w[1].parse::<u32>().is_ok()
            && (1..=12).any(|m| crate::deadlines::month_name(m) == w[2])
            && w[3].trim_end_matches(['.', ',']).parse::<i32>().is_ok()
    })
}

#[test]
fn the_acknowledgement_sets_out_the_complaint_and_the_response_date() {
    let letter = write(LetterKind::Acknowledgement, acknowledged(), d(2024, 12, 31));
    assert_eq!(letter.stage, Some(Stage::One));
    assert_has(
        &letter,
        "We received your complaint on Friday 20 December 2024",
    );
    assert_has(&letter, "Our understanding of your complaint");
    assert_has(&letter, "The kitchen tap has leaked");
    assert_has(&letter, "Fix the tap and pay for the water damage");
    // Acknowledged Tuesday 31 December 2024: 10 working days on (SPEC section 4's example).
    assert_has(
        &letter,
        "full written response by Wednesday 15 January 2025",
    );
    assert_has(&letter, "CX-2024-000042");
}

#[test]
fn an_acknowledgement_without_a_staff_summary_quotes_the_customer() {
    let mut context = ctx(d(2024, 12, 31));
    context.understanding = None;
    let letter = compose(
        LetterKind::Acknowledgement,
        &case(acknowledged()),
        &context,
        &cal(),
    )
    .unwrap();
    assert_has(&letter, "What you told us");
    assert_has(&letter, "My tap leaks and nobody came");
    assert!(!text(&letter).contains("Our understanding"));
}

#[test]
fn an_acknowledgement_waits_for_acceptance_and_the_acknowledgement_itself() {
    assert_not_ready(
        LetterKind::Acknowledgement,
        Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20)),
    );
    assert_not_ready(LetterKind::Acknowledgement, at_stage1());
    assert_not_ready(LetterKind::Acknowledgement, responded_at_stage1());
}

#[test]
fn the_not_accepted_letter_explains_why_and_gives_the_ombudsman_time_limit() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    c.not_accept(
        d(2024, 12, 23),
        RefusalReason::OutOfTime,
        reason("You told us the leak was fixed in 2022"),
    )
    .unwrap();
    let letter = write(LetterKind::NotAccepted, c, d(2024, 12, 23));
    assert_eq!(letter.stage, None);
    assert_has(&letter, "in the 12 months before you told us");
    assert_has(&letter, "You told us the leak was fixed in 2022.");
    assert_has(&letter, "good reason you could not tell us sooner");
    assert_has(
        &letter,
        "within 12 months of our decision, that is by Tuesday 23 December 2025",
    );
    assert_not_ready(LetterKind::NotAccepted, at_stage1());
}

#[test]
fn each_refusal_reason_has_its_own_explanation() {
    let texts: Vec<String> = RefusalReason::ALL
        .into_iter()
        .map(|why| {
            let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
            c.not_accept(d(2024, 12, 23), why, reason("Details"))
                .unwrap();
            let letter = write(LetterKind::NotAccepted, c, d(2024, 12, 23));
            match &letter.blocks[2] {
                Block::Paragraph(text) => text.clone(),
                other => panic!("expected the reason, got {other:?}"),
            }
        })
        .collect();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            assert_ne!(a, b);
        }
    }
    assert!(texts[2].contains("police"));
}

#[test]
fn the_extension_letter_gives_the_reason_the_old_date_and_the_new_one() {
    let mut c = acknowledged();
    c.extend(
        &cal(),
        &staff_on(&c),
        d(2025, 1, 10),
        d(2025, 1, 22),
        reason("We are waiting for the plumber's report"),
        None,
    )
    .unwrap();
    let letter = write(LetterKind::Extension, c.clone(), d(2025, 1, 10));
    assert_eq!(letter.stage, Some(Stage::One));
    assert_has(&letter, "by Wednesday 15 January 2025");
    assert_has(&letter, "We are waiting for the plumber's report.");
    assert_has(&letter, "our full response by Wednesday 22 January 2025");

    // A second extension counts from the first.
    c.extend(
        &cal(),
        &staff_on(&c),
        d(2025, 1, 20),
        d(2025, 1, 24),
        reason("The plumber is ill"),
        None,
    )
    .unwrap();
    let letter = write(LetterKind::Extension, c, d(2025, 1, 20));
    assert_has(&letter, "by Wednesday 22 January 2025. I am sorry");
    assert_has(&letter, "by Friday 24 January 2025");
}

#[test]
fn a_stage_2_extension_speaks_of_the_review() {
    let mut c = stage2_acknowledged();
    c.extend(
        &cal(),
        &staff_on(&c),
        d(2025, 2, 10),
        d(2025, 2, 26),
        reason("We need to speak to the contractor"),
        None,
    )
    .unwrap();
    let letter = write(LetterKind::Extension, c, d(2025, 2, 10));
    assert_eq!(letter.stage, Some(Stage::Two));
    assert_has(
        &letter,
        "the outcome of our review by Wednesday 19 February 2025",
    );
    assert_has(&letter, "by Wednesday 26 February 2025");
}

#[test]
fn an_extension_letter_needs_an_extension_on_the_stage_in_progress() {
    assert_not_ready(LetterKind::Extension, acknowledged());
    assert_not_ready(LetterKind::Extension, responded_at_stage1());
}

#[test]
fn the_stage_1_response_gives_findings_remedies_and_how_to_ask_for_a_review() {
    let letter = write(
        LetterKind::Stage1Response,
        responded_at_stage1(),
        d(2025, 1, 10),
    );
    assert_eq!(letter.stage, Some(Stage::One));
    assert_has(&letter, "We have partly upheld your complaint");
    assert_has(&letter, "1. The repair was late.");
    assert_has(
        &letter,
        "What we found: It was booked three weeks after it was reported. We have partly upheld this point.",
    );
    assert_has(&letter, "- An apology");
    assert_has(&letter, "£50.00");
    assert_has(&letter, "Book repairs on the day they are reported.");
    assert_has(&letter, "You do not need to give a reason");
    // Asked on the day of the letter, Friday 10 January 2025: acknowledged within 5 working
    // days, answered 20 working days after that.
    assert_has(
        &letter,
        "if you ask on Friday 10 January 2025, we will acknowledge it by Friday 17 January 2025 and send you the outcome by Friday 14 February 2025",
    );
    assert_has(&letter, "up to 12 months after");
}

#[test]
fn a_response_letter_waits_for_the_response() {
    assert_not_ready(LetterKind::Stage1Response, acknowledged());
    assert_not_ready(LetterKind::Stage2Outcome, responded_at_stage1());
    assert_not_ready(LetterKind::Stage2Outcome, stage2_acknowledged());
}

#[test]
fn the_stage_2_acknowledgement_gives_the_outcome_date() {
    let letter = write(
        LetterKind::Stage2Acknowledgement,
        stage2_acknowledged(),
        d(2025, 1, 22),
    );
    assert_eq!(letter.stage, Some(Stage::Two));
    assert_has(
        &letter,
        "We received your request on Monday 20 January 2025",
    );
    assert_has(&letter, "Why you have asked for a review");
    assert_has(&letter, "by Wednesday 19 February 2025");
    assert_has(&letter, "involved customer");
}

#[test]
fn a_stage_2_acknowledgement_waits_for_the_review_and_its_acknowledgement() {
    assert_not_ready(LetterKind::Stage2Acknowledgement, responded_at_stage1());
    let mut requested = responded_at_stage1();
    requested.request_review(&receipt(2025, 1, 20)).unwrap();
    assert_not_ready(LetterKind::Stage2Acknowledgement, requested);
    assert_not_ready(LetterKind::Stage2Acknowledgement, stage2_answered());
}

#[test]
fn a_resident_who_declined_involvement_is_not_told_about_it_again() {
    let mut c = stage2_acknowledged();
    c.decline_involvement().unwrap();
    let letter = write(LetterKind::Stage2Acknowledgement, c, d(2025, 1, 22));
    assert!(!text(&letter).contains("involved customer"));
}

#[test]
fn the_stage_2_outcome_ends_the_process_and_gives_12_months_to_go_to_the_ombudsman() {
    let letter = write(LetterKind::Stage2Outcome, stage2_answered(), d(2025, 2, 14));
    assert_eq!(letter.stage, Some(Stage::Two));
    assert_has(&letter, "We have upheld your complaint");
    assert_has(&letter, "the end of our complaints process");
    assert_has(
        &letter,
        "within 12 months of the end of our complaints process, that is by Saturday 14 February 2026",
    );
}

#[test]
fn under_the_2020_policy_the_ombudsman_window_is_6_months() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2020, &receipt(2023, 3, 1));
    c.accept(
        &Actor::new("manager-1", Role::Manager),
        d(2023, 3, 1),
        Eligibility::InWindow { months_ago: 1 },
        None,
    )
    .unwrap();
    c.respond(&staff_on(&c), d(2023, 3, 10), response(Outcome::NotUpheld))
        .unwrap();
    let stage1 = write(LetterKind::Stage1Response, c.clone(), d(2023, 3, 10));
    assert_has(&stage1, "up to 6 months after");
    // The 2020 policy has no acknowledgement step: 15 working days from the request.
    assert_has(
        &stage1,
        "within 15 working days. For example, if you ask on Friday 10 March 2023, we will send you the outcome by Friday 31 March 2023",
    );
    c.request_review(&receipt(2023, 3, 20)).unwrap();
    c.assign_reviewer(&Actor::new("cm-1", Role::ComplaintsManager))
        .unwrap();
    c.propose_outcome(&staff_on(&c), response(Outcome::NotUpheld))
        .unwrap();
    c.sign_off(&Actor::new("hos-1", Role::HeadOfService), d(2023, 3, 31))
        .unwrap();
    c.respond(&staff_on(&c), d(2023, 4, 3), response(Outcome::NotUpheld))
        .unwrap();
    let outcome = write(LetterKind::Stage2Outcome, c, d(2023, 4, 3));
    assert_has(&outcome, "We have not upheld your complaint");
    assert_has(
        &outcome,
        "within 6 months of the end of our complaints process, that is by Tuesday 3 October 2023",
    );
}

#[test]
fn a_remedy_that_cannot_be_delivered_is_explained_with_a_follow_up_date() {
    let mut c = responded_at_stage1();
    c.remedy_cannot_be_delivered(1, d(2025, 1, 20), reason("Our payment system is closed"))
        .unwrap();
    let letter = write(LetterKind::RemedyNotDelivered, c, d(2025, 1, 20));
    assert_has(&letter, "We promised to pay you £50.00.");
    assert_has(&letter, "Our payment system is closed.");
    // Five working days after Monday 20 January 2025.
    assert_has(&letter, "We will contact you by Monday 27 January 2025");
    // Stage 1 answered but not ended: the window is stated without a date.
    assert_has(&letter, "up to 12 months after it finishes");
    assert_not_ready(LetterKind::RemedyNotDelivered, responded_at_stage1());
}

#[test]
fn after_the_process_has_ended_an_undelivered_remedy_letter_gives_the_ombudsman_date() {
    let mut c = stage2_answered();
    // Remedies 0–1 came with Stage 1, 2–3 with Stage 2.
    c.remedy_cannot_be_delivered(3, d(2025, 3, 3), reason("The budget was withdrawn"))
        .unwrap();
    let letter = write(LetterKind::RemedyNotDelivered, c, d(2025, 3, 3));
    assert_has(&letter, "that is by Saturday 14 February 2026");
}

#[test]
fn letters_are_only_about_complaints() {
    let request = Case::ServiceRequest(ServiceRequest::open());
    assert_eq!(
        compose(
            LetterKind::Acknowledgement,
            &request,
            &ctx(d(2025, 1, 1)),
            &cal()
        ),
        Err(LetterError::NotAComplaint)
    );
    assert_eq!(
        can_write(LetterKind::Acknowledgement, &request, &cal()),
        Err(LetterError::NotAComplaint)
    );
}

#[test]
fn can_write_agrees_with_compose() {
    let c = case(responded_at_stage1());
    assert!(can_write(LetterKind::Stage1Response, &c, &cal()).is_ok());
    assert!(can_write(LetterKind::Acknowledgement, &c, &cal()).is_err());
    let error = can_write(LetterKind::Stage2Outcome, &c, &cal()).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("The stage 2 outcome letter cannot be written yet"),
        "{error}"
    );
}

#[test]
fn kinds_round_trip_through_their_stored_codes_which_match_serde() {
    for kind in LetterKind::ALL {
        assert_eq!(LetterKind::parse(kind.as_str()), Ok(kind));
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::Value::String(kind.as_str().to_owned())
        );
        assert!(!kind.label().is_empty());
    }
    assert!(LetterKind::parse("stage3_response").is_err());
}

#[test]
fn a_letter_reads_back_from_json_exactly() {
    for letter in every_letter() {
        let json = serde_json::to_string(&letter).unwrap();
        let back: Letter = serde_json::from_str(&json).unwrap();
        assert_eq!(back, letter);
    }
}

#[test]
fn the_plain_text_puts_the_ombudsman_after_the_signature() {
    let letter = write(
        LetterKind::Stage1Response,
        responded_at_stage1(),
        d(2025, 1, 10),
    );
    let text = letter.plain_text();
    assert!(text.starts_with("Friday 10 January 2025\nOur reference: CX-2024-000042\n\n"));
    let signature = text.find("Yours sincerely,\n\nSam Manager").unwrap();
    let ombudsman = text.find("The Housing Ombudsman\n").unwrap();
    assert!(signature < ombudsman);
    assert!(text.ends_with("www.housing-ombudsman.org.uk\n"));
}

#[test]
fn months_are_calendar_months_and_the_end_of_february_is_kept() {
    assert_eq!(months_after(d(2024, 2, 29), 12), d(2025, 2, 28));
    assert_eq!(months_after(d(2024, 8, 31), 6), d(2025, 2, 28));
    assert_eq!(months_after(d(2024, 12, 23), 12), d(2025, 12, 23));
}

#[test]
fn letters_are_e_mailed_only_to_those_who_chose_e_mail_and_phoned_through_when_asked() {
    use crate::form::{Adjustment, ContactMethod};
    let chose_email = delivery(Some(ContactMethod::Email), &[]);
    assert!(chose_email.email && !chose_email.phone_call && !chose_email.large_print);
    for preferred in [None, Some(ContactMethod::Letter), Some(ContactMethod::Text)] {
        assert!(!delivery(preferred, &[]).email, "{preferred:?}");
    }
    let phone = delivery(Some(ContactMethod::Email), &[Adjustment::PhoneNotLetters]);
    assert!(phone.phone_call && !phone.email, "phone, not letters wins");
    assert!(delivery(Some(ContactMethod::Phone), &[]).phone_call);
    assert!(delivery(None, &[Adjustment::Other("Large print please".into())]).large_print);
}

#[test]
fn easy_read_is_asked_for_by_the_choice_or_in_the_customers_own_words_and_comes_in_large_print() {
    use crate::form::Adjustment;
    for asked in [
        vec![Adjustment::EasyRead],
        vec![Adjustment::Other("Easy Read letters please".into())],
    ] {
        let d = delivery(None, &asked);
        assert!(d.easy_read && d.large_print, "{asked:?}");
    }
    let plain = delivery(None, &[Adjustment::LargePrint]);
    assert!(plain.large_print && !plain.easy_read);
}

#[test]
fn an_easy_read_letter_opens_with_the_letter_in_short_sentences_and_keeps_the_full_letter() {
    let full = write(
        LetterKind::Stage1Response,
        responded_at_stage1(),
        d(2025, 1, 10),
    );
    let letter = write_as(
        LetterKind::Stage1Response,
        responded_at_stage1(),
        d(2025, 1, 10),
        true,
    );
    assert!(!full.easy_read() && letter.easy_read());
    let Block::InShort { heading, sentences } = &letter.blocks[0] else {
        panic!(
            "an easy read letter starts with the letter in short: {:?}",
            letter.blocks[0]
        );
    };
    assert_eq!(heading, "This letter in short");
    assert_eq!(
        &letter.blocks[1..],
        &full.blocks[..],
        "the full letter follows, unchanged"
    );
    for expected in [
        "We have looked into your complaint.",
        "We agree we got some things wrong.",
        "We will pay you £50.00.",
        "Not happy with our answer? Ask us to look again.",
    ] {
        assert!(
            sentences.iter().any(|s| s == expected),
            "{expected:?} in {sentences:?}"
        );
    }
    assert!(text(&letter).contains("This letter in short\n\nWe have looked into"));
}

#[test]
fn every_easy_read_letter_is_short_sentences_with_the_reference_and_the_ombudsman() {
    // Easy read: one idea a sentence. Our own limit: 16 words, not counting what staff
    // wrote for an action, which is quoted as they wrote it.
    for letter in every_letter_as(true) {
        let kind = letter.kind;
        let Block::InShort { sentences, .. } = &letter.blocks[0] else {
            panic!("{kind:?} has no easy read part");
        };
        assert!(sentences.len() >= 5, "{kind:?}: {sentences:?}");
        assert!(
            sentences.iter().any(|s| s.contains("CX-2024-000042")),
            "{kind:?}"
        );
        assert!(
            sentences.iter().any(|s| s.contains(OMBUDSMAN_PHONE)),
            "{kind:?}"
        );
        for s in sentences
            .iter()
            .filter(|s| !s.starts_with("We will do this:"))
        {
            let words = s.split_whitespace().count();
            assert!(words <= 16, "{kind:?}: {s:?} has {words} words");
        }
        assert_eq!(
            letter
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::InShort { .. }))
                .count(),
            1
        );
    }
    assert!(every_letter().iter().all(|l| !l.easy_read()));
}

#[test]
fn a_response_restates_the_complaint_and_gives_every_point_and_every_remedy_in_full() {
    let points: Vec<PointFinding> = (1..=6)
        .map(|n| PointFinding {
            point: format!("Point number {n} about the repair"),
            finding: format!("Finding number {n} from the records"),
            outcome: if n % 2 == 0 {
                Outcome::Upheld
            } else {
                Outcome::NotUpheld
            },
        })
        .collect();
    let pounds = |p: u64| Money::from_pence(p * 100).unwrap();
    let remedies = vec![
        Remedy::Apology,
        Remedy::Explanation,
        Remedy::Compensation {
            amount: pounds(50),
            for_what: Some("the time and trouble it took to chase us.".into()),
        },
        Remedy::Compensation {
            amount: pounds(125),
            for_what: Some("the distress of three months without heating".into()),
        },
        Remedy::Action {
            description: "Replace the boiler".into(),
            due: d(2025, 2, 7),
            owner: UserId::new("7"),
        },
        Remedy::Action {
            description: "Check the radiators in every room".into(),
            due: d(2025, 2, 14),
            owner: UserId::new("8"),
        },
        Remedy::RecordAmended,
    ];
    let answer = StageResponse::new(Outcome::PartlyUpheld, points, remedies, None)
        .unwrap()
        .defining("The boiler has failed four times since October and repairs were late")
        .unwrap();
    let mut c = acknowledged();
    c.respond(&staff_on(&c), d(2025, 1, 10), answer).unwrap();
    let letter = write(LetterKind::Stage1Response, c, d(2025, 1, 10));
    assert_has(
        &letter,
        "We understood your complaint to be this: The boiler has failed four times since October and repairs were late.",
    );
    for n in 1..=6 {
        assert_has(&letter, &format!("{n}. Point number {n} about the repair."));
        assert_has(
            &letter,
            &format!("What we found: Finding number {n} from the records."),
        );
    }
    assert_has(
        &letter,
        "A payment to you of £50.00 for the time and trouble it took to chase us.",
    );
    assert_has(
        &letter,
        "A payment to you of £125.00 for the distress of three months without heating.",
    );
    assert_has(&letter, "Together these payments come to £175.00.");
    assert_has(
        &letter,
        "Replace the boiler. We will do this by Friday 7 February 2025.",
    );
    assert_has(
        &letter,
        "Check the radiators in every room. We will do this by Friday 14 February 2025.",
    );
    assert_has(&letter, "Correcting our records.");
    assert!(!text(&letter).contains("in a note"));
}

#[test]
fn a_blank_definition_is_refused_and_old_responses_without_one_still_read() {
    assert_eq!(
        response(Outcome::Upheld).defining("  "),
        Err(ResponseError::NoDefinition)
    );
    // A response stored before definitions were asked for.
    let stored = serde_json::to_value(response(Outcome::Upheld)).unwrap();
    assert!(stored.get("definition").is_none());
    let read: StageResponse = serde_json::from_value(stored).unwrap();
    assert_eq!(read.definition(), None);
}

#[test]
fn every_letter_says_how_to_contact_us_with_the_landlords_details_as_on_the_day() {
    let mut landlord = Landlord::demo();
    landlord.name = "Riverside Housing".into();
    landlord.phone = "01274 960 000".into();
    let ctx = LetterContext {
        landlord: landlord.clone(),
        ..ctx(d(2024, 12, 20))
    };
    let letter = compose(
        LetterKind::Acknowledgement,
        &case(acknowledged()),
        &ctx,
        &cal(),
    )
    .expect("an acknowledgement can be written");
    assert_eq!(letter.from.as_ref(), Some(&landlord));
    let text = letter.plain_text();
    let contact = text.find("How to contact us").expect("how to contact us");
    let signature = text.find("Sam Manager").expect("the signature");
    let ombudsman = text
        .find("Housing Ombudsman Service")
        .expect("the Ombudsman");
    assert!(signature < contact && contact < ombudsman, "{text}");
    for expected in [
        "Phone: 01274 960 000",
        "Riverside Housing",
        "CX-2024-000042",
    ] {
        assert!(text[contact..].contains(expected), "{expected}: {text}");
    }
    // A letter stored before letters carried their landlord reads back without one.
    let mut json: serde_json::Value = serde_json::to_value(&letter).unwrap();
    json.as_object_mut().unwrap().remove("from");
    let old: Letter = serde_json::from_value(json).unwrap();
    assert_eq!(old.from, None);
}

#[test]
fn a_remedy_done_letter_says_what_was_done_and_what_is_still_to_come() {
    let mut c = responded_at_stage1();
    c.complete_remedy(1, d(2025, 1, 20)).unwrap();
    let letter = write(LetterKind::RemedyDone, c.clone(), d(2025, 1, 20));
    assert_has(&letter, "We promised to pay you £50.00. This is now done.");
    assert_has(&letter, "There is one more thing we promised to do.");
    // Done now, but dated a day earlier than the first: the letter is about the one the
    // step named, not the latest date.
    c.complete_remedy(0, d(2025, 1, 19)).unwrap();
    let mut named = ctx(d(2025, 1, 21));
    named.remedy = Some(0);
    let letter = compose(LetterKind::RemedyDone, &case(c), &named, &cal()).expect("written");
    assert_has(&letter, "Everything we said we would do is now done.");
    assert!(!text(&letter).contains("We promised to pay you £50.00."));
    assert_not_ready(LetterKind::RemedyDone, responded_at_stage1());
}

#[test]
fn the_ombudsmans_details_are_those_set_on_the_day_in_full_and_in_easy_read() {
    let ombudsman = crate::landlord::OmbudsmanContact {
        address: vec![
            "Housing Ombudsman Service".into(),
            "PO Box 999".into(),
            "L1 1AA".into(),
        ],
        phone: "0300 123 4567".into(),
        email: "help@ombudsman.example".into(),
        website: "ombudsman.example".into(),
    };
    for easy_read in [false, true] {
        let ctx = LetterContext {
            ombudsman: ombudsman.clone(),
            easy_read,
            ..ctx(d(2024, 12, 20))
        };
        let letter = compose(
            LetterKind::Stage1Response,
            &case(responded_at_stage1()),
            &ctx,
            &cal(),
        )
        .expect("a response can be written");
        let text = letter.plain_text();
        for expected in [
            "PO Box 999",
            "Phone: 0300 123 4567",
            "Email: help@ombudsman.example",
            "Website: ombudsman.example",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        assert!(!text.contains("0300 111 3000"), "{text}");
        if easy_read {
            assert!(text.contains("Phone them on 0300 123 4567."), "{text}");
        }
    }
}
