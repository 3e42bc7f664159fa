//! Domain events: immutable facts, past tense. Each carries what a later
//! reader needs without consulting anything else (names and prices are
//! copied from the catalog at the moment they were rung up).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DiscountId, LineId, StaffId};
use super::tax::TaxAmount;
use super::shop_event::*;
use super::close::{DayClosed, DayReopened};
use super::refund::{ExchangeCredit, OrderRefunded, RefundIssued};
use super::shift::{CashMoved, DrawerOpened, ShiftClosed, ShiftOpened};
use crate::money::Currency;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderOpened {
    pub number: i64,
    pub cashier: StaffId,
    pub terminal: String,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    /// The currency the order's money is in. Absent from orders opened
    /// before it was recorded: their amounts have two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemAdded {
    pub line: LineId,
    pub sku: String,
    pub name: String,
    // Short stored names: this is the most frequent event, and every byte
    // is paid once per line rung up.
    #[serde(rename = "qty")]
    pub quantity: u32,
    #[serde(rename = "price")]
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[serde(rename = "tax")]
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    /// When the line was rung up (the policy times line voids from it).
    /// Absent from lines rung up before it was recorded: read as `None`.
    #[serde(rename = "at", default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | null")]
    pub added_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuantityChanged {
    pub line: LineId,
    pub from: u32,
    pub to: u32,
    /// The manager who approved a decrease; absent from changes recorded
    /// before approvals were (read as `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorised_by: Option<StaffId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineVoided {
    pub line: LineId,
    pub reason: String,
    pub authorised_by: Option<StaffId>,
}

/// What a discount applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DiscountScope {
    Order,
    Line { line: LineId },
}

