//! The keyboard alone: a cashier signs in, rings up a sale (scanned and
//! searched), gives a discount a manager approves, takes the money, rings
//! up another order and voids it, then finds that order and scrubs through
//! its history, all with keys sent to whatever has the focus and not one
//! mouse event. Every step's focus can be seen.

use pos_e2e::{db, App, Key};
use serde_json::{json, Value};

use crate::support::*;

const TAB: char = '\u{e004}';

/// Sends `keys` to whatever has the focus (a modifier holds until the end).
async fn keys(app: &App, keys: &str) {
    let focused = app.client().active_element().await.unwrap_or_else(|e| app.fail(&format!("no focused element: {e}")));
    if let Err(e) = focused.send_keys(keys).await {
        app.fail(&format!("cannot type {keys:?}: {e}"));
    }
}

/// Alt held with `letter` (a screen's key, e.g. Alt+O for the orders).
fn alt(letter: char) -> String {
    format!("{}{letter}", char::from(Key::Alt))
}

/// Waits until the element with `id` has the focus, and checks that the focus can be seen there.
async fn wait_focus(app: &App, id: &str) {
    app.wait_for(&format!("#{id} to have the focus"), || async move {
        let at = app.script("return document.activeElement ? document.activeElement.id : null;", vec![]).await;
        if at == json!(id) {
            Ok(())
        } else {
            Err(format!("the focus is on {at}"))
        }
    })
    .await;
    assert_focus_visible(app, id).await;
}

/// The focused element draws an outline or a ring (a box shadow) that can be seen.
async fn assert_focus_visible(app: &App, id: &str) {
    let style = app
        .script(
            r#"const el = document.activeElement; const s = getComputedStyle(el);
               return { outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== "none",
                        focusVisible: el.matches(":focus-visible") };"#,
            vec![],
        )
        .await;
    let shown = style["outline"] == json!(true) || style["shadow"] == json!(true);
    assert!(shown, "the focus on #{id} cannot be seen: {style}");
}

/// Mouse and pointer presses the page has seen since [`count_mouse`].
async fn mouse_presses(app: &App) -> Value {
    app.script("return window.__mousePresses;", vec![]).await
}

/// Counts every mouse and pointer press from now on (a key never makes one).
async fn count_mouse(app: &App) {
    app.script(
        r#"window.__mousePresses = 0;
           for (const type of ["mousedown", "pointerdown", "touchstart", "auxclick", "contextmenu"])
             window.addEventListener(type, () => { window.__mousePresses += 1; }, true);
           return true;"#,
        vec![],
    )
    .await;
}

