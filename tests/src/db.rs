//! What the tests read back from the app's database, through `pos-core`
//! (never through the UI): the stored events, staff ids, order state.
//!
//! The database may be read while the app is running (SQLite in WAL mode
//! lets a reader in beside the app's writes).

use std::fmt::Write as _;
use std::path::Path;

use pos_core::store::{self, OpenMode, Sync};
use pos_core::{Till, TillOptions};
use serde_json::Value;

/// One stored event, as the tests compare them.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub position: i64,
    /// The order id.
    pub stream: i64,
    pub version: u32,
    /// The kind's name, as in the `events_readable` view ("ItemAdded").
    pub kind: &'static str,
    /// The payload as stored (camelCase keys; amounts are decimal strings).
    pub payload: Value,
    pub actor: i64,
    pub authorised_by: Option<i64>,
}

/// Opens an existing database with `pos-core` (no seeding, no creation).
pub fn open(path: &Path) -> Till {
    let options = TillOptions { mode: OpenMode::MustExist, seed_demo: false, sync: Sync::Normal, ..TillOptions::default() };
    Till::open_with(path, options).unwrap_or_else(|e| panic!("cannot open the database {}: {e}", path.display()))
}

/// Every order event in the database, in position order.
pub fn events(path: &Path) -> Vec<StoredEvent> {
    let till = open(path);
    let mut out = Vec::new();
    store::read_all(till.conn(), |r| {
        // The back office's streams (negative ids: catalog, staff, shop) are not the orders'.
        if r.stream < 0 {
            return Ok(());
        }
        let payload = r.event.payload_json().expect("encode a payload");
        out.push(StoredEvent {
            position: r.position,
            stream: r.stream,
            version: r.version,
            kind: r.event.kind().as_str(),
            payload: serde_json::from_str(&payload).expect("a payload is JSON"),
            actor: r.meta.actor,
            authorised_by: r.meta.authorised_by,
        });
        Ok(())
    })
    .unwrap_or_else(|e| panic!("cannot read the events of {}: {e}", path.display()));
    out
}

/// How many order events the database holds.
pub fn event_count(path: &Path) -> usize {
    events(path).len()
}

/// How many events of any stream (orders and the back office) the database holds.
pub fn all_event_count(path: &Path) -> usize {
    let till = open(path);
    till.conn().query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0)).expect("count the events") as usize
}

/// The id of the staff member with `code`.
pub fn staff_id(path: &Path, code: &str) -> i64 {
    let till = open(path);
    till.staff_by_code(code)
        .expect("look up a staff member")
        .unwrap_or_else(|| panic!("no staff member with code {code}"))
        .id
}

/// The events, one per line, for failure messages.
pub fn describe(events: &[StoredEvent]) -> String {
    let mut out = String::new();
    for e in events {
        let by = e.authorised_by.map(|a| format!(" authorised_by={a}")).unwrap_or_default();
        let _ = writeln!(out, "  #{} order {} v{} {} {} (actor {}{by})", e.position, e.stream, e.version, e.kind, e.payload, e.actor);
    }
    if out.is_empty() {
        out.push_str("  (no events)\n");
    }
    out
}

/// Asserts that the database holds exactly the `expected` events: the same
/// kinds in the same order, and each payload holding the given fields with
/// the given values (other fields may hold anything; see [`matches`]).
/// Returns the events for further checks.
pub fn expect_events(path: &Path, expected: &[(&str, Value)]) -> Vec<StoredEvent> {
    let actual = events(path);
    let want: String = expected.iter().map(|(kind, fields)| format!("  {kind} {fields}\n")).collect();
    let kinds: Vec<&str> = actual.iter().map(|e| e.kind).collect();
    let expected_kinds: Vec<&str> = expected.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(
        kinds,
        expected_kinds,
        "the events stored are not the ones expected\nexpected:\n{want}stored:\n{}",
        describe(&actual)
    );
    for (i, ((kind, fields), event)) in expected.iter().zip(&actual).enumerate() {
        assert!(
            matches(fields, &event.payload),
            "event {} ({kind}) does not hold {fields}\nexpected:\n{want}stored:\n{}",
            i + 1,
            describe(&actual)
        );
    }
    actual
}

/// Whether `actual` holds everything in `expected`: objects field by field
/// (extra fields in `actual` are fine), arrays element by element (same
/// length), and numbers written as strings compared by value, so that an
/// expected "10" matches a stored "10.00".
pub fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            want.iter().all(|(key, value)| have.get(key).is_some_and(|found| matches(value, found)))
        }
        (Value::Array(want), Value::Array(have)) => {
            want.len() == have.len() && want.iter().zip(have).all(|(w, h)| matches(w, h))
        }
        (Value::String(want), Value::String(have)) => match (decimal(want), decimal(have)) {
            (Some(w), Some(h)) => w == h,
            _ => want == have,
        },
        _ => expected == actual,
    }
}

/// A plain decimal number ("12", "-0.50", "2.950") as (negative, whole
/// digits, fraction digits) without insignificant zeros, so that equal
/// amounts compare equal; None for anything else.
fn decimal(text: &str) -> Option<(bool, String, String)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole = whole.trim_start_matches('0').to_string();
    let fraction = fraction.trim_end_matches('0').to_string();
    let zero = whole.is_empty() && fraction.is_empty();
    Some((negative && !zero, whole, fraction))
}

/// Two decimal places, as the UI shows amounts ("2.2" → "2.20").
pub fn money(text: &str) -> String {
    let (negative, whole, fraction) = decimal(text).unwrap_or_else(|| panic!("{text:?} is not an amount"));
    assert!(fraction.len() <= 2, "{text:?} has more than two decimals");
    let whole = if whole.is_empty() { "0".to_string() } else { whole };
    format!("{}{whole}.{:0<2}", if negative { "-" } else { "" }, fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_fields_and_amounts_by_value() {
        let stored = json!({"line": 1, "qty": 3, "price": "2.20", "tenders": {"cash": "10.00", "card": "5"}, "reason": "x"});
        assert!(matches(&json!({"line": 1, "price": "2.2"}), &stored));
        assert!(matches(&json!({"tenders": {"cash": "10", "card": "5.00"}}), &stored));
        assert!(!matches(&json!({"line": 2}), &stored));
        assert!(!matches(&json!({"price": "2.21"}), &stored));
        assert!(!matches(&json!({"missing": null}), &stored));
        assert!(matches(&json!({"authorisedBy": null}), &json!({"authorisedBy": null})));
        assert!(!matches(&json!({"authorisedBy": null}), &json!({"authorisedBy": 2})));
        assert!(matches(&json!("0"), &json!("0.00")));
        assert!(matches(&json!("-0"), &json!("0")));
        assert!(!matches(&json!("abc"), &json!("abd")));
    }

    #[test]
    fn formats_money_with_two_decimals() {
        assert_eq!(money("2.2"), "2.20");
        assert_eq!(money("12.05"), "12.05");
        assert_eq!(money("10"), "10.00");
        assert_eq!(money("0.5"), "0.50");
        assert_eq!(money("-1.5"), "-1.50");
    }
}
