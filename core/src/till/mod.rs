//! `Till`: one open database and everything done through it, shared by the
//! app, the `pos` tool and the benchmark.
//!
//! - `command`: the command path (idempotency, load, decide, append with
//!   projections, conflict retry).
//! - `cache`: the in-process cache of orders and their command logs.
//! - `history`: an order's events in memory with checkpoints; the state at
//!   a version and the version at an instant.
//! - `fold`: events folded into an order's state; an order loaded from the store.
//! - `auth`: signing in, a manager's approval, the manager-only check.
//! - `back_office`: the shop's plain tables through the till.
//! - `first_run`: the first run of a shop (its first manager, this till's id).
//! - `copies`: a file holding another till's events, copied unchanged.
//! - `exchanges`: goods brought back for the order on the register (a refund
//!   and the order's payment, three streams, one transaction).
//! - `refunds`: refunds of sales and without a receipt (two streams, one transaction).
//! - `shifts`: the cash drawer: a shift's float, cash moves, no-sales and blind close.
//! - `wire`: what clients send and get back.
//!
//! This file opens the till and answers for its status.

mod auth;
mod back_office;
mod cache;
mod chain_check;
mod closes;
mod command;
mod copies;
mod exchanges;
mod fold;
mod first_run;
mod history;
mod printing;
mod refunds;
mod shifts;
mod wire;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::catalog;
use crate::error::{check_text, Result};
use crate::limits::CODE_CHARS_MAX;
use crate::projections;
use crate::read::Reader;
use crate::settings::{self, Settings};
use crate::setup;
use crate::staff;
use crate::store::{self, ChainHead, HeadRef, HeadReport, OpenMode, Sync, VerifyReport};

pub use auth::Approval;
pub(crate) use cache::OrderCache;
pub use closes::{DayStatus, ZReport};
pub use exchanges::{ExchangePreview, Exchanged};
pub use fold::load_from_store;
pub use refunds::{IssuedRefund, RefundPreview, RefundableLine, RefundableSale};
pub use shifts::{CountRequest, NoSale, ShiftReport};
pub use wire::{AppStatus, CommandMeta, Credentials, ExchangeRequest, OrderRequest, Outcome, RefundItem, RefundRequest};

#[derive(Debug, Clone)]
pub struct TillOptions {
    pub mode: OpenMode,
    /// Seed the demo catalog and staff when the database is new (the app
    /// does only with `--demo`; without, a new database asks for its setup).
    pub seed_demo: bool,
    pub sync: Sync,
    /// This process's till id, recorded on every event, instead of the one
    /// the file was set up with (tools and tests running several tills on
    /// one file). A demo database gets it as its own id.
    pub terminal: Option<String>,
}

impl Default for TillOptions {
    fn default() -> Self {
        TillOptions { mode: OpenMode::CreateIfMissing, seed_demo: true, sync: Sync::Full, terminal: None }
    }
}

pub struct Till {
    conn: Connection,
    path: PathBuf,
    terminal: String,
    settings: Settings,
    orders: OrderCache,
    clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    /// Who signed in at this till: the actor of its back-office changes.
    signed_in: Option<crate::domain::StaffId>,
    /// The chain as checked since the start (for the start-up warning);
    /// `verify` walks it afresh.
    chain_check: chain_check::ChainCheck,
}

/// The id this process records on its events: the one asked for, else the
/// file's own, else `T1` (a file from before setup). A file about to get the
/// demo shop and still without an id takes the one asked for when it is a
/// valid till id, else `T1`.
fn till_id(conn: &Connection, explicit: Option<String>, seed: bool) -> Result<String> {
    let mut stored = setup::stored_till_id(conn)?;
    if seed && stored.is_none() {
        let id = explicit.as_deref().and_then(|t| setup::check_till_id(t).ok());
        let id = id.unwrap_or_else(|| setup::TILL_ID_BEFORE_SETUP.to_string());
        setup::store_till_id(conn, &id)?;
        stored = Some(id);
    }
    Ok(explicit.or(stored).unwrap_or_else(|| setup::TILL_ID_BEFORE_SETUP.to_string()))
}

impl Till {
    /// Opens the database at `path`, creating, migrating and seeding the demo
    /// shop on first start.
    pub fn open(path: &Path) -> Result<Till> {
        Till::open_with(path, TillOptions::default())
    }

    pub fn open_with(path: &Path, options: TillOptions) -> Result<Till> {
        let explicit = options.terminal.as_deref().map(|t| check_text(t, "Terminal", CODE_CHARS_MAX, true)).transpose()?;
        let mut conn = store::open(path, options.mode, options.sync)?;
        projections::describe_old_entries(&mut conn)?;
        let seed = options.seed_demo && staff::count(&conn)? == 0 && catalog::count(&conn)? == 0;
        let terminal = till_id(&conn, explicit, seed)?;
        let meta = store::Metadata {
            actor: crate::back_office::SYSTEM_ACTOR,
            authorised_by: None,
            terminal: terminal.clone(),
            command_id: uuid::Uuid::now_v7(),
            recorded_at: Utc::now(),
        };
        crate::back_office::import_plain_tables(&conn, &meta)?;
        if seed {
            crate::demo::seed(&conn, &store::Metadata { command_id: uuid::Uuid::now_v7(), ..meta })?;
        }
        let settings = settings::load(&conn)?;
        let snapshot_interval = settings::snapshot_interval(&conn)?;
        Ok(Till {
            conn,
            path: path.to_path_buf(),
            terminal,
            settings,
            orders: OrderCache::new(fold::Checkpoints::every(snapshot_interval)),
            clock: Box::new(Utc::now),
            signed_in: None,
            chain_check: chain_check::ChainCheck::default(),
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

    /// The database connection, for what checks a file directly: tests
    /// (the events and tables as stored), the benchmark, tools. The app and
    /// the `pos` tool go through the till's methods and [`Till::reader`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection to change the file directly; the till forgets every
    /// order it holds in memory, as it may no longer be what is stored.
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

    /// A read handle for the read side (`crate::read`): the orders list, the
    /// audit trail, timelines, receipts, the day report. See [`Reader`].
    pub fn reader(&mut self) -> Reader<'_> {
        Reader::new(&self.conn, &mut self.orders, &self.settings, &self.terminal)
    }

    /// Counts, and the chain as checked since the start: the first call
    /// walks the events added since the last whole walk and starts a whole
    /// walk in the background, which later calls answer once it is done
    /// (`chain.from` is 1 then). See `chain_check`.
    pub fn status(&mut self) -> Result<AppStatus> {
        let chain = self.chain_check.report(&self.conn, &self.path)?;
        let count = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(AppStatus {
            db_path: store::display_path(&self.path).display().to_string(),
            schema_version: store::SCHEMA_VERSION,
            events: count("SELECT coalesce(max(position), 0) FROM events")?,
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

    /// Where the chain ends now: the newest event's position and hash.
    pub fn chain_head(&self) -> Result<ChainHead> {
        Ok(store::chain_head(&self.conn)?)
    }

    /// Checks that the chain still passes through `head` (written down
    /// earlier, e.g. from a printed day report) and verifies as a whole.
    pub fn verify_through(&self, head: &HeadRef) -> Result<HeadReport> {
        Ok(store::verify_through(&self.conn, head)?)
    }

    /// Rewrites the order summaries, the audit log and the back office's
    /// tables (catalog, staff, shop settings) from the events; the number
    /// of events read.
    pub fn rebuild_projections(&mut self) -> Result<u64> {
        Ok(projections::rebuild(self.conn_mut())?)
    }

}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod anchor_tests;
