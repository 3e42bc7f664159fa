//! For any sequence of sales (cash with change, card, split), refunds (cash
//! or card) and cash moves on a real till, the drawer's expected cash is the
//! float, plus cash taken, minus change, minus cash given back, plus pay-ins,
//! minus pay-outs and drops; the Z of the day records the same sales and
//! refunds, and never a unit refunded twice.

use chrono::{TimeZone, Utc};
use pos_core::domain::{CashMoveKind, RefundedQuantity};
use pos_core::till::{CountRequest, RefundRequest};
use pos_core::{CommandMeta, OrderRequest, Till};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Step {
    /// Espressos (2.20 each) paid with `cash_extra` cents over in cash (change), or by card.
    Sale { units: u32, by_card: bool, cash_extra: i64 },
    /// `units` of the `nth` sale given back, in cash or to the card it was paid by.
    Refund { nth: usize, units: u32 },
    Move { kind: CashMoveKind, cents: i64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1u32..4, any::<bool>(), 0i64..1_000).prop_map(|(units, by_card, cash_extra)| Step::Sale { units, by_card, cash_extra }),
        2 => (0usize..8, 1u32..3).prop_map(|(nth, units)| Step::Refund { nth, units }),
        2 => (prop_oneof![Just(CashMoveKind::Drop), Just(CashMoveKind::PayIn), Just(CashMoveKind::PayOut)], 1i64..4_000)
            .prop_map(|(kind, cents)| Step::Move { kind, cents }),
    ]
}

/// What the test itself counts, apart from the till.
#[derive(Default)]
struct Book {
    cash_in: Decimal,
    change: Decimal,
    cash_back: Decimal,
    moves: Decimal,
    /// Each sale: its order, units sold, units given back, whether by card.
    sales: Vec<(i64, u32, u32, bool)>,
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    till.set_clock(|| Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap());
    let manager = till.sign_in("9001", "9999").unwrap().id;
    let meta = || CommandMeta::new(manager);
    let unit = Decimal::new(220, 2);
    let mut book = Book::default();
    for s in steps {
        match *s {
            Step::Sale { units, by_card, cash_extra } => {
                let id = till.open_order(&meta()).unwrap().order.id;
                till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: i64::from(units) }, &meta()).unwrap();
                let due = unit * Decimal::from(units);
                let cash = due + Decimal::new(cash_extra, 2);
                let (c, k) = if by_card { (String::new(), due.to_string()) } else { (cash.to_string(), String::new()) };
                till.execute(id, OrderRequest::ConfirmOrder { cash: c, card: k }, &meta()).unwrap();
                if !by_card {
                    book.cash_in += cash;
                    book.change += cash - due;
                }
                book.sales.push((id, units, 0, by_card));
            }
            Step::Refund { nth, units } => {
                let Some(sale) = book.sales.get_mut(nth) else { continue };
                let left = sale.1 - sale.2;
                let amount = unit * Decimal::from(units);
                let (cash, card) = if sale.3 { (String::new(), amount.to_string()) } else { (amount.to_string(), String::new()) };
                let request = RefundRequest {
                    till: None,
                    order: Some(sale.0),
                    lines: vec![RefundedQuantity { line: 1, quantity: units }],
                    items: Vec::new(),
                    cash,
                    card,
                    reason: "returned".into(),
                };
                match till.issue_refund(&request, &meta()) {
                    Ok(_) => {
                        prop_assert!(units <= left, "refunded {units} of the {left} left");
                        sale.2 += units;
                        if !sale.3 {
                            book.cash_back += amount;
                        }
                    }
                    Err(e) => prop_assert!(
                        units > left || e.code() == "drawer_short",
                        "refused {units} of {left} left: {e}"
                    ),
                }
            }
            Step::Move { kind, cents } => {
                let amount = Decimal::new(cents, 2);
                match till.move_cash(kind, &amount.to_string(), "moved", &meta()) {
                    Ok(_) if kind == CashMoveKind::PayIn => book.moves += amount,
                    Ok(_) => book.moves -= amount,
                    Err(e) => prop_assert_eq!(e.code(), "drawer_short"),
                }
            }
        }
    }
    let drawer = till.shift_report(manager).unwrap().unwrap().drawer.unwrap();
    let float = Decimal::new(10_000, 2);
    let expected = float + book.cash_in - book.change - book.cash_back + book.moves;
    prop_assert_eq!(drawer.expected, expected);
    prop_assert!(drawer.expected >= Decimal::ZERO, "a drawer never owes cash");

    // Closed and counted right, the day's Z records the same sales and refunds.
    till.close_shift(&CountRequest { amount: expected.to_string(), denominations: Vec::new() }, "", &meta()).unwrap();
    let z = till.close_day(&meta()).unwrap();
    prop_assert_eq!(z.variance, Decimal::ZERO);
    prop_assert_eq!(z.figures.cash_expected, book.cash_in - book.change - book.cash_back);
    let refunded: u32 = book.sales.iter().map(|s| s.2).sum();
    prop_assert_eq!(z.figures.refunds, unit * Decimal::from(refunded));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_drawer_expects_float_plus_cash_taken_less_change_and_cash_given_back_plus_moves(steps in prop::collection::vec(step(), 1..14)) {
        run(&steps)?;
    }
}
