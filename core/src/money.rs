//! Money: `rust_decimal`, never a float, with one rounding rule.
//!
//! Rounding happens at exactly three documented points, always to the
//! currency's minor unit with half away from zero:
//! 1. a percent discount's amount (line or order);
//! 2. an order discount's share allocated to a tax rate;
//! 3. the tax contained in each tax rate's total.
//! Line values (unit price × whole quantity) are exact and need no rounding.

use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

use crate::limits::{AMOUNT_MAX, MONEY_SCALE};

/// The one rounding rule.
/// The result always carries exactly two decimals, so amounts print alike.
pub fn round(amount: Decimal) -> Decimal {
    let mut r = amount.round_dp_with_strategy(MONEY_SCALE, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(MONEY_SCALE);
    r
}

/// Amount in minor units (cents), for indexes and numeric filters.
pub fn to_minor(amount: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (round(amount) * Decimal::from(100)).to_i64().unwrap_or(i64::MAX)
}

/// Why a typed amount was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} must be a number like 12.50, not \"{text}\"")]
    NotANumber { field: &'static str, text: String },
    #[error("{field} has more than {MONEY_SCALE} decimal places")]
    TooPrecise { field: &'static str },
    #[error("{field} cannot be negative")]
    Negative { field: &'static str },
    #[error("{field} is more than {max}")]
    TooLarge { field: &'static str, max: Decimal },
}

/// Parses an amount typed by a person: digits with an optional point and at
/// most two decimals. Rejects exponents, NaN, infinities and signs, which
/// `Decimal::from_str` alone would partly accept.
pub fn parse_amount(text: &str, field: &'static str, max: Decimal) -> Result<Decimal, AmountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountError::Empty { field });
    }
    if t.starts_with('-') && t[1..].chars().all(|c| c.is_ascii_digit() || c == '.') && t.len() > 1 {
        return Err(AmountError::Negative { field });
    }
    let shown: String = t.chars().take(40).collect();
    let well_formed = t.len() <= 40
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|&c| c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(AmountError::NotANumber { field, text: shown });
    }
    let value = Decimal::from_str(t).map_err(|_| AmountError::NotANumber { field, text: shown })?;
    if value.scale() > MONEY_SCALE && value.normalize().scale() > MONEY_SCALE {
        return Err(AmountError::TooPrecise { field });
    }
    if value > max {
        return Err(AmountError::TooLarge { field, max });
    }
    Ok(round(value))
}

/// Parses a percentage (up to two decimals), e.g. a discount or a tax rate.
pub fn parse_percent(text: &str, field: &'static str) -> Result<Decimal, AmountError> {
    parse_amount(text, field, AMOUNT_MAX).map(|p| p.normalize())
}

/// Formats an amount with exactly two decimals.
pub fn format(amount: Decimal) -> String {
    format!("{:.2}", round(amount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(dec!(0.125)), dec!(0.13));
        assert_eq!(round(dec!(0.124)), dec!(0.12));
        assert_eq!(round(dec!(-0.125)), dec!(-0.13));
    }

    #[test]
    fn parses_plain_amounts() {
        assert_eq!(parse_amount(" 12.5 ", "Cash", AMOUNT_MAX), Ok(dec!(12.5)));
        assert_eq!(parse_amount("7", "Cash", AMOUNT_MAX), Ok(dec!(7)));
        assert_eq!(parse_amount(".50", "Cash", AMOUNT_MAX), Ok(dec!(0.5)));
    }

    #[test]
    fn rejects_what_a_person_should_not_type() {
        for bad in ["", "abc", "1e400", "NaN", "Infinity", "1.2.3", "12,50", "+5", "0x10", "1 000"] {
            assert!(parse_amount(bad, "Cash", AMOUNT_MAX).is_err(), "{bad} accepted");
        }
        assert_eq!(parse_amount("-5", "Cash", AMOUNT_MAX), Err(AmountError::Negative { field: "Cash" }));
        assert_eq!(parse_amount("1.234", "Cash", AMOUNT_MAX), Err(AmountError::TooPrecise { field: "Cash" }));
        assert!(matches!(parse_amount("1000000.01", "Cash", AMOUNT_MAX), Err(AmountError::TooLarge { .. })));
        assert_eq!(parse_amount("1.230", "Cash", AMOUNT_MAX), Ok(dec!(1.23)));
    }
}
