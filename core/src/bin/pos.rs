//! `pos`: the till's command-line tool. Every subcommand takes `--db PATH`
//! and refuses a missing or foreign file with a clear message.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use pos_core::bench::{self, TillDayOptions};
use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter};
use pos_core::store::{HeadFinding, OpenMode, Sync};
use pos_core::problem::Problem;
use pos_core::{Error, Till, TillOptions};

#[derive(Parser)]
#[command(name = "pos", version, about = "The till's command-line tool")]
struct Cli {
    /// The database (default: $POS_DB, else the app's database in the user's data directory).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

/// A side of the two-tills race on one order.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RaceSide {
    /// A cashier scanning: adds an item again and again until the order is refused.
    Add,
    /// A manager voiding the order, stating the version seen; on a conflict,
    /// looks again and retries.
    Void,
}

#[derive(Clone, Copy, ValueEnum)]
enum SyncArg {
    Full,
    Normal,
}

#[derive(Subcommand)]
enum Cmd {
    /// Walk the event hash chain; name the first broken event. Prints the chain head.
    Verify {
        /// A head written down earlier, POSITION:HASH (e.g. 4711:3f9a0c12be55, from a
        /// printed day report; at least 12 hex digits): the chain must still pass through
        /// it. A rewrite with recomputed hashes or deleted events is named.
        #[arg(long)]
        head: Option<String>,
    },
    /// Recreate order summaries, the audit log and the catalog, staff and settings tables from the events.
    RebuildProjections,
    /// Show an order now, at a version, or as of a time.
    Order {
        number: i64,
        #[arg(long, conflicts_with = "as_of")]
        at: Option<u32>,
        /// An RFC 3339 instant, e.g. 2026-11-23T10:15:00Z.
        #[arg(long)]
        as_of: Option<DateTime<Utc>>,
        /// Print the order as JSON instead of a receipt.
        #[arg(long)]
        json: bool,
    },
    /// List the audit trail (voids, line voids, discounts, removals, quantity decreases, PIN lockouts,
    /// back-office changes): every matching entry, newest first, however many.
    Audit {
        /// orderVoid, lineVoid, discount, discountRemoval, quantityDecrease or pinLockout (repeatable).
        #[arg(long = "kind")]
        kinds: Vec<String>,
        /// Staff code of the cashier or the authorising manager.
        #[arg(long)]
        staff: Option<String>,
        #[arg(long)]
        from: Option<DateTime<Utc>>,
        #[arg(long)]
        to: Option<DateTime<Utc>>,
        #[arg(long)]
        min_amount: Option<String>,
        /// CSV on standard output: every entry, then a total line per kind and for all,
        /// and the chain head (POSITION:HASH) when it was read.
        #[arg(long)]
        csv: bool,
    },
    /// Import products from a CSV file (sku,barcode,name,price,tax_rate[,favourite]); all rows or none.
    ImportCatalog { file: PathBuf },
    /// Copy the database consistently while tills keep working (SQLite online backup).
    Backup { file: PathBuf },
    /// Runs the till-day workload on a database, printing `ack COMMAND-ID ORDER VERSION`
    /// after each committed command (for the crash and two-till tests).
    #[command(hide = true)]
    Drive {
        #[arg(long, default_value_t = 1_000_000)]
        orders: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value = "T1")]
        terminal: String,
    },
    /// One side of two tills acting on the same orders at once (for the
    /// two-till test). Reads `ORDER DELAY_MS` lines from standard input; the
    /// void side waits DELAY_MS before voiding. Prints, per command,
    /// `ok ORDER COMMAND-ID VERSION`, `conflict ORDER COMMAND-ID` or
    /// `refused ORDER COMMAND-ID CODE MESSAGE`, then `done ORDER`.
    #[command(hide = true)]
    Race {
        #[arg(long, value_enum)]
        side: RaceSide,
        #[arg(long, default_value = "T1")]
        terminal: String,
        /// An existing product to add.
        #[arg(long, default_value = "SKU-0001")]
        code: String,
    },
    /// Serve the till's API over HTTP on 127.0.0.1 until standard input closes
    /// (the UI's tests use it). Prints `listening on http://127.0.0.1:PORT` first.
    Serve {
        /// Fresh tills on temporary databases, made on request (`POST /tills`),
        /// instead of the one database.
        #[arg(long)]
        scratch: bool,
        /// 0 picks a free port.
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Push this till's events the shop server does not hold yet (`pos-server`), once.
    /// With --enrol, trade a one-time enrolment code for this till's token, print it and
    /// keep it in the till's file: the app then pushes in the background, and a plain
    /// `pos sync` pushes there.
    Sync {
        /// The shop server, e.g. http://192.168.1.10:8470 (default: where the till is enrolled).
        #[arg(long)]
        server: Option<String>,
        /// This till's token (default: the one kept at enrolment).
        #[arg(long, env = "POS_SYNC_TOKEN")]
        token: Option<String>,
        /// A one-time code from `pos-server enrol-code` (with --server and --shop).
        #[arg(long, requires_all = ["shop", "server"])]
        enrol: Option<String>,
        /// The shop's id on the server (with --enrol).
        #[arg(long)]
        shop: Option<String>,
        /// For an https server whose certificate the shop made itself: its certificate
        /// authority's PEM file, trusted instead of the public ones (kept at enrolment).
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
    },
    /// Benchmarks (figures as one JSON line; nothing is asserted).
    Bench {
        #[command(subcommand)]
        which: BenchCmd,
    },
}

