//! An order's timeline: every event as a light scrubber mark, and one step
//! in full (the event, and the order right after it with a window of its
//! lines). Both read the order's history from the till's order cache.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::{describe, description, evolve, Description, Event, EventKind, Order, OrderId, OrderView, StaffId};
use crate::error::{Error, Result};

use super::{staff_name, Reader};

/// One event on an order's timeline as the scrubber draws it: no payload and
/// no total, so a timeline of 10,000 events stays small and quick to build
/// (the total after an event costs a pass over every line, per event).
/// The selected event's full entry comes with [`timeline_at`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineMark {
    pub version: u32,
    pub kind: EventKind,
    /// What happened, in plain words.
    pub summary: String,
    /// `summary` as a message for a screen in any language, if it has one.
    #[serde(default)]
    pub description: Option<Description>,
    pub actor_name: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// One event on an order's timeline, in full (the event card).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub version: u32,
    pub position: i64,
    pub kind: EventKind,
    /// What happened, in plain words.
    pub summary: String,
    /// `summary` as a message for a screen in any language, if it has one.
    #[serde(default)]
    pub description: Option<Description>,
    pub actor: StaffId,
    pub actor_name: String,
    pub authorised_by: Option<StaffId>,
    pub authorised_by_name: Option<String>,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The order's total right after this event.
    #[ts(type = "string")]
    pub total_after: Decimal,
    pub event: Event,
    /// For a discount: the shop stream's version of the discount policy in
    /// force when it was recorded (open the policy's history there).
    pub policy_version: Option<u32>,
}

/// An order at one version, as the timeline shows it: the event recorded at
/// that version and the order right after it, with only a window of its
/// lines (around the line the event touched, else the last ones), so a step
/// along a long order sends a few kilobytes however many lines it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineStep {
    pub entry: TimelineEntry,
    /// The order at `entry.version`; `view.lines` holds lines
    /// `lines_from .. lines_from + view.lines.len()` of `line_count`.
    pub view: OrderView,
    pub line_count: u32,
    pub lines_from: u32,
}

/// Staff names by id, each read once.
struct Names<'c> {
    conn: &'c Connection,
    seen: HashMap<StaffId, String>,
}

impl<'c> Names<'c> {
    fn new(conn: &'c Connection) -> Self {
        Names { conn, seen: HashMap::new() }
    }

    fn of(&mut self, id: StaffId) -> Result<String> {
        if let Some(n) = self.seen.get(&id) {
            return Ok(n.clone());
        }
        let n = staff_name(self.conn, Some(id))?.unwrap_or_else(|| format!("#{id}"));
        self.seen.insert(id, n.clone());
        Ok(n)
    }
}

/// Every event of an order, oldest first, as scrubber marks.
pub fn timeline(reader: &mut Reader<'_>, id: OrderId) -> Result<Vec<TimelineMark>> {
    // The events are read where the till keeps them (no copy of 10,000 events).
    let records = reader.orders.history(reader.conn, id)?.records();
    let mut names = Names::new(reader.conn);
    let mut state = Order { id, ..Order::default() };
    let mut out = Vec::with_capacity(records.len());
    for rec in records {
        let summary = describe(&state, &rec.event);
        let described = description(&state, &rec.event).map(Description::from);
        state = evolve(state, &rec.event);
        out.push(TimelineMark {
            version: rec.version,
            kind: rec.event.kind(),
            summary,
            description: described,
            actor_name: names.of(rec.meta.actor)?,
            at: rec.meta.recorded_at,
        });
    }
    Ok(out)
}

/// The line an event touched, if any (the panel keeps it in view).
fn touched_line(event: &Event) -> Option<u32> {
    match event {
        Event::ItemAdded(e) => Some(e.line),
        Event::QuantityChanged(e) => Some(e.line),
        Event::LineVoided(e) => Some(e.line),
        _ => None,
    }
}

/// Which of `count` lines to send: all when they fit in `rows`, else `rows`
/// lines around `focus` (an index), or the first `rows` when there is none.
fn line_window(count: usize, focus: Option<usize>, rows: usize) -> (usize, usize) {
    if count <= rows {
        return (0, count);
    }
    let Some(focus) = focus else { return (0, rows) };
    let start = focus.saturating_sub(rows / 2).min(count - rows);
    (start, start + rows)
}

