//! given(a paid sale and an open order).when(an exchange).then(the refund and the payment | why not)

use super::*;
use crate::domain::command::{Approver, Role};
use crate::domain::event::*;
use crate::domain::order::evolve;
use crate::domain::policy::Policy;
use crate::domain::refund::RefundIssued;
use crate::domain::StaffId;
use chrono::{DateTime, TimeZone, Utc};
use rust_decimal_macros::dec;

const CASHIER: StaffId = 1;
const MANAGER: StaffId = 2;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()
}

fn ctx() -> Ctx {
    Ctx { now: now(), actor: CASHIER, actor_role: Role::Cashier, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None }
}

fn approved() -> Ctx {
    Ctx { approver: Some(Approver { staff: MANAGER, role: Role::Manager }), ..ctx() }
}

fn item(line: u32, name: &str, price: Decimal, quantity: u32) -> Event {
    Event::ItemAdded(ItemAdded { line, sku: format!("SKU-{name}"), name: name.into(), quantity, unit_price: price, tax_rate: dec!(20), added_at: None })
}

fn opened(number: i64, till: &str, items: &[Event]) -> Order {
    let opened = Event::OrderOpened(OrderOpened { number, cashier: CASHIER, terminal: till.into(), opened_at: now(), currency: None });
    std::iter::once(&opened).chain(items).fold(Order::default(), evolve)
}

fn paid(order: Order, tenders: Tenders) -> Order {
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

/// Sale 7: a shirt at 12.00 and a cap at 8.00, paid 20.00 by card.
fn sale() -> Order {
    paid(opened(7, "T1", &[item(1, "Shirt", dec!(12.00), 1), item(2, "Cap", dec!(8.00), 1)]), card(dec!(20.00)))
}

/// Order 9, open on till T1, for `price`.
fn new_order(price: Decimal) -> Order {
    opened(9, "T1", &[item(1, "Jacket", price, 1)])
}

fn shirt() -> Vec<RefundedQuantity> {
    vec![RefundedQuantity { line: 1, quantity: 1 }]
}

fn goods(lines: &[RefundedQuantity], money: Tenders) -> ExchangeGoods<'_> {
    ExchangeGoods { number: 3, lines, money, reason: "wrong size".into(), till: "T1" }
}

fn exchanged(order: &Order, money: Tenders) -> Result<Exchange, OrderError> {
    exchange_goods(&sale(), order, goods(&shirt(), money), &ctx())
}

fn credit(amount: Decimal) -> Option<ExchangeCredit> {
    Some(ExchangeCredit { refund: 3, order: 9, amount })
}

fn issued(e: &Exchange) -> &RefundIssued {
    &e.refund.issued
}

#[test]
fn a_dearer_order_takes_the_whole_credit_and_the_customer_pays_the_rest() {
    let e = exchanged(&new_order(dec!(19.50)), cash(dec!(10.00))).unwrap();
    assert_eq!(issued(&e).total, dec!(12.00));
    assert_eq!(issued(&e).tenders, Tenders::default());
    assert_eq!(issued(&e).exchange, credit(dec!(12.00)));
    assert_eq!(issued(&e).order, Some(7));
    assert_eq!(e.refund.on_sale.exchange, credit(dec!(12.00)));
    assert_eq!(e.confirmed.total, dec!(19.50));
    assert_eq!(e.confirmed.tenders, cash(dec!(10.00)));
    assert_eq!(e.confirmed.change, dec!(2.50));
    assert_eq!(e.confirmed.exchange, credit(dec!(12.00)));
}

#[test]
fn a_credit_equal_to_the_order_pays_it_and_no_money_moves() {
    let e = exchanged(&new_order(dec!(12.00)), Tenders::default()).unwrap();
    assert_eq!(issued(&e).tenders, Tenders::default());
    assert_eq!(e.confirmed.tenders, Tenders::default());
    assert_eq!(e.confirmed.change, Decimal::ZERO);
    assert_eq!(e.confirmed.exchange, credit(dec!(12.00)));
    // Money typed on an even exchange would leave the drawer: refused.
    assert_eq!(exchanged(&new_order(dec!(12.00)), cash(dec!(1.00))).unwrap_err().code(), "exchange_tender_mismatch");
}

#[test]
fn a_cheaper_order_takes_part_of_the_credit_and_the_rest_goes_back() {
    let e = exchanged(&new_order(dec!(7.50)), cash(dec!(4.50))).unwrap();
    assert_eq!(issued(&e).total, dec!(12.00));
    assert_eq!(issued(&e).tenders, cash(dec!(4.50)));
    assert_eq!(issued(&e).exchange, credit(dec!(7.50)));
    assert_eq!(e.confirmed.tenders, Tenders::default());
    assert_eq!(e.confirmed.exchange, credit(dec!(7.50)));
    // Back to the card it was paid with, too; exactly the difference.
    assert_eq!(issued(&exchanged(&new_order(dec!(7.50)), card(dec!(4.50))).unwrap()).tenders, card(dec!(4.50)));
    let short = exchanged(&new_order(dec!(7.50)), cash(dec!(4.00))).unwrap_err();
    assert_eq!(short, OrderError::ExchangeTenderMismatch { back: dec!(4.50), tendered: dec!(4.00) });
}

