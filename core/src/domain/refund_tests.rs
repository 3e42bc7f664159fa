//! given(a sale and its refunds).when(a refund).then(what it records | why not)

use super::*;
use crate::domain::command::{Approver, Role};
use crate::domain::event::*;
use crate::domain::order::evolve;
use crate::domain::policy::Policy;
use chrono::TimeZone;
use rust_decimal_macros::dec;

const CASHIER: StaffId = 1;
const MANAGER: StaffId = 2;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap()
}

fn ctx() -> Ctx {
    Ctx { now: now(), actor: CASHIER, actor_role: Role::Cashier, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None }
}

fn approved() -> Ctx {
    Ctx { approver: Some(Approver { staff: MANAGER, role: Role::Manager }), ..ctx() }
}

fn item(line: u32, name: &str, price: Decimal, quantity: u32, rate: Decimal) -> Event {
    Event::ItemAdded(ItemAdded {
        line,
        sku: format!("SKU-{line}"),
        name: name.into(),
        quantity,
        unit_price: price,
        tax_rate: rate,
        added_at: None,
    })
}

fn discount(id: u32, scope: DiscountScope, kind: DiscountKind, value: Decimal) -> Event {
    Event::DiscountApplied(DiscountApplied { discount: id, scope, kind, value, reason: "loyal".into(), authorised_by: None })
}

/// A sale of `events` (after the opening), paid as `tenders` for its total.
fn sale(events: &[Event], tenders: Tenders) -> Order {
    let opened = Event::OrderOpened(OrderOpened { number: 7, cashier: CASHIER, terminal: "T1".into(), opened_at: now(), currency: None });
    let order = std::iter::once(&opened).chain(events).fold(Order::default(), evolve);
    let totals = order.totals();
    let change = tenders.cash + tenders.card - totals.total;
    evolve(order, &Event::OrderConfirmed(OrderConfirmed { total: totals.total, tax: totals.tax, tenders, change, confirmed_at: now(), exchange: None, cash_rounding: rust_decimal::Decimal::ZERO }))
}

fn cash(amount: Decimal) -> Tenders {
    Tenders { cash: amount, card: Decimal::ZERO }
}

fn card(amount: Decimal) -> Tenders {
    Tenders { cash: Decimal::ZERO, card: amount }
}

fn units(line: LineId, quantity: u32) -> RefundedQuantity {
    RefundedQuantity { line, quantity }
}

/// Refunds and folds the sale's note of it in.
fn refunded(order: Order, number: RefundNumber, wanted: &[RefundedQuantity], tenders: Tenders) -> (Order, RefundIssued) {
    let r = refund_sale(&order, number, wanted, tenders, "faulty".into(), &ctx()).expect("refund accepted");
    (evolve(order, &Event::OrderRefunded(r.on_sale)), r.issued)
}

fn code(result: Result<SaleRefund, OrderError>) -> &'static str {
    match result {
        Err(e) => e.code(),
        Ok(r) => panic!("expected a refusal, got {r:?}"),
    }
}

/// Three loaves at 3.00, a jam at 4.00: 13.00 paid in cash.
fn bread_and_jam() -> Order {
    sale(&[item(1, "Bread", dec!(3.00), 3, dec!(10)), item(2, "Jam", dec!(4.00), 1, dec!(20))], cash(dec!(13.00)))
}

#[test]
fn part_of_a_line_gives_back_its_price_and_contained_tax() {
    let r = refund_sale(&bread_and_jam(), 1, &[units(1, 2)], cash(dec!(6.00)), "stale".into(), &ctx()).unwrap();
    assert_eq!(r.issued.total, dec!(6.00));
    assert_eq!(r.issued.lines[0].amount, dec!(6.00));
    assert_eq!(r.issued.lines[0].name, "Bread");
    assert_eq!(r.issued.tax, vec![TaxAmount { rate: dec!(10), gross: dec!(6.00), tax: dec!(0.55) }]);
    assert_eq!(r.issued.order, Some(7));
    assert_eq!(r.issued.cashier, CASHIER);
    assert_eq!(r.on_sale, OrderRefunded { refund: 1, lines: vec![units(1, 2)], total: dec!(6.00), tenders: cash(dec!(6.00)), exchange: None });
}

