//! The order aggregate: commands, events, state and rules.
//!
//! Pure: nothing here reads the clock, touches the database or knows the
//! catalog tables. `decide` validates a command against the state and returns
//! the events it causes; `evolve` folds one event into the state and never fails.

pub mod act;
pub mod close;
pub mod command;
pub mod decide;
pub mod describe;
pub mod description;
pub mod error;
pub mod event;
pub mod figures;
pub mod exchange;
pub mod order;
pub mod policy;
pub mod reference;
pub mod refund;
pub mod shift;
pub mod shop;
pub mod shop_event;
pub mod shop_description;
pub mod tax;

pub use act::{Act, ReductionWhy};
pub use close::{ChainPoint, DayClose, DayClosed, DayFacts, DayReopened, TillDay, ZNumber, ZShift};
pub use command::{Approver, Command, Ctx, ProductFacts, Role};
pub use decide::decide;
pub use describe::describe;
pub use description::{description, Description};
pub use error::OrderError;
pub use figures::DayFigures;
pub use event::*;
pub use shop::{Product, Refusal, ShopDetails, StaffState};
pub use shop_event::*;
pub use shift::{CashMoveKind, CashMoved, DenominationCount, DrawerCash, DrawerOpened, SalesCash, Shift, ShiftClosed, ShiftNumber, ShiftOpened, Variance};
pub use exchange::{Difference, Exchange, ExchangeGoods};
pub use refund::{ExchangeCredit, OrderRefunded, RefundIssued, RefundNumber, RefundedLine, RefundedQuantity};
pub use order::{evolve, Line, Order, OrderStatus, OrderView, Totals};
pub use reference::{refund_reference, sale_reference, SaleReference};
pub use policy::{LineReduction, Policy, RoleLimits};
pub use tax::TaxAmount;

/// A staff member's id (row id of the staff table).
pub type StaffId = i64;
/// An order's id: its stream id in the event store, equal to its order number.
pub type OrderId = i64;
/// A line's id within its order: 1, 2, 3… in the order lines were added.
pub type LineId = u32;
/// A discount's id within its order: 1, 2, 3…
pub type DiscountId = u32;
