//! Webhooks: the events a housing-management system can be told of as they happen, and
//! which addresses may receive them.
//!
//! Choices made where SPEC is silent: two events, a case logged (`case.created`) and a case
//! moving to another part of the procedure (`case.phase_changed`, for instance from Stage 1
//! to Stage 2, or to closed); history brought in from a previous system is not announced.
//! Deliveries go to `https://` addresses only, but for `http://` on the machine itself
//! (`localhost`, `127.0.0.1`, `[::1]`), which a system beside the server may use.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Event {
    #[serde(rename = "case.created")]
    CaseCreated,
    #[serde(rename = "case.phase_changed")]
    PhaseChanged,
}

impl Event {
    pub const ALL: [Event; 2] = [Event::CaseCreated, Event::PhaseChanged];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::CaseCreated => "case.created",
            Event::PhaseChanged => "case.phase_changed",
        }
    }

    pub fn parse(text: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == text.trim())
    }

    /// What it tells, in words for the admin page.
    pub fn describe(self) -> &'static str {
        match self {
            Event::CaseCreated => "A case is logged, by any channel",
            Event::PhaseChanged => {
                "A case moves on: accepted, responded to, escalated to Stage 2, closed"
            }
        }
    }
}

/// Why an address cannot receive deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("Enter the address deliveries go to")]
    Empty,
    #[error("Enter an address of at most 500 characters")]
    TooLong,
    #[error("Enter an address starting https:// (http:// only for this machine itself)")]
    NotHttps,
    #[error("Enter a full address, for example https://housing.example.org/putright-events")]
    NoHost,
}

/// The address, checked: `https://host…`, or `http://` to this machine.
pub fn check_url(text: &str) -> Result<String, UrlError> {
    let url = text.trim();
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    if url.chars().count() > 500 {
        return Err(UrlError::TooLong);
    }
    let lower = url.to_ascii_lowercase();
    let (rest, secure) = if let Some(rest) = lower.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(UrlError::NotHttps);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') || url.chars().any(char::is_whitespace) {
        return Err(UrlError::NoHost);
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    if !secure && !matches!(host, "localhost" | "127.0.0.1" | "::1") {
        return Err(UrlError::NotHttps);
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_go_to_https_or_to_this_machine() {
        for good in [
            "https://housing.example.org/hooks",
            "https://10.0.0.4:8443/x?y=1",
            "http://127.0.0.1:9000/events",
            "http://localhost/events",
            "http://[::1]:8080/",
        ] {
            assert_eq!(check_url(good).as_deref(), Ok(good), "{good}");
        }
        for (bad, why) in [
            ("", UrlError::Empty),
            ("http://housing.example.org/hooks", UrlError::NotHttps),
            ("ftp://x.example", UrlError::NotHttps),
            ("https://", UrlError::NoHost),
            ("https://user:pw@x.example/", UrlError::NoHost),
            ("https://x.example/a b", UrlError::NoHost),
            ("http://127.0.0.1.evil.example/", UrlError::NotHttps),
        ] {
            assert_eq!(check_url(bad), Err(why), "{bad}");
        }
        for event in Event::ALL {
            assert_eq!(Event::parse(event.as_str()), Some(event));
        }
    }
}
