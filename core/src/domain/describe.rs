//! Plain words for what an event did, for the timeline and the audit log.

use super::event::*;
use super::order::Order;
use super::shift::Variance;
use rust_decimal::Decimal;

use crate::money;

/// An amount of the shop's own records (prices, floats, counts, limits) as
/// recorded: the till records them in the currency's minor unit.
fn recorded(amount: Decimal) -> String {
    money::format(amount, amount.scale())
}

fn pct_or_amount(kind: DiscountKind, value: Decimal, minor_unit: u32) -> String {
    match kind {
        DiscountKind::Percent => format!("{}%", value.normalize()),
        DiscountKind::Amount => money::format(value, minor_unit),
    }
}

fn line_name(before: &Order, line: u32) -> String {
    before.line(line).map(|l| l.name.clone()).unwrap_or_else(|| format!("line {line}"))
}

/// One line describing `event`, given the state just before it.
pub fn describe(before: &Order, event: &Event) -> String {
    let unit = before.minor_unit();
    let format = |amount: Decimal| money::format(amount, unit);
    match event {
        Event::OrderOpened(e) => format!("Opened order {} on {}", e.number, e.terminal),
        Event::ItemAdded(e) => {
            format!("Added {} × {} ({}) at {}", e.quantity, e.name, e.sku, format(e.unit_price))
        }
        Event::QuantityChanged(e) => {
            format!("Changed {} from {} to {}", line_name(before, e.line), e.from, e.to)
        }
        Event::LineVoided(e) => format!("Removed {}: {}", line_name(before, e.line), e.reason),
        Event::DiscountApplied(e) => {
            let on = match e.scope {
                DiscountScope::Order => "the order".to_string(),
                DiscountScope::Line { line } => line_name(before, line),
            };
            format!("Discount {} on {}: {}", pct_or_amount(e.kind, e.value, unit), on, e.reason)
        }
        Event::DiscountRemoved(e) => match before.discount(e.discount) {
            Some(d) => format!("Removed discount {} ({})", pct_or_amount(d.kind, d.value, unit), d.reason),
            None => format!("Removed discount {}", e.discount),
        },
        Event::OrderConfirmed(e) => {
            let credit = match &e.exchange {
                Some(x) => format!(", exchange credit R-{} {}", x.refund, format(x.amount)),
                None => String::new(),
            };
            format!(
                "Confirmed: total {}{credit}, cash {}, card {}, change {}",
                format(e.total),
                format(e.tenders.cash),
                format(e.tenders.card),
                format(e.change)
            )
        }
        Event::OrderVoided(e) => format!("Voided {}: {}", format(e.amount), e.reason),
        Event::OrderRefunded(e) => {
            let lines = refunded_lines(before, e);
            let exchanged = match &e.exchange {
                Some(x) => format!(", exchanged for order {}", x.order),
                None => String::new(),
            };
            format!("{lines} refunded on refund R-{} ({}){exchanged}", e.refund, format(e.total))
        }
        _ => describe_shop(event),
    }
}

/// The lines an order refund gave back, "2 of 3 × Espresso, 1 of line 4",
/// given the order just before it.
pub(super) fn refunded_lines(before: &Order, e: &super::refund::OrderRefunded) -> String {
    let lines: Vec<String> = e
        .lines
        .iter()
        .map(|r| match before.line(r.line) {
            Some(l) => format!("{} of {} × {}", r.quantity, l.quantity, l.name),
            None => format!("{} of line {}", r.quantity, r.line),
        })
        .collect();
    lines.join(", ")
}

/// A refund in one line: what came back and how the money went back.
pub fn describe_refund(e: &super::refund::RefundIssued) -> String {
    let format = |amount: Decimal| money::format(amount, e.minor_unit());
    let items: u32 = e.lines.iter().map(|l| l.quantity).sum();
    let of = match (e.order, &e.sale_till) {
        (Some(order), Some(till)) => format!("of order {}", super::sale_reference(till, order)),
        (Some(order), None) => format!("of order {order}"),
        (None, _) => "without a receipt".to_string(),
    };
    let mut how = Vec::new();
    if !e.tenders.cash.is_zero() {
        how.push(format!("{} in cash", format(e.tenders.cash)));
    }
    if !e.tenders.card.is_zero() {
        how.push(format!("{} to card", format(e.tenders.card)));
    }
    if let Some(x) = &e.exchange {
        how.push(format!("{} as credit to order {}", format(x.amount), x.order));
    }
    let how = if how.is_empty() { "nothing to give back".to_string() } else { how.join(", ") };
    format!("Refund R-{} {of}: {items} item{}, {how}: {}", e.number, if items == 1 { "" } else { "s" }, e.reason)
}

