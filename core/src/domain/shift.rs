//! Shifts: the cash drawer of one till between the count that opens it (the
//! float) and the blind count that closes it. A shift is a stream of its
//! own: `ShiftOpened`, then cash moves (drops to the safe, pay-outs,
//! pay-ins), drawer openings without a sale, and `ShiftClosed` with what was
//! expected, what was counted and the variance.
//!
//! What the drawer should hold also depends on the sales and refunds taken
//! while the shift was open; those live on other streams, so the till
//! resolves them (`SalesCash`) and the rules here combine them with the
//! shift's own events (`DrawerCash`).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::act::Act;
use super::command::Ctx;
use super::decide::{check_reason, require_manager};
use super::error::OrderError;
use super::StaffId;
use crate::limits::{AMOUNT_MAX, DENOMINATIONS_MAX, DENOMINATION_PIECES_MAX};
use crate::money;

/// A shift's number: 1, 2, 3… on this database, shown as "S-3".
pub type ShiftNumber = i64;

/// Pieces of one note or coin, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DenominationCount {
    /// The note's or coin's face value, e.g. 20.00 or 0.05.
    #[ts(type = "string")]
    pub value: Decimal,
    pub pieces: u32,
}

/// A drawer counted: the amount, and the pieces when counted by denomination.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Count {
    /// The amount typed; none when the pieces give it.
    pub amount: Option<Decimal>,
    pub denominations: Vec<DenominationCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftOpened {
    pub number: ShiftNumber,
    /// The till whose drawer this is.
    pub terminal: String,
    pub cashier: StaffId,
    #[ts(type = "string")]
    pub float: Decimal,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub denominations: Vec<DenominationCount>,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
}

/// Which way cash moved, and why it is not a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CashMoveKind {
    /// Taken out to the safe.
    Drop,
    /// Paid out of the drawer (the window cleaner, the milk).
    PayOut,
    /// Put in (more change from the bank).
    PayIn,
}

impl CashMoveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CashMoveKind::Drop => "drop",
            CashMoveKind::PayOut => "payOut",
            CashMoveKind::PayIn => "payIn",
        }
    }

    /// For people: "Drop to the safe", "Pay-out", "Pay-in".
    pub fn label(self) -> &'static str {
        match self {
            CashMoveKind::Drop => "Drop to the safe",
            CashMoveKind::PayOut => "Pay-out",
            CashMoveKind::PayIn => "Pay-in",
        }
    }

    fn takes_out(self) -> bool {
        !matches!(self, CashMoveKind::PayIn)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashMoved {
    pub shift: ShiftNumber,
    pub kind: CashMoveKind,
    #[ts(type = "string")]
    pub amount: Decimal,
    pub reason: String,
    pub cashier: StaffId,
    pub authorised_by: Option<StaffId>,
    #[ts(type = "string")]
    pub moved_at: DateTime<Utc>,
}

/// The drawer opened without a sale ("no sale").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrawerOpened {
    pub shift: ShiftNumber,
    pub reason: String,
    pub cashier: StaffId,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
}

/// The cash of sales and refunds taken on the till while a shift was open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalesCash {
    /// Cash tendered for sales, less the change given.
    #[ts(type = "string")]
    pub taken: Decimal,
    /// Cash given back by voids of paid sales and by refunds.
    #[ts(type = "string")]
    pub given_back: Decimal,
}

/// What the drawer should hold, and where each part of it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrawerCash {
    #[ts(type = "string")]
    pub float: Decimal,
    #[ts(type = "string")]
    pub sales: Decimal,
    #[ts(type = "string")]
    pub given_back: Decimal,
    #[ts(type = "string")]
    pub pay_ins: Decimal,
    #[ts(type = "string")]
    pub pay_outs: Decimal,
    #[ts(type = "string")]
    pub drops: Decimal,
    /// float + sales − given back + pay-ins − pay-outs − drops.
    #[ts(type = "string")]
    pub expected: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftClosed {
    pub shift: ShiftNumber,
    pub cashier: StaffId,
    /// What the drawer should have held, part by part.
    pub drawer: DrawerCash,
    #[ts(type = "string")]
    pub counted: Decimal,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub denominations: Vec<DenominationCount>,
    /// counted − expected: below zero the drawer is short, above it is over.
    #[ts(type = "string")]
    pub variance: Decimal,
    /// Why the drawer is out, when the variance needs a manager.
    pub reason: Option<String>,
    pub authorised_by: Option<StaffId>,
    #[ts(type = "string")]
    pub closed_at: DateTime<Utc>,
}