#[test]
fn a_line_is_never_refunded_past_what_was_sold_across_refunds() {
    let (order, _) = refunded(bread_and_jam(), 1, &[units(1, 2)], cash(dec!(6.00)));
    assert_eq!(order.line(1).unwrap().refunded, 2);
    // One loaf is left: two more are refused, and the message says one is left.
    let refusal = refund_sale(&order, 2, &[units(1, 2)], cash(dec!(6.00)), "stale".into(), &ctx()).unwrap_err();
    assert_eq!(refusal, OrderError::RefundPastSold { line: 1, name: "Bread".into(), sold: 3, left: 1 });
    let (order, _) = refunded(order, 2, &[units(1, 1)], cash(dec!(3.00)));
    assert_eq!(code(refund_sale(&order, 3, &[units(1, 1)], cash(dec!(3.00)), "x".into(), &ctx())), "refund_past_sold");
    // The same line asked for twice in one refund counts twice.
    assert_eq!(code(refund_sale(&bread_and_jam(), 1, &[units(1, 2), units(1, 2)], cash(dec!(12.00)), "x".into(), &ctx())), "refund_past_sold");
}

#[test]
fn order_discounts_are_shared_and_the_parts_add_up_to_what_was_paid() {
    // 10.00 + 5.00 with 1.00 off the order: the lines are worth 9.33 and 4.67.
    let order = sale(
        &[
            item(1, "Scarf", dec!(5.00), 2, dec!(20)),
            item(2, "Hat", dec!(5.00), 1, dec!(20)),
            discount(1, DiscountScope::Order, DiscountKind::Amount, dec!(1.00)),
        ],
        cash(dec!(14.00)),
    );
    assert_eq!(order.line_values().into_iter().collect::<Vec<_>>(), vec![(1, dec!(9.33)), (2, dec!(4.67))]);
    // One scarf, then the other: 4.67 + 4.66, exactly the line's 9.33.
    let (order, first) = refunded(order, 1, &[units(1, 1)], cash(dec!(4.67)));
    assert_eq!(first.total, dec!(4.67));
    let (order, second) = refunded(order, 2, &[units(1, 1)], cash(dec!(4.66)));
    assert_eq!(second.total, dec!(4.66));
    let (_, third) = refunded(order, 3, &[units(2, 1)], cash(dec!(4.67)));
    assert_eq!(first.total + second.total + third.total, dec!(14.00));
}

#[test]
fn a_line_discount_stays_with_its_line() {
    let order = sale(
        &[item(1, "Tea", dec!(2.00), 4, dec!(20)), discount(1, DiscountScope::Line { line: 1 }, DiscountKind::Percent, dec!(25))],
        cash(dec!(6.00)),
    );
    let r = refund_sale(&order, 1, &[units(1, 1)], cash(dec!(1.50)), "x".into(), &ctx()).unwrap();
    assert_eq!(r.issued.total, dec!(1.50));
}

#[test]
fn the_money_goes_back_exactly_and_no_more_to_a_card_than_was_paid_by_card() {
    let order = sale(&[item(1, "Lamp", dec!(30.00), 1, dec!(20))], Tenders { cash: dec!(10.00), card: dec!(20.00) });
    let mgr = approved();
    let try_with = |tenders| refund_sale(&order, 1, &[units(1, 1)], tenders, "broken".into(), &mgr);
    assert_eq!(code(try_with(card(dec!(30.00)))), "card_refund_past_paid");
    assert_eq!(code(try_with(cash(dec!(29.00)))), "refund_tender_mismatch");
    assert_eq!(code(try_with(Tenders { cash: dec!(-1), card: dec!(31) })), "tender_negative");
    assert!(try_with(Tenders { cash: dec!(10.00), card: dec!(20.00) }).is_ok());
    // All cash is accepted too (the drawer's limit is the till's to check).
    assert!(try_with(cash(dec!(30.00))).is_ok());
}

#[test]
fn card_already_refunded_is_not_refunded_twice() {
    let order = sale(&[item(1, "Cup", dec!(5.00), 2, dec!(20))], card(dec!(10.00)));
    let (order, _) = refunded(order, 1, &[units(1, 1)], card(dec!(5.00)));
    assert_eq!(card_refundable(&order), dec!(5.00));
    let (order, _) = refunded(order, 2, &[units(1, 1)], card(dec!(5.00)));
    assert_eq!(card_refundable(&order), Decimal::ZERO);
}

