//! The manager's end-of-day report: sales, discounts, voids, tax and the
//! takings expected in the drawer, per cashier and in total, computed from
//! the events alone; and its CSV.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

pub use crate::domain::DayFigures;
use crate::domain::{evolve, Event, EventKind, Order, OrderId, RefundIssued, StaffId, TaxAmount};
use crate::error::{Error, Result};
use crate::money;
use crate::store;

use super::{csv_text, staff_name, text_cell, Reader};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashierDay {
    pub cashier: StaffId,
    pub cashier_name: String,
    pub figures: DayFigures,
}

/// One shift in a day's report: its drawer expected against counted, once closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftDay {
    pub number: crate::domain::ShiftNumber,
    pub terminal: String,
    pub opened_by_name: String,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub float: Decimal,
    /// The close, when the shift is closed: expected, counted, variance, who and why.
    pub closed: Option<crate::domain::ShiftClosed>,
    pub closed_by_name: Option<String>,
}

/// A manager's end-of-day report, computed from the events alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayReport {
    #[ts(type = "string")]
    pub from: DateTime<Utc>,
    #[ts(type = "string")]
    pub to: DateTime<Utc>,
    /// All tills when absent.
    pub terminal: Option<String>,
    /// The shop's currency and how many decimals its money has.
    pub currency: String,
    pub minor_unit: u32,
    pub totals: DayFigures,
    pub cashiers: Vec<CashierDay>,
    /// The shifts opened or closed in the period: the cash expected against the cash counted.
    pub shifts: Vec<ShiftDay>,
    /// Where the event chain ended when the report was read: printed, so the
    /// chain can later be checked to still pass through it.
    pub head: store::ChainHead,
}

impl DayFigures {
    fn add_tax(&mut self, tax: &[TaxAmount], sign: Decimal) {
        for t in tax {
            match self.tax.iter_mut().find(|x| x.rate == t.rate) {
                Some(x) => {
                    x.gross += sign * t.gross;
                    x.tax += sign * t.tax;
                }
                None => self.tax.push(TaxAmount { rate: t.rate, gross: sign * t.gross, tax: sign * t.tax }),
            }
        }
        self.tax.sort_by_key(|t| t.rate);
    }

    fn confirmed(&mut self, order: &Order) {
        let Some(c) = &order.confirmation else { return };
        let totals = order.totals();
        self.orders_confirmed += 1;
        self.gross_sales += totals.subtotal;
        self.discounts += totals.discount_total;
        self.cash_taken += c.tenders.cash;
        self.card_taken += c.tenders.card;
        self.exchange_taken += crate::domain::ExchangeCredit::amount_of(c.exchange.as_ref());
        self.change_given += c.change;
        self.cash_rounding += c.cash_rounding;
        self.add_tax(&c.tax, Decimal::ONE);
    }

    /// A void of a confirmed order refunds it in the split it was paid:
    /// card first up to the card amount, the rest in cash. What it gives
    /// back is what was taken (the total and its cash rounding); the sale's
    /// value leaves the voids, its rounding the cash rounding.
    fn voided(&mut self, order: &Order) {
        self.orders_voided += 1;
        if let (Some(c), Some(v)) = (&order.confirmation, &order.voiding) {
            self.voids += v.amount - c.cash_rounding;
            self.cash_rounding -= c.cash_rounding;
            let card_refund = c.tenders.card.min(v.amount);
            self.card_expected -= card_refund;
            self.cash_expected -= v.amount - card_refund;
            self.add_tax(&c.tax, -Decimal::ONE);
        }
    }

    /// A refund gives back its amount in the tenders it names, and its tax.
    fn refunded(&mut self, refund: &RefundIssued) {
        self.refunds_issued += 1;
        self.refunds += refund.total;
        self.cash_refunded += refund.tenders.cash;
        self.card_refunded += refund.tenders.card;
        // A credit stays in the shop: it paid a sale, and neither moved money.
        self.exchange_refunded += crate::domain::ExchangeCredit::amount_of(refund.exchange.as_ref());
        self.cash_expected -= refund.tenders.cash;
        self.card_expected -= refund.tenders.card;
        self.add_tax(&refund.tax, -Decimal::ONE);
    }

