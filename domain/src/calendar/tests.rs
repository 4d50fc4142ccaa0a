use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::table::{DEPARTURES, ENGLAND_AND_WALES, FIRST_YEAR, LAST_YEAR};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

#[test]
fn the_published_table_agrees_with_the_rules_for_every_year_except_the_proclaimed_days() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let published: BTreeSet<NaiveDate> = ENGLAND_AND_WALES
            .iter()
            .map(|(date, _)| *date)
            .filter(|date| date.year() == year)
            .collect();
        let mut expected: BTreeSet<NaiveDate> = statutory_holidays(year)
            .unwrap()
            .iter()
            .map(|h| h.date)
            .collect();
        for (added, replaced) in DEPARTURES.iter().filter(|(a, _)| a.year() == year) {
            if let Some(replaced) = replaced {
                assert!(expected.remove(replaced), "{replaced} is not a rule day");
            }
            expected.insert(*added);
        }
        assert_eq!(published, expected, "bank holidays of {year}");
    }
}

#[test]
fn the_table_holds_the_one_off_days_spec_section_4_names() {
    for date in [
        d(2020, 5, 8),
        d(2022, 6, 2),
        d(2022, 6, 3),
        d(2022, 9, 19),
        d(2023, 5, 8),
    ] {
        let holiday = cal().bank_holiday(date).unwrap();
        assert!(!holiday.projected, "{date}");
    }
    // The days they displaced are ordinary working days.
    assert!(cal().is_working_day(d(2020, 5, 4)));
    assert!(cal().is_working_day(d(2022, 5, 30)));
}

#[test]
fn the_table_has_no_weekend_days_and_is_in_date_order() {
    for pair in ENGLAND_AND_WALES.windows(2) {
        assert!(pair[0].0 < pair[1].0, "{:?}", pair);
    }
    for (date, name) in ENGLAND_AND_WALES {
        assert!(
            !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            "{name} {date}"
        );
    }
}

#[test]
fn every_published_year_has_eight_bank_holidays_and_the_jubilee_year_ten() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let n = cal().bank_holidays_in(year).len();
        let expected = match year {
            2022 => 10,
            2023 => 9,
            _ => 8,
        };
        assert_eq!(n, expected, "{year}");
    }
}

#[test]
fn years_beyond_the_table_are_computed_by_the_rules_and_flagged_as_projected() {
    let good_friday_2028 = cal().bank_holiday(d(2028, 4, 14)).unwrap();
    assert!(good_friday_2028.projected);
    assert_eq!(good_friday_2028.name, "Good Friday");
    assert!(cal().is_projected(d(2028, 1, 1)));
    assert!(!cal().is_projected(d(2027, 12, 31)));
    assert!(cal().bank_holidays_in(2030).iter().all(|h| h.projected));
    // Christmas 2032 is a Saturday: substitutes on Monday 27 and Tuesday 28.
    assert!(!cal().is_working_day(d(2032, 12, 27)));
    assert!(!cal().is_working_day(d(2032, 12, 28)));
}

#[test]
fn weekends_bank_holidays_and_closures_are_not_working_days() {
    let cal =
        cal().with_closures([ClosureDay::new(d(2024, 12, 24), "Christmas Eve closure").unwrap()]);
    assert!(cal.is_working_day(d(2024, 12, 23)));
    assert!(!cal.is_working_day(d(2024, 12, 21)));
    assert!(!cal.is_working_day(d(2024, 12, 24)));
    assert!(!cal.is_working_day(d(2024, 12, 25)));
    assert_eq!(
        cal.non_working_reason(d(2024, 12, 22)),
        Some(NonWorkingDay::Weekend(Weekday::Sun))
    );
    assert!(matches!(
        cal.non_working_reason(d(2024, 12, 24)),
        Some(NonWorkingDay::Closure(c)) if c.name() == "Christmas Eve closure"
    ));
    assert!(matches!(
        cal.non_working_reason(d(2024, 12, 26)),
        Some(NonWorkingDay::BankHoliday(h)) if h.name == "Boxing Day"
    ));
}