#[test]
fn over_the_cashiers_limit_a_manager_approves() {
    let order = sale(&[item(1, "Kettle", dec!(25.00), 1, dec!(20))], cash(dec!(25.00)));
    let refusal = refund_sale(&order, 1, &[units(1, 1)], cash(dec!(25.00)), "broken".into(), &ctx()).unwrap_err();
    assert_eq!(refusal.to_string(), "A refund of 25.00 (over 20.00) needs a manager");
    let r = refund_sale(&order, 1, &[units(1, 1)], cash(dec!(25.00)), "broken".into(), &approved()).unwrap();
    assert_eq!(r.issued.authorised_by, Some(MANAGER));
    // Under the limit a cashier refunds alone.
    let small = refund_sale(&bread_and_jam(), 1, &[units(2, 1)], cash(dec!(4.00)), "x".into(), &ctx()).unwrap();
    assert_eq!(small.issued.authorised_by, None);
    // A manager refunding authorises it themselves.
    let manager = Ctx { actor: MANAGER, actor_role: Role::Manager, ..ctx() };
    let r = refund_sale(&order, 1, &[units(1, 1)], cash(dec!(25.00)), "broken".into(), &manager).unwrap();
    assert_eq!(r.issued.authorised_by, Some(MANAGER));
    // A cashier's approval is no manager's.
    let cashier_ok = Ctx { approver: Some(Approver { staff: 3, role: Role::Cashier }), ..ctx() };
    assert_eq!(code(refund_sale(&order, 1, &[units(1, 1)], cash(dec!(25.00)), "x".into(), &cashier_ok)), "approver_not_manager");
}

#[test]
fn only_a_paid_sale_is_refunded_and_always_with_a_reason() {
    let open = [Event::OrderOpened(OrderOpened { number: 8, cashier: CASHIER, terminal: "T1".into(), opened_at: now(), currency: None }), item(1, "Tea", dec!(2), 1, dec!(20))]
        .iter()
        .fold(Order::default(), evolve);
    assert_eq!(code(refund_sale(&open, 1, &[units(1, 1)], cash(dec!(2)), "x".into(), &ctx())), "order_not_refundable");
    assert_eq!(code(refund_sale(&Order::default(), 1, &[units(1, 1)], cash(dec!(2)), "x".into(), &ctx())), "order_not_found");
    let voided = evolve(
        bread_and_jam(),
        &Event::OrderVoided(OrderVoided { reason: "mistake".into(), authorised_by: MANAGER, amount: dec!(13), voided_at: now() }),
    );
    assert_eq!(code(refund_sale(&voided, 1, &[units(1, 1)], cash(dec!(3)), "x".into(), &ctx())), "order_not_refundable");
    assert_eq!(code(refund_sale(&bread_and_jam(), 1, &[units(1, 1)], cash(dec!(3)), " ".into(), &ctx())), "reason_required");
    assert_eq!(code(refund_sale(&bread_and_jam(), 1, &[], cash(dec!(0)), "x".into(), &ctx())), "nothing_to_refund");
    assert_eq!(code(refund_sale(&bread_and_jam(), 1, &[units(9, 1)], cash(dec!(3)), "x".into(), &ctx())), "line_not_found");
}

#[test]
fn without_a_receipt_the_current_price_goes_back_with_a_manager() {
    let tea = ProductFacts { sku: "TEA".into(), name: "Tea".into(), unit_price: dec!(2.50), tax_rate: dec!(20) };
    let refusal = refund_without_receipt(1, vec![(tea.clone(), 2)], cash(dec!(5.00)), "gift".into(), &ctx()).unwrap_err();
    assert_eq!(refusal.code(), "manager_required");
    let r = refund_without_receipt(1, vec![(tea.clone(), 2)], cash(dec!(5.00)), "gift".into(), &approved()).unwrap();
    assert_eq!((r.order, r.total, r.authorised_by), (None, dec!(5.00), Some(MANAGER)));
    assert_eq!(r.lines[0].line, None);
    // Nothing was paid by card: nothing goes back to one.
    let to_card = refund_without_receipt(1, vec![(tea, 2)], card(dec!(5.00)), "gift".into(), &approved()).unwrap_err();
    assert_eq!(to_card.code(), "card_refund_past_paid");
}

#[test]
fn a_refunded_sale_is_not_voided() {
    let (order, _) = refunded(bread_and_jam(), 1, &[units(2, 1)], cash(dec!(4.00)));
    let void = crate::domain::Command::VoidOrder { reason: "mistake".into() };
    let refusal = crate::domain::decide(&order, void, &approved()).unwrap_err();
    assert_eq!(refusal.code(), "void_after_refund");
}

#[test]
fn the_sale_keeps_its_refunds_in_order() {
    let (order, _) = refunded(bread_and_jam(), 4, &[units(1, 1)], cash(dec!(3.00)));
    let (order, _) = refunded(order, 6, &[units(2, 1)], cash(dec!(4.00)));
    assert_eq!(order.refunds.iter().map(|r| r.refund).collect::<Vec<_>>(), vec![4, 6]);
    assert_eq!(order.status, OrderStatus::Confirmed);
    assert_eq!(order.view().refunds.len(), 2);
}
