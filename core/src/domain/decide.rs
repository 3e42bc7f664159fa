//! `decide`: the business rules. Validates a command against the state and
//! returns the events it causes, or why it is refused. Pure.

use rust_decimal::Decimal;

use super::act::Act;
use super::command::{Approver, Command, Ctx, ProductFacts, Role};
use super::error::OrderError;
use super::event::*;
use super::order::{evolve, NegativeValue, Order, OrderStatus};
use super::policy::{percent_of, DiscountReach};
use super::refund::ExchangeCredit;
use super::{DiscountId, LineId, StaffId};
use crate::limits::{DISCOUNTS_MAX, LINES_MAX, QUANTITY_MAX, REASON_CHARS_MAX};
use crate::money;

pub fn decide(order: &Order, command: Command, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    match command {
        Command::OpenOrder { number, cashier, terminal } => open_order(order, number, cashier, terminal, ctx),
        Command::AddItem { product, quantity } => add_item(order, product, quantity, ctx),
        Command::ChangeQuantity { line, quantity } => change_quantity(order, line, quantity, ctx),
        Command::RemoveLine { line, reason } => remove_line(order, line, reason, ctx),
        Command::ApplyDiscount { scope, kind, value, reason } => apply_discount(order, scope, kind, value, reason, ctx),
        Command::RemoveDiscount { discount } => remove_discount(order, discount),
        Command::ConfirmOrder { tenders } => confirm_order(order, tenders, ctx),
        Command::VoidOrder { reason } => void_order(order, reason, ctx),
    }
}

fn open_order(order: &Order, number: i64, cashier: StaffId, terminal: String, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    if order.status != OrderStatus::New {
        return Err(OrderError::AlreadyOpened(order.id));
    }
    Ok(vec![Event::OrderOpened(OrderOpened { number, cashier, terminal, opened_at: ctx.now, currency: Some(ctx.currency.clone()) })])
}

fn add_item(order: &Order, product: ProductFacts, quantity: u32, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    require_open(order)?;
    check_quantity(u64::from(quantity))?;
    if order.lines.len() >= LINES_MAX {
        return Err(OrderError::TooManyLines);
    }
    let line = u32::try_from(order.lines.len() + 1).map_err(|_| OrderError::TooManyLines)?;
    Ok(vec![Event::ItemAdded(ItemAdded {
        line,
        sku: product.sku,
        name: product.name,
        quantity,
        unit_price: product.unit_price,
        tax_rate: product.tax_rate,
        added_at: Some(ctx.now),
    })])
}

fn change_quantity(order: &Order, line: LineId, quantity: u32, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    require_open(order)?;
    let current = live_line(order, line)?;
    check_quantity(u64::from(quantity))?;
    if current.quantity == quantity {
        return Err(OrderError::QuantityUnchanged { line, quantity });
    }
    let authorised_by = if quantity < current.quantity {
        reduction_authorised_by(order, current, true, ctx)?
    } else {
        ctx.approver.map(|a| a.staff)
    };
    let from = current.quantity;
    never_below_zero(order, Event::QuantityChanged(QuantityChanged { line, from, to: quantity, authorised_by }))
}

fn remove_line(order: &Order, line: LineId, reason: String, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    require_open(order)?;
    let current = live_line(order, line)?;
    let reason = check_reason(reason)?;
    let authorised_by = reduction_authorised_by(order, current, false, ctx)?;
    never_below_zero(order, Event::LineVoided(LineVoided { line, reason, authorised_by }))
}

/// Who authorised removing or lowering `line`: a manager where the policy
/// asks for one (a manager ringing up authorises it themselves), else
/// whoever approved it, if anyone.
fn reduction_authorised_by(order: &Order, line: &super::Line, lowering: bool, ctx: &Ctx) -> Result<Option<StaffId>, OrderError> {
    let why = match ctx.policy.limits_for(ctx.actor_role) {
        None => return Ok(Some(ctx.approver.map_or(ctx.actor, |a| a.staff))),
        Some(limits) => limits.line_reduction.needs_manager(order, line, ctx.now),
    };
    match why {
        None => Ok(ctx.approver.map(|a| a.staff)),
        Some(why) => Ok(Some(require_manager(ctx.approver, Act::LineReduction { lowering, name: line.name.clone(), why })?)),
    }
}

fn apply_discount(
    order: &Order,
    scope: DiscountScope,
    kind: DiscountKind,
    value: Decimal,
    reason: String,
    ctx: &Ctx,
) -> Result<Vec<Event>, OrderError> {
    require_open(order)?;
    if order.discounts.len() >= DISCOUNTS_MAX {
        return Err(OrderError::TooManyDiscounts);
    }
    if let DiscountScope::Line { line } = scope {
        live_line(order, line)?;
    }
    check_discount_value(order, scope, kind, value)?;
    let reason = check_reason(reason)?;
    let discount = u32::try_from(order.discounts.len() + 1).map_err(|_| OrderError::TooManyDiscounts)?;
    let applied = DiscountApplied { discount, scope, kind, value, reason, authorised_by: None };
    // What the order's discounts take off together once this one is applied.
    let after = evolve(order.clone(), &Event::DiscountApplied(applied.clone()));
    never_below_zero(order, Event::DiscountApplied(applied.clone()))?;
    let authorised_by = discount_authorised_by(DiscountReach::of(order), DiscountReach::of(&after), ctx)?;
    Ok(vec![Event::DiscountApplied(DiscountApplied { authorised_by, ..applied })])
}

/// A percent in (0, 100] that keeps the scope's percents at 100 or below;
/// an amount above zero.
fn check_discount_value(order: &Order, scope: DiscountScope, kind: DiscountKind, value: Decimal) -> Result<(), OrderError> {
    match kind {
        DiscountKind::Percent if value <= Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
            Err(OrderError::PercentOutOfRange(value))
        }
        DiscountKind::Amount if value <= Decimal::ZERO => Err(OrderError::AmountNotPositive),
        DiscountKind::Percent if order.percent_on(scope) + value > Decimal::ONE_HUNDRED => {
            Err(OrderError::PercentsOver100 { already: order.percent_on(scope) })
        }
        _ => Ok(()),
    }
}

