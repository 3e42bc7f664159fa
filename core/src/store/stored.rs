//! One row of the `events` table, exactly as stored: what `append` writes,
//! `verify` checks and the reads decode, and the hash that chains it.
//! (`replay` reads only an event's facts: `StoredFacts`.)

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, Row, ToSql};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::events::{Metadata, Recorded};
use super::{app_version_text, upcast, StoreError};
use crate::domain::{Event, OrderId, StaffId};

/// The hash the first event chains to.
pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// The `events` columns, in the order `StoredEvent::read` takes them and
/// `StoredEvent::insert` writes them (?1..?14). Macros, so that every
/// statement naming them is whole at compile time.
macro_rules! event_columns {
    () => {
        "position, stream, version, kind, schema_version, payload, actor, authorised_by, \
         terminal, command_hi, command_lo, app_version, recorded_at, hash"
    };
}
pub(crate) use event_columns;

/// Every event row, as `StoredEvent::read` takes it: `select_events!()`
/// alone, or with the rest of the statement (`WHERE …`, `ORDER BY …`).
macro_rules! select_events {
    ($($rest:literal)?) => {
        concat!("SELECT ", $crate::store::stored::event_columns!(), " FROM events", $(" ", $rest)?)
    };
}
pub(crate) use select_events;

/// The columns `replay` reads, as `StoredFacts::read` takes them: an event's
/// facts without its metadata and hash. Replay folds every event, and
/// reading all fourteen columns cost it a fifth more time (measured on
/// 110,000 events), so it reads these five.
macro_rules! select_event_facts {
    ($($rest:literal)?) => {
        concat!("SELECT position, stream, kind, schema_version, payload FROM events", $(" ", $rest)?)
    };
}
pub(crate) use select_event_facts;

const INSERT: &str = concat!(
    "INSERT INTO events (",
    event_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
);

/// An event row as stored. Its text and bytes are borrowed (from the SQLite
/// row, or from the event being appended), so reading one copies nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredEvent<'a> {
    /// Place in the whole store: 1, 2, 3… with no gap.
    pub position: i64,
    pub stream: OrderId,
    /// Place in its stream: 1, 2, 3… with no gap.
    pub version: u32,
    /// `EventKind::code`; a damaged row may hold a code no version knows.
    pub kind: i64,
    /// The payload's shape (see `upcast`).
    pub schema_version: i64,
    /// The event's JSON, without its kind tag.
    pub payload: &'a [u8],
    pub actor: StaffId,
    pub authorised_by: Option<StaffId>,
    pub terminal: &'a str,
    /// Stored as two 64-bit halves (`command_hi`, `command_lo`).
    pub command_id: Uuid,
    /// The writing app's version as `app_version_code` made it.
    pub app_version: i64,
    /// Stored to the millisecond.
    pub recorded_at: DateTime<Utc>,
    /// SHA-256 over the previous event's hash and this row (`chain_hash`).
    pub hash: &'a [u8],
}

/// Events record time to the millisecond.
pub(crate) fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// A stored millisecond count as a time, if it is one chrono can hold.
fn from_millis(ms: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single()
}

pub(crate) fn command_halves(id: Uuid) -> (i64, i64) {
    let v = id.as_u128();
    ((v >> 64) as u64 as i64, v as u64 as i64)
}

pub(crate) fn command_id(hi: i64, lo: i64) -> Uuid {
    Uuid::from_u128(((hi as u64 as u128) << 64) | lo as u64 as u128)
}

