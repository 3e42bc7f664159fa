//! Every refusal of the shop server, as data: a stable `code`, a message a
//! person can act on, and the HTTP status it answers with. Every refusal is
//! logged when it is answered.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("a valid bearer token is required (enrol the till first)")]
    Unauthorised,
    #[error("this enrolment code is unknown, used or expired: make a new one with `pos-server enrol-code`")]
    BadCode,
    #[error("this name and passphrase do not sign in a manager of this shop")]
    SignInRefused,
    #[error("too many wrong passphrases for this manager: sign-ins are refused until {}, or until a new passphrase is set with `pos-server manager-add`", .until.format("%Y-%m-%d %H:%M:%S UTC"))]
    SignInLocked { until: chrono::DateTime<chrono::Utc> },
    #[error("a manager's sign-in is required (POST /v1/managers/sign-in), or it has expired")]
    SignInRequired,
    #[error("a till's token does not open manager views: sign in as a manager (POST /v1/managers/sign-in)")]
    TillTokenRefused,
    #[error("a manager's sign-in does not push or read as a till: use the till's own token")]
    ManagerTokenRefused,
    #[error("till {token_till} may push and read only its own chain, not till {asked}'s")]
    WrongTill { token_till: String, asked: String },
    #[error("events missing before till position {expected}: send again from there")]
    Gap { expected: i64 },
    #[error("till {till}'s chain does not link at position {at}: {detail}; the batch is quarantined, nothing was stored")]
    ChainMismatch { till: String, at: i64, detail: String },
    #[error("the event at till position {position} does not hash to the hash it carries")]
    BadHash { position: i64 },
    #[error("{0}")]
    BadBatch(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("no such endpoint")]
    NotFound,
    #[error("the shop's database is unavailable; try again")]
    Database(String),
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorised => "unauthorised",
            ApiError::BadCode => "bad_code",
            ApiError::SignInRefused => "sign_in_refused",
            ApiError::SignInLocked { .. } => "sign_in_locked",
            ApiError::SignInRequired => "sign_in_required",
            ApiError::TillTokenRefused => "till_token_refused",
            ApiError::ManagerTokenRefused => "manager_token_refused",
            ApiError::WrongTill { .. } => "wrong_till",
            ApiError::Gap { .. } => "gap",
            ApiError::ChainMismatch { .. } => "chain_mismatch",
            ApiError::BadHash { .. } => "bad_hash",
            ApiError::BadBatch(_) => "bad_batch",
            ApiError::InvalidInput(_) => "invalid_input",
            ApiError::NotFound => "not_found",
            ApiError::Database(_) => "unavailable",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorised | ApiError::BadCode | ApiError::SignInRefused | ApiError::SignInRequired => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::WrongTill { .. } | ApiError::TillTokenRefused | ApiError::ManagerTokenRefused => StatusCode::FORBIDDEN,
            ApiError::Gap { .. } | ApiError::ChainMismatch { .. } => StatusCode::CONFLICT,
            ApiError::BadHash { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadBatch(_) | ApiError::InvalidInput(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::SignInLocked { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        ApiError::Database(e.to_string())
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        ApiError::Database(e.to_string())
    }
}

/// The body of every refusal.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    /// With `gap`: the till position to send again from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<i64>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        match &self {
            // The database's own words stay in the log, not in the answer.
            ApiError::Database(detail) => tracing::error!(code, detail, "refused"),
            _ => tracing::warn!(code, message = %self, "refused"),
        }
        let expected = match self {
            ApiError::Gap { expected } => Some(expected),
            _ => None,
        };
        let body = ErrorBody { code, message: self.to_string(), expected };
        (self.status(), Json(body)).into_response()
    }
}
