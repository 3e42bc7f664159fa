//! Where this till is enrolled: the shop server's address, the shop's id
//! and the till's token. A setting of this till's file, not an event: the
//! token is this till's secret and changes nothing in the books.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const SETTING: &str = "sync_setup";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSetup {
    /// e.g. `http://192.168.1.10:8470`.
    pub server: String,
    pub shop: String,
    pub token: String,
    /// The shop's own certificate authority (PEM) this till trusts for an
    /// `https` server, when the shop made its certificate itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<String>,
}

/// This till's enrolment, if it has one.
pub(crate) fn load(conn: &rusqlite::Connection) -> Result<Option<SyncSetup>> {
    Ok(crate::settings::get(conn, SETTING)?.and_then(|v| serde_json::from_str(&v).ok()))
}

pub(crate) fn store(conn: &rusqlite::Connection, setup: &SyncSetup) -> Result<()> {
    let json = serde_json::to_string(setup).map_err(|e| Error::Invalid { field: "Shop server", problem: crate::problem::Problem::Said(e.to_string()) })?;
    crate::settings::put(conn, SETTING, &json)
}

impl crate::Till {
    /// Where this till pushes its events, if it is enrolled.
    pub fn sync_setup(&self) -> Result<Option<SyncSetup>> {
        load(self.conn())
    }

    /// Keeps this till's enrolment (from `pos sync --enrol`); the outbox
    /// picks it up at its next round.
    pub fn set_sync_setup(&self, setup: &SyncSetup) -> Result<()> {
        store(self.conn(), setup)
    }
}
