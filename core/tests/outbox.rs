//! The outbox without a server to reach: a till that is not enrolled says
//! "off"; one whose server is out of reach says since when, and how many
//! events wait, and keeps taking sales all the same.

use pos_core::sync::{Outbox, SyncSetup, SyncState, SyncStatus};
use pos_core::Till;

fn wait_for(outbox: &Outbox, what: &str, done: impl Fn(&SyncStatus) -> bool) -> SyncStatus {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let status = outbox.status();
        if done(&status) {
            return status;
        }
        assert!(std::time::Instant::now() < until, "{what}: {status:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_till_not_enrolled_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    let till = Till::open(&path).unwrap();
    let outbox = Outbox::start(path.clone(), till.terminal().to_string());
    let status = wait_for(&outbox, "off", |s| s.state != SyncState::Starting);
    assert_eq!(status, SyncStatus::off());
}

#[test]
fn a_server_out_of_reach_is_said_with_the_events_waiting_and_the_till_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    let mut till = Till::open(&path).unwrap();
    // Port 9 (discard) on this machine: nothing listens there.
    till.set_sync_setup(&SyncSetup { server: "http://127.0.0.1:9".into(), shop: "S1".into(), token: "t".into(), ca: None }).unwrap();
    let outbox = Outbox::start(path.clone(), till.terminal().to_string());
    let status = wait_for(&outbox, "unreachable", |s| s.state == SyncState::Unreachable);
    let head = pos_core::store::chain_head(till.conn()).unwrap().position;
    assert_eq!(status.waiting, head, "nothing is known to be on the server");
    assert!(status.failing_since.is_some() && status.last_synced_at.is_none());
    assert_eq!(status.problem.as_ref().map(|p| p.code.as_str()), Some("unreachable"));
    // The till takes a sale all the same.
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    let id = till.open_order(&pos_core::CommandMeta::new(cashier)).unwrap().order.id;
    assert!(id > 0);
    drop(outbox);
}
