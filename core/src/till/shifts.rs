//! The cash drawer through the till: a shift opened with its float, cash
//! moved in and out, the drawer opened without a sale, and the blind close.
//! The rules are the domain's (`domain::shift`); the till finds this till's
//! shift, works out what the drawer should hold from the sales and refunds
//! taken since it opened, numbers new shifts, and records each event in one
//! write transaction.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::back_office::{self, Stream};
use crate::domain::shift::{self, evolve_shift, Count};
use crate::domain::{
    CashMoveKind, CashMoved, Ctx, DenominationCount, DrawerCash, DrawerOpened, Event, OrderError, Role, SalesCash, Shift, ShiftClosed,
    ShiftNumber, StaffId,
};
use crate::error::{Error, ErrorBody, Result};
use crate::limits::AMOUNT_MAX;
use crate::money::parse_amount;
use crate::printer::{self, PrintOutcome};
use crate::read::{self, DayFigures};
use crate::staff;
use crate::store::{self, StoreError};

use super::{CommandMeta, Till};

/// A drawer count as typed: an amount, or the pieces of each note and coin (or both, which must agree).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CountRequest {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub denominations: Vec<DenominationCount>,
}

/// A shift and where it lies on the chain.
#[derive(Debug, Clone)]
pub(crate) struct ShiftAt {
    stream: i64,
    shift: Shift,
    /// The position of its opening and, once closed, of its close.
    opened: i64,
    closed: Option<i64>,
}

impl ShiftAt {
    pub(super) fn shift(&self) -> &Shift {
        &self.shift
    }
}

/// The X report: a shift so far (or as it closed), read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftReport {
    pub shift: Shift,
    pub opened_by_name: String,
    /// Sales, voids and refunds taken on this till during the shift.
    pub figures: DayFigures,
    /// What the drawer should hold. While the shift is open only a manager
    /// sees it: the cashier counts the drawer blind.
    pub drawer: Option<DrawerCash>,
    #[ts(type = "string")]
    pub as_of: DateTime<Utc>,
}

/// A no-sale: the event, and whether the printer's kick opened the drawer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoSale {
    pub opened: DrawerOpened,
    pub print: Option<PrintOutcome>,
    /// Why the printer could not kick the drawer open (the no-sale is recorded all the same).
    pub problem: Option<ErrorBody>,
}

impl Till {
    /// This till's open shift as an X report for `viewer`; none when no shift is open.
    pub fn shift_report(&mut self, viewer: StaffId) -> Result<Option<ShiftReport>> {
        let Some(at) = latest_shift(&self.conn, &self.terminal)? else { return Ok(None) };
        if !at.shift.is_open() {
            return Ok(None);
        }
        let (figures, drawer) = drawer_now(&self.conn, &self.terminal, &at)?;
        let blind = staff::get(&self.conn, viewer)?.role != Role::Manager;
        let opened_by_name = read::actor_name(&self.conn, at.shift.opened_by)?;
        Ok(Some(ShiftReport { shift: at.shift, opened_by_name, figures, drawer: (!blind).then_some(drawer), as_of: self.now() }))
    }

    /// Whether this till has a shift open (a sale can be taken).
    pub fn shift_open(&self) -> Result<bool> {
        Ok(latest_shift(&self.conn, &self.terminal)?.is_some_and(|at| at.shift.is_open()))
    }

