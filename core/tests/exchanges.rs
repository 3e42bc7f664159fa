//! Exchanges through the till on a real database: the refund and the new
//! order's payment in one transaction, the difference paid or given back,
//! the drawer's expected cash and the day report, the audit trail, the
//! receipts, a repeated command and a rebuild.

mod common;

use chrono::{Duration, TimeZone, Utc};
use pos_core::domain::{Event, ExchangeCredit, RefundedQuantity};
use pos_core::read::{self, AuditFilter, DayFigures};
use pos_core::till::ExchangeRequest;
use pos_core::{CommandMeta, OrderRequest, Till};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

struct Shop {
    dir: tempfile::TempDir,
    till: Till,
    cashier: i64,
    manager: i64,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
    let day = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
    till.set_clock(move || day);
    let manager = till.sign_in("9001", "9999").unwrap().id;
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    Shop { dir, till, cashier, manager }
}

impl Shop {
    /// An order of `items` (code, quantity), left open.
    fn order(&mut self, items: &[(&str, i64)]) -> i64 {
        let id = self.till.open_order(&CommandMeta::new(self.cashier)).unwrap().order.id;
        for (code, quantity) in items {
            let add = OrderRequest::AddItem { code: code.to_string(), quantity: *quantity };
            self.till.execute(id, add, &CommandMeta::new(self.cashier)).unwrap();
        }
        id
    }

    /// A paid sale of `items`, paid with `cash` and `card`.
    fn sale(&mut self, items: &[(&str, i64)], cash: &str, card: &str) -> i64 {
        let id = self.order(items);
        let pay = OrderRequest::ConfirmOrder { cash: cash.into(), card: card.into() };
        self.till.execute(id, pay, &CommandMeta::new(self.cashier)).unwrap();
        id
    }

    fn exchange(&mut self, order: i64, request: &ExchangeRequest) -> pos_core::Result<pos_core::till::Exchanged> {
        self.till.exchange_goods(order, request, &CommandMeta::new(self.cashier))
    }

    /// What the drawer should hold now, as a manager sees it.
    fn drawer_expected(&mut self) -> Decimal {
        self.till.shift_report(self.manager).unwrap().unwrap().drawer.unwrap().expected
    }

    fn day(&mut self) -> DayFigures {
        let day = Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).unwrap();
        read::day_report(&self.till.reader(), day, day + Duration::days(1), None).unwrap().totals
    }
}

fn goods(sale: i64, lines: &[(u32, u32)], cash: &str, card: &str) -> ExchangeRequest {
    ExchangeRequest {
        till: None,
        sale,
        lines: lines.iter().map(|&(line, quantity)| RefundedQuantity { line, quantity }).collect(),
        cash: cash.into(),
        card: card.into(),
        reason: "wrong one".into(),
    }
}

#[test]
fn a_dearer_exchange_takes_the_difference_into_the_drawer() {
    let mut s = shop();
    // A latte (3.30) and a croissant (1.80), 5.10 in cash.
    let sale = s.sale(&[("COF-LAT", 1), ("BAK-CRO", 1)], "5.10", "");
    assert_eq!(s.drawer_expected(), dec!(105.10));
    // The croissant comes back for a pain au chocolat and a muffin: 4.50, 2.70 to pay; 5.00 handed over.
    let order = s.order(&[("BAK-PAI", 1), ("BAK-MUF", 1)]);
    let done = s.exchange(order, &goods(sale, &[(2, 1)], "5.00", "")).unwrap();
    let credit = Some(ExchangeCredit { refund: 1, order, amount: dec!(1.80) });
    assert_eq!((done.refund.refund.number, done.refund.refund.total, done.refund.refund.exchange), (1, dec!(1.80), credit));
    assert_eq!(done.refund.refund.tenders.cash + done.refund.refund.tenders.card, Decimal::ZERO);
    let paid = done.order.confirmation.clone().unwrap();
    assert_eq!((paid.total, paid.tenders.cash, paid.change, paid.exchange), (dec!(4.50), dec!(5.00), dec!(2.30), credit));
    assert_eq!(done.order.status.as_str(), "confirmed");

    // The drawer took only the difference: 2.70.
    assert_eq!(s.drawer_expected(), dec!(107.80));
    let t = s.day();
    assert_eq!((t.orders_confirmed, t.gross_sales, t.refunds, t.net_sales), (2, dec!(9.60), dec!(1.80), dec!(7.80)));
    assert_eq!((t.cash_taken, t.change_given, t.exchange_taken), (dec!(10.10), dec!(2.30), dec!(1.80)));
    assert_eq!((t.cash_refunded, t.card_refunded, t.exchange_refunded), (dec!(0), dec!(0), dec!(1.80)));
    assert_eq!(t.cash_expected, dec!(7.80));

    // Each side is a document, and says where the credit went.
    let receipt = read::receipt_text(&read::receipt(&mut s.till.reader(), order).unwrap());
    assert!(receipt.contains("Exchange credit R-T1-1") && receipt.contains("-1.80"), "{receipt}");
    let entries = read::audit(&s.till.reader(), &AuditFilter { kinds: vec![pos_core::projections::AuditKind::Refund], ..Default::default() }).unwrap();
    assert_eq!(entries[0].detail, format!("Refund R-1 of order {sale}: 1 item, 1.80 as credit to order {order}: wrong one"));
    assert_eq!(s.till.refundable_sale(sale).unwrap().lines[1].left, 0);
    assert!(s.till.verify().unwrap().intact);
    common::projections_equal_a_rebuild(&s.dir.path().join("pos.db"));
}

