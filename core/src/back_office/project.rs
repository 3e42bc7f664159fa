//! The back office's events into the `products`, `staff` and `settings`
//! tables and the audit log: the live path and a rebuild run this same code.

use rusqlite::{params, Connection};

use crate::domain::shop::evolve_product;
use crate::domain::{describe::describe_shop, shop_description::shop_description, Description, Event};
use crate::message::Message;
use crate::error::Result;
use crate::money::to_minor;
use crate::projections::AuditKind;
use rust_decimal::Decimal;
use crate::store::Recorded;
use crate::{catalog, settings};

use super::SYSTEM_ACTOR;

/// Empties what the back office's events project (a rebuild refills it).
/// PIN hashes (`staff_pins`) and the snapshot interval are no projection
/// and stay.
pub(crate) fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM products", [])?;
    conn.execute("DELETE FROM staff", [])?;
    for key in settings::PROJECTED_KEYS {
        conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    }
    Ok(())
}

/// Writes one event of the back office into its table and the audit log.
pub(crate) fn project(conn: &Connection, r: &Recorded) -> Result<()> {
    match &r.event {
        // The row is the product as its first event leaves it.
        Event::ProductAdded(_) => catalog::insert(conn, &evolve_product(None, &r.event).expect("a ProductAdded adds a product"))?,
        Event::PriceChanged(e) => {
            conn.prepare_cached("UPDATE products SET price = ?2 WHERE sku = ?1")?.execute(params![e.sku, e.to.to_string()])?;
        }
        Event::ProductChanged(e) => {
            conn.prepare_cached("UPDATE products SET barcode = ?2, name = ?3, tax_rate = ?4, favourite = ?5 WHERE sku = ?1")?
                .execute(params![e.sku, e.barcode, e.name, e.tax_rate.to_string(), e.favourite])?;
        }
        Event::ProductArchived(e) => set_archived(conn, &e.sku, true)?,
        Event::ProductRestored(e) => set_archived(conn, &e.sku, false)?,
        Event::StaffAdded(e) => {
            conn.prepare_cached("INSERT INTO staff (id, code, name, role, active) VALUES (?1, ?2, ?3, ?4, 1)")?
                .execute(params![e.id, e.code, e.name, e.role.as_str()])?;
        }
        Event::RoleChanged(e) => {
            conn.prepare_cached("UPDATE staff SET role = ?2 WHERE id = ?1")?.execute(params![e.id, e.to.as_str()])?;
        }
        Event::StaffDeactivated(e) => set_active(conn, e.id, false)?,
        Event::StaffReactivated(e) => set_active(conn, e.id, true)?,
        Event::SettingsChanged(e) => settings::project_details(conn, e)?,
        Event::PolicyChanged(e) => settings::project_policy(conn, &e.policy)?,
        // The PIN's hash is written by the command beside its event; signing
        // in and out changes no table.
        _ => {}
    }
    audit(conn, r)
}

fn set_archived(conn: &Connection, sku: &str, archived: bool) -> Result<()> {
    conn.prepare_cached("UPDATE products SET archived = ?2 WHERE sku = ?1")?.execute(params![sku, archived])?;
    Ok(())
}

fn set_active(conn: &Connection, id: i64, active: bool) -> Result<()> {
    conn.prepare_cached("UPDATE staff SET active = ?2 WHERE id = ?1")?.execute(params![id, active])?;
    Ok(())
}

