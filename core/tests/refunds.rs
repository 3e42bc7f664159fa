//! Refunds through the till on a real database: the document and the sale's
//! note of it in one transaction, the remainder across refunds, the audit
//! trail, the day report, the timelines, a repeated command and a rebuild.

use chrono::{Duration, TimeZone, Utc};
use pos_core::domain::{Event, RefundedQuantity};
use pos_core::read::{self, AuditFilter, RecordKey, RecordState};
use pos_core::till::{RefundItem, RefundRequest};
use pos_core::{CommandMeta, OrderRequest, Till};
use rust_decimal_macros::dec;

struct Shop {
    _dir: tempfile::TempDir,
    till: Till,
    cashier: i64,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let day = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    till.set_clock(move || day);
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    Shop { _dir: dir, till, cashier }
}

impl Shop {
    /// A paid sale of `items` (code, quantity), paid with `cash` and `card`.
    fn sale(&mut self, items: &[(&str, i64)], cash: &str, card: &str) -> i64 {
        let meta = CommandMeta::new(self.cashier);
        let id = self.till.open_order(&meta).unwrap().order.id;
        for (code, quantity) in items {
            let add = OrderRequest::AddItem { code: code.to_string(), quantity: *quantity };
            self.till.execute(id, add, &CommandMeta::new(self.cashier)).unwrap();
        }
        let pay = OrderRequest::ConfirmOrder { cash: cash.into(), card: card.into() };
        self.till.execute(id, pay, &CommandMeta::new(self.cashier)).unwrap();
        id
    }

    fn refund(&mut self, request: &RefundRequest) -> pos_core::Result<pos_core::domain::RefundIssued> {
        self.till.issue_refund(request, &CommandMeta::new(self.cashier))
    }
}

fn of_sale(order: i64, lines: &[(u32, u32)], cash: &str, card: &str) -> RefundRequest {
    RefundRequest {
        till: None,
        order: Some(order),
        lines: lines.iter().map(|&(line, quantity)| RefundedQuantity { line, quantity }).collect(),
        items: Vec::new(),
        cash: cash.into(),
        card: card.into(),
        reason: "faulty".into(),
    }
}

#[test]
fn a_partial_refund_then_a_second_past_the_remainder_is_refused() {
    let mut s = shop();
    // Three espressos (2.20) and a croissant (1.80): 8.40.
    let order = s.sale(&[("COF-ESP", 3), ("BAK-CRO", 1)], "10", "");
    let first = s.refund(&of_sale(order, &[(1, 2)], "4.40", "")).unwrap();
    assert_eq!((first.number, first.total, first.order), (1, dec!(4.40), Some(order)));

    // Two more espressos: one is left.
    let refusal = s.refund(&of_sale(order, &[(1, 2)], "4.40", "")).unwrap_err();
    assert_eq!(refusal.code(), "refund_past_sold");
    assert_eq!(refusal.to_string(), "Only 1 of the 3 × Espresso sold can still be refunded");
    let second = s.refund(&of_sale(order, &[(1, 1), (2, 1)], "4.00", "")).unwrap();
    assert_eq!((second.number, second.total), (2, dec!(4.00)));

    // The sale knows its refunds, and its timeline says so.
    let sale = s.till.refundable_sale(order).unwrap();
    assert_eq!(sale.lines.iter().map(|l| (l.sold, l.refunded, l.left)).collect::<Vec<_>>(), vec![(3, 3, 0), (1, 1, 0)]);
    assert_eq!(sale.refunds.iter().map(|r| r.refund).collect::<Vec<_>>(), vec![1, 2]);
    let marks = read::timeline(&mut s.till.reader(), order).unwrap();
    let summaries: Vec<&str> = marks.iter().map(|m| m.summary.as_str()).collect();
    assert!(summaries.contains(&"2 of 3 × Espresso refunded on refund R-1 (4.40)"), "{summaries:?}");

    // The refund has a timeline of its own: the document as issued.
    let key = RecordKey::Refund { number: 1 };
    let step = read::record_at(&s.till.reader(), &key, 1).unwrap();
    let RecordState::Refund(doc) = step.state else { panic!("a refund's record is the refund") };
    assert_eq!(doc, first);
    assert!(s.till.verify().unwrap().intact);
}

#[test]
fn a_refund_is_in_the_audit_trail_and_the_day_report() {
    let mut s = shop();
    let order = s.sale(&[("BRD-SOU", 2)], "5", "4.00");
    s.refund(&of_sale(order, &[(1, 1)], "0.50", "4.00")).unwrap();

    let filter = AuditFilter { kinds: vec![pos_core::projections::AuditKind::Refund], ..Default::default() };
    let entries = read::audit(&s.till.reader(), &filter).unwrap();
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!((e.amount, e.reason.as_deref(), e.record.clone()), (dec!(4.50), Some("faulty"), Some(RecordKey::Refund { number: 1 })));
    assert_eq!(e.detail, format!("Refund R-1 of order {order}: 1 item, 0.50 in cash, 4.00 to card: faulty"));
    let totals = read::audit_totals(&s.till.reader(), &filter).unwrap();
    assert_eq!(totals.amount, dec!(4.50));

    let day = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let report = read::day_report(&s.till.reader(), day, day + Duration::days(1), None).unwrap();
    let t = &report.totals;
    assert_eq!((t.gross_sales, t.refunds, t.net_sales), (dec!(9.00), dec!(4.50), dec!(4.50)));
    assert_eq!((t.refunds_issued, t.cash_refunded, t.card_refunded), (1, dec!(0.50), dec!(4.00)));
    // 5 cash taken, 0.50 back: 4.50 in the drawer; 4.00 card taken, 4.00 back.
    assert_eq!((t.cash_expected, t.card_expected), (dec!(4.50), dec!(0.00)));
    assert_eq!(report.cashiers[0].figures.refunds, dec!(4.50));

    // The projections rebuilt from the events alone say the same.
    let before = read::audit(&s.till.reader(), &AuditFilter::default()).unwrap();
    s.till.rebuild_projections().unwrap();
    assert_eq!(read::audit(&s.till.reader(), &AuditFilter::default()).unwrap(), before);
}

