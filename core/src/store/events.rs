//! Appending and reading events. Each event's hash chains it to the one
//! before it (by global position), so a change, a reordering, an insertion
//! or a gap shows up in `verify`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::stored::{command_halves, command_id, select_event_facts, select_events, StoredEvent, StoredFacts, GENESIS};
use super::{app_version_code, app_version_text, upcast, StoreError};
use crate::domain::{Event, OrderId, StaffId};

/// Who, where and when: stored beside each event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub actor: StaffId,
    pub authorised_by: Option<StaffId>,
    pub terminal: String,
    pub command_id: Uuid,
    pub recorded_at: DateTime<Utc>,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub position: i64,
    pub stream: OrderId,
    pub version: u32,
    pub event: Event,
    pub meta: Metadata,
    pub app_version: String,
}

/// What a command id already produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandOutcome {
    pub stream: OrderId,
    pub first_version: u32,
    pub last_version: u32,
}

pub fn stream_version(conn: &Connection, stream: OrderId) -> Result<u32, StoreError> {
    let v: Option<u32> = conn
        .prepare_cached("SELECT max(version) FROM events WHERE stream = ?1")?
        .query_row([stream], |r| r.get(0))?;
    // No event yet: the stream is at version 0.
    Ok(v.unwrap_or(0))
}

/// The id the next order takes: one past the highest stream. Orders have
/// the positive stream ids; the catalog, the staff and the shop the
/// negative ones (see `streams`), which this never counts.
pub fn next_stream(conn: &Connection) -> Result<OrderId, StoreError> {
    Ok(conn.prepare_cached("SELECT max(coalesce(max(stream), 0), 0) + 1 FROM events")?.query_row([], |r| r.get(0))?)
}

/// Appends `events` to `stream` if the stream is still at `expected_version`.
/// Call inside a write transaction (`BEGIN IMMEDIATE`): the caller commits,
/// so projections written in the same transaction land together.
pub fn append(
    tx: &Connection,
    stream: OrderId,
    expected_version: u32,
    events: &[Event],
    meta: &Metadata,
) -> Result<Vec<Recorded>, StoreError> {
    debug_assert!(!events.is_empty(), "a command that records nothing appends nothing");
    let actual = stream_version(tx, stream)?;
    if actual != expected_version {
        return Err(StoreError::Conflict { stream, expected: expected_version, actual });
    }
    let (mut position, mut prev) = chain_head(tx)?;
    let app_version = app_version_code();
    let mut out: Vec<Recorded> = Vec::with_capacity(events.len());
    for (event, version) in events.iter().zip(expected_version + 1..) {
        // Versions follow the expected one and each other, one apart.
        let previous = out.last().map_or(expected_version, |r| r.version);
        assert_eq!(version, previous + 1, "stream {stream}: versions must be contiguous");
        position += 1;
        let kind = event.kind();
        let payload = event.payload_json().map_err(|e| StoreError::Sqlite(e.to_string()))?;
        let mut row = StoredEvent {
            position,
            stream,
            version,
            kind: kind.code(),
            schema_version: i64::from(kind.schema_version()),
            payload: payload.as_bytes(),
            actor: meta.actor,
            authorised_by: meta.authorised_by,
            terminal: &meta.terminal,
            command_id: meta.command_id,
            app_version,
            recorded_at: meta.recorded_at,
            hash: &[],
        };
        let hash = row.chain_hash(&prev);
        row.hash = &hash;
        if let Err(e) = row.insert(tx) {
            // Another writer got there first (UNIQUE(stream, version)).
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                let actual = stream_version(tx, stream)?;
                return Err(StoreError::Conflict { stream, expected: expected_version, actual });
            }
            return Err(e.into());
        }
        prev = hash.to_vec();
        out.push(Recorded {
            position,
            stream,
            version,
            event: event.clone(),
            meta: meta.clone(),
            app_version: app_version_text(app_version),
        });
    }
    Ok(out)
}

