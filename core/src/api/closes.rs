//! The close of the till's day: where the day stands, the Z report taken,
//! read and printed, a closed day reopened, and the X report printed.

use serde::Deserialize;
use ts_rs::TS;

use super::shifts::meta;
use super::{Api, Caller, NoArgs};
use crate::domain::{DayClosed, DayReopened, ZNumber};
use crate::error::Result;
use crate::printer::PrintOutcome;
use crate::till::{Credentials, DayStatus, ZReport};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseDayArgs {
    /// A fresh UUID per close; resending it returns the Z first taken.
    pub command_id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReopenDayArgs {
    pub command_id: String,
    /// The Z report whose day opens again.
    pub number: ZNumber,
    pub reason: String,
    /// A manager's code and PIN (a manager signed in approves it alone).
    #[serde(default)]
    pub approval: Option<Credentials>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZReportArgs {
    pub number: ZNumber,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrintZArgs {
    pub number: ZNumber,
    /// A reprint: marked COPY.
    #[serde(default)]
    pub copy: bool,
}

pub(super) fn day_status(api: &Api, _: &Caller, _: NoArgs) -> Result<DayStatus> {
    api.till()?.day_status()
}

pub(super) fn close_day(api: &Api, caller: &Caller, args: CloseDayArgs) -> Result<DayClosed> {
    let mut till = api.till()?;
    let meta = meta(&mut till, caller, &args.command_id, None)?;
    till.close_day(&meta)
}

pub(super) fn reopen_day(api: &Api, caller: &Caller, args: ReopenDayArgs) -> Result<DayReopened> {
    let mut till = api.till()?;
    let meta = meta(&mut till, caller, &args.command_id, args.approval.as_ref())?;
    till.reopen_day(args.number, &args.reason, &meta)
}

pub(super) fn z_report(api: &Api, _: &Caller, args: ZReportArgs) -> Result<ZReport> {
    api.till()?.z_report(args.number)
}

pub(super) fn print_z(api: &Api, _: &Caller, args: PrintZArgs) -> Result<PrintOutcome> {
    api.till()?.print_z(args.number, args.copy)
}

pub(super) fn print_x(api: &Api, caller: &Caller, _: NoArgs) -> Result<PrintOutcome> {
    api.till()?.print_x(caller.staff()?.id)
}
