//! A till's copies of the shop's other tills (`sync::ShopCopies`): a copy
//! takes another till's events unchanged and answers every read as that
//! till does; the whole shop's reads merge this till and its copies.


use chrono::{Duration, Utc};
use pos_core::api::{Api, NoDialogs};
use pos_core::read::{self, AuditFilter, OrderFilter};
use pos_core::store::{self, EventRow};
use pos_core::sync::ShopCopies;
use pos_core::{bench, Till, TillOptions};

fn all_rows(till: &Till) -> Vec<EventRow> {
    store::rows_after(till.conn(), 0, usize::MAX).unwrap()
}

/// Every row of a projection table, as text, in a fixed order.
fn table(till: &Till, sql: &str) -> Vec<String> {
    let mut stmt = till.conn().prepare(sql).unwrap();
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn today() -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let now = Utc::now();
    (now - Duration::days(1), now + Duration::days(1))
}

#[test]
fn a_copy_answers_every_read_as_the_till_it_copies() {
    // given till T2 with sales, refunds of lines and voids (the till-day mix)
    let dir = tempfile::tempdir().unwrap();
    let mut t2 = bench::till_with_sales(&dir.path().join("t2.db"), "T2", 40, 3).unwrap();
    // when T1 takes a copy of T2's events in two parts, the second overlapping the first
    let copies = ShopCopies::beside(&dir.path().join("t1.db"), "T1");
    let rows = all_rows(&t2);
    let mut copy = copies.open("T2").unwrap();
    assert_eq!(copy.take_copied(&rows[..rows.len() / 2]).unwrap(), rows.len() / 2);
    assert_eq!(copy.take_copied(&rows).unwrap(), rows.len() - rows.len() / 2);
    assert_eq!(copy.take_copied(&rows).unwrap(), 0, "rows already held are skipped");
    // then the copy holds the same chain, verifies, and every projection is the till's
    assert_eq!(copy.chain_head().unwrap(), t2.chain_head().unwrap());
    assert!(copy.verify().unwrap().intact);
    for sql in [
        "SELECT * FROM order_summaries ORDER BY order_id",
        "SELECT * FROM audit_log ORDER BY position",
        "SELECT * FROM products ORDER BY sku",
        "SELECT id, code, name, role, active FROM staff ORDER BY id",
        "SELECT * FROM streams ORDER BY id",
    ] {
        assert_eq!(table(&copy, sql), table(&t2, sql), "{sql}");
    }
    let (from, to) = today();
    assert_eq!(read::day_report(&copy.reader(), from, to, None).unwrap().totals, read::day_report(&t2.reader(), from, to, None).unwrap().totals);
    let order = read::orders(&t2.reader(), &OrderFilter::default()).unwrap()[3].id;
    assert_eq!(read::timeline(&mut copy.reader(), order).unwrap(), read::timeline(&mut t2.reader(), order).unwrap());
    // and the copy is listed by its till's id, and reads back from disk
    assert_eq!(copies.tills(), vec!["T2".to_string()]);
    drop(copy);
    assert_eq!(copies.read("T2").unwrap().chain_head().unwrap(), t2.chain_head().unwrap());
}

#[test]
fn a_copied_row_that_does_not_follow_the_chain_is_refused_whole() {
    // given a copy holding the first ten events of T2
    let dir = tempfile::tempdir().unwrap();
    let t2 = bench::till_with_sales(&dir.path().join("t2.db"), "T2", 5, 4).unwrap();
    let rows = all_rows(&t2);
    let copies = ShopCopies::beside(&dir.path().join("t1.db"), "T1");
    let mut copy = copies.open("T2").unwrap();
    copy.take_copied(&rows[..10]).unwrap();
    let cases: [(&str, Box<dyn Fn(&mut Vec<EventRow>)>); 3] = [
        ("a changed payload", Box::new(|r: &mut Vec<EventRow>| r[11].payload = r[11].payload.replace('1', "2"))),
        ("a gap", Box::new(|r: &mut Vec<EventRow>| drop(r.remove(10)))),
        ("a row linked elsewhere", Box::new(|r: &mut Vec<EventRow>| r[12].prev_hash = r[10].hash.clone())),
    ];
    for (what, spoil) in cases {
        // when the rest comes with one row spoiled
        let mut sent = rows.clone();
        spoil(&mut sent);
        let e = copy.take_copied(&sent).unwrap_err();
        // then it is refused as a broken copy, and nothing of it was taken
        assert_eq!(e.code(), "copy_broken", "{what}: {e}");
        assert_eq!(copy.chain_head().unwrap().position, 10, "{what}");
    }
}

