//! The current time, from the server's clock or the browser's: chrono cannot read the
//! clock in wasm32-unknown-unknown without pulling in a larger feature.

use chrono::{DateTime, Utc};

#[cfg(feature = "hydrate")]
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
pub fn now() -> DateTime<Utc> {
    Utc::now()
}
