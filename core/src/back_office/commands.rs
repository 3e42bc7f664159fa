//! Each back-office command: input checked, state read from the projection
//! (written by the same events in the same transaction as they were
//! appended, so it is the state their fold gives), decided by the pure rule
//! of `domain::shop`, recorded and projected. Call inside a write
//! transaction; the caller commits.

use rusqlite::Connection;

use crate::catalog::{self, ImportPreview, ProductInput};
use crate::domain::{shop, Event, Policy, Product, Role, ShopDetails, SignedIn, SignedOut, StaffId, StaffState};
use crate::error::{Error, Result};
use crate::settings::{self, Settings, SettingsInput};
use crate::staff::{self, StaffInput, StaffMember};
use crate::store::Metadata;

use super::{record, Stream};

impl From<&StaffMember> for StaffState {
    fn from(m: &StaffMember) -> StaffState {
        StaffState { id: m.id, code: m.code.clone(), name: m.name.clone(), role: m.role, active: m.active }
    }
}

fn product_state(conn: &Connection, sku: &str) -> Result<Option<Product>> {
    catalog::find_any(conn, sku)
}

fn staff_state(conn: &Connection, id: StaffId) -> Result<Option<StaffState>> {
    Ok(staff::find(conn, id)?.as_ref().map(StaffState::from))
}

pub(crate) fn add_product(tx: &Connection, meta: &Metadata, input: &ProductInput) -> Result<Product> {
    let p = input.validate(settings::minor_unit(tx)?)?;
    let owner = catalog::barcode_owner(tx, &p.barcode, &p.sku)?;
    let events = shop::add_product(product_state(tx, &p.sku)?.as_ref(), owner.as_deref(), &p)?;
    record(tx, Stream::Product(&p.sku), &events, meta)?;
    catalog::get(tx, &p.sku)
}

/// Edits a product (the SKU names it and cannot change).
pub(crate) fn update_product(tx: &Connection, meta: &Metadata, input: &ProductInput) -> Result<Product> {
    let mut p = input.validate(settings::minor_unit(tx)?)?;
    let current = product_state(tx, &p.sku)?;
    p.archived = current.as_ref().is_some_and(|c| c.archived);
    let owner = catalog::barcode_owner(tx, &p.barcode, &p.sku)?;
    let events = shop::edit_product(current.as_ref(), owner.as_deref(), &p)?;
    record(tx, Stream::Product(&p.sku), &events, meta)?;
    catalog::get(tx, &p.sku)
}

pub(crate) fn set_product_archived(tx: &Connection, meta: &Metadata, sku: &str, archived: bool) -> Result<Product> {
    let events = shop::archive_product(product_state(tx, sku)?.as_ref(), sku, archived)?;
    record(tx, Stream::Product(sku), &events, meta)?;
    catalog::get(tx, sku)
}

/// Imports a previewed catalog file with no bad row: each row adds its
/// product, or edits (and restores) the existing one.
pub(crate) fn import_catalog(tx: &Connection, meta: &Metadata, preview: &ImportPreview) -> Result<()> {
    for p in preview.rows.iter().filter_map(|r| r.product.as_ref()) {
        let events = shop::import_product(product_state(tx, &p.sku)?.as_ref(), p)?;
        record(tx, Stream::Product(&p.sku), &events, meta)?;
    }
    Ok(())
}

pub(crate) fn add_staff(tx: &Connection, meta: &Metadata, input: &StaffInput) -> Result<StaffMember> {
    let (code, name) = staff::check_input(input)?;
    let id: StaffId = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM staff", [], |r| r.get(0))?;
    let taken = staff::by_code(tx, &code)?.is_some();
    let events = shop::add_staff(taken, id, &code, &name, input.role)?;
    record(tx, Stream::Staff(id), &events, meta)?;
    staff::set_pin_hash(tx, id, &staff::hash_pin(&input.pin)?)?;
    staff::get(tx, id)
}

/// Resets a PIN: the event says that it was reset; the hash goes to
/// `staff_pins` alone, in the same transaction.
pub(crate) fn reset_pin(tx: &Connection, meta: &Metadata, id: StaffId, pin: &str) -> Result<StaffMember> {
    staff::check_pin(pin)?;
    let events = shop::reset_pin(staff_state(tx, id)?.as_ref(), id)?;
    record(tx, Stream::Staff(id), &events, meta)?;
    staff::set_pin_hash(tx, id, &staff::hash_pin(pin)?)?;
    staff::get(tx, id)
}

pub(crate) fn set_staff_active(tx: &Connection, meta: &Metadata, id: StaffId, active: bool) -> Result<StaffMember> {
    let events = shop::set_staff_active(staff_state(tx, id)?.as_ref(), id, active, meta.actor)?;
    record(tx, Stream::Staff(id), &events, meta)?;
    staff::get(tx, id)
}

pub(crate) fn set_staff_role(tx: &Connection, meta: &Metadata, id: StaffId, role: Role) -> Result<StaffMember> {
    let events = shop::change_role(staff_state(tx, id)?.as_ref(), id, role)?;
    record(tx, Stream::Staff(id), &events, meta)?;
    staff::get(tx, id)
}

pub(crate) fn save_settings(tx: &Connection, meta: &Metadata, current: &Settings, input: &SettingsInput) -> Result<Settings> {
    let mut details: ShopDetails = settings::validate(input)?;
    if current.time_zone_from_system && details.time_zone.as_deref() == Some(current.time_zone.as_str()) {
        details.time_zone = None; // the system's zone, named: nothing changes
    }
    if details.currency != current.currency && money_recorded(tx, settings::check_currency(&details.currency)?.minor_unit != current.minor_unit)? {
        return Err(Error::CurrencyInUse { from: current.currency.clone(), to: details.currency });
    }
    let events = shop::change_settings((&current.details(), &current.policy), (&details, &current.policy));
    record(tx, Stream::Shop, &events, meta)?;
    settings::load(tx)
}

/// Whether money is recorded that a change of currency would change the
/// meaning of: a sale, a refund or a Z (the reports add them up in the
/// shop's one currency); with `other_unit`, a shift's float and counts too.
fn money_recorded(tx: &Connection, other_unit: bool) -> Result<bool> {
    let orders: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM events WHERE stream > 0)", [], |r| r.get(0))?;
    let kinds = if other_unit { "'refund', 'close', 'shift'" } else { "'refund', 'close'" };
    let others: bool = tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM streams WHERE kind IN ({kinds}))"), [], |r| r.get(0))?;
    Ok(orders || others)
}

/// Puts `policy` (already checked) in force: a `PolicyChanged` if it differs.
pub(crate) fn save_policy(tx: &Connection, meta: &Metadata, current: &Settings, policy: &Policy) -> Result<Settings> {
    let details = current.details();
    let events = shop::change_settings((&details, &current.policy), (&details, policy));
    record(tx, Stream::Shop, &events, meta)?;
    settings::load(tx)
}

/// Records that `id` signed in (`true`) or out at this till.
pub(crate) fn record_sign(tx: &Connection, meta: &Metadata, id: StaffId, signed_in: bool) -> Result<()> {
    let event = if signed_in { Event::SignedIn(SignedIn { id }) } else { Event::SignedOut(SignedOut { id }) };
    record(tx, Stream::Staff(id), &[event], meta)?;
    Ok(())
}

