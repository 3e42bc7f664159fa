//! The back office as events: the catalog (a stream per product), the staff
//! (a stream per staff member) and the shop (its settings and discount
//! policy, one stream) are recorded on the same hash chain as the orders,
//! and the `products`, `staff` and `settings` tables are their projections.
//!
//! - `commands`: each back-office command in one transaction: the state
//!   read from the projection, the pure rule of `domain::shop`, the append,
//!   the projection.
//! - `project`: an event into the tables and the audit log (the live path
//!   and a rebuild share it).
//! - `import`: the plain tables of an older database written once as the
//!   first events, marked `imported`.
//!
//! Stream ids: orders keep the positive ids (`store::next_stream`); these
//! streams take negative ids, `-streams.id`, where the append-only
//! `streams` table names each by (kind, key). The shop's stream is -1.

pub(crate) mod commands;
mod import;
mod project;

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::{Event, Refusal, StaffId};
use crate::error::{Error, Result};
use crate::store::{self, Metadata, Recorded};

pub(crate) use import::import_plain_tables;
pub(crate) use project::{audit_description, audit_detail, audit_kind, clear, project};
#[cfg(test)]
pub(crate) use project::audit_message;

/// The actor of what the till does by itself: the demo shop it seeds, the
/// tables it imports, changes made before anyone signed in.
pub const SYSTEM_ACTOR: StaffId = 0;

/// The shop's stream id.
pub const SHOP_STREAM: i64 = -1;

/// One of the back office's streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream<'a> {
    Shop,
    Product(&'a str),
    Staff(StaffId),
    /// A refund, the document (see `domain::refund`).
    Refund(crate::domain::RefundNumber),
    /// A shift of a till's cash drawer (see `domain::shift`).
    Shift(crate::domain::ShiftNumber),
    /// A till's day closed: the Z report (see `domain::close`).
    Close(crate::domain::ZNumber),
}

impl Stream<'_> {
    fn kind_key(&self) -> (&'static str, String) {
        match self {
            Stream::Shop => ("shop", String::new()),
            Stream::Product(sku) => ("product", sku.to_string()),
            Stream::Staff(id) => ("staff", id.to_string()),
            Stream::Refund(number) => ("refund", number.to_string()),
            Stream::Shift(number) => ("shift", number.to_string()),
            Stream::Close(number) => ("close", number.to_string()),
        }
    }
}

/// The stream id of `stream`, if it has one yet.
pub(crate) fn stream_id(conn: &Connection, stream: Stream<'_>) -> Result<Option<i64>> {
    let (kind, key) = stream.kind_key();
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM streams WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind, key], |r| r.get(0))
        .optional()?;
    Ok(id.map(|id| -id))
}

/// The newest stream of `kind` ('shift', 'close') whose first event till
/// `terminal` recorded: that till's latest shift or Z.
pub(crate) fn newest_of_till(conn: &Connection, kind: &str, terminal: &str) -> Result<Option<i64>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT st.id FROM streams st
             WHERE st.kind = ?1 AND EXISTS (SELECT 1 FROM events e WHERE e.stream = -st.id AND e.version = 1 AND e.terminal = ?2)
             ORDER BY st.id DESC LIMIT 1",
        )?
        .query_row(params![kind, terminal], |r| r.get(0))
        .optional()?;
    Ok(id.map(|id| -id))
}

/// The number the next stream of `kind` takes: one past those on this file (S-n, Z-n).
pub(crate) fn next_number(conn: &Connection, kind: &str) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT count(*) + 1 FROM streams WHERE kind = ?1")?.query_row([kind], |r| r.get(0))?)
}

fn stream_id_or_new(tx: &Connection, stream: Stream<'_>) -> Result<i64> {
    if let Some(id) = stream_id(tx, stream)? {
        return Ok(id);
    }
    let (kind, key) = stream.kind_key();
    tx.prepare_cached("INSERT INTO streams (kind, key) VALUES (?1, ?2)")?.execute(params![kind, key])?;
    Ok(-tx.last_insert_rowid())
}

/// The stream a back-office event opens, when it is its stream's first
/// (a product's, a staff member's, a refund's, a shift's or a Z's).
fn opened_stream(event: &Event) -> Option<Stream<'_>> {
    Some(match event {
        Event::ProductAdded(e) => Stream::Product(&e.sku),
        Event::StaffAdded(e) => Stream::Staff(e.id),
        Event::SettingsChanged(_) | Event::PolicyChanged(_) => Stream::Shop,
        Event::RefundIssued(e) => Stream::Refund(e.number),
        Event::ShiftOpened(e) => Stream::Shift(e.number),
        Event::DayClosed(e) => Stream::Close(e.number),
        _ => return None,
    })
}

/// Names the stream of an event copied from another till's chain (`streams`
/// is a plain table, not an event: the copy learns it from the stream's
/// first event), under the id that till gave it.
pub(crate) fn name_copied_stream(tx: &Connection, r: &Recorded) -> Result<()> {
    if r.stream >= 0 || r.version != 1 {
        return Ok(());
    }
    let Some(stream) = opened_stream(&r.event) else { return Ok(()) };
    let (kind, key) = stream.kind_key();
    tx.prepare_cached("INSERT OR IGNORE INTO streams (id, kind, key) VALUES (?1, ?2, ?3)")?.execute(params![-r.stream, kind, key])?;
    Ok(())
}

/// Appends `events` to `stream` and projects them; call inside a write
/// transaction (the caller commits). Nothing to record records nothing.
pub(crate) fn record(tx: &Connection, stream: Stream<'_>, events: &[Event], meta: &Metadata) -> Result<Vec<Recorded>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let id = stream_id_or_new(tx, stream)?;
    let version = store::stream_version(tx, id)?;
    let recorded = store::append(tx, id, version, events, meta)?;
    for r in &recorded {
        project(tx, r)?;
    }
    Ok(recorded)
}

/// Every event of `stream`, in order.
pub(crate) fn read(conn: &Connection, stream: Stream<'_>) -> Result<Vec<Recorded>> {
    match stream_id(conn, stream)? {
        Some(id) => Ok(store::read_stream(conn, id, 0, u32::MAX)?),
        None => Ok(Vec::new()),
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        match r {
            Refusal::SkuTaken(sku) => Error::Duplicate { what: "SKU", key: sku },
            Refusal::BarcodeTaken { barcode, by } => Error::Duplicate { what: "Barcode", key: format!("{barcode} (used by {by})") },
            Refusal::NoSuchProduct(sku) => Error::NotFound { what: "Product", key: sku },
            Refusal::StaffCodeTaken(code) => Error::Duplicate { what: "Staff code", key: code },
            Refusal::NoSuchStaff(id) => Error::NotFound { what: "Staff member", key: id.to_string() },
            Refusal::DeactivateSelf => Error::DeactivateSelf,
        }
    }
}