#[derive(Subcommand)]
enum BenchCmd {
    /// The till-day workload of docs/WORKLOAD.md.
    TillDay {
        #[arg(long, default_value_t = bench::DAY_ORDERS)]
        orders: usize,
        #[arg(long, value_enum, default_value_t = SyncArg::Full)]
        sync: SyncArg,
        /// Skip the 10,000-event order.
        #[arg(long)]
        no_long_stream: bool,
        /// Skip timing the minimal rusqlite loop for comparison.
        #[arg(long)]
        no_baseline: bool,
    },
    /// Tills pushing their days to a shop server (pos-server) on PostgreSQL:
    /// one till's catch-up alone, then the others at once.
    Sync {
        #[arg(long, default_value_t = 4)]
        tills: usize,
        #[arg(long, default_value_t = bench::DAY_ORDERS)]
        orders: usize,
        /// libpq settings of a PostgreSQL database to use, e.g.
        /// "host=/run/postgresql user=pos dbname=bench"; without it a
        /// throwaway local cluster is started and removed afterwards.
        #[arg(long)]
        database: Option<String>,
        /// Events another shop is filled with for the audit figures (0: none).
        #[arg(long, default_value_t = bench::AUDIT_BENCH_EVENTS)]
        audit_events: usize,
        /// Tills those events are spread across.
        #[arg(long, default_value_t = bench::AUDIT_BENCH_TILLS)]
        audit_tills: usize,
    },
}

/// Where the desktop app keeps its database by default.
fn default_db() -> PathBuf {
    if let Some(p) = std::env::var_os("POS_DB") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join(pos_core::APP_IDENTIFIER).join("pos.db")
}

