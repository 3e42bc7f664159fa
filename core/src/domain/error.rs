//! Why a command was refused. Each variant has a stable code for the UI and a
//! message a cashier can act on.

use rust_decimal::Decimal;

use super::act::Act;
use super::{DiscountId, LineId, OrderId};
use crate::limits::{DISCOUNTS_MAX, LINES_MAX, QUANTITY_MAX, REASON_CHARS_MAX};
use crate::message::Message;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("Order {0} does not exist")]
    OrderNotFound(OrderId),
    #[error("Order {0} is already open")]
    AlreadyOpened(OrderId),
    #[error("Order {order} is {status}; only a void is accepted now")]
    OrderNotOpen { order: OrderId, status: &'static str },
    #[error("Order {0} is already voided")]
    AlreadyVoided(OrderId),
    #[error("There is no line {0} on this order")]
    LineNotFound(LineId),
    #[error("Line {0} has been removed")]
    LineRemoved(LineId),
    #[error("Quantity must be a whole number from 1 to {QUANTITY_MAX}, not {0}")]
    QuantityOutOfRange(i64),
    #[error("Line {line} already has quantity {quantity}")]
    QuantityUnchanged { line: LineId, quantity: u32 },
    #[error("An order holds at most {LINES_MAX} lines")]
    TooManyLines,
    #[error("An order holds at most {DISCOUNTS_MAX} discounts")]
    TooManyDiscounts,
    #[error("A reason is required")]
    ReasonRequired,
    #[error("{0} needs a reason")]
    ReasonRequiredFor(Act),
    #[error("A reason is at most {REASON_CHARS_MAX} characters")]
    ReasonTooLong,
    #[error("A percent discount must be more than 0 and at most 100, not {0}")]
    PercentOutOfRange(Decimal),
    #[error("Percent discounts here already add up to {already}%; together they cannot pass 100%")]
    PercentsOver100 { already: Decimal },
    #[error("A discount amount must be more than 0")]
    AmountNotPositive,
    #[error("That discount would take line {line} below zero (at most {available} can come off)")]
    LineBelowZero { line: LineId, available: Decimal },
    #[error("That would take the order total below zero by {short}; remove a discount first")]
    OrderBelowZero { short: Decimal },
    #[error("{what} needs a manager")]
    ManagerRequired { what: Act },
    #[error(
        "Discounts on this order would reach {reach} ({reach_percent}% of {subtotal}), past what a cashier may give alone; \
         up to {room} more ({room_percent}%) needs no manager"
    )]
    DiscountNeedsManager { reach: Decimal, reach_percent: Decimal, subtotal: Decimal, room: Decimal, room_percent: Decimal },
    #[error("Discounts on this order would reach {reach_percent}%; no one may take more than {max}% off an order")]
    DiscountOverMaximum { reach_percent: Decimal, max: Decimal },
    #[error("Only a manager can authorise this")]
    ApproverNotManager,
    #[error("There is no discount {0} on this order")]
    DiscountNotFound(DiscountId),
    #[error("Discount {0} has already been removed")]
    DiscountAlreadyRemoved(DiscountId),
    #[error("Add at least one item before confirming")]
    NoLines,
    #[error("Tendered {tendered} does not cover the total {due}")]
    TenderShort { due: Decimal, tendered: Decimal },
    #[error("Card {card} is more than the {due} due; change is only given from cash")]
    CardExceedsDue { card: Decimal, due: Decimal },
    #[error("Tender amounts cannot be negative")]
    TenderNegative,
    #[error("Order {order} is {status}: only a paid order can be refunded")]
    NotRefundable { order: OrderId, status: &'static str },
    #[error("Order {order} has been refunded (R-{refund}); refund what is left instead of voiding it")]
    VoidAfterRefund { order: OrderId, refund: i64 },
    #[error("Pick at least one item to refund")]
    NothingToRefund,
    #[error("Only {left} of the {sold} × {name} sold can still be refunded")]
    RefundPastSold { line: LineId, name: String, sold: u32, left: u32 },
    #[error("At most {left} can go back to the card (what was paid by card and not yet refunded), not {card}")]
    CardRefundPastPaid { card: Decimal, left: Decimal },
    #[error("The refund is {total}; cash and card together must give back exactly that, not {tendered}")]
    RefundTenderMismatch { total: Decimal, tendered: Decimal },
    #[error("The exchange gives back {back}; cash and card together must give back exactly that, not {tendered}")]
    ExchangeTenderMismatch { back: Decimal, tendered: Decimal },
    #[error("Order {order} is open on till {terminal}: an exchange pays only an order of this till")]
    ExchangeOtherTill { order: OrderId, terminal: String },
    #[error("Order {order} was paid with the credit of exchange R-{refund}; refund its goods instead of voiding it")]
    VoidAfterExchange { order: OrderId, refund: i64 },
    #[error("No shift is open on this till: open one, counting its float, before taking or giving back money")]
    NoOpenShift,
    #[error("Shift S-{0} is still open on this till; close it before opening another")]
    ShiftAlreadyOpen(i64),
    #[error("An amount of cash must be more than 0, in whole cents")]
    CashNotPositive,
    #[error("The drawer should hold only {held}; {wanted} cannot come out of it")]
    DrawerShort { wanted: Decimal, held: Decimal },
    #[error("That count is not right: {0}")]
    BadDenomination(String),
    #[error("Count the drawer: type the amount or the pieces of each note and coin")]
    CountRequired,
    #[error("The pieces add up to {pieces}, not the {typed} typed")]
    CountMismatch { typed: Decimal, pieces: Decimal },
    #[error("The day {day} is closed (Z-{z}): nothing more is taken into it unless a manager reopens it")]
    DayClosed { day: chrono::NaiveDate, z: i64 },
    #[error("Shift S-{0} is still open on this till; close it before the Z report")]
    ShiftStillOpen(i64),
    #[error("Only today can be closed, not {day}")]
    DayNotToday { day: chrono::NaiveDate },
    #[error("Z-{z} ({day}) has already been reopened")]
    DayAlreadyReopened { z: i64, day: chrono::NaiveDate },
}