/// Who authorised a discount that leaves the order's stacked discounts at
/// `after` (from `before`): nobody may pass the hard maximum; past the
/// actor's limits a manager must approve (a manager ringing up authorises it
/// themselves); else whoever approved it, if anyone.
fn discount_authorised_by(before: DiscountReach, after: DiscountReach, ctx: &Ctx) -> Result<Option<StaffId>, OrderError> {
    let max = ctx.policy.discount_percent_hard_max;
    if after.passes_percent(max) {
        return Err(OrderError::DiscountOverMaximum { reach_percent: after.percent(), max: max.normalize() });
    }
    let Some(limits) = ctx.policy.limits_for(ctx.actor_role) else {
        return Ok(Some(ctx.approver.map_or(ctx.actor, |a| a.staff)));
    };
    if !after.passes(limits) {
        return Ok(ctx.approver.map(|a| a.staff));
    }
    match ctx.approver {
        Some(a) if a.role == Role::Manager => Ok(Some(a.staff)),
        Some(_) => Err(OrderError::ApproverNotManager),
        None => {
            let room = before.room_under(limits);
            Err(OrderError::DiscountNeedsManager {
                reach: money::round(after.taken, after.minor_unit),
                reach_percent: after.percent(),
                subtotal: money::round(after.subtotal, after.minor_unit),
                room,
                room_percent: percent_of(room, after.subtotal),
            })
        }
    }
}

fn remove_discount(order: &Order, discount: DiscountId) -> Result<Vec<Event>, OrderError> {
    require_open(order)?;
    match order.discount(discount) {
        None => Err(OrderError::DiscountNotFound(discount)),
        Some(d) if d.removed => Err(OrderError::DiscountAlreadyRemoved(discount)),
        Some(_) => Ok(vec![Event::DiscountRemoved(DiscountRemoved { discount })]),
    }
}

fn confirm_order(order: &Order, tenders: Tenders, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    Ok(vec![Event::OrderConfirmed(confirmation(order, tenders, None, ctx)?)])
}

/// The payment of open `order`: `tenders` cover what is due after any
/// exchange credit, change only from cash, no more by card than is due.
pub(super) fn confirmation(order: &Order, tenders: Tenders, exchange: Option<ExchangeCredit>, ctx: &Ctx) -> Result<OrderConfirmed, OrderError> {
    require_open(order)?;
    if order.live_lines().next().is_none() {
        return Err(OrderError::NoLines);
    }
    if tenders.cash < Decimal::ZERO || tenders.card < Decimal::ZERO {
        return Err(OrderError::TenderNegative);
    }
    let totals = order.totals();
    let credit = ExchangeCredit::amount_of(exchange.as_ref());
    assert!(credit >= Decimal::ZERO && credit <= totals.total, "order {}: a credit of {credit} against {}", order.id, totals.total);
    let due = totals.total - credit;
    if tenders.card > due {
        return Err(OrderError::CardExceedsDue { card: tenders.card, due });
    }
    let cash_rounding = cash_rounding(due - tenders.card, tenders.cash, ctx);
    let due = due + cash_rounding;
    let tendered = tenders.cash + tenders.card;
    if tendered < due {
        return Err(OrderError::TenderShort { due, tendered });
    }
    Ok(OrderConfirmed { total: totals.total, tax: totals.tax, tenders, change: tendered - due, confirmed_at: ctx.now, exchange, cash_rounding })
}

/// What the part of `cash_due` paid in cash rounds by to the shop's
/// smallest coin (half away from zero); nothing without a coin, when no
/// cash is given (a card is never rounded) or nothing is left for cash.
fn cash_rounding(cash_due: Decimal, cash: Decimal, ctx: &Ctx) -> Decimal {
    match ctx.cash_coin {
        Some(coin) if cash > Decimal::ZERO && cash_due > Decimal::ZERO => money::round_to_coin(cash_due, coin) - cash_due,
        _ => Decimal::ZERO,
    }
}

fn void_order(order: &Order, reason: String, ctx: &Ctx) -> Result<Vec<Event>, OrderError> {
    let amount = match (order.status, &order.confirmation) {
        (OrderStatus::New, _) => return Err(OrderError::OrderNotFound(order.id)),
        (OrderStatus::Voided, _) => return Err(OrderError::AlreadyVoided(order.id)),
        (OrderStatus::Open, _) => order.totals().total,
        // What was really taken: a cash payment rounded to the smallest coin gives back the rounded cash.
        (OrderStatus::Confirmed, Some(confirmation)) => confirmation.total + confirmation.cash_rounding,
        (OrderStatus::Confirmed, None) => unreachable!("order {}: confirmed without a confirmation", order.id),
    };
    if let Some(credit) = order.confirmation.as_ref().and_then(|c| c.exchange) {
        // The refund that paid for it stands: its credit would be lost.
        return Err(OrderError::VoidAfterExchange { order: order.id, refund: credit.refund });
    }
    if let Some(first) = order.refunds.first() {
        // Voiding would give back again what the refunds already gave.
        return Err(OrderError::VoidAfterRefund { order: order.id, refund: first.refund });
    }
    let reason = check_reason(reason)?;
    let authorised_by = require_manager(ctx.approver, Act::VoidOrder)?;
    Ok(vec![Event::OrderVoided(OrderVoided { reason, authorised_by, amount, voided_at: ctx.now })])
}

pub(super) fn require_open(order: &Order) -> Result<(), OrderError> {
    match order.status {
        OrderStatus::Open => Ok(()),
        OrderStatus::New => Err(OrderError::OrderNotFound(order.id)),
        status => Err(OrderError::OrderNotOpen { order: order.id, status: status.as_str() }),
    }
}

fn live_line(order: &Order, line: LineId) -> Result<&super::Line, OrderError> {
    match order.line(line) {
        None => Err(OrderError::LineNotFound(line)),
        Some(l) if !l.is_live() => Err(OrderError::LineRemoved(line)),
        Some(l) => Ok(l),
    }
}