#[test]
fn a_cheaper_exchange_gives_the_rest_back_from_the_drawer_or_to_the_card() {
    let mut s = shop();
    // Two sourdough loaves (9.00): 5.00 cash, 4.00 card.
    let sale = s.sale(&[("BRD-SOU", 2)], "5", "4");
    // One loaf back for a bagel (1.50): 3.00 goes back.
    let order = s.order(&[("BAK-BAG", 1)]);
    let preview = s.till.exchange_preview(order, &goods(sale, &[(1, 1)], "", ""), &CommandMeta::new(s.cashier)).unwrap();
    assert_eq!((preview.credit, preview.due, preview.to_pay, preview.to_give_back), (dec!(4.50), dec!(1.50), dec!(0), dec!(3.00)));
    assert_eq!(preview.refusal, None);
    let refused = s.exchange(order, &goods(sale, &[(1, 1)], "2.00", "")).unwrap_err();
    assert_eq!(refused.code(), "exchange_tender_mismatch");
    let done = s.exchange(order, &goods(sale, &[(1, 1)], "3.00", "")).unwrap();
    assert_eq!((done.refund.refund.tenders.cash, done.refund.refund.exchange.unwrap().amount), (dec!(3.00), dec!(1.50)));
    let paid = done.order.confirmation.unwrap();
    assert_eq!((paid.tenders.cash, paid.tenders.card, paid.change), (dec!(0), dec!(0), dec!(0)));
    // 100 + 5.00 − 3.00.
    assert_eq!(s.drawer_expected(), dec!(102.00));

    // The other loaf for a bagel, the rest to the card it was paid with.
    let order = s.order(&[("BAK-BAG", 1)]);
    let done = s.exchange(order, &goods(sale, &[(1, 1)], "", "3.00")).unwrap();
    assert_eq!(done.refund.refund.tenders.card, dec!(3.00));
    assert_eq!(s.drawer_expected(), dec!(102.00));
    let t = s.day();
    assert_eq!((t.refunds, t.cash_refunded, t.card_refunded, t.exchange_refunded), (dec!(9.00), dec!(3.00), dec!(3.00), dec!(3.00)));
    assert_eq!((t.exchange_taken, t.gross_sales, t.net_sales), (dec!(3.00), dec!(12.00), dec!(3.00)));
    assert_eq!((t.cash_expected, t.card_expected), (dec!(2.00), dec!(1.00)));
    let refund = s.till.refund(2).unwrap();
    let receipt = read::refund_text(s.till.settings(), s.till.terminal(), "Alex Cashier", &refund, 42);
    assert!(receipt.contains("REFUND R-T1-2") && receipt.contains(&format!("Credit to order T1-{order}")), "{receipt}");
}

#[test]
fn no_more_cash_back_than_the_drawer_holds_and_only_an_order_of_this_till() {
    let mut s = shop();
    let sale = s.sale(&[("PAN-OIL", 20)], "", "130");
    let order = s.order(&[("BAG-REU", 1)]);
    let manager = s.till.approve("9001", "9999").unwrap();
    let meta = CommandMeta { approval: Some(manager), ..CommandMeta::new(s.cashier) };
    // 129.50 back in cash from a drawer of 100.00: refused, and nothing written.
    let refused = s.till.exchange_goods(order, &goods(sale, &[(1, 20)], "129.50", ""), &meta).unwrap_err();
    assert_eq!(refused.code(), "drawer_short");
    assert_eq!(s.till.refundable_sale(sale).unwrap().lines[0].left, 20);
    // Over the refund limit a manager approves.
    assert_eq!(s.exchange(order, &goods(sale, &[(1, 20)], "", "129.50")).unwrap_err().code(), "manager_required");
    // A paid order takes no credit.
    let paid = s.sale(&[("BAG-REU", 1)], "0.50", "");
    assert_eq!(s.exchange(paid, &goods(sale, &[(1, 1)], "6.00", "")).unwrap_err().code(), "order_not_open");
    // Another till's open order neither.
    let path = s.dir.path().join("pos.db");
    let options = pos_core::TillOptions { terminal: Some("T2".into()), ..Default::default() };
    let mut t2 = Till::open_with(&path, options).unwrap();
    let cashier = t2.sign_in("1001", "1234").unwrap().id;
    let float = pos_core::till::CountRequest { amount: "50".into(), denominations: Vec::new() };
    t2.open_shift(&float, &CommandMeta::new(cashier)).unwrap();
    let refused = t2.exchange_goods(order, &goods(sale, &[(1, 1)], "", ""), &CommandMeta::new(cashier)).unwrap_err();
    assert_eq!(refused.code(), "exchange_other_till");
}

#[test]
fn a_repeated_exchange_command_exchanges_once() {
    let mut s = shop();
    let sale = s.sale(&[("TEA-ENG", 2)], "4", "");
    let order = s.order(&[("TEA-GRN", 1)]);
    let meta = CommandMeta::new(s.cashier);
    let first = s.till.exchange_goods(order, &goods(sale, &[(1, 1)], "0.10", ""), &meta).unwrap();
    let again = s.till.exchange_goods(order, &goods(sale, &[(1, 1)], "0.10", ""), &meta).unwrap();
    assert_eq!(first, again);
    let mut refunds = 0;
    pos_core::store::read_all(s.till.conn(), |r| {
        refunds += usize::from(matches!(r.event, Event::RefundIssued(_)));
        Ok(())
    })
    .unwrap();
    assert_eq!(refunds, 1);
    // An order paid by an exchange's credit is refunded, never voided.
    let approval = s.till.approve("9001", "9999").unwrap();
    let void = OrderRequest::VoidOrder { reason: "mistake".into() };
    let refused = s.till.execute(order, void, &CommandMeta { approval: Some(approval), ..CommandMeta::new(s.cashier) }).unwrap_err();
    assert_eq!(refused.code(), "void_after_exchange");
}