impl OrderError {
    pub fn code(&self) -> &'static str {
        use OrderError::*;
        match self {
            OrderNotFound(_) => "order_not_found",
            AlreadyOpened(_) => "order_already_open",
            OrderNotOpen { .. } => "order_not_open",
            AlreadyVoided(_) => "order_already_voided",
            LineNotFound(_) => "line_not_found",
            LineRemoved(_) => "line_removed",
            QuantityOutOfRange(_) => "quantity_out_of_range",
            QuantityUnchanged { .. } => "quantity_unchanged",
            TooManyLines => "too_many_lines",
            TooManyDiscounts => "too_many_discounts",
            ReasonRequired => "reason_required",
            ReasonRequiredFor(_) => "reason_required",
            ReasonTooLong => "reason_too_long",
            PercentOutOfRange(_) => "percent_out_of_range",
            PercentsOver100 { .. } => "percents_over_100",
            AmountNotPositive => "amount_not_positive",
            LineBelowZero { .. } => "line_below_zero",
            OrderBelowZero { .. } => "order_below_zero",
            ManagerRequired { .. } => "manager_required",
            // The same code: the register asks for a manager alike.
            DiscountNeedsManager { .. } => "manager_required",
            DiscountOverMaximum { .. } => "discount_over_maximum",
            ApproverNotManager => "approver_not_manager",
            DiscountNotFound(_) => "discount_not_found",
            DiscountAlreadyRemoved(_) => "discount_already_removed",
            NoLines => "no_lines",
            TenderShort { .. } => "tender_short",
            CardExceedsDue { .. } => "card_exceeds_due",
            TenderNegative => "tender_negative",
            NotRefundable { .. } => "order_not_refundable",
            NothingToRefund => "nothing_to_refund",
            VoidAfterRefund { .. } => "void_after_refund",
            RefundPastSold { .. } => "refund_past_sold",
            CardRefundPastPaid { .. } => "card_refund_past_paid",
            RefundTenderMismatch { .. } => "refund_tender_mismatch",
            ExchangeTenderMismatch { .. } => "exchange_tender_mismatch",
            ExchangeOtherTill { .. } => "exchange_other_till",
            VoidAfterExchange { .. } => "void_after_exchange",
            NoOpenShift => "no_open_shift",
            ShiftAlreadyOpen(_) => "shift_already_open",
            CashNotPositive => "amount_not_positive",
            DrawerShort { .. } => "drawer_short",
            BadDenomination(_) => "bad_count",
            CountRequired => "count_required",
            CountMismatch { .. } => "count_mismatch",
            DayClosed { .. } => "day_closed",
            ShiftStillOpen(_) => "shift_still_open",
            DayNotToday { .. } => "day_not_today",
            DayAlreadyReopened { .. } => "day_already_reopened",
        }
    }
}

