//! The receipt printer through the app: a manager sets up a file-backed
//! printer in the back office, a cash sale prints at once, and the file
//! holds exactly the bytes the core renders for that receipt (the drawer
//! kick included); a reprint from the receipt adds the COPY. The shop
//! prints in German, chosen in the settings, whatever the screen speaks.

use pos_core::{printer, read};
use pos_e2e::{db, App, Key};

use crate::support::*;

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_cash_sale_prints_its_receipt_on_a_file_backed_printer_with_the_expected_bytes() {
    let mut app = App::start().await;
    let device = app.dir().join("printer.bin");
    app.sign_in(MANAGER.0, MANAGER.1).await;
    app.click("#backoffice-button").await;
    app.click("#bo-tab-settings").await;
    let language = app.wait_visible("#settings-language").await;
    language.select_by_value("de").await.expect("choose German for receipts");
    app.click("#settings-save").await;
    app.wait_visible("#settings-saved").await;
    app.snapshot("settings-language").await;
    let kind = app.wait_visible("#printer-kind").await;
    kind.select_by_value("device").await.expect("choose a device printer");
    app.type_into("#printer-path", &device.display().to_string()).await;
    app.click("#printer-save").await;
    app.wait_for_text("#printer-saved", &app.say("bo.saved", &[])).await;
    app.snapshot("printer-setup").await;
    app.press(Key::Escape).await;

    app.type_into("#entry", &enter("COF-ESP")).await;
    wait_rows(&app, 1).await;
    open_modal(&app, Key::F12, "tender").await;
    app.type_into("#cash-input", &enter("5")).await;
    app.wait_for_text("#receipt-printed", app.say_prefix("print.printed")).await;
    assert!(app.text("#receipt-printed").await.ends_with(app.say("print.drawerOpen", &[]).trim()));
    app.snapshot("receipt-printed").await;
    let first = std::fs::read(&device).expect("the printer's file");

    app.click("#receipt-print").await;
    app.wait_for_text("#receipt-printed", app.say_prefix("print.copyPrinted")).await;
    let both = std::fs::read(&device).expect("the printer's file");
    app.stop().await;

    let mut till = db::open(app.db_path());
    let order = read::orders(&till.reader(), &read::OrderFilter::default()).expect("the orders")[0].id;
    let receipt = read::receipt(&mut till.reader(), order).expect("the receipt");
    assert_eq!(receipt.language, pos_core::language::Language::De, "the language chosen in the settings");
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("SUMME EUR") && text.contains("Vielen Dank") && !text.contains("TOTAL"), "a German receipt:\n{text}");
    assert_eq!(first, printer::receipt_bytes(&receipt, printer::PRINTER_WIDTH_DEFAULT, false, true).unwrap(), "the sale's receipt, with the kick");
    let copy = printer::receipt_bytes(&receipt, printer::PRINTER_WIDTH_DEFAULT, true, false).unwrap();
    assert_eq!(&both[first.len()..], copy.as_slice(), "the reprint: COPY, no kick");
}
