//! Refunds: goods coming back after a sale was paid. A refund is a document
//! of its own (`RefundIssued`, on a stream of its own, with its own number);
//! a refund of a sale also leaves `OrderRefunded` on the sale's stream, so
//! the sale knows what is left to give back and its timeline shows it.
//!
//! The money comes from the sale, never from today's catalog: each line's
//! value after its own discounts and its share of the order's discounts.
//! Part of a line gives back the same part of that value, rounded so that
//! the parts of every refund of a line add up to exactly the line's value.
//! Without a receipt there is no sale to read: the current price is given
//! back, and a manager always approves.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::act::Act;
use super::command::{Ctx, ProductFacts};
use super::decide::{check_reason, require_manager};
use super::error::OrderError;
use super::event::Tenders;
use super::order::{Order, OrderStatus};
use super::tax::TaxAmount;
use super::{LineId, OrderId, StaffId};
use crate::limits::{LINES_MAX, QUANTITY_MAX};
use crate::money::{self, Currency, LEGACY_MINOR_UNIT};

/// A refund's number: 1, 2, 3… on this till, shown as "R-4".
pub type RefundNumber = i64;

/// One line given back, as the refund records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundedLine {
    /// The sale's line; none for goods returned without a receipt.
    pub line: Option<LineId>,
    pub sku: String,
    pub name: String,
    #[serde(rename = "qty")]
    pub quantity: u32,
    /// The unit price paid (the current price, without a receipt).
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    /// What these units give back: their part of the line's value after
    /// every discount.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// A refund, the document: what came back, what was given back and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundIssued {
    pub number: RefundNumber,
    /// The sale refunded; none for a refund without a receipt.
    pub order: Option<OrderId>,
    pub lines: Vec<RefundedLine>,
    #[ts(type = "string")]
    pub total: Decimal,
    pub tax: Vec<TaxAmount>,
    /// How the money went back: cash from the drawer, card back to the card.
    pub tenders: Tenders,
    /// In an exchange, the part that paid for the new order instead of going
    /// back (absent from other refunds): tenders and credit add up to the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exchange: Option<ExchangeCredit>,
    pub reason: String,
    pub authorised_by: Option<StaffId>,
    pub cashier: StaffId,
    #[ts(type = "string")]
    pub issued_at: DateTime<Utc>,
    /// The currency the money went back in: the sale's, or the shop's
    /// without a receipt. Absent from refunds of sales before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub currency: Option<Currency>,
    /// The till that rang up the sale, when it is not the till that issued
    /// the refund (absent otherwise): a till writes only its own events, so
    /// this document is the only record of the refund, and the sale's till
    /// learns of it from the shop server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sale_till: Option<String>,
}

impl RefundIssued {
    /// How many decimals its money has.
    pub fn minor_unit(&self) -> u32 {
        self.currency.as_ref().map_or(LEGACY_MINOR_UNIT, |c| c.minor_unit)
    }
}

/// Units of one line of a sale given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundedQuantity {
    pub line: LineId,
    #[serde(rename = "qty")]
    pub quantity: u32,
}

/// On the sale's stream: refund `refund` gave back these units of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderRefunded {
    pub refund: RefundNumber,
    pub lines: Vec<RefundedQuantity>,
    #[ts(type = "string")]
    pub total: Decimal,
    pub tenders: Tenders,
    /// In an exchange, the part that paid for the new order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exchange: Option<ExchangeCredit>,
}

/// An exchange's credit: what the goods of refund `refund` paid of the new
/// order `order`, recorded alike on both documents. No money moves for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeCredit {
    pub refund: RefundNumber,
    pub order: OrderId,
    #[ts(type = "string")]
    pub amount: Decimal,
}

impl ExchangeCredit {
    /// The amount of an optional credit (zero without one).
    pub fn amount_of(credit: Option<&ExchangeCredit>) -> Decimal {
        credit.map_or(Decimal::ZERO, |c| c.amount)
    }
}

/// What refunding part of a sale records: the document and the sale's note of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleRefund {
    pub issued: RefundIssued,
    pub on_sale: OrderRefunded,
}

/// Refunds `wanted` (line, units) of the paid `order` as refund `number`.
pub fn refund_sale(
    order: &Order,
    number: RefundNumber,
    wanted: &[RefundedQuantity],
    tenders: Tenders,
    reason: String,
    ctx: &Ctx,
) -> Result<SaleRefund, OrderError> {
    let lines = refund_lines(order, wanted)?;
    sale_refund(order, number, wanted, lines, Refunding { tenders, card_left: card_refundable(order), reason, exchange: None }, ctx)
}

impl SaleRefund {
    /// This refund of a sale that another till rang up (`sale`, refunded
    /// so far as every till has, see [`Order::with_refund_elsewhere`]): the
    /// document alone, naming the sale's till; the sale's stream is that till's.
    pub fn of_other_tills_sale(self, sale: &Order) -> RefundIssued {
        assert!(!sale.terminal.is_empty(), "order {}: another till's sale names its till", sale.id);
        assert_eq!(self.issued.order, Some(sale.id), "refund R-{} is of this sale", self.issued.number);
        RefundIssued { sale_till: Some(sale.terminal.clone()), ..self.issued }
    }
}

