//! What readers get: a shop's events in shop-wide order, and the
//! quarantined batches.

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use pos_core::store::EventRow;
use serde::{Deserialize, Serialize};
use tokio_postgres::Row;

use crate::error::ApiError;
use crate::limits::{QUARANTINE_LISTED_MAX, READ_EVENTS_MAX};

/// An event as the shop holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShopEvent {
    pub shop_position: i64,
    pub till: String,
    /// The till's row; `event.position` is its place in the till's chain.
    pub event: EventRow,
}

/// `GET /v1/events`: events after a shop position, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventPage {
    pub events: Vec<ShopEvent>,
    /// The last shop position in `events` (`after` when there are none):
    /// ask for the events after it next.
    pub last: i64,
}

/// A batch refused because its chain did not link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuarantinedBatch {
    pub id: i64,
    pub till: String,
    pub received_at: DateTime<Utc>,
    pub reason: String,
    pub first_seq: i64,
    pub last_seq: i64,
    /// The till position where the batch stopped linking.
    pub at_seq: i64,
    pub expected_hash: String,
    pub received_hash: String,
    pub event_count: usize,
}

fn shop_event(r: &Row) -> Result<ShopEvent, ApiError> {
    let version: i64 = r.get("version");
    let event = EventRow {
        position: r.get("till_seq"),
        stream: r.get("stream"),
        version: u32::try_from(version).map_err(|_| ApiError::Database(format!("version {version} out of range")))?,
        kind: r.get("kind"),
        schema_version: r.get("schema_version"),
        payload: r.get("payload"),
        actor: r.get("actor"),
        authorised_by: r.get("authorised_by"),
        terminal: r.get("terminal"),
        command_id: r.get("command_id"),
        app_version: r.get("app_version"),
        recorded_at: r.get("recorded_at"),
        prev_hash: hex::encode(r.get::<_, Vec<u8>>("prev_hash")),
        hash: hex::encode(r.get::<_, Vec<u8>>("hash")),
    };
    Ok(ShopEvent { shop_position: r.get("shop_position"), till: r.get("till"), event })
}

/// Up to `limit` (at most `READ_EVENTS_MAX`) events of `shop` after `after`.
pub async fn events_after(pool: &Pool, shop: &str, after: i64, limit: Option<i64>) -> Result<EventPage, ApiError> {
    let limit = limit.unwrap_or(READ_EVENTS_MAX);
    if !(1..=READ_EVENTS_MAX).contains(&limit) {
        return Err(ApiError::InvalidInput(format!("limit is 1 to {READ_EVENTS_MAX}")));
    }
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT * FROM events WHERE shop = $1 AND shop_position > $2 ORDER BY shop_position LIMIT $3",
            &[&shop, &after, &limit],
        )
        .await?;
    let events = rows.iter().map(shop_event).collect::<Result<Vec<_>, _>>()?;
    let last = events.last().map_or(after, |e| e.shop_position);
    Ok(EventPage { events, last })
}

/// The shop's quarantined batches, newest first.
pub async fn quarantined(pool: &Pool, shop: &str) -> Result<Vec<QuarantinedBatch>, ApiError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, till, received_at, reason, first_seq, last_seq, at_seq, expected_hash, received_hash, events
             FROM quarantine WHERE shop = $1 ORDER BY id DESC LIMIT $2",
            &[&shop, &QUARANTINE_LISTED_MAX],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| QuarantinedBatch {
            id: r.get(0),
            till: r.get(1),
            received_at: r.get(2),
            reason: r.get(3),
            first_seq: r.get(4),
            last_seq: r.get(5),
            at_seq: r.get(6),
            expected_hash: hex::encode(r.get::<_, Vec<u8>>(7)),
            received_hash: hex::encode(r.get::<_, Vec<u8>>(8)),
            event_count: serde_json::from_str::<Vec<serde_json::Value>>(r.get(9)).map_or(0, |v| v.len()),
        })
        .collect())
}
