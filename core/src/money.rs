//! Money: `rust_decimal`, never a float, with one rounding rule, in the
//! currency's minor unit (ISO 4217: JPY 0 decimals, EUR 2, KWD 3).
//!
//! Rounding happens at exactly three documented points, always to the
//! currency's minor unit with half away from zero:
//! 1. a percent discount's amount (line or order);
//! 2. an order discount's share allocated to a tax rate;
//! 3. the tax contained in each tax rate's total.
//! Line values (unit price × whole quantity) are exact and need no rounding.
//! A fourth, optional, is the shop's own: the amount due in cash rounded to
//! the smallest coin (`cash_due`), never the order's total.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;

use crate::limits::AMOUNT_MAX;

/// The minor unit every amount had before the currency's own was recorded:
/// an event without a currency keeps this meaning.
pub const LEGACY_MINOR_UNIT: u32 = 2;
/// Percentages (discounts, tax rates) have at most this many decimals,
/// whatever the currency.
const PERCENT_SCALE: u32 = 2;
/// Amounts in indexes and numeric filters are kept in hundredths.
const INDEX_SCALE: u32 = 2;
/// The most decimals any ISO 4217 currency has (CLF, UYW): what a search
/// filter accepts, whatever the shop's currency.
pub const MINOR_UNIT_MAX: u32 = 4;

/// A currency as money is recorded in it: its ISO 4217 code and minor unit
/// (how many decimals its amounts have). Recorded whole in the events, so
/// history keeps its meaning whatever the shop's currency later is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Currency {
    pub code: String,
    pub minor_unit: u32,
}

impl Default for Currency {
    fn default() -> Self {
        Currency { code: "EUR".into(), minor_unit: 2 }
    }
}

/// Why a currency code was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} is not an ISO 4217 currency of coins and notes (e.g. EUR, JPY, KWD)")]
pub struct UnknownCurrency {
    pub code: String,
}

impl Currency {
    /// The currency of an ISO 4217 code (any case), with its minor unit;
    /// codes without one (gold, test codes) are refused.
    pub fn of(code: &str) -> Result<Currency, UnknownCurrency> {
        let code = code.trim().to_uppercase();
        let iso = iso_currency::Currency::from_code(&code).ok_or_else(|| UnknownCurrency { code: code.clone() })?;
        let minor_unit = iso.exponent().ok_or_else(|| UnknownCurrency { code: code.clone() })?;
        Ok(Currency { code, minor_unit: u32::from(minor_unit) })
    }

    /// The shop's currency as stored: an unknown code from before codes
    /// were checked keeps the two decimals it always had.
    pub fn of_stored(code: &str) -> Currency {
        Currency::of(code).unwrap_or_else(|_| Currency { code: code.to_string(), minor_unit: LEGACY_MINOR_UNIT })
    }

    /// The smallest amount: 1 for JPY, 0.01 for EUR, 0.001 for KWD.
    pub fn smallest(&self) -> Decimal {
        Decimal::new(1, self.minor_unit)
    }

    /// Rounds to this currency's minor unit.
    pub fn round(&self, amount: Decimal) -> Decimal {
        round(amount, self.minor_unit)
    }

    /// Formats with this currency's decimals.
    pub fn format(&self, amount: Decimal) -> String {
        format(amount, self.minor_unit)
    }

