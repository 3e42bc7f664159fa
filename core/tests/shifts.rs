//! The cash drawer through the till on a real database: a shift's float,
//! the sales and refunds taken into it, cash moves, a no-sale, the blind
//! close and its variance; nothing taken without an open shift; the audit
//! trail, the record's timeline and a rebuild.

use chrono::{TimeZone, Utc};
use pos_core::domain::{CashMoveKind, DenominationCount, RefundedQuantity};
use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter, RecordKey, RecordState};
use pos_core::till::{CountRequest, RefundRequest};
use pos_core::{CommandMeta, OrderRequest, Till};
use rust_decimal_macros::dec;

mod common;

struct Shop {
    dir: tempfile::TempDir,
    till: Till,
    cashier: i64,
    manager: i64,
}

/// The demo shop: shift S-1 open on T1 with a float of 100.00.
fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let day = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    till.set_clock(move || day);
    let manager = till.sign_in("9001", "9999").unwrap().id;
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    Shop { dir, till, cashier, manager }
}

fn amount(a: &str) -> CountRequest {
    CountRequest { amount: a.into(), denominations: Vec::new() }
}

impl Shop {
    fn meta(&self) -> CommandMeta {
        CommandMeta::new(self.cashier)
    }

    fn approved(&mut self) -> CommandMeta {
        let approval = self.till.approve("9001", "9999").unwrap();
        CommandMeta { approval: Some(approval), ..self.meta() }
    }

    fn sale(&mut self, code: &str, cash: &str, card: &str) -> pos_core::Result<i64> {
        let id = self.till.open_order(&self.meta())?.order.id;
        self.till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &self.meta())?;
        self.till.execute(id, OrderRequest::ConfirmOrder { cash: cash.into(), card: card.into() }, &self.meta())?;
        Ok(id)
    }

    fn expected(&mut self) -> rust_decimal::Decimal {
        let report = self.till.shift_report(self.manager).unwrap().expect("a shift is open");
        report.drawer.expect("a manager sees the drawer").expected
    }
}

