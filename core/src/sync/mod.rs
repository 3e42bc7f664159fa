//! This till's events on their way to the shop server (`pos-server`): the
//! push itself (`push`), where the till is enrolled (`setup`), and the
//! outbox that pushes in the background and says how far it got
//! (`outbox`); and the other tills' events pulled back from the server into
//! copies beside this till's file, for the whole shop's views (`shop`). Nothing a till does waits for the server: the SQLite file is
//! the outbox, and a push only reads it.

mod outbox;
mod push;
mod setup;
mod shop;

pub use outbox::{Outbox, SyncState, SyncStatus};
pub use push::{ca_certificates, enrol, enrol_with, push_pending, push_from, ShopServer, SyncError, SyncReport, PUSH_BATCH_EVENTS};
pub(crate) use outbox::unreadable;
pub use setup::SyncSetup;
pub use shop::ShopCopies;