/// One line describing an event of the catalog, the staff or the shop.
pub fn describe_shop(event: &Event) -> String {
    let format = recorded;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    match event {
        Event::ProductAdded(e) => format!(
            "Added product {} ({}) at {}, tax {}%{}",
            e.name,
            e.sku,
            format(e.price),
            e.tax_rate.normalize(),
            if e.imported { " (imported)" } else { "" }
        ),
        Event::PriceChanged(e) => format!("Price of {} from {} to {}", e.sku, format(e.from), format(e.to)),
        Event::ProductChanged(e) => format!(
            "Changed {}: name {}, barcode {}, tax {}%, quick key {}",
            e.sku,
            e.name,
            e.barcode.as_deref().unwrap_or("none"),
            e.tax_rate.normalize(),
            yes_no(e.favourite)
        ),
        Event::ProductArchived(e) => format!("Archived product {}", e.sku),
        Event::ProductRestored(e) => format!("Restored product {}", e.sku),
        Event::StaffAdded(e) => format!("Added {} {} ({})", e.role.as_str(), e.name, e.code),
        Event::RoleChanged(e) => format!("Role of staff {} from {} to {}", e.id, e.from.as_str(), e.to.as_str()),
        Event::PinReset(e) => format!("Reset the PIN of staff {}", e.id),
        Event::StaffDeactivated(e) => format!("Deactivated staff {}", e.id),
        Event::StaffReactivated(e) => format!("Reactivated staff {}", e.id),
        Event::SettingsChanged(e) => format!("Shop details: {}, {}, {}", e.shop_name, e.shop_address.replace('\n', ", "), e.currency),
        Event::PolicyChanged(e) => format!(
            "Discount policy: a cashier alone up to {}% and {} of an order; nobody past {}%; refunds up to {} alone; \
             cash moves up to {} alone; a drawer out by up to {} needs no manager",
            e.policy.cashier.discount_percent_max.normalize(),
            recorded(e.policy.cashier.discount_amount_max),
            e.policy.discount_percent_hard_max.normalize(),
            recorded(e.policy.cashier.refund_amount_max),
            recorded(e.policy.cashier.cash_move_max),
            recorded(e.policy.cashier.variance_max)
        ),
        Event::ShiftOpened(e) => format!("Opened shift S-{} on till {} with a float of {}", e.number, e.terminal, format(e.float)),
        Event::CashMoved(e) => format!("{} of {} on shift S-{}: {}", e.kind.label(), format(e.amount), e.shift, e.reason),
        Event::DrawerOpened(e) => format!("No sale: drawer opened on shift S-{}: {}", e.shift, e.reason),
        Event::ShiftClosed(e) => format!(
            "Closed shift S-{}: expected {}, counted {}, {}{}",
            e.shift,
            format(e.drawer.expected),
            format(e.counted),
            variance_words(e.variance),
            e.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
        ),
        Event::RefundIssued(e) => describe_refund(e),
        Event::DayClosed(e) => format!(
            "Z-{}: closed {} on till {}: net sales {}, {} shift(s), {}",
            e.number,
            e.day.day,
            e.terminal,
            format(e.figures.net_sales),
            e.shifts.len(),
            variance_words(e.variance)
        ),
        Event::DayReopened(e) => format!("Reopened {} (Z-{}): {}", e.day, e.number, e.reason),
        Event::SignedIn(e) => format!("Staff {} signed in", e.id),
        Event::SignedOut(e) => format!("Staff {} signed out", e.id),
        _ => event.kind().as_str().to_string(),
    }
}

/// "drawer balanced", "short by 2.50", "over by 0.40".
pub fn variance_words(variance: Decimal) -> String {
    match Variance::of(variance) {
        Variance::Balanced => "drawer balanced".to_string(),
        Variance::Short(by) => format!("short by {}", recorded(by)),
        Variance::Over(by) => format!("over by {}", recorded(by)),
    }
}
