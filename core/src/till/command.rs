//! The command path: the one way an order changes, shared by the app, the
//! `pos` tool and the benchmark.
//!
//! For each command, in one write transaction: return the first outcome if
//! its command id was seen; resolve outside facts (catalog, approver's PIN);
//! load the order (cache, snapshot, events); `decide`; append with the loaded
//! version as the expected version, projections and snapshots in the same
//! transaction; on a concurrency conflict reload and decide again, a bounded
//! number of times.

use rusqlite::Connection;

use crate::catalog;
use crate::domain::{decide, evolve, Command, Ctx, DiscountKind, Event, Order, OrderError, OrderId, OrderStatus, Role, StaffId, Tenders};
use crate::error::{check_text, Error, Result};
use crate::limits::{AMOUNT_MAX, CODE_CHARS_MAX, COMMAND_RETRIES_MAX, QUANTITY_MAX};
use crate::money::{parse_amount, parse_percent};
use crate::projections;
use crate::tender;
use crate::staff;
use crate::store::{self, Metadata, Recorded, StoreError};

use super::fold::{empty_order, load_from_store, Checkpoints};
use super::{CommandMeta, OrderRequest, Outcome, Till};

impl Till {
    /// The command's context; `actor_role` is the actor's role, read in the command's transaction.
    pub(super) fn ctx(&self, meta: &CommandMeta, actor_role: Role) -> Ctx {
        Ctx {
            now: self.now(),
            actor: meta.actor,
            actor_role,
            approver: meta.approval.map(|a| a.0),
            policy: self.settings.policy.clone(),
            currency: self.settings.money(),
            cash_coin: self.settings.cash_coin,
        }
    }

    pub(super) fn metadata(&self, meta: &CommandMeta, ctx: &Ctx, authorised_by: Option<StaffId>) -> Metadata {
        Metadata {
            actor: meta.actor,
            authorised_by,
            terminal: self.terminal.clone(),
            command_id: meta.command_id,
            recorded_at: ctx.now,
        }
    }

    /// Outcome of a command id that was already applied.
    fn replay(&mut self, outcome: store::CommandOutcome) -> Result<Outcome> {
        let order = self.state_at(outcome.stream, outcome.last_version)?;
        Ok(Outcome { order: order.view(), replayed: true })
    }