/// The order at `version` (1 … latest) with the event recorded there, and
/// at most `rows` of its lines (see [`TimelineStep`]).
pub fn timeline_at(reader: &mut Reader<'_>, id: OrderId, version: u32, rows: u32) -> Result<TimelineStep> {
    let history = reader.orders.history(reader.conn, id)?;
    let latest = history.latest();
    if version == 0 || version > latest {
        return Err(Error::NoSuchVersion { order: id, version, latest });
    }
    let rec = &history.records()[version as usize - 1];
    let before = history.state_at(version - 1)?;
    let summary = describe(&before, &rec.event);
    let described = description(&before, &rec.event).map(Description::from);
    let after = evolve(before, &rec.event);
    let line_count = after.lines.len();
    // Lines are numbered in the order they were added: line n is at n - 1.
    let focus = touched_line(&rec.event)
        .and_then(|line| (line as usize).checked_sub(1))
        .filter(|&i| i < line_count)
        .or(line_count.checked_sub(1));
    let (from, to) = line_window(line_count, focus, rows.max(1) as usize);
    let view = after.view_of_lines(from..to);
    let mut names = Names::new(reader.conn);
    let authorised_by = rec.event.authorised_by().or(rec.meta.authorised_by);
    let entry = TimelineEntry {
        version: rec.version,
        position: rec.position,
        kind: rec.event.kind(),
        summary,
        description: described,
        actor: rec.meta.actor,
        actor_name: names.of(rec.meta.actor)?,
        authorised_by,
        authorised_by_name: authorised_by.map(|a| names.of(a)).transpose()?,
        at: rec.meta.recorded_at,
        total_after: after.confirmation.as_ref().map(|c| c.total).unwrap_or(view.totals.total),
        event: rec.event.clone(),
        policy_version: match rec.event {
            Event::DiscountApplied(_) => super::changes::policy_version_before(reader.conn, rec.position)?,
            _ => None,
        },
    };
    Ok(TimelineStep { entry, view, line_count: line_count as u32, lines_from: from as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CommandMeta, OrderRequest, Till};

    fn order_with_lines(lines: u32) -> (tempfile::TempDir, Till, OrderId) {
        let dir = tempfile::tempdir().unwrap();
        let mut till = Till::open(&dir.path().join("pos.db")).unwrap();
        let cashier = till.sign_in("1001", "1234").unwrap().id;
        let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
        for i in 0..lines {
            let code = if i % 2 == 0 { "COF-ESP" } else { "BAK-CRO" };
            till.execute(id, OrderRequest::AddItem { code: code.into(), quantity: 1 }, &CommandMeta::new(cashier)).unwrap();
        }
        (dir, till, id)
    }

    #[test]
    fn the_window_keeps_the_focus_in_view_and_stays_inside_the_lines() {
        assert_eq!(line_window(5, Some(4), 80), (0, 5));
        assert_eq!(line_window(1000, Some(999), 80), (920, 1000));
        assert_eq!(line_window(1000, Some(500), 80), (460, 540));
        assert_eq!(line_window(1000, Some(3), 80), (0, 80));
        assert_eq!(line_window(1000, None, 80), (0, 80));
    }

    #[test]
    fn a_step_is_the_order_at_that_version_with_the_lines_around_what_changed() {
        let (_dir, mut till, id) = order_with_lines(30);
        let marks = timeline(&mut till.reader(), id).unwrap();
        assert_eq!(marks.len(), 31);
        for v in [1u32, 2, 16, 31] {
            let step = timeline_at(&mut till.reader(), id, v, 10).unwrap();
            let full = till.state_at(id, v).unwrap().view();
            let m = &marks[v as usize - 1];
            assert_eq!((step.entry.version, step.entry.kind, &step.entry.summary, &step.entry.actor_name, step.entry.at), (m.version, m.kind, &m.summary, &m.actor_name, m.at));
            assert_eq!(step.entry.total_after, full.totals.total);
            assert_eq!(step.line_count as usize, full.lines.len());
            let from = step.lines_from as usize;
            assert_eq!(step.view.lines, full.lines[from..from + step.view.lines.len()]);
            assert_eq!(OrderView { lines: full.lines.clone(), ..step.view.clone() }, full, "all but the lines as the core's view");
            if let Some(line) = touched_line(&step.entry.event) {
                assert!(step.view.lines.iter().any(|l| l.line.id == line), "v{v}: line {line} in the window");
            }
        }
        assert_eq!(timeline_at(&mut till.reader(), id, 16, 10).unwrap().lines_from, 5, "line 15 was the last added: the last ten lines");
        assert_eq!(timeline_at(&mut till.reader(), id, 31, 1000).unwrap().view.lines.len(), 30);
        for v in [0, 32] {
            let e = timeline_at(&mut till.reader(), id, v, 10).unwrap_err();
            assert_eq!(e.code(), "no_such_version", "v{v}");
        }
    }
}
