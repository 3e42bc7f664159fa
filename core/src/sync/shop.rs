//! The rest of the shop on this till: every other till's events, pulled
//! from the shop server in the shop's order and kept unchanged, one SQLite
//! file per till, in a folder beside this till's file (`till.db.shop/`).
//!
//! Each copy is a till file like any other: the copied events keep their
//! positions and hashes (`store::append_copied` checks each link), and the
//! same projections as the live path make its orders, audit trail and day
//! readable by the same reads (see `read::shop`). The copies are derived:
//! deleting the folder only makes the next pull start again from the start.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::push::{Answer, ShopServer, SyncError};
use crate::store::{EventRow, OpenMode, Sync};
use crate::{Till, TillOptions};

/// Events asked for in one request (the server gives at most 1,000).
const PULL_PAGE_EVENTS: usize = 1000;
/// Pages pulled in one round at most, so a long catch-up leaves room for pushes.
const PULL_PAGES_PER_ROUND: usize = 50;
/// The file in the folder that says how far the shop's events were pulled.
const CURSOR_FILE: &str = "pulled-through";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShopEvent {
    till: String,
    event: EventRow,
}

#[derive(Deserialize)]
struct EventPage {
    events: Vec<ShopEvent>,
    last: i64,
}

/// The copies of the shop's other tills kept beside one till's file.
#[derive(Debug, Clone)]
pub struct ShopCopies {
    dir: PathBuf,
    this_till: String,
}

impl ShopCopies {
    /// The copies beside the till file at `till_file`, whose own till is `this_till`.
    pub fn beside(till_file: &Path, this_till: &str) -> ShopCopies {
        let mut dir = till_file.as_os_str().to_owned();
        dir.push(".shop");
        ShopCopies { dir: PathBuf::from(dir), this_till: this_till.to_string() }
    }

    /// The till whose copies these are (never among them).
    pub fn this_till(&self) -> &str {
        &self.this_till
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The shop position pulled through so far (0: nothing yet).
    pub fn pulled_through(&self) -> i64 {
        std::fs::read_to_string(self.dir.join(CURSOR_FILE)).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0)
    }

    fn keep_cursor(&self, position: i64) -> Result<(), SyncError> {
        let kept = |e: std::io::Error| SyncError::Kept(format!("{}: {e}", self.dir.display()));
        let part = self.dir.join(format!("{CURSOR_FILE}.part"));
        std::fs::write(&part, position.to_string()).map_err(kept)?;
        std::fs::rename(&part, self.dir.join(CURSOR_FILE)).map_err(kept)
    }

    /// The ids of the tills copied here, sorted.
    pub fn tills(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".db").map(str::to_string))
            .filter(|id| crate::setup::check_till_id(id).ok().as_deref() == Some(id.as_str()))
            .collect();
        ids.sort();
        ids
    }

    /// Opens the copy of till `till` to take its events (created empty when new).
    pub fn open(&self, till: &str) -> crate::error::Result<Till> {
        self.open_as(till, OpenMode::CreateIfMissing)
    }

    /// Opens the copy of till `till` to read it; `not_found` when there is none.
    pub fn read(&self, till: &str) -> crate::error::Result<Till> {
        let path = self.dir.join(format!("{}.db", crate::setup::check_till_id(till)?));
        if !path.exists() {
            return Err(crate::error::Error::NotFound { what: "Till", key: till.to_string() });
        }
        self.open_as(till, OpenMode::MustExist)
    }

    fn open_as(&self, till: &str, mode: OpenMode) -> crate::error::Result<Till> {
        let till = crate::setup::check_till_id(till)?;
        if mode == OpenMode::CreateIfMissing {
            std::fs::create_dir_all(&self.dir)
                .map_err(|e| crate::error::Error::Write { path: self.dir.display().to_string(), message: e.to_string() })?;
        }
        let options = TillOptions { mode, seed_demo: false, sync: Sync::Normal, terminal: Some(till.clone()) };
        Till::open_with(&self.dir.join(format!("{till}.db")), options)
    }

    /// Pulls what the server holds after the last pull into the copies, page
    /// by page (at most `PULL_PAGES_PER_ROUND`); answers where it got to.
    pub fn pull(&self, server: &ShopServer) -> Result<i64, SyncError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| SyncError::Kept(format!("{}: {e}", self.dir.display())))?;
        let mut through = self.pulled_through();
        for _ in 0..PULL_PAGES_PER_ROUND {
            let page = match server.get::<EventPage>(&format!("/v1/events?after={through}&limit={PULL_PAGE_EVENTS}"))? {
                Answer::Ok(page) => page,
                Answer::Refused { status, refusal } => return Err(super::push::refusal(status, refusal)),
            };
            if page.events.is_empty() {
                break;
            }
            self.take(page.events)?;
            through = page.last;
            self.keep_cursor(through)?;
        }
        Ok(through)
    }

    /// Hands each other till's events of one page to its copy, in order.
    fn take(&self, events: Vec<ShopEvent>) -> Result<(), SyncError> {
        let mut by_till: Vec<(String, Vec<EventRow>)> = Vec::new();
        for e in events.into_iter().filter(|e| e.till != self.this_till) {
            match by_till.iter_mut().find(|(t, _)| *t == e.till) {
                Some((_, rows)) => rows.push(e.event),
                None => by_till.push((e.till, vec![e.event])),
            }
        }
        for (till, rows) in by_till {
            let copied = self.open(&till).and_then(|mut copy| copy.take_copied(&rows));
            copied.map_err(|e| SyncError::Copy { till, detail: e.to_string() })?;
        }
        Ok(())
    }
}
