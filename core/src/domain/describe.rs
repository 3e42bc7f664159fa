//! Plain words for what an event did, for the timeline and the audit log.

use super::event::*;
use super::order::Order;
use crate::money::format;

fn pct_or_amount(kind: DiscountKind, value: rust_decimal::Decimal) -> String {
    match kind {
        DiscountKind::Percent => format!("{}%", value.normalize()),
        DiscountKind::Amount => format(value),
    }
}

fn line_name(before: &Order, line: u32) -> String {
    before.line(line).map(|l| l.name.clone()).unwrap_or_else(|| format!("line {line}"))
}

/// One line describing `event`, given the state just before it.
pub fn describe(before: &Order, event: &Event) -> String {
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
            format!("Discount {} on {}: {}", pct_or_amount(e.kind, e.value), on, e.reason)
        }
        Event::DiscountRemoved(e) => match before.discount(e.discount) {
            Some(d) => format!("Removed discount {} ({})", pct_or_amount(d.kind, d.value), d.reason),
            None => format!("Removed discount {}", e.discount),
        },
        Event::OrderConfirmed(e) => format!(
            "Confirmed: total {}, cash {}, card {}, change {}",
            format(e.total),
            format(e.tenders.cash),
            format(e.tenders.card),
            format(e.change)
        ),
        Event::OrderVoided(e) => format!("Voided {}: {}", format(e.amount), e.reason),
    }
}
