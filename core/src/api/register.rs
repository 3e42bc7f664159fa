//! The register: orders and their commands, products, tender preview, receipts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{save_text, Api, Caller, NoArgs};
use crate::catalog::Product;
use crate::domain::{Order, OrderId, OrderStatus, OrderView};
use crate::error::{Error, ErrorBody, Result};
use crate::limits::SEARCH_ROWS_MAX;
use crate::read::{self, OrderSummary, Receipt};
use crate::tender;
use crate::till::{CommandMeta, Credentials, OrderRequest, Outcome, Till};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenOrderArgs {
    /// A fresh UUID per action; resending it returns the first outcome.
    pub command_id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderCommandArgs {
    pub order_id: OrderId,
    pub command_id: String,
    pub request: OrderRequest,
    /// A manager's code and PIN, when the rules ask for approval.
    #[serde(default)]
    pub approval: Option<Credentials>,
    /// The version the client saw; when set, a changed order is a `conflict`.
    #[serde(default)]
    pub expected_version: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderArgs {
    pub order_id: OrderId,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FindProductsArgs {
    pub query: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenderPreviewArgs {
    pub order_id: OrderId,
    /// As typed; empty counts as zero.
    pub cash: String,
    pub card: String,
}

/// What paying an order with some cash and card would give, worked out by
/// the same rules that confirm it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenderPreview {
    /// The order's total.
    pub due: String,
    /// What the cashier hands back (from cash), when the tender covers the total.
    pub change: String,
    /// What is still missing, when it does not.
    pub remaining: String,
    /// Confirming with these amounts would be accepted.
    pub covered: bool,
    /// Why confirming now would be refused (`tender_short`, `card_exceeds_due`, `invalid_amount`…).
    pub refusal: Option<ErrorBody>,
    /// Cash buttons: the exact amount, then the next notes up.
    pub quick_cash: Vec<QuickCash>,
    /// What is left for the card after the cash part ("" when cash covers it all, or cash is unreadable).
    pub card_remainder: String,
}

pub use crate::tender::QuickCash;

pub(super) fn command_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim()).map_err(|_| Error::Invalid { field: "Command id", problem: crate::problem::Problem::Uuid })
}

pub(super) fn open_order(api: &Api, caller: &Caller, args: OpenOrderArgs) -> Result<Outcome> {
    let meta = CommandMeta { command_id: command_id(&args.command_id)?, ..CommandMeta::new(caller.staff()?.id) };
    api.till()?.open_order(&meta)
}

pub(super) fn order_command(api: &Api, caller: &Caller, args: OrderCommandArgs) -> Result<Outcome> {
    let actor = caller.staff()?.id;
    let command_id = command_id(&args.command_id)?;
    let mut till = api.till()?;
    let approval = match &args.approval {
        Some(c) => Some(till.approve(&c.code, &c.pin)?),
        None => None,
    };
    let meta = CommandMeta { command_id, actor, approval, expected_version: args.expected_version };
    till.execute(args.order_id, args.request, &meta)
}

/// The order as it now is; one never opened is not found.
fn existing_order(till: &mut Till, id: OrderId) -> Result<Order> {
    let order = till.load(id)?;
    if order.status == OrderStatus::New {
        return Err(crate::domain::OrderError::OrderNotFound(id).into());
    }
    Ok(order)
}

pub(super) fn order_view(api: &Api, _: &Caller, args: OrderArgs) -> Result<OrderView> {
    Ok(existing_order(&mut *api.till()?, args.order_id)?.view())
}

pub(super) fn open_orders(api: &Api, _: &Caller, _: NoArgs) -> Result<Vec<OrderSummary>> {
    read::open_orders(&api.till()?.reader())
}

pub(super) fn find_products(api: &Api, _: &Caller, args: FindProductsArgs) -> Result<Vec<Product>> {
    api.till()?.search_products(&args.query, false, SEARCH_ROWS_MAX)
}

pub(super) fn favourite_products(api: &Api, _: &Caller, _: NoArgs) -> Result<Vec<Product>> {
    api.till()?.favourite_products()
}

pub(super) fn tender_preview(api: &Api, caller: &Caller, args: TenderPreviewArgs) -> Result<TenderPreview> {
    let actor = caller.staff()?.id;
    let mut till = api.till()?;
    let order = existing_order(&mut till, args.order_id)?;
    let request = OrderRequest::ConfirmOrder { cash: args.cash.clone(), card: args.card.clone() };
    let decision = till.try_request(args.order_id, request, actor);
    let due = order.totals().total;
    let p = tender::preview(due, &args.cash, &args.card, order.minor_unit(), decision);
    Ok(TenderPreview {
        due: due.to_string(),
        change: p.change.to_string(),
        remaining: p.remaining.to_string(),
        covered: p.refusal.is_none(),
        refusal: p.refusal.as_ref().map(ErrorBody::from),
        quick_cash: tender::quick_cash(due, order.minor_unit()),
        card_remainder: p.card_remainder.map(|d| d.to_string()).unwrap_or_default(),
    })
}

pub(super) fn receipt(api: &Api, _: &Caller, args: OrderArgs) -> Result<Receipt> {
    read::receipt(&mut api.till()?.reader(), args.order_id)
}

pub(super) fn save_receipt(api: &Api, _: &Caller, args: OrderArgs) -> Result<Option<String>> {
    let text = read::receipt_text(&read::receipt(&mut api.till()?.reader(), args.order_id)?);
    save_text(api, &format!("receipt-{}.txt", args.order_id), &text)
}

pub(super) fn printer_setup(api: &Api, _: &Caller, _: NoArgs) -> Result<crate::printer::PrinterSetup> {
    api.till()?.printer_setup()
}

pub(super) fn print_receipt(api: &Api, _: &Caller, args: OrderArgs) -> Result<crate::printer::PrintOutcome> {
    api.till()?.print_receipt(args.order_id)
}
