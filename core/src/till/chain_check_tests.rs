//! The chain check at start: what is new at once, the whole chain behind.

use std::time::{Duration, Instant};

use super::*;
use crate::demo::{CASHIER_CODE, CASHIER_PIN};
use crate::till::tests::{temp_till, TempTill};
use crate::till::{CommandMeta, OrderRequest, Till};

/// A till with one order of `lines` lines, closed and opened again (a new start).
fn till_with_an_order(lines: usize) -> (TempTill, i64) {
    let TempTill { mut till, dir } = temp_till();
    let actor = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for _ in 0..lines {
        till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(actor)).unwrap();
    }
    (TempTill { till, dir }, id)
}

fn restart(t: TempTill) -> TempTill {
    let TempTill { till, dir } = t;
    drop(till);
    TempTill { till: Till::open(&dir.path().join("pos.db")).unwrap(), dir }
}

fn add_line(till: &mut Till, order: i64) {
    let actor = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    till.execute(order, OrderRequest::AddItem { code: "COF-LAT".into(), quantity: 1 }, &CommandMeta::new(actor)).unwrap();
}

/// The status once the background walk has answered.
fn settled(till: &mut Till) -> VerifyReport {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let chain = till.status().unwrap().chain;
        if chain.from == 1 || !chain.intact || Instant::now() > deadline {
            return chain;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn head(till: &Till) -> i64 {
    till.conn().query_row("SELECT max(position) FROM events", [], |r| r.get(0)).unwrap()
}

fn tamper(till: &Till, position: i64) {
    let c = till.conn();
    c.execute_batch("DROP TRIGGER IF EXISTS events_no_update;").unwrap();
    c.execute("UPDATE events SET payload = replace(payload, 'COF', 'XOF') WHERE position = ?1", [position]).unwrap();
}

#[test]
fn given_no_whole_walk_yet_when_the_till_first_looks_then_it_walks_the_whole_chain_and_keeps_where_it_ended() {
    let (TempTill { mut till, dir: _dir }, _) = till_with_an_order(3);
    let chain = till.status().unwrap().chain;
    assert!(chain.intact);
    assert_eq!((chain.from, chain.events), (1, head(&till)));
    assert_eq!(store::load_checked(till.conn()).unwrap().position, head(&till));
}

#[test]
fn given_a_kept_whole_walk_when_the_till_starts_again_then_it_walks_only_the_new_events_first_and_the_whole_chain_behind() {
    let (mut t, order) = till_with_an_order(3);
    t.till.status().unwrap();
    let checked = head(&t.till);
    add_line(&mut t.till, order);
    add_line(&mut t.till, order);
    let mut t = restart(t);
    // The first look (the whole walk may already have answered status).
    let quick = store::verify_since(t.till.conn(), &store::load_checked(t.till.conn()).unwrap()).unwrap();
    assert!(quick.intact);
    assert_eq!((quick.from, quick.events), (checked + 1, head(&t.till)), "only the events after the kept point");
    let whole = settled(&mut t.till);
    assert!(whole.intact);
    assert_eq!(whole.from, 1);
    assert_eq!(store::load_checked(t.till.conn()).unwrap().position, head(&t.till), "the whole walk's end is kept");
}

#[test]
fn given_an_event_changed_after_the_kept_point_when_the_till_starts_then_the_first_look_names_it() {
    let (mut t, order) = till_with_an_order(2);
    t.till.status().unwrap();
    add_line(&mut t.till, order);
    let changed = head(&t.till);
    add_line(&mut t.till, order);
    let t = restart(t);
    tamper(&t.till, changed);
    let TempTill { mut till, dir: _dir } = t;
    let chain = till.status().unwrap().chain;
    assert!(!chain.intact);
    assert_eq!(chain.breach.unwrap().position, changed);
}

#[test]
fn given_an_event_changed_before_the_kept_point_when_the_till_starts_then_the_background_walk_names_it() {
    let (mut t, order) = till_with_an_order(3);
    let first_line = head(&t.till) - 2;
    t.till.status().unwrap();
    add_line(&mut t.till, order);
    let t = restart(t);
    tamper(&t.till, first_line);
    let TempTill { mut till, dir: _dir } = t;
    let quick = store::verify_since(till.conn(), &store::load_checked(till.conn()).unwrap()).unwrap();
    assert!(quick.intact && quick.from > 1, "the first look reads only what is new: {quick:?}");
    let whole = settled(&mut till);
    assert!(!whole.intact);
    assert_eq!(whole.breach.unwrap().position, first_line);
    assert!(!till.status().unwrap().chain.intact, "a break stays reported");
}

#[test]
fn given_the_kept_point_rewritten_when_the_till_starts_then_it_walks_the_whole_chain_at_once() {
    let (mut t, _) = till_with_an_order(3);
    t.till.status().unwrap();
    let kept = head(&t.till);
    let t = restart(t);
    let c = t.till.conn();
    c.execute_batch("DROP TRIGGER IF EXISTS events_no_update;").unwrap();
    c.execute("UPDATE events SET hash = zeroblob(32) WHERE position = ?1", [kept]).unwrap();
    let TempTill { mut till, dir: _dir } = t;
    let chain = till.status().unwrap().chain;
    assert_eq!(chain.from, 1);
    assert_eq!(chain.breach.unwrap().position, kept);
}

#[test]
fn given_a_version_skipped_across_the_kept_point_when_the_till_starts_then_the_first_look_finds_it() {
    let (mut t, order) = till_with_an_order(2);
    t.till.status().unwrap();
    add_line(&mut t.till, order);
    let newest = head(&t.till);
    let t = restart(t);
    let c = t.till.conn();
    c.execute_batch("DROP TRIGGER IF EXISTS events_no_update;").unwrap();
    c.execute("UPDATE events SET version = version + 1 WHERE position = ?1", [newest]).unwrap();
    let TempTill { mut till, dir: _dir } = t;
    let chain = till.status().unwrap().chain;
    assert!(!chain.intact);
    let breach = chain.breach.unwrap();
    assert_eq!(breach.position, newest);
}

#[test]
fn given_no_whole_walk_yet_and_a_long_chain_when_the_till_first_looks_then_it_walks_only_the_newest_events_and_the_whole_chain_behind() {
    let (TempTill { mut till, dir: _dir }, _) = till_with_an_order(6);
    till.chain_check = ChainCheck::walking_at_first(4);
    let quick = till.status().unwrap().chain;
    assert!(quick.intact);
    assert_eq!((quick.from, quick.events), (head(&till) - 3, head(&till)), "only the newest four");
    let whole = settled(&mut till);
    assert!(whole.intact);
    assert_eq!(whole.from, 1);
    assert_eq!(store::load_checked(till.conn()).unwrap().position, head(&till), "the whole walk's end is kept");
}

#[test]
fn given_many_events_since_the_kept_point_when_the_till_starts_then_the_first_look_walks_only_the_newest() {
    let (mut t, order) = till_with_an_order(1);
    t.till.status().unwrap();
    for _ in 0..5 {
        add_line(&mut t.till, order);
    }
    let mut t = restart(t);
    t.till.chain_check = ChainCheck::walking_at_first(2);
    let quick = t.till.status().unwrap().chain;
    assert!(quick.intact);
    assert_eq!((quick.from, quick.events), (head(&t.till) - 1, head(&t.till)));
}

#[test]
fn given_an_event_changed_before_the_newest_and_nothing_kept_when_the_till_starts_then_the_background_walk_names_it() {
    let (TempTill { mut till, dir: _dir }, _) = till_with_an_order(6);
    let first_line = head(&till) - 5;
    tamper(&till, first_line);
    till.chain_check = ChainCheck::walking_at_first(3);
    let quick = till.status().unwrap().chain;
    assert!(quick.intact && quick.from > first_line, "the first look reads only the newest: {quick:?}");
    let whole = settled(&mut till);
    assert!(!whole.intact);
    assert_eq!(whole.breach.unwrap().position, first_line);
    assert_eq!(store::load_checked(till.conn()).unwrap().position, 0, "nothing is kept from a broken chain");
}
