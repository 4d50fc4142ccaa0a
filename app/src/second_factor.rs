//! The second factor of staff and administrators, as pages: after the password, a code from
//! an authenticator app (`/sign-in/code`), or setting one up on the first sign-in
//! (`/sign-in/set-up`, with a QR code and the key to type), then recovery codes shown once
//! (`/account/recovery-codes`). The rules are `storage::accounts::second_factor`'s; which
//! roles take a second factor is `domain::Role::needs_second_factor`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the set-up page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetUpView {
    /// The key, in groups of four for typing.
    pub key: String,
    /// The QR code of the `otpauth://` address, as an SVG document.
    pub qr_svg: String,
    pub email: String,
}

/// What the recovery codes page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecoveryCodesView {
    /// New codes, shown this once.
    New(Vec<String>),
    /// How many unused codes are left.
    Left(u64),
    /// The account takes no second factor.
    NotNeeded,
}

/// `next` for an address's query: a path checked by `crate::auth::safe_next`, with the
/// characters a query treats specially escaped.
pub fn encode_next(next: &str) -> String {
    next.chars()
        .map(|c| match c {
            '%' => "%25".to_owned(),
            '&' => "%26".to_owned(),
            '#' => "%23".to_owned(),
            '+' => "%2B".to_owned(),
            '?' => "%3F".to_owned(),
            '=' => "%3D".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The key of an app being set up, for the pending session of this browser; `None` when
/// there is nothing to set up (not signed in with a password just now, or set up already).
#[server(endpoint = "second_factor_set_up")]
pub async fn second_factor_set_up() -> Result<Option<SetUpView>, AppError> {
    let Some(token) = crate::auth::session::token() else {
        return Ok(None);
    };
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    let Some(account) = storage::accounts::pending_account(&state.db, &token, now).await? else {
        return Ok(None);
    };
    let Some(set_up) = storage::accounts::set_up(&state.db, &token, now).await? else {
        return Ok(None);
    };
    let qr_svg = qrcode::QrCode::new(set_up.url.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .map_err(|e| {
            tracing::error!(error = %e, "could not draw the QR code");
            AppError::Internal
        })?;
    let key = set_up
        .secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Some(SetUpView {
        key,
        qr_svg,
        email: account.email,
    }))
}

/// Sets up the app with a code from it, signs in, and goes on to the recovery codes.
#[server(endpoint = "confirm_second_factor")]
pub async fn confirm_second_factor(
    code: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    let account = complete(Step::SetUp, &code).await?;
    tracing::info!(user = account.id, "second factor set up");
    crate::accounts::notify(&account, crate::accounts::Notice::AppSetUp).await;
    let next = crate::auth::safe_next(next.as_deref())
        .map(|n| format!("&next={}", encode_next(&n)))
        .unwrap_or_default();
    leptos_axum::redirect(&format!("/account/recovery-codes?new=1{next}"));
    Ok(())
}

/// Takes a code from the app (or a recovery code), signs in, and goes to `next` or home.
#[server(endpoint = "enter_second_factor")]
pub async fn enter_second_factor(
    code: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    let account = complete(Step::Code, &code).await?;
    tracing::info!(user = account.id, role = %account.role, "signed in with a second factor");
    leptos_axum::redirect(&crate::auth::landing(next.as_deref(), account.role));
    Ok(())
}

/// The recovery codes page: new codes when the account has none (shown this once), else
/// how many are left.
#[server(endpoint = "recovery_codes")]
pub async fn recovery_codes() -> Result<RecoveryCodesView, AppError> {
    let account = crate::auth::session::require_account().await?;
    if !account.role.needs_second_factor() {
        return Ok(RecoveryCodesView::NotNeeded);
    }
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    if let Some(codes) =
        storage::accounts::make_recovery_codes(&state.db, account.id, true, now).await?
    {
        tracing::info!(user = account.id, "recovery codes made");
        return Ok(RecoveryCodesView::New(codes));
    }
    Ok(RecoveryCodesView::Left(
        storage::accounts::recovery_codes_left(&state.db, account.id)
            .await?
            .unwrap_or(0),
    ))
}

/// Makes new recovery codes, voiding the old, and shows them.
#[server(endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes() -> Result<(), AppError> {
    let account = crate::auth::session::require_account().await?;
    if !account.role.needs_second_factor() {
        return Err(AppError::Forbidden);
    }
    let state = crate::state::app_state()?;
    storage::accounts::void_recovery_codes(&state.db, account.id).await?;
    tracing::info!(user = account.id, "recovery codes voided for new ones");
    crate::accounts::notify(&account, crate::accounts::Notice::RecoveryCodesMade).await;
    leptos_axum::redirect("/account/recovery-codes?new=1");
    Ok(())
}

/// Which page's code completes the pending session.
#[cfg(feature = "ssr")]
enum Step {
    SetUp,
    Code,
}

/// Completes this browser's pending session with `code`: the new session goes in the
/// cookie, and the browser is noted as having passed, so it is not asked again for a while.
/// A refusal comes back by the code field.
#[cfg(feature = "ssr")]
async fn complete(step: Step, code: &str) -> Result<storage::accounts::Account, AppError> {
    use storage::accounts::CodeError;
    let expired = || AppError::validation("code", CodeError::Expired);
    let token = crate::auth::session::token().ok_or_else(expired)?;
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    let result = match step {
        Step::SetUp => storage::accounts::confirm_set_up(&state.db, &token, code, now).await,
        Step::Code => storage::accounts::enter_code(&state.db, &token, code, now).await,
    };
    let (account, session) = match result {
        Ok(done) => done,
        Err(CodeError::Storage(e)) => return Err(e.into()),
        Err(refusal) => {
            tracing::info!(%refusal, "second factor refused");
            return Err(AppError::validation("code", refusal));
        }
    };
    crate::auth::session::set_cookie(Some(&session));
    if let Some(device) = crate::auth::session::origin().device {
        storage::accounts::remember_second_factor(&state.db, &device, account.id, now).await?;
    }
    Ok(account)
}
