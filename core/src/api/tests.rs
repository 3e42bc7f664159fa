//! Given a till behind the API, when a command is called, then who may call
//! it, its arguments and its reply are as the table says.

use serde_json::{json, Value};

use super::*;
use crate::till::{Till, TillOptions};

struct Given {
    api: Api,
    _dir: tempfile::TempDir,
}

fn till() -> Given {
    let dir = tempfile::tempdir().unwrap();
    let till = Till::open_with(&dir.path().join("pos.db"), TillOptions::default()).unwrap();
    Given { api: Api::new(till, Box::new(NoDialogs)), _dir: dir }
}

impl Given {
    fn call(&self, name: &str, args: Value) -> std::result::Result<Value, ErrorBody> {
        self.api.call(name, args)
    }
    fn ok(&self, name: &str, args: Value) -> Value {
        self.call(name, args).unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }
    fn refused(&self, name: &str, args: Value) -> ErrorBody {
        match self.call(name, args) {
            Ok(v) => panic!("{name} answered {v}"),
            Err(e) => e,
        }
    }
    fn signed_in(self, code: &str, pin: &str) -> Self {
        self.ok("sign_in", json!({ "code": code, "pin": pin }));
        self
    }
    fn open_order(&self) -> i64 {
        let outcome = self.ok("open_order", json!({ "commandId": uuid::Uuid::new_v4().to_string() }));
        outcome["order"]["id"].as_i64().unwrap()
    }
    fn order_command(&self, order: i64, request: Value) -> std::result::Result<Value, ErrorBody> {
        let args = json!({ "orderId": order, "commandId": uuid::Uuid::new_v4().to_string(), "request": request });
        self.call("order_command", args)
    }
}

const CASHIER: (&str, &str) = ("1001", "1234");
const MANAGER: (&str, &str) = ("9001", "9999");

#[test]
fn names_are_unique_snake_case() {
    let mut seen = std::collections::BTreeSet::new();
    for spec in COMMANDS {
        assert!(spec.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", spec.name);
        assert!(seen.insert(spec.name), "{} twice", spec.name);
        assert!(!spec.doc.trim().is_empty(), "{} has no doc", spec.name);
    }
}

#[test]
fn staff_commands_need_someone_signed_in() {
    let t = till();
    for spec in COMMANDS.iter().filter(|s| s.access != Access::Anyone) {
        assert_eq!(t.refused(spec.name, json!({})).code, "not_signed_in", "{}", spec.name);
    }
    t.ok("app_status", json!({}));
    assert_eq!(t.ok("current_staff", Value::Null), Value::Null);
}

#[test]
fn manager_commands_refuse_a_cashier() {
    let t = till().signed_in(CASHIER.0, CASHIER.1);
    for spec in COMMANDS.iter().filter(|s| s.access == Access::Manager) {
        assert_eq!(t.refused(spec.name, json!({})).code, "manager_only", "{}", spec.name);
    }
    t.ok("open_orders", json!({}));
}

#[test]
fn a_manager_deactivated_since_signing_in_is_refused() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    t.ok("staff_list", json!({}));
    // Deactivated by the till itself (another manager, elsewhere), not by themselves.
    t.api.with_till(|till| {
        till.sign_out().unwrap();
        till.set_staff_active(2, false).unwrap()
    })
    .unwrap();
    assert_eq!(t.refused("staff_list", json!({})).code, "manager_only");
}

#[test]
fn nobody_deactivates_themselves() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    let me = t.ok("current_staff", json!({}))["id"].as_i64().unwrap();
    let e = t.refused("staff_set_active", json!({ "id": me, "active": false }));
    assert_eq!(e.code, "invalid_input");
    assert_eq!(e.message, "You cannot deactivate yourself while signed in");
    t.ok("staff_set_active", json!({ "id": 1, "active": false }));
}

#[test]
fn unknown_commands_and_malformed_arguments_are_typed_refusals() {
    let t = till().signed_in(CASHIER.0, CASHIER.1);
    assert_eq!(t.refused("drop_tables", json!({})).code, "unknown_command");
    let e = t.refused("order_view", json!({ "orderId": "seven" }));
    assert_eq!(e.code, "invalid_input");
    assert!(e.message.starts_with("`orderId` of `order_view` is not valid: invalid type: string"), "{}", e.message);
    assert_eq!(t.refused("order_view", json!({})).code, "invalid_input");
    assert_eq!(t.refused("order_view", json!({ "orderId": 1, "extra": 1 })).code, "invalid_input");
    assert_eq!(t.refused("order_view", json!([1])).code, "invalid_input");
    let long = "x".repeat(1 << 20);
    let e = t.refused("order_view", json!({ "orderId": long }));
    assert!(e.message.chars().count() < 400, "{} chars", e.message.chars().count());
}

