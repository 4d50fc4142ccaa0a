//! The staff work queue, on SQLite and (when configured) on PostgreSQL with the same code:
//! each filter, search by reference, name and postcode, and the order by next deadline.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::form::{Adjustment, ContactMethod, CustomerType, PhoneNumber};
use domain::lifecycle::{CaseKind, Outcome, PointFinding, StageResponse};
use domain::{Actor, Calendar, Case, Channel, Complaint, Description, Event, Receipt, Role};
use storage::cases::{self, CaseDetails, CustomerChoice, NewCase, Opening, Who};
use storage::customers::CustomerDetails;
use storage::test_support::on_each_backend;
use storage::worklist::{self, QueueStage, Scope, WorklistFilter};
use storage::{Db, accounts};

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

fn customer(name: &str, postcode: &str, adjustments: Vec<Adjustment>) -> CustomerChoice {
    CustomerChoice::New {
        user_id: None,
        details: CustomerDetails {
            name: name.to_owned(),
            describes_you: CustomerType::Tenant,
            phone: Some(PhoneNumber::parse("07700 900123").expect("phone")),
            email: None,
            preferred_contact: Some(ContactMethod::Phone),
            adjustments,
            address: None,
            postcode: Some(postcode.to_owned()),
        },
    }
}

/// The people of the story: two managers who handle Stage 1 and a complaints manager who
/// reviews.
struct Staff {
    mo: (i32, Actor),
    maya: (i32, Actor),
    chris: (i32, Actor),
}

async fn staff(db: &Db) -> Staff {
    let mut made = Vec::new();
    for (email, name, role) in [
        ("mo@example.org", "Mo Manager", Role::Manager),
        ("maya@example.org", "Maya Mills", Role::Manager),
        (
            "chris@example.org",
            "Chris Complaints",
            Role::ComplaintsManager,
        ),
    ] {
        let account = accounts::create(
            db,
            email,
            name,
            role,
            "a long password here",
            at(2026, 1, 1),
        )
        .await
        .expect("account");
        made.push((account.id, Actor::new(account.id.to_string(), role)));
    }
    let chris = made.pop().expect("chris");
    let maya = made.pop().expect("maya");
    let mo = made.pop().expect("mo");
    // An account that owns nothing is never offered as a handler.
    accounts::create(
        db,
        "sam@example.org",
        "Sam Officer",
        Role::Officer,
        "a long password here",
        at(2026, 1, 1),
    )
    .await
    .expect("officer");
    Staff { mo, maya, chris }
}

/// Records a case and takes it through `steps`; returns its reference.
async fn case(
    db: &Db,
    opening: Opening,
    channel: Channel,
    received: DateTime<Utc>,
    who: CustomerChoice,
    steps: impl FnOnce(&mut Complaint) -> Vec<Event>,
) -> String {
    let cal = calendar();
    let details =
        CaseDetails::describing(Description::parse("Something went wrong at home.").expect("text"));
    let created = cases::create(
        db,
        NewCase {
            channel,
            received_at: received,
            customer: Some(who),
            case: NewCase::initial_state(opening, received, &details, &cal),
            details,
            recorded_by: Who::system(),
            linked_case: None,
            legacy_reference: None,
        },
        &cal,
    )
    .await
    .expect("recorded");
    let stored = cases::load(db, created.id, &cal).await.expect("loaded");
    let mut state = stored.case.clone();
    if let Case::Complaint(c) = &mut state {
        let events = steps(c);
        if !events.is_empty() {
            let entries: Vec<_> = events
                .into_iter()
                .map(|event| {
                    (
                        Who::system(),
                        domain::TimelineItem::Transition { event, note: None },
                    )
                })
                .collect();
            cases::save(
                db,
                created.id,
                stored.version,
                &state,
                &entries,
                received,
                &cal,
            )
            .await
            .expect("saved");
        }
    }
    created.reference.to_string()
}

fn answer() -> StageResponse {
    StageResponse::new(
        Outcome::Upheld,
        vec![PointFinding {
            point: "The repair was late".into(),
            finding: "It was".into(),
            outcome: Outcome::Upheld,
        }],
        vec![domain::lifecycle::Remedy::Apology],
        None,
    )
    .expect("a response")
}

/// References of the story's cases, by what they show.
struct Story {
    staff: Staff,
    /// Waiting for triage; contact due Thursday 5 March 2026; Rita has adjustments.
    triage: String,
    /// Stage 1 with Mo, acknowledged; response due Wednesday 11 March.
    stage1_mo: String,
    /// Stage 1 with Maya, not yet contacted; contact due Monday 9 March.
    stage1_maya: String,
    /// Stage 2 without a reviewer; contact due Friday 6 March.
    review_unassigned: String,
    /// Stage 2 with Chris; contact due Monday 9 March (received before `stage1_maya`).
    review_chris: String,
    /// Answered at Stage 1 by Mo; nothing due.
    answered: String,
    /// Withdrawn: closed.
    withdrawn: String,
    /// An open service request by phone; nothing due.
    request: String,
}

