//! Read models kept in the same transaction as the append (the app reads its
//! own writes), and rebuildable from the events alone.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rusqlite::{params, params_from_iter, Connection, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{describe, description, evolve, Description, Event, Order, OrderStatus};
use crate::money::to_minor;
use crate::store::{self, Recorded, StoreError};

/// What kind of entry the audit trail records: a change to an order, a
/// staff member's PIN locked after too many wrong tries, or a change in the
/// back office (catalog, staff, shop settings and policy; no order, amount 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuditKind {
    OrderVoid,
    LineVoid,
    Discount,
    DiscountRemoval,
    QuantityDecrease,
    /// Not an order change: read from the security log, with no order and amount 0.
    PinLockout,
    ProductAdded,
    PriceChange,
    ProductChange,
    ProductArchive,
    ProductRestore,
    StaffAdded,
    RoleChange,
    PinReset,
    StaffDeactivation,
    StaffReactivation,
    SettingsChange,
    PolicyChange,
    /// A staff member signed in or out at a till: who was at the till when.
    SignIn,
    SignOut,
    /// Money given back for goods returned (its own document, `R-<n>`).
    Refund,
    /// A shift opened on a till, with its float (amount: the float).
    ShiftOpen,
    /// A drop to the safe, a pay-out or a pay-in, with its reason.
    CashMove,
    /// The drawer opened without a sale, with its reason (amount 0).
    NoSale,
    /// A shift closed with its drawer counted (amount: the variance, short or over).
    ShiftClose,
    /// A till's day closed by its Z report (amount: the day's net sales).
    DayClose,
    /// A closed day reopened by a manager, with the reason.
    DayReopen,
}

