//! The till in German and in a three-decimal currency: a cashier's day in
//! German, with every word asserted as the UI's German catalog has it and
//! every amount written the German way (`1.234,50`); and a new shop set up
//! in Kuwaiti dinars (KWD, three decimals) through its own setup screen,
//! selling, counting and closing in fils. Both check each screen with axe.

use pos_core::domain::Event;
use pos_e2e::catalog::{plain_amount, written_amount, Catalog};
use pos_e2e::{db, App, Key};
use serde_json::json;

use crate::support::*;

/// A plain amount from the core ("1234.50") as the German screen writes it ("1.234,50").
fn german(plain: &str) -> String {
    written_amount("de", plain)
}

/// The German screen's amount read back as the core writes it ("1.234,50" → "1234.50").
fn plain(german: &str) -> String {
    plain_amount("de", german)
}

/// Whether `text` is an amount written the German way with `decimals` decimals.
fn is_german_amount(text: &str, decimals: usize) -> bool {
    let Some((whole, fraction)) = text.trim_start_matches('-').split_once(',') else { return false };
    let groups: Vec<&str> = whole.split('.').collect();
    fraction.len() == decimals
        && fraction.chars().all(|c| c.is_ascii_digit())
        && groups.iter().enumerate().all(|(i, g)| {
            g.chars().all(|c| c.is_ascii_digit()) && if i == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 }
        })
}

