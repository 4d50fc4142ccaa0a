//! The parsers that take outside input, fuzzed: the online form's answers, the history
//! import's header and rows, GOV.UK's bank-holiday file, a file's name and first bytes, and
//! redaction. Each gets random and near-valid input and must answer (accept or refuse)
//! without panicking.
//!
//! CI runs a few hundred inputs each. To fuzz properly, ask for more (it takes a while
//! in a debug build; use `--release`):
//!
//! ```sh
//! PUTRIGHT_FUZZ_CASES=1000000 cargo test --release -p domain --test fuzz
//! ```
//!
//! A failure prints the shrunk input; add it to the regression tests at the end.

use chrono::{NaiveDate, TimeZone, Utc};
use domain::calendar::{GovUkFeed, ImportedHolidays};
use domain::evidence;
use domain::form::{ComplaintForm, ComplaintFormInput};
use domain::history::Header;
use domain::redaction::Redactor;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    let cases = std::env::var("PUTRIGHT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text people (and attackers) type: anything at all, or something near what a field wants.
fn answer() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        Just(String::new()),
        prop::sample::select(vec![
            "complaint",
            "request",
            "compliment",
            "tenant",
            "other",
            "yes",
            "no",
            "dont_know",
            "email",
            "phone",
            "letter",
            "large_print",
            "easy_read",
            "1",
            "12",
            "31",
            "0",
            "2026",
            "29",
            "2",
            "2028",
            "-1",
            "99999999999999999999",
            "07700 900123",
            "+44 7700 900123",
            "AB1 2CD",
            "rita@example.org",
            "£12.50",
            "12.345",
            "09:30",
            "25:61",
            "CX-2026-000001",
            "\u{202e}",
            "\u{0}",
            "%00",
            "../../etc/passwd",
            "<script>",
            "Siân’s",
        ])
        .prop_map(str::to_owned),
    ]
}

fn at() -> impl Strategy<Value = chrono::DateTime<Utc>> {
    (0i64..4_000_000_000).prop_map(|s| Utc.timestamp_opt(s, 0).single().unwrap_or_default())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_form_answers_any_post(values in prop::collection::vec(answer(), 1..48),
                                 extra in prop::collection::vec(answer(), 0..3),
                                 now in at()) {
        let pick = |name: &str| {
            let h = name.bytes().fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            let mut out = vec![values[h % values.len()].clone()];
            if h % 5 == 0 {
                out.extend(extra.iter().cloned());
            }
            out
        };
        let input = ComplaintFormInput::from_fields(pick);
        let today = domain::london::to_london(now).date();
        let _ = ComplaintForm::parse(&input, today);
        let _ = input.receiving(now);
        let _ = domain::form::parse_date(&values[0]);
        let _ = domain::form::parse_time(&values[0]);
    }

    #[test]
    fn the_history_import_answers_any_file(names in prop::collection::vec(answer(), 0..30),
                                           use_real_names in any::<bool>(),
                                           fields in prop::collection::vec(answer(), 0..30),
                                           now in at()) {
        let names: Vec<String> = if use_real_names {
            domain::history::Column::ALL.iter().map(|c| c.name().to_owned()).collect()
        } else {
            names
        };
        if let Ok(header) = Header::parse(names.iter().map(String::as_str)) {
            let calendar = domain::Calendar::england_and_wales();
            if let Ok(row) = header.row(|i| fields.get(i).map(String::as_str), now) {
                let _ = row.case(&calendar, &domain::policy::PolicySet::built_in());
            }
        }
    }

    #[test]
    fn the_bank_holiday_file_answers_any_json(raw in any::<String>(),
                                              dates in prop::collection::vec((1900i32..2200, 1u32..13, 1u32..32, answer()), 0..20),
                                              division in answer()) {
        if let Ok(feed) = serde_json::from_str::<GovUkFeed>(&raw) {
            let _ = ImportedHolidays::from_feed(&feed);
        }
        let events: Vec<serde_json::Value> = dates
            .iter()
            .map(|(y, m, d, title)| serde_json::json!({
                "title": title,
                "date": format!("{y:04}-{m:02}-{d:02}"),
                "notes": "",
                "bunting": true
            }))
            .collect();
        let doc = serde_json::json!({
            "england-and-wales": { "division": division, "events": events }
        });
        if let Ok(feed) = serde_json::from_value::<GovUkFeed>(doc)
            && let Ok(imported) = ImportedHolidays::from_feed(&feed)
        {
            let _ = imported.years().count();
        }
    }

    #[test]
    fn a_file_is_judged_by_any_name_and_bytes(name in answer(),
                                              ext in prop::sample::select(vec!["pdf", "jpg", "png", "docx", "zip", "txt", "exe", "mp4", ""]),
                                              size in any::<u64>(),
                                              head in prop::collection::vec(any::<u8>(), 0..600)) {
        let name = format!("{name}.{ext}");
        let _ = evidence::clean_file_name(&name);
        let _ = evidence::check_before_upload(&name, size);
        let _ = evidence::check(&name, size, &head);
        if let Err(e) = evidence::check(&name, size, &head) {
            prop_assert_eq!(evidence::EvidenceError::from_code(&e.code()), Some(e));
        }
    }

    #[test]
    fn redaction_answers_any_text(names in prop::collection::vec(answer(), 0..6),
                                  text in prop::collection::vec(answer(), 0..30),
                                  spans in prop::collection::vec((any::<usize>(), any::<usize>()), 0..6)) {
        let text = text.join(" ");
        let redactor = Redactor::new(names.iter().map(String::as_str));
        let review = redactor.review(&text);
        let all: Vec<usize> = (0..review.flags.len()).collect();
        let _ = review.apply(&text, &all);
        let found: Vec<domain::redaction::Found> = spans
            .iter()
            .map(|(a, b)| domain::redaction::Found {
                start: *a % (text.len() + 2),
                end: *b % (text.len() + 2),
                kind: domain::redaction::Kind::Name,
            })
            .collect();
        let _ = domain::redaction::apply(&text, &found);
    }
}

/// Inputs fuzzing once found or that are worth keeping as they are.
#[test]
fn regressions() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date");
    let input = ComplaintFormInput::from_fields(|_| vec!["\u{0}".to_owned()]);
    let _ = ComplaintForm::parse(&input, today);
    let _ = Redactor::new(["", "’", "Siân"]).review("’’ Siân’s\u{202e} ’");
}
