//! A database made before the back office was recorded as events has its
//! catalog, staff and settings in plain tables only. On open, their rows are
//! written once as the first events of their streams, marked `imported`
//! (what happened before is unknown), in one transaction; the tables are
//! then their projection like any other.

use rusqlite::Connection;

use crate::domain::{Event, PolicyChanged, ProductAdded, ProductArchived, SettingsChanged, StaffAdded, StaffDeactivated};
use crate::error::Result;
use crate::store::{self, Metadata};
use crate::{catalog, settings, staff};

use super::{clear, record, Stream};

/// Imports the plain tables if they hold rows and no back-office event
/// exists yet; whether it did.
pub(crate) fn import_plain_tables(conn: &Connection, meta: &Metadata) -> Result<bool> {
    if !needed(conn)? {
        return Ok(false);
    }
    let tx = store::write_tx(conn)?;
    // Another till may have imported while this one waited for the lock.
    if !needed(&tx)? {
        return Ok(false);
    }
    let products = catalog::all(&tx)?;
    let members = staff::list(&tx)?;
    let shop = settings::stored(&tx)?.then(|| settings::load(&tx)).transpose()?;
    clear(&tx)?;
    for p in &products {
        let mut events = vec![Event::ProductAdded(ProductAdded {
            sku: p.sku.clone(),
            barcode: p.barcode.clone(),
            name: p.name.clone(),
            price: p.price,
            tax_rate: p.tax_rate,
            favourite: p.favourite,
            imported: true,
        })];
        if p.archived {
            events.push(Event::ProductArchived(ProductArchived { sku: p.sku.clone(), imported: true }));
        }
        record(&tx, Stream::Product(&p.sku), &events, meta)?;
    }
    for m in &members {
        let mut events =
            vec![Event::StaffAdded(StaffAdded { id: m.id, code: m.code.clone(), name: m.name.clone(), role: m.role, imported: true })];
        if !m.active {
            events.push(Event::StaffDeactivated(StaffDeactivated { id: m.id, imported: true }));
        }
        record(&tx, Stream::Staff(m.id), &events, meta)?;
    }
    if let Some(s) = shop {
        let events = [
            Event::SettingsChanged(SettingsChanged {
                shop_name: s.shop_name.clone(),
                shop_address: s.shop_address.clone(),
                currency: s.currency.clone(),
                cash_coin: s.cash_coin,
                time_zone: s.details().time_zone,
                language: s.details().language,
                imported: true,
            }),
            Event::PolicyChanged(PolicyChanged { policy: s.policy.clone(), imported: true }),
        ];
        record(&tx, Stream::Shop, &events, meta)?;
    }
    tx.commit()?;
    Ok(true)
}

/// Rows in the plain tables, and no back-office event yet.
fn needed(conn: &Connection) -> Result<bool> {
    let recorded: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM events WHERE stream < 0)", [], |r| r.get(0))?;
    if recorded {
        return Ok(false);
    }
    let rows: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM products) OR EXISTS (SELECT 1 FROM staff)", [], |r| r.get(0))?;
    Ok(rows || settings::stored(conn)?)
}
