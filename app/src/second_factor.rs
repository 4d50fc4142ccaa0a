//! The second factor of staff and administrators, as pages: after the password, a code from
//! an authenticator app (`/sign-in/code`), or setting one up on the first sign-in
//! (`/sign-in/set-up`, with a QR code and the key to type), then recovery codes shown once
//! (`/account/recovery-codes`). The use cases are `service::second_factor`'s, the rules of
//! codes `storage::accounts::second_factor`'s; which roles take a second factor is
//! `domain::Role::needs_second_factor`.

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
    let scope = crate::state::scope()?;
    let Some((set_up, account)) = service::second_factor::set_up(scope.ctx(), &token).await? else {
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
    complete(service::second_factor::Step::SetUp, &code).await?;
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
    let account = complete(service::second_factor::Step::Code, &code).await?;
    leptos_axum::redirect(&crate::auth::landing(next.as_deref(), account.role));
    Ok(())
}

/// The recovery codes page: new codes when the account has none (shown this once), else
/// how many are left.
#[server(endpoint = "recovery_codes")]
pub async fn recovery_codes() -> Result<RecoveryCodesView, AppError> {
    use service::second_factor::RecoveryCodes;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    Ok(
        match service::second_factor::recovery_codes(scope.ctx(), &caller).await? {
            RecoveryCodes::New(codes) => RecoveryCodesView::New(codes),
            RecoveryCodes::Left(left) => RecoveryCodesView::Left(left),
            RecoveryCodes::NotNeeded => RecoveryCodesView::NotNeeded,
        },
    )
}

/// Makes new recovery codes, voiding the old, and shows them.
#[server(endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes() -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::second_factor::void_recovery_codes(scope.ctx(), &caller).await?;
    leptos_axum::redirect("/account/recovery-codes?new=1");
    Ok(())
}

/// Completes this browser's pending session with `code` (`service::second_factor::complete`):
/// the new session goes in the cookie. A refusal comes back by the code field.
#[cfg(feature = "ssr")]
async fn complete(
    step: service::second_factor::Step,
    code: &str,
) -> Result<storage::accounts::Account, AppError> {
    let expired = || AppError::validation("code", storage::accounts::CodeError::Expired);
    let token = crate::auth::session::token().ok_or_else(expired)?;
    let scope = crate::state::scope()?;
    let device = crate::auth::session::origin().device;
    let (account, session) =
        service::second_factor::complete(scope.ctx(), &token, step, code, device.as_ref()).await?;
    crate::auth::session::set_cookie(Some(&session));
    Ok(account)
}
