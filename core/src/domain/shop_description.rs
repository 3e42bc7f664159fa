//! [`super::describe::describe_shop`] and `describe_refund` as messages:
//! the catalog, the staff, the shop, shifts, refunds and closes.

use rust_decimal::Decimal;

use super::event::*;
use super::refund::RefundIssued;
use super::{Role, Variance};
use crate::message::Message;

fn role(r: Role) -> String {
    format!("role.{}", r.as_str())
}

fn yes_no(b: bool) -> String {
    format!("eventTerm.{}", if b { "yes" } else { "no" })
}

/// The message of a drawer that came out balanced, short or over: `keys` in that order.
fn with_variance(keys: [&'static str; 3], variance: Decimal) -> Message {
    match Variance::of(variance) {
        Variance::Balanced => Message::new(keys[0]),
        Variance::Short(by) => Message::new(keys[1]).amount("variance", by),
        Variance::Over(by) => Message::new(keys[2]).amount("variance", by),
    }
}

/// One event of the catalog, the staff or the shop as a message.
pub fn shop_description(event: &Event) -> Option<Message> {
    Some(match event {
        Event::ProductAdded(e) => Message::new(if e.imported { "productAddedImported" } else { "productAdded" })
            .text("name", &e.name)
            .text("sku", &e.sku)
            .amount("price", e.price)
            .percent("tax", e.tax_rate),
        Event::PriceChanged(e) => Message::new("priceChanged").text("sku", &e.sku).amount("from", e.from).amount("to", e.to),
        Event::ProductChanged(e) => {
            let m = Message::new("productChanged").text("sku", &e.sku).text("name", &e.name);
            let m = match &e.barcode {
                Some(b) => m.text("barcode", b),
                None => m.term("barcode", "eventTerm.none".into()),
            };
            m.percent("tax", e.tax_rate).term("quickKey", yes_no(e.favourite))
        }
        Event::ProductArchived(e) => Message::new("productArchived").text("sku", &e.sku),
        Event::ProductRestored(e) => Message::new("productRestored").text("sku", &e.sku),
        Event::StaffAdded(e) => Message::new("staffAdded").term("role", role(e.role)).text("name", &e.name).text("code", &e.code),
        Event::RoleChanged(e) => Message::new("roleChanged").number("staff", e.id).term("from", role(e.from)).term("to", role(e.to)),
        Event::PinReset(e) => Message::new("pinReset").number("staff", e.id),
        Event::StaffDeactivated(e) => Message::new("staffDeactivated").number("staff", e.id),
        Event::StaffReactivated(e) => Message::new("staffReactivated").number("staff", e.id),
        Event::SettingsChanged(e) => Message::new("settingsChanged")
            .text("name", &e.shop_name)
            .text("address", e.shop_address.replace('\n', ", "))
            .text("currency", &e.currency),
        Event::PolicyChanged(e) => {
            let (p, c) = (&e.policy, &e.policy.cashier);
            Message::new("policyChanged")
                .percent("discountPercent", c.discount_percent_max)
                .amount("discountAmount", c.discount_amount_max)
                .percent("hardPercent", p.discount_percent_hard_max)
                .amount("refund", c.refund_amount_max)
                .amount("cashMove", c.cash_move_max)
                .amount("variance", c.variance_max)
        }
        _ => return shift_description(event),
    })
}

/// Shifts, the drawer, refunds and closes as messages.
fn shift_description(event: &Event) -> Option<Message> {
    Some(match event {
        Event::ShiftOpened(e) => Message::new("shiftOpened").number("shift", e.number).text("till", &e.terminal).amount("float", e.float),
        Event::CashMoved(e) => Message::new("cashMoved")
            .term("kind", format!("eventTerm.cashMove.{}", cash_move_key(e.kind)))
            .amount("amount", e.amount)
            .number("shift", e.shift)
            .text("reason", &e.reason),
        Event::DrawerOpened(e) => Message::new("drawerOpened").number("shift", e.shift).text("reason", &e.reason),
        Event::ShiftClosed(e) => {
            let keys = match e.reason {
                Some(_) => ["shiftClosedBalancedReason", "shiftClosedShortReason", "shiftClosedOverReason"],
                None => ["shiftClosedBalanced", "shiftClosedShort", "shiftClosedOver"],
            };
            let m = with_variance(keys, e.variance).number("shift", e.shift).amount("expected", e.drawer.expected).amount("counted", e.counted);
            match &e.reason {
                Some(r) => m.text("reason", r),
                None => m,
            }
        }
        Event::RefundIssued(e) => return refund_description(e),
        Event::DayClosed(e) => {
            let keys = ["dayClosedBalanced", "dayClosedShort", "dayClosedOver"];
            with_variance(keys, e.variance)
                .number("number", e.number)
                .date("day", e.day.day)
                .text("till", &e.terminal)
                .amount("net", e.figures.net_sales)
                .number("shifts", e.shifts.len() as i64)
        }
        Event::DayReopened(e) => Message::new("dayReopened").date("day", e.day).number("number", e.number).text("reason", &e.reason),
        Event::SignedIn(e) => Message::new("signedIn").number("staff", e.id),
        Event::SignedOut(e) => Message::new("signedOut").number("staff", e.id),
        _ => return None,
    })
}

fn cash_move_key(kind: super::CashMoveKind) -> &'static str {
    match kind {
        super::CashMoveKind::Drop => "drop",
        super::CashMoveKind::PayOut => "payOut",
        super::CashMoveKind::PayIn => "payIn",
    }
}

