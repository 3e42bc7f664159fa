//! Property tests: random command sequences keep the aggregate's invariants,
//! and every way of arriving at a state (live, full replay, fold to a
//! version, snapshot + tail, the store's JSON) agrees.

use chrono::{TimeZone, Utc};
use pos_core::domain::*;
use pos_core::store::{OpenMode, Sync};
use pos_core::till::load_from_store;
use pos_core::{CommandMeta, OrderRequest, Till, TillOptions};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn ctx(manager: bool) -> Ctx {
    Ctx {
        now: Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
        actor: 1,
        approver: manager.then_some(Approver { staff: 2, role: Role::Manager }),
        actor_role: Role::Cashier,
        policy: Policy::default(),
        currency: Default::default(),
        cash_coin: None,
    }
}

fn product(i: u8) -> ProductFacts {
    ProductFacts {
        sku: format!("SKU-{i}"),
        name: format!("Product {i}"),
        unit_price: Decimal::new(50 + i64::from(i) * 137 % 9_000, 2),
        tax_rate: if i % 3 == 0 { Decimal::from(5) } else { Decimal::from(20) },
    }
}

/// Commands with arguments drawn loosely, so both accepted and refused ones occur.
fn command() -> impl Strategy<Value = (Command, bool)> {
    let line = 1u32..8;
    let scope = prop_oneof![Just(DiscountScope::Order), (1u32..8).prop_map(|line| DiscountScope::Line { line })];
    let kind = prop_oneof![Just(DiscountKind::Percent), Just(DiscountKind::Amount)];
    prop_oneof![
        4 => (0u8..20, 0u32..12).prop_map(|(p, q)| Command::AddItem { product: product(p), quantity: q }),
        2 => (line.clone(), 0u32..12).prop_map(|(line, quantity)| Command::ChangeQuantity { line, quantity }),
        1 => line.clone().prop_map(|line| Command::RemoveLine { line, reason: "changed mind".into() }),
        2 => (scope, kind, 1i64..12_000).prop_map(|(scope, kind, v)| Command::ApplyDiscount {
            scope,
            kind,
            value: Decimal::new(v, 2),
            reason: "promo".into(),
        }),
        1 => (1u32..5).prop_map(|discount| Command::RemoveDiscount { discount }),
        1 => (0i64..20_000, 0i64..10_000).prop_map(|(cash, card)| Command::ConfirmOrder {
            tenders: Tenders { cash: Decimal::new(cash, 2), card: Decimal::new(card, 2) }
        }),
        1 => Just(Command::VoidOrder { reason: "refund".into() }),
    ]
    .prop_flat_map(|c| (Just(c), any::<bool>()))
}

