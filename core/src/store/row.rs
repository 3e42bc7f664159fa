//! An event row as it leaves the till: every stored column, owned, and the
//! hash that chains it. The shop server (`pos-server`) recomputes a pushed
//! row's hash with `EventRow::chain_hash`, the same bytes `verify` checks,
//! so a till's chain can be checked off the till.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::events::Recorded;
use super::stored::{select_events, StoredEvent, GENESIS};
use super::StoreError;
use crate::domain::{OrderId, StaffId};

/// The hash the first event of a chain links to: 32 zero bytes.
pub const GENESIS_HASH: [u8; 32] = GENESIS;

/// One event row with the hash of the row before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventRow {
    /// Place in the till's own chain: 1, 2, 3… with no gap.
    pub position: i64,
    pub stream: OrderId,
    pub version: u32,
    pub kind: i64,
    pub schema_version: i64,
    /// The event's JSON exactly as stored (its bytes are hashed).
    pub payload: String,
    pub actor: StaffId,
    pub authorised_by: Option<StaffId>,
    pub terminal: String,
    pub command_id: Uuid,
    pub app_version: i64,
    /// The till's time, to the millisecond.
    pub recorded_at: DateTime<Utc>,
    /// The previous row's hash, lowercase hex (`GENESIS_HASH` for position 1).
    pub prev_hash: String,
    /// This row's hash, lowercase hex.
    pub hash: String,
}

impl EventRow {
    /// The hash this row must have if it follows a row whose hash is
    /// `prev`: SHA-256 over `prev` and the row's columns, exactly as the
    /// till's own chain computes it.
    pub fn chain_hash(&self, prev: &[u8]) -> [u8; 32] {
        let stored = StoredEvent {
            position: self.position,
            stream: self.stream,
            version: self.version,
            kind: self.kind,
            schema_version: self.schema_version,
            payload: self.payload.as_bytes(),
            actor: self.actor,
            authorised_by: self.authorised_by,
            terminal: &self.terminal,
            command_id: self.command_id,
            app_version: self.app_version,
            recorded_at: self.recorded_at,
            hash: &[],
        };
        stored.chain_hash(prev)
    }
}

/// Up to `limit` rows after position `after`, in order, each with the hash
/// of the row before it. A payload that is not UTF-8 is `CorruptRow`.
pub fn rows_after(conn: &Connection, after: i64, limit: usize) -> Result<Vec<EventRow>, StoreError> {
    let mut prev = if after <= 0 {
        GENESIS.to_vec()
    } else {
        conn.prepare_cached("SELECT hash FROM events WHERE position = ?1")?
            .query_row([after], |r| r.get::<_, Vec<u8>>(0))
            .map_err(|_| StoreError::CorruptRow { position: Some(after), detail: "no event at this position".into() })?
    };
    let mut stmt = conn.prepare_cached(select_events!("WHERE position > ?1 ORDER BY position LIMIT ?2"))?;
    let mut rows = stmt.query(params![after, i64::try_from(limit).unwrap_or(i64::MAX)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let row = StoredEvent::read(r)?;
        let payload = std::str::from_utf8(row.payload)
            .map_err(|e| StoreError::CorruptRow { position: Some(row.position), detail: format!("payload: {e}") })?;
        out.push(EventRow {
            position: row.position,
            stream: row.stream,
            version: row.version,
            kind: row.kind,
            schema_version: row.schema_version,
            payload: payload.to_string(),
            actor: row.actor,
            authorised_by: row.authorised_by,
            terminal: row.terminal.to_string(),
            command_id: row.command_id,
            app_version: row.app_version,
            recorded_at: row.recorded_at,
            prev_hash: hex::encode(&prev),
            hash: hex::encode(row.hash),
        });
        prev = row.hash.to_vec();
    }
    Ok(out)
}

/// Appends rows copied from another till's chain, unchanged (a till's copy
/// of the rest of the shop, see `sync::shop`). Rows this file already holds
/// are skipped; each new row must follow the file's head, link to its hash
/// and hash to what it says, so a copy is the other till's chain or nothing.
/// Call inside a write transaction. Answers the rows appended, decoded.
pub fn append_copied(tx: &Connection, rows: &[EventRow]) -> Result<Vec<Recorded>, StoreError> {
    let (mut position, mut prev) = super::events::chain_head(tx)?;
    let mut out = Vec::new();
    let held = position;
    for row in rows.iter().filter(|r| r.position > held) {
        let broken = |detail: String| StoreError::CopyBroken { position: row.position, detail };
        if row.position != position + 1 {
            return Err(broken(format!("the copy ends at {position}")));
        }
        if row.prev_hash != hex::encode(&prev) {
            return Err(broken("it does not link to the event before it".into()));
        }
        let hash = row.chain_hash(&prev);
        if row.hash != hex::encode(hash) {
            return Err(broken("its hash is not the hash of its contents".into()));
        }
        let stored = StoredEvent {
            position: row.position,
            stream: row.stream,
            version: row.version,
            kind: row.kind,
            schema_version: row.schema_version,
            payload: row.payload.as_bytes(),
            actor: row.actor,
            authorised_by: row.authorised_by,
            terminal: &row.terminal,
            command_id: row.command_id,
            app_version: row.app_version,
            recorded_at: row.recorded_at,
            hash: &hash,
        };
        stored.insert(tx)?;
        out.push(stored.recorded()?);
        (position, prev) = (row.position, hash.to_vec());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_read_from_the_store_hashes_to_its_stored_hash() {
        // given a database with a few events (the demo seed)
        let dir = tempfile::tempdir().unwrap();
        let till = crate::Till::open_with(&dir.path().join("t.db"), crate::TillOptions { seed_demo: true, ..Default::default() }).unwrap();
        // when its rows are read after position 0, then after the second
        let all = rows_after(till.conn(), 0, 1000).unwrap();
        let tail = rows_after(till.conn(), 2, 1).unwrap();
        // then each links to the one before and hashes to what is stored
        assert!(all.len() > 3);
        assert_eq!(all[0].prev_hash, hex::encode(GENESIS_HASH));
        for pair in all.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        for row in &all {
            let prev = hex::decode(&row.prev_hash).unwrap();
            assert_eq!(hex::encode(row.chain_hash(&prev)), row.hash);
        }
        assert_eq!(tail, vec![all[2].clone()]);
    }
}