#[test]
fn the_rest_goes_back_to_a_card_only_as_far_as_the_sale_was_paid_by_card() {
    let cash_sale = paid(opened(7, "T1", &[item(1, "Shirt", dec!(12.00), 1)]), cash(dec!(12.00)));
    let refusal = exchange_goods(&cash_sale, &new_order(dec!(7.50)), goods(&shirt(), card(dec!(4.50))), &ctx()).unwrap_err();
    assert_eq!(refusal.code(), "card_refund_past_paid");
}

#[test]
fn the_difference_is_paid_as_a_sale_is() {
    let order = new_order(dec!(19.50));
    assert_eq!(exchanged(&order, cash(dec!(7.00))).unwrap_err(), OrderError::TenderShort { due: dec!(7.50), tendered: dec!(7.00) });
    assert_eq!(exchanged(&order, card(dec!(8.00))).unwrap_err().code(), "card_exceeds_due");
    assert_eq!(exchanged(&order, cash(dec!(-1.00))).unwrap_err().code(), "tender_negative");
    assert_eq!(exchanged(&order, card(dec!(7.50))).unwrap().confirmed.tenders, card(dec!(7.50)));
}

#[test]
fn goods_are_never_exchanged_past_what_is_left_of_their_line() {
    let e = exchanged(&new_order(dec!(12.00)), Tenders::default()).unwrap();
    let after = evolve(sale(), &Event::OrderRefunded(e.refund.on_sale));
    let refusal = exchange_goods(&after, &new_order(dec!(12.00)), goods(&shirt(), Tenders::default()), &ctx()).unwrap_err();
    assert_eq!(refusal, OrderError::RefundPastSold { line: 1, name: "Shirt".into(), sold: 1, left: 0 });
}

#[test]
fn the_credit_pays_only_an_order_open_on_this_till() {
    let paid_order = paid(new_order(dec!(12.00)), cash(dec!(12.00)));
    assert_eq!(exchanged(&paid_order, Tenders::default()).unwrap_err().code(), "order_not_open");
    let elsewhere = opened(9, "T2", &[item(1, "Jacket", dec!(12.00), 1)]);
    assert_eq!(exchanged(&elsewhere, Tenders::default()).unwrap_err(), OrderError::ExchangeOtherTill { order: 9, terminal: "T2".into() });
    assert_eq!(exchanged(&opened(9, "T1", &[]), Tenders::default()).unwrap_err().code(), "no_lines");
    assert_eq!(exchanged(&Order::default(), Tenders::default()).unwrap_err().code(), "order_not_found");
}

#[test]
fn only_a_paid_sale_gives_goods_back() {
    let open_sale = opened(7, "T1", &[item(1, "Shirt", dec!(12.00), 1)]);
    let refusal = exchange_goods(&open_sale, &new_order(dec!(12.00)), goods(&shirt(), Tenders::default()), &ctx()).unwrap_err();
    assert_eq!(refusal.code(), "order_not_refundable");
}

#[test]
fn goods_over_the_refund_limit_need_a_manager_and_a_reason_is_required() {
    let dear = paid(opened(7, "T1", &[item(1, "Coat", dec!(80.00), 1)]), card(dec!(80.00)));
    let order = new_order(dec!(90.00));
    let refusal = exchange_goods(&dear, &order, goods(&shirt(), cash(dec!(10.00))), &ctx()).unwrap_err();
    assert_eq!(refusal.code(), "manager_required");
    let e = exchange_goods(&dear, &order, goods(&shirt(), cash(dec!(10.00))), &approved()).unwrap();
    assert_eq!(e.refund.issued.authorised_by, Some(MANAGER));
    let lines = shirt();
    let mut unexplained = goods(&lines, Tenders::default());
    unexplained.reason = "  ".into();
    assert_eq!(exchange_goods(&sale(), &new_order(dec!(12.00)), unexplained, &ctx()).unwrap_err().code(), "reason_required");
}

#[test]
fn an_order_paid_by_an_exchange_credit_is_not_voided() {
    let order = new_order(dec!(12.00));
    let e = exchange_goods(&sale(), &order, goods(&shirt(), Tenders::default()), &ctx()).unwrap();
    let after = evolve(order, &Event::OrderConfirmed(e.confirmed));
    let refusal = crate::domain::decide(&after, crate::domain::Command::VoidOrder { reason: "oops".into() }, &approved()).unwrap_err();
    assert_eq!(refusal, OrderError::VoidAfterExchange { order: 9, refund: 3 });
}

#[test]
fn the_difference_says_what_is_paid_or_given_back() {
    assert_eq!((Difference::of(dec!(12), dec!(19.50)).to_pay(), Difference::of(dec!(12), dec!(19.50)).to_give_back()), (dec!(7.50), dec!(0)));
    assert_eq!((Difference::of(dec!(12), dec!(7.50)).to_pay(), Difference::of(dec!(12), dec!(7.50)).to_give_back()), (dec!(0), dec!(4.50)));
    assert_eq!(Difference::of(dec!(12), dec!(12)).applied, dec!(12));
}
