//! The second factor of staff: the password alone opens nothing; a code from the app (once
//! each), or a recovery code (once each), completes the sign-in; setting up keeps the new
//! key until a code from it is typed; wrong codes are limited; a browser that passed is not
//! asked again for a while; an administrator's reset starts it all again.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use storage::accounts::{self, CodeError, Origin, SecondStep, code_at};
use storage::test_support::on_each_backend;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, h, m, s)
        .single()
        .expect("a valid time")
}

const PASSWORD: &str = "harbour biscuit violin";
/// "The demo key is public", in base32.
const SECRET: &str = "KRUGKIDEMVWW6IDLMV4SA2LTEBYHKYTMNFRQ";

fn from_office(device: Option<&accounts::DeviceToken>) -> Origin {
    Origin {
        client: "198.51.100.7".to_owned(),
        device: device.cloned(),
    }
}

async fn officer(db: &storage::Db, enrolled: bool) -> i32 {
    let id = accounts::create(
        db,
        "olu@example.org",
        "Olu Officer",
        Role::Officer,
        PASSWORD,
        at(8, 0, 0),
    )
    .await
    .expect("created")
    .id;
    if enrolled {
        accounts::enrol(db, id, SECRET).await.expect("enrolled");
    }
    id
}

async fn password(db: &storage::Db, now: DateTime<Utc>) -> accounts::SignedIn {
    accounts::sign_in_from(db, "olu@example.org", PASSWORD, &from_office(None), now)
        .await
        .expect("the password is right")
}

