//! Store and command-path tests, each on its own temporary database file.

use super::*;
use chrono::Utc;
use uuid::Uuid;

use crate::domain::*;
use crate::projections;
use crate::store::{Metadata, StoreError};
use crate::demo::{CASHIER_CODE, CASHIER_PIN, MANAGER_CODE, MANAGER_PIN};
use rust_decimal_macros::dec;

pub(crate) struct TempTill {
    pub till: Till,
    pub dir: tempfile::TempDir,
}

pub(crate) fn temp_till() -> TempTill {
    let dir = tempfile::tempdir().unwrap();
    let till = Till::open(&dir.path().join("pos.db")).unwrap();
    TempTill { till, dir }
}

fn cashier(t: &mut Till) -> StaffId {
    t.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id
}

fn add(code: &str, quantity: i64) -> OrderRequest {
    OrderRequest::AddItem { code: code.into(), quantity }
}

fn count_events(t: &Till) -> i64 {
    t.conn().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap()
}

/// The orders' events (the back office's streams are negative).
fn events_of(t: &Till) -> Vec<(i64, String)> {
    let mut stmt = t.conn().prepare("SELECT stream, kind FROM events_readable WHERE stream > 0 ORDER BY position").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn rings_up_and_confirms_an_order_through_the_store() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let order = till.open_order(&CommandMeta::new(actor)).unwrap().order;
    assert_eq!(order.number, 1);
    till.execute(order.id, add("COF-ESP", 2), &CommandMeta::new(actor)).unwrap();
    let barcode = crate::demo::demo_barcode(5); // croissant
    let o = till.execute(order.id, add(&barcode, 1), &CommandMeta::new(actor)).unwrap().order;
    assert_eq!(o.totals.total, dec!(6.20));
    let confirm = OrderRequest::ConfirmOrder { cash: "10".into(), card: "".into() };
    let o = till.execute(order.id, confirm, &CommandMeta::new(actor)).unwrap().order;
    assert_eq!(o.status, OrderStatus::Confirmed);
    assert_eq!(o.confirmation.unwrap().change, dec!(3.80));
    assert_eq!(
        events_of(&till).iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        ["OrderOpened", "ItemAdded", "ItemAdded", "OrderConfirmed"]
    );
    let summary: (String, String) = till
        .conn()
        .query_row("SELECT status, total FROM order_summaries WHERE order_id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(summary, ("confirmed".to_string(), "6.20".to_string()));
    assert!(till.verify().unwrap().intact);
}

#[test]
fn order_numbers_are_sequential() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let numbers: Vec<i64> = (0..3).map(|_| till.open_order(&CommandMeta::new(actor)).unwrap().order.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
}

#[test]
fn a_rejected_command_writes_nothing() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    let before = events_of(&till).len();
    for bad in [
        add("NO-SUCH", 1),
        add("COF-ESP", 0),
        add("COF-ESP", 100_000),
        add("COF-ESP", -3),
        add("", 1),
        add(&"x".repeat(1_000_000), 1),
        OrderRequest::ChangeQuantity { line: 9, quantity: 2 },
        OrderRequest::RemoveLine { line: 1, reason: "x".into() },
        OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "abc".into(), reason: "x".into() },
        OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "1e400".into(), reason: "x".into() },
        OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "NaN".into(), reason: "x".into() },
        OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "5".into(), reason: "".into() },
        OrderRequest::ConfirmOrder { cash: "100".into(), card: "".into() },
        OrderRequest::ConfirmOrder { cash: "-1".into(), card: "".into() },
        OrderRequest::VoidOrder { reason: "no approval".into() },
        OrderRequest::RemoveDiscount { discount: 1 },
    ] {
        let err = till.execute(id, bad.clone(), &CommandMeta::new(actor)).unwrap_err();
        assert!(!err.to_string().is_empty(), "{bad:?}");
        assert_eq!(events_of(&till).len(), before, "{bad:?} wrote something");
    }
    let err = till.execute(id, add("COF-ESP", -1), &CommandMeta::new(actor)).unwrap_err();
    assert!(err.to_string().ends_with("not -1"), "{err}");
    let err = till.execute(404, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap_err();
    assert_eq!(err.code(), "order_not_found");
}

