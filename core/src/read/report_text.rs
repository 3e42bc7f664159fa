//! The X and Z reports as printed: plain text as wide as the printer's line.
//! Times are shown in the shop's time zone (`crate::zone::stamp`).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::describe::variance_words;
use crate::domain::{DayClose, DayFigures, DrawerCash, Shift};
use crate::settings::Settings;

use super::receipt::Columns;


/// Sales, voids, refunds, tax and takings by tender.
fn figures(col: &Columns, f: &DayFigures) -> String {
    let mut out = col.row(&format!("Sales ({})", f.orders_confirmed), &col.money(f.gross_sales));
    out += &col.row("Discounts", &format!("-{}", col.money(f.discounts)));
    out += &col.row(&format!("Voids ({})", f.orders_voided), &format!("-{}", col.money(f.voids)));
    out += &col.row(&format!("Refunds ({})", f.refunds_issued), &format!("-{}", col.money(f.refunds)));
    out += &col.row("NET SALES", &col.money(f.net_sales));
    out += &col.tax(&f.tax);
    out += &col.rule();
    out += &col.row("Cash taken", &col.money(f.cash_taken));
    out += &col.row("Change given", &format!("-{}", col.money(f.change_given)));
    if !f.cash_rounding.is_zero() {
        out += &col.row("Cash rounding", &col.money(f.cash_rounding));
    }
    out += &col.row("Cash refunded", &format!("-{}", col.money(f.cash_refunded)));
    out += &col.row("Card taken", &col.money(f.card_taken));
    out += &col.row("Card refunded", &format!("-{}", col.money(f.card_refunded)));
    out
}

fn drawer(col: &Columns, d: &DrawerCash) -> String {
    let mut out = col.row("Float", &col.money(d.float));
    out += &col.row("Cash sales", &col.money(d.sales));
    out += &col.row("Cash given back", &format!("-{}", col.money(d.given_back)));
    out += &col.row("Pay-ins", &col.money(d.pay_ins));
    out += &col.row("Pay-outs", &format!("-{}", col.money(d.pay_outs)));
    out += &col.row("Drops", &format!("-{}", col.money(d.drops)));
    out += &col.row("EXPECTED IN DRAWER", &col.money(d.expected));
    out
}

/// The X report of a shift so far; the drawer's expected cash only when the
/// reader may see it (a cashier's X is blind).
pub fn x_text(shop: &Settings, shift: &Shift, opened_by: &str, f: &DayFigures, d: Option<&DrawerCash>, as_of: DateTime<Utc>, width: usize) -> String {
    let col = Columns::new(width, shop.minor_unit);
    let mut out = col.shop(&shop.shop_name, &shop.shop_address);
    out += &col.center(&format!("X REPORT  SHIFT S-{}", shift.number));
    out += &col.row("Till", &shift.terminal);
    out += &col.row("Opened", &crate::zone::stamp(shop.zone(), shift.opened_at));
    out += &col.row("By", opened_by);
    out += &col.row("As of", &crate::zone::stamp(shop.zone(), as_of));
    out += &col.rule();
    out += &figures(&col, f);
    out += &col.rule();
    out += &col.row("Cash moves", &shift.cash_moves.to_string());
    out += &col.row("No sales", &shift.no_sales.to_string());
    match d {
        Some(d) => out += &drawer(&col, d),
        None => out += &col.row("Float", &col.money(shift.float)),
    }
    out += &col.center("Not a closing report");
    out
}

/// The Z report: the day closed, its shifts and the chain's head.
pub fn z_text(shop: &Settings, z: &DayClose, closed_by: &str, reopened_by: Option<&str>, width: usize) -> String {
    let c = &z.closed;
    let col = Columns::new(width, shop.minor_unit);
    let mut out = col.shop(&shop.shop_name, &shop.shop_address);
    out += &col.center(&format!("Z REPORT  Z-{}", c.number));
    out += &col.row("Day", &c.day.day.to_string());
    out += &col.row("Till", &c.terminal);
    out += &col.row("Closed", &crate::zone::stamp(shop.zone(), c.closed_at));
    out += &col.row("By", closed_by);
    out += &col.rule();
    out += &figures(&col, &c.figures);
    out += &col.rule();
    for s in &c.shifts {
        out += &col.row(&format!("Shift S-{}", s.number), &format!("{} / {}", col.money(s.counted), col.money(s.expected)));
        if s.variance != Decimal::ZERO {
            out += &col.row("", &variance_words(s.variance));
        }
    }
    out += &col.row("Drawer", &variance_words(c.variance));
    out += &col.rule();
    out += &col.row("Chain head", &format!("#{}", c.head.position));
    for part in c.head.hash.as_bytes().chunks(32.min(width - 1)) {
        out += &col.row("", std::str::from_utf8(part).unwrap_or_default());
    }
    if let Some(r) = &z.reopened {
        out += &col.rule();
        out += &col.center("REOPENED");
        out += &col.row("At", &crate::zone::stamp(shop.zone(), r.reopened_at));
        out += &col.row("By", reopened_by.unwrap_or_default());
        out += &col.row("Reason", &r.reason);
    }
    out
}
