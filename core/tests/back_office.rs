//! The back office as events: commands recorded on their own streams,
//! the tables their projections, the history read back, and a database made
//! before these events existed imported once.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use pos_core::catalog::ProductInput;
use pos_core::domain::Role;
use pos_core::read::{self, AuditFilter};
use pos_core::projections::AuditKind;
use pos_core::settings::SettingsInput;
use pos_core::staff::StaffInput;
use pos_core::store::OpenMode;
use pos_core::{CommandMeta, OrderRequest, Till, TillOptions};
use rust_decimal_macros::dec;

/// An hour from the start of the test run, to the second (after the demo
/// shop was seeded at the real time).
fn noon() -> DateTime<Utc> {
    static START: std::sync::OnceLock<DateTime<Utc>> = std::sync::OnceLock::new();
    *START.get_or_init(|| {
        let t = Utc::now() + Duration::hours(1);
        Utc.timestamp_opt(t.timestamp(), 0).unwrap()
    })
}

/// The first column of every row `sql` returns, as text.
fn texts(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut s = conn.prepare(sql).unwrap();
    s.query_map([], |r| r.get::<_, String>(0)).unwrap().map(|r| r.unwrap()).collect()
}

/// A demo till whose clock reads `noon() + minutes` as set.
fn till_at(dir: &tempfile::TempDir) -> (Till, std::sync::Arc<std::sync::atomic::AtomicI64>) {
    let minutes = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let m = minutes.clone();
    till.set_clock(move || noon() + Duration::minutes(m.load(std::sync::atomic::Ordering::SeqCst)));
    (till, minutes)
}

fn espresso(price: &str) -> ProductInput {
    ProductInput {
        sku: "COF-ESP".into(),
        barcode: "2000000010007".into(),
        name: "Espresso".into(),
        price: price.into(),
        tax_rate: "20".into(),
        favourite: true,
    }
}

fn kinds(till: &Till, stream_where: &str) -> Vec<String> {
    texts(till.conn(), &format!("SELECT kind FROM events_readable WHERE {stream_where} ORDER BY position"))
}

#[test]
fn a_price_change_is_an_event_by_the_signed_in_manager_in_the_audit_trail_and_the_price_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, minutes) = till_at(&dir);
    let manager = till.sign_in("9001", "9999").unwrap().id;
    minutes.store(60, std::sync::atomic::Ordering::SeqCst);
    let p = till.update_product(&espresso("2.40")).unwrap();
    assert_eq!(p.price, dec!(2.40));

    let (actor, terminal, payload): (i64, String, String) = till
        .conn()
        .query_row("SELECT actor, terminal, payload FROM events_readable WHERE kind = 'PriceChanged'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((actor, terminal.as_str()), (manager, "T1"));
    assert_eq!(payload, r#"{"sku":"COF-ESP","from":"2.20","to":"2.40"}"#);

    let history = read::price_history(&till.reader(), "COF-ESP").unwrap();
    let prices: Vec<_> = history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(prices, vec![(None, dec!(2.20)), (Some(dec!(2.20)), dec!(2.40))]);
    assert_eq!(history[1].change.actor_name, "Morgan Manager");
    assert_eq!(history[1].change.at, noon() + Duration::minutes(60));

    let mut at = |m: i64| read::product_at(&till.reader(), "COF-ESP", noon() + Duration::minutes(m)).unwrap().map(|p| p.price);
    assert_eq!(at(30), Some(dec!(2.20)), "the price before the change");
    assert_eq!(at(60), Some(dec!(2.40)));
    assert_eq!(read::product_at(&till.reader(), "COF-ESP", noon() - Duration::days(1)).unwrap(), None, "not added yet");

    let audit = read::audit(&till.reader(), &AuditFilter { kinds: vec![AuditKind::PriceChange], ..AuditFilter::default() }).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].order_id, audit[0].actor, audit[0].detail.as_str()), (None, manager, "Price of COF-ESP from 2.20 to 2.40"));
    // The entry opens the product's timeline at the version the change made.
    assert_eq!((audit[0].record.clone(), audit[0].version), (Some(read::RecordKey::Product { sku: "COF-ESP".into() }), Some(2)));
    assert!(read::audit_csv(&audit, till.settings().zone()).unwrap().contains("priceChange"));
}