#[test]
fn a_repeated_command_id_returns_the_first_outcome_and_appends_nothing() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let open = CommandMeta::new(actor);
    let id = till.open_order(&open).unwrap().order.id;
    assert_eq!(till.open_order(&open).unwrap().order.id, id);
    let meta = CommandMeta::new(actor);
    let first = till.execute(id, add("COF-ESP", 1), &meta).unwrap();
    let again = till.execute(id, add("COF-ESP", 1), &meta).unwrap();
    assert!(!first.replayed && again.replayed);
    assert_eq!(first.order, again.order);
    assert_eq!(events_of(&till).len(), 2);
    // Even after the order moved on, the first outcome comes back.
    till.execute(id, add("COF-LAT", 1), &CommandMeta::new(actor)).unwrap();
    assert_eq!(till.execute(id, add("COF-ESP", 1), &meta).unwrap().order.version, 2);
    assert_eq!(events_of(&till).len(), 3);
}

#[test]
fn a_repeated_command_id_is_recognised_by_another_till_and_after_a_restart() {
    let TempTill { mut till, dir } = temp_till();
    let path = dir.path().join("pos.db");
    let actor = cashier(&mut till);
    let open = CommandMeta::new(actor);
    let id = till.open_order(&open).unwrap().order.id;
    let meta = CommandMeta::new(actor);
    till.execute(id, add("COF-ESP", 1), &meta).unwrap();
    // Another till, which has never seen this order, gets both repeats right.
    let mut other = Till::open(&path).unwrap();
    assert!(other.open_order(&open).unwrap().replayed);
    let again = other.execute(id, add("COF-ESP", 1), &meta).unwrap();
    assert!(again.replayed && again.order.version == 2);
    // It moves the order on; the first till's command log catches up with
    // what the other till wrote before it answers a repeat.
    let by_other = CommandMeta::new(actor);
    other.execute(id, add("COF-LAT", 1), &by_other).unwrap();
    let seen = till.execute(id, add("COF-LAT", 1), &by_other).unwrap();
    assert!(seen.replayed && seen.order.version == 3);
    // A restarted till answers from the store.
    drop(till);
    let mut restarted = Till::open(&path).unwrap();
    assert_eq!(restarted.execute(id, add("COF-ESP", 1), &meta).unwrap().order.version, 2);
    assert_eq!(events_of(&restarted).len(), 3);
    assert_eq!(store::command_outcome(restarted.conn(), id, by_other.command_id).unwrap().map(|o| o.last_version), Some(3));
    assert_eq!(store::opened_by(restarted.conn(), open.command_id).unwrap().map(|o| o.stream), Some(id));
}

#[test]
fn replay_names_the_position_of_an_event_that_no_longer_decodes() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    // Enough events that the bad one is deep in a later decoding batch.
    let changes: Vec<Event> =
        (0..700).map(|i| Event::QuantityChanged(QuantityChanged { line: 1, from: 1 + i, to: 2 + i, authorised_by: None })).collect();
    let meta = Metadata { actor, authorised_by: None, terminal: "T1".into(), command_id: Uuid::now_v7(), recorded_at: Utc::now() };
    let tx = store::write_tx(till.conn()).unwrap();
    store::append(&tx, id, 2, &changes, &meta).unwrap();
    tx.commit().unwrap();
    let mut n = 0;
    let all = count_events(&till);
    assert_eq!(store::replay(till.conn(), |_, _| n += 1).unwrap(), all as u64);
    assert_eq!(n, all);
    till.conn()
        .execute(
            "INSERT INTO events (position, stream, version, kind, schema_version, payload, actor, terminal, command_hi,
                                 command_lo, app_version, recorded_at, hash)
             SELECT position + 1, stream, version + 1, 99, 1, '{}', actor, terminal, 0, 0, app_version, recorded_at, hash
             FROM events ORDER BY position DESC LIMIT 1",
            [],
        )
        .unwrap();
    let err = store::replay(till.conn(), |_, _| {}).unwrap_err();
    assert!(matches!(&err, StoreError::Decode { position, detail } if *position == all + 1 && detail.contains("unknown event type 99")), "{err}");
}