/// How a discount's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DiscountKind {
    /// `value` percent of the scope's value, in (0, 100].
    Percent,
    /// `value` off, in money.
    Amount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscountApplied {
    pub discount: DiscountId,
    pub scope: DiscountScope,
    pub kind: DiscountKind,
    #[ts(type = "string")]
    pub value: Decimal,
    pub reason: String,
    pub authorised_by: Option<StaffId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscountRemoved {
    pub discount: DiscountId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tenders {
    #[ts(type = "string")]
    pub cash: Decimal,
    #[ts(type = "string")]
    pub card: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderConfirmed {
    #[ts(type = "string")]
    pub total: Decimal,
    pub tax: Vec<TaxAmount>,
    pub tenders: Tenders,
    #[ts(type = "string")]
    pub change: Decimal,
    #[ts(type = "string")]
    pub confirmed_at: DateTime<Utc>,
    /// Paid in part (or whole) by an exchange's credit: the goods of a
    /// refund brought back for this order. Absent from other sales; the
    /// tenders, less the change, and the credit add up to the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exchange: Option<ExchangeCredit>,
    /// What the amount due in cash was rounded by, to the shop's smallest
    /// coin (negative when rounded down; absent when none): the tenders less
    /// the change and the credit make the total plus this.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    #[ts(as = "Option<String>", optional)]
    pub cash_rounding: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderVoided {
    pub reason: String,
    pub authorised_by: StaffId,
    #[ts(type = "string")]
    pub amount: Decimal,
    #[ts(type = "string")]
    pub voided_at: DateTime<Utc>,
}

/// Every event the store records: an order's (codes 1–8, on order streams)
/// and the shop's own (codes 9 on, on catalog, staff and shop streams; see
/// `shop_event`). Stored as (kind, schema version, payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "data")]
pub enum Event {
    OrderOpened(OrderOpened),
    ItemAdded(ItemAdded),
    QuantityChanged(QuantityChanged),
    LineVoided(LineVoided),
    DiscountApplied(DiscountApplied),
    DiscountRemoved(DiscountRemoved),
    OrderConfirmed(OrderConfirmed),
    OrderVoided(OrderVoided),
    ProductAdded(ProductAdded),
    PriceChanged(PriceChanged),
    ProductChanged(ProductChanged),
    ProductArchived(ProductArchived),
    ProductRestored(ProductRestored),
    StaffAdded(StaffAdded),
    RoleChanged(RoleChanged),
    PinReset(PinReset),
    StaffDeactivated(StaffDeactivated),
    StaffReactivated(StaffReactivated),
    SettingsChanged(SettingsChanged),
    PolicyChanged(PolicyChanged),
    SignedIn(SignedIn),
    SignedOut(SignedOut),
    OrderRefunded(OrderRefunded),
    RefundIssued(RefundIssued),
    ShiftOpened(ShiftOpened),
    CashMoved(CashMoved),
    DrawerOpened(DrawerOpened),
    ShiftClosed(ShiftClosed),
    DayClosed(DayClosed),
    DayReopened(DayReopened),
}

/// The event kinds, as stored in the `kind` column and shown in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum EventKind {
    OrderOpened,
    ItemAdded,
    QuantityChanged,
    LineVoided,
    DiscountApplied,
    DiscountRemoved,
    OrderConfirmed,
    OrderVoided,
    ProductAdded,
    PriceChanged,
    ProductChanged,
    ProductArchived,
    ProductRestored,
    StaffAdded,
    RoleChanged,
    PinReset,
    StaffDeactivated,
    StaffReactivated,
    SettingsChanged,
    PolicyChanged,
    SignedIn,
    SignedOut,
    OrderRefunded,
    RefundIssued,
    ShiftOpened,
    CashMoved,
    DrawerOpened,
    ShiftClosed,
    DayClosed,
    DayReopened,
}

impl EventKind {
    pub const ALL: [EventKind; 30] = [
        EventKind::OrderOpened,
        EventKind::ItemAdded,
        EventKind::QuantityChanged,
        EventKind::LineVoided,
        EventKind::DiscountApplied,
        EventKind::DiscountRemoved,
        EventKind::OrderConfirmed,
        EventKind::OrderVoided,
        EventKind::ProductAdded,
        EventKind::PriceChanged,
        EventKind::ProductChanged,
        EventKind::ProductArchived,
        EventKind::ProductRestored,
        EventKind::StaffAdded,
        EventKind::RoleChanged,
        EventKind::PinReset,
        EventKind::StaffDeactivated,
        EventKind::StaffReactivated,
        EventKind::SettingsChanged,
        EventKind::PolicyChanged,
        EventKind::SignedIn,
        EventKind::SignedOut,
        EventKind::OrderRefunded,
        EventKind::RefundIssued,
        EventKind::ShiftOpened,
        EventKind::CashMoved,
        EventKind::DrawerOpened,
        EventKind::ShiftClosed,
        EventKind::DayClosed,
        EventKind::DayReopened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::OrderOpened => "OrderOpened",
            EventKind::ItemAdded => "ItemAdded",
            EventKind::QuantityChanged => "QuantityChanged",
            EventKind::LineVoided => "LineVoided",
            EventKind::DiscountApplied => "DiscountApplied",
            EventKind::DiscountRemoved => "DiscountRemoved",
            EventKind::OrderConfirmed => "OrderConfirmed",
            EventKind::OrderVoided => "OrderVoided",
            EventKind::ProductAdded => "ProductAdded",
            EventKind::PriceChanged => "PriceChanged",
            EventKind::ProductChanged => "ProductChanged",
            EventKind::ProductArchived => "ProductArchived",
            EventKind::ProductRestored => "ProductRestored",
            EventKind::StaffAdded => "StaffAdded",
            EventKind::RoleChanged => "RoleChanged",
            EventKind::PinReset => "PinReset",
            EventKind::StaffDeactivated => "StaffDeactivated",
            EventKind::StaffReactivated => "StaffReactivated",
            EventKind::SettingsChanged => "SettingsChanged",
            EventKind::PolicyChanged => "PolicyChanged",
            EventKind::SignedIn => "SignedIn",
            EventKind::SignedOut => "SignedOut",
            EventKind::OrderRefunded => "OrderRefunded",
            EventKind::RefundIssued => "RefundIssued",
            EventKind::ShiftOpened => "ShiftOpened",
            EventKind::CashMoved => "CashMoved",
            EventKind::DrawerOpened => "DrawerOpened",
            EventKind::ShiftClosed => "ShiftClosed",
            EventKind::DayClosed => "DayClosed",
            EventKind::DayReopened => "DayReopened",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The stored code of this kind. Never reuse or renumber a code.
    pub fn code(self) -> i64 {
        match self {
            EventKind::OrderOpened => 1,
            EventKind::ItemAdded => 2,
            EventKind::QuantityChanged => 3,
            EventKind::LineVoided => 4,
            EventKind::DiscountApplied => 5,
            EventKind::DiscountRemoved => 6,
            EventKind::OrderConfirmed => 7,
            EventKind::OrderVoided => 8,
            EventKind::ProductAdded => 9,
            EventKind::PriceChanged => 10,
            EventKind::ProductChanged => 11,
            EventKind::ProductArchived => 12,
            EventKind::ProductRestored => 13,
            EventKind::StaffAdded => 14,
            EventKind::RoleChanged => 15,
            EventKind::PinReset => 16,
            EventKind::StaffDeactivated => 17,
            EventKind::StaffReactivated => 18,
            EventKind::SettingsChanged => 19,
            EventKind::PolicyChanged => 20,
            EventKind::SignedIn => 21,
            EventKind::SignedOut => 22,
            EventKind::OrderRefunded => 23,
            EventKind::RefundIssued => 24,
            EventKind::ShiftOpened => 25,
            EventKind::CashMoved => 26,
            EventKind::DrawerOpened => 27,
            EventKind::ShiftClosed => 28,
            EventKind::DayClosed => 29,
            EventKind::DayReopened => 30,
        }
    }

    pub fn from_code(code: i64) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The payload shape version written today. Older shapes are upcast on read.
    pub fn schema_version(self) -> u32 {
        match self {
            // v1 stored the price as `price` and had no tax rate (see store::upcast).
            EventKind::ItemAdded => 2,
            _ => 1,
        }
    }
}

impl Event {
    pub fn kind(&self) -> EventKind {
        match self {
            Event::OrderOpened(_) => EventKind::OrderOpened,
            Event::ItemAdded(_) => EventKind::ItemAdded,
            Event::QuantityChanged(_) => EventKind::QuantityChanged,
            Event::LineVoided(_) => EventKind::LineVoided,
            Event::DiscountApplied(_) => EventKind::DiscountApplied,
            Event::DiscountRemoved(_) => EventKind::DiscountRemoved,
            Event::OrderConfirmed(_) => EventKind::OrderConfirmed,
            Event::OrderVoided(_) => EventKind::OrderVoided,
            Event::ProductAdded(_) => EventKind::ProductAdded,
            Event::PriceChanged(_) => EventKind::PriceChanged,
            Event::ProductChanged(_) => EventKind::ProductChanged,
            Event::ProductArchived(_) => EventKind::ProductArchived,
            Event::ProductRestored(_) => EventKind::ProductRestored,
            Event::StaffAdded(_) => EventKind::StaffAdded,
            Event::RoleChanged(_) => EventKind::RoleChanged,
            Event::PinReset(_) => EventKind::PinReset,
            Event::StaffDeactivated(_) => EventKind::StaffDeactivated,
            Event::StaffReactivated(_) => EventKind::StaffReactivated,
            Event::SettingsChanged(_) => EventKind::SettingsChanged,
            Event::PolicyChanged(_) => EventKind::PolicyChanged,
            Event::SignedIn(_) => EventKind::SignedIn,
            Event::SignedOut(_) => EventKind::SignedOut,
            Event::OrderRefunded(_) => EventKind::OrderRefunded,
            Event::RefundIssued(_) => EventKind::RefundIssued,
            Event::ShiftOpened(_) => EventKind::ShiftOpened,
            Event::CashMoved(_) => EventKind::CashMoved,
            Event::DrawerOpened(_) => EventKind::DrawerOpened,
            Event::ShiftClosed(_) => EventKind::ShiftClosed,
            Event::DayClosed(_) => EventKind::DayClosed,
            Event::DayReopened(_) => EventKind::DayReopened,
        }
    }

    /// The payload alone (without the kind tag), as stored.
    pub fn payload_json(&self) -> serde_json::Result<String> {
        match self {
            Event::OrderOpened(e) => serde_json::to_string(e),
            Event::ItemAdded(e) => serde_json::to_string(e),
            Event::QuantityChanged(e) => serde_json::to_string(e),
            Event::LineVoided(e) => serde_json::to_string(e),
            Event::DiscountApplied(e) => serde_json::to_string(e),
            Event::DiscountRemoved(e) => serde_json::to_string(e),
            Event::OrderConfirmed(e) => serde_json::to_string(e),
            Event::OrderVoided(e) => serde_json::to_string(e),
            Event::ProductAdded(e) => serde_json::to_string(e),
            Event::PriceChanged(e) => serde_json::to_string(e),
            Event::ProductChanged(e) => serde_json::to_string(e),
            Event::ProductArchived(e) => serde_json::to_string(e),
            Event::ProductRestored(e) => serde_json::to_string(e),
            Event::StaffAdded(e) => serde_json::to_string(e),
            Event::RoleChanged(e) => serde_json::to_string(e),
            Event::PinReset(e) => serde_json::to_string(e),
            Event::StaffDeactivated(e) => serde_json::to_string(e),
            Event::StaffReactivated(e) => serde_json::to_string(e),
            Event::SettingsChanged(e) => serde_json::to_string(e),
            Event::PolicyChanged(e) => serde_json::to_string(e),
            Event::SignedIn(e) => serde_json::to_string(e),
            Event::SignedOut(e) => serde_json::to_string(e),
            Event::OrderRefunded(e) => serde_json::to_string(e),
            Event::RefundIssued(e) => serde_json::to_string(e),
            Event::ShiftOpened(e) => serde_json::to_string(e),
            Event::CashMoved(e) => serde_json::to_string(e),
            Event::DrawerOpened(e) => serde_json::to_string(e),
            Event::ShiftClosed(e) => serde_json::to_string(e),
            Event::DayClosed(e) => serde_json::to_string(e),
            Event::DayReopened(e) => serde_json::to_string(e),
        }
    }

    /// Decodes a payload of the current shape.
    pub fn from_payload(kind: EventKind, payload: &[u8]) -> serde_json::Result<Event> {
        Ok(match kind {
            EventKind::OrderOpened => Event::OrderOpened(serde_json::from_slice(payload)?),
            EventKind::ItemAdded => Event::ItemAdded(serde_json::from_slice(payload)?),
            EventKind::QuantityChanged => Event::QuantityChanged(serde_json::from_slice(payload)?),
            EventKind::LineVoided => Event::LineVoided(serde_json::from_slice(payload)?),
            EventKind::DiscountApplied => Event::DiscountApplied(serde_json::from_slice(payload)?),
            EventKind::DiscountRemoved => Event::DiscountRemoved(serde_json::from_slice(payload)?),
            EventKind::OrderConfirmed => Event::OrderConfirmed(serde_json::from_slice(payload)?),
            EventKind::OrderVoided => Event::OrderVoided(serde_json::from_slice(payload)?),
            EventKind::ProductAdded => Event::ProductAdded(serde_json::from_slice(payload)?),
            EventKind::PriceChanged => Event::PriceChanged(serde_json::from_slice(payload)?),
            EventKind::ProductChanged => Event::ProductChanged(serde_json::from_slice(payload)?),
            EventKind::ProductArchived => Event::ProductArchived(serde_json::from_slice(payload)?),
            EventKind::ProductRestored => Event::ProductRestored(serde_json::from_slice(payload)?),
            EventKind::StaffAdded => Event::StaffAdded(serde_json::from_slice(payload)?),
            EventKind::RoleChanged => Event::RoleChanged(serde_json::from_slice(payload)?),
            EventKind::PinReset => Event::PinReset(serde_json::from_slice(payload)?),
            EventKind::StaffDeactivated => Event::StaffDeactivated(serde_json::from_slice(payload)?),
            EventKind::StaffReactivated => Event::StaffReactivated(serde_json::from_slice(payload)?),
            EventKind::SettingsChanged => Event::SettingsChanged(serde_json::from_slice(payload)?),
            EventKind::PolicyChanged => Event::PolicyChanged(serde_json::from_slice(payload)?),
            EventKind::SignedIn => Event::SignedIn(serde_json::from_slice(payload)?),
            EventKind::SignedOut => Event::SignedOut(serde_json::from_slice(payload)?),
            EventKind::OrderRefunded => Event::OrderRefunded(serde_json::from_slice(payload)?),
            EventKind::RefundIssued => Event::RefundIssued(serde_json::from_slice(payload)?),
            EventKind::ShiftOpened => Event::ShiftOpened(serde_json::from_slice(payload)?),
            EventKind::CashMoved => Event::CashMoved(serde_json::from_slice(payload)?),
            EventKind::DrawerOpened => Event::DrawerOpened(serde_json::from_slice(payload)?),
            EventKind::ShiftClosed => Event::ShiftClosed(serde_json::from_slice(payload)?),
            EventKind::DayClosed => Event::DayClosed(serde_json::from_slice(payload)?),
            EventKind::DayReopened => Event::DayReopened(serde_json::from_slice(payload)?),
        })
    }

    /// Whether this event belongs to an order (else to the catalog, the
    /// staff or the shop).
    pub fn is_order_event(&self) -> bool {
        self.kind().code() <= EventKind::OrderVoided.code() || matches!(self, Event::OrderRefunded(_))
    }

    /// Who authorised this event, where the event itself records it.
    pub fn authorised_by(&self) -> Option<StaffId> {
        match self {
            Event::QuantityChanged(e) => e.authorised_by,
            Event::LineVoided(e) => e.authorised_by,
            Event::DiscountApplied(e) => e.authorised_by,
            Event::OrderVoided(e) => Some(e.authorised_by),
            Event::RefundIssued(e) => e.authorised_by,
            Event::CashMoved(e) => e.authorised_by,
            Event::ShiftClosed(e) => e.authorised_by,
            Event::DayReopened(e) => Some(e.authorised_by),
            _ => None,
        }
    }
}
