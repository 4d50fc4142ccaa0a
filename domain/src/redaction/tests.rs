use super::*;

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
