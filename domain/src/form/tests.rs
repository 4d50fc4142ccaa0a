use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 13).unwrap()
}

pub(crate) fn full_input() -> ComplaintFormInput {
    ComplaintFormInput {
        kind: "complaint".into(),
        describes_you: "tenant".into(),
        describes_you_other: None,
        name: "Jo Bloggs".into(),
        phone: "07700 900982".into(),
        email: Some("jo@example.com".into()),
        preferred_contact: Some("email".into()),
        adjustments: vec!["large_print".into(), "extra_time".into(), "other".into()],
        adjustments_other: Some("Please call after 10am".into()),
        what_happened: "The boiler has been broken for three weeks and nobody came.".into(),
        when_happened: Some("2025-05-20".into()),
        became_aware: None,
        reported_before: Some("yes".into()),
        what_was_said: Some("An engineer would come within 24 hours".into()),
        outcomes_sought: Some("Fix the boiler and refund the heater costs".into()),
        costs_description: Some("Electric heater".into()),
        costs_amount: Some("£39.99".into()),
        compliment_about: None,
        ..Default::default()
    }
}

#[test]
fn a_complete_form_becomes_a_complaint_form() {
    let form = ComplaintForm::parse(&full_input(), today()).unwrap();
    assert_eq!(form.kind, FormKind::Complaint);
    assert_eq!(form.describes_you, CustomerType::Tenant);
    assert_eq!(form.phone.unwrap().national(), "07700900982");
    assert_eq!(form.email.unwrap().as_str(), "jo@example.com");
    assert_eq!(form.preferred_contact, Some(ContactMethod::Email));
    assert_eq!(
        form.adjustments,
        [
            Adjustment::LargePrint,
            Adjustment::ExtraTime,
            Adjustment::Other("Please call after 10am".into())
        ]
    );
    assert_eq!(form.when_happened, NaiveDate::from_ymd_opt(2025, 5, 20));
    assert_eq!(form.reported_before, Some(true));
    assert_eq!(form.costs.unwrap().amount.unwrap().pence(), 3999);
}

#[test]
fn an_empty_form_reports_every_required_field_at_once() {
    let errors = ComplaintForm::parse(&ComplaintFormInput::default(), today()).unwrap_err();
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "describes_you",
            "name",
            "preferred_contact",
            "what_happened"
        ]
    );
    assert_eq!(errors.for_field("name"), Some("Enter your name"));
    for e in &errors.0 {
        assert!(!e.message.ends_with('.'), "{}", e.message);
        assert!(e.message.chars().next().unwrap().is_uppercase());
    }
}

#[test]
fn bad_values_are_each_reported_against_their_field() {
    let mut input = full_input();
    input.describes_you = "landlord".into();
    input.phone = "12345".into();
    input.email = Some("jo@".into());
    input.preferred_contact = Some("pigeon".into());
    input.adjustments = vec!["telepathy".into()];
    input.when_happened = Some("2025-06-14".into());
    input.became_aware = Some("31/2/2025".into());
    input.reported_before = Some("maybe".into());
    input.costs_amount = Some("lots".into());
    input.kind = "praise".into();
    let errors = ComplaintForm::parse(&input, today()).unwrap_err();
    for field in [
        "kind",
        "describes_you",
        "phone",
        "email",
        "preferred_contact",
        "adjustments",
        "when_happened",
        "became_aware",
        "reported_before",
        "costs_amount",
    ] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors:?}");
    }
    assert_eq!(
        errors.for_field("when_happened"),
        Some("The date must be today or in the past")
    );
}

#[test]
fn choosing_email_as_the_contact_method_needs_an_email_address() {
    let mut input = full_input();
    input.email = None;
    let errors = ComplaintForm::parse(&input, today()).unwrap_err();
    assert!(
        errors
            .for_field("email")
            .unwrap()
            .contains("choose another way")
    );
}

