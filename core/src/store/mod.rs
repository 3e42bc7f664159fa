//! The SQLite event store. It persists and reads events, snapshots and the
//! plain tables; it holds no business rule (it never calls `decide`).
//!
//! Opening is careful: a file that is not SQLite, not ours, or from a newer
//! schema is refused before anything is written to it.

mod anchor;
mod error;
mod events;
mod row;
mod schema;
mod snapshot;
mod stored;
pub mod upcast;
mod verify;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

#[cfg(test)]
pub(crate) use anchor::rehash_from;
pub(crate) use anchor::example_reports as example_head_reports;
pub use anchor::{chain_head, verify_through, ChainHead, HeadFinding, HeadProblem, HeadRef, HeadReport, HEAD_HEX_SHORT};
pub use error::{corrupt_value, StoreError};
pub use events::{
    append, command_outcome, next_stream, opened_by, read_all, read_stream, replay, stream_commands, stream_version,
    CommandOutcome, Metadata, Recorded,
};
pub use row::{append_copied, rows_after, EventRow, GENESIS_HASH};
pub use schema::SCHEMA_VERSION;
pub use snapshot::{load_snapshot, save_snapshot, SNAPSHOT_SCHEMA_VERSION};
pub use verify::{checked_at, load_checked, save_checked, verify, verify_since, verify_whole, Breach, Checked, VerifyReport};

/// `PRAGMA application_id` of a pos database: "POS1".
pub const APPLICATION_ID: i32 = 0x504F_5331;
/// What each event records as the writing app's version.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `APP_VERSION` as stored: major * 1,000,000 + minor * 1,000 + patch.
pub fn app_version_code() -> i64 {
    let mut parts = APP_VERSION.split(['.', '-']).map(|p| p.parse::<i64>().unwrap_or(0));
    let (a, b, c) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    a * 1_000_000 + b * 1_000 + c
}

pub fn app_version_text(code: i64) -> String {
    format!("{}.{}.{}", code / 1_000_000, code / 1_000 % 1_000, code % 1_000)
}

/// Durability of a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// fsync on every commit: a confirmed sale survives power loss (default).
    Full,
    /// No fsync per commit in WAL mode: survives a crash of the app, not of the machine.
    Normal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create and initialise the database if the file does not exist.
    CreateIfMissing,
    /// The database must already exist.
    MustExist,
}

/// Starts a write transaction that takes the write lock at once
/// (`BEGIN IMMEDIATE`), so it waits its turn behind another till's write
/// (busy timeout) instead of failing half-way when it first writes.
pub fn write_tx(conn: &Connection) -> Result<rusqlite::Transaction<'_>, StoreError> {
    Ok(rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?)
}

/// How long a till waits for another till's write before it reports `Busy`.
const BUSY_WAIT_MAX: std::time::Duration = std::time::Duration::from_secs(10);
/// The pause between two looks at a lock another till holds.
const BUSY_PAUSE: std::time::Duration = std::time::Duration::from_micros(200);

thread_local! {
    /// When the current wait for a lock began (SQLite calls the busy handler
    /// on the thread running the statement, with `tries` = 0 first).
    static WAITING_SINCE: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
}

/// SQLite's busy handler: wait for the lock in short pauses, up to
/// `BUSY_WAIT_MAX`. SQLite's own timeout sleeps 1, 2, 5… up to 100 ms
/// between looks; a till writing back to back (each command one
/// transaction) leaves the lock free only for microseconds between its
/// commands, so such coarse sleeps can miss every gap and starve the other
/// till for seconds.
fn wait_for_lock(tries: i32) -> bool {
    let now = std::time::Instant::now();
    let since = WAITING_SINCE.with(|w| {
        if tries == 0 {
            w.set(Some(now));
        }
        w.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_WAIT_MAX {
        return false;
    }
    std::thread::sleep(BUSY_PAUSE);
    true
}

/// Page size of a new database. A command writes about three pages (its
/// event, the (stream, version) key, its order's summary), each a WAL frame
/// that `synchronous=FULL` syncs: half of SQLite's default 4 KiB cuts those
/// bytes and keeps the file under 250 bytes per event; measured with
/// `pos bench till-day`, about 4% more commands per second at full sync.
const PAGE_BYTES: u32 = 2048;

/// Prepared statements kept per connection (rusqlite's default of 16 is
/// fewer than one command and the history screens use between them).
const STATEMENTS_CACHED_MAX: usize = 64;

/// Opens a pos database, creating and migrating it as `mode` allows.
pub fn open(path: &Path, mode: OpenMode, sync: Sync) -> Result<Connection, StoreError> {
    let exists = path.exists();
    if !exists && mode == OpenMode::MustExist {
        return Err(StoreError::NotFound(path.to_path_buf()));
    }
    if exists {
        check_header(path)?;
    }
    let flags = if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::from_open(e, path))?;
    // Wait for another till's write instead of failing at once.
    conn.busy_handler(Some(wait_for_lock)).map_err(StoreError::from)?;
    // One plan per statement whatever its bound values: without this, SQLite
    // (built with STAT4) re-parses a cached statement whenever a bound id
    // changes, which was a quarter of the command path's time.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(StoreError::from)?;
    // Room for every statement the command path and the queries reuse.
    conn.set_prepared_statement_cache_capacity(STATEMENTS_CACHED_MAX);
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| StoreError::from_open(e, path))?;
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(StoreError::from)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| StoreError::from_open(e, path))?;
    if app_id != APPLICATION_ID && !(app_id == 0 && user_version == 0 && tables == 0) {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    if user_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found: user_version, supported: SCHEMA_VERSION });
    }
    if tables == 0 {
        // Only a new database takes a page size (before its first table).
        conn.pragma_update(None, "page_size", PAGE_BYTES).map_err(StoreError::from)?;
    }
    conn.pragma_update(None, "journal_mode", "WAL").map_err(StoreError::from)?;
    set_sync(&conn, sync)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(StoreError::from)?;
    schema::migrate(&conn)?;
    Ok(conn)
}

pub fn set_sync(conn: &Connection, sync: Sync) -> Result<(), StoreError> {
    let value = match sync {
        Sync::Full => "FULL",
        Sync::Normal => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", value).map_err(StoreError::from)
}

/// Refuses a file that does not start with SQLite's header, without opening
/// it through SQLite (which could create a journal beside it).
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| StoreError::Io(path.to_path_buf(), e.to_string()))?;
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(StoreError::Io(path.to_path_buf(), e.to_string())),
        }
    }
    if read == 0 {
        // An empty file is a database SQLite will initialise.
        return Ok(());
    }
    if header[..read] != b"SQLite format 3\0"[..read] || read < 16 {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    Ok(())
}

/// Copies the whole database to `target` while others may keep writing
/// (SQLite's online backup), then checks the copy's chain.
pub fn backup(conn: &Connection, target: &Path) -> Result<VerifyReport, StoreError> {
    if target.exists() {
        return Err(StoreError::TargetExists(target.to_path_buf()));
    }
    let mut dst = Connection::open(target).map_err(|e| StoreError::from_open(e, target))?;
    {
        let b = rusqlite::backup::Backup::new(conn, &mut dst).map_err(StoreError::from)?;
        b.run_to_completion(256, std::time::Duration::from_millis(5), None).map_err(StoreError::from)?;
    }
    verify(&dst)
}

/// Where a database path points, for messages.
pub fn display_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
