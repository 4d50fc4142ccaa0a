//! The case record, run on SQLite and (when configured) on PostgreSQL with the same code:
//! recording and reading back, references, the lifecycle state and its queryable copy,
//! optimistic concurrency, and the timeline that cannot be rewritten.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::form::{Adjustment, ContactMethod, CustomerType, EmailAddress, PhoneNumber};
use domain::lifecycle::{Outcome, PointFinding, RecordedReason, Remedy, StageResponse};
use domain::{Actor, Calendar, Case, Channel, Description, Event, Role, Stage, TimelineItem};
use storage::StorageError;
use storage::cases::{
    self, CaseDetails, CaseId, CustomerChoice, NewCase, Opening, StoredCase, Who,
};
use storage::customers::CustomerDetails;
use storage::test_support::{TestDatabase, backends, count_rows, execute_raw, on_each_backend};

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

fn rita() -> CustomerDetails {
    CustomerDetails {
        name: "Rita Example".into(),
        describes_you: CustomerType::Tenant,
        phone: Some(PhoneNumber::parse("07700 900123").expect("phone")),
        email: Some(EmailAddress::parse("rita@example.org").expect("email")),
        preferred_contact: Some(ContactMethod::Email),
        adjustments: vec![
            Adjustment::LargePrint,
            Adjustment::Other("Call after 2pm".into()),
        ],
        address: Some("1 Example Road".into()),
        postcode: Some("AB1 2CD".into()),
    }
}

fn new_complaint(
    text: &str,
    received_at: DateTime<Utc>,
    customer: Option<CustomerChoice>,
) -> NewCase {
    let mut details = CaseDetails::describing(Description::parse(text).expect("description"));
    details.outcomes_sought = Some("Fix it and say sorry".into());
    details.when_happened = Some(received_at.date_naive());
    NewCase {
        channel: Channel::OnlineForm,
        received_at,
        customer,
        case: NewCase::initial_state(Opening::Complaint, received_at, &details, &calendar()),
        details,
        recorded_by: Who::customer("Rita Example"),
        linked_case: None,
        legacy_reference: None,
    }
}

async fn load(db: &storage::Db, id: CaseId) -> StoredCase {
    cases::load(db, id, &calendar()).await.expect("loaded")
}

fn complaint(case: &mut Case) -> &mut domain::Complaint {
    match case {
        Case::Complaint(c) => c,
        other => panic!("not a complaint: {other:?}"),
    }
}

