//! `pos bench till-day`: the workload of docs/WORKLOAD.md, run
//! through the same command path the app uses (validation, hashing,
//! projections, idempotency). Reports figures; asserts nothing.

use std::path::PathBuf;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;
use serde::Serialize;

use crate::catalog::{self, ProductInput};
use crate::demo::{CASHIER_CODE, CASHIER_PIN, MANAGER_CODE, MANAGER_PIN};
use crate::domain::{evolve, DiscountKind, DiscountScope, Order, OrderId};
use crate::error::Result;
use crate::store::{self, OpenMode, Sync};
use crate::till::{load_from_store, CommandMeta, Till, TillOptions};
use crate::{OrderRequest, Error};

mod audit_fill;
mod cluster;
mod shop_sync;
pub use shop_sync::{sync_bench, SyncBenchOptions, SyncBenchReport, AUDIT_BENCH_EVENTS, AUDIT_BENCH_TILLS, SYNC_BENCH_TILLS_MAX};

pub const CATALOG_SIZE: usize = 500;
pub const SEED: u64 = 42;
/// Orders in one till-day (docs/WORKLOAD.md): the default of `--orders`.
pub const DAY_ORDERS: usize = 2_000;
pub const LONG_STREAM_ITEMS: usize = 10_000;
const SAMPLES: usize = 2_000;
/// Passes over every event for `replay_events_per_s`.
const REPLAY_PASSES: usize = 5;
/// Orders per round of the day (see `till_day`).
const ROUND_ORDERS: usize = 100;

#[derive(Debug, Clone)]
pub struct TillDayOptions {
    pub orders: usize,
    pub sync: Sync,
    /// Keep the database here; otherwise a temporary file is used and removed.
    pub db: Option<PathBuf>,
    /// Also build and measure the 10,000-event order.
    pub long_stream: bool,
    /// Also time the minimal hand-written rusqlite loop for comparison.
    pub baseline: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TillDayReport {
    pub workload: &'static str,
    pub orders: usize,
    pub sync: &'static str,
    pub commands: usize,
    pub events: i64,
    pub commands_per_s: f64,
    pub cmd_p50_us: f64,
    pub cmd_p99_us: f64,
    /// Current state of a random order, cold: newest snapshot plus events, from SQLite.
    pub load_p50_us: f64,
    /// State of a random order at a random version, cold, from SQLite.
    pub asof_p50_us: f64,
    /// 10,000-event order, random versions, through the till's in-memory
    /// snapshot cache (what the timeline scrubber uses).
    pub long_stream_asof_us: Option<f64>,
    /// The same, cold each time: newest stored snapshot at or below the version plus events, from SQLite.
    pub long_stream_asof_cold_us: Option<f64>,
    /// Rebuild an order-totals read model from all events (read, decode, fold, total); median of 5 passes.
    pub replay_events_per_s: f64,
    /// `rebuild-projections`: the real tables (summaries and audit log) rewritten from all events.
    pub rebuild_projections_events_per_s: f64,
    /// Database file size (after a WAL checkpoint) per event, before the long order is added.
    pub db_bytes_per_event: f64,
    /// The minimal loop (read the stream, append one row, one transaction per command), same durability.
    pub baseline_commands_per_s: Option<f64>,
    pub pin_verifications: u32,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    v
}

fn micros_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e6
}

/// The workload's catalog: SKU-0000..SKU-0499, prices 0.50..99.99, seeded.
pub fn catalog_rows() -> Vec<ProductInput> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    (0..CATALOG_SIZE)
        .map(|i| {
            let cents: u32 = rng.gen_range(50..=9_999);
            ProductInput {
                sku: format!("SKU-{i:04}"),
                barcode: String::new(),
                name: format!("Product {i:04}"),
                price: format!("{}.{:02}", cents / 100, cents % 100),
                tax_rate: if i % 4 == 0 { "5".into() } else { "20".into() },
                favourite: false,
            }
        })
        .collect()
}

