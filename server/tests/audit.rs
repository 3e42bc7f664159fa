//! Managers' sign-in and the shop-wide audit trail, against a real
//! PostgreSQL: real tills' files (made with `pos_core::Till`, with sales,
//! discounts, removed lines and voids) pushed by `pos_core::sync`, then read
//! back page by page by a signed-in manager.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{TestShop, SHOP};
use pos_core::sync::{self, ShopServer};
use pos_core::{bench, Till, TillOptions};
use rand::SeedableRng;
use serde_json::{json, Value};

const MANAGER: &str = "Mara";
const PASSPHRASE: &str = "counter top 42";

/// A till `id` on a new file with the demo staff, the workload's catalog and `orders` sales.
fn till_with_sales(path: &Path, id: &str, orders: usize, seed: u64) -> Till {
    let options = TillOptions { seed_demo: true, terminal: Some(id.into()), ..TillOptions::default() };
    let mut till = Till::open_with(path, options).unwrap();
    bench::ensure_catalog(&till).unwrap();
    sell(&mut till, 1..=orders, seed);
    till
}

fn sell(till: &mut Till, orders: std::ops::RangeInclusive<usize>, seed: u64) {
    let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN).unwrap().id;
    let manager = till.approve(pos_core::demo::MANAGER_CODE, pos_core::demo::MANAGER_PIN).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    bench::run_orders(till, cashier, manager, orders, &mut rng, |_, _, _| {}).unwrap();
}

/// The till's own audit log: (till position, kind, its one line), oldest first.
fn till_audit(till: &Till) -> Vec<(i64, String, String)> {
    let mut stmt = till.conn().prepare("SELECT position, kind, detail FROM audit_log ORDER BY position").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn add_manager(shop: &TestShop, name: &str, passphrase: &str) {
    shop.rt.block_on(pos_server::manager::add(&shop.pool, SHOP, name, passphrase)).expect("a manager added");
}

fn sign_in(shop: &TestShop, name: &str, passphrase: &str) -> common::Reply {
    shop.call("POST", "/v1/managers/sign-in", None, Some(json!({"shop": SHOP, "name": name, "passphrase": passphrase})))
}

fn session(shop: &TestShop) -> String {
    add_manager(shop, MANAGER, PASSPHRASE);
    let reply = sign_in(shop, MANAGER, PASSPHRASE);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body["expiresAt"].is_string(), "{reply:?}");
    reply.body["token"].as_str().expect("a token").to_string()
}

/// Every entry, page by page with `before`, `limit` at a time.
fn all_pages(shop: &TestShop, token: &str, limit: usize) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut path = format!("/v1/audit?limit={limit}");
    loop {
        let reply = shop.call("GET", &path, Some(token), None);
        assert_eq!(reply.status, 200, "{reply:?}");
        let page = reply.body["entries"].as_array().unwrap().clone();
        assert!(page.len() <= limit);
        entries.extend(page);
        match reply.body["next"].as_i64() {
            Some(next) => path = format!("/v1/audit?before={next}&limit={limit}"),
            None => return entries,
        }
    }
}