#[test]
fn manager_approval_is_checked_in_the_core() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, add("BRD-SOU", 2), &CommandMeta::new(actor)).unwrap();
    let big = OrderRequest::ApplyDiscount {
        scope: DiscountScope::Order,
        kind: DiscountKind::Percent,
        value: "20".into(),
        reason: "staff party".into(),
    };
    assert_eq!(till.execute(id, big.clone(), &CommandMeta::new(actor)).unwrap_err().code(), "manager_required");
    assert_eq!(till.approve(MANAGER_CODE, "0000").unwrap_err().code(), "wrong_pin");
    let cashier_ok = till.approve(CASHIER_CODE, CASHIER_PIN).unwrap();
    let meta = CommandMeta { approval: Some(cashier_ok), ..CommandMeta::new(actor) };
    assert_eq!(till.execute(id, big.clone(), &meta).unwrap_err().code(), "approver_not_manager");
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
    let meta = CommandMeta { approval: Some(manager), ..CommandMeta::new(actor) };
    let o = till.execute(id, big, &meta).unwrap().order;
    assert_eq!(o.totals.total, dec!(7.20));
    let (actor_col, by): (i64, Option<i64>) = till
        .conn()
        .query_row("SELECT actor, authorised_by FROM events_readable WHERE kind = 'DiscountApplied'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((actor_col, by), (actor, Some(manager.staff())));
    let audit: (String, String, Option<i64>) = till
        .conn()
        .query_row("SELECT kind, amount, authorised_by FROM audit_log WHERE order_id IS NOT NULL", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!(audit, ("discount".into(), "1.80".into(), Some(manager.staff())));
}

#[test]
fn five_wrong_pins_lock_the_pin_and_log_it() {
    let TempTill { mut till, dir: _dir } = temp_till();
    for _ in 0..4 {
        assert_eq!(till.approve(MANAGER_CODE, "1111").unwrap_err().code(), "wrong_pin");
    }
    assert_eq!(till.approve(MANAGER_CODE, "1111").unwrap_err().code(), "pin_locked");
    // Even the right PIN is refused while locked.
    assert_eq!(till.approve(MANAGER_CODE, MANAGER_PIN).unwrap_err().code(), "pin_locked");
    let logged: i64 = till.conn().query_row("SELECT count(*) FROM security_log WHERE kind = 'pinLocked'", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 1);
    // After the lockout the right PIN works again.
    let later = till.now() + chrono::Duration::seconds(crate::limits::PIN_LOCKOUT_SECS + 1);
    till.set_clock(move || later);
    till.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
}

#[test]
fn events_are_append_only() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    till.open_order(&CommandMeta::new(actor)).unwrap();
    let c = till.conn();
    assert!(c.execute("UPDATE events SET payload = '{}'", []).unwrap_err().to_string().contains("append-only"));
    assert!(c.execute("DELETE FROM events", []).unwrap_err().to_string().contains("append-only"));
}

#[test]
fn verify_names_the_first_tampered_event() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for _ in 0..4 {
        till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    }
    assert_eq!(till.verify().unwrap().to_string(), format!("all {} events intact", count_events(&till)));
    let c = till.conn();
    let third: i64 = c.query_row("SELECT position FROM events WHERE stream = ?1 AND version = 3", [id], |r| r.get(0)).unwrap();
    c.execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;").unwrap();
    c.execute("UPDATE events SET payload = replace(payload, '2.2', '0.2') WHERE position = ?1", [third]).unwrap();
    let report = till.verify().unwrap();
    assert!(!report.intact);
    assert_eq!(report.breach.unwrap().position, third);
}

