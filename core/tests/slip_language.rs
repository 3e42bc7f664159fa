//! The shop's language on paper: a shop that prints in German gets its
//! receipts, refund slips, X and Z reports and reprints in German, with
//! amounts, percents, days and times as German writes them; the choice is
//! an event, so it survives a rebuild; English stays as every slip was.

use chrono::{TimeZone, Utc};
use pos_core::domain::RefundedQuantity;
use pos_core::language::Language;
use pos_core::printer::{PrinterConnection, PrinterSetup};
use pos_core::settings::SettingsInput;
use pos_core::till::{CountRequest, RefundRequest};
use pos_core::{read, CommandMeta, OrderRequest, Till};

struct Shop {
    dir: tempfile::TempDir,
    till: Till,
    cashier: i64,
}

/// The demo shop in Berlin at 10:15 on 3 March 2026, printing in `language`,
/// a device printer 42 columns wide.
fn shop(language: &str) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    till.set_clock(|| Utc.with_ymd_and_hms(2026, 3, 3, 10, 15, 0).unwrap());
    till.sign_in("9001", "9999").unwrap();
    let now = till.settings().clone();
    let input = SettingsInput {
        shop_name: now.shop_name,
        shop_address: now.shop_address,
        currency: now.currency,
        cash_coin: String::new(),
        time_zone: "Europe/Berlin".into(),
        language: language.into(),
    };
    till.save_settings(&input).unwrap();
    let device = PrinterConnection::Device { path: dir.path().join("printer.bin").display().to_string() };
    till.save_printer_setup(&PrinterSetup { connection: device, width: 42 }).unwrap();
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    Shop { dir, till, cashier }
}

impl Shop {
    fn meta(&self) -> CommandMeta {
        CommandMeta::new(self.cashier)
    }

    /// Two espressos and a croissant, paid with 10 in cash.
    fn sale(&mut self) -> i64 {
        let id = self.till.open_order(&self.meta()).unwrap().order.id;
        self.till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 2 }, &self.meta()).unwrap();
        self.till.execute(id, OrderRequest::AddItem { code: "BAK-CRO".into(), quantity: 1 }, &self.meta()).unwrap();
        self.till.execute(id, OrderRequest::ConfirmOrder { cash: "10".into(), card: String::new() }, &self.meta()).unwrap();
        id
    }

    /// What the printer has got so far, as text (the slips are Windows-1252).
    fn printed(&self) -> String {
        let bytes = std::fs::read(self.dir.path().join("printer.bin")).unwrap_or_default();
        encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned()
    }
}

#[test]
fn a_shop_printing_in_german_gets_a_german_receipt() {
    let mut s = shop("de");
    assert_eq!(s.till.settings().language, Language::De);
    let id = s.sale();
    let receipt = read::receipt(&mut s.till.reader(), id).unwrap();
    let expected = [
        "              Corner Shop               ",
        "             1 High Street              ",
        "              Springfield               ",
        "----------------------------------------",
        "Bon T1-1            03.03.2026 11:15 CET",
        "Kassierer                   Alex Cashier",
        "Kasse                                 T1",
        "----------------------------------------",
        "2 x Espresso                        4,40",
        "1 x Croissant                       1,80",
        "----------------------------------------",
        "Zwischensumme                       6,20",
        "SUMME EUR                           6,20",
        "  inkl. MwSt. 5 % auf 1,80          0,09",
        "  inkl. MwSt. 20 % auf 4,40         0,73",
        "Bar                                10,00",
        "Rückgeld                            3,80",
        "Bezahlt          03.03.2026 11:15:00 CET",
        "              Vielen Dank               ",
    ];
    let text = read::receipt_text(&receipt);
    assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{text}");

    s.till.print_receipt(id).unwrap();
    s.till.print_receipt(id).unwrap();
    let printed = s.printed();
    assert!(printed.contains("Rückgeld"), "umlauts print in the printer's code page:\n{printed}");
    assert_eq!(printed.matches("KOPIE").count(), 2, "a reprint says so at its top and bottom");
    assert!(!printed.contains("COPY"));
}