struct TempDb {
    path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

fn db_path(db: &Option<PathBuf>) -> Result<TempDb> {
    match db {
        Some(p) => {
            if p.exists() {
                return Err(Error::Invalid { field: "--db", problem: crate::problem::Problem::Said(format!("{} exists; the benchmark needs a new file", p.display())) });
            }
            Ok(TempDb { path: p.clone(), _dir: None })
        }
        None => {
            let dir = tempfile::tempdir().map_err(|e| Error::Write { path: "temporary directory".into(), message: e.to_string() })?;
            Ok(TempDb { path: dir.path().join("bench.db"), _dir: Some(dir) })
        }
    }
}

pub fn till_day(o: &TillDayOptions) -> Result<TillDayReport> {
    let db = db_path(&o.db)?;
    let mut till = Till::open_with(
        &db.path,
        TillOptions { mode: OpenMode::CreateIfMissing, seed_demo: true, sync: o.sync, terminal: None },
    )?;
    ensure_catalog(&till)?;
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN)?.id;
    // One PIN check for the day: the benchmark measures the command path, not Argon2.
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN)?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut latencies = Vec::with_capacity(o.orders * 8);
    let mut baseline = if o.baseline { Some(Baseline::new(o.sync)?) } else { None };
    // The day runs in rounds, each followed by the same number of commands
    // of the minimal loop: a disk or a neighbour that slows down for a while
    // slows both alike, so the ratio of the two stays meaningful.
    let mut day_secs = 0.0;
    let mut ids = Vec::with_capacity(o.orders);
    let mut first = 1;
    while first <= o.orders {
        let last = (first + ROUND_ORDERS - 1).min(o.orders);
        let done = latencies.len();
        let t = Instant::now();
        ids.extend(run_orders(&mut till, cashier, manager, first..=last, &mut rng, |_, _, took| latencies.push(took))?);
        day_secs += t.elapsed().as_secs_f64();
        if let Some(b) = baseline.as_mut() {
            b.run(latencies.len() - done)?;
        }
        first = last + 1;
    }
    let commands = latencies.len();
    let lat = sorted(latencies);

    let conn = till.conn();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let events: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
    let bytes: i64 = conn.query_row("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", [], |r| r.get(0))?;
    let (load, asof) = cold_loads(&till, &ids, &mut rng)?;
    let replay_rates = replay_rates(&till)?;

    let t = Instant::now();
    let rebuilt = till.rebuild_projections()?;
    let rebuild_secs = t.elapsed().as_secs_f64();

    let (long_warm, long_cold) = if o.long_stream { long_stream(&mut till, cashier, &mut rng)? } else { (None, None) };


    Ok(TillDayReport {
        workload: "till-day",
        orders: o.orders,
        sync: match o.sync {
            Sync::Full => "full",
            Sync::Normal => "normal",
        },
        commands,
        events,
        commands_per_s: commands as f64 / day_secs,
        cmd_p50_us: percentile(&lat, 0.50),
        cmd_p99_us: percentile(&lat, 0.99),
        load_p50_us: percentile(&sorted(load), 0.50),
        asof_p50_us: percentile(&sorted(asof), 0.50),
        long_stream_asof_us: long_warm,
        long_stream_asof_cold_us: long_cold,
        replay_events_per_s: percentile(&sorted(replay_rates), 0.5),
        rebuild_projections_events_per_s: rebuilt as f64 / rebuild_secs,
        db_bytes_per_event: bytes as f64 / events.max(1) as f64,
        baseline_commands_per_s: baseline.map(|b| b.commands_per_s()),
        pin_verifications: 2,
    })
}