#[test]
fn adding_five_working_days_over_christmas_2024_skips_both_bank_holidays() {
    assert_eq!(cal().add_working_days(d(2024, 12, 20), 5), d(2024, 12, 31));
    assert_eq!(cal().add_working_days(d(2024, 12, 31), 10), d(2025, 1, 15));
}

#[test]
fn adding_zero_working_days_gives_the_same_date_even_at_a_weekend() {
    assert_eq!(cal().add_working_days(d(2024, 12, 21), 0), d(2024, 12, 21));
}

#[test]
fn the_next_working_day_after_a_friday_is_the_monday_unless_it_is_a_holiday() {
    assert_eq!(cal().next_working_day(d(2025, 6, 13)), d(2025, 6, 16));
    assert_eq!(cal().next_working_day(d(2025, 5, 23)), d(2025, 5, 27));
    assert_eq!(cal().next_working_day(d(2025, 4, 17)), d(2025, 4, 22));
}

#[test]
fn working_days_between_excludes_the_start_includes_the_end_and_is_negative_backwards() {
    assert_eq!(
        cal().working_days_between(d(2024, 12, 20), d(2024, 12, 31)),
        5
    );
    assert_eq!(
        cal().working_days_between(d(2024, 12, 31), d(2024, 12, 20)),
        -5
    );
    assert_eq!(
        cal().working_days_between(d(2024, 12, 20), d(2024, 12, 20)),
        0
    );
    // Friday to Sunday: nothing worked yet.
    assert_eq!(
        cal().working_days_between(d(2025, 6, 13), d(2025, 6, 15)),
        0
    );
}

#[test]
fn skipped_days_name_the_bank_holidays_and_closures_but_not_weekends() {
    let cal = cal().with_closures([ClosureDay::new(d(2024, 12, 27), "Office closed").unwrap()]);
    let skipped = cal.skipped_days(d(2024, 12, 20), d(2025, 1, 3));
    let dates: Vec<NaiveDate> = skipped
        .iter()
        .map(|s| match s {
            NonWorkingDay::BankHoliday(h) => h.date,
            NonWorkingDay::Closure(c) => c.date(),
            NonWorkingDay::Weekend(_) | NonWorkingDay::ClockStopped(_) => unreachable!(),
        })
        .collect();
    assert_eq!(
        dates,
        [
            d(2024, 12, 25),
            d(2024, 12, 26),
            d(2024, 12, 27),
            d(2025, 1, 1)
        ]
    );
}

#[test]
fn a_closure_day_needs_a_name_of_reasonable_length() {
    assert_eq!(
        ClosureDay::new(d(2025, 1, 2), "  "),
        Err(ClosureError::MissingName)
    );
    assert_eq!(
        ClosureDay::new(d(2025, 1, 2), &"x".repeat(101)),
        Err(ClosureError::NameTooLong)
    );
    let bad: Result<ClosureDay, _> = serde_json::from_str(r#"{"date":"2025-01-02","name":""}"#);
    assert!(bad.is_err());
}

#[test]
fn the_calendar_version_names_the_table_and_fingerprints_closures_and_imports() {
    assert_eq!(cal().version().as_str(), "ew-2027.1");
    let one = cal().with_closures([ClosureDay::new(d(2025, 12, 24), "A").unwrap()]);
    let renamed = cal().with_closures([ClosureDay::new(d(2025, 12, 24), "B").unwrap()]);
    let other = cal().with_closures([ClosureDay::new(d(2025, 12, 29), "A").unwrap()]);
    assert!(one.version().as_str().starts_with("ew-2027.1+closures:"));
    assert_eq!(one.version(), renamed.version());
    assert_ne!(one.version(), other.version());
}

const SAMPLE_FEED: &str = r#"{
  "england-and-wales": {"division": "england-and-wales", "events": [
    {"title": "New Year’s Day", "date": "2028-01-03", "notes": "Substitute day", "bunting": true},
    {"title": "Good Friday", "date": "2028-04-14", "notes": "", "bunting": false},
    {"title": "Easter Monday", "date": "2028-04-17", "notes": "", "bunting": true},
    {"title": "Early May bank holiday", "date": "2028-05-01", "notes": "", "bunting": true},
    {"title": "A made-up celebration", "date": "2028-05-19", "notes": "", "bunting": true},
    {"title": "Spring bank holiday", "date": "2028-05-29", "notes": "", "bunting": true},
    {"title": "Summer bank holiday", "date": "2028-08-28", "notes": "", "bunting": true},
    {"title": "Christmas Day", "date": "2028-12-25", "notes": "", "bunting": true},
    {"title": "Boxing Day", "date": "2028-12-26", "notes": "", "bunting": true}
  ]},
  "scotland": {"division": "scotland", "events": []}
}"#;