impl AuditKind {
    pub const ALL: [AuditKind; 27] = [
        AuditKind::OrderVoid,
        AuditKind::LineVoid,
        AuditKind::Discount,
        AuditKind::DiscountRemoval,
        AuditKind::QuantityDecrease,
        AuditKind::PinLockout,
        AuditKind::ProductAdded,
        AuditKind::PriceChange,
        AuditKind::ProductChange,
        AuditKind::ProductArchive,
        AuditKind::ProductRestore,
        AuditKind::StaffAdded,
        AuditKind::RoleChange,
        AuditKind::PinReset,
        AuditKind::StaffDeactivation,
        AuditKind::StaffReactivation,
        AuditKind::SettingsChange,
        AuditKind::PolicyChange,
        AuditKind::SignIn,
        AuditKind::SignOut,
        AuditKind::Refund,
        AuditKind::ShiftOpen,
        AuditKind::CashMove,
        AuditKind::NoSale,
        AuditKind::ShiftClose,
        AuditKind::DayClose,
        AuditKind::DayReopen,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::OrderVoid => "orderVoid",
            AuditKind::LineVoid => "lineVoid",
            AuditKind::Discount => "discount",
            AuditKind::DiscountRemoval => "discountRemoval",
            AuditKind::QuantityDecrease => "quantityDecrease",
            AuditKind::PinLockout => "pinLockout",
            AuditKind::ProductAdded => "productAdded",
            AuditKind::PriceChange => "priceChange",
            AuditKind::ProductChange => "productChange",
            AuditKind::ProductArchive => "productArchive",
            AuditKind::ProductRestore => "productRestore",
            AuditKind::StaffAdded => "staffAdded",
            AuditKind::RoleChange => "roleChange",
            AuditKind::PinReset => "pinReset",
            AuditKind::StaffDeactivation => "staffDeactivation",
            AuditKind::StaffReactivation => "staffReactivation",
            AuditKind::SettingsChange => "settingsChange",
            AuditKind::PolicyChange => "policyChange",
            AuditKind::SignIn => "signIn",
            AuditKind::SignOut => "signOut",
            AuditKind::Refund => "refund",
            AuditKind::ShiftOpen => "shiftOpen",
            AuditKind::CashMove => "cashMove",
            AuditKind::NoSale => "noSale",
            AuditKind::ShiftClose => "shiftClose",
            AuditKind::DayClose => "dayClose",
            AuditKind::DayReopen => "dayReopen",
        }
    }
    pub fn parse(s: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The audit facts of one event, if it is an audited kind: kind, amount, reason.
pub fn audit_facts(before: &Order, after: &Order, event: &Event) -> Option<(AuditKind, Decimal, Option<String>)> {
    match event {
        Event::OrderVoided(e) => Some((AuditKind::OrderVoid, e.amount, Some(e.reason.clone()))),
        Event::LineVoided(e) => {
            let view = before.view();
            let net = view.lines.iter().find(|l| l.line.id == e.line).map(|l| l.net).unwrap_or_default();
            Some((AuditKind::LineVoid, net, Some(e.reason.clone())))
        }
        Event::DiscountApplied(e) => {
            let amount = discount_amount(after, e.discount);
            Some((AuditKind::Discount, amount, Some(e.reason.clone())))
        }
        Event::DiscountRemoved(e) => {
            let amount = discount_amount(before, e.discount);
            let reason = before.discount(e.discount).map(|d| d.reason.clone());
            Some((AuditKind::DiscountRemoval, amount, reason))
        }
        Event::QuantityChanged(e) if e.to < e.from => {
            let price = before.line(e.line).map(|l| l.unit_price).unwrap_or_default();
            Some((AuditKind::QuantityDecrease, price * Decimal::from(e.from - e.to), None))
        }
        _ => None,
    }
}

/// The audit trail's kind of a recorded event, if the trail lists it (the
/// same rules the till's audit log follows, for a reader of the events
/// alone, such as the shop server).
pub fn audit_kind(r: &Recorded) -> Option<AuditKind> {
    if r.event.is_order_event() {
        let blank = Order::default();
        audit_facts(&blank, &blank, &r.event).map(|(kind, _, _)| kind)
    } else {
        crate::back_office::audit_kind(r)
    }
}

/// The audit trail's one line for a recorded event; `before` is its order's
/// state just before it (the default for an event of no order).
pub fn audit_detail(before: &Order, r: &Recorded) -> String {
    if r.event.is_order_event() {
        describe(before, &r.event)
    } else {
        crate::back_office::audit_detail(r)
    }
}

/// [`audit_detail`] as a message for a screen in any language, if it has one.
pub fn audit_description(before: &Order, r: &Recorded) -> Option<Description> {
    if r.event.is_order_event() {
        description(before, &r.event).map(Description::from)
    } else {
        crate::back_office::audit_description(r)
    }
}

fn discount_amount(order: &Order, discount: u32) -> Decimal {
    let view = order.view();
    view.discounts.iter().find(|d| d.discount.id == discount).map(|d| d.amount).unwrap_or_default()
}

/// Records one event in the audit log, if it is an audited kind.
pub fn record_audit(conn: &Connection, before: &Order, after: &Order, r: &Recorded) -> Result<(), StoreError> {
    if let Some((kind, amount, reason)) = audit_facts(before, after, &r.event) {
        conn.prepare_cached(
            "INSERT INTO audit_log (position, order_id, version, kind, at, actor, authorised_by, reason, amount, amount_minor, detail, description)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            r.position,
            r.stream,
            r.version,
            kind.as_str(),
            r.meta.recorded_at.timestamp_micros(),
            r.meta.actor,
            r.event.authorised_by().or(r.meta.authorised_by),
            reason,
            amount.to_string(),
            to_minor(amount),
            describe(before, &r.event),
            description(before, &r.event).map(Description::from).as_ref().map_or_else(Description::none_json, Description::to_json),
        ])?;
    }
    Ok(())
}

