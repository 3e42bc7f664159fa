//! The one error type `pos-core` returns. Every variant has a stable `code`
//! (the UI switches on it) and a message a person can act on.

use std::collections::BTreeMap;

use crate::domain::OrderError;
use crate::message::{Message, Param};
use crate::money::AmountError;
use crate::printer::PrinterPlace;
use crate::problem::Problem;
use crate::read::RecordKey;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Order(#[from] OrderError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error("No product with SKU or barcode \"{0}\"")]
    UnknownProduct(String),
    #[error("Wrong staff code or PIN")]
    WrongPin,
    #[error("Too many wrong PINs: {0}'s PIN is locked for {1} more minutes")]
    PinLocked(String, i64),
    #[error("{0} is deactivated")]
    StaffInactive(String),
    #[error("Only a manager can do this")]
    ManagerOnly,
    #[error("{field} is required")]
    Required { field: &'static str },
    #[error("{field} is at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("\"{0}\" is not a time zone the till knows: use a name of the tz database such as Europe/Berlin or UTC")]
    UnknownTimeZone(String),
    #[error("{field}: {problem}")]
    Invalid { field: &'static str, problem: Problem },
    #[error("{what} \"{key}\" already exists")]
    Duplicate { what: &'static str, key: String },
    #[error("{what} \"{key}\" does not exist")]
    NotFound { what: &'static str, key: String },
    #[error("Order {order} has no version {version} (it has {latest})")]
    NoSuchVersion { order: i64, version: u32, latest: u32 },
    #[error("Order {0} did not exist yet at that time")]
    NotYetOpened(i64),
    /// A back-office record (a product, the shop, a staff member) asked at a version it does not have.
    #[error("{record} has no version {version} (it has {latest})")]
    NoSuchRecordVersion { record: RecordKey, version: u32, latest: u32 },
    #[error("{0} did not exist yet at that time")]
    NotYetRecorded(RecordKey),
    #[error("No receipt printer is set up on this till: a manager sets one up in the back office (Settings)")]
    NoPrinter,
    #[error("The {printer} did not take the receipt: {message}. Check it is on, has paper and is connected")]
    PrinterUnreachable { printer: PrinterPlace, message: String },
    #[error("The receipt could not be prepared for the printer: {0}")]
    PrinterFailed(String),
    #[error("{0}")]
    Import(String),
    #[error("Could not write {path}: {message}")]
    Write { path: String, message: String },
    #[error("Sign in first")]
    NotSignedIn,
    #[error("Pick the file again: this import is no longer pending")]
    ImportExpired,
    #[error("You cannot deactivate yourself while signed in")]
    DeactivateSelf,
    #[error("This shop is already set up; a manager adds staff in the back office")]
    AlreadySetUp,
    #[error("The shop's money is already recorded in {from}: its currency cannot change to {to} (every sale, refund and drawer count keeps the currency it was made in)")]
    CurrencyInUse { from: String, to: String },
    #[error("There is no command \"{0}\"")]
    UnknownCommand(String),
    #[error("{message}")]
    BadArguments { message: String },
    #[error("The till could not send its answer: {0}")]
    Reply(String),
    #[error("An earlier operation failed unexpectedly; restart the till")]
    TillUnavailable,
    #[error("The server could not start or answer: {0}")]
    Serve(String),
    #[error("The benchmark could not run: {0}")]
    Bench(String),
    /// The whole shop's view needs the shop server, and this till cannot
    /// reach it (or is not connected to one): the till's own view goes on.
    #[error("The whole shop cannot be shown: {0}. This till's own records are shown.")]
    ShopUnavailable(String),
    /// A receipt of another till's sale, scanned here: its till finds it.
    #[error("Sale {reference} was rung up on till {till}, and this till cannot read it now: {why}. Refund it on till {till}, or here once the shop server answers.")]
    SaleOfOtherTill { reference: String, till: String, why: String },
    /// The shop server could not be reached, or refused, or answered badly
    /// (from `sync::SyncError`, its code one of a fixed few).
    #[error("{message}")]
    ShopServer { code: &'static str, message: String, said: Message },
    /// `error`, about the input field named `field` (its key in the typed input).
    #[error("{error}")]
    Field { field: &'static str, error: Box<Error> },
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::Order(e) => e.code(),
            Error::Store(e) => e.code(),
            Error::Amount(_) => "invalid_amount",
            Error::UnknownProduct(_) => "unknown_product",
            Error::WrongPin => "wrong_pin",
            Error::AlreadySetUp => "already_set_up",
            Error::PinLocked(..) => "pin_locked",
            Error::StaffInactive(_) => "staff_inactive",
            Error::ManagerOnly => "manager_only",
            Error::Required { .. } => "required",
            Error::TooLong { .. } => "too_long",
            Error::Invalid { .. } => "invalid_input",
            Error::UnknownTimeZone(_) => "unknown_time_zone",
            Error::Duplicate { .. } => "duplicate",
            Error::NotFound { .. } => "not_found",
            Error::NoSuchVersion { .. } => "no_such_version",
            Error::NotYetOpened(_) => "not_yet_opened",
            Error::NoSuchRecordVersion { .. } => "no_such_version",
            Error::NotYetRecorded(_) => "not_yet_recorded",
            Error::NoPrinter => "no_printer",
            Error::PrinterUnreachable { .. } => "printer_unreachable",
            Error::PrinterFailed(_) => "printer_failed",
            Error::Import(_) => "import_failed",
            Error::Write { .. } => "write_failed",
            Error::NotSignedIn => "not_signed_in",
            Error::ImportExpired => "import_expired",
            Error::DeactivateSelf => "invalid_input",
            Error::CurrencyInUse { .. } => "currency_in_use",
            Error::UnknownCommand(_) => "unknown_command",
            Error::BadArguments { .. } => "invalid_input",
            Error::Reply(_) => "internal",
            Error::TillUnavailable => "till_unavailable",
            Error::Serve(_) => "serve_failed",
            Error::Bench(_) => "bench_failed",
            Error::ShopUnavailable(_) => "shop_unavailable",
            Error::SaleOfOtherTill { .. } => "sale_of_other_till",
            Error::ShopServer { code, .. } => code,
            Error::Field { error, .. } => error.code(),
        }
    }
}

impl Error {
    /// The key and parameters of this error's message, for a screen in any
    /// language (`error.<key>` in the UI's catalogs); `Display` is its English.
    pub fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Error::Order(e) => e.message(),
            Error::Store(e) => e.message(),
            Error::Amount(e) => e.message(),
            Error::UnknownProduct(code) => m("unknownProduct").text("code", code),
            Error::WrongPin => m("wrongPin"),
            Error::PinLocked(name, minutes) => m("pinLocked").text("name", name).number("minutes", *minutes),
            Error::StaffInactive(name) => m("staffInactive").text("name", name),
            Error::ManagerOnly => m("managerOnly"),
            Error::Required { field } => m("required").label("field", field),
            Error::TooLong { field, max } => m("tooLong").label("field", field).number("max", count(*max)),
            Error::UnknownTimeZone(zone) => m("unknownTimeZone").text("zone", zone),
            Error::Invalid { field, problem } => problem.message(field),
            Error::Duplicate { what, key } => m("duplicate").label("what", what).text("name", key),
            Error::NotFound { what, key } => m("notFound").label("what", what).text("name", key),
            Error::NoSuchVersion { order, version, latest } => {
                m("noSuchVersion").number("order", *order).number("version", *version).number("latest", *latest)
            }
            Error::NotYetOpened(order) => m("notYetOpened").number("order", *order),
            Error::NoSuchRecordVersion { record, version, latest } => record.without_version(*version, *latest),
            Error::NotYetRecorded(record) => record.not_yet_recorded(),
            Error::NoPrinter => m("noPrinter"),
            Error::PrinterUnreachable { printer, message } => printer.not_taking(message),
            Error::PrinterFailed(detail) => m("printerFailed").text("detail", detail),
            Error::Import(detail) => m("importFailed").text("detail", detail),
            Error::Write { path, message } => m("writeFailed").text("path", path).text("detail", message),
            Error::NotSignedIn => m("notSignedIn"),
            Error::ImportExpired => m("importExpired"),
            Error::DeactivateSelf => m("deactivateSelf"),
            Error::AlreadySetUp => m("alreadySetUp"),
            Error::CurrencyInUse { from, to } => m("currencyInUse").text("from", from).text("to", to),
            Error::UnknownCommand(name) => m("unknownCommand").text("name", name),
            Error::BadArguments { message } => m("badArguments").text("detail", message),
            Error::Reply(detail) => m("replyFailed").text("detail", detail),
            Error::TillUnavailable => m("tillUnavailable"),
            Error::Serve(detail) => m("serveFailed").text("detail", detail),
            Error::Bench(detail) => m("benchFailed").text("detail", detail),
            Error::ShopUnavailable(why) => m("shopUnavailable").text("why", why),
            Error::SaleOfOtherTill { reference, till, why } => {
                m("saleOfOtherTill").text("reference", reference).text("till", till).text("why", why)
            }
            Error::ShopServer { said, .. } => said.clone(),
            Error::Field { error, .. } => error.message(),
        }
    }
}

/// A count as a message's number (no count here comes near `i64::MAX`).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Checks a piece of free text typed by a person: trimmed, not empty (if
/// required), within `max` characters, control characters refused.
pub fn check_text(text: &str, field: &'static str, max: usize, required: bool) -> Result<String> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(Error::Required { field });
    }
    if t.chars().count() > max {
        return Err(Error::TooLong { field, max });
    }
    if t.chars().any(char::is_control) {
        return Err(Error::Invalid { field, problem: Problem::ControlCharacters });
    }
    Ok(t.to_string())
}

/// How an error crosses to a client: a stable code to switch on, a message
/// to show (in English), and the message's key and parameters for a screen
/// in another language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// The input field the error is about (its key in the arguments), when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// The message's key in the UI's catalogs (`error.<key>`); absent from
    /// an older till or server, whose `message` is then shown as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key: Option<String>,
    /// The message's parameters by name, each typed for the UI to format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub params: Option<BTreeMap<String, Param>>,
}

impl ErrorBody {
    /// A refusal with English words only (no catalog key): the UI shows `message`.
    pub fn untranslated(code: impl Into<String>, message: impl Into<String>) -> ErrorBody {
        ErrorBody { code: code.into(), message: message.into(), field: None, key: None, params: None }
    }
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        let field = match e {
            Error::Field { field, .. } => Some(field.to_string()),
            _ => None,
        };
        let said = e.message();
        ErrorBody {
            code: e.code().to_string(),
            message: e.to_string(),
            field,
            key: Some(said.key.to_string()),
            params: Some(said.params_by_name()),
        }
    }
}

impl Error {
    /// This error, about the input field `field`.
    pub fn at(self, field: &'static str) -> Error {
        Error::Field { field, error: Box::new(self) }
    }
}
