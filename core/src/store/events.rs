//! Appending and reading events. Each event's hash chains it to the one
//! before it (by global position), so a change, a reordering, an insertion
//! or a gap shows up in `verify`.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use uuid::Uuid;

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

pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// Events record time to the millisecond.
pub(crate) fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

pub(crate) fn command_halves(id: Uuid) -> (i64, i64) {
    let v = id.as_u128();
    ((v >> 64) as u64 as i64, v as u64 as i64)
}

pub(crate) fn command_id(hi: i64, lo: i64) -> Uuid {
    Uuid::from_u128(((hi as u64 as u128) << 64) | lo as u64 as u128)
}

/// The bytes an event's hash covers: every stored column but the hash
/// itself, each length-prefixed so no two rows share an encoding.
#[allow(clippy::too_many_arguments)]
pub(crate) fn chain_hash(
    prev: &[u8],
    position: i64,
    stream: i64,
    version: i64,
    kind: i64,
    schema_version: i64,
    payload: &[u8],
    actor: i64,
    authorised_by: Option<i64>,
    terminal: &str,
    command: (i64, i64),
    app_version: i64,
    recorded_at: i64,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    for n in [position, stream, version, kind, schema_version] {
        h.update(n.to_be_bytes());
    }
    h.update((payload.len() as u64).to_be_bytes());
    h.update(payload);
    h.update(actor.to_be_bytes());
    match authorised_by {
        Some(a) => {
            h.update([1]);
            h.update(a.to_be_bytes());
        }
        None => h.update([0]),
    }
    h.update((terminal.len() as u64).to_be_bytes());
    h.update(terminal.as_bytes());
    for n in [command.0, command.1, app_version, recorded_at] {
        h.update(n.to_be_bytes());
    }
    h.finalize().into()
}

pub fn stream_version(conn: &Connection, stream: OrderId) -> Result<u32, StoreError> {
    let v: Option<i64> = conn
        .prepare_cached("SELECT max(version) FROM events WHERE stream = ?1")?
        .query_row([stream], |r| r.get(0))?;
    Ok(v.unwrap_or(0) as u32)
}