#[test]
fn every_back_office_change_is_recorded_on_its_stream_and_the_tables_equal_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _) = till_at(&dir);
    till.sign_in("9001", "9999").unwrap();
    till.add_product(&ProductInput { sku: "NEW-1".into(), barcode: String::new(), name: "New".into(), price: "1".into(), tax_rate: "5".into(), favourite: false }).unwrap();
    till.update_product(&ProductInput { name: "Strong espresso".into(), ..espresso("2.20") }).unwrap();
    till.set_product_archived("NEW-1", true).unwrap();
    till.set_product_archived("NEW-1", false).unwrap();
    let sam = till.add_staff(&StaffInput { code: "1002".into(), name: "Sam".into(), role: Role::Cashier, pin: "4312".into() }).unwrap();
    till.set_staff_role(sam.id, Role::Manager).unwrap();
    till.reset_pin(sam.id, "5851").unwrap();
    till.set_staff_active(sam.id, false).unwrap();
    till.save_settings(&SettingsInput {
        shop_name: "Corner Shop".into(),
        shop_address: "2 Low Street".into(),
        currency: "EUR".into(),
        cash_coin: String::new(),
        time_zone: String::new(),
        language: String::new(),
    })
    .unwrap();
    let policy = pos_core::policy::PolicyInput {
        cashier_discount_percent_max: "5".into(),
        ..pos_core::policy::PolicyInput::from(&pos_core::domain::Policy::default())
    };
    till.save_policy(&policy).unwrap();
    till.sign_out().unwrap();

    assert_eq!(kinds(&till, "payload LIKE '%\"NEW-1\"%'"), ["ProductAdded", "ProductArchived", "ProductRestored"]);
    assert_eq!(kinds(&till, "kind = 'ProductChanged'"), ["ProductChanged"]);
    let sam_stream = format!("stream = (SELECT -id FROM streams WHERE kind = 'staff' AND key = '{}')", sam.id);
    assert_eq!(kinds(&till, &sam_stream), ["StaffAdded", "RoleChanged", "PinReset", "StaffDeactivated"]);
    assert_eq!(kinds(&till, "stream = -1 AND position > 40"), ["SettingsChanged", "PolicyChanged"]);
    assert_eq!(kinds(&till, "kind IN ('SignedIn', 'SignedOut')"), ["SignedIn", "SignedOut"]);
    let minimum: i64 = till.conn().query_row("SELECT min(stream) FROM events", [], |r| r.get(0)).unwrap();
    assert!(minimum < 0, "the back office's streams are negative");

    let audited = texts(till.conn(), "SELECT kind FROM audit_log ORDER BY position");
    assert_eq!(
        audited,
        [
            "signIn",
            "productAdded",
            "productChange",
            "productArchive",
            "productRestore",
            "staffAdded",
            "roleChange",
            "pinReset",
            "staffDeactivation",
            "settingsChange",
            "policyChange",
            "signOut"
        ]
        .map(String::from)
    );
    let policy = read::policy_at(&till.reader(), Utc::now() + Duration::days(365)).unwrap().unwrap();
    assert_eq!(policy.policy.cashier.discount_percent_max, dec!(5));
    assert_eq!(read::policy_history(&till.reader()).unwrap().len(), 2, "the demo's policy, then this one");
    assert!(till.verify().unwrap().intact);
    drop(till);
    common::projections_equal_a_rebuild(&dir.path().join("pos.db"));
}

#[test]
fn a_pin_reset_records_neither_the_pin_nor_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _) = till_at(&dir);
    till.sign_in("9001", "9999").unwrap();
    let cashier = till.staff_by_code("1001").unwrap().unwrap();
    till.reset_pin(cashier.id, "86420").unwrap();
    let hash: String = till.conn().query_row("SELECT pin_hash FROM staff_pins WHERE staff = ?1", [cashier.id], |r| r.get(0)).unwrap();
    let payloads = texts(till.conn(), "SELECT payload FROM events");
    let reset = texts(till.conn(), "SELECT payload FROM events_readable WHERE kind = 'PinReset'");
    assert_eq!(reset, [format!("{{\"id\":{}}}", cashier.id)]);
    for p in &payloads {
        assert!(!p.contains("86420") && !p.contains(&hash) && !p.contains("argon2") && !p.to_lowercase().contains("pin\":"), "{p}");
    }
    till.sign_out().unwrap();
    assert_eq!(till.sign_in("1001", "86420").unwrap().id, cashier.id, "the new PIN works");
    assert_eq!(till.sign_in("1001", "1234").unwrap_err().code(), "wrong_pin");
}

