//! The `putright` command line, run as a person would run it.

use std::process::Output;

fn putright(args: &[&str]) -> Output {
    crate::support::putright_command()
        .args(args)
        .output()
        .expect("putright runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn calendar_add_skips_christmas_and_boxing_day() {
    let out = putright(&["calendar", "add", "2024-12-20", "5"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "2024-12-31");
}

#[test]
fn calendar_between_counts_after_the_first_date_up_to_and_including_the_second() {
    let out = putright(&["calendar", "between", "2024-12-20", "2024-12-31"]);
    assert_eq!(stdout(&out), "5");
    assert_eq!(
        stdout(&putright(&[
            "calendar",
            "between",
            "2025-06-13",
            "2025-06-13"
        ])),
        "0"
    );
}

#[test]
fn deadlines_follow_the_spec_example_for_a_complaint_received_before_christmas() {
    let out = putright(&[
        "deadlines",
        "--policy",
        "2024",
        "--received",
        "2024-12-20T10:00:00Z",
        "--acknowledged",
        "2024-12-31",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["contact_due"], "2024-12-27");
    assert_eq!(json["acknowledge_due"], "2024-12-31");
    assert_eq!(json["response_due"], "2025-01-15");
    assert_eq!(json["extension_limit"], "2025-01-29");
    let explanation = json["explanation"].as_str().expect("an explanation");
    assert!(explanation.contains(
        "5 working days after Friday 20 December 2024; 25 and 26 December are bank holidays"
    ));
}

#[test]
fn a_late_night_receipt_counts_from_the_next_london_day() {
    let out = putright(&[
        "deadlines",
        "--received",
        "2025-06-12T23:30:00Z",
        "--stage",
        "2",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["day0"], "2025-06-13");
    assert_eq!(json["acknowledge_due"], "2025-06-20");
    assert_eq!(json["response_due"], "2025-07-18");
}

#[test]
fn bad_input_exits_with_status_2_and_a_one_line_message() {
    for args in [
        &["calendar", "add", "2024-13-01", "3"][..],
        &["calendar", "add", "2024-12-20", "many"],
        &["calendar", "between", "yesterday", "2024-12-20"],
        &["deadlines", "--received", "20 December"],
        &[
            "deadlines",
            "--policy",
            "1999",
            "--received",
            "2024-12-20T10:00:00Z",
        ],
        &[
            "deadlines",
            "--received",
            "2024-12-20T10:00:00Z",
            "--stage",
            "3",
        ],
    ] {
        let out = putright(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("putright: "), "{args:?}: {err}");
    }
}
