//! Every description the core can give is in the English catalog, with the
//! same placeholders, and reads there exactly as the core's English line:
//! an English screen is unchanged.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::super::describe::{describe, describe_refund, describe_shop};
use super::super::*;
use super::*;

const EN: &str = include_str!("../../../ui/src/lib/i18n/en.ts");

/// The catalog's `"key": "text",` lines.
fn catalog() -> BTreeMap<String, String> {
    EN.lines()
        .filter_map(|l| {
            let l = l.trim().strip_suffix(',')?;
            let (key, text) = l.split_once("\": \"")?;
            let text = text.strip_suffix('"')?.replace("\\\"", "\"").replace("\\n", "\n");
            Some((key.strip_prefix('"')?.to_string(), text))
        })
        .collect()
}

/// A param as an English screen shows it (ui/src/lib/describe.ts).
fn english(param: &Param, catalog: &BTreeMap<String, String>) -> String {
    match param {
        Param::Text(s) | Param::Amount(s) | Param::Date(s) => s.clone(),
        Param::Number(n) => n.to_string(),
        Param::Percent(p) => format!("{p}%"),
        Param::Term(key) => catalog.get(key).cloned().unwrap_or_else(|| panic!("term {key} is not in en.ts")),
    }
}

fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string())).collect();
    out.sort();
    out
}

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 31, 0).unwrap()
}

fn opened() -> Event {
    Event::OrderOpened(OrderOpened { number: 42, cashier: 1, terminal: "T1".into(), opened_at: at(), currency: None })
}

fn added(line: u32, name: &str, quantity: u32) -> Event {
    Event::ItemAdded(ItemAdded {
        line,
        sku: format!("SKU-{line}"),
        name: name.into(),
        quantity,
        unit_price: dec!(2.2),
        tax_rate: dec!(19),
        added_at: None,
    })
}

fn discount(id: u32, scope: DiscountScope, kind: DiscountKind, value: Decimal) -> Event {
    Event::DiscountApplied(DiscountApplied { discount: id, scope, kind, value, reason: "regular".into(), authorised_by: None })
}

/// An order of two lines and two discounts, and the events that may follow it.
fn order_examples() -> Vec<(String, Option<Message>)> {
    let setup = [
        opened(),
        added(1, "Espresso", 3),
        added(2, "Tea", 1),
        discount(1, DiscountScope::Order, DiscountKind::Percent, dec!(10)),
        discount(2, DiscountScope::Line { line: 1 }, DiscountKind::Amount, dec!(0.5)),
    ];
    let before = setup.iter().fold(Order::default(), |o, e| evolve(o, e));
    let credit = Some(ExchangeCredit { refund: 7, order: 43, amount: dec!(2.2) });
    let tenders = Tenders { cash: dec!(10), card: dec!(0) };
    let confirmed = |exchange: Option<ExchangeCredit>| {
        Event::OrderConfirmed(OrderConfirmed { total: dec!(8.3), tax: vec![], tenders, change: dec!(1.7), confirmed_at: at(), exchange, cash_rounding: dec!(0) })
    };
    let refunded = |lines: Vec<(u32, u32)>, exchange: Option<ExchangeCredit>| {
        let lines = lines.into_iter().map(|(line, quantity)| RefundedQuantity { line, quantity }).collect();
        Event::OrderRefunded(OrderRefunded { refund: 7, lines, total: dec!(4.4), tenders, exchange })
    };
    let mut events = setup.to_vec();
    events.extend([
        Event::QuantityChanged(QuantityChanged { line: 1, from: 3, to: 2, authorised_by: None }),
        Event::LineVoided(LineVoided { line: 2, reason: "rang up wrong table".into(), authorised_by: None }),
        Event::DiscountRemoved(DiscountRemoved { discount: 1 }),
        Event::DiscountRemoved(DiscountRemoved { discount: 9 }),
        confirmed(None),
        confirmed(credit.clone()),
        Event::OrderVoided(OrderVoided { reason: "rang up wrong table".into(), authorised_by: 2, amount: dec!(3.3), voided_at: at() }),
        refunded(vec![(1, 2)], None),
        refunded(vec![(1, 2)], credit.clone()),
        refunded(vec![(1, 2), (2, 1)], None),
        refunded(vec![(1, 1), (2, 1)], credit),
    ]);
    events.iter().map(|e| (describe(&before, e), description(&before, e))).collect()
}

fn product_added(imported: bool) -> Event {
    Event::ProductAdded(ProductAdded { sku: "COF-ESP".into(), barcode: None, name: "Espresso".into(), price: dec!(2.20), tax_rate: dec!(19.0), favourite: true, imported })
}

fn product_changed(barcode: Option<String>) -> Event {
    Event::ProductChanged(ProductChanged { sku: "COF-ESP".into(), barcode, name: "Espresso doppio".into(), tax_rate: dec!(7), favourite: false })
}