    /// Adds the finished figures of another till for the same period: the
    /// whole shop's figures are the sum of its tills'.
    pub(super) fn add(&mut self, o: &DayFigures) {
        self.orders_confirmed += o.orders_confirmed;
        self.orders_voided += o.orders_voided;
        self.refunds_issued += o.refunds_issued;
        for (sum, part) in [
            (&mut self.gross_sales, o.gross_sales),
            (&mut self.discounts, o.discounts),
            (&mut self.voids, o.voids),
            (&mut self.refunds, o.refunds),
            (&mut self.cash_refunded, o.cash_refunded),
            (&mut self.card_refunded, o.card_refunded),
            (&mut self.exchange_refunded, o.exchange_refunded),
            (&mut self.net_sales, o.net_sales),
            (&mut self.cash_taken, o.cash_taken),
            (&mut self.change_given, o.change_given),
            (&mut self.card_taken, o.card_taken),
            (&mut self.cash_rounding, o.cash_rounding),
            (&mut self.exchange_taken, o.exchange_taken),
            (&mut self.cash_expected, o.cash_expected),
            (&mut self.card_expected, o.card_expected),
        ] {
            *sum += part;
        }
        self.add_tax(&o.tax, Decimal::ONE);
    }

    fn finish(&mut self) {
        self.net_sales = self.gross_sales - self.discounts - self.voids - self.refunds;
        self.cash_expected += self.cash_taken - self.change_given;
        self.card_expected += self.card_taken;
    }
}

/// The figures for `[from, to)` on one till (or all), from the events alone:
/// a sale counts when it is confirmed, a void when it is voided.
pub fn day_report(reader: &Reader<'_>, from: DateTime<Utc>, to: DateTime<Utc>, terminal: Option<&str>) -> Result<DayReport> {
    // A deferred read transaction: the figures and the chain head from one snapshot.
    let tx = reader.conn.unchecked_transaction()?;
    let head = store::chain_head(&tx)?;
    let (totals, cashiers, shifts) = period(reader.conn, from, to, terminal)?;
    tx.finish()?;
    let (currency, minor_unit) = (reader.settings.currency.clone(), reader.settings.minor_unit);
    Ok(DayReport { from, to, terminal: terminal.map(str::to_string), currency, minor_unit, totals, cashiers, shifts, head })
}

/// A period's figures in total and per cashier, and its shifts, read on
/// `conn` as it stands (the caller holds the transaction).
pub(crate) fn period(
    conn: &rusqlite::Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    terminal: Option<&str>,
) -> Result<(DayFigures, Vec<CashierDay>, Vec<ShiftDay>)> {
    let closings = closings(
        conn,
        "recorded_at >= ?4 AND recorded_at < ?5 AND (?6 IS NULL OR terminal = ?6)",
        rusqlite::params![from.timestamp_millis(), to.timestamp_millis(), terminal],
    )?;
    let (mut totals, by_cashier) = figures(conn, closings)?;
    totals.finish();
    let mut cashiers = Vec::new();
    for (cashier, mut figures) in by_cashier {
        figures.finish();
        let cashier_name = staff_name(conn, Some(cashier))?.unwrap_or_else(|| format!("#{cashier}"));
        cashiers.push(CashierDay { cashier, cashier_name, figures });
    }
    Ok((totals, cashiers, shifts_between(conn, from, to, terminal)?))
}

/// The shifts opened or closed in `[from, to)` on one till (or all), oldest first.
fn shifts_between(conn: &rusqlite::Connection, from: DateTime<Utc>, to: DateTime<Utc>, terminal: Option<&str>) -> Result<Vec<ShiftDay>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT stream FROM events
         WHERE kind IN (?1, ?2) AND recorded_at >= ?3 AND recorded_at < ?4 AND (?5 IS NULL OR terminal = ?5)
         ORDER BY stream DESC",
    )?;
    let params = rusqlite::params![
        EventKind::ShiftOpened.code(),
        EventKind::ShiftClosed.code(),
        from.timestamp_millis(),
        to.timestamp_millis(),
        terminal
    ];
    let streams: Vec<i64> = stmt.query_map(params, |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut shifts = Vec::with_capacity(streams.len());
    for stream in streams {
        let events = store::read_stream(conn, stream, 0, u32::MAX)?;
        let Some(s) = events.iter().fold(None, |s, r| crate::domain::shift::evolve_shift(s, &r.event)) else { continue };
        let closed_by_name = s.closed.as_ref().map(|c| super::actor_name(conn, c.cashier)).transpose()?;
        shifts.push(ShiftDay {
            number: s.number,
            opened_by_name: super::actor_name(conn, s.opened_by)?,
            terminal: s.terminal,
            opened_at: s.opened_at,
            float: s.float,
            closed: s.closed,
            closed_by_name,
        });
    }
    Ok(shifts)
}

