//! The app starts on a fresh database, shows its first screen (the sign-in
//! card, or the register), and the status line is filled from the database
//! through the backend.

use pos_core::Till;
use pos_e2e::App;

/// Reads "<n> product(s)" and "<n> order(s)" out of the status line.
fn count_before(text: &str, word: &str) -> Option<i64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .find(|pair| pair[1].trim_end_matches(|c: char| !c.is_alphanumeric()).starts_with(word))
        .and_then(|pair| pair[0].parse().ok())
}

/// What the till shows first: the sign-in card, or the register itself.
const FIRST_SCREEN: [&str; 2] = ["#signin-code", "#register"];

#[tokio::test]
#[ignore = "end-to-end"]
async fn opens_with_counts_from_the_database() {
    let mut app = App::start().await;

    app.wait_until("the sign-in card or the register", || async {
        for css in FIRST_SCREEN {
            if app.is_visible(css).await {
                return Some(());
            }
        }
        None
    })
    .await;

    // The words of the counts, as the screen's language writes one of each.
    let word = |key: &str| app.words().form(key, "one").replace("{count}", "").trim().to_string();
    let (product, order) = (word("status.products"), word("status.orders"));
    let status = app.wait_for_text("#status", &product).await;
    assert!(
        status.starts_with(app.say_prefix("status.connected").trim_end()),
        "the status line comes from the desktop backend, not a stand-in: {status:?}"
    );
    let products = count_before(&status, &product)
        .unwrap_or_else(|| app.fail(&format!("no product count in status line {status:?}")));
    let orders = count_before(&status, &order)
        .unwrap_or_else(|| app.fail(&format!("no order count in status line {status:?}")));
    assert!(products > 0, "a new database is seeded with products, status line: {status:?}");

    app.screenshot(app.dir().join("register.png")).await;
    app.stop().await;

    // The app used the database it was given, and what it showed is what is there.
    assert!(app.db_path().is_file(), "{} was not created", app.db_path().display());
    let mut till = Till::open(app.db_path()).expect("open the app's database");
    let db = till.status().expect("read the status");
    assert_eq!(db.products, products, "products shown vs. in the database");
    assert_eq!(db.orders, orders, "orders shown vs. in the database");
    assert!(db.chain_ok, "the event chain verifies");
}

#[test]
fn reads_counts_from_the_status_line() {
    let line = "Connected · 36 products · 1 order";
    assert_eq!(count_before(line, "product"), Some(36));
    assert_eq!(count_before(line, "order"), Some(1));
    assert_eq!(count_before("Connecting…", "product"), None);
}