async fn story(db: &Db) -> Story {
    let staff = staff(db).await;
    let cal = calendar();
    let (mo, maya, chris) = (
        staff.mo.1.clone(),
        staff.maya.1.clone(),
        staff.chris.1.clone(),
    );
    let ok = |r: Result<Event, domain::TransitionError>| r.expect("a step the procedure allows");

    let triage = case(
        db,
        Opening::Complaint,
        Channel::Letter,
        at(2026, 3, 2),
        customer("Rita Example", "AB1 2CD", vec![Adjustment::LargePrint]),
        |_| vec![],
    )
    .await;
    let stage1_mo = case(
        db,
        Opening::Complaint,
        Channel::Phone,
        at(2026, 2, 23),
        customer("Tom Okafor", "BS5 9QP", vec![]),
        |c| {
            vec![
                ok(c.accept(
                    &mo,
                    date(2026, 2, 23),
                    domain::eligibility::Eligibility::Unknown,
                    None,
                )),
                ok(c.record_contact(date(2026, 2, 24))),
                ok(c.acknowledge(&storage::test_support::acting_on(c), date(2026, 2, 25))),
            ]
        },
    )
    .await;
    let stage1_maya = case(
        db,
        Opening::Complaint,
        Channel::Email,
        at(2026, 3, 4),
        customer(
            "Priya Patel",
            "BS3 1AB",
            vec![Adjustment::Other("Call after 2pm".into())],
        ),
        |c| {
            vec![ok(c.accept(
                &maya,
                date(2026, 3, 4),
                domain::eligibility::Eligibility::Unknown,
                None,
            ))]
        },
    )
    .await;
    let reviewed = |received: NaiveDate, requested: NaiveDate, reviewer: Option<Actor>| {
        let (mo, cal) = (mo.clone(), cal.clone());
        move |c: &mut Complaint| {
            let mut events = vec![
                ok(c.accept(
                    &mo,
                    received,
                    domain::eligibility::Eligibility::Unknown,
                    None,
                )),
                ok(c.record_contact(received.succ_opt().expect("next day"))),
                ok(c.acknowledge(
                    &storage::test_support::acting_on(c),
                    received.succ_opt().expect("next day"),
                )),
                ok(c.respond(
                    &storage::test_support::acting_on(c),
                    date(2026, 2, 16),
                    answer(),
                )),
                ok(c.request_review(&Receipt::on_date(requested, &cal))),
            ];
            if let Some(reviewer) = reviewer {
                events.push(ok(c.assign_reviewer(&reviewer)));
            }
            events
        }
    };
    let review_unassigned = case(
        db,
        Opening::Complaint,
        Channel::OnlineForm,
        at(2026, 2, 2),
        customer("Mary Evans", "BS7 3RT", vec![]),
        reviewed(date(2026, 2, 2), date(2026, 3, 3), None),
    )
    .await;
    let review_chris = case(
        db,
        Opening::Complaint,
        Channel::OnlineForm,
        at(2026, 2, 3),
        customer("Leon Carter", "BS8 1TH", vec![]),
        reviewed(date(2026, 2, 3), date(2026, 3, 4), Some(chris)),
    )
    .await;
    let answered = case(
        db,
        Opening::Complaint,
        Channel::Email,
        at(2026, 2, 4),
        customer("Norman Neighbour", "BS2 8XJ", vec![]),
        |c| {
            vec![
                ok(c.accept(
                    &mo,
                    date(2026, 2, 4),
                    domain::eligibility::Eligibility::Unknown,
                    None,
                )),
                ok(c.record_contact(date(2026, 2, 5))),
                ok(c.acknowledge(&storage::test_support::acting_on(c), date(2026, 2, 5))),
                ok(c.respond(
                    &storage::test_support::acting_on(c),
                    date(2026, 2, 16),
                    answer(),
                )),
            ]
        },
    )
    .await;
    let withdrawn = case(
        db,
        Opening::Complaint,
        Channel::Letter,
        at(2026, 2, 5),
        customer("Wendy Walker", "BS1 5TT", vec![]),
        |c| {
            vec![
                ok(c.accept(
                    &mo,
                    date(2026, 2, 5),
                    domain::eligibility::Eligibility::Unknown,
                    None,
                )),
                ok(c.withdraw(date(2026, 2, 9))),
            ]
        },
    )
    .await;
    let request = case(
        db,
        Opening::ServiceRequest,
        Channel::Phone,
        at(2026, 3, 6),
        customer("Ola Request", "BS6 6AA", vec![]),
        |_| vec![],
    )
    .await;
    Story {
        staff,
        triage,
        stage1_mo,
        stage1_maya,
        review_unassigned,
        review_chris,
        answered,
        withdrawn,
        request,
    }
}

