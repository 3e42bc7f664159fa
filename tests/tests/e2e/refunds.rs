//! Refunds through the app: a paid sale found by scanning its receipt's
//! number (a scanner types the digits and Enter), part of a line given back
//! in cash, and a second refund past what is left refused with the count.

use pos_core::domain::{Event, OrderError};
use pos_e2e::{db, Key};

use crate::support::*;

/// Rings up `code` and pays `cash`; answers the sale's number from its receipt.
async fn paid_sale(app: &pos_e2e::App, code: &str, cash: &str) -> String {
    app.scan(code).await;
    wait_rows(app, 1).await;
    open_modal(app, Key::F12, "tender").await;
    app.type_into("#cash-input", &enter(cash)).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    let number = app.wait_until("the receipt's number", || async { Some(app.text_content("#receipt-number").await).filter(|t| !t.is_empty()) }).await;
    app.press(Key::Escape).await;
    number
}

/// Opens the refund screen and scans the receipt.
async fn scan_receipt(app: &pos_e2e::App, number: &str) {
    app.click("#nav-refund").await;
    app.wait_visible("#refund-receipt").await;
    app.type_into("#refund-receipt", &enter(number)).await;
    app.wait_for_attr("#refund-sale", "data-reference", number).await;
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_scanned_receipt_is_refunded_in_part_and_a_second_refund_past_the_rest_is_refused() {
    let mut app = cashier_app().await;
    let number = paid_sale(&app, "3*COF-ESP", "10").await;

    scan_receipt(&app, &number).await;
    app.wait_for_attr("#refund-line-1", "data-left", "3").await;
    app.type_into("#refund-qty-1", "2").await;
    app.wait_for_text("#refund-total", &app.amount("4.40")).await;
    app.type_into("#refund-reason", "cold").await;
    app.wait_until("the refund ready", || async { app.attr("#refund-cash", "disabled").await.is_none().then_some(()) }).await;
    app.snapshot("refund-ready").await;
    app.click("#refund-cash").await;
    app.wait_for_text("#refund-done-cash", &app.amount("4.40")).await;
    app.snapshot("refund-done").await;

    scan_receipt(&app, &number).await;
    app.wait_for_attr("#refund-line-1", "data-left", "1").await;
    app.type_into("#refund-qty-1", "2").await;
    let shown = app.wait_for_attr("#refund-refusal", "data-code", "refund_past_sold").await;
    let past_sold = OrderError::RefundPastSold { line: 1, name: "Espresso".into(), sold: 3, left: 1 };
    assert_eq!(shown.trim(), refusal(&app, past_sold), "the refusal names what is left");
    app.snapshot("refund-refused").await;

    // The sale's timeline ends on its refund.
    app.press(Key::Escape).await;
    app.click("#nav-history").await;
    app.wait_for_attr("#event-card", "data-kind", "OrderRefunded").await;
    let summary = app.say(
        "event.orderRefunded",
        &[("quantity", "2"), ("of", "3"), ("name", "Espresso"), ("refund", "1"), ("total", &app.amount("4.40"))],
    );
    app.wait_for_text("#event-summary", &summary).await;
    app.snapshot("refund-on-timeline").await;
    app.stop().await;

    let mut till = db::open(app.db_path());
    let order = pos_core::domain::SaleReference::parse(&number).expect("a sale's number").number;
    let sale = till.refundable_sale(order).expect("the sale");
    assert_eq!((sale.lines[0].refunded, sale.lines[0].left), (2, 1));
    let mut refunds = 0;
    pos_core::store::read_all(till.conn(), |r| {
        refunds += usize::from(matches!(r.event, Event::RefundIssued(_)));
        Ok(())
    })
    .expect("the events");
    assert_eq!(refunds, 1, "one refund recorded");
    assert!(till.verify().expect("verify").intact);
}