/// The id the next order takes: one past the highest stream.
pub fn next_stream(conn: &Connection) -> Result<OrderId, StoreError> {
    Ok(conn.prepare_cached("SELECT coalesce(max(stream), 0) + 1 FROM events")?.query_row([], |r| r.get(0))?)
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
    let actual = stream_version(tx, stream)?;
    if actual != expected_version {
        return Err(StoreError::Conflict { stream, expected: expected_version, actual });
    }
    let (mut position, mut prev): (i64, Vec<u8>) = tx
        .prepare_cached("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_vec()));
    let recorded_at = millis(meta.recorded_at);
    let command = command_halves(meta.command_id);
    let app_version = app_version_code();
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (position, stream, version, kind, schema_version, payload, actor, authorised_by,
                             terminal, command_hi, command_lo, app_version, recorded_at, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut out = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        position += 1;
        let version = expected_version + 1 + i as u32;
        let kind = event.kind();
        let payload = event.payload_json().map_err(|e| StoreError::Sqlite(e.to_string()))?;
        let schema_version = i64::from(kind.schema_version());
        let hash = chain_hash(
            &prev,
            position,
            stream,
            i64::from(version),
            kind.code(),
            schema_version,
            payload.as_bytes(),
            meta.actor,
            meta.authorised_by,
            &meta.terminal,
            command,
            app_version,
            recorded_at,
        );
        let inserted = insert.execute(params![
            position,
            stream,
            version,
            kind.code(),
            schema_version,
            payload,
            meta.actor,
            meta.authorised_by,
            meta.terminal,
            command.0,
            command.1,
            app_version,
            recorded_at,
            &hash[..],
        ]);
        if let Err(e) = inserted {
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

/// What `command_id` produced on `stream`, if it was applied there.
///
/// Command ids are looked up per order, through the order's own events
/// (the (stream, version) key): no index over every command is kept, so an
/// append writes one index page less. The till itself answers repeats from
/// each order's ids kept in memory (see `stream_commands`); this scan is for
/// checking the store from outside (tests, tools).
pub fn command_outcome(conn: &Connection, stream: OrderId, command_id: Uuid) -> Result<Option<CommandOutcome>, StoreError> {
    let (hi, lo) = command_halves(command_id);
    let row: (Option<i64>, Option<i64>) = conn
        .prepare_cached(
            "SELECT min(version), max(version) FROM events WHERE stream = ?1 AND command_lo = ?2 AND command_hi = ?3",
        )?
        .query_row([stream, lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match row {
        (Some(first), Some(last)) => Some(CommandOutcome { stream, first_version: first as u32, last_version: last as u32 }),
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
        Ok((r.get::<_, i64>(0)? as u32, command_id(r.get(1)?, r.get(2)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const SELECT: &str = "SELECT position, stream, version, kind, schema_version, payload, actor, authorised_by,
                             terminal, command_hi, command_lo, app_version, recorded_at FROM events";

fn row_to_recorded(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Recorded, StoreError>> {
    let position: i64 = r.get(0)?;
    let kind: i64 = r.get(3)?;
    let schema_version: i64 = r.get(4)?;
    let payload = r.get_ref(5)?.as_bytes()?;
    let event = match upcast::decode(kind, schema_version, payload) {
        Ok(e) => e,
        Err(detail) => return Ok(Err(StoreError::Decode { position, detail })),
    };
    Ok(Ok(Recorded {
        position,
        stream: r.get(1)?,
        version: r.get::<_, i64>(2)? as u32,
        event,
        meta: Metadata {
            actor: r.get(6)?,
            authorised_by: r.get(7)?,
            terminal: r.get(8)?,
            command_id: command_id(r.get(9)?, r.get(10)?),
            recorded_at: from_millis(r.get(12)?),
        },
        app_version: app_version_text(r.get(11)?),
    }))
}

/// The events of `stream` with `after < version <= up_to`, in order.
pub fn read_stream(conn: &Connection, stream: OrderId, after: u32, up_to: u32) -> Result<Vec<Recorded>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE stream = ?1 AND version > ?2 AND version <= ?3 ORDER BY version"
    ))?;
    let rows = stmt.query_map(params![stream, after, up_to], row_to_recorded)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// Every event's stream and content in position order, without metadata:
/// the fast path for rebuilding read models that need only the facts.
///
/// Decoding the JSON payloads is most of the work, so it runs on a second
/// thread while this one reads rows and folds: `f` still sees every event
/// once, in position order, on the caller's thread.
pub fn replay(conn: &Connection, mut f: impl FnMut(OrderId, Event)) -> Result<u64, StoreError> {
    /// Rows handed to the decoder at a time.
    const BATCH_ROWS: usize = 256;
    /// Batches read ahead of the decoder; bounds the memory in flight.
    const BATCHES_AHEAD: usize = 8;
    /// A batch of rows: position, stream, kind and schema version of each,
    /// with its payload's range in one shared buffer (one allocation a batch,
    /// not one a row).
    #[derive(Default)]
    struct Batch {
        rows: Vec<(i64, OrderId, i64, i64, std::ops::Range<usize>)>,
        payloads: Vec<u8>,
    }
    type Decoded = Result<Vec<(OrderId, Event)>, StoreError>;

    fn decode_batch(batch: Batch) -> Decoded {
        batch
            .rows
            .into_iter()
            .map(|(position, stream, kind, schema_version, payload)| {
                upcast::decode(kind, schema_version, &batch.payloads[payload])
                    .map(|event| (stream, event))
                    .map_err(|detail| StoreError::Decode { position, detail })
            })
            .collect()
    }

    let mut stmt = conn.prepare("SELECT position, stream, kind, schema_version, payload FROM events ORDER BY position")?;
    let mut rows = stmt.query([])?;
    std::thread::scope(|scope| {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_AHEAD);
        // Unbounded, so the decoder never waits on this thread: what waits
        // is bounded by `BATCHES_AHEAD` on the way in.
        let (decoded_tx, decoded_rx) = std::sync::mpsc::channel::<Decoded>();
        scope.spawn(move || {
            for batch in raw_rx {
                if decoded_tx.send(decode_batch(batch)).is_err() {
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
        let mut batch = Batch::default();
        while let Some(r) = rows.next()? {
            let payload = r.get_ref(4)?.as_bytes().map_err(rusqlite::Error::from)?;
            let start = batch.payloads.len();
            batch.payloads.extend_from_slice(payload);
            batch.rows.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, start..batch.payloads.len()));
            if batch.rows.len() == BATCH_ROWS {
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
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY position"))?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        f(row_to_recorded(r)??)?;
        n += 1;
    }
    Ok(n)
}
