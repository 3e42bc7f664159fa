//! Shop settings: a key/value table. The shop's details and discount policy
//! in it are a projection of the shop stream's `SettingsChanged` and
//! `PolicyChanged` events (`PROJECTED_KEYS`); the snapshot interval is a
//! setting of this file alone. Outside the core, they are read and saved
//! through `Till`'s methods.

use rust_decimal::Decimal;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Policy, SettingsChanged, ShopDetails};
use crate::error::{check_text, Error, Result};
use crate::language::Language;
use crate::limits::{AMOUNT_MAX, CODE_CHARS_MAX, SNAPSHOT_INTERVAL_DEFAULT, TEXT_CHARS_MAX};
use crate::money::{parse_amount, Currency};
use crate::problem::Problem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub shop_name: String,
    pub shop_address: String,
    /// ISO 4217 code shown beside amounts, e.g. "EUR".
    pub currency: String,
    /// How many decimals the currency's money has (ISO 4217: JPY 0, EUR 2, KWD 3).
    pub minor_unit: u32,
    /// The smallest coin a cash payment is rounded to (e.g. 0.05 for CHF);
    /// none: cash is taken to the minor unit.
    #[ts(type = "string | null")]
    pub cash_coin: Option<Decimal>,
    /// The shop's time zone in force (an IANA name such as "Europe/Berlin"):
    /// days are cut and times shown in it.
    pub time_zone: String,
    /// Whether that is the system's zone because the shop names none.
    pub time_zone_from_system: bool,
    /// The language receipts and reports are printed in.
    pub language: Language,
    pub policy: Policy,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shop_name: "My Shop".into(),
            shop_address: String::new(),
            currency: "EUR".into(),
            minor_unit: 2,
            cash_coin: None,
            time_zone: crate::zone::system().name().to_string(),
            time_zone_from_system: true,
            language: Language::En,
            policy: Policy::default(),
        }
    }
}

/// Settings as typed into the back office (amounts as text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    pub shop_name: String,
    pub shop_address: String,
    pub currency: String,
    /// The smallest coin for cash, e.g. "0.05"; empty for none.
    #[serde(default)]
    pub cash_coin: String,
    /// The shop's time zone, e.g. "Europe/Berlin"; empty or absent: the system's.
    #[serde(default)]
    pub time_zone: String,
    /// The language receipts and reports are printed in ("en", "de");
    /// empty or absent: English.
    #[serde(default)]
    pub language: String,
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
        .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn load(conn: &Connection) -> Result<Settings> {
    let d = Settings::default();
    let currency = get(conn, "currency")?.unwrap_or(d.currency);
    let time_zone = get(conn, "time_zone")?;
    Ok(Settings {
        shop_name: get(conn, "shop_name")?.unwrap_or(d.shop_name),
        shop_address: get(conn, "shop_address")?.unwrap_or(d.shop_address),
        minor_unit: Currency::of_stored(&currency).minor_unit,
        currency,
        cash_coin: get(conn, "cash_coin")?.and_then(|v| v.parse::<Decimal>().ok()),
        time_zone_from_system: time_zone.is_none(),
        time_zone: time_zone.unwrap_or(d.time_zone),
        language: Language::of_stored(get(conn, "language")?.as_deref()),
        policy: load_policy(conn)?,
    })
}

/// The policy, one JSON value under `policy`. A database from before it
/// had one percent threshold per discount: that becomes the cashier's
/// percent limit (the other figures are the defaults).
fn load_policy(conn: &Connection) -> Result<Policy> {
    if let Some(policy) = get(conn, "policy")?.and_then(|v| serde_json::from_str::<Policy>(&v).ok()) {
        return Ok(policy);
    }
    let mut policy = Policy::default();
    if let Some(threshold) = get(conn, "discount_percent_max_unapproved")?.and_then(|v| v.parse::<Decimal>().ok()) {
        policy.cashier.discount_percent_max = threshold;
        policy.discount_percent_hard_max = policy.discount_percent_hard_max.max(threshold);
    }
    Ok(policy)
}

/// The keys the shop stream's events write (and a rebuild rewrites).
pub(crate) const PROJECTED_KEYS: &[&str] = &["shop_name", "shop_address", "currency", "cash_coin", "time_zone", "language", "policy"];

/// Keys a database from before the policy kept its one threshold in.
const OLD_POLICY_KEYS: &[&str] = &["discount_percent_max_unapproved", "amount_discount_needs_manager"];

/// Checks the shop's details as typed.
pub(crate) fn validate(input: &SettingsInput) -> Result<ShopDetails> {
    let shop_name = check_text(&input.shop_name, "Shop name", TEXT_CHARS_MAX, true)?;
    let shop_address = check_text_multiline(&input.shop_address, "Shop address")?;
    let currency = check_currency(&input.currency)?;
    let cash_coin = check_cash_coin(&input.cash_coin, &currency)?;
    let time_zone = check_time_zone(&input.time_zone)?;
    let language = Language::check(&input.language)?;
    Ok(ShopDetails { shop_name, shop_address, currency: currency.code, cash_coin, time_zone, language })
}

