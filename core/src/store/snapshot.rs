//! Snapshots: a stream's state at a version, only to speed up loading.
//! Never the truth: deleting every snapshot changes nothing but speed.

use rusqlite::{params, Connection, OptionalExtension};

use super::StoreError;
use crate::domain::{Order, OrderId};

/// Bump when `Order`'s serialized shape changes: older snapshots are then
/// ignored and rebuilt from events.
pub const SNAPSHOT_SCHEMA_VERSION: i64 = 1;

pub fn save_snapshot(conn: &Connection, order: &Order) -> Result<(), StoreError> {
    let state = serde_json::to_string(order).map_err(|e| StoreError::Sqlite(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO snapshots (stream, version, schema_version, state) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![order.id, order.version, SNAPSHOT_SCHEMA_VERSION, state])?;
    Ok(())
}

/// The newest usable snapshot of `stream` at or below `version`, and whether
/// outdated snapshots were passed over (so the caller can rebuild them).
pub fn load_snapshot(conn: &Connection, stream: OrderId, version: u32) -> Result<(Option<Order>, bool), StoreError> {
    let newest_any: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT version, schema_version FROM snapshots WHERE stream = ?1 AND version <= ?2
             ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![stream, version], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let outdated = matches!(newest_any, Some((_, s)) if s != SNAPSHOT_SCHEMA_VERSION);
    let state: Option<String> = conn
        .prepare_cached(
            "SELECT state FROM snapshots WHERE stream = ?1 AND version <= ?2 AND schema_version = ?3
             ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![stream, version, SNAPSHOT_SCHEMA_VERSION], |r| r.get(0))
        .optional()?;
    // A snapshot that fails to decode is as good as absent: the events rebuild it.
    let order = state.and_then(|s| serde_json::from_str::<Order>(&s).ok());
    Ok((order, outdated))
}
