//! The calendar as an admin changes it: a closure day's change and its record in one
//! transaction, the preview of its effect agreeing with the recount that follows, and
//! GOV.UK's bank holidays imported year by year, the newest file winning.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::calendar::{
    ClosureChange, ClosureChangeChecked, GovUkDivision, GovUkEvent, ImportedHolidays,
};
use domain::{Calendar, ClosureDay, Description};
use storage::cases::{self, CaseDetails, NewCase, Opening, Who};
use storage::test_support::on_each_backend;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("a valid time")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn change(
    change: ClosureChange,
    date: NaiveDate,
    name: &str,
    previous: Option<&str>,
) -> ClosureChangeChecked {
    ClosureChangeChecked {
        change,
        day: ClosureDay::new(date, name).expect("a closure day"),
        previous: previous.map(|p| ClosureDay::new(date, p).expect("a closure day")),
    }
}

/// A file of whole `years` by the statutory rules, plus `extra` days.
fn holidays(years: &[i32], extra: &[(&str, &str)]) -> ImportedHolidays {
    let rules = Calendar::england_and_wales();
    let event = |date: String, title: String| GovUkEvent {
        title,
        date,
        notes: String::new(),
        bunting: false,
    };
    ImportedHolidays::from_division(&GovUkDivision {
        division: "england-and-wales".to_owned(),
        events: years
            .iter()
            .flat_map(|&y| rules.bank_holidays_in(y))
            .map(|h| event(h.date.to_string(), h.name))
            .chain(
                extra
                    .iter()
                    .map(|(date, title)| event((*date).to_owned(), (*title).to_owned())),
            )
            .collect(),
    })
    .expect("a good file")
}