    /// The notes and coins a drawer count lists, largest first.
    pub fn denominations(&self) -> Vec<Decimal> {
        let listed: &[&str] = match self.code.as_str() {
            "EUR" => &["500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01"],
            "USD" => &["100", "50", "20", "10", "5", "2", "1", "0.25", "0.10", "0.05", "0.01"],
            "GBP" => &["50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01"],
            "CHF" => &["1000", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05"],
            "JPY" => &["10000", "5000", "2000", "1000", "500", "100", "50", "10", "5", "1"],
            "KWD" => &["20", "10", "5", "1", "0.500", "0.250", "0.100", "0.050", "0.020", "0.010", "0.005"],
            _ => return self.generic_denominations(),
        };
        listed.iter().map(|d| self.round(Decimal::from_str(d).expect("a listed denomination"))).collect()
    }

    /// 100, 50, 20, 10, 5, 2, 1… down to the smallest amount.
    fn generic_denominations(&self) -> Vec<Decimal> {
        let mut out = Vec::new();
        let mut decade = Decimal::ONE_HUNDRED;
        while decade >= self.smallest() {
            for d in [decade, decade / Decimal::TWO, decade / Decimal::from(5)] {
                if d >= self.smallest() && self.round(d) == d {
                    out.push(self.round(d));
                }
            }
            decade /= Decimal::TEN;
        }
        out
    }
}

/// The one rounding rule: half away from zero, to `minor_unit` decimals.
/// The result always carries exactly that many decimals, so amounts print alike.
pub fn round(amount: Decimal, minor_unit: u32) -> Decimal {
    let mut r = amount.round_dp_with_strategy(minor_unit, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(minor_unit);
    r
}

/// Rounds to a multiple of `coin` (the smallest coin for cash, e.g. 0.05),
/// half away from zero.
pub fn round_to_coin(amount: Decimal, coin: Decimal) -> Decimal {
    if coin <= Decimal::ZERO {
        return amount;
    }
    let units = (amount / coin).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let mut r = units * coin;
    r.rescale(amount.scale().max(coin.scale()));
    r
}

/// Amount in hundredths, for indexes and numeric filters.
pub fn to_minor(amount: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (round(amount, INDEX_SCALE) * Decimal::from(100)).to_i64().unwrap_or(i64::MAX)
}

/// The inverse of [`to_minor`].
pub fn from_minor(minor: i64) -> Decimal {
    Decimal::new(minor, INDEX_SCALE)
}

/// Why a typed amount was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} must be a number like 12.50 or 12,50, not \"{text}\"")]
    NotANumber { field: &'static str, text: String },
    #[error("{field} has more than {places} decimal places")]
    TooPrecise { field: &'static str, places: u32 },
    #[error("{field} cannot be negative")]
    Negative { field: &'static str },
    #[error("{field} is more than {max}")]
    TooLarge { field: &'static str, max: Decimal },
}

impl AmountError {
    /// The key and parameters of this refusal's message (`error.<key>` in the UI's catalogs).
    pub fn message(&self) -> crate::message::Message {
        use crate::message::Message;
        match self {
            AmountError::Empty { field } => Message::new("amountEmpty").label("field", field),
            AmountError::NotANumber { field, text } => Message::new("amountNotANumber").label("field", field).text("text", text),
            AmountError::TooPrecise { field, places } => Message::new("amountTooPrecise").label("field", field).number("places", *places),
            AmountError::Negative { field } => Message::new("amountNegative").label("field", field),
            AmountError::TooLarge { field, max } => Message::new("amountTooLarge").label("field", field).amount("max", *max),
        }
    }
}

/// Most digits after a decimal comma ("12,50"). Three would read as English
/// thousands ("1,250"), so a comma with three is refused, never guessed.
pub const DECIMAL_COMMA_DIGITS_MAX: usize = 2;

/// `t` with its decimal comma as a point, when it has one: a single comma,
/// no point, and one to `DECIMAL_COMMA_DIGITS_MAX` digits after it, as German,
/// French and many more languages write amounts. Anything else as it was.
fn with_decimal_point(t: &str) -> std::borrow::Cow<'_, str> {
    let Some((whole, fraction)) = t.split_once(',') else { return t.into() };
    let is_decimal = !t.contains('.')
        && !fraction.contains(',')
        && (1..=DECIMAL_COMMA_DIGITS_MAX).contains(&fraction.len())
        && fraction.chars().all(|c| c.is_ascii_digit());
    if is_decimal {
        format!("{whole}.{fraction}").into()
    } else {
        t.into()
    }
}

/// Parses an amount typed by a person: digits with an optional decimal point,
/// or decimal comma (`with_decimal_point`), and at most `minor_unit` decimals.
/// Rejects exponents, NaN, infinities, signs and digit grouping, which
/// `Decimal::from_str` alone would partly accept.
pub fn parse_amount(text: &str, field: &'static str, max: Decimal, minor_unit: u32) -> Result<Decimal, AmountError> {
    let typed = text.trim();
    if typed.is_empty() {
        return Err(AmountError::Empty { field });
    }
    let t: &str = &with_decimal_point(typed);
    if t.starts_with('-') && t[1..].chars().all(|c| c.is_ascii_digit() || c == '.') && t.len() > 1 {
        return Err(AmountError::Negative { field });
    }
    let shown: String = typed.chars().take(40).collect();
    let well_formed = t.len() <= 40
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|&c| c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(AmountError::NotANumber { field, text: shown });
    }
    let value = Decimal::from_str(t).map_err(|_| AmountError::NotANumber { field, text: shown })?;
    if value.scale() > minor_unit && value.normalize().scale() > minor_unit {
        return Err(AmountError::TooPrecise { field, places: minor_unit });
    }
    if value > max {
        return Err(AmountError::TooLarge { field, max });
    }
    Ok(round(value, minor_unit))
}

/// Parses a percentage (up to two decimals), e.g. a discount or a tax rate.
pub fn parse_percent(text: &str, field: &'static str) -> Result<Decimal, AmountError> {
    parse_amount(text, field, AMOUNT_MAX, PERCENT_SCALE).map(|p| p.normalize())
}

/// Formats an amount with exactly `minor_unit` decimals: the one formatter
/// of receipts, reports and messages.
pub fn format(amount: Decimal, minor_unit: u32) -> String {
    format!("{:.*}", minor_unit as usize, round(amount, minor_unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(dec!(0.125), 2), dec!(0.13));
        assert_eq!(round(dec!(0.124), 2), dec!(0.12));
        assert_eq!(round(dec!(-0.125), 2), dec!(-0.13));
        assert_eq!(round(dec!(12.5), 0), dec!(13));
        assert_eq!(round(dec!(1.2345), 3), dec!(1.235));
    }

    #[test]
    fn parses_plain_amounts() {
        assert_eq!(parse_amount(" 12.5 ", "Cash", AMOUNT_MAX, 2), Ok(dec!(12.5)));
        assert_eq!(parse_amount("7", "Cash", AMOUNT_MAX, 2), Ok(dec!(7)));
        assert_eq!(parse_amount(".50", "Cash", AMOUNT_MAX, 2), Ok(dec!(0.5)));
    }

    #[test]
    fn a_decimal_comma_reads_as_a_decimal_point() {
        // given amounts typed as German or French write them
        // then they read as the same amounts with a point
        assert_eq!(parse_amount("12,50", "Cash", AMOUNT_MAX, 2), Ok(dec!(12.50)));
        assert_eq!(parse_amount(" 0,5 ", "Cash", AMOUNT_MAX, 2), Ok(dec!(0.5)));
        assert_eq!(parse_amount(",05", "Coin", AMOUNT_MAX, 2), Ok(dec!(0.05)));
        assert_eq!(parse_percent("12,5", "Discount percent"), Ok(dec!(12.5)));
        // and a negative one is refused as negative
        assert_eq!(parse_amount("-12,50", "Cash", AMOUNT_MAX, 2), Err(AmountError::Negative { field: "Cash" }));
        // and a currency without decimals still refuses decimals
        assert_eq!(parse_amount("100,5", "Cash", AMOUNT_MAX, 0), Err(AmountError::TooPrecise { field: "Cash", places: 0 }));
    }

    #[test]
    fn a_comma_that_may_group_thousands_is_refused_not_guessed() {
        // "1,250" is 1250 in English and 1.25 in German: neither is taken
        let err = parse_amount("1,250", "Cash", AMOUNT_MAX, 3).unwrap_err();
        assert_eq!(err, AmountError::NotANumber { field: "Cash", text: "1,250".into() });
        assert_eq!(err.to_string(), "Cash must be a number like 12.50 or 12,50, not \"1,250\"");
    }

    #[test]
    fn rejects_what_a_person_should_not_type() {
        for bad in ["", "abc", "1e400", "NaN", "Infinity", "1.2.3", "+5", "0x10", "1 000", "1,250", "1.250,50", "12,5,0", "12,", ",-5", "1,2e3"] {
            assert!(parse_amount(bad, "Cash", AMOUNT_MAX, 2).is_err(), "{bad} accepted");
        }
        assert_eq!(parse_amount("-5", "Cash", AMOUNT_MAX, 2), Err(AmountError::Negative { field: "Cash" }));
        assert_eq!(parse_amount("1.234", "Cash", AMOUNT_MAX, 2), Err(AmountError::TooPrecise { field: "Cash", places: 2 }));
        assert!(matches!(parse_amount("1000000.01", "Cash", AMOUNT_MAX, 2), Err(AmountError::TooLarge { .. })));
        assert_eq!(parse_amount("1.230", "Cash", AMOUNT_MAX, 2), Ok(dec!(1.23)));
    }

    #[test]
    fn amounts_follow_the_currency_minor_unit() {
        let err = parse_amount("100.5", "Cash", AMOUNT_MAX, 0).unwrap_err();
        assert_eq!(err.to_string(), "Cash has more than 0 decimal places");
        assert_eq!(parse_amount("100.0", "Cash", AMOUNT_MAX, 0), Ok(dec!(100)));
        assert_eq!(parse_amount("1.235", "Cash", AMOUNT_MAX, 3), Ok(dec!(1.235)));
        assert!(parse_amount("1.2355", "Cash", AMOUNT_MAX, 3).is_err());
        assert_eq!(format(dec!(1234.5), 0), "1235");
        assert_eq!(format(dec!(1.5), 3), "1.500");
        assert_eq!(format(dec!(1.5), 2), "1.50");
    }

    #[test]
    fn iso_4217_gives_the_minor_unit_and_refuses_unknown_codes() {
        assert_eq!(Currency::of("jpy").unwrap(), Currency { code: "JPY".into(), minor_unit: 0 });
        assert_eq!(Currency::of("EUR").unwrap().minor_unit, 2);
        assert_eq!(Currency::of("KWD").unwrap().minor_unit, 3);
        assert!(Currency::of("XYZ").is_err());
        assert!(Currency::of("XAU").is_err(), "gold has no coins");
        assert_eq!(Currency::of_stored("ABC").minor_unit, LEGACY_MINOR_UNIT);
    }

    #[test]
    fn cash_rounds_to_the_smallest_coin_half_away_from_zero() {
        assert_eq!(round_to_coin(dec!(10.02), dec!(0.05)), dec!(10.00));
        assert_eq!(round_to_coin(dec!(10.025), dec!(0.05)), dec!(10.05));
        assert_eq!(round_to_coin(dec!(10.03), dec!(0.05)), dec!(10.05));
        assert_eq!(round_to_coin(dec!(10.07), dec!(0.05)), dec!(10.05));
        assert_eq!(round_to_coin(dec!(10.075), dec!(0.05)), dec!(10.10));
    }

    #[test]
    fn denominations_come_from_the_currency() {
        let jpy = Currency::of("JPY").unwrap().denominations();
        assert_eq!((jpy[0], *jpy.last().unwrap()), (dec!(10000), dec!(1)));
        let kwd = Currency::of("KWD").unwrap().denominations();
        assert_eq!((kwd[0], *kwd.last().unwrap()), (dec!(20), dec!(0.005)));
        let eur = Currency::default().denominations();
        assert_eq!((eur[0], *eur.last().unwrap()), (dec!(500), dec!(0.01)));
        let other = Currency::of("SEK").unwrap().denominations();
        assert_eq!((other[0], *other.last().unwrap()), (dec!(100), dec!(0.01)));
        assert!(other.len() <= crate::limits::DENOMINATIONS_MAX);
    }
}
