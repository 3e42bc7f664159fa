//! given(a shift's events).when(a drawer command).then(what it records | why not)

use super::*;
use crate::domain::command::{Approver, Role};
use crate::domain::policy::Policy;
use crate::domain::Event;
use chrono::TimeZone;
use rust_decimal_macros::dec;

const CASHIER: StaffId = 1;
const MANAGER: StaffId = 2;

fn ctx() -> Ctx {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    Ctx { now, actor: CASHIER, actor_role: Role::Cashier, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None }
}

fn approved() -> Ctx {
    Ctx { approver: Some(Approver { staff: MANAGER, role: Role::Manager }), ..ctx() }
}

fn amount(a: Decimal) -> Count {
    Count { amount: Some(a), denominations: Vec::new() }
}

fn given(events: &[Event]) -> Option<Shift> {
    events.iter().fold(None, evolve_shift)
}

fn opened(float: Decimal) -> Event {
    Event::ShiftOpened(open_shift(None, 1, "T1", amount(float), &ctx()).unwrap())
}

fn moved(kind: CashMoveKind, a: Decimal) -> Event {
    let shift = given(&[opened(dec!(100))]);
    let drawer = shift.as_ref().unwrap().drawer(SalesCash::default());
    Event::CashMoved(move_cash(shift.as_ref(), &drawer, kind, a, "why".into(), &ctx()).unwrap())
}

#[test]
fn a_shift_opens_with_its_float_counted_by_denomination() {
    let count = Count {
        amount: None,
        denominations: vec![
            DenominationCount { value: dec!(20), pieces: 3 },
            DenominationCount { value: dec!(0.50), pieces: 10 },
            DenominationCount { value: dec!(5), pieces: 0 },
        ],
    };
    let e = open_shift(None, 4, "T2", count, &ctx()).unwrap();
    assert_eq!((e.number, e.terminal.as_str(), e.float, e.cashier), (4, "T2", dec!(65.00), CASHIER));
    assert_eq!(e.denominations.len(), 2, "pieces of nothing are not recorded");
}

#[test]
fn a_count_whose_pieces_disagree_with_the_amount_is_refused() {
    let count = Count { amount: Some(dec!(60)), denominations: vec![DenominationCount { value: dec!(20), pieces: 2 }] };
    assert_eq!(open_shift(None, 1, "T1", count, &ctx()).unwrap_err(), OrderError::CountMismatch { typed: dec!(60), pieces: dec!(40) });
    assert_eq!(open_shift(None, 1, "T1", Count::default(), &ctx()).unwrap_err(), OrderError::CountRequired);
    let odd = Count { amount: None, denominations: vec![DenominationCount { value: dec!(0.001), pieces: 1 }] };
    assert_eq!(open_shift(None, 1, "T1", odd, &ctx()).unwrap_err().code(), "bad_count");
}

#[test]
fn a_till_has_one_open_shift_at_a_time() {
    let open = given(&[opened(dec!(100))]);
    assert_eq!(open_shift(open.as_ref(), 2, "T1", amount(dec!(50)), &ctx()).unwrap_err(), OrderError::ShiftAlreadyOpen(1));
}

#[test]
fn nothing_moves_cash_without_an_open_shift() {
    let drawer = DrawerCash::default();
    assert_eq!(require_open(None).unwrap_err(), OrderError::NoOpenShift);
    assert_eq!(move_cash(None, &drawer, CashMoveKind::PayIn, dec!(5), "x".into(), &ctx()).unwrap_err(), OrderError::NoOpenShift);
    assert_eq!(open_drawer(None, "x".into(), &ctx()).unwrap_err(), OrderError::NoOpenShift);
    assert_eq!(close_shift(None, drawer, amount(dec!(0)), String::new(), &ctx()).unwrap_err(), OrderError::NoOpenShift);
}

#[test]
fn the_drawer_expects_float_plus_sales_and_moves() {
    let shift = given(&[opened(dec!(100)), moved(CashMoveKind::Drop, dec!(40)), moved(CashMoveKind::PayIn, dec!(10)), moved(CashMoveKind::PayOut, dec!(12.50))]).unwrap();
    let drawer = shift.drawer(SalesCash { taken: dec!(80.25), given_back: dec!(4.40) });
    assert_eq!(drawer.expected, dec!(133.35), "100 + 80.25 − 4.40 + 10 − 12.50 − 40");
    assert_eq!((shift.cash_moves, shift.drops, shift.pay_outs, shift.pay_ins), (3, dec!(40), dec!(12.50), dec!(10)));
}

