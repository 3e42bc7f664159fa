//! Exchanges through the till: the refund of the goods brought back (its
//! document on a stream of its own, the sale's note of it) and the payment
//! of the order open on this till by their credit, all in one write
//! transaction. The rules are the domain's (`domain::exchange`); the till
//! resolves the sale, the order, the next refund number and the drawer.

use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::back_office::{self, Stream};
use crate::domain::exchange::{exchange_goods, Difference, Exchange, ExchangeGoods};
use crate::domain::refund::refund_lines;
use crate::domain::{Ctx, Event, OrderId, OrderView, RefundNumber, RefundedLine, Tenders};
use crate::error::{Error, ErrorBody, Result};
use crate::staff;
use crate::store::{self, StoreError};
use crate::sync::ShopCopies;
use crate::tender;

use super::command::project;
use super::refunds::{next_refund_number, refund_on_stream, sale_to_refund, IssuedRefund};
use super::{CommandMeta, ExchangeRequest, OrderCache, Till};

/// An exchange done: the refund document and the order it paid, as they now are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Exchanged {
    pub refund: IssuedRefund,
    pub order: OrderView,
}

/// What an exchange would do, and why doing it now would be refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ExchangePreview {
    /// The goods coming back, at what was paid for them.
    pub lines: Vec<RefundedLine>,
    /// What they give back.
    #[ts(type = "string")]
    pub credit: Decimal,
    /// What the order on the register comes to.
    #[ts(type = "string")]
    pub due: Decimal,
    /// What the customer still pays.
    #[ts(type = "string")]
    pub to_pay: Decimal,
    /// What goes back to the customer.
    #[ts(type = "string")]
    pub to_give_back: Decimal,
    /// The refusal doing it now would meet (`reason_required`, `manager_required`…), if any.
    pub refusal: Option<ErrorBody>,
}

