//! What the register's tests share: signing in as the demo staff, the demo
//! catalog's barcodes, and reading the register's lines and messages.

use std::path::Path;

use pos_e2e::{db, App, Key};
use serde_json::Value;

/// Enter, to end what is typed (as a scanner ends each barcode).
pub const ENTER: char = '\u{e007}';

/// The demo staff (seeded on first start).
pub const CASHIER: (&str, &str) = ("1001", "1234");
pub const MANAGER: (&str, &str) = ("9001", "9999");
pub const CASHIER_NAME: &str = "Alex Cashier";

/// `text` followed by Enter.
pub fn enter(text: &str) -> String {
    format!("{text}{ENTER}")
}

/// Starts the app on a fresh database and signs the demo cashier in.
pub async fn cashier_app() -> App {
    let app = App::start().await;
    sign_in_cashier(&app).await;
    app
}

pub async fn sign_in_cashier(app: &App) {
    let name = app.sign_in(CASHIER.0, CASHIER.1).await;
    assert_eq!(name, CASHIER_NAME, "the top bar names the cashier who signed in");
}

/// The catalog's entry for `sku` in the app's database.
pub fn product(db: &Path, sku: &str) -> pos_core::catalog::Product {
    let till = db::open(db);
    till.find_product(sku)
        .expect("look up a product")
        .unwrap_or_else(|| panic!("the demo catalog has no {sku}"))
}

/// The EAN-13 barcode of the demo product `sku`, as a scanner reads it.
pub fn barcode(db: &Path, sku: &str) -> String {
    product(db, sku).barcode.unwrap_or_else(|| panic!("{sku} has no barcode"))
}

/// An amount in cents ("12.05" → 1205).
pub fn cents(amount: &str) -> i64 {
    let money = db::money(amount);
    let (whole, fraction) = money.split_once('.').expect("two decimals");
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    let whole: i64 = whole.trim_start_matches('-').parse().expect("whole units");
    let fraction: i64 = fraction.parse().expect("cents");
    sign * (whole * 100 + fraction)
}

/// Cents as the UI shows them (1205 → "12.05").
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// One row of the register's lines table, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: i64,
    pub qty: String,
    pub name: String,
    pub net: String,
    pub removed: bool,
    pub selected: bool,
}

/// The rows of `#lines` now, read in one go (amounts read back as the core
/// writes them, "12.05", whatever the screen's language).
pub async fn rows(app: &App) -> Vec<Row> {
    let found = app
        .script(
            r##"return [...document.querySelectorAll("#lines tr[data-line]")].map((tr) => ({
                line: Number(tr.dataset.line),
                qty: tr.querySelector(".qty")?.textContent.trim() ?? "",
                name: tr.querySelector(".name")?.textContent.trim() ?? "",
                net: tr.querySelector(".net")?.textContent.trim() ?? "",
                removed: tr.classList.contains("removed"),
                selected: tr.classList.contains("selected"),
            }));"##,
            vec![],
        )
        .await;
    found
        .as_array()
        .unwrap_or_else(|| app.fail(&format!("the rows script answered {found}")))
        .iter()
        .map(|r| Row {
            line: r["line"].as_i64().unwrap_or_default(),
            qty: r["qty"].as_str().unwrap_or_default().to_string(),
            name: r["name"].as_str().unwrap_or_default().to_string(),
            net: app.plain_amount(r["net"].as_str().unwrap_or_default()),
            removed: r["removed"].as_bool().unwrap_or_default(),
            selected: r["selected"].as_bool().unwrap_or_default(),
        })
        .collect()
}

/// Waits until `#lines` shows `n` rows and returns them.
pub async fn wait_rows(app: &App, n: usize) -> Vec<Row> {
    app.wait_for_count("#lines tr[data-line]", n).await;
    rows(app).await
}

/// Whether `text` is a plain amount as the core writes it ("12.05", "-3.50").
fn is_plain_amount(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
        && (fraction.is_empty() == !digits.contains('.'))
}