#[tokio::test]
async fn a_closure_day_is_added_renamed_and_removed_each_change_recorded_and_foretold() {
    on_each_backend(|db, backend| async move {
        let before = Calendar::england_and_wales();
        let received = at(2025, 1, 6, 10);
        let details =
            CaseDetails::describing(Description::parse("The lift is broken").expect("text"));
        let id = cases::create(
            &db,
            NewCase {
                channel: domain::Channel::Phone,
                received_at: received,
                customer: None,
                case: NewCase::initial_state(Opening::Complaint, received, &details, &before),
                details,
                recorded_by: Who::system(),
                linked_case: None,
                legacy_reference: None,
            },
            &before,
        )
        .await
        .expect("created")
        .id;
        let due = cases::load(&db, id, &before)
            .await
            .expect("loaded")
            .case
            .next_due(&before)
            .expect("a deadline");

        // The preview says what the recount will do, and changes nothing.
        let add = change(ClosureChange::Add, due, "Staff training day", None);
        let after = add.apply(before.clone());
        let preview = storage::recount::preview(&db, &after, 10)
            .await
            .expect("preview");
        assert_eq!((preview.counted, preview.moved), (1, 1), "{backend}");
        assert_eq!(preview.first[0].from, Some(due), "{backend}");
        assert_eq!(
            preview.first[0].to,
            Some(after.add_working_days(due, 1)),
            "{backend}"
        );
        assert_eq!(
            storage::reference::calendar(&db).await.expect("calendar"),
            before,
            "{backend}"
        );

        let added = storage::calendar::change_closure_day(
            &db,
            &add,
            after.version().as_str(),
            Some(7),
            at(2025, 1, 7, 9),
        )
        .await
        .expect("saved");
        let added = added.expect("a new closure day");
        // Added twice (two admins at once): the second finds it done and changes nothing.
        assert_eq!(
            storage::calendar::change_closure_day(
                &db,
                &add,
                after.version().as_str(),
                Some(8),
                at(2025, 1, 7, 9)
            )
            .await
            .expect("saved"),
            None,
            "{backend}"
        );
        let stored = storage::reference::calendar(&db).await.expect("calendar");
        assert_eq!(stored.version(), after.version(), "{backend}");
        let done = storage::recount::recount(&db, &stored, &add.why(), at(2025, 1, 7, 9))
            .await
            .expect("recounted");
        assert_eq!(
            done.moved, preview.first,
            "{backend}: the preview foretold the recount"
        );
        storage::calendar::record_effect(
            &db,
            added,
            stored.version().as_str(),
            done.counted,
            done.moved.len(),
        )
        .await
        .expect("recorded");

        // Renamed: the same day, the same version.
        let rename = change(
            ClosureChange::Rename,
            due,
            "Training and planning day",
            Some("Staff training day"),
        );
        assert!(
            storage::calendar::change_closure_day(
                &db,
                &rename,
                stored.version().as_str(),
                Some(7),
                at(2025, 1, 7, 10)
            )
            .await
            .expect("saved")
            .is_some(),
            "{backend}"
        );
        let renamed = storage::reference::calendar(&db).await.expect("calendar");
        assert_eq!(
            renamed.closure_on(due).map(ClosureDay::name),
            Some("Training and planning day"),
            "{backend}"
        );
        assert_eq!(renamed.version(), stored.version(), "{backend}");
        // A rename made from a stale page (the old name has gone) changes nothing.
        assert_eq!(
            storage::calendar::change_closure_day(&db, &rename, "", Some(7), at(2025, 1, 7, 10))
                .await
                .expect("saved"),
            None,
            "{backend}"
        );

        // Removed: the calendar is as before; removing it again changes nothing.
        let remove = change(
            ClosureChange::Remove,
            due,
            "Training and planning day",
            None,
        );
        assert!(
            storage::calendar::change_closure_day(
                &db,
                &remove,
                before.version().as_str(),
                None,
                at(2025, 1, 7, 11)
            )
            .await
            .expect("saved")
            .is_some(),
            "{backend}"
        );
        assert_eq!(
            storage::reference::calendar(&db)
                .await
                .expect("calendar")
                .version(),
            before.version(),
            "{backend}"
        );
        assert_eq!(
            storage::calendar::change_closure_day(&db, &remove, "", None, at(2025, 1, 7, 11))
                .await
                .expect("saved"),
            None,
            "{backend}"
        );

        // Every change is recorded, newest first, the first with what its recount did.
        let changes = storage::calendar::changes(&db, 10).await.expect("changes");
        let kinds: Vec<&str> = changes.iter().map(|c| c.change.as_str()).collect();
        assert_eq!(kinds, ["remove", "rename", "add"], "{backend}");
        assert_eq!(changes[2].summary, add.summary(), "{backend}");
        assert_eq!(
            (changes[2].counted, changes[2].moved),
            (Some(1), Some(1)),
            "{backend}"
        );
        assert_eq!(changes[2].by, Some(7), "{backend}");
        assert_eq!(
            (changes[0].counted, changes[0].by),
            (None, None),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn imported_bank_holidays_replace_the_years_they_cover_and_the_newest_file_wins() {
    on_each_backend(|db, backend| async move {
        assert_eq!(
            storage::calendar::imported(&db).await.expect("read"),
            None,
            "{backend}"
        );
        let first = holidays(&[2028], &[("2028-05-19", "A made-up celebration")]);
        storage::calendar::import_bank_holidays(
            &db,
            &first,
            "first file".to_owned(),
            "",
            Some(1),
            at(2026, 12, 1, 9),
        )
        .await
        .expect("imported");
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        assert!(!calendar.is_working_day(day(2028, 5, 19)), "{backend}");
        assert!(!calendar.is_projected(day(2028, 5, 19)), "{backend}");
        assert!(
            calendar.version().as_str().contains("+import:"),
            "{backend}"
        );
        assert_eq!(
            calendar.version(),
            Calendar::england_and_wales()
                .with_imported(&first)
                .version(),
            "{backend}: stored, the import counts as it did when checked"
        );

        // A later file for 2028 and 2029: 2028 is replaced whole, 2029 added.
        let second = holidays(&[2028, 2029], &[]);
        storage::calendar::import_bank_holidays(
            &db,
            &second,
            "second file".to_owned(),
            "",
            Some(1),
            at(2026, 12, 2, 9),
        )
        .await
        .expect("imported");
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        assert!(calendar.is_working_day(day(2028, 5, 19)), "{backend}");
        assert!(!calendar.is_projected(day(2029, 6, 1)), "{backend}");
        let imported = storage::calendar::imported(&db)
            .await
            .expect("read")
            .expect("an import");
        assert_eq!(
            imported.years().collect::<Vec<_>>(),
            [2028, 2029],
            "{backend}"
        );
        assert_eq!(imported.len(), 16, "{backend}");
        let last = storage::calendar::last_import(&db)
            .await
            .expect("read")
            .expect("an import");
        assert_eq!(last.summary, "second file", "{backend}");
    })
    .await;
}