/// Current state and state at a random version of random orders, cold
/// (straight from SQLite): each one's time in µs.
fn cold_loads(till: &Till, ids: &[OrderId], rng: &mut ChaCha8Rng) -> Result<(Vec<f64>, Vec<f64>)> {
    let interval = till.snapshot_interval();
    let mut load = Vec::with_capacity(SAMPLES);
    let mut asof = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES.min(ids.len() * 4).max(1) {
        let id = ids[rng.gen_range(0..ids.len())];
        let t = Instant::now();
        let v = store::stream_version(till.conn(), id)?;
        let s = load_from_store(till.conn(), id, v, interval)?;
        load.push(micros_since(t));
        let at = rng.gen_range(1..=s.version);
        let t = Instant::now();
        let s = load_from_store(till.conn(), id, at, interval)?;
        asof.push(micros_since(t));
        debug_assert_eq!(s.version, at);
    }
    Ok((load, asof))
}

/// Replay: an order-totals read model from every event, in events per
/// second, for each of a few passes (the report takes the median, so one
/// pass disturbed by a neighbour does not decide it).
fn replay_rates(till: &Till) -> Result<Vec<f64>> {
    let mut rates = Vec::with_capacity(REPLAY_PASSES);
    for _ in 0..REPLAY_PASSES {
        let t = Instant::now();
        let mut states: std::collections::HashMap<OrderId, Order> = std::collections::HashMap::new();
        let replayed = store::replay(till.conn(), |stream, event| {
            let s = states.entry(stream).or_default();
            *s = evolve(std::mem::take(s), &event);
        })?;
        let totals: rust_decimal::Decimal = states.values().map(|s| s.totals().total).sum();
        // The read model is built once its totals are; freeing it is not part of that.
        rates.push(replayed as f64 / t.elapsed().as_secs_f64());
        drop(states);
        debug_assert!(totals >= rust_decimal::Decimal::ZERO);
    }
    Ok(rates)
}

/// Runs orders number `orders` of the till-day workload (the number decides
/// which get a discount, a removed line or a void), calling `each` after
/// every committed command with its meta, outcome and latency in µs.
pub fn run_orders(
    till: &mut Till,
    cashier: i64,
    manager: crate::Approval,
    orders: std::ops::RangeInclusive<usize>,
    rng: &mut ChaCha8Rng,
    mut each: impl FnMut(&CommandMeta, &crate::Outcome, f64),
) -> Result<Vec<OrderId>> {
    ensure_shift(till, cashier)?;
    let mut ids = Vec::new();
    let mut run = |till: &mut Till, order: Option<OrderId>, request: Option<OrderRequest>, approved: bool| -> Result<crate::domain::OrderView> {
        let meta = CommandMeta { approval: approved.then_some(manager), ..CommandMeta::new(cashier) };
        let t = Instant::now();
        let out = match (order, request) {
            (Some(id), Some(r)) => till.execute(id, r, &meta)?,
            _ => till.open_order(&meta)?,
        };
        each(&meta, &out, micros_since(t));
        Ok(out.order)
    };
    for n in orders {
        let id = run(till, None, None, false)?.id;
        ids.push(id);
        let mut total = rust_decimal::Decimal::ZERO;
        for _ in 0..5 {
            let sku = format!("SKU-{:04}", rng.gen_range(0..CATALOG_SIZE));
            let quantity = rng.gen_range(1..=3);
            total = run(till, Some(id), Some(OrderRequest::AddItem { code: sku, quantity }), false)?.totals.total;
        }
        if n % 5 == 0 {
            let d = OrderRequest::ApplyDiscount {
                scope: DiscountScope::Order,
                kind: DiscountKind::Percent,
                value: "10".into(),
                reason: "Loyalty".into(),
            };
            total = run(till, Some(id), Some(d), true)?.totals.total;
        }
        if n % 10 == 0 {
            // Approved: the policy may ask a manager for a line worth over its limit.
            let r = OrderRequest::RemoveLine { line: 2, reason: "Customer changed mind".into() };
            total = run(till, Some(id), Some(r), true)?.totals.total;
        }
        let cash = total.ceil().to_string();
        run(till, Some(id), Some(OrderRequest::ConfirmOrder { cash, card: String::new() }), false)?;
        if n % 20 == 0 {
            run(till, Some(id), Some(OrderRequest::VoidOrder { reason: "Refund".into() }), true)?;
        }
    }
    Ok(ids)
}

