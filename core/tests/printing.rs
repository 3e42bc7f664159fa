//! Receipts on an ESC/POS printer: the exact bytes a printer gets, compared
//! with stored expected output (a layout change is a visible diff), COPY on
//! a reprint, the drawer kick on the first print of a cash sale only, a
//! network printer, and the refusals.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use pos_core::demo::{CASHIER_CODE, CASHIER_PIN};
use pos_core::printer::{self, PrinterConnection, PrinterSetup};
use pos_core::{read, CommandMeta, OrderRequest, Till};

/// ESC p: the drawer kick.
const KICK: [u8; 2] = [0x1b, 0x70];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// `bytes` equal the stored fixture (`UPDATE_FIXTURES=1` writes it anew).
fn assert_fixture(name: &str, bytes: &[u8]) {
    let path = fixture(name);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, bytes).unwrap();
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (UPDATE_FIXTURES=1 writes it)", path.display()));
    assert!(bytes == expected, "the bytes differ from {}:\n{}", path.display(), String::from_utf8_lossy(bytes));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A demo till at a fixed time with one paid order: two espressos and a
/// croissant, paid 10.00 in cash (or by card).
fn paid_order(dir: &Path, cash: bool) -> (Till, i64) {
    let mut till = Till::open(&dir.join("pos.db")).unwrap();
    till.set_clock(|| Utc.with_ymd_and_hms(2026, 3, 3, 10, 15, 0).unwrap());
    // Printed times are the shop's zone's: name one, so the bytes do not depend on the machine's.
    till.sign_in("9001", "9999").unwrap();
    let shop = till.settings().clone();
    let in_berlin = pos_core::settings::SettingsInput {
        shop_name: shop.shop_name,
        shop_address: shop.shop_address,
        currency: shop.currency,
        cash_coin: String::new(),
        time_zone: "Europe/Berlin".into(),
        language: String::new(),
    };
    till.save_settings(&in_berlin).unwrap();
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    // Each command its own id (a repeated id is the same command, done once).
    let meta = || CommandMeta::new(cashier);
    let id = till.open_order(&meta()).unwrap().order.id;
    till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 2 }, &meta()).unwrap();
    till.execute(id, OrderRequest::AddItem { code: "BAK-CRO".into(), quantity: 1 }, &meta()).unwrap();
    let (cash, card) = if cash { ("10", "") } else { ("", "6.20") };
    let paid = till.execute(id, OrderRequest::ConfirmOrder { cash: cash.into(), card: card.into() }, &meta()).unwrap();
    assert_eq!(paid.order.status, pos_core::domain::OrderStatus::Confirmed);
    (till, id)
}

fn device(path: &Path) -> PrinterSetup {
    PrinterSetup { connection: PrinterConnection::Device { path: path.display().to_string() }, width: 42 }
}

#[test]
fn a_cash_receipt_prints_its_exact_bytes_then_a_reprint_says_copy_and_leaves_the_drawer_shut() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = paid_order(dir.path(), true);
    let out = dir.path().join("printer.bin");
    till.save_printer_setup(&device(&out)).unwrap();

    let first = till.print_receipt(id).unwrap();
    assert!(first.drawer_opened && !first.copy, "{first:?}");
    let printed = std::fs::read(&out).unwrap();
    assert_fixture("receipt_cash.escpos", &printed);
    assert!(contains(&printed, b"TOTAL EUR"), "the receipt's text");
    assert!(contains(&printed, &KICK), "the drawer opens on a cash sale");
    assert!(!contains(&printed, b"COPY"));
    // The order number as a CODE39 barcode (GS k), to scan for a refund.
    assert!(contains(&printed, &[0x1d, 0x6b]));

    let again = till.print_receipt(id).unwrap();
    assert!(again.copy && !again.drawer_opened, "{again:?}");
    let both = std::fs::read(&out).unwrap();
    let reprint = &both[printed.len()..];
    assert_fixture("receipt_copy.escpos", reprint);
    assert!(contains(reprint, b"COPY"));
    assert!(!contains(reprint, &KICK), "a reprint never opens the drawer");
    let receipt = read::receipt(&mut till.reader(), id).unwrap();
    assert_eq!(reprint, printer::receipt_bytes(&receipt, 42, true, false).unwrap());
    let logged: i64 = till.conn().query_row("SELECT count(*) FROM receipt_prints WHERE order_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(logged, 2);
}