fn check_quantity(quantity: u64) -> Result<(), OrderError> {
    if quantity == 0 || quantity > u64::from(QUANTITY_MAX) {
        return Err(OrderError::QuantityOutOfRange(i64::try_from(quantity).unwrap_or(i64::MAX)));
    }
    Ok(())
}

pub(super) fn check_reason(reason: String) -> Result<String, OrderError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(OrderError::ReasonRequired);
    }
    if reason.chars().count() > REASON_CHARS_MAX {
        return Err(OrderError::ReasonTooLong);
    }
    if reason.chars().any(|c| c.is_control()) {
        // Tabs, newlines and escapes have no place on a receipt or in the audit log.
        return Ok(reason.chars().map(|c| if c.is_control() { ' ' } else { c }).collect());
    }
    Ok(reason.to_string())
}

pub(super) fn require_manager(approver: Option<Approver>, what: Act) -> Result<StaffId, OrderError> {
    match approver {
        None => Err(OrderError::ManagerRequired { what }),
        Some(a) if a.role != Role::Manager => Err(OrderError::ApproverNotManager),
        Some(a) => Ok(a.staff),
    }
}

/// Accepts `event` only if the state it leaves keeps every line and the order
/// total at zero or above.
fn never_below_zero(order: &Order, event: Event) -> Result<Vec<Event>, OrderError> {
    let after = evolve(order.clone(), &event);
    match after.first_negative_value() {
        None => Ok(vec![event]),
        Some(NegativeValue::Line { line, short }) => {
            let available = match &event {
                Event::DiscountApplied(d) => d.value - short,
                _ => Decimal::ZERO,
            };
            Err(OrderError::LineBelowZero { line, available: available.max(Decimal::ZERO) })
        }
        Some(NegativeValue::Order { short }) => Err(OrderError::OrderBelowZero { short }),
    }
}

#[cfg(test)]
mod tests {
    //! given(events).when(command).then(events | error)
    use super::*;
    use crate::domain::policy::{LineReduction, Policy};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use rust_decimal_macros::dec;

