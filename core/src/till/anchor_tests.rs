//! The chain anchored outside the file: a rewrite with recomputed hashes and
//! a truncation both pass `verify`, and both are named by the check against a
//! head written down before them.

use super::tests::{temp_till, TempTill};
use super::*;
use crate::demo::{CASHIER_CODE, CASHIER_PIN};
use crate::store::{rehash_from, HeadFinding, HeadRef};
use crate::{CommandMeta, OrderRequest};

/// A till with `orders` orders of three lines each, all paid; the events of
/// each order are 5 apart (open, three lines, confirm), after `base`: the
/// demo shop's events and the cashier's sign-in.
fn till_with_orders(orders: usize) -> (TempTill, i64) {
    let mut t = temp_till();
    let actor = t.till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    let base = t.till.chain_head().unwrap().position;
    for _ in 0..orders {
        let id = t.till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
        for code in ["COF-ESP", "COF-LAT", "BAK-CRO"] {
            t.till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &CommandMeta::new(actor)).unwrap();
        }
        let cash = "20.00".to_string();
        t.till.execute(id, OrderRequest::ConfirmOrder { cash, card: String::new() }, &CommandMeta::new(actor)).unwrap();
    }
    (t, base)
}

/// The head as printed on paper: position and 12 hex digits.
fn printed(till: &Till) -> HeadRef {
    HeadRef::parse(&till.chain_head().unwrap().short).unwrap()
}

fn drop_triggers(till: &Till) {
    till.conn().execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;").unwrap();
}

#[test]
fn the_chain_head_is_the_newest_event_or_the_genesis() {
    let dir = tempfile::tempdir().unwrap();
    let options = TillOptions { seed_demo: false, ..TillOptions::default() };
    let mut till = Till::open_with(&dir.path().join("pos.db"), options).unwrap();
    let empty = till.chain_head().unwrap();
    assert_eq!((empty.position, empty.hash.as_str()), (0, "0".repeat(64).as_str()));
    assert_eq!(empty.short, "0:000000000000");
    assert!(till.verify_through(&HeadRef::parse(&empty.short).unwrap()).unwrap().intact, "an empty chain passes through its genesis");
    let setup = crate::setup::SetupInput {
        shop_name: "Shop".into(),
        currency: "EUR".into(),
        till_id: "T1".into(),
        manager_name: "Sam".into(),
        manager_code: "42".into(),
        manager_pin: "2580".into(),
        manager_pin_again: "2580".into(),
        cash_coin: String::new(),
        time_zone: String::new(),
        language: String::new(),
    };
    let manager = till.set_up(&setup).unwrap();
    let float = super::CountRequest { amount: "50".into(), denominations: Vec::new() };
    till.open_shift(&float, &CommandMeta::new(manager.id)).unwrap();
    let before = till.chain_head().unwrap().position;
    till.open_order(&CommandMeta::new(manager.id)).unwrap();
    let head = till.chain_head().unwrap();
    let stored: Vec<u8> = till.conn().query_row("SELECT hash FROM events WHERE position = ?1", [head.position], |r| r.get(0)).unwrap();
    assert_eq!(head.position, before + 1);
    assert_eq!(head.hash, stored.iter().map(|b| format!("{b:02x}")).collect::<String>());
    assert_eq!(head.short, format!("{}:{}", head.position, &head.hash[..12]));
}

#[test]
fn a_head_written_down_passes_while_the_chain_only_grows() {
    let (TempTill { mut till, dir: _dir }, base) = till_with_orders(2);
    let head = printed(&till);
    let actor = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    till.open_order(&CommandMeta::new(actor)).unwrap();
    let report = till.verify_through(&head).unwrap();
    assert_eq!(report.finding, HeadFinding::Passes, "{report}");
    assert!(report.intact);
    // Two more: the second sign-in and the new order.
    let now = base + 12;
    assert_eq!(report.message, format!("The chain passes through {head}, and all {now} events are intact."));
    assert_eq!(report.now.position, now);
    // The whole hash passes too.
    let full = HeadRef::parse(&format!("{}:{}", base + 10, report.found_hash.clone().unwrap())).unwrap();
    assert!(till.verify_through(&full).unwrap().intact);
}

