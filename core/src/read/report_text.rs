//! The X and Z reports as printed: plain text as wide as the printer's line.
//! Times are shown in the shop's time zone, words, amounts and days in its
//! language (`crate::language`).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{DayClose, DayFigures, DrawerCash, Shift, Variance};
use crate::settings::Settings;

use super::receipt::Columns;


/// Sales, voids, refunds, tax and takings by tender.
fn figures(col: &Columns, f: &DayFigures) -> String {
    let w = col.words;
    let count = |word: &str, n: u32| col.say(word, &[("count", &n.to_string())]);
    let mut out = col.row(&count(w.sales, f.orders_confirmed), &col.money(f.gross_sales));
    out += &col.row(w.discounts, &col.minus(f.discounts));
    out += &col.row(&count(w.voids, f.orders_voided), &col.minus(f.voids));
    out += &col.row(&count(w.refunds, f.refunds_issued), &col.minus(f.refunds));
    out += &col.row(w.net_sales, &col.money(f.net_sales));
    out += &col.tax(&f.tax);
    out += &col.rule();
    out += &col.row(w.cash_taken, &col.money(f.cash_taken));
    out += &col.row(w.change_given, &col.minus(f.change_given));
    if !f.cash_rounding.is_zero() {
        out += &col.row(w.cash_rounding, &col.money(f.cash_rounding));
    }
    out += &col.row(w.cash_refunded, &col.minus(f.cash_refunded));
    out += &col.row(w.card_taken, &col.money(f.card_taken));
    out += &col.row(w.card_refunded, &col.minus(f.card_refunded));
    out
}

fn drawer(col: &Columns, d: &DrawerCash) -> String {
    let w = col.words;
    let mut out = col.row(w.float, &col.money(d.float));
    out += &col.row(w.cash_sales, &col.money(d.sales));
    out += &col.row(w.cash_given_back, &col.minus(d.given_back));
    out += &col.row(w.pay_ins, &col.money(d.pay_ins));
    out += &col.row(w.pay_outs, &col.minus(d.pay_outs));
    out += &col.row(w.drops, &col.minus(d.drops));
    out += &col.row(w.expected_in_drawer, &col.money(d.expected));
    out
}

/// A drawer's count against what was expected: balanced, short or over.
fn variance(col: &Columns, variance: Decimal) -> String {
    let w = col.words;
    match Variance::of(variance) {
        Variance::Balanced => w.balanced.to_string(),
        Variance::Short(by) => col.say(w.short_by, &[("amount", &col.money(by))]),
        Variance::Over(by) => col.say(w.over_by, &[("amount", &col.money(by))]),
    }
}

/// The X report of a shift so far; the drawer's expected cash only when the
/// reader may see it (a cashier's X is blind).
pub fn x_text(shop: &Settings, shift: &Shift, opened_by: &str, f: &DayFigures, d: Option<&DrawerCash>, as_of: DateTime<Utc>, width: usize) -> String {
    let col = Columns::new(width, shop.minor_unit, shop.language, shop.zone());
    let w = col.words;
    let mut out = col.shop(&shop.shop_name, &shop.shop_address);
    out += &col.center(&col.say(w.x_report, &[("shift", &shift.number.to_string())]));
    out += &col.row(w.till, &shift.terminal);
    out += &col.row(w.opened, &col.stamp(shift.opened_at));
    out += &col.row(w.by, opened_by);
    out += &col.row(w.as_of, &col.stamp(as_of));
    out += &col.rule();
    out += &figures(&col, f);
    out += &col.rule();
    out += &col.row(w.cash_moves, &shift.cash_moves.to_string());
    out += &col.row(w.no_sales, &shift.no_sales.to_string());
    match d {
        Some(d) => out += &drawer(&col, d),
        None => out += &col.row(w.float, &col.money(shift.float)),
    }
    out += &col.center(w.not_a_closing_report);
    out
}

/// The Z report: the day closed, its shifts and the chain's head.
pub fn z_text(shop: &Settings, z: &DayClose, closed_by: &str, reopened_by: Option<&str>, width: usize) -> String {
    let c = &z.closed;
    let col = Columns::new(width, shop.minor_unit, shop.language, shop.zone());
    let w = col.words;
    let mut out = col.shop(&shop.shop_name, &shop.shop_address);
    out += &col.center(&col.say(w.z_report, &[("z", &c.number.to_string())]));
    out += &col.row(w.day, &col.language.day(c.day.day));
    out += &col.row(w.till, &c.terminal);
    out += &col.row(w.closed, &col.stamp(c.closed_at));
    out += &col.row(w.by, closed_by);
    out += &col.rule();
    out += &figures(&col, &c.figures);
    out += &col.rule();
    for s in &c.shifts {
        out += &col.row(&col.say(w.shift, &[("shift", &s.number.to_string())]), &format!("{} / {}", col.money(s.counted), col.money(s.expected)));
        if s.variance != Decimal::ZERO {
            out += &col.row("", &variance(&col, s.variance));
        }
    }
    out += &col.row(w.drawer, &variance(&col, c.variance));
    out += &col.rule();
    out += &col.row(w.chain_head, &format!("#{}", c.head.position));
    for part in c.head.hash.as_bytes().chunks(32.min(width - 1)) {
        out += &col.row("", std::str::from_utf8(part).unwrap_or_default());
    }
    if let Some(r) = &z.reopened {
        out += &col.rule();
        out += &col.center(w.reopened);
        out += &col.row(w.at, &col.stamp(r.reopened_at));
        out += &col.row(w.by, reopened_by.unwrap_or_default());
        out += &col.row(w.reason, &r.reason);
    }
    out
}