/// Waits until the element's text is exactly `expected` (trimmed). An
/// amount with decimals ("12.05") is expected as the screen's language
/// writes it ("12,05" in German).
pub async fn wait_text_eq(app: &App, css: &str, expected: &str) -> String {
    let written = if is_plain_amount(expected) && expected.contains('.') { app.amount(expected) } else { expected.to_string() };
    let expected = written.as_str();
    app.wait_for(&format!("`{css}` to read {expected:?}"), || async move {
        let text = match app.find_all(css).await.first() {
            Some(element) => element.text().await.map_err(|e| e.to_string())?,
            None => return Err("no such element".to_string()),
        };
        if text.trim() == expected {
            Ok(text)
        } else {
            Err(format!("{text:?}"))
        }
    })
    .await
}

/// The refusal `error` as the screen says it, in the app's language: the
/// catalog's `error.<key>` with the core's params written as the UI writes
/// them (amounts and numbers in the language's digits, days as its dates,
/// terms in its words). In English that is the core's own message.
pub fn refusal(app: &App, error: impl Into<pos_core::Error>) -> String {
    use pos_core::message::Param;
    let error = error.into();
    let message = error.message();
    let mut text = app.say(&format!("error.{}", message.key), &[]);
    for (name, param) in &message.params {
        let shown = match param {
            Param::Text(s) => s.clone(),
            Param::Number(n) => app.amount(&n.to_string()),
            Param::Amount(a) => app.amount(&pos_core::money::format(a.parse().expect("an amount"), 2)),
            Param::Percent(p) => app.amount(p),
            Param::Date(d) => shown_day(app, d),
            Param::Term(key) => app.say(key, &[]),
        };
        text = text.replace(&format!("{{{name}}}"), &shown);
    }
    if app.language() == "en" {
        assert_eq!(text, error.to_string(), "the English catalog says what the core says");
    }
    text
}

/// A calendar day ("2026-11-23") as the screen writes it ("23.11.2026" in German).
fn shown_day(app: &App, day: &str) -> String {
    match (app.language(), chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")) {
        ("en", _) | (_, Err(_)) => day.to_string(),
        (_, Ok(date)) => date.format("%d.%m.%Y").to_string(),
    }
}

/// Waits until the message bar shows the refusal `code` with exactly `message`.
pub async fn expect_message(app: &App, code: &str, message: &str) {
    expect_refusal(app, "#message", code, message).await
}

/// Waits until the open modal shows the refusal `code` with exactly `message`.
pub async fn expect_modal_error(app: &App, code: &str, message: &str) {
    expect_refusal(app, "#modal-error", code, message).await
}

/// Waits until the element `selector` shows the refusal `code` (its
/// `data-code`) with exactly `message`.
async fn expect_refusal(app: &App, selector: &str, code: &str, message: &str) {
    app.wait_for(&format!("{selector} with code {code:?} and text {message:?}"), || async move {
        let element = app.find_all(selector).await.into_iter().next().ok_or(format!("no {selector}"))?;
        let shown_code = element.attr("data-code").await.map_err(|e| e.to_string())?.unwrap_or_default();
        let text = element.text().await.map_err(|e| e.to_string())?;
        if shown_code == code && text.trim() == message {
            Ok(())
        } else {
            Err(format!("code {shown_code:?}, text {text:?}"))
        }
    })
    .await
}

/// Presses `key` on the register and waits for the modal `name` to open.
pub async fn open_modal(app: &App, key: Key, name: &str) {
    app.press(key).await;
    app.find(&format!("#modal[data-modal=\"{name}\"]")).await;
}

/// Waits until no modal is open.
pub async fn wait_no_modal(app: &App) {
    app.wait_gone("#modal").await;
}

/// Asserts that the database still holds `expected` events after `what`.
pub fn assert_event_count(app: &App, expected: usize, what: &str) {
    let events = db::events(app.db_path());
    assert_eq!(
        events.len(),
        expected,
        "{what} must not write anything; the database now holds:\n{}",
        db::describe(&events)
    );
}

/// The `code` of an app refusal (`{code, message}`), or None for anything else.
pub fn refusal_code(rejection: &Value) -> Option<&str> {
    rejection.get("code").and_then(Value::as_str)
}