/// How a drawer came out against what it should hold: the one reading of a
/// variance's sign (counted − expected), for the audit's words, the slips and
/// the approvals alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variance {
    Balanced,
    /// Short by this much (above zero).
    Short(Decimal),
    /// Over by this much (above zero).
    Over(Decimal),
}

impl Variance {
    pub fn of(variance: Decimal) -> Self {
        let out = if variance.is_zero() {
            Variance::Balanced
        } else if variance.is_sign_negative() {
            Variance::Short(-variance)
        } else {
            Variance::Over(variance)
        };
        debug_assert!(out.by() >= Decimal::ZERO, "a variance is out by a positive amount");
        out
    }

    /// By how much the drawer is out; zero when it balanced.
    pub fn by(self) -> Decimal {
        match self {
            Variance::Balanced => Decimal::ZERO,
            Variance::Short(by) | Variance::Over(by) => by,
        }
    }
}

/// A shift as its events leave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Shift {
    pub number: ShiftNumber,
    pub terminal: String,
    pub opened_by: StaffId,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub float: Decimal,
    #[ts(type = "string")]
    pub pay_ins: Decimal,
    #[ts(type = "string")]
    pub pay_outs: Decimal,
    #[ts(type = "string")]
    pub drops: Decimal,
    pub cash_moves: u32,
    pub no_sales: u32,
    pub closed: Option<ShiftClosed>,
}

impl Shift {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// What the drawer should hold with `sales` taken since the shift opened.
    pub fn drawer(&self, sales: SalesCash) -> DrawerCash {
        let expected = self.float + sales.taken - sales.given_back + self.pay_ins - self.pay_outs - self.drops;
        DrawerCash {
            float: self.float,
            sales: sales.taken,
            given_back: sales.given_back,
            pay_ins: self.pay_ins,
            pay_outs: self.pay_outs,
            drops: self.drops,
            expected,
        }
    }
}

/// Folds one event of a shift's stream.
pub fn evolve_shift(state: Option<Shift>, event: &super::Event) -> Option<Shift> {
    use super::Event as E;
    match (state, event) {
        (_, E::ShiftOpened(e)) => Some(Shift {
            number: e.number,
            terminal: e.terminal.clone(),
            opened_by: e.cashier,
            opened_at: e.opened_at,
            float: e.float,
            pay_ins: Decimal::ZERO,
            pay_outs: Decimal::ZERO,
            drops: Decimal::ZERO,
            cash_moves: 0,
            no_sales: 0,
            closed: None,
        }),
        (Some(mut s), E::CashMoved(e)) => {
            s.cash_moves += 1;
            match e.kind {
                CashMoveKind::Drop => s.drops += e.amount,
                CashMoveKind::PayOut => s.pay_outs += e.amount,
                CashMoveKind::PayIn => s.pay_ins += e.amount,
            }
            Some(s)
        }
        (Some(mut s), E::DrawerOpened(_)) => {
            s.no_sales += 1;
            Some(s)
        }
        (Some(mut s), E::ShiftClosed(e)) => {
            s.closed = Some(e.clone());
            Some(s)
        }
        (state, _) => state,
    }
}

/// The open shift, or why nothing that moves cash can happen on this till.
pub fn require_open(current: Option<&Shift>) -> Result<&Shift, OrderError> {
    match current {
        Some(s) if s.is_open() => Ok(s),
        _ => Err(OrderError::NoOpenShift),
    }
}

/// Refuses to take `cash` out of a drawer that should hold less.
pub fn require_cash(drawer: &DrawerCash, cash: Decimal) -> Result<(), OrderError> {
    if cash > drawer.expected {
        return Err(OrderError::DrawerShort { wanted: cash, held: drawer.expected.max(Decimal::ZERO) });
    }
    Ok(())
}

/// Opens shift `number` on `terminal` with `float` counted, if the till has
/// none open.
pub fn open_shift(current: Option<&Shift>, number: ShiftNumber, terminal: &str, float: Count, ctx: &Ctx) -> Result<ShiftOpened, OrderError> {
    if let Some(open) = current.filter(|s| s.is_open()) {
        return Err(OrderError::ShiftAlreadyOpen(open.number));
    }
    let (float, denominations) = counted(float, ctx.currency.minor_unit)?;
    Ok(ShiftOpened { number, terminal: terminal.to_string(), cashier: ctx.actor, float, denominations, opened_at: ctx.now })
}