impl<'a> StoredEvent<'a> {
    /// Reads a row selected by `select_events!`. A value of the wrong type
    /// or out of range is `CorruptRow`, naming the row's position.
    pub(crate) fn read(r: &'a Row<'_>) -> Result<StoredEvent<'a>, StoreError> {
        let c = Columns::of(r)?;
        let version = c.int(2)?;
        let recorded_at = c.int(12)?;
        Ok(StoredEvent {
            position: c.position,
            stream: c.int(1)?,
            version: u32::try_from(version).map_err(|_| c.corrupt(2, format!("{version} is out of range")))?,
            kind: c.int(3)?,
            schema_version: c.int(4)?,
            payload: c.bytes(5)?,
            actor: c.int(6)?,
            authorised_by: c.value(7)?.as_i64_or_null().map_err(|e| c.corrupt(7, e))?,
            terminal: c.value(8)?.as_str().map_err(|e| c.corrupt(8, e))?,
            command_id: command_id(c.int(9)?, c.int(10)?),
            app_version: c.int(11)?,
            recorded_at: from_millis(recorded_at).ok_or_else(|| c.corrupt(12, format!("{recorded_at} ms is not a time")))?,
            hash: c.value(13)?.as_blob().map_err(|e| c.corrupt(13, e))?,
        })
    }

    /// Writes this row (inside the caller's write transaction).
    pub(crate) fn insert(&self, tx: &Connection) -> rusqlite::Result<()> {
        let (command_hi, command_lo) = command_halves(self.command_id);
        // The payload column is TEXT: the JSON is bound as text, not as a blob.
        let payload = ToSqlOutput::Borrowed(ValueRef::Text(self.payload));
        let values: [&dyn ToSql; 14] = [
            &self.position,
            &self.stream,
            &self.version,
            &self.kind,
            &self.schema_version,
            &payload,
            &self.actor,
            &self.authorised_by,
            &self.terminal,
            &command_hi,
            &command_lo,
            &self.app_version,
            &millis(self.recorded_at),
            &self.hash,
        ];
        tx.prepare_cached(INSERT)?.execute(&values[..])?;
        Ok(())
    }

    /// The hash that chains this row to the one before, whose hash is
    /// `prev`: SHA-256 over `prev` and every stored column but the hash
    /// itself, each length-prefixed where its length varies, so no two rows
    /// share an encoding. Never change these bytes: every stored chain
    /// depends on them (`tests::the_chain_hash_bytes_do_not_change`).
    pub(crate) fn chain_hash(&self, prev: &[u8]) -> [u8; 32] {
        let (command_hi, command_lo) = command_halves(self.command_id);
        let mut h = Sha256::new();
        h.update(prev);
        for n in [self.position, self.stream, i64::from(self.version), self.kind, self.schema_version] {
            h.update(n.to_be_bytes());
        }
        h.update((self.payload.len() as u64).to_be_bytes());
        h.update(self.payload);
        h.update(self.actor.to_be_bytes());
        match self.authorised_by {
            Some(a) => {
                h.update([1]);
                h.update(a.to_be_bytes());
            }
            None => h.update([0]),
        }
        h.update((self.terminal.len() as u64).to_be_bytes());
        h.update(self.terminal.as_bytes());
        for n in [command_hi, command_lo, self.app_version, millis(self.recorded_at)] {
            h.update(n.to_be_bytes());
        }
        h.finalize().into()
    }

    /// The event, decoded from its payload of any known shape.
    pub(crate) fn event(&self) -> Result<Event, StoreError> {
        upcast::decode(self.kind, self.schema_version, self.payload)
            .map_err(|detail| StoreError::Decode { position: self.position, detail })
    }

    pub(crate) fn recorded(&self) -> Result<Recorded, StoreError> {
        Ok(Recorded {
            position: self.position,
            stream: self.stream,
            version: self.version,
            event: self.event()?,
            meta: Metadata {
                actor: self.actor,
                authorised_by: self.authorised_by,
                terminal: self.terminal.to_string(),
                command_id: self.command_id,
                recorded_at: self.recorded_at,
            },
            app_version: app_version_text(self.app_version),
        })
    }
}

/// An event's facts: the part of its row `replay` reads.
pub(crate) struct StoredFacts<'a> {
    pub position: i64,
    pub stream: OrderId,
    pub kind: i64,
    pub schema_version: i64,
    pub payload: &'a [u8],
}

impl<'a> StoredFacts<'a> {
    /// Reads a row selected by `select_event_facts!`, as `StoredEvent::read` does.
    pub(crate) fn read(r: &'a Row<'_>) -> Result<StoredFacts<'a>, StoreError> {
        let c = Columns::of(r)?;
        Ok(StoredFacts { position: c.position, stream: c.int(1)?, kind: c.int(2)?, schema_version: c.int(3)?, payload: c.bytes(4)? })
    }
}