    /// Opens a shift on this till with its float counted.
    pub fn open_shift(&mut self, count: &CountRequest, meta: &CommandMeta) -> Result<Shift> {
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = store::opened_by(&tx, meta.command_id)? {
            drop(tx);
            return Ok(shift_on_stream(&self.conn, done.stream)?.shift);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        self.require_day_open(&tx)?;
        let current = latest_shift(&tx, &self.terminal)?;
        let number = back_office::next_number(&tx, "shift")?;
        let opened = shift::open_shift(current.as_ref().map(|c| &c.shift), number, &self.terminal, typed_count(count, self.settings.minor_unit)?, &ctx)?;
        let metadata = self.metadata(meta, &ctx, None);
        let recorded = back_office::record(&tx, Stream::Shift(number), &[Event::ShiftOpened(opened)], &metadata)?;
        tx.commit().map_err(StoreError::from)?;
        let shift = recorded.iter().fold(None, |s, r| evolve_shift(s, &r.event));
        Ok(shift.expect("a shift opened"))
    }

    /// Moves `amount` (as typed) in or out of the open shift's drawer.
    pub fn move_cash(&mut self, kind: CashMoveKind, amount: &str, reason: &str, meta: &CommandMeta) -> Result<CashMoved> {
        let amount = parse_amount(amount, "Amount", AMOUNT_MAX, self.settings.minor_unit)?;
        let event = self.on_shift(meta, |at, drawer, ctx| {
            Ok(Event::CashMoved(shift::move_cash(Some(&at.shift), &drawer, kind, amount, reason.to_string(), ctx)?))
        })?;
        match event {
            Event::CashMoved(e) => Ok(e),
            other => Err(replayed_other(&other)),
        }
    }

    /// Opens the drawer without a sale: recorded, then the printer's kick.
    pub fn no_sale(&mut self, reason: &str, meta: &CommandMeta) -> Result<NoSale> {
        let event = self.on_shift(meta, |at, _, ctx| Ok(Event::DrawerOpened(shift::open_drawer(Some(&at.shift), reason.to_string(), ctx)?)))?;
        let Event::DrawerOpened(opened) = event else { return Err(replayed_other(&event)) };
        let (print, problem) = match self.kick_drawer() {
            Ok(outcome) => (Some(outcome), None),
            Err(Error::NoPrinter) => (None, None),
            Err(e) => (None, Some(ErrorBody::from(&e))),
        };
        Ok(NoSale { opened, print, problem })
    }

    /// Closes the open shift with the drawer counted blind.
    pub fn close_shift(&mut self, count: &CountRequest, reason: &str, meta: &CommandMeta) -> Result<ShiftClosed> {
        let count = typed_count(count, self.settings.minor_unit)?;
        let event = self.on_shift(meta, |at, drawer, ctx| {
            Ok(Event::ShiftClosed(shift::close_shift(Some(&at.shift), drawer, count, reason.to_string(), ctx)?))
        })?;
        match event {
            Event::ShiftClosed(e) => Ok(e),
            other => Err(replayed_other(&other)),
        }
    }

    /// Shift `number`, as its events leave it.
    pub fn shift(&self, number: ShiftNumber) -> Result<Shift> {
        let not_found = || Error::NotFound { what: "Shift", key: format!("S-{number}") };
        let id = back_office::stream_id(&self.conn, Stream::Shift(number))?.ok_or_else(not_found)?;
        Ok(shift_on_stream(&self.conn, id)?.shift)
    }

    /// This till's open shift; refuses what takes or gives back money while
    /// it has none.
    pub(super) fn require_shift(&self, conn: &Connection) -> Result<ShiftAt> {
        let at = latest_shift(conn, &self.terminal)?;
        shift::require_open(at.as_ref().map(|a| &a.shift))?;
        Ok(at.expect("an open shift was found"))
    }

    /// Refuses to take `cash_out` from the open shift `at`'s drawer when it should hold less.
    pub(super) fn require_cash(&self, conn: &Connection, at: &ShiftAt, cash_out: Decimal) -> Result<()> {
        if cash_out > Decimal::ZERO {
            let (_, drawer) = drawer_now(conn, &self.terminal, at)?;
            shift::require_cash(&drawer, cash_out)?;
        }
        Ok(())
    }

    /// Records on this till's latest shift the event `decide` gives for it
    /// and what its drawer should hold; a repeated command id answers with
    /// the event it first recorded.
    fn on_shift(&mut self, meta: &CommandMeta, decide: impl FnOnce(&ShiftAt, DrawerCash, &Ctx) -> Result<Event>) -> Result<Event> {
        let tx = store::write_tx(&self.conn)?;
        let Some(at) = latest_shift(&tx, &self.terminal)? else { return Err(OrderError::NoOpenShift.into()) };
        if let Some(event) = first_recorded(&tx, at.stream, meta.command_id, "Shift event")? {
            return Ok(event);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        let (_, drawer) = drawer_now(&tx, &self.terminal, &at)?;
        let event = decide(&at, drawer, &ctx)?;
        let metadata = self.metadata(meta, &ctx, event.authorised_by());
        back_office::record(&tx, Stream::Shift(at.shift.number), std::slice::from_ref(&event), &metadata)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(event)
    }

    /// Kicks the drawer open through the receipt printer.
    fn kick_drawer(&mut self) -> Result<PrintOutcome> {
        let setup = self.printer_setup()?;
        printer::send(&setup, &printer::drawer_kick_bytes(setup.width)?)?;
        Ok(PrintOutcome { printer: setup.describe(), copy: false, drawer_opened: true })
    }
}

/// The first event command `command_id` recorded on `stream`, if it ran there
/// before (`what` names the event should it be missing).
pub(super) fn first_recorded(conn: &Connection, stream: i64, command_id: uuid::Uuid, what: &'static str) -> Result<Option<Event>> {
    let Some(done) = store::command_outcome(conn, stream, command_id)? else { return Ok(None) };
    let recorded = store::read_stream(conn, stream, done.first_version - 1, done.first_version)?;
    let event = recorded.into_iter().next().map(|r| r.event);
    event.map(Some).ok_or_else(|| Error::NotFound { what, key: done.first_version.to_string() })
}

/// A command id seen before on this stream, for another kind of command.
pub(super) fn replayed_other(event: &Event) -> Error {
    Error::BadArguments { message: format!("this command id already recorded {}", event.kind().as_str()) }
}

/// The count as the domain takes it: the amount typed, if any, and the pieces.
fn typed_count(count: &CountRequest, minor_unit: u32) -> Result<Count> {
    let amount = match count.amount.trim() {
        "" => None,
        t => Some(parse_amount(t, "Counted", AMOUNT_MAX, minor_unit)?),
    };
    Ok(Count { amount, denominations: count.denominations.clone() })
}

/// This till's newest shift, open or closed.
pub(crate) fn latest_shift(conn: &Connection, terminal: &str) -> Result<Option<ShiftAt>> {
    back_office::newest_of_till(conn, "shift", terminal)?.map(|id| shift_on_stream(conn, id)).transpose()
}

/// The shift on stream `id`, folded from its events.
fn shift_on_stream(conn: &Connection, id: i64) -> Result<ShiftAt> {
    let events = store::read_stream(conn, id, 0, u32::MAX)?;
    let corrupt = || Error::from(StoreError::CorruptRow { position: None, detail: format!("stream {id} is not a shift") });
    let opened = events.first().map(|r| r.position).ok_or_else(corrupt)?;
    let closed = events.iter().find(|r| matches!(r.event, Event::ShiftClosed(_))).map(|r| r.position);
    let shift = events.iter().fold(None, |s, r| evolve_shift(s, &r.event)).ok_or_else(corrupt)?;
    Ok(ShiftAt { stream: id, shift, opened, closed })
}

/// The shift's sales figures and what its drawer should hold now (or held at its close).
fn drawer_now(conn: &Connection, terminal: &str, at: &ShiftAt) -> Result<(DayFigures, DrawerCash)> {
    let figures = read::shift_figures(conn, terminal, at.opened, at.closed)?;
    let taken = figures.cash_taken - figures.change_given;
    let sales = SalesCash { taken, given_back: taken - figures.cash_expected };
    Ok((figures, at.shift.drawer(sales)))
}

