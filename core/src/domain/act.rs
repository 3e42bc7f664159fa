//! What someone did that the shop's policy hands to a manager, named in the
//! refusal that asks for one (`OrderError::ManagerRequired`) or for a reason
//! (`OrderError::ReasonRequiredFor`): in English for the logs and the CLI,
//! and as a message key with its figures for a screen in any language.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::shift::{CashMoveKind, Variance};
use crate::message::Message;
use crate::money;

/// An act that needs a manager's approval (or, past a limit, a reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Removing a line (`lowering`: lowering its quantity), and why that
    /// needs a manager under the policy.
    LineReduction { lowering: bool, name: String, why: ReductionWhy },
    VoidOrder,
    RefundWithoutReceipt,
    /// A refund of `total`, over the `max` a cashier refunds alone.
    RefundOver { total: Decimal, max: Decimal, unit: u32 },
    /// Cash moved in or out of the drawer, over the `max` a cashier moves alone.
    CashMove { kind: CashMoveKind, amount: Decimal, max: Decimal, unit: u32 },
    /// A drawer counted out by `variance` (negative: short), past `limit`.
    DrawerOut { variance: Decimal, limit: Decimal, unit: u32 },
    /// Reopening the day `day`, closed by Z-`z`.
    ReopenDay { day: NaiveDate, z: i64 },
}

/// Why removing or lowering a line needs a manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReductionWhy {
    /// The policy asks every time.
    Always,
    /// The line has been on the order `minutes` or more.
    Aged { minutes: u32 },
    /// The line is worth `gross`, over the policy's `over`.
    Worth { gross: Decimal, over: Decimal, unit: u32 },
}

impl std::fmt::Display for ReductionWhy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReductionWhy::Always => write!(f, "every time"),
            ReductionWhy::Aged { minutes } => write!(f, "on the order {minutes} minutes or more"),
            ReductionWhy::Worth { gross, over, unit } => {
                write!(f, "worth {} (over {})", money::format(*gross, *unit), money::format(*over, *unit))
            }
        }
    }
}

impl std::fmt::Display for Act {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let amount = |x: &Decimal, unit: &u32| money::format(*x, *unit);
        match self {
            Act::LineReduction { lowering, name, why } => {
                let doing = if *lowering { "Lowering the quantity of" } else { "Removing" };
                write!(f, "{doing} {name} ({why})")
            }
            Act::VoidOrder => write!(f, "Voiding an order"),
            Act::RefundWithoutReceipt => write!(f, "A refund without a receipt"),
            Act::RefundOver { total, max, unit } => write!(f, "A refund of {} (over {})", amount(total, unit), amount(max, unit)),
            Act::CashMove { kind, amount: a, max, unit } => write!(f, "{} of {} (over {})", kind.label(), amount(a, unit), amount(max, unit)),
            Act::DrawerOut { variance, limit, unit } => {
                let (way, by) = match Variance::of(*variance) {
                    Variance::Short(by) => ("short", by),
                    out => ("over", out.by()),
                };
                write!(f, "A drawer {way} by {} (more than {})", amount(&by, unit), amount(limit, unit))
            }
            Act::ReopenDay { day, z } => write!(f, "Reopening {day} (Z-{z})"),
        }
    }
}

impl Act {
    /// "`self` needs a manager", as a message: one key per act, its figures as params.
    pub fn needing_a_manager(&self) -> Message {
        let m = Message::new;
        match self {
            Act::LineReduction { lowering, name, why } => reduction_message(*lowering, why).text("name", name),
            Act::VoidOrder => m("managerForVoid"),
            Act::RefundWithoutReceipt => m("managerForRefundWithoutReceipt"),
            Act::RefundOver { total, max, .. } => m("managerForRefundOver").amount("total", *total).amount("max", *max),
            Act::CashMove { kind, amount, max, .. } => {
                let key = match kind {
                    CashMoveKind::Drop => "managerForDrop",
                    CashMoveKind::PayOut => "managerForPayOut",
                    CashMoveKind::PayIn => "managerForPayIn",
                };
                m(key).amount("amount", *amount).amount("max", *max)
            }
            Act::DrawerOut { variance, limit, .. } => drawer_message(*variance, "managerForDrawerShort", "managerForDrawerOver").amount("max", *limit),
            Act::ReopenDay { day, z } => m("managerForReopenDay").date("day", *day).number("z", *z),
        }
    }

    /// "`self` needs a reason", as a message: the acts that ask for one
    /// have a key of their own; any other is named in English.
    pub fn needing_a_reason(&self) -> Message {
        match self {
            Act::DrawerOut { variance, limit, .. } => drawer_message(*variance, "reasonForDrawerShort", "reasonForDrawerOver").amount("max", *limit),
            Act::ReopenDay { day, z } => Message::new("reasonForReopenDay").date("day", *day).number("z", *z),
            other => Message::new("reasonRequiredFor").text("what", other.to_string()),
        }
    }

