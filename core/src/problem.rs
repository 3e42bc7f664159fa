//! What is wrong with a value typed or sent (`Error::Invalid`): one variant
//! per thing a person can be told, its figures as fields. `Display` gives
//! the English the CLI, the logs and the shop server read; `message` gives
//! the key and params a screen in any language fills in.

use rust_decimal::Decimal;

use crate::message::Message;
use crate::money::{self, UnknownCurrency};

/// Why a value of a field was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Text with control characters (a tab, a line break where none fits).
    ControlCharacters,
    /// A language receipts are not printed in.
    PrintLanguage,
    /// A printer's address or device path with spaces or control characters.
    SpacesOrControlCharacters,
    /// A SKU with a space in it.
    NoSpaces,
    /// A barcode with anything but letters and digits.
    LettersAndDigitsOnly,
    /// A percentage over `max` (the tax rate's highest).
    PercentOver { max: Decimal },
    /// A percentage of the policy over 100.
    Over100,
    /// A PIN that is not `min` to `max` digits.
    PinDigits { min: usize, max: usize },
    /// A new PIN a thief would try first.
    PinTooEasy(WeakPin),
    /// The PIN typed again is not the PIN typed first.
    PinsDiffer,
    /// A till id with other characters than letters, digits and dashes.
    TillId,
    /// Not a sale's number: `example` is one of this till's, `typed` what was typed.
    SaleNumber { example: String, typed: String },
    /// Not an order's number (42 or T1-42).
    OrderNumber { typed: String },
    /// Not an address of a shop server.
    ServerAddress { typed: String },
    /// A command id that is not a UUID.
    Uuid,
    /// The whole shop's audit trail asked for as one CSV.
    ExportPerTill,
    /// Not an instant in RFC 3339.
    DateTime,
    /// A receipt printer's line width outside `min..=max` characters.
    LineWidth { min: u8, max: u8 },
    /// A device path that is not absolute.
    DevicePath,
    /// A currency code that is not three letters.
    CurrencyCode,
    /// Three letters that are no currency of coins and notes.
    UnknownCurrency(UnknownCurrency),
    /// A smallest coin for cash no larger than the currency's smallest amount.
    CoinTooSmall { smallest: Decimal, unit: u32 },
    /// Another till keeps its books in another currency than this one.
    TillCurrency { till: String, theirs: String, ours: String },
    /// Minutes on the order that are not a whole number from 0 to `max`.
    Minutes { max: u32 },
    /// "When the line is old or dear" picked with neither condition.
    LineRemovalCondition,
    /// The most off any order set below the cashier's own limit.
    BelowCashierLimit { limit: Decimal },
    /// Words from outside the till (serde's, the OS's, a library's) or from
    /// the command line only, shown as they are.
    Said(String),
}

/// Why a new PIN is too easy to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeakPin {
    /// 1111.
    AllOneDigit,
    /// 1234 or 9876.
    Run,
}

impl std::fmt::Display for WeakPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WeakPin::AllOneDigit => "not all one digit",
            WeakPin::Run => "not a run such as 1234 or 4321",
        })
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use Problem::*;
        match self {
            ControlCharacters => f.write_str("control characters are not allowed"),
            SpacesOrControlCharacters => f.write_str("spaces and control characters are not allowed"),
            NoSpaces => f.write_str("no spaces allowed"),
            LettersAndDigitsOnly => f.write_str("letters and digits only"),
            PercentOver { max } => write!(f, "at most {}%", max.normalize()),
            Over100 => f.write_str("at most 100"),
            PinDigits { min, max } => write!(f, "use {min} to {max} digits"),
            PinTooEasy(rule) => write!(f, "too easy to guess: {rule}"),
            PinsDiffer => f.write_str("the two PINs differ; type the same PIN twice"),
            TillId => f.write_str("use letters, digits and dashes, e.g. T2"),
            PrintLanguage => f.write_str("choose English (en) or German (de)"),
            SaleNumber { example, typed } => write!(f, "a sale's number like {example}, not \"{typed}\""),
            OrderNumber { typed } => write!(f, "a number like 42 or T1-42, not \"{typed}\""),
            ServerAddress { typed } => write!(f, "an address like http://192.168.1.10:8470 or https://shop.local:8470, not \"{typed}\""),
            Uuid => f.write_str("must be a UUID"),
            ExportPerTill => f.write_str("the CSV holds one till's trail with its chain head; export it on each till"),
            DateTime => f.write_str("must be a date and time like 2026-11-23T10:15:00Z"),
            LineWidth { min, max } => write!(f, "between {min} and {max} characters (80 mm paper: 42 or 48; 58 mm: 32)"),
            DevicePath => f.write_str("a full path, such as /dev/usb/lp0"),
            CurrencyCode => f.write_str("use a three-letter code such as EUR"),
            UnknownCurrency(e) => write!(f, "{e}"),
            CoinTooSmall { smallest, unit } => write!(f, "leave it empty, or give a coin larger than {}", money::format(*smallest, *unit)),
            TillCurrency { till, theirs, ours } => write!(f, "till {till} keeps its books in {theirs}, this till in {ours}"),
            Minutes { max } => write!(f, "a whole number of minutes from 0 to {max}"),
            LineRemovalCondition => f.write_str("give minutes, an amount or both (or pick never or always)"),
            BelowCashierLimit { limit } => write!(f, "at least the cashier's limit, {}%", limit.normalize()),
            Said(text) => f.write_str(text),
        }
    }
}