async fn references(db: &Db, filter: WorklistFilter) -> Vec<String> {
    worklist::list(db, &filter, &calendar())
        .await
        .expect("listed")
        .rows
        .into_iter()
        .map(|r| r.reference.to_string())
        .collect()
}

/// The references a search for `text` finds among every case, open or not; and checks
/// that the same search among the open cases (which looks customers up another way on
/// PostgreSQL) finds the open ones among them, in the same order.
async fn searched(db: &Db, text: String) -> Vec<String> {
    let everywhere = references(
        db,
        WorklistFilter {
            search: Some(text.clone()),
            open_only: false,
            ..filter()
        },
    )
    .await;
    let open = references(db, filter()).await;
    let among_open = references(
        db,
        WorklistFilter {
            search: Some(text.clone()),
            ..filter()
        },
    )
    .await;
    let expected: Vec<_> = everywhere
        .iter()
        .filter(|r| open.contains(r))
        .cloned()
        .collect();
    assert_eq!(among_open, expected, "{text:?} among the open cases");
    copies_agree(db).await;
    everywhere
}

/// On PostgreSQL, each open case's copy of its customer's name and postcode (migration
/// `m0046`, kept by triggers) is the customer's as they stand, and a closed case has none.
async fn copies_agree(db: &Db) {
    if db.backend() != storage::Backend::Postgres {
        return;
    }
    let open = worklist::OPEN_PHASES.map(|p| format!("'{p}'")).join(", ");
    let wrong = storage::test_support::count_rows(
        db,
        &format!(
            "SELECT COUNT(*) FROM cases LEFT JOIN customers ON customers.id = cases.customer_id \
             WHERE (cases.search_name, cases.search_postcode) IS DISTINCT FROM \
             (CASE WHEN cases.phase IN ({open}) THEN lower(customers.name) END, \
              CASE WHEN cases.phase IN ({open}) \
                   THEN replace(lower(customers.postcode), ' ', '') END)"
        ),
    )
    .await
    .expect("counted");
    assert_eq!(
        wrong, 0,
        "cases whose copy of their customer is out of date"
    );
}

fn filter() -> WorklistFilter {
    WorklistFilter::default()
}

#[tokio::test]
async fn open_cases_come_soonest_deadline_first_and_those_with_none_last() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        assert_eq!(
            references(&db, filter()).await,
            [
                s.triage.as_str(),            // Thursday 5 March
                s.review_unassigned.as_str(), // Friday 6 March
                s.review_chris.as_str(),      // Monday 9 March, received 3 February
                s.stage1_maya.as_str(),       // Monday 9 March, received 4 March
                s.stage1_mo.as_str(),         // Wednesday 11 March
                s.answered.as_str(),          // nothing due, received 4 February
                s.request.as_str(),           // nothing due, received 6 March
            ],
            "{backend}"
        );
        let list = worklist::list(&db, &filter(), &calendar())
            .await
            .expect("listed");
        assert_eq!(list.rows.len(), 7, "{backend}");
        assert!(!list.more, "{backend}");
        let first = &list.rows[0];
        assert_eq!(first.next_due, Some(date(2026, 3, 5)), "{backend}");
        assert_eq!(first.kind, CaseKind::Complaint);
        assert_eq!(first.channel, Channel::Letter);
        assert_eq!(first.customer_name.as_deref(), Some("Rita Example"));
        assert_eq!(first.postcode.as_deref(), Some("AB1 2CD"));
        assert!(first.adjustments, "{backend}: Rita asked for large print");
        assert_eq!(first.stage(), Some(QueueStage::Triage));
        assert_eq!(
            first.owner(),
            None,
            "{backend}: nobody owns a case in triage"
        );
        assert_eq!(
            first.case.next_due(&calendar()),
            first.next_due,
            "{backend}: the stored state gives the same deadline"
        );
        let maya = list
            .rows
            .iter()
            .find(|r| r.reference.to_string() == s.stage1_maya)
            .expect("Maya's");
        assert!(
            maya.adjustments,
            "{backend}: an adjustment of their own words counts"
        );
        assert_eq!(maya.owner().map(|o| o.name.as_str()), Some("Maya Mills"));
        let review = list
            .rows
            .iter()
            .find(|r| r.reference.to_string() == s.review_chris)
            .expect("review");
        assert_eq!(
            review.owner().map(|o| o.name.as_str()),
            Some("Chris Complaints"),
            "{backend}: the reviewer owns a review"
        );
        assert_eq!(
            review.handler.as_ref().map(|h| h.name.as_str()),
            Some("Mo Manager")
        );
        assert!(!review.adjustments);
    })
    .await;
}

