//! Refunds through the till: a refund of a sale records its document on a
//! stream of its own and the sale's note of it on the sale's stream, both in
//! one write transaction; a refund without a receipt records the document
//! alone. The rules are the domain's (`domain::refund`); the till resolves
//! what they need (the sale, the catalog, the next refund number).

use rusqlite::Connection;

use crate::back_office::{self, Stream};
use crate::catalog;
use crate::domain::refund::{noted_on_sale, refund_sale, refund_without_receipt, SaleRefund};
use crate::domain::{sale_reference, Ctx, Event, EventKind, Order, OrderError, OrderId, OrderStatus, RefundIssued, RefundNumber, Tenders};
use crate::error::{check_text, Error, Result};
use crate::limits::{CODE_CHARS_MAX, QUANTITY_MAX};
use crate::staff;
use crate::store::{self, StoreError};
use crate::sync::ShopCopies;
use crate::tender;

use super::command::project;
use super::{CommandMeta, OrderCache, RefundRequest, Till};

/// What the domain decided: the document, and for a sale its note on the sale.
type Decided = (RefundIssued, Option<SaleRefund>);

impl Till {
    /// What `request` would give back for `meta`'s actor now, by the same
    /// rules as [`Till::issue_refund`], written nowhere (the refund screen's preview).
    pub fn try_refund(&mut self, request: &RefundRequest, meta: &CommandMeta) -> Result<RefundIssued> {
        let ctx = self.ctx(meta, staff::get(&self.conn, meta.actor)?.role);
        let shift = self.require_shift(&self.conn)?;
        let number = next_refund_number(&self.conn)?;
        let copies = ShopCopies::beside(&self.path, &self.terminal);
        let (issued, _) = decide_refund(&self.conn, &mut self.orders, &copies, number, request, &ctx)?;
        self.require_cash(&self.conn, &shift, issued.tenders.cash)?;
        Ok(issued)
    }