#[test]
fn an_imported_govuk_file_extends_the_table_and_is_no_longer_projected() {
    let feed: GovUkFeed = serde_json::from_str(SAMPLE_FEED).unwrap();
    let imported = ImportedHolidays::from_feed(&feed).unwrap();
    assert_eq!(imported.years().collect::<Vec<_>>(), [2028]);
    let cal = cal().with_imported(&imported);
    assert!(!cal.is_projected(d(2028, 6, 1)));
    let made_up = cal.bank_holiday(d(2028, 5, 19)).unwrap();
    assert_eq!(made_up.name, "A made-up celebration");
    assert!(!made_up.projected);
    // Earlier years keep the built-in table.
    assert!(!cal.is_working_day(d(2027, 12, 28)));
    assert!(cal.version().as_str().starts_with("ew-2028.1+import:"));
}

#[test]
fn an_import_replaces_the_years_it_covers_entirely() {
    // 2025 as published, but with Christmas Day moved to a Monday in March.
    let mut events: Vec<GovUkEvent> = cal()
        .bank_holidays_in(2025)
        .into_iter()
        .filter(|h| h.date != d(2025, 12, 25))
        .map(|h| GovUkEvent {
            title: h.name,
            date: h.date.to_string(),
            notes: String::new(),
            bunting: false,
        })
        .collect();
    events.push(GovUkEvent {
        title: "Moved day".into(),
        date: "2025-03-03".into(),
        notes: String::new(),
        bunting: false,
    });
    let division = GovUkDivision {
        division: "england-and-wales".into(),
        events,
    };
    let cal = cal().with_imported(&ImportedHolidays::from_division(&division).unwrap());
    assert!(!cal.is_working_day(d(2025, 3, 3)));
    assert!(cal.is_working_day(d(2025, 12, 25)));
    assert!(!cal.is_working_day(d(2024, 12, 25)));
}

