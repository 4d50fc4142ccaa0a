//! The service's one way in: a case is reached only through `service::cases::reach`, which
//! answers a case the caller may not see exactly as one that does not exist; the work
//! queue's own scopes are always the caller's; a response's promised action goes only to
//! someone the domain lets own one.

use crate::support::*;
use domain::access::Action;
use storage::test_support::backends;

async fn person(db: &storage::Db, email: &str) -> service::Caller {
    service::Caller::person(&account_of(db, email).await)
}

#[tokio::test]
async fn a_case_is_reached_only_by_those_who_may_see_it_and_refused_for_what_they_may_not_do() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let ctx = service_context(&db, &calendar);
        let rita = person(&db, "rita.resident@example.org").await;
        let ian = person(&db, "ian.panel@example.org").await;
        let chris = person(&db, "chris.complaints@example.org").await;
        let ritas = storage::cases::for_resident(&db, rita.user_id().expect("rita"))
            .await
            .expect("list");
        let reference = ritas[0].reference.to_string();

        let reached = service::cases::reach(ctx, &rita, &reference, Action::ViewCase)
            .await
            .expect("her own case");
        assert!(reached.relation().is_customer, "{backend}");
        assert_eq!(reached.action(), Action::ViewCase);

        // Hers to see, not hers to hold: refused, not hidden.
        assert!(
            matches!(
                service::cases::reach(ctx, &rita, &reference, Action::HoldCase).await,
                Err(service::ServiceError::Forbidden(_))
            ),
            "{backend}"
        );
        // Someone who may not see it at all, a reference that names nothing and one that is
        // not a reference: the same answer.
        for (caller, asked) in [
            (&ian, reference.as_str()),
            (&rita, "CMP-1999-000001"),
            (&rita, "../etc/passwd"),
        ] {
            assert!(
                matches!(
                    service::cases::reach(ctx, caller, asked, Action::ViewCase).await,
                    Err(service::ServiceError::NotFound)
                ),
                "{backend} {caller} {asked}"
            );
        }
        // A use case handed the reached case asks again for its own action.
        assert!(
            matches!(
                service::retention::lift_hold(ctx, &rita, &reached).await,
                Err(service::ServiceError::Forbidden(_))
            ),
            "{backend}"
        );
        let staff = service::cases::reach(ctx, &chris, &reference, Action::HoldCase)
            .await
            .expect("the complaints manager");
        service::retention::standing(ctx, &chris, &staff)
            .await
            .expect("the case's place in the schedule");

        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn my_cases_in_the_queue_are_always_the_callers_own_whoever_the_filter_names() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let ctx = service_context(&db, &calendar);
        let sam = person(&db, "sam.officer@example.org").await;
        let mo = person(&db, "mo.manager@example.org").await;
        let today = domain::london::to_london(now()).date();
        let week = (today, today);
        let mine = |user: i32| storage::worklist::WorklistFilter {
            scope: storage::worklist::Scope::Mine(user),
            ..Default::default()
        };
        let mo_id = mo.user_id().expect("mo");
        let sam_id = sam.user_id().expect("sam");
        let own = service::worklist::queue(ctx, &sam, mine(sam_id), today, week)
            .await
            .expect("Sam's queue");
        let asked_for_mos = service::worklist::queue(ctx, &sam, mine(mo_id), today, week)
            .await
            .expect("Sam's queue again");
        let mos = service::worklist::queue(ctx, &mo, mine(mo_id), today, week)
            .await
            .expect("Mo's queue");
        let references = |q: &service::worklist::Queue| {
            q.list
                .rows
                .iter()
                .map(|r| r.reference.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(references(&asked_for_mos), references(&own), "{backend}");
        assert_ne!(
            references(&mos),
            references(&own),
            "{backend}: the demo gives them different cases"
        );

        // Someone who may not use the queue is refused before anything is read.
        let rita = person(&db, "rita.resident@example.org").await;
        assert!(
            matches!(
                service::worklist::queue(ctx, &rita, mine(mo_id), today, week).await,
                Err(service::ServiceError::Forbidden(_))
            ),
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_response_promises_an_action_only_to_staff_who_may_own_one() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let ctx = service_context(&db, &calendar);
        let rita = person(&db, "rita.resident@example.org").await;
        let sam = person(&db, "sam.officer@example.org").await;
        // A complaint at Stage 1 and its handler.
        let ritas = storage::cases::for_resident(&db, rita.user_id().expect("rita"))
            .await
            .expect("list");
        let (reference, handler) = {
            let mut found = None;
            for line in ritas.iter().filter(|c| c.phase == "stage1") {
                let stored = storage::cases::load(&db, line.id, &calendar)
                    .await
                    .expect("case");
                if let Some(handler) = stored.case.handler() {
                    found = Some((line.reference.to_string(), handler.as_str().to_owned()));
                    break;
                }
            }
            found.expect("Rita has a complaint at Stage 1 with a handler")
        };
        let handler = storage::accounts::find(&db, handler.parse().expect("an account id"))
            .await
            .expect("query")
            .expect("the handler");
        let handler = service::Caller::person(&handler);
        let owner_problem = |owner: Option<i32>| {
            let reference = reference.clone();
            let handler = handler.clone();
            async move {
                let case = service::steps::OnCase::open(ctx, &handler, &reference)
                    .await
                    .expect("the handler sees the case");
                let version = case.stored.version;
                let fields = service::respond::ResponseFields {
                    actions: vec![service::respond::ActionAnswer {
                        text: Some("Replace the kitchen tap".to_owned()),
                        due: service::steps::date_parts(
                            domain::london::to_london(now()).date() + chrono::Days::new(10),
                        ),
                        owner: owner.map(|id| id.to_string()),
                    }],
                    ..Default::default()
                };
                match service::respond::respond(ctx, &handler, case, version, fields, false).await {
                    Err(service::ServiceError::Invalid(problems)) => problems
                        .into_iter()
                        .find(|p| p.field == "action-owner-1")
                        .map(|p| p.message),
                    other => panic!("an incomplete response is refused: {other:?}"),
                }
            }
        };
        assert_eq!(
            owner_problem(rita.user_id()).await.as_deref(),
            Some("Choose someone from the list"),
            "{backend}: a resident cannot own an action"
        );
        assert_eq!(
            owner_problem(sam.user_id()).await,
            None,
            "{backend}: an officer can"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}
