//! Every limit of the shop server, named once.

use std::time::Duration;

/// Events one push may carry; a till sends more in several batches.
pub const PUSH_EVENTS_MAX: usize = 500;
/// The largest request body accepted (a full batch of large events fits).
pub const REQUEST_BYTES_MAX: usize = 16 * 1024 * 1024;
/// Events one read (`GET /v1/events`) returns at most, and by default.
pub const READ_EVENTS_MAX: i64 = 1000;
/// Quarantined batches listed at most, newest first.
pub const QUARANTINE_LISTED_MAX: i64 = 200;
/// How long an enrolment code may be used after it is made.
pub const ENROL_CODE_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// Characters of an enrolment code (from `CODE_ALPHABET`), before the dashes.
pub const ENROL_CODE_CHARS: usize = 12;
/// Random bytes of a till's bearer token (sent hex-encoded).
pub const TOKEN_BYTES: usize = 32;
/// Longest shop or till id.
pub const ID_CHARS_MAX: usize = 40;
/// Connections the server keeps to PostgreSQL.
pub const POOL_SIZE_MAX: usize = 16;
/// Shortest manager passphrase.
pub const PASSPHRASE_CHARS_MIN: usize = 8;
/// Longest manager passphrase (its hash's work grows with its length).
pub const PASSPHRASE_CHARS_MAX: usize = 1024;
/// How long a manager's sign-in lasts.
pub const MANAGER_SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// Random bytes of a manager's session token (sent hex-encoded after `MANAGER_TOKEN_PREFIX`).
pub const MANAGER_TOKEN_BYTES: usize = 32;
/// Audit entries one page holds at most.
pub const AUDIT_PAGE_MAX: i64 = 200;
/// Audit entries a page holds when no limit is asked.
pub const AUDIT_PAGE_DEFAULT: i64 = 50;
/// How long a stopping server waits for requests in flight (its pushes
/// commit or roll back either way).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// Wrong passphrases in a row after which a manager's sign-ins are refused
/// for `SIGN_IN_LOCKOUT` (even with the right one): guessing stays slow.
pub const SIGN_IN_FAILURES_MAX: i32 = 5;
/// How long a manager's sign-ins stay refused after too many wrong ones.
pub const SIGN_IN_LOCKOUT: Duration = Duration::from_secs(15 * 60);
