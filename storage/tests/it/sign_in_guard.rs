//! Sign-in under attack: parallel guesses are each counted before any is checked, one
//! place guessing many addresses is slowed, and someone guessing a person's password from
//! everywhere slows strangers down but never locks the person out.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use storage::accounts::{
    self, ADDRESS_FAILURES, CLIENT_TRIES, DeviceToken, Origin, SignInError, TRIES_PER_PLACE,
};
use storage::test_support::{execute_raw, on_each_backend};

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, s)
        .single()
        .expect("a valid time")
}

fn from(client: &str, device: Option<&DeviceToken>) -> Origin {
    Origin {
        client: client.to_owned(),
        device: device.cloned(),
    }
}

const PASSWORD: &str = "harbour biscuit violin";

async fn officer(db: &storage::Db) -> i32 {
    accounts::create(
        db,
        "olu@example.org",
        "Olu Officer",
        Role::Officer,
        PASSWORD,
        at(8, 0, 0),
    )
    .await
    .expect("created")
    .id
}

fn throttled<T>(result: &Result<T, SignInError>) -> bool {
    matches!(result, Err(SignInError::Throttled { .. }))
}

#[tokio::test]
async fn guesses_sent_all_at_once_are_each_counted_and_only_a_few_are_checked() {
    on_each_backend(|db, backend| async move {
        officer(&db).await;
        let origin = from("203.0.113.9", None);
        let guesses = (0..16).map(|i| {
            let (db, origin) = (db.clone(), origin.clone());
            async move {
                let guess = format!("guess number {i}");
                accounts::sign_in_from(&db, "olu@example.org", &guess, &origin, at(9, 0, 0)).await
            }
        });
        let answers = futures_util::future::join_all(guesses).await;
        let checked = answers
            .iter()
            .filter(|a| matches!(a, Err(SignInError::WrongCredentials)))
            .count();
        assert_eq!(checked, TRIES_PER_PLACE as usize, "{backend}");
        assert_eq!(
            answers.iter().filter(|a| throttled(a)).count(),
            16 - TRIES_PER_PLACE as usize,
            "{backend}"
        );
        // The same place waits for the window to end, even with the right password…
        let right = accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &origin, at(9, 1, 0));
        assert!(throttled(&right.await), "{backend}");
        // …and is let in once it has; signing in rightly, however often, never adds up.
        for _ in 0..(TRIES_PER_PLACE * 2) {
            accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &origin, at(9, 15, 0))
                .await
                .expect("signed in in the next window");
        }
    })
    .await;
}

#[tokio::test]
async fn guessing_from_everywhere_slows_strangers_but_never_locks_the_person_out() {
    on_each_backend(|db, backend| async move {
        officer(&db).await;
        // Olu signed in from the office tablet last week: it is a known browser.
        let tablet = accounts::sign_in_from(
            &db,
            "olu@example.org",
            PASSWORD,
            &from("198.51.100.7", None),
            at(9, 0, 0) - Duration::days(7),
        )
        .await
        .expect("signed in")
        .device;

        // An attacker guesses from many addresses, a few guesses from each.
        for i in 0..(ADDRESS_FAILURES * 3) {
            let place = from(&format!("192.0.2.{}", i / 3), None);
            let _ =
                accounts::sign_in_from(&db, "olu@example.org", "guess", &place, at(9, 0, i)).await;
        }
        // Strangers (the attacker, or Olu on a new phone) now get one try a minute between
        // them: the first is checked, the next in the same minute waits.
        let phone = from("203.0.113.50", None);
        let first = accounts::sign_in_from(&db, "olu@example.org", "guess", &phone, at(9, 2, 0));
        assert!(
            matches!(first.await, Err(SignInError::WrongCredentials)),
            "{backend}"
        );
        let second =
            accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &phone, at(9, 2, 30)).await;
        assert!(throttled(&second), "{backend}");
        assert!(
            second
                .expect_err("slowed")
                .to_string()
                .contains("wait 1 minute"),
            "{backend}"
        );
        // A minute on, Olu gets in from the phone with the right password.
        accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &phone, at(9, 3, 0))
            .await
            .expect("slowed, never shut out");
        // And the tablet, known to the account, is not slowed at all.
        let signed_in = accounts::sign_in_from(
            &db,
            "olu@example.org",
            PASSWORD,
            &from("198.51.100.7", Some(&tablet)),
            at(9, 3, 1),
        )
        .await
        .expect("the known browser signs in at once");
        assert_eq!(
            signed_in.device, tablet,
            "{backend}: it keeps its device token"
        );
    })
    .await;
}

