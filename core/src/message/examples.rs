//! One error of every kind, for the list of every message key the core can
//! send (`ui/src/bindings/errorKeys.ts`) and the tests that hold the UI's
//! catalogs to it. A new variant without an example here fails
//! `every_variant_has_an_example` only through its key: keep one per variant.

use std::path::PathBuf;

use rust_decimal::Decimal;

use super::Message;
use crate::domain::OrderError;
use crate::error::Error;
use crate::money::AmountError;
use crate::printer::PrinterPlace;
use crate::problem::Problem;
use crate::read::RecordKey;
use crate::store::StoreError;
use crate::sync::SyncError;

/// An amount with two decimals, from its cents.
fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

fn whole(n: i64) -> Decimal {
    Decimal::from(n)
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real day")
}

fn order_errors() -> Vec<OrderError> {
    use OrderError::*;
    vec![
        OrderNotFound(42),
        AlreadyOpened(42),
        OrderNotOpen { order: 42, status: "confirmed" },
        AlreadyVoided(42),
        LineNotFound(3),
        LineRemoved(3),
        QuantityOutOfRange(0),
        QuantityUnchanged { line: 3, quantity: 2 },
        TooManyLines,
        TooManyDiscounts,
        ReasonRequired,
        ReasonTooLong,
        PercentOutOfRange(whole(120)),
        PercentsOver100 { already: whole(90) },
        AmountNotPositive,
        LineBelowZero { line: 3, available: money(450) },
        OrderBelowZero { short: money(200) },
        DiscountNeedsManager { reach: money(700), reach_percent: whole(14), subtotal: money(5000), room: money(200), room_percent: whole(4) },
        DiscountOverMaximum { reach_percent: whole(60), max: whole(50) },
        ApproverNotManager,
        DiscountNotFound(2),
        DiscountAlreadyRemoved(2),
        NoLines,
        TenderShort { due: money(1250), tendered: money(1000) },
        CardExceedsDue { card: money(2000), due: money(1250) },
        TenderNegative,
        NotRefundable { order: 42, status: "voided" },
        VoidAfterRefund { order: 42, refund: 3 },
        NothingToRefund,
        RefundPastSold { line: 1, name: "Coffee".into(), sold: 3, left: 1 },
        CardRefundPastPaid { card: money(2000), left: money(1250) },
        RefundTenderMismatch { total: money(1250), tendered: money(1000) },
        ExchangeTenderMismatch { back: money(250), tendered: money(300) },
        ExchangeOtherTill { order: 42, terminal: "T2".into() },
        VoidAfterExchange { order: 42, refund: 3 },
        NoOpenShift,
        ShiftAlreadyOpen(5),
        CashNotPositive,
        DrawerShort { wanted: money(10000), held: money(8000) },
        BadDenomination("0.03 is not a note or coin".into()),
        CountRequired,
        CountMismatch { typed: money(10000), pieces: money(9500) },
        DayClosed { day: day(), z: 4 },
        ShiftStillOpen(5),
        DayNotToday { day: day() },
        DayAlreadyReopened { z: 4, day: day() },
    ]
}

fn amount_errors() -> Vec<AmountError> {
    vec![
        AmountError::Empty { field: "Price" },
        AmountError::NotANumber { field: "Cash", text: "12a".into() },
        AmountError::TooPrecise { field: "Cash", places: 2 },
        AmountError::Negative { field: "Card" },
        AmountError::TooLarge { field: "Price", max: money(99999999) },
    ]
}

fn store_errors() -> Vec<StoreError> {
    let path = || PathBuf::from("/home/till/pos.db");
    vec![
        StoreError::NotFound(path()),
        StoreError::NotADatabase(path()),
        StoreError::Foreign(path()),
        StoreError::NewerSchema { found: 9, supported: 8 },
        StoreError::Damaged("database disk image is malformed".into()),
        StoreError::DiskFull,
        StoreError::Busy,
        StoreError::Conflict { stream: 42, expected: 3, actual: 4 },
        StoreError::Decode { position: 17, detail: "unknown kind 99".into() },
        StoreError::CorruptRow { position: Some(17), detail: "a bad amount".into() },
        StoreError::CorruptRow { position: None, detail: "a bad amount".into() },
        StoreError::Io(path(), "permission denied".into()),
        StoreError::TargetExists(path()),
        StoreError::CopyBroken { position: 17, detail: "the hash differs".into() },
        StoreError::Sqlite("no such table: x".into()),
    ]
}

