//! The close of a till's day: the Z report. Once every shift of the day is
//! closed, the till's day is closed by `DayClosed`, a numbered document on a
//! stream of its own ("Z-3") that records the day's figures as they stood
//! and where the event chain stood, so the printed report can later be
//! checked against the chain. Nothing more is taken into a closed day: no
//! shift opens on it, so no sale, refund or cash move can follow, until a
//! manager reopens it (`DayReopened`, with a reason). A later Z of the same
//! day takes a new number and covers the whole day again.
//!
//! A day is the till's calendar day where it stands; the till works out its
//! bounds, the rules here only compare them.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::act::Act;
use super::command::Ctx;
use super::decide::{check_reason, require_manager};
use super::error::OrderError;
use super::figures::DayFigures;
use super::shift::{Shift, ShiftNumber};
use super::StaffId;

/// A Z report's number: 1, 2, 3… on this till, shown as "Z-3".
pub type ZNumber = i64;

/// The till's calendar day, and the instants it starts and ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TillDay {
    #[ts(type = "string")]
    pub day: NaiveDate,
    #[ts(type = "string")]
    pub from: DateTime<Utc>,
    #[ts(type = "string")]
    pub to: DateTime<Utc>,
}

impl TillDay {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }
}

/// A shift of the day as the Z report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ZShift {
    pub number: ShiftNumber,
    #[ts(type = "string")]
    pub expected: Decimal,
    #[ts(type = "string")]
    pub counted: Decimal,
    #[ts(type = "string")]
    pub variance: Decimal,
}

/// Where the event chain stood when the day closed: the last event before the Z.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChainPoint {
    pub position: i64,
    /// The event's hash, 64 lowercase hex digits (all zeros for an empty chain).
    pub hash: String,
}

/// What the till gathered for a Z: the day's figures, its shifts and the chain's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayFacts {
    pub day: TillDay,
    pub figures: DayFigures,
    pub shifts: Vec<ZShift>,
    pub head: ChainPoint,
}

/// The Z report: the till's day closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayClosed {
    pub number: ZNumber,
    pub terminal: String,
    pub day: TillDay,
    pub figures: DayFigures,
    /// The shifts of the day, each with its drawer expected against counted.
    pub shifts: Vec<ZShift>,
    /// The sum of the shifts' variances.
    #[ts(type = "string")]
    pub variance: Decimal,
    pub head: ChainPoint,
    pub closed_by: StaffId,
    #[ts(type = "string")]
    pub closed_at: DateTime<Utc>,
}

/// A closed day opened again by a manager, so more can be taken into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayReopened {
    pub number: ZNumber,
    #[ts(type = "string")]
    pub day: NaiveDate,
    pub reason: String,
    pub cashier: StaffId,
    pub authorised_by: StaffId,
    #[ts(type = "string")]
    pub reopened_at: DateTime<Utc>,
}

/// A Z as its events leave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayClose {
    pub closed: DayClosed,
    pub reopened: Option<DayReopened>,
}

impl DayClose {
    pub fn number(&self) -> ZNumber {
        self.closed.number
    }

    /// Whether this Z keeps `day` closed.
    pub fn closes(&self, day: NaiveDate) -> bool {
        self.reopened.is_none() && self.closed.day.day == day
    }
}

/// Folds one event of a Z's stream.
pub fn evolve_close(state: Option<DayClose>, event: &super::Event) -> Option<DayClose> {
    use super::Event as E;
    match (state, event) {
        (_, E::DayClosed(e)) => Some(DayClose { closed: e.clone(), reopened: None }),
        (Some(mut c), E::DayReopened(e)) => {
            assert_eq!(c.closed.number, e.number, "a reopening names its own Z");
            c.reopened = Some(e.clone());
            Some(c)
        }
        (state, _) => state,
    }
}

/// Refuses to take anything into `day` while the till's newest Z keeps it closed.
pub fn require_day_open(latest: Option<&DayClose>, day: NaiveDate) -> Result<(), OrderError> {
    match latest {
        Some(z) if z.reopened.is_none() && z.closed.day.day >= day => Err(OrderError::DayClosed { day: z.closed.day.day, z: z.number() }),
        _ => Ok(()),
    }
}

/// Closes the till's day as Z `number`, once no shift is left open on it.
pub fn close_day(latest: Option<&DayClose>, shift: Option<&Shift>, number: ZNumber, terminal: &str, facts: DayFacts, ctx: &Ctx) -> Result<DayClosed, OrderError> {
    assert!(facts.day.from < facts.day.to, "a day ends after it starts");
    if let Some(open) = shift.filter(|s| s.is_open()) {
        return Err(OrderError::ShiftStillOpen(open.number));
    }
    require_day_open(latest, facts.day.day)?;
    if !facts.day.contains(ctx.now) {
        return Err(OrderError::DayNotToday { day: facts.day.day });
    }
    let variance = facts.shifts.iter().map(|s| s.variance).sum();
    Ok(DayClosed {
        number,
        terminal: terminal.to_string(),
        day: facts.day,
        figures: facts.figures,
        shifts: facts.shifts,
        variance,
        head: facts.head,
        closed_by: ctx.actor,
        closed_at: ctx.now,
    })
}

/// Opens the closed day of Z `close` again: a manager approves, with a reason.
pub fn reopen_day(close: &DayClose, reason: String, ctx: &Ctx) -> Result<DayReopened, OrderError> {
    if let Some(r) = &close.reopened {
        return Err(OrderError::DayAlreadyReopened { z: close.number(), day: r.day });
    }
    let what = Act::ReopenDay { day: close.closed.day.day, z: close.number() };
    let authorised_by = match ctx.policy.limits_for(ctx.actor_role) {
        None => ctx.approver.map_or(ctx.actor, |a| a.staff),
        Some(_) => require_manager(ctx.approver, what.clone())?,
    };
    let reason = check_reason(reason).map_err(|e| match e {
        OrderError::ReasonRequired => OrderError::ReasonRequiredFor(what),
        e => e,
    })?;
    Ok(DayReopened { number: close.number(), day: close.closed.day.day, reason, cashier: ctx.actor, authorised_by, reopened_at: ctx.now })
}

#[cfg(test)]
#[path = "close_tests.rs"]
mod tests;