#[test]
fn the_whole_shop_reads_merge_this_till_and_its_copies() {
    // given till T1 and its copy of till T2, each with sales
    let dir = tempfile::tempdir().unwrap();
    let t1_path = dir.path().join("t1.db");
    let mut t1 = bench::till_with_sales(&t1_path, "T1", 12, 5).unwrap();
    let mut t2 = bench::till_with_sales(&dir.path().join("t2.db"), "T2", 9, 6).unwrap();
    let copies = ShopCopies::beside(&t1_path, "T1");
    copies.open("T2").unwrap().take_copied(&all_rows(&t2)).unwrap();
    let mut copy = copies.read("T2").unwrap();
    let (from, to) = today();
    let all = OrderFilter { limit: Some(1000), ..OrderFilter::default() };
    let every = AuditFilter { limit: Some(1000), ..AuditFilter::default() };
    let (o1, o2) = (read::orders(&t1.reader(), &all).unwrap(), read::orders(&t2.reader(), &all).unwrap());
    let (a1, a2) = (read::audit(&t1.reader(), &every).unwrap(), read::audit(&t2.reader(), &every).unwrap());
    let (d1, d2) = (read::day_report(&t1.reader(), from, to, None).unwrap(), read::day_report(&t2.reader(), from, to, None).unwrap());
    // when the whole shop is read
    let readers = [t1.reader(), copy.reader()];
    let orders = read::shop_orders(&readers, &all).unwrap();
    let audit = read::shop_audit(&readers, &every).unwrap();
    let totals = read::shop_audit_totals(&readers, &every).unwrap();
    let day = read::shop_day_report(&readers, from, to).unwrap();
    // then every order of both tills is there once, newest opened first, naming its till
    assert_eq!(orders.len(), o1.len() + o2.len());
    assert!(orders.windows(2).all(|w| w[0].opened_at >= w[1].opened_at));
    assert_eq!(orders.iter().filter(|o| o.terminal == "T2").count(), o2.len());
    // and the audit trail holds both tills' entries, each with its till and a key unique in the shop
    assert_eq!(audit.len(), a1.len() + a2.len());
    assert!(audit.iter().all(|e| e.till.as_deref() == Some("T1") || e.till.as_deref() == Some("T2")));
    let keys: std::collections::HashSet<_> = audit.iter().map(|e| e.key.clone()).collect();
    assert_eq!(keys.len(), audit.len());
    assert_eq!(totals.count as usize, audit.len());
    assert_eq!(totals.amount, a1.iter().chain(&a2).map(|e| e.amount).sum());
    // and the day's figures are the sum of the two tills'
    let t = &day.totals;
    assert_eq!(t.orders_confirmed, d1.totals.orders_confirmed + d2.totals.orders_confirmed);
    assert_eq!(t.net_sales, d1.totals.net_sales + d2.totals.net_sales);
    assert_eq!(t.cash_expected, d1.totals.cash_expected + d2.totals.cash_expected);
    assert_eq!(day.shifts.len(), d1.shifts.len() + d2.shifts.len());
    // and a page of the merged list is that part of the whole list
    let page = OrderFilter { limit: Some(5), offset: Some(7), ..OrderFilter::default() };
    let paged = read::shop_orders(&readers, &page).unwrap();
    assert_eq!(paged, orders[7..12].to_vec());
}

#[test]
fn an_orders_number_with_its_till_finds_that_tills_order_alone() {
    // given till T1 and its copy of till T2, both with an order 3
    let dir = tempfile::tempdir().unwrap();
    let t1_path = dir.path().join("t1.db");
    let mut t1 = bench::till_with_sales(&t1_path, "T1", 4, 5).unwrap();
    let t2 = bench::till_with_sales(&dir.path().join("t2.db"), "T2", 4, 6).unwrap();
    let copies = ShopCopies::beside(&t1_path, "T1");
    copies.open("T2").unwrap().take_copied(&all_rows(&t2)).unwrap();
    let mut copy = copies.read("T2").unwrap();
    let readers = [t1.reader(), copy.reader()];
    let numbered = |n: &str| OrderFilter { number: Some(n.into()), ..OrderFilter::default() };
    // when the whole shop is searched for "T2-3", " t1-3 " and a bare "3"
    let refs = |n: &str| read::shop_orders(&readers, &numbered(n)).unwrap().into_iter().map(|o| o.reference).collect::<Vec<_>>();
    // then the till's id picks its order, and a bare number finds it on every till
    assert_eq!(refs("T2-3"), ["T2-3"]);
    assert_eq!(refs(" t1-3 "), ["T1-3"]);
    let mut both = refs("3");
    both.sort();
    assert_eq!(both, ["T1-3", "T2-3"]);
    assert!(refs("T3-3").is_empty());
    // and what is no order's number is refused, saying what to type
    let e = read::shop_orders(&readers, &numbered("T2-")).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(e.to_string().contains("T1-42"), "{e}");
}

#[test]
fn the_whole_shop_is_unavailable_without_a_shop_server() {
    // given a till behind the API with no outbox (not connected to a shop server)
    let dir = tempfile::tempdir().unwrap();
    let till = Till::open_with(&dir.path().join("t.db"), TillOptions { seed_demo: true, ..TillOptions::default() }).unwrap();
    let api = Api::new(till, Box::new(NoDialogs));
    api.call("sign_in", serde_json::json!({ "code": pos_core::demo::MANAGER_CODE, "pin": pos_core::demo::MANAGER_PIN })).unwrap();
    // when the whole shop's orders, audit trail and day are asked for
    let from = Utc::now().to_rfc3339();
    for (command, args) in [
        ("orders", serde_json::json!({ "filter": {}, "scope": "shop" })),
        ("audit", serde_json::json!({ "filter": {}, "scope": "shop" })),
        ("day_report", serde_json::json!({ "from": from, "to": from, "terminal": null, "scope": "shop" })),
    ] {
        // then each is refused as unavailable, saying why, while this till's own answers
        let e = api.call(command, args.clone()).unwrap_err();
        assert_eq!(e.code, "shop_unavailable", "{command}");
        assert!(e.message.contains("not connected to a shop server"), "{}", e.message);
        let mut own = args;
        own["scope"] = "till".into();
        api.call(command, own).unwrap();
    }
    // and a till that was never copied is not found, not created
    let e = api.call("timeline", serde_json::json!({ "orderId": 1, "till": "T9" })).unwrap_err();
    assert_eq!(e.code, "not_found");
    assert!(!dir.path().join("t.db.shop").join("T9.db").exists());
}
