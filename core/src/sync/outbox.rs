//! The outbox: a thread that pushes this till's events to the shop server
//! in the background, in batches and in order, again and again; after a
//! failure it waits longer each time (up to a minute). It reads the till's
//! SQLite file on a connection of its own, so the till never waits for the
//! network, and it keeps where it got to for the footer and `pos sync`.
//! After each push it pulls the other tills' events into this till's copies
//! of them (`ShopCopies`), for the whole shop's views.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use super::push::{push_from, ShopServer, SyncError};
use super::shop::ShopCopies;
use crate::message::Message;
use crate::store;

/// The pause between rounds once everything is on the server.
const ROUND_PAUSE: Duration = Duration::from_secs(3);
/// The first pause after a failure; each further failure doubles it up to the most.
const RETRY_PAUSE_MIN: Duration = Duration::from_secs(2);
const RETRY_PAUSE_MAX: Duration = Duration::from_secs(60);
/// How often a pause looks whether the outbox is being stopped.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// How the last round went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SyncState {
    /// This till is not enrolled with a shop server: it works alone.
    Off,
    /// Not tried yet.
    Starting,
    /// Every event of this file was on the server at the end of the round.
    Synced,
    /// The server could not be reached.
    Unreachable,
    /// The server answered with a refusal, or the file could not be read.
    Refused,
}

/// Where the outbox stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub state: SyncState,
    pub server: Option<String>,
    /// Events of this file the server did not hold at the last look.
    pub waiting: i64,
    #[ts(type = "string | null")]
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Since when the server has been out of reach (or refusing).
    #[ts(type = "string | null")]
    pub failing_since: Option<DateTime<Utc>>,
    /// The last failure, in words, with its code.
    pub problem: Option<crate::error::ErrorBody>,
    /// The shop position through which the other tills' events are copied
    /// to this till (see `ShopCopies`); none before the first pull.
    pub shop_through: Option<i64>,
}

impl SyncStatus {
    /// Not enrolled, or no outbox running.
    pub fn off() -> SyncStatus {
        SyncStatus {
            state: SyncState::Off,
            server: None,
            waiting: 0,
            last_synced_at: None,
            failing_since: None,
            problem: None,
            shop_through: None,
        }
    }
}

/// The background pusher of one till's file; stopped when dropped.
pub struct Outbox {
    status: Arc<Mutex<SyncStatus>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Outbox {
    /// Starts pushing the events of till `terminal` in the file at `path`.
    pub fn start(path: PathBuf, terminal: String) -> Outbox {
        let status = Arc::new(Mutex::new(SyncStatus { state: SyncState::Starting, ..SyncStatus::off() }));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (status.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("pos-outbox".into())
            .spawn(move || run(&path, &terminal, &s, &st))
            .ok();
        Outbox { status, stop, thread }
    }

    pub fn status(&self) -> SyncStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_else(|p| p.into_inner().clone())
    }
}

impl Drop for Outbox {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(path: &std::path::Path, terminal: &str, status: &Mutex<SyncStatus>, stop: &AtomicBool) {
    let mut retry = RETRY_PAUSE_MIN;
    let mut conn: Option<Connection> = None;
    // The last position of this till's chain the server was known to hold.
    let mut stored: Option<i64> = None;
    while !stop.load(Ordering::Relaxed) {
        let round = round(path, terminal, &mut conn);
        if let Round::Pushed { stored_through, .. } = round {
            stored = Some(stored_through);
        }
        let failed = !matches!(round, Round::Off | Round::Pushed { .. });
        if failed {
            // A file that failed to read is opened afresh next time.
            conn = conn.filter(|_| !matches!(round, Round::Failed { local: None, .. }));
        }
        let pause = if failed { retry } else { ROUND_PAUSE };
        retry = if failed { (retry * 2).min(RETRY_PAUSE_MAX) } else { RETRY_PAUSE_MIN };
        if let Ok(mut s) = status.lock() {
            *s = next(std::mem::replace(&mut *s, SyncStatus::off()), round, stored, Utc::now());
        }
        let until = Instant::now() + pause;
        while Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(STOP_CHECK);
        }
    }
}

/// What one round found.
enum Round {
    Off,
    Pushed { server: String, waiting: i64, stored_through: i64, shop_through: i64 },
    Failed { server: Option<String>, local: Option<i64>, error: crate::error::ErrorBody, unreachable: bool },
}

fn round(path: &std::path::Path, terminal: &str, conn: &mut Option<Connection>) -> Round {
    let failed = |server: Option<String>, local, code: &str, message: String, said: Message, unreachable| Round::Failed {
        server,
        local,
        error: crate::error::ErrorBody {
            code: code.to_string(),
            message,
            field: None,
            key: Some(said.key.to_string()),
            params: Some(said.params_by_name()),
        },
        unreachable,
    };
    if conn.is_none() {
        match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX) {
            Ok(c) => *conn = Some(c),
            Err(e) => return failed(None, None, "db_unreadable", e.to_string(), unreadable(&e), false),
        }
    }
    let c = conn.as_ref().expect("opened above");
    let setup = match super::setup::load(c) {
        Ok(Some(setup)) => setup,
        Ok(None) => return Round::Off,
        Err(e) => return failed(None, None, e.code(), e.to_string(), e.message(), false),
    };
    let local = store::chain_head(c).map(|h| h.position).ok();
    let server = match ShopServer::for_setup(&setup) {
        Ok(server) => server,
        Err(e) => return failed(Some(setup.server), local, e.code(), e.to_string(), e.message(), false),
    };
    let copies = ShopCopies::beside(path, terminal);
    match push_from(c, terminal, &server).and_then(|report| Ok((report, copies.pull(&server)?))) {
        Ok((report, shop_through)) => {
            Round::Pushed { server: setup.server, waiting: report.waiting, stored_through: report.stored_through, shop_through }
        }
        Err(e) => {
            let unreachable = matches!(e, SyncError::Unreachable { .. });
            failed(Some(setup.server), local, &e.code().to_string(), e.to_string(), e.message(), unreachable)
        }
    }
}

/// Why the database could not be opened to read what to send, SQLite's words as they are.
pub(crate) fn unreadable(e: &rusqlite::Error) -> Message {
    Message::new("dbUnreadable").text("detail", e)
}

/// The status after `round`, from the status before it and the last
/// position the server was known to hold.
fn next(before: SyncStatus, round: Round, stored: Option<i64>, now: DateTime<Utc>) -> SyncStatus {
    match round {
        Round::Off => SyncStatus::off(),
        Round::Pushed { server, waiting, shop_through, .. } => SyncStatus {
            state: SyncState::Synced,
            server: Some(server),
            waiting,
            last_synced_at: Some(now),
            failing_since: None,
            problem: None,
            shop_through: Some(shop_through),
        },
        Round::Failed { server, local, error, unreachable } => {
            let failing = matches!(before.state, SyncState::Unreachable | SyncState::Refused);
            // What the server is not known to hold: all of it, before the first push.
            let waiting = local.map_or(before.waiting, |local| (local - stored.unwrap_or(0)).max(0));
            SyncStatus {
                state: if unreachable { SyncState::Unreachable } else { SyncState::Refused },
                server: server.or(before.server),
                waiting,
                last_synced_at: before.last_synced_at,
                failing_since: if failing { before.failing_since.or(Some(now)) } else { Some(now) },
                problem: Some(error),
                shop_through: before.shop_through,
            }
        }
    }
}