#[test]
fn the_rules_of_the_back_office_keep_their_error_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _) = till_at(&dir);
    let me = till.sign_in("9001", "9999").unwrap();
    let dup = ProductInput { sku: "NEW-2".into(), barcode: "2000000010007".into(), ..espresso("1") };
    assert_eq!(till.add_product(&dup).unwrap_err().code(), "duplicate");
    assert_eq!(till.add_product(&espresso("1")).unwrap_err().code(), "duplicate");
    assert_eq!(till.update_product(&ProductInput { sku: "NOPE".into(), ..espresso("1") }).unwrap_err().code(), "not_found");
    assert_eq!(till.set_staff_active(me.id, false).unwrap_err().to_string(), "You cannot deactivate yourself while signed in");
    let taken = StaffInput { code: "1001".into(), name: "X".into(), role: Role::Cashier, pin: "2580".into() };
    assert_eq!(till.add_staff(&taken).unwrap_err().code(), "duplicate");
    let before: i64 = till.conn().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
    till.update_product(&espresso("2.20")).unwrap();
    let after: i64 = till.conn().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after, "an edit that changes nothing records nothing");
}

#[test]
fn orders_and_the_back_office_share_one_chain_and_order_numbers_are_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _) = till_at(&dir);
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
    assert_eq!(id, 1, "the first order is order 1 even after the demo's events");
    till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(cashier)).unwrap();
    till.sign_in("9001", "9999").unwrap();
    till.update_product(&espresso("2.50")).unwrap();
    let view = till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(cashier)).unwrap().order;
    assert_eq!(view.lines.iter().map(|l| l.line.unit_price).collect::<Vec<_>>(), vec![dec!(2.20), dec!(2.50)]);
    let report = till.verify().unwrap();
    assert!(report.intact, "{report}");
    let total: i64 = till.conn().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
    assert_eq!(report.events, total);
    drop(till);
    common::projections_equal_a_rebuild(&dir.path().join("pos.db"));
}

/// A database as the previous version made it: schema 2, plain tables.
fn old_database(path: &std::path::Path) {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(include_str!("../fixtures/schema_v2.sql")).unwrap();
    conn.pragma_update(None, "application_id", pos_core::store::APPLICATION_ID).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    let hash = argon2::Argon2::default().hash_password(b"2468", &SaltString::generate(&mut OsRng)).unwrap().to_string();
    conn.execute_batch(
        "INSERT INTO products VALUES ('TEA', '123', 'Tea', '1.50', '20', 1, 0), ('OLD', NULL, 'Old stock', '0.99', '5', 0, 1);
         INSERT INTO settings VALUES ('shop_name', 'Old Shop'), ('discount_percent_max_unapproved', '15'), ('snapshot_interval', '50');",
    )
    .unwrap();
    conn.execute("INSERT INTO staff (id, code, name, role, pin_hash, active, failed_pins) VALUES (4, '7', 'Kim', 'manager', ?1, 1, 2)", [&hash]).unwrap();
    conn.execute("INSERT INTO staff (id, code, name, role, pin_hash, active) VALUES (6, '8', 'Lou', 'cashier', ?1, 0)", [&hash]).unwrap();
}

