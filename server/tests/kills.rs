//! Kill safety: the shop server and a till's push SIGKILLed at any moment
//! lose and duplicate nothing. The server runs as its own process (the
//! built `pos-server`) on the test's PostgreSQL database, so a kill is a
//! real one: its connections drop, PostgreSQL rolls back what was in
//! flight, and the next push starts from what was committed.
//!
//! A till's push is killed the same way: the test runs itself again as a
//! child process that only pushes (`child_push_until_killed`), and kills it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::process::{free_port, wait_until, ServerProcess};
use common::{head, TestShop, SHOP};
use pos_core::store::{self, OpenMode};
use pos_core::sync::{self, ShopServer};
use pos_core::{bench, Till, TillOptions};
use rand::{Rng, SeedableRng};

/// How often the server is killed while the tills push.
const SERVER_KILLS: usize = 20;
/// Orders each till sells between two kills: a few batches of events.
const ORDERS_PER_ROUND: usize = 40;

/// A till `id` on a new file with the demo staff and the workload's catalog
/// (no fsync per commit: these tests kill processes, not the machine).
fn new_till(path: &Path, id: &str) -> Till {
    let options = TillOptions { seed_demo: true, terminal: Some(id.into()), sync: store::Sync::Normal, ..TillOptions::default() };
    let till = Till::open_with(path, options).unwrap();
    bench::ensure_catalog(&till).unwrap();
    till
}

/// Sells `orders` more orders of the till-day workload on `till`.
fn sell(till: &mut Till, orders: usize, seed: u64) {
    let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN).unwrap().id;
    let manager = till.approve(pos_core::demo::MANAGER_CODE, pos_core::demo::MANAGER_PIN).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let first = seed as usize * 10_000;
    bench::run_orders(till, cashier, manager, first..=first + orders - 1, &mut rng, |_, _, _| {}).unwrap();
}

/// Pushes what the server lacks from the till file at `path`, on a read handle of its own.
fn push_file(path: &Path, terminal: &str, url: &str, token: &str) -> Result<sync::SyncReport, sync::SyncError> {
    let conn = store::open(path, OpenMode::MustExist, store::Sync::Normal).expect("the till's file opens");
    sync::push_from(&conn, terminal, &ShopServer::new(url, token))
}

/// Every event of every till is on the server exactly once, linked in its
/// till's order, with its hash, and the shop positions run 1..=n without a gap.
fn assert_stored_exactly_once(shop: &TestShop, tills: &[(&Till, &str)]) {
    let mut total = 0;
    for (till, id) in tills {
        let n = head(till);
        total += n;
        let count = |sql: &str| shop.number(&sql.replace("{till}", id));
        assert_eq!(count("SELECT count(*) FROM events WHERE till = '{till}'"), n, "{id}: every event, once");
        assert_eq!(count("SELECT count(DISTINCT till_seq) FROM events WHERE till = '{till}'"), n, "{id}: no duplicate");
        assert_eq!(count("SELECT coalesce(max(till_seq), 0) FROM events WHERE till = '{till}'"), n, "{id}: through its head");
        let unlinked = "SELECT count(*) FROM (SELECT prev_hash, lag(hash) OVER (ORDER BY till_seq) AS before, till_seq \
                        FROM events WHERE till = '{till}') e WHERE till_seq > 1 AND prev_hash IS DISTINCT FROM before";
        assert_eq!(count(unlinked), 0, "{id}: each event links to the one before it");
        let tip = store::chain_head(till.conn()).unwrap();
        let same_tip = format!("SELECT count(*) FROM events WHERE till = '{{till}}' AND till_seq = {} AND encode(hash, 'hex') = '{}'", tip.position, tip.hash);
        assert_eq!(count(&same_tip), 1, "{id}: the server's chain ends in the till's own hash");
    }
    assert_eq!(shop.number("SELECT count(*) FROM events"), total);
    assert_eq!(shop.number("SELECT count(DISTINCT shop_position) FROM events"), total, "one shop position each");
    assert_eq!(shop.number("SELECT coalesce(max(shop_position), 0) FROM events"), total, "shop positions without a gap");
}