/// A count as a message's number (no count here comes near `i64::MAX`).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Problem {
    /// "`field`: `self`", as a message: one key per problem, `field` as a
    /// term, the problem's figures as params.
    pub fn message(&self, field: &str) -> Message {
        use Problem::*;
        let m = |key: &'static str| Message::new(key).label("field", field);
        match self {
            ControlCharacters => m("invalidControlCharacters"),
            SpacesOrControlCharacters => m("invalidSpacesOrControlCharacters"),
            NoSpaces => m("invalidNoSpaces"),
            LettersAndDigitsOnly => m("invalidLettersAndDigitsOnly"),
            PercentOver { max } => m("invalidPercentOver").percent("max", *max),
            Over100 => m("invalidOver100"),
            PinDigits { min, max } => m("invalidPinDigits").number("min", count(*min)).number("max", count(*max)),
            PinTooEasy(WeakPin::AllOneDigit) => m("invalidPinAllOneDigit"),
            PinTooEasy(WeakPin::Run) => m("invalidPinRun"),
            PinsDiffer => m("invalidPinsDiffer"),
            TillId => m("invalidTillId"),
            PrintLanguage => m("invalidPrintLanguage"),
            SaleNumber { example, typed } => m("invalidSaleNumber").text("example", example).text("typed", typed),
            OrderNumber { typed } => m("invalidOrderNumber").text("typed", typed),
            ServerAddress { typed } => m("invalidServerAddress").text("typed", typed),
            Uuid => m("invalidUuid"),
            ExportPerTill => m("invalidExportPerTill"),
            DateTime => m("invalidDateTime"),
            LineWidth { min, max } => m("invalidLineWidth").number("min", *min).number("max", *max),
            DevicePath => m("invalidDevicePath"),
            CurrencyCode => m("invalidCurrencyCode"),
            UnknownCurrency(e) => m("invalidUnknownCurrency").text("code", &e.code),
            CoinTooSmall { smallest, unit } => m("invalidCoinTooSmall").amount("smallest", money::round(*smallest, *unit)),
            TillCurrency { till, theirs, ours } => m("invalidTillCurrency").text("till", till).text("theirs", theirs).text("ours", ours),
            Minutes { max } => m("invalidMinutes").number("max", *max),
            LineRemovalCondition => m("invalidLineRemovalCondition"),
            BelowCashierLimit { limit } => m("invalidBelowCashierLimit").percent("limit", *limit),
            Said(text) => m("invalid").text("problem", text),
        }
    }

    /// One of every kind of problem with a field it is found in, for the
    /// tests that every message is in the catalogs.
    pub fn examples() -> Vec<(&'static str, Problem)> {
        use Problem::*;
        let typed = || "T1 42".to_string();
        vec![
            ("Name", ControlCharacters),
            ("Address", SpacesOrControlCharacters),
            ("SKU", NoSpaces),
            ("Barcode", LettersAndDigitsOnly),
            ("Tax rate", PercentOver { max: Decimal::ONE_HUNDRED }),
            ("Cashier's discount limit (%)", Over100),
            ("PIN", PinDigits { min: 4, max: 12 }),
            ("PIN", PinTooEasy(WeakPin::AllOneDigit)),
            ("PIN", PinTooEasy(WeakPin::Run)),
            ("PIN again", PinsDiffer),
            ("Till id", TillId),
            ("Language", PrintLanguage),
            ("Receipt number", SaleNumber { example: "T1-42".into(), typed: typed() }),
            ("Order number", OrderNumber { typed: typed() }),
            ("Shop server", ServerAddress { typed: "shop local".into() }),
            ("Command id", Uuid),
            ("Scope", ExportPerTill),
            ("The time", DateTime),
            ("Line width", LineWidth { min: 32, max: 64 }),
            ("Device", DevicePath),
            ("Currency", CurrencyCode),
            ("Currency", UnknownCurrency(money::UnknownCurrency { code: "XAU".into() })),
            ("Smallest coin for cash", CoinTooSmall { smallest: Decimal::new(1, 2), unit: 2 }),
            ("Currency", TillCurrency { till: "T2".into(), theirs: "CHF".into(), ours: "EUR".into() }),
            ("Minutes on the order", Minutes { max: 1440 }),
            ("Line removal", LineRemovalCondition),
            ("Most off any order (%)", BelowCashierLimit { limit: Decimal::new(125, 1) }),
            ("Policy", Said("expected value at line 1 column 1".into())),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Param;

    #[test]
    fn each_problem_reads_as_the_refusals_always_have() {
        // Given problems with figures
        let coin = Problem::CoinTooSmall { smallest: Decimal::new(1, 2), unit: 2 };
        let limit = Problem::BelowCashierLimit { limit: Decimal::new(1000, 2) };
        let pin = Problem::PinTooEasy(WeakPin::Run);
        // Then each is worded as before it was typed
        assert_eq!(coin.to_string(), "leave it empty, or give a coin larger than 0.01");
        assert_eq!(limit.to_string(), "at least the cashier's limit, 10%");
        assert_eq!(pin.to_string(), "too easy to guess: not a run such as 1234 or 4321");
    }

    #[test]
    fn a_problem_has_its_own_key_with_the_field_as_a_term_and_its_figures_typed() {
        // Given a line width out of bounds, on its field
        let m = Problem::LineWidth { min: 32, max: 64 }.message("Line width");
        // Then the key names the problem, the field is a term, the bounds numbers
        assert_eq!(m.key, "invalidLineWidth");
        let params = m.params_by_name();
        assert_eq!(params["field"], Param::Term("field.lineWidth".into()));
        assert_eq!((params["min"].clone(), params["max"].clone()), (Param::Number(32), Param::Number(64)));
    }

    #[test]
    fn words_from_outside_the_till_keep_the_general_key() {
        // Given a problem in a library's words
        let m = Problem::Said("expected value".into()).message("Policy");
        // Then it travels under `invalid`, its words as text
        assert_eq!((m.key, m.params_by_name()["problem"].clone()), ("invalid", Param::Text("expected value".into())));
    }
}
