//! The till as the `.deb` installs it: the installed binary, started the
//! way a shop starts it (no `--db`: its default database in its data
//! directory), signs a cashier in, rings up an item and takes payment; once
//! the package is removed, the database it wrote is still there and whole.
//!
//! Both tests need a package installed (or removed) by the caller, so they
//! pass with a note unless told where things are. scripts/test's package
//! phase runs them in turn around `dpkg -r` (see `package_tests` there):
//!
//! ```text
//! POS_INSTALLED_APP=/usr/bin/pos-desktop POS_INSTALLED_DATA=DIR \
//!   cargo test --workspace --test e2e -- --ignored --exact installed::sells_on_the_installed_app
//! dpkg -r pos
//! POS_REMOVED_DATA=DIR cargo test --workspace --test e2e -- --ignored --exact installed::the_data_stays_when_the_package_is_removed
//! ```

use std::path::PathBuf;

use pos_core::Till;
use pos_e2e::db::expect_events;
use pos_e2e::{App, Key, APP_IDENTIFIER};
use serde_json::json;

use crate::support::*;

/// The installed app's binary (e.g. /usr/bin/pos-desktop).
const INSTALLED_APP: &str = "POS_INSTALLED_APP";
/// The data home (`XDG_DATA_HOME`) the installed app is given, and where
/// its database stays for the second test.
const INSTALLED_DATA: &str = "POS_INSTALLED_DATA";
/// The same data home, once the package is removed.
const REMOVED_DATA: &str = "POS_REMOVED_DATA";

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The default database inside a data home: `<home>/shop.pos.till/pos.db`.
fn default_db(data_home: &std::path::Path) -> PathBuf {
    data_home.join(APP_IDENTIFIER).join("pos.db")
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn sells_on_the_installed_app() {
    let Some(binary) = env_path(INSTALLED_APP) else {
        eprintln!("skipped: set {INSTALLED_APP} to the installed app's binary (scripts/test's package phase does)");
        return;
    };
    assert!(binary.is_file(), "{INSTALLED_APP}={} is not a file: is the package installed?", binary.display());
    let data_home = env_path(INSTALLED_DATA)
        .unwrap_or_else(|| panic!("{INSTALLED_APP} needs {INSTALLED_DATA}: the data home the app is given, kept after the test"));
    let db_path = default_db(&data_home);
    assert!(!db_path.exists(), "{} exists already: give the test an empty data home", db_path.display());

    let mut app = App::start_installed(binary, data_home).await;
    sign_in_cashier(&app).await;
    app.scan(&barcode(app.db_path(), "COF-ESP")).await;
    wait_rows(&app, 1).await;
    wait_text_eq(&app, "#total", "2.20").await;
    open_modal(&app, Key::F12, "tender").await;
    app.type_into("#cash-input", &enter("5")).await;
    app.find("#modal[data-modal=\"receipt\"]").await;
    wait_text_eq(&app, "#receipt-total", "2.20").await;
    wait_text_eq(&app, "#receipt-change", "2.80").await;
    app.snapshot("installed-receipt").await;
    app.stop().await;

    assert!(db_path.is_file(), "the installed app keeps its database at {}", db_path.display());
    expect_events(
        &db_path,
        &[
            ("OrderOpened", json!({"number": 1})),
            ("ItemAdded", json!({"line": 1, "sku": "COF-ESP", "qty": 1, "price": "2.20"})),
            ("OrderConfirmed", json!({"total": "2.20", "tenders": {"cash": "5", "card": "0"}, "change": "2.80"})),
        ],
    );
}

#[test]
#[ignore = "end-to-end"]
fn the_data_stays_when_the_package_is_removed() {
    let Some(data_home) = env_path(REMOVED_DATA) else {
        eprintln!("skipped: set {REMOVED_DATA} to the data home of a removed installation (scripts/test's package phase does)");
        return;
    };
    let db_path = default_db(&data_home);
    assert!(db_path.is_file(), "removing the package took the database {} with it", db_path.display());
    let mut till = Till::open(&db_path).expect("the database opens after the package is gone");
    let status = till.status().expect("read the status");
    assert_eq!(status.orders, 1, "the sale made on the installed app is still there");
    assert!(status.chain_ok, "the event chain still verifies");
}