/// The columns of one event row, each read with its type checked: a value
/// of the wrong type is `CorruptRow`, naming the row's position (column 0).
struct Columns<'a, 'stmt> {
    row: &'a Row<'stmt>,
    position: i64,
}

impl<'a, 'stmt> Columns<'a, 'stmt> {
    fn of(row: &'a Row<'stmt>) -> Result<Columns<'a, 'stmt>, StoreError> {
        Ok(Columns { row, position: row.get(0)? })
    }

    fn corrupt(&self, column: usize, problem: impl std::fmt::Display) -> StoreError {
        let name = self.row.as_ref().column_name(column).unwrap_or("?");
        StoreError::CorruptRow { position: Some(self.position), detail: format!("{name}: {problem}") }
    }

    fn value(&self, column: usize) -> Result<ValueRef<'a>, StoreError> {
        Ok(self.row.get_ref(column)?)
    }

    fn int(&self, column: usize) -> Result<i64, StoreError> {
        self.value(column)?.as_i64().map_err(|e| self.corrupt(column, e))
    }

    /// Text or blob, as bytes.
    fn bytes(&self, column: usize) -> Result<&'a [u8], StoreError> {
        self.value(column)?.as_bytes().map_err(|e| self.corrupt(column, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> DateTime<Utc> {
        from_millis(ms).unwrap()
    }

    /// Two rows whose hashes were worked out independently (SHA-256 of the
    /// documented encoding); a chain written by any earlier version must
    /// still verify, so these bytes never change.
    /// The first event of order 7, as stored before its hash is known.
    fn opened() -> StoredEvent<'static> {
        StoredEvent {
            position: 1,
            stream: 7,
            version: 1,
            kind: 1,
            schema_version: 1,
            payload: br#"{"number":7,"cashier":1,"terminal":"T1","openedAt":"2026-11-23T10:00:00Z"}"#,
            actor: 1,
            authorised_by: None,
            terminal: "T1",
            command_id: "0192f0c1-7a6b-7c3d-8e9f-a0b1c2d3e4f5".parse().unwrap(),
            app_version: 1_002_003,
            recorded_at: at(1_795_428_000_000),
            hash: &[],
        }
    }

    #[test]
    fn the_chain_hash_bytes_do_not_change() {
        let opened = opened();
        let first = opened.chain_hash(&GENESIS);
        assert_eq!(hex(&first), "fc98872e9aca78610c6c3b7530cc319b7942b4e6d9cf67072c17e393e918fcb2");
        let voided = StoredEvent {
            position: 2,
            version: 2,
            kind: 8,
            payload: br#"{"reason":"wrong customer","authorisedBy":2,"amount":"10.00","voidedAt":"2026-11-23T10:00:01.234Z"}"#,
            authorised_by: Some(2),
            command_id: "ffffffff-ffff-4fff-bfff-ffffffffffff".parse().unwrap(),
            recorded_at: at(1_795_428_001_234),
            ..opened
        };
        assert_eq!(hex(&voided.chain_hash(&first)), "7e96d5eb40bade29a63ea8a6afe40c3ccadebe35f2d62f9cdec0983c61698ab0");
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn a_row_reads_back_as_written_and_a_damaged_value_names_its_position() {
        let conn = Connection::open_in_memory().unwrap();
        crate::store::schema::migrate(&conn).unwrap();
        let mut row = StoredEvent { authorised_by: Some(3), command_id: Uuid::now_v7(), ..opened() };
        let hash = row.chain_hash(&GENESIS);
        row.hash = &hash;
        row.insert(&conn).unwrap();
        let mut stmt = conn.prepare(select_events!()).unwrap();
        let mut rows = stmt.query([]).unwrap();
        let r = rows.next().unwrap().unwrap();
        assert_eq!(StoredEvent::read(r).unwrap(), row);
        drop(rows);

        conn.execute_batch("DROP TRIGGER events_no_update; UPDATE events SET recorded_at = 'soon'").unwrap();
        let mut rows = stmt.query([]).unwrap();
        let err = StoredEvent::read(rows.next().unwrap().unwrap()).unwrap_err();
        assert_eq!(err.code(), "corrupt_row");
        assert!(matches!(&err, StoreError::CorruptRow { position: Some(1), detail } if detail.contains("recorded_at")), "{err}");
    }
}
