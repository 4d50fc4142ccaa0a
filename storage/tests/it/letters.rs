//! Letters on the case record, on SQLite and (when configured) on PostgreSQL with the same
//! code: a letter is kept whole with its timeline entry, listed in the order it was issued,
//! and read back exactly as it was written.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::letters::{self, Letter, LetterContext, LetterKind};
use domain::{Actor, Calendar, Case, Channel, Description, Role, Stage, TimelineItem};
use storage::StorageError;
use storage::cases::{self, CaseDetails, CaseId, NewCase, Opening, Who};
use storage::test_support::on_each_backend;

fn calendar() -> Calendar {
    Calendar::england_and_wales()
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("a valid time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// A complaint received on Friday 20 December 2024, accepted and acknowledged on Tuesday
/// 31 December by `handler`: ready for its acknowledgement letter.
async fn acknowledged_complaint(db: &storage::Db, handler: &Who, text: &str) -> (CaseId, Case) {
    let received_at = at(2024, 12, 20, 10);
    let details = CaseDetails::describing(Description::parse(text).expect("description"));
    let mut case = NewCase::initial_state(Opening::Complaint, received_at, &details, &calendar());
    let created = cases::create(
        db,
        NewCase {
            channel: Channel::Phone,
            received_at,
            customer: None,
            case: case.clone(),
            details,
            recorded_by: Who::system(),
            linked_case: None,
            legacy_reference: None,
        },
        &calendar(),
    )
    .await
    .expect("case recorded");
    let Case::Complaint(complaint) = &mut case else {
        unreachable!("a complaint was opened")
    };
    complaint
        .accept(
            &Actor::new(
                handler.user_id.expect("an account").to_string(),
                Role::Manager,
            ),
            date(2024, 12, 20),
            domain::eligibility::Eligibility::InWindow { months_ago: 0 },
            None,
        )
        .expect("accepted");
    complaint
        .acknowledge(
            &storage::test_support::acting_on(complaint),
            date(2024, 12, 31),
        )
        .expect("acked");
    cases::save(
        db,
        created.id,
        1,
        &case,
        &[],
        at(2024, 12, 31, 9),
        &calendar(),
    )
    .await
    .expect("saved");
    (created.id, case)
}

fn acknowledgement(case: &Case, reference: &str) -> Letter {
    letters::compose(
        LetterKind::Acknowledgement,
        case,
        &context_for(reference),
        &calendar(),
    )
    .expect("ready")
}

fn context_for(reference: &str) -> LetterContext {
    LetterContext {
        remedy: None,
        reference: reference.to_owned(),
        customer_name: "Rita Example".into(),
        address: vec!["1 Example Road".into(), "AB1 2CD".into()],
        issued_on: date(2024, 12, 31),
        signed_by: "Sam Manager".into(),
        understanding: Some("The tap leaks".into()),
        customer_words: None,
        outcomes_sought: None,
        easy_read: false,
        landlord: domain::Landlord::demo(),
        ombudsman: Default::default(),
        wording: Default::default(),
    }
}

async fn officer(db: &storage::Db) -> Who {
    let account = storage::accounts::create(
        db,
        "sam@example.org",
        "Sam Manager",
        Role::Manager,
        "a long enough password",
        at(2024, 12, 1, 9),
    )
    .await
    .expect("account");
    Who::account(account.id, Role::Manager, &account.display_name)
}

#[tokio::test]
async fn an_issued_letter_is_kept_whole_and_noted_on_the_timeline() {
    on_each_backend(|db, backend| async move {
        let who = officer(&db).await;
        let (id, case) = acknowledged_complaint(&db, &who, "The kitchen tap leaks").await;
        let letter = acknowledgement(&case, "CX-2024-000001");
        let now = at(2024, 12, 31, 14);
        let letter_id = storage::letters::issue(&db, id, &letter, true, &who, now)
            .await
            .expect("issued");

        let stored = storage::letters::find(&db, letter_id).await.expect("found");
        assert_eq!(stored.letter, letter, "{backend}: read back exactly");
        assert_eq!(stored.case_id, id);
        assert_eq!(stored.kind, LetterKind::Acknowledgement);
        assert_eq!(stored.subject, letter.subject);
        assert_eq!(stored.created_at, now);
        assert!(stored.large_print);
        assert_eq!(stored.letter.stage, Some(Stage::One));

        let timeline = cases::timeline(&db, id, true).await.expect("timeline");
        let last = timeline.last().expect("an entry");
        assert_eq!(
            last.item,
            TimelineItem::LetterIssued {
                subject: letter.subject.clone()
            },
            "{backend}"
        );
        assert_eq!(last.at, now);
        assert_eq!(last.actor_name.as_deref(), Some("Sam Manager"));
    })
    .await;
}

#[tokio::test]
async fn a_cases_letters_are_listed_oldest_first_and_only_its_own() {
    on_each_backend(|db, backend| async move {
        let handler = officer(&db).await;
        let (first_case, case) =
            acknowledged_complaint(&db, &handler, "The kitchen tap leaks").await;
        let (other_case, other) = acknowledged_complaint(&db, &handler, "The lift is broken").await;
        let letter = acknowledgement(&case, "CX-2024-000001");
        // Putright itself may issue letters too (no account behind them).
        let who = Who::system();
        let later =
            storage::letters::issue(&db, first_case, &letter, false, &who, at(2025, 1, 2, 9))
                .await
                .expect("issued");
        let earlier =
            storage::letters::issue(&db, first_case, &letter, false, &who, at(2024, 12, 31, 9))
                .await
                .expect("issued");
        storage::letters::issue(
            &db,
            other_case,
            &acknowledgement(&other, "CX-2024-000002"),
            false,
            &who,
            at(2024, 12, 31, 10),
        )
        .await
        .expect("issued");

        let list = storage::letters::for_case(&db, first_case)
            .await
            .expect("listed");
        let ids: Vec<i32> = list.iter().map(|l| l.id).collect();
        assert_eq!(ids, [earlier, later], "{backend}: oldest first");
        assert!(list.iter().all(|l| l.kind == LetterKind::Acknowledgement));
        assert!(list.iter().all(|l| l.subject == letter.subject));
        assert!(list.iter().all(|l| !l.large_print));
        assert_eq!(list[0].created_at, at(2024, 12, 31, 9));
    })
    .await;
}

#[tokio::test]
async fn a_case_without_letters_lists_none_and_a_missing_letter_is_not_found() {
    on_each_backend(|db, backend| async move {
        let handler = officer(&db).await;
        let (id, _) = acknowledged_complaint(&db, &handler, "The kitchen tap leaks").await;
        assert!(
            storage::letters::for_case(&db, id)
                .await
                .expect("listed")
                .is_empty(),
            "{backend}"
        );
        assert!(matches!(
            storage::letters::find(&db, 4242).await,
            Err(StorageError::NotFound)
        ));
    })
    .await;
}

/// A step's new state, its timeline entry, its letter (with the letter's own timeline
/// entry) and the letter's e-mail are kept together or not at all.
#[tokio::test]
async fn a_step_and_its_letter_and_e_mail_are_kept_together_or_not_at_all() {
    use storage::letters::{Addressee, NewLetter};
    use storage::test_support::{count_rows, execute_raw};
    on_each_backend(|db, backend| async move {
        let who = officer(&db).await;
        let (id, mut case) = acknowledged_complaint(&db, &who, "The kitchen tap leaks").await;
        let before = cases::load(&db, id, &calendar()).await.expect("loaded");
        let timeline = |db: storage::Db| async move {
            count_rows(
                &db,
                &format!("SELECT COUNT(*) FROM timeline WHERE case_id = {}", id.0),
            )
            .await
            .expect("counted")
        };
        let entries_before = timeline(db.clone()).await;
        // The step: a contact recorded on Stage 1 (any event will do), with a letter.
        let Case::Complaint(complaint) = &mut case else {
            unreachable!("a complaint")
        };
        let event = complaint.record_contact(date(2025, 1, 2)).expect("contact");
        let entries = [(who.clone(), TimelineItem::Transition { event, note: None })];
        let letters = [(
            who.clone(),
            NewLetter {
                letter: acknowledgement(&case, "CX-2024-000001"),
                large_print: false,
                to: Some(Addressee {
                    user_id: None,
                    name: "Rita Example".into(),
                    email: "rita@example.org".into(),
                }),
                copies: Vec::new(),
                call: None,
            },
        )];
        // The step also invites someone to the review (with an e-mail) and records a root
        // cause: kept or lost with it.
        storage::learning::ensure_starting_categories(&db)
            .await
            .expect("categories");
        let category = storage::learning::active(&db).await.expect("categories")[0].id;
        let writes = cases::StepWrites {
            entries: &entries,
            letters: &letters,
            also: cases::Also {
                invitation: Some(storage::invitations::NewInvitation {
                    member_id: who.user_id.expect("an account"),
                    invited_by: None,
                    tell: Some(storage::outbox::NewMessage {
                        dedupe_key: "invited".into(),
                        case_id: Some(id),
                        to_user_id: who.user_id,
                        to_email: Some("panel@example.org".into()),
                        to_name: Some("Ian Panel".into()),
                        subject: "Your view is needed".into(),
                        body: "Please look at the review.".into(),
                    }),
                }),
                root_causes: vec![category],
                opens: None,
                withdraw_invitations: false,
            },
        };
        let rows = |db: storage::Db, table: &'static str| async move {
            count_rows(
                &db,
                &format!("SELECT COUNT(*) FROM {table} WHERE case_id = {}", id.0),
            )
            .await
            .expect("counted")
        };

        // No e-mail can be queued (their table is gone for the moment). With the letter, its
        // e-mail fails first; without it, the invitation's own e-mail fails after the
        // invitation's row was written. Either way nothing written before is kept.
        execute_raw(&db, "ALTER TABLE outbox RENAME TO outbox_away")
            .await
            .expect("renamed");
        let without_letter = cases::StepWrites {
            letters: &[],
            ..writes.clone()
        };
        let mut failures = Vec::new();
        for attempt in [writes.clone(), without_letter] {
            failures.push(
                cases::save_step(
                    &db,
                    id,
                    before.version,
                    &case,
                    attempt,
                    at(2025, 1, 2, 9),
                    &calendar(),
                )
                .await,
            );
        }
        execute_raw(&db, "ALTER TABLE outbox_away RENAME TO outbox")
            .await
            .expect("renamed back");
        for failed in failures {
            assert!(failed.is_err(), "{backend}: the step failed");
        }
        let after = cases::load(&db, id, &calendar()).await.expect("loaded");
        assert_eq!(
            after.version, before.version,
            "{backend}: the state was not saved"
        );
        assert_eq!(after.case, before.case, "{backend}");
        assert_eq!(
            timeline(db.clone()).await,
            entries_before,
            "{backend}: no timeline entry"
        );
        assert!(
            storage::letters::for_case(&db, id)
                .await
                .expect("letters")
                .is_empty(),
            "{backend}: no letter"
        );
        assert_eq!(
            rows(db.clone(), "invitations").await,
            0,
            "{backend}: no invitation"
        );
        assert_eq!(rows(db.clone(), "case_learning").await, 0, "{backend}");

        // With the outbox back, all of it is kept at once.
        cases::save_step(
            &db,
            id,
            before.version,
            &case,
            writes,
            at(2025, 1, 2, 9),
            &calendar(),
        )
        .await
        .expect("saved");
        assert_eq!(
            timeline(db.clone()).await,
            entries_before + 2,
            "{backend}: the step and the letter"
        );
        assert_eq!(
            storage::letters::for_case(&db, id)
                .await
                .expect("letters")
                .len(),
            1,
            "{backend}"
        );
        assert_eq!(
            count_rows(
                &db,
                &format!("SELECT COUNT(*) FROM outbox WHERE case_id = {}", id.0)
            )
            .await
            .expect("counted"),
            2,
            "{backend}: its e-mail and the invitation's"
        );
        assert_eq!(rows(db.clone(), "invitations").await, 1, "{backend}");
        assert_eq!(rows(db.clone(), "case_learning").await, 1, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn wording_is_saved_version_by_version_and_each_letter_records_the_one_it_used() {
    use domain::letters::template::{LetterTemplate, Part};
    on_each_backend(|db, backend| async move {
        let who = officer(&db).await;
        let admin = who.user_id.expect("an account");
        let kind = LetterKind::Acknowledgement;
        // Nothing saved: Putright's own wording, version 0.
        let current = storage::letter_templates::current(&db, kind)
            .await
            .expect("read");
        assert!(current.is_standard() && current.version == 0, "{backend}");

        let first = LetterTemplate::parse(kind, &[(Part::SignOff, "With best wishes,".to_owned())])
            .expect("checked");
        let second = LetterTemplate::parse(kind, &[(Part::SignOff, "Kind regards,".to_owned())])
            .expect("checked");
        let v1 = storage::letter_templates::save(&db, kind, &first, admin, at(2025, 1, 6, 9))
            .await
            .expect("saved");
        let v2 = storage::letter_templates::save(&db, kind, &second, admin, at(2025, 1, 7, 9))
            .await
            .expect("saved");
        assert_eq!((v1, v2), (1, 2), "{backend}");
        // Another kind counts its own versions.
        let other = storage::letter_templates::save(
            &db,
            LetterKind::Extension,
            &LetterTemplate::standard(),
            admin,
            at(2025, 1, 7, 10),
        )
        .await
        .expect("saved");
        assert_eq!(other, 1);

        let current = storage::letter_templates::current(&db, kind)
            .await
            .expect("read");
        assert_eq!(current.version, 2);
        assert_eq!(current.text(kind, Part::SignOff), "Kind regards,");
        let history = storage::letter_templates::history(&db, kind, 10)
            .await
            .expect("read");
        let versions: Vec<u32> = history.iter().map(|s| s.wording.version).collect();
        assert_eq!(versions, [2, 1], "{backend}: newest first");
        assert_eq!(
            history[1].wording.text(kind, Part::SignOff),
            "With best wishes,"
        );
        assert_eq!(history[0].saved_by, Some(admin));
        let in_use = storage::letter_templates::in_use(&db).await.expect("read");
        let in_use: Vec<(LetterKind, u32)> = in_use
            .iter()
            .map(|(k, s)| (*k, s.wording.version))
            .collect();
        assert!(in_use.contains(&(kind, 2)) && in_use.contains(&(LetterKind::Extension, 1)));
        assert_eq!(in_use.len(), 2);

        // A letter written with version 2 says so, read back and counted.
        let (id, case) = acknowledged_complaint(&db, &who, "The kitchen tap leaks").await;
        let ctx = LetterContext {
            wording: current,
            ..context_for("CX-2024-000001")
        };
        let letter = letters::compose(kind, &case, &ctx, &calendar()).expect("ready");
        assert_eq!(letter.closing, "Kind regards,");
        let letter_id = storage::letters::issue(&db, id, &letter, false, &who, at(2025, 1, 8, 9))
            .await
            .expect("issued");
        let stored = storage::letters::find(&db, letter_id).await.expect("found");
        assert_eq!(stored.letter.template_version, 2, "{backend}");
        assert_eq!(
            storage::letter_templates::letters_written(&db, kind, 2)
                .await
                .expect("counted"),
            1
        );
        assert_eq!(
            storage::letter_templates::letters_written(&db, kind, 1)
                .await
                .expect("counted"),
            0
        );
    })
    .await;
}