#[tokio::test]
async fn a_recorded_case_comes_back_whole_with_its_customer_and_first_timeline_entry() {
    on_each_backend(|db, backend| async move {
        let received = at(2026, 6, 12, 9);
        let created = cases::create(
            &db,
            new_complaint(
                "The lift has been broken for a week.",
                received,
                Some(CustomerChoice::New {
                    user_id: None,
                    details: rita(),
                }),
            ),
            &calendar(),
        )
        .await
        .expect("stored");
        assert_eq!(created.reference.to_string(), "CX-2026-000001", "{backend}");
        assert_eq!(created.tracking_token.len(), 64, "{backend}");

        let found = cases::find_by_tracking_token(&db, &created.tracking_token, &calendar())
            .await
            .expect("found");
        assert_eq!(found.id, created.id, "{backend}");
        assert_eq!(found.version, 1, "{backend}");
        assert_eq!(found.received_at, received, "{backend}");
        assert_eq!(found.channel, Channel::OnlineForm, "{backend}");
        assert_eq!(
            found.details.what_happened.as_str(),
            "The lift has been broken for a week."
        );
        assert_eq!(
            found.details.outcomes_sought.as_deref(),
            Some("Fix it and say sorry")
        );
        assert_eq!(
            found.customer.expect("a customer").details,
            rita(),
            "{backend}"
        );
        assert_eq!(found.case.phase_code(), "received", "{backend}");

        // Only the token's SHA-256 is kept: the stored value itself opens nothing.
        let stored = count_rows(
            &db,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE tracking_token = '{}'",
                created.tracking_token
            ),
        )
        .await
        .expect("count");
        assert_eq!(stored, 0, "{backend}: the token is not stored");
        let digest: String = {
            use sha2::{Digest, Sha256};
            Sha256::digest(created.tracking_token.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        assert!(
            cases::find_by_tracking_token(&db, &digest, &calendar())
                .await
                .is_err(),
            "{backend}: a copy of the table opens no case"
        );

        let timeline = cases::timeline(&db, created.id, true)
            .await
            .expect("timeline");
        assert_eq!(timeline.len(), 1, "{backend}");
        assert_eq!(
            timeline[0].item,
            TimelineItem::Received {
                channel: Channel::OnlineForm
            }
        );
        assert_eq!(timeline[0].actor_name.as_deref(), Some("Rita Example"));
    })
    .await;
}

#[tokio::test]
async fn an_unknown_or_revoked_tracking_token_finds_nothing() {
    on_each_backend(|db, backend| async move {
        let err = cases::find_by_tracking_token(&db, "no-such-token", &calendar())
            .await
            .expect_err("missing");
        assert!(matches!(err, StorageError::NotFound), "{backend}: {err:?}");

        let created = cases::create(
            &db,
            new_complaint("Mould in the bathroom again.", at(2026, 1, 5, 10), None),
            &calendar(),
        )
        .await
        .expect("stored");
        cases::revoke_tracking(
            &db,
            created.id,
            &Who::account(1, Role::Officer, "Sam"),
            at(2026, 1, 6, 10),
        )
        .await
        .expect("revoked");
        let err = cases::find_by_tracking_token(&db, &created.tracking_token, &calendar())
            .await
            .expect_err("revoked");
        assert!(matches!(err, StorageError::NotFound), "{backend}: {err:?}");
        let staff_view = cases::timeline(&db, created.id, false)
            .await
            .expect("timeline");
        assert_eq!(
            staff_view.last().map(|e| &e.item),
            Some(&TimelineItem::TrackingLinkRevoked)
        );
        let customer_view = cases::timeline(&db, created.id, true)
            .await
            .expect("timeline");
        assert_eq!(
            customer_view.len(),
            1,
            "{backend}: the revocation is internal"
        );
    })
    .await;
}

#[tokio::test]
async fn references_number_up_within_a_year_and_start_again_in_the_next() {
    on_each_backend(|db, backend| async move {
        let mut refs = Vec::new();
        for received in [at(2026, 3, 1, 12), at(2026, 12, 31, 12), at(2027, 1, 1, 12)] {
            let created = cases::create(
                &db,
                new_complaint("The gate is hanging off its hinges.", received, None),
                &calendar(),
            )
            .await
            .expect("stored");
            refs.push(created.reference.to_string());
        }
        assert_eq!(
            refs,
            ["CX-2026-000001", "CX-2026-000002", "CX-2027-000001"],
            "{backend}"
        );
        let id = cases::find_id(&db, &"CX-2026-000002".parse().expect("reference"))
            .await
            .expect("found by reference");
        assert_eq!(load(&db, id).await.received_at, at(2026, 12, 31, 12));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_cases_arriving_at_once_never_share_a_reference() {
    on_each_backend(|db, backend| async move {
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let new = new_complaint(
                        &format!("Repair number {i} was not done."),
                        at(2026, 11, 2, 10),
                        None,
                    );
                    cases::create(&db, new, &calendar()).await
                })
            })
            .collect();
        let mut numbers = Vec::new();
        for task in tasks {
            numbers.push(
                task.await
                    .expect("joined")
                    .expect("stored")
                    .reference
                    .number(),
            );
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=24).collect::<Vec<_>>(), "{backend}");
    })
    .await;
}

