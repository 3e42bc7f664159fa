//! The order's state, derived from its events, and the figures derived from
//! the state (totals, tax contained). State is never stored as the truth;
//! snapshots of it only speed up loading.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use imbl::Vector;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::event::*;
use super::refund::{ExchangeCredit, OrderRefunded};
use super::tax::TaxAmount;
use super::{DiscountId, LineId, OrderId, StaffId};
use crate::money::{self, Currency, LEGACY_MINOR_UNIT};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OrderStatus {
    /// No event yet: the stream does not exist.
    #[default]
    New,
    Open,
    Confirmed,
    Voided,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Open => "open",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Voided => "voided",
        }
    }
    pub fn parse(s: &str) -> Option<OrderStatus> {
        [OrderStatus::New, OrderStatus::Open, OrderStatus::Confirmed, OrderStatus::Voided]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub id: LineId,
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    /// When it was rung up; `None` for lines recorded without the time.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub added_at: Option<DateTime<Utc>>,
    /// Set when the line was removed (it stays, struck through, for the record).
    pub voided: Option<LineVoided>,
    /// Units given back by refunds after the sale (never more than `quantity`).
    #[serde(default)]
    pub refunded: u32,
}

impl Line {
    pub fn is_live(&self) -> bool {
        self.voided.is_none()
    }
    /// Exact: unit price × whole quantity needs no rounding.
    pub fn gross(&self) -> Decimal {
        self.unit_price * Decimal::from(self.quantity)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Discount {
    pub id: DiscountId,
    pub scope: DiscountScope,
    pub kind: DiscountKind,
    #[ts(type = "string")]
    pub value: Decimal,
    pub reason: String,
    pub authorised_by: Option<StaffId>,
    pub removed: bool,
}

impl Discount {
    /// The discount's amount against `base` (rounding point 1 for percents,
    /// to `minor_unit` decimals).
    pub fn amount_of(&self, base: Decimal, minor_unit: u32) -> Decimal {
        match self.kind {
            DiscountKind::Percent => money::round(base * self.value / Decimal::ONE_HUNDRED, minor_unit),
            DiscountKind::Amount => self.value,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Confirmation {
    #[ts(type = "string")]
    pub total: Decimal,
    pub tax: Vec<TaxAmount>,
    pub tenders: Tenders,
    #[ts(type = "string")]
    pub change: Decimal,
    #[ts(type = "string")]
    pub confirmed_at: DateTime<Utc>,
    /// The exchange credit that paid part of it, if any.
    #[serde(default)]
    pub exchange: Option<ExchangeCredit>,
    /// What the cash due was rounded by, to the smallest coin.
    #[serde(default)]
    #[ts(type = "string")]
    pub cash_rounding: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Voiding {
    pub reason: String,
    pub authorised_by: StaffId,
    #[ts(type = "string")]
    pub amount: Decimal,
    #[ts(type = "string")]
    pub voided_at: DateTime<Utc>,
}

/// The order aggregate's state. Lines and discounts are persistent vectors so
/// that a copy of the state (a cached snapshot, the state before a command)
/// costs nothing, even for very long orders. Their elements are shared
/// pointers: a vector of a few pointers stays inline, where one of whole
/// lines would allocate a 64-line chunk for every order (a third of the time
/// a replay took).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub id: OrderId,
    pub status: OrderStatus,
    pub cashier: StaffId,
    pub terminal: String,
    pub opened_at: Option<DateTime<Utc>>,
    /// Number of events folded in so far.
    pub version: u32,
    pub lines: Vector<Arc<Line>>,
    pub discounts: Vector<Arc<Discount>>,
    pub confirmation: Option<Confirmation>,
    pub voiding: Option<Voiding>,
    /// The refunds of this sale, oldest first.
    #[serde(default)]
    pub refunds: Vec<OrderRefunded>,
    /// The currency recorded when it was opened (none before it was recorded).
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// Sum of the live lines' values before any discount.
    #[ts(type = "string")]
    pub subtotal: Decimal,
    #[ts(type = "string")]
    pub line_discounts: Decimal,
    #[ts(type = "string")]
    pub order_discounts: Decimal,
    #[ts(type = "string")]
    pub discount_total: Decimal,
    /// What the customer pays.
    #[ts(type = "string")]
    pub total: Decimal,
    #[ts(type = "string")]
    pub tax_total: Decimal,
    pub tax: Vec<TaxAmount>,
    /// Units on live lines.
    pub item_count: u64,
}

/// One line as shown: its values after its own discounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineView {
    #[serde(flatten)]
    pub line: Line,
    #[ts(type = "string")]
    pub gross: Decimal,
    #[ts(type = "string")]
    pub discount: Decimal,
    #[ts(type = "string")]
    pub net: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscountView {
    #[serde(flatten)]
    pub discount: Discount,
    /// What it takes off now (0 once removed or its line is removed).
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// Everything a screen or a receipt shows of an order at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: OrderId,
    pub number: i64,
    /// The number unique across the shop, as the receipt prints it: `T1-42`
    /// (empty before the order is opened).
    pub reference: String,
    pub status: OrderStatus,
    pub cashier: StaffId,
    pub terminal: String,
    #[ts(type = "string | null")]
    pub opened_at: Option<DateTime<Utc>>,
    pub version: u32,
    pub lines: Vec<LineView>,
    pub discounts: Vec<DiscountView>,
    pub totals: Totals,
    pub confirmation: Option<Confirmation>,
    pub voiding: Option<Voiding>,
    /// The refunds of this sale, oldest first.
    pub refunds: Vec<OrderRefunded>,
}

/// Folds one event into the state. Never fails: `decide` made sure the event
/// is valid when it was recorded, and history is not re-judged. An event
/// naming a line or discount the order does not have can only come from a
/// bug, so it stops here (an assertion) rather than being passed over.
pub fn evolve(mut order: Order, event: &Event) -> Order {
    order.version += 1;
    match event {
        Event::OrderOpened(e) => {
            order.id = e.number;
            order.status = OrderStatus::Open;
            order.cashier = e.cashier;
            order.terminal = e.terminal.clone();
            order.opened_at = Some(e.opened_at);
            order.currency = e.currency.clone();
        }
        Event::ItemAdded(e) => {
            // `Order::line` finds a line by its position.
            debug_assert_eq!(e.line as usize, order.lines.len() + 1, "order {}: lines are numbered in order", order.id);
            order.lines.push_back(Arc::new(Line::from(e)));
        }
        Event::QuantityChanged(e) => order.line_changed(e.line, event).quantity = e.to,
        Event::LineVoided(e) => order.line_changed(e.line, event).voided = Some(e.clone()),
        Event::DiscountApplied(e) => order.discounts.push_back(Arc::new(Discount::from(e))),
        Event::DiscountRemoved(e) => order.discount_changed(e.discount, event).removed = true,
        Event::OrderConfirmed(e) => {
            order.status = OrderStatus::Confirmed;
            order.confirmation = Some(Confirmation::from(e));
        }
        Event::OrderVoided(e) => {
            order.status = OrderStatus::Voided;
            order.voiding = Some(Voiding::from(e));
        }
        Event::OrderRefunded(e) => {
            for r in &e.lines {
                let line = order.line_changed(r.line, event);
                line.refunded += r.quantity;
                assert!(line.refunded <= line.quantity, "order {}: line {} refunded past what was sold", e.refund, r.line);
            }
            order.refunds.push(e.clone());
        }
        // The shop's own events are on streams of their own, never an order's.
        _ => debug_assert!(!event.is_order_event()),
    }
    order
}

impl From<&ItemAdded> for Line {
    fn from(e: &ItemAdded) -> Line {
        Line {
            id: e.line,
            sku: e.sku.clone(),
            name: e.name.clone(),
            quantity: e.quantity,
            unit_price: e.unit_price,
            tax_rate: e.tax_rate,
            added_at: e.added_at,
            voided: None,
            refunded: 0,
        }
    }
}

impl From<&DiscountApplied> for Discount {
    fn from(e: &DiscountApplied) -> Discount {
        Discount {
            id: e.discount,
            scope: e.scope,
            kind: e.kind,
            value: e.value,
            reason: e.reason.clone(),
            authorised_by: e.authorised_by,
            removed: false,
        }
    }
}

impl From<&OrderConfirmed> for Confirmation {
    fn from(e: &OrderConfirmed) -> Confirmation {
        Confirmation {
            total: e.total,
            tax: e.tax.clone(),
            tenders: e.tenders,
            change: e.change,
            confirmed_at: e.confirmed_at,
            exchange: e.exchange,
            cash_rounding: e.cash_rounding,
        }
    }
}

impl From<&OrderVoided> for Voiding {
    fn from(e: &OrderVoided) -> Voiding {
        Voiding { reason: e.reason.clone(), authorised_by: e.authorised_by, amount: e.amount, voided_at: e.voided_at }
    }
}

impl Order {
    /// How many decimals the order's money has: its recorded currency's
    /// minor unit, two for an order opened before it was recorded.
    pub fn minor_unit(&self) -> u32 {
        self.currency.as_ref().map_or(LEGACY_MINOR_UNIT, |c| c.minor_unit)
    }

    /// Lines are numbered 1, 2, 3… in the order they were added, so a line id
    /// is its position plus one.
    pub fn line(&self, id: LineId) -> Option<&Line> {
        let index = (id as usize).checked_sub(1)?;
        self.lines.get(index).map(|l| &**l).filter(|l| l.id == id)
    }

    /// The sale with a refund another till issued of it counted in (its
    /// note made by `refund::noted_on_sale`). Unlike its own notes, which
    /// `decide` checked when they were recorded, two tills may each have
    /// given back the same units while apart: the units count only up to
    /// what was sold, and the money of both refunds stays on record.
    pub fn with_refund_elsewhere(mut self, note: &OrderRefunded) -> Order {
        for r in &note.lines {
            if let Some(line) = self.line_mut(r.line) {
                line.refunded = line.refunded.saturating_add(r.quantity).min(line.quantity);
            }
        }
        self.refunds.push(note.clone());
        self
    }

    fn line_mut(&mut self, id: LineId) -> Option<&mut Line> {
        let index = (id as usize).checked_sub(1)?;
        self.lines.get_mut(index).filter(|l| l.id == id).map(Arc::make_mut)
    }

    /// The line `event` changes. `decide` checked that it exists, so a
    /// missing line is a bug: asserted, never skipped.
    fn line_changed(&mut self, id: LineId, event: &Event) -> &mut Line {
        let order = self.id;
        let Some(line) = self.line_mut(id) else {
            panic!("order {order}: {event:?} names line {id}, which the order does not have")
        };
        line
    }

    /// The discount `event` changes; asserted like `line_changed`.
    fn discount_changed(&mut self, id: DiscountId, event: &Event) -> &mut Discount {
        let order = self.id;
        let Some(discount) = self.discounts.iter_mut().find(|d| d.id == id) else {
            panic!("order {order}: {event:?} names discount {id}, which the order does not have")
        };
        Arc::make_mut(discount)
    }

    pub fn discount(&self, id: DiscountId) -> Option<&Discount> {
        self.discounts.iter().map(|d| &**d).find(|d| d.id == id)
    }

    pub fn active_discounts(&self) -> impl Iterator<Item = &Discount> {
        self.discounts.iter().map(|d| &**d).filter(|d| !d.removed)
    }

    pub fn live_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().map(|l| &**l).filter(|l| l.is_live())
    }

    /// Works out every active discount's amount, in the order applied. A
    /// discount takes at most what remains of its scope (its line, or the
    /// order after line discounts), so nothing ever goes below zero; where a
    /// discount wanted more than remained, `overrun` says where and by how much
    /// (`decide` refuses the command that caused it).
    fn discounting(&self) -> Discounting {
        let mut remaining: BTreeMap<LineId, Decimal> = BTreeMap::new();
        for line in self.live_lines() {
            remaining.insert(line.id, line.gross());
        }
        let mut amounts: BTreeMap<u32, Decimal> = BTreeMap::new();
        let mut overrun = None;
        for d in self.active_discounts() {
            if let DiscountScope::Line { line } = d.scope {
                let (Some(l), Some(left)) = (self.line(line), remaining.get_mut(&line)) else { continue };
                let want = d.amount_of(l.gross(), self.minor_unit());
                let take = want.min(*left);
                if want > take && overrun.is_none() {
                    overrun = Some(NegativeValue::Line { line, short: want - take });
                }
                *left -= take;
                amounts.insert(d.id, take);
            }
        }
        let base: Decimal = remaining.values().copied().sum();
        let mut left = base;
        for d in self.active_discounts().filter(|d| d.scope == DiscountScope::Order) {
            let want = d.amount_of(base, self.minor_unit());
            let take = want.min(left);
            if want > take && overrun.is_none() {
                overrun = Some(NegativeValue::Order { short: want - take });
            }
            left -= take;
            amounts.insert(d.id, take);
        }
        Discounting { line_net: remaining, amounts, base, total: left, overrun }
    }

    /// Totals of the live lines after discounts, with the tax contained per
    /// rate. Order discounts are shared across tax rates in proportion to each
    /// rate's value (rounding point 2); the largest rate group takes the
    /// rounding remainder so the shares add up exactly.
    pub fn totals(&self) -> Totals {
        self.totals_from(&self.discounting())
    }

    fn totals_from(&self, d: &Discounting) -> Totals {
        let mut subtotal = Decimal::ZERO;
        let mut item_count = 0u64;
        let mut net_by_rate: BTreeMap<Decimal, Decimal> = BTreeMap::new();
        for line in self.live_lines() {
            subtotal += line.gross();
            item_count += u64::from(line.quantity);
            let net = d.line_net.get(&line.id).copied().unwrap_or_default();
            *net_by_rate.entry(line.tax_rate.normalize()).or_default() += net;
        }
        let line_discounts = subtotal - d.base;
        let order_discounts = d.base - d.total;

        // Share the order discounts across rates.
        let mut shares: BTreeMap<Decimal, Decimal> = BTreeMap::new();
        if d.base > Decimal::ZERO && order_discounts != Decimal::ZERO {
            let largest = net_by_rate
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(r, _)| *r);
            let mut allocated = Decimal::ZERO;
            for (rate, net) in &net_by_rate {
                if Some(*rate) != largest {
                    let share = money::round(order_discounts * *net / d.base, self.minor_unit());
                    allocated += share;
                    shares.insert(*rate, share);
                }
            }
            if let Some(rate) = largest {
                shares.insert(rate, order_discounts - allocated);
            }
        }
        let tax: Vec<TaxAmount> = net_by_rate
            .iter()
            .map(|(rate, net)| TaxAmount::contained_in(*net - shares.get(rate).copied().unwrap_or_default(), *rate, self.minor_unit()))
            .collect();
        let tax_total = tax.iter().map(|t| t.tax).sum();
        Totals {
            subtotal,
            line_discounts,
            order_discounts,
            discount_total: line_discounts + order_discounts,
            total: d.total,
            tax_total,
            tax,
            item_count,
        }
    }

    /// The number unique across the shop (`T1-42`); empty before the order
    /// is opened.
    pub fn reference(&self) -> String {
        if self.id > 0 { super::sale_reference(&self.terminal, self.id) } else { String::new() }
    }

    /// What a screen shows. Lines and discounts are listed in the order they happened.
    pub fn view(&self) -> OrderView {
        self.view_of_lines(0..self.lines.len())
    }

    /// The view with only the lines at positions `lines` (totals and
    /// discounts still cover the whole order): a long order's timeline shows
    /// a window of its lines without building a view of every one.
    pub fn view_of_lines(&self, lines: std::ops::Range<usize>) -> OrderView {
        let d = self.discounting();
        let lines: Vec<LineView> = self
            .lines
            .iter()
            .skip(lines.start)
            .take(lines.end.saturating_sub(lines.start))
            .map(|l| {
                let gross = l.gross();
                let net = d.line_net.get(&l.id).copied().unwrap_or(gross);
                let discount = if l.is_live() { gross - net } else { Decimal::ZERO };
                LineView { line: Line::clone(l), gross, discount, net: gross - discount }
            })
            .collect();
        let discounts = self
            .discounts
            .iter()
            .map(|x| DiscountView { discount: Discount::clone(x), amount: d.amounts.get(&x.id).copied().unwrap_or_default() })
            .collect();
        OrderView {
            id: self.id,
            number: self.id,
            reference: self.reference(),
            status: self.status,
            cashier: self.cashier,
            terminal: self.terminal.clone(),
            opened_at: self.opened_at,
            version: self.version,
            lines,
            discounts,
            totals: self.totals_from(&d),
            confirmation: self.confirmation.clone(),
            voiding: self.voiding.clone(),
            refunds: self.refunds.clone(),
        }
    }

    /// Each live line's value after its own discounts and its share of the
    /// order's discounts (shared in proportion to the lines' values; the
    /// most valuable line takes the rounding remainder), so that the values
    /// add up to exactly the order's total. What a refund gives back.
    pub fn line_values(&self) -> BTreeMap<LineId, Decimal> {
        let d = self.discounting();
        let order_discounts = d.base - d.total;
        let mut values = d.line_net.clone();
        if d.base > Decimal::ZERO && order_discounts != Decimal::ZERO {
            let largest = d.line_net.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(id, _)| *id);
            let mut allocated = Decimal::ZERO;
            for (id, net) in &d.line_net {
                if Some(*id) != largest {
                    let share = money::round(order_discounts * *net / d.base, self.minor_unit());
                    allocated += share;
                    *values.get_mut(id).expect("the same lines") -= share;
                }
            }
            if let Some(id) = largest {
                *values.get_mut(&id).expect("the same lines") -= order_discounts - allocated;
            }
        }
        debug_assert_eq!(values.values().copied().sum::<Decimal>(), d.total, "order {}: line values add up to the total", self.id);
        values
    }

    /// Where a discount wanted more than remained of its scope, if anywhere.
    pub fn first_negative_value(&self) -> Option<NegativeValue> {
        self.discounting().overrun
    }

    /// Sum of the active percent discounts on `scope`.
    pub fn percent_on(&self, scope: DiscountScope) -> Decimal {
        self.active_discounts()
            .filter(|d| d.scope == scope && d.kind == DiscountKind::Percent)
            .map(|d| d.value)
            .sum()
    }
}

struct Discounting {
    /// Each live line's value after its own discounts.
    line_net: BTreeMap<LineId, Decimal>,
    /// What each active discount takes.
    amounts: BTreeMap<u32, Decimal>,
    /// The order's value after line discounts.
    base: Decimal,
    total: Decimal,
    overrun: Option<NegativeValue>,
}

/// Where a figure went below zero, and by how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NegativeValue {
    Line { line: LineId, short: Decimal },
    Order { short: Decimal },
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn opened() -> Order {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        evolve(Order::default(), &Event::OrderOpened(OrderOpened { number: 7, cashier: 1, terminal: "T1".into(), opened_at: at, currency: None }))
    }

    #[test]
    #[should_panic(expected = "names line 1, which the order does not have")]
    fn an_event_naming_a_missing_line_is_a_bug() {
        evolve(opened(), &Event::QuantityChanged(QuantityChanged { line: 1, from: 1, to: 2, authorised_by: None }));
    }

    #[test]
    #[should_panic(expected = "names discount 1, which the order does not have")]
    fn an_event_naming_a_missing_discount_is_a_bug() {
        evolve(opened(), &Event::DiscountRemoved(DiscountRemoved { discount: 1 }));
    }
}
