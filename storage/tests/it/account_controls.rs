//! Shutting accounts off and setting passwords again, on SQLite and (when configured)
//! PostgreSQL: disabling ends every session at once, a reset link works once and only
//! within its hour, and changing one's password ends the other sessions.

use chrono::{Duration, TimeZone, Utc};
use domain::Role;
use storage::{
    Db, StorageError,
    accounts::{
        self, ChangePasswordError, RESET_HOURS, RESET_RESEND_MINUTES, ResetError, ResetToken,
    },
    outbox::NewMessage,
    test_support::{count_rows, on_each_backend},
};

const PASSWORD: &str = "correct horse battery";

fn noon() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .expect("a valid time")
}

async fn resident(db: &Db, email: &str) -> accounts::Account {
    accounts::create(db, email, "Rita Resident", Role::Resident, PASSWORD, noon())
        .await
        .expect("created")
}

async fn session(db: &Db, email: &str, password: &str) -> accounts::SessionToken {
    accounts::sign_in(db, email, password, noon())
        .await
        .expect("signed in")
        .1
}

async fn live(db: &Db, token: &accounts::SessionToken) -> bool {
    accounts::session_account(db, token, noon())
        .await
        .expect("looked up")
        .is_some()
}

fn no_message(_: &accounts::Account, _: &ResetToken) -> Option<NewMessage> {
    None
}

#[tokio::test]
async fn disabling_an_account_deletes_every_session_and_enabling_does_not_bring_them_back() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        let first = session(&db, "rita@example.org", PASSWORD).await;
        let second = session(&db, "rita@example.org", PASSWORD).await;
        let status = accounts::set_disabled(&db, rita.id, true, noon())
            .await
            .expect("disabled");
        assert_eq!(status.disabled_at, Some(noon()), "{backend}");
        let left = count_rows(
            &db,
            &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {}", rita.id),
        )
        .await
        .expect("counted");
        assert_eq!(
            left, 0,
            "{backend}: the sessions are deleted, not only refused"
        );
        let refused = accounts::sign_in(&db, "rita@example.org", PASSWORD, noon())
            .await
            .expect_err("refused");
        assert_eq!(
            refused.to_string(),
            "Enter a correct email address and password",
            "{backend}: a disabled account is refused like a wrong password"
        );

        let status = accounts::set_disabled(&db, rita.id, false, noon())
            .await
            .expect("enabled");
        assert_eq!(status.disabled_at, None, "{backend}");
        assert!(!live(&db, &first).await, "{backend}");
        assert!(!live(&db, &second).await, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn ending_all_sessions_signs_the_person_out_everywhere_but_leaves_the_account_working() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        let first = session(&db, "rita@example.org", PASSWORD).await;
        let second = session(&db, "rita@example.org", PASSWORD).await;
        assert_eq!(
            accounts::session_count(&db, rita.id, noon())
                .await
                .expect("counted"),
            2,
            "{backend}"
        );
        let ended = accounts::end_all_sessions(&db, rita.id)
            .await
            .expect("ended");
        assert_eq!(ended, 2, "{backend}");
        assert!(
            !live(&db, &first).await && !live(&db, &second).await,
            "{backend}"
        );
        assert!(live(&db, &session(&db, "rita@example.org", PASSWORD).await).await);
        assert!(
            matches!(
                accounts::end_all_sessions(&db, rita.id + 1000).await,
                Err(StorageError::NotFound)
            ),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn changing_one_s_password_needs_the_current_one_and_ends_the_other_sessions() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        let here = session(&db, "rita@example.org", PASSWORD).await;
        let elsewhere = session(&db, "rita@example.org", PASSWORD).await;
        let wrong = accounts::change_password(&db, rita.id, &here, "not it", "a new long phrase")
            .await
            .expect_err("refused");
        assert!(
            matches!(wrong, ChangePasswordError::WrongCurrent),
            "{backend}"
        );
        assert!(live(&db, &elsewhere).await, "{backend}: nothing changed");

        accounts::change_password(&db, rita.id, &here, PASSWORD, "a new long phrase")
            .await
            .expect("changed");
        assert!(live(&db, &here).await, "{backend}: this session stays");
        assert!(!live(&db, &elsewhere).await, "{backend}: the others end");
        assert!(
            accounts::sign_in(&db, "rita@example.org", PASSWORD, noon())
                .await
                .is_err(),
            "{backend}: the old password no longer works"
        );
        session(&db, "rita@example.org", "a new long phrase").await;
    })
    .await;
}