fn open_existing(db: &Option<PathBuf>) -> Result<Till, Error> {
    let path = db.clone().unwrap_or_else(default_db);
    Till::open_with(&path, TillOptions { mode: OpenMode::MustExist, seed_demo: false, ..TillOptions::default() })
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Cmd::Serve { scratch, port } => {
            let serving = if scratch {
                pos_core::serve::Serving::Scratch
            } else {
                pos_core::serve::Serving::Database(cli.db.clone().unwrap_or_else(default_db))
            };
            pos_core::serve::serve(serving, port)?;
        }
        Cmd::Verify { head } => verify(&cli.db, head.as_deref())?,
        Cmd::RebuildProjections => {
            let mut till = open_existing(&cli.db)?;
            let n = till.rebuild_projections()?;
            println!("rebuilt order summaries, audit log, catalog, staff and settings from {n} events");
        }
        Cmd::Order { number, at, as_of, json } => show_order(&cli.db, number, at, as_of, json)?,
        Cmd::Audit { kinds, staff, from, to, min_amount, csv } => {
            let filter = AuditFilter { from, to, min_amount, ..AuditFilter::default() };
            audit(&cli.db, &kinds, staff, filter, csv)?
        }
        Cmd::ImportCatalog { file } => {
            let mut till = open_existing(&cli.db)?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Error::Import(format!("Cannot read {}: {e}", file.display())))?;
            let preview = till.preview_catalog_import(&text)?;
            for row in preview.rows.iter().filter(|r| r.error.is_some()) {
                eprintln!("line {}: {}", row.line, row.error.clone().unwrap_or_default());
            }
            let done = till.import_catalog(&text)?;
            println!("imported {} products", done.valid);
        }
        Cmd::Backup { file } => {
            let till = open_existing(&cli.db)?;
            let report = till.backup(&file)?;
            println!("backed up to {}: {report}", file.display());
        }
        // Answered in main, which prints its own outcome.
        Cmd::Sync { .. } => {}
        Cmd::Drive { orders, seed, terminal } => drive(&cli.db, orders, seed, terminal)?,
        Cmd::Race { side, terminal, code } => race(&cli.db, side, terminal, code)?,
        Cmd::Bench { which: BenchCmd::TillDay { orders, sync, no_long_stream, no_baseline } } => {
            let report = bench::till_day(&TillDayOptions {
                orders: orders.max(1),
                sync: match sync {
                    SyncArg::Full => Sync::Full,
                    SyncArg::Normal => Sync::Normal,
                },
                db: cli.db.clone(),
                long_stream: !no_long_stream,
                baseline: !no_baseline,
            })?;
            let line = serde_json::to_string(&report).map_err(|e| Error::Write { path: "stdout".into(), message: e.to_string() })?;
            println!("{line}");
        }
        Cmd::Bench { which: BenchCmd::Sync { tills, orders, database, audit_events, audit_tills } } => {
            let report = bench::sync_bench(&bench::SyncBenchOptions { tills, orders, database, audit_events, audit_tills })?;
            let line = serde_json::to_string(&report).map_err(|e| Error::Write { path: "stdout".into(), message: e.to_string() })?;
            println!("{line}");
        }
    }
    Ok(())
}

/// `pos order`: an order now, at a version or as of an instant, as a
/// receipt or as JSON.
fn show_order(db: &Option<PathBuf>, number: i64, at: Option<u32>, as_of: Option<DateTime<Utc>>, json: bool) -> Result<(), Error> {
    let mut till = open_existing(db)?;
    let version = match (at, as_of) {
        (Some(v), _) => v,
        (None, Some(t)) => till.version_at(number, t)?,
        (None, None) => till.load(number)?.version,
    };
    let state = till.state_at(number, version)?;
    if state.version == 0 {
        return Err(pos_core::domain::OrderError::OrderNotFound(number).into());
    }
    if json {
        let text = serde_json::to_string_pretty(&state.view()).map_err(|e| Error::Write { path: "stdout".into(), message: e.to_string() })?;
        println!("{text}");
    } else {
        let mut receipt = read::receipt(&mut till.reader(), number)?;
        receipt.order = state.view();
        println!("Order {number} at version {version} ({})", state.status.as_str());
        print!("{}", read::receipt_text(&receipt));
    }
    Ok(())
}

