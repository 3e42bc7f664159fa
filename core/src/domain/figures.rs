//! The figures of a period on a till or a shop: what was sold, voided and
//! refunded, the tax in it, and the takings by tender. The read side works
//! them out from the events; a Z report records them as they stood when the
//! day closed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::tax::TaxAmount;

/// One staff member's (or the whole till's) figures for a day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DayFigures {
    pub orders_confirmed: u32,
    pub orders_voided: u32,
    /// Line values before discounts, of the orders confirmed in the period.
    #[ts(type = "string")]
    pub gross_sales: Decimal,
    #[ts(type = "string")]
    pub discounts: Decimal,
    /// What voids of confirmed orders in the period gave back.
    #[ts(type = "string")]
    pub voids: Decimal,
    /// Refunds issued in the period (of sales of any day, and without a receipt).
    pub refunds_issued: u32,
    /// What they gave back.
    #[ts(type = "string")]
    pub refunds: Decimal,
    #[ts(type = "string")]
    pub cash_refunded: Decimal,
    #[ts(type = "string")]
    pub card_refunded: Decimal,
    /// What refunds of exchanges gave as credit to the new orders (no money moved).
    #[ts(type = "string")]
    pub exchange_refunded: Decimal,
    /// Gross sales − discounts − voids − refunds.
    #[ts(type = "string")]
    pub net_sales: Decimal,
    pub tax: Vec<TaxAmount>,
    #[ts(type = "string")]
    pub cash_taken: Decimal,
    #[ts(type = "string")]
    pub change_given: Decimal,
    #[ts(type = "string")]
    pub card_taken: Decimal,
    /// What cash payments were rounded by to the smallest coin, in all
    /// (positive: customers paid more than the totals).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    #[ts(as = "Option<String>", optional)]
    pub cash_rounding: Decimal,
    /// What sales took as exchange credit (the goods of a refund; no money moved).
    #[ts(type = "string")]
    pub exchange_taken: Decimal,
    /// Cash that should be in the drawer: cash taken − change − cash given back by voids and refunds.
    #[ts(type = "string")]
    pub cash_expected: Decimal,
    /// Card takings less what voids and refunds put back on cards.
    #[ts(type = "string")]
    pub card_expected: Decimal,
}
