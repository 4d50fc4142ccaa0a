use super::*;
use chrono::NaiveDate;

fn redactor() -> Redactor {
    Redactor::for_details(&PersonalDetails {
        names: vec!["Jo Bloggs".into(), "Sam O'Brien".into()],
        address_lines: vec!["Rose Cottage".into()],
        postcode: Some("SY7 9BW".into()),
        phone: Some("07700 900982".into()),
        email: Some("jo@example.com".into()),
        date_of_birth: Some("01/02/1980".into()),
        ..Default::default()
    })
}

#[test]
fn known_names_are_removed_whatever_their_case_and_full_names_become_one_placeholder() {
    assert_eq!(
        redactor().redact("Jo Bloggs rang. Later JO said bloggs family was upset."),
        "[name] rang. Later [name] said [name] family was upset."
    );
    assert_eq!(redactor().redact("Sam O'Brien visited"), "[name] visited");
}

#[test]
fn names_inside_other_words_are_left_alone() {
    assert_eq!(redactor().redact("A job was booked"), "A job was booked");
}

#[test]
fn a_title_followed_by_a_capitalised_name_is_removed() {
    assert_eq!(
        Redactor::default().redact("Mr Smith spoke to Dr. Amara Patel and Mrs Jones about it"),
        "[name] spoke to [name] and [name] about it"
    );
    assert_eq!(Redactor::default().redact("Ms mentioned"), "Ms mentioned");
}

#[test]
fn emails_phones_postcodes_and_addresses_are_replaced_with_placeholders() {
    let text = "Write to a.person+x@mail.example.org, call +44 (0)20 7946 0018 or 01632 960001. \
                I live at Flat 2, 14 Mill Lane, Craven Arms, sy7 9bw since 2019.";
    assert_eq!(
        Redactor::default().redact(text),
        "Write to [email], call [phone] or [phone]. \
         I live at [address], Craven Arms, [postcode] since 2019."
    );
}

#[test]
fn ordinary_numbers_dates_and_money_survive() {
    let text =
        "On 12/06/2025 the repair (job 123456) cost £250 and took 3 visits; ref CX-2026-000123.";
    assert_eq!(Redactor::default().redact(text), text);
}

#[test]
fn recorded_details_typed_differently_in_free_text_are_still_caught() {
    assert_eq!(
        redactor().redact("My number is 07700900982, born 01/02/1980, at Rose Cottage"),
        "My number is [phone], born [date of birth], at [address]"
    );
}

#[test]
fn postcodes_are_caught_with_or_without_the_space() {
    for (text, expected) in [
        ("EC1A 1BB", "[postcode]"),
        ("W1A 0AX", "[postcode]"),
        ("M1 1AE", "[postcode]"),
        ("B338TH", "[postcode]"),
        ("CR2 6XH", "[postcode]"),
        ("AB 123", "AB 123"),
    ] {
        assert_eq!(Redactor::default().redact(text), expected, "{text}");
    }
}

#[test]
fn a_redacted_view_drops_every_personal_field_and_scrubs_the_free_text() {
    let view = CaseView {
        reference: "CX-2026-000123".into(),
        personal: PersonalDetails {
            names: vec!["Priya Shah".into()],
            address_lines: vec!["22 Orchard Road".into()],
            postcode: Some("SY7 9BW".into()),
            phone: None,
            email: Some("priya@example.com".into()),
            date_of_birth: None,
            ..Default::default()
        },
        texts: vec![
            TextField {
                label: "What happened".into(),
                text: "Priya reported damp at 22 Orchard Road in March; email priya@example.com"
                    .into(),
            },
            TextField {
                label: "Stage 1 response".into(),
                text: "Dear Ms Shah, we agree the damp was not treated.".into(),
            },
        ],
    };
    let redacted = view.redact();
    assert_eq!(redacted.reference, "CX-2026-000123");
    assert_eq!(
        redacted.texts[0].text,
        "[name] reported damp at [address] in March; email [email]"
    );
    assert_eq!(
        redacted.texts[1].text,
        "Dear [name], we agree the damp was not treated."
    );
    let json = serde_json::to_string(&redacted).unwrap();
    assert!(!json.contains("Priya") && !json.contains("SY7") && !json.contains("Orchard"));
}

#[test]
fn unicode_text_is_handled_without_panicking() {
    let r = Redactor::new(["Zoë Ångström"]);
    assert_eq!(
        r.redact("Zoë said “hello” — café 07700 900982"),
        "[name] said “hello” — café [phone]"
    );
}