/// What a refund issued on another till gave back of a sale, as the sale's
/// own note of a refund says it; none for a refund without a receipt.
pub fn noted_on_sale(issued: &RefundIssued) -> Option<OrderRefunded> {
    issued.order?;
    let lines = issued.lines.iter().filter_map(|l| Some(RefundedQuantity { line: l.line?, quantity: l.quantity })).collect();
    Some(OrderRefunded { refund: issued.number, lines, total: issued.total, tenders: issued.tenders, exchange: issued.exchange })
}

/// The document for `lines` of sale `order` (as `wanted` named them) and the sale's note of it.
pub(super) fn sale_refund(
    order: &Order,
    number: RefundNumber,
    wanted: &[RefundedQuantity],
    lines: Vec<RefundedLine>,
    how: Refunding,
    ctx: &Ctx,
) -> Result<SaleRefund, OrderError> {
    let issued = issue(number, (Some(order.id), order.currency.clone()), lines, how, ctx)?;
    let quantities = merged(wanted).into_iter().map(|(line, quantity)| RefundedQuantity { line, quantity }).collect();
    let on_sale = OrderRefunded { refund: number, lines: quantities, total: issued.total, tenders: issued.tenders, exchange: issued.exchange };
    Ok(SaleRefund { on_sale, issued })
}

/// Refunds goods brought back without a receipt, at today's prices.
pub fn refund_without_receipt(
    number: RefundNumber,
    items: Vec<(ProductFacts, u32)>,
    tenders: Tenders,
    reason: String,
    ctx: &Ctx,
) -> Result<RefundIssued, OrderError> {
    let lines = lines_without_receipt(items)?;
    // Nothing was paid by card that could go back to it.
    issue(number, (None, Some(ctx.currency.clone())), lines, Refunding { tenders, card_left: Decimal::ZERO, reason, exchange: None }, ctx)
}

/// How the money of a refund goes back, and why.
pub(super) struct Refunding {
    pub tenders: Tenders,
    /// The most that may go back to a card.
    pub card_left: Decimal,
    pub reason: String,
    /// In an exchange, the part that pays for the new order.
    pub exchange: Option<ExchangeCredit>,
}

/// The document for `lines` given back, once the money, the approval and
/// the reason pass (a refund of sale `order`, or without a receipt), in
/// `currency` (the sale's, or the shop's without a receipt).
fn issue(
    number: RefundNumber,
    (order, currency): (Option<OrderId>, Option<Currency>),
    lines: Vec<RefundedLine>,
    how: Refunding,
    ctx: &Ctx,
) -> Result<RefundIssued, OrderError> {
    let minor_unit = currency.as_ref().map_or(LEGACY_MINOR_UNIT, |c| c.minor_unit);
    let total: Decimal = lines.iter().map(|l| l.amount).sum();
    check_tenders(total, &how)?;
    // The manager's need first: the refund screen says so as soon as the items are picked.
    let authorised_by = refund_authorised_by(total, order.is_some(), minor_unit, ctx)?;
    let reason = check_reason(how.reason)?;
    Ok(RefundIssued {
        number,
        order,
        currency,
        tax: tax_of(&lines, minor_unit),
        lines,
        total,
        tenders: how.tenders,
        exchange: how.exchange,
        reason,
        authorised_by,
        cashier: ctx.actor,
        issued_at: ctx.now,
        sale_till: None,
    })
}

/// Goods brought back without a receipt, each at today's price.
pub fn lines_without_receipt(items: Vec<(ProductFacts, u32)>) -> Result<Vec<RefundedLine>, OrderError> {
    if items.is_empty() {
        return Err(OrderError::NothingToRefund);
    }
    if items.len() > LINES_MAX {
        return Err(OrderError::TooManyLines);
    }
    let mut lines = Vec::with_capacity(items.len());
    for (product, quantity) in items {
        if quantity == 0 || quantity > QUANTITY_MAX {
            return Err(OrderError::QuantityOutOfRange(i64::from(quantity)));
        }
        lines.push(RefundedLine {
            line: None,
            amount: product.unit_price * Decimal::from(quantity),
            sku: product.sku,
            name: product.name,
            quantity,
            unit_price: product.unit_price,
            tax_rate: product.tax_rate,
        });
    }
    Ok(lines)
}