#[test]
fn verify_finds_deleted_and_reordered_events() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for code in ["COF-ESP", "COF-LAT", "BAK-CRO", "DRK-WAT"] {
        till.execute(id, add(code, 1), &CommandMeta::new(actor)).unwrap();
    }
    let c = till.conn();
    c.execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;").unwrap();
    c.execute("DELETE FROM events WHERE position = 2", []).unwrap();
    assert_eq!(till.verify().unwrap().breach.unwrap().position, 2);

    let TempTill { mut till, dir: _dir2 } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for code in ["COF-ESP", "COF-LAT", "BAK-CRO"] {
        till.execute(id, add(code, 1), &CommandMeta::new(actor)).unwrap();
    }
    let c = till.conn();
    c.execute_batch(
        "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;
         UPDATE events SET position = 100 WHERE position = 2;
         UPDATE events SET position = 2 WHERE position = 3;
         UPDATE events SET position = 3 WHERE position = 100;",
    )
    .unwrap();
    assert_eq!(till.verify().unwrap().breach.unwrap().position, 2);

    // Deleting the newest events leaves no gap, but the summaries remember.
    let TempTill { mut till, dir: _dir3 } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    let c = till.conn();
    c.execute_batch("DROP TRIGGER events_no_delete; DELETE FROM events WHERE position = 2;").unwrap();
    let report = till.verify().unwrap();
    assert!(!report.intact, "{report}");
}

#[test]
fn two_connections_racing_on_one_stream_exactly_one_wins() {
    let TempTill { mut till, dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    let path = dir.path().join("pos.db");
    let a = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
    let b = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
    let event = Event::QuantityChanged(QuantityChanged { line: 1, from: 1, to: 2, authorised_by: None });
    let meta = |n: u128| Metadata {
        actor,
        authorised_by: None,
        terminal: "T9".into(),
        command_id: Uuid::from_u128(n),
        recorded_at: Utc::now(),
    };
    // Both read version 1, then both try to append version 2.
    let ta = a.unchecked_transaction().unwrap();
    store::append(&ta, id, 1, std::slice::from_ref(&event), &meta(1)).unwrap();
    ta.commit().unwrap();
    let tb = b.unchecked_transaction().unwrap();
    let err = store::append(&tb, id, 1, std::slice::from_ref(&event), &meta(2)).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { expected: 1, actual: 2, .. }), "{err}");
    drop(tb);
    assert_eq!(store::stream_version(&a, id).unwrap(), 2);
}