/// A household on a case, as the variants below need it.
fn household() -> Redactor {
    Redactor::for_details(&PersonalDetails {
        names: vec!["Rita Smith-Jones".into()],
        household: vec!["Kieran Smith-Jones".into(), "Mary-Ann O'Brien".into()],
        representatives: vec!["Siân Lloyd-Williams".into()],
        other_names: vec!["Dariusz Nowak".into()],
        address_lines: vec!["Flat 4, Harbour Court, 12 Quay Street, Newport".into()],
        postcode: Some("NP20 1AB".into()),
        phone: Some("07700 900123".into()),
        email: Some("rita.sj@example.com".into()),
        dates_of_birth: vec![NaiveDate::from_ymd_opt(1961, 3, 3).unwrap()],
        ni_numbers: vec!["JK 12 34 56 C".into()],
        account_numbers: vec!["TEN-0048812".into(), "RA 1002 3456".into()],
        ..Default::default()
    })
}

fn check(r: &Redactor, cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(r.redact(text), *expected, "{text}");
    }
}

#[test]
fn possessives_with_straight_and_curly_apostrophes() {
    check(
        &household(),
        &[
            ("Rita's boiler", "[name]'s boiler"),
            ("Rita’s kitchen", "[name]’s kitchen"),
            ("RITA’S son", "[name]’S son"),
            (
                "Kieran's bedroom and Siân’s letter",
                "[name]'s bedroom and [name]’s letter",
            ),
            ("the Smith-Joneses' door", "the [name]' door"),
        ],
    );
}

#[test]
fn each_half_of_a_hyphenated_name_and_each_given_name_alone() {
    check(
        &household(),
        &[
            ("Mrs Jones rang", "[name] rang"),
            ("the Smith family", "the [name] family"),
            ("jones said", "[name] said"),
            ("Rita Smith Jones", "[name]"),
            ("Kieran was upset", "[name] was upset"),
            (
                "Mary Ann and Mary-Ann and Ann",
                "[name] and [name] and [name]",
            ),
            ("the Smiths next door", "the [name] next door"),
        ],
    );
}

#[test]
fn accents_are_folded_both_ways_and_in_any_case() {
    check(
        &household(),
        &[
            ("Sian rang", "[name] rang"),
            ("SIAN rang", "[name] rang"),
            ("Siân rang", "[name] rang"),
            ("Sia\u{302}n rang", "[name] rang"),
            ("Ms Lloyd Williams wrote", "[name] wrote"),
            ("LLOYD-WILLIAMS", "[name]"),
        ],
    );
    let r = Redactor::new(["Zoë Müller", "Łukasz Wójcik", "Seán Ó Briain"]);
    check(
        &r,
        &[
            ("Zoe Mueller", "[name]"),
            ("zoe muller", "[name]"),
            ("Lukasz Wojcik", "[name]"),
            ("Sean O Briain", "[name]"),
        ],
    );
}

#[test]
fn apostrophe_names_however_they_are_typed() {
    check(
        &household(),
        &[
            ("O'Brien", "[name]"),
            ("O’Brien", "[name]"),
            ("OBrien", "[name]"),
            ("O Brien", "[name]"),
            ("Ms O’Brien’s", "[name]’s"),
        ],
    );
}

#[test]
fn initials_and_particles_go_with_the_name() {
    let r = Redactor::new(["Jan van der Berg", "Ahmad bin Ismail"]);
    check(
        &r,
        &[
            ("J. van der Berg called", "[name] called"),
            ("Mr van der Berg called", "[name] called"),
            ("Ahmad bin Ismail", "[name]"),
            ("A Ismail", "[name]"),
        ],
    );
}

#[test]
fn unknown_capitalised_words_beside_a_known_name_go_with_it() {
    check(
        &household(),
        &[
            ("Rita Ann Smith", "[name]"),
            ("Dariusz Kowalski", "[name]"),
            ("Rita on Monday", "[name] on Monday"),
        ],
    );
}

#[test]
fn names_that_are_ordinary_words_need_a_capital() {
    let r = Redactor::new(["May Rose", "Will Baker"]);
    check(
        &r,
        &[
            ("May rang in May", "[name] rang in [name]"),
            ("May rang on 3 May 2024", "[name] rang on 3 May 2024"),
            (
                "we will fix it; Will agreed",
                "we will fix it; [name] agreed",
            ),
            ("the rose bed", "the rose bed"),
            ("a baker's van", "a baker's van"),
        ],
    );
    // Without such a name on the record, the words are left alone.
    check(
        &household(),
        &[(
            "Will you fix it in May? We will.",
            "Will you fix it in May? We will.",
        )],
    );
}

