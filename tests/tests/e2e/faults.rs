//! Faults at the level of the whole app: started on a damaged database it
//! refuses with a clear message and leaves the file exactly as it was; the
//! manager's backup writes a copy the core opens and verifies; and a PIN
//! guessed five times is locked and shows in the manager's audit trail.
//!
//! A refused start opens no webview, only a native message box, which
//! WebDriver cannot see: those tests start the app binary themselves and
//! find the box on the X display.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter};
use pos_core::store::{self, OpenMode, Sync};
use pos_core::{bench, Till, TillOptions};
use pos_e2e::{app_binary, db, new_test_dir, App};
use rand_chacha::rand_core::SeedableRng;
use serde_json::json;
use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, MapState, Window};
use x11rb::rust_connection::RustConnection;

use crate::support::*;

/// The title of the message box the app shows when it cannot start.
const STARTUP_FAILURE_TITLE: &str = "pos cannot start";
/// How long the app may take to show it.
const DIALOG_WAIT: Duration = Duration::from_secs(20);

const MANAGER_NAME: &str = "Morgan Manager";

// ── Starting the app by hand on a damaged file ───────────────────────────

/// The app started directly (not through tauri-driver), killed on drop.
struct Bare {
    child: Child,
    log: PathBuf,
}

impl Bare {
    fn start(dir: &Path, db: &Path) -> Bare {
        let log = dir.join("app.log");
        let out = std::fs::File::create(&log).expect("create the app's log");
        let xdg = dir.join("xdg");
        let child = Command::new(app_binary())
            .arg("--db")
            .arg(db)
            // Whatever else the app might write stays in the test's directory.
            .env("XDG_DATA_HOME", xdg.join("data"))
            .env("XDG_CONFIG_HOME", xdg.join("config"))
            .env("XDG_CACHE_HOME", xdg.join("cache"))
            .env_remove("POS_DB")
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("clone the log handle"))
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", app_binary().display()));
        Bare { child, log }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("poll the app")
    }

    fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.exited() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Bare {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The X display the tests run on, for finding the app's native windows.
struct Display {
    conn: RustConnection,
    root: Window,
}

impl Display {
    fn open() -> Display {
        let (conn, screen) = x11rb::connect(None).expect("connect to the X display (DISPLAY)");
        let root = conn.setup().roots[screen].root;
        Display { conn, root }
    }

    fn atom(&self, name: &str) -> u32 {
        self.conn.intern_atom(false, name.as_bytes()).expect("intern an atom").reply().expect("an atom").atom
    }

    /// The titles of the visible top-level windows of process `pid`.
    fn windows_of(&self, pid: u32) -> Vec<(Window, String)> {
        let (pid_atom, name_atom, utf8) = (self.atom("_NET_WM_PID"), self.atom("_NET_WM_NAME"), self.atom("UTF8_STRING"));
        let Ok(tree) = self.conn.query_tree(self.root).expect("ask for the windows").reply() else { return Vec::new() };
        let mut out = Vec::new();
        for w in tree.children {
            // A window may go away between the listing and these questions.
            let Ok(attributes) = self.conn.get_window_attributes(w).expect("ask").reply() else { continue };
            if attributes.map_state != MapState::VIEWABLE {
                continue;
            }
            let Ok(owner) = self.conn.get_property(false, w, pid_atom, AtomEnum::CARDINAL, 0, 1).expect("ask").reply() else { continue };
            if owner.value32().and_then(|mut v| v.next()) != Some(pid) {
                continue;
            }
            let Ok(name) = self.conn.get_property(false, w, name_atom, utf8, 0, 1024).expect("ask").reply() else { continue };
            out.push((w, String::from_utf8_lossy(&name.value).into_owned()));
        }
        out
    }

    /// Asks `window` to close, as a window manager's close button does.
    fn close(&self, window: Window) {
        let protocols = self.atom("WM_PROTOCOLS");
        let delete = self.atom("WM_DELETE_WINDOW");
        let event = ClientMessageEvent::new(32, window, protocols, [delete, x11rb::CURRENT_TIME, 0, 0, 0]);
        self.conn.send_event(false, window, EventMask::NO_EVENT, event).expect("send the close request");
        self.conn.flush().expect("flush the X connection");
    }
}

/// Every file in `dir` with its bytes (a refused start must add none, e.g. no -wal or -shm).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("list the database's folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("read a file")))
        .collect();
    out.sort();
    out
}

