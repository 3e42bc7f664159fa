//! The `pos` tool refuses bad input with a clear message and a non-zero exit,
//! never a panic, and never modifies a file it refuses.

use std::process::{Command, Output};

fn pos(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pos")).args(args).output().expect("run pos")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn refused(args: &[&str], needle: &str) {
    let o = pos(args);
    let t = text(&o);
    assert!(!o.status.success(), "{args:?} succeeded: {t}");
    assert!(!t.contains("panicked"), "{args:?} panicked: {t}");
    assert!(t.contains(needle), "{args:?}: expected {needle:?} in {t}");
}

#[test]
fn refuses_missing_foreign_and_damaged_files_without_touching_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).display().to_string();
    refused(&["--db", &d("missing.db"), "verify"], "No database at");
    assert!(!dir.path().join("missing.db").exists());
    std::fs::write(dir.path().join("notes.txt"), "not a database at all, just words").unwrap();
    refused(&["--db", &d("notes.txt"), "verify"], "is not a SQLite database");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "not a database at all, just words");
    std::fs::write(dir.path().join("short.db"), b"SQLite format").unwrap();
    refused(&["--db", &d("short.db"), "order", "1"], "is not a SQLite database");
}

#[test]
fn every_subcommand_refuses_malformed_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pos.db");
    drop(pos_core::Till::open(&db).unwrap());
    let db = db.display().to_string();
    // The demo shop's events, written on first open.
    let seeded = text(&pos(&["--db", &db, "verify"]));
    assert!(seeded.contains("events intact"), "{seeded}");
    let hostile = ["", "-1", "1e400", "NaN", "Infinity", "'; DROP TABLE events; --", "\u{0007}\u{001b}[2J", &"9".repeat(1_000)];
    for bad in hostile {
        for args in [
            vec!["--db", &db, "order", bad],
            vec!["--db", &db, "order", "1", "--at", bad],
            vec!["--db", &db, "order", "1", "--as-of", bad],
            vec!["--db", &db, "audit", "--kind", bad],
            vec!["--db", &db, "audit", "--min-amount", bad],
            vec!["--db", &db, "audit", "--from", bad],
            vec!["--db", &db, "audit", "--staff", bad],
            vec!["--db", &db, "import-catalog", bad],
            vec!["--db", &db, "bench", "till-day", "--orders", bad],
            vec!["--db", &db, "bench", "till-day", "--sync", bad],
        ] {
            let o = pos(&args);
            let t = text(&o);
            assert!(!o.status.success() || bad.is_empty(), "{args:?} succeeded: {t}");
            assert!(!t.contains("panicked"), "{args:?} panicked: {t}");
            assert!(!t.trim().is_empty(), "{args:?} said nothing");
        }
    }
    refused(&["--db", &db, "order", "404"], "Order 404 does not exist");
    refused(&["--db", &db, "audit", "--min-amount", "abc"], "must be a number");
    // Nothing of that changed the store.
    let o = pos(&["--db", &db, "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(text(&o), seeded);
}

#[test]
fn imports_a_catalog_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pos.db");
    drop(pos_core::Till::open(&db).unwrap());
    let db = db.display().to_string();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "sku,barcode,name,price,tax_rate\nNEW-1,,Scone,2.50,5\nNEW-2,,Tart,abc,5\nNEW-1,,Again,1.00,5\n").unwrap();
    refused(&["--db", &db, "import-catalog", &bad.display().to_string()], "nothing was imported");
    let o = pos(&["--db", &db, "import-catalog", &bad.display().to_string()]);
    let t = text(&o);
    assert!(t.contains("line 3") && t.contains("Price") && t.contains("line 4") && t.contains("earlier in this file"), "{t}");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "sku,barcode,name,price,tax_rate,favourite\nNEW-1,5012345678900,Scone,2.50,5,yes\nNEW-2,,Tart,3,20,\n").unwrap();
    let o = pos(&["--db", &db, "import-catalog", &good.display().to_string()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("imported 2 products"));
}

