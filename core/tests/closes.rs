//! The close of a till's day on a real database: the Z report after the
//! day's shifts, numbered, with its figures and the chain's head; nothing
//! taken into a closed day; a manager's reopening; the audit trail, the Z's
//! timeline, a printed Z and a rebuild.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use pos_core::printer::{PrinterConnection, PrinterSetup};
use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter, RecordKey, RecordState};
use pos_core::till::CountRequest;
use pos_core::{CommandMeta, OrderRequest, Till};
use rust_decimal_macros::dec;

mod common;

struct Shop {
    dir: tempfile::TempDir,
    till: Till,
    clock: Arc<Mutex<DateTime<Utc>>>,
    cashier: i64,
}

/// The demo shop (shift S-1 open with a float of 100.00), its clock at 9:00 on 1 December.
fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let clock = Arc::new(Mutex::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()));
    let now = clock.clone();
    till.set_clock(move || *now.lock().unwrap());
    till.sign_in("9001", "9999").unwrap();
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    Shop { dir, till, clock, cashier }
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

    fn later(&self, by: Duration) {
        *self.clock.lock().unwrap() += by;
    }

    fn sale(&mut self, code: &str, cash: &str) -> pos_core::Result<i64> {
        let id = self.till.open_order(&self.meta())?.order.id;
        self.till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &self.meta())?;
        self.till.execute(id, OrderRequest::ConfirmOrder { cash: cash.into(), card: String::new() }, &self.meta())?;
        Ok(id)
    }

    /// Closes the open shift with the drawer counted right.
    fn close_shift(&mut self) {
        let manager = self.till.sign_in("9001", "9999").unwrap().id;
        let expected = self.till.shift_report(manager).unwrap().unwrap().drawer.unwrap().expected;
        self.cashier = self.till.sign_in("1001", "1234").unwrap().id;
        self.till.close_shift(&amount(&expected.to_string()), "", &self.meta()).unwrap();
    }
}