#[test]
fn a_bad_govuk_file_is_refused_with_a_reason_for_the_admin() {
    let event = |date: &str, title: &str| GovUkEvent {
        title: title.into(),
        date: date.into(),
        notes: String::new(),
        bunting: false,
    };
    let division = |events| GovUkDivision {
        division: "england-and-wales".into(),
        events,
    };
    assert_eq!(
        ImportedHolidays::from_division(&GovUkDivision {
            division: "scotland".into(),
            events: vec![event("2025-01-01", "x")]
        }),
        Err(ImportError::WrongDivision("scotland".into()))
    );
    assert_eq!(
        ImportedHolidays::from_division(&division(vec![])),
        Err(ImportError::NoEvents)
    );
    assert_eq!(
        ImportedHolidays::from_division(&division(vec![event("2025-02-30", "x")])),
        Err(ImportError::BadDate {
            position: 1,
            value: "2025-02-30".into()
        })
    );
    assert_eq!(
        ImportedHolidays::from_division(&division(vec![event("2025-01-01", " ")])),
        Err(ImportError::MissingTitle { position: 1 })
    );
    assert_eq!(
        ImportedHolidays::from_division(&division(vec![
            event("2025-01-01", "a"),
            event("2025-01-01", "b")
        ])),
        Err(ImportError::Duplicate(d(2025, 1, 1)))
    );
    assert_eq!(
        ImportedHolidays::from_division(&division(vec![
            event("2025-01-01", "a"),
            event("2027-01-01", "b")
        ])),
        Err(ImportError::MissingYear(2026))
    );
    assert_eq!(
        ImportedHolidays::from_division(&division(vec![event("2025-01-01", "a")])),
        Err(ImportError::TooFewDays {
            year: 2025,
            found: 1
        })
    );
    for refusal in [
        ImportError::WrongDivision("scotland".into()),
        ImportError::NoEvents,
        ImportError::BadDate {
            position: 3,
            value: "2025-02-30".into(),
        },
        ImportError::MissingTitle { position: 2 },
        ImportError::Duplicate(d(2025, 1, 1)),
        ImportError::MissingYear(2026),
        ImportError::TooFewDays {
            year: 2025,
            found: 1,
        },
    ] {
        let (code, detail) = refusal.code();
        assert_eq!(ImportError::from_code(code, &detail), Some(refusal));
    }
    assert_eq!(ImportError::from_code("division", "<b>Pay here</b>"), None);
    let message = ImportError::MissingYear(2026).to_string();
    assert!(!message.ends_with('.'), "{message}");
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(60 * 366)).prop_map(|offset| d(2000, 1, 1) + chrono::Days::new(offset as u64))
}

proptest! {
    #[test]
    fn adding_a_positive_number_of_working_days_lands_on_a_working_day(start in any_date(), n in 1u32..400) {
        prop_assert!(cal().is_working_day(cal().add_working_days(start, n)));
    }

    #[test]
    fn working_days_between_a_date_and_n_working_days_later_is_n(start in any_date(), n in 0u32..400) {
        let cal = cal();
        prop_assert_eq!(cal.working_days_between(start, cal.add_working_days(start, n)), i64::from(n));
    }

    #[test]
    fn adding_working_days_is_monotonic_in_the_count(start in any_date(), n in 0u32..300, extra in 1u32..50) {
        let cal = cal();
        prop_assert!(cal.add_working_days(start, n) < cal.add_working_days(start, n + extra));
    }

    #[test]
    fn adding_working_days_is_monotonic_in_the_start_date(start in any_date(), later in 0u64..60, n in 0u32..300) {
        let cal = cal();
        let later_start = start + chrono::Days::new(later);
        prop_assert!(cal.add_working_days(start, n) <= cal.add_working_days(later_start, n));
    }

    #[test]
    fn working_days_between_counts_what_walking_day_by_day_counts(
        a in any_date(),
        span in 0i64..4000,
        closed in proptest::collection::vec(0i64..4000, 0..6),
        periods in proptest::collection::vec((0i64..400, 1i64..=ContinuityPeriod::MAX_DAYS, any::<bool>()), 0..3),
    ) {
        // Closure days anywhere in the span, weekends and bank holidays included, and
        // business-continuity periods (a stopped clock, or timescales extended) over any of
        // them, overlapping one another too, although a landlord cannot declare that.
        let on = |n: i64| a + chrono::TimeDelta::days(n);
        let cal = cal()
            .with_closures(closed.iter().map(|n| ClosureDay::new(on(*n), "Closed").unwrap()))
            .with_continuity(periods.iter().map(|&(from, days, stopped)| {
                let effect = if stopped {
                    ContinuityEffect::ClockStopped
                } else {
                    ContinuityEffect::Extended { working_days: 5 }
                };
                ContinuityPeriod::new(on(from), on(from + days - 1), "Flood", "Chief executive", effect)
                    .unwrap()
            }));
        let b = a + chrono::TimeDelta::days(span);
        let mut walked = 0;
        let mut day = a;
        while day < b {
            day = day.succ_opt().unwrap();
            walked += i64::from(cal.is_working_day(day));
        }
        prop_assert_eq!(cal.working_days_between(a, b), walked);
        prop_assert_eq!(cal.working_days_between(b, a), -walked);
    }

    #[test]
    fn working_days_between_is_antisymmetric(a in any_date(), b in any_date()) {
        let cal = cal();
        prop_assert_eq!(cal.working_days_between(a, b), -cal.working_days_between(b, a));
    }

    #[test]
    fn the_rules_give_eight_weekday_holidays_in_any_year(year in 1900i32..2400) {
        let days = statutory_holidays(year).unwrap();
        prop_assert!(days.iter().all(|h| !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun)));
        prop_assert!(days.windows(2).all(|w| w[0].date < w[1].date));
    }
}