/// The newest event's position and hash: where the next event chains on.
pub(super) fn chain_head(tx: &Connection) -> Result<(i64, Vec<u8>), StoreError> {
    Ok(tx
        .prepare_cached("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_vec())))
}

/// What `command_id` produced on `stream`, if it was applied there.
///
/// Command ids are looked up per order, through the order's own events
/// (the (stream, version) key): no index over every command is kept, so an
/// append writes one index page less. The till itself answers repeats from
/// each order's ids kept in memory (see `stream_commands`); this scan is for
/// checking the store from outside (tests, tools).
pub fn command_outcome(conn: &Connection, stream: OrderId, command_id: Uuid) -> Result<Option<CommandOutcome>, StoreError> {
    let (hi, lo) = command_halves(command_id);
    let row: (Option<u32>, Option<u32>) = conn
        .prepare_cached(
            "SELECT min(version), max(version) FROM events WHERE stream = ?1 AND command_lo = ?2 AND command_hi = ?3",
        )?
        .query_row([stream, lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match row {
        (Some(first), Some(last)) => Some(CommandOutcome { stream, first_version: first, last_version: last }),
        _ => None,
    })
}

/// The order `command_id` opened, if it opened one (through the small index
/// of opening events).
pub fn opened_by(conn: &Connection, command_id: Uuid) -> Result<Option<CommandOutcome>, StoreError> {
    let (hi, lo) = command_halves(command_id);
    let stream: Option<i64> = conn
        .prepare_cached("SELECT stream FROM events WHERE version = 1 AND command_lo = ?1 AND command_hi = ?2")?
        .query_row([lo, hi], |r| r.get(0))
        .optional()?;
    Ok(stream.map(|stream| CommandOutcome { stream, first_version: 1, last_version: 1 }))
}

/// The command id of each event of `stream` after version `after`, in order.
pub fn stream_commands(conn: &Connection, stream: OrderId, after: u32) -> Result<Vec<(u32, Uuid)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, command_hi, command_lo FROM events WHERE stream = ?1 AND version > ?2 ORDER BY version",
    )?;
    let rows = stmt.query_map(params![stream, after], |r| {
        Ok((r.get::<_, u32>(0)?, command_id(r.get(1)?, r.get(2)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The events of `stream` with `after < version <= up_to`, in order.
///
/// Versions read must follow `after` one by one: a missing event (a damaged
/// file) is `CorruptRow`, never a state folded without it.
pub fn read_stream(conn: &Connection, stream: OrderId, after: u32, up_to: u32) -> Result<Vec<Recorded>, StoreError> {
    let mut stmt = conn.prepare_cached(select_events!(
        "WHERE stream = ?1 AND version > ?2 AND version <= ?3 ORDER BY version"
    ))?;
    let mut rows = stmt.query(params![stream, after, up_to])?;
    let mut out: Vec<Recorded> = Vec::new();
    while let Some(r) = rows.next()? {
        let row = StoredEvent::read(r)?;
        let last = out.last().map_or(after, |r| r.version);
        if row.version != last + 1 {
            return Err(StoreError::CorruptRow {
                position: Some(row.position),
                detail: format!("order {stream} jumps from version {last} to {}", row.version),
            });
        }
        out.push(row.recorded()?);
    }
    Ok(out)
}

/// Rows `replay` hands its decoder at a time.
const REPLAY_BATCH_ROWS: usize = 256;
/// Batches `replay` reads ahead of its decoder; bounds the memory in flight.
const REPLAY_BATCHES_AHEAD: usize = 8;

/// Rows read for `replay`, waiting to be decoded: their payloads share one
/// buffer (one allocation a batch, not one a row).
#[derive(Default)]
struct ReplayBatch {
    rows: Vec<ReplayRow>,
    payloads: Vec<u8>,
}

struct ReplayRow {
    position: i64,
    stream: OrderId,
    kind: i64,
    schema_version: i64,
    /// Where its payload lies in `ReplayBatch::payloads`.
    payload: std::ops::Range<usize>,
}

/// A batch's events, in order, or the first that does not decode.
type Decoded = Result<Vec<(OrderId, Event)>, StoreError>;

impl ReplayBatch {
    fn push(&mut self, row: &StoredFacts<'_>) {
        let start = self.payloads.len();
        self.payloads.extend_from_slice(row.payload);
        self.rows.push(ReplayRow {
            position: row.position,
            stream: row.stream,
            kind: row.kind,
            schema_version: row.schema_version,
            payload: start..self.payloads.len(),
        });
    }

    fn decode(self) -> Decoded {
        self.rows
            .into_iter()
            .map(|row| {
                upcast::decode(row.kind, row.schema_version, &self.payloads[row.payload])
                    .map(|event| (row.stream, event))
                    .map_err(|detail| StoreError::Decode { position: row.position, detail })
            })
            .collect()
    }
}

/// Every event's stream and content in position order, without metadata:
/// the fast path for rebuilding read models that need only the facts.
///
/// Decoding the JSON payloads is most of the work, so it runs on a second
/// thread while this one reads rows and folds: `f` still sees every event
/// once, in position order, on the caller's thread.
pub fn replay(conn: &Connection, mut f: impl FnMut(OrderId, Event)) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare(select_event_facts!("ORDER BY position"))?;
    let mut rows = stmt.query([])?;
    std::thread::scope(|scope| {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<ReplayBatch>(REPLAY_BATCHES_AHEAD);
        // Unbounded, so the decoder never waits on this thread: what waits
        // is bounded by `REPLAY_BATCHES_AHEAD` on the way in.
        let (decoded_tx, decoded_rx) = std::sync::mpsc::channel::<Decoded>();
        scope.spawn(move || {
            for batch in raw_rx {
                if decoded_tx.send(batch.decode()).is_err() {
                    break;
                }
            }
        });
        let mut n = 0u64;
        let mut fold = |decoded: Decoded| -> Result<(), StoreError> {
            for (stream, event) in decoded? {
                f(stream, event);
                n += 1;
            }
            Ok(())
        };
        let mut batch = ReplayBatch::default();
        while let Some(r) = rows.next()? {
            batch.push(&StoredFacts::read(r)?);
            if batch.rows.len() == REPLAY_BATCH_ROWS {
                // A closed channel means the decoder is gone; what it sent says why.
                let _ = raw_tx.send(std::mem::take(&mut batch));
                while let Ok(decoded) = decoded_rx.try_recv() {
                    fold(decoded)?;
                }
            }
        }
        if !batch.rows.is_empty() {
            let _ = raw_tx.send(batch);
        }
        drop(raw_tx);
        for decoded in decoded_rx {
            fold(decoded)?;
        }
        Ok(n)
    })
}

/// Every event in position order, handed to `f` one at a time (no full copy in memory).
pub fn read_all(conn: &Connection, mut f: impl FnMut(Recorded) -> Result<(), StoreError>) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare(select_events!("ORDER BY position"))?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        f(StoredEvent::read(r)?.recorded()?)?;
        n += 1;
    }
    Ok(n)
}
