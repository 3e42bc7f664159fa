//! pos-core: the order domain, its SQLite event store, projections and the read side.
//!
//! See ARCHITECTURE.md for the map. In short: `domain` is pure (decide/evolve);
//! `store` persists events and knows no business rule; `till` is the command
//! path that joins them; `read` reads (through a `read::Reader` the till hands out); `bench` measures.

pub mod api;
pub mod domain;
pub mod language;
pub mod limits;
pub mod message;
pub mod money;
pub mod policy;
pub mod printer;
pub mod back_office;
pub mod bench;
pub mod catalog;
pub mod demo;
pub mod error;
pub mod projections;
pub mod read;
pub mod serve;
pub mod settings;
pub mod setup;
mod pin;
pub mod problem;
pub mod staff;
pub mod store;
pub mod sync;
pub(crate) mod tender;
pub mod till;
pub mod zone;

pub use error::{Error, Result};
pub use till::{AppStatus, Approval, CommandMeta, Credentials, OrderRequest, Outcome, Till, TillOptions};

/// The desktop app's identifier; its database lives in the user's data
/// directory under this name (the `pos` tool looks there by default).
pub const APP_IDENTIFIER: &str = "shop.pos.till";