fn catalog_and_staff() -> Vec<Event> {
    vec![
        product_added(false),
        product_added(true),
        Event::PriceChanged(PriceChanged { sku: "COF-ESP".into(), from: dec!(2.20), to: dec!(2.40) }),
        product_changed(Some("4006381333931".into())),
        product_changed(None),
        Event::ProductArchived(ProductArchived { sku: "COF-ESP".into(), imported: false }),
        Event::ProductRestored(ProductRestored { sku: "COF-ESP".into() }),
        Event::StaffAdded(StaffAdded { id: 3, code: "C3".into(), name: "Anna".into(), role: Role::Cashier, imported: false }),
        Event::RoleChanged(RoleChanged { id: 3, from: Role::Cashier, to: Role::Manager }),
        Event::PinReset(PinReset { id: 3 }),
        Event::StaffDeactivated(StaffDeactivated { id: 3, imported: false }),
        Event::StaffReactivated(StaffReactivated { id: 3 }),
        Event::SettingsChanged(SettingsChanged {
            shop_name: "Corner Café".into(),
            shop_address: "1 High St\nTown".into(),
            currency: "EUR".into(),
            cash_coin: None,
            time_zone: None,
            language: None,
            imported: false,
        }),
        Event::PolicyChanged(PolicyChanged { policy: Policy::default(), imported: false }),
        Event::SignedIn(SignedIn { id: 3 }),
        Event::SignedOut(SignedOut { id: 3 }),
    ]
}

fn shift_closed(variance: Decimal, reason: Option<&str>) -> Event {
    let drawer = DrawerCash { float: dec!(100.00), sales: dec!(50.00), given_back: dec!(0.00), pay_ins: dec!(0.00), pay_outs: dec!(0.00), drops: dec!(0.00), expected: dec!(150.00) };
    Event::ShiftClosed(ShiftClosed {
        shift: 4,
        cashier: 1,
        drawer,
        counted: dec!(150.00) + variance,
        denominations: vec![],
        variance,
        reason: reason.map(Into::into),
        authorised_by: None,
        closed_at: at(),
    })
}

fn day_closed(variance: Decimal) -> Event {
    let day = TillDay { day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), from: at(), to: at() };
    let figures = DayFigures { net_sales: dec!(1234.50), ..DayFigures::default() };
    let head = ChainPoint { position: 1, hash: String::new() };
    Event::DayClosed(DayClosed { number: 12, terminal: "T1".into(), day, figures, shifts: vec![], variance, head, closed_by: 2, closed_at: at() })
}

fn drawer_and_day() -> Vec<Event> {
    let moved = |kind| Event::CashMoved(CashMoved { shift: 4, kind, amount: dec!(20.00), reason: "bank".into(), cashier: 1, authorised_by: None, moved_at: at() });
    vec![
        Event::ShiftOpened(ShiftOpened { number: 4, terminal: "T1".into(), cashier: 1, float: dec!(100.00), denominations: vec![], opened_at: at() }),
        moved(CashMoveKind::Drop),
        moved(CashMoveKind::PayOut),
        moved(CashMoveKind::PayIn),
        Event::DrawerOpened(DrawerOpened { shift: 4, reason: "change for the bus".into(), cashier: 1, opened_at: at() }),
        shift_closed(dec!(0.00), None),
        shift_closed(dec!(-2.50), None),
        shift_closed(dec!(0.40), None),
        shift_closed(dec!(0.00), Some("counted twice")),
        shift_closed(dec!(-2.50), Some("counted twice")),
        shift_closed(dec!(0.40), Some("counted twice")),
        day_closed(dec!(0.00)),
        day_closed(dec!(-2.50)),
        day_closed(dec!(0.40)),
        Event::DayReopened(DayReopened { number: 12, day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), reason: "late sale".into(), cashier: 1, authorised_by: 2, reopened_at: at() }),
    ]
}

fn refund(order: Option<i64>, sale_till: Option<&str>, quantity: u32, tenders: Tenders) -> RefundIssued {
    let line = RefundedLine { line: Some(1), sku: "COF-ESP".into(), name: "Espresso".into(), quantity, unit_price: dec!(2.20), tax_rate: dec!(19), amount: dec!(2.20) };
    RefundIssued {
        number: 7,
        order,
        lines: vec![line],
        total: dec!(2.20),
        tax: vec![],
        tenders,
        exchange: None,
        reason: "cold".into(),
        authorised_by: None,
        cashier: 1,
        issued_at: at(),
        currency: None,
        sale_till: sale_till.map(Into::into),
    }
}