#[test]
fn iso_dates_are_read_as_chrono_reads_them_and_nothing_else_is() {
    for text in [
        "2024-02-29",
        "2025-12-25",
        "2026-1-5",
        "1996-03-31",
        "2026-04-01",
    ] {
        assert_eq!(
            iso_date(text),
            NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
            "{text}"
        );
        assert!(iso_date(text).is_some(), "{text}");
    }
    for text in [
        "",
        "2025-02-29",
        "2025-13-01",
        "2025-00-10",
        "2025-01-32",
        "25-01-01",
        "2025/01/01",
        "2025-01-01-01",
        "2025-01",
        " 2025-01-01",
        "2025-01-01 ",
        "+2025-01-01",
        "2025-001-01",
        "２０２５-01-01",
        "2025--1-01",
    ] {
        assert_eq!(iso_date(text), None, "{text:?}");
    }
}

proptest! {
    #[test]
    fn every_day_written_as_the_database_writes_it_is_read_back(days in 0i64..(9999 - 1000) * 365) {
        let date = d(1000, 1, 1) + chrono::TimeDelta::days(days);
        prop_assume!(date.year() <= 9999);
        prop_assert_eq!(iso_date(&date.format("%Y-%m-%d").to_string()), Some(date));
    }
}

#[test]
fn an_import_differs_from_the_built_in_table_only_where_it_changed_a_day() {
    let built_in = cal();
    assert!(built_in.bank_holidays_as_built_in(d(2025, 1, 1), d(2026, 12, 31)));
    // The same days imported: no difference anywhere.
    let same = |year| -> Vec<GovUkEvent> {
        built_in
            .bank_holidays_in(year)
            .into_iter()
            .map(|h| GovUkEvent {
                title: h.name,
                date: h.date.to_string(),
                notes: String::new(),
                bunting: false,
            })
            .collect()
    };
    let unchanged = built_in.clone().with_imported(
        &ImportedHolidays::from_division(&GovUkDivision {
            division: "england-and-wales".into(),
            events: same(2026),
        })
        .unwrap(),
    );
    assert!(unchanged.bank_holidays_as_built_in(d(2025, 1, 1), d(2026, 12, 31)));
    // One more day in June 2026: different around it, the same months before.
    let mut events = same(2026);
    events.push(GovUkEvent {
        title: "A new day".into(),
        date: "2026-06-15".into(),
        notes: String::new(),
        bunting: false,
    });
    let changed = built_in.with_imported(
        &ImportedHolidays::from_division(&GovUkDivision {
            division: "england-and-wales".into(),
            events,
        })
        .unwrap(),
    );
    assert!(!changed.bank_holidays_as_built_in(d(2026, 6, 1), d(2026, 7, 1)));
    assert!(changed.bank_holidays_as_built_in(d(2026, 1, 1), d(2026, 5, 31)));
}