/// The scrubber's value and what it says to a screen reader.
async fn scrubber(app: &App) -> (String, String) {
    let now = app.attr("#scrubber-handle", "aria-valuenow").await.unwrap_or_default();
    let text = app.attr("#scrubber-handle", "aria-valuetext").await.unwrap_or_default();
    (now, text)
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_day_at_the_till_by_keyboard_alone() {
    let mut app = App::start().await;
    count_mouse(&app).await;

    // Sign in: the code, Enter (on to the PIN), the PIN, Enter.
    wait_focus(&app, "signin-code").await;
    keys(&app, &enter(CASHIER.0)).await;
    wait_focus(&app, "signin-pin").await;
    keys(&app, &enter(CASHIER.1)).await;
    wait_text_eq(&app, "#staff-name", CASHIER_NAME).await;
    wait_focus(&app, "entry").await;

    // A sale: two scans and a croissant found by name.
    keys(&app, &enter(&barcode(app.db_path(), "COF-LAT"))).await;
    keys(&app, &enter(&barcode(app.db_path(), "BRD-SOU"))).await;
    wait_rows(&app, 2).await;
    open_modal(&app, Key::F2, "search").await;
    wait_focus(&app, "search-input").await;
    keys(&app, "croissant").await;
    app.wait_for_count("#search-results li[data-sku]", 1).await;
    keys(&app, &String::from(ENTER)).await;
    wait_no_modal(&app).await;
    let rows = wait_rows(&app, 3).await;
    assert_eq!(rows[2].name, product(app.db_path(), "BAK-CRO").name, "the search added the croissant");
    wait_focus(&app, "entry").await;

    // 15% off the order: past the cashier's 10%, so a manager approves.
    open_modal(&app, Key::F5, "discount").await;
    wait_focus(&app, "discount-value").await;
    keys(&app, &format!("15{TAB}")).await;
    wait_focus(&app, "reason-input").await;
    keys(&app, &enter("Staff discount")).await;
    app.find("#modal[data-modal=\"manager\"]").await;
    wait_focus(&app, "manager-code").await;
    keys(&app, &format!("{}{TAB}", MANAGER.0)).await;
    wait_focus(&app, "manager-pin").await;
    keys(&app, &enter(MANAGER.1)).await;
    wait_no_modal(&app).await;
    app.wait_for_count("#discounts tr[data-discount]", 1).await;
    let total = app.text_content("#total").await;

    // Pay cash, see the receipt, Esc for the next customer.
    open_modal(&app, Key::F12, "tender").await;
    wait_focus(&app, "cash-input").await;
    keys(&app, &enter("50")).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    wait_text_eq(&app, "#receipt-total", &total).await;
    let sale = pos_core::domain::SaleReference::parse(&app.text_content("#receipt-number").await).expect("the receipt's number").number;
    app.press(Key::Escape).await;
    wait_no_modal(&app).await;
    wait_focus(&app, "entry").await;

    // Another order, voided with the manager's code and PIN.
    keys(&app, &enter(&barcode(app.db_path(), "COF-ESP"))).await;
    wait_rows(&app, 1).await;
    open_modal(&app, Key::F7, "void").await;
    wait_focus(&app, "reason-input").await;
    keys(&app, &format!("Customer walked away{TAB}")).await;
    wait_focus(&app, "manager-code").await;
    keys(&app, &format!("{}{TAB}", MANAGER.0)).await;
    wait_focus(&app, "manager-pin").await;
    keys(&app, &enter(MANAGER.1)).await;
    wait_no_modal(&app).await;
    wait_rows(&app, 0).await;
    let voided_words = app.words().raw("register.voided").rsplit('}').next().unwrap_or_default();
    app.wait_for_text("#notice", voided_words).await;

    // The orders, newest first: Enter opens the voided one's history.
    keys(&app, &alt('o')).await;
    let voided = app.wait_visible("#orders tr[data-order][data-status=\"voided\"]").await;
    let voided: i64 = voided.attr("data-order").await.ok().flatten().and_then(|n| n.parse().ok()).expect("the voided order's id");
    let first = app.find("#orders tr[data-order]").await.attr("data-order").await.ok().flatten();
    assert_eq!(first, Some(voided.to_string()), "the newest order, the voided one, comes first");
    keys(&app, &String::from(ENTER)).await;
    app.wait_for_attr("#timeline", "data-order", &voided.to_string()).await;

    // The scrubber: the last version first, then ← and Home, read aloud as "version N of M, what happened".
    let count: u32 = app.attr("#timeline", "data-count").await.and_then(|c| c.parse().ok()).expect("the scrubber's count");
    assert_eq!(count, 3, "opened, the espresso added, voided");
    app.wait_for_attr("#scrubber-handle", "aria-valuenow", "3").await;
    let label = app.say("scrubber.version", &[]).to_lowercase();
    let at = |version: &str| app.say("scrubber.valueText", &[("label", &label), ("version", version), ("count", "3"), ("summary", "")]);
    let (_, said) = scrubber(&app).await;
    assert!(said.starts_with(&at("3")), "the slider says where it is: {said:?}");
    app.press(Key::Left).await;
    app.wait_for_attr("#scrubber-handle", "aria-valuenow", "2").await;
    let (_, said) = scrubber(&app).await;
    assert!(said.starts_with(&at("2")) && said.contains("Espresso"), "one step back, the espresso added: {said:?}");
    app.press(Key::Home).await;
    app.wait_for_attr("#scrubber-handle", "aria-valuenow", "1").await;
    app.wait_for_attr("#timeline-panel", "data-rendered-version", "1").await;
    app.press(Key::End).await;
    app.wait_for_attr("#scrubber-handle", "aria-valuenow", "3").await;

    assert_eq!(mouse_presses(&app).await, json!(0), "not one mouse or pointer press");
    app.stop().await;

    let manager = db::staff_id(app.db_path(), MANAGER.0);
    let events = db::expect_events(
        app.db_path(),
        &[
            ("OrderOpened", json!({})),
            ("ItemAdded", json!({"sku": "COF-LAT"})),
            ("ItemAdded", json!({"sku": "BRD-SOU"})),
            ("ItemAdded", json!({"sku": "BAK-CRO"})),
            ("DiscountApplied", json!({"reason": "Staff discount"})),
            ("OrderConfirmed", json!({"total": app.plain_amount(&total), "tenders": {"cash": "50", "card": "0"}})),
            ("OrderOpened", json!({})),
            ("ItemAdded", json!({"sku": "COF-ESP"})),
            ("OrderVoided", json!({"reason": "Customer walked away", "authorisedBy": manager})),
        ],
    );
    assert_eq!(events[0].stream, sale, "the receipt was the first order's");
    assert_eq!(events[4].authorised_by, Some(manager), "the manager approved the discount");
    assert_eq!(events[8].stream, voided, "the order voided is the one whose history was scrubbed");
    assert!(db::open(app.db_path()).verify().expect("verify").intact);
}
