//! The command path: the one way an order changes, shared by the app, the
//! `pos` tool and the benchmark.
//!
//! For each command: return the first outcome if its command id was seen;
//! resolve outside facts (catalog, approver's PIN); load the order (cache,
//! snapshot, events); `decide`; append with the loaded version as the
//! expected version, projections and snapshots in the same transaction;
//! on a concurrency conflict reload and decide again, a bounded number of times.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use lru::LruCache;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::catalog;
use crate::domain::*;
use crate::error::{check_text, Error, Result};
use crate::limits::{AMOUNT_MAX, CODE_CHARS_MAX, COMMAND_RETRIES_MAX, QUANTITY_MAX};
use crate::money::{parse_amount, parse_percent};
use crate::projections;
use crate::settings::{self, Settings};
use crate::staff::{self, StaffMember};
use crate::store::{self, Metadata, OpenMode, Recorded, StoreError, Sync, VerifyReport};

/// Orders whose state (and, once asked for, history) stays in memory.
const CACHED_ORDERS_MAX: usize = 64;

#[derive(Debug, Clone)]
pub struct TillOptions {
    pub mode: OpenMode,
    /// Seed the demo catalog and staff when the database is new.
    pub seed_demo: bool,
    pub sync: Sync,
    /// This till's id, recorded on every event.
    pub terminal: String,
}

impl Default for TillOptions {
    fn default() -> Self {
        TillOptions { mode: OpenMode::CreateIfMissing, seed_demo: true, sync: Sync::Full, terminal: "T1".into() }
    }
}

/// A staff member's PIN, checked just now, standing behind one command.
/// Only `Till::approve` makes one, so a forged call cannot claim a manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approval(Approver);

impl Approval {
    pub fn staff(&self) -> StaffId {
        self.0.staff
    }
}

/// A staff member's code and PIN, sent with a command that needs approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Credentials {
    pub code: String,
    pub pin: String,
}

/// Who sends a command, under which id, with whose approval.
#[derive(Debug, Clone)]
pub struct CommandMeta {
    /// Chosen by the client; repeating it returns the first outcome.
    pub command_id: Uuid,
    pub actor: StaffId,
    pub approval: Option<Approval>,
    /// The version the client saw; when set, a changed order is a conflict
    /// the client must look at instead of one the command layer retries.
    pub expected_version: Option<u32>,
}

impl CommandMeta {
    /// A fresh, time-ordered command id (UUID v7 keeps the command index compact).
    pub fn new(actor: StaffId) -> Self {
        CommandMeta { command_id: Uuid::now_v7(), actor, approval: None, expected_version: None }
    }
}

/// A command on an existing order, as a client sends it: codes and amounts
/// as typed, checked here before the domain sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum OrderRequest {
    AddItem { code: String, quantity: i64 },
    ChangeQuantity { line: LineId, quantity: i64 },
    RemoveLine { line: LineId, reason: String },
    ApplyDiscount { scope: DiscountScope, kind: DiscountKind, value: String, reason: String },
    RemoveDiscount { discount: DiscountId },
    ConfirmOrder { cash: String, card: String },
    VoidOrder { reason: String },
}

/// What a command left: the order as it now is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub order: OrderView,
    /// True when this command id had already been applied: nothing new was written.
    pub replayed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub db_path: String,
    pub schema_version: i64,
    pub events: i64,
    pub orders: i64,
    pub products: i64,
    pub staff: i64,
    pub chain_ok: bool,
    pub chain: VerifyReport,
}

/// An order's events in memory with states every `interval` versions, so a
/// scrubber can ask for any version without touching the database.
struct History {
    records: Vec<Recorded>,
    checkpoints: BTreeMap<u32, Order>,
}

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

pub struct Till {
    conn: Connection,
    path: PathBuf,
    terminal: String,
    snapshot_interval: u32,
    settings: Settings,
    cache: LruCache<OrderId, Cached>,
    commands: LruCache<OrderId, CommandLog>,
    clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    /// The chain as found when this till first looked (for the start-up
    /// warning); `verify` walks it afresh.
    chain_at_start: Option<VerifyReport>,
}