#[tokio::test]
async fn the_password_alone_opens_nothing_and_each_code_works_once() {
    on_each_backend(|db, backend| async move {
        officer(&db, true).await;
        let first = password(&db, at(9, 0, 0)).await;
        assert_eq!(first.then, Some(SecondStep::EnterCode), "{backend}");
        assert_eq!(
            accounts::session_account(&db, &first.session, at(9, 0, 1))
                .await
                .expect("read"),
            None,
            "{backend}: a pending session signs nobody in"
        );
        let wrong = accounts::enter_code(&db, &first.session, "000000", at(9, 0, 5)).await;
        assert!(matches!(wrong, Err(CodeError::Wrong)), "{backend}");
        let code = code_at(SECRET, at(9, 0, 5)).expect("code");
        let (account, session) = accounts::enter_code(&db, &first.session, &code, at(9, 0, 5))
            .await
            .expect("the code is taken");
        assert_eq!(account.email, "olu@example.org");
        assert_ne!(
            session, first.session,
            "{backend}: the token changes as the session gains its rights"
        );
        assert_eq!(
            accounts::session_account(&db, &session, at(9, 0, 6))
                .await
                .expect("read")
                .map(|a| a.id),
            Some(account.id),
            "{backend}"
        );
        assert!(
            accounts::pending_account(&db, &first.session, at(9, 0, 6))
                .await
                .expect("read")
                .is_none(),
            "{backend}: the pending session is gone"
        );

        // The same code, on another browser a few seconds later: refused.
        let second = password(&db, at(9, 0, 10)).await;
        let again = accounts::enter_code(&db, &second.session, &code, at(9, 0, 10)).await;
        assert!(matches!(again, Err(CodeError::Used)), "{backend}");
        // The next one the app shows is taken.
        let next = code_at(SECRET, at(9, 0, 35)).expect("code");
        accounts::enter_code(&db, &second.session, &next, at(9, 0, 35))
            .await
            .expect("the next code");
        // A pending session left too long has expired.
        let third = password(&db, at(10, 0, 0)).await;
        let late = at(10, 0, 0) + Duration::minutes(accounts::PENDING_MINUTES + 1);
        let code = code_at(SECRET, late).expect("code");
        let expired = accounts::enter_code(&db, &third.session, &code, late).await;
        assert!(matches!(expired, Err(CodeError::Expired)), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn setting_up_keeps_the_new_key_until_a_code_from_it_then_recovery_codes_work_once() {
    on_each_backend(|db, backend| async move {
        let id = officer(&db, false).await;
        let first = password(&db, at(9, 0, 0)).await;
        assert_eq!(first.then, Some(SecondStep::SetUp), "{backend}");
        let set_up = accounts::set_up(&db, &first.session, at(9, 0, 1))
            .await
            .expect("read")
            .expect("a key to set up");
        assert!(
            set_up
                .url
                .starts_with("otpauth://totp/Putright:olu%40example.org?secret="),
            "{backend}: {}",
            set_up.url
        );
        let reloaded = accounts::set_up(&db, &first.session, at(9, 0, 20))
            .await
            .expect("read");
        assert_eq!(
            reloaded.as_ref().map(|s| &s.secret),
            Some(&set_up.secret),
            "{backend}"
        );
        // Not yet set up: recovery codes cannot be made, and a wrong code sets nothing up.
        assert_eq!(
            accounts::make_recovery_codes(&db, id, true, at(9, 0, 21))
                .await
                .expect("made"),
            None
        );
        let wrong = accounts::confirm_set_up(&db, &first.session, "123456", at(9, 0, 30)).await;
        assert!(matches!(wrong, Err(CodeError::Wrong)), "{backend}");
        assert_eq!(
            accounts::second_step(&db, id).await.expect("read"),
            SecondStep::SetUp
        );
        let code = code_at(&set_up.secret, at(9, 0, 40)).expect("code");
        accounts::confirm_set_up(&db, &first.session, &code, at(9, 0, 40))
            .await
            .expect("set up");
        assert_eq!(
            accounts::second_step(&db, id).await.expect("read"),
            SecondStep::EnterCode
        );

        let codes = accounts::make_recovery_codes(&db, id, true, at(9, 1, 0))
            .await
            .expect("made")
            .expect("new codes");
        assert_eq!(codes.len(), accounts::RECOVERY_CODES, "{backend}");
        assert_eq!(
            accounts::make_recovery_codes(&db, id, true, at(9, 1, 1))
                .await
                .expect("made"),
            None,
            "{backend}: shown once"
        );
        // Typed in capitals with a space, a recovery code works; once.
        let typed = codes[3].to_uppercase().replace('-', " ");
        let second = password(&db, at(9, 2, 0)).await;
        accounts::enter_code(&db, &second.session, &typed, at(9, 2, 0))
            .await
            .expect("a recovery code");
        assert_eq!(
            accounts::recovery_codes_left(&db, id).await.expect("read"),
            Some(9)
        );
        let third = password(&db, at(9, 3, 0)).await;
        let again = accounts::enter_code(&db, &third.session, &typed, at(9, 3, 0)).await;
        assert!(matches!(again, Err(CodeError::Wrong)), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn wrong_codes_are_limited_a_passed_browser_is_not_asked_again_and_a_reset_starts_over() {
    on_each_backend(|db, backend| async move {
        let id = officer(&db, true).await;
        let first = password(&db, at(9, 0, 0)).await;
        for i in 0..accounts::CODE_TRIES {
            let wrong = accounts::enter_code(&db, &first.session, "999999", at(9, 0, i)).await;
            assert!(matches!(wrong, Err(CodeError::Wrong)), "{backend}: try {i}");
        }
        let code = code_at(SECRET, at(9, 1, 0)).expect("code");
        let stopped = accounts::enter_code(&db, &first.session, &code, at(9, 1, 0)).await;
        assert!(
            matches!(stopped, Err(CodeError::TooManyTries { .. })),
            "{backend}"
        );

        // In the next quarter of an hour, the right code signs in; the browser is noted.
        let second = password(&db, at(9, 15, 0)).await;
        let code = code_at(SECRET, at(9, 15, 0)).expect("code");
        accounts::enter_code(&db, &second.session, &code, at(9, 15, 0))
            .await
            .expect("signed in");
        accounts::remember_second_factor(&db, &second.device, id, at(9, 15, 0))
            .await
            .expect("remembered");
        let tablet = accounts::sign_in_from(
            &db,
            "olu@example.org",
            PASSWORD,
            &from_office(Some(&second.device)),
            at(12, 0, 0),
        )
        .await
        .expect("signed in");
        assert_eq!(
            tablet.then, None,
            "{backend}: the same browser is not asked again"
        );
        assert!(
            accounts::session_account(&db, &tablet.session, at(12, 0, 1))
                .await
                .expect("read")
                .is_some()
        );
        // …until a month has passed.
        let later = at(9, 15, 0) + Duration::days(accounts::REMEMBER_DAYS + 1);
        let month_on = accounts::sign_in_from(
            &db,
            "olu@example.org",
            PASSWORD,
            &from_office(Some(&second.device)),
            later,
        )
        .await
        .expect("signed in");
        assert_eq!(month_on.then, Some(SecondStep::EnterCode), "{backend}");

        // A lost phone: the administrator resets the second factor.
        accounts::reset_second_factor(&db, id).await.expect("reset");
        assert!(
            accounts::session_account(&db, &tablet.session, at(12, 0, 2))
                .await
                .expect("read")
                .is_none(),
            "{backend}: every session ended"
        );
        let after = accounts::sign_in_from(
            &db,
            "olu@example.org",
            PASSWORD,
            &from_office(Some(&second.device)),
            at(12, 5, 0),
        )
        .await
        .expect("signed in");
        assert_eq!(
            after.then,
            Some(SecondStep::SetUp),
            "{backend}: set up again, on any browser"
        );
    })
    .await;
}