/// A refund as a message: given back one way (cash or card) with its
/// amount and tender; split between ways or given as credit, with the
/// ways as a term whose own placeholders are this message's amounts.
pub fn refund_description(e: &RefundIssued) -> Option<Message> {
    let money = |amount: Decimal| super::description::money_of(amount, e.minor_unit());
    let items: u32 = e.lines.iter().map(|l| l.quantity).sum();
    let (receipt, one) = (e.order.is_some(), items == 1);
    let single = match (e.tenders.cash.is_zero(), e.tenders.card.is_zero(), &e.exchange) {
        (false, true, None) => Some(("eventTerm.inCash", e.tenders.cash)),
        (true, false, None) => Some(("eventTerm.toCard", e.tenders.card)),
        _ => None,
    };
    let of = |key: &'static str| match (e.order, &e.sale_till) {
        (Some(order), Some(till)) => Message::new(key).text("order", super::sale_reference(till, order)),
        (Some(order), None) => Message::new(key).text("order", order),
        (None, _) => Message::new(key),
    };
    let m = match single {
        Some((tender, amount)) => of(refund_key(receipt, one, false)).amount("amount", money(amount)).term("tender", tender.into()),
        None => refund_ways(of(refund_key(receipt, one, true)), e, money),
    };
    Some(m.number("number", e.number).number("items", items).text("reason", &e.reason))
}

/// The ways a refund went back, as the term `how` and the amounts it names.
fn refund_ways(m: Message, e: &RefundIssued, money: impl Fn(Decimal) -> Decimal) -> Message {
    let (cash, card) = (!e.tenders.cash.is_zero(), !e.tenders.card.is_zero());
    let how = match (cash, card, e.exchange.is_some()) {
        (true, true, false) => "eventTerm.cashAndCard",
        (false, false, true) => "eventTerm.credit",
        (true, false, true) => "eventTerm.cashAndCredit",
        (false, true, true) => "eventTerm.cardAndCredit",
        (true, true, true) => "eventTerm.cashCardAndCredit",
        _ => "eventTerm.nothingBack",
    };
    let mut m = m.term("how", how.into());
    if cash {
        m = m.amount("cash", money(e.tenders.cash));
    }
    if card {
        m = m.amount("card", money(e.tenders.card));
    }
    if let Some(x) = &e.exchange {
        m = m.amount("credit", money(x.amount)).number("creditOrder", x.order);
    }
    m
}

/// The key of a refund's message: with or without the sale's receipt, one
/// item or several, and given back one way (`amount` and `tender`) or in
/// several (`how`).
fn refund_key(receipt: bool, one: bool, ways: bool) -> &'static str {
    match (receipt, one, ways) {
        (true, false, false) => "refundIssued",
        (true, true, false) => "refundIssuedOne",
        (false, false, false) => "refundIssuedNoReceipt",
        (false, true, false) => "refundIssuedNoReceiptOne",
        (true, false, true) => "refundIssuedWays",
        (true, true, true) => "refundIssuedWaysOne",
        (false, false, true) => "refundIssuedNoReceiptWays",
        (false, true, true) => "refundIssuedNoReceiptWaysOne",
    }
}