#[test]
fn a_manager_reads_both_tills_entries_newest_first_page_by_page_in_the_tills_own_words() {
    // given two tills with sales, discounts, removed lines and voids, pushed in turns
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut tills = [("T1", 1), ("T2", 2)].map(|(id, seed)| {
        let till = till_with_sales(&dir.path().join(format!("{id}.db")), id, 20, seed);
        let token = sync::enrol(&shop.url, SHOP, till.terminal(), &shop.code(SHOP, id)).unwrap();
        (till, token)
    });
    for round in 0..2 {
        for (i, (till, token)) in tills.iter_mut().enumerate() {
            if round == 1 {
                sell(till, 21..=40, 10 + i as u64);
            }
            sync::push_pending(till, &ShopServer::new(&shop.url, token)).unwrap();
        }
    }
    // when a signed-in manager reads the audit trail, 7 entries a page
    let token = session(&shop);
    let entries = all_pages(&shop, &token, 7);
    // then every entry comes once, newest first, from both tills
    let positions: Vec<i64> = entries.iter().map(|e| e["shopPosition"].as_i64().unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] > w[1]), "newest first, none twice: {positions:?}");
    let expected: usize = tills.iter().map(|(t, _)| till_audit(t).len()).sum();
    assert_eq!(entries.len(), expected);
    assert_eq!(shop.number("SELECT count(*) FROM events WHERE audit_kind IS NOT NULL"), expected as i64);
    // and each till's entries are its own audit log, kind and words alike
    for (till, _) in &tills {
        let mut own: Vec<(i64, String, String)> = entries
            .iter()
            .filter(|e| e["till"] == till.terminal())
            .map(|e| (e["tillSeq"].as_i64().unwrap(), e["kind"].as_str().unwrap().into(), e["description"].as_str().unwrap().into()))
            .collect();
        own.reverse();
        assert_eq!(own, till_audit(till), "till {}", till.terminal());
    }
    let kinds: BTreeSet<&str> = entries.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for kind in ["discount", "lineVoid", "orderVoid", "signIn"] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    // and a manager-approved change names its approver and its order
    let discount = entries.iter().find(|e| e["kind"] == "discount").unwrap();
    assert!(discount["authorisedBy"].is_i64(), "{discount}");
    assert_eq!(discount["orderId"], discount["stream"]);
    assert!(discount["recordedAt"].is_string());
    // and the first page is the newest 50 (all of them when fewer)
    let first = shop.call("GET", "/v1/audit", Some(&token), None);
    let first: Vec<i64> = first.body["entries"].as_array().unwrap().iter().map(|e| e["shopPosition"].as_i64().unwrap()).collect();
    assert_eq!(first, positions[..positions.len().min(50)]);
}

#[test]
fn the_audit_trail_needs_a_manager_and_each_token_stays_on_its_own_side() {
    // given a shop with an enrolled till and a manager
    let Some(shop) = TestShop::start() else { return };
    let till_token = shop.enrolled("T1");
    let token = session(&shop);
    let refused = |reply: common::Reply, status: u16, code: &str| {
        assert_eq!((reply.status, reply.body["code"].as_str()), (status, Some(code)), "{reply:?}");
        reply.body["message"].as_str().unwrap().to_string()
    };
    // then no sign-in, a till's token, or a made-up session are refused
    refused(shop.call("GET", "/v1/audit", None, None), 401, "sign_in_required");
    refused(shop.call("GET", "/v1/audit", Some(&till_token), None), 403, "till_token_refused");
    refused(shop.call("GET", "/v1/audit", Some("mgr_00"), None), 401, "sign_in_required");
    // and a manager's session does not act as a till
    refused(shop.call("GET", "/v1/events", Some(&token), None), 403, "manager_token_refused");
    refused(shop.push(&token, "T1", &common::chain(1, 1, &common::genesis(), "a")), 403, "manager_token_refused");
    // and a wrong passphrase and an unknown name are refused alike
    let wrong = refused(sign_in(&shop, MANAGER, "counter top 43"), 401, "sign_in_refused");
    let unknown = refused(sign_in(&shop, "Nobody", PASSPHRASE), 401, "sign_in_refused");
    assert_eq!(wrong, unknown);
    refused(sign_in(&shop, MANAGER, ""), 401, "sign_in_refused");
    // and a page's size is 1 to 200
    assert_eq!(shop.call("GET", "/v1/audit?limit=200", Some(&token), None).status, 200);
    refused(shop.call("GET", "/v1/audit?limit=0", Some(&token), None), 400, "invalid_input");
    refused(shop.call("GET", "/v1/audit?limit=201", Some(&token), None), 400, "invalid_input");
    // and a session ends after its time
    shop.rt.block_on(async {
        let client = shop.pool.get().await.unwrap();
        client.execute("UPDATE manager_sessions SET expires_at = now() - interval '1 second'", &[]).await.unwrap();
    });
    refused(shop.call("GET", "/v1/audit", Some(&token), None), 401, "sign_in_required");
}

