//! A refund of another till's sale: the sale is read from this till's copy
//! of that till (as the shop server sent it), counting every till's refunds
//! of it, and the refund is this till's document alone, naming the sale's
//! till; the sale's till counts it once it has a copy of this till.

use chrono::{Duration, TimeZone, Utc};
use pos_core::domain::RefundedQuantity;
use pos_core::store;
use pos_core::sync::ShopCopies;
use pos_core::till::{ExchangeRequest, IssuedRefund, RefundRequest};
use pos_core::{read, CommandMeta, OrderRequest, Till, TillOptions};
use rust_decimal_macros::dec;

struct Counter {
    till: Till,
    cashier: i64,
    copies: ShopCopies,
}

impl Counter {
    fn open(dir: &std::path::Path, id: &str) -> Counter {
        let path = dir.join(format!("{id}.db"));
        let mut till = Till::open_with(&path, TillOptions { terminal: Some(id.into()), ..TillOptions::default() }).unwrap();
        let day = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        till.set_clock(move || day);
        let cashier = till.sign_in("1001", "1234").unwrap().id;
        Counter { till, cashier, copies: ShopCopies::beside(&path, id) }
    }

    fn meta(&self) -> CommandMeta {
        CommandMeta::new(self.cashier)
    }

    /// A paid sale of `items` (code, quantity), paid in cash.
    fn sale(&mut self, items: &[(&str, i64)], cash: &str) -> i64 {
        let id = self.till.open_order(&self.meta()).unwrap().order.id;
        for (code, quantity) in items {
            let add = OrderRequest::AddItem { code: code.to_string(), quantity: *quantity };
            self.till.execute(id, add, &self.meta()).unwrap();
        }
        let pay = OrderRequest::ConfirmOrder { cash: cash.into(), card: String::new() };
        self.till.execute(id, pay, &self.meta()).unwrap();
        id
    }

    /// What the shop server would have sent of `other` so far.
    fn copy(&self, other: &Counter) {
        let rows = store::rows_after(other.till.conn(), 0, usize::MAX).unwrap();
        self.copies.open(other.till.terminal()).unwrap().take_copied(&rows).unwrap();
    }

    fn refund(&mut self, request: &RefundRequest) -> pos_core::Result<pos_core::domain::RefundIssued> {
        let meta = self.meta();
        self.till.issue_refund(request, &meta)
    }

    /// Units left to refund on each line of till `till`'s sale `order`, as this till sees it.
    fn left(&mut self, till: &str, order: i64) -> Vec<u32> {
        self.till.refundable_sale_of(till, order).unwrap().lines.iter().map(|l| l.left).collect()
    }
}

fn of_sale(till: &str, order: i64, lines: &[(u32, u32)], cash: &str) -> RefundRequest {
    RefundRequest {
        order: Some(order),
        till: Some(till.into()),
        lines: lines.iter().map(|&(line, quantity)| RefundedQuantity { line, quantity }).collect(),
        items: Vec::new(),
        cash: cash.into(),
        card: String::new(),
        reason: "faulty".into(),
    }
}

