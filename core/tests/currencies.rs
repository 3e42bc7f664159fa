//! A shop in a three-decimal currency (Kuwaiti dinar, KWD) through the till
//! on a real database: prices, a discount, tax, cash change, a refund, the
//! receipt and the day report all in thousandths; the currency cannot
//! change once money is recorded; a CHF shop rounds cash to 0.05.

use chrono::{Duration, TimeZone, Utc};
use pos_core::catalog::ProductInput;
use pos_core::domain::{DiscountKind, DiscountScope, RefundedQuantity};
use pos_core::settings::SettingsInput;
use pos_core::setup::SetupInput;
use pos_core::till::{CountRequest, RefundRequest};
use pos_core::{read, CommandMeta, OrderRequest, Till, TillOptions};
use rust_decimal_macros::dec;

fn shop(dir: &tempfile::TempDir, currency: &str, cash_coin: &str) -> (Till, i64) {
    let mut till = Till::open_with(&dir.path().join("pos.db"), TillOptions { seed_demo: false, ..TillOptions::default() }).unwrap();
    let day = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    till.set_clock(move || day);
    let setup = SetupInput {
        shop_name: "Souq".into(),
        currency: currency.into(),
        till_id: "T1".into(),
        manager_name: "Sam".into(),
        manager_code: "42".into(),
        manager_pin: "2580".into(),
        manager_pin_again: "2580".into(),
        cash_coin: cash_coin.into(),
        time_zone: String::new(),
        language: String::new(),
    };
    let manager = till.set_up(&setup).unwrap();
    till.open_shift(&CountRequest { amount: "20".into(), denominations: Vec::new() }, &CommandMeta::new(manager.id)).unwrap();
    (till, manager.id)
}

fn product(sku: &str, price: &str) -> ProductInput {
    ProductInput { sku: sku.into(), barcode: String::new(), name: sku.into(), price: price.into(), tax_rate: "5".into(), favourite: false }
}

#[test]
fn a_kwd_shop_sells_discounts_taxes_gives_change_refunds_and_reports_in_thousandths() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, manager) = shop(&dir, "kwd", "");
    assert_eq!((till.settings().currency.as_str(), till.settings().minor_unit), ("KWD", 3));
    till.add_product(&product("DATES", "2.345")).unwrap();
    till.add_product(&product("TEA", "1.250")).unwrap();
    let too_fine = till.add_product(&product("SALT", "0.1234")).unwrap_err();
    assert_eq!(too_fine.to_string(), "Price has more than 3 decimal places");

    let id = till.open_order(&CommandMeta::new(manager)).unwrap().order.id;
    for code in ["DATES", "TEA"] {
        till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &CommandMeta::new(manager)).unwrap();
    }
    let discount = OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "10".into(), reason: "regular".into() };
    till.execute(id, discount, &CommandMeta::new(manager)).unwrap();
    let refused = till.execute(id, OrderRequest::ConfirmOrder { cash: "5.0001".into(), card: String::new() }, &CommandMeta::new(manager)).unwrap_err();
    assert_eq!(refused.to_string(), "Cash has more than 3 decimal places");
    let paid = till.execute(id, OrderRequest::ConfirmOrder { cash: "5".into(), card: String::new() }, &CommandMeta::new(manager)).unwrap();
    let view = paid.order;
    // 3.595 less 10% (0.3595 → 0.360) is 3.235; 5% tax contained: 0.154; change 1.765.
    assert_eq!((view.totals.discount_total, view.totals.total, view.totals.tax_total), (dec!(0.360), dec!(3.235), dec!(0.154)));
    assert_eq!(view.confirmation.as_ref().unwrap().change, dec!(1.765));

    let receipt = read::receipt(&mut till.reader(), id).unwrap();
    assert_eq!((receipt.currency.as_str(), receipt.minor_unit), ("KWD", 3));
    let text = read::receipt_text(&receipt);
    for row in ["2.345", "1.250", "-0.360", "3.235", "5.000", "1.765", "incl. tax 5% on 3.235"] {
        assert!(text.contains(row), "{row} missing from\n{text}");
    }

    // The tea back: its share of the discount (0.125 of 0.360) comes off: 1.125.
    let refund = RefundRequest {
        till: None,
        order: Some(id),
        lines: vec![RefundedQuantity { line: 2, quantity: 1 }],
        items: Vec::new(),
        cash: "1.125".into(),
        card: String::new(),
        reason: "spilt".into(),
    };
    let issued = till.issue_refund(&refund, &CommandMeta::new(manager)).unwrap();
    assert_eq!((issued.total, issued.minor_unit()), (dec!(1.125), 3));

    let from = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let report = read::day_report(&till.reader(), from, from + Duration::days(1), Some("T1")).unwrap();
    assert_eq!((report.currency.as_str(), report.minor_unit), ("KWD", 3));
    let f = &report.totals;
    assert_eq!((f.gross_sales, f.discounts, f.refunds, f.net_sales), (dec!(3.595), dec!(0.360), dec!(1.125), dec!(2.110)));
    assert_eq!((f.cash_taken, f.change_given, f.cash_expected), (dec!(5), dec!(1.765), dec!(2.110)));
    let csv = read::day_report_csv(&report).unwrap();
    assert!(csv.contains("3.595,0.360,0.000,1.125,2.110"), "{csv}");

    // Money is recorded in dinars now: the currency stays.
    let change = SettingsInput { shop_name: "Souq".into(), shop_address: String::new(), currency: "EUR".into(), cash_coin: String::new(), time_zone: String::new(), language: String::new() };
    assert_eq!(till.save_settings(&change).unwrap_err().code(), "currency_in_use");
}