#[tokio::test]
async fn one_place_trying_many_addresses_is_stopped() {
    on_each_backend(|db, backend| async move {
        officer(&db).await;
        let place = from("192.0.2.200", None);
        for i in 0..CLIENT_TRIES {
            let email = format!("person{i}@example.org");
            let answer = accounts::sign_in_from(&db, &email, "password1", &place, at(10, 0, 0));
            assert!(!throttled(&answer.await), "{backend}: try {i}");
        }
        let next = accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &place, at(10, 0, 1));
        assert!(throttled(&next.await), "{backend}");
        // Someone else on another address is not affected.
        accounts::sign_in_from(
            &db,
            "olu@example.org",
            PASSWORD,
            &from("198.51.100.7", None),
            at(10, 0, 2),
        )
        .await
        .expect("another place signs in");
    })
    .await;
}

#[tokio::test]
async fn a_device_token_counts_only_for_its_own_account_and_only_while_fresh() {
    on_each_backend(|db, backend| async move {
        officer(&db).await;
        accounts::create(
            &db,
            "ray@example.org",
            "Ray",
            Role::Resident,
            PASSWORD,
            at(8, 0, 0),
        )
        .await
        .expect("created");
        let device = accounts::sign_in_from(
            &db,
            "ray@example.org",
            PASSWORD,
            &from("192.0.2.1", None),
            at(8, 30, 0),
        )
        .await
        .expect("signed in")
        .device;
        // Ray's browser is a stranger to Olu's account: after others' failures it is slowed.
        for i in 0..ADDRESS_FAILURES {
            let place = from(&format!("192.0.2.{}", 100 + i), None);
            let _ =
                accounts::sign_in_from(&db, "olu@example.org", "guess", &place, at(9, 0, i)).await;
        }
        let ray = from("192.0.2.1", Some(&device));
        let _ = accounts::sign_in_from(&db, "olu@example.org", "guess", &ray, at(9, 1, 0)).await;
        let again = accounts::sign_in_from(&db, "olu@example.org", "guess", &ray, at(9, 1, 10));
        assert!(throttled(&again.await), "{backend}");
        // Not signing in for half a year, the browser is forgotten by the sweep.
        let later = at(8, 30, 0) + Duration::days(accounts::DEVICE_DAYS + 1);
        assert_eq!(
            accounts::forget_old_devices(&db, later)
                .await
                .expect("swept"),
            1,
            "{backend}: Ray's browser, unused since"
        );
    })
    .await;
}

#[tokio::test]
async fn a_disabled_or_unconfirmed_account_does_not_sign_in_with_its_right_password() {
    on_each_backend(|db, backend| async move {
        let id = officer(&db).await;
        execute_raw(&db, "UPDATE users SET confirmed_at = NULL")
            .await
            .expect("unconfirmed");
        let place = from("192.0.2.1", None);
        let unconfirmed =
            accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &place, at(9, 0, 0));
        assert!(
            matches!(unconfirmed.await, Err(SignInError::WrongCredentials)),
            "{backend}"
        );
        execute_raw(
            &db,
            &format!("UPDATE users SET confirmed_at = created_at WHERE id = {id}"),
        )
        .await
        .expect("confirmed");
        accounts::set_disabled(&db, id, true, at(9, 0, 0))
            .await
            .expect("disabled");
        let disabled =
            accounts::sign_in_from(&db, "olu@example.org", PASSWORD, &place, at(9, 0, 1));
        assert!(
            matches!(disabled.await, Err(SignInError::WrongCredentials)),
            "{backend}"
        );
    })
    .await;
}
