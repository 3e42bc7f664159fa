//! Folding an order's recorded events into its state with a checkpoint (a
//! copy of the state) every N versions: the one loop behind an order loaded
//! from the store (outdated snapshots rebuilt), an order's history in memory,
//! and that history kept up to date as commands are applied.

use rusqlite::Connection;

use crate::domain::{evolve, Order, OrderId};
use crate::error::Result;
use crate::store::{self, Recorded};

/// The order before its first event.
pub(crate) fn empty_order(id: OrderId) -> Order {
    Order { id, ..Order::default() }
}

/// Where an order's state is kept along its events: after every version
/// that is a multiple of the interval (a snapshot in the store, a state in
/// memory). The interval is at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checkpoints {
    interval: u32,
}

impl Checkpoints {
    pub(crate) fn every(interval: u32) -> Checkpoints {
        Checkpoints { interval: interval.max(1) }
    }

    pub(crate) fn interval(self) -> u32 {
        self.interval
    }

    /// Whether the state at `version` is a checkpoint.
    pub(crate) fn due(self, version: u32) -> bool {
        version.is_multiple_of(self.interval)
    }

    /// Folds `records` into `state`, handing `keep` the state at each
    /// checkpoint passed; returns the state after the last record.
    pub(crate) fn fold<'r>(
        self,
        mut state: Order,
        records: impl IntoIterator<Item = &'r Recorded>,
        mut keep: impl FnMut(&Order),
    ) -> Order {
        for r in records {
            state = evolve(state, &r.event);
            if self.due(state.version) {
                keep(&state);
            }
        }
        state
    }
}

/// Loads an order at `version` from the store: newest usable snapshot at or
/// below it, then the events after. Snapshots of an outdated schema are
/// ignored and rebuilt.
pub fn load_from_store(conn: &Connection, id: OrderId, version: u32, interval: u32) -> Result<Order> {
    let (snapshot, outdated) = store::load_snapshot(conn, id, version)?;
    let start = snapshot.unwrap_or_else(|| empty_order(id));
    let records = store::read_stream(conn, id, start.version, version)?;
    let mut rebuilt = Vec::new();
    let state = Checkpoints::every(interval).fold(start, &records, |s| {
        if outdated {
            rebuilt.push(s.clone());
        }
    });
    for s in &rebuilt {
        // Best effort: a busy database only delays the rebuild to a later load.
        let _ = store::save_snapshot(conn, s);
    }
    Ok(state)
}
