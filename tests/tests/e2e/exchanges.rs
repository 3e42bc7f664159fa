//! An exchange through the app: a sale of two items paid in cash, then one of
//! them comes back for a dearer item rung up on the register; the payment
//! window's Exchange opens the refund screen for that order, the receipt is
//! scanned, the returned line picked, and the difference paid in cash. Both
//! documents are in the database: the refund R-1, which paid the new order,
//! and the new order, paid by its credit and the cash.

use chrono::{Duration, Utc};
use pos_core::domain::OrderStatus;
use pos_core::money::format;
use pos_e2e::{db, Key};

use crate::support::*;

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_returned_item_pays_for_a_dearer_one_and_the_customer_pays_the_difference() {
    let mut app = cashier_app().await;
    // An espresso (2.20) and a croissant (1.80): 4.00, paid with 5.00.
    app.scan("COF-ESP").await;
    app.scan("BAK-CRO").await;
    wait_rows(&app, 2).await;
    open_modal(&app, Key::F12, "tender").await;
    app.type_into("#cash-input", &enter("5")).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    let sale = app.wait_until("the receipt's number", || async { Some(app.text_content("#receipt-number").await).filter(|t| !t.is_empty()) }).await;
    app.press(Key::Escape).await;

    // The croissant comes back for a sourdough loaf (4.50).
    app.scan("BRD-SOU").await;
    wait_rows(&app, 1).await;
    open_modal(&app, Key::F12, "tender").await;
    app.wait_visible("#tender-exchange").await;
    app.snapshot("exchange-tender").await;
    app.click("#tender-exchange").await;
    app.wait_visible("#exchange-for").await;
    app.type_into("#refund-receipt", &enter(&sale)).await;
    app.wait_for_attr("#refund-sale", "data-reference", &sale).await;
    wait_text_eq(&app, "#exchange-due", "4.50").await;
    app.type_into("#refund-qty-2", "1").await;
    wait_text_eq(&app, "#exchange-credit", "1.80").await;
    wait_text_eq(&app, "#exchange-to-pay", "2.70").await;
    app.type_into("#refund-reason", "wanted bread").await;
    app.type_into("#exchange-cash-received", "5").await;
    app.wait_until("the exchange ready", || async { app.attr("#exchange-cash", "disabled").await.is_none().then_some(()) }).await;
    app.snapshot("exchange-ready").await;
    app.click("#exchange-cash").await;

    // Back on the register, the new order paid: its credit, the cash and the change.
    app.find("#modal[data-modal=\"receipt\"]").await;
    app.wait_for_attr("#receipt-exchange", "data-refund", "1").await;
    let credit = app.text_content("#receipt-exchange").await;
    assert!(credit.contains("R-T1-1") && credit.contains(&app.amount("1.80")), "{credit}");
    wait_text_eq(&app, "#receipt-change", "2.30").await;
    let order = app.text_content("#receipt-number").await;
    app.snapshot("exchange-receipt").await;
    app.stop().await;

    let mut till = db::open(app.db_path());
    let number = |text: &str| pos_core::domain::SaleReference::parse(text).expect("a sale's number").number;
    let (sale, order) = (number(&sale), number(&order));
    let refund = till.refund(1).expect("the refund R-1");
    assert_eq!((refund.order, format(refund.total, 2)), (Some(sale), "1.80".to_string()));
    let credit = refund.exchange.expect("the refund went as credit");
    assert_eq!((credit.refund, credit.order, format(credit.amount, 2)), (1, order, "1.80".to_string()));
    assert!(refund.tenders.cash.is_zero() && refund.tenders.card.is_zero(), "no money went back: {:?}", refund.tenders);
    let new = till.load(order).expect("the new order");
    assert_eq!(new.status, OrderStatus::Confirmed);
    let paid = new.confirmation.expect("paid");
    assert_eq!([paid.total, paid.tenders.cash, paid.change].map(|x| format(x, 2)), ["4.50", "5.00", "2.30"]);
    assert_eq!(paid.exchange, refund.exchange);
    assert_eq!(till.refundable_sale(sale).expect("the sale").lines[1].left, 0);

    // The day's takings: 5.00 + 5.00 taken, 1.00 + 2.30 change: 6.70 in the drawer; the credit moved none.
    let now = Utc::now();
    let report = pos_core::read::day_report(&till.reader(), now - Duration::days(1), now + Duration::days(1), None).expect("the day report");
    let t = &report.totals;
    assert_eq!([t.cash_expected, t.exchange_taken, t.exchange_refunded].map(|x| format(x, 2)), ["6.70", "1.80", "1.80"]);
    assert!(till.verify().expect("verify").intact);
}