    /// One of every kind of act, for the tests that every message is in the catalogs.
    pub fn examples() -> Vec<Act> {
        let cents = |c: i64| Decimal::new(c, 2);
        let line = |lowering: bool, why: ReductionWhy| Act::LineReduction { lowering, name: "Espresso".into(), why };
        let whys = [ReductionWhy::Always, ReductionWhy::Aged { minutes: 5 }, ReductionWhy::Worth { gross: cents(2500), over: cents(2000), unit: 2 }];
        let mut acts: Vec<Act> = whys.iter().flat_map(|why| [line(false, why.clone()), line(true, why.clone())]).collect();
        acts.extend([Act::VoidOrder, Act::RefundWithoutReceipt, Act::RefundOver { total: cents(2500), max: cents(2000), unit: 2 }]);
        for kind in [CashMoveKind::Drop, CashMoveKind::PayOut, CashMoveKind::PayIn] {
            acts.push(Act::CashMove { kind, amount: cents(30000), max: cents(20000), unit: 2 });
        }
        acts.push(Act::DrawerOut { variance: cents(-2000), limit: cents(500), unit: 2 });
        acts.push(Act::DrawerOut { variance: cents(40), limit: cents(0), unit: 2 });
        acts.push(Act::ReopenDay { day: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day"), z: 4 });
        acts
    }
}

/// The key for removing or lowering a line, by why it needs a manager, with why's figures.
fn reduction_message(lowering: bool, why: &ReductionWhy) -> Message {
    let m = Message::new;
    match (lowering, why) {
        (false, ReductionWhy::Always) => m("managerForRemovingAlways"),
        (true, ReductionWhy::Always) => m("managerForLoweringAlways"),
        (false, ReductionWhy::Aged { minutes }) => m("managerForRemovingAged").number("minutes", *minutes),
        (true, ReductionWhy::Aged { minutes }) => m("managerForLoweringAged").number("minutes", *minutes),
        (false, ReductionWhy::Worth { gross, over, .. }) => m("managerForRemovingWorth").amount("gross", *gross).amount("over", *over),
        (true, ReductionWhy::Worth { gross, over, .. }) => m("managerForLoweringWorth").amount("gross", *gross).amount("over", *over),
    }
}

/// A drawer out by `variance`: the `short` key when it is short, else the `over` one, with the amount out.
fn drawer_message(variance: Decimal, short: &'static str, over: &'static str) -> Message {
    match Variance::of(variance) {
        Variance::Short(by) => Message::new(short).amount("variance", by),
        out => Message::new(over).amount("variance", out.by()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Param;

    #[test]
    fn each_act_reads_as_the_refusals_always_have() {
        // Given acts the policy hands to a manager
        let cents = |c: i64| Decimal::new(c, 2);
        let lower = Act::LineReduction { lowering: true, name: "Espresso".into(), why: ReductionWhy::Aged { minutes: 5 } };
        let drawer = Act::DrawerOut { variance: cents(-501), limit: cents(500), unit: 2 };
        let move_out = Act::CashMove { kind: CashMoveKind::PayOut, amount: cents(30000), max: cents(20000), unit: 2 };
        // Then each is named in the same English words as before it was typed
        assert_eq!(lower.to_string(), "Lowering the quantity of Espresso (on the order 5 minutes or more)");
        assert_eq!(drawer.to_string(), "A drawer short by 5.01 (more than 5.00)");
        assert_eq!(move_out.to_string(), "Pay-out of 300.00 (over 200.00)");
    }

    #[test]
    fn a_drawer_short_and_one_over_have_keys_of_their_own_with_the_amount_out() {
        // Given a drawer 20.00 short and one 0.40 over
        let short = Act::DrawerOut { variance: Decimal::new(-2000, 2), limit: Decimal::new(500, 2), unit: 2 };
        let over = Act::DrawerOut { variance: Decimal::new(40, 2), limit: Decimal::ZERO, unit: 2 };
        // When each asks for a manager
        let (short, over) = (short.needing_a_manager(), over.needing_a_manager());
        // Then each says which way, with the amount out as a positive amount
        assert_eq!((short.key, over.key), ("managerForDrawerShort", "managerForDrawerOver"));
        assert_eq!(short.params_by_name()["variance"], Param::Amount("20.00".into()));
    }

    #[test]
    fn an_act_without_a_reason_key_of_its_own_is_named_in_english() {
        // Given a void, which never asks for a reason by itself
        let m = Act::VoidOrder.needing_a_reason();
        // Then the general key carries its English name
        assert_eq!((m.key, m.params_by_name()["what"].clone()), ("reasonRequiredFor", Param::Text("Voiding an order".into())));
    }
}
