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

/// The projections as written live equal a rebuild from the events alone.
pub fn projections_equal_a_rebuild(path: &Path) {
    let mut till = Till::open_with(path, TillOptions { mode: OpenMode::MustExist, ..TillOptions::default() }).unwrap();
    let live = (
        dump(till.conn(), "SELECT * FROM order_summaries ORDER BY order_id"),
        dump(till.conn(), "SELECT * FROM audit_log ORDER BY position"),
    );
    pos_core::projections::rebuild(till.conn_mut()).unwrap();
    let rebuilt = (
        dump(till.conn(), "SELECT * FROM order_summaries ORDER BY order_id"),
        dump(till.conn(), "SELECT * FROM audit_log ORDER BY position"),
    );
    assert_eq!(live, rebuilt, "projections differ from a rebuild");
}