#[test]
fn a_repeated_refund_command_gives_back_once() {
    let mut s = shop();
    let order = s.sale(&[("TEA-ENG", 2)], "4", "");
    let meta = CommandMeta::new(s.cashier);
    let first = s.till.issue_refund(&of_sale(order, &[(1, 1)], "2", ""), &meta).unwrap();
    let again = s.till.issue_refund(&of_sale(order, &[(1, 1)], "2", ""), &meta).unwrap();
    assert_eq!(first, again);
    assert_eq!(s.till.refundable_sale(order).unwrap().lines[0].left, 1);
    let refunds = count_events(&s.till, |e| matches!(e, Event::RefundIssued(_)));
    assert_eq!(refunds, 1);
}

#[test]
fn without_a_receipt_a_manager_approves_at_todays_price() {
    let mut s = shop();
    let request = RefundRequest {
        till: None,
        order: None,
        lines: Vec::new(),
        items: vec![RefundItem { code: "BAK-MUF".into(), quantity: 2 }],
        cash: "4.80".into(),
        card: "".into(),
        reason: "gift, no receipt".into(),
    };
    assert_eq!(s.refund(&request).unwrap_err().code(), "manager_required");
    let preview = s.till.refund_preview(&request, &CommandMeta::new(s.cashier)).unwrap();
    assert_eq!(preview.total, dec!(4.80));
    assert_eq!(preview.refusal.map(|r| r.code), Some("manager_required".to_string()));
    let approval = s.till.approve("9001", "9999").unwrap();
    let meta = CommandMeta { approval: Some(approval), ..CommandMeta::new(s.cashier) };
    let issued = s.till.issue_refund(&request, &meta).unwrap();
    assert_eq!((issued.order, issued.total, issued.lines[0].line), (None, dec!(4.80), None));
    assert!(issued.authorised_by.is_some());
}

#[test]
fn the_preview_shows_the_amounts_before_the_reason_is_typed() {
    let mut s = shop();
    let order = s.sale(&[("COF-LAT", 2)], "10", "");
    let request = RefundRequest { reason: String::new(), ..of_sale(order, &[(1, 1)], "", "") };
    let preview = s.till.refund_preview(&request, &CommandMeta::new(s.cashier)).unwrap();
    assert_eq!(preview.total, dec!(3.30));
    assert_eq!(preview.refusal.map(|r| r.code), Some("reason_required".to_string()));
    let short = RefundRequest { cash: "3.00".into(), ..request };
    let preview = s.till.refund_preview(&short, &CommandMeta::new(s.cashier)).unwrap();
    assert_eq!(preview.refusal.map(|r| r.code), Some("refund_tender_mismatch".to_string()));
    // An open order is no sale to refund.
    let open = s.till.open_order(&CommandMeta::new(s.cashier)).unwrap().order.id;
    assert_eq!(s.till.refundable_sale(open).unwrap_err().code(), "order_not_refundable");
}

fn count_events(till: &Till, f: impl Fn(&Event) -> bool) -> usize {
    let mut n = 0;
    pos_core::store::read_all(till.conn(), |r| {
        n += usize::from(f(&r.event));
        Ok(())
    })
    .unwrap();
    n
}

#[test]
fn a_refund_slip_prints_with_the_drawer_kick_and_a_reprint_says_copy() {
    use pos_core::printer::{PrinterConnection, PrinterSetup};
    let mut s = shop();
    let device = s._dir.path().join("printer.bin");
    let setup = PrinterSetup { connection: PrinterConnection::Device { path: device.display().to_string() }, width: 42 };
    s.till.save_printer_setup(&setup).unwrap();
    let order = s.sale(&[("COF-CAP", 2)], "10", "");
    let refund = s.refund(&of_sale(order, &[(1, 1)], "3.10", "")).unwrap();

    let first = s.till.print_refund(refund.number, false).unwrap();
    assert!(first.drawer_opened && !first.copy);
    let bytes = std::fs::read(&device).unwrap();
    let slip = String::from_utf8_lossy(&bytes).to_string();
    assert!(slip.contains("REFUND R-T1-1"), "{slip}");
    assert!(slip.contains(&format!("order T1-{order}")) && slip.contains("1 x Cappuccino") && slip.contains("Reason"), "{slip}");
    assert!(slip.contains("\u{1b}p"), "the drawer kick");

    let printed = bytes.len();
    let copy = s.till.print_refund(refund.number, true).unwrap();
    assert!(copy.copy && !copy.drawer_opened);
    let again = String::from_utf8_lossy(&std::fs::read(&device).unwrap()[printed..]).to_string();
    assert!(again.contains("COPY") && !again.contains("\u{1b}p"), "{again}");
    assert_eq!(s.till.print_refund(99, false).unwrap_err().code(), "not_found");
}