/// A complaint taken through Stage 1 with an extension, a response with points and
/// remedies, and into Stage 2: the state comes back exactly, each stage's dates are stored
/// separately, and every step is on the timeline.
#[tokio::test]
async fn a_complaint_through_both_stages_keeps_its_dates_points_and_remedies() {
    on_each_backend(|db, backend| async move {
        let cal = calendar();
        let manager = storage::accounts::create(&db, "mo@example.org", "Mo Manager", Role::Manager, "a long password here", at(2026, 1, 1, 9))
            .await
            .expect("manager");
        let mo = Actor::new(manager.id.to_string(), Role::Manager);
        let who = Who::account(manager.id, Role::Manager, "Mo Manager");
        // Monday 2 March 2026, 10:00 GMT.
        let created = cases::create(&db, new_complaint("Repairs to my roof were left half done.", at(2026, 3, 2, 10), None), &cal)
            .await
            .expect("stored");
        let stored = load(&db, created.id).await;
        let mut case = stored.case.clone();
        let c = complaint(&mut case);
        let mut events = vec![
            c.accept(&mo, date(2026, 3, 2), domain::eligibility::Eligibility::Unknown, None).expect("accepted"),
            c.record_contact(date(2026, 3, 3)).expect("contacted"),
            c.acknowledge(&storage::test_support::acting_on(c), date(2026, 3, 4)).expect("acknowledged"),
        ];
        let reason = RecordedReason::parse("Waiting for the roofer's report").expect("reason");
        events.push(c.extend(&cal, &storage::test_support::acting_on(c), date(2026, 3, 10), date(2026, 3, 25), reason, None).expect("extended"));
        let response = StageResponse::new(
            Outcome::PartlyUpheld,
            vec![PointFinding {
                point: "The roof repair was not finished".into(),
                finding: "The contractor left before the flashing was fitted".into(),
                outcome: Outcome::Upheld,
            }],
            vec![Remedy::Apology, Remedy::Compensation { amount: domain::Money::parse("75.00").expect("money"), for_what: None }],
            Some("Check work is finished before closing the job".into()),
        )
        .expect("response");
        events.push(c.respond(&storage::test_support::acting_on(c), date(2026, 3, 24), response).expect("responded"));
        events.push(c.request_review(&domain::Receipt::on_date(date(2026, 3, 30), &cal)).expect("review"));
        let entries: Vec<_> = events
            .into_iter()
            .map(|event| (who.clone(), TimelineItem::Transition { event, note: None }))
            .collect();
        let version = cases::save(&db, created.id, stored.version, &case, &entries, at(2026, 3, 30, 12), &cal)
            .await
            .expect("saved");
        assert_eq!(version, 2, "{backend}");

        let again = load(&db, created.id).await;
        assert_eq!(again.case, case, "{backend}: the state comes back exactly");
        assert_eq!(again.version, 2);
        assert_eq!(again.case.handler().map(|u| u.as_str().to_owned()), Some(manager.id.to_string()));

        let stages = cases::stage_dates(&db, created.id).await.expect("stages");
        assert_eq!(stages.len(), 2, "{backend}");
        let s1 = &stages[0];
        assert_eq!(s1.stage, Stage::One);
        assert_eq!(s1.day0, date(2026, 3, 2));
        assert_eq!(s1.contacted_on, Some(date(2026, 3, 3)));
        assert_eq!(s1.acknowledged_on, Some(date(2026, 3, 4)));
        assert_eq!(s1.extended_to, Some(date(2026, 3, 25)));
        assert_eq!(s1.extension_reason.as_deref(), Some("Waiting for the roofer's report"));
        assert_eq!(s1.responded_on, Some(date(2026, 3, 24)));
        assert_eq!(s1.outcome, Some(Outcome::PartlyUpheld));
        assert_eq!(s1.owner_id, Some(manager.id));
        assert_eq!(stages[1].stage, Stage::Two);
        assert_eq!(stages[1].day0, date(2026, 3, 30));
        assert_eq!(stages[1].responded_on, None);

        let remedies = count_rows(&db, &format!("SELECT COUNT(*) FROM case_remedies WHERE case_id = {}", created.id))
            .await
            .expect("count");
        assert_eq!(remedies, 2, "{backend}");
        let pence = count_rows(&db, &format!("SELECT CAST(COALESCE(SUM(amount_pence), 0) AS BIGINT) FROM case_remedies WHERE case_id = {}", created.id))
            .await
            .expect("sum");
        assert_eq!(pence, 7500, "{backend}");
        let points = count_rows(&db, &format!("SELECT COUNT(*) FROM case_points WHERE case_id = {}", created.id))
            .await
            .expect("count");
        assert_eq!(points, 1, "{backend}");

        let timeline = cases::timeline(&db, created.id, false).await.expect("timeline");
        let kinds: Vec<_> = timeline
            .iter()
            .map(|e| match &e.item {
                TimelineItem::Transition { event, .. } => format!("{event:?}").split([' ', '{']).next().unwrap_or_default().to_owned(),
                other => format!("{other:?}").split([' ', '{']).next().unwrap_or_default().to_owned(),
            })
            .collect();
        assert_eq!(
            kinds,
            ["Received", "Accepted", "ContactRecorded", "Acknowledged", "Extended", "Responded", "ReviewRequested"],
            "{backend}"
        );
        assert!(matches!(
            timeline.last().map(|e| &e.item),
            Some(TimelineItem::Transition { event: Event::ReviewRequested { .. }, .. })
        ));
    })
    .await;
}