/// The figures of what till `terminal` took and gave back between two
/// points of the chain: after position `after`, up to `through` (a shift,
/// from its opening to its close or to now).
pub(crate) fn shift_figures(conn: &rusqlite::Connection, terminal: &str, after: i64, through: Option<i64>) -> Result<DayFigures> {
    let closings = closings(
        conn,
        "position > ?4 AND (?5 IS NULL OR position <= ?5) AND terminal = ?6",
        rusqlite::params![after, through, terminal],
    )?;
    let (mut totals, _) = figures(conn, closings)?;
    totals.finish();
    Ok(totals)
}

/// The streams and kinds of the sales confirmed, voided and refunded that
/// `condition` selects (its parameters from ?4 on), in order.
fn closings(conn: &rusqlite::Connection, condition: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<(OrderId, i64)>> {
    let sql = format!("SELECT stream, kind FROM events WHERE kind IN (?1, ?2, ?3) AND {condition} ORDER BY position");
    let mut stmt = conn.prepare(&sql)?;
    let kinds = [EventKind::OrderConfirmed.code(), EventKind::OrderVoided.code(), EventKind::RefundIssued.code()];
    let all: Vec<&dyn rusqlite::ToSql> = kinds.iter().map(|k| k as &dyn rusqlite::ToSql).chain(params.iter().copied()).collect();
    let rows = stmt.query_map(all.as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The figures of `closings`, in total and per cashier (not yet finished).
fn figures(conn: &rusqlite::Connection, closings: Vec<(OrderId, i64)>) -> Result<(DayFigures, BTreeMap<StaffId, DayFigures>)> {
    let mut totals = DayFigures::default();
    let mut by_cashier: BTreeMap<StaffId, DayFigures> = Default::default();
    for (id, kind) in closings {
        if kind == EventKind::RefundIssued.code() {
            for r in store::read_stream(conn, id, 0, 1)? {
                if let Event::RefundIssued(refund) = &r.event {
                    totals.refunded(refund);
                    by_cashier.entry(refund.cashier).or_default().refunded(refund);
                }
            }
            continue;
        }
        // Folded from the events, not from snapshots or projections.
        let order = store::read_stream(conn, id, 0, u32::MAX)?
            .iter()
            .fold(Order { id, ..Order::default() }, |s, r| evolve(s, &r.event));
        let mine = by_cashier.entry(order.cashier).or_default();
        if kind == EventKind::OrderConfirmed.code() {
            totals.confirmed(&order);
            mine.confirmed(&order);
        } else {
            totals.voided(&order);
            mine.voided(&order);
        }
    }
    Ok((totals, by_cashier))
}

/// The day report as CSV: one row per cashier, a total row, and the chain head.
pub fn day_report_csv(r: &DayReport) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Write { path: "CSV".into(), message: e.to_string() };
    w.write_record([
        "cashier", "orders_confirmed", "orders_voided", "gross_sales", "discounts", "voids", "refunds", "net_sales", "tax",
        "cash_taken", "change_given", "card_taken", "cash_expected", "card_expected",
    ])
    .map_err(io)?;
    let rows = r.cashiers.iter().map(|c| (text_cell(&c.cashier_name), &c.figures)).chain([("TOTAL".to_string(), &r.totals)]);
    for (name, f) in rows {
        let tax: Decimal = f.tax.iter().map(|t| t.tax).sum();
        w.write_record([
            name,
            f.orders_confirmed.to_string(),
            f.orders_voided.to_string(),
            money::format(f.gross_sales, r.minor_unit),
            money::format(f.discounts, r.minor_unit),
            money::format(f.voids, r.minor_unit),
            money::format(f.refunds, r.minor_unit),
            money::format(f.net_sales, r.minor_unit),
            money::format(tax, r.minor_unit),
            money::format(f.cash_taken, r.minor_unit),
            money::format(f.change_given, r.minor_unit),
            money::format(f.card_taken, r.minor_unit),
            money::format(f.cash_expected, r.minor_unit),
            money::format(f.card_expected, r.minor_unit),
        ])
        .map_err(io)?;
    }
    // The chain head in the second cell (`POSITION:HASH`, as `pos verify --head` takes it).
    let mut head = vec![String::new(); 14];
    head[0] = "CHAIN HEAD".into();
    head[1] = r.head.full();
    w.write_record(head).map_err(io)?;
    csv_text(w)
}
