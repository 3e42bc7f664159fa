//! Paying: what a tender would give before it is confirmed, and the cash
//! buttons a cashier is offered. The decision itself is the domain's
//! (`decide` on `ConfirmOrder`); this only reads its answer.

use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::Event;
use crate::error::{Error, Result};
use crate::limits::{AMOUNT_MAX, QUICK_CASH_MAX};
use crate::money::{self, parse_amount};

/// Bank notes offered as quick-cash buttons, smallest first.
const NOTES: [i64; 5] = [5, 10, 20, 50, 100];
/// Round amounts offered past the notes, for larger totals.
const ROUND_STEPS: [i64; 3] = [50, 100, 500];
/// From this total on, round amounts are offered too.
const ROUND_FROM: i64 = 100;

/// A quick-cash button: what it says and the amount it tenders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuickCash {
    pub label: String,
    pub amount: String,
    /// The exact amount due.
    pub exact: bool,
}

/// The domain's answer to a tender, in the figures a cashier needs.
#[derive(Debug)]
pub struct Preview {
    pub change: Decimal,
    pub remaining: Decimal,
    /// Why confirming would be refused, if it would.
    pub refusal: Option<Error>,
    /// What the card must pay after the cash part, if cash is readable and short.
    pub card_remainder: Option<Decimal>,
}

/// A tendered amount as typed; empty is zero. The one reading of cash and
/// card, for confirming (`Till`'s command path) and for the preview.
pub(crate) fn typed(text: &str, field: &'static str, minor_unit: u32) -> Result<Decimal> {
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    Ok(parse_amount(text, field, AMOUNT_MAX, minor_unit)?)
}

/// Reads `decision` (what confirming with `cash` and `card` would record)
/// into change, what is missing and the refusal.
pub fn preview(due: Decimal, cash: &str, card: &str, minor_unit: u32, decision: Result<Vec<Event>>) -> Preview {
    let cash = typed(cash, "Cash", minor_unit);
    let card = typed(card, "Card", minor_unit);
    let card_remainder = match &cash {
        Ok(c) if *c < due => Some(due - c),
        _ => None,
    };
    let remaining = match (&cash, &card) {
        (Ok(c), Ok(k)) => (due - c - k).max(Decimal::ZERO),
        _ => due,
    };
    match decision {
        Ok(events) => {
            let change = events
                .iter()
                .find_map(|e| match e {
                    Event::OrderConfirmed(c) => Some(c.change),
                    _ => None,
                })
                .unwrap_or(Decimal::ZERO);
            Preview { change, remaining: Decimal::ZERO, refusal: None, card_remainder }
        }
        Err(refusal) => Preview { change: Decimal::ZERO, remaining, refusal: Some(refusal), card_remainder },
    }
}

/// Quick-cash buttons for `due`: the exact amount, then the next notes up,
/// then round amounts for larger totals; at most [`QUICK_CASH_MAX`].
pub fn quick_cash(due: Decimal, minor_unit: u32) -> Vec<QuickCash> {
    if due <= Decimal::ZERO {
        return Vec::new();
    }
    let text = |amount: Decimal| money::format(amount, minor_unit);
    let mut out = vec![QuickCash { label: "Exact".into(), amount: text(due), exact: true }];
    let offer = |amount: Decimal, out: &mut Vec<QuickCash>| {
        if amount > due && out.len() < QUICK_CASH_MAX && !out.iter().any(|q| q.amount == text(amount)) {
            out.push(QuickCash { label: amount.trunc().to_string(), amount: text(amount), exact: false });
        }
    };
    for note in NOTES {
        offer(Decimal::from(note), &mut out);
    }
    if due >= Decimal::from(ROUND_FROM) {
        for step in ROUND_STEPS.map(Decimal::from) {
            offer(((due / step).floor() + Decimal::ONE) * step, &mut out);
        }
    }
    debug_assert!(out.len() <= QUICK_CASH_MAX);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn amounts(due: Decimal) -> Vec<String> {
        quick_cash(due, 2).into_iter().map(|q| q.amount).collect()
    }

    #[test]
    fn quick_cash_offers_the_exact_amount_then_notes_up() {
        assert_eq!(amounts(dec!(7.30)), ["7.30", "10.00", "20.00", "50.00", "100.00"]);
        assert_eq!(amounts(dec!(20)), ["20.00", "50.00", "100.00"]);
        assert_eq!(amounts(dec!(130.10)), ["130.10", "150.00", "200.00", "500.00"]);
        assert!(quick_cash(Decimal::ZERO, 2).is_empty());
    }

    #[test]
    fn a_refused_tender_shows_what_is_missing_and_why() {
        let p = preview(dec!(12.50), "5", "", 2, Err(Error::Invalid { field: "x", problem: crate::problem::Problem::Said("y".into()) }));
        assert_eq!(p.remaining, dec!(7.50));
        assert_eq!(p.change, Decimal::ZERO);
        assert_eq!(p.card_remainder, Some(dec!(7.50)));
        assert!(p.refusal.is_some());
        let unreadable = preview(dec!(12.50), "abc", "", 2, Err(Error::Invalid { field: "x", problem: crate::problem::Problem::Said("y".into()) }));
        assert_eq!(unreadable.remaining, dec!(12.50));
        assert_eq!(unreadable.card_remainder, None);
    }
}