#[test]
fn order_view_of_an_order_never_opened_is_not_found() {
    let t = till().signed_in(CASHIER.0, CASHIER.1);
    assert_eq!(t.refused("order_view", json!({ "orderId": 42 })).code, "order_not_found");
}

#[test]
fn the_tender_preview_gives_the_rules_answer() {
    let t = till().signed_in(CASHIER.0, CASHIER.1);
    let order = t.open_order();
    t.order_command(order, json!({ "type": "addItem", "code": "BRD-SOU", "quantity": 2 })).unwrap();
    let due = t.ok("order_view", json!({ "orderId": order }))["totals"]["total"].as_str().unwrap().to_string();
    let preview = |cash: &str, card: &str| t.ok("tender_preview", json!({ "orderId": order, "cash": cash, "card": card }));
    let short = preview("1", "");
    assert_eq!(short["covered"], false);
    assert_eq!(short["refusal"]["code"], "tender_short");
    assert_eq!(short["due"], due.as_str());
    let over = preview("100", "");
    assert_eq!(over["covered"], true);
    assert_eq!(over["refusal"], Value::Null);
    let change: rust_decimal::Decimal = over["change"].as_str().unwrap().parse().unwrap();
    let due_d: rust_decimal::Decimal = due.parse().unwrap();
    assert_eq!(change, rust_decimal::Decimal::from(100) - due_d);
    assert_eq!(preview("", "1000")["refusal"]["code"], "card_exceeds_due");
    assert_eq!(preview("abc", "")["refusal"]["code"], "invalid_amount");
    assert_eq!(over["quickCash"][0]["exact"], true);
    // The preview wrote nothing: the order is still open at the same version.
    let view = t.ok("order_view", json!({ "orderId": order }));
    assert_eq!(view["status"], "open");
}

#[test]
fn signing_out_ends_the_session() {
    let t = till().signed_in(CASHIER.0, CASHIER.1);
    t.ok("sign_out", json!({}));
    assert_eq!(t.refused("open_orders", json!({})).code, "not_signed_in");
    assert_eq!(t.refused("sign_in", json!({ "code": "1001", "pin": "0000" })).code, "wrong_pin");
}

#[test]
fn dialogs_cancelled_by_the_host_write_nothing() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    assert_eq!(t.ok("backup", json!({})), Value::Null);
    assert_eq!(t.ok("catalog_import_pick", json!({})), Value::Null);
    assert_eq!(t.refused("catalog_import_commit", json!({ "token": "nope" })).code, "import_expired");
}

fn policy_input() -> Value {
    json!({
        "cashierDiscountPercentMax": "15",
        "cashierDiscountAmountMax": "30",
        "discountPercentHardMax": "60",
        "lineReduction": "when",
        "lineAfterMinutes": "",
        "lineOverAmount": "25"
    })
}

#[test]
fn save_policy_is_for_managers_and_shop_settings_return_it() {
    let t = till().signed_in(CASHIER.0, CASHIER.1);
    assert_eq!(t.refused("save_policy", json!({ "input": policy_input() })).code, "manager_only");
    assert_eq!(t.ok("shop_settings", json!({}))["policy"]["cashier"]["discountPercentMax"], "10");
    let t = t.signed_in(MANAGER.0, MANAGER.1);
    let saved = t.ok("save_policy", json!({ "input": policy_input() }));
    assert_eq!(saved["policy"]["cashier"]["discountAmountMax"], "30.00");
    let settings = t.ok("shop_settings", json!({}));
    assert_eq!(settings["policy"]["cashier"]["discountPercentMax"], "15");
    assert_eq!(settings["policy"]["discountPercentHardMax"], "60");
    assert_eq!(settings["policy"]["cashier"]["lineReduction"], json!({ "mode": "when", "afterMinutes": null, "overAmount": "25.00" }));
}

#[test]
fn save_policy_refuses_bad_input_naming_the_field_and_keeps_the_old_policy() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    let with = |key: &str, value: Value| {
        let mut input = policy_input();
        input[key] = value;
        json!({ "input": input })
    };
    let e = t.refused("save_policy", with("cashierDiscountPercentMax", json!("101")));
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_input", Some("cashierDiscountPercentMax")));
    let e = t.refused("save_policy", with("cashierDiscountAmountMax", json!("12.5.0")));
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_amount", Some("cashierDiscountAmountMax")));
    let e = t.refused("save_policy", with("discountPercentHardMax", json!("10")));
    assert_eq!(e.field.as_deref(), Some("discountPercentHardMax"));
    assert_eq!(e.message, "Most off any order (%): at least the cashier's limit, 15%");
    let e = t.refused("save_policy", with("lineAfterMinutes", json!("100000")));
    assert_eq!(e.field.as_deref(), Some("lineAfterMinutes"));
    assert_eq!(t.refused("save_policy", with("lineReduction", json!("sometimes"))).code, "invalid_input");
    assert_eq!(t.ok("shop_settings", json!({}))["policy"]["cashier"]["discountPercentMax"], "10");
}

