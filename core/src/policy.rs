//! The discount and void policy as typed in the back office: each field
//! checked, a refusal naming the field it is about.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{LineReduction, Policy, RoleLimits};
use crate::error::{Error, Result};
use crate::limits::{AMOUNT_MAX, LINE_AGE_MINUTES_MAX};
use crate::money::{self, parse_amount, parse_percent};
use crate::problem::Problem;

/// When removing or lowering a line needs a manager, as picked in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LineReductionMode {
    Never,
    Always,
    When,
}

/// The policy as typed: amounts and percents as text (empty: no condition,
/// for the two line conditions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyInput {
    pub cashier_discount_percent_max: String,
    pub cashier_discount_amount_max: String,
    pub discount_percent_hard_max: String,
    pub line_reduction: LineReductionMode,
    pub line_after_minutes: String,
    pub line_over_amount: String,
    /// The largest refund a cashier gives alone; empty keeps the default (20.00).
    #[serde(default)]
    pub cashier_refund_amount_max: String,
    /// The largest drop, pay-out or pay-in a cashier makes alone; empty keeps the default (50.00).
    #[serde(default)]
    pub cashier_cash_move_max: String,
    /// The drawer variance at a close that needs no manager; empty keeps the default (5.00).
    #[serde(default)]
    pub variance_max: String,
}

impl From<&Policy> for PolicyInput {
    /// The form as it shows `policy`.
    fn from(policy: &Policy) -> PolicyInput {
        let c = &policy.cashier;
        let (mode, minutes, over) = match c.line_reduction {
            LineReduction::Never => (LineReductionMode::Never, None, None),
            LineReduction::Always => (LineReductionMode::Always, None, None),
            LineReduction::When { after_minutes, over_amount } => (LineReductionMode::When, after_minutes, over_amount),
        };
        PolicyInput {
            cashier_discount_percent_max: c.discount_percent_max.normalize().to_string(),
            cashier_discount_amount_max: recorded(c.discount_amount_max),
            discount_percent_hard_max: policy.discount_percent_hard_max.normalize().to_string(),
            line_reduction: mode,
            line_after_minutes: minutes.map(|m| m.to_string()).unwrap_or_default(),
            line_over_amount: over.map(recorded).unwrap_or_default(),
            cashier_refund_amount_max: recorded(c.refund_amount_max),
            cashier_cash_move_max: recorded(c.cash_move_max),
            variance_max: recorded(c.variance_max),
        }
    }
}

/// A limit as it was recorded (in the currency's minor unit).
fn recorded(amount: Decimal) -> String {
    money::format(amount, amount.scale())
}

fn percent(text: &str, label: &'static str, key: &'static str) -> Result<Decimal> {
    let p = parse_percent(text, label).map_err(|e| Error::from(e).at(key))?;
    if p > Decimal::ONE_HUNDRED {
        return Err(Error::Invalid { field: label, problem: Problem::Over100 }.at(key));
    }
    Ok(p)
}

fn minutes(text: &str) -> Result<Option<u32>> {
    const LABEL: &str = "Minutes on the order";
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let problem = Problem::Minutes { max: LINE_AGE_MINUTES_MAX };
    match t.parse::<u32>() {
        Ok(m) if t.chars().all(|c| c.is_ascii_digit()) && m <= LINE_AGE_MINUTES_MAX => Ok(Some(m)),
        _ => Err(Error::Invalid { field: LABEL, problem }.at("lineAfterMinutes")),
    }
}

fn line_reduction(input: &PolicyInput, minor_unit: u32) -> Result<LineReduction> {
    Ok(match input.line_reduction {
        LineReductionMode::Never => LineReduction::Never,
        LineReductionMode::Always => LineReduction::Always,
        LineReductionMode::When => {
            let after_minutes = minutes(&input.line_after_minutes)?;
            let over_amount = match input.line_over_amount.trim() {
                "" => None,
                t => Some(parse_amount(t, "Line worth over", AMOUNT_MAX, minor_unit).map_err(|e| Error::from(e).at("lineOverAmount"))?),
            };
            if after_minutes.is_none() && over_amount.is_none() {
                return Err(Error::Invalid { field: "Line removal", problem: Problem::LineRemovalCondition }.at("lineAfterMinutes"));
            }
            LineReduction::When { after_minutes, over_amount }
        }
    })
}

/// An amount typed into field `key`, or none when left empty (the default then applies).
fn optional_amount(text: &str, label: &'static str, key: &'static str, minor_unit: u32) -> Result<Option<Decimal>> {
    match text.trim() {
        "" => Ok(None),
        t => Ok(Some(parse_amount(t, label, AMOUNT_MAX, minor_unit).map_err(|e| Error::from(e).at(key))?)),
    }
}