/// `pos audit`: the audit trail, filtered by kinds (as typed), a staff
/// member's code and `filter`'s other fields, as lines or CSV.
fn audit(db: &Option<PathBuf>, kinds: &[String], code: Option<String>, filter: AuditFilter, csv: bool) -> Result<(), Error> {
    let mut till = open_existing(db)?;
    let kinds = kinds
        .iter()
        .map(|k| {
            AuditKind::parse(k).ok_or_else(|| Error::Invalid {
                field: "--kind",
                problem: Problem::Said(format!(
                    "\"{k}\" is not one of {}",
                    AuditKind::ALL.map(AuditKind::as_str).join(", ")
                )),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let staff_id = match code {
        Some(c) => Some(till.staff_by_code(&c)?.ok_or(Error::NotFound { what: "Staff code", key: c })?.id),
        None => None,
    };
    let filter = AuditFilter { kinds, staff: staff_id, limit: None, offset: None, ..filter };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if csv {
        read::audit_export(&till.reader(), &filter, &mut out, "stdout")?;
        return Ok(());
    }
    let written = |e: std::io::Error| Error::Write { path: "stdout".into(), message: e.to_string() };
    let mut entries = 0u64;
    let settings = till.settings().clone();
    let (zone, terminal) = (settings.zone(), till.terminal().to_string());
    read::audit_each(&till.reader(), &filter, |e| {
        entries += 1;
        // A PIN lockout belongs to no order.
        let or_dash = |n: Option<String>| n.unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{}  order {:<8} v{:<4} {:<16} {:>10}  {} / {}  {}",
            pos_core::language::Language::En.stamp_seconds(zone, e.at),
            or_dash(e.order_id.map(|o| pos_core::domain::sale_reference(&terminal, o))),
            or_dash(e.version.map(|v| v.to_string())),
            e.kind.as_str(),
            settings.format(e.amount),
            e.actor_name,
            e.authorised_by_name.clone().unwrap_or_else(|| "-".into()),
            e.detail
        )
        .map_err(written)
    })?;
    writeln!(out, "{entries} entries").and_then(|()| out.flush()).map_err(written)
}

/// `pos verify`: the whole chain, or (`--head`) the chain through a head
/// written down earlier. Non-zero exit when either fails.
fn verify(db: &Option<PathBuf>, head: Option<&str>) -> Result<(), Error> {
    let till = open_existing(db)?;
    let Some(head) = head else {
        let report = till.verify()?;
        println!("{report}");
        println!("chain head {}", till.chain_head()?.full());
        if !report.intact {
            return Err(Error::Invalid { field: "verify", problem: Problem::Said("the event chain is broken".into()) });
        }
        return Ok(());
    };
    let report = till.verify_through(&pos_core::store::HeadRef::parse(head)?)?;
    println!("{report}");
    println!("chain head now {}", report.now.full());
    if !report.intact {
        let problem = match report.finding {
            HeadFinding::Truncated => format!("events were deleted after {}", report.head),
            HeadFinding::Rewritten => format!("the chain was rewritten at or before {}", report.head),
            HeadFinding::ChainBroken | HeadFinding::Passes => "the event chain is broken".into(),
        };
        return Err(Error::Invalid { field: "verify --head", problem: Problem::Said(problem) });
    }
    Ok(())
}

/// `pos drive`: the till-day workload, acknowledging each committed command.
fn drive(db: &Option<PathBuf>, orders: usize, seed: u64, terminal: String) -> Result<(), Error> {
    use rand::SeedableRng;
    use std::io::Write;
    let path = db.clone().unwrap_or_else(default_db);
    let mut till = Till::open_with(&path, TillOptions { terminal: Some(terminal), ..TillOptions::default() })?;
    bench::ensure_catalog(&till)?;
    let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN)?.id;
    let manager = till.approve(pos_core::demo::MANAGER_CODE, pos_core::demo::MANAGER_PIN)?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let stdout = std::io::stdout();
    bench::run_orders(&mut till, cashier, manager, 1..=orders, &mut rng, |meta, out, _| {
        let mut lock = stdout.lock();
        let _ = writeln!(lock, "ack {} {} {}", meta.command_id, out.order.id, out.order.version);
        let _ = lock.flush();
    })?;
    Ok(())
}

fn race(db: &Option<PathBuf>, side: RaceSide, terminal: String, code: String) -> Result<(), Error> {
    use pos_core::domain::OrderId;
    use pos_core::{CommandMeta, OrderRequest};
    use std::io::{BufRead, Write};
    /// Bounds a round, should the other side never come.
    const ATTEMPTS_MAX: usize = 100_000;
    let path = db.clone().unwrap_or_else(default_db);
    let mut till = Till::open_with(&path, TillOptions { mode: OpenMode::MustExist, seed_demo: false, terminal: Some(terminal), ..TillOptions::default() })?;
    let (actor, approval) = match side {
        RaceSide::Add => (till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN)?.id, None),
        RaceSide::Void => {
            let manager = till.sign_in(pos_core::demo::MANAGER_CODE, pos_core::demo::MANAGER_PIN)?.id;
            (manager, Some(till.approve(pos_core::demo::MANAGER_CODE, pos_core::demo::MANAGER_PIN)?))
        }
    };
    let out = std::io::stdout();
    let say = |line: String| {
        let mut lock = out.lock();
        let _ = writeln!(lock, "{line}");
        let _ = lock.flush();
    };
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| Error::Invalid { field: "stdin", problem: Problem::Said(e.to_string()) })?;
        let mut words = line.split_whitespace();
        let (Some(Ok(order)), Some(Ok(delay))) = (words.next().map(str::parse::<OrderId>), words.next().map(str::parse::<u64>)) else {
            return Err(Error::Invalid { field: "stdin", problem: Problem::Said(format!("expected ORDER DELAY_MS, got {line:?}")) });
        };
        if side == RaceSide::Void {
            std::thread::sleep(std::time::Duration::from_millis(delay));
        }
        for _ in 0..ATTEMPTS_MAX {
            let mut meta = CommandMeta { approval, ..CommandMeta::new(actor) };
            let request = match side {
                RaceSide::Add => OrderRequest::AddItem { code: code.clone(), quantity: 1 },
                RaceSide::Void => {
                    meta.expected_version = Some(till.load(order)?.version);
                    OrderRequest::VoidOrder { reason: "Customer left".into() }
                }
            };
            match till.execute(order, request, &meta) {
                Ok(done) => {
                    say(format!("ok {order} {} {}", meta.command_id, done.order.version));
                    if side == RaceSide::Void {
                        break;
                    }
                }
                Err(e) if e.code() == "conflict" => say(format!("conflict {order} {}", meta.command_id)),
                Err(e) => {
                    say(format!("refused {order} {} {} {e}", meta.command_id, e.code()));
                    break;
                }
            }
        }
        say(format!("done {order}"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Cmd::Sync { server, token, enrol, shop, ca } = &cli.command {
        let target = SyncTarget { server: server.as_deref(), token: token.as_deref(), ca: ca.as_deref() };
        return sync(&cli.db, target, enrol.as_deref().zip(shop.as_deref()));
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            ExitCode::FAILURE
        }
    }
}

/// Where `pos sync` was told to push, each part defaulting to the enrolment.
struct SyncTarget<'a> {
    server: Option<&'a str>,
    token: Option<&'a str>,
    ca: Option<&'a Path>,
}