/// On SQLite one connection writes at a time. A step saved while another connection is in
/// the middle of writing waits for it (the busy timeout), then goes in. Begun as a reader, as
/// a transaction is by default, the save would have been refused at once with "database is
/// locked" when it came to its first write: SQLite does not wait for a writer on behalf of a
/// transaction that has already read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_saved_while_someone_else_writes_waits_for_them_and_goes_in() {
    let database = TestDatabase::create_migrated("sqlite")
        .await
        .expect("a database");
    let db = database.connect().await.expect("the step's connection");
    let other = database.connect().await.expect("another connection");
    let created = cases::create(
        &db,
        new_complaint("Nobody came to fix the boiler.", at(2026, 2, 2, 9), None),
        &calendar(),
    )
    .await
    .expect("stored");
    let stored = load(&db, created.id).await;
    let mut case = stored.case.clone();
    let reason = RecordedReason::parse("Another policy deals with it").expect("reason");
    let event = complaint(&mut case)
        .not_accept(
            date(2026, 2, 2),
            domain::lifecycle::RefusalReason::AnotherPolicyFitsBetter,
            reason,
        )
        .expect("refused");
    let officer = Who::account(9, Role::Officer, "Sam Officer");
    let mut saving = None;
    storage::test_support::while_writing(
        &other,
        "INSERT INTO files_in_flight (storage_key, created_at) VALUES ('held-meanwhile', '2026-02-02 11:00:00')",
        async {
            let (db, case) = (db.clone(), case.clone());
            saving = Some(tokio::spawn(async move {
                let entries = [(officer, TimelineItem::Transition { event, note: None })];
                cases::save(&db, created.id, stored.version, &case, &entries, at(2026, 2, 2, 11), &calendar())
                    .await
            }));
            tokio::time::sleep(std::time::Duration::from_millis(750)).await;
        },
    )
    .await
    .expect("the other write committed");
    let version = saving
        .expect("started")
        .await
        .expect("the save ran")
        .expect("the save waited for the other writer, then went in");
    assert_eq!(version, 2);
    assert_eq!(load(&db, created.id).await.case, case, "the step stands");
    assert_eq!(
        count_rows(&db, "SELECT COUNT(*) FROM files_in_flight")
            .await
            .expect("counted"),
        1,
        "the other write is kept too"
    );
    db.close().await.expect("closed");
    other.close().await.expect("closed");
}

