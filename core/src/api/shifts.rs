//! The cash drawer: this till's shift (the X report), opening it with a
//! float, cash moves, no-sales and the blind close.

use serde::Deserialize;
use ts_rs::TS;

use super::{Api, Caller, NoArgs};
use crate::domain::{CashMoveKind, CashMoved, Shift, ShiftClosed};
use crate::error::Result;
use crate::money::Currency;
use crate::till::{Approval, CommandMeta, CountRequest, Credentials, NoSale, ShiftReport, Till};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenShiftArgs {
    /// A fresh UUID per shift; resending it returns the shift first opened.
    pub command_id: String,
    /// The float, counted.
    pub count: CountRequest,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoveCashArgs {
    pub command_id: String,
    pub kind: CashMoveKind,
    /// As typed.
    pub amount: String,
    pub reason: String,
    /// A manager's code and PIN, when the rules ask for approval.
    #[serde(default)]
    pub approval: Option<Credentials>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoSaleArgs {
    pub command_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseShiftArgs {
    pub command_id: String,
    /// The drawer, counted blind.
    pub count: CountRequest,
    /// Why the drawer is out (needed past the policy's variance).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub approval: Option<Credentials>,
}

/// The command's metadata: the caller, the command id, the approval checked.
pub(super) fn meta(till: &mut Till, caller: &Caller, command_id: &str, approval: Option<&Credentials>) -> Result<CommandMeta> {
    let actor = caller.staff()?.id;
    let command_id = super::register::command_id(command_id)?;
    let approval: Option<Approval> = approval.map(|c| till.approve(&c.code, &c.pin)).transpose()?;
    Ok(CommandMeta { command_id, actor, approval, expected_version: None })
}

/// The notes and coins of the shop's currency a drawer is counted in, largest
/// first, each with the currency's decimals ("20.00", "0.50"; "0.500" for KWD).
pub(super) fn denominations(api: &Api, _: &Caller, _: NoArgs) -> Result<Vec<String>> {
    let till = api.till()?;
    let currency = Currency::of_stored(&till.settings().currency);
    Ok(currency.denominations().iter().map(|d| currency.format(*d)).collect())
}

pub(super) fn shift_report(api: &Api, caller: &Caller, _: NoArgs) -> Result<Option<ShiftReport>> {
    api.till()?.shift_report(caller.staff()?.id)
}

pub(super) fn open_shift(api: &Api, caller: &Caller, args: OpenShiftArgs) -> Result<Shift> {
    let mut till = api.till()?;
    let meta = meta(&mut till, caller, &args.command_id, None)?;
    till.open_shift(&args.count, &meta)
}

pub(super) fn move_cash(api: &Api, caller: &Caller, args: MoveCashArgs) -> Result<CashMoved> {
    let mut till = api.till()?;
    let meta = meta(&mut till, caller, &args.command_id, args.approval.as_ref())?;
    till.move_cash(args.kind, &args.amount, &args.reason, &meta)
}

pub(super) fn no_sale(api: &Api, caller: &Caller, args: NoSaleArgs) -> Result<NoSale> {
    let mut till = api.till()?;
    let meta = meta(&mut till, caller, &args.command_id, None)?;
    till.no_sale(&args.reason, &meta)
}

pub(super) fn close_shift(api: &Api, caller: &Caller, args: CloseShiftArgs) -> Result<ShiftClosed> {
    let mut till = api.till()?;
    let meta = meta(&mut till, caller, &args.command_id, args.approval.as_ref())?;
    till.close_shift(&args.count, &args.reason, &meta)
}