#[test]
fn a_card_sale_prints_without_opening_the_drawer_and_the_width_follows_the_setup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = paid_order(dir.path(), false);
    let out = dir.path().join("printer.bin");
    till.save_printer_setup(&PrinterSetup { width: 32, ..device(&out) }).unwrap();
    let outcome = till.print_receipt(id).unwrap();
    assert!(!outcome.drawer_opened && !outcome.copy);
    let printed = std::fs::read(&out).unwrap();
    assert!(!contains(&printed, &KICK));
    assert!(contains(&printed, &[b'-'; 32]) && !contains(&printed, &[b'-'; 33]), "32 columns");
}

#[test]
fn a_network_printer_gets_the_test_page_on_its_raw_port() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _) = paid_order(dir.path(), true);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let printer = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        socket.read_to_end(&mut got).unwrap();
        got
    });
    let setup = PrinterSetup { connection: PrinterConnection::Network { address: format!("127.0.0.1:{port}") }, width: 42 };
    till.save_printer_setup(&setup).unwrap();
    let outcome = till.test_print().unwrap();
    assert_eq!(outcome.printer, format!("network printer 127.0.0.1:{port}"));
    let got = printer.join().unwrap();
    assert_eq!(got, printer::test_page_bytes("Corner Shop", &setup, pos_core::language::Language::En).unwrap());
    assert!(contains(&got, b"Test print") && contains(&got, b"123456789012345678901234567890123456789012"));
}

#[test]
fn printing_is_refused_clearly_without_a_printer_an_answer_or_a_valid_setup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = paid_order(dir.path(), true);
    assert_eq!(till.printer_setup().unwrap(), PrinterSetup::default());
    assert_eq!(till.print_receipt(id).unwrap_err().code(), "no_printer");

    // Nothing listens on port 1.
    till.save_printer_setup(&PrinterSetup { connection: PrinterConnection::Network { address: "127.0.0.1:1".into() }, width: 42 }).unwrap();
    let err = till.print_receipt(id).unwrap_err();
    assert_eq!(err.code(), "printer_unreachable");
    assert!(err.to_string().starts_with("The network printer 127.0.0.1:1 did not take the receipt"), "{err}");
    let logged: i64 = till.conn().query_row("SELECT count(*) FROM receipt_prints", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 0, "a receipt that did not print is not logged as printed");

    let refused = |setup: PrinterSetup| {
        let e = printer::check(&setup).unwrap_err();
        (e.code(), pos_core::error::ErrorBody::from(&e).field)
    };
    let network = |address: &str| PrinterSetup { connection: PrinterConnection::Network { address: address.into() }, width: 42 };
    assert_eq!(refused(network("  ")), ("required", Some("address".into())));
    assert_eq!(refused(network("printer one")), ("invalid_input", Some("address".into())));
    assert_eq!(refused(PrinterSetup { width: 20, ..network("10.0.0.5") }), ("invalid_input", Some("width".into())));
    let relative = PrinterSetup { connection: PrinterConnection::Device { path: "lp0".into() }, width: 42 };
    assert_eq!(refused(relative), ("invalid_input", Some("path".into())));
    assert_eq!(printer::check(&network(" 10.0.0.5 ")).unwrap().describe(), "network printer 10.0.0.5:9100");
}

#[test]
fn a_refund_slip_prints_its_exact_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = paid_order(dir.path(), true);
    let out = dir.path().join("printer.bin");
    till.save_printer_setup(&device(&out)).unwrap();
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    let refund = pos_core::till::RefundRequest {
        till: None,
        order: Some(id),
        lines: vec![pos_core::domain::RefundedQuantity { line: 1, quantity: 1 }],
        items: Vec::new(),
        cash: "2.20".into(),
        card: String::new(),
        reason: "spilt".into(),
    };
    let issued = till.issue_refund(&refund, &CommandMeta::new(cashier)).unwrap();

    let first = till.print_refund(issued.number, false).unwrap();
    assert!(first.drawer_opened && !first.copy, "{first:?}");
    let printed = std::fs::read(&out).unwrap();
    assert_fixture("refund_cash.escpos", &printed);
    assert!(contains(&printed, b"REFUND R-T1-1") && contains(&printed, b"1 x Espresso"), "the slip's text");
    assert!(contains(&printed, &KICK), "the drawer opens for cash given back");
}
