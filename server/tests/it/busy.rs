//! A server past what it can take says so at once: 503 "very busy" with `Retry-After`,
//! never a long wait or a 500, and counts each refusal where monitoring can see it. Runs on
//! SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set. (How long a
//! request waits for its turn is tested with the middleware alone: `server::admission`.)

use crate::support::*;
use reqwest::{StatusCode, header};
use storage::test_support::backends;

/// What one request got back.
struct Answer {
    status: StatusCode,
    retry_after: Option<String>,
    policy: bool,
    body: String,
}

async fn ask(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("an answer");
    Answer {
        status: response.status(),
        retry_after: response
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap_or_default().to_owned()),
        policy: response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY),
        body: response.text().await.expect("a body"),
    }
}

#[tokio::test]
async fn past_what_it_can_take_the_server_says_it_is_busy_at_once_and_counts_it() {
    for backend in backends() {
        // One request at a time and none waiting: a burst must be partly refused.
        let app = spawn_app_with(backend, |s| {
            s.busy_in_flight = 1;
            s.busy_queue = 0;
            s.busy_wait_ms = 30_000;
        })
        .await;
        let mut burst = Vec::new();
        for n in 0..120 {
            let request = if n % 2 == 0 {
                app.client.get(app.url("/sign-in"))
            } else {
                // Not signed in: refused 403 when served, 503 when shed.
                app.client
                    .post(app.url("/api/work_queue"))
                    .form(&[("scope", "all")])
            };
            burst.push(tokio::spawn(ask(request)));
        }
        let mut answers = Vec::new();
        for request in burst {
            answers.push(request.await.expect("joined"));
        }
        let busy: Vec<&Answer> = answers
            .iter()
            .filter(|a| a.status == StatusCode::SERVICE_UNAVAILABLE)
            .collect();
        assert!(
            !busy.is_empty(),
            "{backend}: a burst past the limit is refused"
        );
        for answer in &answers {
            assert!(
                matches!(
                    answer.status,
                    StatusCode::OK | StatusCode::FORBIDDEN | StatusCode::SERVICE_UNAVAILABLE
                ),
                "{backend}: {} {}",
                answer.status,
                answer.body
            );
        }
        for answer in &busy {
            assert_eq!(answer.retry_after.as_deref(), Some("5"), "{backend}");
            assert!(answer.policy, "{backend}: the usual headers");
            if !answer.body.starts_with('<') {
                // A server function: the error its page shows next to the form.
                let error: app::error::AppError =
                    serde_json::from_str(&answer.body).expect("an AppError");
                assert_eq!(error, app::error::AppError::Busy, "{backend}");
            } else {
                assert!(
                    answer.body.contains("Putright is very busy just now"),
                    "{}",
                    answer.body
                );
                assert!(
                    !answer.body.contains("<script"),
                    "{backend}: nothing to run"
                );
            }
        }

        // The health check is never held back, and counts every refusal.
        let health: serde_json::Value = app
            .client
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        assert_eq!(
            health["busy_refused"].as_u64(),
            Some(busy.len() as u64),
            "{backend}"
        );
        assert_eq!(health["pool_timeouts"].as_u64(), Some(0), "{backend}");

        // Once the burst is over, pages are served again.
        let after = ask(app.client.get(app.url("/sign-in"))).await;
        assert_eq!(after.status, StatusCode::OK, "{backend}");
        app.stop().await;
    }
}
