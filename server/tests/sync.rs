//! `pos sync`'s path end to end: real tills' SQLite files (made with
//! `pos_core::Till`, with sales) pushed by `pos_core::sync` to a shop
//! server running in-process on PostgreSQL.

mod common;

use std::path::Path;

use common::{head, TestShop, SHOP};
use pos_core::store::{self, OpenMode};
use pos_core::sync::{self, ShopServer, SyncError};
use pos_core::{bench, Till, TillOptions};
use rand::SeedableRng;

fn reopen(path: &Path) -> Till {
    Till::open_with(path, TillOptions { mode: OpenMode::MustExist, seed_demo: false, ..TillOptions::default() }).unwrap()
}

#[test]
fn two_tills_sync_every_event_once_and_a_second_sync_sends_nothing() {
    // given two tills with sales on files of their own, each enrolled with the shop server
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let tills = [("T1", 12), ("T2", 7)].map(|(id, orders)| {
        let path = dir.path().join(format!("{id}.db"));
        let till = bench::till_with_sales(&path, id, orders, 7).unwrap();
        let token = sync::enrol(&shop.url, SHOP, till.terminal(), &shop.code(SHOP, id)).unwrap();
        (till, token)
    });
    // when each syncs
    let first: Vec<_> = tills.iter().map(|(till, token)| sync::push_pending(till, &ShopServer::new(&shop.url, token)).unwrap()).collect();
    // then each pushed its whole chain, and the server holds every event of both once, in its own order
    for ((till, _), report) in tills.iter().zip(&first) {
        assert_eq!((report.pushed, report.waiting, report.stored_through), (head(till), 0, head(till)));
        assert!(report.pushed > pos_core::sync::PUSH_BATCH_EVENTS as i64, "more than one batch each");
        let stored = shop.number(&format!("SELECT count(*) FROM events WHERE till = '{}'", till.terminal()));
        assert_eq!(stored, head(till));
    }
    let total = head(&tills[0].0) + head(&tills[1].0);
    assert_eq!(shop.number("SELECT count(*) FROM events"), total);
    assert_eq!(shop.number("SELECT count(DISTINCT (till, till_seq)) FROM events"), total);
    assert_eq!(shop.number("SELECT max(shop_position) FROM events"), total);
    // and the hashes the server holds are the tills' own
    for (till, _) in &tills {
        let rows = store::rows_after(till.conn(), head(till) - 1, 1).unwrap();
        let sql = format!("SELECT count(*) FROM events WHERE till = '{}' AND hash = '\\x{}'::bytea", till.terminal(), rows[0].hash);
        assert_eq!(shop.number(&sql), 1);
    }
    // when both sync again, then nothing new is sent
    for (till, token) in &tills {
        let again = sync::push_pending(till, &ShopServer::new(&shop.url, token)).unwrap();
        assert_eq!((again.pushed, again.waiting), (0, 0));
        assert_eq!(again.to_string(), "synced: 0 events pushed, 0 waiting");
    }
    assert_eq!(shop.number("SELECT count(*) FROM events"), total);
}

#[test]
fn a_till_syncs_only_what_it_added_since_the_last_sync() {
    // given a till synced once, which then sells more
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("T1.db");
    let till = bench::till_with_sales(&path, "T1", 3, 7).unwrap();
    let token = sync::enrol(&shop.url, SHOP, "T1", &shop.code(SHOP, "T1")).unwrap();
    let server = ShopServer::new(&shop.url, &token);
    let before = sync::push_pending(&till, &server).unwrap().stored_through;
    drop(till);
    let mut till = reopen(&path);
    let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN).unwrap().id;
    let manager = till.approve(pos_core::demo::MANAGER_CODE, pos_core::demo::MANAGER_PIN).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
    bench::run_orders(&mut till, cashier, manager, 4..=6, &mut rng, |_, _, _| {}).unwrap();
    // when it syncs again
    let report = sync::push_pending(&till, &server).unwrap();
    // then only the new events go, and the server holds the whole chain once
    assert_eq!(report.pushed, head(&till) - before);
    assert!(report.pushed > 0);
    assert_eq!(shop.number("SELECT count(*) FROM events"), head(&till));
}

