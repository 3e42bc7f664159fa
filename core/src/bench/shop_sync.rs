//! `pos bench sync`: tills pushing their days to a real shop server
//! (`pos-server`, run as its own process) on PostgreSQL. Reports figures;
//! asserts nothing.
//!
//! Each till is a file of its own holding `orders` orders of the till-day
//! workload (docs/WORKLOAD.md), made before anything is timed. Then:
//! - catch-up: the first till, offline all day, pushes its whole day alone;
//! - throughput: the other tills push their days at once, each on its own
//!   thread and connection; events stored per second of wall time;
//! - audit: another shop filled with `audit_events` events across
//!   `audit_tills` tills, and a manager's first page of its audit trail,
//!   timed over HTTP (`audit_fill.rs`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use serde::Serialize;

use super::audit_fill::{audit_bench, AuditFigures};
use super::cluster::Cluster;
use super::{ensure_catalog, run_orders, SEED};
use crate::demo::{CASHIER_CODE, CASHIER_PIN, MANAGER_CODE, MANAGER_PIN};
use crate::error::{Error, Result};
use crate::store::{self, OpenMode};
use crate::sync::{self as shop, ShopServer};
use crate::till::{Till, TillOptions};

/// Most tills one run makes (each is a whole day of events on disk).
pub const SYNC_BENCH_TILLS_MAX: usize = 64;
/// Events the audit figures' shop holds by default, and across how many tills.
pub const AUDIT_BENCH_EVENTS: usize = 1_000_000;
pub const AUDIT_BENCH_TILLS: usize = 10;

pub struct SyncBenchOptions {
    pub tills: usize,
    pub orders: usize,
    /// libpq settings of an existing database; else a throwaway cluster.
    pub database: Option<String>,
    /// Events the audit shop is filled with (0: no audit figures).
    pub audit_events: usize,
    /// Tills they are spread across.
    pub audit_tills: usize,
}

#[derive(Debug, Serialize)]
pub struct SyncBenchReport {
    pub tills: usize,
    pub orders_per_till: usize,
    /// "throwaway" or "given".
    pub database: &'static str,
    pub catch_up_events: i64,
    pub catch_up_ms: f64,
    pub concurrent_tills: usize,
    pub concurrent_events: i64,
    pub concurrent_ms: f64,
    /// Events stored at the server per second while the other tills pushed at once.
    pub events_per_s: f64,
    /// How the audit shop was filled.
    #[serde(rename = "auditFill")]
    pub audit_fill: &'static str,
    #[serde(rename = "auditEvents")]
    pub audit_events: usize,
    #[serde(rename = "auditTills")]
    pub audit_tills: usize,
    #[serde(rename = "auditFillMs")]
    pub audit_fill_ms: f64,
    /// Entries on the first page (the page's default size, or fewer).
    #[serde(rename = "auditFirstPageEntries")]
    pub audit_first_page_entries: usize,
    #[serde(rename = "auditRequests")]
    pub audit_requests: usize,
    /// The first audit page over HTTP, a signed-in manager's: median and 99th percentile.
    #[serde(rename = "auditFirstPageP50Ms")]
    pub audit_first_page_p50_ms: f64,
    #[serde(rename = "auditFirstPageP99Ms")]
    pub audit_first_page_p99_ms: f64,
}

/// How `audit_fill.rs` fills the audit shop, as the report says.
const AUDIT_FILL: &str = "COPY of rows the core made (the first till's day, orders renumbered each pass), marked as a push marks them";

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Bench(format!("{what}: {e}"))
}

/// `pos-server`: `POS_SERVER_BIN`, else beside this program, else on PATH.
fn server_program() -> PathBuf {
    if let Some(p) = std::env::var_os("POS_SERVER_BIN") {
        return PathBuf::from(p);
    }
    // Beside this program; for a test, one folder up from `deps/`.
    let exe = std::env::current_exe().ok();
    let beside = exe.as_ref().map(|exe| exe.with_file_name("pos-server"));
    let above = exe.as_ref().and_then(|exe| exe.parent()?.parent().map(|dir| dir.join("pos-server")));
    [beside, above].into_iter().flatten().find(|p| p.is_file()).unwrap_or_else(|| PathBuf::from("pos-server"))
}

/// A `pos-server` process on a free local port, killed when dropped.
struct ServerProcess {
    child: Child,
    url: String,
}

