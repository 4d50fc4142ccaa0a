//! A resident downloads their own data: their account, the contact details held for them
//! and every case of theirs as their pages show it, as a JSON file, and nothing of anyone
//! else's; staff and visitors are refused. On SQLite and, when configured, PostgreSQL.

use crate::support;

use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

#[tokio::test]
async fn a_resident_downloads_their_own_data_and_nobody_else_s() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let db = app.db().await;
        let (password, rita, customer) = demo_with_rita(&db).await;
        let cookie = session_for(&app, "rita.resident@example.org", password).await;

        let (_, page) = get_page(&app, "/cases", Some(&cookie)).await;
        assert!(
            page.contains(r#"href="/api/your_data""#),
            "{backend}: linked from their cases"
        );

        let response = app
            .client
            .get(app.url("/api/your_data"))
            .header(header::COOKIE, &cookie)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let disposition = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            disposition.starts_with("attachment"),
            "{backend}: {disposition}"
        );
        let data: app::your_data::PersonalData = response.json().await.expect("JSON");
        assert_eq!(data.account.email, rita.email, "{backend}");
        let details = storage::customers::find(&db, customer)
            .await
            .expect("her record");
        assert_eq!(
            data.contact_details.as_ref().map(|c| c.name.as_str()),
            Some(details.details.name.as_str()),
            "{backend}"
        );
        let hers: Vec<String> = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("her cases")
            .into_iter()
            .map(|c| c.reference.to_string())
            .collect();
        assert!(!hers.is_empty(), "{backend}: the demo gives Rita cases");
        let downloaded: Vec<&str> = data.cases.iter().map(|c| c.reference.as_str()).collect();
        assert_eq!(downloaded.len(), hers.len(), "{backend}");
        for reference in &hers {
            assert!(
                downloaded.contains(&reference.as_str()),
                "{backend}: {reference}"
            );
        }
        // Nothing of anyone else's: no other case's reference appears anywhere in the file.
        let whole = serde_json::to_string(&data).expect("JSON");
        let others = storage::test_support::count_rows(
            &db,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE customer_id IS NULL OR customer_id <> {customer}"
            ),
        )
        .await
        .expect("count");
        assert!(others > 0, "{backend}: the demo has other people's cases");
        assert!(
            !whole.contains("Priya"),
            "{backend}: another customer's name"
        );

        for (who, cookie) in [
            (
                "staff",
                Some(session_for(&app, "sam.officer@example.org", password).await),
            ),
            ("nobody", None),
        ] {
            let mut request = app.client.get(app.url("/api/your_data"));
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let status = request.send().await.expect("request").status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {who}");
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}