#[test]
fn a_cash_move_needs_a_reason_and_a_manager_over_the_limit() {
    let shift = given(&[opened(dec!(200))]);
    let drawer = shift.as_ref().unwrap().drawer(SalesCash::default());
    let mv = |a, reason: &str, c: &Ctx| move_cash(shift.as_ref(), &drawer, CashMoveKind::Drop, a, reason.into(), c);
    assert_eq!(mv(dec!(10), " ", &ctx()).unwrap_err(), OrderError::ReasonRequired);
    assert_eq!(mv(dec!(0), "safe", &ctx()).unwrap_err(), OrderError::CashNotPositive);
    assert_eq!(mv(dec!(50), "safe", &ctx()).unwrap().authorised_by, None, "the limit itself needs no one");
    assert_eq!(mv(dec!(50.01), "safe", &ctx()).unwrap_err().code(), "manager_required");
    assert_eq!(mv(dec!(150), "safe", &approved()).unwrap().authorised_by, Some(MANAGER));
}

#[test]
fn no_more_cash_comes_out_than_the_drawer_should_hold() {
    let shift = given(&[opened(dec!(30))]);
    let drawer = shift.as_ref().unwrap().drawer(SalesCash { taken: dec!(5), given_back: Decimal::ZERO });
    let err = move_cash(shift.as_ref(), &drawer, CashMoveKind::PayOut, dec!(35.01), "milk".into(), &approved()).unwrap_err();
    assert_eq!(err, OrderError::DrawerShort { wanted: dec!(35.01), held: dec!(35) });
    assert!(move_cash(shift.as_ref(), &drawer, CashMoveKind::PayIn, dec!(500), "bank".into(), &approved()).is_ok(), "money in is never short");
    assert_eq!(require_cash(&drawer, dec!(35)), Ok(()));
}

#[test]
fn a_no_sale_records_why_the_drawer_opened() {
    let shift = given(&[opened(dec!(100))]);
    assert_eq!(open_drawer(shift.as_ref(), "".into(), &ctx()).unwrap_err(), OrderError::ReasonRequired);
    let e = open_drawer(shift.as_ref(), "change for the bus".into(), &ctx()).unwrap();
    let after = evolve_shift(shift, &Event::DrawerOpened(e));
    assert_eq!(after.unwrap().no_sales, 1);
}

#[test]
fn a_close_within_the_limit_needs_no_one() {
    let shift = given(&[opened(dec!(100))]);
    let drawer = shift.as_ref().unwrap().drawer(SalesCash { taken: dec!(20), given_back: Decimal::ZERO });
    let closed = close_shift(shift.as_ref(), drawer, amount(dec!(115)), String::new(), &ctx()).unwrap();
    assert_eq!((closed.counted, closed.variance, closed.reason.clone(), closed.authorised_by), (dec!(115), dec!(-5), None, None));
    let after = evolve_shift(shift, &Event::ShiftClosed(closed)).unwrap();
    assert!(!after.is_open());
    assert_eq!(require_open(Some(&after)).unwrap_err(), OrderError::NoOpenShift, "a closed shift takes nothing more");
}

#[test]
fn a_variance_over_the_limit_needs_a_manager_and_a_reason() {
    let shift = given(&[opened(dec!(100))]);
    let drawer = shift.as_ref().unwrap().drawer(SalesCash::default());
    let close = |reason: &str, c: &Ctx| close_shift(shift.as_ref(), drawer, amount(dec!(94.99)), reason.into(), c);
    assert_eq!(close("", &ctx()).unwrap_err().to_string(), "A drawer short by 5.01 (more than 5.00) needs a manager");
    assert_eq!(close("", &approved()).unwrap_err().to_string(), "A drawer short by 5.01 (more than 5.00) needs a reason");
    let closed = close("a 5 note given as a 10", &approved()).unwrap();
    assert_eq!((closed.variance, closed.authorised_by), (dec!(-5.01), Some(MANAGER)));
    let manager = Ctx { actor: MANAGER, actor_role: Role::Manager, ..ctx() };
    assert_eq!(close("", &manager).unwrap_err().code(), "reason_required", "a manager closing still says why");
    assert_eq!(close("miscount", &manager).unwrap().authorised_by, Some(MANAGER));
}

#[test]
fn the_drawers_figures_survive_replay() {
    let events = [opened(dec!(100)), moved(CashMoveKind::Drop, dec!(40))];
    let shift = given(&events).unwrap();
    let json: Vec<String> = events.iter().map(|e| e.payload_json().unwrap()).collect();
    let back: Vec<Event> = events.iter().zip(&json).map(|(e, j)| Event::from_payload(e.kind(), j.as_bytes()).unwrap()).collect();
    assert_eq!(given(&back), Some(shift));
}

#[test]
fn a_variance_reads_as_balanced_short_or_over_by_a_positive_amount() {
    // Given counted − expected, when it is read, then its sign says which way and the amount is positive
    assert_eq!(Variance::of(dec!(0.00)), Variance::Balanced);
    assert_eq!(Variance::of(dec!(-2.50)), Variance::Short(dec!(2.50)));
    assert_eq!(Variance::of(dec!(0.40)), Variance::Over(dec!(0.40)));
    assert_eq!(Variance::of(dec!(-0.001)).by(), dec!(0.001));
    assert_eq!(Variance::Balanced.by(), Decimal::ZERO);
}