/// Two members of staff open the same case; the first saves; the second's save is refused
/// and changes nothing, and reading again shows the first one's work.
#[tokio::test]
async fn the_second_of_two_saves_from_the_same_version_is_refused() {
    on_each_backend(|db, backend| async move {
        let cal = calendar();
        let created = cases::create(
            &db,
            new_complaint("Nobody came to fix the boiler.", at(2026, 2, 2, 9), None),
            &cal,
        )
        .await
        .expect("stored");
        let tablet_a = load(&db, created.id).await;
        let tablet_b = load(&db, created.id).await;
        let officer = Who::account(9, Role::Officer, "Sam Officer");

        let mut a = tablet_a.case.clone();
        let manager = storage::accounts::create(
            &db,
            "mo@example.org",
            "Mo Manager",
            Role::Manager,
            "a long password here",
            at(2026, 1, 1, 9),
        )
        .await
        .expect("manager");
        let mo = Actor::new(manager.id.to_string(), Role::Manager);
        let event = complaint(&mut a)
            .accept(
                &mo,
                date(2026, 2, 2),
                domain::eligibility::Eligibility::Unknown,
                None,
            )
            .expect("accepted");
        cases::save(
            &db,
            created.id,
            tablet_a.version,
            &a,
            &[(
                officer.clone(),
                TimelineItem::Transition { event, note: None },
            )],
            at(2026, 2, 2, 11),
            &cal,
        )
        .await
        .expect("first save");

        let mut b = tablet_b.case.clone();
        let reason = RecordedReason::parse("Another policy deals with it").expect("reason");
        let event = complaint(&mut b)
            .not_accept(
                date(2026, 2, 2),
                domain::lifecycle::RefusalReason::AnotherPolicyFitsBetter,
                reason,
            )
            .expect("refused");
        let err = cases::save(
            &db,
            created.id,
            tablet_b.version,
            &b,
            &[(officer, TimelineItem::Transition { event, note: None })],
            at(2026, 2, 2, 11),
            &cal,
        )
        .await
        .expect_err("stale");
        assert!(matches!(err, StorageError::Stale), "{backend}: {err:?}");

        let now = load(&db, created.id).await;
        assert_eq!(now.case, a, "{backend}: the first save stands");
        assert_eq!(now.version, 2);
        let timeline = cases::timeline(&db, created.id, false)
            .await
            .expect("timeline");
        assert_eq!(
            timeline.len(),
            2,
            "{backend}: nothing of the refused save was written"
        );

        let err = cases::save(&db, CaseId(999_999), 1, &a, &[], at(2026, 2, 2, 11), &cal)
            .await
            .expect_err("missing");
        assert!(matches!(err, StorageError::NotFound), "{backend}: {err:?}");
    })
    .await;
}

/// There is no repository function that changes or removes a timeline entry, and the
/// database itself refuses to, whoever asks.
#[tokio::test]
async fn the_database_refuses_to_change_or_delete_a_timeline_entry() {
    on_each_backend(|db, backend| async move {
        let created = cases::create(
            &db,
            new_complaint("The communal door does not lock.", at(2026, 4, 1, 9), None),
            &calendar(),
        )
        .await
        .expect("stored");
        cases::append(
            &db,
            created.id,
            &Who::account(3, Role::Officer, "Sam"),
            &TimelineItem::Note {
                text: "Checked the door".into(),
            },
            at(2026, 4, 1, 10),
        )
        .await
        .expect("appended");
        for statement in [
            "UPDATE timeline SET details = '{}'".to_owned(),
            format!(
                "UPDATE timeline SET actor_name = 'someone else' WHERE case_id = {}",
                created.id
            ),
            "DELETE FROM timeline".to_owned(),
            format!("DELETE FROM timeline WHERE case_id = {}", created.id),
        ] {
            let result = execute_raw(&db, &statement).await;
            assert!(result.is_err(), "{backend}: `{statement}` was allowed");
        }
        if backend == "postgres" {
            assert!(
                execute_raw(&db, "TRUNCATE timeline").await.is_err(),
                "TRUNCATE was allowed"
            );
        }
        let timeline = cases::timeline(&db, created.id, false)
            .await
            .expect("timeline");
        assert_eq!(timeline.len(), 2, "{backend}");
        assert_eq!(
            timeline[1].item,
            TimelineItem::Note {
                text: "Checked the door".into()
            }
        );
        assert_eq!(timeline[1].actor_name.as_deref(), Some("Sam"));
        // A case with a timeline cannot be deleted either: its history would go with it.
        let deleted =
            execute_raw(&db, &format!("DELETE FROM cases WHERE id = {}", created.id)).await;
        assert!(
            deleted.is_err(),
            "{backend}: a case with history was deleted"
        );
    })
    .await;
}

