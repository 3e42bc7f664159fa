//! A stored value that cannot be what pos wrote (a damaged file, or one
//! edited outside pos) is reported as `corrupt_row`, never read as zero, as
//! 1970 or as some default.

use pos_core::demo::{CASHIER_CODE, CASHIER_PIN};
use pos_core::domain::OrderId;
use pos_core::read::{self, OrderFilter};
use pos_core::store::{self, StoreError};
use pos_core::{CommandMeta, OrderRequest, Till};

/// A till with one order of three lines (four events, after the demo
/// shop's): `at(v)` is the position of the order's event `v`.
fn till_with_an_order(dir: &tempfile::TempDir) -> (Till, OrderId) {
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
    for code in ["COF-ESP", "COF-LAT", "BAK-CRO"] {
        till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &CommandMeta::new(cashier)).unwrap();
    }
    till.forget_cache();
    (till, id)
}

fn at(till: &Till, id: OrderId, version: u32) -> i64 {
    till.conn().query_row("SELECT position FROM events WHERE stream = ?1 AND version = ?2", (id, version), |r| r.get(0)).unwrap()
}

fn tamper(till: &Till, sql: &str) {
    till.conn().execute_batch("DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;").unwrap();
    till.conn().execute_batch(sql).unwrap();
}

fn corrupt_at(err: pos_core::Error) -> Option<i64> {
    assert_eq!(err.code(), "corrupt_row", "{err}");
    match err {
        pos_core::Error::Store(StoreError::CorruptRow { position, .. }) => position,
        other => panic!("{other}"),
    }
}

#[test]
fn an_event_time_out_of_range_names_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = till_with_an_order(&dir);
    let third = at(&till, id, 3);
    tamper(&till, &format!("UPDATE events SET recorded_at = 9223372036854775807 WHERE position = {third}"));
    assert_eq!(corrupt_at(till.records(id).map(|r| r.len()).unwrap_err()), Some(third));
    let err = store::read_stream(till.conn(), id, 0, u32::MAX).unwrap_err();
    assert!(matches!(err, StoreError::CorruptRow { position: Some(p), .. } if p == third), "{err}");
    let report = till.verify().unwrap();
    assert_eq!(report.breach.map(|b| b.position), Some(third));
}

#[test]
fn an_event_missing_from_an_order_is_not_folded_over() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = till_with_an_order(&dir);
    let (second, third) = (at(&till, id, 2), at(&till, id, 3));
    tamper(&till, &format!("DELETE FROM events WHERE position = {second}"));
    assert_eq!(corrupt_at(till.load(id).unwrap_err()), Some(third));
}

#[test]
fn a_summary_amount_or_time_that_does_not_parse_is_an_error_not_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, id) = till_with_an_order(&dir);
    assert_eq!(read::orders(&till.reader(), &OrderFilter::default()).unwrap().len(), 1);
    tamper(&till, &format!("UPDATE order_summaries SET total = 'a lot' WHERE order_id = {id}"));
    let err = read::orders(&till.reader(), &OrderFilter::default()).unwrap_err();
    assert_eq!(corrupt_at(err), None);
    tamper(&till, &format!("UPDATE order_summaries SET total = '6.50', status = 'lost' WHERE order_id = {id}"));
    let err = read::orders(&till.reader(), &OrderFilter::default()).unwrap_err();
    assert!(err.to_string().contains("\"lost\" is not an order status"), "{err}");
}
