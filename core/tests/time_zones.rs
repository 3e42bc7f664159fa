//! The shop's time zone on a real database: days cut in it across the
//! daylight-saving changes of Europe/Berlin (the spring-forward day is 23
//! hours, the fall-back day 25), the day report and the Z of such a day,
//! printed times with their offset, the setting itself and its events.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use pos_core::catalog::ProductInput;
use pos_core::domain::SettingsChanged;
use pos_core::read;
use pos_core::settings::SettingsInput;
use pos_core::setup::SetupInput;
use pos_core::till::CountRequest;
use pos_core::{CommandMeta, OrderRequest, Till, TillOptions};
use rust_decimal_macros::dec;

mod common;

struct Shop {
    dir: tempfile::TempDir,
    till: Till,
    clock: Arc<Mutex<DateTime<Utc>>>,
    manager: i64,
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A new shop in `zone`, set up at `at` with one product and a shift open.
fn shop_in(zone: &str, at: &str) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open_with(&dir.path().join("pos.db"), TillOptions { seed_demo: false, ..TillOptions::default() }).unwrap();
    let clock = Arc::new(Mutex::new(utc(at)));
    let now = clock.clone();
    till.set_clock(move || *now.lock().unwrap());
    let manager = till.set_up(&setup(zone)).unwrap().id;
    let bread = ProductInput { sku: "BREAD".into(), barcode: String::new(), name: "Bread".into(), price: "3.50".into(), tax_rate: "7".into(), favourite: true };
    till.add_product(&bread).unwrap();
    till.open_shift(&CountRequest { amount: "50".into(), denominations: Vec::new() }, &CommandMeta::new(manager)).unwrap();
    Shop { dir, till, clock, manager }
}

fn setup(zone: &str) -> SetupInput {
    SetupInput {
        shop_name: "Bäckerei".into(),
        currency: "EUR".into(),
        till_id: "T1".into(),
        manager_name: "Sam".into(),
        manager_code: "42".into(),
        manager_pin: "2580".into(),
        manager_pin_again: "2580".into(),
        cash_coin: String::new(),
        time_zone: zone.into(),
        language: String::new(),
    }
}

impl Shop {
    fn at(&self, instant: &str) {
        *self.clock.lock().unwrap() = utc(instant);
    }

    /// A loaf sold for cash at `instant`.
    fn sale_at(&mut self, instant: &str) -> i64 {
        self.at(instant);
        let meta = || CommandMeta::new(self.manager);
        let id = self.till.open_order(&meta()).unwrap().order.id;
        self.till.execute(id, OrderRequest::AddItem { code: "BREAD".into(), quantity: 1 }, &meta()).unwrap();
        let paid = self.till.execute(id, OrderRequest::ConfirmOrder { cash: "5".into(), card: String::new() }, &meta()).unwrap();
        assert!(!paid.replayed);
        id
    }

    fn day(&self, date: (i32, u32, u32)) -> pos_core::domain::TillDay {
        pos_core::zone::day(self.till.settings().zone(), NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap())
    }

    fn receipt(&mut self, id: i64) -> String {
        read::receipt_text(&read::receipt(&mut self.till.reader(), id).unwrap())
    }
}

/// The shop's `SettingsChanged` events, oldest first.
fn settings_events(conn: &rusqlite::Connection) -> Vec<SettingsChanged> {
    let mut stmt = conn.prepare("SELECT payload FROM events WHERE kind = 19 ORDER BY position").unwrap();
    let rows = stmt.query_map([], |r| Ok(r.get_ref(0)?.as_bytes().unwrap().to_vec())).unwrap();
    rows.map(|p| serde_json::from_slice(&p.unwrap()).unwrap()).collect()
}

#[test]
fn sales_at_0159_and_0301_on_the_spring_forward_day_both_belong_to_that_23_hour_day() {
    // Given a shop in Berlin open on 28 March 2027, when clocks go from 02:00 to 03:00.
    let mut s = shop_in("Europe/Berlin", "2027-03-27T23:30:00Z");
    // When a loaf sells at 01:59 (CET) and one at 03:01 (CEST), two minutes apart.
    let before = s.sale_at("2027-03-28T00:59:00Z");
    let after = s.sale_at("2027-03-28T01:01:00Z");
    // Then both are of that day, which is 23 hours long.
    let day = s.day((2027, 3, 28));
    assert_eq!(day.to - day.from, Duration::hours(23));
    assert_eq!(s.till.day_at(utc("2027-03-28T00:59:00Z")), day);
    assert_eq!(s.till.day_at(utc("2027-03-28T01:01:00Z")), day);
    assert_eq!(s.till.day_status().unwrap().today, day);
    let report = read::day_report(&s.till.reader(), day.from, day.to, Some("T1")).unwrap();
    assert_eq!(report.totals.orders_confirmed, 2);
    assert_eq!(report.totals.gross_sales, dec!(7.00));
    // And each receipt prints its local time with the offset in force.
    assert!(s.receipt(before).contains("2027-03-28 01:59 CET"), "{}", s.receipt(before));
    assert!(s.receipt(after).contains("2027-03-28 03:01 CEST"), "{}", s.receipt(after));
}

