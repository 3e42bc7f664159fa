//! The HTTP API (JSON; every refusal is `{code, message}` with its status).
//!
//! - `POST /v1/enrol` `{shop, till, code}` → `{token}`
//! - `POST /v1/events` (the till's token) `{till, events}` → `{storedThrough, shopPosition}`
//! - `GET /v1/tills/{till}/head` (that till's token) → `{tillSeq, hash, shopPosition}`
//! - `GET /v1/events?after=P&limit=N` (any till token of the shop) → `{events, last}`
//! - `GET /v1/quarantine` (any till token of the shop, or a manager's session token) → `{batches}`
//! - `POST /v1/managers/sign-in` `{shop, name, passphrase}` → `{token, expiresAt}`
//! - `GET /v1/audit?before=P&limit=N` (a manager's session token) → `{entries, next}`
//!
//! A till's token opens the till endpoints only, a manager's session token
//! the manager endpoints only; each is refused at the other's with its own
//! code. The quarantine is open to both: a till's shop, and its managers.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};

use crate::audit::{self, AuditPage};
use crate::enrol::{self, TillAuth};
use crate::manager::{self, ManagerAuth};
use crate::error::ApiError;
use crate::limits::REQUEST_BYTES_MAX;
use crate::push::{self, PushBody, Pushed};
use crate::read::{self, EventPage, QuarantinedBatch};

pub fn router(pool: Pool) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol_till))
        .route("/v1/events", post(push_events).get(read_events))
        .route("/v1/tills/{till}/head", get(till_head))
        .route("/v1/quarantine", get(list_quarantine))
        .route("/v1/managers/sign-in", post(sign_in))
        .route("/v1/audit", get(audit_trail))
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(REQUEST_BYTES_MAX))
        .with_state(pool)
}

/// A JSON body, or `invalid_input` saying what is wrong with it.
fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(v)| v).map_err(|e| ApiError::InvalidInput(e.body_text()))
}

/// The bearer token the request carries, if any.
fn token(headers: &HeaderMap) -> Option<&str> {
    headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
}

/// The till whose bearer token the request carries.
async fn bearer(pool: &Pool, headers: &HeaderMap) -> Result<TillAuth, ApiError> {
    let token = token(headers).ok_or(ApiError::Unauthorised)?;
    if manager::is_manager_token(token) {
        return Err(ApiError::ManagerTokenRefused);
    }
    enrol::authenticate(pool, token).await
}

/// The signed-in manager whose session token the request carries.
async fn signed_in(pool: &Pool, headers: &HeaderMap) -> Result<ManagerAuth, ApiError> {
    let token = token(headers).ok_or(ApiError::SignInRequired)?;
    manager::authenticate(pool, token).await
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolBody {
    pub shop: String,
    pub till: String,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Enrolled {
    pub token: String,
}

async fn enrol_till(State(pool): State<Pool>, json: Result<Json<EnrolBody>, JsonRejection>) -> Result<Json<Enrolled>, ApiError> {
    let b = body(json)?;
    let token = enrol::enrol(&pool, &b.shop, &b.till, &b.code).await?;
    Ok(Json(Enrolled { token }))
}

/// The push runs in a task of its own: a till that hangs up half-way loses
/// the answer, never half a push (the transaction commits or rolls back).
async fn push_events(
    State(pool): State<Pool>,
    headers: HeaderMap,
    json: Result<Json<PushBody>, JsonRejection>,
) -> Result<Json<Pushed>, ApiError> {
    let auth = bearer(&pool, &headers).await?;
    let b = body(json)?;
    let done = tokio::spawn(async move { push::push(&pool, &auth, &b).await })
        .await
        .map_err(|e| ApiError::Database(format!("the push stopped: {e}")))?;
    Ok(Json(done?))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TillHead {
    pub till: String,
    /// The till's last position the server holds (0: none).
    pub till_seq: i64,
    /// Its hash, hex (all zeros when none).
    pub hash: String,
    pub shop_position: i64,
}

async fn till_head(State(pool): State<Pool>, headers: HeaderMap, Path(till): Path<String>) -> Result<Json<TillHead>, ApiError> {
    let auth = bearer(&pool, &headers).await?;
    if till != auth.till {
        return Err(ApiError::WrongTill { token_till: auth.till, asked: till });
    }
    let client = pool.get().await?;
    let head = push::head(&client, &auth.shop, &auth.till).await?;
    Ok(Json(TillHead { till, till_seq: head.till_seq, hash: hex::encode(head.hash), shop_position: head.shop_position }))
}

#[derive(Debug, Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

async fn read_events(
    State(pool): State<Pool>,
    headers: HeaderMap,
    query: Result<Query<After>, QueryRejection>,
) -> Result<Json<EventPage>, ApiError> {
    let auth = bearer(&pool, &headers).await?;
    let Query(q) = query.map_err(|e| ApiError::InvalidInput(e.body_text()))?;
    Ok(Json(read::events_after(&pool, &auth.shop, q.after, q.limit).await?))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Quarantine {
    pub batches: Vec<QuarantinedBatch>,
}

async fn list_quarantine(State(pool): State<Pool>, headers: HeaderMap) -> Result<Json<Quarantine>, ApiError> {
    let shop = match token(&headers) {
        Some(t) if manager::is_manager_token(t) => signed_in(&pool, &headers).await?.shop,
        _ => bearer(&pool, &headers).await?.shop,
    };
    Ok(Json(Quarantine { batches: read::quarantined(&pool, &shop).await? }))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInBody {
    pub shop: String,
    pub name: String,
    pub passphrase: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

async fn sign_in(State(pool): State<Pool>, json: Result<Json<SignInBody>, JsonRejection>) -> Result<Json<SignedIn>, ApiError> {
    let b = body(json)?;
    let session = manager::sign_in(&pool, &b.shop, &b.name, &b.passphrase).await?;
    Ok(Json(SignedIn { token: session.token, expires_at: session.expires_at }))
}

#[derive(Debug, Deserialize)]
struct Before {
    before: Option<i64>,
    limit: Option<i64>,
}

async fn audit_trail(
    State(pool): State<Pool>,
    headers: HeaderMap,
    query: Result<Query<Before>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let auth = signed_in(&pool, &headers).await?;
    let Query(q) = query.map_err(|e| ApiError::InvalidInput(e.body_text()))?;
    Ok(Json(audit::page(&pool, &auth.shop, q.before, q.limit).await?))
}