#[tokio::test]
async fn closed_cases_appear_only_when_asked_for() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let open = references(&db, filter()).await;
        assert!(!open.contains(&s.withdrawn), "{backend}");
        let everything = references(
            &db,
            WorklistFilter {
                open_only: false,
                ..filter()
            },
        )
        .await;
        assert_eq!(everything.len(), 8, "{backend}");
        assert_eq!(
            everything.last(),
            Some(&s.request),
            "{backend}: no deadline, received last"
        );
        assert!(everything.contains(&s.withdrawn), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn my_cases_are_those_i_owe_the_next_step_on() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let mine = |id| {
            references(
                &db,
                WorklistFilter {
                    scope: Scope::Mine(id),
                    ..filter()
                },
            )
        };
        assert_eq!(
            mine(s.staff.mo.0).await,
            [s.stage1_mo.as_str(), s.answered.as_str()],
            "{backend}: Mo's reviews belong to their reviewers"
        );
        assert_eq!(
            mine(s.staff.maya.0).await,
            [s.stage1_maya.as_str()],
            "{backend}"
        );
        assert_eq!(
            mine(s.staff.chris.0).await,
            [s.review_chris.as_str()],
            "{backend}"
        );
        assert_eq!(
            references(
                &db,
                WorklistFilter {
                    scope: Scope::Unassigned,
                    ..filter()
                }
            )
            .await,
            [
                s.triage.as_str(),
                s.review_unassigned.as_str(),
                s.request.as_str()
            ],
            "{backend}"
        );
        assert_eq!(
            references(
                &db,
                WorklistFilter {
                    handler: Some(s.staff.maya.0),
                    ..filter()
                }
            )
            .await,
            [s.stage1_maya.as_str()],
            "{backend}: the handler filter picks the same cases as their own view"
        );
    })
    .await;
}

#[tokio::test]
async fn stage_kind_and_channel_narrow_the_queue() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let by_stage = |stage| {
            references(
                &db,
                WorklistFilter {
                    stage: Some(stage),
                    ..filter()
                },
            )
        };
        assert_eq!(
            by_stage(QueueStage::Triage).await,
            [s.triage.as_str()],
            "{backend}"
        );
        assert_eq!(
            by_stage(QueueStage::Stage1).await,
            [s.stage1_maya.as_str(), s.stage1_mo.as_str()],
            "{backend}"
        );
        assert_eq!(
            by_stage(QueueStage::Stage2).await,
            [s.review_unassigned.as_str(), s.review_chris.as_str()],
            "{backend}"
        );
        assert_eq!(
            by_stage(QueueStage::AwaitingReview).await,
            [s.answered.as_str()],
            "{backend}"
        );
        assert_eq!(
            references(
                &db,
                WorklistFilter {
                    kind: Some(CaseKind::ServiceRequest),
                    ..filter()
                }
            )
            .await,
            [s.request.as_str()],
            "{backend}"
        );
        assert_eq!(
            references(
                &db,
                WorklistFilter {
                    channel: Some(Channel::Phone),
                    ..filter()
                }
            )
            .await,
            [s.stage1_mo.as_str(), s.request.as_str()],
            "{backend}"
        );
        assert_eq!(
            references(
                &db,
                WorklistFilter {
                    channel: Some(Channel::Phone),
                    kind: Some(CaseKind::Complaint),
                    ..filter()
                }
            )
            .await,
            [s.stage1_mo.as_str()],
            "{backend}: filters combine"
        );
    })
    .await;
}

#[tokio::test]
async fn search_finds_a_reference_a_name_or_a_postcode_whatever_the_capitals() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let search = |text: &str| searched(&db, text.to_owned());
        assert_eq!(
            search(&s.stage1_maya).await,
            [s.stage1_maya.as_str()],
            "{backend}: a whole reference"
        );
        assert_eq!(
            search(&s.stage1_maya.to_lowercase().replace('-', " ")).await,
            [s.stage1_maya.as_str()],
            "{backend}: as typed"
        );
        let number = s
            .stage1_maya
            .rsplit('-')
            .next()
            .expect("number")
            .trim_start_matches('0')
            .to_owned();
        assert_eq!(
            search(&number).await,
            [s.stage1_maya.as_str()],
            "{backend}: the number alone"
        );
        assert_eq!(
            search("okafor").await,
            [s.stage1_mo.as_str()],
            "{backend}: part of a name"
        );
        assert_eq!(
            search("PRIYA pat").await,
            [s.stage1_maya.as_str()],
            "{backend}"
        );
        assert_eq!(
            search("bs7 3rt").await,
            [s.review_unassigned.as_str()],
            "{backend}: a postcode"
        );
        assert_eq!(
            search("BS73RT").await,
            [s.review_unassigned.as_str()],
            "{backend}: without its space"
        );
        assert_eq!(
            search("ab1").await,
            [s.triage.as_str()],
            "{backend}: part of a postcode"
        );
        assert!(search("Nobody Here").await.is_empty(), "{backend}");
        assert!(
            search("%").await.is_empty(),
            "{backend}: wildcards are taken literally"
        );
        assert!(search("_").await.is_empty(), "{backend}");
        assert_eq!(
            search("   ").await.len(),
            8,
            "{backend}: blank is no search"
        );
        assert_eq!(search("walker").await, [s.withdrawn.as_str()], "{backend}");
        assert!(
            references(
                &db,
                WorklistFilter {
                    search: Some("walker".into()),
                    ..filter()
                }
            )
            .await
            .is_empty(),
            "{backend}: and the other filters still apply"
        );
    })
    .await;
}