#[test]
fn the_fall_back_day_is_25_hours_and_its_day_report_and_z_count_a_sale_in_each_0230() {
    // Given a shop in Berlin on 25 October 2026, when clocks go from 03:00 back to 02:00.
    let mut s = shop_in("Europe/Berlin", "2026-10-24T22:30:00Z");
    let early = s.sale_at("2026-10-24T22:45:00Z"); // 00:45 CEST
    let first = s.sale_at("2026-10-25T00:30:00Z"); // 02:30 CEST
    let second = s.sale_at("2026-10-25T01:30:00Z"); // 02:30 CET
    let late = s.sale_at("2026-10-25T22:50:00Z"); // 23:50 CET
    s.sale_at("2026-10-25T23:10:00Z"); // 00:10 on the 26th: not of the day
    let day = s.day((2026, 10, 25));
    // Then the day is 25 hours long and holds both 02:30s.
    assert_eq!(day.to - day.from, Duration::hours(25));
    assert_eq!((day.from, day.to), (utc("2026-10-24T22:00:00Z"), utc("2026-10-25T23:00:00Z")));
    for id in [early, first, second, late] {
        let at = read::receipt(&mut s.till.reader(), id).unwrap().order.opened_at.unwrap();
        assert!(day.contains(at), "order {id} at {at}");
    }
    assert!(s.receipt(first).contains("2026-10-25 02:30 CEST"), "{}", s.receipt(first));
    assert!(s.receipt(second).contains("2026-10-25 02:30 CET"), "{}", s.receipt(second));
    let report = read::day_report(&s.till.reader(), day.from, day.to, Some("T1")).unwrap();
    assert_eq!(report.totals.orders_confirmed, 4, "the sale after midnight is the next day's");

    // When the shift closes and the day's Z is taken at 23:55 CET, it counts the same four.
    s.at("2026-10-25T22:55:00Z");
    let expected = s.till.shift_report(s.manager).unwrap().unwrap().drawer.unwrap().expected;
    s.till.close_shift(&CountRequest { amount: expected.to_string(), denominations: Vec::new() }, "", &CommandMeta::new(s.manager)).unwrap();
    let z = s.till.close_day(&CommandMeta::new(s.manager)).unwrap();
    assert_eq!(z.day, day);
    assert_eq!(z.figures.orders_confirmed, 4);
    // And the printed Z shows when it was closed, in local time.
    let z_text = read::z_text(s.till.settings(), &s.till.z_report(z.number).unwrap().close, "Sam", None, 42);
    assert!(z_text.contains("2026-10-25 23:55 CET"), "{z_text}");
    common::projections_equal_a_rebuild(&s.dir.path().join("pos.db"));
}

#[test]
fn the_same_instants_fall_in_other_days_for_a_shop_in_another_zone() {
    // Given a shop in New York: 00:30 UTC on 25 October is 20:30 on the 24th there.
    let mut s = shop_in("America/New_York", "2026-10-24T20:00:00Z");
    s.sale_at("2026-10-25T00:30:00Z");
    let day = s.day((2026, 10, 24));
    assert_eq!(s.till.day_at(utc("2026-10-25T00:30:00Z")), day);
    assert_eq!(read::day_report(&s.till.reader(), day.from, day.to, None).unwrap().totals.orders_confirmed, 1);
}

#[test]
fn the_zone_is_a_setting_recorded_at_setup_refused_when_unknown_and_changed_later() {
    let mut s = shop_in("Europe/Berlin", "2026-12-01T09:00:00Z");
    assert_eq!((s.till.settings().time_zone.as_str(), s.till.settings().time_zone_from_system), ("Europe/Berlin", false));
    let input = |zone: &str| SettingsInput { shop_name: "Bäckerei".into(), shop_address: String::new(), currency: "EUR".into(), cash_coin: String::new(), time_zone: zone.into(), language: String::new() };
    // An unknown name is refused, with a code and a message that says what to type.
    let refused = s.till.save_settings(&input("Europe/Atlantis")).unwrap_err();
    assert_eq!(refused.code(), "unknown_time_zone");
    assert!(refused.to_string().contains("Europe/Atlantis") && refused.to_string().contains("Europe/Berlin"), "{refused}");
    // A shop that moves: the next day is cut in the new zone, and the change is on the shop's stream.
    let moved = s.till.save_settings(&input("Europe/Lisbon")).unwrap();
    assert_eq!(moved.time_zone, "Europe/Lisbon");
    assert_eq!(s.till.day_at(utc("2026-12-01T23:30:00Z")).day, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    let zones: Vec<Option<String>> = settings_events(s.till.conn()).into_iter().map(|e| e.time_zone).collect();
    assert_eq!(zones, vec![Some("Europe/Berlin".to_string()), Some("Europe/Lisbon".to_string())]);
    // And the setting survives a restart (it is the events' projection).
    drop(s.till);
    let reopened = Till::open_with(&s.dir.path().join("pos.db"), TillOptions { seed_demo: false, ..TillOptions::default() }).unwrap();
    assert_eq!(reopened.settings().time_zone, "Europe/Lisbon");
    common::projections_equal_a_rebuild(&s.dir.path().join("pos.db"));
}

#[test]
fn a_shop_whose_events_name_no_zone_keeps_the_system_one_and_its_events_unchanged() {
    // Given the demo shop, whose settings event names no zone.
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    assert!(till.settings().time_zone_from_system);
    assert_eq!(till.settings().time_zone, pos_core::zone::system().name());
    assert_eq!(settings_events(till.conn())[0].time_zone, None);
    // When a manager saves the settings naming the zone already in force, nothing is recorded.
    till.sign_in("9001", "9999").unwrap();
    let s = till.settings().clone();
    let same = SettingsInput { shop_name: s.shop_name, shop_address: s.shop_address, currency: s.currency, cash_coin: String::new(), time_zone: s.time_zone, language: String::new() };
    till.save_settings(&same).unwrap();
    assert_eq!(settings_events(till.conn()).len(), 1);
    // And an event from before the zone decodes and encodes to the same bytes (so the same hash).
    let old = r#"{"shopName":"A","shopAddress":"","currency":"EUR"}"#;
    let event: SettingsChanged = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_string(&event).unwrap(), old);
}

