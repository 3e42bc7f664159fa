//! The order cache: orders this till loaded or changed, kept in memory (the
//! current state and, once asked for, the history), and the command ids each
//! order's events carry, so a repeated command is recognised without reading
//! the order back. Another till writing to the same file is noticed by
//! version: a stale entry is caught up from the events written since.

use std::collections::HashMap;
use std::num::NonZeroUsize;

use lru::LruCache;
use rusqlite::Connection;
use uuid::Uuid;

use crate::domain::{evolve, Order, OrderError, OrderId};
use crate::error::Result;
use crate::store::{self, Recorded};

use super::fold::{load_from_store, Checkpoints};
use super::history::History;
use super::Till;

/// Orders whose state (and, once asked for, history) stays in memory.
const CACHED_ORDERS_MAX: usize = 64;

struct Cached {
    head: Order,
    history: Option<History>,
}

/// The command ids an order's events carry, up to `version`: read once from
/// the store, then kept up to date, so a repeated command is recognised
/// without an index over every command (see `store::command_outcome`).
#[derive(Default)]
struct CommandLog {
    version: u32,
    outcomes: HashMap<Uuid, (u32, u32)>,
}

impl CommandLog {
    fn record(&mut self, id: Uuid, version: u32) {
        let (first, last) = self.outcomes.entry(id).or_insert((version, version));
        *first = (*first).min(version);
        *last = (*last).max(version);
        self.version = self.version.max(version);
    }

    fn outcome(&self, stream: OrderId, id: Uuid) -> Option<store::CommandOutcome> {
        self.outcomes.get(&id).map(|&(first, last)| store::CommandOutcome { stream, first_version: first, last_version: last })
    }
}

/// The most recently used orders' states and histories, and their command
/// logs; histories keep a state at every checkpoint.
pub(crate) struct OrderCache {
    checkpoints: Checkpoints,
    orders: LruCache<OrderId, Cached>,
    commands: LruCache<OrderId, CommandLog>,
}

impl OrderCache {
    pub(crate) fn new(checkpoints: Checkpoints) -> Self {
        let size = NonZeroUsize::new(CACHED_ORDERS_MAX).unwrap_or(NonZeroUsize::MIN);
        OrderCache { checkpoints, orders: LruCache::new(size), commands: LruCache::new(size) }
    }

    /// Where states are kept: snapshots in the store, checkpoints in memory.
    pub(crate) fn checkpoints(&self) -> Checkpoints {
        self.checkpoints
    }

    /// Changes the checkpoints; states kept under the old ones are forgotten.
    pub(crate) fn set_checkpoints(&mut self, checkpoints: Checkpoints) {
        self.checkpoints = checkpoints;
        self.orders.clear();
    }

    /// The order's state as this till last saw it, if it is still held.
    pub(crate) fn head(&mut self, id: OrderId) -> Option<&Order> {
        self.orders.get(&id).map(|c| &c.head)
    }

    /// What `command_id` did to `order`, if it was applied: from the order's
    /// command log, first brought up to date with events written since (by
    /// this till or another). Call inside the write transaction.
    pub(crate) fn applied(&mut self, conn: &Connection, order: OrderId, command_id: Uuid) -> Result<Option<store::CommandOutcome>> {
        let log = self.commands.get_or_insert_mut(order, CommandLog::default);
        for (version, id) in store::stream_commands(conn, order, log.version)? {
            log.record(id, version);
        }
        Ok(log.outcome(order, command_id))
    }

    /// Keeps `after`, the state once `recorded` was appended: the command
    /// log and any history held grow by those events when they follow on
    /// from what is held; otherwise the order is held afresh.
    pub(crate) fn remember(&mut self, after: &Order, recorded: Vec<Recorded>) {
        let every = self.checkpoints;
        let base = after.version - recorded.len() as u32;
        let log = match (base, self.commands.get_mut(&after.id)) {
            (_, Some(log)) => Some(log),
            (0, None) => Some(self.commands.get_or_insert_mut(after.id, CommandLog::default)),
            _ => None,
        };
        if let Some(log) = log.filter(|l| l.version == base) {
            for r in &recorded {
                log.record(r.meta.command_id, r.version);
            }
        }
        match self.orders.get_mut(&after.id) {
            Some(c) if c.head.version + recorded.len() as u32 == after.version => {
                if let Some(h) = c.history.as_mut() {
                    h.extend(c.head.clone(), recorded, every);
                }
                c.head = after.clone();
            }
            _ => {
                self.orders.put(after.id, Cached { head: after.clone(), history: None });
            }
        }
    }

    /// The order's current state: from memory when no other till changed it,
    /// else from the newest snapshot and the events after it.
    pub(crate) fn load(&mut self, conn: &Connection, id: OrderId) -> Result<Order> {
        let version = store::stream_version(conn, id)?;
        if let Some(c) = self.orders.get_mut(&id) {
            if c.head.version == version {
                return Ok(c.head.clone());
            }
            if c.head.version < version {
                let tail = store::read_stream(conn, id, c.head.version, version)?;
                let after = tail.iter().fold(c.head.clone(), |s, r| evolve(s, &r.event));
                self.remember(&after, tail);
                return Ok(after);
            }
        }
        let state = load_from_store(conn, id, version, self.checkpoints.interval())?;
        self.orders.put(id, Cached { head: state.clone(), history: None });
        Ok(state)
    }

    /// The order's whole history, read into memory unless it is there and
    /// up to date.
    pub(crate) fn history(&mut self, conn: &Connection, id: OrderId) -> Result<&History> {
        let version = store::stream_version(conn, id)?;
        if version == 0 {
            return Err(OrderError::OrderNotFound(id).into());
        }
        let have = self.orders.get(&id).and_then(|c| c.history.as_ref()).map(History::latest);
        if have != Some(version) {
            let records = store::read_stream(conn, id, 0, version)?;
            let (history, head) = History::build(id, records, self.checkpoints);
            self.orders.put(id, Cached { head, history: Some(history) });
        }
        self.orders
            .get(&id)
            .and_then(|c| c.history.as_ref())
            .ok_or_else(|| OrderError::OrderNotFound(id).into())
    }

    /// Forgets every state and command log held.
    pub(crate) fn forget(&mut self) {
        self.orders.clear();
        self.commands.clear();
    }
}

impl Till {
    /// The order's current state: from memory when no other till changed it,
    /// else from the newest snapshot and the events after it.
    pub fn load(&mut self, id: OrderId) -> Result<Order> {
        self.orders.load(&self.conn, id)
    }

    /// Forgets every cached state (after raw edits, or to measure cold loads).
    pub fn forget_cache(&mut self) {
        self.orders.forget();
    }
}
