//! The audit export is complete however long the trail, and the chain head
//! printed on a day report names a chain rewritten behind the app's back.

use std::path::Path;

use pos_core::domain::Event;
use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter};
use pos_core::store::{self, Recorded, Sync};
use pos_core::{bench, Till, TillOptions};
use pos_e2e::{db, new_test_dir, App};

use crate::support::*;

const MANAGER_NAME: &str = "Morgan Manager";

/// Starts the app on a database made by `setup`, with more arguments.
async fn start_on<T>(setup: impl FnOnce(&Path) -> T, args: impl FnOnce(&Path) -> Vec<std::ffi::OsString>) -> (App, T) {
    let dir = new_test_dir();
    let path = dir.path().join("pos.db");
    let made = setup(&path);
    let args = args(dir.path());
    (App::start_in_with(dir, path, args).await, made)
}

fn open_new(path: &Path) -> Till {
    Till::open_with(path, TillOptions { sync: Sync::Normal, ..TillOptions::default() }).expect("create the database")
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn an_export_of_more_than_1000_entries_is_complete() {
    const ENTRIES: usize = 2_500;
    let (mut app, ()) = start_on(
        |path| {
            let mut till = open_new(path);
            let cashier = till.sign_in(CASHIER.0, CASHIER.1).expect("sign in").id;
            bench::audited_orders(&mut till, cashier, ENTRIES).expect("the audited orders");
        },
        |dir| vec!["--answer-save".into(), dir.join("audit.csv").into()],
    )
    .await;
    assert_eq!(app.sign_in(MANAGER.0, MANAGER.1).await, MANAGER_NAME);
    app.click("#nav-audit").await;
    app.find("#audit tr[data-key]").await;
    // The quantity decreases: every one matching, not the sign-ins listed beside them.
    app.click("#audit-kind-quantityDecrease").await;
    app.wait_for_attr("#audit tr[data-key]", "data-kind", "quantityDecrease").await;
    app.click("#audit-export").await;
    app.wait_for_text("#audit-exported", app.say_prefix("file.savedTo")).await;

    let written = std::fs::read_to_string(app.dir().join("audit.csv")).expect("the exported file");
    let mut till = db::open(app.db_path());
    let decreases = AuditFilter { kinds: vec![AuditKind::QuantityDecrease], ..AuditFilter::default() };
    let totals = read::audit_totals(&till.reader(), &decreases).expect("the core's totals");
    assert_eq!(totals.count as usize, ENTRIES);
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 1 + ENTRIES + 2 + 1, "header, every entry, the kind's total, all, the chain head");
    let entries = &lines[1..=ENTRIES];
    assert!(entries.iter().all(|l| l.contains(",quantityDecrease,1.50,Alex Cashier,")), "every entry is a row");
    assert_eq!(lines[ENTRIES + 2], format!("total,,,all,{},,,,{} entries", pos_core::money::format(totals.amount, 2), totals.count));
    let head = till.chain_head().expect("the chain head");
    assert_eq!(lines[ENTRIES + 3], format!("chain head,,,,,,,,{}", head.full()));
    app.snapshot("audit-export-complete").await;
    app.stop().await;
}

/// Orders with their lines, all paid, through the command path.
fn paid_orders(till: &mut Till, orders: usize) {
    bench::ensure_catalog(till).expect("the workload's catalog");
    let cashier = till.sign_in(CASHIER.0, CASHIER.1).expect("sign in").id;
    let manager = till.approve(MANAGER.0, MANAGER.1).expect("approve");
    let mut rng = <rand_chacha::ChaCha8Rng as rand_chacha::rand_core::SeedableRng>::seed_from_u64(7);
    bench::run_orders(till, cashier, manager, 1..=orders, &mut rng, |_, _, _| {}).expect("the orders");
}

/// Rewrites the chain from the first `ItemAdded` on: that line's price is
/// lowered, and it and every later event are appended again by the store's
/// own append, which hashes and chains them as it always does. The chain
/// then verifies on its own. (Someone with the file and the code could do this.)
fn rewrite_cheaper(path: &Path) -> i64 {
    let mut till = db::open(path);
    let mut events: Vec<Recorded> = Vec::new();
    store::read_all(till.conn(), |r| {
        events.push(r);
        Ok(())
    })
    .expect("read the events");
    let first = events.iter().position(|r| matches!(r.event, Event::ItemAdded(_))).expect("an item added");
    let from = events[first].position;
    let conn = till.conn_mut();
    conn.execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;").expect("drop the triggers");
    let tx = conn.transaction().expect("a transaction");
    tx.execute("DELETE FROM events WHERE position >= ?1", [from]).expect("cut the chain");
    tx.execute("DELETE FROM snapshots", []).expect("drop the snapshots");
    for (i, mut r) in events.into_iter().skip(first).enumerate() {
        if let (0, Event::ItemAdded(e)) = (i, &mut r.event) {
            e.unit_price = "0.01".parse().expect("an amount");
        }
        store::append(&tx, r.stream, r.version - 1, &[r.event], &r.meta).expect("append again");
    }
    tx.commit().expect("commit the rewrite");
    pos_core::projections::rebuild(till.conn_mut()).expect("rebuild the projections");
    from
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn a_chain_rewritten_behind_the_apps_back_is_named_by_the_printed_head() {
    let (mut app, ()) = start_on(|path| paid_orders(&mut open_new(path), 10), |_| Vec::new()).await;
    assert_eq!(app.sign_in(MANAGER.0, MANAGER.1).await, MANAGER_NAME);

    // The day report shows the head: written down on paper.
    app.click("#nav-report").await;
    let head = app.find("#report-head").await.text().await.expect("the head's text");
    let core_head = db::open(app.db_path()).chain_head().expect("the chain head");
    assert_eq!(head, core_head.short, "the report shows the core's chain head");
    app.snapshot("report-head").await;
    app.stop().await;

    // Behind the app's back: the first line made cheaper, every later hash recomputed.
    let path = app.db_path().to_path_buf();
    let from = rewrite_cheaper(&path);
    assert!(db::open(&path).verify().expect("verify").intact, "the rewritten chain verifies on its own");
    assert_ne!(db::open(&path).chain_head().expect("the head").hash, core_head.hash);

    app.restart().await;
    assert_eq!(app.sign_in(MANAGER.0, MANAGER.1).await, MANAGER_NAME);
    assert!(app.find_all("#integrity-banner").await.is_empty(), "the chain alone shows nothing wrong");
    app.click("#nav-audit").await;
    app.click("#verify-run").await;
    app.wait_for_attr("#verify-result", "data-intact", "true").await;

    app.type_into("#head-input", &head).await;
    app.click("#head-check").await;
    app.wait_for_attr("#head-result", "data-finding", "rewritten").await;
    assert_eq!(app.attr("#head-result", "data-intact").await.as_deref(), Some("false"));
    let message = app.text("#head-message").await;
    // The finding in the screen's language, up to the hash found.
    let said = app.say("error.headRewritten", &[("position", &app.amount(&core_head.position.to_string()))]);
    let expected = said.split("{found}").next().expect("the words before the hash");
    assert!(expected.contains(&app.amount(&core_head.position.to_string())), "{expected}");
    assert!(message.starts_with(expected), "{message}");
    assert!(from <= core_head.position);
    app.snapshot("head-rewritten").await;
    app.stop().await;
}