#[test]
fn the_saved_policy_is_in_force_for_the_next_command() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    let mut input = policy_input();
    input["lineReduction"] = json!("always");
    t.ok("save_policy", json!({ "input": input }));
    let t = t.signed_in(CASHIER.0, CASHIER.1);
    let order = t.open_order();
    t.order_command(order, json!({ "type": "addItem", "code": "COF-ESP", "quantity": 1 })).unwrap();
    let e = t.order_command(order, json!({ "type": "removeLine", "line": 1, "reason": "x" })).unwrap_err();
    assert_eq!(e.code, "manager_required");
    // 15% is now within the cashier's limit.
    t.order_command(order, json!({ "type": "applyDiscount", "scope": { "type": "order" }, "kind": "percent", "value": "15", "reason": "x" }))
        .unwrap();
}

#[test]
fn an_old_database_s_threshold_becomes_the_cashier_s_percent_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    let till = Till::open_with(&path, TillOptions::default()).unwrap();
    assert_eq!(till.settings().policy, crate::domain::Policy::default());
    // As an older build left it: one threshold, no policy value.
    till.conn().execute("DELETE FROM settings WHERE key = 'policy'", []).unwrap();
    till.conn().execute("INSERT INTO settings (key, value) VALUES ('discount_percent_max_unapproved', '60')", []).unwrap();
    drop(till);
    let policy = Till::open(&path).unwrap().settings().policy.clone();
    assert_eq!(policy.cashier.discount_percent_max, rust_decimal::Decimal::from(60));
    assert_eq!(policy.discount_percent_hard_max, rust_decimal::Decimal::from(60), "the hard maximum is never below the cashier's limit");
}

#[test]
fn approved_line_removals_and_decreases_are_in_the_audit_trail_with_their_approver() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    let mut input = policy_input();
    input["lineReduction"] = json!("always");
    t.ok("save_policy", json!({ "input": input }));
    let t = t.signed_in(CASHIER.0, CASHIER.1);
    let order = t.open_order();
    t.order_command(order, json!({ "type": "addItem", "code": "COF-ESP", "quantity": 3 })).unwrap();
    t.order_command(order, json!({ "type": "addItem", "code": "BRD-SOU", "quantity": 1 })).unwrap();
    let approved = |request: Value| {
        let args = json!({ "orderId": order, "commandId": uuid::Uuid::new_v4().to_string(), "request": request,
                           "approval": { "code": MANAGER.0, "pin": MANAGER.1 } });
        t.ok("order_command", args);
    };
    approved(json!({ "type": "changeQuantity", "line": 1, "quantity": 2 }));
    approved(json!({ "type": "removeLine", "line": 2, "reason": "Wrong item" }));
    let t = t.signed_in(MANAGER.0, MANAGER.1);
    let manager = t.ok("current_staff", json!({}))["id"].clone();
    let filter = |kinds: Value| json!({ "filter": { "kinds": kinds, "staff": manager } });
    for kind in ["quantityDecrease", "lineVoid"] {
        let rows = t.ok("audit", filter(json!([kind])));
        assert_eq!(rows.as_array().unwrap().len(), 1, "{kind}: {rows}");
        assert_eq!(rows[0]["authorisedBy"], manager, "{kind}");
        assert_eq!(rows[0]["authorisedByName"], "Morgan Manager", "{kind}");
    }
}

#[test]
fn the_drawer_counts_in_the_notes_and_coins_of_the_shops_currency() {
    let t = till().signed_in(MANAGER.0, MANAGER.1);
    let euro = t.ok("denominations", json!({}));
    assert_eq!((euro[0].clone(), euro.as_array().unwrap().last().cloned()), (json!("500.00"), Some(json!("0.01"))));
    let settings = t.ok("shop_settings", json!({}));
    let input = json!({ "shopName": settings["shopName"], "shopAddress": "", "currency": "GBP", "cashCoin": "" });
    t.ok("settings_save", json!({ "input": input }));
    let pounds = t.ok("denominations", json!({}));
    assert_eq!(pounds[0], "50.00", "the largest pound note");
    assert!(!pounds.as_array().unwrap().contains(&json!("500.00")), "no 500 in pounds: {pounds}");
}

