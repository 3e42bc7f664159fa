//! Checks shared by the integration tests that drive `pos` child processes.

use std::path::Path;

use pos_core::store::OpenMode;
use pos_core::{Till, TillOptions};

/// Every row `sql` returns, each as its values' debug text joined by `|`.
pub fn dump(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut s = conn.prepare(sql).unwrap();
    let n = s.column_count();
    s.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// Every projection's rows, in a fixed order (the staff's PIN hashes and
/// the snapshot interval are no projection).
pub fn projections(conn: &rusqlite::Connection) -> Vec<Vec<String>> {
    vec![
        dump(conn, "SELECT * FROM order_summaries ORDER BY order_id"),
        dump(conn, "SELECT * FROM audit_log ORDER BY position"),
        dump(conn, "SELECT * FROM products ORDER BY sku"),
        dump(conn, "SELECT * FROM staff ORDER BY id"),
        dump(conn, "SELECT * FROM settings WHERE key <> 'snapshot_interval' ORDER BY key"),
    ]
}

/// The projections as written live equal a rebuild from the events alone.
pub fn projections_equal_a_rebuild(path: &Path) {
    let mut till = Till::open_with(path, TillOptions { mode: OpenMode::MustExist, ..TillOptions::default() }).unwrap();
    let live = projections(till.conn());
    pos_core::projections::rebuild(till.conn_mut()).unwrap();
    assert_eq!(live, projections(till.conn()), "projections differ from a rebuild");
}
