//! The audit trail: the order changes of the audit log (a projection) and
//! the PIN lockouts of the security log as one list, newest first; exact
//! totals of the whole filtered trail per kind and staff member (its CSV:
//! `audit_csv.rs`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rusqlite::{params_from_iter, types::Value};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Description, OrderId, StaffId};
use crate::error::Result;
use crate::limits::{AMOUNT_MAX, PAGE_ROWS_MAX};
use crate::money::{from_minor, parse_amount, to_minor, MINOR_UNIT_MAX};
use crate::projections::AuditKind;

use super::changes::RecordKey;
use super::{dec, from_micros, parsed, Reader};

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
    /// The order's version right after this change (for a back-office
    /// change, its record's): open the timeline here.
    pub version: Option<u32>,
    /// The back-office record changed (a product, the shop, a staff
    /// member); none for an order change or a PIN lockout.
    pub record: Option<RecordKey>,
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
    /// `detail` as a message for a screen in any language (`event.<key>`
    /// in the UI's catalogs); none for a PIN lockout, or where the English
    /// line is all there is.
    #[serde(default)]
    pub description: Option<Description>,
    /// The till whose trail holds the entry, in the whole shop's trail;
    /// none in a till's own.
    pub till: Option<String>,
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
                 amount, amount_minor, detail, description
          FROM audit_log
          UNION ALL
          SELECT 'lockout-' || id, NULL, NULL, NULL, '{lockout}', at, staff, NULL, NULL, '0.00', 0, detail, NULL
          FROM security_log WHERE kind = '{locked}') a",
        lockout = AuditKind::PinLockout.as_str(),
        locked = crate::staff::PIN_LOCKED,
    )
}

/// The filter as a condition on `a` (see [`audit_rows`]) and its arguments;
/// `limit` and `offset` are left to the caller.
pub(super) fn audit_condition(f: &AuditFilter) -> Result<(String, Vec<Value>)> {
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
        let min = parse_amount(m, "Minimum amount", AMOUNT_MAX, MINOR_UNIT_MAX)?;
        args.push(Value::Integer(to_minor(min)));
        sql.push_str(&format!(" AND a.amount_minor >= ?{}", args.len()));
    }
    Ok((sql, args))
}