#[test]
fn another_tills_sale_is_refunded_here_only_while_the_shop_server_answers() {
    // given a till with no shop server
    let given = till().signed_in(CASHIER.0, CASHIER.1);
    // when its refund screen reads T2's receipt, or is asked to refund or preview that sale
    let read = given.refused("refundable_sale", json!({ "number": "T2-7" }));
    let request = json!({ "order": 7, "till": "T2", "lines": [{ "line": 1, "qty": 1 }], "cash": "1", "reason": "faulty" });
    let issued = given.refused("issue_refund", json!({ "commandId": uuid::Uuid::new_v4().to_string(), "refund": request }));
    let previewed = given.refused("refund_preview", json!({ "refund": request }));
    // then each is refused by name, saying why and where the sale can be refunded
    for refused in [&read, &issued, &previewed] {
        assert_eq!(refused.code, "sale_of_other_till");
    }
    assert_eq!(
        read.message,
        "Sale T2-7 was rung up on till T2, and this till cannot read it now: this till is not connected to a shop server. \
         Refund it on till T2, or here once the shop server answers."
    );
    // and this till's own receipt numbers are read as before
    assert_eq!(given.refused("refundable_sale", json!({ "number": "T1-7" })).code, "order_not_found");
}

#[test]
fn a_manager_enrols_the_till_with_a_reachable_shop_server_only() {
    // given a cashier, then a manager, on a till enrolled nowhere
    let cashier = till().signed_in(CASHIER.0, CASHIER.1);
    let args = json!({ "server": "http://127.0.0.1:1", "shop": "S1", "code": "ABCD-EFGH" });
    assert_eq!(cashier.refused("enrol_till", args.clone()).code, "manager_only");
    let manager = till().signed_in(MANAGER.0, MANAGER.1);
    assert_eq!(manager.ok("shop_server", json!({})), Value::Null);
    // when the address is not one, a part is missing, or the CA is no certificate: refused by name
    let not_an_address = manager.refused("enrol_till", json!({ "server": "shop.local", "shop": "S1", "code": "X" }));
    assert_eq!((not_an_address.code.as_str(), not_an_address.field.as_deref()), ("invalid_input", Some("server")));
    assert!(not_an_address.message.contains("http://192.168.1.10:8470"), "{}", not_an_address.message);
    assert_eq!(manager.refused("enrol_till", json!({ "server": "http://s:1", "shop": " ", "code": "X" })).code, "required");
    let bad_ca = manager.refused("enrol_till", json!({ "server": "https://s:1", "shop": "S1", "code": "X", "ca": "not a PEM" }));
    assert_eq!(bad_ca.code, "bad_ca");
    // and a server nobody answers at is `unreachable`, naming it
    let unreachable = manager.refused("enrol_till", args);
    assert_eq!(unreachable.code, "unreachable");
    assert!(unreachable.message.contains("http://127.0.0.1:1"), "{}", unreachable.message);
    // then the till is still enrolled nowhere
    assert_eq!(manager.ok("shop_server", json!({})), Value::Null);
}

/// A host that remembers the languages it was told, and has no dialogs.
#[derive(Clone, Default)]
struct Engine(std::sync::Arc<Mutex<Vec<Language>>>);

impl Host for Engine {
    fn save_path(&self, _name: &str) -> Option<PathBuf> {
        None
    }
    fn open_path(&self, _kind: &str, _extensions: &[&str]) -> Option<PathBuf> {
        None
    }
    fn speak(&self, language: Language) {
        self.0.lock().unwrap().push(language);
    }
}

#[test]
fn the_screens_language_is_told_to_the_web_engine_by_anyone_and_a_tag_it_lacks_is_refused() {
    // Given a till whose host has a web engine, and no one signed in
    let dir = tempfile::tempdir().unwrap();
    let till = Till::open_with(&dir.path().join("pos.db"), TillOptions::default()).unwrap();
    let engine = Engine::default();
    let given = Given { api: Api::new(till, Box::new(engine.clone())), _dir: dir };
    // When the screen turns German, then English
    assert_eq!(given.ok("screen_language", json!({ "language": "de" })), Value::Null);
    given.ok("screen_language", json!({ "language": "en" }));
    // Then the engine was told both, in order; a language the till lacks is refused and not told
    assert_eq!(given.refused("screen_language", json!({ "language": "fr" })).code, "invalid_input");
    assert_eq!(*engine.0.lock().unwrap(), [Language::De, Language::En]);
}
