//! The retention schedule on SQLite and (when configured) PostgreSQL: which cases fall due,
//! what keeps one (a legal hold, the Ombudsman), what erasure leaves, and the customer's
//! details going with their last case unless they have an account.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::form::{Adjustment, ContactMethod, CustomerType, EmailAddress, PhoneNumber};
use domain::retention::{ERASED, Kept, RetentionSchedule};
use domain::{Calendar, Case, Channel, Description, Role, TimelineItem};
use storage::Db;
use storage::cases::{self, CaseDetails, CaseId, CustomerChoice, NewCase, Opening, Who};
use storage::customers::CustomerDetails;
use storage::test_support::{count_rows, execute_raw, on_each_backend};

fn calendar() -> Calendar {
    Calendar::england_and_wales()
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0)
        .single()
        .expect("a valid time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn person(name: &str) -> CustomerDetails {
    CustomerDetails {
        name: name.into(),
        describes_you: CustomerType::Tenant,
        phone: Some(PhoneNumber::parse("07700 900123").expect("phone")),
        email: Some(EmailAddress::parse("secret@example.org").expect("email")),
        preferred_contact: Some(ContactMethod::Email),
        adjustments: vec![Adjustment::Other("Secret: call after 2pm".into())],
        address: Some("1 Secret Road".into()),
        postcode: Some("AB1 2CD".into()),
    }
}

/// A complaint received on `received`, with a note, withdrawn on `ended` when given.
async fn complaint(
    db: &Db,
    customer: CustomerChoice,
    received: DateTime<Utc>,
    ended: Option<NaiveDate>,
) -> CaseId {
    let details = CaseDetails::describing(
        Description::parse("Secret: the damp in my flat").expect("description"),
    );
    let new = NewCase {
        channel: Channel::OnlineForm,
        received_at: received,
        customer: Some(customer),
        case: NewCase::initial_state(Opening::Complaint, received, &details, &calendar()),
        details,
        recorded_by: Who::customer("Secret Person"),
        linked_case: None,
        legacy_reference: None,
    };
    let id = cases::create(db, new, &calendar())
        .await
        .expect("stored")
        .id;
    let note = TimelineItem::Note {
        text: "Secret: spoke to their son".into(),
    };
    let mut stored = cases::load(db, id, &calendar()).await.expect("loaded");
    let mut entries = vec![(Who::system(), note)];
    if let Some(on) = ended {
        let Case::Complaint(c) = &mut stored.case else {
            panic!("a complaint")
        };
        let event = c.withdraw(on).expect("withdrawn");
        entries.push((
            Who::system(),
            TimelineItem::Transition { event, note: None },
        ));
    }
    cases::save(
        db,
        id,
        stored.version,
        &stored.case,
        &entries,
        received,
        &calendar(),
    )
    .await
    .expect("saved");
    id
}

async fn customer_of(db: &Db, id: CaseId) -> storage::customers::Customer {
    cases::load(db, id, &calendar())
        .await
        .expect("loaded")
        .customer
        .expect("a customer")
}

async fn erased(db: &Db, id: CaseId) -> bool {
    count_rows(
        db,
        &format!(
            "SELECT COUNT(*) FROM cases WHERE id = {} AND erased_at IS NOT NULL",
            id.0
        ),
    )
    .await
    .expect("counted")
        == 1
}