fn refund_examples() -> Vec<(String, Option<Message>)> {
    let cash = Tenders { cash: dec!(2.2), card: dec!(0) };
    let card = Tenders { cash: dec!(0), card: dec!(2.2) };
    let split = Tenders { cash: dec!(1.00), card: dec!(1.20) };
    let none = Tenders { cash: dec!(0), card: dec!(0) };
    let credit = |r: RefundIssued, amount| RefundIssued { exchange: Some(ExchangeCredit { refund: 7, order: 43, amount }), ..r };
    [
        refund(Some(42), Some("T1"), 1, cash),
        refund(Some(42), None, 2, card),
        refund(None, None, 1, card),
        refund(None, None, 3, cash),
        refund(Some(42), Some("T1"), 2, split),
        refund(Some(42), None, 1, split),
        refund(None, None, 2, split),
        refund(None, None, 1, split),
        credit(refund(Some(42), Some("T1"), 1, none), dec!(2.20)),
        credit(refund(None, None, 2, Tenders { cash: dec!(0.20), card: dec!(0) }), dec!(2.00)),
        credit(refund(Some(42), None, 2, Tenders { cash: dec!(0), card: dec!(0.20) }), dec!(2.00)),
        credit(refund(Some(42), Some("T2"), 3, Tenders { cash: dec!(0.10), card: dec!(0.10) }), dec!(2.00)),
        refund(Some(42), Some("T1"), 1, none),
    ]
    .iter()
    .map(|r| (describe_refund(r), refund_description(r)))
    .collect()
}

/// The audit trail's own words for signing in and out (with the till).
fn sign_in_examples() -> Vec<(String, Option<Message>)> {
    [Event::SignedIn(SignedIn { id: 3 }), Event::SignedOut(SignedOut { id: 3 })]
        .into_iter()
        .map(|event| {
            let meta = crate::store::Metadata { actor: 3, authorised_by: None, terminal: "T2".into(), command_id: uuid::Uuid::nil(), recorded_at: at() };
            let r = crate::store::Recorded { position: 1, stream: -2, version: 1, event, meta, app_version: String::new() };
            (crate::back_office::audit_detail(&r), crate::back_office::audit_message(&r))
        })
        .collect()
}

/// One example of every description the core gives, with its English line.
pub(crate) fn examples() -> Vec<(String, Option<Message>)> {
    let mut out = order_examples();
    out.extend(catalog_and_staff().iter().chain(drawer_and_day().iter()).map(|e| (describe_shop(e), shop_description(e))));
    out.extend(refund_examples());
    out.extend(sign_in_examples());
    let lockout = crate::staff::lockout_detail(5, 5);
    out.push((lockout.clone(), crate::staff::lockout_message(&lockout)));
    out
}

#[test]
fn every_description_reads_in_the_english_catalog_as_the_cores_english_line() {
    let catalog = catalog();
    for (line, message) in examples() {
        let m = message.unwrap_or_else(|| panic!("no description for {line:?}"));
        let key = format!("event.{}", m.key);
        let text = catalog.get(&key).unwrap_or_else(|| panic!("{key} is not in en.ts"));
        // A term's own placeholders name the message's amounts ("{cash} in cash, {card} to card").
        let terms = m.params.iter().filter_map(|(_, p)| match p {
            Param::Term(t) => Some(placeholders(&catalog[t])),
            _ => None,
        });
        let mut named: Vec<String> = placeholders(text).into_iter().chain(terms.flatten()).collect();
        named.sort();
        assert_eq!(named, m.param_names(), "{key}'s placeholders");
        let filled = m.params.iter().fold(text.clone(), |t, (name, p)| t.replace(&format!("{{{name}}}"), &english(p, &catalog)));
        assert_eq!(filled, line, "{key}");
    }
}

#[test]
fn the_english_catalog_has_no_description_the_core_cannot_give() {
    let given: std::collections::BTreeSet<String> = examples().into_iter().filter_map(|(_, m)| m.map(|m| format!("event.{}", m.key))).collect();
    let listed: std::collections::BTreeSet<String> = catalog().into_keys().filter(|k| k.starts_with("event.")).collect();
    assert_eq!(listed, given);
}

#[test]
fn a_refund_split_between_ways_names_each_way_with_its_amount() {
    // Given a refund given back partly in cash, partly to card
    let r = refund(Some(42), None, 2, Tenders { cash: dec!(1.00), card: dec!(1.20) });
    // Then its ways are a term, and the amounts its words name are params
    let m = refund_description(&r).expect("a message");
    assert_eq!(m.key, "refundIssuedWays");
    let by_name = m.params_by_name();
    assert_eq!(by_name["how"], Param::Term("eventTerm.cashAndCard".into()));
    assert_eq!((&by_name["cash"], &by_name["card"]), (&Param::Amount("1.00".into()), &Param::Amount("1.20".into())));
}

#[test]
fn a_description_crosses_as_key_and_params_by_name() {
    // Given a void described
    let before = [opened()].iter().fold(Order::default(), |o, e| evolve(o, e));
    let void = Event::OrderVoided(OrderVoided { reason: "wrong table".into(), authorised_by: 2, amount: dec!(3.3), voided_at: at() });
    let d = Description::from(description(&before, &void).unwrap());
    // Then its JSON is the key and each param's kind and value, the amount with the currency's decimals
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "key": "orderVoided", "params": { "amount": { "kind": "amount", "value": "3.30" }, "reason": { "kind": "text", "value": "wrong table" } } })
    );
    assert_eq!(Description::from_json(Some(&d.to_json())), Some(d));
    assert_eq!(Description::from_json(Some(&Description::none_json())), None);
}