#[tokio::test]
async fn every_migration_can_be_undone_and_redone() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend)
            .await
            .expect("a test database");
        let db = test_db.open().await.expect("migrated");
        cases::create(
            &db,
            new_complaint("Rubbish has not been collected.", at(2026, 5, 5, 9), None),
            &calendar(),
        )
        .await
        .expect("stored");
        storage::test_support::read_every_table(&db)
            .await
            .expect("entities match the schema");
        db.close().await.expect("closed");
        // Down and up each run on a new pool of connections, as migrations do in use (once,
        // at start-up). Down needs an empty history table: the timeline refuses deletes, so
        // down drops tables wholesale rather than deleting rows.
        let db = test_db.connect().await.expect("connected");
        storage::test_support::migrate_down_all(&db)
            .await
            .unwrap_or_else(|e| panic!("{backend}: down: {e:?}"));
        db.close().await.expect("closed");
        let db = test_db
            .open()
            .await
            .unwrap_or_else(|e| panic!("{backend}: up again: {e:?}"));
        storage::test_support::read_every_table(&db)
            .await
            .expect("entities match the schema");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

/// A referral to the Ombudsman stored before their casework had its own tables is carried
/// into them by the migration that made them, with its dates and where it stands.
#[tokio::test]
async fn a_referral_stored_before_the_ombudsman_tables_is_carried_into_them() {
    use domain::ombudsman::{Finding, FindingRecord, TheirReference};
    for backend in backends() {
        let test_db = TestDatabase::create(backend)
            .await
            .expect("a test database");
        let db = test_db.open().await.expect("migrated");
        let created = cases::create(
            &db,
            new_complaint("The roof leaked for months.", at(2026, 5, 5, 9), None),
            &calendar(),
        )
        .await
        .expect("stored");
        let mut stored = load(&db, created.id).await;
        let c = complaint(&mut stored.case);
        c.refer_to_ombudsman(date(2026, 6, 1), TheirReference::parse("2026123").unwrap())
            .unwrap();
        c.record_ombudsman_decision(
            date(2026, 9, 1),
            FindingRecord {
                finding: Finding::ServiceFailure,
                about: None,
            },
        )
        .unwrap();
        cases::save(
            &db,
            created.id,
            stored.version,
            &stored.case,
            &[],
            at(2026, 9, 2, 9),
            &calendar(),
        )
        .await
        .expect("saved");
        let carried = "SELECT COUNT(*) FROM ombudsman_referrals WHERE referred_on = '2026-06-01' \
                       AND decided_on = '2026-09-01' AND stage = 'determined'";
        assert_eq!(
            count_rows(&db, carried).await.expect("count"),
            1,
            "{backend}: projected"
        );
        db.close().await.expect("closed");

        let db = test_db.connect().await.expect("connected");
        storage::test_support::migrate_down(&db, 1)
            .await
            .unwrap_or_else(|e| panic!("{backend}: down: {e:?}"));
        db.close().await.expect("closed");
        let db = test_db.open().await.expect("migrated again");
        assert_eq!(
            count_rows(&db, carried).await.expect("count"),
            1,
            "{backend}: carried over by the migration"
        );
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

/// How each person stands to a case, which the server hands to the domain's access rules:
/// the resident whose case it is, a representative before and after confirmation, the
/// handler, an invited panel member, and a stranger.
#[tokio::test]
async fn each_person_stands_to_a_case_as_the_records_say() {
    use domain::access::{Authority, CaseRelation};
    use storage::representatives::{self, NewRepresentative};
    on_each_backend(|db, backend| async move {
        let cal = calendar();
        let t0 = at(2026, 1, 1, 9);
        let account = |email: &'static str, role| {
            let db = db.clone();
            async move {
                storage::accounts::create(&db, email, email, role, "a long password here", t0)
                    .await
                    .expect("account")
                    .id
            }
        };
        let resident = account("rita@example.org", Role::Resident).await;
        let helper = account("hal@example.org", Role::Resident).await;
        let stranger = account("stan@example.org", Role::Resident).await;
        let manager = account("mo@example.org", Role::Manager).await;
        let panel = account("ian@example.org", Role::InvolvedCustomer).await;

        let created = cases::create(
            &db,
            new_complaint(
                "The heating has failed twice this month.",
                at(2026, 1, 5, 9),
                Some(CustomerChoice::New {
                    user_id: Some(resident),
                    details: rita(),
                }),
            ),
            &cal,
        )
        .await
        .expect("stored");
        let id = created.id;
        let relation = |user| {
            let db = db.clone();
            async move { cases::relation(&db, id, user).await.expect("relation") }
        };
        assert_eq!(
            relation(resident).await,
            CaseRelation {
                is_customer: true,
                ..CaseRelation::NONE
            },
            "{backend}"
        );
        assert_eq!(relation(stranger).await, CaseRelation::NONE, "{backend}");

        let rep = representatives::name(
            &db,
            id,
            &NewRepresentative {
                user_id: Some(helper),
                name: "Hal Helper".into(),
                relationship: Some("Son".into()),
                contact: None,
            },
            &Who::account(resident, Role::Resident, "Rita"),
            at(2026, 1, 6, 9),
        )
        .await
        .expect("named");
        assert_eq!(
            relation(helper).await.representative,
            Authority::AwaitingConfirmation
        );
        assert!(
            cases::for_resident(&db, helper)
                .await
                .expect("list")
                .is_empty(),
            "{backend}: not before confirmation"
        );
        representatives::confirm(
            &db,
            rep.id,
            &Who::account(manager, Role::Manager, "Mo"),
            at(2026, 1, 7, 9),
        )
        .await
        .expect("confirmed");
        assert_eq!(relation(helper).await.representative, Authority::Confirmed);
        let listed: Vec<_> = cases::for_resident(&db, helper)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, [id], "{backend}");
        let listed: Vec<_> = cases::for_resident(&db, resident)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, [id], "{backend}");
        assert!(
            cases::for_resident(&db, stranger)
                .await
                .expect("list")
                .is_empty()
        );

        let stored = load(&db, id).await;
        let mut case = stored.case.clone();
        let event = complaint(&mut case)
            .accept(
                &Actor::new(manager.to_string(), Role::Manager),
                date(2026, 1, 5),
                domain::eligibility::Eligibility::Unknown,
                None,
            )
            .expect("accepted");
        cases::save(
            &db,
            id,
            stored.version,
            &case,
            &[(
                Who::account(manager, Role::Manager, "Mo"),
                TimelineItem::Transition { event, note: None },
            )],
            at(2026, 1, 5, 12),
            &cal,
        )
        .await
        .expect("saved");
        assert!(relation(manager).await.is_handler, "{backend}");

        assert!(!relation(panel).await.is_invited_panel_member);
        storage::invitations::invite(&db, id, panel, Some(manager), None, at(2026, 2, 1, 9))
            .await
            .expect("invited");
        assert!(relation(panel).await.is_invited_panel_member, "{backend}");
        storage::invitations::close_open(
            &db,
            id,
            storage::invitations::InvitationState::Withdrawn,
            at(2026, 2, 2, 9),
        )
        .await
        .expect("withdrawn");
        assert!(
            !relation(panel).await.is_invited_panel_member,
            "{backend}: a withdrawn invitation grants nothing"
        );

        let visible: Vec<_> = cases::timeline(&db, id, true)
            .await
            .expect("timeline")
            .into_iter()
            .map(|e| e.item.summary())
            .collect();
        assert!(
            visible.iter().any(|s| s.contains("Hal Helper")),
            "{backend}: {visible:?}"
        );
    })
    .await;
}

