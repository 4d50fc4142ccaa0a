//! A change to the working-day calendar counts the open complaints' deadlines again: each
//! one that moves says so on its timeline with the calendar it was counted with; closed
//! cases keep their dates; a second recount with the same calendar finds nothing to do.

use chrono::{DateTime, TimeZone, Utc};
use domain::{Calendar, Case, ClosureDay, Description, TimelineItem};
use storage::cases::{self, CaseDetails, CaseId, NewCase, Opening, Who};
use storage::test_support::{count_rows, on_each_backend};

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("a valid time")
}

async fn complaint(db: &storage::Db, received_at: DateTime<Utc>) -> CaseId {
    let calendar = Calendar::england_and_wales();
    let details = CaseDetails::describing(Description::parse("The lift is broken").expect("text"));
    let new = NewCase {
        channel: domain::Channel::Phone,
        received_at,
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, received_at, &details, &calendar),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    cases::create(db, new, &calendar).await.expect("created").id
}

#[tokio::test]
async fn a_closure_day_moves_open_deadlines_with_a_timeline_entry_and_leaves_closed_cases() {
    on_each_backend(|db, backend| async move {
        let before = Calendar::england_and_wales();
        // Received Monday 6 January 2025 at 10:00.
        let open = complaint(&db, at(2025, 1, 6, 10)).await;
        let withdrawn = complaint(&db, at(2025, 1, 6, 11)).await;
        let stored = cases::load(&db, withdrawn, &before).await.expect("loaded");
        let mut case = stored.case.clone();
        if let Case::Complaint(c) = &mut case {
            c.withdraw(at(2025, 1, 7, 9).date_naive())
                .expect("withdrawn");
        }
        cases::save(&db, withdrawn, stored.version, &case, &[], at(2025, 1, 7, 9), &before)
            .await
            .expect("saved");

        let due = cases::load(&db, open, &before)
            .await
            .expect("loaded")
            .case
            .next_due(&before)
            .expect("a deadline");
        let day = ClosureDay::new(due, "Staff training day").expect("a closure day");
        let change = domain::calendar::ClosureChangeChecked {
            change: domain::calendar::ClosureChange::Add,
            day,
            previous: None,
        };
        storage::calendar::change_closure_day(&db, &change, "", None, at(2025, 1, 7, 12))
            .await
            .expect("added")
            .expect("a new closure day");
        let after = storage::reference::calendar(&db).await.expect("calendar");
        assert_ne!(after.version(), before.version(), "{backend}");

        let done = storage::recount::recount(&db, &after, "we closed for training", at(2025, 1, 7, 12))
            .await
            .expect("recounted");
        assert_eq!(done.counted, 1, "{backend}: only the open complaint is counted");
        assert_eq!(done.moved.len(), 1, "{backend}");
        let moved = &done.moved[0];
        assert_eq!(moved.from, Some(due), "{backend}");
        assert_eq!(moved.to, Some(after.add_working_days(due, 1)), "{backend}");

        // The stored date, the calendar it was counted with and the timeline agree.
        let version = after.version().to_string();
        let to = moved.to.expect("a new date");
        assert_eq!(
            count_rows(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM cases WHERE id = {} AND calendar_version = '{version}' AND next_due = '{to}'",
                    open.0
                )
            )
            .await
            .expect("count"),
            1,
            "{backend}"
        );
        let timeline = cases::timeline(&db, open, false).await.expect("timeline");
        let entry = timeline
            .iter()
            .find_map(|e| match &e.item {
                TimelineItem::DeadlineRecounted { from, to, why, calendar } => {
                    Some((*from, *to, why.clone(), calendar.clone(), e.item.summary()))
                }
                _ => None,
            })
            .expect("a recount entry");
        assert_eq!((entry.0, entry.1), (moved.from, moved.to), "{backend}");
        assert_eq!(entry.2, "we closed for training", "{backend}");
        assert_eq!(entry.3, version, "{backend}");
        assert!(entry.4.ends_with("because we closed for training"), "{backend}: {}", entry.4);

        // The withdrawn case keeps the calendar it was closed with.
        assert_eq!(
            count_rows(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM cases WHERE id = {} AND calendar_version = '{version}'",
                    withdrawn.0
                )
            )
            .await
            .expect("count"),
            0,
            "{backend}"
        );
        let withdrawn_timeline = cases::timeline(&db, withdrawn, false).await.expect("timeline");
        assert!(
            withdrawn_timeline
                .iter()
                .all(|e| !matches!(e.item, TimelineItem::DeadlineRecounted { .. })),
            "{backend}"
        );

        // Counted with this calendar now: nothing more to do.
        let again = storage::recount::recount(&db, &after, "again", at(2025, 1, 7, 13))
            .await
            .expect("recounted");
        assert_eq!(again.counted, 0, "{backend}");
    })
    .await;
}