impl ServerProcess {
    fn start(settings: &str) -> Result<ServerProcess> {
        let program = server_program();
        let mut child = Command::new(&program)
            .args(["--db", settings, "serve", "--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| failed(&format!("cannot start {} (cargo build --release -p pos-server)", program.display()), e))?;
        let mut line = String::new();
        let read = child.stdout.take().map(|out| BufReader::new(out).read_line(&mut line));
        let url = line.trim().strip_prefix("listening on ").map(str::to_string);
        match (read, url) {
            (Some(Ok(_)), Some(url)) => Ok(ServerProcess { child, url }),
            _ => {
                let _ = child.kill();
                Err(Error::Bench(format!("{} did not start listening: {line:?}", program.display())))
            }
        }
    }

    /// A one-time enrolment code for `till` of `shop`, from `pos-server enrol-code`.
    fn code(settings: &str, shop: &str, till: &str) -> Result<String> {
        let out = Command::new(server_program())
            .args(["--db", settings, "enrol-code", "--shop", shop, "--till", till])
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| failed("pos-server enrol-code", e))?;
        let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || code.is_empty() {
            return Err(failed("pos-server enrol-code", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(code)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Till `id` on a new file at `path` with `orders` orders of the workload.
fn make_till(path: &Path, id: &str, orders: usize) -> Result<i64> {
    let options = TillOptions { seed_demo: true, terminal: Some(id.into()), sync: store::Sync::Normal, ..TillOptions::default() };
    let mut till = Till::open_with(path, options)?;
    ensure_catalog(&till)?;
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN)?.id;
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN)?;
    let mut rng = rand::SeedableRng::seed_from_u64(SEED);
    run_orders(&mut till, cashier, manager, 1..=orders, &mut rng, |_, _, _| {})?;
    Ok(store::chain_head(till.conn())?.position)
}

/// Pushes the whole file at `path` as till `id`; the events stored.
fn push_file(path: &Path, id: &str, url: &str, token: &str) -> Result<i64> {
    let conn = store::open(path, OpenMode::MustExist, store::Sync::Normal)?;
    let report = shop::push_from(&conn, id, &ShopServer::new(url, token)).map_err(|e| failed(&format!("till {id}'s push"), e))?;
    if report.waiting != 0 {
        return Err(Error::Bench(format!("till {id}'s push ended with {} events waiting", report.waiting)));
    }
    Ok(report.pushed)
}

pub(super) fn ms_since(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 1e4).round() / 10.0
}

pub fn sync_bench(o: &SyncBenchOptions) -> Result<SyncBenchReport> {
    if o.tills == 0 || o.tills > SYNC_BENCH_TILLS_MAX || o.orders == 0 || o.audit_tills == 0 {
        return Err(Error::BadArguments {
            message: format!("--tills must be 1 to {SYNC_BENCH_TILLS_MAX}, and --orders and --audit-tills at least 1"),
        });
    }
    let cluster = match &o.database {
        Some(_) => None,
        None => Some(Cluster::start()?),
    };
    let settings = o.database.clone().or_else(|| cluster.as_ref().map(Cluster::settings)).expect("a database either way");
    let server = ServerProcess::start(&settings)?;
    let shop_id = format!("bench-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let dir = tempfile::tempdir().map_err(|e| failed("a temporary directory", e))?;
    let mut tills = Vec::new();
    for n in 1..=o.tills {
        let id = format!("T{n}");
        let path = dir.path().join(format!("{id}.db"));
        make_till(&path, &id, o.orders)?;
        let token = shop::enrol(&server.url, &shop_id, &id, &ServerProcess::code(&settings, &shop_id, &id)?)
            .map_err(|e| failed(&format!("enrolling {id}"), e))?;
        tills.push((path, id, token));
    }
    let (first, others) = tills.split_first().expect("at least one till");
    let t = Instant::now();
    let catch_up_events = push_file(&first.0, &first.1, &server.url, &first.2)?;
    let catch_up_ms = ms_since(t);
    let t = Instant::now();
    let pushes: Vec<_> = others
        .iter()
        .map(|(path, id, token)| {
            let (path, id, token, url) = (path.clone(), id.clone(), token.clone(), server.url.clone());
            std::thread::spawn(move || push_file(&path, &id, &url, &token))
        })
        .collect();
    let mut concurrent_events = 0;
    for push in pushes {
        concurrent_events += push.join().map_err(|_| Error::Bench("a push thread panicked".into()))??;
    }
    let concurrent_ms = ms_since(t);
    let (events, ms) = if others.is_empty() { (catch_up_events, catch_up_ms) } else { (concurrent_events, concurrent_ms) };
    let audit = match o.audit_events {
        0 => AuditFigures { fill_ms: 0.0, first_page_entries: 0, requests: 0, p50_ms: 0.0, p99_ms: 0.0 },
        n => audit_bench(&server.url, &settings, &server_program(), &first.0, n, o.audit_tills)?,
    };
    Ok(SyncBenchReport {
        tills: o.tills,
        orders_per_till: o.orders,
        database: if cluster.is_some() { "throwaway" } else { "given" },
        catch_up_events,
        catch_up_ms,
        concurrent_tills: others.len(),
        concurrent_events,
        concurrent_ms,
        events_per_s: (events as f64 * 1000.0 / ms.max(0.001)).round(),
        audit_fill: AUDIT_FILL,
        audit_events: o.audit_events,
        audit_tills: o.audit_tills,
        audit_fill_ms: audit.fill_ms,
        audit_first_page_entries: audit.first_page_entries,
        audit_requests: audit.requests,
        audit_first_page_p50_ms: audit.p50_ms,
        audit_first_page_p99_ms: audit.p99_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::audit_fill::AUDIT_REQUESTS;

    #[test]
    fn the_sync_bench_runs_small_and_times_the_first_audit_page() {
        if !server_program().is_file() || super::super::cluster::binaries().is_err() {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "\n*** SKIPPED: needs pos-server built (cargo build -p pos-server) and PostgreSQL's initdb. ***\n");
            return;
        }
        let options = SyncBenchOptions { tills: 2, orders: 20, database: None, audit_events: 3_000, audit_tills: 3 };
        let report = sync_bench(&options).unwrap();
        assert!(report.catch_up_events > 0 && report.concurrent_events > 0, "{report:?}");
        assert_eq!((report.audit_events, report.audit_requests), (3_000, AUDIT_REQUESTS));
        // (the till's catalog comes first in its day, so this small fill holds a page or less)
        assert!((1..=50).contains(&report.audit_first_page_entries), "{report:?}");
        assert!(report.audit_first_page_p50_ms > 0.0 && report.audit_first_page_p99_ms >= report.audit_first_page_p50_ms, "{report:?}");
    }
}