/// Opens a shift with a float of 100.00 on the till if none is open: the
/// day's sales go into its drawer.
pub fn ensure_shift(till: &mut Till, cashier: i64) -> Result<()> {
    if !till.shift_open()? {
        let float = crate::till::CountRequest { amount: "100.00".into(), denominations: Vec::new() };
        till.open_shift(&float, &CommandMeta::new(cashier))?;
    }
    Ok(())
}

/// A till `id` on a new file at `path`: the demo shop (staff, an open
/// shift), the workload's catalog, and `orders` orders of the till-day mix
/// drawn from `seed`, made by the demo cashier with the demo manager
/// approving. For tests and tools that need a few tills with sales.
pub fn till_with_sales(path: &std::path::Path, id: &str, orders: usize, seed: u64) -> Result<Till> {
    let options = TillOptions { seed_demo: true, terminal: Some(id.into()), ..TillOptions::default() };
    let mut till = Till::open_with(path, options)?;
    ensure_catalog(&till)?;
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN)?.id;
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    run_orders(&mut till, cashier, manager, 1..=orders, &mut rng, |_, _, _| {})?;
    Ok(till)
}

/// Adds the workload's catalog if it is not there yet (one transaction).
pub fn ensure_catalog(till: &Till) -> Result<()> {
    let tx = store::write_tx(till.conn())?;
    // Checked inside the write lock: another till may be adding it right now.
    if catalog::find(&tx, "SKU-0000")?.is_some() {
        return Ok(());
    }
    let meta = till.command_meta();
    for row in catalog_rows() {
        crate::back_office::commands::add_product(&tx, &meta, &row)?;
    }
    tx.commit()?;
    Ok(())
}

/// One order of 10,000 ItemAdded events (SKUs in turn through the catalog),
/// then its state at random versions: warm (in-memory snapshots) and cold.
fn long_stream(till: &mut Till, cashier: i64, rng: &mut ChaCha8Rng) -> Result<(Option<f64>, Option<f64>)> {
    let id = till.open_order(&CommandMeta::new(cashier))?.order.id;
    for i in 0..LONG_STREAM_ITEMS {
        let code = format!("SKU-{:04}", i % CATALOG_SIZE);
        till.execute(id, OrderRequest::AddItem { code, quantity: 1 }, &CommandMeta::new(cashier))?;
    }
    let latest = (LONG_STREAM_ITEMS + 1) as u32;
    till.state_at(id, latest)?; // loads the history once
    let mut warm = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let v = rng.gen_range(1..=latest);
        let t = Instant::now();
        let s = till.state_at(id, v)?;
        warm.push(micros_since(t));
        debug_assert_eq!(s.version, v);
    }
    let interval = till.snapshot_interval();
    let mut cold = Vec::with_capacity(200);
    for _ in 0..200 {
        let v = rng.gen_range(1..=latest);
        let t = Instant::now();
        let s = load_from_store(till.conn(), id, v, interval)?;
        cold.push(micros_since(t));
        debug_assert_eq!(s.version, v);
    }
    Ok((Some(percentile(&sorted(warm), 0.5)), Some(percentile(&sorted(cold), 0.5))))
}

/// The minimal hand-written rusqlite loop the workload compares with: per
/// command, read the stream, append one row, commit; same durability.
struct Baseline {
    conn: rusqlite::Connection,
    commands: usize,
    secs: f64,
    _dir: tempfile::TempDir,
}

