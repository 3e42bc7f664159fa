//! The till across a daylight-saving change, as a shop in Berlin lives it.
//! The app runs with `TZ=Europe/Berlin` (the demo shop names no zone, so the
//! system's is the shop's) and a wall clock set just before the change by
//! libfaketime (Debian's `faketime`), preloaded into the app and the webview
//! processes it starts, not the drivers ([`App::set_app_env`]). The clock
//! is moved as an offset from now, so it runs on at normal speed, and the
//! monotonic clocks are left alone (timers, WebDriver's waits). The app is
//! restarted at a later time on the same database rather than waited for.
//!
//! Each test rings up sales before and after the change, then checks that
//! the screens show the local times, that the day report of that day counts
//! every sale, that the history's "as of" reads a typed local time the way
//! the UI says (the repeated hour is the earlier one, the skipped hour moves
//! on by the jump), and, through pos-core, which day each sale is in.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use pos_core::catalog::ProductInput;
use pos_core::{Till, TillOptions};
use pos_e2e::{App, Key};

use crate::support::*;

/// Where Debian's libfaketime is (package `libfaketime`, pulled in by `faketime`).
const LIBFAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
const ZONE: &str = "Europe/Berlin";

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

/// The app's environment: Berlin, with its wall clock at `at` from now on.
fn clock_at(at: DateTime<Utc>) -> Vec<(String, String)> {
    assert!(Path::new(LIBFAKETIME).is_file(), "{LIBFAKETIME} is missing: install the Debian package faketime (scripts/test does)");
    let offset = (at - Utc::now()).num_seconds();
    [("TZ", ZONE.to_string()), ("LD_PRELOAD", LIBFAKETIME.to_string()), ("FAKETIME", format!("{offset:+}")), ("DONT_FAKE_MONOTONIC", "1".to_string())]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// Restarts the app on its database with the wall clock at `at`.
async fn restart_at(app: &mut App, at: DateTime<Utc>) {
    app.stop().await;
    app.set_app_env(clock_at(at));
    app.restart().await;
}

/// Signs the cashier in, sells an espresso for cash and answers the time the receipt shows.
async fn sell_espresso(app: &App) -> String {
    sign_in_cashier(app).await;
    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    wait_rows(app, 1).await;
    open_modal(app, Key::F12, "tender").await;
    app.type_into("#cash-input", "10").await;
    app.press(Key::Enter).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    app.find("#receipt-number").await;
    let shown = app
        .script(r##"return document.querySelector("#receipt-number").parentElement.nextElementSibling.textContent.trim();"##, vec![])
        .await;
    app.press(Key::Escape).await;
    wait_no_modal(app).await;
    shown.as_str().expect("the receipt's time").to_string()
}

/// Changes the espresso's price at `at`, through pos-core on the app's
/// database while the app is stopped (the history needs versions at known instants).
fn espresso_price_at(db: &Path, price: &str, at: DateTime<Utc>) {
    let mut till = Till::open_with(db, TillOptions { seed_demo: false, ..TillOptions::default() }).expect("open the app's database");
    till.set_clock(move || at);
    till.sign_in(MANAGER.0, MANAGER.1).expect("the demo manager");
    let p = product(db, "COF-ESP");
    let input = ProductInput {
        sku: p.sku,
        barcode: p.barcode.unwrap_or_default(),
        name: p.name,
        price: price.into(),
        tax_rate: p.tax_rate.to_string(),
        favourite: p.favourite,
    };
    till.update_product(&input).expect("the new price");
}

/// Signs the manager in and shows today's day report; answers how many orders it counts as paid.
async fn todays_report(app: &App, day: &str) -> String {
    app.sign_in(MANAGER.0, MANAGER.1).await;
    app.click("#nav-report").await;
    assert_eq!(app.value("#report-date").await, day, "today in Berlin");
    app.find("#report-confirmed").await;
    app.text_content("#report-confirmed").await
}

/// Opens the espresso's price history and asks for it "as of" `local`
/// (typed as into a datetime-local field); answers the version shown.
async fn espresso_as_of(app: &App, local: &str) -> String {
    app.script(r##"location.hash = "#/product/COF-ESP/v/1";"##, vec![]).await;
    app.find("#record-asof-input").await;
    app.script(
        r##"const input = document.querySelector("#record-asof-input");
           input.focus();
           input.value = arguments[0];
           input.dispatchEvent(new Event("input", { bubbles: true }));
           input.dispatchEvent(new Event("change", { bubbles: true }));"##,
        vec![serde_json::json!(local)],
    )
    .await;
    app.click("#record-asof-go").await;
    let this = app;
    app.wait_for(&format!("the record as of {local}"), || async move {
        let busy = this.attr("#record-asof-go", "disabled").await.is_some();
        let error = this.find_all("#record-asof-error").await;
        if !error.is_empty() {
            return Err(format!("refused: {}", this.text_content("#record-asof-error").await));
        }
        let version = this.attr("#record-panel", "data-version").await.ok_or("no record panel")?;
        if busy { Err(format!("busy at version {version}")) } else { Ok(version) }
    })
    .await
}

/// The start of a local date and time ("2026-10-25", "02:2") as the screen
/// writes it: "2026-10-25 02:2" in English, "25.10.2026, 02:2" in German.
fn shown_at(app: &App, date: &str, time: &str) -> String {
    match app.language() {
        "en" => format!("{date} {time}"),
        _ => {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
            format!("{}, {time}", date.format("%d.%m.%Y"))
        }
    }
}

/// The calendar day in Berlin that each paid order of the database was paid in.
fn days_of_orders(db: &Path) -> Vec<NaiveDate> {
    let mut till = Till::open_with(db, TillOptions { seed_demo: false, ..TillOptions::default() }).expect("open the app's database");
    let zone = pos_core::zone::check(ZONE).expect("a zone");
    let ids: Vec<i64> = till
        .conn()
        .prepare("SELECT order_id FROM order_summaries ORDER BY order_id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("the paid orders");
    ids.into_iter()
        .filter_map(|id| {
            let receipt = pos_core::read::receipt(&mut till.reader(), id).expect("a receipt");
            receipt.order.confirmation.map(|c| pos_core::zone::day_at(zone, c.confirmed_at).day)
        })
        .collect()
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn fall_back_day_counts_both_0220s_and_as_of_reads_the_earlier_0245() {
    // Given the till at 02:20 summer time on 25 October 2026; at 03:00 the clocks go back to 02:00.
    let mut app = App::start_with_env(clock_at(utc("2026-10-25T00:20:00Z"))).await;
    let first = sell_espresso(&app).await;
    assert!(first.starts_with(&shown_at(&app, "2026-10-25", "02:2")), "the receipt shows the local time, summer time: {first}");
    app.stop().await;
    espresso_price_at(app.db_path(), "3.00", utc("2026-10-25T00:30:00Z")); // 02:30 CEST

    // When an hour later by the sun it is 02:20 again (winter time), and another espresso sells.
    restart_at(&mut app, utc("2026-10-25T01:20:00Z")).await;
    let second = sell_espresso(&app).await;
    assert!(second.starts_with(&shown_at(&app, "2026-10-25", "02:2")), "the receipt shows the local time, winter time: {second}");
    app.stop().await;
    espresso_price_at(app.db_path(), "3.50", utc("2026-10-25T01:40:00Z")); // 02:40 CET

    // Then in the evening the day report of 25 October counts both sales.
    restart_at(&mut app, utc("2026-10-25T21:00:00Z")).await;
    assert_eq!(todays_report(&app, "2026-10-25").await, "2");
    app.snapshot("dst-fall-back-report").await;
    // And "as of 02:45" is the first 02:45 (summer time): the price of 02:30 CEST, not that of 02:40 CET.
    assert_eq!(espresso_as_of(&app, "2026-10-25T02:45:00").await, "2");
    assert_eq!(espresso_as_of(&app, "2026-10-25T02:25:00").await, "1", "before the first change");
    assert_eq!(espresso_as_of(&app, "2026-10-25T03:10:00").await, "3", "after both");
    app.snapshot("dst-fall-back-as-of").await;
    app.stop().await;

    let day = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
    assert_eq!(days_of_orders(app.db_path()), vec![day, day]);
    let berlin = pos_core::zone::day(pos_core::zone::check(ZONE).unwrap(), day);
    assert_eq!(berlin.to - berlin.from, Duration::hours(25));
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn spring_forward_day_counts_0157_and_0301_and_as_of_moves_a_skipped_time_on() {
    // Given the till at 01:57 on 28 March 2027; at 02:00 the clocks jump to 03:00.
    let mut app = App::start_with_env(clock_at(utc("2027-03-28T00:57:00Z"))).await;
    let before = sell_espresso(&app).await;
    assert!(before.starts_with(&shown_at(&app, "2027-03-28", "01:5")), "winter time: {before}");
    app.stop().await;

    // When it is 03:01 summer time, four minutes later, and another espresso sells.
    restart_at(&mut app, utc("2027-03-28T01:01:00Z")).await;
    let after = sell_espresso(&app).await;
    assert!(after.starts_with(&shown_at(&app, "2027-03-28", "03:0")), "summer time: {after}");
    app.stop().await;
    espresso_price_at(app.db_path(), "3.00", utc("2027-03-28T01:20:00Z")); // 03:20 CEST

    // Then at noon the day report of 28 March counts both.
    restart_at(&mut app, utc("2027-03-28T10:00:00Z")).await;
    assert_eq!(todays_report(&app, "2027-03-28").await, "2");
    app.snapshot("dst-spring-forward-report").await;
    // And "as of 02:30", a time the clock skipped, is read as 03:30: after the change of 03:20.
    assert_eq!(espresso_as_of(&app, "2027-03-28T02:30:00").await, "2");
    assert_eq!(espresso_as_of(&app, "2027-03-28T01:59:00").await, "1");
    app.stop().await;

    let day = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
    assert_eq!(days_of_orders(app.db_path()), vec![day, day]);
}