#[test]
fn a_database_of_the_previous_version_has_its_tables_imported_once_as_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    old_database(&path);
    let before = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        (
            common::dump(&conn, "SELECT * FROM products ORDER BY sku"),
            common::dump(&conn, "SELECT id, code, name, role, active FROM staff ORDER BY id"),
        )
    };
    let options = || TillOptions { mode: OpenMode::MustExist, seed_demo: true, ..TillOptions::default() };
    let mut till = Till::open_with(&path, options()).unwrap();
    let events = texts(till.conn(), "SELECT kind || ' ' || payload FROM events_readable ORDER BY position");
    assert_eq!(events.len(), 2 + 1 + 2 + 1 + 2, "{events:#?}");
    assert!(events.iter().all(|e| e.contains("imported")), "every event is marked imported: {events:#?}");
    assert!(events[0].contains("ProductAdded") && events[0].contains(r#""sku":"OLD""#), "{events:#?}");
    assert!(events[1].contains("ProductArchived"));
    assert!(events.iter().any(|e| e.contains("PolicyChanged") && e.contains(r#""discountPercentMax":"15""#)));
    assert!(!events.iter().any(|e| e.contains("pin")), "no PIN or hash: {events:#?}");
    assert_eq!(common::dump(till.conn(), "SELECT * FROM products ORDER BY sku"), before.0);
    assert_eq!(common::dump(till.conn(), "SELECT id, code, name, role, active FROM staff ORDER BY id"), before.1);
    assert_eq!(till.settings().shop_name, "Old Shop");
    assert_eq!(till.snapshot_interval(), 50);
    assert!(till.verify().unwrap().intact);
    assert_eq!(till.sign_in("7", "2468").unwrap().id, 4, "the old PIN hash still signs in");
    assert_eq!(
        texts(till.conn(), "SELECT kind FROM audit_log"),
        ["signIn"],
        "an import is not a change (the sign-in just made is in the trail)"
    );
    drop(till);

    let till = Till::open_with(&path, options()).unwrap();
    let count: i64 = till.conn().query_row("SELECT count(*) FROM events WHERE kind <> 21", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 8, "imported once");
    drop(till);
    common::projections_equal_a_rebuild(&path);
}

#[test]
fn a_discounts_timeline_step_names_the_policy_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _) = till_at(&dir);
    let manager = till.sign_in("9001", "9999").unwrap().id;
    let id = till.open_order(&CommandMeta::new(manager)).unwrap().order.id;
    till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(manager)).unwrap();
    let discount = OrderRequest::ApplyDiscount {
        scope: pos_core::domain::DiscountScope::Order,
        kind: pos_core::domain::DiscountKind::Percent,
        value: "5".into(),
        reason: "Regular".into(),
    };
    till.execute(id, discount, &CommandMeta::new(manager)).unwrap();
    let step = read::timeline_at(&mut till.reader(), id, 3, 10).unwrap();
    let policies = read::policy_history(&till.reader()).unwrap();
    assert_eq!(step.entry.policy_version, Some(policies[0].change.version));
    assert_eq!(read::timeline_at(&mut till.reader(), id, 2, 10).unwrap().entry.policy_version, None, "not a discount");
}

#[test]
fn a_product_the_shop_and_a_staff_member_each_have_a_timeline_with_every_version() {
    use pos_core::read::{RecordKey, RecordState};
    let dir = tempfile::tempdir().unwrap();
    let (mut till, minutes) = till_at(&dir);
    let manager = till.sign_in("9001", "9999").unwrap().id;
    minutes.store(60, std::sync::atomic::Ordering::SeqCst);
    till.update_product(&espresso("2.40")).unwrap();
    minutes.store(120, std::sync::atomic::Ordering::SeqCst);
    till.set_product_archived("COF-ESP", true).unwrap();

    let espresso_record = RecordKey::Product { sku: "COF-ESP".into() };
    let marks = read::record_timeline(&till.reader(), &espresso_record).unwrap();
    let kinds: Vec<_> = marks.iter().map(|c| (c.version, format!("{:?}", c.kind))).collect();
    assert_eq!(kinds, [(1, "ProductAdded".into()), (2, "PriceChanged".into()), (3, "ProductArchived".into())]);

    let step = read::record_at(&till.reader(), &espresso_record, 2).unwrap();
    assert_eq!((step.change.version, step.change.actor), (2, manager));
    let price = |s: &RecordState| match s {
        RecordState::Product(p) => (p.price, p.archived),
        other => panic!("not a product: {other:?}"),
    };
    assert_eq!(price(&step.state), (dec!(2.40), false));
    assert_eq!(step.before.as_ref().map(price), Some((dec!(2.20), false)));
    let first = read::record_at(&till.reader(), &espresso_record, 1).unwrap();
    assert_eq!((price(&first.state), first.before), ((dec!(2.20), false), None));
    assert_eq!(price(&read::record_at(&till.reader(), &espresso_record, 3).unwrap().state), (dec!(2.40), true));

    // What was the price at a given time: the version in force then.
    let mut at = |m: i64| read::record_version_at(&till.reader(), &espresso_record, noon() + Duration::minutes(m));
    assert_eq!(at(59).unwrap(), 1);
    assert_eq!(at(60).unwrap(), 2);
    assert_eq!(at(500).unwrap(), 3);
    assert_eq!(at(-60 * 24 * 365).unwrap_err().code(), "not_yet_recorded");

    let err = read::record_at(&till.reader(), &espresso_record, 4).unwrap_err();
    assert_eq!((err.code(), err.to_string().as_str()), ("no_such_version", "Product \"COF-ESP\" has no version 4 (it has 3)"));
    assert_eq!(read::record_at(&till.reader(), &espresso_record, 0).unwrap_err().code(), "no_such_version");
    let none = RecordKey::Product { sku: "NOPE".into() };
    assert_eq!(read::record_timeline(&till.reader(), &none).unwrap_err().code(), "not_found");

    // The shop: details and policy on one stream, each step carrying both.
    let policy = pos_core::policy::PolicyInput {
        cashier_discount_percent_max: "5".into(),
        ..pos_core::policy::PolicyInput::from(&pos_core::domain::Policy::default())
    };
    till.save_policy(&policy).unwrap();
    let shop = read::record_timeline(&till.reader(), &RecordKey::Shop).unwrap();
    let last = read::record_at(&till.reader(), &RecordKey::Shop, shop.len() as u32).unwrap();
    match (&last.state, &last.before) {
        (RecordState::Shop(now), Some(RecordState::Shop(then))) => {
            assert_eq!(now.policy.as_ref().unwrap().cashier.discount_percent_max, dec!(5));
            assert_eq!(then.policy.as_ref().unwrap().cashier.discount_percent_max, dec!(10));
            assert_eq!(now.details, then.details, "the details are carried along");
            assert!(now.details.is_some());
        }
        other => panic!("not the shop: {other:?}"),
    }

    // A staff member: added, then made a manager.
    let sam = till.add_staff(&StaffInput { code: "1002".into(), name: "Sam".into(), role: Role::Cashier, pin: "4312".into() }).unwrap();
    till.set_staff_role(sam.id, Role::Manager).unwrap();
    let sam_record = RecordKey::Staff { id: sam.id };
    let marks = read::record_timeline(&till.reader(), &sam_record).unwrap();
    assert_eq!(marks.len(), 2);
    match read::record_at(&till.reader(), &sam_record, 2).unwrap().state {
        RecordState::Staff(s) => assert_eq!((s.name.as_str(), s.role, s.active), ("Sam", Role::Manager, true)),
        other => panic!("not a staff member: {other:?}"),
    }
}

#[test]
fn signing_in_and_out_is_in_the_audit_trail_and_a_file_from_before_gets_its_sign_ins_entered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    {
        let (mut till, _) = till_at(&dir);
        let alex = till.sign_in("1001", "1234").unwrap().id;
        till.sign_out().unwrap();
        let filter = AuditFilter { kinds: vec![AuditKind::SignIn, AuditKind::SignOut], ..AuditFilter::default() };
        let entries = read::audit(&till.reader(), &filter).unwrap();
        let seen: Vec<_> = entries.iter().map(|e| (e.kind, e.actor, e.detail.as_str(), e.order_id)).collect();
        assert_eq!(
            seen,
            [(AuditKind::SignOut, alex, "Signed out at till T1", None), (AuditKind::SignIn, alex, "Signed in at till T1", None)]
        );
        // Each opens the staff member's timeline at that moment.
        assert_eq!(entries[1].record, Some(read::RecordKey::Staff { id: alex }));
        assert!(entries[1].version.is_some());
    }
    // The same file as the previous schema left it: no sign-ins in the trail.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let before = texts(&conn, "SELECT kind || '|' || at || '|' || actor || '|' || detail FROM audit_log WHERE kind IN ('signIn', 'signOut') ORDER BY position");
    assert_eq!(before.len(), 2);
    conn.execute_batch(
        "DELETE FROM audit_log WHERE kind IN ('signIn', 'signOut'); DROP TABLE receipt_prints;
         DROP INDEX audit_log_undescribed; ALTER TABLE audit_log DROP COLUMN description; PRAGMA user_version = 4;",
    )
        .unwrap();
    drop(conn);
    let till = Till::open(&path).unwrap();
    let after = texts(till.conn(), "SELECT kind || '|' || at || '|' || actor || '|' || detail FROM audit_log WHERE kind IN ('signIn', 'signOut') ORDER BY position");
    assert_eq!(after, before, "entered exactly as the live projection writes them");
}