#[test]
fn a_till_refunds_another_tills_sale_by_its_own_document() {
    let dir = tempfile::tempdir().unwrap();
    let (mut t1, mut t2) = (Counter::open(dir.path(), "T1"), Counter::open(dir.path(), "T2"));
    // given sale T1-1 of three espressos (2.20) and a croissant (1.80), and T2's own order 1, a croissant
    let sale = t1.sale(&[("COF-ESP", 3), ("BAK-CRO", 1)], "10");
    let own = t2.sale(&[("BAK-CRO", 1)], "5");
    assert_eq!((sale, own), (1, 1));
    // and T2 holding a copy of T1
    t2.copy(&t1);
    let shown = t2.till.refundable_sale_of("T1", sale).unwrap();
    assert_eq!((shown.reference.as_str(), shown.till.as_str(), shown.paid.cash), ("T1-1", "T1", dec!(10.00)));

    // when T2 refunds two of T1-1's espressos
    let refund = t2.refund(&of_sale("T1", sale, &[(1, 2)], "4.40")).unwrap();

    // then T2's refund R-T2-1 names the sale T1-1, and T2's own order 1 is untouched
    assert_eq!((refund.number, refund.order, refund.sale_till.as_deref(), refund.total), (1, Some(1), Some("T1"), dec!(4.40)));
    let named = IssuedRefund::on_till(refund.clone(), "T2");
    assert_eq!((named.reference.as_str(), named.sale_reference.as_deref()), ("R-T2-1", Some("T1-1")));
    assert_eq!(t2.left("T2", own), vec![1]);
    // and T2 counts its refund against T1-1: one espresso is left, two more are refused
    assert_eq!(t2.left("T1", sale), vec![1, 1]);
    assert_eq!(t2.refund(&of_sale("T1", sale, &[(1, 2)], "4.40")).unwrap_err().code(), "refund_past_sold");
    // and the money left T2's drawer: T2's day report counts the refund, its audit trail says which sale
    let day = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let figures = read::day_report(&t2.till.reader(), day, day + Duration::days(1), None).unwrap().totals;
    assert_eq!((figures.refunds_issued, figures.cash_refunded), (1, dec!(4.40)));
    assert!(pos_core::domain::describe::describe_refund(&refund).contains("of order T1-1"));
    let slip = read::refund_text(t2.till.settings(), "T2", "Alex", &refund, 42);
    assert!(slip.contains("REFUND R-T2-1") && slip.contains("order T1-1"), "{slip}");

    // when T1 has a copy of T2, T1 counts T2's refund of its sale as well
    t1.copy(&t2);
    assert_eq!(t1.left("T1", sale), vec![1, 1]);
    assert_eq!(t1.refund(&RefundRequest { till: None, ..of_sale("T1", sale, &[(1, 2)], "4.40") }).unwrap_err().code(), "refund_past_sold");
    let last = t1.refund(&RefundRequest { till: None, ..of_sale("T1", sale, &[(1, 1)], "2.20") }).unwrap();
    assert_eq!((last.sale_till, last.total), (None, dec!(2.20)));
    // and a third till sees the two refunds of T1-1 from its copies of both
    let mut t3 = Counter::open(dir.path(), "T3");
    t3.copy(&t1);
    t3.copy(&t2);
    assert_eq!(t3.left("T1", sale), vec![0, 1]);
    assert_eq!(t3.till.refundable_sale_of("T1", sale).unwrap().refunds.len(), 2);
}

#[test]
fn a_sale_not_copied_yet_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut t1, mut t2) = (Counter::open(dir.path(), "T1"), Counter::open(dir.path(), "T2"));
    let sale = t1.sale(&[("COF-ESP", 1)], "5");
    // given T2 without a copy of T1: the sale is not here yet
    let missing = t2.till.refundable_sale_of("T1", sale).unwrap_err();
    assert_eq!((missing.code(), missing.to_string().contains("T1-1 (not on the shop server yet)")), ("not_found", true));
    // nor a sale T1 has not made, once the copy is here
    t2.copy(&t1);
    assert_eq!(t2.till.refundable_sale_of("T1", 9).unwrap_err().code(), "not_found");
}

#[test]
fn another_tills_goods_pay_for_an_order_here_and_only_this_tills_streams_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut t1, mut t2) = (Counter::open(dir.path(), "T1"), Counter::open(dir.path(), "T2"));
    // given sale T1-1, an espresso (2.20), copied to T2, and T2's order 1 open with a croissant (1.80)
    let sale = t1.sale(&[("COF-ESP", 1)], "5");
    t2.copy(&t1);
    let order = t2.till.open_order(&t2.meta()).unwrap().order.id;
    t2.till.execute(order, OrderRequest::AddItem { code: "BAK-CRO".into(), quantity: 1 }, &t2.meta()).unwrap();
    assert_eq!((sale, order), (1, 1), "the same number on two tills");
    // when the espresso comes back for it, the 0.40 left over given back in cash
    let goods = ExchangeRequest {
        sale,
        till: Some("T1".into()),
        lines: vec![RefundedQuantity { line: 1, quantity: 1 }],
        cash: "0.40".into(),
        card: String::new(),
        reason: "wrong one".into(),
    };
    let meta = t2.meta();
    let done = t2.till.exchange_goods(order, &goods, &meta).unwrap();
    // then T2's refund names sale T1-1 and T2's order 1 is paid by its credit, with no refund noted on it
    assert_eq!((done.refund.sale_reference.as_deref(), done.refund.reference.as_str()), (Some("T1-1"), "R-T2-1"));
    assert_eq!((done.refund.refund.total, done.refund.refund.tenders.cash), (dec!(2.20), dec!(0.40)));
    assert_eq!(done.order.status, pos_core::domain::OrderStatus::Confirmed);
    assert!(done.order.refunds.is_empty(), "{:?}", done.order.refunds);
    // and the espresso of T1-1 is given back, as T2 and then T1 see it
    assert_eq!(t2.left("T1", sale), vec![0]);
    t1.copy(&t2);
    assert_eq!(t1.left("T1", sale), vec![0]);
}
