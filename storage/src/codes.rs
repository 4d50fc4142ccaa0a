//! Domain enums as the short snake_case codes stored in text columns: the same names serde
//! gives them, so stored data, JSON and the code agree.

use serde::{Serialize, de::DeserializeOwned};

use crate::StorageError;

/// The code of a unit enum variant (`Channel::InPerson` → `in_person`).
pub(crate) fn to_code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        other => unreachable!("not a unit variant: {other:?}"),
    }
}

pub(crate) fn from_code<T: DeserializeOwned>(code: &str) -> Result<T, StorageError> {
    serde_json::from_value(serde_json::Value::String(code.to_owned()))
        .map_err(|_| StorageError::Corrupt(format!("unknown code {code:?}")))
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain values always serialise")
}

pub(crate) fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, StorageError> {
    serde_json::from_str(json).map_err(|e| StorageError::Corrupt(e.to_string()))
}