#[test]
fn a_passphrase_is_kept_only_as_a_slow_hash_and_a_new_one_ends_old_sign_ins() {
    let Some(shop) = TestShop::start() else { return };
    let token = session(&shop);
    let stored = shop.rt.block_on(async {
        let client = shop.pool.get().await.unwrap();
        client.query_one("SELECT passphrase_hash FROM managers", &[]).await.unwrap().get::<_, String>(0)
    });
    assert!(stored.starts_with("$argon2id$") && !stored.contains(PASSPHRASE), "{stored}");
    let short = shop.rt.block_on(pos_server::manager::add(&shop.pool, SHOP, MANAGER, "short"));
    assert_eq!(short.unwrap_err().code(), "invalid_input");
    add_manager(&shop, MANAGER, "a new passphrase");
    assert_eq!(shop.call("GET", "/v1/audit", Some(&token), None).status, 401);
    assert_eq!(sign_in(&shop, MANAGER, PASSPHRASE).status, 401);
    assert_eq!(sign_in(&shop, MANAGER, "a new passphrase").status, 200);
}

#[test]
fn five_wrong_passphrases_in_a_row_lock_a_managers_sign_ins_for_a_while() {
    // given a manager
    let Some(shop) = TestShop::start() else { return };
    add_manager(&shop, MANAGER, PASSPHRASE);
    let code = |reply: common::Reply| (reply.status, reply.body["code"].as_str().map(str::to_string));
    // when five wrong passphrases are tried in a row
    for _ in 0..pos_server::limits::SIGN_IN_FAILURES_MAX {
        assert_eq!(code(sign_in(&shop, MANAGER, "a wrong guess")), (401, Some("sign_in_refused".into())));
    }
    // then even the right one is refused, saying until when and how to end it
    let locked = sign_in(&shop, MANAGER, PASSPHRASE);
    assert_eq!((locked.status, locked.body["code"].as_str()), (429, Some("sign_in_locked")), "{locked:?}");
    let message = locked.body["message"].as_str().unwrap();
    assert!(message.contains("refused until") && message.contains("manager-add"), "{message}");
    // and once the lock has run out, the right passphrase signs in and the count starts again
    let run_out = "UPDATE managers SET locked_until = now() - interval '1 second'";
    shop.rt.block_on(async { shop.pool.get().await.unwrap().execute(run_out, &[]).await.unwrap() });
    assert_eq!(sign_in(&shop, MANAGER, PASSPHRASE).status, 200);
    assert_eq!(shop.number("SELECT failed_sign_ins::bigint FROM managers"), 0);
    // and four wrong ones, then the right one, lock nothing
    for _ in 1..pos_server::limits::SIGN_IN_FAILURES_MAX {
        assert_eq!(sign_in(&shop, MANAGER, "a wrong guess").status, 401);
    }
    assert_eq!(sign_in(&shop, MANAGER, PASSPHRASE).status, 200);
    assert_eq!(sign_in(&shop, MANAGER, "a wrong guess").status, 401);
}

#[test]
fn a_new_passphrase_lifts_a_lock() {
    let Some(shop) = TestShop::start() else { return };
    add_manager(&shop, MANAGER, PASSPHRASE);
    for _ in 0..pos_server::limits::SIGN_IN_FAILURES_MAX {
        sign_in(&shop, MANAGER, "a wrong guess");
    }
    assert_eq!(sign_in(&shop, MANAGER, PASSPHRASE).status, 429);
    add_manager(&shop, MANAGER, "a new passphrase");
    assert_eq!(sign_in(&shop, MANAGER, "a new passphrase").status, 200);
}
