//! The staff work queue against the real server on port 0 with the demo data: staff see
//! every deadline in order with its status in words, filters and search narrow it, the
//! page is a plain GET form that works without JavaScript, and nobody else sees it. Every
//! test runs on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use app::worklist::{QueueLine, QueueView};
use chrono::NaiveDate;
use domain::deadlines::Rag;
use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

const PASSWORD: &str = server::demo::DEMO_PASSWORD;

/// The app with the demo data loaded.
async fn demo(backend: &'static str) -> TestApp {
    spawn_demo_app(backend).await
}

/// The `work_queue` server function called as the hydrated page calls it.
async fn queue(
    app: &TestApp,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut request = app.client.post(app.url("/api/work_queue")).form(fields);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

async fn queue_view(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> QueueView {
    let (status, body) = queue(app, Some(cookie), fields).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("a queue")
}

/// "Wednesday 11 March 2026" as a date.
fn due_date(line: &QueueLine) -> Option<NaiveDate> {
    line.due
        .as_ref()
        .map(|d| NaiveDate::parse_from_str(&d.due_on, "%A %e %B %Y").expect("a written date"))
}

/// The case references a page links to, in order.
fn references(html: &str) -> Vec<String> {
    html.split("href=\"/staff/cases/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn staff_see_every_open_case_soonest_deadline_first_with_its_status_in_words() {
    for backend in backends() {
        let app = demo(backend).await;
        let mo = session_for(&app, "mo.manager@example.org", PASSWORD).await;

        let view = queue_view(&app, &mo, &[("scope", "all")]).await;
        assert!(
            view.lines.len() >= 8,
            "{backend}: {} lines",
            view.lines.len()
        );
        let dates: Vec<_> = view.lines.iter().map(due_date).collect();
        let with_deadline: Vec<_> = dates.iter().take_while(|d| d.is_some()).collect();
        assert!(
            with_deadline.windows(2).all(|w| w[0] <= w[1]),
            "{backend}: soonest first: {dates:?}"
        );
        assert!(
            dates[with_deadline.len()..].iter().all(Option::is_none),
            "{backend}: cases with no deadline running come last"
        );
        assert!(
            view.counts.overdue >= 1,
            "{backend}: the demo has an overdue case"
        );
        let overdue = view
            .lines
            .iter()
            .find(|l| l.customer.as_deref() == Some("Tom Okafor"))
            .expect("Tom's overdue complaint");
        let due = overdue.due.as_ref().expect("a deadline");
        assert_eq!(due.rag, Rag::Red, "{backend}");
        assert_eq!(due.leg, "Acknowledge", "{backend}");
        assert!(
            due.time_left.ends_with("overdue"),
            "{backend}: {}",
            due.time_left
        );
        assert_eq!(overdue.owner.as_deref(), Some("Mo Manager"));
        let rita = view
            .lines
            .iter()
            .find(|l| l.customer.as_deref() == Some("Rita Resident"))
            .expect("Rita's");
        assert!(rita.adjustments, "{backend}: Rita asked for large print");

        let (status, html) = get_page(&app, "/staff?scope=all", Some(&mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(
            main.contains("<h1 class=\"heading-l\">Work queue</h1>"),
            "{backend}"
        );
        assert_eq!(
            references(main),
            view.lines
                .iter()
                .map(|l| l.reference.clone())
                .collect::<Vec<_>>(),
            "{backend}: the page lists the cases in the queue's order"
        );
        for words in [
            "Overdue",
            "On track",
            "working days overdue",
            "Adjustments",
            "Tom Okafor, BS5 9QP",
        ] {
            assert!(main.contains(words), "{backend}: {words}");
        }
        assert!(
            html.contains(
                "href=\"/staff\" aria-current=\"page\" class=\"service-nav__link\">Work queue</a>"
            ),
            "{backend}: the header links to the queue, marked as the page they are on"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_manager_starts_on_their_own_cases_and_can_see_the_unassigned_and_all() {
    for backend in backends() {
        let app = demo(backend).await;
        let mo = session_for(&app, "mo.manager@example.org", PASSWORD).await;
        let chris = session_for(&app, "chris.complaints@example.org", PASSWORD).await;

        let mine = queue_view(&app, &mo, &[]).await;
        assert_eq!(
            mine.filters.scope,
            app::worklist::ScopeChoice::Mine,
            "{backend}"
        );
        assert!(!mine.lines.is_empty(), "{backend}");
        assert!(
            mine.lines
                .iter()
                .all(|l| l.owner.as_deref() == Some("Mo Manager")),
            "{backend}: only Mo's"
        );
        let reviews = queue_view(&app, &chris, &[]).await;
        assert!(
            reviews
                .lines
                .iter()
                .all(|l| l.owner.as_deref() == Some("Chris Complaints")
                    && l.owner_role == "Reviewer"),
            "{backend}: Chris owns the reviews"
        );
        let unassigned = queue_view(&app, &mo, &[("scope", "unassigned")]).await;
        assert!(
            unassigned.lines.iter().any(|l| l.stage == "Triage"),
            "{backend}: a complaint waiting for triage has nobody yet"
        );
        assert!(
            unassigned.lines.iter().all(|l| l.owner.is_none()),
            "{backend}"
        );
        let all = queue_view(&app, &mo, &[("scope", "all")]).await;
        assert!(all.lines.len() > mine.lines.len(), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn filters_and_search_narrow_the_queue() {
    for backend in backends() {
        let app = demo(backend).await;
        let sam = session_for(&app, "sam.officer@example.org", PASSWORD).await;

        let stage2 = queue_view(&app, &sam, &[("stage", "stage2")]).await;
        assert!(!stage2.lines.is_empty(), "{backend}");
        assert!(
            stage2.lines.iter().all(|l| l.stage == "Stage 2 review"),
            "{backend}"
        );

        let requests = queue_view(&app, &sam, &[("kind", "service_request")]).await;
        assert!(!requests.lines.is_empty(), "{backend}");
        assert!(
            requests.lines.iter().all(|l| l.kind == "Service request"),
            "{backend}"
        );

        let social = queue_view(&app, &sam, &[("channel", "social_media")]).await;
        assert!(
            social.lines.iter().all(|l| l.channel == "Social media"),
            "{backend}"
        );
        assert!(!social.lines.is_empty(), "{backend}");

        let overdue = queue_view(&app, &sam, &[("due", "overdue")]).await;
        assert_eq!(overdue.lines.len(), overdue.counts.overdue, "{backend}");
        assert!(
            overdue
                .lines
                .iter()
                .all(|l| l.due.as_ref().is_some_and(|d| d.rag == Rag::Red)),
            "{backend}"
        );

        let by_postcode = queue_view(&app, &sam, &[("search", "bs5 9qp")]).await;
        let names: Vec<_> = by_postcode
            .lines
            .iter()
            .map(|l| l.customer.clone())
            .collect();
        assert_eq!(names, [Some("Tom Okafor".to_owned())], "{backend}");
        let by_name = queue_view(&app, &sam, &[("search", "OKAFOR")]).await;
        assert_eq!(by_name.lines, by_postcode.lines, "{backend}");
        let reference = by_name.lines[0].reference.clone();
        let by_reference = queue_view(&app, &sam, &[("search", &reference.to_lowercase())]).await;
        assert_eq!(by_reference.lines, by_name.lines, "{backend}");

        let (status, html) = get_page(&app, "/staff?search=nobody+at+all", Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            main_part(&html).contains("Nothing matches these filters"),
            "{backend}"
        );
        // Nothing listed between the results heading and what Sam owes (his own remedies
        // and warnings come after the cases).
        let results = main_part(&html)
            .split("id=\"queue-results\"")
            .nth(1)
            .expect("the results heading");
        let results = results
            .split("class=\"warnings\"")
            .next()
            .and_then(|r| r.split("class=\"remedies-due\"").next())
            .unwrap_or(results);
        assert!(references(results).is_empty(), "{backend}");
        // The search says where it looked (Sam sees every case), and offers to look at
        // closed ones too.
        assert!(
            results.contains("Looked for “nobody at all” in every case (open ones only)."),
            "{backend}"
        );
        assert!(
            results.contains("Search every case you may see, closed ones too"),
            "{backend}"
        );

        let (status, body) = queue(&app, Some(&sam), &[("stage", "stage9")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_queue_is_a_get_form_that_works_without_javascript_and_keeps_its_values() {
    for backend in backends() {
        let app = demo(backend).await;
        let mo = session_for(&app, "mo.manager@example.org", PASSWORD).await;
        let (status, html) = get_page(
            &app,
            "/staff?scope=all&stage=stage1&search=okafor&closed=include",
            Some(&mo),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(
            main.contains("method=\"get\"") && main.contains("action=\"/staff\""),
            "{backend}"
        );
        assert!(
            main.contains(
                "<label class=\"label\" for=\"search\">Reference, name or postcode</label>"
            )
        );
        assert!(
            main.contains("name=\"search\"") && main.contains("value=\"okafor\""),
            "{backend}"
        );
        assert!(
            main.contains("<option value=\"stage1\" selected"),
            "{backend}: the stage stays chosen"
        );
        assert!(
            main.contains("name=\"scope\" value=\"all\""),
            "{backend}: the scope is kept"
        );
        assert!(
            main.contains("checked"),
            "{backend}: closed cases stay included"
        );
        assert!(main.contains(">Apply filters</button>"), "{backend}");
        assert_eq!(references(main).len(), 1, "{backend}: Tom's complaint only");
        // Each tab and tile is a plain link that keeps the other filters.
        assert!(main.contains("href=\"/staff?scope=unassigned&amp;stage=stage1&amp;search=okafor&amp;closed=include\""), "{backend}");
        assert!(main.contains("href=\"/staff?scope=all&amp;stage=stage1&amp;due=overdue&amp;search=okafor&amp;closed=include\""), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn residents_panel_members_the_board_and_strangers_are_refused_and_see_no_personal_data() {
    for backend in backends() {
        let app = demo(backend).await;
        let mut callers = vec![("nobody signed in", None)];
        for email in [
            "rita.resident@example.org",
            "ian.panel@example.org",
            "bea.board@example.org",
            "ada.admin@example.org",
        ] {
            callers.push((email, Some(session_for(&app, email, PASSWORD).await)));
        }
        for (who, cookie) in &callers {
            let (status, html) = get_page(&app, "/staff?scope=all", cookie.as_deref()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {who}");
            let main = main_part(&html);
            assert!(
                main.contains("You cannot see the work queue"),
                "{backend}: {who}"
            );
            for personal in ["Okafor", "BS5 9QP", "Rita Resident", "/staff/cases/"] {
                assert!(!main.contains(personal), "{backend}: {who} saw {personal}");
            }
            let (status, body) = queue(&app, cookie.as_deref(), &[("scope", "all")]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {who}");
            assert!(!body.contains("Okafor"), "{backend}: {who}");
        }
        let (_, html) = get_page(&app, "/", callers[1].1.as_deref()).await;
        assert!(
            !html.contains("Work queue"),
            "{backend}: no queue link for a resident"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn people_who_sign_in_without_somewhere_to_go_land_on_their_own_workspace() {
    let app = demo("sqlite").await;
    let landing = |email: &'static str, next: &'static str| {
        let app = &app;
        async move {
            let response = sign_in_fully(
                app,
                &[("email", email), ("password", PASSWORD), ("next", next)],
            )
            .await;
            assert_eq!(response.status(), StatusCode::FOUND, "{email}");
            response.headers()[header::LOCATION]
                .to_str()
                .expect("text")
                .to_owned()
        }
    };
    assert_eq!(landing("mo.manager@example.org", "").await, "/staff");
    assert_eq!(landing("sam.officer@example.org", "").await, "/staff");
    assert_eq!(
        landing("mo.manager@example.org", "/cases/x").await,
        "/cases/x"
    );
    assert_eq!(landing("rita.resident@example.org", "").await, "/");
    assert_eq!(landing("bea.board@example.org", "").await, "/reports");
    assert_eq!(landing("ian.panel@example.org", "").await, "/panel");
    assert_eq!(
        landing("ian.panel@example.org", "/panel/x").await,
        "/panel/x"
    );
    assert!(
        landing("ada.admin@example.org", "")
            .await
            .starts_with("/admin/")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_manager_sees_their_teams_cases_and_staff_find_cases_by_root_cause() {
    use app::worklist::ScopeChoice;
    for backend in backends() {
        let app = demo(backend).await;
        let mo = session_for(&app, "mo.manager@example.org", PASSWORD).await;
        let chris = session_for(&app, "chris.complaints@example.org", PASSWORD).await;
        let sam = session_for(&app, "sam.officer@example.org", PASSWORD).await;

        // Mo reports to Chris: Chris's team holds Mo's cases and Chris's own, nobody else's.
        let team = queue_view(&app, &chris, &[("scope", "team")]).await;
        assert_eq!(team.filters.scope, ScopeChoice::Team, "{backend}");
        assert!(team.scopes.contains(&ScopeChoice::Team), "{backend}");
        let owners: std::collections::BTreeSet<Option<&str>> =
            team.lines.iter().map(|l| l.owner.as_deref()).collect();
        assert_eq!(
            owners,
            [Some("Chris Complaints"), Some("Mo Manager")]
                .into_iter()
                .collect(),
            "{backend}"
        );
        let mos = queue_view(&app, &mo, &[]).await;
        let team_refs: Vec<&str> = team.lines.iter().map(|l| l.reference.as_str()).collect();
        assert!(
            mos.lines
                .iter()
                .all(|l| team_refs.contains(&l.reference.as_str())),
            "{backend}: every case of Mo's is in his manager's team"
        );
        // Sam manages nobody: no "My team" to choose.
        let sams = queue_view(&app, &sam, &[]).await;
        assert!(!sams.scopes.contains(&ScopeChoice::Team), "{backend}");
        let (_, html) = get_page(&app, "/staff?scope=all", Some(&sam)).await;
        assert!(!html.contains("My team"), "{backend}");
        let (_, html) = get_page(&app, "/staff", Some(&chris)).await;
        assert!(html.contains("My team"), "{backend}");

        // A root cause recorded on one open case: the filter finds that case alone.
        let db = app.db().await;
        let category = storage::learning::active(&db).await.expect("categories")[0].clone();
        let all = queue_view(&app, &mo, &[("scope", "all")]).await;
        let chosen = &all.lines[0].reference;
        let id = storage::cases::find_id(&db, &chosen.parse().expect("a reference"))
            .await
            .expect("found");
        storage::learning::record(&db, id, category.id)
            .await
            .expect("recorded");
        let id_text = category.id.to_string();
        let found = queue_view(
            &app,
            &mo,
            &[("scope", "all"), ("category", id_text.as_str())],
        )
        .await;
        let refs: Vec<&str> = found.lines.iter().map(|l| l.reference.as_str()).collect();
        assert_eq!(refs, [chosen.as_str()], "{backend}");
        assert_eq!(found.filters.category, Some(category.id), "{backend}");
        assert!(
            found.categories.iter().any(|c| c.name == category.name),
            "{backend}"
        );
        let (status, body) = queue(&app, Some(&mo), &[("category", "damp")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(body.contains("category"), "{backend}: {body}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A long queue comes in pages of `PAGE_SIZE`: together they list every matching case once,
/// soonest deadline first across the pages, and the counts say how many there are in all.
/// A page past the end says so and links back to the first; a page that cannot exist is
/// refused.
#[tokio::test]
async fn a_long_queue_comes_in_pages_that_together_show_every_case_once() {
    use app::worklist::PAGE_SIZE;
    for backend in backends() {
        let app = spawn_app(backend).await;
        let db = app.db().await;
        server::scale::seed(&db, 3_000, now())
            .await
            .expect("seeded");
        db.close().await.expect("closed");
        // The first complaints manager: the roster starts with six heads of service.
        let manager = session_for(
            &app,
            &server::scale::staff_email(7),
            server::scale::SCALE_PASSWORD,
        )
        .await;

        let mut seen: Vec<QueueLine> = Vec::new();
        let mut page = 1;
        let matching = loop {
            let number = page.to_string();
            let view = queue_view(&app, &manager, &[("scope", "all"), ("page", &number)]).await;
            assert_eq!(view.filters.page, page, "{backend}");
            if view.more {
                assert_eq!(view.lines.len(), PAGE_SIZE, "{backend}: page {page}");
            }
            seen.extend(view.lines);
            if !view.more {
                break view.matching;
            }
            page += 1;
        };
        assert!(page > 1, "{backend}: {matching} open cases fit on one page");
        assert_eq!(seen.len(), matching, "{backend}: every case shown once");
        let mut references: Vec<_> = seen.iter().map(|l| l.reference.clone()).collect();
        references.sort();
        references.dedup();
        assert_eq!(references.len(), matching, "{backend}: no case twice");
        let dates: Vec<_> = seen.iter().map(due_date).collect();
        let with_deadline: Vec<_> = dates.iter().take_while(|d| d.is_some()).collect();
        assert!(
            with_deadline.windows(2).all(|w| w[0] <= w[1]),
            "{backend}: soonest first across the pages"
        );

        // The pages link to each other; past the end, back to the first.
        let (status, html) = get_page(&app, "/staff?scope=all&page=2", Some(&manager)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(
            main.contains("href=\"/staff?scope=all\" rel=\"prev\""),
            "{backend}: {main}"
        );
        assert!(
            main.contains(&format!("Cases 26 to {}", 50.min(matching))),
            "{backend}"
        );
        let past = format!("/staff?scope=all&page={}", page + 1);
        let (status, html) = get_page(&app, &past, Some(&manager)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            main_part(&html).contains("Go to the first page"),
            "{backend}"
        );
        for wrong in ["0", "10001", "two"] {
            let (status, body) = queue(&app, Some(&manager), &[("page", wrong)]).await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{backend}: {wrong}: {body}"
            );
        }
        app.stop().await;
    }
}

/// The cards and the drop-downs' options are drawn to HTML apart from the page: a name
/// written as markup is still shown as text in them, never read as markup. The handlers'
/// names come from the database as one JSON list: quotes and a backslash in one come out
/// as written.
#[tokio::test]
async fn names_written_as_markup_are_shown_as_text_in_the_cards_and_the_handler_list() {
    for backend in backends() {
        let app = demo(backend).await;
        let mo = session_for(&app, "mo.manager@example.org", PASSWORD).await;
        let db = app.db().await;
        storage::test_support::execute_raw(
            &db,
            "UPDATE customers SET name = '<img src=x onerror=alert(1)> & \"Co\"'",
        )
        .await
        .expect("customers renamed");
        storage::test_support::execute_raw(
            &db,
            "UPDATE users SET display_name = '<b>Bold</b> O''Neil \"Mo\" \\ Manager' WHERE email = 'mo.manager@example.org'",
        )
        .await
        .expect("Mo renamed");
        db.close().await.expect("closed");

        let (status, html) = get_page(&app, "/staff?scope=all", Some(&mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(!main.contains("<img"), "{backend}: no markup from a name");
        assert!(
            !main.contains("<b>Bold"),
            "{backend}: no markup from a name"
        );
        assert!(
            main.contains("&lt;img src=x onerror=alert(1)&gt; &amp; \"Co\""),
            "{backend}: the customer's name as text on a card"
        );
        assert!(
            main.contains("&lt;b&gt;Bold&lt;/b&gt; O'Neil \"Mo\" \\ Manager</option>"),
            "{backend}: the handler's name as text in the handler list"
        );
        app.stop().await;
    }
}