#[test]
fn a_shift_takes_sales_refunds_and_moves_and_closes_balanced() {
    let mut s = shop();
    // Given the demo float of 100.00, a cash sale of an espresso (2.20, 5.00 tendered) and a card sale.
    let cash_sale = s.sale("COF-ESP", "5", "").unwrap();
    s.sale("BAK-CRO", "", "1.80").unwrap();
    // A cash refund, a drop to the safe, a pay-in and a pay-out.
    let refund = RefundRequest {
        till: None,
        order: Some(cash_sale),
        lines: vec![RefundedQuantity { line: 1, quantity: 1 }],
        items: Vec::new(),
        cash: "2.20".into(),
        card: String::new(),
        reason: "cold".into(),
    };
    s.till.issue_refund(&refund, &s.meta()).unwrap();
    s.till.move_cash(CashMoveKind::Drop, "40", "to the safe", &s.meta()).unwrap();
    s.till.move_cash(CashMoveKind::PayIn, "10", "coins from the bank", &s.meta()).unwrap();
    s.till.move_cash(CashMoveKind::PayOut, "7.50", "window cleaner", &s.meta()).unwrap();
    let no_sale = s.till.no_sale("change for the bus", &s.meta()).unwrap();
    assert!(no_sale.print.is_none() && no_sale.problem.is_none(), "no printer: the no-sale is recorded alone");

    // Then the X report: the cashier counts blind, a manager sees the drawer.
    let blind = s.till.shift_report(s.cashier).unwrap().unwrap();
    assert_eq!((blind.shift.number, blind.drawer), (1, None));
    assert_eq!((blind.figures.orders_confirmed, blind.figures.refunds, blind.shift.no_sales), (2, dec!(2.20), 1));
    let report = s.till.shift_report(s.manager).unwrap().unwrap();
    let drawer = report.drawer.unwrap();
    assert_eq!((drawer.float, drawer.sales, drawer.given_back), (dec!(100.00), dec!(2.20), dec!(2.20)));
    assert_eq!(drawer.expected, dec!(62.50), "100 + 2.20 − 2.20 + 10 − 7.50 − 40");

    // When the drawer is counted exactly, the shift closes balanced with no one's approval.
    let closed = s.till.close_shift(&amount("62.50"), "", &s.meta()).unwrap();
    assert_eq!((closed.counted, closed.variance, closed.authorised_by), (dec!(62.50), dec!(0), None));

    // And nothing is taken without an open shift.
    assert_eq!(s.sale("COF-ESP", "5", "").unwrap_err().code(), "no_open_shift");
    assert_eq!(s.till.issue_refund(&refund, &s.meta()).unwrap_err().code(), "no_open_shift");
    assert_eq!(s.till.move_cash(CashMoveKind::PayIn, "1", "x", &s.meta()).unwrap_err().code(), "no_open_shift");
    assert!(s.till.shift_report(s.cashier).unwrap().is_none());

    // The audit trail lists each act on the drawer, with its amount and reason.
    let kinds = vec![AuditKind::CashMove, AuditKind::NoSale, AuditKind::ShiftClose];
    let entries = read::audit(&s.till.reader(), &AuditFilter { kinds, ..Default::default() }).unwrap();
    let seen: Vec<(AuditKind, String, Option<String>)> = entries.iter().map(|e| (e.kind, e.amount.to_string(), e.reason.clone())).collect();
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.contains(&(AuditKind::CashMove, "7.50".into(), Some("window cleaner".into()))), "{seen:?}");
    assert!(entries.iter().all(|e| e.record == Some(RecordKey::Shift { number: 1 })), "each opens the shift on the scrubber");

    // The shift is a record with a timeline of its own.
    let marks = read::record_timeline(&s.till.reader(), &RecordKey::Shift { number: 1 }).unwrap();
    assert_eq!(marks.len(), 6, "opened, three moves, a no-sale, closed");
    let step = read::record_at(&s.till.reader(), &RecordKey::Shift { number: 1 }, 6).unwrap();
    let RecordState::Shift(shift) = step.state else { panic!("a shift") };
    assert_eq!(shift.closed.unwrap().drawer.expected, dec!(62.50));

    // A new shift opens with a float counted by denomination.
    let float = CountRequest { amount: String::new(), denominations: vec![DenominationCount { value: dec!(10), pieces: 5 }] };
    let next = s.till.open_shift(&float, &s.meta()).unwrap();
    assert_eq!((next.number, next.float), (2, dec!(50.00)));
    assert_eq!(s.expected(), dec!(50.00), "a new shift starts from its own float only");

    // The day report sets each shift's cash expected against its count.
    let day = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let report = read::day_report(&s.till.reader(), day, day + chrono::Duration::days(1), Some("T1")).unwrap();
    let shifts: Vec<_> = report.shifts.iter().map(|d| (d.number, d.closed.as_ref().map(|c| (c.drawer.expected, c.counted)))).collect();
    assert_eq!(shifts, vec![(1, Some((dec!(62.50), dec!(62.50)))), (2, None)]);
    assert_eq!(report.shifts[0].closed_by_name.as_deref(), Some("Alex Cashier"));
    drop(s.till);
    common::projections_equal_a_rebuild(&s.dir.path().join("pos.db"));
}