impl OrderError {
    /// The key and parameters of this refusal's message, for a screen in any
    /// language (`error.<key>` in the UI's catalogs); `Display` is its English.
    pub fn message(&self) -> Message {
        use OrderError::*;
        let m = Message::new;
        match self {
            OrderNotFound(order) => m("orderNotFound").number("order", *order),
            AlreadyOpened(order) => m("orderAlreadyOpen").number("order", *order),
            OrderNotOpen { order, status } => m("orderNotOpen").number("order", *order).term("status", format!("orderStatus.{status}")),
            AlreadyVoided(order) => m("orderAlreadyVoided").number("order", *order),
            LineNotFound(line) => m("lineNotFound").number("line", *line),
            LineRemoved(line) => m("lineRemoved").number("line", *line),
            QuantityOutOfRange(quantity) => m("quantityOutOfRange").number("max", QUANTITY_MAX).number("quantity", *quantity),
            QuantityUnchanged { line, quantity } => m("quantityUnchanged").number("line", *line).number("quantity", *quantity),
            TooManyLines => m("tooManyLines").number("max", LINES_MAX as i64),
            TooManyDiscounts => m("tooManyDiscounts").number("max", DISCOUNTS_MAX as i64),
            ReasonRequired => m("reasonRequired"),
            ReasonRequiredFor(act) => act.needing_a_reason(),
            ReasonTooLong => m("reasonTooLong").number("max", REASON_CHARS_MAX as i64),
            PercentOutOfRange(percent) => m("percentOutOfRange").percent("percent", *percent),
            PercentsOver100 { already } => m("percentsOver100").percent("already", *already),
            AmountNotPositive => m("amountNotPositive"),
            LineBelowZero { line, available } => m("lineBelowZero").number("line", *line).amount("available", *available),
            OrderBelowZero { short } => m("orderBelowZero").amount("short", *short),
            ManagerRequired { what } => what.needing_a_manager(),
            DiscountNeedsManager { reach, reach_percent, subtotal, room, room_percent } => m("discountNeedsManager")
                .amount("reach", *reach)
                .percent("reachPercent", *reach_percent)
                .amount("subtotal", *subtotal)
                .amount("room", *room)
                .percent("roomPercent", *room_percent),
            DiscountOverMaximum { reach_percent, max } => m("discountOverMaximum").percent("reachPercent", *reach_percent).percent("max", *max),
            ApproverNotManager => m("approverNotManager"),
            DiscountNotFound(discount) => m("discountNotFound").number("discount", *discount),
            DiscountAlreadyRemoved(discount) => m("discountAlreadyRemoved").number("discount", *discount),
            NoLines => m("noLines"),
            TenderShort { due, tendered } => m("tenderShort").amount("due", *due).amount("tendered", *tendered),
            CardExceedsDue { card, due } => m("cardExceedsDue").amount("card", *card).amount("due", *due),
            TenderNegative => m("tenderNegative"),
            NotRefundable { order, status } => m("orderNotRefundable").number("order", *order).term("status", format!("orderStatus.{status}")),
            VoidAfterRefund { order, refund } => m("voidAfterRefund").number("order", *order).number("refund", *refund),
            NothingToRefund => m("nothingToRefund"),
            RefundPastSold { name, sold, left, .. } => m("refundPastSold").text("name", name).number("sold", *sold).number("left", *left),
            CardRefundPastPaid { card, left } => m("cardRefundPastPaid").amount("card", *card).amount("left", *left),
            RefundTenderMismatch { total, tendered } => m("refundTenderMismatch").amount("total", *total).amount("tendered", *tendered),
            ExchangeTenderMismatch { back, tendered } => m("exchangeTenderMismatch").amount("back", *back).amount("tendered", *tendered),
            ExchangeOtherTill { order, terminal } => m("exchangeOtherTill").number("order", *order).text("terminal", terminal),
            VoidAfterExchange { order, refund } => m("voidAfterExchange").number("order", *order).number("refund", *refund),
            NoOpenShift => m("noOpenShift"),
            ShiftAlreadyOpen(shift) => m("shiftAlreadyOpen").number("shift", *shift),
            CashNotPositive => m("cashNotPositive"),
            DrawerShort { wanted, held } => m("drawerShort").amount("wanted", *wanted).amount("held", *held),
            BadDenomination(detail) => m("badCount").text("detail", detail),
            CountRequired => m("countRequired"),
            CountMismatch { typed, pieces } => m("countMismatch").amount("typed", *typed).amount("pieces", *pieces),
            DayClosed { day, z } => m("dayClosed").date("day", *day).number("z", *z),
            ShiftStillOpen(shift) => m("shiftStillOpen").number("shift", *shift),
            DayNotToday { day } => m("dayNotToday").date("day", *day),
            DayAlreadyReopened { z, day } => m("dayAlreadyReopened").number("z", *z).date("day", *day),
        }
    }
}
