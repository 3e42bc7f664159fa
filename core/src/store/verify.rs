//! Walks the hash chain and names the first event whose content, order or
//! absence breaks it.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
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
    /// The first position this walk read: 1 for the whole chain; later when
    /// only what is new since the last whole check was walked.
    pub from: i64,
}

impl std::fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.breach {
            None if self.from > 1 => {
                write!(f, "events {} to {} intact; the {} before them not checked yet", self.from, self.events, self.from - 1)
            }
            None => write!(f, "all {} events intact", self.events),
            Some(b) => write!(f, "chain broken at position {}: {} ({} events read)", b.position, b.problem, self.events),
        }
    }
}

/// Walks every event in position order, then checks that no order's newest
/// events are missing from the end.
pub fn verify(conn: &Connection) -> Result<VerifyReport, StoreError> {
    Ok(verify_whole(conn)?.0)
}

/// The whole walk, and where it found the chain intact up to (`None` when
/// it did not).
pub fn verify_whole(conn: &Connection) -> Result<(VerifyReport, Option<Checked>), StoreError> {
    let mut walk = Walk::default();
    let mut stmt = conn.prepare(select_events!("ORDER BY position"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        walk.events += 1;
        if let Some(breach) = walk.step(StoredEvent::read(r))? {
            return Ok((walk.report(Some(breach)), None));
        }
    }
    let breach = walk.missing_at_end(conn)?;
    let checked = breach.is_none().then(|| walk.checked());
    Ok((walk.report(breach), checked))
}

/// Walks only the events after `checked` (where an earlier whole walk found
/// the chain intact), chaining them to its hash: O(new events), so a start
/// does not wait on years of history. The events before it are the whole
/// walk's to check again, in the background. When the event at `checked`
/// is gone or changed, this is the whole walk, which names the first
/// event that breaks the chain.
pub fn verify_since(conn: &Connection, checked: &Checked) -> Result<VerifyReport, StoreError> {
    assert!(checked.position >= 0, "a checked position is never negative");
    if checked.position == 0 {
        return verify(conn);
    }
    if checked_at(conn, checked.position)?.as_ref() != Some(checked) {
        return verify(conn);
    }
    let mut walk = Walk {
        events: checked.position,
        prev: checked.hash.clone(),
        expected_position: checked.position + 1,
        versions: HashMap::new(),
        from: checked.position + 1,
    };
    let mut before = conn.prepare_cached("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?1 AND position <= ?2")?;
    let mut stmt = conn.prepare(select_events!("WHERE position > ?1 ORDER BY position"))?;
    let mut rows = stmt.query([checked.position])?;
    while let Some(r) = rows.next()? {
        walk.events += 1;
        let row = StoredEvent::read(r);
        if let Ok(row) = &row {
            if !walk.versions.contains_key(&row.stream) {
                let version: u32 = before.query_row(rusqlite::params![row.stream, checked.position], |r| r.get(0))?;
                walk.versions.insert(row.stream, version);
            }
        }
        if let Some(breach) = walk.step(row)? {
            return Ok(walk.report(Some(breach)));
        }
    }
    Ok(walk.report(None))
}

/// The event at `position` as a point to walk on from: its position and
/// stored hash, or None when no event is there.
pub fn checked_at(conn: &Connection, position: i64) -> Result<Option<Checked>, StoreError> {
    let hash: Option<Vec<u8>> =
        conn.query_row("SELECT hash FROM events WHERE position = ?1", [position], |r| r.get(0)).optional()?;
    Ok(hash.map(|hash| Checked { position, hash }))
}

/// Where a whole walk found the chain intact up to: the position and hash
/// of the last event it read (position 0: nothing checked yet).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checked {
    pub position: i64,
    pub hash: Vec<u8>,
}

/// The settings key under which the last whole walk's `Checked` is kept.
const CHECKED_KEY: &str = "chain_checked";

/// The last whole walk's `Checked`, as kept in the file (nothing checked
/// when absent or unreadable: the next start walks the whole chain).
pub fn load_checked(conn: &Connection) -> Result<Checked, StoreError> {
    let text: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [CHECKED_KEY], |r| r.get(0)).optional()?;
    let parsed = text.as_deref().and_then(|t| {
        let (position, hash) = t.split_once(':')?;
        Some(Checked { position: position.parse().ok().filter(|p: &i64| *p > 0)?, hash: hex::decode(hash).ok()? })
    });
    Ok(parsed.unwrap_or_default())
}

/// Keeps `checked` for the next start's walk.
pub fn save_checked(conn: &Connection, checked: &Checked) -> Result<(), StoreError> {
    let text = format!("{}:{}", checked.position, hex::encode(&checked.hash));
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", [CHECKED_KEY, text.as_str()])?;
    Ok(())
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
    /// The position the walk started at.
    from: i64,
}

impl Default for Walk {
    fn default() -> Self {
        Walk { events: 0, prev: GENESIS.to_vec(), expected_position: 1, versions: HashMap::new(), from: 1 }
    }
}

impl Walk {
    fn report(&self, breach: Option<Breach>) -> VerifyReport {
        VerifyReport { events: self.events, intact: breach.is_none(), breach, from: self.from }
    }

    /// How far the walk found the chain intact.
    fn checked(&self) -> Checked {
        Checked { position: self.expected_position - 1, hash: if self.expected_position == 1 { Vec::new() } else { self.prev.clone() } }
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
