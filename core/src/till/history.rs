//! An order's history in memory: its recorded events with states every N
//! versions (checkpoints), so the state at any version and the version in
//! force at any instant are answered without touching the database (the
//! timeline scrubber asks for them at every step).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::{evolve, Order, OrderId};
use crate::error::{Error, Result};
use crate::store::Recorded;

use super::fold::{empty_order, Checkpoints};
use super::Till;

/// An order's events in memory with a state at every checkpoint, so a
/// scrubber can ask for any version without touching the database.
pub(crate) struct History {
    id: OrderId,
    records: Vec<Recorded>,
    checkpoints: BTreeMap<u32, Order>,
}

impl History {
    /// The history of order `id` from all its events, and the state after them.
    pub(crate) fn build(id: OrderId, records: Vec<Recorded>, every: Checkpoints) -> (History, Order) {
        let mut checkpoints = BTreeMap::new();
        let head = every.fold(empty_order(id), &records, |s| {
            checkpoints.insert(s.version, s.clone());
        });
        (History { id, records, checkpoints }, head)
    }

    /// Adds events recorded since; `head` is the state after the last event held.
    pub(crate) fn extend(&mut self, head: Order, recorded: Vec<Recorded>, every: Checkpoints) {
        let checkpoints = &mut self.checkpoints;
        every.fold(head, &recorded, |s| {
            checkpoints.insert(s.version, s.clone());
        });
        self.records.extend(recorded);
    }

    /// Every event of the order, oldest first (the event at version v is at v - 1).
    pub(crate) fn records(&self) -> &[Recorded] {
        &self.records
    }

    /// The latest version held.
    pub(crate) fn latest(&self) -> u32 {
        self.records.len() as u32
    }

    /// The order exactly as it was after its first `version` events: from
    /// the nearest checkpoint at or below, then the events after it.
    pub(crate) fn state_at(&self, version: u32) -> Result<Order> {
        let latest = self.latest();
        if version > latest {
            return Err(Error::NoSuchVersion { order: self.id, version, latest });
        }
        let (start_version, start) = self
            .checkpoints
            .range(..=version)
            .next_back()
            .map(|(v, s)| (*v, s.clone()))
            .unwrap_or((0, empty_order(self.id)));
        Ok(self.records[start_version as usize..version as usize].iter().fold(start, |s, r| evolve(s, &r.event)))
    }

    /// The version in force at `at`: the last event recorded at or before it.
    pub(crate) fn version_at(&self, at: DateTime<Utc>) -> Result<u32> {
        let v = self.records.partition_point(|r| r.meta.recorded_at <= at) as u32;
        if v == 0 {
            return Err(Error::NotYetOpened(self.id));
        }
        Ok(v)
    }
}

impl Till {
    /// The order exactly as it was after its first `version` events.
    pub fn state_at(&mut self, id: OrderId, version: u32) -> Result<Order> {
        self.orders.history(&self.conn, id)?.state_at(version)
    }

    /// The version in force at `at`: the last event recorded at or before it.
    pub fn version_at(&mut self, id: OrderId, at: DateTime<Utc>) -> Result<u32> {
        self.orders.history(&self.conn, id)?.version_at(at)
    }

    /// The recorded events of an order (from memory once loaded).
    pub fn records(&mut self, id: OrderId) -> Result<&[Recorded]> {
        Ok(self.orders.history(&self.conn, id)?.records())
    }
}
