//! An error's message as data, for a screen in any language: a stable key
//! (`error.<key>` in the UI's catalogs, ui/src/lib/i18n) and its parameters,
//! typed so that the UI formats each one as the language shown writes it.
//! Every error's English `Display` text stays as it is: the CLI, the logs and
//! the shop server read it, and the UI falls back to it.

mod examples;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One parameter of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Param {
    /// Shown as it is: a name, a code, a number like `T1-42`, or words from
    /// outside the till (the OS's, SQLite's, the shop server's).
    Text(String),
    /// A whole number.
    Number(i64),
    /// Money in the shop's currency, a decimal string ("12.50").
    Amount(String),
    /// A percentage, a decimal string ("12.5" for 12.5%).
    Percent(String),
    /// A calendar day, "2026-11-23".
    Date(String),
    /// A word the catalog translates, by its key ("field.price").
    Term(String),
}

/// An error's key and parameters; see [`crate::error::Error::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// camelCase, one per kind of refusal: the catalogs' `error.<key>`.
    pub key: &'static str,
    pub params: Vec<(&'static str, Param)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message { key, params: Vec::new() }
    }

    fn with(mut self, name: &'static str, param: Param) -> Message {
        self.params.push((name, param));
        self
    }

    pub fn text(self, name: &'static str, value: impl ToString) -> Message {
        self.with(name, Param::Text(value.to_string()))
    }

    pub fn number(self, name: &'static str, value: impl Into<i64>) -> Message {
        self.with(name, Param::Number(value.into()))
    }

    pub fn amount(self, name: &'static str, value: Decimal) -> Message {
        self.with(name, Param::Amount(value.to_string()))
    }

    pub fn percent(self, name: &'static str, value: Decimal) -> Message {
        self.with(name, Param::Percent(value.normalize().to_string()))
    }

    pub fn date(self, name: &'static str, value: chrono::NaiveDate) -> Message {
        self.with(name, Param::Date(value.format("%Y-%m-%d").to_string()))
    }

    /// A catalog key (`orderStatus.open`), translated by the UI.
    pub fn term(self, name: &'static str, key: String) -> Message {
        self.with(name, Param::Term(key))
    }

    /// A field or thing the core names in English ("Price"): its catalog
    /// key (`field.price`) when [`TERMS`] has it, else the English word.
    pub fn label(self, name: &'static str, english: &str) -> Message {
        match term_key(english) {
            Some(key) => self.with(name, Param::Term(format!("field.{key}"))),
            None => self.text(name, english),
        }
    }

    /// The parameters by name, as `ErrorBody` carries them.
    pub fn params_by_name(&self) -> BTreeMap<String, Param> {
        self.params.iter().map(|(name, p)| (name.to_string(), p.clone())).collect()
    }

    /// The parameters' names, sorted.
    pub fn param_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.params.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names
    }
}

/// Every field and thing the core names in a message, in English as the
/// core writes it, with its catalog key under `field.`.
pub const TERMS: &[(&str, &str)] = &[
    ("Address", "address"),
    ("Amount", "amount"),
    ("Barcode", "barcode"),
    ("Barcode or SKU", "barcodeOrSku"),
    ("Card", "card"),
    ("Cash", "cash"),
    ("Cashier's cash move limit", "cashierCashMoveMax"),
    ("Cashier's discount limit (%)", "cashierDiscountPercentMax"),
    ("Cashier's discount limit (amount)", "cashierDiscountAmountMax"),
    ("Cashier's refund limit", "cashierRefundAmountMax"),
    ("Certificate authority", "certificateAuthority"),
    ("Command id", "commandId"),
    ("Counted", "counted"),
    ("Currency", "currency"),
    ("Device", "device"),
    ("Discount amount", "discountAmount"),
    ("Discount percent", "discountPercent"),
    ("Drawer variance allowed", "varianceMax"),
    ("Enrolment code", "enrolmentCode"),
    ("From", "from"),
    ("Language", "language"),
    ("Line removal", "lineRemoval"),
    ("Line width", "lineWidth"),
    ("Line worth over", "lineWorthOver"),
    ("Minimum amount", "minimumAmount"),
    ("Minimum total", "minimumTotal"),
    ("Minutes on the order", "minutesOnOrder"),
    ("Most off any order (%)", "discountPercentHardMax"),
    ("Name", "name"),
    ("Order number", "orderNumber"),
    ("PIN", "pin"),
    ("PIN again", "pinAgain"),
    ("Policy", "policy"),
    ("Price", "price"),
    ("Printer", "printer"),
    ("Product", "product"),
    ("Receipt number", "receiptNumber"),
    ("Refund", "refund"),
    ("SKU", "sku"),
    ("Sale", "sale"),
    ("Scope", "scope"),
    ("Search", "search"),
    ("Shift", "shift"),
    ("Shift event", "shiftEvent"),
    ("Shop", "shop"),
    ("Shop address", "shopAddress"),
    ("Shop name", "shopName"),
    ("Shop server", "shopServer"),
    ("Shop settings", "shopSettings"),
    ("Smallest coin for cash", "smallestCoin"),
    ("Staff code", "staffCode"),
    ("Staff member", "staffMember"),
    ("Tax rate", "taxRate"),
    ("Terminal", "terminal"),
    ("The time", "time"),
    ("Till", "till"),
    ("Till id", "tillId"),
    ("Time zone", "timeZone"),
    ("To", "to"),
    ("Z report", "zReport"),
    ("Z report event", "zReportEvent"),
];

