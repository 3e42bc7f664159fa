//! given(a till's shift and its newest Z).when(closing or reopening the day).then(what it records | why not)

use super::*;
use crate::domain::command::{Approver, Role};
use crate::domain::policy::Policy;
use crate::domain::shift::{evolve_shift, open_shift, Count};
use crate::domain::Event;
use chrono::{Duration, TimeZone};
use rust_decimal_macros::dec;

const CASHIER: StaffId = 1;
const MANAGER: StaffId = 2;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap()
}

fn ctx() -> Ctx {
    Ctx { now: now(), actor: CASHIER, actor_role: Role::Cashier, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None }
}

fn approved() -> Ctx {
    Ctx { approver: Some(Approver { staff: MANAGER, role: Role::Manager }), ..ctx() }
}

fn today() -> TillDay {
    let from = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    TillDay { day: from.date_naive(), from, to: from + Duration::days(1) }
}

fn facts(day: TillDay) -> DayFacts {
    let figures = DayFigures { orders_confirmed: 3, net_sales: dec!(42.50), ..DayFigures::default() };
    let shifts = vec![
        ZShift { number: 1, expected: dec!(142.50), counted: dec!(140.00), variance: dec!(-2.50) },
        ZShift { number: 2, expected: dec!(100.00), counted: dec!(101.00), variance: dec!(1.00) },
    ];
    DayFacts { day, figures, shifts, head: ChainPoint { position: 41, hash: "ab".repeat(32) } }
}

fn shift(open: bool) -> Shift {
    let opened = open_shift(None, 2, "T1", Count { amount: Some(dec!(100)), denominations: vec![] }, &ctx()).unwrap();
    let mut s = evolve_shift(None, &Event::ShiftOpened(opened)).unwrap();
    if !open {
        s.closed = Some(crate::domain::ShiftClosed {
            shift: 2,
            cashier: CASHIER,
            drawer: s.drawer(Default::default()),
            counted: dec!(100),
            denominations: vec![],
            variance: dec!(0),
            reason: None,
            authorised_by: None,
            closed_at: now(),
        });
    }
    s
}

fn closed(number: ZNumber) -> DayClose {
    let e = close_day(None, Some(&shift(false)), number, "T1", facts(today()), &ctx()).unwrap();
    evolve_close(None, &Event::DayClosed(e)).unwrap()
}

#[test]
fn given_every_shift_closed_when_closing_the_day_then_the_z_records_its_figures_shifts_and_chain_head() {
    let z = close_day(None, Some(&shift(false)), 3, "T1", facts(today()), &ctx()).unwrap();
    assert_eq!(z.number, 3);
    assert_eq!(z.terminal, "T1");
    assert_eq!(z.day, today());
    assert_eq!(z.figures.net_sales, dec!(42.50));
    assert_eq!(z.shifts.len(), 2);
    assert_eq!(z.variance, dec!(-1.50), "the shifts' variances summed");
    assert_eq!(z.head.position, 41);
    assert_eq!((z.closed_by, z.closed_at), (CASHIER, now()));
}

#[test]
fn given_a_shift_still_open_when_closing_the_day_then_it_is_refused() {
    let err = close_day(None, Some(&shift(true)), 1, "T1", facts(today()), &ctx()).unwrap_err();
    assert_eq!(err, OrderError::ShiftStillOpen(2));
    assert_eq!(err.code(), "shift_still_open");
}

#[test]
fn given_no_shift_ever_when_closing_the_day_then_an_empty_day_closes() {
    let empty = DayFacts { figures: DayFigures::default(), shifts: vec![], ..facts(today()) };
    let z = close_day(None, None, 1, "T1", empty, &ctx()).unwrap();
    assert_eq!(z.variance, dec!(0));
}

#[test]
fn given_the_day_closed_when_closing_it_again_then_it_is_refused() {
    let err = close_day(Some(&closed(1)), Some(&shift(false)), 2, "T1", facts(today()), &ctx()).unwrap_err();
    assert_eq!(err, OrderError::DayClosed { day: today().day, z: 1 });
    assert_eq!(err.code(), "day_closed");
}

#[test]
fn given_a_day_that_is_not_today_when_closing_it_then_it_is_refused() {
    let mut yesterday = today();
    yesterday.day = yesterday.day.pred_opt().unwrap();
    yesterday.from -= Duration::days(1);
    yesterday.to -= Duration::days(1);
    let err = close_day(None, None, 1, "T1", facts(yesterday), &ctx()).unwrap_err();
    assert_eq!(err.code(), "day_not_today");
}

#[test]
fn given_a_closed_day_when_anything_is_taken_into_it_then_it_is_refused_and_the_next_day_is_open() {
    let z = closed(1);
    assert_eq!(require_day_open(Some(&z), today().day), Err(OrderError::DayClosed { day: today().day, z: 1 }));
    let earlier = today().day.pred_opt().unwrap();
    assert!(require_day_open(Some(&z), earlier).is_err(), "a clock set back into a closed day takes nothing either");
    assert_eq!(require_day_open(Some(&z), today().day.succ_opt().unwrap()), Ok(()));
    assert_eq!(require_day_open(None, today().day), Ok(()));
}

#[test]
fn given_a_closed_day_when_a_cashier_reopens_it_then_a_manager_and_a_reason_are_needed() {
    let z = closed(1);
    let err = reopen_day(&z, "forgot a sale".into(), &ctx()).unwrap_err();
    assert_eq!(err.code(), "manager_required");
    let err = reopen_day(&z, "  ".into(), &approved()).unwrap_err();
    assert_eq!(err.code(), "reason_required");
    let reopened = reopen_day(&z, "forgot a sale".into(), &approved()).unwrap();
    assert_eq!((reopened.number, reopened.day, reopened.authorised_by, reopened.cashier), (1, today().day, MANAGER, CASHIER));
}

#[test]
fn given_a_reopened_day_when_taking_into_it_then_it_is_open_and_it_cannot_be_reopened_twice() {
    let z = closed(1);
    let reopened = reopen_day(&z, "late delivery".into(), &approved()).unwrap();
    let z = evolve_close(Some(z), &Event::DayReopened(reopened)).unwrap();
    assert!(!z.closes(today().day));
    assert_eq!(require_day_open(Some(&z), today().day), Ok(()));
    assert_eq!(reopen_day(&z, "again".into(), &approved()).unwrap_err().code(), "day_already_reopened");
    let again = close_day(Some(&z), None, 2, "T1", facts(today()), &ctx()).unwrap();
    assert_eq!(again.number, 2, "a second Z of the same day takes a number of its own");
}

#[test]
fn given_a_manager_when_reopening_then_no_one_else_approves() {
    let manager = Ctx { actor: MANAGER, actor_role: Role::Manager, ..ctx() };
    let reopened = reopen_day(&closed(1), "till counted twice".into(), &manager).unwrap();
    assert_eq!(reopened.authorised_by, MANAGER);
}
