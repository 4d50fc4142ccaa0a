//! What the online form may make the server keep: expired drafts are swept safely while
//! people keep saving theirs and several servers sweep at once; the space files of live
//! drafts take is counted; and rate-limit counts are exact under parallel requests.

use chrono::{DateTime, Duration, TimeZone, Utc};
use storage::drafts::{self, Draft, DraftEvidence};
use storage::test_support::on_each_backend;
use storage::throttle::{self, Window};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0)
        .single()
        .expect("a valid time")
}

fn with_file(key: &str, size: u64) -> Draft {
    Draft {
        evidence: Some(DraftEvidence {
            key: key.to_owned(),
            name: format!("{key}.pdf"),
            size,
            sha256: "0".repeat(64),
            content_type: "application/pdf".to_owned(),
        }),
        ..Draft::default()
    }
}

/// A complaint about a broken lift, received at `received_at`.
fn a_case(received_at: DateTime<Utc>, calendar: &domain::Calendar) -> storage::cases::NewCase {
    use storage::cases::{CaseDetails, NewCase, Opening, Who};
    let details =
        CaseDetails::describing(domain::Description::parse("The lift is broken").expect("text"));
    NewCase {
        channel: domain::Channel::OnlineForm,
        received_at,
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, received_at, &details, calendar),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    }
}

