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
