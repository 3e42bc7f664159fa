//! Walks the hash chain and names the first event whose content, order or
//! absence breaks it.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::stored::{select_events, StoredEvent, GENESIS};
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

/// Walks every event in position order, then checks that no order's newest
/// events are missing from the end.
pub fn verify(conn: &Connection) -> Result<VerifyReport, StoreError> {
    let mut walk = Walk::default();
    let mut stmt = conn.prepare(select_events!("ORDER BY position"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        walk.events += 1;
        if let Some(breach) = walk.step(StoredEvent::read(r))? {
            return Ok(walk.report(Some(breach)));
        }
    }
    let breach = walk.missing_at_end(conn)?;
    Ok(walk.report(breach))
}

/// How far the walk along the chain got.
struct Walk {
    /// Events read so far.
    events: i64,
    /// The hash the next event must chain to.
    prev: Vec<u8>,
    /// Where the next event must be.
    expected_position: i64,
    /// Each order's newest version so far.
    versions: HashMap<i64, u32>,
}

impl Default for Walk {
    fn default() -> Self {
        Walk { events: 0, prev: GENESIS.to_vec(), expected_position: 1, versions: HashMap::new() }
    }
}

impl Walk {
    fn report(&self, breach: Option<Breach>) -> VerifyReport {
        VerifyReport { events: self.events, intact: breach.is_none(), breach }
    }

    /// Checks the next row: its place, its hash, its version in its order,
    /// its payload. A row whose values cannot be read breaks the chain there.
    fn step(&mut self, row: Result<StoredEvent<'_>, StoreError>) -> Result<Option<Breach>, StoreError> {
        let row = match row {
            Ok(row) => row,
            Err(StoreError::CorruptRow { position: Some(position), detail }) => {
                return Ok(Some(self.misplaced(position).unwrap_or(Breach { position, problem: detail })));
            }
            Err(e) => return Err(e),
        };
        if let Some(breach) = self.misplaced(row.position) {
            return Ok(Some(breach));
        }
        let position = row.position;
        if row.hash != row.chain_hash(&self.prev) {
            return Ok(Some(Breach { position, problem: "its content or place in the chain was changed".into() }));
        }
        let last = self.versions.entry(row.stream).or_insert(0);
        if row.version != *last + 1 {
            let problem = format!("order {} jumps from version {} to {}", row.stream, *last, row.version);
            return Ok(Some(Breach { position, problem }));
        }
        *last = row.version;
        if let Err(problem) = upcast::decode(row.kind, row.schema_version, row.payload) {
            return Ok(Some(Breach { position, problem }));
        }
        self.prev = row.hash.to_vec();
        self.expected_position += 1;
        Ok(None)
    }

    /// A gap before `position`, or `position` out of order.
    fn misplaced(&self, position: i64) -> Option<Breach> {
        let expected = self.expected_position;
        let problem = match position.cmp(&expected) {
            std::cmp::Ordering::Equal => return None,
            std::cmp::Ordering::Greater => format!("events missing before it (expected position {expected})"),
            std::cmp::Ordering::Less => format!("out of order (expected position {expected})"),
        };
        Some(Breach { position: expected.min(position), problem })
    }

    /// Events deleted from the end leave no gap; the order summaries still
    /// remember how far each order got.
    fn missing_at_end(&self, conn: &Connection) -> Result<Option<Breach>, StoreError> {
        let mut summaries = conn.prepare("SELECT order_id, version FROM order_summaries ORDER BY order_id")?;
        let mut rows = summaries.query([])?;
        while let Some(r) = rows.next()? {
            let (order, version): (i64, i64) = (r.get(0)?, r.get(1)?);
            let have = self.versions.get(&order).copied().unwrap_or(0);
            if i64::from(have) < version {
                let problem = format!("order {order} had {version} events but only {have} remain");
                return Ok(Some(Breach { position: self.expected_position, problem }));
            }
        }
        Ok(None)
    }
}