/// A database with `entries` audited quantity decreases, in orders of
/// `bench::AUDITED_PER_ORDER`.
fn audited_db(dir: &std::path::Path, entries: usize) -> (String, pos_core::Till) {
    let db = dir.join("pos.db");
    let mut till = pos_core::Till::open(&db).unwrap();
    let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN).unwrap().id;
    pos_core::bench::audited_orders(&mut till, cashier, entries).unwrap();
    (db.display().to_string(), till)
}

#[test]
fn verify_head_passes_through_a_printed_head_and_names_a_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let (db, till) = audited_db(dir.path(), 3 * pos_core::bench::AUDITED_PER_ORDER);
    let head = till.chain_head().unwrap();
    let o = pos(&["--db", &db, "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&format!("chain head {}", head.full())), "{}", text(&o));

    let o = pos(&["--db", &db, "verify", "--head", &head.short]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&format!("The chain passes through {}", head.short)), "{}", text(&o));
    refused(&["--db", &db, "verify", "--head", "twelve:abc"], "[bad_head]");
    refused(&["--db", &db, "verify", "--head", &format!("{}:{}", head.position, &head.hash[..11])], "12 to 64 hex digits");
    refused(&["--db", &db, "verify", "--head", &format!("{}:{}", head.position, "0".repeat(12))], "The chain was rewritten");

    // The last order deleted with its summary and audit rows: `verify` alone passes.
    let first_order_end: i64 = till.conn().query_row("SELECT max(position) FROM events WHERE stream = 1", [], |r| r.get(0)).unwrap();
    till.conn()
        .execute_batch(&format!(
            "DROP TRIGGER events_no_delete;
             DELETE FROM events WHERE position > {end};
             DELETE FROM order_summaries WHERE order_id > 1;
             DELETE FROM audit_log WHERE position > {end};",
            end = first_order_end
        ))
        .unwrap();
    drop(till);
    let o = pos(&["--db", &db, "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = pos(&["--db", &db, "verify", "--head", &head.short]);
    let t = text(&o);
    assert!(!o.status.success(), "{t}");
    assert!(t.contains(&format!("Events were deleted: the head {} written down is at position {}", head.short, head.position)), "{t}");
    assert!(t.contains(&format!("now ends at position {first_order_end}")), "{t}");
    assert!(t.contains("[invalid_input]") && !t.contains("panicked"), "{t}");
}

#[test]
fn audit_csv_lists_every_entry_then_the_totals_and_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let (db, till) = audited_db(dir.path(), 1_500);
    let head = till.chain_head().unwrap();
    drop(till);
    let o = pos(&["--db", &db, "audit", "--csv"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    // The entries: the decreases and the cashier's sign-in.
    assert_eq!(lines.len(), 1 + 1_501 + 3 + 1, "header, every entry, a total for each kind and for all, the head");
    assert_eq!(lines[1_502], "total,,,quantityDecrease,2250.00,,,,1500 entries");
    assert_eq!(lines[1_503], "total,,,signIn,0.00,,,,1 entries");
    assert_eq!(lines[1_504], "total,,,all,2250.00,,,,1501 entries");
    assert_eq!(lines[1_505], format!("chain head,,,,,,,,{}", head.full()));
    let o = pos(&["--db", &db, "audit"]);
    assert!(String::from_utf8_lossy(&o.stdout).ends_with("1501 entries\n"), "{}", text(&o));
}

#[test]
fn the_plain_audit_list_tells_the_shops_time_and_the_printed_order_number() {
    // given audited orders of till T1, in a shop whose zone is India's (from the system's TZ)
    let dir = tempfile::tempdir().unwrap();
    let (db, till) = audited_db(dir.path(), 3);
    let terminal = till.terminal().to_string();
    drop(till);
    // when the audit trail is listed
    let o = Command::new(env!("CARGO_BIN_EXE_pos")).env("TZ", "Asia/Kolkata").args(["--db", &db, "audit"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    // then each order's entry has the local time with its zone, and the number its receipt printed
    let decreases: Vec<&str> = out.lines().filter(|l| l.contains("quantityDecrease")).collect();
    assert_eq!(decreases.len(), 3, "{out}");
    for line in decreases {
        assert!(line.contains(" IST ") && line.contains(&format!("order {terminal}-")), "{line}");
    }
}
