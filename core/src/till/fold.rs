//! Folding an order's recorded events into its state: the order before its
//! first event, and an order loaded from the store (newest snapshot, then
//! the events after it).

use rusqlite::Connection;

use crate::domain::{evolve, Order, OrderId};
use crate::error::Result;
use crate::store;

/// The order before its first event.
pub(crate) fn empty_order(id: OrderId) -> Order {
    Order { id, ..Order::default() }
}

/// Loads an order at `version` from the store: newest usable snapshot at or
/// below it, then the events after. Snapshots of an outdated schema are
/// ignored and rebuilt.
pub fn load_from_store(conn: &Connection, id: OrderId, version: u32, interval: u32) -> Result<Order> {
    let (snapshot, outdated) = store::load_snapshot(conn, id, version)?;
    let mut state = snapshot.unwrap_or_else(|| empty_order(id));
    let mut rebuilt = Vec::new();
    for r in store::read_stream(conn, id, state.version, version)? {
        state = evolve(state, &r.event);
        if outdated && state.version % interval == 0 {
            rebuilt.push(state.clone());
        }
    }
    for s in &rebuilt {
        // Best effort: a busy database only delays the rebuild to a later load.
        let _ = store::save_snapshot(conn, s);
    }
    Ok(state)
}
