//! The whole audit trail, streamed: entry by entry, or as CSV. An export streams every matching entry, with no
//! cap, from the query straight to the file (memory stays bounded whatever
//! the size of the trail), then the totals and the chain head, all read from
//! one snapshot of the database so they agree with the rows above them.

use std::io::Write;

use chrono_tz::Tz;

use rusqlite::params_from_iter;

use crate::error::{Error, Result};
use crate::money::{self, LEGACY_MINOR_UNIT};
use crate::store::{self, ChainHead};

use super::audit::{audit_condition, entry, select_entries, totals_in};
use super::{csv_text, text_cell, AuditEntry, AuditFilter, AuditTotals, Reader};

const HEADER: [&str; 9] = ["time", "order", "version", "kind", "amount", "cashier", "authorised_by", "reason", "detail"];

/// The first cell of the lines after the entries.
pub const TOTAL_MARK: &str = "total";
pub const HEAD_MARK: &str = "chain head";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditExport {
    /// Entries written (the totals' count: both read from one snapshot).
    pub rows: u64,
    pub totals: AuditTotals,
    /// The chain head when the rows were read.
    pub head: ChainHead,
}

fn csv_error(path: &str) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Write { path: path.into(), message: e.to_string() }
}

/// One entry's cells; a PIN lockout has no order and no version: those
/// cells stay empty. Text typed by people is made safe for spreadsheets.
/// The time is the shop's local time with its offset (RFC 3339).
fn record(e: &AuditEntry, zone: Tz) -> [String; 9] {
    [
        e.at.with_timezone(&zone).to_rfc3339(),
        e.order_id.map(|o| o.to_string()).unwrap_or_default(),
        e.version.map(|v| v.to_string()).unwrap_or_default(),
        e.kind.as_str().to_string(),
        money::format(e.amount, e.amount.scale().max(LEGACY_MINOR_UNIT)),
        text_cell(&e.actor_name),
        text_cell(e.authorised_by_name.as_deref().unwrap_or_default()),
        text_cell(e.reason.as_deref().unwrap_or_default()),
        text_cell(&e.detail),
    ]
}

/// Some entries as CSV (header + one row per entry), e.g. a page of the
/// trail, with times in `zone` (the shop's: `Settings::zone`).
pub fn audit_csv(entries: &[AuditEntry], zone: Tz) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = csv_error("CSV");
    w.write_record(HEADER).map_err(&io)?;
    for e in entries {
        w.write_record(record(e, zone)).map_err(&io)?;
    }
    csv_text(w)
}

/// Writes every entry of the filtered trail to `out` (its `limit` and
/// `offset` are ignored), newest first, one row as it is read; then one
/// `total` line per kind and one for all (`kind` = `all`), with the count in
/// `detail` ("N entries"), and the `chain head` line (`POSITION:HASH` in
/// `detail`, as `pos verify --head` takes it). `path` names `out` in errors.
pub fn audit_export(reader: &Reader<'_>, f: &AuditFilter, out: impl Write, path: &str) -> Result<AuditExport> {
    let (condition, args) = audit_condition(f)?;
    // A deferred read transaction: rows, totals and head from one snapshot.
    let tx = reader.conn.unchecked_transaction()?;
    let totals = totals_in(&tx, f)?;
    let head = store::chain_head(&tx)?;
    let mut w = csv::Writer::from_writer(out);
    let io = csv_error(path);
    w.write_record(HEADER).map_err(&io)?;
    let mut stmt = tx.prepare(&select_entries(&condition))?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut written = 0u64;
    while let Some(r) = rows.next()? {
        w.write_record(record(&entry(r)?, reader.settings.zone())).map_err(&io)?;
        written += 1;
    }
    drop(rows);
    drop(stmt);
    tx.finish()?;
    write_totals(&mut w, &totals, &head).map_err(&io)?;
    w.flush().map_err(|e| Error::Write { path: path.into(), message: e.to_string() })?;
    Ok(AuditExport { rows: written, totals, head })
}

/// Calls `visit` with every entry of the filtered trail (its `limit` and
/// `offset` are ignored), newest first, one at a time as it is read.
pub fn audit_each(reader: &Reader<'_>, f: &AuditFilter, mut visit: impl FnMut(&AuditEntry) -> Result<()>) -> Result<()> {
    let (condition, args) = audit_condition(f)?;
    let mut stmt = reader.conn.prepare(&select_entries(&condition))?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        visit(&entry(r)?)?;
    }
    Ok(())
}

/// The lines after the entries: totals per kind, for all, and the chain head.
fn write_totals<W: Write>(w: &mut csv::Writer<W>, totals: &AuditTotals, head: &ChainHead) -> csv::Result<()> {
    let line = |first: &str, kind: &str, amount: String, detail: String| {
        [first.to_string(), String::new(), String::new(), kind.to_string(), amount, String::new(), String::new(), String::new(), detail]
    };
    for k in &totals.by_kind {
        w.write_record(line(TOTAL_MARK, k.kind.as_str(), money::format(k.amount, LEGACY_MINOR_UNIT), format!("{} entries", k.count)))?;
    }
    w.write_record(line(TOTAL_MARK, "all", money::format(totals.amount, LEGACY_MINOR_UNIT), format!("{} entries", totals.count)))?;
    w.write_record(line(HEAD_MARK, "", String::new(), head.full()))
}