#[tokio::test]
async fn a_reset_link_sets_a_password_once_and_ends_every_session() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        let open = session(&db, "rita@example.org", PASSWORD).await;
        let (account, token) =
            accounts::issue_reset(&db, rita.id, noon(), true, |account, token| {
                Some(NewMessage {
                    dedupe_key: format!("password-reset:{}", &token.expose()[..16]),
                    case_id: None,
                    to_user_id: Some(account.id),
                    to_email: Some(account.email.clone()),
                    to_name: Some(account.display_name.clone()),
                    subject: "Set a new password".into(),
                    body: format!("/reset-password/{}", token.expose()),
                })
            })
            .await
            .expect("issued")
            .expect("an enabled account");
        assert_eq!(account.id, rita.id, "{backend}");
        assert!(!format!("{token:?}").contains(token.expose()), "{backend}");
        let stored = count_rows(
            &db,
            &format!(
                "SELECT COUNT(*) FROM password_resets WHERE token_hash = '{}'",
                token.expose()
            ),
        )
        .await
        .expect("counted");
        assert_eq!(stored, 0, "{backend}: the token itself is never stored");
        let queued = count_rows(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'password-reset:%'",
        )
        .await
        .expect("counted");
        assert_eq!(queued, 1, "{backend}: the e-mail is queued with the link");

        let later = noon() + Duration::minutes(10);
        let found = accounts::reset_account(&db, &token, later)
            .await
            .expect("read");
        assert_eq!(found.map(|a| a.id), Some(rita.id), "{backend}");
        accounts::redeem_reset(&db, &token, "a brand new phrase", later)
            .await
            .expect("set");
        assert!(!live(&db, &open).await, "{backend}: every session ends");
        session(&db, "rita@example.org", "a brand new phrase").await;

        let again = accounts::redeem_reset(&db, &token, "yet another phrase", later)
            .await
            .expect_err("used");
        assert!(matches!(again, ResetError::Unusable), "{backend}");
        assert_eq!(
            accounts::reset_account(&db, &token, later)
                .await
                .expect("read"),
            None,
            "{backend}"
        );
        session(&db, "rita@example.org", "a brand new phrase").await;
    })
    .await;
}

#[tokio::test]
async fn a_reset_link_stops_working_after_its_hour_and_when_a_newer_one_is_issued() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        let (_, old) = accounts::issue_reset(&db, rita.id, noon(), true, no_message)
            .await
            .expect("issued")
            .expect("an enabled account");
        let expired = noon() + Duration::hours(RESET_HOURS) + Duration::seconds(1);
        let refused = accounts::redeem_reset(&db, &old, "a brand new phrase", expired)
            .await
            .expect_err("expired");
        assert!(matches!(refused, ResetError::Unusable), "{backend}");

        // Asked for again at once: nothing new is issued, the first link still stands.
        let soon = noon() + Duration::minutes(RESET_RESEND_MINUTES - 1);
        assert!(
            accounts::issue_reset(&db, rita.id, soon, true, no_message)
                .await
                .expect("asked")
                .is_none(),
            "{backend}"
        );
        let after_gap = noon() + Duration::minutes(RESET_RESEND_MINUTES + 1);
        let (_, new) = accounts::issue_reset(&db, rita.id, after_gap, true, no_message)
            .await
            .expect("issued")
            .expect("an enabled account");
        assert!(
            matches!(
                accounts::redeem_reset(&db, &old, "a brand new phrase", after_gap).await,
                Err(ResetError::Unusable)
            ),
            "{backend}: the newer link replaces the older"
        );
        let garbage = ResetToken::from_link(&"ab".repeat(32)).expect("the shape of a token");
        assert!(
            matches!(
                accounts::redeem_reset(&db, &garbage, "a brand new phrase", after_gap).await,
                Err(ResetError::Unusable)
            ),
            "{backend}"
        );
        assert!(ResetToken::from_link("../../etc").is_none());
        accounts::redeem_reset(&db, &new, "a brand new phrase", after_gap)
            .await
            .expect("the newest link works");
    })
    .await;
}

#[tokio::test]
async fn a_disabled_account_gets_no_reset_link_and_disabling_voids_the_one_it_had() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        let (_, token) = accounts::issue_reset(&db, rita.id, noon(), false, no_message)
            .await
            .expect("issued")
            .expect("an enabled account");
        accounts::set_disabled(&db, rita.id, true, noon())
            .await
            .expect("disabled");
        assert!(
            matches!(
                accounts::redeem_reset(&db, &token, "a brand new phrase", noon()).await,
                Err(ResetError::Unusable)
            ),
            "{backend}"
        );
        assert!(
            accounts::issue_reset(&db, rita.id, noon(), false, no_message)
                .await
                .expect("asked")
                .is_none(),
            "{backend}"
        );
        accounts::set_disabled(&db, rita.id, false, noon())
            .await
            .expect("enabled");
        assert!(
            matches!(
                accounts::redeem_reset(&db, &token, "a brand new phrase", noon()).await,
                Err(ResetError::Unusable)
            ),
            "{backend}: enabling again does not revive the link"
        );
    })
    .await;
}

#[tokio::test]
async fn the_list_shows_each_account_s_status_and_finds_by_address() {
    on_each_backend(|db, backend| async move {
        let rita = resident(&db, "rita@example.org").await;
        accounts::create(
            &db,
            "sam@example.org",
            "Sam Officer",
            Role::Officer,
            PASSWORD,
            noon(),
        )
        .await
        .expect("created");
        accounts::set_disabled(&db, rita.id, true, noon())
            .await
            .expect("disabled");
        let all = accounts::list_with_status(&db, "").await.expect("listed");
        let names: Vec<&str> = all
            .iter()
            .map(|s| s.account.display_name.as_str())
            .collect();
        assert_eq!(
            names,
            ["Sam Officer", "Rita Resident"],
            "{backend}: staff first"
        );
        assert!(all[1].disabled() && !all[0].disabled(), "{backend}");
        let found = accounts::list_with_status(&db, " RITA@ ")
            .await
            .expect("listed");
        assert_eq!(found.len(), 1, "{backend}");
        assert_eq!(found[0].account.id, rita.id, "{backend}");
        // `%` and `_` are looked for as they are, not as wildcards.
        for wildcard in ["%", "_", "r_ta"] {
            let none = accounts::list_with_status(&db, wildcard)
                .await
                .expect("listed");
            assert!(none.is_empty(), "{backend}: {wildcard}");
        }
    })
    .await;
}