#[test]
fn the_command_layer_retries_a_conflict_on_fresh_state() {
    let TempTill { mut till, dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    // A second till adds an item behind this till's back.
    let mut other = Till::open(&dir.path().join("pos.db")).unwrap();
    other.execute(id, add("COF-LAT", 1), &CommandMeta::new(actor)).unwrap();
    // This till's cached state is stale; it notices and decides on fresh state.
    let o = till.execute(id, add("BAK-CRO", 1), &CommandMeta::new(actor)).unwrap().order;
    assert_eq!(o.lines.len(), 3);
    assert_eq!(o.lines[2].line.id, 3);
    // A client that states the version it saw gets a conflict instead.
    let stale = CommandMeta { expected_version: Some(2), ..CommandMeta::new(actor) };
    assert_eq!(till.execute(id, add("BAK-CRO", 1), &stale).unwrap_err().code(), "conflict");
    // A manager voids on the other till; this till's next edit is refused on fresh state.
    let manager = other.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
    other
        .execute(id, OrderRequest::VoidOrder { reason: "customer left".into() }, &CommandMeta { approval: Some(manager), ..CommandMeta::new(actor) })
        .unwrap();
    assert_eq!(till.execute(id, add("BAK-CRO", 1), &CommandMeta::new(actor)).unwrap_err().code(), "order_not_open");
}

#[test]
fn snapshots_are_written_every_n_events_and_loads_agree() {
    let TempTill { mut till, dir } = temp_till();
    till.set_snapshot_interval(4).unwrap();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for i in 0..10 {
        till.execute(id, add(if i % 2 == 0 { "COF-ESP" } else { "BAK-CRO" }, 1), &CommandMeta::new(actor)).unwrap();
    }
    let snaps: Vec<i64> = {
        let mut s = till.conn().prepare("SELECT version FROM snapshots ORDER BY version").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(snaps, [4, 8]);
    let live = till.load(id).unwrap();
    let fresh = Till::open(&dir.path().join("pos.db")).unwrap();
    for v in 0..=11 {
        let from_store = load_from_store(fresh.conn(), id, v, 4).unwrap();
        let from_history = till.state_at(id, v).unwrap();
        assert_eq!(from_store, from_history, "version {v}");
    }
    assert_eq!(load_from_store(fresh.conn(), id, 11, 4).unwrap(), live);
}

#[test]
fn an_outdated_snapshot_is_ignored_and_rebuilt() {
    let TempTill { mut till, dir } = temp_till();
    till.set_snapshot_interval(2).unwrap();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for _ in 0..3 {
        till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    }
    let expected = till.load(id).unwrap();
    // A snapshot from an older build: wrong shape, old schema version.
    till.conn().execute("UPDATE snapshots SET schema_version = 0, state = '{\"old\":true}'", []).unwrap();
    let fresh = Till::open(&dir.path().join("pos.db")).unwrap();
    assert_eq!(load_from_store(fresh.conn(), id, 4, 2).unwrap(), expected);
    let current: i64 = fresh
        .conn()
        .query_row("SELECT count(*) FROM snapshots WHERE schema_version = ?1", [store::SNAPSHOT_SCHEMA_VERSION], |r| r.get(0))
        .unwrap();
    assert_eq!(current, 2);
}

#[test]
fn rebuilt_projections_equal_the_live_ones() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let actor = cashier(&mut till);
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
    let approved = || CommandMeta { approval: Some(manager), ..CommandMeta::new(actor) };
    for n in 0..6 {
        let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
        till.execute(id, add("COF-ESP", 3), &CommandMeta::new(actor)).unwrap();
        till.execute(id, add("BAK-CRO", 2), &CommandMeta::new(actor)).unwrap();
        till.execute(id, OrderRequest::ChangeQuantity { line: 1, quantity: 1 }, &CommandMeta::new(actor)).unwrap();
        if n % 2 == 0 {
            let d = OrderRequest::ApplyDiscount { scope: DiscountScope::Order, kind: DiscountKind::Percent, value: "15".into(), reason: "promo".into() };
            till.execute(id, d, &approved()).unwrap();
            till.execute(id, OrderRequest::RemoveDiscount { discount: 1 }, &CommandMeta::new(actor)).unwrap();
        }
        if n % 3 == 0 {
            till.execute(id, OrderRequest::RemoveLine { line: 2, reason: "dropped".into() }, &CommandMeta::new(actor)).unwrap();
        }
        till.execute(id, OrderRequest::ConfirmOrder { cash: "20".into(), card: "0".into() }, &CommandMeta::new(actor)).unwrap();
        if n == 5 {
            till.execute(id, OrderRequest::VoidOrder { reason: "refund".into() }, &approved()).unwrap();
        }
    }
    let dump = |t: &Till| -> (Vec<String>, Vec<String>) {
        let rows = |sql: &str| -> Vec<String> {
            let mut s = t.conn().prepare(sql).unwrap();
            let n = s.column_count();
            s.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        (rows("SELECT * FROM order_summaries ORDER BY order_id"), rows("SELECT * FROM audit_log ORDER BY position"))
    };
    let live = dump(&till);
    assert_eq!(live.0.len(), 6);
    assert!(live.1.len() > 6 + 3 + 3);
    let n = projections::rebuild(till.conn_mut()).unwrap();
    assert!(n > 30);
    assert_eq!(dump(&till), live);
}

#[test]
fn refuses_wrong_or_damaged_files_and_leaves_them_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "shopping list: milk, eggs\n".repeat(10)).unwrap();
    let before = std::fs::read(&text).unwrap();
    let err = Till::open(&text).err().unwrap();
    assert_eq!(err.code(), "db_not_sqlite", "{err}");
    assert_eq!(std::fs::read(&text).unwrap(), before);

    let missing = dir.path().join("missing.db");
    let opts = TillOptions { mode: OpenMode::MustExist, ..TillOptions::default() };
    assert_eq!(Till::open_with(&missing, opts.clone()).err().unwrap().code(), "db_not_found");
    assert!(!missing.exists());

    let foreign = dir.path().join("other.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let before = std::fs::read(&foreign).unwrap();
    assert_eq!(Till::open(&foreign).err().unwrap().code(), "db_foreign");
    assert_eq!(std::fs::read(&foreign).unwrap(), before);

    let newer = dir.path().join("newer.db");
    drop(Till::open(&newer).unwrap());
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    assert_eq!(Till::open(&newer).err().unwrap().code(), "db_newer_schema");

    let truncated = dir.path().join("truncated.db");
    {
        let mut t = Till::open(&truncated).unwrap();
        let actor = cashier(&mut t);
        for _ in 0..50 {
            t.open_order(&CommandMeta::new(actor)).unwrap();
        }
        t.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let result = Till::open(&truncated).and_then(|mut t| t.status());
    assert!(result.is_err() || !result.unwrap().chain_ok);
}

#[test]
fn backup_copies_a_consistent_database() {
    let TempTill { mut till, dir } = temp_till();
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    let copy = dir.path().join("backup.db");
    let report = store::backup(till.conn(), &copy).unwrap();
    assert!(report.intact);
    assert_eq!(report.events, count_events(&till));
    assert_eq!(store::backup(till.conn(), &copy).unwrap_err().code(), "target_exists");
}

#[test]
fn history_queries_match_the_events() {
    let TempTill { mut till, dir: _dir } = temp_till();
    let t0 = Utc::now();
    let clock = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let c = clock.clone();
    till.set_clock(move || t0 + chrono::Duration::seconds(c.load(std::sync::atomic::Ordering::SeqCst)));
    let actor = cashier(&mut till);
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    for (i, code) in ["COF-ESP", "COF-LAT", "BAK-CRO"].iter().enumerate() {
        clock.store(10 * (i as i64 + 1), std::sync::atomic::Ordering::SeqCst);
        till.execute(id, add(code, 1), &CommandMeta::new(actor)).unwrap();
    }
    assert_eq!(till.version_at(id, t0 + chrono::Duration::seconds(25)).unwrap(), 3);
    assert_eq!(till.version_at(id, t0 + chrono::Duration::seconds(30)).unwrap(), 4);
    assert_eq!(till.version_at(id, t0 - chrono::Duration::seconds(1)).unwrap_err().code(), "not_yet_opened");
    assert_eq!(till.state_at(id, 2).unwrap().lines.len(), 1);
    assert_eq!(till.state_at(id, 5).unwrap_err().code(), "no_such_version");
}

#[test]
fn audit_entries_from_before_descriptions_get_theirs_when_the_file_is_migrated() {
    // Given a till's file as schema 6 wrote it: a void and a sign-in in its audit log, no description column
    let TempTill { mut till, dir } = temp_till();
    let actor = cashier(&mut till);
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
    let id = till.open_order(&CommandMeta::new(actor)).unwrap().order.id;
    till.execute(id, add("COF-ESP", 1), &CommandMeta::new(actor)).unwrap();
    let void = OrderRequest::VoidOrder { reason: "rang up wrong table".into() };
    till.execute(id, void, &CommandMeta { approval: Some(manager), ..CommandMeta::new(actor) }).unwrap();
    till.conn()
        .execute_batch(
            "DROP INDEX audit_log_undescribed; ALTER TABLE audit_log DROP COLUMN description; PRAGMA user_version = 6;",
        )
        .unwrap();
    drop(till);
    // When a till of this build opens it
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    // Then every entry of the audit trail has its description, the void's with its amount and reason
    let entries = crate::read::audit(&till.reader(), &crate::read::AuditFilter::default()).unwrap();
    assert!(entries.len() >= 2, "{entries:?}");
    assert!(entries.iter().all(|e| e.description.is_some()), "{entries:?}");
    let voided = entries.iter().find(|e| e.kind == projections::AuditKind::OrderVoid).unwrap();
    let d = voided.description.as_ref().unwrap();
    assert_eq!(d.key, "orderVoided");
    assert_eq!(d.params["reason"], crate::message::Param::Text("rang up wrong table".into()));
    assert_eq!(voided.detail, format!("Voided {}: rang up wrong table", match &d.params["amount"] {
        crate::message::Param::Amount(a) => a.clone(),
        other => panic!("{other:?}"),
    }));
    let version: i64 = till.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, crate::store::SCHEMA_VERSION);
}
