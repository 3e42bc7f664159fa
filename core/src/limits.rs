//! Every limit the product enforces, named once. Checked at the boundary
//! (request parsing, `decide`), asserted inside.

use rust_decimal::Decimal;

/// Largest quantity on one line.
pub const QUANTITY_MAX: u32 = 9_999;
/// Most lines one order may carry (including removed ones).
pub const LINES_MAX: usize = 10_000;
/// Most discounts one order may carry (including removed ones).
pub const DISCOUNTS_MAX: usize = 100;
/// Longest reason for a void, a line removal or a discount, in characters.
pub const REASON_CHARS_MAX: usize = 500;
/// Longest SKU, barcode, staff code or terminal id, in characters.
pub const CODE_CHARS_MAX: usize = 64;
/// Longest shop server address a manager types at enrolment, in characters.
pub const SERVER_URL_CHARS_MAX: usize = 300;
/// Longest certificate authority PEM pasted at enrolment (a chain of a few
/// certificates), in characters.
pub const CA_PEM_CHARS_MAX: usize = 64_000;
/// Longest till id (chosen at setup, e.g. "T2"), in characters.
pub const TILL_ID_CHARS_MAX: usize = 8;
/// Longest product or staff name, in characters.
pub const NAME_CHARS_MAX: usize = 120;
/// Longest free text setting (shop name, address), in characters.
pub const TEXT_CHARS_MAX: usize = 500;
/// Longest catalog search query, in characters.
pub const QUERY_CHARS_MAX: usize = 100;
/// PIN length bounds, in digits.
pub const PIN_DIGITS_MIN: usize = 4;
pub const PIN_DIGITS_MAX: usize = 12;
/// Wrong PINs in a row before a staff member's PIN is locked.
pub const PIN_ATTEMPTS_MAX: u32 = 5;
/// How long a locked PIN stays locked, in seconds.
pub const PIN_LOCKOUT_SECS: i64 = 300;
/// How many times the command layer reloads and retries after a concurrency conflict.
pub const COMMAND_RETRIES_MAX: u32 = 5;
/// Longest time the policy may give a line on an order before removing it
/// needs a manager, in minutes (a day).
pub const LINE_AGE_MINUTES_MAX: u32 = 1_440;
/// Default number of events between snapshots of one stream.
pub const SNAPSHOT_INTERVAL_DEFAULT: u32 = 100;
/// Most rows a catalog CSV import may carry.
pub const IMPORT_ROWS_MAX: usize = 50_000;
/// Largest page a list query returns.
pub const PAGE_ROWS_MAX: u32 = 1_000;

/// Highest unit price in the catalog: 99,999.99.
pub const PRICE_MAX: Decimal = Decimal::from_parts(9_999_999, 0, 0, false, 2);
/// Highest amount a single tender or fixed discount may carry: 1,000,000.00.
pub const AMOUNT_MAX: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 2);
/// Highest tax rate, in percent.
pub const TAX_RATE_MAX: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

/// Most products a register search returns.
pub const SEARCH_ROWS_MAX: u32 = 50;
/// Most quick-cash buttons offered for a total.
pub const QUICK_CASH_MAX: usize = 5;
/// Largest catalog CSV an import reads, in bytes.
pub const IMPORT_BYTES_MAX: u64 = 20 * 1024 * 1024;

/// Most denominations one drawer count lists (notes and coins).
pub const DENOMINATIONS_MAX: usize = 30;
/// Most pieces of one denomination a drawer count may list.
pub const DENOMINATION_PIECES_MAX: u32 = 100_000;

/// How long after the first look at the chain its whole walk starts in the
/// background, so a start's window and first screens do not share the CPU
/// with years of history.
pub const CHAIN_WALK_DELAY_MS: u64 = 4_000;
/// Most events the first look at the chain walks before answering (the
/// newest ones; the whole walk checks the rest behind): about a busy day's,
/// some 70 ms in the release build, so a start never waits on the history.
pub const CHAIN_QUICK_WALK_MAX: i64 = 10_000;
