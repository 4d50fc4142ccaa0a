//! Keeping what was typed when a form posted without JavaScript is refused.
//!
//! Without JavaScript a refused post is answered by a redirect back to the form with the
//! error in the address (`?__err=…`), and the browser shows the form afresh: empty. These
//! forms instead go back to an address that also carries the typed answers, which the page
//! reads as the fields' values. With JavaScript nothing of this happens: the form stays on
//! the page as typed and only the errors appear.

use crate::error::AppError;

/// Whether this request is a plain form post (the browser asked for a page, not data).
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// Answers a plain form post refused with `error` by going back to `page` with `typed` in
/// its query; a post from the browser's script is left alone. `server_fn` is the refused
/// function's path, as the framework records it with the error.
pub fn back_with_typed(page: &str, server_fn: &str, typed: &[(&str, &str)], error: &AppError) {
    if !plain_form_post() {
        return;
    }
    let base = format!("http://localhost{page}");
    let Ok(mut url) =
        leptos::server_fn::error::ServerFnUrlError::new(server_fn, error.clone()).to_url(&base)
    else {
        return;
    };
    {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in typed {
            pairs.append_pair(name, value);
        }
    }
    leptos_axum::redirect(&format!(
        "{}?{}",
        url.path(),
        url.query().unwrap_or_default()
    ));
}

/// The longest answer a form posted without JavaScript takes back to itself in its address
/// (after a refusal, "Add another" or "Preview"). Every field's own limit is below it (the
/// longest, a description or a note, is 5,000 characters), so no answer a field accepts is
/// ever cut, and one refused for being a little too long comes back whole for the person to
/// shorten; a pasted book comes back as its first 6,000 characters, refused.
pub const KEPT_MAX_CHARS: usize = 6_000;

/// What was typed into a form, kept before the server function reads it, so that a refused
/// plain post can go back with it.
pub struct Typed(Vec<(String, String)>);

impl Typed {
    /// The answers by field name; blank ones are left out.
    pub fn new(fields: &[(&'static str, Option<&str>)]) -> Self {
        let mut typed = Self(Vec::new());
        for (name, value) in fields {
            typed.push((*name).to_owned(), *value);
        }
        typed
    }

    /// One more answer, for a field named at run time (a row of a repeating part), kept up
    /// to [`KEPT_MAX_CHARS`] characters.
    pub fn push(&mut self, name: String, value: Option<&str>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.0
                .push((name, value.chars().take(KEPT_MAX_CHARS).collect()));
        }
    }

    /// Sends a plain form post back to `page` with the answers and no error: the form asked
    /// for itself again (one more row), not to be saved. The browser moves focus to the
    /// element `focus` names (the new row's first box) as it follows the address.
    pub fn back_at(&self, page: &str, focus: &str) {
        if plain_form_post() {
            self.go_to(page, focus);
        }
    }

    /// Sends the form to `page` with the answers, whoever posted it: the browser follows the
    /// redirect, and so does the page's script (the router goes there), so the same address
    /// shows the same thing either way. Focus moves to the element `focus` names.
    pub fn go_to(&self, page: &str, focus: &str) {
        let mut url = match url::Url::parse(&format!("http://localhost{page}")) {
            Ok(url) => url,
            Err(_) => return,
        };
        url.query_pairs_mut()
            .extend_pairs(self.0.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        url.set_fragment(Some(focus));
        leptos_axum::redirect(&format!(
            "{}?{}#{}",
            url.path(),
            url.query().unwrap_or_default(),
            url.fragment().unwrap_or_default()
        ));
    }

    /// When `result` refused a plain form post for what was typed, or for a stale version,
    /// goes back to `page` with the answers; see [`back_with_typed`]. Any other refusal goes
    /// back to the page it came from as the framework sends it.
    pub fn keep_on_refusal_at(&self, page: &str, server_fn: &str, result: &Result<(), AppError>) {
        let Err(error @ (AppError::Validation { .. } | AppError::Invalid(_) | AppError::Stale)) =
            result
        else {
            return;
        };
        let typed: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        back_with_typed(page, server_fn, &typed, error);
    }

    /// [`Typed::keep_on_refusal_at`] for a case's page: `pages` is where case pages live
    /// (`/cases`, `/staff/cases`) and `rest` follows the reference (a step's `/contact`).
    /// Both kinds of refusal it answers come after the person was let see the case, so a
    /// case that is someone else's still answers exactly like one that does not exist. A
    /// reference that is not one names no page to go back to, and nothing happens.
    pub fn keep_on_refusal(
        &self,
        pages: &str,
        reference: &str,
        rest: &str,
        server_fn: &str,
        result: &Result<(), AppError>,
    ) {
        if reference.parse::<domain::CaseReference>().is_ok() {
            self.keep_on_refusal_at(&format!("{pages}/{reference}{rest}"), server_fn, result);
        }
    }
}
