//! The day report's figures equal sums computed independently from the events.

use chrono::{Duration, TimeZone, Utc};
use pos_core::domain::{DiscountKind, DiscountScope, Event};
use pos_core::read::day_report;
use pos_core::{CommandMeta, OrderRequest, Till};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[test]
fn day_report_matches_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let day = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let clock = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let c = clock.clone();
    till.set_clock(move || day + Duration::minutes(c.load(std::sync::atomic::Ordering::SeqCst)));
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    let manager_id = till.sign_in("9001", "9999").unwrap().id;
    let approval = till.approve("9001", "9999").unwrap();
    let meta = |actor| CommandMeta::new(actor);
    let approved = |actor| CommandMeta { approval: Some(approval), ..CommandMeta::new(actor) };
    let add = |code: &str, q| OrderRequest::AddItem { code: code.into(), quantity: q };

    // Order 1 (cashier): espresso ×2 + croissant, 10% off, cash 10.
    let o1 = till.open_order(&meta(cashier)).unwrap().order.id;
    till.execute(o1, add("COF-ESP", 2), &meta(cashier)).unwrap();
    till.execute(o1, add("BAK-CRO", 1), &meta(cashier)).unwrap();
    let ten = OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "10".into(), reason: "loyal".into() };
    till.execute(o1, ten, &meta(cashier)).unwrap();
    till.execute(o1, OrderRequest::ConfirmOrder { cash: "10".into(), card: "".into() }, &meta(cashier)).unwrap();
    // Order 2 (manager): sourdough, split 2 cash + card 2.50, then voided.
    clock.store(30, std::sync::atomic::Ordering::SeqCst);
    let o2 = till.open_order(&meta(manager_id)).unwrap().order.id;
    till.execute(o2, add("BRD-SOU", 1), &meta(manager_id)).unwrap();
    till.execute(o2, OrderRequest::ConfirmOrder { cash: "2".into(), card: "2.50".into() }, &meta(manager_id)).unwrap();
    till.execute(o2, OrderRequest::VoidOrder { reason: "wrong bread".into() }, &approved(manager_id)).unwrap();
    // Order 3 (cashier): still open, must not count.
    let o3 = till.open_order(&meta(cashier)).unwrap().order.id;
    till.execute(o3, add("COF-LAT", 1), &meta(cashier)).unwrap();
    // Order 4 (cashier): confirmed the next day, must not count.
    clock.store(24 * 60, std::sync::atomic::Ordering::SeqCst);
    let o4 = till.open_order(&meta(cashier)).unwrap().order.id;
    till.execute(o4, add("COF-LAT", 1), &meta(cashier)).unwrap();
    till.execute(o4, OrderRequest::ConfirmOrder { cash: "5".into(), card: "".into() }, &meta(cashier)).unwrap();

    let from = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let report = day_report(&till.reader(), from, from + Duration::days(1), Some("T1")).unwrap();

    // Independently: walk the raw events of the day.
    let mut cash = Decimal::ZERO;
    let mut card = Decimal::ZERO;
    let mut change = Decimal::ZERO;
    let mut voided = Decimal::ZERO;
    let mut confirmed = 0;
    pos_core::store::read_all(till.conn(), |r| {
        if r.meta.recorded_at < from || r.meta.recorded_at >= from + Duration::days(1) {
            return Ok(());
        }
        match &r.event {
            Event::OrderConfirmed(c) => {
                confirmed += 1;
                cash += c.tenders.cash;
                card += c.tenders.card;
                change += c.change;
            }
            Event::OrderVoided(v) => voided += v.amount,
            _ => {}
        }
        Ok(())
    })
    .unwrap();
    let t = &report.totals;
    assert_eq!(t.orders_confirmed, confirmed);
    assert_eq!(t.orders_confirmed, 2);
    assert_eq!(t.orders_voided, 1);
    assert_eq!((t.cash_taken, t.card_taken, t.change_given), (cash, card, change));
    assert_eq!(t.voids, voided);
    assert_eq!(t.gross_sales, dec!(2.20) * dec!(2) + dec!(1.80) + dec!(4.50));
    assert_eq!(t.discounts, dec!(0.62));
    assert_eq!(t.net_sales, t.gross_sales - t.discounts - t.voids);
    assert_eq!(t.net_sales, dec!(5.58));
    // Drawer: 10 + 2 cash in, 4.42 change out, void refunds 2.50 card then 2.00 cash.
    assert_eq!(t.cash_expected, dec!(10) + dec!(2) - dec!(4.42) - dec!(2.00));
    assert_eq!(t.card_expected, dec!(0));
    let tax_gross: Decimal = t.tax.iter().map(|x| x.gross).sum();
    assert_eq!(tax_gross, t.net_sales);
    assert_eq!(report.cashiers.len(), 2);
    let alex = report.cashiers.iter().find(|c| c.cashier == cashier).unwrap();
    assert_eq!(alex.figures.net_sales, dec!(5.58));
    let csv = pos_core::read::day_report_csv(&report).unwrap();
    assert_eq!(csv.lines().count(), 5, "header, two cashiers, the total, the chain head:\n{csv}");
    // The chain head as of the report, last.
    let head = till.chain_head().unwrap();
    assert_eq!(report.head, head);
    assert_eq!(csv.lines().last().unwrap(), format!("CHAIN HEAD,{},,,,,,,,,,,,", head.full()));
}