/// The contact details a choice needs, each refused with one message on its own field.
fn contact(
    preferred: Option<&str>,
    phone: &str,
    email: Option<&str>,
    address: Option<&str>,
    adjustments: &[&str],
) -> Result<ComplaintForm, FormErrors> {
    let mut input = full_input();
    input.preferred_contact = preferred.map(str::to_owned);
    input.phone = phone.to_owned();
    input.email = email.map(str::to_owned);
    input.address = address.map(str::to_owned);
    input.adjustments = adjustments.iter().map(|a| (*a).to_owned()).collect();
    input.adjustments_other = None;
    ComplaintForm::parse(&input, today())
}

fn only_problem(result: Result<ComplaintForm, FormErrors>) -> (&'static str, String) {
    let errors = result.unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors:?}");
    (errors.0[0].field, errors.0[0].message.clone())
}

#[test]
fn a_phone_number_is_needed_only_by_someone_who_wants_calls_or_texts() {
    // Email, a letter, BSL or text relay: no phone number asked for.
    let form = contact(Some("email"), "", Some("jo@example.com"), None, &["bsl"]).unwrap();
    assert_eq!(form.phone, None);
    assert!(
        contact(
            Some("letter"),
            "",
            None,
            Some("1 High Street"),
            &["text_relay"]
        )
        .is_ok()
    );
    assert_eq!(
        contact(
            Some("letter"),
            "",
            None,
            Some("1 High Street"),
            &["text_relay"]
        )
        .unwrap()
        .adjustments,
        [Adjustment::TextRelay]
    );

    let (field, message) = only_problem(contact(Some("phone"), "", None, None, &[]));
    assert_eq!(field, "phone");
    assert!(message.contains("choose another way"), "{message}");

    let (field, message) = only_problem(contact(Some("text"), "020 7946 0018", None, None, &[]));
    assert_eq!(field, "phone");
    assert!(message.contains("mobile"), "{message}");
    assert!(contact(Some("text"), "07700 900982", None, None, &[]).is_ok());

    let (field, message) = only_problem(contact(
        Some("email"),
        "",
        Some("jo@example.com"),
        None,
        &["phone_not_letters"],
    ));
    assert_eq!(field, "phone");
    assert!(message.contains("call you instead of writing"), "{message}");
}

#[test]
fn letters_need_an_address_and_no_choice_needs_at_least_one_way_to_reach_you() {
    let (field, message) = only_problem(contact(Some("letter"), "", None, None, &[]));
    assert_eq!(field, "address");
    assert!(message.contains("choose another way"), "{message}");

    let (field, _) = only_problem(contact(None, "", None, None, &[]));
    assert_eq!(field, "preferred_contact");
    // With nothing chosen, any one way to reach them is enough.
    for (phone, email, address) in [
        ("07700 900982", None, None),
        ("", Some("jo@example.com"), None),
        ("", None, Some("1 High Street")),
    ] {
        assert!(contact(None, phone, email, address, &[]).is_ok());
    }
}

#[test]
fn a_mistyped_phone_number_gets_one_message_whatever_was_chosen() {
    for preferred in [None, Some("phone"), Some("text"), Some("email")] {
        let (field, message) = only_problem(contact(
            preferred,
            "12345",
            Some("jo@example.com"),
            None,
            &["phone_not_letters"],
        ));
        assert_eq!(field, "phone");
        assert!(message.starts_with("Enter a UK phone number"), "{message}");
    }
}

#[test]
fn other_needs_saying_what_and_costs_need_saying_what_for() {
    let mut input = full_input();
    input.describes_you = "other".into();
    input.costs_description = None;
    let errors = ComplaintForm::parse(&input, today()).unwrap_err();
    assert!(errors.for_field("describes_you_other").is_some());
    assert!(errors.for_field("costs_description").is_some());
    input.describes_you_other = Some("Neighbour of a tenant".into());
    input.costs_description = Some("Taxi".into());
    let form = ComplaintForm::parse(&input, today()).unwrap();
    assert_eq!(
        form.describes_you,
        CustomerType::Other("Neighbour of a tenant".into())
    );
}

#[test]
fn a_compliment_names_who_or_what_it_is_for() {
    let mut input = full_input();
    input.kind = "compliment".into();
    assert!(
        ComplaintForm::parse(&input, today())
            .unwrap_err()
            .for_field("compliment_about")
            .is_some()
    );
    input.compliment_about = Some("Sam in the repairs team".into());
    assert_eq!(
        ComplaintForm::parse(&input, today()).unwrap().kind,
        FormKind::Compliment
    );
}

