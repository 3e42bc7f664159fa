//! What the page itself may do over IPC, tried from inside the page the way
//! injected script would: permissions that are not granted, forged
//! approvals, back-office calls by a cashier, and malformed arguments. The
//! app refuses each, stays up, and the database holds only what the cashier
//! did through the UI.

use pos_e2e::db::{self, expect_events};
use pos_e2e::App;
use serde_json::{json, Value};

use crate::support::*;

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A rejection's text for messages: the app's `{code, message}` or Tauri's plain string.
fn rejection_text(rejection: &Value) -> String {
    match rejection {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Calls `command` from the page and asserts that it is refused; returns the refusal.
async fn refused(app: &App, what: &str, command: &str, args_js: &str) -> Value {
    match app.invoke(command, args_js).await {
        Ok(value) => panic!("{what}: {command} must be refused, but it answered {value}"),
        Err(rejection) => rejection,
    }
}

/// Calls `command` from the page and asserts that the app refuses it with `code`.
async fn refused_with(app: &App, what: &str, code: &str, command: &str, args_js: &str) -> Value {
    let rejection = refused(app, what, command, args_js).await;
    assert_eq!(
        refusal_code(&rejection),
        Some(code),
        "{what}: {command} must be refused with {code}, got {}",
        rejection_text(&rejection)
    );
    rejection
}

/// A refusal of the app's own command is the one error shape, `{ code,
/// message }`, never a plain string the UI could only call "unexpected".
fn typed(what: &str, rejection: &Value) {
    let message = rejection.get("message").and_then(Value::as_str).unwrap_or_default();
    assert!(
        refusal_code(rejection).is_some() && !message.is_empty(),
        "{what}: the refusal must carry a code and a message, got {}",
        rejection_text(rejection)
    );
}

/// The app still answers (a granted command resolves).
async fn still_up(app: &App, after: &str) -> Value {
    app.invoke("app_status", "{}")
        .await
        .unwrap_or_else(|e| panic!("the app must keep working after {after}, but app_status was refused: {}", rejection_text(&e)))
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn ungranted_permissions_and_unknown_commands_are_refused() {
    let mut app = cashier_app().await;
    let marker = app.dir().join("shell-ran");

    let calls: [(&str, &str, String); 6] = [
        ("read a file", "plugin:fs|read_text_file", r##"{ path: "/etc/passwd" }"##.to_string()),
        (
            "run a program",
            "plugin:shell|execute",
            json!({ "program": "sh", "args": ["-c", format!("touch '{}'", marker.display())], "options": {} }).to_string(),
        ),
        (
            "open a file dialog from the page (dialogs are the shell's, not the page's)",
            "plugin:dialog|open",
            r##"{ options: { multiple: false, directory: false } }"##.to_string(),
        ),
        (
            "show a message box from the page",
            "plugin:dialog|message",
            r##"{ message: "Call the manager", title: "pos", kind: "warning" }"##.to_string(),
        ),
        (
            "ask a yes/no question",
            "plugin:dialog|ask",
            r##"{ message: "Delete everything?", title: "pos", kind: "warning", okButtonLabel: "Yes", cancelButtonLabel: "No" }"##.to_string(),
        ),
        ("an unknown app command", "drop_all_tables", "{}".to_string()),
    ];
    for (what, command, args) in &calls {
        let rejection = refused(&app, what, command, args).await;
        // Refused by the permission check itself, not for its arguments.
        let text = rejection_text(&rejection);
        assert!(text.contains("not allowed"), "{what}: {command} must be refused as not allowed, got {text}");
        eprintln!("refused {command}: {text}");
        still_up(&app, command).await;
    }
    assert!(!marker.exists(), "no program ran");
    assert!(!app.is_visible("#modal").await, "no window opened");

    // The app's own commands still work, and the database is whole.
    let status = still_up(&app, "the refused calls").await;
    assert_eq!(status["chainOk"], json!(true), "the event chain verifies: {status}");
    app.stop().await;
    expect_events(app.db_path(), &[]);
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn forged_calls_without_a_manager_are_refused() {
    let mut app = App::start().await;
    app.find("#signin-code").await;

    // Before anyone signs in.
    let void = |approval: &str| {
        format!(
            r##"{{ orderId: 1, commandId: "{}", request: {{ type: "voidOrder", reason: "x" }}, approval: {approval}, expectedVersion: null }}"##,
            uuid()
        )
    };
    refused_with(&app, "before sign-in", "not_signed_in", "open_order", &format!(r##"{{ commandId: "{}" }}"##, uuid())).await;
    refused_with(&app, "before sign-in", "not_signed_in", "order_command", &void("null")).await;
    refused_with(&app, "before sign-in", "not_signed_in", "order_view", "{ orderId: 1 }").await;
    refused_with(&app, "before sign-in", "not_signed_in", "open_orders", "{}").await;
    refused_with(&app, "before sign-in", "not_signed_in", "receipt", "{ orderId: 1 }").await;
    refused_with(&app, "before sign-in", "not_signed_in", "staff_list", "{}").await;

    // The cashier signs in and rings up an order through the UI.
    sign_in_cashier(&app).await;
    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    wait_rows(&app, 1).await;
    app.wait_idle().await;

    // Voiding it by calling the backend directly.
    refused_with(&app, "a void without approval", "manager_required", "order_command", &void("null")).await;
    let cashier = format!(r##"{{ code: "{}", pin: "{}" }}"##, CASHIER.0, CASHIER.1);
    refused_with(&app, "a void approved by a cashier", "approver_not_manager", "order_command", &void(&cashier)).await;
    let wrong = format!(r##"{{ code: "{}", pin: "0000" }}"##, MANAGER.0);
    refused_with(&app, "a void with a wrong manager PIN", "wrong_pin", "order_command", &void(&wrong)).await;
    let injected = r##"{ code: "9001' OR '1'='1", pin: "' OR '1'='1" }"##;
    refused_with(&app, "a void with SQL in the approval", "wrong_pin", "order_command", &void(injected)).await;
    let no_pin = format!(r##"{{ code: "{}", pin: "" }}"##, MANAGER.0);
    refused_with(&app, "a void with an empty manager PIN", "wrong_pin", "order_command", &void(&no_pin)).await;

    // A big discount, with an approver smuggled into the request itself.
    let discount = format!(
        r##"{{ orderId: 1, commandId: "{}", approval: null, expectedVersion: null,
             request: {{ type: "applyDiscount", scope: {{ type: "order" }}, kind: "percent", value: "50", reason: "x",
                         authorisedBy: 2, approval: {{ code: "{}", pin: "{}" }} }} }}"##,
        uuid(),
        MANAGER.0,
        MANAGER.1
    );
    refused_with(&app, "a 50% discount with an approver inside the request", "manager_required", "order_command", &discount).await;

    // Back office and audit as a cashier.
    let back_office: [(&str, &str); 9] = [
        ("staff_add", r##"{ input: { code: "6666", name: "Mallory", role: "manager", pin: "6666" } }"##),
        ("staff_list", "{}"),
        ("staff_reset_pin", r##"{ id: 2, pin: "1111" }"##),
        ("staff_set_active", "{ id: 2, active: false }"),
        ("audit", "{ filter: {} }"),
        ("products", r##"{ query: "", includeArchived: true }"##),
        ("product_archive", r##"{ sku: "COF-ESP", archived: true }"##),
        ("verify_chain", "{}"),
        ("backup", "{}"),
    ];
    for (command, args) in back_office {
        refused_with(&app, "a cashier in the back office", "manager_only", command, args).await;
    }
    assert!(!app.is_visible("#modal").await, "no window opened");
    app.snapshot("forged-calls").await;
    still_up(&app, "the forged calls").await;

    app.stop().await;
    expect_events(app.db_path(), &[("OrderOpened", json!({})), ("ItemAdded", json!({"sku": "COF-ESP"}))]);
    let till = db::open(app.db_path());
    assert!(till.staff_by_code("6666").expect("look up staff").is_none(), "no staff member was added");
    let manager = till.staff_by_code(MANAGER.0).expect("look up staff").expect("the manager");
    assert!(manager.active, "the manager is still active");
    let espresso = till.find_product("COF-ESP").expect("look up a product");
    assert!(espresso.is_some_and(|p| !p.archived), "the product was not archived");
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn malformed_arguments_never_crash_the_app() {
    let mut app = cashier_app().await;
    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    wait_rows(&app, 1).await;
    app.wait_idle().await;
    let before = db::event_count(app.db_path());

    let call = |order_id: &str, request: &str| {
        format!(r##"{{ orderId: {order_id}, commandId: "{}", request: {request}, approval: null, expectedVersion: null }}"##, uuid())
    };
    let add = |quantity: &str| call("1", &format!(r##"{{ type: "addItem", code: "COF-ESP", quantity: {quantity} }}"##));
    let add_code = |code_js: &str| call("1", &format!(r##"{{ type: "addItem", code: {code_js}, quantity: 1 }}"##));
    let cases: Vec<(&str, String)> = vec![
        ("orderId as a string", call(r##""1""##, r##"{ type: "addItem", code: "COF-ESP", quantity: 1 }"##)),
        ("orderId as an object", call("{ id: 1 }", r##"{ type: "addItem", code: "COF-ESP", quantity: 1 }"##)),
        ("orderId past 2^53", call("9007199254740993", r##"{ type: "addItem", code: "COF-ESP", quantity: 1 }"##)),
        ("orderId -1", call("-1", r##"{ type: "addItem", code: "COF-ESP", quantity: 1 }"##)),
        ("quantity 1e400", add("1e400")),
        ("quantity -1", add("-1")),
        ("quantity 0", add("0")),
        ("quantity 1.5", add("1.5")),
        ("quantity \"abc\"", add(r##""abc""##)),
        ("quantity 2^63", add("9223372036854775808")),
        ("quantity NaN", add("NaN")),
        ("quantity null", add("null")),
        ("quantity as an array", add("[1]")),
        ("no request", format!(r##"{{ orderId: 1, commandId: "{}", approval: null, expectedVersion: null }}"##, uuid())),
        ("no command id", r##"{ orderId: 1, request: { type: "addItem", code: "COF-ESP", quantity: 1 }, approval: null }"##.to_string()),
        ("a command id that is no UUID", r##"{ orderId: 1, commandId: "'; DROP TABLE events; --", request: { type: "addItem", code: "COF-ESP", quantity: 1 }, approval: null, expectedVersion: null }"##.to_string()),
        ("request without a type", call("1", r##"{ code: "COF-ESP", quantity: 1 }"##)),
        ("an unknown request type", call("1", r##"{ type: "deleteOrder" }"##)),
        ("addItem without its fields", call("1", r##"{ type: "addItem" }"##)),
        ("request null", call("1", "null")),
        ("request as a string", call("1", r##""addItem COF-ESP""##)),
        ("a 1 MB reason", call("1", r##"{ type: "removeLine", line: 1, reason: "x".repeat(1 << 20) }"##)),
        ("a 1 MB code", add_code(r##""7".repeat(1 << 20)"##)),
        ("control characters in a code", add_code(r##""COF-ESP\u0000\u001b[2J\u0007""##)),
        ("SQL in a code", add_code(r##""' OR 1=1; DROP TABLE events; --""##)),
        ("LIKE wildcards in a code", add_code(r##""%""##)),
        ("an empty code", add_code(r##""""##)),
        ("a line that does not exist", call("1", r##"{ type: "changeQuantity", line: 4294967296, quantity: 2 }"##)),
        ("a negative line", call("1", r##"{ type: "removeLine", line: -1, reason: "x" }"##)),
        ("a percent of 1e400", call("1", r##"{ type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "1e400", reason: "x" }"##)),
        ("a percent of NaN", call("1", r##"{ type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "NaN", reason: "x" }"##)),
        ("a discount kind that does not exist", call("1", r##"{ type: "applyDiscount", scope: { type: "order" }, kind: "free", value: "5", reason: "x" }"##)),
        ("a discount on a line that does not exist", call("1", r##"{ type: "applyDiscount", scope: { type: "line", line: 99 }, kind: "percent", value: "5", reason: "x" }"##)),
        ("negative cash", call("1", r##"{ type: "confirmOrder", cash: "-5", card: "" }"##)),
        ("cash in scientific notation", call("1", r##"{ type: "confirmOrder", cash: "1e9999", card: "" }"##)),
        ("cash as a number", call("1", r##"{ type: "confirmOrder", cash: 10, card: "" }"##)),
        ("an expected version from the future", format!(r##"{{ orderId: 1, commandId: "{}", request: {{ type: "addItem", code: "COF-ESP", quantity: 1 }}, approval: null, expectedVersion: 99 }}"##, uuid())),
        ("a negative expected version", format!(r##"{{ orderId: 1, commandId: "{}", request: {{ type: "addItem", code: "COF-ESP", quantity: 1 }}, approval: null, expectedVersion: -1 }}"##, uuid())),
        ("SQL in the approval", format!(r##"{{ orderId: 1, commandId: "{}", request: {{ type: "voidOrder", reason: "x" }}, approval: {{ code: "' OR 1=1 --", pin: "' OR 1=1 --" }}, expectedVersion: null }}"##, uuid())),
        ("an approval of the wrong shape", format!(r##"{{ orderId: 1, commandId: "{}", request: {{ type: "voidOrder", reason: "x" }}, approval: "9001:9999", expectedVersion: null }}"##, uuid())),
        ("arguments that are not an object", r##""order_command""##.to_string()),
        ("no arguments at all", "undefined".to_string()),
    ];
    for (what, args) in &cases {
        let rejection = refused(&app, what, "order_command", args).await;
        eprintln!("refused ({what}): {}", truncate(&rejection_text(&rejection), 200));
        typed(what, &rejection);
        still_up(&app, what).await;
    }

    // Other commands with arguments of the wrong shape.
    let others: [(&str, &str, &str); 6] = [
        ("a 1 MB PIN", "sign_in", r##"{ code: "9001", pin: "9".repeat(1 << 20) }"##),
        ("a PIN as a number", "sign_in", "{ code: 9001, pin: 9999 }"),
        ("an order id as a string", "order_view", r##"{ orderId: "1; DROP TABLE events" }"##),
        ("a search of 1 MB", "find_products", r##"{ query: "%".repeat(1 << 20) }"##),
        ("a receipt of no order", "receipt", "{ orderId: -9007199254740991 }"),
        ("a timeline version past u32", "order_at", "{ orderId: 1, version: 4294967296 }"),
    ];
    for (what, command, args) in others {
        let rejection = refused(&app, what, command, args).await;
        eprintln!("refused ({what}): {}", truncate(&rejection_text(&rejection), 200));
        typed(what, &rejection);
        still_up(&app, what).await;
    }
    // Still the cashier's session, and the register still works.
    let staff = app.invoke("current_staff", "{}").await.expect("current_staff answers");
    assert_eq!(staff["name"], json!(CASHIER_NAME), "the cashier is still signed in");
    assert_event_count(&app, before, "the malformed calls");
    app.snapshot("after-malformed").await;

    app.stop().await;
    expect_events(app.db_path(), &[("OrderOpened", json!({})), ("ItemAdded", json!({"sku": "COF-ESP", "qty": 1}))]);
    let mut till = db::open(app.db_path());
    assert!(till.status().expect("status").chain_ok, "the event chain verifies");
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}
