//! The one error type that crosses to the webview.

use serde::Serialize;

/// An error as the UI sees it: `{ "code": "...", "message": "..." }`.
///
/// `code` is a stable snake_case identifier the UI may branch on; `message`
/// is human-readable and may change. Codes come from `pos_core::Error::code`
/// or, for failures of the shell itself, from the constants below.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message} ({code})")]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
}

impl CommandError {
    /// The till's lock was poisoned by a panic in an earlier command; its
    /// in-memory state can no longer be trusted until the app restarts.
    pub const TILL_UNAVAILABLE: &'static str = "till_unavailable";

    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

impl From<pos_core::Error> for CommandError {
    fn from(error: pos_core::Error) -> Self {
        Self { code: error.code(), message: error.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let error = CommandError::new("not_found", "no such order");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json, serde_json::json!({ "code": "not_found", "message": "no such order" }));
    }
}