/// The minor units of a German amount with two decimals, as `is_german_amount` accepts it.
fn german_cents(text: &str) -> i64 {
    assert!(is_german_amount(text, 2), "not a German amount: {text:?}");
    plain(text).replace('.', "").parse().unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// Checks the page with axe-core, naming what is shown and the language.
async fn check(app: &App, what: &str) {
    app.check_accessibility(&format!("{what} ({})", app.language())).await;
}

/// The right edge of the element matching `css` stays inside the window.
async fn assert_inside_window(app: &App, css: &str) {
    let found = app
        .script(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
             return [r.right, document.documentElement.clientWidth];",
            vec![json!(css)],
        )
        .await;
    let (right, width) = (found[0].as_f64().unwrap_or(f64::MAX), found[1].as_f64().unwrap_or_default());
    assert!(right <= width, "`{css}` ends at {right}px, past the window's {width}px");
}

/// The button's key badge is wholly inside the button (not cut by its edge).
async fn assert_key_inside(app: &App, css: &str) {
    let found = app
        .script(
            "const b = document.querySelector(arguments[0]); const k = b.querySelector('kbd'); \
             const br = b.getBoundingClientRect(), kr = k.getBoundingClientRect(); \
             return [kr.right, br.right, k.offsetWidth, k.scrollWidth];",
            vec![json!(css)],
        )
        .await;
    let (key_right, button_right) = (found[0].as_f64().unwrap_or(f64::MAX), found[1].as_f64().unwrap_or_default());
    assert!(key_right <= button_right, "the key of `{css}` ends at {key_right}px, past the button's edge at {button_right}px");
    assert!(found[3].as_f64() <= found[2].as_f64(), "the key of `{css}` is cut: {found}");
}

/// Sign-out stays inside the window and the register's keys inside their
/// buttons; a screenshot `name` shows it.
async fn assert_header_fits(app: &App, name: &str) {
    app.wait_for_paint().await;
    assert_inside_window(app, "#signout-button").await;
    for action in ["#action-remove-line", "#action-remove-discount", "#action-open-orders", "#action-void"] {
        assert_key_inside(app, action).await;
    }
    app.snapshot(name).await;
}

/// Turns larger text on or off through the Help window's checkbox.
async fn set_large_text(app: &App, on: bool) {
    open_modal(app, Key::F1, "help").await;
    let checked = app.find("#display-large-text").await.prop("checked").await.ok().flatten();
    if (checked.as_deref() == Some("true")) != on {
        app.click("#display-large-text").await;
    }
    app.press(Key::Escape).await;
    wait_no_modal(app).await;
    let wanted = if on { "large" } else { "normal" };
    app.wait_until("the text size to apply", || async move {
        let now = app.script("return document.documentElement.dataset.text;", vec![]).await;
        (now == json!(wanted)).then_some(())
    })
    .await;
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_day_at_the_till_in_german() {
    let de = Catalog::of("de");
    let mut app = App::start_speaking("de").await;
    let lang = app.script("return document.documentElement.lang", vec![]).await;
    assert_eq!(lang, json!("de"), "the page starts in German");
    // The web engine is told too, so the date fields it draws itself write 04.12.2026.
    app.wait_until("the web engine preferring German", || async {
        let engine = app.script("return navigator.language", vec![]).await;
        engine.as_str().is_some_and(|l| l.starts_with("de")).then_some(())
    })
    .await;

    // Sign in, in German.
    app.wait_visible("#signin-code").await;
    assert!(app.text("#signin").await.contains(de.raw("signin.subtitle")), "the sign-in card speaks German");
    check(&app, "the sign-in card").await;
    sign_in_cashier(&app).await;
    wait_text_eq(&app, "#signout-button", &format!("{} F11", de.raw("header.signOut"))).await;
    assert_header_fits(&app, "german-register").await;
    check(&app, "the empty register").await;
    // A smaller window, and larger text: the header still fits.
    app.client().set_window_rect(0, 0, 1024, 768).await.unwrap_or_else(|e| app.fail(&format!("cannot resize the window: {e}")));
    assert_header_fits(&app, "german-register-1024").await;
    set_large_text(&app, true).await;
    assert_header_fits(&app, "german-register-1024-large-text").await;
    app.client().set_window_rect(0, 0, 1280, 800).await.unwrap_or_else(|e| app.fail(&format!("cannot resize the window: {e}")));
    assert_header_fits(&app, "german-register-large-text").await;
    set_large_text(&app, false).await;
    open_modal(&app, Key::F1, "help").await;
    assert_eq!(app.value("#display-language").await, "de", "Help shows the language chosen");
    check(&app, "the help window").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;

    // Ring up: 600 espressos and a loaf, past a thousand.
    app.scan(&format!("600*{}", barcode(app.db_path(), "COF-ESP"))).await;
    app.scan(&barcode(app.db_path(), "BRD-SOU")).await;
    let rows = wait_rows(&app, 2).await;
    assert_eq!(rows[0].net, "1320.00", "a line's amount, read back");
    assert_eq!(app.text_content("#lines tr[data-line=\"1\"] .net").await, "1.320,00", "a line's amount in German");
    wait_text_eq(&app, "#total", "1.324,50").await;
    check(&app, "the register with lines").await;

    // 15% off the order, past the cashier's limit: the manager approves.
    open_modal(&app, Key::F5, "discount").await;
    check(&app, "the discount window").await;
    app.type_into("#discount-value", "15").await;
    app.type_into("#reason-input", &enter("Stammkunde")).await;
    app.find("#modal[data-modal=\"manager\"]").await;
    check(&app, "the manager approval window").await;
    app.type_into("#manager-code", MANAGER.0).await;
    app.type_into("#manager-pin", &enter(MANAGER.1)).await;
    wait_no_modal(&app).await;
    app.wait_for_count("#discounts tr[data-discount]", 1).await;
    let total = app
        .wait_until("the discounted total", || async {
            Some(app.text_content("#total").await).filter(|t| t != "1.324,50")
        })
        .await;
    assert!(is_german_amount(&total, 2), "the total in German: {total:?}");
    check(&app, "the register with a discount").await;

    // Cash with change, and the receipt.
    open_modal(&app, Key::F12, "tender").await;
    assert!(app.text_content("#modal").await.contains(de.raw("tender.changeDue")), "the tender window speaks German");
    app.type_into("#cash-input", "1200").await;
    let change = app
        .wait_until("the change", || async {
            // Until all four digits are in, the cash is short and the change reads 0,00.
            Some(app.text_content("#change-due").await).filter(|c| is_german_amount(c, 2) && c != "0,00")
        })
        .await;
    assert_eq!(german_cents(&total) + german_cents(&change), 120_000, "the change is 1.200,00 less the total: {total} + {change}");
    check(&app, "the tender window").await;
    app.press(Key::Enter).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    wait_text_eq(&app, "#receipt-total", &total).await;
    wait_text_eq(&app, "#receipt-change-big", &change).await;
    let receipt = app.text_content("#receipt").await;
    assert!(receipt.contains(&de.text("receipt.grandTotal", &[("currency", "EUR")])), "{receipt}");
    assert!(receipt.contains(de.prefix("receipt.taxOn")), "{receipt}");
    assert!(app.text_content("#modal").await.contains(de.raw("receipt.changeDue")));
    let sale = app.text_content("#receipt-number").await;
    check(&app, "the receipt").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;

    // Another order, voided with the manager's approval.
    app.scan(&barcode(app.db_path(), "COF-LAT")).await;
    wait_rows(&app, 1).await;
    open_modal(&app, Key::F7, "void").await;
    check(&app, "the void window").await;
    app.type_into("#reason-input", "Kunde gegangen").await;
    app.type_into("#manager-code", MANAGER.0).await;
    app.type_into("#manager-pin", &enter(MANAGER.1)).await;
    wait_no_modal(&app).await;
    wait_rows(&app, 0).await;
    app.wait_for_text("#notice", de.prefix("register.voided")).await;

    // A refund of one espresso from the sale, in cash.
    app.click("#nav-refund").await;
    app.type_into("#refund-receipt", &enter(&sale)).await;
    app.wait_for_attr("#refund-sale", "data-reference", &sale).await;
    app.type_into("#refund-qty-1", "1").await;
    let refunded = app
        .wait_until("the refund's amount", || async {
            Some(app.text_content("#refund-total").await).filter(|t| is_german_amount(t, 2) && t != "0,00")
        })
        .await;
    app.type_into("#refund-reason", "kalt").await;
    app.wait_until("the refund ready", || async { app.attr("#refund-cash", "disabled").await.is_none().then_some(()) }).await;
    check(&app, "the refund screen with a sale").await;
    app.click("#refund-cash").await;
    let done = app.wait_until("the refund done", || async { Some(app.text_content("#refund-done-cash").await).filter(|t| !t.is_empty()) }).await;
    assert_eq!(done, refunded, "the cash given back is the refund's amount");

    // The manager closes the drawer and the day.
    app.click("#signout-button").await;
    app.wait_visible("#signin-code").await;
    app.sign_in(MANAGER.0, MANAGER.1).await;
    app.click("#nav-drawer").await;
    app.wait_for_attr("#x-report", "data-shift", "1").await;
    let expected = app
        .wait_until("the drawer's expected cash", || async {
            Some(app.text_content("#x-expected").await).filter(|t| is_german_amount(t, 2))
        })
        .await;
    check(&app, "the drawer screen").await;
    app.type_into("#count-amount", &enter(&plain(&expected))).await;
    app.wait_for_attr("#shift-closed", "data-variance", "0.00").await;
    wait_text_eq(&app, "#closed-expected", &expected).await;
    wait_text_eq(&app, "#closed-variance", de.raw("variance.balanced")).await;
    app.wait_visible("#float-amount").await;
    check(&app, "the drawer after the close").await;
    app.click("#day-close").await;
    app.wait_for_attr("#z-report", "data-number", "1").await;
    check(&app, "the Z report").await;

    app.click("#nav-report").await;
    wait_text_eq(&app, "#report-confirmed", "1").await;
    wait_text_eq(&app, "#report-voided", "1").await;
    let net = app.text_content("#report-net").await;
    assert!(is_german_amount(&net, 2), "the day's net sales in German: {net:?}");
    let report = app.text_content("#report").await;
    assert!(report.contains(de.raw("report.netSales")) && report.contains(de.prefix("report.title")), "{report}");
    check(&app, "the day report").await;
    app.snapshot("german-day-report").await;
    app.stop().await;

    let till = db::open(app.db_path());
    let (mut confirmed, mut refund, mut closed) = (None, None, None);
    let mut voided = 0;
    pos_core::store::read_all(till.conn(), |r| {
        match r.event {
            Event::OrderConfirmed(e) => confirmed = Some(e),
            Event::RefundIssued(e) => refund = Some(e),
            Event::OrderVoided(_) => voided += 1,
            Event::ShiftClosed(e) => closed = Some(e),
            _ => {}
        }
        Ok(())
    })
    .expect("the events");
    let confirmed = confirmed.expect("the sale paid");
    assert_eq!(german(&confirmed.total.to_string()), total, "the total shown is the core's");
    assert_eq!(german(&confirmed.change.to_string()), change, "the change shown is the core's");
    assert_eq!(german(&refund.expect("the refund").total.to_string()), done);
    assert_eq!(voided, 1);
    let closed = closed.expect("the shift closed");
    assert_eq!(german(&closed.counted.to_string()), expected);
    assert!(till.verify().expect("verify").intact);
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_shop_in_kuwaiti_dinars_sells_counts_and_closes_in_three_decimals() {
    let mut app = App::start_new_shop_speaking("en").await;
    app.wait_visible("#setup-shop-name").await;
    app.replace_text("#setup-shop-name", "Souq Dates").await;
    app.replace_text("#setup-currency", "KWD").await;
    app.replace_text("#setup-till-id", "K1").await;
    app.replace_text("#setup-manager-name", "Sam Owner").await;
    app.replace_text("#setup-manager-code", "4242").await;
    app.replace_text("#setup-manager-pin", "2580").await;
    app.replace_text("#setup-manager-pin-again", &enter("2580")).await;
    app.wait_gone("#setup").await;
    wait_text_eq(&app, "#staff-name", "Sam Owner").await;

    // A product at a price in fils, added in the back office.
    app.click("#backoffice-button").await;
    app.click("#product-add").await;
    app.find("#modal[data-modal=\"product\"]").await;
    app.type_into("#product-sku", "DATES").await;
    app.type_into("#product-name", "Box of dates").await;
    app.type_into("#product-price", "1.275").await;
    app.replace_text("#product-tax", "5").await;
    check(&app, "the product window, in dinars").await;
    app.click("#modal-ok").await;
    wait_no_modal(&app).await;
    app.wait_for_text(r#"#products tr[data-sku="DATES"]"#, "1.275").await;
    check(&app, "the back office's catalog, in dinars").await;

    // The first shift's float, counted in the dinar's own notes.
    app.click("#nav-drawer").await;
    app.click("#float-by-pieces").await;
    app.type_into("#float-pieces-10", &enter("2")).await;
    app.wait_for_attr("#x-report", "data-shift", "1").await;
    wait_text_eq(&app, "#x-float", "20.000").await;

    // Three boxes, 5% off the order, cash with change in fils.
    app.click("#nav-register").await;
    app.type_into("#entry", &enter("3*DATES")).await;
    wait_rows(&app, 1).await;
    wait_text_eq(&app, "#total", "3.825").await;
    open_modal(&app, Key::F5, "discount").await;
    app.type_into("#discount-value", "5").await;
    app.type_into("#reason-input", &enter("Ramadan offer")).await;
    wait_no_modal(&app).await;
    wait_text_eq(&app, "#total", "3.634").await;
    check(&app, "the register with a discount, in dinars").await;
    open_modal(&app, Key::F12, "tender").await;
    app.type_into("#cash-input", "5").await;
    wait_text_eq(&app, "#change-due", "1.366").await;
    check(&app, "the tender window, in dinars").await;
    app.press(Key::Enter).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    wait_text_eq(&app, "#receipt-total", "3.634").await;
    wait_text_eq(&app, "#receipt-change-big", "1.366").await;
    let receipt = app.text_content("#receipt").await;
    assert!(receipt.contains("3.825") && receipt.contains("0.191"), "the receipt in fils: {receipt}");
    check(&app, "the receipt, in dinars").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;

    // The drawer counted to the fils and closed; the day's Z and report.
    app.click("#nav-drawer").await;
    wait_text_eq(&app, "#x-expected", "23.634").await;
    check(&app, "the drawer screen, in dinars").await;
    app.type_into("#count-amount", &enter("23.634")).await;
    app.wait_for_attr("#shift-closed", "data-variance", "0.000").await;
    wait_text_eq(&app, "#closed-expected", "23.634").await;
    app.click("#day-close").await;
    app.wait_for_attr("#z-report", "data-number", "1").await;
    check(&app, "the Z report, in dinars").await;
    app.click("#nav-report").await;
    wait_text_eq(&app, "#report-confirmed", "1").await;
    wait_text_eq(&app, "#report-gross", "3.825").await;
    wait_text_eq(&app, "#report-discounts", "0.191").await;
    wait_text_eq(&app, "#report-net", "3.634").await;
    check(&app, "the day report, in dinars").await;
    app.snapshot("kwd-day-report").await;
    app.stop().await;

    let till = db::open(app.db_path());
    assert_eq!((till.settings().currency.as_str(), till.settings().minor_unit), ("KWD", 3));
    let (mut opened, mut confirmed, mut closed) = (None, None, None);
    pos_core::store::read_all(till.conn(), |r| {
        match r.event {
            Event::OrderOpened(e) => opened = Some(e),
            Event::OrderConfirmed(e) => confirmed = Some(e),
            Event::ShiftClosed(e) => closed = Some(e),
            _ => {}
        }
        Ok(())
    })
    .expect("the events");
    let opened = opened.expect("the order opened");
    assert_eq!(opened.currency.as_ref().map(|c| (c.code.as_str(), c.minor_unit)), Some(("KWD", 3)));
    let confirmed = confirmed.expect("the sale paid");
    assert_eq!((confirmed.total.to_string(), confirmed.change.to_string()), ("3.634".to_string(), "1.366".to_string()));
    assert_eq!(confirmed.tenders.cash.to_string(), "5.000");
    let closed = closed.expect("the shift closed");
    assert_eq!((closed.counted.to_string(), closed.variance.to_string()), ("23.634".to_string(), "0.000".to_string()));
    assert!(till.verify().expect("verify").intact);
}