#[test]
fn dates_may_be_typed_day_first_or_as_iso() {
    assert_eq!(
        parse_date("27/3/2025"),
        NaiveDate::from_ymd_opt(2025, 3, 27)
    );
    assert_eq!(
        parse_date("2025-03-27"),
        NaiveDate::from_ymd_opt(2025, 3, 27)
    );
    assert_eq!(
        parse_date("27.03.2025"),
        NaiveDate::from_ymd_opt(2025, 3, 27)
    );
    assert_eq!(parse_date("27/3/25"), None);
    assert_eq!(parse_date("yesterday"), None);
}

#[test]
fn the_form_warns_when_the_matter_is_outside_the_window() {
    let mut input = full_input();
    input.when_happened = Some("2024-01-10".into());
    let form = ComplaintForm::parse(&input, today()).unwrap();
    assert!(form.eligibility(today(), 12).is_out_of_window());
    assert!(
        !ComplaintForm::parse(&full_input(), today())
            .unwrap()
            .eligibility(today(), 12)
            .is_out_of_window()
    );
}

#[test]
fn try_from_takes_the_input_with_todays_date() {
    assert!(ComplaintForm::try_from((full_input(), today())).is_ok());
}

#[test]
fn over_long_text_is_refused_rather_than_cut() {
    let mut input = full_input();
    input.outcomes_sought = Some("x".repeat(MAX_TEXT_CHARS + 1));
    input.name = "n".repeat(MAX_NAME_CHARS + 1);
    let errors = ComplaintForm::parse(&input, today()).unwrap_err();
    assert!(errors.for_field("outcomes_sought").is_some());
    assert!(errors.for_field("name").is_some());
}

#[test]
fn a_service_request_uses_the_same_form() {
    let mut input = full_input();
    input.kind = "service_request".into();
    assert_eq!(
        ComplaintForm::parse(&input, today()).unwrap().kind,
        FormKind::ServiceRequest
    );
    input.kind = "grumble".into();
    assert!(
        ComplaintForm::parse(&input, today())
            .unwrap_err()
            .for_field("kind")
            .is_some()
    );
    for kind in [
        FormKind::Complaint,
        FormKind::ServiceRequest,
        FormKind::Compliment,
    ] {
        assert_eq!(FormKind::parse(kind.as_str()), Some(kind));
    }
}

#[test]
fn the_window_note_appears_as_soon_as_an_old_date_is_typed() {
    let mut input = ComplaintFormInput {
        kind: "complaint".into(),
        ..Default::default()
    };
    assert_eq!(
        window_warning(&input, today(), &crate::policy::PolicySet::built_in()),
        None
    );
    input.when_happened = Some("10/1/2024".into());
    assert!(window_warning(&input, today(), &crate::policy::PolicySet::built_in()).is_some());
    input.became_aware = Some(today().format("%Y-%m-%d").to_string());
    assert_eq!(
        window_warning(&input, today(), &crate::policy::PolicySet::built_in()),
        None,
        "recently found out: within the window"
    );
    input.kind = "compliment".into();
    input.became_aware = None;
    assert_eq!(
        window_warning(&input, today(), &crate::policy::PolicySet::built_in()),
        None
    );
}

