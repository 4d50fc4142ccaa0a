//! Accounts, sign-in, sessions and throttling, on SQLite and (when configured) PostgreSQL.

use chrono::{Duration, TimeZone, Utc};
use domain::Role;
use storage::{
    StorageError,
    accounts::{self, SignInError, TRIES_PER_PLACE},
    test_support::{TestDatabase, backends},
};

fn noon() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .expect("a valid time")
}

#[tokio::test]
async fn a_person_signs_in_with_the_right_password_and_the_session_finds_them_again() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        // A resident: the password alone signs them in (staff take a second factor too,
        // `second_factor.rs`).
        let created = accounts::create(
            &db,
            " Sam.Resident@Example.org ",
            "Sam Resident",
            Role::Resident,
            "correct horse battery",
            noon(),
        )
        .await
        .expect("created");
        assert_eq!(created.email, "sam.resident@example.org", "{backend}");

        let (account, token) = accounts::sign_in(
            &db,
            "SAM.RESIDENT@example.org",
            "correct horse battery",
            noon(),
        )
        .await
        .expect("signed in");
        assert_eq!(account, created, "{backend}");
        assert_eq!(token.expose().len(), 64, "{backend}");
        assert!(
            !format!("{token:?}").contains(token.expose()),
            "{backend}: the token is never logged"
        );

        let found = accounts::session_account(&db, &token, noon() + Duration::hours(1))
            .await
            .expect("looked up");
        assert_eq!(found, Some(created.clone()), "{backend}");

        accounts::sign_out(&db, &token).await.expect("signed out");
        let gone = accounts::session_account(&db, &token, noon())
            .await
            .expect("looked up");
        assert_eq!(gone, None, "{backend}");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_are_refused_alike() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        accounts::create(
            &db,
            "res@example.org",
            "Rita Resident",
            Role::Resident,
            "a long passphrase",
            noon(),
        )
        .await
        .expect("created");
        let wrong = accounts::sign_in(&db, "res@example.org", "not it", noon())
            .await
            .expect_err("refused");
        let unknown = accounts::sign_in(&db, "nobody@example.org", "a long passphrase", noon())
            .await
            .expect_err("refused");
        assert!(matches!(wrong, SignInError::WrongCredentials), "{backend}");
        assert!(
            matches!(unknown, SignInError::WrongCredentials),
            "{backend}"
        );
        assert_eq!(wrong.to_string(), unknown.to_string(), "{backend}");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn repeated_failures_from_one_place_wait_until_the_window_passes() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        accounts::create(
            &db,
            "m@example.org",
            "Mo Manager",
            Role::Manager,
            "right password",
            noon(),
        )
        .await
        .expect("created");
        for _ in 0..TRIES_PER_PLACE {
            let e = accounts::sign_in(&db, "m@example.org", "guess", noon())
                .await
                .expect_err("refused");
            assert!(matches!(e, SignInError::WrongCredentials), "{backend}");
        }
        // Even the right password is refused while throttled.
        let throttled = accounts::sign_in(
            &db,
            "m@example.org",
            "right password",
            noon() + Duration::minutes(1),
        )
        .await
        .expect_err("throttled");
        assert!(
            matches!(throttled, SignInError::Throttled { .. }),
            "{backend}"
        );
        assert!(
            throttled.to_string().contains("wait 14 minutes"),
            "{backend}: {throttled}"
        );

        let later = noon() + Duration::minutes(16);
        accounts::sign_in(&db, "m@example.org", "right password", later)
            .await
            .expect("allowed again");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn a_session_ends_when_it_expires() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        accounts::create(
            &db,
            "a@example.org",
            "Ada Admin",
            Role::Admin,
            "admin passphrase",
            noon(),
        )
        .await
        .expect("created");
        let (_, token) = accounts::sign_in(&db, "a@example.org", "admin passphrase", noon())
            .await
            .expect("signed in");
        let after = noon() + Duration::hours(accounts::SESSION_HOURS) + Duration::seconds(1);
        assert_eq!(
            accounts::session_account(&db, &token, after)
                .await
                .expect("looked up"),
            None,
            "{backend}"
        );
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn two_accounts_cannot_share_an_address() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        accounts::create(
            &db,
            "dup@example.org",
            "One",
            Role::Resident,
            "first passphrase",
            noon(),
        )
        .await
        .expect("created");
        let err = accounts::create(
            &db,
            "DUP@example.org",
            "Two",
            Role::Officer,
            "second passphrase",
            noon(),
        )
        .await
        .expect_err("refused");
        assert!(matches!(err, StorageError::Conflict), "{backend}: {err:?}");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn a_disabled_account_loses_its_session_and_cannot_sign_in_until_enabled_again() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        let password = "correct horse battery";
        let created = accounts::create(
            &db,
            "ian@example.org",
            "Ian",
            Role::Officer,
            password,
            noon(),
        )
        .await
        .expect("created");
        let (_, token) = accounts::sign_in(&db, "ian@example.org", password, noon())
            .await
            .expect("signed in");

        accounts::set_disabled(&db, created.id, true, noon())
            .await
            .expect("disabled");
        let session = accounts::session_account(&db, &token, noon())
            .await
            .expect("looked up");
        assert_eq!(session, None, "{backend}: the open session stops at once");
        assert!(
            accounts::sign_in(&db, "ian@example.org", password, noon())
                .await
                .is_err(),
            "{backend}: a disabled account cannot sign in"
        );

        accounts::set_disabled(&db, created.id, false, noon())
            .await
            .expect("enabled");
        assert!(
            accounts::sign_in(&db, "ian@example.org", password, noon())
                .await
                .is_ok(),
            "{backend}: enabled again, it signs in"
        );
        assert!(
            matches!(
                accounts::set_disabled(&db, created.id + 1000, true, noon()).await,
                Err(StorageError::NotFound)
            ),
            "{backend}: no such account"
        );
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn several_accounts_are_read_together_by_id() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        let mut ids = Vec::new();
        for (email, name) in [("a@example.org", "Ann"), ("b@example.org", "Bo")] {
            let account = accounts::create(&db, email, name, Role::Officer, "a passphrase", noon())
                .await
                .expect("created");
            ids.push(account.id);
        }
        let found = accounts::find_each(&db, [ids[1], ids[0], ids[1], 9_999])
            .await
            .expect("read");
        assert_eq!(found.len(), 2, "{backend}");
        assert_eq!(found[&ids[0]].display_name, "Ann", "{backend}");
        assert_eq!(found[&ids[1]].display_name, "Bo", "{backend}");
        assert!(
            accounts::find_each(&db, [])
                .await
                .expect("nothing to read")
                .is_empty(),
            "{backend}"
        );
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}
