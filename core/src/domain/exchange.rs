//! Exchanges: goods brought back for other goods, in one go. The returned
//! lines are refunded (a refund document of their own, R-n, and the sale's
//! note of it) and their value pays for the new order, open on this till, as
//! an exchange credit; the customer pays or gets back only the difference.
//! Each side stays a document, and each names the other through the credit.
//!
//! The refund's rules are the refund's own (what is left of a line, the
//! manager over the policy's amount, the reason, at most the card paid back
//! to the card); the payment's are the sale's (change only from cash, no more
//! by card than is due). No money moves for the credit.

use rust_decimal::Decimal;

use super::command::Ctx;
use super::decide::{confirmation, require_open};
use super::error::OrderError;
use super::event::{OrderConfirmed, Tenders};
use super::order::Order;
use super::refund::{card_refundable, refund_lines, sale_refund, ExchangeCredit, RefundNumber, RefundedQuantity, Refunding, SaleRefund};

/// What the cashier asks: these units of the sale back, as refund `number`,
/// for the order open on till `till`, the difference in `money`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeGoods<'a> {
    pub number: RefundNumber,
    pub lines: &'a [RefundedQuantity],
    /// What the customer pays when the credit falls short of the order, or
    /// gets back when it is more (exactly, as a refund gives no change).
    pub money: Tenders,
    pub reason: String,
    /// This till: an exchange pays only one of its own open orders.
    pub till: &'a str,
}

/// What an exchange records: the refund (its document and the sale's note)
/// and the new order's payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub refund: SaleRefund,
    pub confirmed: OrderConfirmed,
}

/// How the credit of an exchange meets the new order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Difference {
    /// What the returned goods give back.
    pub credit: Decimal,
    /// What the new order comes to.
    pub due: Decimal,
    /// The part of the credit that pays for the new order.
    pub applied: Decimal,
}

impl Difference {
    pub fn of(credit: Decimal, due: Decimal) -> Difference {
        Difference { credit, due, applied: credit.min(due) }
    }
    /// What the customer still pays.
    pub fn to_pay(self) -> Decimal {
        self.due - self.applied
    }
    /// What goes back to the customer.
    pub fn to_give_back(self) -> Decimal {
        self.credit - self.applied
    }
}

/// Refunds `goods.lines` of the paid `sale` and pays the open `order` with
/// their value; the difference is paid, or given back, in `goods.money`.
pub fn exchange_goods(sale: &Order, order: &Order, goods: ExchangeGoods<'_>, ctx: &Ctx) -> Result<Exchange, OrderError> {
    require_exchangeable(order, goods.till)?;
    let lines = refund_lines(sale, goods.lines)?;
    let credit: Decimal = lines.iter().map(|l| l.amount).sum();
    let difference = Difference::of(credit, order.totals().total);
    let exchange = Some(ExchangeCredit { refund: goods.number, order: order.id, amount: difference.applied });
    // The money goes one way only: back when the credit covers the order, else towards it.
    let (back, paid) = if difference.to_give_back() > Decimal::ZERO || difference.to_pay() == Decimal::ZERO {
        (goods.money, Tenders::default())
    } else {
        (Tenders::default(), goods.money)
    };
    let how = Refunding { tenders: back, card_left: card_refundable(sale), reason: goods.reason, exchange };
    let mut refund = sale_refund(sale, goods.number, goods.lines, lines, how, ctx)?;
    // Another till's sale: the document names its till, and this till never writes its stream.
    if !sale.terminal.is_empty() && sale.terminal != goods.till {
        refund.issued.sale_till = Some(sale.terminal.clone());
    }
    let confirmed = confirmation(order, paid, exchange, ctx)?;
    let issued = &refund.issued;
    assert_eq!(issued.total, issued.tenders.cash + issued.tenders.card + difference.applied, "refund R-{}: tenders and credit make the total", issued.number);
    assert_eq!(
        confirmed.total,
        confirmed.tenders.cash + confirmed.tenders.card - confirmed.change + difference.applied - confirmed.cash_rounding,
        "order {}: tenders less change and credit make the total",
        order.id
    );
    Ok(Exchange { refund, confirmed })
}

/// An exchange's credit pays only an order still open, on this till, with goods on it.
fn require_exchangeable(order: &Order, till: &str) -> Result<(), OrderError> {
    require_open(order)?;
    if order.live_lines().next().is_none() {
        return Err(OrderError::NoLines);
    }
    if order.terminal != till {
        return Err(OrderError::ExchangeOtherTill { order: order.id, terminal: order.terminal.clone() });
    }
    Ok(())
}

#[cfg(test)]
#[path = "exchange_tests.rs"]
mod tests;
