//! The first run of a real shop: a new database without `--demo` opens the
//! setup screen (no demo staff), the till id chosen there goes on every
//! event and report, and two tills on two databases keep their own ids.

use pos_e2e::{db, App, Key};
use pos_core::problem::{Problem, WeakPin};

use crate::support::{enter, open_modal, refusal, wait_no_modal, wait_rows, wait_text_eq, MANAGER};

/// Fills in the setup screen for a shop whose till is `till_id`, and waits
/// until its manager (code 4242, PIN 2580) is signed in.
async fn set_up(app: &App, till_id: &str) {
    app.wait_visible("#setup-shop-name").await;
    app.replace_text("#setup-shop-name", "Corner Bakery").await;
    app.replace_text("#setup-currency", "EUR").await;
    app.replace_text("#setup-till-id", till_id).await;
    app.replace_text("#setup-manager-name", "Sam Owner").await;
    app.replace_text("#setup-manager-code", "4242").await;
    app.replace_text("#setup-manager-pin", "2580").await;
    app.replace_text("#setup-manager-pin-again", &enter("2580")).await;
    app.wait_gone("#setup").await;
    wait_text_eq(app, "#staff-name", "Sam Owner").await;
    wait_text_eq(app, "#till-id", &app.say("footer.till", &[("id", till_id)])).await;
}

/// Adds one product through the app's own API (a new shop has no catalog),
/// opens the till's first shift on the drawer screen when none is open,
/// rings the product up and takes cash for it.
async fn sell_one(app: &App) {
    app.click("#nav-drawer").await;
    app.wait_until("the drawer screen", || async {
        let found = app.count("#x-report").await + app.count("#float-amount").await > 0;
        found.then_some(())
    })
    .await;
    if app.count("#float-amount").await > 0 {
        app.type_into("#float-amount", &enter("50")).await;
        app.find("#x-report").await;
    }
    app.click("#nav-register").await;
    let added = app
        .invoke(
            "product_add",
            r#"{ input: { sku: "LOAF", barcode: "", name: "Country loaf", price: "3.50", taxRate: "5", favourite: false } }"#,
        )
        .await;
    assert!(added.is_ok(), "the manager adds a product: {added:?}");
    app.type_into("#entry", &enter("LOAF")).await;
    wait_rows(app, 1).await;
    wait_text_eq(app, "#total", "3.50").await;
    open_modal(app, Key::F12, "tender").await;
    app.type_into("#cash-input", &enter("5")).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    app.press(Key::Escape).await;
    wait_no_modal(app).await;
}

/// Every order the database holds was opened on `till_id`.
fn orders_opened_on(db: &std::path::Path, till_id: &str) -> usize {
    let opened: Vec<_> = db::events(db).into_iter().filter(|e| e.kind == "OrderOpened").collect();
    for e in &opened {
        assert_eq!(e.payload["terminal"], till_id, "order {} was opened on this till", e.stream);
    }
    opened.len()
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_new_database_asks_for_its_setup_and_the_demo_comes_only_with_demo() {
    let mut app = App::start_new_shop().await;
    app.wait_visible("#setup").await;
    assert!(!app.is_visible("#signin-code").await, "a new shop shows the setup, not the sign-in card");
    app.snapshot("setup").await;

    // The core's PIN rule, in its own words.
    app.type_into("#setup-shop-name", "Corner Bakery").await;
    app.type_into("#setup-manager-name", "Sam Owner").await;
    app.type_into("#setup-manager-code", "4242").await;
    app.type_into("#setup-manager-pin", "1234").await;
    app.type_into("#setup-manager-pin-again", &enter("1234")).await;
    let weak = pos_core::Error::Invalid { field: "PIN", problem: Problem::PinTooEasy(WeakPin::Run) };
    app.wait_for_text("#setup-error", &refusal(&app, weak)).await;

    // The demo staff do not exist in a real shop.
    let demo = app.invoke("sign_in", &format!(r#"{{ code: "{}", pin: "{}" }}"#, MANAGER.0, MANAGER.1)).await;
    assert_eq!(demo.expect_err("the demo manager cannot sign in")["code"], "wrong_pin");

    set_up(&app, "T7").await;
    sell_one(&app).await;
    assert_eq!(orders_opened_on(app.db_path(), "T7"), 1);
    app.snapshot("set-up").await;
    app.stop().await;

    // With --demo, a new database gets the demo shop and its sign-in card.
    let mut demo_app = App::start().await;
    demo_app.wait_visible("#signin-code").await;
    assert!(!demo_app.is_visible("#setup").await);
    demo_app.sign_in(MANAGER.0, MANAGER.1).await;
    demo_app.stop().await;
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn two_tills_on_two_databases_keep_their_own_ids_in_events_and_reports() {
    for till_id in ["FRONT", "BACK-2"] {
        let mut app = App::start_new_shop().await;
        set_up(&app, till_id).await;
        sell_one(&app).await;
        assert_eq!(orders_opened_on(app.db_path(), till_id), 1);
        app.click("#nav-report").await;
        app.wait_for_text("#report .report-head", &app.say("report.tillId", &[("till", till_id)])).await;
        wait_text_eq(&app, "#report-confirmed", "1").await;
        app.snapshot(&format!("report-{till_id}")).await;
        app.stop().await;
    }
}