#[test]
fn a_wrong_token_or_a_used_code_is_a_clear_refusal() {
    // given a till and a shop server
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let till = bench::till_with_sales(&dir.path().join("T1.db"), "T1", 1, 7).unwrap();
    let code = shop.code(SHOP, "T1");
    sync::enrol(&shop.url, SHOP, "T1", &code).unwrap();
    // when it syncs with a wrong token, and enrols with the used code
    let wrong = sync::push_pending(&till, &ShopServer::new(&shop.url, &"0".repeat(64))).unwrap_err();
    let used = sync::enrol(&shop.url, SHOP, "T1", &code).unwrap_err();
    // then both are refused with the server's code, and nothing is stored
    assert!(matches!(&wrong, SyncError::Refused { status: 401, code, .. } if code == "unauthorised"), "{wrong}");
    assert!(matches!(&used, SyncError::Refused { code, .. } if code == "bad_code"), "{used}");
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
}

#[test]
fn a_till_whose_chain_differs_from_the_servers_sends_nothing() {
    // given till T1 synced, and another file that also calls itself T1
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let till = bench::till_with_sales(&dir.path().join("a.db"), "T1", 2, 7).unwrap();
    let other = bench::till_with_sales(&dir.path().join("b.db"), "T1", 3, 7).unwrap();
    let token = sync::enrol(&shop.url, SHOP, "T1", &shop.code(SHOP, "T1")).unwrap();
    let server = ShopServer::new(&shop.url, &token);
    let stored = sync::push_pending(&till, &server).unwrap().stored_through;
    // when the other file syncs with T1's token
    let refused = sync::push_pending(&other, &server).unwrap_err();
    // then it is refused before sending (its chain does not pass through the server's head)
    assert_eq!(refused.code(), "chain_mismatch", "{refused}");
    assert_eq!(shop.number("SELECT count(*) FROM events"), stored);
}

#[test]
fn an_unreachable_server_is_named() {
    // given a till and an address nobody listens on
    let dir = tempfile::tempdir().unwrap();
    let till = bench::till_with_sales(&dir.path().join("T1.db"), "T1", 1, 7).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    // when it syncs
    let err = sync::push_pending(&till, &ShopServer::new(&url, "x")).unwrap_err();
    // then the error says which server could not be reached
    assert_eq!(err.code(), "unreachable");
    assert!(err.to_string().contains(&url), "{err}");
}

/// Waits up to 20 s for the outbox to say `done`.
fn wait_for(outbox: &sync::Outbox, what: &str, done: impl Fn(&sync::SyncStatus) -> bool) -> sync::SyncStatus {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let status = outbox.status();
        if done(&status) {
            return status;
        }
        assert!(std::time::Instant::now() < until, "{what}: {status:?}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_outbox_pushes_in_the_background_and_again_after_each_sale() {
    // given a till with sales, enrolled, its enrolment kept in its file
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("T1.db");
    let mut till = bench::till_with_sales(&path, "T1", 5, 7).unwrap();
    let token = sync::enrol(&shop.url, SHOP, "T1", &shop.code(SHOP, "T1")).unwrap();
    till.set_sync_setup(&sync::SyncSetup { server: shop.url.clone(), shop: SHOP.into(), token, ca: None }).unwrap();
    // when the outbox runs beside the till
    let outbox = sync::Outbox::start(path.clone(), "T1".into());
    // then it pushes the whole chain and says so
    let status = wait_for(&outbox, "synced", |s| s.state == sync::SyncState::Synced);
    assert_eq!((status.waiting, status.server.as_deref()), (0, Some(shop.url.as_str())));
    assert!(status.last_synced_at.is_some() && status.failing_since.is_none());
    assert_eq!(shop.number("SELECT count(*) FROM events WHERE till = 'T1'"), head(&till));
    // and a sale made meanwhile reaches the server without anyone asking
    let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN).unwrap().id;
    let meta = pos_core::CommandMeta::new(cashier);
    let id = till.open_order(&meta).unwrap().order.id;
    till.execute(id, pos_core::OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &meta).unwrap();
    let now = head(&till);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while shop.number("SELECT count(*) FROM events WHERE till = 'T1'") < now {
        assert!(std::time::Instant::now() < until, "the new events never reached the server");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    drop(outbox);
    assert_eq!(shop.number("SELECT count(DISTINCT till_seq) FROM events WHERE till = 'T1'"), now, "each event once");
}