/// Moves cash in or out of the open shift's drawer, which holds `drawer`.
pub fn move_cash(shift: Option<&Shift>, drawer: &DrawerCash, kind: CashMoveKind, amount: Decimal, reason: String, ctx: &Ctx) -> Result<CashMoved, OrderError> {
    let shift = require_open(shift)?;
    let unit = ctx.currency.minor_unit;
    if amount <= Decimal::ZERO || amount > AMOUNT_MAX || amount != money::round(amount, unit) {
        return Err(OrderError::CashNotPositive);
    }
    if kind.takes_out() {
        require_cash(drawer, amount)?;
    }
    let authorised_by = match ctx.policy.limits_for(ctx.actor_role) {
        None => Some(ctx.approver.map_or(ctx.actor, |a| a.staff)),
        Some(limits) if amount > limits.cash_move_max => {
            let what = Act::CashMove { kind, amount, max: limits.cash_move_max, unit };
            Some(require_manager(ctx.approver, what)?)
        }
        Some(_) => ctx.approver.map(|a| a.staff),
    };
    let reason = check_reason(reason)?;
    Ok(CashMoved { shift: shift.number, kind, amount, reason, cashier: ctx.actor, authorised_by, moved_at: ctx.now })
}

/// Opens the drawer without a sale, saying why.
pub fn open_drawer(shift: Option<&Shift>, reason: String, ctx: &Ctx) -> Result<DrawerOpened, OrderError> {
    let shift = require_open(shift)?;
    let reason = check_reason(reason)?;
    Ok(DrawerOpened { shift: shift.number, reason, cashier: ctx.actor, opened_at: ctx.now })
}

/// Closes the open shift with the drawer counted blind: the variance is
/// known only now. Past the policy's variance limit a manager approves and a
/// reason is given.
pub fn close_shift(shift: Option<&Shift>, drawer: DrawerCash, count: Count, reason: String, ctx: &Ctx) -> Result<ShiftClosed, OrderError> {
    let shift = require_open(shift)?;
    let unit = ctx.currency.minor_unit;
    let (counted, denominations) = counted(count, unit)?;
    let variance = counted - drawer.expected;
    let limit = ctx.policy.cashier.variance_max;
    let (reason, authorised_by) = if variance.abs() > limit {
        let what = Act::DrawerOut { variance, limit, unit };
        let authorised_by = match ctx.policy.limits_for(ctx.actor_role) {
            None => ctx.approver.map_or(ctx.actor, |a| a.staff),
            Some(_) => require_manager(ctx.approver, what.clone())?,
        };
        let reason = check_reason(reason).map_err(|e| match e {
            OrderError::ReasonRequired => OrderError::ReasonRequiredFor(what),
            e => e,
        })?;
        (Some(reason), Some(authorised_by))
    } else {
        let reason = Some(reason.trim().to_string()).filter(|r| !r.is_empty()).map(check_reason).transpose()?;
        (reason, ctx.approver.map(|a| a.staff))
    };
    Ok(ShiftClosed { shift: shift.number, cashier: ctx.actor, drawer, counted, denominations, variance, reason, authorised_by, closed_at: ctx.now })
}

/// The amount of a count: the pieces' sum, which must agree with the amount
/// when both are given, in the currency's minor unit.
fn counted(count: Count, unit: u32) -> Result<(Decimal, Vec<DenominationCount>), OrderError> {
    if count.denominations.len() > DENOMINATIONS_MAX {
        return Err(OrderError::BadDenomination(format!("at most {DENOMINATIONS_MAX} kinds of notes and coins")));
    }
    let mut sum = Decimal::ZERO;
    for d in &count.denominations {
        if d.value <= Decimal::ZERO || d.value > AMOUNT_MAX || d.value != money::round(d.value, unit) {
            return Err(OrderError::BadDenomination(format!("{} is not a note or coin", d.value)));
        }
        if d.pieces > DENOMINATION_PIECES_MAX {
            return Err(OrderError::BadDenomination(format!("at most {DENOMINATION_PIECES_MAX} pieces of one kind")));
        }
        sum += d.value * Decimal::from(d.pieces);
    }
    let denominations: Vec<_> = count.denominations.into_iter().filter(|d| d.pieces > 0).collect();
    let amount = match count.amount {
        None if denominations.is_empty() => return Err(OrderError::CountRequired),
        None => sum,
        Some(a) if !denominations.is_empty() && a != sum => return Err(OrderError::CountMismatch { typed: a, pieces: sum }),
        Some(a) => a,
    };
    if amount < Decimal::ZERO || amount > AMOUNT_MAX || amount != money::round(amount, unit) {
        return Err(OrderError::CountRequired);
    }
    Ok((money::round(amount, unit), denominations))
}

#[cfg(test)]
#[path = "shift_tests.rs"]
mod tests;