/// The catalog key (without `field.`) of a field or thing named in English.
pub fn term_key(english: &str) -> Option<&'static str> {
    TERMS.iter().find(|(en, _)| *en == english).map(|(_, key)| *key)
}

pub use examples::{every_message, examples};

/// Every message key the core sends with its parameters' names, from
/// [`every_message`]; `None` when one key is sent with different names.
pub fn keys() -> Option<BTreeMap<&'static str, Vec<&'static str>>> {
    let mut keys: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
    for m in every_message() {
        let names = m.param_names();
        match keys.get(m.key) {
            Some(known) if *known != names => return None,
            _ => {
                keys.insert(m.key, names);
            }
        }
    }
    Some(keys)
}

/// Every catalog key a message's `Term` param can name: the fields and
/// things of [`TERMS`] and the order statuses.
pub fn term_keys() -> Vec<String> {
    use crate::domain::OrderStatus::{Confirmed, New, Open, Voided};
    let statuses = [New, Open, Confirmed, Voided].into_iter().map(|s| format!("orderStatus.{}", s.as_str()));
    TERMS.iter().map(|(_, key)| format!("field.{key}")).chain(statuses).collect()
}

/// `ui/src/bindings/errorKeys.ts`: every message key with its params'
/// names, and every term, for the UI's test that its catalogs have them.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from pos_core::message (core/tests/bindings.rs); do not edit.\n\n\
         /** Every message key the core sends (`error.<key>` in the catalogs), with its params' names. */\n\
         export const ERROR_KEYS: Record<string, readonly string[]> = {\n",
    );
    for (key, names) in keys().unwrap_or_default() {
        let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        out.push_str(&format!("  {key}: [{}],\n", names.join(", ")));
    }
    out.push_str("};\n\n/** Every catalog key a `term` param names. */\nexport const TERM_KEYS: readonly string[] = [\n");
    for key in term_keys() {
        out.push_str(&format!("  \"{key}\",\n"));
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_known_field_travels_as_its_catalog_key_an_unknown_one_as_its_words() {
        // Given a message naming a field the terms know and one they do not
        let m = Message::new("required").label("field", "Price").label("other", "--db");
        // Then the first is a term to translate, the second plain text
        assert_eq!(m.params, vec![("field", Param::Term("field.price".into())), ("other", Param::Text("--db".into()))]);
    }

    #[test]
    fn parameters_keep_their_kind_and_exact_value() {
        // Given a message with an amount, a percent, a number and a date
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let m = Message::new("x").amount("due", dec!(12.50)).percent("p", dec!(12.50)).number("n", 3u32).date("day", day);
        // Then each crosses with its kind, the amount digit for digit, the percent without trailing zeros
        let by_name = m.params_by_name();
        assert_eq!(by_name["due"], Param::Amount("12.50".into()));
        assert_eq!(by_name["p"], Param::Percent("12.5".into()));
        assert_eq!(by_name["n"], Param::Number(3));
        assert_eq!(by_name["day"], Param::Date("2026-11-23".into()));
        assert_eq!(m.param_names(), vec!["day", "due", "n", "p"]);
    }

    #[test]
    fn a_param_crosses_as_kind_and_value() {
        // When a param is written as JSON
        let json = serde_json::to_value(Param::Amount("3.00".into())).unwrap();
        // Then the UI reads its kind and its value
        assert_eq!(json, serde_json::json!({ "kind": "amount", "value": "3.00" }));
    }

    #[test]
    fn terms_are_unique_in_both_directions() {
        let mut english: Vec<&str> = TERMS.iter().map(|(e, _)| *e).collect();
        let mut keys: Vec<&str> = TERMS.iter().map(|(_, k)| *k).collect();
        english.sort_unstable();
        keys.sort_unstable();
        english.dedup();
        keys.dedup();
        assert_eq!((english.len(), keys.len()), (TERMS.len(), TERMS.len()));
    }

    /// The UI's English catalog (ui/src/lib/i18n/en.ts), one `"key": "text",` a line.
    fn english_catalog() -> BTreeMap<String, String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/i18n/en.ts");
        let source = std::fs::read_to_string(path).expect("en.ts");
        source.lines().filter_map(|line| catalog_line(line.trim())).collect()
    }

    /// `"key": "text",` as key and text (`\"`, `\\` and `\u00a0` read back).
    fn catalog_line(line: &str) -> Option<(String, String)> {
        let (key, rest) = line.strip_prefix('"')?.split_once("\": \"")?;
        let literal = rest.strip_suffix("\",")?;
        let text = literal.replace("\\\"", "\"").replace("\\u00a0", "\u{a0}").replace("\\\\", "\\");
        Some((key.to_string(), text))
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// A message in English as the UI's catalog writes it, each param as
    /// the English screen shows it (a term by its English word).
    fn in_english(m: &Message, catalog: &BTreeMap<String, String>) -> Option<String> {
        let mut text = catalog.get(&format!("error.{}", m.key))?.clone();
        for (name, param) in &m.params {
            let shown = match param {
                Param::Text(s) | Param::Amount(s) | Param::Percent(s) | Param::Date(s) => s.clone(),
                Param::Number(n) => n.to_string(),
                Param::Term(key) => catalog.get(key)?.clone(),
            };
            text = text.replace(&format!("{{{name}}}"), &shown);
        }
        Some(text)
    }

    #[test]
    fn every_key_is_sent_with_the_same_params() {
        // Given one error of every kind
        // Then no key is sent with two different sets of params
        let keys = keys().expect("a key sent with different params");
        assert!(keys.len() > 100, "{} keys", keys.len());
    }

    #[test]
    fn every_message_is_in_the_english_catalog_with_its_params_as_placeholders() {
        // Given the UI's English catalog
        let catalog = english_catalog();
        // When every key the core sends is looked up there
        let mut wrong = Vec::new();
        for (key, names) in keys().unwrap_or_default() {
            match catalog.get(&format!("error.{key}")) {
                None => wrong.push(format!("error.{key} missing")),
                // Then its placeholders are exactly the params the core sends
                Some(text) if placeholders(text) != names => wrong.push(format!("error.{key}: {:?} ≠ {names:?}", placeholders(text))),
                Some(_) => {}
            }
        }
        for key in term_keys() {
            if !catalog.contains_key(&key) {
                wrong.push(format!("{key} missing"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_english_screen_says_what_the_core_says() {
        // Given one error of every kind and the UI's English catalog
        let catalog = english_catalog();
        // When each is written from its key and params
        let differ: Vec<String> = examples()
            .iter()
            .filter_map(|e| {
                let shown = in_english(&e.message(), &catalog);
                (shown.as_deref() != Some(e.to_string().as_str())).then(|| format!("{}: {shown:?} ≠ {:?}", e.message().key, e.to_string()))
            })
            .collect();
        // Then it reads as the core's own English message
        assert!(differ.is_empty(), "{differ:#?}");
    }

    #[test]
    fn the_english_screen_reports_a_head_check_as_the_core_does() {
        // Given a report of every finding of a head check, and the UI's English catalog
        let catalog = english_catalog();
        // When each is written from its key and params
        let differ: Vec<String> = crate::store::example_head_reports()
            .into_iter()
            .filter_map(|(english, said)| {
                let shown = in_english(&said, &catalog);
                (shown.as_deref() != Some(english.as_str())).then(|| format!("{}: {shown:?} ≠ {english:?}", said.key))
            })
            .collect();
        // Then it reads as the report's own English
        assert!(differ.is_empty(), "{differ:#?}");
    }
}