#[test]
fn unknown_currencies_are_refused_at_setup() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open_with(&dir.path().join("pos.db"), TillOptions { seed_demo: false, ..TillOptions::default() }).unwrap();
    let setup = SetupInput {
        shop_name: "Nowhere".into(),
        currency: "XYZ".into(),
        till_id: "T1".into(),
        manager_name: "Sam".into(),
        manager_code: "42".into(),
        manager_pin: "2580".into(),
        manager_pin_again: "2580".into(),
        cash_coin: String::new(),
        time_zone: String::new(),
        language: String::new(),
    };
    let refused = till.set_up(&setup).unwrap_err();
    assert_eq!(refused.code(), "invalid_input");
    assert!(refused.to_string().contains("XYZ is not an ISO 4217 currency"), "{refused}");
}

#[test]
fn a_chf_shop_rounds_cash_to_five_centimes_and_reports_the_rounding() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, manager) = shop(&dir, "CHF", "0.05");
    assert_eq!(till.settings().cash_coin, Some(dec!(0.05)));
    till.add_product(&product("BREAD", "4.32")).unwrap();
    let sell = |till: &mut Till, cash: &str, card: &str| {
        let id = till.open_order(&CommandMeta::new(manager)).unwrap().order.id;
        till.execute(id, OrderRequest::AddItem { code: "BREAD".into(), quantity: 1 }, &CommandMeta::new(manager)).unwrap();
        till.execute(id, OrderRequest::ConfirmOrder { cash: cash.into(), card: card.into() }, &CommandMeta::new(manager)).unwrap().order
    };
    // 4.32 in cash is 4.30: 5.00 gives 0.70 back; by card it stays 4.32.
    let cash = sell(&mut till, "5", "");
    let c = cash.confirmation.as_ref().unwrap();
    assert_eq!((c.cash_rounding, c.change), (dec!(-0.02), dec!(0.70)));
    let card = sell(&mut till, "", "4.32");
    assert_eq!(card.confirmation.as_ref().unwrap().cash_rounding, dec!(0));

    let text = read::receipt_text(&read::receipt(&mut till.reader(), cash.id).unwrap());
    assert!(text.contains("Cash rounding") && text.contains("-0.02"), "{text}");
    let from = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let report = read::day_report(&till.reader(), from, from + Duration::days(1), Some("T1")).unwrap();
    let f = &report.totals;
    // The drawer holds exactly what was taken: 20.00 float + 5.00 − 0.70.
    assert_eq!((f.cash_rounding, f.cash_taken - f.change_given, f.net_sales), (dec!(-0.02), dec!(4.30), dec!(8.64)));
}
