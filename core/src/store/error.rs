use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::message::Message;

/// What can go wrong below the domain. Messages say what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("No database at {0}")]
    NotFound(PathBuf),
    #[error("{0} is not a SQLite database; it was left untouched")]
    NotADatabase(PathBuf),
    #[error("{0} is a SQLite database of another program, not a pos database; it was left untouched")]
    Foreign(PathBuf),
    #[error("This database was written by a newer version of pos (schema {found}; this version knows up to {supported}); it was left untouched")]
    NewerSchema { found: i64, supported: i64 },
    #[error("The database file is damaged ({0}); restore it from a backup")]
    Damaged(String),
    #[error("The disk is full; nothing was saved. Free some space and try again")]
    DiskFull,
    #[error("The database is busy in another till; try again")]
    Busy,
    #[error("Order {stream} changed meanwhile (expected version {expected}, found {actual}); reload and try again")]
    Conflict { stream: i64, expected: u32, actual: u32 },
    #[error("Event at position {position} cannot be read: {detail}")]
    Decode { position: i64, detail: String },
    /// A stored value that cannot be what pos wrote (a damaged file, or one
    /// edited outside pos). `position` names the event, where the row is one.
    #[error("{} is damaged ({detail}); restore the database from a backup", row_name(*.position))]
    CorruptRow { position: Option<i64>, detail: String },
    #[error("{1} ({0})")]
    Io(PathBuf, String),
    #[error("{0} already exists; choose a new file name")]
    TargetExists(PathBuf),
    #[error("A chain head is written POSITION:HASH, e.g. 4711:3f9a0c12be55: {0}")]
    BadHead(super::anchor::HeadProblem),
    /// An event copied from another till's chain that does not follow it.
    #[error("The copy of another till's events breaks at position {position}: {detail}")]
    CopyBroken { position: i64, detail: String },
    #[error("Database error: {0}")]
    Sqlite(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound(_) => "db_not_found",
            StoreError::NotADatabase(_) => "db_not_sqlite",
            StoreError::Foreign(_) => "db_foreign",
            StoreError::NewerSchema { .. } => "db_newer_schema",
            StoreError::Damaged(_) => "db_damaged",
            StoreError::DiskFull => "disk_full",
            StoreError::Busy => "db_busy",
            StoreError::Conflict { .. } => "conflict",
            StoreError::Decode { .. } => "event_undecodable",
            StoreError::CorruptRow { .. } => "corrupt_row",
            StoreError::Io(..) => "io",
            StoreError::TargetExists(_) => "target_exists",
            StoreError::BadHead(_) => "bad_head",
            StoreError::CopyBroken { .. } => "copy_broken",
            StoreError::Sqlite(_) => "db_error",
        }
    }

    /// The key and parameters of this error's message (`error.<key>` in the
    /// UI's catalogs); SQLite's and the OS's own words travel as text.
    pub fn message(&self) -> Message {
        let m = Message::new;
        let path = |p: &PathBuf| p.display().to_string();
        match self {
            StoreError::NotFound(p) => m("dbNotFound").text("path", path(p)),
            StoreError::NotADatabase(p) => m("dbNotSqlite").text("path", path(p)),
            StoreError::Foreign(p) => m("dbForeign").text("path", path(p)),
            StoreError::NewerSchema { found, supported } => m("dbNewerSchema").number("found", *found).number("supported", *supported),
            StoreError::Damaged(detail) => m("dbDamaged").text("detail", detail),
            StoreError::DiskFull => m("diskFull"),
            StoreError::Busy => m("dbBusy"),
            StoreError::Conflict { stream, expected, actual } => {
                m("conflict").number("stream", *stream).number("expected", *expected).number("actual", *actual)
            }
            StoreError::Decode { position, detail } => m("eventUndecodable").number("position", *position).text("detail", detail),
            StoreError::CorruptRow { position: Some(position), detail } => m("corruptEvent").number("position", *position).text("detail", detail),
            StoreError::CorruptRow { position: None, detail } => m("corruptRow").text("detail", detail),
            StoreError::Io(p, detail) => m("io").text("path", path(p)).text("detail", detail),
            StoreError::TargetExists(p) => m("targetExists").text("path", path(p)),
            StoreError::BadHead(problem) => problem.message(),
            StoreError::CopyBroken { position, detail } => m("copyBroken").number("position", *position).text("detail", detail),
            StoreError::Sqlite(detail) => m("dbError").text("detail", detail),
        }
    }

    pub(crate) fn from_open(e: rusqlite::Error, path: &Path) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
            Some(ErrorCode::CannotOpen) => StoreError::Io(path.to_path_buf(), "cannot open the file".into()),
            _ => StoreError::from(e),
        }
    }
}

fn row_name(position: Option<i64>) -> String {
    match position {
        Some(p) => format!("The event at position {p}"),
        None => "A stored row".to_string(),
    }
}

/// Why a stored value does not read back; see [`corrupt_value`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct CorruptValue(String);

/// A stored value that does not read back as what pos writes there, for
/// code inside a rusqlite row closure (which can only return a
/// `rusqlite::Error`): `StoreError::from` makes it `CorruptRow`.
pub fn corrupt_value(detail: String) -> rusqlite::Error {
    // The column is not known here; the detail says what was wrong.
    rusqlite::Error::FromSqlConversionFailure(usize::MAX, rusqlite::types::Type::Null, Box::new(CorruptValue(detail)))
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &e {
            if let Some(CorruptValue(detail)) = inner.downcast_ref::<CorruptValue>() {
                return StoreError::CorruptRow { position: None, detail: detail.clone() };
            }
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Sqlite(e.to_string()),
        }
    }
}