#[test]
fn a_day_closes_by_its_z_and_takes_nothing_more_until_a_manager_reopens_it() {
    let mut s = shop();
    s.sale("COF-ESP", "5").unwrap();
    // Given a shift still open, no Z.
    assert_eq!(s.till.close_day(&s.meta()).unwrap_err().code(), "shift_still_open");
    s.close_shift();
    let head = pos_core::store::chain_head(s.till.conn()).unwrap();

    // When the day closes:
    let z = s.till.close_day(&s.meta()).unwrap();
    assert_eq!((z.number, z.terminal.as_str(), z.day.day.to_string()), (1, "T1", "2026-12-01".to_string()));
    assert_eq!(z.figures.net_sales, dec!(2.20));
    assert_eq!(z.figures.orders_confirmed, 1);
    assert_eq!(z.shifts.len(), 1);
    assert_eq!((z.shifts[0].number, z.shifts[0].variance), (1, dec!(0)));
    assert_eq!((z.head.position, z.head.hash.as_str()), (head.position, head.hash.as_str()), "the Z records the chain's head before it");
    let status = s.till.day_status().unwrap();
    assert!(status.closed && !status.shift_open);
    assert_eq!(status.latest.as_ref().map(|l| l.number()), Some(1));

    // Then nothing more is taken into the day: no shift opens, so no sale either.
    let refused = s.till.open_shift(&amount("100"), &s.meta()).unwrap_err();
    assert_eq!(refused.code(), "day_closed");
    assert!(refused.to_string().contains("2026-12-01") && refused.to_string().contains("Z-1"), "{refused}");
    assert_eq!(s.sale("COF-ESP", "5").unwrap_err().code(), "no_open_shift");
    assert_eq!(s.till.close_day(&s.meta()).unwrap_err().code(), "day_closed");

    // A cashier alone cannot reopen it; a manager can, with a reason.
    assert_eq!(s.till.reopen_day(1, "late delivery", &s.meta()).unwrap_err().code(), "manager_required");
    let approved = s.approved();
    assert_eq!(s.till.reopen_day(1, " ", &approved).unwrap_err().code(), "reason_required");
    let reopened = s.till.reopen_day(1, "late delivery", &approved).unwrap();
    assert_eq!(reopened.number, 1);
    assert!(!s.till.day_status().unwrap().closed);

    // The reopened day takes a shift and a sale, and its second Z covers the whole day.
    s.later(Duration::hours(2));
    s.till.open_shift(&amount("50"), &s.meta()).unwrap();
    s.sale("BAK-CRO", "2").unwrap();
    s.close_shift();
    let again = s.till.close_day(&s.meta()).unwrap();
    assert_eq!(again.number, 2);
    assert_eq!(again.figures.orders_confirmed, 2);
    assert_eq!(again.shifts.iter().map(|z| z.number).collect::<Vec<_>>(), vec![1, 2]);

    // The next day is open without anyone's approval.
    s.later(Duration::days(1));
    assert!(!s.till.day_status().unwrap().closed);
    s.till.open_shift(&amount("100"), &s.meta()).unwrap();

    // The audit trail shows both closes and the reopening, each opening its Z on the scrubber.
    let kinds = vec![AuditKind::DayClose, AuditKind::DayReopen];
    let entries = read::audit(&s.till.reader(), &AuditFilter { kinds, ..Default::default() }).unwrap();
    let seen: Vec<(AuditKind, String, Option<String>)> = entries.iter().map(|e| (e.kind, e.amount.to_string(), e.reason.clone())).collect();
    assert_eq!(
        seen,
        vec![
            (AuditKind::DayClose, "4.00".into(), None),
            (AuditKind::DayReopen, "0.00".into(), Some("late delivery".into())),
            (AuditKind::DayClose, "2.20".into(), None),
        ]
    );
    assert_eq!(entries[1].record, Some(RecordKey::Close { number: 1 }));
    assert!(entries[1].authorised_by_name.is_some(), "{:?}", entries[1]);
    let marks = read::record_timeline(&s.till.reader(), &RecordKey::Close { number: 1 }).unwrap();
    assert_eq!(marks.len(), 2, "closed, reopened");
    let step = read::record_at(&s.till.reader(), &RecordKey::Close { number: 1 }, 1).unwrap();
    let RecordState::Close(first) = step.state else { panic!("a Z") };
    assert!(first.reopened.is_none(), "as it stood before the reopening");
    let report = s.till.z_report(1).unwrap();
    assert_eq!(report.reopened_by_name.as_deref(), Some("Morgan Manager"));

    drop(s.till);
    common::projections_equal_a_rebuild(&s.dir.path().join("pos.db"));
}

#[test]
fn a_repeated_close_answers_its_first_z() {
    let mut s = shop();
    s.close_shift();
    let meta = s.meta();
    let first = s.till.close_day(&meta).unwrap();
    let again = s.till.close_day(&meta).unwrap();
    assert_eq!(first, again);
    assert_eq!(s.till.day_status().unwrap().latest.unwrap().number(), 1);
}

#[test]
fn a_z_prints_its_figures_and_the_chain_head_and_a_reprint_says_copy() {
    let mut s = shop();
    s.sale("COF-ESP", "5").unwrap();
    s.close_shift();
    let z = s.till.close_day(&s.meta()).unwrap();
    let out = s.dir.path().join("printer.bin");
    let device = PrinterConnection::Device { path: out.display().to_string() };
    s.till.save_printer_setup(&PrinterSetup { connection: device, width: 42 }).unwrap();
    let printed = s.till.print_z(z.number, false).unwrap();
    assert!(!printed.drawer_opened && !printed.copy);
    let bytes = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).to_string();
    assert!(bytes.contains("Z REPORT  Z-1"), "{bytes}");
    assert!(bytes.contains(&format!("#{}", z.head.position)) && bytes.contains(&z.head.hash[..32]), "{bytes}");
    assert!(bytes.contains("NET SALES") && bytes.contains("2.20"), "{bytes}");
    assert!(!bytes.contains("COPY"));
    s.till.print_z(z.number, true).unwrap();
    assert!(String::from_utf8_lossy(&std::fs::read(&out).unwrap()).contains("COPY"));
    // Without an open shift there is no X to print.
    assert_eq!(s.till.print_x(s.cashier).unwrap_err().code(), "no_open_shift");
}
