//! The shop's discount and void policy: how much a role may take off an
//! order without a manager, the most anyone may take off, and when removing
//! or reducing a line needs a manager. `decide` reads it from `Ctx`; the
//! figures it judges (an order's stacked discounts) come from the order's own
//! totals.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::act::ReductionWhy;
use super::command::Role;
use super::order::{Line, Order};
use crate::money;

/// The policy in force. One value, stored and changed as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// What a cashier may do without a manager. A manager has no such limit
    /// (below the hard maximum); a role added later gets a field of its own.
    pub cashier: RoleLimits,
    /// No order may have more than this percent of its value taken off, by
    /// anyone, manager or not.
    #[ts(type = "string")]
    pub discount_percent_hard_max: Decimal,
}

/// What one role may do without a manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleLimits {
    /// The most an order's discounts, all stacked, may take off, as a percent
    /// of the order's value before discounts.
    #[ts(type = "string")]
    pub discount_percent_max: Decimal,
    /// The same, as an amount of money.
    #[ts(type = "string")]
    pub discount_amount_max: Decimal,
    /// When removing a line or lowering its quantity needs a manager.
    pub line_reduction: LineReduction,
    /// The largest refund of a sale this role may give without a manager
    /// (a refund without a receipt always needs one). Policies recorded
    /// before refunds read as the default.
    #[serde(default = "refund_amount_max_default")]
    #[ts(type = "string")]
    pub refund_amount_max: Decimal,
    /// The largest drop, pay-out or pay-in this role makes without a manager.
    #[serde(default = "cash_move_max_default")]
    #[ts(type = "string")]
    pub cash_move_max: Decimal,
    /// The largest drawer variance (short or over) at a shift's close that
    /// needs neither a manager nor a reason.
    #[serde(default = "variance_max_default")]
    #[ts(type = "string")]
    pub variance_max: Decimal,
}

/// A cashier's cash move limit in a policy that does not name one: 50.00.
pub fn cash_move_max_default() -> Decimal {
    Decimal::new(5000, 2)
}

/// The drawer variance allowed without a manager in a policy that does not name one: 5.00.
pub fn variance_max_default() -> Decimal {
    Decimal::new(500, 2)
}

/// A cashier's refund limit in a policy that does not name one: 20.00.
pub fn refund_amount_max_default() -> Decimal {
    Decimal::new(2000, 2)
}

/// When removing a line, or lowering its quantity, needs a manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "mode", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum LineReduction {
    Never,
    Always,
    /// Once the line has been on the order `after_minutes` minutes, or when it
    /// is worth more than `over_amount` (its value before discounts); either
    /// may be absent, not both.
    When {
        after_minutes: Option<u32>,
        #[ts(type = "string | null")]
        over_amount: Option<Decimal>,
    },
}

impl Default for Policy {
    /// What a careful shop starts with (README, "Approvals").
    fn default() -> Self {
        Policy {
            cashier: RoleLimits {
                discount_percent_max: Decimal::TEN,
                discount_amount_max: Decimal::new(2000, 2),
                line_reduction: LineReduction::When { after_minutes: Some(5), over_amount: Some(Decimal::new(2000, 2)) },
                refund_amount_max: refund_amount_max_default(),
                cash_move_max: cash_move_max_default(),
                variance_max: variance_max_default(),
            },
            discount_percent_hard_max: Decimal::from(50),
        }
    }
}

impl Policy {
    /// The limits `role` works under without a manager; none for a manager.
    pub fn limits_for(&self, role: Role) -> Option<&RoleLimits> {
        match role {
            Role::Cashier => Some(&self.cashier),
            Role::Manager => None,
        }
    }
}

/// An order's stacked discounts, as the policy judges them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscountReach {
    /// The order's value before any discount.
    pub subtotal: Decimal,
    /// What all its discounts take off together.
    pub taken: Decimal,
    /// The order's currency's minor unit.
    pub minor_unit: u32,
}

impl DiscountReach {
    pub fn of(order: &Order) -> DiscountReach {
        let t = order.totals();
        DiscountReach { subtotal: t.subtotal, taken: t.discount_total, minor_unit: order.minor_unit() }
    }

    /// `taken` as a percent of `subtotal`, to two places (for people).
    pub fn percent(&self) -> Decimal {
        percent_of(self.taken, self.subtotal)
    }

    /// Whether more than `percent` of the order is taken off (exact).
    pub fn passes_percent(&self, percent: Decimal) -> bool {
        self.taken * Decimal::ONE_HUNDRED > percent * self.subtotal
    }

    /// Whether this reach passes `limits`, by percent or by amount.
    pub fn passes(&self, limits: &RoleLimits) -> bool {
        self.passes_percent(limits.discount_percent_max) || self.taken > limits.discount_amount_max
    }

    /// How much more `limits` allow on this order before a manager is needed.
    pub fn room_under(&self, limits: &RoleLimits) -> Decimal {
        let by_percent = money::round(limits.discount_percent_max * self.subtotal / Decimal::ONE_HUNDRED, self.minor_unit);
        let ceiling = by_percent.min(limits.discount_amount_max);
        money::round((ceiling - self.taken).max(Decimal::ZERO), self.minor_unit)
    }
}

/// `part` as a percent of `whole`, rounded to two places; 0 of nothing.
pub fn percent_of(part: Decimal, whole: Decimal) -> Decimal {
    if whole <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    money::round(part * Decimal::ONE_HUNDRED / whole, 2).normalize()
}

impl LineReduction {
    /// Why removing or lowering `line` needs a manager at `now`, if it does.
    pub fn needs_manager(&self, order: &Order, line: &Line, now: DateTime<Utc>) -> Option<ReductionWhy> {
        match *self {
            LineReduction::Never => None,
            LineReduction::Always => Some(ReductionWhy::Always),
            LineReduction::When { after_minutes, over_amount } => {
                let added = line.added_at.or(order.opened_at);
                let aged = |m: u32| added.is_some_and(|at| now - at >= Duration::minutes(i64::from(m)));
                if let Some(m) = after_minutes.filter(|m| aged(*m)) {
                    return Some(ReductionWhy::Aged { minutes: m });
                }
                over_amount
                    .filter(|x| line.gross() > *x)
                    .map(|x| ReductionWhy::Worth { gross: line.gross(), over: x, unit: order.minor_unit() })
            }
        }
    }
}
