//! For any paid sale and any sequence of refunds asked for, the refunds the
//! rules accept never give back a unit twice, never more than was paid,
//! never more to a card than the card paid, and once every unit is back,
//! exactly what was paid.

use chrono::{TimeZone, Utc};
use pos_core::domain::refund::{card_refundable, refund_sale};
use pos_core::domain::{
    evolve, Ctx, DiscountApplied, DiscountKind, DiscountScope, Event, ItemAdded, Order, OrderConfirmed, OrderOpened, Policy,
    RefundedQuantity, Role, Tenders,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn ctx() -> Ctx {
    // A manager refunding: the approval rule is not what this checks.
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    Ctx { now, actor: 1, actor_role: Role::Manager, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None }
}

/// A sale of `lines` (price in cents, quantity), `off` percent off the order, `card_share` percent paid by card.
fn sale(lines: &[(i64, u32)], off: u32, card_share: u32) -> Order {
    let at = ctx().now;
    let mut order = evolve(Order::default(), &Event::OrderOpened(OrderOpened { number: 1, cashier: 1, terminal: "T1".into(), opened_at: at, currency: None }));
    for (i, &(cents, quantity)) in lines.iter().enumerate() {
        let item = ItemAdded {
            line: i as u32 + 1,
            sku: format!("S{i}"),
            name: format!("Item {i}"),
            quantity,
            unit_price: Decimal::new(cents, 2),
            tax_rate: Decimal::from(if i % 2 == 0 { 20 } else { 5 }),
            added_at: None,
        };
        order = evolve(order, &Event::ItemAdded(item));
    }
    if off > 0 {
        let d = DiscountApplied {
            discount: 1,
            scope: DiscountScope::Order,
            kind: DiscountKind::Percent,
            value: Decimal::from(off),
            reason: "promo".into(),
            authorised_by: None,
        };
        order = evolve(order, &Event::DiscountApplied(d));
    }
    let totals = order.totals();
    let card = (totals.total * Decimal::from(card_share) / Decimal::ONE_HUNDRED).round_dp(2);
    let tenders = Tenders { cash: totals.total - card, card };
    let confirmed = OrderConfirmed { total: totals.total, tax: totals.tax, tenders, change: Decimal::ZERO, confirmed_at: at, exchange: None, cash_rounding: Decimal::ZERO };
    evolve(order, &Event::OrderConfirmed(confirmed))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn nothing_is_refunded_twice_and_all_of_it_is_exactly_what_was_paid(
        lines in prop::collection::vec((1i64..5_000, 1u32..6), 1..6),
        off in prop::sample::select(vec![0u32, 5, 10, 33, 50]),
        card_share in 0u32..=100,
        asks in prop::collection::vec((0usize..6, 1u32..4, any::<bool>()), 0..20),
    ) {
        let mut order = sale(&lines, off, card_share);
        let paid = order.confirmation.as_ref().unwrap().total;
        let card_paid = order.confirmation.as_ref().unwrap().tenders.card;
        let (mut given, mut to_card) = (Decimal::ZERO, Decimal::ZERO);
        let mut number = 0;
        for (line, quantity, by_card) in asks {
            let wanted = [RefundedQuantity { line: line as u32 + 1, quantity }];
            // Ask with the right total (as the screen does): the rules decide the rest.
            let Ok(lines) = pos_core::domain::refund::refund_lines(&order, &wanted) else { continue };
            let total: Decimal = lines.iter().map(|l| l.amount).sum();
            let card = if by_card { total.min(card_refundable(&order)) } else { Decimal::ZERO };
            number += 1;
            let tenders = Tenders { cash: total - card, card };
            let Ok(r) = refund_sale(&order, number, &wanted, tenders, "back".into(), &ctx()) else { continue };
            given += r.issued.total;
            to_card += r.issued.tenders.card;
            order = evolve(order, &Event::OrderRefunded(r.on_sale));
            for l in order.lines.iter() {
                prop_assert!(l.refunded <= l.quantity, "line {} refunded {} of {}", l.id, l.refunded, l.quantity);
            }
            prop_assert!(given <= paid, "given back {given} of {paid}");
            prop_assert!(to_card <= card_paid, "card {to_card} of {card_paid}");
        }
        // The rest, all at once: then exactly what was paid has gone back.
        let rest: Vec<RefundedQuantity> = order
            .lines
            .iter()
            .filter(|l| l.quantity > l.refunded)
            .map(|l| RefundedQuantity { line: l.id, quantity: l.quantity - l.refunded })
            .collect();
        if !rest.is_empty() {
            let total: Decimal = pos_core::domain::refund::refund_lines(&order, &rest).unwrap().iter().map(|l| l.amount).sum();
            let r = refund_sale(&order, number + 1, &rest, Tenders { cash: total, card: Decimal::ZERO }, "rest".into(), &ctx()).unwrap();
            given += r.issued.total;
        }
        prop_assert_eq!(given, paid);
    }
}