/// The search's index follows every change to a customer, however it is written, and
/// short or odd text is still answered.
#[tokio::test]
async fn search_follows_a_customer_s_changed_name_and_takes_any_text() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let search = |text: &str| searched(&db, text.to_owned());
        assert_eq!(search("kafo").await, [s.stage1_mo.as_str()], "{backend}");
        storage::test_support::execute_raw(
            &db,
            "UPDATE customers SET name = 'Tom O''Connell-Byrne', postcode = 'BS1 4ZZ' \
             WHERE name = 'Tom Okafor'",
        )
        .await
        .expect("renamed");
        assert!(
            search("okafor").await.is_empty(),
            "{backend}: the old name is gone"
        );
        assert_eq!(
            search("o'connell").await,
            [s.stage1_mo.as_str()],
            "{backend}: the new name, apostrophe and all"
        );
        assert_eq!(search("bs14zz").await, [s.stage1_mo.as_str()], "{backend}");
        assert!(search("connell").await.contains(&s.stage1_mo), "{backend}");
        // Two letters are below the index's three: every customer is read, as before.
        assert!(search("yr").await.contains(&s.stage1_mo), "{backend}");
        for odd in [
            "\"",
            "\"tom\"",
            "tom OR priya",
            "name : priya",
            "*",
            "bs1 4",
        ] {
            let found = search(odd).await;
            assert!(
                found.len() <= 1,
                "{backend}: {odd:?} is text to find, not a query: {found:?}"
            );
        }
        assert_eq!(search("bs1 4").await, [s.stage1_mo.as_str()], "{backend}");

        storage::test_support::execute_raw(
            &db,
            "UPDATE cases SET customer_id = \
             (SELECT id FROM customers WHERE name = 'Tom O''Connell-Byrne') \
             WHERE customer_id = (SELECT id FROM customers WHERE name LIKE 'Priya%')",
        )
        .await
        .expect("the case given another customer");
        assert!(
            search("priya").await.is_empty(),
            "{backend}: a case given another customer is found by theirs"
        );
        let mut both = vec![s.stage1_maya.clone(), s.stage1_mo.clone()];
        both.sort();
        let mut found = search("o'connell").await;
        found.sort();
        assert_eq!(found, both, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn pages_follow_on_from_one_another_in_the_queue_s_order() {
    on_each_backend(|db, backend| async move {
        story(&db).await;
        let listed = |limit: Option<u64>, offset: u64| {
            let db = db.clone();
            async move {
                let filter = WorklistFilter {
                    limit,
                    offset,
                    ..filter()
                };
                let list = worklist::list(&db, &filter, &calendar())
                    .await
                    .expect("listed");
                let refs: Vec<String> = list.rows.iter().map(|r| r.reference.to_string()).collect();
                (refs, list.more)
            }
        };
        let (all, more) = listed(None, 0).await;
        assert_eq!((all.len(), more), (7, false), "{backend}");
        assert_eq!(
            listed(Some(2), 0).await,
            (all[..2].to_vec(), true),
            "{backend}"
        );
        assert_eq!(
            listed(Some(2), 2).await,
            (all[2..4].to_vec(), true),
            "{backend}"
        );
        assert_eq!(
            listed(Some(2), 6).await,
            (all[6..].to_vec(), false),
            "{backend}"
        );
        assert_eq!(listed(Some(2), 7).await, (Vec::new(), false), "{backend}");
        assert_eq!(
            listed(None, 5).await,
            (all[5..].to_vec(), false),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_limit_keeps_the_most_urgent_and_still_counts_them_all() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let list = worklist::list(
            &db,
            &WorklistFilter {
                limit: Some(2),
                ..filter()
            },
            &calendar(),
        )
        .await
        .expect("listed");
        let refs: Vec<_> = list.rows.iter().map(|r| r.reference.to_string()).collect();
        assert_eq!(
            refs,
            [s.triage.as_str(), s.review_unassigned.as_str()],
            "{backend}"
        );
        assert!(list.more, "{backend}");
        let week = (date(2026, 3, 9), date(2026, 3, 15));
        let tally = worklist::tally(&db, &filter(), date(2026, 3, 11), week)
            .await
            .expect("counted");
        assert_eq!(tally.total, 7, "{backend}");
        // Due on 5, 6, 9, 9 and 11 March; Wednesday 11 March is today.
        assert_eq!(
            (tally.overdue, tally.due_today, tally.due_this_week),
            (4, 1, 3),
            "{backend}"
        );
        assert_eq!(
            tally.to_contact + tally.to_acknowledge + tally.to_respond,
            5,
            "{backend}: every case with a deadline waits for one step"
        );
    })
    .await;
}

/// The filters' choices and whether "My team" is offered come in one read, each list in
/// the order it had when asked for alone: the staff who own cases by name, the root causes
/// in use by name (a retired one is not offered), and a team only for someone to whom an
/// enabled account reports.
#[tokio::test]
async fn the_filters_offer_the_staff_who_own_cases_and_the_root_causes_in_use_by_name() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let choices = worklist::choices(&db, s.staff.mo.0).await.expect("choices");
        let names: Vec<_> = choices.handlers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(
            names,
            ["Chris Complaints", "Maya Mills", "Mo Manager"],
            "{backend}"
        );
        assert_eq!(choices.handlers[1].id, s.staff.maya.0, "{backend}");
        assert!(!choices.manages, "{backend}: nobody reports to Mo yet");
        assert_eq!(choices.categories, [], "{backend}: no root causes yet");

        storage::learning::ensure_starting_categories(&db)
            .await
            .expect("root causes");
        let in_use = storage::learning::active(&db).await.expect("root causes");
        assert!(in_use.len() > 2, "{backend}");
        storage::learning::set_category_in_use(&db, in_use[1].id, false)
            .await
            .expect("saved")
            .expect("retired");
        accounts::set_manager(&db, s.staff.maya.0, Some(s.staff.mo.0))
            .await
            .expect("Maya reports to Mo");
        let choices = worklist::choices(&db, s.staff.mo.0).await.expect("choices");
        let offered: Vec<(i32, String)> = in_use
            .iter()
            .enumerate()
            .filter(|(at, _)| *at != 1)
            .map(|(_, c)| (c.id, c.name.clone()))
            .collect();
        assert_eq!(
            choices.categories, offered,
            "{backend}: by name, the retired one gone"
        );
        assert!(choices.manages, "{backend}: Maya reports to Mo");
        assert_eq!(choices.handlers.len(), 3, "{backend}");
        assert!(
            !worklist::choices(&db, s.staff.maya.0)
                .await
                .expect("choices")
                .manages,
            "{backend}: nobody reports to Maya"
        );

        // Someone whose only report is disabled has no team to look at.
        accounts::set_disabled(&db, s.staff.maya.0, true, at(2026, 3, 1))
            .await
            .expect("disabled");
        assert!(
            !worklist::choices(&db, s.staff.mo.0)
                .await
                .expect("choices")
                .manages,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_stage_counts_ignore_the_stage_chosen_but_keep_the_other_filters() {
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let counts = |filter: WorklistFilter| {
            let db = db.clone();
            async move { worklist::stage_counts(&db, &filter).await.expect("counted") }
        };
        let everything = vec![
            (QueueStage::Triage, 1),
            (QueueStage::Stage1, 2),
            (QueueStage::AwaitingReview, 1),
            (QueueStage::Stage2, 2),
        ];
        assert_eq!(counts(filter()).await, everything, "{backend}");
        assert_eq!(
            counts(WorklistFilter {
                stage: Some(QueueStage::Stage2),
                limit: Some(1),
                ..filter()
            })
            .await,
            everything,
            "{backend}"
        );
        assert_eq!(
            counts(WorklistFilter {
                scope: Scope::Mine(s.staff.mo.0),
                ..filter()
            })
            .await,
            [(QueueStage::Stage1, 1), (QueueStage::AwaitingReview, 1)],
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_queue_reads_the_open_cases_index_in_its_order_and_sorts_nothing() {
    on_each_backend(|db, backend| async move {
        // PostgreSQL's plans follow its statistics; SQLite's follow the query.
        if backend != "sqlite" {
            return;
        }
        story(&db).await;
        let plan = |filter: WorklistFilter| {
            let db = db.clone();
            async move {
                worklist::sqlite_plan(
                    &db,
                    &WorklistFilter {
                        limit: Some(100),
                        ..filter
                    },
                )
                .await
                .expect("a plan")
            }
        };
        let all = plan(filter()).await;
        assert!(all.contains("cases_open_by_due"), "{all}");
        assert!(!all.contains("TEMP B-TREE"), "{all}");
        for scope in [Scope::Mine(1), Scope::Unassigned] {
            let owned = plan(WorklistFilter { scope, ..filter() }).await;
            assert!(owned.contains("cases_open_by_owner"), "{scope:?}: {owned}");
            assert!(!owned.contains("TEMP B-TREE"), "{scope:?}: {owned}");
        }
        // A search among open cases walks the open cases' index in the queue's order (it
        // carries each case's customer, so a case is read only once it is found), looking
        // each up in the customers the name index found.
        let searched = plan(WorklistFilter {
            search: Some("okafor".into()),
            ..filter()
        })
        .await;
        assert!(
            searched.contains("SCAN cases USING INDEX cases_open_by_due"),
            "{searched}"
        );
        assert!(searched.contains("customer_search"), "{searched}");
        assert!(!searched.contains("TEMP B-TREE"), "{searched}");
    })
    .await;
}

/// The counts the database keeps as cases change (`queue_tally`, kept by a trigger) say
/// what counting the cases themselves says, after every kind of step the story takes:
/// cases received, assigned, answered, reviewed, withdrawn and closed.
#[tokio::test]
async fn the_counts_the_database_keeps_agree_with_counting_the_cases() {
    on_each_backend(|db, backend| async move {
        story(&db).await;
        let week = (date(2026, 3, 9), date(2026, 3, 15));
        let mut compared = 0;
        for today in [date(2026, 3, 4), date(2026, 3, 11), date(2026, 3, 20)] {
            for scope in [Scope::All, Scope::Unassigned] {
                for stage in [None]
                    .into_iter()
                    .chain(QueueStage::ALL.into_iter().map(Some))
                {
                    for kind in [
                        None,
                        Some(CaseKind::Complaint),
                        Some(CaseKind::ServiceRequest),
                    ] {
                        let filter = WorklistFilter {
                            scope,
                            stage,
                            kind,
                            ..filter()
                        };
                        let kept = worklist::tally(&db, &filter, today, week).await.unwrap();
                        let live = worklist::live_tally(&db, &filter, today, week)
                            .await
                            .unwrap();
                        assert_eq!(kept, live, "{backend}: {filter:?} on {today}");
                        let kept = worklist::stage_counts(&db, &filter).await.unwrap();
                        let live = worklist::live_stage_counts(&db, &filter).await.unwrap();
                        assert_eq!(kept, live, "{backend}: {filter:?}");
                        compared += usize::from(!live.is_empty());
                    }
                }
            }
        }
        assert!(compared > 20, "{backend}: only {compared} had cases");

        // Who owns how many cases (`case_owners`, kept by triggers) agrees too: after the
        // story's assignments and reviews, and after cases change hands or lose an owner.
        let (kept, live) = worklist::kept_and_live_case_owners(&db).await.unwrap();
        assert_eq!(kept, live, "{backend}");
        assert!(kept.len() >= 3, "{backend}: {kept:?}");
        let (first, second) = (kept[0].0, kept[1].0);
        storage::test_support::execute_raw(
            &db,
            &format!(
                "UPDATE cases SET handler_id = {second}, reviewer_id = NULL \
                 WHERE handler_id = {first} OR reviewer_id = {first}"
            ),
        )
        .await
        .unwrap();
        let (kept, live) = worklist::kept_and_live_case_owners(&db).await.unwrap();
        assert_eq!(kept, live, "{backend}");
        assert!(
            kept.iter().all(|(owner, _)| *owner != first),
            "{backend}: {kept:?}"
        );
    })
    .await;
}

/// Triage (Code 6.1): a case's priority and a customer's vulnerability flag order and
/// narrow the queue, are shown on its lines, and are counted like any other filter.
#[tokio::test]
async fn priority_and_vulnerability_triage_the_queue() {
    use domain::triage::{Priority, PriorityChange, Vulnerability, VulnerabilityInput};
    use storage::worklist::QueueOrder;
    on_each_backend(|db, backend| async move {
        let s = story(&db).await;
        let cal = calendar();
        let who = Who::system();
        let raise = |reference: String, to: &'static str| {
            let db = db.clone();
            let who = who.clone();
            let cal = cal.clone();
            async move {
                let id = cases::find_id(&db, &reference.parse().expect("a reference"))
                    .await
                    .expect("found");
                let change =
                    PriorityChange::decide(to, "No heating, two small children.", Priority::Standard)
                        .expect("a change");
                cases::set_priority(&db, id, Priority::Standard, &change, &who, at(2026, 3, 6))
                    .await
                    .expect("set");
                // Someone who saw the old priority is told it changed meanwhile.
                assert!(matches!(
                    cases::set_priority(&db, id, Priority::Standard, &change, &who, at(2026, 3, 6))
                        .await,
                    Err(storage::StorageError::Stale)
                ));
                let stored = cases::load(&db, id, &cal).await.expect("loaded");
                assert_eq!(stored.priority, change.priority);
                let timeline = cases::timeline(&db, id, false).await.expect("timeline");
                assert!(timeline.iter().any(|e| matches!(
                    &e.item,
                    domain::TimelineItem::PrioritySet { from: Priority::Standard, to, .. } if *to == change.priority
                )));
                let seen = cases::timeline(&db, id, true).await.expect("timeline");
                assert!(
                    !seen
                        .iter()
                        .any(|e| matches!(e.item, domain::TimelineItem::PrioritySet { .. })),
                    "the customer does not see it"
                );
            }
        };
        raise(s.stage1_mo.clone(), "urgent").await;
        raise(s.request.clone(), "high").await;

        let by_priority = WorklistFilter {
            order: QueueOrder::Priority,
            ..filter()
        };
        assert_eq!(
            references(&db, by_priority.clone()).await,
            [
                s.stage1_mo.as_str(),
                s.request.as_str(),
                s.triage.as_str(),
                s.review_unassigned.as_str(),
                s.review_chris.as_str(),
                s.stage1_maya.as_str(),
                s.answered.as_str(),
            ],
            "{backend}: the most pressing first, then by deadline"
        );
        let high = WorklistFilter {
            priority: Some(Priority::High),
            ..filter()
        };
        assert_eq!(
            references(&db, high.clone()).await,
            [s.stage1_mo.as_str(), s.request.as_str()],
            "{backend}"
        );
        assert_eq!(
            references(
                &db,
                WorklistFilter {
                    priority: Some(Priority::Urgent),
                    ..filter()
                }
            )
            .await,
            [s.stage1_mo.as_str()],
            "{backend}"
        );

        // Priya (Maya's Stage 1 case) told us she is in hospital.
        let list = worklist::list(&db, &filter(), &cal).await.expect("listed");
        let priya = list
            .rows
            .iter()
            .find(|r| r.reference.to_string() == s.stage1_maya)
            .and_then(|r| r.customer_id)
            .expect("Priya");
        assert!(list.rows.iter().all(|r| r.vulnerability.is_none()));
        let flag = Vulnerability::record(
            &VulnerabilityInput {
                circumstances: vec!["physical_health".into(), "safeguarding".into()],
                reason: "In hospital until April; her son helps with post.".into(),
                support: "Call her son, Dev, first.".into(),
                review_on: "1/9/2026".into(),
            },
            date(2026, 3, 6),
        )
        .expect("a flag");
        let by = storage::customer_flags::DecidedBy {
            user_id: s.staff.maya.0,
            name: "Maya Mills".into(),
        };
        storage::customer_flags::decide(&db, priya, &flag, &by, at(2026, 3, 6))
            .await
            .expect("flagged");
        let vulnerable = WorklistFilter {
            vulnerable: true,
            ..filter()
        };
        let list = worklist::list(&db, &vulnerable, &cal)
            .await
            .expect("listed");
        assert_eq!(list.rows.len(), 1, "{backend}");
        assert_eq!(list.rows[0].reference.to_string(), s.stage1_maya);
        let shown = list.rows[0].vulnerability.as_ref().expect("shown");
        assert!(shown.is_risk());
        assert_eq!(shown.in_short(), "safeguarding, physical health");
        let everyone = worklist::list(&db, &filter(), &cal).await.expect("listed");
        assert_eq!(
            everyone
                .rows
                .iter()
                .filter(|r| r.vulnerability.is_some())
                .count(),
            1,
            "{backend}: shown on the queue beside her case only"
        );

        // Counted like any other filter: what the database keeps and a live count agree.
        let week = (date(2026, 3, 9), date(2026, 3, 15));
        for f in [high, vulnerable, by_priority] {
            let kept = worklist::tally(&db, &f, date(2026, 3, 6), week)
                .await
                .expect("counted");
            let live = worklist::live_tally(&db, &f, date(2026, 3, 6), week)
                .await
                .expect("counted");
            assert_eq!(kept, live, "{backend}: {f:?}");
        }
        assert_eq!(
            worklist::tally(
                &db,
                &WorklistFilter {
                    priority: Some(Priority::High),
                    ..filter()
                },
                date(2026, 3, 6),
                week
            )
            .await
            .expect("counted")
            .total,
            2,
            "{backend}"
        );

        if backend == "sqlite" {
            let plan = worklist::sqlite_plan(
                &db,
                &WorklistFilter {
                    order: QueueOrder::Priority,
                    limit: Some(25),
                    ..filter()
                },
            )
            .await
            .expect("a plan");
            assert!(plan.contains("cases_open_by_priority"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    })
    .await;
}
