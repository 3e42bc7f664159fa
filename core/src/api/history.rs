//! History: the orders browser and any order's timeline, this till's or
//! (`scope`, `till`) the whole shop's. Anyone signed in.

use serde::Deserialize;
use ts_rs::TS;

use super::shop::{shop_tills, with_till, Scope};
use super::{instant, Api, Caller};
use crate::domain::{OrderId, OrderView};
use crate::error::Result;
use crate::read::{self, OrderFilter, OrderSummary, TimelineMark, TimelineStep};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrdersArgs {
    pub filter: OrderFilter,
    /// This till's orders (the default) or every till's.
    #[serde(default)]
    #[ts(optional)]
    pub scope: Option<Scope>,
}

/// An order of this till, or of another till of the shop (`till`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimelineArgs {
    pub order_id: OrderId,
    /// The till whose order it is; this till when none.
    #[serde(default)]
    #[ts(optional)]
    pub till: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimelineAtArgs {
    pub order_id: OrderId,
    pub version: u32,
    /// Most lines of the order to send, around the line the event touched.
    pub rows: u32,
    /// The till whose order it is; this till when none.
    #[serde(default)]
    #[ts(optional)]
    pub till: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderAtArgs {
    pub order_id: OrderId,
    pub version: u32,
    /// The till whose order it is; this till when none.
    #[serde(default)]
    #[ts(optional)]
    pub till: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VersionAtArgs {
    pub order_id: OrderId,
    /// RFC 3339, e.g. 2026-11-23T10:15:00Z.
    pub at: String,
    /// The till whose order it is; this till when none.
    #[serde(default)]
    #[ts(optional)]
    pub till: Option<String>,
}

pub(super) fn orders(api: &Api, _: &Caller, args: OrdersArgs) -> Result<Vec<OrderSummary>> {
    match args.scope.unwrap_or_default() {
        Scope::Till => read::orders(&api.till()?.reader(), &args.filter),
        Scope::Shop => shop_tills(api)?.read(|readers| read::shop_orders(readers, &args.filter)),
    }
}

pub(super) fn timeline(api: &Api, _: &Caller, args: TimelineArgs) -> Result<Vec<TimelineMark>> {
    with_till(api, args.till.as_deref(), |till| read::timeline(&mut till.reader(), args.order_id))
}

pub(super) fn timeline_at(api: &Api, _: &Caller, args: TimelineAtArgs) -> Result<TimelineStep> {
    with_till(api, args.till.as_deref(), |till| read::timeline_at(&mut till.reader(), args.order_id, args.version, args.rows))
}

pub(super) fn order_at(api: &Api, _: &Caller, args: OrderAtArgs) -> Result<OrderView> {
    with_till(api, args.till.as_deref(), |till| Ok(till.state_at(args.order_id, args.version)?.view()))
}

pub(super) fn version_at(api: &Api, _: &Caller, args: VersionAtArgs) -> Result<u32> {
    let at = instant(&args.at, "The time")?;
    with_till(api, args.till.as_deref(), |till| till.version_at(args.order_id, at))
}