fn open() -> Command {
    Command::OpenOrder { number: 1, cashier: 1, terminal: "T1".into() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_invariants(commands in prop::collection::vec(command(), 0..40)) {
        let mut live = Order::default();
        let mut events = Vec::new();
        let mut states = vec![live.clone()];
        for (c, manager) in std::iter::once((open(), false)).chain(commands) {
            let before = live.clone();
            let discount = matches!(c, Command::ApplyDiscount { .. });
            match decide(&live, c, &ctx(manager)) {
                Ok(new) => {
                    // An accepted discount leaves the order within the hard maximum, and
                    // within the cashier's limits unless a manager approved it.
                    if discount {
                        let after = new.iter().fold(live.clone(), evolve);
                        let t = after.totals();
                        let policy = Policy::default();
                        prop_assert!(t.discount_total * Decimal::ONE_HUNDRED <= policy.discount_percent_hard_max * t.subtotal);
                        if !manager {
                            prop_assert!(t.discount_total * Decimal::ONE_HUNDRED <= policy.cashier.discount_percent_max * t.subtotal);
                            prop_assert!(t.discount_total <= policy.cashier.discount_amount_max);
                        }
                    }
                    for e in new {
                        live = evolve(live, &e);
                        events.push(e);
                        states.push(live.clone());
                    }
                }
                // A refused command changes nothing.
                Err(_) => prop_assert_eq!(&live, &before),
            }
            // Nothing ever goes below zero.
            prop_assert!(live.first_negative_value().is_none());
            let t = live.totals();
            prop_assert!(t.total >= Decimal::ZERO);
            // Tax shares add up to the total exactly.
            let gross: Decimal = t.tax.iter().map(|x| x.gross).sum();
            prop_assert_eq!(gross, t.total);
            if let Some(c) = &live.confirmation {
                prop_assert!(c.change >= Decimal::ZERO);
                prop_assert!(c.tenders.card <= c.total);
            }
        }
        // A full replay equals the live state; the fold of the first v events equals the state at v.
        let replayed = events.iter().fold(Order::default(), evolve);
        prop_assert_eq!(&replayed, &live);
        for (v, state) in states.iter().enumerate() {
            prop_assert_eq!(&events[..v].iter().fold(Order::default(), evolve), state);
        }
        // Serialization round-trips: each event's payload, and the state as a snapshot stores it.
        for e in &events {
            let json = e.payload_json().unwrap();
            prop_assert_eq!(&Event::from_payload(e.kind(), json.as_bytes()).unwrap(), e);
        }
        let snapshot = serde_json::to_string(&live).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Order>(&snapshot).unwrap(), &live);
    }
}

fn request() -> impl Strategy<Value = (OrderRequest, bool)> {
    let codes = ["COF-ESP", "COF-LAT", "BAK-CRO", "BRD-SOU", "DRK-WAT", "NOPE"];
    prop_oneof![
        5 => (0usize..6, 0i64..5).prop_map(move |(c, q)| OrderRequest::AddItem { code: codes[c].into(), quantity: q }),
        2 => (1u32..6, 0i64..5).prop_map(|(line, quantity)| OrderRequest::ChangeQuantity { line, quantity }),
        1 => (1u32..6).prop_map(|line| OrderRequest::RemoveLine { line, reason: "x".into() }),
        2 => (1u32..30).prop_map(|p| OrderRequest::ApplyDiscount {
            scope: DiscountScope::Order, kind: DiscountKind::Percent, value: p.to_string(), reason: "promo".into()
        }),
        1 => (1u32..4).prop_map(|discount| OrderRequest::RemoveDiscount { discount }),
    ]
    .prop_flat_map(|r| (Just(r), any::<bool>()))
}

proptest! {
    // Each case opens a database file: fewer cases, same properties.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn snapshot_loads_equal_full_replays_in_the_store(requests in prop::collection::vec(request(), 1..60), interval in 1u32..7) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pos.db");
        let mut till = Till::open_with(&path, TillOptions { mode: OpenMode::CreateIfMissing, seed_demo: true, sync: Sync::Normal, terminal: None }).unwrap();
        till.set_snapshot_interval(interval).unwrap();
        let cashier = till.sign_in("1001", "1234").unwrap().id;
        let manager = till.approve("9001", "9999").unwrap();
        let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
        for (r, approved) in requests {
            let meta = CommandMeta { approval: approved.then_some(manager), ..CommandMeta::new(cashier) };
            let _ = till.execute(id, r, &meta);
        }
        let live = till.load(id).unwrap();
        let fresh = Till::open(&path).unwrap();
        for v in 0..=live.version {
            let from_snapshot = load_from_store(fresh.conn(), id, v, interval).unwrap();
            let mut full = till.records(id).unwrap()[..v as usize].iter().fold(Order { id, ..Order::default() }, |s, r| evolve(s, &r.event));
            if v == 0 { full.id = id; }
            prop_assert_eq!(&from_snapshot, &full, "version {}", v);
        }
        prop_assert_eq!(load_from_store(fresh.conn(), id, live.version, interval).unwrap(), live);
        prop_assert!(till.verify().unwrap().intact);
    }
}
