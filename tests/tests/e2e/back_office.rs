//! The back office's changes as events: a price changed through the back
//! office is in the manager's audit trail and in the product's price history.

use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter};
use pos_e2e::{db, App, Key};

use crate::support::*;

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_price_changed_in_the_back_office_is_in_the_audit_trail_and_on_the_products_timeline() {
    let mut app = App::start().await;
    app.sign_in(MANAGER.0, MANAGER.1).await;
    app.click("#backoffice-button").await;
    let row = r#"#products tr[data-sku="COF-ESP"]"#;
    app.click(&format!("{row} .edit")).await;
    app.replace_text("#product-price", "2.40").await;
    app.click("#modal-ok").await;
    app.wait_gone("#modal").await;
    app.wait_for_text(&format!("{row} td.money"), &app.amount("2.40")).await;

    // The product's own timeline, on the same scrubber as an order's: the
    // change at its latest version, what the price was before it, and one
    // step back the product as it was added.
    app.click(&format!("{row} .history")).await;
    app.wait_for_attr("#record-timeline", "data-record", "product").await;
    app.wait_for_count("#scrubber .mark", 2).await;
    app.wait_for_text("#record-version", &app.say("history.versionOf", &[("version", "2"), ("count", "2")])).await;
    let was = format!("{} {}", app.say("record.was", &[]), app.amount("2.20"));
    app.wait_for_text("#record-price-was", &was).await;
    assert!(app.text("#record-price .rp-value").await.contains(&app.amount("2.40")));
    assert_eq!(app.text("#record-actor").await, "Morgan Manager");
    let (from, to) = (app.amount("2.20"), app.amount("2.40"));
    let summary = app.say("event.priceChanged", &[("sku", "COF-ESP"), ("from", &from), ("to", &to)]);
    assert_eq!(app.text("#record-summary").await, summary);
    app.snapshot("price-timeline").await;
    app.press(Key::Left).await;
    app.wait_for_attr("#record-panel", "data-version", "1").await;
    assert!(app.text("#record-price .rp-value").await.contains(&app.amount("2.20")));
    assert_eq!(app.count("#record-price-was").await, 0, "nothing was before the product was added");
    app.press(Key::Escape).await;
    app.wait_visible(row).await;

    app.click("#nav-audit").await;
    let entry = app.find(r#"#audit tr[data-kind="priceChange"]"#).await;
    assert_eq!(entry.attr("data-order").await.unwrap(), None, "a price change belongs to no order");
    app.wait_for_text(r#"#audit tr[data-kind="priceChange"] .detail"#, &summary).await;
    app.snapshot("audit-price-change").await;
    // The audit entry opens the product at the moment of the change.
    app.click(r#"#audit tr[data-kind="priceChange"] td.order-cell"#).await;
    app.wait_for_attr("#record-panel", "data-version", "2").await;
    app.wait_for_text("#record-price-was", &was).await;
    app.stop().await;

    let mut till = db::open(app.db_path());
    let core = read::audit(&till.reader(), &AuditFilter { kinds: vec![AuditKind::PriceChange], ..AuditFilter::default() }).unwrap();
    assert_eq!(core.len(), 1, "{core:?}");
    assert_eq!(core[0].actor, db::staff_id(app.db_path(), MANAGER.0));
    let history = read::price_history(&till.reader(), "COF-ESP").unwrap();
    assert_eq!(history.last().map(|h| (h.from.map(|f| f.to_string()), h.to.to_string())), Some((Some("2.20".into()), "2.40".into())));
    assert!(till.verify().unwrap().intact);
}
