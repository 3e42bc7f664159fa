//! The close of the till's day through the till: the Z report taken once
//! every shift is closed, a closed day reopened by a manager, and the
//! check that keeps anything from being taken into a closed day. The rules
//! are the domain's (`domain::close`); the till works out the day where it
//! stands, gathers the day's figures and the chain's head, numbers each Z,
//! and records each event in one write transaction.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::back_office::{self, Stream};
use crate::domain::close::{self, evolve_close};
use crate::domain::{ChainPoint, DayClose, DayClosed, DayFacts, DayReopened, Event, TillDay, ZNumber, ZShift};
use crate::error::{Error, Result};
use crate::read;
use crate::staff;
use crate::store::{self, StoreError};

use super::shifts::{first_recorded, latest_shift, replayed_other};
use super::{CommandMeta, Till};

/// Where the till's day stands: today, whether a shift is open, and the newest Z.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayStatus {
    pub today: TillDay,
    pub shift_open: bool,
    /// The till's newest Z report, of today or an earlier day.
    pub latest: Option<DayClose>,
    /// Whether today is closed: nothing more is taken until a manager reopens it.
    pub closed: bool,
}

/// A Z report with the names of who closed (and reopened) the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ZReport {
    pub close: DayClose,
    pub closed_by_name: String,
    pub reopened_by_name: Option<String>,
}

impl Till {
    /// The till's calendar day at `at`, in the shop's time zone (`crate::zone`).
    pub fn day_at(&self, at: DateTime<Utc>) -> TillDay {
        crate::zone::day_at(self.settings.zone(), at)
    }

    /// Today on this till, whether a shift is open and the newest Z.
    pub fn day_status(&self) -> Result<DayStatus> {
        let today = self.day_at(self.now());
        let latest = latest_close(&self.conn, &self.terminal)?;
        let closed = close::require_day_open(latest.as_ref(), today.day).is_err();
        let shift_open = self.shift_open()?;
        Ok(DayStatus { today, shift_open, latest, closed })
    }

    /// Refuses to take anything into today while a Z keeps it closed.
    pub(super) fn require_day_open(&self, conn: &Connection) -> Result<()> {
        let today = self.day_at(self.now()).day;
        Ok(close::require_day_open(latest_close(conn, &self.terminal)?.as_ref(), today)?)
    }

    /// Closes today on this till: the Z report, numbered, with the day's
    /// figures and the chain's head as they stand.
    pub fn close_day(&mut self, meta: &CommandMeta) -> Result<DayClosed> {
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = store::opened_by(&tx, meta.command_id)? {
            drop(tx);
            return Ok(close_on_stream(&self.conn, done.stream)?.closed);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        let day = self.day_at(ctx.now);
        let latest = latest_close(&tx, &self.terminal)?;
        let shift = latest_shift(&tx, &self.terminal)?;
        let facts = day_facts(&tx, day, &self.terminal)?;
        let number = back_office::next_number(&tx, "close")?;
        let closed = close::close_day(latest.as_ref(), shift.as_ref().map(|s| s.shift()), number, &self.terminal, facts, &ctx)?;
        let metadata = self.metadata(meta, &ctx, None);
        back_office::record(&tx, Stream::Close(number), &[Event::DayClosed(closed.clone())], &metadata)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(closed)
    }

    /// Reopens the day closed by Z `number`, with a manager's approval and a reason.
    pub fn reopen_day(&mut self, number: ZNumber, reason: &str, meta: &CommandMeta) -> Result<DayReopened> {
        let tx = store::write_tx(&self.conn)?;
        let stream = back_office::stream_id(&tx, Stream::Close(number))?.ok_or_else(|| not_found(number))?;
        if let Some(event) = first_recorded(&tx, stream, meta.command_id, "Z report event")? {
            let Event::DayReopened(e) = event else { return Err(replayed_other(&event)) };
            return Ok(e);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        let z = close_on_stream(&tx, stream)?;
        let reopened = close::reopen_day(&z, reason.to_string(), &ctx)?;
        let metadata = self.metadata(meta, &ctx, Some(reopened.authorised_by));
        back_office::record(&tx, Stream::Close(number), &[Event::DayReopened(reopened.clone())], &metadata)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(reopened)
    }

    /// Z report `number`, as its events leave it.
    pub fn z_report(&self, number: ZNumber) -> Result<ZReport> {
        let stream = back_office::stream_id(&self.conn, Stream::Close(number))?.ok_or_else(|| not_found(number))?;
        let close = close_on_stream(&self.conn, stream)?;
        let closed_by_name = read::actor_name(&self.conn, close.closed.closed_by)?;
        let reopened_by_name = close.reopened.as_ref().map(|r| read::actor_name(&self.conn, r.authorised_by)).transpose()?;
        Ok(ZReport { close, closed_by_name, reopened_by_name })
    }
}

/// What a Z records of `day` on `terminal`: its figures, its closed shifts and the chain's head.
fn day_facts(conn: &Connection, day: TillDay, terminal: &str) -> Result<DayFacts> {
    let (figures, _, shifts) = read::period(conn, day.from, day.to, Some(terminal))?;
    let shifts = shifts
        .into_iter()
        .filter_map(|s| s.closed.map(|c| ZShift { number: s.number, expected: c.drawer.expected, counted: c.counted, variance: c.variance }))
        .collect();
    let head = store::chain_head(conn)?;
    Ok(DayFacts { day, figures, shifts, head: ChainPoint { position: head.position, hash: head.hash } })
}

fn not_found(number: ZNumber) -> Error {
    Error::NotFound { what: "Z report", key: format!("Z-{number}") }
}

/// This till's newest Z, reopened or not.
pub(crate) fn latest_close(conn: &Connection, terminal: &str) -> Result<Option<DayClose>> {
    back_office::newest_of_till(conn, "close", terminal)?.map(|id| close_on_stream(conn, id)).transpose()
}

/// The Z on stream `id`, folded from its events.
fn close_on_stream(conn: &Connection, id: i64) -> Result<DayClose> {
    let events = store::read_stream(conn, id, 0, u32::MAX)?;
    let corrupt = || Error::from(StoreError::CorruptRow { position: None, detail: format!("stream {id} is not a Z report") });
    events.iter().fold(None, |z, r| evolve_close(z, &r.event)).ok_or_else(corrupt)
}