#[test]
fn the_answers_are_read_from_posted_fields_with_dates_in_three_boxes() {
    let posted: std::collections::HashMap<&str, Vec<&str>> = [
        ("kind", vec!["complaint"]),
        ("name", vec!["Rita"]),
        ("adjustments", vec!["large_print", "bsl"]),
        ("when_happened-day", vec!["3"]),
        ("when_happened-month", vec!["11"]),
        ("when_happened-year", vec!["2026"]),
        ("became_aware-day", vec![""]),
    ]
    .into_iter()
    .collect();
    let input = ComplaintFormInput::from_fields(|name| {
        posted
            .get(name)
            .map(|v| v.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default()
    });
    assert_eq!(input.name, "Rita");
    assert_eq!(input.adjustments, ["large_print", "bsl"]);
    assert_eq!(input.when_happened.as_deref(), Some("3/11/2026"));
    assert_eq!(input.became_aware, None);
    assert_eq!(
        ComplaintFormInput::date_parts(input.when_happened.as_deref()),
        ("3".into(), "11".into(), "2026".into())
    );
    assert_eq!(
        ComplaintFormInput::date_parts(Some("2025-03-27")),
        ("27".into(), "3".into(), "2025".into())
    );
}

mod receiving {
    use super::super::*;
    use chrono::TimeZone;

    fn staff(channel: &str, on: Option<&str>, time: Option<&str>) -> ComplaintFormInput {
        ComplaintFormInput {
            channel: Some(channel.into()),
            received_on: on.map(Into::into),
            received_time: time.map(Into::into),
            ..Default::default()
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 20, 12, 0, 0).unwrap()
    }

    fn fields(errors: FormErrors) -> Vec<&'static str> {
        errors.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_phone_call_on_a_summer_morning_is_received_at_that_london_time() {
        let r = staff("phone", Some("13/6/2025"), Some("9:30"))
            .receiving(now())
            .unwrap();
        assert_eq!(r.channel, Channel::Phone);
        assert_eq!(r.at, Utc.with_ymd_and_hms(2025, 6, 13, 8, 30, 0).unwrap());
    }

    #[test]
    fn the_channel_date_and_time_are_each_required_and_checked() {
        assert_eq!(
            fields(staff("", None, None).receiving(now()).unwrap_err()),
            ["channel", "received_on", "received_time"]
        );
        assert_eq!(
            fields(
                staff("online_form", Some("31/2/2025"), Some("25:00"))
                    .receiving(now())
                    .unwrap_err()
            ),
            ["channel", "received_on", "received_time"]
        );
        assert_eq!(
            fields(
                staff("letter", Some("21/6/2025"), Some("09:00"))
                    .receiving(now())
                    .unwrap_err()
            ),
            ["received_on"]
        );
    }

    #[test]
    fn times_are_read_as_people_write_them() {
        for (text, h, m) in [
            ("14:30", 14, 30),
            ("9.05", 9, 5),
            ("0905", 9, 5),
            (" 7:00 ", 7, 0),
        ] {
            assert_eq!(parse_time(text), NaiveTime::from_hms_opt(h, m, 0), "{text}");
        }
        for text in ["930", "9:5", "24:00", "noon", ""] {
            assert_eq!(parse_time(text), None, "{text}");
        }
    }

    #[test]
    fn a_postcode_is_kept_in_capitals_with_one_space() {
        let mut input = super::full_input();
        input.postcode = Some("  ls1   4ab ".into());
        let form =
            ComplaintForm::parse(&input, NaiveDate::from_ymd_opt(2025, 6, 20).unwrap()).unwrap();
        assert_eq!(form.postcode.as_deref(), Some("LS1 4AB"));
    }
}

#[test]
fn a_checked_form_turns_back_into_the_answers_that_made_it() {
    let input = full_input();
    let form = ComplaintForm::parse(&input, today()).unwrap();
    assert_eq!(form.describes_you.code(), input.describes_you);
    assert_eq!(
        form.preferred_contact.map(ContactMethod::code),
        input.preferred_contact.as_deref()
    );
    let codes: Vec<&str> = form.adjustments.iter().map(Adjustment::code).collect();
    assert_eq!(codes, input.adjustments);
}

#[test]
fn a_follow_up_answer_is_kept_only_while_the_choice_that_asks_it_is_made() {
    // "Something else" unticked: its text goes with it.
    let mut input = full_input();
    input.adjustments = vec!["large_print".into()];
    let form = ComplaintForm::parse(&input, today()).unwrap();
    assert_eq!(form.adjustments, vec![Adjustment::LargePrint]);
    assert!(!input.asks_adjustments_other());

    // "What did we say would happen" only from someone who told us before.
    for (answer, kept) in [(Some("yes"), true), (Some("no"), false), (None, false)] {
        let mut input = full_input();
        input.reported_before = answer.map(str::to_owned);
        let form = ComplaintForm::parse(&input, today()).unwrap();
        assert_eq!(form.what_was_said.is_some(), kept, "{answer:?}");
        assert_eq!(input.asks_what_was_said(), kept, "{answer:?}");
    }
}