#[test]
fn a_rewrite_with_recomputed_hashes_passes_verify_but_not_the_head() {
    let (TempTill { mut till, dir: _dir }, base) = till_with_orders(3);
    let head = printed(&till);
    assert_eq!(head.position, base + 15);
    // More sales after the report was printed.
    let actor = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    till.open_order(&CommandMeta::new(actor)).unwrap();

    // Given: the espresso of order 1 made cheaper, every later hash recomputed.
    drop_triggers(&till);
    let espresso = base + 2;
    let changed = till.conn().execute("UPDATE events SET payload = replace(payload, '2.2', '0.2') WHERE position = ?1", [espresso]).unwrap();
    assert_eq!(changed, 1);
    rehash_from(till.conn(), espresso).unwrap();

    // Then: the chain verifies on its own…
    assert!(till.verify().unwrap().intact, "{}", till.verify().unwrap());
    // …but no longer passes through the head printed before the change.
    let report = till.verify_through(&head).unwrap();
    assert_eq!(report.finding, HeadFinding::Rewritten, "{report}");
    assert!(!report.intact);
    let expected = format!("The chain was rewritten: the event at position {} now has hash ", base + 15);
    assert!(report.message.starts_with(&expected), "{report}");
    assert!(report.message.ends_with(&format!("not {} as written down.", head.hash_prefix)), "{report}");

    // A change after the last head written down is not caught by it.
    let (TempTill { mut till, dir: _dir }, base) = till_with_orders(2);
    let head = printed(&till);
    let actor = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(actor)).unwrap();
    drop_triggers(&till);
    // After the head: the sign-in, the new order, then its espresso.
    let later = base + 13;
    till.conn().execute("UPDATE events SET payload = replace(payload, '2.2', '0.2') WHERE position = ?1", [later]).unwrap();
    assert!(!till.verify().unwrap().intact, "without new hashes the change shows");
    rehash_from(till.conn(), later).unwrap();
    assert_eq!(till.verify_through(&head).unwrap().finding, HeadFinding::Passes, "after the head, only a later head can tell");
}

#[test]
fn a_truncation_below_the_head_passes_verify_but_not_the_head() {
    let (TempTill { mut till, dir: _dir }, base) = till_with_orders(3);
    let head = printed(&till);
    // Given: the last two orders deleted, with their summaries and audit rows.
    drop_triggers(&till);
    let kept = base + 5;
    till.conn()
        .execute_batch(&format!(
            "DELETE FROM events WHERE position > {kept};
             DELETE FROM order_summaries WHERE order_id > 1;
             DELETE FROM audit_log WHERE position > {kept};
             DELETE FROM snapshots WHERE stream > 1;"
        ))
        .unwrap();
    till.forget_cache();
    assert!(till.verify().unwrap().intact, "{}", till.verify().unwrap());
    let report = till.verify_through(&head).unwrap();
    assert_eq!(report.finding, HeadFinding::Truncated, "{report}");
    assert!(!report.intact);
    assert_eq!(
        report.message,
        format!(
            "Events were deleted: the head {head} written down is at position {}, but the chain now ends at position {kept}.",
            base + 15
        )
    );

    // Deleted, then the gap filled with new sales: the head's event is another one.
    let actor = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    for _ in 0..3 {
        let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
        for _ in 0..4 {
            till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(actor)).unwrap();
        }
    }
    assert!(till.verify().unwrap().intact);
    assert_eq!(till.verify_through(&head).unwrap().finding, HeadFinding::Rewritten);
}

#[test]
fn a_broken_chain_is_named_even_through_a_good_head() {
    let (TempTill { till, dir: _dir }, base) = till_with_orders(2);
    let head = printed(&till);
    drop_triggers(&till);
    let second = base + 7;
    till.conn().execute("UPDATE events SET payload = replace(payload, '2.2', '0.2') WHERE position = ?1", [second]).unwrap();
    let report = till.verify_through(&head).unwrap();
    // Position 10 keeps its stored hash, but the chain no longer leads to it.
    assert_eq!(report.finding, HeadFinding::ChainBroken, "{report}");
    assert!(report.message.contains(&format!("broken at position {second}")), "{report}");
}
