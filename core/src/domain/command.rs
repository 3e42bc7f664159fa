//! Commands: what someone asks the order to do, imperative. By the time a
//! command reaches `decide`, outside facts are resolved: the product's catalog
//! data is copied in and the approver's PIN has been checked.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::event::{DiscountKind, DiscountScope, Tenders};
use super::policy::Policy;
use crate::money::Currency;
use super::{DiscountId, LineId, StaffId};

/// The catalog's facts about a product at the moment it is rung up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFacts {
    pub sku: String,
    pub name: String,
    pub unit_price: Decimal,
    pub tax_rate: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    OpenOrder { number: i64, cashier: StaffId, terminal: String },
    AddItem { product: ProductFacts, quantity: u32 },
    ChangeQuantity { line: LineId, quantity: u32 },
    RemoveLine { line: LineId, reason: String },
    ApplyDiscount { scope: DiscountScope, kind: DiscountKind, value: Decimal, reason: String },
    RemoveDiscount { discount: DiscountId },
    ConfirmOrder { tenders: Tenders },
    VoidOrder { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Cashier,
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "cashier" => Some(Role::Cashier),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }
}

/// A staff member whose PIN was checked for this command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approver {
    pub staff: StaffId,
    pub role: Role,
}

/// Everything `decide` needs besides the state and the command: no business
/// function reads the clock or the settings table itself.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: DateTime<Utc>,
    pub actor: StaffId,
    /// The actor's role: a manager ringing up passes the policy's limits.
    pub actor_role: Role,
    pub approver: Option<Approver>,
    pub policy: Policy,
    /// The shop's currency: a new order records it, a shift's cash rounds to it.
    pub currency: Currency,
    /// The smallest coin for cash, if the shop rounds cash payments (e.g. 0.05).
    pub cash_coin: Option<Decimal>,
}