#[tokio::test]
async fn a_case_is_erased_six_years_after_it_ended_unless_held_and_its_customer_goes_with_their_last_case()
 {
    on_each_backend(|db, backend| async move {
        let six = RetentionSchedule::default();
        let new = |name: &str| CustomerChoice::New {
            user_id: None,
            details: person(name),
        };
        // Alex: one case ended in January 2019, one still open.
        let old = complaint(
            &db,
            new("Secret Alex"),
            at(2019, 1, 7),
            Some(date(2019, 1, 10)),
        )
        .await;
        let alex = customer_of(&db, old).await.id;
        let open = complaint(&db, CustomerChoice::Existing(alex), at(2025, 5, 1), None).await;
        // Bea has an account of her own.
        let bea_account = storage::accounts::create(
            &db,
            "bea@example.org",
            "Bea",
            Role::Resident,
            "a long password here",
            at(2018, 1, 1),
        )
        .await
        .expect("account")
        .id;
        let beas = complaint(
            &db,
            CustomerChoice::New {
                user_id: Some(bea_account),
                details: person("Secret Bea"),
            },
            at(2019, 1, 7),
            Some(date(2019, 1, 10)),
        )
        .await;
        // Cal's case is under a legal hold; Dee's is with the Ombudsman.
        let held = complaint(
            &db,
            new("Secret Cal"),
            at(2019, 1, 7),
            Some(date(2019, 1, 10)),
        )
        .await;
        let cm = Who {
            user_id: None,
            role: Some(Role::ComplaintsManager),
            name: Some("Chris".into()),
        };
        storage::retention::hold(
            &db,
            held.0,
            "Claim K24 at the county court",
            &cm,
            at(2024, 1, 1),
        )
        .await
        .expect("held");
        let referred = complaint(
            &db,
            new("Secret Dee"),
            at(2019, 1, 7),
            Some(date(2019, 1, 10)),
        )
        .await;
        execute_raw(
            &db,
            &format!(
                "INSERT INTO ombudsman_referrals (case_id, seq, referred_on, stage, decided_on) \
                 VALUES ({}, 1, '2019-02-01', 'assessment', NULL)",
                referred.0
            ),
        )
        .await
        .expect("referred");
        // Eve's case ended a day later: due a day later.
        let later = complaint(
            &db,
            new("Secret Eve"),
            at(2019, 1, 7),
            Some(date(2019, 1, 11)),
        )
        .await;

        let today = date(2025, 1, 10);
        let overview = storage::retention::overview(&db, six, today, 10)
            .await
            .expect("overview");
        assert_eq!(overview.due_now, 2, "{backend}: Alex's and Bea's");
        assert_eq!(overview.due_within_a_year, 1, "{backend}: Eve's, tomorrow");
        assert_eq!(overview.kept_count, 2, "{backend}");
        let kept: Vec<Option<Kept>> = overview.kept.iter().map(|d| d.kept.clone()).collect();
        assert!(
            kept.contains(&Some(Kept::LegalHold {
                reason: "Claim K24 at the county court".into()
            })),
            "{backend}: {kept:?}"
        );
        assert!(kept.contains(&Some(Kept::OmbudsmanReferral)), "{backend}");
        assert_eq!(overview.next[0].erase_on, date(2025, 1, 10), "{backend}");

        let (run, found) = storage::retention::erase_due(&db, six, today, at(2025, 1, 10), 100)
            .await
            .expect("erased");
        assert_eq!((run.cases, found), (2, 2), "{backend}");
        assert_eq!(
            run.customers, 0,
            "{backend}: Alex has an open case, Bea an account"
        );
        assert!(
            erased(&db, old).await && erased(&db, beas).await,
            "{backend}"
        );
        for kept in [open, held, referred, later] {
            assert!(!erased(&db, kept).await, "{backend}");
        }

        // What is left of Alex's old case: no words, and a timeline that still reads.
        let stored = cases::load(&db, old, &calendar()).await.expect("loaded");
        assert_eq!(stored.details.what_happened.as_str(), ERASED, "{backend}");
        assert!(stored.tracking_revoked, "{backend}");
        let timeline = cases::timeline(&db, old, false).await.expect("timeline");
        assert!(
            timeline
                .iter()
                .all(|e| !format!("{:?}", e.item).contains("Secret")),
            "{backend}: {timeline:?}"
        );
        assert!(
            timeline
                .iter()
                .any(|e| matches!(&e.item, TimelineItem::Note { text } if text == ERASED)),
            "{backend}"
        );
        assert_eq!(
            customer_of(&db, old).await.details.name,
            "Secret Alex",
            "{backend}: kept for the open case"
        );
        assert_eq!(
            customer_of(&db, beas).await.details.name,
            "Secret Bea",
            "{backend}: an account holder's details are theirs"
        );

        // The timeline is still permanent: no ordinary change, no second erasure, no delete.
        for sql in [
            format!(
                "UPDATE timeline SET details = 'x' WHERE case_id = {}",
                open.0
            ),
            format!(
                "UPDATE timeline SET details = 'x' WHERE case_id = {}",
                old.0
            ),
            format!("DELETE FROM timeline WHERE case_id = {}", old.0),
        ] {
            assert!(execute_raw(&db, &sql).await.is_err(), "{backend}: {sql}");
        }

        // A hold cannot be placed on an erased case; lifting Cal's lets the next run
        // erase it, and Alex's details go with his last case.
        assert!(
            storage::retention::hold(&db, old.0, "Too late", &cm, at(2025, 1, 11))
                .await
                .is_err(),
            "{backend}"
        );
        assert!(
            storage::retention::lift_hold(&db, held.0, &cm, at(2025, 1, 11))
                .await
                .expect("lifted"),
            "{backend}"
        );
        let mut stored = cases::load(&db, open, &calendar()).await.expect("loaded");
        let Case::Complaint(c) = &mut stored.case else {
            panic!("a complaint")
        };
        let event = c.withdraw(date(2025, 6, 2)).expect("withdrawn");
        cases::save(
            &db,
            open,
            stored.version,
            &stored.case,
            &[(
                Who::system(),
                TimelineItem::Transition { event, note: None },
            )],
            at(2025, 6, 2),
            &calendar(),
        )
        .await
        .expect("saved");
        let (run, _) =
            storage::retention::erase_due(&db, six, date(2031, 6, 2), at(2031, 6, 2), 100)
                .await
                .expect("erased");
        assert_eq!(run.cases, 3, "{backend}: Cal's, Eve's and Alex's last");
        assert_eq!(run.customers, 3, "{backend}");
        let alex = customer_of(&db, open).await;
        assert_eq!(alex.details.name, ERASED, "{backend}");
        assert_eq!(
            (alex.details.email, alex.details.phone, alex.details.address),
            (None, None, None),
            "{backend}"
        );
        assert!(
            !erased(&db, referred).await,
            "{backend}: still with the Ombudsman"
        );
        let secrets = count_rows(
            &db,
            "SELECT COUNT(*) FROM customers WHERE name LIKE 'Secret%' AND user_id IS NULL",
        )
        .await
        .expect("counted");
        assert_eq!(secrets, 1, "{backend}: only Dee's, kept with her case");
        if backend == "postgres" {
            // An open case's copy of its customer for the search goes as it closes.
            let copies = count_rows(
                &db,
                "SELECT COUNT(*) FROM cases WHERE search_name LIKE 'secret%' AND erased_at IS NOT NULL",
            )
            .await
            .expect("counted");
            assert_eq!(copies, 0, "{backend}: no erased case keeps a name for the search");
        }
    })
    .await;
}