#[test]
fn a_variance_past_the_limit_needs_a_manager_and_a_reason() {
    let mut s = shop();
    s.sale("COF-ESP", "2.20", "").unwrap();
    assert_eq!(s.expected(), dec!(102.20));
    // Counted 90.00: short by 12.20, more than the 5.00 the policy lets pass.
    let refused = s.till.close_shift(&amount("90"), "", &s.meta()).unwrap_err();
    assert_eq!(refused.code(), "manager_required");
    assert_eq!(refused.to_string(), "A drawer short by 12.20 (more than 5.00) needs a manager");
    let meta = s.approved();
    assert_eq!(s.till.close_shift(&amount("90"), "", &meta).unwrap_err().code(), "reason_required");
    let closed = s.till.close_shift(&amount("90"), "a 20 note missing", &meta).unwrap();
    assert_eq!((closed.variance, closed.authorised_by), (dec!(-12.20), Some(s.manager)));
    // The same command again answers the close it made.
    let again = s.till.close_shift(&amount("90"), "a 20 note missing", &meta).unwrap();
    assert_eq!(again, closed);
    let filter = AuditFilter { kinds: vec![AuditKind::ShiftClose], ..Default::default() };
    let entry = read::audit(&s.till.reader(), &filter).unwrap().remove(0);
    assert_eq!((entry.amount, entry.authorised_by, entry.reason.as_deref()), (dec!(12.20), Some(s.manager), Some("a 20 note missing")));
}

#[test]
fn cash_never_leaves_a_drawer_that_does_not_hold_it() {
    let mut s = shop();
    let sale = s.sale("COF-ESP", "", "2.20").unwrap();
    let meta = s.approved();
    s.till.move_cash(CashMoveKind::Drop, "99", "to the safe", &meta).unwrap();
    // One euro left in the drawer: a 2.20 cash refund cannot be paid from it, but to the card it can.
    let mut refund = RefundRequest {
        till: None,
        order: Some(sale),
        lines: vec![RefundedQuantity { line: 1, quantity: 1 }],
        items: Vec::new(),
        cash: "2.20".into(),
        card: String::new(),
        reason: "spilt".into(),
    };
    let short = s.till.issue_refund(&refund, &s.meta()).unwrap_err();
    assert_eq!((short.code(), short.to_string().as_str()), ("drawer_short", "The drawer should hold only 1.00; 2.20 cannot come out of it"));
    (refund.cash, refund.card) = (String::new(), "2.20".into());
    s.till.issue_refund(&refund, &s.meta()).unwrap();
    assert_eq!(s.till.move_cash(CashMoveKind::PayOut, "1.01", "milk", &s.meta()).unwrap_err().code(), "drawer_short");
    // Over the cashier's limit (50.00) a move needs a manager.
    assert_eq!(s.till.move_cash(CashMoveKind::PayIn, "60", "bank", &s.meta()).unwrap_err().code(), "manager_required");
}

#[test]
fn one_shift_at_a_time_and_a_repeated_open_is_the_first() {
    let mut s = shop();
    assert_eq!(s.till.open_shift(&amount("50"), &s.meta()).unwrap_err().code(), "shift_already_open");
    s.till.close_shift(&amount("100"), "", &s.meta()).unwrap();
    let meta = s.meta();
    let first = s.till.open_shift(&amount("80"), &meta).unwrap();
    assert_eq!(s.till.open_shift(&amount("80"), &meta).unwrap(), first, "the same command id: the same shift");
    assert!(s.till.shift_open().unwrap());
}

#[test]
fn a_no_sale_kicks_the_drawer_through_the_printer() {
    let mut s = shop();
    let device = s.dir.path().join("printer.bin");
    let setup = pos_core::printer::PrinterSetup {
        connection: pos_core::printer::PrinterConnection::Device { path: device.display().to_string() },
        width: 42,
    };
    s.till.save_printer_setup(&setup).unwrap();
    let out = s.till.no_sale("customer wanted change", &s.meta()).unwrap();
    assert!(out.print.unwrap().drawer_opened);
    let bytes = std::fs::read(&device).unwrap();
    assert_eq!(bytes, pos_core::printer::drawer_kick_bytes(42).unwrap());
    assert!(bytes.windows(2).any(|w| w == [0x1b, 0x70]), "ESC p: the drawer kick");
    assert!(!bytes.windows(2).any(|w| w == [0x1d, 0x56]), "no paper cut for a no-sale");
}
