//! A receipt: the shop's header, the cashier and the order as it now is,
//! and its plain text for saving to a file.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::{OrderError, OrderId, OrderStatus, OrderView};
use crate::error::Result;
use crate::language::{Language, SlipWords};

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
    /// The shop's language: the receipt is printed in it.
    pub language: Language,
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
        language: s.language,
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

/// The lines of a slip `w` columns wide (a receipt, a refund, a report), in
/// the shop's language.
pub(super) struct Columns {
    w: usize,
    /// How many decimals the slip's money has.
    minor_unit: u32,
    pub(super) language: Language,
    pub(super) words: &'static SlipWords,
    zone: chrono_tz::Tz,
}

impl Columns {
    pub(super) fn new(width: usize, minor_unit: u32, language: Language, zone: chrono_tz::Tz) -> Columns {
        assert!(width >= 24, "a receipt needs at least 24 columns");
        Columns { w: width, minor_unit, language, words: language.words(), zone }
    }

    /// An amount with the currency's decimals, as the shop's language writes it.
    pub(super) fn money(&self, amount: Decimal) -> String {
        self.language.amount(amount, self.minor_unit)
    }

    /// An amount taken off: "-2.00".
    pub(super) fn minus(&self, amount: Decimal) -> String {
        format!("-{}", self.money(amount))
    }

    /// An instant in the shop's zone, to the minute.
    pub(super) fn stamp(&self, at: DateTime<Utc>) -> String {
        self.language.stamp(self.zone, at)
    }

    /// `word` (one of `self.words`) with its placeholders filled.
    pub(super) fn say(&self, word: &str, params: &[(&str, &str)]) -> String {
        SlipWords::fill(word, params)
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
        let row = |t: &crate::domain::TaxAmount| {
            let on = self.say(self.words.tax_on, &[("rate", &self.language.percent(t.rate)), ("gross", &self.money(t.gross))]);
            self.row(&on, &self.money(t.tax))
        };
        tax.iter().map(row).collect()
    }
}

/// A plain-text receipt `width` columns wide (a thermal printer's line).
pub fn receipt_text_width(r: &Receipt, width: usize) -> String {
    let col = Columns::new(width, r.minor_unit, r.language, crate::zone::named(&r.time_zone));
    let w = col.words;
    let mut out = col.shop(&r.shop_name, &r.shop_address);
    let o = &r.order;
    out += &col.row(&format!("{} {}", w.order, o.reference), &o.opened_at.map(|t| col.stamp(t)).unwrap_or_default());
    out += &col.row(w.cashier, &r.cashier_name);
    out += &col.row(w.till, &o.terminal);
    out += &col.rule();
    for l in o.lines.iter().filter(|l| l.line.voided.is_none()) {
        out += &col.row(&format!("{} x {}", l.line.quantity, l.line.name), &col.money(l.gross));
        if l.discount > Decimal::ZERO {
            out += &col.row(w.line_discount, &col.minus(l.discount));
        }
    }
    out += &col.rule();
    let t = &o.totals;
    out += &col.row(w.subtotal, &col.money(t.subtotal));
    if t.discount_total > Decimal::ZERO {
        out += &col.row(w.discounts, &col.minus(t.discount_total));
    }
    out += &col.row(&col.say(w.total, &[("currency", &r.currency)]), &col.money(t.total));
    out += &col.tax(&t.tax);
    if let Some(c) = &o.confirmation {
        out += &payment(&col, c, r.exchange_credit.as_deref());
    }
    if let Some(v) = &o.voiding {
        out += &col.center(&col.say(w.voided, &[("reason", &v.reason)]));
    }
    out += &col.center(w.thanks);
    out
}

/// How a receipt's order was paid: the exchange credit, cash, card, rounding, change, when.
fn payment(col: &Columns, c: &crate::domain::order::Confirmation, exchange_credit: Option<&str>) -> String {
    let w = col.words;
    let mut out = String::new();
    if let (Some(x), Some(credit)) = (&c.exchange, exchange_credit) {
        out += &col.row(&col.say(w.exchange_credit, &[("refund", credit)]), &col.minus(x.amount));
    }
    if c.tenders.cash > Decimal::ZERO {
        out += &col.row(w.cash, &col.money(c.tenders.cash));
    }
    if c.tenders.card > Decimal::ZERO {
        out += &col.row(w.card, &col.money(c.tenders.card));
    }
    if !c.cash_rounding.is_zero() {
        out += &col.row(w.cash_rounding, &col.money(c.cash_rounding));
    }
    out += &col.row(w.change, &col.money(c.change));
    out += &col.row(w.paid, &col.language.stamp_seconds(col.zone, c.confirmed_at));
    out
}

/// A refund's printed slip: the shop, the refund and the sale it refunds,
/// what came back, what went back and how, and the reason.
pub fn refund_text(shop: &crate::settings::Settings, till: &str, cashier_name: &str, refund: &crate::domain::RefundIssued, width: usize) -> String {
    use crate::domain::{refund_reference, sale_reference};
    let col = Columns::new(width, refund.minor_unit(), shop.language, shop.zone());
    let w = col.words;
    let mut out = col.shop(&shop.shop_name, &shop.shop_address);
    out += &col.center(&col.say(w.refund, &[("refund", &refund_reference(till, refund.number))]));
    out += &col.row(w.date, &col.stamp(refund.issued_at));
    let sale_till = refund.sale_till.as_deref().unwrap_or(till);
    let sale = refund.order.map_or(w.no_receipt.to_string(), |o| col.say(w.sale_order, &[("order", &sale_reference(sale_till, o))]));
    out += &col.row(w.sale, &sale);
    out += &col.row(w.cashier, cashier_name);
    out += &col.rule();
    for l in &refund.lines {
        out += &col.row(&format!("{} x {}", l.quantity, l.name), &col.money(l.amount));
    }
    out += &col.rule();
    let currency = refund.currency.as_ref().map_or(shop.currency.as_str(), |c| c.code.as_str());
    out += &col.row(&col.say(w.refunded, &[("currency", currency)]), &col.money(refund.total));
    out += &col.tax(&refund.tax);
    if refund.tenders.cash > Decimal::ZERO {
        out += &col.row(w.cash_back, &col.money(refund.tenders.cash));
    }
    if refund.tenders.card > Decimal::ZERO {
        out += &col.row(w.to_card, &col.money(refund.tenders.card));
    }
    if let Some(x) = &refund.exchange {
        out += &col.row(&col.say(w.credit_to_order, &[("order", &sale_reference(till, x.order))]), &col.money(x.amount));
    }
    out += &col.row(w.reason, &refund.reason);
    out
}
