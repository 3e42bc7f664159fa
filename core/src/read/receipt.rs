//! A receipt: the shop's header, the cashier and the order as it now is,
//! and its plain text for saving to a file.

use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::{OrderError, OrderId, OrderStatus, OrderView};
use crate::error::Result;
use crate::money;

use super::{staff_name, Reader};

/// Everything a printed or saved receipt shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub shop_name: String,
    pub shop_address: String,
    /// The order's currency (the shop's for an order from before it was recorded).
    pub currency: String,
    /// How many decimals its money has.
    pub minor_unit: u32,
    pub cashier_name: String,
    /// The shop's time zone: the receipt's times are printed in it.
    pub time_zone: String,
    pub order: OrderView,
    /// The number of the refund that paid part of this order in an
    /// exchange (`R-T1-3`), as the receipt prints it.
    pub exchange_credit: Option<String>,
}

/// The receipt of order `id` as it now is.
pub fn receipt(reader: &mut Reader<'_>, id: OrderId) -> Result<Receipt> {
    let order = reader.orders.load(reader.conn, id)?;
    if order.status == OrderStatus::New {
        return Err(OrderError::OrderNotFound(id).into());
    }
    let s = reader.settings;
    Ok(Receipt {
        shop_name: s.shop_name.clone(),
        shop_address: s.shop_address.clone(),
        currency: order.currency.as_ref().map_or_else(|| s.currency.clone(), |c| c.code.clone()),
        minor_unit: order.minor_unit(),
        cashier_name: staff_name(reader.conn, Some(order.cashier))?.unwrap_or_default(),
        time_zone: s.time_zone.clone(),
        exchange_credit: order.confirmation.as_ref().and_then(|c| c.exchange.as_ref()).map(|x| crate::domain::refund_reference(&order.terminal, x.refund)),
        order: order.view(),
    })
}

/// Columns of a receipt saved as text.
pub const RECEIPT_TEXT_WIDTH: usize = 40;

/// A plain-text receipt, 40 columns wide, for saving to a file.
pub fn receipt_text(r: &Receipt) -> String {
    receipt_text_width(r, RECEIPT_TEXT_WIDTH)
}

/// The lines of a slip `w` columns wide (a receipt, a refund, a report).
pub(super) struct Columns {
    w: usize,
    /// How many decimals the slip's money has.
    minor_unit: u32,
}

impl Columns {
    pub(super) fn new(width: usize, minor_unit: u32) -> Columns {
        assert!(width >= 24, "a receipt needs at least 24 columns");
        Columns { w: width, minor_unit }
    }

    /// An amount with the currency's decimals (the one formatter, `money::format`).
    pub(super) fn money(&self, amount: Decimal) -> String {
        money::format(amount, self.minor_unit)
    }

    pub(super) fn center(&self, s: &str) -> String {
        let w = self.w;
        format!("{:^w$}\n", s)
    }

    /// `l` on the left (cut to fit), `rv` on the right.
    pub(super) fn row(&self, l: &str, rv: &str) -> String {
        let room = self.w.saturating_sub(rv.chars().count() + 1);
        let l: String = l.chars().take(room).collect();
        format!("{l:<room$} {rv}\n")
    }

    pub(super) fn rule(&self) -> String {
        format!("{}\n", "-".repeat(self.w))
    }

    /// The shop's name and address, centred, and a rule.
    pub(super) fn shop(&self, name: &str, address: &str) -> String {
        let mut out = self.center(name);
        for line in address.lines() {
            out += &self.center(line);
        }
        out + &self.rule()
    }

    /// The tax contained, a row per rate.
    pub(super) fn tax(&self, tax: &[crate::domain::TaxAmount]) -> String {
        let rows = tax.iter().map(|t| self.row(&format!("  incl. tax {}% on {}", t.rate.normalize(), self.money(t.gross)), &self.money(t.tax)));
        rows.collect()
    }
}