/// Starts the app on `db` (in a folder of its own), expects the start-up
/// message box with the core's refusal of that file, closes it, and checks
/// that the app exited with status 1 and that nothing in the folder changed.
fn refuses_to_start_on(name: &str, db: &Path, expected_code: &str) {
    let folder = db.parent().expect("the database's folder");
    let before = files(folder);
    // What the core says of the file, asked of a copy so the original stays untouched.
    let probe_dir = new_test_dir();
    let probe = probe_dir.path().join("probe.db");
    std::fs::copy(db, &probe).expect("copy the damaged file");
    let refusal = Till::open_with(&probe, TillOptions { mode: OpenMode::MustExist, seed_demo: false, ..TillOptions::default() })
        .err()
        .unwrap_or_else(|| panic!("{name}: the core opens the damaged file"));
    assert_eq!(refusal.code(), expected_code, "{name}: {refusal}");

    let logs = new_test_dir();
    let mut app = Bare::start(logs.path(), db);
    let x = Display::open();
    let deadline = Instant::now() + DIALOG_WAIT;
    let (dialog, titles) = loop {
        if let Some(status) = app.exited() {
            panic!("{name}: the app exited ({status}) without showing why:\n{}", app.output());
        }
        let windows = x.windows_of(app.child.id());
        if let Some((w, _)) = windows.iter().find(|(_, title)| title == STARTUP_FAILURE_TITLE) {
            break (*w, windows.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>());
        }
        assert!(Instant::now() < deadline, "{name}: no \"{STARTUP_FAILURE_TITLE}\" window within {DIALOG_WAIT:?}; windows {windows:?}; output:\n{}", app.output());
        std::thread::sleep(Duration::from_millis(100));
    };
    // The message box is all there is: no till window behind it.
    assert_eq!(titles, [STARTUP_FAILURE_TITLE], "{name}: the app's visible windows");
    // The message names the file and carries the core's words and code.
    let output = app.output();
    let line = output.lines().find(|l| l.starts_with("pos-desktop: cannot open the database")).unwrap_or_else(|| panic!("{name}: no refusal in the output:\n{output}"));
    assert!(line.contains(&db.display().to_string()), "{name}: the message names the file: {line}");
    // (The core's words name the file it was given: here a copy.)
    let words = refusal.to_string().replace(&probe.display().to_string(), &db.display().to_string());
    assert!(line.contains(&words), "{name}: the message is the core's ({words}): {line}");
    assert!(line.ends_with(&format!("({expected_code})")), "{name}: the message ends with the code: {line}");
    assert!(!output.contains("panicked"), "{name}: the app panicked:\n{output}");
    if let Some(keep) = std::env::var_os("POS_E2E_SCREENSHOTS").filter(|d| !d.is_empty()) {
        // For a person to look at: the whole display (ImageMagick, when installed).
        let shot = PathBuf::from(keep).join(format!("refused-{name}.png"));
        let _ = std::fs::create_dir_all(shot.parent().unwrap());
        let _ = Command::new("import").args(["-window", "root"]).arg(&shot).status();
    }

    // Closing the message box ends the app, with status 1.
    x.close(dialog);
    let status = app.wait_exit(Duration::from_secs(10)).unwrap_or_else(|| panic!("{name}: the app did not exit when its message box was closed"));
    assert_eq!(status.code(), Some(1), "{name}: exit status");
    assert_eq!(files(folder), before, "{name}: the database's folder is byte for byte as it was");
    println!("{name}: refused with {expected_code}, exit 1, file of {} bytes unchanged", std::fs::metadata(db).unwrap().len());
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn refuses_a_file_that_is_not_a_database_and_leaves_it_untouched() {
    let dir = new_test_dir();
    let db = dir.path().join("pos.db");
    std::fs::write(&db, "Till float: 100.00\nBanked: 1432.50\n".repeat(200)).unwrap();
    refuses_to_start_on("not-sqlite", &db, "db_not_sqlite");
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn refuses_a_truncated_database_and_leaves_it_untouched() {
    let dir = new_test_dir();
    let db = dir.path().join("pos.db");
    {
        let mut till = Till::open_with(&db, TillOptions { sync: Sync::Normal, ..TillOptions::default() }).unwrap();
        day_of_orders(&mut till, 60);
        // Everything into the main file, so cutting it loses real pages.
        till.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    for sidecar in ["pos.db-wal", "pos.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(sidecar));
    }
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    refuses_to_start_on("truncated", &db, "db_damaged");
}

// ── Backup from the back office ──────────────────────────────────────────

/// Orders of the till-day workload (discounts, removed lines, voids).
fn day_of_orders(till: &mut Till, orders: usize) {
    bench::ensure_catalog(till).unwrap();
    let cashier = till.sign_in(CASHIER.0, CASHIER.1).unwrap().id;
    let manager = till.approve(MANAGER.0, MANAGER.1).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    bench::run_orders(till, cashier, manager, 1..=orders, &mut rng, |_, _, _| {}).unwrap();
}

/// Starts the app on a database made by `setup`, with more arguments.
async fn start_on(setup: impl FnOnce(&mut Till), args: impl FnOnce(&Path) -> Vec<OsString>) -> App {
    let dir = new_test_dir();
    let path = dir.path().join("pos.db");
    {
        let mut till = Till::open_with(&path, TillOptions { sync: Sync::Normal, ..TillOptions::default() }).unwrap();
        setup(&mut till);
    }
    let args = args(dir.path());
    App::start_in_with(dir, path, args).await
}

fn every_event(path: &Path) -> Vec<String> {
    let conn = store::open(path, OpenMode::MustExist, Sync::Normal).expect("open the database");
    let mut stmt = conn.prepare("SELECT position, stream, version, hex(hash) FROM events ORDER BY position").unwrap();
    let rows = stmt.query_map([], |r| Ok(format!("{}|{}|{}|{}", r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?)));
    rows.unwrap().map(|r| r.unwrap()).collect()
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn the_managers_backup_is_a_copy_the_core_verifies() {
    let mut app = start_on(|till| day_of_orders(till, 40), |dir| vec!["--answer-save".into(), dir.join("copy.db").into()]).await;
    let copy = app.dir().join("copy.db");
    let name = app.sign_in(MANAGER.0, MANAGER.1).await;
    assert_eq!(name, MANAGER_NAME);
    // One more sale through the app, so the copy must hold the app's own writes too.
    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    app.wait_for_count("#lines tr[data-line]", 1).await;

    app.click("#backoffice-button").await;
    app.click("#backup-button").await;
    // Read as the DOM holds it: the line is cut with an ellipsis on screen.
    let shown = app
        .wait_until("the backup's result", || async {
            let text = app.text_content("#backup-result").await;
            text.starts_with(app.say_prefix("bo.backedUpTo")).then_some(text)
        })
        .await;
    assert!(shown.contains(&copy.display().to_string()), "the result names the copy: {shown:?}");
    app.snapshot("backup-saved").await;

    let source = db::all_event_count(app.db_path());
    let mut backup = Till::open_with(&copy, TillOptions { mode: OpenMode::MustExist, seed_demo: false, ..TillOptions::default() })
        .unwrap_or_else(|e| panic!("the core opens the backup {}: {e}", copy.display()));
    let report = backup.verify().expect("verify the backup");
    assert!(report.intact, "the backup's chain: {report}");
    let status = backup.status().expect("the backup's status");
    println!("backup: events={} source_events={source} orders={} intact={}", report.events, status.orders, report.intact);
    assert_eq!(report.events as usize, source, "the backup holds every event of the live database");
    assert!(source > 40 * 7, "the workload wrote its orders: {source} events");
    drop(backup);
    app.stop().await;
    assert_eq!(every_event(&copy), every_event(app.db_path()), "the same events, with the same hashes");

    // A second backup to the same path is refused, not overwritten.
    let before = std::fs::read(&copy).unwrap();
    app.restart().await;
    app.sign_in(MANAGER.0, MANAGER.1).await;
    app.click("#backoffice-button").await;
    app.click("#backup-button").await;
    app.wait_for_attr("#backup-result", "data-code", "target_exists").await;
    assert_eq!(std::fs::read(&copy).unwrap(), before, "the first copy is untouched");
    app.stop().await;
}

// ── A guessed PIN, in the manager's audit trail ──────────────────────────

#[tokio::test]
#[ignore = "end-to-end"]
async fn five_wrong_pins_lock_the_pin_and_the_audit_trail_shows_it_with_exact_totals() {
    let mut app = start_on(|till| day_of_orders(till, 40), |_| Vec::new()).await;
    // Four wrong PINs through the backend as the card sends them, the fifth typed.
    for attempt in 1..=4 {
        let refused = app.invoke("sign_in", &format!("{{ code: '{}', pin: '0000' }}", CASHIER.0)).await.expect_err("a wrong PIN is refused");
        assert_eq!(refused["code"], json!("wrong_pin"), "attempt {attempt}: {refused}");
    }
    app.type_into("#signin-code", CASHIER.0).await;
    app.type_into("#signin-pin", &enter("0000")).await;
    let shown = app.wait_for_attr("#signin-error", "data-code", "pin_locked").await;
    assert!(shown.contains(CASHIER_NAME), "the refusal names whose PIN is locked: {shown:?}");
    // Even the right PIN is refused now.
    let refused = app.invoke("sign_in", &format!("{{ code: '{}', pin: '{}' }}", CASHIER.0, CASHIER.1)).await.expect_err("locked");
    assert_eq!(refused["code"], json!("pin_locked"));

    app.replace_text("#signin-code", MANAGER.0).await;
    app.type_into("#signin-pin", &enter(MANAGER.1)).await;
    app.wait_gone("#signin-code").await;
    app.click("#nav-audit").await;
    let row = app.find("#audit tr[data-kind=\"pinLockout\"]").await;
    let mut till = db::open(app.db_path());
    let core = read::audit(&till.reader(), &AuditFilter { kinds: vec![AuditKind::PinLockout], ..AuditFilter::default() }).unwrap();
    assert_eq!(core.len(), 1, "the core lists one lockout: {core:?}");
    let lockout = &core[0];
    assert_eq!(row.attr("data-key").await.unwrap().as_deref(), Some(lockout.key.as_str()));
    assert_eq!(row.attr("data-order").await.unwrap(), None, "a lockout links to no order");
    let cell = |css: &'static str| {
        let row = row.clone();
        async move { row.find(fantoccini::Locator::Css(css)).await.expect(css).text().await.unwrap().trim().to_string() }
    };
    assert_eq!(cell(".actor").await, CASHIER_NAME);
    assert_eq!(cell(".kind").await, app.say("kind.audit.pinLockout", &[]));
    assert_eq!(cell(".order-cell").await, "—");
    // Why, in the screen's language: the tries and the minutes locked.
    let tries = pos_core::limits::PIN_ATTEMPTS_MAX.to_string();
    let minutes = (pos_core::limits::PIN_LOCKOUT_SECS / 60).to_string();
    assert_eq!(cell(".detail").await, app.say("event.pinLockedOut", &[("tries", &tries), ("minutes", &minutes)]), "the detail says why");

    // The totals are the core's over everything the filters match.
    let totals = read::audit_totals(&till.reader(), &AuditFilter::default()).unwrap();
    app.wait_for_attr("#audit-totals", "data-count", &totals.count.to_string()).await;
    assert_eq!(app.attr("#audit-totals", "data-amount").await.as_deref(), Some(totals.amount.to_string().as_str()));
    let lockouts = app.text_content("#audit-totals [data-key=\"pinLockout\"] .bar-value").await;
    assert!(lockouts.ends_with("· 1×"), "one lockout in the totals: {lockouts:?}");
    app.snapshot("audit-lockout").await;
    println!("audit: entries={} amount={} kinds={} staff={}", totals.count, totals.amount, totals.by_kind.len(), totals.by_staff.len());

    // A click on the lockout selects it and opens nothing.
    app.click("#audit tr[data-kind=\"pinLockout\"] td.order-cell").await;
    app.wait_for_attr("#audit tr[data-kind=\"pinLockout\"]", "aria-selected", "true").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.find_all("#timeline").await.is_empty(), "no timeline opened for a lockout");

    // The kind filter: only the lockout, and its totals.
    app.click("#audit-kind-pinLockout").await;
    app.wait_for_count("#audit tr[data-key]", 1).await;
    app.wait_for_attr("#audit-totals", "data-count", "1").await;
    app.stop().await;
}
