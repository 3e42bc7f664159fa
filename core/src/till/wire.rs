//! What a client sends the till and what it gets back: requests as typed
//! (checked by the command path before the domain sees them), the command's
//! metadata, credentials for an approval, a command's outcome, the app's
//! status. The UI's TypeScript types are generated from the serialisable ones.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::{DiscountId, DiscountKind, DiscountScope, LineId, OrderView, StaffId};
use crate::store::VerifyReport;

use super::Approval;

/// A staff member's code and PIN, sent with a command that needs approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Credentials {
    pub code: String,
    pub pin: String,
}

/// Who sends a command, under which id, with whose approval.
#[derive(Debug, Clone)]
pub struct CommandMeta {
    /// Chosen by the client; repeating it returns the first outcome.
    pub command_id: Uuid,
    pub actor: StaffId,
    pub approval: Option<Approval>,
    /// The version the client saw; when set, a changed order is a conflict
    /// the client must look at instead of one the command layer retries.
    pub expected_version: Option<u32>,
}

impl CommandMeta {
    /// A fresh, time-ordered command id (UUID v7 keeps the command index compact).
    pub fn new(actor: StaffId) -> Self {
        CommandMeta { command_id: Uuid::now_v7(), actor, approval: None, expected_version: None }
    }
}

/// A command on an existing order, as a client sends it: codes and amounts
/// as typed, checked here before the domain sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum OrderRequest {
    AddItem { code: String, quantity: i64 },
    ChangeQuantity { line: LineId, quantity: i64 },
    RemoveLine { line: LineId, reason: String },
    ApplyDiscount { scope: DiscountScope, kind: DiscountKind, value: String, reason: String },
    RemoveDiscount { discount: DiscountId },
    ConfirmOrder { cash: String, card: String },
    VoidOrder { reason: String },
}

/// Goods brought back without a receipt: a barcode or SKU as typed, and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundItem {
    pub code: String,
    pub quantity: i64,
}

/// A refund as a client asks for it: units of a sale's lines (with its
/// receipt), or goods by code (without one); amounts as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundRequest {
    /// The sale, from its receipt; none for a refund without a receipt.
    #[serde(default)]
    pub order: Option<crate::domain::OrderId>,
    /// The till that rang up the sale, as its receipt names it ("T2" of
    /// "T2-7"); none for this till's sales.
    #[serde(default)]
    #[ts(optional)]
    pub till: Option<String>,
    /// With a receipt: which lines, how many units of each.
    #[serde(default)]
    pub lines: Vec<crate::domain::RefundedQuantity>,
    /// Without a receipt: the goods brought back.
    #[serde(default)]
    pub items: Vec<RefundItem>,
    /// Given back in cash and to the card (empty counts as zero).
    #[serde(default)]
    pub cash: String,
    #[serde(default)]
    pub card: String,
    pub reason: String,
}

/// An exchange as a client asks for it: units of a paid sale's lines come
/// back for the order open on the register; the difference as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeRequest {
    /// The sale the goods come back from, from its receipt.
    pub sale: crate::domain::OrderId,
    /// The till that rang up the sale ("T2" of "T2-7"); none for this till's.
    #[serde(default)]
    #[ts(optional)]
    pub till: Option<String>,
    /// Which of its lines, how many units of each.
    pub lines: Vec<crate::domain::RefundedQuantity>,
    /// The difference in cash and by card (empty counts as zero): paid when
    /// the credit falls short of the order, given back when it is more.
    #[serde(default)]
    pub cash: String,
    #[serde(default)]
    pub card: String,
    pub reason: String,
}

/// What a command left: the order as it now is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub order: OrderView,
    /// True when this command id had already been applied: nothing new was written.
    pub replayed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub db_path: String,
    pub schema_version: i64,
    pub events: i64,
    pub orders: i64,
    pub products: i64,
    pub staff: i64,
    pub chain_ok: bool,
    pub chain: VerifyReport,
}