    const CASHIER: i64 = 1;
    const MANAGER: i64 = 2;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
    }

    fn ctx() -> Ctx {
        Ctx { now: now(), actor: CASHIER, actor_role: Role::Cashier, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None }
    }

    fn manager_ctx() -> Ctx {
        Ctx { approver: Some(Approver { staff: MANAGER, role: Role::Manager }), ..ctx() }
    }

    fn opened() -> Event {
        Event::OrderOpened(OrderOpened { number: 7, cashier: CASHIER, terminal: "T1".into(), opened_at: now(), currency: Some(Default::default()) })
    }

    fn item(line: u32, price: Decimal, quantity: u32, rate: Decimal) -> Event {
        Event::ItemAdded(ItemAdded {
            line,
            sku: format!("SKU-{line}"),
            name: format!("Product {line}"),
            quantity,
            unit_price: price,
            tax_rate: rate,
            added_at: None,
        })
    }

    struct Given(Order);

    fn given(events: &[Event]) -> Given {
        Given(events.iter().fold(Order::default(), evolve))
    }

    impl Given {
        fn when(self, command: Command) -> Then {
            self.when_with(command, ctx())
        }
        fn when_with(self, command: Command, ctx: Ctx) -> Then {
            Then(decide(&self.0, command, &ctx))
        }
    }

    struct Then(Result<Vec<Event>, OrderError>);

    impl Then {
        fn then(self, expected: Vec<Event>) {
            assert_eq!(self.0, Ok(expected));
        }
        fn then_error(self, code: &str) {
            match self.0 {
                Err(e) => assert_eq!(e.code(), code, "{e}"),
                Ok(events) => panic!("expected {code}, got {events:?}"),
            }
        }
    }

    fn product(price: Decimal) -> ProductFacts {
        ProductFacts { sku: "SKU-0001".into(), name: "Tea".into(), unit_price: price, tax_rate: dec!(20) }
    }

    #[test]
    fn opens_a_new_order() {
        given(&[])
            .when(Command::OpenOrder { number: 7, cashier: CASHIER, terminal: "T1".into() })
            .then(vec![opened()]);
    }

    #[test]
    fn does_not_open_twice() {
        given(&[opened()])
            .when(Command::OpenOrder { number: 7, cashier: CASHIER, terminal: "T1".into() })
            .then_error("order_already_open");
    }

    #[test]
    fn adds_an_item_with_catalog_facts_copied() {
        given(&[opened()])
            .when(Command::AddItem { product: product(dec!(2.50)), quantity: 3 })
            .then(vec![Event::ItemAdded(ItemAdded {
                line: 1,
                sku: "SKU-0001".into(),
                name: "Tea".into(),
                quantity: 3,
                unit_price: dec!(2.50),
                tax_rate: dec!(20),
                added_at: Some(now()),
            })]);
    }

    #[test]
    fn refuses_quantities_out_of_range() {
        given(&[opened()]).when(Command::AddItem { product: product(dec!(1)), quantity: 0 }).then_error("quantity_out_of_range");
        given(&[opened()])
            .when(Command::AddItem { product: product(dec!(1)), quantity: QUANTITY_MAX + 1 })
            .then_error("quantity_out_of_range");
        given(&[opened()]).when(Command::AddItem { product: product(dec!(1)), quantity: QUANTITY_MAX }).0.unwrap();
    }

    #[test]
    fn refuses_items_on_an_unopened_order() {
        given(&[]).when(Command::AddItem { product: product(dec!(1)), quantity: 1 }).then_error("order_not_found");
    }

    #[test]
    fn changes_quantity_from_to() {
        given(&[opened(), item(1, dec!(1), 2, dec!(20))])
            .when(Command::ChangeQuantity { line: 1, quantity: 5 })
            .then(vec![Event::QuantityChanged(QuantityChanged { line: 1, from: 2, to: 5, authorised_by: None })]);
    }

    #[test]
    fn refuses_quantity_change_on_missing_removed_or_unchanged_lines() {
        let removed = Event::LineVoided(LineVoided { line: 1, reason: "x".into(), authorised_by: None });
        given(&[opened()]).when(Command::ChangeQuantity { line: 1, quantity: 2 }).then_error("line_not_found");
        given(&[opened(), item(1, dec!(1), 2, dec!(20)), removed])
            .when(Command::ChangeQuantity { line: 1, quantity: 3 })
            .then_error("line_removed");
        given(&[opened(), item(1, dec!(1), 2, dec!(20))])
            .when(Command::ChangeQuantity { line: 1, quantity: 2 })
            .then_error("quantity_unchanged");
        given(&[opened(), item(1, dec!(1), 2, dec!(20))])
            .when(Command::ChangeQuantity { line: 1, quantity: 0 })
            .then_error("quantity_out_of_range");
    }

    #[test]
    fn removes_a_line_with_a_reason() {
        given(&[opened(), item(1, dec!(1), 2, dec!(20))])
            .when(Command::RemoveLine { line: 1, reason: "  customer changed mind ".into() })
            .then(vec![Event::LineVoided(LineVoided {
                line: 1,
                reason: "customer changed mind".into(),
                authorised_by: None,
            })]);
    }

    #[test]
    fn refuses_line_removal_without_reason_or_with_an_overlong_one() {
        given(&[opened(), item(1, dec!(1), 2, dec!(20))])
            .when(Command::RemoveLine { line: 1, reason: "   ".into() })
            .then_error("reason_required");
        given(&[opened(), item(1, dec!(1), 2, dec!(20))])
            .when(Command::RemoveLine { line: 1, reason: "x".repeat(REASON_CHARS_MAX + 1) })
            .then_error("reason_too_long");
    }

    fn percent(scope: DiscountScope, value: Decimal) -> Command {
        Command::ApplyDiscount { scope, kind: DiscountKind::Percent, value, reason: "loyal customer".into() }
    }

    #[test]
    fn small_percent_discount_needs_no_manager() {
        given(&[opened(), item(1, dec!(10), 1, dec!(20))])
            .when(percent(DiscountScope::Order, dec!(5)))
            .then(vec![Event::DiscountApplied(DiscountApplied {
                discount: 1,
                scope: DiscountScope::Order,
                kind: DiscountKind::Percent,
                value: dec!(5),
                reason: "loyal customer".into(),
                authorised_by: None,
            })]);
    }

    #[test]
    fn one_discount_past_the_cashiers_limit_needs_a_manager() {
        let g = || given(&[opened(), item(1, dec!(10), 1, dec!(20))]);
        g().when(percent(DiscountScope::Order, dec!(20))).then_error("manager_required");
        let cashier_approval = Ctx { approver: Some(Approver { staff: 3, role: Role::Cashier }), ..ctx() };
        g().when_with(percent(DiscountScope::Order, dec!(20)), cashier_approval).then_error("approver_not_manager");
        let events = g().when_with(percent(DiscountScope::Order, dec!(20)), manager_ctx()).0.unwrap();
        assert!(matches!(&events[0], Event::DiscountApplied(d) if d.authorised_by == Some(MANAGER)));
        // Exactly at the limit is fine without one.
        g().when(percent(DiscountScope::Order, dec!(10))).0.unwrap();
    }

    /// A manager's approval under a policy whose hard maximum is 100%.
    fn no_maximum_ctx() -> Ctx {
        Ctx { policy: Policy { discount_percent_hard_max: dec!(100), ..Policy::default() }, ..manager_ctx() }
    }

    #[test]
    fn refuses_percent_outside_zero_to_hundred() {
        let g = || given(&[opened(), item(1, dec!(10), 1, dec!(20))]);
        g().when_with(percent(DiscountScope::Order, dec!(0)), manager_ctx()).then_error("percent_out_of_range");
        g().when_with(percent(DiscountScope::Order, dec!(100.01)), manager_ctx()).then_error("percent_out_of_range");
        g().when_with(percent(DiscountScope::Order, dec!(100)), no_maximum_ctx()).0.unwrap();
    }

    #[test]
    fn percent_discounts_on_one_scope_cannot_pass_100_even_on_an_empty_order() {
        let applied = Event::DiscountApplied(DiscountApplied {
            discount: 1,
            scope: DiscountScope::Order,
            kind: DiscountKind::Percent,
            value: dec!(60),
            reason: "x".into(),
            authorised_by: Some(MANAGER),
        });
        given(&[opened(), applied.clone()])
            .when_with(percent(DiscountScope::Order, dec!(40.01)), no_maximum_ctx())
            .then_error("percents_over_100");
        given(&[opened(), applied]).when_with(percent(DiscountScope::Order, dec!(40)), no_maximum_ctx()).0.unwrap();
    }

    #[test]
    fn an_amount_never_takes_a_line_or_the_order_below_zero() {
        let line_amount = |v| Command::ApplyDiscount {
            scope: DiscountScope::Line { line: 1 },
            kind: DiscountKind::Amount,
            value: v,
            reason: "dented".into(),
        };
        let g = || given(&[opened(), item(1, dec!(3), 1, dec!(20)), item(2, dec!(5), 1, dec!(20))]);
        g().when_with(line_amount(dec!(3.01)), manager_ctx()).then_error("line_below_zero");
        g().when_with(line_amount(dec!(3)), manager_ctx()).0.unwrap();
        let order_amount = Command::ApplyDiscount {
            scope: DiscountScope::Order,
            kind: DiscountKind::Amount,
            value: dec!(8.01),
            reason: "x".into(),
        };
        g().when_with(order_amount, manager_ctx()).then_error("order_below_zero");
    }

    #[test]
    fn quantity_decrease_or_line_removal_cannot_leave_a_fixed_discount_below_zero() {
        let discount = Event::DiscountApplied(DiscountApplied {
            discount: 1,
            scope: DiscountScope::Line { line: 1 },
            kind: DiscountKind::Amount,
            value: dec!(5),
            reason: "x".into(),
            authorised_by: Some(MANAGER),
        });
        given(&[opened(), item(1, dec!(2), 3, dec!(20)), discount])
            .when(Command::ChangeQuantity { line: 1, quantity: 2 })
            .then_error("line_below_zero");
        let order_discount = Event::DiscountApplied(DiscountApplied {
            discount: 1,
            scope: DiscountScope::Order,
            kind: DiscountKind::Amount,
            value: dec!(5),
            reason: "x".into(),
            authorised_by: Some(MANAGER),
        });
        given(&[opened(), item(1, dec!(4), 1, dec!(20)), item(2, dec!(4), 1, dec!(20)), order_discount])
            .when(Command::RemoveLine { line: 2, reason: "x".into() })
            .then_error("order_below_zero");
    }

    #[test]
    fn removes_an_active_discount_once() {
        let applied = Event::DiscountApplied(DiscountApplied {
            discount: 1,
            scope: DiscountScope::Order,
            kind: DiscountKind::Percent,
            value: dec!(5),
            reason: "x".into(),
            authorised_by: None,
        });
        let removed = Event::DiscountRemoved(DiscountRemoved { discount: 1 });
        given(&[opened(), item(1, dec!(4), 1, dec!(20)), applied.clone()])
            .when(Command::RemoveDiscount { discount: 1 })
            .then(vec![removed.clone()]);
        given(&[opened(), item(1, dec!(4), 1, dec!(20)), applied, removed])
            .when(Command::RemoveDiscount { discount: 1 })
            .then_error("discount_already_removed");
        given(&[opened()]).when(Command::RemoveDiscount { discount: 9 }).then_error("discount_not_found");
    }

    fn tenders(cash: Decimal, card: Decimal) -> Command {
        Command::ConfirmOrder { tenders: Tenders { cash, card } }
    }

    #[test]
    fn confirms_with_split_tender_and_change_from_cash() {
        let events = given(&[opened(), item(1, dec!(12.00), 1, dec!(20)), item(2, dec!(10.50), 1, dec!(5))])
            .when(tenders(dec!(20), dec!(5)))
            .0
            .unwrap();
        let Event::OrderConfirmed(c) = &events[0] else { panic!("{events:?}") };
        assert_eq!(c.total, dec!(22.50));
        assert_eq!(c.change, dec!(2.50));
        assert_eq!(c.tax.len(), 2);
        assert_eq!(c.tax[0].rate, dec!(5));
        assert_eq!(c.tax[0].tax, dec!(0.50)); // 10.50 * 5/105
        assert_eq!(c.tax[1].tax, dec!(2.00)); // 12.00 * 20/120
    }

    #[test]
    fn confirm_rules() {
        let g = || given(&[opened(), item(1, dec!(10), 1, dec!(20))]);
        given(&[opened()]).when(tenders(dec!(10), dec!(0))).then_error("no_lines");
        g().when(tenders(dec!(9.99), dec!(0))).then_error("tender_short");
        g().when(tenders(dec!(5), dec!(4.99))).then_error("tender_short");
        g().when(tenders(dec!(5), dec!(10.01))).then_error("card_exceeds_due");
        g().when(tenders(dec!(-1), dec!(11))).then_error("tender_negative");
        g().when(tenders(dec!(0), dec!(10))).0.unwrap();
    }

    #[test]
    fn after_confirm_only_a_void_is_accepted() {
        let confirmed = || {
            let o = given(&[opened(), item(1, dec!(10), 1, dec!(20))]).0;
            let events = decide(&o, Command::ConfirmOrder { tenders: Tenders { cash: dec!(10), card: dec!(0) } }, &ctx()).unwrap();
            Given(events.iter().fold(o, evolve))
        };
        confirmed().when(Command::AddItem { product: product(dec!(1)), quantity: 1 }).then_error("order_not_open");
        confirmed().when(Command::ChangeQuantity { line: 1, quantity: 2 }).then_error("order_not_open");
        confirmed().when(Command::RemoveLine { line: 1, reason: "x".into() }).then_error("order_not_open");
        confirmed().when_with(percent(DiscountScope::Order, dec!(5)), manager_ctx()).then_error("order_not_open");
        confirmed().when(tenders(dec!(10), dec!(0))).then_error("order_not_open");
        confirmed()
            .when_with(Command::VoidOrder { reason: "wrong customer".into() }, manager_ctx())
            .then(vec![Event::OrderVoided(OrderVoided {
                reason: "wrong customer".into(),
                authorised_by: MANAGER,
                amount: dec!(10),
                voided_at: now(),
            })]);
    }

    #[test]
    fn void_needs_a_manager_a_reason_and_happens_once() {
        let g = || given(&[opened(), item(1, dec!(10), 1, dec!(20))]);
        g().when(Command::VoidOrder { reason: "x".into() }).then_error("manager_required");
        g().when_with(Command::VoidOrder { reason: "".into() }, manager_ctx()).then_error("reason_required");
        let voided = Event::OrderVoided(OrderVoided { reason: "x".into(), authorised_by: MANAGER, amount: dec!(10), voided_at: now() });
        given(&[opened(), voided])
            .when_with(Command::VoidOrder { reason: "again".into() }, manager_ctx())
            .then_error("order_already_voided");
        given(&[]).when_with(Command::VoidOrder { reason: "x".into() }, manager_ctx()).then_error("order_not_found");
    }

    #[test]
    fn order_discount_is_shared_across_rates_and_adds_up() {
        let o = given(&[
            opened(),
            item(1, dec!(10.00), 1, dec!(20)),
            item(2, dec!(5.00), 1, dec!(5)),
            Event::DiscountApplied(DiscountApplied {
                discount: 1,
                scope: DiscountScope::Order,
                kind: DiscountKind::Percent,
                value: dec!(10),
                reason: "x".into(),
                authorised_by: None,
            }),
        ])
        .0;
        let t = o.totals();
        assert_eq!(t.subtotal, dec!(15.00));
        assert_eq!(t.order_discounts, dec!(1.50));
        assert_eq!(t.total, dec!(13.50));
        let gross_sum: Decimal = t.tax.iter().map(|x| x.gross).sum();
        assert_eq!(gross_sum, t.total);
        assert_eq!(t.tax[0].gross, dec!(4.50)); // 5 - 0.50 at 5%
        assert_eq!(t.tax[1].gross, dec!(9.00)); // 10 - 1.00 at 20%
        assert_eq!(t.tax[1].tax, dec!(1.50));
    }

    // ── The discount and void policy ─────────────────────────────────────

    fn applied(discount: u32, scope: DiscountScope, kind: DiscountKind, value: Decimal, by: Option<StaffId>) -> Event {
        Event::DiscountApplied(DiscountApplied { discount, scope, kind, value, reason: "loyal customer".into(), authorised_by: by })
    }

    fn amount(scope: DiscountScope, value: Decimal) -> Command {
        Command::ApplyDiscount { scope, kind: DiscountKind::Amount, value, reason: "damaged box".into() }
    }

    fn refusal(then: Then) -> OrderError {
        then.0.expect_err("expected a refusal")
    }

    #[test]
    fn stacked_discounts_ask_for_a_manager_at_the_crossing_and_not_before() {
        // Cashier's limit by default: 10% of the order or 20.00.
        let item = item(1, dec!(100), 1, dec!(20));
        let first = applied(1, DiscountScope::Order, DiscountKind::Percent, dec!(5), None);
        let second = applied(2, DiscountScope::Order, DiscountKind::Percent, dec!(5), None);
        given(&[opened(), item.clone()]).when(percent(DiscountScope::Order, dec!(5))).then(vec![first.clone()]);
        // 5% + 5% is exactly the limit: no manager yet.
        given(&[opened(), item.clone(), first.clone()]).when(percent(DiscountScope::Order, dec!(5))).then(vec![second.clone()]);
        // The third would take it to 15%: the crossing.
        given(&[opened(), item, first, second]).when(percent(DiscountScope::Order, dec!(5))).then_error("manager_required");
    }

    #[test]
    fn the_refusal_says_how_much_is_left_before_a_manager_is_needed() {
        let item = item(1, dec!(50), 1, dec!(20));
        let first = applied(1, DiscountScope::Order, DiscountKind::Percent, dec!(4), None);
        let e = refusal(given(&[opened(), item, first]).when(percent(DiscountScope::Order, dec!(10))));
        assert_eq!(e.code(), "manager_required");
        assert_eq!(
            e.to_string(),
            "Discounts on this order would reach 7.00 (14% of 50.00), past what a cashier may give alone; \
             up to 3.00 more (6%) needs no manager"
        );
    }

    #[test]
    fn the_amount_limit_applies_on_its_own() {
        // 20.00 off 500.00 is 4%: under the percent limit, at the amount limit.
        let g = || given(&[opened(), item(1, dec!(500), 1, dec!(20)), applied(1, DiscountScope::Order, DiscountKind::Amount, dec!(20), None)]);
        let e = refusal(g().when(amount(DiscountScope::Order, dec!(0.01))));
        assert_eq!(e.code(), "manager_required");
        assert!(e.to_string().contains("up to 0.00 more"), "{e}");
        given(&[opened(), item(1, dec!(500), 1, dec!(20))]).when(amount(DiscountScope::Order, dec!(20))).0.unwrap();
    }

    #[test]
    fn line_percents_amounts_and_order_percents_stack_into_one_limit() {
        let items = [opened(), item(1, dec!(50), 1, dec!(20)), item(2, dec!(50), 1, dec!(5))];
        let on_line_1 = applied(1, DiscountScope::Line { line: 1 }, DiscountKind::Percent, dec!(10), None);
        let on_line_2 = applied(2, DiscountScope::Line { line: 2 }, DiscountKind::Amount, dec!(4), None);
        let g = || given(&[&items[..], &[on_line_1.clone(), on_line_2.clone()]].concat());
        // 5.00 + 4.00 = 9.00 of 100.00 so far: 1.00 left.
        g().when(amount(DiscountScope::Order, dec!(1))).0.unwrap();
        // 1% of the order after line discounts (91.00) is 0.91: still under.
        g().when(percent(DiscountScope::Order, dec!(1))).0.unwrap();
        let e = refusal(g().when(percent(DiscountScope::Order, dec!(2))));
        assert!(e.to_string().contains("would reach 10.82 (10.82% of 100.00)"), "{e}");
        assert!(e.to_string().contains("up to 1.00 more (1%)"), "{e}");
        // Percent-of-line discounts alone cross it too.
        given(&[&items[..], &[on_line_1]].concat())
            .when(percent(DiscountScope::Line { line: 2 }, dec!(12)))
            .then_error("manager_required");
    }

    #[test]
    fn a_manager_approving_passes_the_limits_and_is_recorded() {
        let g = || given(&[opened(), item(1, dec!(10), 1, dec!(20))]);
        let events = g().when_with(percent(DiscountScope::Order, dec!(30)), manager_ctx()).0.unwrap();
        assert!(matches!(&events[0], Event::DiscountApplied(d) if d.authorised_by == Some(MANAGER)));
        let cashier_approval = Ctx { approver: Some(Approver { staff: 3, role: Role::Cashier }), ..ctx() };
        g().when_with(percent(DiscountScope::Order, dec!(30)), cashier_approval).then_error("approver_not_manager");
    }

    #[test]
    fn a_manager_ringing_up_passes_the_limits_and_authorises_it_themselves() {
        let manager_rings = Ctx { actor: MANAGER, actor_role: Role::Manager, ..ctx() };
        let events = given(&[opened(), item(1, dec!(10), 1, dec!(20))])
            .when_with(percent(DiscountScope::Order, dec!(30)), manager_rings)
            .0
            .unwrap();
        assert!(matches!(&events[0], Event::DiscountApplied(d) if d.authorised_by == Some(MANAGER)));
    }

    #[test]
    fn nobody_passes_the_hard_maximum_not_even_a_manager() {
        let g = || given(&[opened(), item(1, dec!(10), 1, dec!(20)), applied(1, DiscountScope::Order, DiscountKind::Percent, dec!(30), Some(MANAGER))]);
        let e = refusal(g().when_with(percent(DiscountScope::Order, dec!(25)), manager_ctx()));
        assert_eq!(e.code(), "discount_over_maximum");
        assert_eq!(e.to_string(), "Discounts on this order would reach 55%; no one may take more than 50% off an order");
        let manager_rings = Ctx { actor: MANAGER, actor_role: Role::Manager, ..ctx() };
        g().when_with(amount(DiscountScope::Order, dec!(2.01)), manager_rings).then_error("discount_over_maximum");
        // Exactly the maximum is allowed, with a manager.
        g().when_with(amount(DiscountScope::Order, dec!(2)), manager_ctx()).0.unwrap();
    }

    fn with_lines(rule: LineReduction) -> Ctx {
        let mut policy = Policy::default();
        policy.cashier.line_reduction = rule;
        Ctx { policy, ..ctx() }
    }

    fn item_at(line: u32, price: Decimal, quantity: u32, minutes_ago: i64) -> Event {
        let Event::ItemAdded(e) = item(line, price, quantity, dec!(20)) else { unreachable!() };
        Event::ItemAdded(ItemAdded { added_at: Some(now() - Duration::minutes(minutes_ago)), ..e })
    }

    fn remove(line: u32) -> Command {
        Command::RemoveLine { line, reason: "customer changed mind".into() }
    }

    #[test]
    fn line_removal_needs_a_manager_always_never_or_when_old_or_dear() {
        let g = |minutes_ago, price| given(&[opened(), item_at(1, price, 1, minutes_ago)]);
        g(0, dec!(1)).when_with(remove(1), with_lines(LineReduction::Always)).then_error("manager_required");
        g(60, dec!(999)).when_with(remove(1), with_lines(LineReduction::Never)).0.unwrap();
        // Defaults: after 5 minutes on the order, or worth over 20.00.
        g(4, dec!(20)).when(remove(1)).0.unwrap();
        let e = refusal(g(5, dec!(1)).when(remove(1)));
        assert_eq!(e.to_string(), "Removing Product 1 (on the order 5 minutes or more) needs a manager");
        let e = refusal(g(0, dec!(20.01)).when(remove(1)));
        assert_eq!(e.to_string(), "Removing Product 1 (worth 20.01 (over 20.00)) needs a manager");
        // Worth: the line's value, unit price × quantity.
        given(&[opened(), item_at(1, dec!(7), 3, 0)]).when(remove(1)).then_error("manager_required");
        // Only the time, or only the value.
        let timed = LineReduction::When { after_minutes: Some(2), over_amount: None };
        g(1, dec!(500)).when_with(remove(1), with_lines(timed)).0.unwrap();
        g(2, dec!(1)).when_with(remove(1), with_lines(timed)).then_error("manager_required");
        let valued = LineReduction::When { after_minutes: None, over_amount: Some(dec!(5)) };
        g(600, dec!(5)).when_with(remove(1), with_lines(valued)).0.unwrap();
    }

    #[test]
    fn a_line_recorded_without_its_time_is_as_old_as_its_order() {
        let opened_long_ago =
            Event::OrderOpened(OrderOpened { number: 7, cashier: CASHIER, terminal: "T1".into(), opened_at: now() - Duration::minutes(30), currency: None });
        given(&[opened_long_ago, item(1, dec!(1), 1, dec!(20))]).when(remove(1)).then_error("manager_required");
    }

    #[test]
    fn an_approved_line_removal_records_the_manager() {
        given(&[opened(), item_at(1, dec!(1), 1, 10)])
            .when_with(remove(1), manager_ctx())
            .then(vec![Event::LineVoided(LineVoided {
                line: 1,
                reason: "customer changed mind".into(),
                authorised_by: Some(MANAGER),
            })]);
        let manager_rings = Ctx { actor: MANAGER, actor_role: Role::Manager, ..ctx() };
        let events = given(&[opened(), item_at(1, dec!(1), 1, 10)]).when_with(remove(1), manager_rings).0.unwrap();
        assert!(matches!(&events[0], Event::LineVoided(v) if v.authorised_by == Some(MANAGER)));
    }

    #[test]
    fn a_quantity_decrease_follows_the_line_rule_and_an_increase_needs_nobody() {
        let lower = Command::ChangeQuantity { line: 1, quantity: 1 };
        let raise = Command::ChangeQuantity { line: 1, quantity: 9 };
        let old = || given(&[opened(), item_at(1, dec!(1), 2, 10)]);
        let e = refusal(old().when(lower.clone()));
        assert_eq!(e.to_string(), "Lowering the quantity of Product 1 (on the order 5 minutes or more) needs a manager");
        old().when_with(lower.clone(), with_lines(LineReduction::Always)).then_error("manager_required");
        old().when_with(raise.clone(), with_lines(LineReduction::Always)).0.unwrap();
        old().when(raise).0.unwrap();
        given(&[opened(), item_at(1, dec!(15), 2, 0)]).when(lower.clone()).then_error("manager_required");
        given(&[opened(), item_at(1, dec!(1), 2, 0)]).when(lower.clone()).0.unwrap();
        old().when_with(lower.clone(), with_lines(LineReduction::Never)).0.unwrap();
        old()
            .when_with(lower, manager_ctx())
            .then(vec![Event::QuantityChanged(QuantityChanged { line: 1, from: 2, to: 1, authorised_by: Some(MANAGER) })]);
    }

    #[test]
    fn one_approval_covers_one_command() {
        // The approver is in the command's context only: the next command, without one, is judged afresh.
        let o = given(&[opened(), item(1, dec!(10), 1, dec!(20))]).0;
        let events = decide(&o, percent(DiscountScope::Order, dec!(20)), &manager_ctx()).unwrap();
        let o = events.iter().fold(o, evolve);
        Given(o).when(percent(DiscountScope::Order, dec!(1))).then_error("manager_required");
    }

    #[test]
    fn new_events_carry_the_line_time_and_old_payloads_still_read() {
        let old_item = br#"{"line":1,"sku":"A","name":"Tea","qty":1,"price":"1.00","tax":"20"}"#;
        let Event::ItemAdded(e) = Event::from_payload(EventKind::ItemAdded, old_item).unwrap() else { panic!() };
        assert_eq!(e.added_at, None);
        let old_change = br#"{"line":1,"from":2,"to":1}"#;
        let Event::QuantityChanged(q) = Event::from_payload(EventKind::QuantityChanged, old_change).unwrap() else { panic!() };
        assert_eq!(q.authorised_by, None);
        let events = given(&[opened()]).when(Command::AddItem { product: product(dec!(1)), quantity: 1 }).0.unwrap();
        assert!(events[0].payload_json().unwrap().contains(r#""at":"2026-11-23T10:00:00Z""#));
    }

    fn currency(code: &str) -> crate::money::Currency {
        crate::money::Currency::of(code).unwrap()
    }

    fn opened_in(code: &str) -> Event {
        Event::OrderOpened(OrderOpened { number: 7, cashier: CASHIER, terminal: "T1".into(), opened_at: now(), currency: Some(currency(code)) })
    }

    fn confirmed(then: Then) -> OrderConfirmed {
        match then.0 {
            Ok(events) => match &events[..] {
                [Event::OrderConfirmed(c)] => c.clone(),
                other => panic!("{other:?}"),
            },
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_new_order_records_the_shop_currency() {
        let jpy = Ctx { currency: currency("JPY"), ..ctx() };
        given(&[])
            .when_with(Command::OpenOrder { number: 7, cashier: CASHIER, terminal: "T1".into() }, jpy)
            .then(vec![opened_in("JPY")]);
    }

    #[test]
    fn yen_have_no_decimals_and_tax_rounds_to_whole_yen() {
        // 1,234 yen at 10% contains 112.18… yen of tax: 112; 15% off 1,234 is 185.1: 185.
        let order = [opened_in("JPY"), item(1, dec!(1234), 1, dec!(10))];
        let c = confirmed(given(&order).when(tenders(dec!(2000), dec!(0))));
        assert_eq!((c.total, c.change, c.tax[0].tax), (dec!(1234), dec!(766), dec!(112)));
        let mut discounted = order.to_vec();
        discounted.push(applied(1, DiscountScope::Order, DiscountKind::Percent, dec!(15), Some(MANAGER)));
        let c = confirmed(given(&discounted).when(tenders(dec!(1049), dec!(0))));
        assert_eq!((c.total, c.tax[0].tax), (dec!(1049), dec!(95)));
        assert_eq!(c.total.scale(), 0);
    }

    #[test]
    fn dinars_have_three_decimals() {
        // 2.345 + 1.250 at 5%; 10% off the order: 0.3595 → 0.360; tax 3.235 × 5/105 = 0.15404… → 0.154.
        let order = [
            opened_in("KWD"),
            item(1, dec!(2.345), 1, dec!(5)),
            item(2, dec!(1.250), 1, dec!(5)),
            applied(1, DiscountScope::Order, DiscountKind::Percent, dec!(10), Some(MANAGER)),
        ];
        let c = confirmed(given(&order).when(tenders(dec!(5), dec!(0))));
        assert_eq!((c.total, c.change, c.tax[0].tax), (dec!(3.235), dec!(1.765), dec!(0.154)));
    }

    #[test]
    fn cash_rounds_to_the_smallest_coin_and_card_never_does() {
        let chf = Ctx { currency: currency("CHF"), cash_coin: Some(dec!(0.05)), ..ctx() };
        let order = [opened_in("CHF"), item(1, dec!(10.02), 1, dec!(8.1))];
        // 10.02 in cash is 10.00: rounded down by 0.02, change from 20.00 is 10.00.
        let c = confirmed(given(&order).when_with(tenders(dec!(20), dec!(0)), chf.clone()));
        assert_eq!((c.total, c.cash_rounding, c.change), (dec!(10.02), dec!(-0.02), dec!(10.00)));
        assert_eq!(c.tenders.cash - c.change, c.total + c.cash_rounding);
        // Exactly 10.00 in cash is enough.
        let c = confirmed(given(&order).when_with(tenders(dec!(10.00), dec!(0)), chf.clone()));
        assert_eq!((c.cash_rounding, c.change), (dec!(-0.02), dec!(0)));
        // By card, to the centime.
        let c = confirmed(given(&order).when_with(tenders(dec!(0), dec!(10.02)), chf.clone()));
        assert_eq!((c.cash_rounding, c.change), (dec!(0), dec!(0)));
        // 10.03 rounds up to 10.05: 10.03 in cash is short.
        let up = [opened_in("CHF"), item(1, dec!(10.03), 1, dec!(8.1))];
        given(&up).when_with(tenders(dec!(10.03), dec!(0)), chf.clone()).then_error("tender_short");
        let c = confirmed(given(&up).when_with(tenders(dec!(10.05), dec!(0)), chf));
        assert_eq!((c.cash_rounding, c.change), (dec!(0.02), dec!(0)));
        // Without a coin the shop takes cash to the centime.
        let c = confirmed(given(&order).when(tenders(dec!(20), dec!(0))));
        assert_eq!((c.cash_rounding, c.change), (dec!(0), dec!(9.98)));
    }

    #[test]
    fn a_void_gives_back_the_cash_taken_after_rounding_to_the_coin() {
        let chf = Ctx { currency: currency("CHF"), cash_coin: Some(dec!(0.05)), ..ctx() };
        let paid = |price: Decimal, cash: Decimal, card: Decimal| {
            let o = given(&[opened_in("CHF"), item(1, price, 1, dec!(8.1))]).0;
            let events = decide(&o, tenders(cash, card), &chf).unwrap();
            Given(events.iter().fold(o, evolve))
        };
        let void = || Command::VoidOrder { reason: "wrong customer".into() };
        let voided = |amount: Decimal| {
            vec![Event::OrderVoided(OrderVoided { reason: "wrong customer".into(), authorised_by: MANAGER, amount, voided_at: now() })]
        };
        let manager = Ctx { approver: manager_ctx().approver, ..chf.clone() };
        // 10.02 paid with 10.00 in cash: the void gives back the 10.00 taken.
        paid(dec!(10.02), dec!(20), dec!(0)).when_with(void(), manager.clone()).then(voided(dec!(10.00)));
        // 10.03 paid with 10.05: the 10.05 taken.
        paid(dec!(10.03), dec!(10.05), dec!(0)).when_with(void(), manager.clone()).then(voided(dec!(10.05)));
        // By card nothing was rounded: the total.
        paid(dec!(10.02), dec!(0), dec!(10.02)).when_with(void(), manager).then(voided(dec!(10.02)));
    }
}