    /// Opens a new order with the next order number.
    pub fn open_order(&mut self, meta: &CommandMeta) -> Result<Outcome> {
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = store::opened_by(&tx, meta.command_id)? {
            drop(tx);
            return self.replay(done);
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        // A sale starts only with a drawer to take its money.
        self.require_shift(&tx)?;
        let metadata = self.metadata(meta, &ctx, None);
        // Inside the write lock, so two tills never take the same number.
        let number = store::next_stream(&tx)?;
        let state = empty_order(number);
        let events = decide(
            &state,
            Command::OpenOrder { number, cashier: meta.actor, terminal: self.terminal.clone() },
            &ctx,
        )?;
        let recorded = store::append(&tx, number, 0, &events, &metadata)?;
        let after = project(&tx, state, &recorded, self.orders.checkpoints())?;
        tx.commit().map_err(StoreError::from)?;
        self.orders.remember(&after, recorded);
        Ok(Outcome { order: after.view(), replayed: false })
    }

    /// Turns a client's request into a domain command, checking its shape.
    fn resolve(&self, request: OrderRequest) -> Result<Command> {
        let quantity = |q: i64| -> Result<u32> {
            if q < 1 || q > i64::from(QUANTITY_MAX) {
                return Err(OrderError::QuantityOutOfRange(q).into());
            }
            Ok(q as u32)
        };
        Ok(match request {
            OrderRequest::AddItem { code, quantity: q } => {
                let code = check_text(&code, "Barcode or SKU", CODE_CHARS_MAX, true)?;
                let quantity = quantity(q)?;
                let product = catalog::find(&self.conn, &code)?.ok_or(Error::UnknownProduct(code))?;
                Command::AddItem { product: product.facts(), quantity }
            }
            OrderRequest::ChangeQuantity { line, quantity: q } => Command::ChangeQuantity { line, quantity: quantity(q)? },
            OrderRequest::RemoveLine { line, reason } => Command::RemoveLine { line, reason },
            OrderRequest::ApplyDiscount { scope, kind, value, reason } => {
                let value = match kind {
                    DiscountKind::Percent => parse_percent(&value, "Discount percent")?,
                    DiscountKind::Amount => parse_amount(&value, "Discount amount", AMOUNT_MAX, self.settings.minor_unit)?,
                };
                Command::ApplyDiscount { scope, kind, value, reason }
            }
            OrderRequest::RemoveDiscount { discount } => Command::RemoveDiscount { discount },
            OrderRequest::ConfirmOrder { cash, card } => Command::ConfirmOrder {
                tenders: Tenders {
                    cash: tender::typed(&cash, "Cash", self.settings.minor_unit)?,
                    card: tender::typed(&card, "Card", self.settings.minor_unit)?,
                },
            },
            OrderRequest::VoidOrder { reason } => Command::VoidOrder { reason },
        })
    }

    /// What `request` on order `id` would record for `actor` now, decided by
    /// the same rules as [`Till::execute`] but written nowhere (a preview).
    pub fn try_request(&mut self, id: OrderId, request: OrderRequest, actor: StaffId) -> Result<Vec<Event>> {
        let command = self.resolve(request)?;
        if matches!(command, Command::ConfirmOrder { .. }) {
            self.require_shift(&self.conn)?;
        }
        let order = self.load(id)?;
        let ctx = self.ctx(&CommandMeta::new(actor), staff::get(&self.conn, actor)?.role);
        Ok(decide(&order, command, &ctx)?)
    }

    /// Runs one command on an existing order.
    ///
    /// One write transaction spans the idempotency check, the catalog
    /// lookup, the decision and the append: a repeated command id is
    /// answered with its first outcome whatever happened to the order since,
    /// and the till takes SQLite's locks once per command.
    pub fn execute(&mut self, order: OrderId, request: OrderRequest, meta: &CommandMeta) -> Result<Outcome> {
        let every = self.orders.checkpoints();
        let tx = store::write_tx(&self.conn)?;
        if let Some(done) = self.orders.applied(&tx, order, meta.command_id)? {
            drop(tx);
            return self.replay(done);
        }
        let command = self.resolve(request)?;
        if matches!(command, Command::ConfirmOrder { .. }) {
            // Paid only into an open shift's drawer.
            self.require_shift(&tx)?;
        }
        let ctx = self.ctx(meta, staff::get(&tx, meta.actor)?.role);
        let mut attempt = 0;
        let (after, recorded) = loop {
            attempt += 1;
            // Optimistic: the cached state is used as is; if another till
            // moved the order on, the append's version check says so and the
            // next attempt reloads (fresh: this transaction holds the lock).
            let state = match self.orders.head(order) {
                Some(head) if attempt == 1 => head.clone(),
                _ => {
                    let version = store::stream_version(&tx, order)?;
                    load_from_store(&tx, order, version, every.interval())?
                }
            };
            if state.status == OrderStatus::New {
                return Err(OrderError::OrderNotFound(order).into());
            }
            if let Some(expected) = meta.expected_version {
                if expected != state.version {
                    return Err(StoreError::Conflict { stream: order, expected, actual: state.version }.into());
                }
            }
            let events = decide(&state, command.clone(), &ctx)?;
            let authorised_by = events.iter().find_map(Event::authorised_by);
            let metadata = self.metadata(meta, &ctx, authorised_by);
            match store::append(&tx, order, state.version, &events, &metadata) {
                Ok(recorded) => break (project(&tx, state, &recorded, every)?, recorded),
                Err(StoreError::Conflict { .. }) if attempt < COMMAND_RETRIES_MAX && meta.expected_version.is_none() => {
                    continue
                }
                Err(e) => return Err(e.into()),
            }
        };
        tx.commit().map_err(StoreError::from)?;
        self.orders.remember(&after, recorded);
        Ok(Outcome { order: after.view(), replayed: false })
    }
}

/// Folds freshly appended events, writing projections and a snapshot at
/// each checkpoint (each event's audit entry needs the state before it, so
/// this is not [`Checkpoints::fold`]).
pub(super) fn project(tx: &Connection, mut state: Order, recorded: &[Recorded], every: Checkpoints) -> Result<Order> {
    let status_before = state.status;
    for r in recorded {
        let before = state.clone();
        state = evolve(state, &r.event);
        projections::record_audit(tx, &before, &state, r)?;
        if every.due(state.version) {
            store::save_snapshot(tx, &state)?;
        }
    }
    if let Some(last) = recorded.last() {
        projections::upsert_summary(tx, status_before, &state, last)?;
    }
    Ok(state)
}