/// The lines `wanted` gives back, with their amounts; refused past what is
/// left of a line (sold less every earlier refund of it).
pub fn refund_lines(order: &Order, wanted: &[RefundedQuantity]) -> Result<Vec<RefundedLine>, OrderError> {
    require_paid(order)?;
    let wanted = merged(wanted);
    if wanted.values().all(|q| *q == 0) {
        return Err(OrderError::NothingToRefund);
    }
    let values = order.line_values();
    let mut lines = Vec::new();
    for (&id, &quantity) in wanted.iter().filter(|(_, q)| **q > 0) {
        let line = match order.line(id) {
            None => return Err(OrderError::LineNotFound(id)),
            Some(l) if !l.is_live() => return Err(OrderError::LineRemoved(id)),
            Some(l) => l,
        };
        let left = line.quantity.saturating_sub(line.refunded);
        if quantity > left {
            return Err(OrderError::RefundPastSold { line: id, name: line.name.clone(), sold: line.quantity, left });
        }
        let value = values.get(&id).copied().unwrap_or_default();
        let unit = order.minor_unit();
        let amount = part(value, line.refunded + quantity, line.quantity, unit) - part(value, line.refunded, line.quantity, unit);
        lines.push(RefundedLine {
            line: Some(id),
            sku: line.sku.clone(),
            name: line.name.clone(),
            quantity,
            unit_price: line.unit_price,
            tax_rate: line.tax_rate,
            amount,
        });
    }
    Ok(lines)
}

/// Only a paid sale is refunded: not one never opened, still open or voided.
pub fn require_paid(order: &Order) -> Result<(), OrderError> {
    match order.status {
        OrderStatus::Confirmed => Ok(()),
        OrderStatus::New => Err(OrderError::OrderNotFound(order.id)),
        status => Err(OrderError::NotRefundable { order: order.id, status: status.as_str() }),
    }
}

/// What can still go back to the card: the card paid less what earlier refunds put back on it.
pub fn card_refundable(order: &Order) -> Decimal {
    let paid = order.confirmation.as_ref().map_or(Decimal::ZERO, |c| c.tenders.card);
    let back: Decimal = order.refunds.iter().map(|r| r.tenders.card).sum();
    (paid - back).max(Decimal::ZERO)
}

/// The same line asked for twice counts once, with both quantities.
fn merged(wanted: &[RefundedQuantity]) -> BTreeMap<LineId, u32> {
    let mut out: BTreeMap<LineId, u32> = BTreeMap::new();
    for w in wanted {
        let q = out.entry(w.line).or_default();
        *q = q.saturating_add(w.quantity);
    }
    out
}

/// `units` of `sold` units of a line worth `value`, rounded: the parts of
/// one line's refunds add up to exactly its value once all is given back.
fn part(value: Decimal, units: u32, sold: u32, minor_unit: u32) -> Decimal {
    assert!(units <= sold && sold > 0, "{units} of {sold} units");
    if units == sold {
        return value;
    }
    money::round(value * Decimal::from(units) / Decimal::from(sold), minor_unit)
}

/// The tax contained in the lines given back, per rate.
fn tax_of(lines: &[RefundedLine], minor_unit: u32) -> Vec<TaxAmount> {
    let mut by_rate: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    for l in lines {
        *by_rate.entry(l.tax_rate.normalize()).or_default() += l.amount;
    }
    by_rate.into_iter().map(|(rate, gross)| TaxAmount::contained_in(gross, rate, minor_unit)).collect()
}

/// The money goes back exactly (a refund gives no change), less any
/// exchange credit, and no more to a card than was paid by card.
fn check_tenders(total: Decimal, how: &Refunding) -> Result<(), OrderError> {
    let (tenders, card_left) = (how.tenders, how.card_left);
    if tenders.cash < Decimal::ZERO || tenders.card < Decimal::ZERO {
        return Err(OrderError::TenderNegative);
    }
    if tenders.card > card_left {
        return Err(OrderError::CardRefundPastPaid { card: tenders.card, left: card_left });
    }
    let tendered = tenders.cash + tenders.card;
    match &how.exchange {
        None if tendered != total => Err(OrderError::RefundTenderMismatch { total, tendered }),
        Some(credit) if tendered != total - credit.amount => {
            Err(OrderError::ExchangeTenderMismatch { back: total - credit.amount, tendered })
        }
        _ => Ok(()),
    }
}

/// Who authorised the refund: a manager over the policy's amount for the
/// actor's role, and always without a receipt (a manager refunding
/// authorises it themselves); else whoever approved it, if anyone.
fn refund_authorised_by(total: Decimal, with_receipt: bool, minor_unit: u32, ctx: &Ctx) -> Result<Option<StaffId>, OrderError> {
    let Some(limits) = ctx.policy.limits_for(ctx.actor_role) else {
        return Ok(Some(ctx.approver.map_or(ctx.actor, |a| a.staff)));
    };
    if !with_receipt {
        return Ok(Some(require_manager(ctx.approver, Act::RefundWithoutReceipt)?));
    }
    if total > limits.refund_amount_max {
        let what = Act::RefundOver { total, max: limits.refund_amount_max, unit: minor_unit };
        return Ok(Some(require_manager(ctx.approver, what)?));
    }
    Ok(ctx.approver.map(|a| a.staff))
}

/// The state of a refund's stream: the document, once issued.
pub fn evolve_refund(state: Option<RefundIssued>, event: &super::Event) -> Option<RefundIssued> {
    match event {
        super::Event::RefundIssued(e) => Some(e.clone()),
        _ => state,
    }
}

#[cfg(test)]
#[path = "refund_tests.rs"]
mod tests;
