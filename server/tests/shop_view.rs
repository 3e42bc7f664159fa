//! The whole shop on a till: each till's outbox pushes its own events and
//! pulls the other tills' into copies beside its file, and the API's
//! "whole shop" reads show every till. Real tills, real PostgreSQL.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{head, TestShop, SHOP};
use pos_core::api::{Api, NoDialogs};
use pos_core::sync::{self, ShopCopies, ShopServer};
use pos_core::{bench, Till};
use serde_json::json;

/// A till with sales, enrolled with the shop, its enrolment kept in its file.
fn enrolled_till(shop: &TestShop, dir: &Path, id: &str, orders: usize) -> (Till, String) {
    let till = bench::till_with_sales(&dir.join(format!("{id}.db")), id, orders, orders as u64).unwrap();
    let token = sync::enrol(&shop.url, SHOP, id, &shop.code(SHOP, id)).unwrap();
    till.set_sync_setup(&sync::SyncSetup { server: shop.url.clone(), shop: SHOP.into(), token: token.clone(), ca: None }).unwrap();
    (till, token)
}

#[test]
fn a_till_copies_every_other_till_and_nothing_of_its_own() {
    // given three tills with sales, all pushed
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let tills: Vec<_> = ["T1", "T2", "T3"].iter().zip([6, 9, 4]).map(|(id, n)| enrolled_till(&shop, dir.path(), id, n)).collect();
    for (till, token) in &tills {
        sync::push_pending(till, &ShopServer::new(&shop.url, token)).unwrap();
    }
    // when T1 pulls the shop
    let (t1, token) = &tills[0];
    let copies = ShopCopies::beside(t1.path(), "T1");
    let server = ShopServer::new(&shop.url, token);
    let through = copies.pull(&server).unwrap();
    // then it holds a copy of T2 and T3, each the same chain as the till's, and none of itself
    assert_eq!(through, shop.number("SELECT max(shop_position) FROM events"));
    assert_eq!(copies.tills(), vec!["T2".to_string(), "T3".to_string()]);
    for (till, _) in &tills[1..] {
        let copy = copies.read(till.terminal()).unwrap();
        assert_eq!(copy.chain_head().unwrap(), till.chain_head().unwrap());
        assert!(copy.verify().unwrap().intact);
    }
    // and a second pull takes nothing and stays where it was
    assert_eq!(copies.pull(&server).unwrap(), through);
    assert_eq!(copies.read("T2").unwrap().chain_head().unwrap().position, head(&tills[1].0));
}

/// Waits up to 30 s for `done`.
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < until, "{what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_manager_on_either_till_sees_both_tills_in_the_whole_shop() {
    // given two tills with sales, each behind the API with its outbox running
    let Some(shop) = TestShop::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let apis: Vec<Api> = [("T1", 5), ("T2", 8)]
        .iter()
        .map(|(id, n)| {
            let (till, _) = enrolled_till(&shop, dir.path(), id, *n);
            let outbox = sync::Outbox::start(till.path().to_path_buf(), id.to_string());
            Api::new(till, Box::new(NoDialogs)).with_outbox(outbox)
        })
        .collect();
    let manager = json!({ "code": pos_core::demo::MANAGER_CODE, "pin": pos_core::demo::MANAGER_PIN });
    for api in &apis {
        api.call("sign_in", manager.clone()).unwrap();
    }
    // when both have pushed and each has pulled the other
    let all_orders = |api: &Api, scope: &str| -> Vec<serde_json::Value> {
        let rows = api.call("orders", json!({ "filter": { "limit": 1000 }, "scope": scope })).unwrap();
        rows.as_array().unwrap().clone()
    };
    for api in &apis {
        wait_until("the whole shop's orders", || {
            let synced = api.call("sync_status", json!({})).unwrap()["state"] == "synced";
            synced && api.call("orders", json!({ "filter": { "limit": 1000 }, "scope": "shop" })).map_or(false, |r| r.as_array().unwrap().len() == 13)
        });
    }
    // then on either till the whole shop holds both tills' orders, its own only its own
    for (api, own) in apis.iter().zip(["T1", "T2"]) {
        let shop_rows = all_orders(api, "shop");
        assert_eq!(shop_rows.iter().filter(|o| o["terminal"] == "T1").count(), 5);
        assert_eq!(shop_rows.iter().filter(|o| o["terminal"] == "T2").count(), 8);
        assert!(all_orders(api, "till").iter().all(|o| o["terminal"] == own));
        // and its audit trail names both tills, its day report counts both tills' sales
        let audit = api.call("audit", json!({ "filter": { "limit": 1000 }, "scope": "shop" })).unwrap();
        let tills: std::collections::BTreeSet<_> = audit.as_array().unwrap().iter().map(|e| e["till"].as_str().unwrap().to_string()).collect();
        assert_eq!(tills.into_iter().collect::<Vec<_>>(), vec!["T1", "T2"]);
        let now = chrono::Utc::now();
        let day = json!({ "from": (now - chrono::Duration::days(1)).to_rfc3339(), "to": (now + chrono::Duration::days(1)).to_rfc3339(), "terminal": null });
        let mut whole = day.clone();
        whole["scope"] = "shop".into();
        let own_day = api.call("day_report", day).unwrap();
        let shop_day = api.call("day_report", whole).unwrap();
        let confirmed = |r: &serde_json::Value| r["totals"]["ordersConfirmed"].as_u64().unwrap();
        assert!(confirmed(&shop_day) > confirmed(&own_day));
        // and another till's order opens on the timeline
        let other = shop_rows.iter().find(|o| o["terminal"] != own).unwrap();
        let marks = api.call("timeline", json!({ "orderId": other["id"], "till": other["terminal"] })).unwrap();
        assert_eq!(marks.as_array().unwrap().len() as u64, other["version"].as_u64().unwrap());
    }
    // and when the server is gone, the whole shop is refused as unavailable, this till's own still answers
    drop(shop);
    for api in &apis {
        wait_until("the outbox noticing", || api.call("sync_status", json!({})).unwrap()["state"] != "synced");
        let e = api.call("orders", json!({ "filter": {}, "scope": "shop" })).unwrap_err();
        assert_eq!(e.code, "shop_unavailable", "{}", e.message);
        api.call("orders", json!({ "filter": {}, "scope": "till" })).unwrap();
    }
}