/// Checks every field of `input` and gives the policy it describes.
pub fn parse(input: &PolicyInput, minor_unit: u32) -> Result<Policy> {
    let discount_percent_max =
        percent(&input.cashier_discount_percent_max, "Cashier's discount limit (%)", "cashierDiscountPercentMax")?;
    let discount_amount_max = parse_amount(&input.cashier_discount_amount_max, "Cashier's discount limit (amount)", AMOUNT_MAX, minor_unit)
        .map_err(|e| Error::from(e).at("cashierDiscountAmountMax"))?;
    let hard_max = percent(&input.discount_percent_hard_max, "Most off any order (%)", "discountPercentHardMax")?;
    if hard_max < discount_percent_max {
        let problem = Problem::BelowCashierLimit { limit: discount_percent_max };
        return Err(Error::Invalid { field: "Most off any order (%)", problem }.at("discountPercentHardMax"));
    }
    let line_reduction = line_reduction(input, minor_unit)?;
    let refund_amount_max = optional_amount(&input.cashier_refund_amount_max, "Cashier's refund limit", "cashierRefundAmountMax", minor_unit)?
        .unwrap_or_else(crate::domain::policy::refund_amount_max_default);
    let cash_move_max = optional_amount(&input.cashier_cash_move_max, "Cashier's cash move limit", "cashierCashMoveMax", minor_unit)?
        .unwrap_or_else(crate::domain::policy::cash_move_max_default);
    let variance_max = optional_amount(&input.variance_max, "Drawer variance allowed", "varianceMax", minor_unit)?
        .unwrap_or_else(crate::domain::policy::variance_max_default);
    Ok(Policy {
        cashier: RoleLimits { discount_percent_max, discount_amount_max, line_reduction, refund_amount_max, cash_move_max, variance_max },
        discount_percent_hard_max: hard_max,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn input() -> PolicyInput {
        PolicyInput::from(&Policy::default())
    }

    fn refused_field(input: PolicyInput) -> String {
        let e = parse(&input, 2).unwrap_err();
        crate::error::ErrorBody::from(&e).field.unwrap_or_default()
    }

    #[test]
    fn the_default_policy_reads_back_as_typed() {
        assert_eq!(parse(&input(), 2).unwrap(), Policy::default());
        assert_eq!(input().cashier_discount_amount_max, "20.00");
        assert_eq!(input().line_after_minutes, "5");
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(refused_field(PolicyInput { cashier_discount_percent_max: "101".into(), ..input() }), "cashierDiscountPercentMax");
        assert_eq!(refused_field(PolicyInput { cashier_discount_percent_max: "ten".into(), ..input() }), "cashierDiscountPercentMax");
        assert_eq!(refused_field(PolicyInput { cashier_discount_amount_max: "-1".into(), ..input() }), "cashierDiscountAmountMax");
        assert_eq!(refused_field(PolicyInput { discount_percent_hard_max: "5".into(), ..input() }), "discountPercentHardMax");
        assert_eq!(refused_field(PolicyInput { line_after_minutes: "1.5".into(), ..input() }), "lineAfterMinutes");
        let too_long = (LINE_AGE_MINUTES_MAX + 1).to_string();
        assert_eq!(refused_field(PolicyInput { line_after_minutes: too_long, ..input() }), "lineAfterMinutes");
        assert_eq!(refused_field(PolicyInput { line_over_amount: "1.234".into(), ..input() }), "lineOverAmount");
        assert_eq!(refused_field(PolicyInput { cashier_refund_amount_max: "x".into(), ..input() }), "cashierRefundAmountMax");
        let neither = PolicyInput { line_after_minutes: " ".into(), line_over_amount: "".into(), ..input() };
        assert_eq!(refused_field(neither), "lineAfterMinutes");
    }

    #[test]
    fn a_most_off_below_the_cashiers_limit_is_refused_with_the_limit_as_a_percent() {
        // Given a cashier's limit of 12.5% and a most off any order of 5%
        let low = PolicyInput { cashier_discount_percent_max: "12.5".into(), discount_percent_hard_max: "5".into(), ..input() };
        // When the policy is checked
        let e = parse(&low, 2).unwrap_err();
        // Then the refusal says so in the same English, and as its own key with the limit typed
        assert_eq!(e.to_string(), "Most off any order (%): at least the cashier's limit, 12.5%");
        let said = e.message();
        assert_eq!(said.key, "invalidBelowCashierLimit");
        assert_eq!(said.params_by_name()["limit"], crate::message::Param::Percent("12.5".into()));
    }

    #[test]
    fn never_and_always_ignore_the_conditions() {
        let never = PolicyInput { line_reduction: LineReductionMode::Never, line_after_minutes: "x".into(), ..input() };
        assert_eq!(parse(&never, 2).unwrap().cashier.line_reduction, LineReduction::Never);
        let one = PolicyInput { line_over_amount: "".into(), ..input() };
        assert_eq!(parse(&one, 2).unwrap().cashier.line_reduction, LineReduction::When { after_minutes: Some(5), over_amount: None });
        let hard = PolicyInput { discount_percent_hard_max: "10".into(), ..input() };
        assert_eq!(parse(&hard, 2).unwrap().discount_percent_hard_max, dec!(10));
    }
}