/// The CA file's text, checked to hold a certificate.
fn read_ca(path: &Path) -> Result<String, pos_core::sync::SyncError> {
    let pem = std::fs::read_to_string(path)
        .map_err(|e| pos_core::sync::SyncError::BadCa { detail: format!("{} cannot be read: {e}", path.display()) })?;
    match pos_core::sync::ca_certificates(&pem) {
        Ok(_) => Ok(pem),
        Err(pos_core::sync::SyncError::BadCa { detail }) => {
            Err(pos_core::sync::SyncError::BadCa { detail: format!("{} {detail}", path.display()) })
        }
        Err(e) => Err(e),
    }
}

/// `pos sync`: enrol (printing and keeping the token), or push what is
/// pending once and copy the other tills' events (the whole shop's views).
fn sync(db: &Option<PathBuf>, target: SyncTarget, enrol: Option<(&str, &str)>) -> ExitCode {
    use pos_core::sync::{self, ShopServer};
    let opened = open_existing(db).and_then(|till| Ok((till.sync_setup()?, till)));
    let (kept, till) = match opened {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            return ExitCode::FAILURE;
        }
    };
    let server = target.server.or(kept.as_ref().map(|k| k.server.as_str()));
    let token = target.token.or(kept.as_ref().map(|k| k.token.as_str()));
    let ca = match target.ca.map(read_ca).transpose() {
        Ok(given) => given.or(kept.as_ref().and_then(|k| k.ca.clone())),
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            return ExitCode::FAILURE;
        }
    };
    let reach = |server: &str, token: &str| match &ca {
        Some(pem) => ShopServer::new(server, token).trusting(pem),
        None => Ok(ShopServer::new(server, token)),
    };
    let done = match (enrol, server, token) {
        (Some((code, shop)), Some(server), _) => reach(server, "").and_then(|s| sync::enrol_with(&s, shop, till.terminal(), code)).and_then(|token| {
            let setup = sync::SyncSetup { server: server.to_string(), shop: shop.to_string(), token: token.clone(), ca: ca.clone() };
            till.set_sync_setup(&setup).map_err(|e| sync::SyncError::Kept(e.to_string()))?;
            Ok(format!("enrolled till {} of shop {shop} with {server}; kept in the till's file (the app pushes in the background). Its token:\n{token}", till.terminal()))
        }),
        (None, Some(server), Some(token)) => reach(server, token).and_then(|server| {
            let report = sync::push_pending(&till, &server)?;
            let through = sync::ShopCopies::beside(till.path(), till.terminal()).pull(&server)?;
            Ok(format!("{report}; the other tills copied through shop position {through}"))
        }),
        _ => Ok("nothing to do: this till is not enrolled (give --enrol CODE --shop ID --server URL, or --server and --token)".to_string()),
    };
    match done {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e} [{}]", e.code());
            ExitCode::FAILURE
        }
    }
}
