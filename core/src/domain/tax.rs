//! Tax contained in tax-inclusive takings. Its own module so that events
//! (which record it at confirmation) and the state (which works it out)
//! both depend on it, and not on each other.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money;

/// Tax contained in the takings of one tax rate (prices are tax-inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaxAmount {
    #[ts(type = "string")]
    pub rate: Decimal,
    /// What was taken at this rate, tax included, after all discounts.
    #[ts(type = "string")]
    pub gross: Decimal,
    /// The tax contained in `gross` (rounding point 3).
    #[ts(type = "string")]
    pub tax: Decimal,
}

impl TaxAmount {
    /// The tax contained in `gross` taken at `rate` percent, rounded to the
    /// currency's minor unit (rounding point 3).
    pub fn contained_in(gross: Decimal, rate: Decimal, minor_unit: u32) -> TaxAmount {
        let tax = money::round(gross * rate / (Decimal::ONE_HUNDRED + rate), minor_unit);
        TaxAmount { rate, gross, tax }
    }
}