#[tokio::test]
async fn cases_that_ended_before_the_date_was_kept_get_it_from_their_state() {
    on_each_backend(|db, backend| async move {
        let new = CustomerChoice::New {
            user_id: None,
            details: person("Secret Fay"),
        };
        let id = complaint(&db, new, at(2019, 1, 7), Some(date(2019, 1, 10))).await;
        execute_raw(&db, "UPDATE cases SET ended_on = NULL")
            .await
            .expect("cleared");
        assert_eq!(
            storage::retention::fill_ended_on(&db, 10)
                .await
                .expect("filled"),
            1,
            "{backend}"
        );
        assert_eq!(
            storage::retention::fill_ended_on(&db, 10)
                .await
                .expect("filled"),
            0,
            "{backend}: nothing left"
        );
        // Once every old case has its date, later sweeps look at none.
        storage::retention::fill_ended_on_once(&db, 10, at(2026, 1, 5))
            .await
            .expect("filled");
        execute_raw(&db, "UPDATE cases SET ended_on = NULL")
            .await
            .expect("cleared");
        storage::retention::fill_ended_on_once(&db, 10, at(2026, 1, 6))
            .await
            .expect("looked at nothing");
        let unfilled = count_rows(&db, "SELECT COUNT(*) FROM cases WHERE ended_on IS NULL")
            .await
            .expect("counted");
        assert_eq!(unfilled, 1, "{backend}: not looked at again");
        storage::retention::fill_ended_on(&db, 10)
            .await
            .expect("filled");
        let standing = storage::retention::standing(&db, id.0, RetentionSchedule::default())
            .await
            .expect("standing");
        assert_eq!(standing.erase_on, Some(date(2025, 1, 10)), "{backend}");
        assert_eq!(standing.held, None, "{backend}");
    })
    .await;
}