#[test]
fn the_server_killed_20_times_during_two_tills_pushes_stores_every_event_once() {
    // given two enrolled tills on files of their own, and the server as a process
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut tills: Vec<(Till, PathBuf, String, String)> = ["T1", "T2"]
        .into_iter()
        .map(|id| {
            let path = dir.path().join(format!("{id}.db"));
            (new_till(&path, id), path, id.to_string(), shop.enrolled(id))
        })
        .collect();
    let mut cut_pushes = 0;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20);
    for round in 0..SERVER_KILLS {
        // when the tills sell, push at once, and the server is SIGKILLed while they push
        for (i, (till, ..)) in tills.iter_mut().enumerate() {
            sell(till, ORDERS_PER_ROUND, (round * 2 + i + 1) as u64);
        }
        let server = ServerProcess::start(&shop, port);
        let before = shop.number("SELECT count(*) FROM events");
        let pushes: Vec<_> = tills
            .iter()
            .map(|(_, path, id, token)| {
                let (path, id, token, url) = (path.clone(), id.clone(), token.clone(), url.clone());
                std::thread::spawn(move || push_file(&path, &id, &url, &token))
            })
            .collect();
        wait_until("a push stores something", || shop.number("SELECT count(*) FROM events") > before);
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..15)));
        server.kill();
        for push in pushes {
            if push.join().expect("a push thread ends").is_err() {
                cut_pushes += 1;
            }
        }
    }
    // and the server comes back once more and each till pushes what is left
    let _server = ServerProcess::start(&shop, port);
    for (till, path, id, token) in &tills {
        let report = push_file(path, id, &url, token).expect("the last push completes");
        assert_eq!((report.waiting, report.stored_through), (0, head(till)));
    }
    // then every event of both tills is stored exactly once, linked, gap-free
    let stored: Vec<(&Till, &str)> = tills.iter().map(|(t, _, id, _)| (t, id.as_str())).collect();
    assert_stored_exactly_once(&shop, &stored);
    // and the kills did land in the middle of pushes
    eprintln!("kills: {SERVER_KILLS}, pushes cut off: {cut_pushes}, events: {}", shop.number("SELECT count(*) FROM events"));
    assert!(cut_pushes >= SERVER_KILLS / 2, "only {cut_pushes} of {} pushes were cut off by a kill", SERVER_KILLS * 2);
}

/// Not a test of its own: the process `a_till_killed_during_its_push…`
/// starts and kills. It pushes the till file named in its environment to
/// the server, as `pos sync` would, until it is killed.
#[test]
#[ignore = "run by a_till_killed_during_its_push_loses_and_duplicates_nothing as its child"]
fn child_push_until_killed() {
    let (Ok(path), Ok(till), Ok(url), Ok(token)) =
        (std::env::var("POS_KILLS_DB"), std::env::var("POS_KILLS_TILL"), std::env::var("POS_KILLS_URL"), std::env::var("POS_KILLS_TOKEN"))
    else {
        return;
    };
    loop {
        let _ = push_file(Path::new(&path), &till, &url, &token);
    }
}

#[test]
fn a_till_killed_during_its_push_loses_and_duplicates_nothing() {
    // given a till with a day's worth of sales, enrolled, and the server up
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("T1.db");
    let mut till = new_till(&path, "T1");
    sell(&mut till, ORDERS_PER_ROUND * 5, 1);
    let token = shop.enrolled("T1");
    // when the till's push runs in a process of its own and is SIGKILLed half-way
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_push_until_killed", "--ignored", "--nocapture"])
        .env("POS_KILLS_DB", &path)
        .env("POS_KILLS_TILL", "T1")
        .env("POS_KILLS_URL", &shop.url)
        .env("POS_KILLS_TOKEN", &token)
        .stdout(Stdio::null())
        .spawn()
        .expect("the pushing process starts");
    wait_until("the push stores something", || shop.number("SELECT count(*) FROM events") > 0);
    child.kill().expect("SIGKILL the pushing till");
    child.wait().unwrap();
    let stored_when_killed = shop.number("SELECT count(*) FROM events");
    assert!(stored_when_killed < head(&till), "killed half-way: {stored_when_killed} of {} stored", head(&till));
    // then the till's own file is whole
    assert!(store::verify(till.conn()).unwrap().intact, "the till's chain is intact");
    // and the next push sends the rest, and every event is on the server once
    let report = sync::push_pending(&till, &ShopServer::new(&shop.url, &token)).unwrap();
    assert_eq!(report.pushed, head(&till) - stored_when_killed);
    assert_stored_exactly_once(&shop, &[(&till, "T1")]);
}

#[test]
fn a_till_offline_for_a_whole_day_catches_up_once_the_server_is_back() {
    // given an enrolled till whose server is down, and its outbox running beside it
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("T1.db");
    let mut till = new_till(&path, "T1");
    let token = shop.enrolled("T1");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    till.set_sync_setup(&sync::SyncSetup { server: url.clone(), shop: SHOP.into(), token: token.clone(), ca: None }).unwrap();
    let outbox = sync::Outbox::start(path.clone(), "T1".into());
    // when the till sells a whole day's orders (docs/WORKLOAD.md) with nobody to push to
    sell(&mut till, bench::DAY_ORDERS, 1);
    let status = outbox.status();
    // then it says the server is unreachable and how much waits, and sales went on
    assert_eq!(status.state, sync::SyncState::Unreachable, "{status:?}");
    assert!(status.failing_since.is_some());
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
    drop(outbox);
    // and once the server is back, one sync sends the whole day
    let _server = ServerProcess::start(&shop, port);
    let started = Instant::now();
    let report = sync::push_pending(&till, &ShopServer::new(&url, &token)).unwrap();
    eprintln!("caught up {} events in {} ms", report.pushed, started.elapsed().as_millis());
    assert_eq!((report.pushed, report.waiting), (head(&till), 0));
    assert_stored_exactly_once(&shop, &[(&till, "T1")]);
}
