//! The whole shop behind the API: this till and its copies of the other
//! tills (`sync::ShopCopies`), for the reads that switch between "this
//! till" and "whole shop", and any till's order on the timeline.

use std::sync::MutexGuard;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Api;
use crate::error::{Error, Result};
use crate::read::Reader;
use crate::sync::{ShopCopies, SyncState};
use crate::till::Till;

/// Which records a read covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// This till's own (the default; works offline).
    #[default]
    Till,
    /// Every till of the shop, as far as the shop server has them; needs the server.
    Shop,
}

/// This till, locked, and the copies of the others, open.
pub(super) struct ShopTills<'a> {
    this: MutexGuard<'a, Till>,
    copies: Vec<Till>,
}

impl ShopTills<'_> {
    /// Runs `read` on a reader of every till, this till's first.
    pub(super) fn read<T>(&mut self, read: impl FnOnce(&[Reader<'_>]) -> Result<T>) -> Result<T> {
        let mut readers = vec![self.this.reader()];
        readers.extend(self.copies.iter_mut().map(Till::reader));
        read(&readers)
    }
}

/// Why the whole shop cannot be shown now, from the outbox's last round;
/// `None` when the last round reached the server and copied the shop.
pub(super) fn unavailable(api: &Api) -> Option<String> {
    let Some(status) = api.outbox().map(|o| o.status()) else {
        return Some("this till is not connected to a shop server".into());
    };
    match status.state {
        SyncState::Synced => None,
        SyncState::Off => Some("this till is not connected to a shop server".into()),
        SyncState::Starting => Some("the shop server has not answered yet".into()),
        SyncState::Unreachable => Some(match status.failing_since {
            Some(since) => format!("the shop server cannot be reached (since {})", since.format("%Y-%m-%d %H:%M UTC")),
            None => "the shop server cannot be reached".into(),
        }),
        SyncState::Refused => {
            Some(format!("the shop server refused this till ({})", status.problem.map_or_else(String::new, |p| p.message)))
        }
    }
}

/// Every till of the shop, when the shop server was reached at the last round.
pub(super) fn shop_tills(api: &Api) -> Result<ShopTills<'_>> {
    if let Some(why) = unavailable(api) {
        return Err(Error::ShopUnavailable(why));
    }
    let this = api.till()?;
    let copies = ShopCopies::beside(this.path(), this.terminal());
    let others = copies.tills().into_iter().filter(|t| t != this.terminal());
    let copies = others.map(|t| copies.read(&t)).collect::<Result<Vec<_>>>()?;
    Ok(ShopTills { this, copies })
}

/// The till `till` names: this one when it is none or this till's id, else
/// this till's copy of it (read whether or not the server is reachable now:
/// an order opened from the whole shop's list stays readable).
pub(super) fn with_till<T>(api: &Api, till: Option<&str>, read: impl FnOnce(&mut Till) -> Result<T>) -> Result<T> {
    let mut this = api.till()?;
    match till {
        Some(t) if t != this.terminal() => {
            let mut copy = ShopCopies::beside(this.path(), this.terminal()).read(t)?;
            drop(this);
            read(&mut copy)
        }
        _ => read(&mut this),
    }
}