#[test]
fn a_shop_printing_in_german_gets_german_refund_slips_and_x_and_z_reports() {
    let mut s = shop("de");
    let order = s.sale();
    let refund = RefundRequest {
        till: None,
        order: Some(order),
        lines: vec![RefundedQuantity { line: 1, quantity: 1 }],
        items: Vec::new(),
        cash: "2.20".into(),
        card: String::new(),
        reason: "kalt".into(),
    };
    let number = s.till.issue_refund(&refund, &s.meta()).unwrap().number;
    s.till.print_refund(number, false).unwrap();
    let slip = s.printed();
    for words in ["RÜCKERSTATTUNG R-T1-1", "Datum", "03.03.2026 11:15 CET", &format!("Bon T1-{order}"), "ERSTATTET EUR", "Bar zurück", "Grund"] {
        assert!(slip.contains(words), "{words:?} in\n{slip}");
    }

    let manager = s.till.sign_in("9001", "9999").unwrap().id;
    s.till.print_x(manager).unwrap();
    let x = s.printed()[slip.len()..].to_string();
    for words in ["X-BERICHT  SCHICHT S-1", "Umsatz (1)", "Rückerstattungen (1)", "NETTOUMSATZ", "Wechselgeld", "ERWARTET IN DER LADE", "Kein Abschlussbericht"] {
        assert!(x.contains(words), "{words:?} in\n{x}");
    }
    assert!(x.contains("100,00"), "the float with a decimal comma:\n{x}");

    let expected = s.till.shift_report(manager).unwrap().unwrap().drawer.unwrap().expected;
    s.cashier = s.till.sign_in("1001", "1234").unwrap().id;
    s.till.close_shift(&CountRequest { amount: expected.to_string(), denominations: Vec::new() }, "", &s.meta()).unwrap();
    let z = s.till.close_day(&s.meta()).unwrap();
    s.till.print_z(z.number, false).unwrap();
    let printed = s.printed();
    let z_text = &printed[slip.len() + x.len()..];
    for words in ["Z-BERICHT  Z-1", "Tag", "03.03.2026", "Abgeschlossen", "Schicht S-1", "Kettenkopf"] {
        assert!(z_text.contains(words), "{words:?} in\n{z_text}");
    }
    assert!(z_text.contains(&format!("Lade{}stimmt", " ".repeat(42 - "Lade".len() - "stimmt".len()))), "the drawer balanced:\n{z_text}");
    assert!(!z_text.contains("REPORT") && !z_text.contains("balanced"), "{z_text}");
}

#[test]
fn the_language_is_the_shops_recorded_choice_and_english_prints_as_before() {
    let mut s = shop("DE");
    let id = s.sale();
    let path = s.dir.path().join("pos.db");
    drop(s.till);
    let mut till = Till::open(&path).unwrap();
    till.rebuild_projections().unwrap();
    assert_eq!(till.settings().language, Language::De, "rebuilt from the shop's events");
    let german = read::receipt_text(&read::receipt(&mut till.reader(), id).unwrap());
    assert!(german.contains("SUMME EUR"), "{german}");

    let english = shop("en");
    assert_eq!(english.till.settings().language, Language::En);
    assert_eq!(english.till.settings().clone().language.tag(), "en");
    let mut english = english;
    let id = english.sale();
    let text = read::receipt_text(&read::receipt(&mut english.till.reader(), id).unwrap());
    assert!(text.contains("TOTAL EUR") && text.contains("2026-03-03 11:15 CET") && text.contains("Thank you"), "{text}");

    let refused = shop("en").till.save_settings(&SettingsInput { language: "fr".into(), ..input_of(&till) }).unwrap_err();
    assert_eq!(refused.code(), "invalid_input");
}

fn input_of(till: &Till) -> SettingsInput {
    let s = till.settings();
    SettingsInput {
        shop_name: s.shop_name.clone(),
        shop_address: s.shop_address.clone(),
        currency: s.currency.clone(),
        cash_coin: String::new(),
        time_zone: s.time_zone.clone(),
        language: s.language.tag().into(),
    }
}