#[test]
fn dates_of_birth_in_words_and_figures() {
    let r = household();
    for text in [
        "3rd March 1961",
        "3 March 1961",
        "the 3rd of March, 1961",
        "third of March 1961",
        "March 3rd, 1961",
        "03/03/1961",
        "3/3/61",
        "03-03-1961",
        "3.3.1961",
        "1961-03-03",
        "3 Mar 61",
        "3 Mar. ’61",
        "3-Mar-1961",
        "03 MARCH 1961",
    ] {
        let out = r.redact(&format!("Her birthday: {text}."));
        assert!(
            out == "Her birthday: [date of birth]." || out == "Her birthday: the [date of birth].",
            "{text} gave {out}"
        );
        let out = r.redact(&format!("Note {text} here"));
        assert!(out.contains("[date of birth]"), "{text} gave {out}");
    }
    check(
        &r,
        &[
            (
                "she was born on 3rd March",
                "she was born on [date of birth]",
            ),
            ("On 3 March 2025 we visited", "On 3 March 2025 we visited"),
            ("DOB 14/09/1988", "DOB [date of birth]"),
            ("born 2 June 1990 in Leeds", "born [date of birth] in Leeds"),
            ("Repair on 12/06/2025", "Repair on 12/06/2025"),
        ],
    );
}

#[test]
fn a_flat_or_block_without_a_house_number() {
    check(
        &household(),
        &[
            (
                "I live at flat four at Harbour Court",
                "I live at [address]",
            ),
            ("Flat 4, Harbour Court", "[address]"),
            ("the Harbour Court block", "the [address] block"),
            ("harbour court", "[address]"),
            ("everyone in Harbour knows", "everyone in [address] knows"),
            ("12 Quay Street, Newport", "[address]"),
            ("Quay St", "[address]"),
            ("at number 12", "at [address]"),
            ("flat 4", "[address]"),
        ],
    );
}

#[test]
fn ordinary_address_and_housing_words_stay() {
    check(
        &household(),
        &[
            ("the Road closures", "the Road closures"),
            (
                "a Court order and a Flat rate",
                "a Court order and a Flat rate",
            ),
            ("street repairs in general", "street repairs in general"),
            ("flat 7 is empty", "flat 7 is empty"),
        ],
    );
}

#[test]
fn postcodes_phones_emails_ni_and_account_numbers_in_any_form() {
    check(
        &household(),
        &[
            ("np20 1ab", "[postcode]"),
            ("NP201AB", "[postcode]"),
            ("+44 7700 900123", "[phone]"),
            ("0044 7700 900 123", "[phone]"),
            ("07700-900-123", "[phone]"),
            ("07700900123", "[phone]"),
            ("RITA.SJ@EXAMPLE.COM", "[email]"),
            ("JK123456C", "[NI number]"),
            ("jk 12 34 56 c", "[NI number]"),
            ("NI: AB 12 34 56 D", "NI: [NI number]"),
            ("TEN-0048812", "[account number]"),
            ("ten 0048812", "[account number]"),
            ("RA10023456", "[account number]"),
            ("RA 1002 3456", "[account number]"),
            (
                "rent account no. 55512345",
                "rent account no. [account number]",
            ),
            ("up to 123456 and no 123456", "up to 123456 and no 123456"),
        ],
    );
}

#[test]
fn titles_of_books_and_staff_roles_stay() {
    check(
        &Redactor::default(),
        &[
            (
                "she reads Mr Men and Little Miss books",
                "she reads Mr Men and Little Miss books",
            ),
            ("the Repairs Manager agreed", "the Repairs Manager agreed"),
            ("Mr and Mrs Patel", "Mr and [name]"),
            ("Mrs J. Smith's letter", "[name]'s letter"),
        ],
    );
}

#[test]
fn review_reports_spans_in_the_original_and_flags_what_it_cannot_know() {
    let r = household();
    let text = "Rita said Bob from flat 7 shouts at her son Tyler. The Repairs Manager \
                wrote. Her HB ref is HB44821 and the job was 123456 on 12/06/2025 at 10am.";
    let review = r.review(text);
    let removed: Vec<&str> = review
        .redactions
        .iter()
        .map(|f| &text[f.start..f.end])
        .collect();
    assert_eq!(removed, ["Rita"]);
    assert_eq!(review.redactions[0].kind, Kind::Name);
    let flagged: Vec<(&str, FlagKind)> = review
        .flags
        .iter()
        .map(|f| (f.text.as_str(), f.kind))
        .collect();
    assert_eq!(
        flagged,
        [
            ("Bob", FlagKind::Name),
            ("flat 7", FlagKind::Place),
            ("Tyler", FlagKind::Name),
            ("HB44821", FlagKind::Identifier),
            ("123456", FlagKind::Identifier),
        ]
    );
    for f in &review.flags {
        assert_eq!(&text[f.start..f.end], f.text);
    }
    let chosen = review.apply(text, &[0, 2, 3]);
    assert_eq!(
        chosen,
        "[name] said [name] from flat 7 shouts at her son [name]. The Repairs Manager \
         wrote. Her HB ref is [number] and the job was 123456 on 12/06/2025 at 10am."
    );
    assert_eq!(review.apply(text, &[]), review.redacted);
    assert_eq!(review.apply(text, &[99]), review.redacted);
}

