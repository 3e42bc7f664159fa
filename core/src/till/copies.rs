//! A till's file as a copy of another till: the events that till recorded,
//! copied unchanged from the shop server (see `sync::shop`), and projected by
//! the same code as the live path, so every read of the app (orders, audit
//! trail, timelines, day report) answers for that till too.

use rusqlite::Connection;

use super::command::project;
use super::Till;
use crate::back_office;
use crate::domain::Order;
use crate::error::Result;
use crate::store::{self, EventRow, Recorded, StoreError};

impl Till {
    /// Appends `rows`, the events of this file's till in its own chain order,
    /// unchanged, and projects them; rows already held are skipped. A row that
    /// does not continue the chain refuses the whole call (`copy_broken`).
    /// Answers how many events were appended.
    pub fn take_copied(&mut self, rows: &[EventRow]) -> Result<usize> {
        let tx = store::write_tx(&self.conn)?;
        let recorded = store::append_copied(&tx, rows)?;
        let checkpoints = self.orders.checkpoints();
        let mut start = 0;
        while start < recorded.len() {
            let r = &recorded[start];
            if !r.event.is_order_event() {
                back_office::name_copied_stream(&tx, r)?;
                back_office::project(&tx, r)?;
                start += 1;
                continue;
            }
            // A run of one order's events is projected as the command that recorded it was.
            let end = start + recorded[start..].iter().take_while(|x| x.stream == r.stream && x.event.is_order_event()).count();
            let before = order_before(&tx, &recorded[start], checkpoints.interval())?;
            project(&tx, before, &recorded[start..end], checkpoints)?;
            start = end;
        }
        tx.commit().map_err(StoreError::from)?;
        // What this till held in memory may be behind the file now.
        self.forget_cache();
        Ok(recorded.len())
    }
}

/// The order of `first`'s stream as it stood just before `first`.
fn order_before(conn: &Connection, first: &Recorded, interval: u32) -> Result<Order> {
    debug_assert!(first.version >= 1);
    super::load_from_store(conn, first.stream, first.version - 1, interval)
}
