//! Events of the shop's own streams (not orders): the catalog (one stream
//! per product), the staff (one stream per staff member) and the shop
//! (settings and discount policy, one stream). Past tense, like the order's
//! events; each names the product or staff member it belongs to, so the
//! plain tables can be rebuilt from the events alone.
//!
//! `imported` marks the events written once from the plain tables of a
//! database made before these events existed (its history is unknown).
//!
//! A PIN, or its hash, is never in an event: `PinReset` says only that it
//! was reset.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::policy::Policy;
use super::{Role, StaffId};


fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductAdded {
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    #[ts(type = "string")]
    pub price: Decimal,
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    pub favourite: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceChanged {
    pub sku: String,
    #[ts(type = "string")]
    pub from: Decimal,
    #[ts(type = "string")]
    pub to: Decimal,
}

/// A product's other details after an edit (its barcode, name, tax rate and
/// whether it is a quick key); recorded only when one of them changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductChanged {
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    pub favourite: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductArchived {
    pub sku: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductRestored {
    pub sku: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffAdded {
    pub id: StaffId,
    pub code: String,
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleChanged {
    pub id: StaffId,
    pub from: Role,
    pub to: Role,
}

/// A staff member's PIN was reset. Neither the PIN nor its hash is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PinReset {
    pub id: StaffId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffDeactivated {
    pub id: StaffId,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffReactivated {
    pub id: StaffId,
}

/// The shop's details after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsChanged {
    pub shop_name: String,
    pub shop_address: String,
    pub currency: String,
    /// The smallest coin a cash payment is rounded to (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub cash_coin: Option<rust_decimal::Decimal>,
    /// The shop's time zone, an IANA name such as "Europe/Berlin" (absent:
    /// the system's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub time_zone: Option<String>,
    /// The language the shop's slips are printed in, a tag such as "de"
    /// (absent: English, as before a shop could choose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imported: bool,
}

/// The discount policy in force from this event on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyChanged {
    pub policy: Policy,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub id: StaffId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedOut {
    pub id: StaffId,
}