#[test]
fn sentence_starts_are_not_flagged_when_they_are_ordinary_words() {
    let review = Redactor::default().review(
        "Unfortunately the leak returned. Following that, Tyrone visited. Leak is fixed, the leak \
         was bad. Dear Sir or Madam, regarding Mill Lane and the Patels.",
    );
    let flagged: Vec<&str> = review.flags.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(flagged, ["Tyrone", "Mill Lane", "Patels"]);
}

#[test]
fn the_opening_words_of_notes_and_timeline_lines_are_not_flagged_but_names_there_are() {
    let review = Redactor::default().review(
        "Accepted as a complaint on 3 March. Rang the tenant. Fix the tap. Send the letter. \
         Tyrone called back. Visited the flat. Called Okoro.",
    );
    let flagged: Vec<&str> = review.flags.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(flagged, ["Tyrone", "Okoro"]);
}

#[test]
fn apply_joins_overlapping_spans_and_ignores_bad_ones() {
    let text = "Ann Lee, Flat 2";
    let found = [
        Found {
            start: 4,
            end: 7,
            kind: Kind::Name,
        },
        Found {
            start: 0,
            end: 3,
            kind: Kind::Name,
        },
        Found {
            start: 0,
            end: 2,
            kind: Kind::Name,
        },
        Found {
            start: 9,
            end: 99,
            kind: Kind::Address,
        },
    ];
    assert_eq!(apply(text, &found), "[name], Flat 2");
}

#[test]
fn old_serialised_details_without_the_new_lists_still_load() {
    let json = r#"{"names":["Jo Bloggs"],"address_lines":[],"postcode":null,"phone":null,
                   "email":null,"date_of_birth":"01/02/1980"}"#;
    let details: PersonalDetails = serde_json::from_str(json).unwrap();
    assert!(details.household.is_empty() && details.dates_of_birth.is_empty());
    assert_eq!(
        Redactor::for_details(&details).redact("Jo was born 1 Feb 1980"),
        "[name] was born [date of birth]"
    );
}

#[test]
fn a_recorded_name_with_digits_in_it_is_still_removed() {
    let details = PersonalDetails {
        names: vec!["Jolene Panelcheck4x9".into()],
        ..Default::default()
    };
    let r = Redactor::for_details(&details);
    let out = r.redact("This is Jolene Panelcheck4x9 writing about the damp.");
    assert!(!out.contains("Panelcheck4x9"), "{out}");
    assert!(!out.contains("Jolene"), "{out}");
}

#[test]
fn a_subject_access_copy_keeps_the_persons_own_details_and_removes_other_peoples() {
    let subject = PersonalDetails {
        names: vec!["Rita Example".into()],
        address_lines: vec!["1 Harbour Court".into()],
        postcode: Some("BS1 4DJ".into()),
        phone: Some("07700 900123".into()),
        email: Some("rita@example.org".into()),
        ..PersonalDetails::default()
    };
    let others = PersonalDetails {
        representatives: vec!["Sam Helper".into()],
        other_names: vec!["Norman Neighbour".into()],
        other_phones: vec!["07700 900999".into()],
        ..PersonalDetails::default()
    };
    let text = "Mrs Example (rita@example.org, +44 7700 900123) of 1 Harbour Court, BS1 4DJ, \
                says Norman Neighbour's dog barks. Her son Sam Helper rang from 07700 900999 \
                and wrote from sam@helper.example. Mr Jones at BS2 8QQ saw it.";
    let copy = for_subject(text, &subject, &others);
    for own in [
        "Mrs Example",
        "rita@example.org",
        "+44 7700 900123",
        "Harbour Court",
        "BS1 4DJ",
    ] {
        assert!(copy.contains(own), "{own} kept: {copy}");
    }
    for theirs in [
        "Norman",
        "Neighbour",
        "Sam Helper",
        "900999",
        "sam@helper",
        "Jones",
        "BS2",
    ] {
        assert!(!copy.contains(theirs), "{theirs} removed: {copy}");
    }
}