#[tokio::test]
async fn a_draft_confirmed_at_once_from_two_tabs_makes_one_case_with_its_file() {
    on_each_backend(|db, backend| async move {
        let calendar = domain::Calendar::england_and_wales();
        let token = "e".repeat(64);
        let draft = with_file("evidence-e", 2048);
        drafts::save(&db, &token, &draft, at(9, 0))
            .await
            .expect("saved");
        // The sender is told once, by the confirmation that made the case.
        let tell = |created: &storage::cases::CreatedCase| {
            Some(storage::outbox::NewMessage {
                dedupe_key: format!("received:{}", created.id.0),
                case_id: Some(created.id),
                to_user_id: None,
                to_email: Some("sender@example.org".into()),
                to_name: None,
                subject: format!("We have received your complaint: {}", created.reference),
                body: format!("Follow it at /track/{}", created.tracking_token),
            })
        };
        let confirm = || {
            drafts::confirm(
                &db,
                &token,
                None,
                drafts::Making {
                    case: a_case(at(9, 5), &calendar),
                    evidence: draft.evidence.as_ref(),
                    tell: &tell,
                },
                &calendar,
                at(9, 5),
            )
        };
        let (one, two) = tokio::join!(confirm(), confirm());
        let made: Vec<_> = [one, two].into_iter().filter_map(Result::ok).collect();
        assert_eq!(made.len(), 1, "{backend}: one confirmation makes the case");
        let told = storage::test_support::count_rows(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE to_email = 'sender@example.org'",
        )
        .await
        .expect("count");
        assert_eq!(told, 1, "{backend}: the sender is told once");
        let cases = storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM cases")
            .await
            .expect("counted");
        assert_eq!(cases, 1, "{backend}: and only one");
        let files = storage::attachments::for_case(&db, made[0].id)
            .await
            .expect("files");
        assert_eq!(files.len(), 1, "{backend}: the case has the draft's file");
        assert_eq!(files[0].storage_key, "evidence-e");
        assert!(
            drafts::load(&db, &token, None, at(9, 6)).await.is_err(),
            "{backend}: the draft is gone"
        );
        // Confirming again later finds nothing and makes nothing.
        assert!(matches!(
            confirm().await,
            Err(storage::StorageError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_draft_is_confirmed_only_by_whoever_made_it_and_only_before_it_expires() {
    on_each_backend(|db, backend| async move {
        let calendar = domain::Calendar::england_and_wales();
        let owner = storage::accounts::create(
            &db,
            "rita@example.org",
            "Rita Example",
            domain::Role::Resident,
            "a long password here",
            at(8, 0),
        )
        .await
        .expect("account")
        .id;
        let mine = "f".repeat(64);
        let draft = Draft {
            user_id: Some(owner),
            ..Draft::default()
        };
        drafts::save(&db, &mine, &draft, at(9, 0))
            .await
            .expect("saved");
        let confirm = |user: Option<i32>, now: DateTime<Utc>| {
            drafts::confirm(
                &db,
                &mine,
                user,
                drafts::Making {
                    case: a_case(now, &calendar),
                    evidence: None,
                    tell: &|_| None,
                },
                &calendar,
                now,
            )
        };
        assert!(
            matches!(
                confirm(None, at(9, 1)).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}: not by someone signed out"
        );
        assert!(
            matches!(
                confirm(Some(owner + 1000), at(9, 1)).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}: not by another account"
        );
        let late = at(9, 0) + Duration::hours(drafts::DRAFT_HOURS) + Duration::minutes(1);
        assert!(
            matches!(
                confirm(Some(owner), late).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}: not once expired"
        );
        let cases = storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM cases")
            .await
            .expect("counted");
        assert_eq!(cases, 0, "{backend}: no refusal made a case");
        confirm(Some(owner), at(9, 2))
            .await
            .expect("confirmed by its maker");
    })
    .await;
}

#[tokio::test]
async fn the_sweep_removes_expired_drafts_once_and_spares_one_saved_again() {
    on_each_backend(|db, backend| async move {
        let day_before = at(9, 0) - Duration::hours(drafts::DRAFT_HOURS + 1);
        drafts::save(&db, &"a".repeat(64), &with_file("old-a", 10), day_before)
            .await
            .expect("saved");
        drafts::save(&db, &"b".repeat(64), &Draft::default(), day_before)
            .await
            .expect("saved");
        drafts::save(&db, &"c".repeat(64), &with_file("old-c", 30), day_before)
            .await
            .expect("saved");
        drafts::save(&db, &"d".repeat(64), &with_file("live-d", 40), at(8, 0))
            .await
            .expect("saved");
        // Draft c is saved again, with a new file, just before the sweep: it stays.
        drafts::save(&db, &"c".repeat(64), &with_file("new-c", 50), at(9, 0))
            .await
            .expect("saved");
        assert_eq!(
            drafts::file_bytes(&db, at(9, 0)).await.expect("space"),
            90,
            "{backend}: live drafts' files only"
        );

        // Two servers sweep at the same moment: each expired draft is removed once, and
        // its file's key goes to the one that removed it.
        let (one, two) = tokio::join!(
            drafts::purge_expired(&db, at(9, 1), 500),
            drafts::purge_expired(&db, at(9, 1), 500)
        );
        let (one, two) = (one.expect("swept"), two.expect("swept"));
        assert_eq!(one.removed + two.removed, 2, "{backend}: a and b");
        let mut keys: Vec<String> = one.keys.into_iter().chain(two.keys).collect();
        keys.sort();
        assert_eq!(keys, vec!["old-a".to_owned()], "{backend}");
        assert!(
            drafts::load(&db, &"c".repeat(64), None, at(9, 1))
                .await
                .is_ok(),
            "{backend}: the draft saved again is kept"
        );
        assert!(
            drafts::load(&db, &"a".repeat(64), None, at(9, 1))
                .await
                .is_err()
        );
        let again = drafts::purge_expired(&db, at(9, 1), 500)
            .await
            .expect("swept");
        assert_eq!(again, drafts::Purged::default(), "{backend}: nothing left");

        // A small batch still finds everything in the end.
        for n in 0..5 {
            drafts::save(
                &db,
                &format!("{n}").repeat(64),
                &Draft::default(),
                day_before,
            )
            .await
            .expect("saved");
        }
        let first = drafts::purge_expired(&db, at(9, 2), 3)
            .await
            .expect("swept");
        assert_eq!((first.found, first.removed), (3, 3), "{backend}");
        let second = drafts::purge_expired(&db, at(9, 2), 3)
            .await
            .expect("swept");
        assert_eq!((second.found, second.removed), (2, 2), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn parallel_hits_are_each_counted_once_per_window() {
    on_each_backend(|db, backend| async move {
        let window = Window(Duration::minutes(10));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let db = db.clone();
            tasks.spawn(
                async move { throttle::hit(&db, "intake:192.0.2.1", window, at(10, 3)).await },
            );
        }
        let mut counts: Vec<u32> = tasks
            .join_all()
            .await
            .into_iter()
            .map(|c| c.expect("counted"))
            .collect();
        counts.sort_unstable();
        assert_eq!(counts, (1..=20).collect::<Vec<u32>>(), "{backend}");
        // Another bucket, and the next window, start again.
        assert_eq!(
            throttle::hit(&db, "intake:*", window, at(10, 3))
                .await
                .expect("counted"),
            1
        );
        assert_eq!(
            throttle::hit(&db, "intake:192.0.2.1", window, at(10, 10))
                .await
                .expect("counted"),
            1,
            "{backend}: 10:10 starts a new window"
        );
        assert_eq!(window.seconds_left(at(10, 3)), 7 * 60);
        assert_eq!(throttle::purge(&db, at(10, 5)).await.expect("purged"), 2);
    })
    .await;
}

#[tokio::test]
async fn views_of_a_case_are_kept_newest_first_and_repeats_within_minutes_are_one() {
    use storage::case_views::{self, Viewed};
    on_each_backend(|db, backend| async move {
        let calendar = domain::Calendar::england_and_wales();
        let new = a_case(at(8, 0), &calendar);
        let case = storage::cases::create(&db, new, &calendar)
            .await
            .expect("created")
            .id;
        let user = storage::accounts::create(
            &db,
            "mo@example.org",
            "Mo Manager",
            domain::Role::Manager,
            "a long password here",
            at(8, 0),
        )
        .await
        .expect("account")
        .id;
        let role = domain::Role::Manager;
        case_views::record(&db, case, user, role, Viewed::CaseRecord, at(9, 0))
            .await
            .expect("recorded");
        // A reload five minutes later is the same view; a letter is another.
        case_views::record(&db, case, user, role, Viewed::CaseRecord, at(9, 5))
            .await
            .expect("recorded");
        case_views::record(&db, case, user, role, Viewed::Letter, at(9, 6))
            .await
            .expect("recorded");
        // Eleven minutes after the first, it is a new view.
        case_views::record(&db, case, user, role, Viewed::CaseRecord, at(9, 11))
            .await
            .expect("recorded");
        let views = case_views::for_case(&db, case, 10).await.expect("views");
        let seen: Vec<(Option<Viewed>, DateTime<Utc>)> =
            views.iter().map(|v| (v.what, v.at)).collect();
        assert_eq!(
            seen,
            vec![
                (Some(Viewed::CaseRecord), at(9, 11)),
                (Some(Viewed::Letter), at(9, 6)),
                (Some(Viewed::CaseRecord), at(9, 0)),
            ],
            "{backend}"
        );
        assert!(
            views
                .iter()
                .all(|v| v.user_id == user && v.role == Some(role))
        );
        assert_eq!(
            case_views::for_case(&db, case, 1)
                .await
                .expect("views")
                .len(),
            1
        );
    })
    .await;
}