impl Baseline {
    fn new(sync: Sync) -> Result<Baseline> {
        let dir = tempfile::tempdir().map_err(|e| Error::Write { path: "temporary directory".into(), message: e.to_string() })?;
        let conn = rusqlite::Connection::open(dir.path().join("baseline.db"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        store::set_sync(&conn, sync)?;
        conn.execute_batch(
            "CREATE TABLE events (position INTEGER PRIMARY KEY, stream INTEGER NOT NULL, version INTEGER NOT NULL,
                                  payload TEXT NOT NULL, UNIQUE (stream, version));",
        )?;
        Ok(Baseline { conn, commands: 0, secs: 0.0, _dir: dir })
    }

    /// Runs `n` more commands, eight to a stream as in an order of the day.
    fn run(&mut self, n: usize) -> Result<()> {
        const PER_ORDER: usize = 8;
        let t = Instant::now();
        for i in self.commands..self.commands + n {
            let stream = (i / PER_ORDER) as i64;
            let tx = self.conn.transaction()?;
            let version: i64 = {
                let mut stmt = tx.prepare_cached("SELECT payload, version FROM events WHERE stream = ?1 ORDER BY version")?;
                let rows = stmt.query_map([stream], |r| r.get::<_, i64>(1))?;
                rows.filter_map(|r| r.ok()).last().unwrap_or(0)
            };
            tx.prepare_cached("INSERT INTO events (stream, version, payload) VALUES (?1, ?2, ?3)")?.execute(params![
                stream,
                version + 1,
                r#"{"line":1,"sku":"SKU-0001","name":"Product 0001","quantity":2,"unitPrice":"12.34","taxRate":"20"}"#
            ])?;
            tx.commit()?;
        }
        self.secs += t.elapsed().as_secs_f64();
        self.commands += n;
        Ok(())
    }

    fn commands_per_s(&self) -> f64 {
        self.commands as f64 / self.secs.max(f64::EPSILON)
    }
}

/// Orders that give the audit trail `entries` rows between them, for tests of
/// a large trail (its export): each order rings up one line and lowers its
/// quantity one at a time, up to [`AUDITED_PER_ORDER`] decreases per order.
/// The events go through the store's own append, hashed and chained, all in
/// one transaction; then the projections are rebuilt from the events, as
/// `pos rebuild-projections` does. Returns the number of orders written.
pub fn audited_orders(till: &mut Till, cashier: i64, entries: usize) -> Result<usize> {
    use crate::domain::{Event, ItemAdded, OrderOpened, QuantityChanged};
    let tx = store::write_tx(till.conn())?;
    let meta = store::Metadata {
        actor: cashier,
        authorised_by: None,
        terminal: till.terminal().to_string(),
        command_id: uuid::Uuid::now_v7(),
        recorded_at: till.now(),
    };
    let mut left = entries;
    let mut orders = 0;
    while left > 0 {
        let decreases = left.min(AUDITED_PER_ORDER) as u32;
        let id = store::next_stream(&tx)?;
        let mut events = vec![
            Event::OrderOpened(OrderOpened { number: id, cashier, terminal: meta.terminal.clone(), opened_at: meta.recorded_at, currency: None }),
            Event::ItemAdded(ItemAdded {
                line: 1,
                sku: "SKU-0001".into(),
                name: "Counted item".into(),
                quantity: decreases + 1,
                unit_price: rust_decimal::Decimal::new(150, 2),
                tax_rate: rust_decimal::Decimal::new(20, 0),
                added_at: Some(meta.recorded_at),
            }),
        ];
        events.extend((0..decreases).map(|k| {
            Event::QuantityChanged(QuantityChanged { line: 1, from: decreases + 1 - k, to: decreases - k, authorised_by: None })
        }));
        store::append(&tx, id, 0, &events, &store::Metadata { command_id: uuid::Uuid::now_v7(), ..meta.clone() })?;
        left -= decreases as usize;
        orders += 1;
    }
    tx.commit()?;
    till.rebuild_projections()?;
    Ok(orders)
}

/// Quantity decreases per order in [`audited_orders`].
pub const AUDITED_PER_ORDER: usize = 200;