impl Till {
    /// Takes the goods of `request` back for order `order` open on this till;
    /// a repeated command id answers with the exchange it first did.
    pub fn exchange_goods(&mut self, order: OrderId, request: &ExchangeRequest, meta: &CommandMeta) -> Result<Exchanged> {
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = store::opened_by(&tx, meta.command_id)? {
            drop(tx);
            return self.exchanged(done.stream, meta);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        // Money is paid or given back only through an open shift's drawer.
        let shift = self.require_shift(&tx)?;
        let number = next_refund_number(&tx)?;
        let copies = ShopCopies::beside(&self.path, &self.terminal);
        let exchange = decide_exchange(&tx, &mut self.orders, &copies, (order, number), request, &ctx)?;
        // No more cash back than the drawer holds.
        self.require_cash(&tx, &shift, exchange.refund.issued.tenders.cash)?;
        let Exchange { refund, confirmed } = exchange;
        let issued = refund.issued;
        let metadata = self.metadata(meta, &ctx, issued.authorised_by);
        back_office::record(&tx, Stream::Refund(number), &[Event::RefundIssued(issued.clone())], &metadata)?;
        let mut noted = Vec::with_capacity(2);
        // Another till's sale (the document names it) keeps its own stream: only the order is noted.
        let on_sale = issued.sale_till.is_none().then(|| (request.sale, Event::OrderRefunded(refund.on_sale)));
        for (id, event) in on_sale.into_iter().chain([(order, Event::OrderConfirmed(confirmed))]) {
            let state = self.orders.load(&tx, id)?;
            let recorded = store::append(&tx, id, state.version, &[event], &metadata)?;
            noted.push((project(&tx, state, &recorded, self.orders.checkpoints())?, recorded));
        }
        tx.commit().map_err(StoreError::from)?;
        let view = noted.last().expect("the order paid is noted").0.view();
        for (after, recorded) in noted {
            self.orders.remember(&after, recorded);
        }
        Ok(Exchanged { refund: IssuedRefund::on_till(issued, &self.terminal), order: view })
    }

    /// What `request` would do for order `order`, by the same rules as
    /// [`Till::exchange_goods`], written nowhere.
    pub fn exchange_preview(&mut self, order: OrderId, request: &ExchangeRequest, meta: &CommandMeta) -> Result<ExchangePreview> {
        let due = self.orders.load(&self.conn, order)?.totals().total;
        let copies = ShopCopies::beside(&self.path, &self.terminal);
        let sale = exchanged_sale(&self.conn, &mut self.orders, &copies, request)?;
        let lines = match refund_lines(&sale, &request.lines) {
            Ok(lines) => lines,
            Err(e) => {
                let refusal = Some((&Error::from(e)).into());
                return Ok(ExchangePreview { lines: Vec::new(), credit: Decimal::ZERO, due, to_pay: due, to_give_back: Decimal::ZERO, refusal });
            }
        };
        let difference = Difference::of(lines.iter().map(|l| l.amount).sum(), due);
        // No money typed yet: judged as the difference in cash.
        let mut request = request.clone();
        if request.cash.trim().is_empty() && request.card.trim().is_empty() {
            request.cash = (difference.to_pay() + difference.to_give_back()).to_string();
        }
        let refusal = self.try_exchange(order, &request, meta).err().map(|e| (&e).into());
        let (to_pay, to_give_back) = (difference.to_pay(), difference.to_give_back());
        Ok(ExchangePreview { lines, credit: difference.credit, due, to_pay, to_give_back, refusal })
    }

    /// Decides `request` now, and checks the drawer, writing nothing.
    fn try_exchange(&mut self, order: OrderId, request: &ExchangeRequest, meta: &CommandMeta) -> Result<Exchange> {
        let ctx = self.ctx(meta, staff::get(&self.conn, meta.actor)?.role);
        let shift = self.require_shift(&self.conn)?;
        let number = next_refund_number(&self.conn)?;
        let copies = ShopCopies::beside(&self.path, &self.terminal);
        let exchange = decide_exchange(&self.conn, &mut self.orders, &copies, (order, number), request, &ctx)?;
        self.require_cash(&self.conn, &shift, exchange.refund.issued.tenders.cash)?;
        Ok(exchange)
    }

    /// The exchange whose refund is on stream `id`, as it was done (a repeated command id).
    fn exchanged(&mut self, id: i64, meta: &CommandMeta) -> Result<Exchanged> {
        let refund = refund_on_stream(&self.conn, id)?;
        let Some(credit) = refund.exchange else {
            return Err(Error::BadArguments { message: format!("this command id already issued refund R-{}", refund.number) });
        };
        let done = self.orders.applied(&self.conn, credit.order, meta.command_id)?;
        let version = done.map_or(0, |d| d.last_version);
        let order = self.state_at(credit.order, version)?.view();
        Ok(Exchanged { refund: IssuedRefund::on_till(refund, &self.terminal), order })
    }
}

/// Resolves the sale, the order (`order`, paid as refund `number` is
/// issued) and the amounts typed, and lets the domain decide.
fn decide_exchange(
    conn: &Connection,
    orders: &mut OrderCache,
    copies: &ShopCopies,
    (order, number): (OrderId, RefundNumber),
    request: &ExchangeRequest,
    ctx: &Ctx,
) -> Result<Exchange> {
    let unit = ctx.currency.minor_unit;
    let money = Tenders { cash: tender::typed(&request.cash, "Cash", unit)?, card: tender::typed(&request.card, "Card", unit)? };
    let sale = exchanged_sale(conn, orders, copies, request)?;
    let state = orders.load(conn, order)?;
    let till = copies.this_till();
    let goods = ExchangeGoods { number, lines: &request.lines, money, reason: request.reason.clone(), till };
    Ok(exchange_goods(&sale, &state, goods, ctx)?)
}

/// The sale whose goods come back (this till's, or another's from its
/// copy), counting every till's refunds of it.
fn exchanged_sale(conn: &Connection, orders: &mut OrderCache, copies: &ShopCopies, request: &ExchangeRequest) -> Result<crate::domain::Order> {
    let till = request.till.as_deref().unwrap_or(copies.this_till());
    sale_to_refund(conn, orders, copies, till, request.sale)
}
