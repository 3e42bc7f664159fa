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
    pub currency: String,
    pub cashier_name: String,
    pub order: OrderView,
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
        currency: s.currency.clone(),
        cashier_name: staff_name(reader.conn, Some(order.cashier))?.unwrap_or_default(),
        order: order.view(),
    })
}

/// Columns of a receipt saved as text.
pub const RECEIPT_TEXT_WIDTH: usize = 40;

/// A plain-text receipt, 40 columns wide, for saving to a file.
pub fn receipt_text(r: &Receipt) -> String {
    receipt_text_width(r, RECEIPT_TEXT_WIDTH)
}

/// A plain-text receipt `width` columns wide (a thermal printer's line).
pub fn receipt_text_width(r: &Receipt, width: usize) -> String {
    assert!(width >= 24, "a receipt needs at least 24 columns");
    let w = width;
    let mut out = String::new();
    let center = |s: &str| format!("{:^w$}\n", s);
    let row = |l: &str, rv: &str| {
        let room = w.saturating_sub(rv.chars().count() + 1);
        let l: String = l.chars().take(room).collect();
        format!("{l:<room$} {rv}\n")
    };
    out += &center(&r.shop_name);
    for line in r.shop_address.lines() {
        out += &center(line);
    }
    out += &"-".repeat(w);
    out += "\n";
    let o = &r.order;
    out += &row(&format!("Order {}", o.number), &o.opened_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default());
    out += &row("Cashier", &r.cashier_name);
    out += &row("Till", &o.terminal);
    out += &"-".repeat(w);
    out += "\n";
    for l in o.lines.iter().filter(|l| l.line.voided.is_none()) {
        out += &row(&format!("{} x {}", l.line.quantity, l.line.name), &money::format(l.gross));
        if l.discount > Decimal::ZERO {
            out += &row("  discount", &format!("-{}", money::format(l.discount)));
        }
    }
    out += &"-".repeat(w);
    out += "\n";
    let t = &o.totals;
    out += &row("Subtotal", &money::format(t.subtotal));
    if t.discount_total > Decimal::ZERO {
        out += &row("Discounts", &format!("-{}", money::format(t.discount_total)));
    }
    out += &row(&format!("TOTAL {}", r.currency), &money::format(t.total));
    for tax in &t.tax {
        out += &row(&format!("  incl. tax {}% on {}", tax.rate.normalize(), money::format(tax.gross)), &money::format(tax.tax));
    }
    if let Some(c) = &o.confirmation {
        if c.tenders.cash > Decimal::ZERO {
            out += &row("Cash", &money::format(c.tenders.cash));
        }
        if c.tenders.card > Decimal::ZERO {
            out += &row("Card", &money::format(c.tenders.card));
        }
        out += &row("Change", &money::format(c.change));
        out += &row("Paid", &c.confirmed_at.format("%Y-%m-%d %H:%M:%S UTC").to_string());
    }
    if let Some(v) = &o.voiding {
        out += &center(&format!("*** VOIDED: {} ***", v.reason));
    }
    out += &center("Thank you");
    out
}

/// A refund's printed slip: the shop, the refund and the sale it refunds,
/// what came back, what went back and how, and the reason.
pub fn refund_text(shop: &crate::settings::Settings, cashier_name: &str, refund: &crate::domain::RefundIssued, width: usize) -> String {
    assert!(width >= 24, "a receipt needs at least 24 columns");
    let w = width;
    let center = |s: &str| format!("{:^w$}\n", s);
    let row = |l: &str, rv: &str| {
        let room = w.saturating_sub(rv.chars().count() + 1);
        let l: String = l.chars().take(room).collect();
        format!("{l:<room$} {rv}\n")
    };
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = center(&shop.shop_name);
    for line in shop.shop_address.lines() {
        out += &center(line);
    }
    out += &rule;
    out += &center(&format!("REFUND R-{}", refund.number));
    out += &row("Date", &refund.issued_at.format("%Y-%m-%d %H:%M").to_string());
    out += &row("Sale", &refund.order.map_or("no receipt".to_string(), |o| format!("order {o}")));
    out += &row("Cashier", cashier_name);
    out += &rule;
    for l in &refund.lines {
        out += &row(&format!("{} x {}", l.quantity, l.name), &money::format(l.amount));
    }
    out += &rule;
    out += &row(&format!("REFUNDED {}", shop.currency), &money::format(refund.total));
    for tax in &refund.tax {
        out += &row(&format!("  incl. tax {}% on {}", tax.rate.normalize(), money::format(tax.gross)), &money::format(tax.tax));
    }
    if refund.tenders.cash > Decimal::ZERO {
        out += &row("Cash back", &money::format(refund.tenders.cash));
    }
    if refund.tenders.card > Decimal::ZERO {
        out += &row("To card", &money::format(refund.tenders.card));
    }
    out += &row("Reason", &refund.reason);
    out
}