fn sync_errors() -> Vec<SyncError> {
    let server = || "https://shop.example:8443".to_string();
    vec![
        SyncError::Store(StoreError::Busy),
        SyncError::Unreachable { server: server(), detail: "connection refused".into() },
        SyncError::Refused { status: 401, code: "unauthorised".into(), message: "Unknown token".into() },
        SyncError::BadAnswer("expected a number".into()),
        SyncError::ServerAhead { till: "T1".into(), server_seq: 40, local_seq: 30 },
        SyncError::Forked { till: "T1".into(), position: 12 },
        SyncError::Tls { server: server(), detail: "unknown issuer".into() },
        SyncError::BadCa { detail: "holds no certificate".into() },
        SyncError::GapsPersist,
        SyncError::Kept("disk full".into()),
        SyncError::Copy { till: "T2".into(), detail: "the hash differs".into() },
    ]
}

/// One error of every kind `Error` has (its wrapped enums' too).
pub fn examples() -> Vec<Error> {
    let mut all: Vec<Error> = Vec::new();
    all.extend(order_errors().into_iter().map(Error::from));
    // Every act a manager approves, asked for a manager and for a reason.
    for act in crate::domain::Act::examples() {
        all.push(OrderError::ManagerRequired { what: act.clone() }.into());
        all.push(OrderError::ReasonRequiredFor(act).into());
    }
    // Every problem an input can have, and every record asked at a version it lacks.
    all.extend(Problem::examples().into_iter().map(|(field, problem)| Error::Invalid { field, problem }));
    for record in RecordKey::examples() {
        all.push(Error::NoSuchRecordVersion { record: record.clone(), version: 9, latest: 7 });
        all.push(Error::NotYetRecorded(record));
    }
    all.extend(amount_errors().into_iter().map(Error::from));
    all.extend(store_errors().into_iter().map(Error::from));
    all.extend(crate::store::HeadProblem::examples().into_iter().map(|p| Error::from(StoreError::BadHead(p))));
    all.extend(sync_errors().into_iter().map(Error::from));
    all.extend([
        Error::UnknownProduct("4006381333931".into()),
        Error::WrongPin,
        Error::PinLocked("Ana".into(), 4),
        Error::StaffInactive("Ana".into()),
        Error::ManagerOnly,
        Error::Required { field: "Price" },
        Error::TooLong { field: "Name", max: 80 },
        Error::UnknownTimeZone("Europe/Atlantis".into()),
        Error::Duplicate { what: "SKU", key: "COFFEE".into() },
        Error::NotFound { what: "Product", key: "COFFEE".into() },
        Error::NoSuchVersion { order: 42, version: 9, latest: 7 },
        Error::NotYetOpened(42),
        Error::NoPrinter,
        Error::PrinterUnreachable { printer: PrinterPlace::Network { address: "10.0.0.5:9100".into() }, message: "connection refused".into() },
        Error::PrinterUnreachable { printer: PrinterPlace::Device { path: "/dev/usb/lp0".into() }, message: "permission denied".into() },
        Error::PrinterFailed("the text does not fit".into()),
        Error::Import("line 3: the price is missing".into()),
        Error::Write { path: "/tmp/day.csv".into(), message: "permission denied".into() },
        Error::NotSignedIn,
        Error::ImportExpired,
        Error::DeactivateSelf,
        Error::AlreadySetUp,
        Error::CurrencyInUse { from: "EUR".into(), to: "CHF".into() },
        Error::UnknownCommand("fly".into()),
        Error::BadArguments { message: "unknown field `x`".into() },
        Error::Reply("broken pipe".into()),
        Error::TillUnavailable,
        Error::Serve("address in use".into()),
        Error::Bench("no orders".into()),
        Error::ShopUnavailable("no shop server is set up".into()),
        Error::SaleOfOtherTill { reference: "T2-42".into(), till: "T2".into(), why: "the shop server does not answer".into() },
        Error::Required { field: "Address" }.at("address"),
    ]);
    all
}

/// Every message the core can send: one per error kind, and the sync's own.
pub fn every_message() -> Vec<Message> {
    let mut all: Vec<Message> = examples().iter().map(Error::message).collect();
    let unopenable = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(14), Some("unable to open database file".into()));
    all.push(crate::sync::unreadable(&unopenable));
    all.extend(crate::store::example_head_reports().into_iter().map(|(_, said)| said));
    all
}
