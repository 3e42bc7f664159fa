//! Accessibility: axe-core on every screen and every window of the till,
//! with no serious or critical violation (the rest is printed), also in
//! high contrast; and the whole of a cashier's day by keyboard alone.

use pos_e2e::{db, App, Key};

use crate::support::*;

/// Checks the page with axe-core now, naming `what` is shown.
async fn check(app: &App, what: &str) {
    app.check_accessibility(what).await;
}

/// Presses `key`, waits for the window `name`, checks it, and closes it with Esc.
async fn check_modal(app: &App, key: Key, name: &str) {
    open_modal(app, key, name).await;
    check(app, &format!("the {name} window")).await;
    app.press(Key::Escape).await;
    wait_no_modal(app).await;
}

/// Sends `keys` to whatever has the focus (modifiers hold until the end).
async fn keys(app: &App, keys: &str) {
    let focused = app.client().active_element().await.unwrap_or_else(|e| app.fail(&format!("no focused element: {e}")));
    if let Err(e) = focused.send_keys(keys).await {
        app.fail(&format!("cannot type {keys:?}: {e}"));
    }
}

/// Turns high contrast on or off through the Help window's checkbox.
async fn set_high_contrast(app: &App, on: bool) {
    open_modal(app, Key::F1, "help").await;
    let checked = app.find("#display-contrast").await.prop("checked").await.ok().flatten();
    if (checked.as_deref() == Some("true")) != on {
        app.click("#display-contrast").await;
    }
    app.press(Key::Escape).await;
    wait_no_modal(app).await;
    app.wait_until("the display setting to apply", || async move {
        let now = app.script("return document.documentElement.dataset.contrast === 'high';", vec![]).await;
        (now == serde_json::json!(on)).then_some(())
    })
    .await;
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn setup_and_sign_in_have_no_serious_violations() {
    let mut app = App::start_new_shop().await;
    app.wait_visible("#setup-shop-name").await;
    check(&app, "the setup screen").await;
    app.click("#setup-submit").await;
    app.wait_for_attr("#setup-error", "data-code", "invalid_input").await;
    check(&app, "the setup screen with a refusal").await;
    app.stop().await;

    let mut app = App::start().await;
    app.wait_visible("#signin-code").await;
    check(&app, "the sign-in card").await;
    app.type_into("#signin-code", CASHIER.0).await;
    app.type_into("#signin-pin", &enter("0000")).await;
    app.wait_for_attr("#signin-error", "data-code", "wrong_pin").await;
    check(&app, "the sign-in card with a refusal").await;
    app.stop().await;
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn the_register_and_its_windows_have_no_serious_violations() {
    let mut app = cashier_app().await;
    check(&app, "the empty register").await;
    check_modal(&app, Key::F1, "help").await;

    app.scan(&barcode(app.db_path(), "COF-LAT")).await;
    app.scan(&barcode(app.db_path(), "BRD-SOU")).await;
    wait_rows(&app, 2).await;
    check(&app, "the register with lines").await;

    app.scan("NO-SUCH-CODE").await;
    app.wait_for_attr("#message", "data-code", "unknown_product").await;
    check(&app, "the register with a refusal in the message bar").await;
    app.replace_text("#entry", "").await;

    set_high_contrast(&app, true).await;
    check(&app, "the register with lines, in high contrast").await;
    check_modal(&app, Key::F1, "help").await;
    open_modal(&app, Key::F12, "tender").await;
    check(&app, "the tender window, in high contrast").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;
    set_high_contrast(&app, false).await;

    open_modal(&app, Key::F2, "search").await;
    app.type_into("#search-input", "bread").await;
    app.find("#search-results li[data-sku]").await;
    check(&app, "the search window with a result").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;

    check_modal(&app, Key::F3, "quantity").await;
    check_modal(&app, Key::F4, "removeLine").await;
    check_modal(&app, Key::F7, "void").await;

    // A discount past the cashier's limit: the manager's approval.
    open_modal(&app, Key::F5, "discount").await;
    check(&app, "the discount window").await;
    app.type_into("#discount-value", "15").await;
    app.type_into("#reason-input", &enter("Staff discount")).await;
    app.find("#modal[data-modal=\"manager\"]").await;
    check(&app, "the manager approval window").await;
    app.type_into("#manager-code", MANAGER.0).await;
    app.type_into("#manager-pin", &enter("0000")).await;
    app.wait_for_attr("#modal-error", "data-code", "wrong_pin").await;
    check(&app, "the manager approval window with a refusal").await;
    app.type_into("#manager-pin", &enter(MANAGER.1)).await;
    wait_no_modal(&app).await;
    app.wait_for_count("#discounts tr[data-discount]", 1).await;
    check(&app, "the register with a discount").await;
    check_modal(&app, Key::F6, "removeDiscount").await;

    // A parked order and the open orders.
    app.press(Key::F8).await;
    wait_rows(&app, 0).await;
    check_modal(&app, Key::F9, "openOrders").await;

    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    wait_rows(&app, 1).await;
    open_modal(&app, Key::F12, "tender").await;
    check(&app, "the tender window").await;
    app.click("#tender-mode-split").await;
    check(&app, "the tender window, split").await;
    app.click("#tender-mode-cash").await;
    app.type_into("#cash-input", &enter("5")).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    check(&app, "the receipt").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;
    app.stop().await;
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn every_screen_has_no_serious_violations() {
    let csv = "sku,barcode,name,price,tax_rate\nTEA-GRN,,Green tea,2.10,20\nTEA-BAD,,Bad tea,not a price,20\n";
    let mut app = App::start_with(|dir| {
        let path = dir.join("catalog.csv");
        std::fs::write(&path, csv).expect("write the catalog file");
        vec!["--answer-open".into(), path.into()]
    })
    .await;
    app.sign_in(MANAGER.0, MANAGER.1).await;

    // A paid sale, for the orders, the history, the refunds and the report.
    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    app.scan(&barcode(app.db_path(), "BAK-CRO")).await;
    wait_rows(&app, 2).await;
    open_modal(&app, Key::F5, "discount").await;
    app.type_into("#discount-value", "5").await;
    app.type_into("#reason-input", &enter("Loyal customer")).await;
    wait_no_modal(&app).await;
    open_modal(&app, Key::F12, "tender").await;
    app.type_into("#cash-input", &enter("10")).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;

    app.click("#nav-history").await;
    app.wait_visible("#scrubber-handle").await;
    check(&app, "the order's timeline").await;
    app.press(Key::Home).await;
    keys(&app, &format!("{}{}", char::from(Key::Shift), char::from(Key::Right))).await;
    app.find("#compare").await;
    check(&app, "two versions of the order side by side").await;
    app.press(Key::Escape).await;

    app.click("#nav-orders").await;
    app.find("#orders tr[data-order]").await;
    check(&app, "the orders browser").await;

    app.click("#nav-refund").await;
    app.type_into("#refund-receipt", &enter("1")).await;
    app.find("#refund-sale").await;
    check(&app, "the refund screen with a sale").await;

    app.click("#nav-drawer").await;
    app.find("#x-report").await;
    check(&app, "the drawer screen").await;

    app.click("#nav-audit").await;
    app.find("#audit tr[data-position]").await;
    app.click("#verify-run").await;
    app.wait_for_attr("#verify-result", "data-intact", "true").await;
    app.type_into("#head-input", &enter("not a head")).await;
    app.find("#head-error").await;
    check(&app, "the audit trail and the integrity check").await;

    app.click("#nav-report").await;
    app.find("#report-net").await;
    check(&app, "the day report").await;

    app.click("#backoffice-button").await;
    app.find("#products tr[data-sku]").await;
    check(&app, "the back office's catalog").await;
    app.click(r#"#products tr[data-sku="COF-ESP"] .edit"#).await;
    app.find("#modal[data-modal=\"product\"]").await;
    check(&app, "the product window").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;
    app.click("#import-pick").await;
    app.find("#modal[data-modal=\"import\"]").await;
    check(&app, "the import window").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;
    app.click(r#"#products tr[data-sku="COF-ESP"] .history"#).await;
    app.find("#record-timeline").await;
    check(&app, "a product's timeline").await;
    app.press(Key::Escape).await;

    app.click("#bo-tab-staff").await;
    app.find("#staff tr[data-staff]").await;
    check(&app, "the back office's staff").await;
    app.click("#staff-add").await;
    app.find("#modal[data-modal=\"staffAdd\"]").await;
    check(&app, "the staff window").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;
    app.click("#staff tr[data-staff] .reset-pin").await;
    app.find("#modal[data-modal=\"resetPin\"]").await;
    check(&app, "the reset PIN window").await;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;

    app.click("#bo-tab-settings").await;
    app.find("#policy-cashier-percent").await;
    check(&app, "the back office's settings").await;

    // The drawer closed (counted as expected), then the day's Z report.
    app.click("#nav-drawer").await;
    let expected = app.text_content("#x-expected").await;
    app.type_into("#count-amount", &enter(&expected)).await;
    app.find("#shift-closed").await;
    app.wait_visible("#float-amount").await;
    check(&app, "the drawer after the close, with the form for the next shift").await;
    app.click("#day-close").await;
    app.find("#z-report").await;
    check(&app, "the Z report").await;
    app.click("#backoffice-button").await;
    app.click("#bo-tab-settings").await;
    app.find("#policy-cashier-percent").await;

    set_high_contrast(&app, true).await;
    check(&app, "the back office's settings, in high contrast").await;
    app.stop().await;
    assert!(db::open(app.db_path()).verify().expect("verify").intact);
}