/// A plain-text receipt `width` columns wide (a thermal printer's line).
pub fn receipt_text_width(r: &Receipt, width: usize) -> String {
    let col = Columns::new(width, r.minor_unit);
    let mut out = col.shop(&r.shop_name, &r.shop_address);
    let o = &r.order;
    let zone = crate::zone::named(&r.time_zone);
    out += &col.row(&format!("Order {}", o.reference), &o.opened_at.map(|t| crate::zone::stamp(zone, t)).unwrap_or_default());
    out += &col.row("Cashier", &r.cashier_name);
    out += &col.row("Till", &o.terminal);
    out += &col.rule();
    for l in o.lines.iter().filter(|l| l.line.voided.is_none()) {
        out += &col.row(&format!("{} x {}", l.line.quantity, l.line.name), &col.money(l.gross));
        if l.discount > Decimal::ZERO {
            out += &col.row("  discount", &format!("-{}", col.money(l.discount)));
        }
    }
    out += &col.rule();
    let t = &o.totals;
    out += &col.row("Subtotal", &col.money(t.subtotal));
    if t.discount_total > Decimal::ZERO {
        out += &col.row("Discounts", &format!("-{}", col.money(t.discount_total)));
    }
    out += &col.row(&format!("TOTAL {}", r.currency), &col.money(t.total));
    out += &col.tax(&t.tax);
    if let Some(c) = &o.confirmation {
        if let (Some(x), Some(credit)) = (&c.exchange, &r.exchange_credit) {
            out += &col.row(&format!("Exchange credit {credit}"), &format!("-{}", col.money(x.amount)));
        }
        if c.tenders.cash > Decimal::ZERO {
            out += &col.row("Cash", &col.money(c.tenders.cash));
        }
        if c.tenders.card > Decimal::ZERO {
            out += &col.row("Card", &col.money(c.tenders.card));
        }
        if !c.cash_rounding.is_zero() {
            out += &col.row("Cash rounding", &col.money(c.cash_rounding));
        }
        out += &col.row("Change", &col.money(c.change));
        out += &col.row("Paid", &crate::zone::stamp_seconds(zone, c.confirmed_at));
    }
    if let Some(v) = &o.voiding {
        out += &col.center(&format!("*** VOIDED: {} ***", v.reason));
    }
    out += &col.center("Thank you");
    out
}

/// A refund's printed slip: the shop, the refund and the sale it refunds,
/// what came back, what went back and how, and the reason.
pub fn refund_text(shop: &crate::settings::Settings, till: &str, cashier_name: &str, refund: &crate::domain::RefundIssued, width: usize) -> String {
    use crate::domain::{refund_reference, sale_reference};
    let col = Columns::new(width, refund.minor_unit());
    let mut out = col.shop(&shop.shop_name, &shop.shop_address);
    out += &col.center(&format!("REFUND {}", refund_reference(till, refund.number)));
    out += &col.row("Date", &crate::zone::stamp(shop.zone(), refund.issued_at));
    let sale_till = refund.sale_till.as_deref().unwrap_or(till);
    out += &col.row("Sale", &refund.order.map_or("no receipt".to_string(), |o| format!("order {}", sale_reference(sale_till, o))));
    out += &col.row("Cashier", cashier_name);
    out += &col.rule();
    for l in &refund.lines {
        out += &col.row(&format!("{} x {}", l.quantity, l.name), &col.money(l.amount));
    }
    out += &col.rule();
    let currency = refund.currency.as_ref().map_or(shop.currency.as_str(), |c| c.code.as_str());
    out += &col.row(&format!("REFUNDED {currency}"), &col.money(refund.total));
    out += &col.tax(&refund.tax);
    if refund.tenders.cash > Decimal::ZERO {
        out += &col.row("Cash back", &col.money(refund.tenders.cash));
    }
    if refund.tenders.card > Decimal::ZERO {
        out += &col.row("To card", &col.money(refund.tenders.card));
    }
    if let Some(x) = &refund.exchange {
        out += &col.row(&format!("Credit to order {}", sale_reference(till, x.order)), &col.money(x.amount));
    }
    out += &col.row("Reason", &refund.reason);
    out
}
