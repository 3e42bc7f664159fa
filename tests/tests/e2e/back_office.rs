//! The back office's changes as events: a price changed through the back
//! office is in the manager's audit trail and in the product's price history.

use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter};
use pos_e2e::{db, App};

use crate::support::*;

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_price_changed_in_the_back_office_is_in_the_audit_trail_and_the_products_history() {
    let mut app = App::start().await;
    app.sign_in(MANAGER.0, MANAGER.1).await;
    app.click("#backoffice-button").await;
    let row = r#"#products tr[data-sku="COF-ESP"]"#;
    app.click(&format!("{row} .edit")).await;
    app.replace_text("#product-price", "2.40").await;
    app.click("#modal-ok").await;
    app.wait_gone("#modal").await;
    app.wait_for_text(&format!("{row} td.money"), "2.40").await;

    app.click(&format!("{row} .history")).await;
    let prices = app.wait_for_count("#price-history tr[data-version]", 2).await;
    let last = prices[1].clone();
    let cell = |css: &'static str| {
        let row = last.clone();
        async move { row.find(fantoccini::Locator::Css(css)).await.expect(css).text().await.unwrap().trim().to_string() }
    };
    assert_eq!((cell(".from").await, cell(".to").await), ("2.20".to_string(), "2.40".to_string()));
    assert_eq!(cell(".actor").await, "Morgan Manager");
    app.snapshot("price-history").await;
    app.click("#modal-ok").await;
    app.wait_gone("#modal").await;

    app.click("#nav-audit").await;
    let entry = app.find(r#"#audit tr[data-kind="priceChange"]"#).await;
    assert_eq!(entry.attr("data-order").await.unwrap(), None, "a price change belongs to no order");
    app.wait_for_text(r#"#audit tr[data-kind="priceChange"] .detail"#, "Price of COF-ESP from 2.20 to 2.40").await;
    app.snapshot("audit-price-change").await;
    app.stop().await;

    let mut till = db::open(app.db_path());
    let core = read::audit(&till.reader(), &AuditFilter { kinds: vec![AuditKind::PriceChange], ..AuditFilter::default() }).unwrap();
    assert_eq!(core.len(), 1, "{core:?}");
    assert_eq!(core[0].actor, db::staff_id(app.db_path(), MANAGER.0));
    let history = read::price_history(&till.reader(), "COF-ESP").unwrap();
    assert_eq!(history.last().map(|h| (h.from.map(|f| f.to_string()), h.to.to_string())), Some((Some("2.20".into()), "2.40".into())));
    assert!(till.verify().unwrap().intact);
}
