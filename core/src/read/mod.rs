//! The read side: what the app, the `pos` tool and the tests read back, one
//! module per job. Reads projections where they exist and events where
//! history is asked for.
//!
//! - `orders`: the orders list and its filter, this till's open orders.
//! - `audit`: the audit trail (order changes and PIN lockouts), its exact
//!   totals per kind and staff member; `audit_csv` its CSV, streamed whole
//!   with its totals and the chain head.
//! - `timeline`: an order's events as scrubber marks, and one step in full.
//! - `receipt`: a receipt and its plain text.
//! - `changes`: the back office's history (prices, the discount policy,
//!   the shop's details, staff) and a product or the policy at an instant.
//! - `day_report`: the end-of-day figures, from the events alone, and their CSV.
//! - `shop`: the orders, audit trail and day of the whole shop: the reads
//!   above on this till and its copies of the other tills, merged.
//!
//! Every read goes through a [`Reader`], which [`Till::reader`](crate::Till::reader) hands out.

mod audit;
mod audit_csv;
mod changes;
mod day_report;
mod orders;
mod receipt;
mod report_text;
mod shop;
mod timeline;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rusqlite::Connection;

use crate::domain::StaffId;
use crate::error::Result;
use crate::settings::Settings;
use crate::till::OrderCache;

pub use audit::{audit, audit_totals, AuditEntry, AuditFilter, AuditKindTotal, AuditStaffTotal, AuditTotals};
pub use audit_csv::{audit_csv, audit_each, audit_export, AuditExport, HEAD_MARK, TOTAL_MARK};
pub use changes::{
    policy_at, policy_history, price_history, product_at, product_history, record_at, record_timeline, record_version_at, shop_history,
    staff_history, Change, PolicyEntry, PriceEntry, RecordKey, RecordState, RecordStep,
};
pub use day_report::{day_report, day_report_csv, CashierDay, DayFigures, DayReport, ShiftDay};
pub(crate) use day_report::{period, shift_figures};
pub use orders::{open_orders, orders, OrderFilter, OrderSummary};
pub use receipt::{receipt, receipt_text, receipt_text_width, refund_text, Receipt, RECEIPT_TEXT_WIDTH};
pub use report_text::{x_text, z_text};
pub use shop::{shop_audit, shop_audit_totals, shop_day_report, shop_orders};
pub use timeline::{timeline, timeline_at, TimelineEntry, TimelineMark, TimelineStep};

/// A read handle on an open till: what the read functions may use of it, and
/// nothing that changes an order.
///
/// It holds the till's database connection (for the projections, the plain
/// tables and the events), the shop settings and the till's id (a receipt's
/// header, this till's open orders), and the till's order cache: an order's
/// state (receipt) and its history in memory (timeline) are read through
/// the same cache the command path keeps up to date, so a scrubber step
/// along a long order never reads its events again. Reading may fill that
/// cache, which is why [`Till::reader`](crate::Till::reader) borrows the
/// till mutably; functions that only run SQL take `&Reader`, those that use
/// the cache `&mut Reader`.
///
/// A reader lives for one call or a few: `read::orders(&till.reader(), &filter)`.
pub struct Reader<'t> {
    conn: &'t Connection,
    orders: &'t mut OrderCache,
    settings: &'t Settings,
    terminal: &'t str,
}

impl<'t> Reader<'t> {
    pub(crate) fn new(conn: &'t Connection, orders: &'t mut OrderCache, settings: &'t Settings, terminal: &'t str) -> Self {
        Reader { conn, orders, settings, terminal }
    }
}

fn from_micros(us: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| crate::store::corrupt_value(format!("{us} µs is not a time")))
}

fn dec(s: String) -> rusqlite::Result<Decimal> {
    s.parse().map_err(|_| crate::store::corrupt_value(format!("\"{s}\" is not an amount")))
}

/// A stored name of one of a set of values (`parse` gives `None` for others).
fn parsed<T>(s: String, parse: fn(&str) -> Option<T>, what: &str) -> rusqlite::Result<T> {
    parse(&s).ok_or_else(|| crate::store::corrupt_value(format!("\"{s}\" is not {what}")))
}

fn staff_name(conn: &Connection, id: Option<StaffId>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT name FROM staff WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .ok())
}

/// Who did something, for people: a staff member's name, "the demo shop"
/// for what the till did by itself when it seeded it, `#id` for an unknown id.
pub(crate) fn actor_name(conn: &Connection, id: StaffId) -> Result<String> {
    if id == crate::back_office::SYSTEM_ACTOR {
        return Ok("the demo shop".to_string());
    }
    Ok(staff_name(conn, Some(id))?.unwrap_or_else(|| format!("#{id}")))
}

/// The bytes a CSV writer wrote, as text.
fn csv_text(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| crate::error::Error::Write { path: "CSV".into(), message: e.to_string() })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text for a CSV cell that a spreadsheet will not run as a formula: text
/// typed by people (names, reasons) starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading `'`.
fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}