fn empty_order(id: OrderId) -> Order {
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

impl Till {
    /// Opens the database at `path`, creating, migrating and seeding the demo
    /// shop on first start.
    pub fn open(path: &Path) -> Result<Till> {
        Till::open_with(path, TillOptions::default())
    }

    pub fn open_with(path: &Path, options: TillOptions) -> Result<Till> {
        let terminal = check_text(&options.terminal, "Terminal", CODE_CHARS_MAX, true)?;
        let conn = store::open(path, options.mode, options.sync)?;
        if options.seed_demo && staff::count(&conn)? == 0 && catalog::count(&conn)? == 0 {
            crate::demo::seed(&conn)?;
        }
        let settings = settings::load(&conn)?;
        let snapshot_interval = settings::snapshot_interval(&conn)?;
        Ok(Till {
            conn,
            path: path.to_path_buf(),
            terminal,
            snapshot_interval,
            settings,
            cache: LruCache::new(NonZeroUsize::new(CACHED_ORDERS_MAX).unwrap_or(NonZeroUsize::MIN)),
            commands: LruCache::new(NonZeroUsize::new(CACHED_ORDERS_MAX).unwrap_or(NonZeroUsize::MIN)),
            clock: Box::new(Utc::now),
            chain_at_start: None,
        })
    }

    /// Replaces the clock (tests, replays of a fixed day).
    pub fn set_clock(&mut self, clock: impl Fn() -> DateTime<Utc> + Send + 'static) {
        self.clock = Box::new(clock);
    }

    /// Now, to the millisecond (the precision events record), so state
    /// folded live and state folded from the store are equal.
    pub fn now(&self) -> DateTime<Utc> {
        use chrono::DurationRound;
        let t = (self.clock)();
        t.duration_trunc(chrono::TimeDelta::milliseconds(1)).unwrap_or(t)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        self.forget_cache();
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn terminal(&self) -> &str {
        &self.terminal
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn snapshot_interval(&self) -> u32 {
        self.snapshot_interval
    }

    pub fn set_snapshot_interval(&mut self, interval: u32) -> Result<()> {
        settings::set_snapshot_interval(&self.conn, interval)?;
        self.snapshot_interval = interval.max(1);
        self.cache.clear();
        Ok(())
    }

    pub fn save_settings(&mut self, input: &settings::SettingsInput) -> Result<Settings> {
        self.settings = settings::save(&self.conn, input)?;
        Ok(self.settings.clone())
    }

    /// Counts, and the chain as verified the first time this is asked: the
    /// walk is O(events), so it is done once per start, not on every refresh.
    pub fn status(&mut self) -> Result<AppStatus> {
        let chain = match &self.chain_at_start {
            Some(c) => c.clone(),
            None => {
                let c = store::verify(&self.conn)?;
                self.chain_at_start = Some(c.clone());
                c
            }
        };
        let count = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(AppStatus {
            db_path: store::display_path(&self.path).display().to_string(),
            schema_version: store::SCHEMA_VERSION,
            events: count("SELECT count(*) FROM events")?,
            orders: count("SELECT count(*) FROM order_summaries")?,
            products: catalog::count(&self.conn)?,
            staff: staff::count(&self.conn)?,
            chain_ok: chain.intact,
            chain,
        })
    }

    pub fn verify(&self) -> Result<VerifyReport> {
        Ok(store::verify(&self.conn)?)
    }

    /// Signs a staff member in with code and PIN.
    pub fn sign_in(&mut self, code: &str, pin: &str) -> Result<StaffMember> {
        let now = self.now();
        staff::verify_pin(&self.conn, code, pin, now)
    }

    /// Checks a staff member's code and PIN for one command.
    pub fn approve(&mut self, code: &str, pin: &str) -> Result<Approval> {
        let member = self.sign_in(code, pin)?;
        Ok(Approval(Approver { staff: member.id, role: member.role }))
    }

    /// Checks that `actor` is an active manager (back office, audit trail).
    pub fn require_manager(&self, actor: StaffId) -> Result<StaffMember> {
        let member = staff::get(&self.conn, actor)?;
        if member.role != Role::Manager || !member.active {
            return Err(Error::ManagerOnly);
        }
        Ok(member)
    }

    fn ctx(&self, meta: &CommandMeta) -> Ctx {
        Ctx { now: self.now(), actor: meta.actor, approver: meta.approval.map(|a| a.0), rules: self.settings.rules.clone() }
    }

    fn metadata(&self, meta: &CommandMeta, ctx: &Ctx, authorised_by: Option<StaffId>) -> Metadata {
        Metadata {
            actor: meta.actor,
            authorised_by,
            terminal: self.terminal.clone(),
            command_id: meta.command_id,
            recorded_at: ctx.now,
        }
    }

    /// Outcome of a command id that was already applied.
    fn replay(&mut self, outcome: store::CommandOutcome) -> Result<Outcome> {
        let order = self.state_at(outcome.stream, outcome.last_version)?;
        Ok(Outcome { order: order.view(), replayed: true })
    }

    /// Opens a new order with the next order number.
    pub fn open_order(&mut self, meta: &CommandMeta) -> Result<Outcome> {
        let ctx = self.ctx(meta);
        let metadata = self.metadata(meta, &ctx, None);
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = store::opened_by(&tx, meta.command_id)? {
            drop(tx);
            return self.replay(done);
        }
        staff::get(&tx, meta.actor)?;
        // Inside the write lock, so two tills never take the same number.
        let number = store::next_stream(&tx)?;
        let state = empty_order(number);
        let events = decide(
            &state,
            Command::OpenOrder { number, cashier: meta.actor, terminal: self.terminal.clone() },
            &ctx,
        )?;
        let recorded = store::append(&tx, number, 0, &events, &metadata)?;
        let after = Self::project(&tx, state, &recorded, self.snapshot_interval)?;
        tx.commit().map_err(StoreError::from)?;
        self.remember(&after, recorded);
        Ok(Outcome { order: after.view(), replayed: false })
    }

    /// Turns a client's request into a domain command, checking its shape.
    fn resolve(&self, request: OrderRequest) -> Result<Command> {
        let quantity = |q: i64| -> Result<u32> {
            if q < 1 || q > i64::from(QUANTITY_MAX) {
                return Err(OrderError::QuantityOutOfRange(q).into());
            }
            Ok(q as u32)
        };
        Ok(match request {
            OrderRequest::AddItem { code, quantity: q } => {
                let code = check_text(&code, "Barcode or SKU", CODE_CHARS_MAX, true)?;
                let quantity = quantity(q)?;
                let product = catalog::find(&self.conn, &code)?.ok_or(Error::UnknownProduct(code))?;
                Command::AddItem { product: product.facts(), quantity }
            }
            OrderRequest::ChangeQuantity { line, quantity: q } => Command::ChangeQuantity { line, quantity: quantity(q)? },
            OrderRequest::RemoveLine { line, reason } => Command::RemoveLine { line, reason },
            OrderRequest::ApplyDiscount { scope, kind, value, reason } => {
                let value = match kind {
                    DiscountKind::Percent => parse_percent(&value, "Discount percent")?,
                    DiscountKind::Amount => parse_amount(&value, "Discount amount", AMOUNT_MAX)?,
                };
                Command::ApplyDiscount { scope, kind, value, reason }
            }
            OrderRequest::RemoveDiscount { discount } => Command::RemoveDiscount { discount },
            OrderRequest::ConfirmOrder { cash, card } => {
                let amount = |text: &str, field| -> Result<rust_decimal::Decimal> {
                    if text.trim().is_empty() {
                        return Ok(rust_decimal::Decimal::ZERO);
                    }
                    Ok(parse_amount(text, field, AMOUNT_MAX)?)
                };
                Command::ConfirmOrder { tenders: Tenders { cash: amount(&cash, "Cash")?, card: amount(&card, "Card")? } }
            }
            OrderRequest::VoidOrder { reason } => Command::VoidOrder { reason },
        })
    }

    /// Runs one command on an existing order.
    ///
    /// One write transaction spans the idempotency check, the catalog
    /// lookup, the decision and the append: a repeated command id is
    /// answered with its first outcome whatever happened to the order since,
    /// and the till takes SQLite's locks once per command.
    pub fn execute(&mut self, order: OrderId, request: OrderRequest, meta: &CommandMeta) -> Result<Outcome> {
        let ctx = self.ctx(meta);
        let interval = self.snapshot_interval;
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = Self::applied(&tx, &mut self.commands, order, meta.command_id)? {
            drop(tx);
            return self.replay(done);
        }
        let command = self.resolve(request)?;
        let mut attempt = 0;
        let (after, recorded) = loop {
            attempt += 1;
            // Optimistic: the cached state is used as is; if another till
            // moved the order on, the append's version check says so and the
            // next attempt reloads (fresh: this transaction holds the lock).
            let state = match self.cache.get(&order) {
                Some(c) if attempt == 1 => c.head.clone(),
                _ => {
                    let version = store::stream_version(&tx, order)?;
                    load_from_store(&tx, order, version, interval)?
                }
            };
            if state.status == OrderStatus::New {
                return Err(OrderError::OrderNotFound(order).into());
            }
            if let Some(expected) = meta.expected_version {
                if expected != state.version {
                    return Err(StoreError::Conflict { stream: order, expected, actual: state.version }.into());
                }
            }
            let events = decide(&state, command.clone(), &ctx)?;
            let authorised_by = events.iter().find_map(Event::authorised_by);
            let metadata = self.metadata(meta, &ctx, authorised_by);
            match store::append(&tx, order, state.version, &events, &metadata) {
                Ok(recorded) => break (Self::project(&tx, state, &recorded, interval)?, recorded),
                Err(StoreError::Conflict { .. }) if attempt < COMMAND_RETRIES_MAX && meta.expected_version.is_none() => {
                    continue
                }
                Err(e) => return Err(e.into()),
            }
        };
        tx.commit().map_err(StoreError::from)?;
        self.remember(&after, recorded);
        Ok(Outcome { order: after.view(), replayed: false })
    }

    /// What `command_id` did to `order`, if it was applied: from the order's
    /// command log, first brought up to date with events written since (by
    /// this till or another). Call inside the write transaction.
    fn applied(
        conn: &Connection,
        logs: &mut LruCache<OrderId, CommandLog>,
        order: OrderId,
        command_id: Uuid,
    ) -> Result<Option<store::CommandOutcome>> {
        let log = logs.get_or_insert_mut(order, CommandLog::default);
        for (version, id) in store::stream_commands(conn, order, log.version)? {
            log.record(id, version);
        }
        Ok(log.outcome(order, command_id))
    }

    /// Folds freshly appended events, writing projections and any snapshot due.
    fn project(tx: &Connection, mut state: Order, recorded: &[Recorded], interval: u32) -> Result<Order> {
        let status_before = state.status;
        for r in recorded {
            let before = state.clone();
            state = evolve(state, &r.event);
            projections::record_audit(tx, &before, &state, r)?;
            if state.version % interval == 0 {
                store::save_snapshot(tx, &state)?;
            }
        }
        if let Some(last) = recorded.last() {
            projections::upsert_summary(tx, status_before, &state, last)?;
        }
        Ok(state)
    }

    fn remember(&mut self, after: &Order, recorded: Vec<Recorded>) {
        let interval = self.snapshot_interval;
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
        match self.cache.get_mut(&after.id) {
            Some(c) if c.head.version + recorded.len() as u32 == after.version => {
                if let Some(h) = c.history.as_mut() {
                    let mut state = c.head.clone();
                    for r in recorded {
                        state = evolve(state, &r.event);
                        if state.version % interval == 0 {
                            h.checkpoints.insert(state.version, state.clone());
                        }
                        h.records.push(r);
                    }
                }
                c.head = after.clone();
            }
            _ => {
                self.cache.put(after.id, Cached { head: after.clone(), history: None });
            }
        }
    }

    /// The order's current state: from memory when no other till changed it,
    /// else from the newest snapshot and the events after it.
    pub fn load(&mut self, id: OrderId) -> Result<Order> {
        let version = store::stream_version(&self.conn, id)?;
        if let Some(c) = self.cache.get_mut(&id) {
            if c.head.version == version {
                return Ok(c.head.clone());
            }
            if c.head.version < version {
                let tail = store::read_stream(&self.conn, id, c.head.version, version)?;
                let after = tail.iter().fold(c.head.clone(), |s, r| evolve(s, &r.event));
                self.remember(&after, tail);
                return Ok(after);
            }
        }
        let state = load_from_store(&self.conn, id, version, self.snapshot_interval)?;
        self.cache.put(id, Cached { head: state.clone(), history: None });
        Ok(state)
    }

    /// Makes sure the order's whole history is in memory, up to date.
    fn history(&mut self, id: OrderId) -> Result<&History> {
        let version = store::stream_version(&self.conn, id)?;
        if version == 0 {
            return Err(OrderError::OrderNotFound(id).into());
        }
        let have = self.cache.get(&id).and_then(|c| c.history.as_ref()).map(|h| h.records.len() as u32);
        if have != Some(version) {
            let records = store::read_stream(&self.conn, id, 0, version)?;
            let mut checkpoints = BTreeMap::new();
            let mut state = empty_order(id);
            for r in &records {
                state = evolve(state, &r.event);
                if state.version % self.snapshot_interval == 0 {
                    checkpoints.insert(state.version, state.clone());
                }
            }
            self.cache.put(id, Cached { head: state, history: Some(History { records, checkpoints }) });
        }
        self.cache
            .get(&id)
            .and_then(|c| c.history.as_ref())
            .ok_or_else(|| OrderError::OrderNotFound(id).into())
    }

    /// The order exactly as it was after its first `version` events.
    pub fn state_at(&mut self, id: OrderId, version: u32) -> Result<Order> {
        let h = self.history(id)?;
        let latest = h.records.len() as u32;
        if version > latest {
            return Err(Error::NoSuchVersion { order: id, version, latest });
        }
        let (start_version, start) = h
            .checkpoints
            .range(..=version)
            .next_back()
            .map(|(v, s)| (*v, s.clone()))
            .unwrap_or((0, empty_order(id)));
        Ok(h.records[start_version as usize..version as usize].iter().fold(start, |s, r| evolve(s, &r.event)))
    }

    /// The version in force at `at`: the last event recorded at or before it.
    pub fn version_at(&mut self, id: OrderId, at: DateTime<Utc>) -> Result<u32> {
        let h = self.history(id)?;
        let v = h.records.partition_point(|r| r.meta.recorded_at <= at) as u32;
        if v == 0 {
            return Err(Error::NotYetOpened(id));
        }
        Ok(v)
    }

    /// The recorded events of an order (from memory once loaded).
    pub fn records(&mut self, id: OrderId) -> Result<&[Recorded]> {
        Ok(&self.history(id)?.records)
    }

    /// What `request` on order `id` would record for `actor` now, decided by
    /// the same rules as [`Till::execute`] but written nowhere (a preview).
    pub fn try_request(&mut self, id: OrderId, request: OrderRequest, actor: StaffId) -> Result<Vec<Event>> {
        let command = self.resolve(request)?;
        let order = self.load(id)?;
        let ctx = self.ctx(&CommandMeta::new(actor));
        Ok(decide(&order, command, &ctx)?)
    }

    /// Forgets every cached state (after raw edits, or to measure cold loads).
    pub fn forget_cache(&mut self) {
        self.cache.clear();
        self.commands.clear();
    }
}

#[cfg(test)]
mod tests;