    /// Gives money back for `request`; a repeated command id answers with the
    /// refund it first issued.
    pub fn issue_refund(&mut self, request: &RefundRequest, meta: &CommandMeta) -> Result<RefundIssued> {
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = store::opened_by(&tx, meta.command_id)? {
            drop(tx);
            return refund_on_stream(&self.conn, done.stream);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        // Money goes back only from an open shift's drawer.
        let shift = self.require_shift(&tx)?;
        let number = next_refund_number(&tx)?;
        let copies = ShopCopies::beside(&self.path, &self.terminal);
        let (issued, sale) = decide_refund(&tx, &mut self.orders, &copies, number, request, &ctx)?;
        // No more cash than the drawer holds.
        self.require_cash(&tx, &shift, issued.tenders.cash)?;
        let metadata = self.metadata(meta, &ctx, issued.authorised_by);
        back_office::record(&tx, Stream::Refund(number), &[Event::RefundIssued(issued.clone())], &metadata)?;
        let noted = match sale {
            Some(sale) => {
                let order = self.orders.load(&tx, issued.order.expect("a sale's refund names it"))?;
                let recorded = store::append(&tx, order.id, order.version, &[Event::OrderRefunded(sale.on_sale)], &metadata)?;
                Some((project(&tx, order, &recorded, self.orders.checkpoints())?, recorded))
            }
            None => None,
        };
        tx.commit().map_err(StoreError::from)?;
        if let Some((after, recorded)) = noted {
            self.orders.remember(&after, recorded);
        }
        Ok(issued)
    }

    /// Refund `number`, as issued.
    pub fn refund(&self, number: RefundNumber) -> Result<RefundIssued> {
        let not_found = || Error::NotFound { what: "Refund", key: format!("R-{number}") };
        let id = back_office::stream_id(&self.conn, Stream::Refund(number))?.ok_or_else(not_found)?;
        refund_on_stream(&self.conn, id)
    }
}

/// Resolves what the rules need (the sale, the catalog, the amounts typed)
/// and lets the domain decide. Another till's sale is refunded by its
/// document alone (`SaleRefund::of_other_tills_sale`).
fn decide_refund(
    conn: &Connection,
    orders: &mut OrderCache,
    copies: &ShopCopies,
    number: RefundNumber,
    request: &RefundRequest,
    ctx: &Ctx,
) -> Result<Decided> {
    let unit = ctx.currency.minor_unit;
    let tenders = Tenders { cash: tender::typed(&request.cash, "Cash", unit)?, card: tender::typed(&request.card, "Card", unit)? };
    match request.order {
        Some(id) => {
            if !request.items.is_empty() {
                return Err(Error::BadArguments { message: "a refund of a sale names its lines, not items".into() });
            }
            let till = request.till.as_deref().unwrap_or(copies.this_till());
            let order = sale_to_refund(conn, orders, copies, till, id)?;
            let sale = refund_sale(&order, number, &request.lines, tenders, request.reason.clone(), ctx)?;
            if till != copies.this_till() {
                return Ok((sale.of_other_tills_sale(&order), None));
            }
            Ok((sale.issued.clone(), Some(sale)))
        }
        None => {
            if !request.lines.is_empty() {
                return Err(Error::BadArguments { message: "lines belong to a sale: name its order".into() });
            }
            if request.till.is_some() {
                return Err(Error::BadArguments { message: "a till belongs to a sale: name its order".into() });
            }
            let items = resolve_items(conn, &request.items)?;
            Ok((refund_without_receipt(number, items, tenders, request.reason.clone(), ctx)?, None))
        }
    }
}

/// Sale `id` of till `till` as a refund sees it: as that till recorded it
/// (in this till's file, or in the copy of that till pulled from the shop
/// server), with the refunds other tills issued of it counted in (from this
/// till's file and the copies of the rest of the shop).
pub(super) fn sale_to_refund(conn: &Connection, orders: &mut OrderCache, copies: &ShopCopies, till: &str, id: OrderId) -> Result<Order> {
    let here = copies.this_till();
    let (order, mut elsewhere) = if till == here {
        (orders.load(conn, id)?, Vec::new())
    } else {
        (copied_sale(copies, till, id)?, refunds_of_sale(conn, till, id)?)
    };
    for other in copies.tills().iter().filter(|t| *t != till && *t != here) {
        elsewhere.extend(refunds_of_sale(copies.read(other)?.conn(), till, id)?);
    }
    let notes = elsewhere.iter().filter_map(noted_on_sale);
    Ok(notes.fold(order, |order, note| order.with_refund_elsewhere(&note)))
}

/// Sale `id` of another till, from its copy; refused by name when the
/// shop server has not sent it here (yet).
fn copied_sale(copies: &ShopCopies, till: &str, id: OrderId) -> Result<Order> {
    let not_here = || Error::NotFound { what: "Sale", key: format!("{} (not on the shop server yet)", sale_reference(till, id)) };
    let mut copy = copies.read(till).map_err(|_| not_here())?;
    let order = copy.load(id)?;
    if order.status == OrderStatus::New {
        return Err(not_here());
    }
    Ok(order)
}

/// The refunds recorded in `conn`'s file of till `till`'s sale `id`
/// (issued by another till than the sale's), oldest first.
fn refunds_of_sale(conn: &Connection, till: &str, id: OrderId) -> Result<Vec<RefundIssued>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.stream FROM streams s JOIN events e ON e.stream = -s.id
         WHERE s.kind = 'refund' AND e.kind = ?1 AND json_extract(e.payload, '$.saleTill') = ?2
           AND json_extract(e.payload, '$.order') = ?3
         ORDER BY e.position",
    )?;
    let streams = stmt.query_map(rusqlite::params![EventKind::RefundIssued.code(), till, id], |r| r.get::<_, i64>(0))?;
    let streams: Vec<i64> = streams.collect::<rusqlite::Result<_>>()?;
    streams.into_iter().map(|stream| refund_on_stream(conn, stream)).collect()
}

/// The catalog's facts for goods brought back, checked as typed.
fn resolve_items(conn: &Connection, items: &[super::RefundItem]) -> Result<Vec<(crate::domain::ProductFacts, u32)>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let code = check_text(&item.code, "Barcode or SKU", CODE_CHARS_MAX, true)?;
        if item.quantity < 1 || item.quantity > i64::from(QUANTITY_MAX) {
            return Err(OrderError::QuantityOutOfRange(item.quantity).into());
        }
        let product = catalog::find(conn, &code)?.ok_or(Error::UnknownProduct(code))?;
        out.push((product.facts(), item.quantity as u32));
    }
    Ok(out)
}

/// The number the next refund takes: one past the refunds issued here.
pub(super) fn next_refund_number(conn: &Connection) -> Result<RefundNumber> {
    Ok(conn.prepare_cached("SELECT count(*) + 1 FROM streams WHERE kind = 'refund'")?.query_row([], |r| r.get(0))?)
}

/// The refund document on stream `id`.
pub(super) fn refund_on_stream(conn: &Connection, id: i64) -> Result<RefundIssued> {
    store::read_stream(conn, id, 0, 1)?
        .into_iter()
        .find_map(|r| match r.event {
            Event::RefundIssued(e) => Some(e),
            _ => None,
        })
        .ok_or_else(|| Error::NotFound { what: "Refund", key: format!("stream {id}") })
}

/// A refund as the screen shows it once issued: the document, and the
/// number its slip prints ("R-T1-3", `domain::refund_reference`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedRefund {
    #[serde(flatten)]
    #[ts(flatten)]
    pub refund: RefundIssued,
    pub reference: String,
    /// The sale's printed number, "T1-42"; none without a receipt.
    pub sale_reference: Option<String>,
}

