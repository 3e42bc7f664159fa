//! Refunds: a paid sale found by its receipt's number, what a refund would
//! give back, and the refund issued; an exchange of a sale's goods for the
//! order on the register.

use serde::Deserialize;
use ts_rs::TS;

use super::{Api, Caller};
use crate::domain::{sale_reference, SaleReference};
use crate::error::{Error, Result};
use crate::problem::Problem;
use crate::till::{
    CommandMeta, Credentials, ExchangePreview, ExchangeRequest, Exchanged, IssuedRefund, RefundPreview, RefundRequest, RefundableSale,
};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundableSaleArgs {
    /// The sale's number as typed or scanned from its receipt.
    pub number: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrintRefundArgs {
    pub number: crate::domain::RefundNumber,
    /// A reprint: marked COPY, and the drawer stays shut.
    #[serde(default)]
    pub copy: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundPreviewArgs {
    pub refund: RefundRequest,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssueRefundArgs {
    /// A fresh UUID per refund; resending it returns the refund first issued.
    pub command_id: String,
    pub refund: RefundRequest,
    /// A manager's code and PIN, when the rules ask for approval.
    #[serde(default)]
    pub approval: Option<Credentials>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangePreviewArgs {
    /// The order open on the register that the goods pay for.
    pub order: crate::domain::OrderId,
    pub exchange: ExchangeRequest,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeGoodsArgs {
    /// A fresh UUID per exchange; resending it returns the exchange first done.
    pub command_id: String,
    /// The order open on the register that the goods pay for.
    pub order: crate::domain::OrderId,
    pub exchange: ExchangeRequest,
    /// A manager's code and PIN, when the rules ask for approval.
    #[serde(default)]
    pub approval: Option<Credentials>,
}

/// A receipt's number as a scanner reads it or as typed: `T1-42` (the till
/// and its order), or a bare `42`, perhaps with leading zeros, for this
/// till's: the till that rang it up, and its order.
fn sale_number(text: &str, terminal: &str) -> Result<(String, crate::domain::OrderId)> {
    let problem = || Problem::SaleNumber { example: sale_reference(terminal, 42), typed: text.trim().to_string() };
    let invalid = || Error::Invalid { field: "Receipt number", problem: problem() };
    let sale = SaleReference::parse(text).ok_or_else(invalid)?;
    Ok((sale.till.unwrap_or_else(|| terminal.to_string()), sale.number))
}

/// Another till's sale is refunded here only while the shop server answers:
/// this till's copy of it, and of the other tills' refunds of it, is then
/// as fresh as the last round. Refused by name otherwise.
fn require_shop_for(api: &Api, till: &str, sale: crate::domain::OrderId, terminal: &str) -> Result<()> {
    if till == terminal {
        return Ok(());
    }
    match super::shop::unavailable(api) {
        None => Ok(()),
        Some(why) => Err(Error::SaleOfOtherTill { reference: sale_reference(till, sale), till: till.to_string(), why }),
    }
}

/// The sale's till a refund request names, checked as `require_shop_for` says.
fn require_shop_for_request(api: &Api, request: &RefundRequest, terminal: &str) -> Result<()> {
    match (request.order, request.till.as_deref()) {
        (Some(order), Some(till)) => require_shop_for(api, till, order, terminal),
        _ => Ok(()),
    }
}

pub(super) fn refundable_sale(api: &Api, _: &Caller, args: RefundableSaleArgs) -> Result<RefundableSale> {
    let terminal = api.till()?.terminal().to_string();
    let (till, number) = sale_number(&args.number, &terminal)?;
    require_shop_for(api, &till, number, &terminal)?;
    api.till()?.refundable_sale_of(&till, number)
}

pub(super) fn refund_preview(api: &Api, caller: &Caller, args: RefundPreviewArgs) -> Result<RefundPreview> {
    let meta = CommandMeta::new(caller.staff()?.id);
    let terminal = api.till()?.terminal().to_string();
    require_shop_for_request(api, &args.refund, &terminal)?;
    api.till()?.refund_preview(&args.refund, &meta)
}

pub(super) fn issue_refund(api: &Api, caller: &Caller, args: IssueRefundArgs) -> Result<IssuedRefund> {
    let terminal = api.till()?.terminal().to_string();
    require_shop_for_request(api, &args.refund, &terminal)?;
    let mut till = api.till()?;
    let meta = super::shifts::meta(&mut till, caller, &args.command_id, args.approval.as_ref())?;
    let refund = till.issue_refund(&args.refund, &meta)?;
    Ok(IssuedRefund::on_till(refund, till.terminal()))
}

/// The sale's till an exchange names, checked as `require_shop_for` says.
fn require_shop_for_exchange(api: &Api, exchange: &ExchangeRequest) -> Result<()> {
    let terminal = api.till()?.terminal().to_string();
    match exchange.till.as_deref() {
        Some(till) => require_shop_for(api, till, exchange.sale, &terminal),
        None => Ok(()),
    }
}

pub(super) fn exchange_preview(api: &Api, caller: &Caller, args: ExchangePreviewArgs) -> Result<ExchangePreview> {
    let meta = CommandMeta::new(caller.staff()?.id);
    require_shop_for_exchange(api, &args.exchange)?;
    api.till()?.exchange_preview(args.order, &args.exchange, &meta)
}

pub(super) fn exchange_goods(api: &Api, caller: &Caller, args: ExchangeGoodsArgs) -> Result<Exchanged> {
    require_shop_for_exchange(api, &args.exchange)?;
    let mut till = api.till()?;
    let meta = super::shifts::meta(&mut till, caller, &args.command_id, args.approval.as_ref())?;
    till.exchange_goods(args.order, &args.exchange, &meta)
}

pub(super) fn print_refund(api: &Api, _: &Caller, args: PrintRefundArgs) -> Result<crate::printer::PrintOutcome> {
    api.till()?.print_refund(args.number, args.copy)
}

#[cfg(test)]
mod tests {
    use super::sale_number;

    #[test]
    fn a_receipt_number_is_read_as_scanned_or_typed() {
        let this = |n| ("T1".to_string(), n);
        assert_eq!(sale_number("0000042", "T1").unwrap(), this(42));
        assert_eq!(sale_number(" #7 ", "T1").unwrap(), this(7));
        assert_eq!(sale_number("t1-7", "T1").unwrap(), this(7));
        assert_eq!(sale_number("BAR-1-7", "BAR-1").unwrap(), ("BAR-1".to_string(), 7));
        for bad in ["", "0", "-3", "4a", "1.5", "T1-"] {
            assert_eq!(sale_number(bad, "T1").unwrap_err().code(), "invalid_input", "{bad}");
        }
    }

    #[test]
    fn another_tills_receipt_names_the_till_that_has_the_sale() {
        assert_eq!(sale_number("T2-7", "T1").unwrap(), ("T2".to_string(), 7));
    }
}