/// A file's bytes go to the blob store and its metadata to the case, with a timeline entry
/// the customer sees; staff may later mark it shareable.
#[tokio::test]
async fn an_attachment_is_kept_with_its_case_and_its_bytes_in_the_store() {
    use storage::attachments::{self, NewAttachment};
    use storage::blobs::{BlobStore, DirectoryStore, new_key};
    use tokio::io::AsyncReadExt;
    on_each_backend(|db, backend| async move {
        let created = cases::create(
            &db,
            new_complaint("Photos of the leak attached.", at(2026, 7, 1, 9), None),
            &calendar(),
        )
        .await
        .expect("stored");
        let root = std::env::temp_dir().join(format!("putright-att-{}", new_key()));
        let store = DirectoryStore::new(&root);
        let key = new_key();
        let bytes = b"%PDF-1.7\nnot really a long pdf".to_vec();
        let stored = store
            .put(&key, Box::new(&bytes[..]), 1024)
            .await
            .expect("bytes stored");
        let attachment = attachments::record(
            &db,
            created.id,
            &NewAttachment {
                file_name: "leak.pdf".into(),
                content_type: "application/pdf".into(),
                size_bytes: stored.size,
                sha256: stored.sha256.clone(),
                storage_key: key.clone(),
            },
            &Who::customer("Rita"),
            at(2026, 7, 1, 10),
        )
        .await
        .expect("recorded");
        assert!(
            !attachment.shareable,
            "{backend}: not shared until staff say so"
        );
        let copy = attachments::SharedCopy {
            storage_key: "copy-key".into(),
            sha256: "c".repeat(64),
            size_bytes: 7,
            cleaning: attachments::Cleaning::Cleaned(
                "Camera, date and location details removed".into(),
            ),
        };
        attachments::set_shared(&db, attachment.id, Some(&copy))
            .await
            .expect("marked");
        let listed = attachments::for_case(&db, created.id).await.expect("list");
        assert_eq!(listed.len(), 1, "{backend}");
        assert!(listed[0].shareable);
        assert_eq!(listed[0].shared_copy.as_ref(), Some(&copy), "{backend}");
        let unchecked = attachments::SharedCopy {
            cleaning: attachments::Cleaning::Unchecked,
            ..copy.clone()
        };
        attachments::set_shared(&db, attachment.id, Some(&unchecked))
            .await
            .expect("shared as it is");
        let again = attachments::find(&db, attachment.id).await.expect("find");
        assert_eq!(again.shared_copy, Some(unchecked), "{backend}");
        attachments::set_shared(&db, attachment.id, None)
            .await
            .expect("unshared");
        let again = attachments::find(&db, attachment.id).await.expect("find");
        assert!(!again.shareable && again.shared_copy.is_none(), "{backend}");
        attachments::set_shared(&db, attachment.id, Some(&copy))
            .await
            .expect("shared again");
        assert_eq!(listed[0].size_bytes, bytes.len() as i64);

        let mut back = Vec::new();
        store
            .open(&listed[0].storage_key)
            .await
            .expect("open")
            .read_to_end(&mut back)
            .await
            .expect("read");
        assert_eq!(back, bytes, "{backend}");
        let visible = cases::timeline(&db, created.id, true)
            .await
            .expect("timeline");
        assert_eq!(
            visible.last().map(|e| e.item.summary()),
            Some("File added: leak.pdf".to_owned())
        );

        let duplicate = attachments::record(
            &db,
            created.id,
            &NewAttachment {
                file_name: "again.pdf".into(),
                content_type: "application/pdf".into(),
                size_bytes: 1,
                sha256: stored.sha256,
                storage_key: key,
            },
            &Who::customer("Rita"),
            at(2026, 7, 1, 11),
        )
        .await;
        assert!(
            matches!(duplicate, Err(StorageError::Conflict)),
            "{backend}: a key names one file"
        );
        let _ = std::fs::remove_dir_all(root);
    })
    .await;
}
