//! The complaints manager's redaction records, on SQLite and (when configured) PostgreSQL:
//! decisions on flagged words kept once per case and changed in place, and approvals kept
//! with what was approved, the newest in force, each with its timeline entry.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{Calendar, Channel, Description, Role, TimelineItem};
use storage::accounts;
use storage::cases::{self, CaseDetails, CaseId, NewCase, Opening, Who};
use storage::redaction::{self, ApprovedFile};
use storage::test_support::on_each_backend;

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
        .single()
        .expect("a valid time")
}

async fn case(db: &storage::Db) -> CaseId {
    let calendar = Calendar::england_and_wales();
    let details = CaseDetails::describing(
        Description::parse("Mould in the bathroom came back").expect("description"),
    );
    let new = NewCase {
        channel: Channel::Phone,
        received_at: noon(),
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, noon(), &details, &calendar),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    cases::create(db, new, &calendar).await.expect("case").id
}

#[tokio::test]
async fn a_decision_on_a_flagged_word_is_kept_once_per_case_and_can_be_changed() {
    on_each_backend(|db, backend| async move {
        let chris = accounts::create(
            &db,
            "chris@example.org",
            "Chris",
            Role::ComplaintsManager,
            "three random words",
            noon(),
        )
        .await
        .expect("account")
        .id;
        let first = case(&db).await;
        let second = case(&db).await;
        redaction::decide(&db, first, " Bernard ", true, Some(chris), noon())
            .await
            .expect("decided");
        redaction::decide(
            &db,
            first,
            "Bernard",
            false,
            Some(chris),
            noon() + Duration::hours(1),
        )
        .await
        .expect("changed");
        redaction::decide(&db, first, "4471", true, None, noon())
            .await
            .expect("decided");
        redaction::decide(&db, second, "Bernard", true, None, noon())
            .await
            .expect("another case");
        assert!(
            redaction::decide(&db, first, "  ", true, None, noon())
                .await
                .is_err(),
            "{backend}: nothing to decide on"
        );
        let decisions = redaction::decisions(&db, first).await.expect("read");
        let words: Vec<_> = decisions
            .iter()
            .map(|d| (d.words.as_str(), d.redact))
            .collect();
        assert_eq!(words, [("Bernard", false), ("4471", true)], "{backend}");
        assert_eq!(
            decisions[0].decided_at,
            noon() + Duration::hours(1),
            "{backend}"
        );
        assert_eq!(
            redaction::decisions(&db, second).await.expect("read").len(),
            1,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_approval_keeps_what_was_approved_and_the_newest_is_in_force() {
    on_each_backend(|db, backend| async move {
        let chris = accounts::create(
            &db,
            "chris@example.org",
            "Chris Complaints",
            Role::ComplaintsManager,
            "three random words",
            noon(),
        )
        .await
        .expect("account")
        .id;
        let id = case(&db).await;
        assert_eq!(redaction::approval(&db, id).await.expect("read"), None);
        let who = Who::account(chris, Role::ComplaintsManager, "Chris Complaints");
        let files = vec![ApprovedFile {
            token: "a".repeat(32),
            sha256: "b".repeat(64),
        }];
        let first = redaction::approve(
            &db,
            id,
            &who,
            "{\"text\":\"[name] reported damp\"}",
            &files,
            noon(),
        )
        .await
        .expect("approved");
        assert_eq!(
            first.fingerprint,
            redaction::fingerprint("{\"text\":\"[name] reported damp\"}", &files)
        );
        assert_eq!(first.fingerprint.len(), 64);
        let later = noon() + Duration::hours(2);
        let second = redaction::approve(
            &db,
            id,
            &who,
            "{\"text\":\"[name] reported damp again\"}",
            &[],
            later,
        )
        .await
        .expect("approved again");
        assert_ne!(first.fingerprint, second.fingerprint, "{backend}");
        let in_force = redaction::approval(&db, id)
            .await
            .expect("read")
            .expect("one");
        assert_eq!(in_force, second, "{backend}");
        assert_eq!(in_force.approved_by, Some(chris));
        assert_eq!(in_force.approved_by_name, "Chris Complaints");
        assert_eq!(in_force.approved_at, later);
        assert!(in_force.files.is_empty());
        let timeline = cases::timeline(&db, id, false).await.expect("timeline");
        let approvals: Vec<_> = timeline
            .iter()
            .filter_map(|e| match &e.item {
                TimelineItem::RedactedFileApproved { fingerprint, files } => {
                    Some((fingerprint.clone(), *files, e.actor_name.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            approvals,
            [
                (
                    first.fingerprint.clone(),
                    1,
                    Some("Chris Complaints".to_owned())
                ),
                (
                    second.fingerprint.clone(),
                    0,
                    Some("Chris Complaints".to_owned())
                )
            ],
            "{backend}"
        );
        let customer_sees = cases::timeline(&db, id, true).await.expect("timeline");
        assert!(
            customer_sees
                .iter()
                .all(|e| !matches!(e.item, TimelineItem::RedactedFileApproved { .. })),
            "{backend}: staff only"
        );
    })
    .await;
}

#[test]
fn the_fingerprint_changes_with_the_text_the_files_and_their_bytes() {
    let file = |t: &str, d: &str| ApprovedFile {
        token: t.repeat(32),
        sha256: d.repeat(64),
    };
    let base = redaction::fingerprint("text", &[file("a", "b")]);
    assert_eq!(base, redaction::fingerprint("text", &[file("a", "b")]));
    for other in [
        redaction::fingerprint("text.", &[file("a", "b")]),
        redaction::fingerprint("text", &[]),
        redaction::fingerprint("text", &[file("a", "c")]),
        redaction::fingerprint("text", &[file("a", "b"), file("c", "d")]),
    ] {
        assert_ne!(base, other);
    }
}