/// The audit trail, newest first (events recorded in the same instant: the
/// later one first).
pub fn audit(reader: &Reader<'_>, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let (condition, args) = audit_condition(f)?;
    let limit = f.limit.unwrap_or(PAGE_ROWS_MAX).min(PAGE_ROWS_MAX);
    let sql = format!("{} LIMIT {limit} OFFSET {offset}", select_entries(&condition), offset = f.offset.unwrap_or(0));
    let mut stmt = reader.conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every entry matching `condition`, newest first, as [`entry`] reads them.
pub(super) fn select_entries(condition: &str) -> String {
    format!(
        "SELECT a.key, a.position, a.order_id, a.version, a.kind, a.at, a.actor, coalesce(s.name, ''), a.authorised_by,
                m.name, a.reason, a.amount, a.detail, st.kind, st.key, ev.version, a.description
         FROM {rows} LEFT JOIN staff s ON s.id = a.actor LEFT JOIN staff m ON m.id = a.authorised_by
              LEFT JOIN events ev ON a.order_id IS NULL AND ev.position = a.position
              LEFT JOIN streams st ON st.id = -ev.stream
         WHERE {condition}
         ORDER BY a.at DESC, a.position DESC, a.key DESC",
        rows = audit_rows(),
    )
}

/// One row selected by [`select_entries`].
pub(super) fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let record = match (r.get::<_, Option<String>>(13)?.as_deref(), r.get::<_, Option<String>>(14)?) {
        (Some("product"), Some(sku)) => Some(RecordKey::Product { sku }),
        (Some("shop"), _) => Some(RecordKey::Shop),
        (Some("staff"), Some(id)) => id.parse().ok().map(|id| RecordKey::Staff { id }),
        (Some("refund"), Some(n)) => n.parse().ok().map(|number| RecordKey::Refund { number }),
        (Some("shift"), Some(n)) => n.parse().ok().map(|number| RecordKey::Shift { number }),
        (Some("close"), Some(n)) => n.parse().ok().map(|number| RecordKey::Close { number }),
        _ => None,
    };
    let version: Option<u32> = r.get(3)?;
    let kind = parsed(r.get(4)?, AuditKind::parse, "an audit kind")?;
    let detail: String = r.get(12)?;
    let description = match Description::from_json(r.get::<_, Option<String>>(16)?.as_deref()) {
        None if kind == AuditKind::PinLockout => crate::staff::lockout_message(&detail).map(Description::from),
        described => described,
    };
    Ok(AuditEntry {
        key: r.get(0)?,
        position: r.get(1)?,
        order_id: r.get(2)?,
        version: version.or(if record.is_some() { r.get(15)? } else { None }),
        record,
        kind,
        at: from_micros(r.get(5)?)?,
        actor: r.get(6)?,
        actor_name: r.get(7)?,
        authorised_by: r.get(8)?,
        authorised_by_name: r.get(9)?,
        reason: r.get(10)?,
        amount: dec(r.get(11)?)?,
        detail,
        description,
        till: None,
    })
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

/// Counts and amounts of the filtered audit trail grouped by `key` (a
/// column of `a`, see [`audit_rows`]), with the name of the staff member
/// whose id it is: (key, name, count, amount in minor units).
type Grouped = Vec<(Value, String, u32, i64)>;

/// Totals of the filtered audit trail, counted by SQLite over every matching
/// entry (not a page of them). The three aggregates read one snapshot of the
/// database, so they agree with each other even while a till is writing.
pub fn audit_totals(reader: &Reader<'_>, f: &AuditFilter) -> Result<AuditTotals> {
    // A deferred read transaction: one snapshot for all three statements.
    let tx = reader.conn.unchecked_transaction()?;
    let totals = totals_in(&tx, f)?;
    tx.finish()?;
    Ok(totals)
}

/// [`audit_totals`] on `tx`, inside the caller's read transaction.
pub(super) fn totals_in(tx: &rusqlite::Connection, f: &AuditFilter) -> Result<AuditTotals> {
    let (condition, args) = audit_condition(f)?;
    let rows = audit_rows();
    let grouped = |key: &str, extra: &str| -> Result<Grouped> {
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
    let (count, amount, by_kind) = kind_totals(&kinds);
    Ok(AuditTotals { count, amount, by_kind, by_staff: staff_totals(&actors, &authorisers) })
}

/// All entries' count and amount, and the totals per kind, in the order of
/// `AuditKind::ALL`.
fn kind_totals(kinds: &Grouped) -> (u32, Decimal, Vec<AuditKindTotal>) {
    let mut count_all = 0;
    let mut minor_all = 0i64;
    let mut by_kind = Vec::new();
    for kind in AuditKind::ALL {
        if let Some((_, _, count, minor)) = kinds.iter().find(|(k, ..)| *k == Value::Text(kind.as_str().into())) {
            count_all += count;
            minor_all += minor;
            by_kind.push(AuditKindTotal { kind, count: *count, amount: from_minor(*minor) });
        }
    }
    (count_all, from_minor(minor_all), by_kind)
}

/// Each staff member's part, as actor and as authorising manager: most
/// amount first, then most entries, then by name.
fn staff_totals(actors: &Grouped, authorisers: &Grouped) -> Vec<AuditStaffTotal> {
    let mut staff: BTreeMap<StaffId, AuditStaffTotal> = BTreeMap::new();
    fn person<'m>(staff: &'m mut BTreeMap<StaffId, AuditStaffTotal>, key: &Value, name: &str) -> &'m mut AuditStaffTotal {
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
    for (key, name, count, minor) in actors {
        let p = person(&mut staff, key, name);
        p.count = *count;
        p.amount = from_minor(*minor);
    }
    for (key, name, count, minor) in authorisers {
        let p = person(&mut staff, key, name);
        p.authorised = *count;
        p.authorised_amount = from_minor(*minor);
    }
    let mut by_staff: Vec<AuditStaffTotal> = staff.into_values().collect();
    by_staff.sort_by(|a, b| b.amount.cmp(&a.amount).then(b.count.cmp(&a.count)).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    by_staff
}