/// Writes an order's summary row from its state after `last`; the order
/// stood at `status_before` before the events just folded.
///
/// Most commands change only the figures, so status and closing time are
/// written only when the status moves: an update that leaves them alone
/// leaves the open-orders index alone too (one page less per command).
pub fn upsert_summary(conn: &Connection, status_before: OrderStatus, order: &Order, last: &Recorded) -> Result<(), StoreError> {
    debug_assert!(order.status != OrderStatus::New);
    let totals = order.totals();
    let total = match (&order.confirmation, order.status) {
        (Some(c), _) => c.total,
        _ => totals.total,
    };
    let closed_at = order
        .voiding
        .as_ref()
        .map(|v| v.voided_at)
        .or(order.confirmation.as_ref().map(|c| c.confirmed_at))
        .map(|t| t.timestamp_micros());
    let (updated_at, line_count, item_count) =
        (last.meta.recorded_at.timestamp_micros(), order.live_lines().count() as i64, totals.item_count as i64);
    let (subtotal, discount_total, tax_total, total_text) = (
        totals.subtotal.to_string(),
        totals.discount_total.to_string(),
        totals.tax_total.to_string(),
        total.to_string(),
    );
    let total_minor = to_minor(total);
    // ?1..?10 of both statements below.
    let figures: [&dyn ToSql; 10] = [
        &order.id,
        &updated_at,
        &order.version,
        &line_count,
        &item_count,
        &subtotal,
        &discount_total,
        &tax_total,
        &total_text,
        &total_minor,
    ];
    let updated = conn
        .prepare_cached(
            "UPDATE order_summaries SET updated_at = ?2, version = ?3, line_count = ?4, item_count = ?5,
                 subtotal = ?6, discount_total = ?7, tax_total = ?8, total = ?9, total_minor = ?10
             WHERE order_id = ?1",
        )?
        .execute(&figures[..])?;
    if updated == 0 {
        let opened_at = order.opened_at.map(|t| t.timestamp_micros()).unwrap_or_default();
        let opening: [&dyn ToSql; 5] = [&order.status.as_str(), &order.cashier, &order.terminal, &opened_at, &closed_at];
        conn.prepare_cached(
            "INSERT INTO order_summaries (order_id, updated_at, version, line_count, item_count, subtotal,
                 discount_total, tax_total, total, total_minor, status, cashier, terminal, opened_at, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params_from_iter(figures.iter().chain(opening.iter())))?;
    } else if status_before != order.status {
        conn.prepare_cached("UPDATE order_summaries SET status = ?2, closed_at = ?3 WHERE order_id = ?1")?.execute(
            params![order.id, order.status.as_str(), closed_at],
        )?;
    }
    Ok(())
}

fn to_store(e: crate::error::Error) -> StoreError {
    match e {
        crate::error::Error::Store(e) => e,
        other => StoreError::Sqlite(other.to_string()),
    }
}

/// Gives the audit entries written before they carried a description
/// (schema 7) theirs, by rebuilding the projections once; whether it did.
/// Afterwards no entry is without one (none is JSON `null`), so this finds
/// nothing in the partial index `audit_log_undescribed` and costs nothing.
pub fn describe_old_entries(conn: &mut Connection) -> Result<bool, StoreError> {
    let undescribed: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM audit_log WHERE description IS NULL)", [], |r| r.get(0))?;
    if undescribed {
        rebuild(conn)?;
    }
    Ok(undescribed)
}

/// Drops the projections and recreates them from the events alone, with the
/// same code the live path uses. Returns the number of events replayed.
pub fn rebuild(conn: &mut Connection) -> Result<u64, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM order_summaries", [])?;
    tx.execute("DELETE FROM audit_log", [])?;
    crate::back_office::clear(&tx).map_err(to_store)?;
    let mut orders: HashMap<i64, (Order, Recorded)> = HashMap::new();
    let n = store::read_all(&tx, |r| {
        if !r.event.is_order_event() {
            return crate::back_office::project(&tx, &r).map_err(to_store);
        }
        let before = orders.get(&r.stream).map(|(o, _)| o.clone()).unwrap_or_default();
        let after = evolve(before.clone(), &r.event);
        record_audit(&tx, &before, &after, &r)?;
        orders.insert(r.stream, (after, r));
        Ok(())
    })?;
    for (order, last) in orders.values() {
        upsert_summary(&tx, OrderStatus::New, order, last)?;
    }
    tx.commit()?;
    Ok(n)
}