/// The shop's time zone as typed: empty for the system's, else a name of
/// the tz database.
fn check_time_zone(text: &str) -> Result<Option<String>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(crate::zone::check(text)?.name().to_string()))
}

/// An ISO 4217 code of a currency with coins and notes (any case).
pub(crate) fn check_currency(text: &str) -> Result<Currency> {
    let code = check_text(text, "Currency", CODE_CHARS_MAX, true)?.to_uppercase();
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Error::Invalid { field: "Currency", problem: Problem::CurrencyCode });
    }
    Currency::of(&code).map_err(|e| Error::Invalid { field: "Currency", problem: Problem::UnknownCurrency(e) })
}

/// The smallest coin for cash: empty for none, else an amount of the
/// currency greater than its smallest unit, e.g. 0.05.
fn check_cash_coin(text: &str, currency: &Currency) -> Result<Option<Decimal>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let coin = parse_amount(text, "Smallest coin for cash", AMOUNT_MAX, currency.minor_unit)?;
    if coin <= currency.smallest() {
        return Err(Error::Invalid { field: "Smallest coin for cash", problem: Problem::CoinTooSmall { smallest: currency.smallest(), unit: currency.minor_unit } });
    }
    Ok(Some(coin))
}

impl Settings {
    pub(crate) fn details(&self) -> ShopDetails {
        ShopDetails {
            shop_name: self.shop_name.clone(),
            shop_address: self.shop_address.clone(),
            currency: self.currency.clone(),
            cash_coin: self.cash_coin,
            time_zone: (!self.time_zone_from_system).then(|| self.time_zone.clone()),
            language: self.language.recorded(),
        }
    }

    /// The shop's time zone: days are cut and times printed in it.
    pub fn zone(&self) -> chrono_tz::Tz {
        crate::zone::named(&self.time_zone)
    }

    /// The shop's currency with its minor unit.
    pub fn money(&self) -> Currency {
        Currency { code: self.currency.clone(), minor_unit: self.minor_unit }
    }

    /// Formats an amount in the shop's currency: receipts and reports.
    pub fn format(&self, amount: Decimal) -> String {
        crate::money::format(amount, self.minor_unit)
    }
}

/// Whether any key the shop stream's events write (or an older build wrote) is stored.
pub(crate) fn stored(conn: &Connection) -> Result<bool> {
    let keys: Vec<&str> = PROJECTED_KEYS.iter().chain(OLD_POLICY_KEYS).copied().collect();
    let placeholders = vec!["?"; keys.len()].join(", ");
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM settings WHERE key IN ({placeholders})"),
        rusqlite::params_from_iter(keys),
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// How many decimals the shop's money has.
pub(crate) fn minor_unit(conn: &Connection) -> Result<u32> {
    Ok(get(conn, "currency")?.map_or(Settings::default().minor_unit, |c| Currency::of_stored(&c).minor_unit))
}

/// Projects a `SettingsChanged`.
pub(crate) fn project_details(conn: &Connection, e: &SettingsChanged) -> Result<()> {
    put(conn, "shop_name", &e.shop_name)?;
    put(conn, "shop_address", &e.shop_address)?;
    put(conn, "currency", &e.currency)?;
    match &e.time_zone {
        Some(zone) => put(conn, "time_zone", zone)?,
        None => delete(conn, "time_zone")?,
    }
    match &e.language {
        Some(tag) => put(conn, "language", tag)?,
        None => delete(conn, "language")?,
    }
    match e.cash_coin {
        Some(coin) => put(conn, "cash_coin", &coin.to_string()),
        None => delete(conn, "cash_coin"),
    }
}

fn delete(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([key])?;
    Ok(())
}

/// Projects a `PolicyChanged`: the whole policy as one JSON value.
pub(crate) fn project_policy(conn: &Connection, policy: &Policy) -> Result<()> {
    let json = serde_json::to_string(policy).map_err(|e| Error::Invalid { field: "Policy", problem: Problem::Said(e.to_string()) })?;
    put(conn, "policy", &json)
}

/// An address may span lines; other control characters are refused.
fn check_text_multiline(text: &str, field: &'static str) -> Result<String> {
    let t = text.trim();
    if t.chars().count() > TEXT_CHARS_MAX {
        return Err(Error::TooLong { field, max: TEXT_CHARS_MAX });
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::Invalid { field, problem: Problem::ControlCharacters });
    }
    Ok(t.replace("\r\n", "\n"))
}

pub(crate) fn snapshot_interval(conn: &Connection) -> Result<u32> {
    Ok(get(conn, "snapshot_interval")?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|v| *v > 0)
        .unwrap_or(SNAPSHOT_INTERVAL_DEFAULT))
}

pub(crate) fn set_snapshot_interval(conn: &Connection, interval: u32) -> Result<()> {
    put(conn, "snapshot_interval", &interval.max(1).to_string())
}