/// The audit kind of a back-office event, if the audit trail lists it.
/// What the till does by itself (the demo shop, an import) is not listed.
pub(crate) fn audit_kind(r: &Recorded) -> Option<AuditKind> {
    if r.meta.actor == SYSTEM_ACTOR {
        return None;
    }
    Some(match &r.event {
        Event::ProductAdded(e) if !e.imported => AuditKind::ProductAdded,
        Event::PriceChanged(_) => AuditKind::PriceChange,
        Event::ProductChanged(_) => AuditKind::ProductChange,
        Event::ProductArchived(e) if !e.imported => AuditKind::ProductArchive,
        Event::ProductRestored(_) => AuditKind::ProductRestore,
        Event::StaffAdded(e) if !e.imported => AuditKind::StaffAdded,
        Event::RoleChanged(_) => AuditKind::RoleChange,
        Event::PinReset(_) => AuditKind::PinReset,
        Event::StaffDeactivated(e) if !e.imported => AuditKind::StaffDeactivation,
        Event::StaffReactivated(_) => AuditKind::StaffReactivation,
        Event::SettingsChanged(e) if !e.imported => AuditKind::SettingsChange,
        Event::PolicyChanged(e) if !e.imported => AuditKind::PolicyChange,
        Event::SignedIn(_) => AuditKind::SignIn,
        Event::SignedOut(_) => AuditKind::SignOut,
        Event::RefundIssued(_) => AuditKind::Refund,
        Event::ShiftOpened(_) => AuditKind::ShiftOpen,
        Event::CashMoved(_) => AuditKind::CashMove,
        Event::DrawerOpened(_) => AuditKind::NoSale,
        Event::ShiftClosed(_) => AuditKind::ShiftClose,
        Event::DayClosed(_) => AuditKind::DayClose,
        Event::DayReopened(_) => AuditKind::DayReopen,
        _ => return None,
    })
}

fn audit(conn: &Connection, r: &Recorded) -> Result<()> {
    let Some(kind) = audit_kind(r) else { return Ok(()) };
    // A refund moves money and says why; the back office's changes move none.
    let (amount, reason) = match &r.event {
        Event::RefundIssued(e) => (e.total, Some(e.reason.clone())),
        Event::ShiftOpened(e) => (e.float, None),
        Event::CashMoved(e) => (e.amount, Some(e.reason.clone())),
        Event::DrawerOpened(e) => (Decimal::new(0, 2), Some(e.reason.clone())),
        // A close's amount is its variance, short or over.
        Event::ShiftClosed(e) => (e.variance.abs(), e.reason.clone()),
        // A Z's amount is the day's net sales.
        Event::DayClosed(e) => (e.figures.net_sales, None),
        Event::DayReopened(e) => (Decimal::new(0, 2), Some(e.reason.clone())),
        _ => (Decimal::new(0, 2), None),
    };
    conn.prepare_cached(
        "INSERT INTO audit_log (position, order_id, version, kind, at, actor, authorised_by, reason, amount, amount_minor, detail, description)
         VALUES (?1, NULL, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        r.position,
        kind.as_str(),
        r.meta.recorded_at.timestamp_micros(),
        r.meta.actor,
        r.meta.authorised_by,
        reason,
        amount.to_string(),
        to_minor(amount),
        audit_detail(r),
        audit_description(r).as_ref().map_or_else(Description::none_json, Description::to_json),
    ])?;
    Ok(())
}

/// The audit trail's words for a back-office event. Signing in and out names
/// the till (the staff member is the entry's actor).
pub(crate) fn audit_detail(r: &Recorded) -> String {
    match &r.event {
        Event::SignedIn(_) => format!("Signed in at till {}", r.meta.terminal),
        Event::SignedOut(_) => format!("Signed out at till {}", r.meta.terminal),
        event => describe_shop(event),
    }
}

/// [`audit_detail`] as a message for a screen in any language, if it has one.
pub(crate) fn audit_message(r: &Recorded) -> Option<Message> {
    match &r.event {
        Event::SignedIn(_) => Some(Message::new("signedInAtTill").text("till", &r.meta.terminal)),
        Event::SignedOut(_) => Some(Message::new("signedOutAtTill").text("till", &r.meta.terminal)),
        event => shop_description(event),
    }
}

/// [`audit_message`] as it crosses to the UI.
pub(crate) fn audit_description(r: &Recorded) -> Option<Description> {
    audit_message(r).map(Description::from)
}
