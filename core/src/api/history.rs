//! History: the orders browser and any order's timeline. Anyone signed in.

use serde::Deserialize;
use ts_rs::TS;

use super::{instant, Api, Caller, OrderArgs};
use crate::domain::{OrderId, OrderView};
use crate::error::Result;
use crate::read::{self, OrderFilter, OrderSummary, TimelineMark, TimelineStep};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrdersArgs {
    pub filter: OrderFilter,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimelineAtArgs {
    pub order_id: OrderId,
    pub version: u32,
    /// Most lines of the order to send, around the line the event touched.
    pub rows: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderAtArgs {
    pub order_id: OrderId,
    pub version: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VersionAtArgs {
    pub order_id: OrderId,
    /// RFC 3339, e.g. 2026-11-23T10:15:00Z.
    pub at: String,
}

pub(super) fn orders(api: &Api, _: &Caller, args: OrdersArgs) -> Result<Vec<OrderSummary>> {
    read::orders(&api.till()?.reader(), &args.filter)
}

pub(super) fn timeline(api: &Api, _: &Caller, args: OrderArgs) -> Result<Vec<TimelineMark>> {
    read::timeline(&mut api.till()?.reader(), args.order_id)
}

pub(super) fn timeline_at(api: &Api, _: &Caller, args: TimelineAtArgs) -> Result<TimelineStep> {
    read::timeline_at(&mut api.till()?.reader(), args.order_id, args.version, args.rows)
}

pub(super) fn order_at(api: &Api, _: &Caller, args: OrderAtArgs) -> Result<OrderView> {
    Ok(api.till()?.state_at(args.order_id, args.version)?.view())
}

pub(super) fn version_at(api: &Api, _: &Caller, args: VersionAtArgs) -> Result<u32> {
    let at = instant(&args.at, "The time")?;
    api.till()?.version_at(args.order_id, at)
}
