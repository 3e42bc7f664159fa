//! Read side: order lists, the audit trail, an order's timeline, receipts.
//! Reads projections where they exist and events where history is asked for.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{describe, evolve, Event, EventKind, Order, OrderId, OrderStatus, OrderView, StaffId};
use crate::error::{Error, Result};
use crate::limits::PAGE_ROWS_MAX;
use crate::money::{self, parse_amount, to_minor};
use crate::projections::AuditKind;
use crate::store::corrupt_value;
use crate::till::Till;
use crate::limits::AMOUNT_MAX;

fn from_micros(us: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt_value(format!("{us} µs is not a time")))
}

fn dec(s: String) -> rusqlite::Result<Decimal> {
    s.parse().map_err(|_| corrupt_value(format!("\"{s}\" is not an amount")))
}

/// A stored name of one of a set of values (`parse` gives `None` for others).
fn parsed<T>(s: String, parse: fn(&str) -> Option<T>, what: &str) -> rusqlite::Result<T> {
    parse(&s).ok_or_else(|| corrupt_value(format!("\"{s}\" is not {what}")))
}

fn staff_name(conn: &Connection, id: Option<StaffId>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT name FROM staff WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .ok())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: i64,
    pub status: OrderStatus,
    pub cashier: StaffId,
    pub cashier_name: String,
    pub terminal: String,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub closed_at: Option<DateTime<Utc>>,
    pub version: u32,
    pub line_count: u32,
    pub item_count: u64,
    #[ts(type = "string")]
    pub discount_total: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderFilter {
    pub number: Option<i64>,
    pub status: Option<OrderStatus>,
    pub cashier: Option<StaffId>,
    pub terminal: Option<String>,
    #[ts(type = "string | null")]
    pub from: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub to: Option<DateTime<Utc>>,
    /// Minimum total, as typed.
    pub min_total: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Orders, newest first.
pub fn orders(conn: &Connection, f: &OrderFilter) -> Result<Vec<OrderSummary>> {
    let mut sql = String::from(
        "SELECT o.order_id, o.status, o.cashier, coalesce(s.name, ''), o.terminal, o.opened_at, o.updated_at, o.closed_at,
                o.version, o.line_count, o.item_count, o.discount_total, o.total
         FROM order_summaries o LEFT JOIN staff s ON s.id = o.cashier WHERE 1 = 1",
    );
    let mut args: Vec<Value> = Vec::new();
    let mut cond = |clause: &str, v: Value| {
        sql.push_str(&format!(" AND {clause} ?{}", args.len() + 1));
        args.push(v);
    };
    if let Some(n) = f.number {
        cond("o.order_id =", Value::Integer(n));
    }
    if let Some(s) = f.status {
        cond("o.status =", Value::Text(s.as_str().into()));
    }
    if let Some(c) = f.cashier {
        cond("o.cashier =", Value::Integer(c));
    }
    if let Some(t) = &f.terminal {
        cond("o.terminal =", Value::Text(t.clone()));
    }
    if let Some(from) = f.from {
        cond("o.opened_at >=", Value::Integer(from.timestamp_micros()));
    }
    if let Some(to) = f.to {
        cond("o.opened_at <", Value::Integer(to.timestamp_micros()));
    }
    if let Some(m) = f.min_total.as_deref().filter(|m| !m.trim().is_empty()) {
        let min = parse_amount(m, "Minimum total", AMOUNT_MAX)?;
        cond("o.total_minor >=", Value::Integer(to_minor(min)));
    }
    let limit = f.limit.unwrap_or(200).min(PAGE_ROWS_MAX);
    sql.push_str(&format!(" ORDER BY o.order_id DESC LIMIT {limit} OFFSET {}", f.offset.unwrap_or(0)));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok(OrderSummary {
            id: r.get(0)?,
            number: r.get(0)?,
            status: parsed(r.get(1)?, OrderStatus::parse, "an order status")?,
            cashier: r.get(2)?,
            cashier_name: r.get(3)?,
            terminal: r.get(4)?,
            opened_at: from_micros(r.get(5)?)?,
            updated_at: from_micros(r.get(6)?)?,
            closed_at: r.get::<_, Option<i64>>(7)?.map(from_micros).transpose()?,
            version: r.get(8)?,
            line_count: r.get(9)?,
            item_count: r.get::<_, i64>(10)? as u64,
            discount_total: dec(r.get(11)?)?,
            total: dec(r.get(12)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Unique among the entries: `event-<position>` for an order change,
    /// `lockout-<id>` for a PIN lockout.
    pub key: String,
    /// The event's position; none for a PIN lockout.
    pub position: Option<i64>,
    /// The order changed; none for a PIN lockout, which belongs to no order.
    pub order_id: Option<OrderId>,
    /// The order's version right after this change: open the timeline here.
    pub version: Option<u32>,
    pub kind: AuditKind,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Who made the change, or whose PIN was locked.
    pub actor: StaffId,
    pub actor_name: String,
    pub authorised_by: Option<StaffId>,
    pub authorised_by_name: Option<String>,
    pub reason: Option<String>,
    /// What the change was worth; 0 for a PIN lockout.
    #[ts(type = "string")]
    pub amount: Decimal,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    /// Empty: every kind.
    pub kinds: Vec<AuditKind>,
    /// Matches the actor or the authorising manager.
    pub staff: Option<StaffId>,
    #[ts(type = "string | null")]
    pub from: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub to: Option<DateTime<Utc>>,
    pub min_amount: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Every row of the audit trail, as one relation `a` with the same columns:
/// the order changes of the audit log, and the PIN lockouts of the security
/// log (no event, no order, amount 0), so one filter and one order apply to both.
fn audit_rows() -> String {
    format!(
        "(SELECT 'event-' || position AS key, position, order_id, version, kind, at, actor, authorised_by, reason,
                 amount, amount_minor, detail
          FROM audit_log
          UNION ALL
          SELECT 'lockout-' || id, NULL, NULL, NULL, '{lockout}', at, staff, NULL, NULL, '0.00', 0, detail
          FROM security_log WHERE kind = '{locked}') a",
        lockout = AuditKind::PinLockout.as_str(),
        locked = crate::staff::PIN_LOCKED,
    )
}

/// The filter as a condition on `a` (see [`audit_rows`]) and its arguments;
/// `limit` and `offset` are left to the caller.
fn audit_condition(f: &AuditFilter) -> Result<(String, Vec<Value>)> {
    let mut sql = String::from("1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if !f.kinds.is_empty() {
        let marks: Vec<String> = f
            .kinds
            .iter()
            .map(|k| {
                args.push(Value::Text(k.as_str().into()));
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND a.kind IN ({})", marks.join(", ")));
    }
    if let Some(s) = f.staff {
        args.push(Value::Integer(s));
        sql.push_str(&format!(" AND (a.actor = ?{n} OR a.authorised_by = ?{n})", n = args.len()));
    }
    if let Some(from) = f.from {
        args.push(Value::Integer(from.timestamp_micros()));
        sql.push_str(&format!(" AND a.at >= ?{}", args.len()));
    }
    if let Some(to) = f.to {
        args.push(Value::Integer(to.timestamp_micros()));
        sql.push_str(&format!(" AND a.at < ?{}", args.len()));
    }
    if let Some(m) = f.min_amount.as_deref().filter(|m| !m.trim().is_empty()) {
        let min = parse_amount(m, "Minimum amount", AMOUNT_MAX)?;
        args.push(Value::Integer(to_minor(min)));
        sql.push_str(&format!(" AND a.amount_minor >= ?{}", args.len()));
    }
    Ok((sql, args))
}

/// The audit trail, newest first (events recorded in the same instant: the
/// later one first).
pub fn audit(conn: &Connection, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let (condition, args) = audit_condition(f)?;
    let limit = f.limit.unwrap_or(PAGE_ROWS_MAX).min(PAGE_ROWS_MAX);
    let sql = format!(
        "SELECT a.key, a.position, a.order_id, a.version, a.kind, a.at, a.actor, coalesce(s.name, ''), a.authorised_by,
                m.name, a.reason, a.amount, a.detail
         FROM {rows} LEFT JOIN staff s ON s.id = a.actor LEFT JOIN staff m ON m.id = a.authorised_by
         WHERE {condition}
         ORDER BY a.at DESC, a.position DESC, a.key DESC LIMIT {limit} OFFSET {offset}",
        rows = audit_rows(),
        offset = f.offset.unwrap_or(0),
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok(AuditEntry {
            key: r.get(0)?,
            position: r.get(1)?,
            order_id: r.get(2)?,
            version: r.get(3)?,
            kind: parsed(r.get(4)?, AuditKind::parse, "an audit kind")?,
            at: from_micros(r.get(5)?)?,
            actor: r.get(6)?,
            actor_name: r.get(7)?,
            authorised_by: r.get(8)?,
            authorised_by_name: r.get(9)?,
            reason: r.get(10)?,
            amount: dec(r.get(11)?)?,
            detail: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Count and amount of one kind of audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditKindTotal {
    pub kind: AuditKind,
    pub count: u32,
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// One staff member's part in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditStaffTotal {
    pub staff: StaffId,
    pub name: String,
    /// Entries where this person is the actor (made the change, or was locked out).
    pub count: u32,
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Changes this person authorised as the manager.
    pub authorised: u32,
    #[ts(type = "string")]
    pub authorised_amount: Decimal,
}

/// Totals of the whole filtered audit trail (its `limit` and `offset` are
/// ignored): per kind and per staff member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditTotals {
    pub count: u32,
    #[ts(type = "string")]
    pub amount: Decimal,
    /// In the order of `AuditKind::ALL`; kinds with no entry are left out.
    pub by_kind: Vec<AuditKindTotal>,
    /// Most amount first, then most entries, then by name.
    pub by_staff: Vec<AuditStaffTotal>,
}

fn from_minor(minor: i64) -> Decimal {
    Decimal::new(minor, crate::limits::MONEY_SCALE)
}

/// Totals of the filtered audit trail, counted by SQLite over every matching
/// entry (not a page of them). The three aggregates read one snapshot of the
/// database, so they agree with each other even while a till is writing.
pub fn audit_totals(conn: &Connection, f: &AuditFilter) -> Result<AuditTotals> {
    let (condition, args) = audit_condition(f)?;
    let rows = audit_rows();
    // A deferred read transaction: one snapshot for all three statements.
    let tx = conn.unchecked_transaction()?;
    let grouped = |key: &str, extra: &str| -> Result<Vec<(Value, String, u32, i64)>> {
        let sql = format!(
            "SELECT {key}, coalesce(s.name, ''), count(*), coalesce(sum(a.amount_minor), 0)
             FROM {rows} LEFT JOIN staff s ON s.id = {key}
             WHERE {condition}{extra} GROUP BY {key}"
        );
        let mut stmt = tx.prepare(&sql)?;
        let out = stmt
            .query_map(params_from_iter(args.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    };
    let kinds = grouped("a.kind", "")?;
    let actors = grouped("a.actor", "")?;
    let authorisers = grouped("a.authorised_by", " AND a.authorised_by IS NOT NULL")?;
    tx.finish()?;

    let mut totals = AuditTotals::default();
    let mut minor_all = 0i64;
    for kind in AuditKind::ALL {
        if let Some((_, _, count, minor)) = kinds.iter().find(|(k, ..)| *k == Value::Text(kind.as_str().into())) {
            totals.count += count;
            minor_all += minor;
            totals.by_kind.push(AuditKindTotal { kind, count: *count, amount: from_minor(*minor) });
        }
    }
    totals.amount = from_minor(minor_all);

    let mut staff: std::collections::BTreeMap<StaffId, AuditStaffTotal> = Default::default();
    fn person<'m>(staff: &'m mut std::collections::BTreeMap<StaffId, AuditStaffTotal>, key: &Value, name: &str) -> &'m mut AuditStaffTotal {
        let id = match key {
            Value::Integer(i) => *i,
            _ => 0,
        };
        staff.entry(id).or_insert_with(|| AuditStaffTotal {
            staff: id,
            name: if name.is_empty() { format!("#{id}") } else { name.to_string() },
            count: 0,
            amount: from_minor(0),
            authorised: 0,
            authorised_amount: from_minor(0),
        })
    }
    for (key, name, count, minor) in &actors {
        let p = person(&mut staff, key, name);
        p.count = *count;
        p.amount = from_minor(*minor);
    }
    for (key, name, count, minor) in &authorisers {
        let p = person(&mut staff, key, name);
        p.authorised = *count;
        p.authorised_amount = from_minor(*minor);
    }
    totals.by_staff = staff.into_values().collect();
    totals
        .by_staff
        .sort_by(|a, b| b.amount.cmp(&a.amount).then(b.count.cmp(&a.count)).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    Ok(totals)
}

/// The audit trail as CSV (header + one row per entry).
pub fn audit_csv(entries: &[AuditEntry]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Write { path: "CSV".into(), message: e.to_string() };
    w.write_record(["time", "order", "version", "kind", "amount", "cashier", "authorised_by", "reason", "detail"])
        .map_err(io)?;
    for e in entries {
        // A PIN lockout has no order and no version: those cells stay empty.
        w.write_record([
            e.at.to_rfc3339(),
            e.order_id.map(|o| o.to_string()).unwrap_or_default(),
            e.version.map(|v| v.to_string()).unwrap_or_default(),
            e.kind.as_str().to_string(),
            money::format(e.amount),
            e.actor_name.clone(),
            e.authorised_by_name.clone().unwrap_or_default(),
            e.reason.clone().unwrap_or_default(),
            e.detail.clone(),
        ])
        .map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Write { path: "CSV".into(), message: e.to_string() })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One event on an order's timeline as the scrubber draws it: no payload and
/// no total, so a timeline of 10,000 events stays small and quick to build
/// (the total after an event costs a pass over every line, per event).
/// The selected event's full entry comes with [`timeline_at`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineMark {
    pub version: u32,
    pub kind: EventKind,
    /// What happened, in plain words.
    pub summary: String,
    pub actor_name: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// One event on an order's timeline, in full (the event card).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub version: u32,
    pub position: i64,
    pub kind: EventKind,
    /// What happened, in plain words.
    pub summary: String,
    pub actor: StaffId,
    pub actor_name: String,
    pub authorised_by: Option<StaffId>,
    pub authorised_by_name: Option<String>,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The order's total right after this event.
    #[ts(type = "string")]
    pub total_after: Decimal,
    pub event: Event,
}

/// An order at one version, as the timeline shows it: the event recorded at
/// that version and the order right after it, with only a window of its
/// lines (around the line the event touched, else the last ones), so a step
/// along a long order sends a few kilobytes however many lines it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineStep {
    pub entry: TimelineEntry,
    /// The order at `entry.version`; `view.lines` holds lines
    /// `lines_from .. lines_from + view.lines.len()` of `line_count`.
    pub view: OrderView,
    pub line_count: u32,
    pub lines_from: u32,
}

/// Staff names by id, each read once.
struct Names<'c> {
    conn: &'c Connection,
    seen: std::collections::HashMap<StaffId, String>,
}

impl<'c> Names<'c> {
    fn new(conn: &'c Connection) -> Self {
        Names { conn, seen: std::collections::HashMap::new() }
    }

    fn of(&mut self, id: StaffId) -> Result<String> {
        if let Some(n) = self.seen.get(&id) {
            return Ok(n.clone());
        }
        let n = staff_name(self.conn, Some(id))?.unwrap_or_else(|| format!("#{id}"));
        self.seen.insert(id, n.clone());
        Ok(n)
    }
}

/// Every event of an order, oldest first, as scrubber marks.
pub fn timeline(till: &mut Till, id: OrderId) -> Result<Vec<TimelineMark>> {
    // Names first, so the events can then be read where the till keeps them
    // (no copy of 10,000 events).
    let actors: std::collections::BTreeSet<StaffId> = till.records(id)?.iter().map(|r| r.meta.actor).collect();
    let mut names = Names::new(till.conn());
    for a in actors {
        names.of(a)?;
    }
    let names = names.seen;
    let records = till.records(id)?;
    let mut state = Order { id, ..Order::default() };
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let summary = describe(&state, &r.event);
        state = evolve(state, &r.event);
        out.push(TimelineMark {
            version: r.version,
            kind: r.event.kind(),
            summary,
            actor_name: names.get(&r.meta.actor).cloned().unwrap_or_default(),
            at: r.meta.recorded_at,
        });
    }
    Ok(out)
}

/// The line an event touched, if any (the panel keeps it in view).
fn touched_line(event: &Event) -> Option<u32> {
    match event {
        Event::ItemAdded(e) => Some(e.line),
        Event::QuantityChanged(e) => Some(e.line),
        Event::LineVoided(e) => Some(e.line),
        _ => None,
    }
}

/// Which of `count` lines to send: all when they fit in `rows`, else `rows`
/// lines around `focus` (an index), or the first `rows` when there is none.
fn line_window(count: usize, focus: Option<usize>, rows: usize) -> (usize, usize) {
    if count <= rows {
        return (0, count);
    }
    let Some(focus) = focus else { return (0, rows) };
    let start = focus.saturating_sub(rows / 2).min(count - rows);
    (start, start + rows)
}

/// The order at `version` (1 … latest) with the event recorded there, and
/// at most `rows` of its lines (see [`TimelineStep`]).
pub fn timeline_at(till: &mut Till, id: OrderId, version: u32, rows: u32) -> Result<TimelineStep> {
    let latest = till.records(id)?.len() as u32;
    if version == 0 || version > latest {
        return Err(Error::NoSuchVersion { order: id, version, latest });
    }
    let r = till.records(id)?[version as usize - 1].clone();
    let before = till.state_at(id, version - 1)?;
    let summary = describe(&before, &r.event);
    let after = evolve(before, &r.event);
    let line_count = after.lines.len();
    // Lines are numbered in the order they were added: line n is at n - 1.
    let focus = touched_line(&r.event)
        .and_then(|line| (line as usize).checked_sub(1))
        .filter(|&i| i < line_count)
        .or(line_count.checked_sub(1));
    let (from, to) = line_window(line_count, focus, rows.max(1) as usize);
    let view = after.view_of_lines(from..to);
    let mut names = Names::new(till.conn());
    let authorised_by = r.event.authorised_by().or(r.meta.authorised_by);
    let entry = TimelineEntry {
        version: r.version,
        position: r.position,
        kind: r.event.kind(),
        summary,
        actor: r.meta.actor,
        actor_name: names.of(r.meta.actor)?,
        authorised_by,
        authorised_by_name: authorised_by.map(|a| names.of(a)).transpose()?,
        at: r.meta.recorded_at,
        total_after: after.confirmation.as_ref().map(|c| c.total).unwrap_or(view.totals.total),
        event: r.event,
    };
    Ok(TimelineStep { entry, view, line_count: line_count as u32, lines_from: from as u32 })
}

#[cfg(test)]
mod timeline_tests {
    use super::*;
    use crate::{CommandMeta, OrderRequest};

    fn order_with_lines(lines: u32) -> (tempfile::TempDir, Till, OrderId) {
        let dir = tempfile::tempdir().unwrap();
        let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
        let cashier = till.sign_in("1001", "1234").unwrap().id;
        let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
        for i in 0..lines {
            let code = if i % 2 == 0 { "COF-ESP" } else { "BAK-CRO" };
            till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &CommandMeta::new(cashier)).unwrap();
        }
        (dir, till, id)
    }

    #[test]
    fn the_window_keeps_the_focus_in_view_and_stays_inside_the_lines() {
        assert_eq!(line_window(5, Some(4), 80), (0, 5));
        assert_eq!(line_window(1000, Some(999), 80), (920, 1000));
        assert_eq!(line_window(1000, Some(500), 80), (460, 540));
        assert_eq!(line_window(1000, Some(3), 80), (0, 80));
        assert_eq!(line_window(1000, None, 80), (0, 80));
    }

    #[test]
    fn a_step_is_the_order_at_that_version_with_the_lines_around_what_changed() {
        let (_dir, mut till, id) = order_with_lines(30);
        let marks = timeline(&mut till, id).unwrap();
        assert_eq!(marks.len(), 31);
        for v in [1u32, 2, 16, 31] {
            let step = timeline_at(&mut till, id, v, 10).unwrap();
            let full = till.state_at(id, v).unwrap().view();
            let m = &marks[v as usize - 1];
            assert_eq!((step.entry.version, step.entry.kind, &step.entry.summary, &step.entry.actor_name, step.entry.at), (m.version, m.kind, &m.summary, &m.actor_name, m.at));
            assert_eq!(step.entry.total_after, full.totals.total);
            assert_eq!(step.line_count as usize, full.lines.len());
            let from = step.lines_from as usize;
            assert_eq!(step.view.lines, full.lines[from..from + step.view.lines.len()]);
            assert_eq!(OrderView { lines: full.lines.clone(), ..step.view.clone() }, full, "all but the lines as the core's view");
            if let Some(line) = touched_line(&step.entry.event) {
                assert!(step.view.lines.iter().any(|l| l.line.id == line), "v{v}: line {line} in the window");
            }
        }
        assert_eq!(timeline_at(&mut till, id, 16, 10).unwrap().lines_from, 5, "line 15 was the last added: the last ten lines");
        assert_eq!(timeline_at(&mut till, id, 31, 1000).unwrap().view.lines.len(), 30);
        for v in [0, 32] {
            let e = timeline_at(&mut till, id, v, 10).unwrap_err();
            assert_eq!(e.code(), "no_such_version", "v{v}");
        }
    }
}

/// Everything a printed or saved receipt shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub shop_name: String,
    pub shop_address: String,
    pub currency: String,
    pub cashier_name: String,
    pub order: OrderView,
}

pub fn receipt(till: &mut Till, id: OrderId) -> Result<Receipt> {
    let order = till.load(id)?;
    if order.status == OrderStatus::New {
        return Err(crate::domain::OrderError::OrderNotFound(id).into());
    }
    let s = till.settings().clone();
    Ok(Receipt {
        shop_name: s.shop_name,
        shop_address: s.shop_address,
        currency: s.currency,
        cashier_name: staff_name(till.conn(), Some(order.cashier))?.unwrap_or_default(),
        order: order.view(),
    })
}

/// A plain-text receipt, 40 columns wide, for saving to a file.
pub fn receipt_text(r: &Receipt) -> String {
    const W: usize = 40;
    let mut out = String::new();
    let center = |s: &str| format!("{:^W$}\n", s);
    let row = |l: &str, rv: &str| {
        let room = W.saturating_sub(rv.chars().count() + 1);
        let l: String = l.chars().take(room).collect();
        format!("{l:<room$} {rv}\n")
    };
    out += &center(&r.shop_name);
    for line in r.shop_address.lines() {
        out += &center(line);
    }
    out += &"-".repeat(W);
    out += "\n";
    let o = &r.order;
    out += &row(&format!("Order {}", o.number), &o.opened_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default());
    out += &row("Cashier", &r.cashier_name);
    out += &"-".repeat(W);
    out += "\n";
    for l in o.lines.iter().filter(|l| l.line.voided.is_none()) {
        out += &row(&format!("{} x {}", l.line.quantity, l.line.name), &money::format(l.gross));
        if l.discount > Decimal::ZERO {
            out += &row("  discount", &format!("-{}", money::format(l.discount)));
        }
    }
    out += &"-".repeat(W);
    out += "\n";
    let t = &o.totals;
    out += &row("Subtotal", &money::format(t.subtotal));
    if t.discount_total > Decimal::ZERO {
        out += &row("Discounts", &format!("-{}", money::format(t.discount_total)));
    }
    out += &row(&format!("TOTAL {}", r.currency), &money::format(t.total));
    for tax in &t.tax {
        out += &row(&format!("  incl. tax {}% on {}", tax.rate.normalize(), money::format(tax.gross)), &money::format(tax.tax));
    }
    if let Some(c) = &o.confirmation {
        if c.tenders.cash > Decimal::ZERO {
            out += &row("Cash", &money::format(c.tenders.cash));
        }
        if c.tenders.card > Decimal::ZERO {
            out += &row("Card", &money::format(c.tenders.card));
        }
        out += &row("Change", &money::format(c.change));
        out += &row("Paid", &c.confirmed_at.format("%Y-%m-%d %H:%M:%S UTC").to_string());
    }
    if let Some(v) = &o.voiding {
        out += &center(&format!("*** VOIDED: {} ***", v.reason));
    }
    out += &center("Thank you");
    out
}

/// One staff member's (or the whole till's) figures for a day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayFigures {
    pub orders_confirmed: u32,
    pub orders_voided: u32,
    /// Line values before discounts, of the orders confirmed in the period.
    #[ts(type = "string")]
    pub gross_sales: Decimal,
    #[ts(type = "string")]
    pub discounts: Decimal,
    /// What voids of confirmed orders in the period gave back.
    #[ts(type = "string")]
    pub voids: Decimal,
    /// Gross sales − discounts − voids.
    #[ts(type = "string")]
    pub net_sales: Decimal,
    pub tax: Vec<crate::domain::TaxAmount>,
    #[ts(type = "string")]
    pub cash_taken: Decimal,
    #[ts(type = "string")]
    pub change_given: Decimal,
    #[ts(type = "string")]
    pub card_taken: Decimal,
    /// Cash that should be in the drawer: cash taken − change − cash refunded by voids.
    #[ts(type = "string")]
    pub cash_expected: Decimal,
    /// Card takings less card refunded by voids.
    #[ts(type = "string")]
    pub card_expected: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashierDay {
    pub cashier: StaffId,
    pub cashier_name: String,
    pub figures: DayFigures,
}

/// A manager's end-of-day report, computed from the events alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayReport {
    #[ts(type = "string")]
    pub from: DateTime<Utc>,
    #[ts(type = "string")]
    pub to: DateTime<Utc>,
    /// All tills when absent.
    pub terminal: Option<String>,
    pub totals: DayFigures,
    pub cashiers: Vec<CashierDay>,
}

impl DayFigures {
    fn add_tax(&mut self, tax: &[crate::domain::TaxAmount], sign: Decimal) {
        for t in tax {
            match self.tax.iter_mut().find(|x| x.rate == t.rate) {
                Some(x) => {
                    x.gross += sign * t.gross;
                    x.tax += sign * t.tax;
                }
                None => self.tax.push(crate::domain::TaxAmount { rate: t.rate, gross: sign * t.gross, tax: sign * t.tax }),
            }
        }
        self.tax.sort_by(|a, b| a.rate.cmp(&b.rate));
    }

    fn confirmed(&mut self, order: &Order) {
        let Some(c) = &order.confirmation else { return };
        let totals = order.totals();
        self.orders_confirmed += 1;
        self.gross_sales += totals.subtotal;
        self.discounts += totals.discount_total;
        self.cash_taken += c.tenders.cash;
        self.card_taken += c.tenders.card;
        self.change_given += c.change;
        self.add_tax(&c.tax, Decimal::ONE);
    }

    /// A void of a confirmed order refunds it in the split it was paid:
    /// card first up to the card amount, the rest in cash.
    fn voided(&mut self, order: &Order) {
        self.orders_voided += 1;
        if let (Some(c), Some(v)) = (&order.confirmation, &order.voiding) {
            self.voids += v.amount;
            let card_refund = c.tenders.card.min(v.amount);
            self.card_expected -= card_refund;
            self.cash_expected -= v.amount - card_refund;
            self.add_tax(&c.tax, -Decimal::ONE);
        }
    }

    fn finish(&mut self) {
        self.net_sales = self.gross_sales - self.discounts - self.voids;
        self.cash_expected += self.cash_taken - self.change_given;
        self.card_expected += self.card_taken;
    }
}

/// The figures for `[from, to)` on one till (or all), from the events alone:
/// a sale counts when it is confirmed, a void when it is voided.
pub fn day_report(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>, terminal: Option<&str>) -> Result<DayReport> {
    use crate::domain::EventKind;
    let mut stmt = conn.prepare(
        "SELECT stream, kind FROM events
         WHERE kind IN (?1, ?2) AND recorded_at >= ?3 AND recorded_at < ?4 AND (?5 IS NULL OR terminal = ?5)
         ORDER BY position",
    )?;
    let closings: Vec<(OrderId, i64)> = stmt
        .query_map(
            rusqlite::params![
                EventKind::OrderConfirmed.code(),
                EventKind::OrderVoided.code(),
                from.timestamp_millis(),
                to.timestamp_millis(),
                terminal
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut totals = DayFigures::default();
    let mut by_cashier: std::collections::BTreeMap<StaffId, DayFigures> = Default::default();
    for (id, kind) in closings {
        // Folded from the events, not from snapshots or projections.
        let order = crate::store::read_stream(conn, id, 0, u32::MAX)?
            .iter()
            .fold(Order { id, ..Order::default() }, |s, r| evolve(s, &r.event));
        let mine = by_cashier.entry(order.cashier).or_default();
        if kind == EventKind::OrderConfirmed.code() {
            totals.confirmed(&order);
            mine.confirmed(&order);
        } else {
            totals.voided(&order);
            mine.voided(&order);
        }
    }
    totals.finish();
    let mut cashiers = Vec::new();
    for (cashier, mut figures) in by_cashier {
        figures.finish();
        let cashier_name = staff_name(conn, Some(cashier))?.unwrap_or_else(|| format!("#{cashier}"));
        cashiers.push(CashierDay { cashier, cashier_name, figures });
    }
    Ok(DayReport { from, to, terminal: terminal.map(str::to_string), totals, cashiers })
}

/// The day report as CSV: one row per cashier and a total row.
pub fn day_report_csv(r: &DayReport) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Write { path: "CSV".into(), message: e.to_string() };
    w.write_record([
        "cashier", "orders_confirmed", "orders_voided", "gross_sales", "discounts", "voids", "net_sales", "tax",
        "cash_taken", "change_given", "card_taken", "cash_expected", "card_expected",
    ])
    .map_err(io)?;
    let rows = r.cashiers.iter().map(|c| (c.cashier_name.clone(), &c.figures)).chain([("TOTAL".to_string(), &r.totals)]);
    for (name, f) in rows {
        let tax: Decimal = f.tax.iter().map(|t| t.tax).sum();
        w.write_record([
            name,
            f.orders_confirmed.to_string(),
            f.orders_voided.to_string(),
            money::format(f.gross_sales),
            money::format(f.discounts),
            money::format(f.voids),
            money::format(f.net_sales),
            money::format(tax),
            money::format(f.cash_taken),
            money::format(f.change_given),
            money::format(f.card_taken),
            money::format(f.cash_expected),
            money::format(f.card_expected),
        ])
        .map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Write { path: "CSV".into(), message: e.to_string() })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
