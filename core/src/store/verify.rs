//! Walks the hash chain and names the first event whose content, order or
//! absence breaks it.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::events::{chain_hash, GENESIS};
use super::{upcast, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Breach {
    /// Position of the first event that does not fit.
    pub position: i64,
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    pub events: i64,
    pub intact: bool,
    pub breach: Option<Breach>,
}

impl std::fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.breach {
            None => write!(f, "all {} events intact", self.events),
            Some(b) => write!(f, "chain broken at position {}: {} ({} events read)", b.position, b.problem, self.events),
        }
    }
}

pub fn verify(conn: &Connection) -> Result<VerifyReport, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT position, stream, version, kind, schema_version, payload, actor, authorised_by,
                terminal, command_hi, command_lo, app_version, recorded_at, hash FROM events ORDER BY position",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_vec();
    let mut expected_position = 1i64;
    let mut versions: HashMap<i64, i64> = HashMap::new();
    let mut count = 0i64;
    let breach = |position: i64, problem: String, count: i64| {
        Ok(VerifyReport { events: count, intact: false, breach: Some(Breach { position, problem }) })
    };
    while let Some(r) = rows.next()? {
        count += 1;
        let position: i64 = r.get(0)?;
        let stream: i64 = r.get(1)?;
        let version: i64 = r.get(2)?;
        let kind: i64 = r.get(3)?;
        let schema_version: i64 = r.get(4)?;
        let payload: Vec<u8> = match r.get_ref(5)? {
            rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => t.to_vec(),
            _ => Vec::new(),
        };
        let hash: Vec<u8> = r.get(13).unwrap_or_default();
        if position != expected_position {
            let problem = if position > expected_position {
                format!("events missing before it (expected position {expected_position})")
            } else {
                format!("out of order (expected position {expected_position})")
            };
            return breach(expected_position.min(position), problem, count);
        }
        let want = chain_hash(
            &prev,
            position,
            stream,
            version,
            kind,
            schema_version,
            &payload,
            r.get(6)?,
            r.get(7)?,
            &r.get::<_, String>(8)?,
            (r.get(9)?, r.get(10)?),
            r.get(11)?,
            r.get(12)?,
        );
        if hash != want {
            return breach(position, "its content or place in the chain was changed".into(), count);
        }
        let last = versions.entry(stream).or_insert(0);
        if version != *last + 1 {
            return breach(position, format!("order {stream} jumps from version {} to {version}", *last), count);
        }
        *last = version;
        if let Err(problem) = upcast::decode(kind, schema_version, &payload) {
            return breach(position, problem, count);
        }
        prev = hash;
        expected_position += 1;
    }
    // Events deleted from the end leave no gap; the order summaries still
    // remember how far each order got.
    let mut summaries = conn.prepare("SELECT order_id, version FROM order_summaries ORDER BY order_id")?;
    let mut rows = summaries.query([])?;
    while let Some(r) = rows.next()? {
        let (order, version): (i64, i64) = (r.get(0)?, r.get(1)?);
        let have = versions.get(&order).copied().unwrap_or(0);
        if have < version {
            return breach(
                expected_position,
                format!("order {order} had {version} events but only {have} remain"),
                count,
            );
        }
    }
    Ok(VerifyReport { events: count, intact: true, breach: None })
}