impl IssuedRefund {
    /// `refund`, issued on till `till`.
    pub fn on_till(refund: RefundIssued, till: &str) -> IssuedRefund {
        let reference = crate::domain::refund_reference(till, refund.number);
        let sale_till = refund.sale_till.as_deref().unwrap_or(till);
        let sale_reference = refund.order.map(|o| crate::domain::sale_reference(sale_till, o));
        IssuedRefund { refund, reference, sale_reference }
    }
}

/// One line of a paid sale as the refund screen offers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundableLine {
    pub line: crate::domain::LineId,
    pub sku: String,
    pub name: String,
    pub sold: u32,
    pub refunded: u32,
    /// Units that can still be refunded.
    pub left: u32,
    #[ts(type = "string")]
    pub unit_price: rust_decimal::Decimal,
    /// The line's value after every discount: what all its units give back.
    #[ts(type = "string")]
    pub value: rust_decimal::Decimal,
}

/// A paid sale, as the refund screen shows it after its receipt is scanned.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundableSale {
    pub order: crate::domain::OrderId,
    /// The till that rang it up: a refund of it names this till.
    pub till: String,
    /// The sale's number as its receipt prints it: `T1-42`.
    pub reference: String,
    pub lines: Vec<RefundableLine>,
    /// How the sale was paid.
    pub paid: Tenders,
    /// What can still go back to the card.
    #[ts(type = "string")]
    pub card_left: rust_decimal::Decimal,
    /// The sale's refunds so far: number and amount.
    pub refunds: Vec<crate::domain::OrderRefunded>,
}

/// What a refund would give back, and why issuing it now would be refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundPreview {
    pub lines: Vec<crate::domain::RefundedLine>,
    #[ts(type = "string")]
    pub total: rust_decimal::Decimal,
    /// The refusal issuing it now would meet (`reason_required`, `manager_required`…), if any.
    pub refusal: Option<crate::error::ErrorBody>,
}

impl Till {
    /// This till's sale `id`, as [`Till::refundable_sale_of`] shows it.
    pub fn refundable_sale(&mut self, id: OrderId) -> Result<RefundableSale> {
        let here = self.terminal.clone();
        self.refundable_sale_of(&here, id)
    }

    /// Sale `id` of till `till` (this one, or another whose copy the shop
    /// server sent) with what each line can still give back, counting every
    /// till's refunds of it; only a paid sale.
    pub fn refundable_sale_of(&mut self, till: &str, id: OrderId) -> Result<RefundableSale> {
        let copies = ShopCopies::beside(&self.path, &self.terminal);
        let order = sale_to_refund(&self.conn, &mut self.orders, &copies, till, id)?;
        crate::domain::refund::require_paid(&order)?;
        let values = order.line_values();
        let lines = order
            .live_lines()
            .map(|l| RefundableLine {
                line: l.id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                sold: l.quantity,
                refunded: l.refunded,
                left: l.quantity - l.refunded,
                unit_price: l.unit_price,
                value: values.get(&l.id).copied().unwrap_or_default(),
            })
            .collect();
        let paid = order.confirmation.as_ref().map(|c| c.tenders).unwrap_or_default();
        let card_left = crate::domain::refund::card_refundable(&order);
        let refunds = order.refunds.clone();
        Ok(RefundableSale { order: id, till: order.terminal.clone(), reference: order.reference(), lines, paid, card_left, refunds })
    }

    /// What `request` would give back, and the refusal issuing it would meet
    /// (with no amount typed, as if all of it went back in cash).
    pub fn refund_preview(&mut self, request: &RefundRequest, meta: &CommandMeta) -> Result<RefundPreview> {
        let lines = match request.order {
            Some(id) => {
                let copies = ShopCopies::beside(&self.path, &self.terminal);
                let till = request.till.as_deref().unwrap_or(&self.terminal).to_string();
                sale_to_refund(&self.conn, &mut self.orders, &copies, &till, id)
                    .and_then(|order| crate::domain::refund::refund_lines(&order, &request.lines).map_err(Error::from))
            }
            None => resolve_items(&self.conn, &request.items)
                .and_then(|items| crate::domain::refund::lines_without_receipt(items).map_err(Error::from)),
        };
        let lines = match lines {
            Ok(lines) => lines,
            Err(e) => return Ok(RefundPreview { lines: Vec::new(), total: Default::default(), refusal: Some((&e).into()) }),
        };
        let total: rust_decimal::Decimal = lines.iter().map(|l| l.amount).sum();
        // No tender typed yet: judged as all given back in cash.
        let mut request = request.clone();
        if request.cash.trim().is_empty() && request.card.trim().is_empty() {
            request.cash = total.to_string();
        }
        let refusal = self.try_refund(&request, meta).err().map(|e| (&e).into());
        Ok(RefundPreview { lines, total, refusal })
    }
}
