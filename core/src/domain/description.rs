//! What an event did as a message for a screen in any language: the same
//! facts as `describe.rs`'s English line, as a key (`event.<key>` in the UI's
//! catalogs) and typed parameters. `None` where the English line is all
//! there is (the screen then shows it as it is).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::event::*;
use super::order::Order;
use super::refund::RefundedQuantity;
use crate::message::{Message, Param};
use crate::money;

pub use super::shop_description::{refund_description, shop_description};

/// A message as it crosses to the UI: `{ key, params }`, each param
/// `{ kind, value }` by name. The UI shows the catalog's `event.<key>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Description {
    pub key: String,
    pub params: BTreeMap<String, Param>,
}

impl From<Message> for Description {
    fn from(m: Message) -> Description {
        Description { key: m.key.to_string(), params: m.params_by_name() }
    }
}

impl Description {
    /// As JSON, for the audit log's `description` column.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The audit log's column for an entry with no description.
    pub fn none_json() -> String {
        "null".to_string()
    }

    /// From the audit log's column; none when absent or unreadable.
    pub fn from_json(text: Option<&str>) -> Option<Description> {
        text.and_then(|t| serde_json::from_str(t).ok())
    }
}

/// An amount of an order, with exactly its currency's decimals ("3.30").
pub(super) fn money_of(amount: Decimal, minor_unit: u32) -> Decimal {
    let mut rounded = money::round(amount, minor_unit);
    rounded.rescale(minor_unit);
    rounded
}

/// A discount's size: a percent or an amount, as the order records it.
fn with_discount(m: Message, kind: DiscountKind, value: Decimal, minor_unit: u32) -> Message {
    match kind {
        DiscountKind::Percent => m.percent("discount", value),
        DiscountKind::Amount => m.amount("discount", money_of(value, minor_unit)),
    }
}

fn line_name(before: &Order, line: u32) -> String {
    before.line(line).map(|l| l.name.clone()).unwrap_or_else(|| format!("line {line}"))
}

/// [`super::describe::describe`] as a message.
pub fn description(before: &Order, event: &Event) -> Option<Message> {
    let unit = before.minor_unit();
    let money = |amount: Decimal| money_of(amount, unit);
    Some(match event {
        Event::OrderOpened(e) => Message::new("orderOpened").number("number", e.number).text("terminal", &e.terminal),
        Event::ItemAdded(e) => Message::new("itemAdded")
            .number("quantity", e.quantity)
            .text("name", &e.name)
            .text("sku", &e.sku)
            .amount("price", money(e.unit_price)),
        Event::QuantityChanged(e) => {
            Message::new("quantityChanged").text("line", line_name(before, e.line)).number("from", e.from).number("to", e.to)
        }
        Event::LineVoided(e) => Message::new("lineVoided").text("line", line_name(before, e.line)).text("reason", &e.reason),
        Event::DiscountApplied(e) => {
            let m = with_discount(Message::new("discountApplied"), e.kind, e.value, unit);
            let m = match e.scope {
                DiscountScope::Order => m.term("on", "eventTerm.theOrder".into()),
                DiscountScope::Line { line } => m.text("on", line_name(before, line)),
            };
            m.text("reason", &e.reason)
        }
        Event::DiscountRemoved(e) => match before.discount(e.discount) {
            Some(d) => with_discount(Message::new("discountRemoved"), d.kind, d.value, unit).text("reason", &d.reason),
            None => Message::new("discountRemovedUnknown").number("discount", e.discount),
        },
        Event::OrderConfirmed(e) => confirmed(e, unit),
        Event::OrderVoided(e) => Message::new("orderVoided").amount("amount", money(e.amount)).text("reason", &e.reason),
        Event::OrderRefunded(e) => refunded(before, e)?,
        _ => return shop_description(event),
    })
}

fn confirmed(e: &OrderConfirmed, unit: u32) -> Message {
    let money = |amount: Decimal| money_of(amount, unit);
    let m = match &e.exchange {
        Some(x) => Message::new("orderConfirmedExchange").amount("total", money(e.total)).number("refund", x.refund).amount("credit", money(x.amount)),
        None => Message::new("orderConfirmed").amount("total", money(e.total)),
    };
    m.amount("cash", money(e.tenders.cash)).amount("card", money(e.tenders.card)).amount("change", money(e.change))
}

/// One refunded line in full; several as the English list (their words are
/// the till's: the catalog cannot hold a list of any length).
fn refunded(before: &Order, e: &super::refund::OrderRefunded) -> Option<Message> {
    let money = |amount: Decimal| money_of(amount, before.minor_unit());
    let m = match e.lines.as_slice() {
        [RefundedQuantity { line, quantity }] => {
            let l = before.line(*line)?;
            let key = if e.exchange.is_some() { "orderRefundedExchange" } else { "orderRefunded" };
            Message::new(key).number("quantity", *quantity).number("of", l.quantity).text("name", &l.name)
        }
        _ => {
            let key = if e.exchange.is_some() { "orderRefundedLinesExchange" } else { "orderRefundedLines" };
            Message::new(key).text("lines", super::describe::refunded_lines(before, e))
        }
    };
    let m = m.number("refund", e.refund).amount("total", money(e.total));
    Some(match &e.exchange {
        Some(x) => m.number("order", x.order),
        None => m,
    })
}

#[cfg(test)]
#[path = "description_tests.rs"]
mod tests;
